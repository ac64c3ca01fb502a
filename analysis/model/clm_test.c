/* clm_test.c — likelihood-ratio tests of terms: the model refitted without
 * a term on the same rows (R's drop1(fit, test = "Chisq") and anova of two
 * nested clm or clmm fits), and what these tests and those of
 * clm_nominal.c share: the statistic, its p-value and the notes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "clm_internal.h"

void icstat_clm_tests_free(icstat_clm_tests *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->test && i < t->n; i++)
        free(t->test[i].note);
    free(t->test);
    free(t);
}

int clm_tests_alloc(size_t n, icstat_clm_tests **out)
{
    icstat_clm_tests *t = calloc(1, sizeof *t);
    if (!t || !(t->test = calloc(n ? n : 1, sizeof *t->test))) {
        free(t);
        return -1;
    }
    t->n = n;
    for (size_t i = 0; i < n; i++)
        t->test[i].statistic = t->test[i].p_value = t->test[i].loglik = NAN;
    *out = t;
    return 0;
}

int clm_test_note(icstat_clm_test *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!s)
        return -1;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    free(t->note);
    t->note = s;
    return 0;
}

int clm_test_set(icstat_clm_test *t, double ll_large, double ll_small)
{
    double stat = 2.0 * (ll_large - ll_small);
    /* Both fits stop within 1e-6 standard errors of their maxima, so a
     * nested model can come out a hair better by rounding: that is 0.  A
     * clearly better smaller model means a fit missed its maximum. */
    if (stat < 0.0 && stat > -1e-6 * (1.0 + fabs(ll_large)))
        stat = 0.0;
    if (!(stat >= 0.0)) {
        t->statistic = t->p_value = NAN;
        return clm_test_note(t, "the smaller model fitted better than the larger one "
                                "(log-likelihoods %.6f and %.6f): one of the fits did not reach "
                                "its maximum, so no test is given",
                             ll_small, ll_large);
    }
    t->statistic = stat;
    t->p_value = t->df > 0 ? gsl_cdf_chisq_Q(stat, (double)t->df) : NAN;
    return 0;
}

/* Test i: refit without term[i] and compare.  ICSTAT_OK (the test may be
 * NaN with a note), or ICSTAT_ENOMEM. */
static int drop_one(const icstat_design *d, const icstat_clm_fit *f,
                    const icstat_clm_options *opt, size_t term, icstat_clm_test *t,
                    icstat_error *err)
{
    icstat_design *r = NULL;
    icstat_clm_fit *rf = NULL;
    icstat_error rerr;
    icstat_error_clear(&rerr);
    t->term = term;
    t->df = d->terms[term].ncols;
    int st = icstat_design_drop(d, &term, 1, &r, err);
    if (st != ICSTAT_OK)
        return st;
    st = icstat_clm_fit_model(r, opt, f->mixed, &rf, &rerr);
    if (st == ICSTAT_ENOMEM) {
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    } else if (st != ICSTAT_OK) {
        st = clm_test_note(t, "the model without '%s' could not be fitted: %s",
                           d->terms[term].name, rerr.msg) == 0
                 ? ICSTAT_OK
                 : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    } else {
        t->loglik = rf->loglik;
        int ns = clm_test_set(t, f->loglik, rf->loglik);
        /* A refit's warning belongs with the test it made.  The variance
         * at its boundary is said in this test's terms: the fit's own
         * warning speaks of the random effect's test. */
        const int boundary = rf->mixed && isinf(rf->par[rf->npar - 1]);
        if (ns == 0 && !t->note && boundary)
            ns = clm_test_note(t, "in the model without '%s' the variance of '%s' is estimated "
                                  "at its boundary, 0 (its log-likelihood is that of the model "
                                  "without a random effect)",
                               d->terms[term].name, d->group_name);
        else if (ns == 0 && !t->note && rf->n_warnings)
            ns = clm_test_note(t, "the model without '%s': %s", d->terms[term].name,
                               rf->warnings[0]);
        st = ns == 0 ? ICSTAT_OK : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    icstat_clm_fit_free(rf);
    icstat_design_drop_free(r);
    return st;
}

int icstat_clm_drop_tests(const icstat_design *d, const icstat_clm_fit *f,
                          const icstat_clm_options *opt, const size_t *term, size_t n_terms,
                          icstat_clm_tests **out, icstat_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < n_terms; i++)
        if (term[i] >= d->n_terms)
            return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                    "a term to test is not a term of the model");
    icstat_clm_tests *t;
    if (clm_tests_alloc(n_terms, &t) != 0)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n_terms; i++) {
        const int st = drop_one(d, f, opt, term[i], &t->test[i], err);
        if (st != ICSTAT_OK) {
            icstat_clm_tests_free(t);
            return st;
        }
    }
    *out = t;
    return ICSTAT_OK;
}
