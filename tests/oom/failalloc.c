/* failalloc.c — a countdown allocator for icstat's out-of-memory test
 * (after SQLite's test_malloc.c): the Nth allocation fails, every other
 * one succeeds.
 *
 * Linked only into build/tests/icstat-failalloc, with -Wl,--wrap for each
 * function below, so every call from icstat's own objects (main.o and
 * libicstat.a) to malloc, calloc, ... goes through __wrap_X here, which
 * counts it and either fails it or passes it on to the real function
 * (__real_X: under ASan, ASan's interceptor).  --wrap rewrites references
 * in the objects being linked only: allocations inside GSL, libcsv and
 * libc (stdio buffers, qsort, fopen, tmpfile, open_memstream) are neither
 * counted nor failed; libcsv, for one, grows its field buffer with its own
 * realloc, which a real shortage would fail and this test does not (its
 * csv_parse error is handled as out of memory all the same).  The GSL
 * allocators that icstat calls (gsl_rng_alloc, ...) are wrapped as a
 * whole, which simulates their returning NULL.  Keep the list in the
 * Makefile's OOM_WRAP in step with this file.
 *
 * Environment:
 *   ICSTAT_FAIL_ALLOC=N        fail allocation number N (1-based) only;
 *                              unset or 0: fail none
 *   ICSTAT_ALLOC_COUNT=FILE    at exit, write the number of allocations
 *                              made to FILE (how far tests/oom/run.sh
 *                              needs to count)
 *   ICSTAT_FAIL_TRACE=1        print the stack of the failed allocation
 *                              on stderr (to find the call site: pipe the
 *                              addresses through addr2line -f -e BINARY)
 *
 * A failed realloc leaves its block alone, as the real one does.  The
 * commands under test run on one thread (only power's simulations use
 * more), but the counter is atomic all the same. */
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_integration.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_spline.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
gsl_rng *__real_gsl_rng_alloc(const gsl_rng_type *t);
gsl_integration_fixed_workspace *
__real_gsl_integration_fixed_alloc(const gsl_integration_fixed_type *t, size_t n, double a,
                                   double b, double alpha, double beta);
gsl_spline *__real_gsl_spline_alloc(const gsl_interp_type *t, size_t size);
gsl_interp_accel *__real_gsl_interp_accel_alloc(void);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *t);
gsl_integration_fixed_workspace *
__wrap_gsl_integration_fixed_alloc(const gsl_integration_fixed_type *t, size_t n, double a,
                                   double b, double alpha, double beta);
gsl_spline *__wrap_gsl_spline_alloc(const gsl_interp_type *t, size_t size);
gsl_interp_accel *__wrap_gsl_interp_accel_alloc(void);

static atomic_ulong count;      /* allocations so far */
static unsigned long fail_at;   /* the one to fail; 0: none */
static const char *count_path;  /* ICSTAT_ALLOC_COUNT */
static int trace;               /* ICSTAT_FAIL_TRACE */

static void write_count(void)
{
    FILE *f = fopen(count_path, "w");
    if (f) {
        fprintf(f, "%lu\n", (unsigned long)atomic_load(&count));
        fclose(f);
    }
}

/* Read the environment before main() runs, so the count covers main. */
__attribute__((constructor)) static void failalloc_init(void)
{
    const char *s = getenv("ICSTAT_FAIL_ALLOC");
    fail_at = s ? strtoul(s, NULL, 10) : 0;
    count_path = getenv("ICSTAT_ALLOC_COUNT");
    s = getenv("ICSTAT_FAIL_TRACE");
    trace = s && *s == '1';
    if (count_path && *count_path)
        atexit(write_count);
}

/* 1 when this allocation is the one to fail. */
static int fail_now(void)
{
    if (atomic_fetch_add(&count, 1) + 1 != fail_at)
        return 0;
    if (trace) {
        void *frames[32];
        fputs("failalloc: failing this allocation:\n", stderr);
        backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    }
    return 1;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : __real_strndup(s, n);
}

gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *t)
{
    return fail_now() ? NULL : __real_gsl_rng_alloc(t);
}

gsl_integration_fixed_workspace *
__wrap_gsl_integration_fixed_alloc(const gsl_integration_fixed_type *t, size_t n, double a,
                                   double b, double alpha, double beta)
{
    return fail_now() ? NULL : __real_gsl_integration_fixed_alloc(t, n, a, b, alpha, beta);
}

gsl_spline *__wrap_gsl_spline_alloc(const gsl_interp_type *t, size_t size)
{
    return fail_now() ? NULL : __real_gsl_spline_alloc(t, size);
}

gsl_interp_accel *__wrap_gsl_interp_accel_alloc(void)
{
    return fail_now() ? NULL : __real_gsl_interp_accel_alloc();
}
