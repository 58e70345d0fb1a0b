#ifndef FBAS_BUNDLED_SNAPSHOT_H
#define FBAS_BUNDLED_SNAPSHOT_H

#include <stddef.h>

/// The bytes of the public-network snapshot `fbas` analyses when no `--fbas` is given
/// (pubnet_obsrvr.json), compiled into the binary; `count` receives their number.
const unsigned char *fbas_bundled_snapshot(size_t *count);

#endif
