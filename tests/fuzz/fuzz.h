/* tests/fuzz/fuzz.h — what every harness under tests/fuzz/ provides, for libFuzzer
   (make fuzz, clang) and for the plain replay driver (replay.c, the normal build).
   A harness checks properties of what it parsed, not just the absence of a crash:
   FUZZ_CHECK prints the broken property and aborts, which both drivers report. */
#ifndef TZ_FUZZ_H
#define TZ_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional set-up, called once before the first input (libFuzzer calls it when the
   harness defines it; replay.c calls it through a weak reference). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                           \
            abort();                                                                  \
        }                                                                             \
    } while (0)

#endif
