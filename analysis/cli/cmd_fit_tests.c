/* cmd_fit_tests.c — `icstat fit --test` and `--nominal-test`: the terms
 * --test names, checked against the model (marginality included), and
 * the rows and tables of both kinds of test.  The tests themselves are
 * the engines' (icstat_clm_drop_tests, icstat_clm_nominal_tests). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/cli.h"
#include "icstat/clm.h"
#include "icstat/design.h"

#include "cmd_fit_internal.h"

/* The usage error for a name that is no term: the model's terms listed. */
static int not_a_term(const icstat_design *d, const char *name)
{
    char list[400] = "";
    size_t o = 0;
    for (size_t t = 0; t < d->n_terms && o < sizeof list; t++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s'%s'", t ? ", " : "",
                              d->terms[t].name);
    if (!d->n_terms)
        return icstat_cli_usage_error("fit", "--test names '%s', but the model has no terms "
                                      "(give them with --terms)", name);
    return icstat_cli_usage_error("fit", "--test names '%s', which is not a term of the model "
                                  "(its terms: %s)", name, list);
}

/* Term index t for the name at position i of --test: its marginality
 * checked, no term twice.  0 or the exit status of the usage error. */
static int add_named(const icstat_design *d, const char *name, size_t *terms, size_t *n)
{
    const long t = icstat_design_find_term(d, name);
    if (t < 0)
        return not_a_term(d, name);
    const long in = icstat_design_term_container(d, (size_t)t);
    if (in >= 0) {
        const char *tn = d->terms[t].name, *inn = d->terms[in].name;
        return icstat_cli_usage_error("fit", "--test cannot drop '%s' alone: it is part of the "
                                      "interaction '%s' in the model, and the model without "
                                      "'%s' but with '%s' breaks marginality (its meaning "
                                      "would depend on the coding); test '%s', or fit without "
                                      "'%s' and test '%s' there",
                                      tn, inn, tn, inn, inn, inn, tn);
    }
    for (size_t i = 0; i < *n; i++)
        if (terms[i] == (size_t)t)
            return icstat_cli_usage_error("fit", "--test names the term '%s' twice (as '%s')",
                                          d->terms[t].name, name);
    terms[(*n)++] = (size_t)t;
    return 0;
}

