// The snapshot is assembled into the binary with `.incbin`: SwiftPM's `embedInCode` writes a
// megabyte as a Swift array literal, which takes the compiler over fifteen minutes and 6 GB,
// and a resource bundle is found through Foundation's `Bundle`, which loads ICU on every run.
// FBAS_SNAPSHOT_PATH (Package.swift) is the file's absolute path. Editing the JSON does not
// rebuild this file by itself; touch it.
#include "BundledSnapshot.h"

__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        ".globl fbas_bundled_snapshot_start\n"
        ".hidden fbas_bundled_snapshot_start\n"
        "fbas_bundled_snapshot_start:\n"
        ".incbin \"" FBAS_SNAPSHOT_PATH "\"\n"
        ".globl fbas_bundled_snapshot_end\n"
        ".hidden fbas_bundled_snapshot_end\n"
        "fbas_bundled_snapshot_end:\n"
        ".byte 0\n"
        ".popsection\n");

extern const unsigned char fbas_bundled_snapshot_start[];
extern const unsigned char fbas_bundled_snapshot_end[];

const unsigned char *fbas_bundled_snapshot(size_t *count) {
    *count = (size_t)(fbas_bundled_snapshot_end - fbas_bundled_snapshot_start);
    return fbas_bundled_snapshot_start;
}
