#include <cryptominisat5/cryptominisat_c.h>
