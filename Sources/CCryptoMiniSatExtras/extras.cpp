#include "fbas_cmsat_extras.h"

#include <cryptominisat5/cryptominisat.h>

static CMSat::SATSolver *cms(void *solver) { return static_cast<CMSat::SATSolver *>(solver); }

extern "C" void fbas_cmsat_interrupt(void *solver) { cms(solver)->interrupt_asap(); }

extern "C" void fbas_cmsat_set_max_conflicts(void *solver, uint64_t conflicts) {
    cms(solver)->set_max_confl(conflicts);
}

extern "C" uint64_t fbas_cmsat_last_conflicts(void *solver) { return cms(solver)->get_last_conflicts(); }
extern "C" uint64_t fbas_cmsat_last_decisions(void *solver) { return cms(solver)->get_last_decisions(); }
extern "C" uint64_t fbas_cmsat_last_propagations(void *solver) { return cms(solver)->get_last_propagations(); }
