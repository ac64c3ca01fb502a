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

#ifdef ICSTAT_TABLE_H
/* A CSV fixture, failing the test (with the reader's message) if unreadable. */
static inline icstat_table *fixture_read(const char *path)
{
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_table_read(path, &t, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    return t;
}

/* The text of column col in row i ("" when missing); the column must exist. */
static inline const char *fixture_cell(const icstat_table *t, const char *col, size_t i)
{
    long c = icstat_table_find(t, col);
    assert_true(c >= 0);
    return t->cols[c].text[i] ? t->cols[c].text[i] : "";
}

/* The same as a number, NaN for an empty cell, NA or R's NaN. */
static inline double fixture_num(const icstat_table *t, const char *col, size_t i)
{
    double x;
    return icstat_parse_double(fixture_cell(t, col, i), &x) ? x : NAN;
}
#endif

#ifdef ICSTAT_RATINGS_H
#include "../../analysis/cli/cmd_agree_internal.h"
/* What `icstat agree` calls its options, for tests of the messages the
 * command shows. */
static inline const icstat_agree_names *agree_cli_names(void)
{
    return &icstat_cmd_agree_names;
}
#endif

#ifdef ICSTAT_AGREE_H
/* Ratings and agreement for a CSV file, failing the test on any error. */
static inline icstat_agree_result *agree_file(const char *path, const icstat_agree_options *opt,
                                              icstat_ratings **ratings_out)
{
    icstat_table *t = NULL;
    icstat_ratings *r = NULL;
    icstat_agree_result *res = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    icstat_ratings_spec spec = {0};
    if (icstat_table_read(path, &t, &err) != ICSTAT_OK ||
        icstat_ratings_from_table(t, &spec, &r, &err) != ICSTAT_OK ||
        icstat_agree_estimate(r, opt, &res, &err) != ICSTAT_OK) {
        print_error("%s: %s:%ld: %s\n", path, err.file, err.line, err.msg);
        fail();
    }
    icstat_table_free(t);
    if (ratings_out)
        *ratings_out = r;
    else
        icstat_ratings_free(r);
    return res;
}

/* The coefficient called name, failing the test when it is absent. */
static inline const icstat_coef *find_coef(const icstat_agree_result *res, const char *name)
{
    for (size_t i = 0; i < res->n_coef; i++)
        if (strcmp(res->coef[i].name, name) == 0)
            return &res->coef[i];
    print_error("no coefficient %s in the result\n", name);
    fail();
    return NULL;
}

static inline icstat_agree_options agree_defaults(void)
{
    icstat_agree_options o = {ICSTAT_W_IDENTITY, ICSTAT_METRIC_NONE, 0, 0.95, NULL, NULL, NULL,
                              ICSTAT_SE_CONDITIONAL};
    return o;
}
#endif

#endif
