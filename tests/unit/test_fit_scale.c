/* test_fit_scale.c — convergence that does not depend on n, and the
 * messages for models that cannot be fitted.
 *
 * The wine data (tests/fixtures/clm_wine.csv, 72 rows) replicated k times
 * has the same maximum-likelihood estimates for every k, standard errors
 * smaller by sqrt(k) and a log-likelihood k times as large: exactly, since
 * the log-likelihood is k times that of the original.  A convergence test
 * on the absolute gradient (a sum over n rows) fails this as k grows; the
 * Newton decrement does not.  k = 2,000 (144,000 rows) fits in well under
 * a second; tests/bench times 4 and 10 million rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"

/* The fixture's text repeated k times below one header. */
static icstat_table *replicated(size_t k)
{
    FILE *f = fopen("tests/fixtures/clm_wine.csv", "rb");
    assert_non_null(f);
    static char text[8192];
    const size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    const char *body = strchr(text, '\n') + 1;
    const size_t hlen = (size_t)(body - text), blen = len - hlen;
    char *buf = malloc(hlen + k * blen);
    assert_non_null(buf);
    memcpy(buf, text, hlen);
    for (size_t i = 0; i < k; i++)
        memcpy(buf + hlen + i * blen, body, blen);
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("wine", buf, hlen + k * blen, &t, &err), ICSTAT_OK);
    free(buf);
    return t;
}

static int fit_table(const icstat_table *t, const char *const *terms, size_t n_terms,
                     const char *group, icstat_design **d, icstat_clm_fit **f, icstat_error *err)
{
    icstat_design_spec spec = {.outcome = "rating", .terms = terms, .n_terms = n_terms,
                               .group = group};
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    *f = NULL;
    int st = icstat_design_build(t, &spec, d, err);
    return st != ICSTAT_OK ? st : icstat_clm_fit_model(*d, &opt, group != NULL, f, err);
}

static void test_replicated_same_estimates(void **state)
{
    (void)state;
    const char *terms[] = {"temp", "contact"};
    icstat_table *t1 = replicated(1), *tk = replicated(2000);
    icstat_design *d1 = NULL, *dk = NULL;
    icstat_clm_fit *f1 = NULL, *fk = NULL;
    icstat_error err;
    assert_int_equal(fit_table(t1, terms, 2, NULL, &d1, &f1, &err), ICSTAT_OK);
    if (fit_table(tk, terms, 2, NULL, &dk, &fk, &err) != ICSTAT_OK) {
        print_error("%s\n", err.msg);
        fail();
    }
    assert_int_equal(dk->n, 2000 * d1->n);
    assert_true(fk->converged);
    for (size_t i = 0; i < f1->npar; i++) {
        assert_close(fk->par[i], f1->par[i], 1e-7);
        assert_close(icstat_clm_se(fk, i) * sqrt(2000.0), icstat_clm_se(f1, i), 1e-6);
    }
    assert_close(fk->loglik / 2000.0, f1->loglik, 1e-9);
    icstat_clm_fit_free(f1);
    icstat_clm_fit_free(fk);
    icstat_design_free(d1);
    icstat_design_free(dk);
    icstat_table_free(t1);
    icstat_table_free(tk);
}

/* Two numeric terms equal to four digits: named as collinear, not as
 * separation; and every row its own group: refused with the reason. */
static void test_near_collinear(void **state)
{
    (void)state;
    char buf[4096];
    size_t o = (size_t)snprintf(buf, sizeof buf, "rating,x,z,id\n");
    for (int i = 0; i < 60; i++) {
        const double x = (double)((i * 37) % 60) / 10.0;
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%d,%.6f,%.6f,%d\n", 1 + (i * 7) % 3, x,
                              x + 1e-5 * (double)((i * 13) % 7), i);
    }
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("near", buf, o, &t, &err), ICSTAT_OK);
    const char *terms[] = {"x", "z"};
    icstat_design *d = NULL;
    icstat_clm_fit *f = NULL;
    assert_int_equal(fit_table(t, terms, 2, NULL, &d, &f, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "nearly collinear: 'z' is almost exactly a combination of 'x'"));
    /* Each row its own group: refused before any fitting. */
    icstat_design_free(d);
    d = NULL;
    assert_int_equal(fit_table(t, terms, 1, "id", &d, &f, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "every group of 'id' has a single row (60 groups, 60 rows)"));
    icstat_design_free(d);
    icstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replicated_same_estimates),
        cmocka_unit_test(test_near_collinear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
