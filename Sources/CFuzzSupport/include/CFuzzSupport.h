#ifndef SWIFTLEARN_CFUZZSUPPORT_H
#define SWIFTLEARN_CFUZZSUPPORT_H
#include <stddef.h>
#include <stdint.h>

/// A libFuzzer callback: one input, returns 0.
typedef int (*swiftlearn_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver when the binary was built with -sanitize=fuzzer. In a plain build
/// (no libFuzzer linked) it instead runs `callback` once on each file named on the command line
/// (arguments starting with '-' are skipped), so crash inputs can be replayed; returns 0, or 1 if
/// a file cannot be read.
int swiftlearn_fuzz_main(int *argc, char ***argv, swiftlearn_fuzz_callback callback);

#endif
