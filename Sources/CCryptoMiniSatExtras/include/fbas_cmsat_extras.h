// The parts of CryptoMiniSat's C++ API that its C API (cryptominisat_c.h) does not expose.
//
// Every function takes the `SATSolver *` returned by `cmsat_new`: the C API's opaque
// `SATSolver` is the C++ `CMSat::SATSolver` itself (cryptominisat_c.h declares it so), so
// the shim only casts the pointer back.
#ifndef FBAS_CMSAT_EXTRAS_H
#define FBAS_CMSAT_EXTRAS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Asks a running solve to stop as soon as possible (`SATSolver::interrupt_asap`).
/// Safe to call from any thread: it only stores to an atomic flag. CryptoMiniSat clears the
/// flag when a solve starts, so a request made just before a solve is lost; callers repeat it.
void fbas_cmsat_interrupt(void *solver);

/// Limits the next solve to `conflicts` more conflicts (`SATSolver::set_max_confl`).
/// CryptoMiniSat resets the limit when that solve returns.
void fbas_cmsat_set_max_conflicts(void *solver, uint64_t conflicts);

/// Conflicts, decisions and propagations of the last solve (`SATSolver::get_last_*`).
uint64_t fbas_cmsat_last_conflicts(void *solver);
uint64_t fbas_cmsat_last_decisions(void *solver);
uint64_t fbas_cmsat_last_propagations(void *solver);

#ifdef __cplusplus
}
#endif

#endif
