/* fuzz.h — what the fuzz targets share.
 *
 * Each target is one file defining LLVMFuzzerTestOneInput.  Built with
 * clang -fsanitize=fuzzer it runs under libFuzzer (make fuzz); built with
 * replay.c and the normal compiler it replays its corpus and regressions
 * (make fuzz-replay).  A target must be deterministic, free everything it
 * allocates and write no file outside a temporary directory it removes. */
#ifndef ICSTAT_FUZZ_H
#define ICSTAT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A contract that a header states and the library broke: say which and
 * abort, which libFuzzer and the replay driver both count as a crash. */
#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

/* Prints "SUMMARY: ..." where the sanitizer reports go: libFuzzer's
 * -close_fd_mask=3 and the replay driver silence plain stderr (weak: NULL
 * without a sanitizer runtime). */
void __sanitizer_report_error_summary(const char *summary) __attribute__((weak));

static inline void fuzz_fail(const char *what, const char *file, int line)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s:%d: contract broken: %s", file, line, what);
    if (__sanitizer_report_error_summary)
        __sanitizer_report_error_summary(msg);
    fprintf(stderr, "%s\n", msg);
    fflush(stderr);
    abort();
}

/* data[0..size-1] as a NUL-terminated string (cut at a NUL byte, as a C
 * string would be); NULL when out of memory. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        if (size)
            memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#ifdef ICSTAT_RESULT_H
/* Render a result in every format, to /dev/null: the writers see every
 * value an engine produced (NaN, huge, odd text) without a file. */
static inline void fuzz_write_everywhere(const icstat_result *res)
{
    FILE *f = fopen("/dev/null", "w");
    if (!f)
        return;
    for (int fmt = ICSTAT_FMT_TEXT; fmt <= ICSTAT_FMT_MD; fmt++)
        icstat_result_write(res, f, (icstat_format)fmt);
    fclose(f);
}
#endif

#endif
