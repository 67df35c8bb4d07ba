#include "CFuzzSupport.h"
#include <stdio.h>
#include <stdlib.h>

// Weak: resolved only when libFuzzer is linked (-sanitize=fuzzer), so plain builds still link.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

static int replay(const char *path, swiftlearn_fuzz_callback callback) {
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); return 1; }
    size_t capacity = 1 << 16, size = 0;
    uint8_t *data = malloc(capacity);
    size_t n;
    while (data && (n = fread(data + size, 1, capacity - size, f)) > 0) {
        size += n;
        if (size == capacity) {
            uint8_t *grown = realloc(data, capacity * 2);
            if (!grown) { free(data); data = NULL; break; }
            data = grown;
            capacity *= 2;
        }
    }
    fclose(f);
    if (!data) { fprintf(stderr, "out of memory reading %s\n", path); return 1; }
    callback(data, size);
    free(data);
    fprintf(stderr, "replayed %s (%zu bytes)\n", path, size);
    return 0;
}

int swiftlearn_fuzz_main(int *argc, char ***argv, swiftlearn_fuzz_callback callback) {
    if (LLVMFuzzerRunDriver) return LLVMFuzzerRunDriver(argc, argv, callback);
    int status = 0;
    for (int i = 1; i < *argc; i++) {
        if ((*argv)[i][0] == '-') continue;
        status |= replay((*argv)[i], callback);
    }
    return status;
}