int fit_test_terms(const icstat_fit_args *a, const icstat_design *d, size_t **terms, size_t *n)
{
    *n = 0;
    const size_t cap = a->n_tests > d->n_terms ? a->n_tests : d->n_terms;
    if (!(*terms = malloc((cap ? cap : 1) * sizeof **terms)))
        return icstat_cli_out_of_memory();
    if (a->n_tests == 1 && strcmp(a->tests[0], "all") == 0) {
        /* R's drop1: every term that may be dropped alone. */
        if (!d->n_terms)
            return icstat_cli_usage_error("fit", "--test all: the model has no terms to test "
                                          "(give them with --terms)");
        for (size_t t = 0; t < d->n_terms; t++)
            if (icstat_design_term_container(d, t) < 0)
                (*terms)[(*n)++] = t;
        return 0;
    }
    for (size_t i = 0; i < a->n_tests; i++) {
        const int rc = add_named(d, a->tests[i], *terms, n);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* What a test's row needs said: its degrees of freedom and the model it
 * compares with, or why it has no statistic. */
static int test_note(icstat_result *res, const fit_report *r, const icstat_clm_test *t,
                     const char *kind)
{
    const char *name = r->d->terms[t->term].name;
    if (t->note && isnan(t->statistic))
        return icstat_result_add_note(res, "%s '%s': %s", kind, name, t->note);
    int st;
    if (strcmp(kind, "test") == 0)
        st = icstat_result_add_note(res, "%s '%s': likelihood-ratio chi-square on %zu df, against "
                                         "the model without '%s' refitted on the same %zu rows "
                                         "(log-likelihood %.4f)",
                                    kind, name, t->df, name, r->d->n, t->loglik);
    else
        st = icstat_result_add_note(res, "%s '%s': likelihood-ratio chi-square on %zu df, against "
                                         "the model with a separate effect of '%s' at each cut "
                                         "point (log-likelihood %.4f)",
                                    kind, name, t->df, name, t->loglik);
    if (st == 0 && t->note)
        st = icstat_result_add_note(res, "%s '%s': %s", kind, name, t->note);
    return st;
}

/* What every table of proportional odds tests of a mixed model says. */
static int nominal_mixed_note(icstat_result *res, const fit_report *r)
{
    if (!r->fit->mixed)
        return 0;
    if (r->d->n_gfactors > 1)
        return icstat_result_add_note(res, "nominal_test: proportional odds is tested in the "
                                           "model without the random intercepts of its %zu "
                                           "grouping factors (as ordinal's nominal_test, which "
                                           "takes clm fits)",
                                      r->d->n_gfactors);
    return icstat_result_add_note(res, "nominal_test: proportional odds is tested in the model "
                                       "without the random intercept for '%s' (as ordinal's "
                                       "nominal_test, which takes clm fits)",
                                  r->d->group_name);
}

/* The rows of one set of tests, with the kind in column 0 (machine) or
 * not (people: term, statistic, df, p_value). */
static int add_tests(icstat_result *res, const fit_report *r, const icstat_clm_tests *tests,
                     const char *kind, int machine)
{
    for (size_t i = 0; i < tests->n; i++) {
        const icstat_clm_test *t = &tests->test[i];
        long row = icstat_result_add_row(res);
        size_t c = 0;
        if (row < 0 || (machine && icstat_result_set_text(res, (size_t)row, c++, kind) != 0) ||
            icstat_result_set_text(res, (size_t)row, c++, r->d->terms[t->term].name) != 0)
            return -1;
        icstat_result_set_num(res, (size_t)row, c, t->statistic);
        if (machine) {
            icstat_result_set_num(res, (size_t)row, c + 3, t->p_value); /* after se and z */
        } else {
            icstat_result_set_num(res, (size_t)row, c + 1, (double)t->df);
            icstat_result_set_num(res, (size_t)row, c + 2, t->p_value);
        }
        /* People see df in its column: their notes are the reasons only. */
        if (machine ? test_note(res, r, t, kind) != 0
                    : t->note && icstat_result_add_note(res, "%s '%s': %s", kind,
                                                        r->d->terms[t->term].name, t->note) != 0)
            return -1;
    }
    return 0;
}

int fit_test_rows(icstat_result *res, const fit_report *r)
{
    if (r->tests && add_tests(res, r, r->tests, "test", 1) != 0)
        return -1;
    if (r->nominal && (add_tests(res, r, r->nominal, "nominal_test", 1) != 0 ||
                       nominal_mixed_note(res, r) != 0))
        return -1;
    return 0;
}

int fit_test_tables(const fit_report *r, icstat_result **res, size_t *nres)
{
    static const icstat_col_spec cols[] = {{"term", ICSTAT_COL_TEXT, 0},
                                           {"statistic", ICSTAT_COL_NUM, 3},
                                           {"df", ICSTAT_COL_INT, 0},
                                           {"p_value", ICSTAT_COL_P, 0}};
    char title[512];
    if (r->tests) {
        if (r->fit->mixed)
            snprintf(title, sizeof title, "Likelihood-ratio tests of terms: each dropped and the "
                     "model refitted on the same %zu rows, with the random intercept for '%s' "
                     "and the same %s", r->d->n, r->d->group_name,
                     r->quad == 1 ? "Laplace approximation" : "quadrature");
        else
            snprintf(title, sizeof title, "Likelihood-ratio tests of terms: each dropped and the "
                     "model refitted on the same %zu rows", r->d->n);
        icstat_result *t = res[(*nres)++] = icstat_result_alloc(title, cols, 4);
        if (!t || add_tests(t, r, r->tests, "test", 0) != 0)
            return -1;
    }
    if (r->nominal) {
        snprintf(title, sizeof title, "Proportional odds checked: each term with a separate "
                 "effect at each cut point, likelihood-ratio tests (ordinal's nominal_test)");
        icstat_result *t = res[(*nres)++] = icstat_result_alloc(title, cols, 4);
        if (!t || add_tests(t, r, r->nominal, "nominal_test", 0) != 0 ||
            icstat_result_add_note(t, "a small p_value says the term's effect differs between "
                                      "cut points, so its single coefficient summarises it "
                                      "poorly") != 0 ||
            nominal_mixed_note(t, r) != 0)
            return -1;
    }
    return 0;
}
