/* test_fit_interaction.c — interaction terms in R's notation ("a*b",
 * "a:b") and --margins by an interaction's levels, against R.
 *
 * Values: tests/fixtures/fit_interaction_values.csv, recorded by
 * tests/r/fit_interaction_reference.R from ordinal::clm (logit, probit)
 * and clmm (nAGQ = 7) on the fixtures of fit_features_reference.R, and for
 * the margins the script's own average over the rows of P(Y = j) with the
 * levels set through R's model.matrix (which recomputes the interaction
 * columns), se by the delta method.  R is not needed to run this test.
 * The two agree to 6e-8 (fixed fits' estimates, on R's per-100-pupils
 * scale), 5e-7 (log-likelihoods) and 2e-5 (mixed estimates, where R's
 * optimiser stops earlier).  Tolerances: fixed fits estimates 1e-6, se
 * 1e-4 relative, loglik 1e-6, margins 1e-6 (se 1e-3 relative, R's
 * Jacobian is by differences); mixed fits estimates 2e-4, se 1e-3
 * relative, loglik 1e-5, margins 1e-4.  The design itself
 * (term order, names, parts, refusals) is checked against the contract of
 * design.h. */
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"

static const char *grades[] = {"Outstanding", "Good", "Requires improvement", "Inadequate"};

typedef struct {
    icstat_table *t, *people;
    icstat_design *d;
    icstat_clm_fit *f;
    icstat_link link;
} fitted;

/* The fixtures, joined on inspector. */
static icstat_table *inspections(void)
{
    icstat_table *t = NULL, *people = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_table_read("tests/fixtures/fit_inspections.csv", &t, &err) != ICSTAT_OK ||
        icstat_table_read("tests/fixtures/fit_inspectors.csv", &people, &err) != ICSTAT_OK ||
        icstat_table_join(t, people, "inspector", &err) != ICSTAT_OK) {
        print_error("%s\n", err.msg);
        fail();
    }
    icstat_table_free(people);
    return t;
}

static fitted fit_terms(const char *const *terms, size_t n, icstat_link link, int mixed)
{
    fitted r = {.link = link};
    icstat_error err;
    icstat_error_clear(&err);
    icstat_clm_options opt = {.link = link, .quad = 7};
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = terms, .n_terms = n, .group = "inspector"};
    r.t = inspections();
    int st = icstat_design_build(r.t, &spec, &r.d, &err);
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(r.d, &opt, mixed, &r.f, &err);
    if (st != ICSTAT_OK) {
        print_error("%s\n", err.msg);
        fail();
    }
    return r;
}

static void fitted_free(fitted *r)
{
    icstat_clm_fit_free(r->f);
    icstat_design_free(r->d);
    icstat_table_free(r->t);
}

static icstat_table *values(void)
{
    return fixture_read("tests/fixtures/fit_interaction_values.csv");
}

/* Every row of one case: each coefficient by icstat's column name, in R's
 * order (the fixture lists them as R's beta), and the fit rows. */
static void compare_case(const char *name, const fitted *r, double tol)
{
    icstat_table *v = values();
    const icstat_design *d = r->d;
    const icstat_clm_fit *f = r->f;
    size_t seen = 0, coef = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "case", i), name) != 0)
            continue;
        const char *kind = fixture_cell(v, "kind", i), *term = fixture_cell(v, "term", i);
        const double est = fixture_num(v, "estimate", i), se = fixture_num(v, "se", i);
        double got = NAN, got_se = NAN;
        seen++;
        if (strcmp(kind, "threshold") == 0) {
            char buf[256];
            for (size_t j = 0; j + 1 < d->k; j++) {
                snprintf(buf, sizeof buf, "%s|%s", d->cat_labels[j], d->cat_labels[j + 1]);
                if (strcmp(buf, term) == 0)
                    got = f->par[j], got_se = icstat_clm_se(f, j);
            }
        } else if (strcmp(kind, "coef") == 0) {
            /* R's coefficient order is icstat's column order. */
            assert_true(coef < d->p);
            if (strcmp(d->col_names[coef], term) != 0) {
                print_error("%s: column %zu is '%s', R's is '%s'\n", name, coef,
                            d->col_names[coef], term);
                fail();
            }
            got = f->par[f->k1 + coef], got_se = icstat_clm_se(f, f->k1 + coef);
            coef++;
        } else if (strcmp(kind, "random") == 0) {
            got = exp(f->par[f->npar - 1]);
            got_se = got * icstat_clm_se(f, f->npar - 1);
        } else if (strcmp(term, "loglik") == 0) {
            assert_close(f->loglik, est, f->mixed ? 1e-5 : 1e-6);
            continue;
        } else if (strcmp(term, "n") == 0) {
            assert_int_equal(d->n, (size_t)est);
            continue;
        }
        if (isnan(got)) {
            print_error("%s: no %s %s in icstat's fit\n", name, kind, term);
            fail();
        }
        /* pupils coefficients are per pupil: compare on R's scale (per 100) */
        const double scale = strstr(term, "pupils") ? 100.0 : 1.0;
        assert_close(got * scale, est * scale, tol);
        assert_close(got_se / se, 1.0, f->mixed ? 1e-3 : 1e-4);
    }
    assert_int_equal(coef, d->p);
    assert_true(seen >= 7);
    icstat_table_free(v);
}

static void test_fits(void **state)
{
    (void)state;
    static const struct {
        const char *name, *terms[6];
        icstat_link link;
        int mixed;
    } cases[] = {
        {"gp_logit", {"gender*phase"}, ICSTAT_LINK_LOGIT, 0},
        {"gp_probit", {"gender * phase"}, ICSTAT_LINK_PROBIT, 0},
        {"gp_clmm7", {"gender", "phase", "gender:phase"}, ICSTAT_LINK_LOGIT, 1},
        {"pp_logit", {"pupils*phase"}, ICSTAT_LINK_LOGIT, 0},
        {"pp_probit", {"pupils", "phase", "pupils:phase"}, ICSTAT_LINK_PROBIT, 0},
        {"pp_clmm7", {"pupils*phase"}, ICSTAT_LINK_LOGIT, 1},
        {"nn_logit", {"pupils", "experience", "pupils:experience"}, ICSTAT_LINK_LOGIT, 0},
        {"nn_probit", {"pupils*experience"}, ICSTAT_LINK_PROBIT, 0},
        {"three_logit", {"gender*phase*role"}, ICSTAT_LINK_LOGIT, 0},
        {"three_probit", {"gender*phase", "role", "gender:role", "phase:role", "gender:phase:role"},
         ICSTAT_LINK_PROBIT, 0},
        {"three_clmm7", {"gender*phase*role"}, ICSTAT_LINK_LOGIT, 1},
        {"threen_logit", {"gender*phase*experience"}, ICSTAT_LINK_LOGIT, 0},
        /* parts that are no terms of their own, and R's aliased columns */
        {"hp_logit", {"phase", "pupils:phase"}, ICSTAT_LINK_LOGIT, 0},
        {"hp_clmm7", {"phase", "phase:pupils"}, ICSTAT_LINK_LOGIT, 1},
        {"gh_logit", {"gender", "gender:phase"}, ICSTAT_LINK_LOGIT, 0},
        {"gh_probit", {"gender", "phase:gender"}, ICSTAT_LINK_PROBIT, 0},
        {"pa_logit", {"pupils:phase"}, ICSTAT_LINK_LOGIT, 0},
        {"ga_logit", {"gender:phase"}, ICSTAT_LINK_LOGIT, 0},
        {"ga_clmm7", {"gender:phase"}, ICSTAT_LINK_LOGIT, 1},
        {"odd_logit", {"gender*phase", "role", "gender:phase:role"}, ICSTAT_LINK_LOGIT, 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = 0;
        while (n < 6 && cases[c].terms[n])
            n++;
        fitted r = fit_terms(cases[c].terms, n, cases[c].link, cases[c].mixed);
        compare_case(cases[c].name, &r, cases[c].mixed ? 2e-4 : 1e-6);
        fitted_free(&r);
    }
}

/* The margins of term `by` against the case's rows "LEVEL|CATEGORY". */
static void compare_margins(const char *name, const fitted *r, const char *by, double tol)
{
    icstat_clm_margins *m = NULL;
    icstat_error err;
    const long term = icstat_design_find_term(r->d, by);
    assert_true(term >= 0);
    assert_int_equal(icstat_clm_margins_compute(r->d, r->f, r->link, (size_t)term, 0.95, &m,
                                                &err),
                     ICSTAT_OK);
    icstat_table *v = values();
    size_t seen = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "case", i), name) != 0)
            continue;
        char level[64], cat[64];
        assert_int_equal(sscanf(fixture_cell(v, "term", i), "%63[^|]|%63[^\n]", level, cat), 2);
        size_t l = 0, j = 0;
        while (l < m->n_levels && strcmp(m->labels[l], level) != 0)
            l++;
        while (j < m->k && strcmp(r->d->cat_labels[j], cat) != 0)
            j++;
        assert_true(l < m->n_levels && j < m->k);
        /* the levels in R's order too: the first part fastest */
        assert_int_equal(l * m->k + j, seen);
        assert_close(m->prob[l * m->k + j], fixture_num(v, "estimate", i), tol);
        assert_close(m->se[l * m->k + j] / fixture_num(v, "se", i), 1.0,
                     r->f->mixed ? 1e-2 : 1e-3);
        seen++;
    }
    assert_int_equal(seen, m->n_levels * m->k);
    for (size_t l = 0; l < m->n_levels; l++) {
        double s = 0.0;
        for (size_t j = 0; j < m->k; j++)
            s += m->prob[l * m->k + j];
        assert_close(s, 1.0, 1e-12);
    }
    icstat_table_free(v);
    icstat_clm_margins_free(m);
}

static void test_margins(void **state)
{
    (void)state;
    const char *gp[] = {"gender*phase"}, *three[] = {"gender*phase*role"};
    fitted r = fit_terms(gp, 1, ICSTAT_LINK_LOGIT, 0);
    compare_margins("mg_gp_logit_gp", &r, "gender:phase", 1e-6);
    compare_margins("mg_gp_logit_gp", &r, "phase : gender", 1e-6); /* parts in any order */
    compare_margins("mg_gp_logit_g", &r, "gender", 1e-6);
    fitted_free(&r);
    r = fit_terms(gp, 1, ICSTAT_LINK_PROBIT, 0);
    compare_margins("mg_gp_probit_gp", &r, "gender:phase", 1e-6);
    fitted_free(&r);
    r = fit_terms(three, 1, ICSTAT_LINK_LOGIT, 0);
    compare_margins("mg_three_logit_gp", &r, "gender:phase", 1e-6);
    fitted_free(&r);
    r = fit_terms(gp, 1, ICSTAT_LINK_LOGIT, 1);
    compare_margins("mg_gp_clmm7_gp", &r, "gender:phase", 1e-4);
    fitted_free(&r);
    /* a main effect whose interaction codes it by every level, and an
     * interaction whose part phase is no term of its own */
    const char *hp[] = {"phase", "pupils:phase"}, *gh[] = {"gender", "gender:phase"};
    r = fit_terms(hp, 2, ICSTAT_LINK_LOGIT, 0);
    compare_margins("mg_hp_logit_p", &r, "phase", 1e-6);
    fitted_free(&r);
    r = fit_terms(gh, 2, ICSTAT_LINK_LOGIT, 0);
    compare_margins("mg_gh_logit_gp", &r, "gender:phase", 1e-6);
    fitted_free(&r);
}

/* Build a design from the fixtures, with a group; the status. */
static int build(const char *const *terms, size_t n, const char *const *factors, size_t nf,
                 const char *const *refs, size_t nr, icstat_design **d, icstat_error *err)
{
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = terms, .n_terms = n, .factors = factors,
                               .n_factors = nf, .refs = refs, .n_refs = nr,
                               .group = "inspector"};
    icstat_table *t = inspections();
    icstat_error_clear(err);
    *d = NULL;
    const int st = icstat_design_build(t, &spec, d, err);
    icstat_table_free(t);
    return st;
}

/* Terms in R's order with their parts, names and flags; the columns are
 * the products of the parts'; --ref and --factor apply to the parts. */
static void test_design(void **state)
{
    (void)state;
    const char *terms[] = {"role:gender*experience", "phase"};
    const char *refs[] = {"gender=M"};
    icstat_design *d;
    icstat_error err;
    /* that model lacks role and gender as terms: as R, role:gender codes
     * both by every level (gender's reference M first), and its last
     * column, a combination of the thresholds and the others, is left out */
    assert_int_equal(build(terms, 2, NULL, 0, refs, 1, &d, &err), ICSTAT_OK);
    assert_int_equal(d->n_terms, 4);
    assert_int_equal(d->n_hidden, 2);
    assert_string_equal(d->terms[2].name, "role:gender");
    assert_int_equal(d->terms[2].ncols, 3);
    assert_string_equal(d->col_names[d->terms[2].first_col], "role=HMI:gender=M");
    assert_string_equal(d->col_names[d->terms[2].first_col + 2], "role=HMI:gender=F");
    /* role:gender:experience with experience a term: its last column is
     * experience less the others, left out too (R's clm: the same) */
    assert_int_equal(d->terms[3].ncols, 3);
    assert_string_equal(d->col_names[d->terms[3].first_col + 2],
                        "role=HMI:gender=F:experience");
    int aliased = 0;
    for (size_t i = 0; i < d->n_notes; i++)
        aliased += strstr(d->notes[i], "'role=OI:gender=F' is a combination") != NULL ||
                   strstr(d->notes[i], "'role=OI:gender=F:experience' is a combination") != NULL;
    assert_int_equal(aliased, 2);
    icstat_design_free(d);

    const char *ok[] = {"gender*phase", "experience", "role", "gender:role:phase",
                        "role:phase", "role:gender", "pupils", "pupils:phase"};
    assert_int_equal(build(ok, 8, NULL, 0, refs, 1, &d, &err), ICSTAT_OK);
    /* a term's parts in the order they first appear (R's terms()) */
    static const char *order[] = {"gender",      "phase",        "experience", "role",
                                  "pupils",      "gender:phase", "phase:role", "gender:role",
                                  "phase:pupils", "gender:phase:role"};
    assert_int_equal(d->n_terms, 10);
    for (size_t t = 0; t < 10; t++)
        assert_string_equal(d->terms[t].name, order[t]);
    const icstat_term *gp = &d->terms[5], *three = &d->terms[9], *pp = &d->terms[8];
    assert_int_equal(gp->n_parts, 2);
    assert_int_equal(gp->parts[0], 0);
    assert_int_equal(gp->parts[1], 1);
    assert_true(gp->categorical && !pp->categorical);
    assert_int_equal(three->n_parts, 3);
    assert_int_equal(d->terms[0].n_parts, 0);
    assert_null(d->terms[0].parts);
    /* --ref gender=M: the interaction's columns are gender=F's */
    assert_string_equal(d->col_names[gp->first_col], "gender=F:phase=Secondary");
    assert_string_equal(d->col_names[three->first_col], "gender=F:phase=Secondary:role=OI");
    assert_string_equal(d->col_names[pp->first_col], "phase=Secondary:pupils");
    assert_string_equal(gp->levels[1], "F:Secondary");
    /* group level: gender and role are the inspector's, phase is not */
    assert_true(d->terms[7].group_level && !gp->group_level && !pp->group_level);
    /* products of the parts' columns, row by row */
    for (size_t r = 0; r < d->n; r++) {
        const double *x = d->x + r * d->p;
        assert_true(x[gp->first_col] == x[0] * x[1]);
        assert_true(x[three->first_col] ==
                    x[d->terms[0].first_col] * x[1] * x[d->terms[3].first_col]);
        assert_true(x[pp->first_col] == x[d->terms[4].first_col] * x[1]);
    }
    assert_int_equal(icstat_design_find_term(d, "phase:role:gender"), 9);
    assert_int_equal(icstat_design_find_term(d, "pupils:phase"), 8);
    assert_int_equal(icstat_design_find_term(d, "gender:gender"), -1);
    assert_int_equal(icstat_design_find_term(d, "gender:experience"), -1);
    icstat_design_free(d);

    /* --factor makes a numeric part categorical in its interactions too;
     * the parts are named in the order written */
    const char *fx[] = {"phase:experience", "experience", "phase"}, *fac[] = {"experience"};
    assert_int_equal(build(fx, 3, fac, 1, NULL, 0, &d, &err), ICSTAT_OK);
    const icstat_term *fe = &d->terms[2];
    assert_true(fe->categorical && d->terms[0].categorical);
    assert_int_equal(fe->ncols, d->terms[0].ncols);
    char want[64];
    snprintf(want, sizeof want, "phase=Secondary:experience=%s", d->terms[0].levels[1]);
    assert_string_equal(d->col_names[fe->first_col], want);
    icstat_design_free(d);
}

static icstat_design *small(const char *csv, const char *const *terms, size_t n, int want,
                            icstat_error *err)
{
    icstat_table *t = NULL;
    icstat_error_clear(err);
    assert_int_equal(icstat_table_read_buffer("t.csv", csv, strlen(csv), &t, err), ICSTAT_OK);
    icstat_design_spec spec = {.outcome = "y", .terms = terms, .n_terms = n, .group = "g"};
    icstat_design *d = NULL;
    const int st = icstat_design_build(t, &spec, &d, err);
    if (st != want) {
        print_error("status %d, want %d: %s\n", st, want, err->msg);
        fail();
    }
    icstat_table_free(t);
    return d;
}

/* Combinations never observed are named; rows missing a part are dropped
 * as for main effects; an interaction is group level when its parts are. */
static void test_data(void **state)
{
    (void)state;
    const char *csv = "y,a,b,x,g\n"
                      "1,p,r,1,G1\n2,p,s,2,G1\n1,q,r,3,G1\n3,p,r,0,G2\n2,p,s,5,G2\n"
                      "3,q,r,1,G2\n1,p,,2,G3\n2,q,r,4,G3\n3,p,s,1,G3\n";
    icstat_error err;
    const char *ab[] = {"a*b"}, *xb[] = {"x*b"}, *xa[] = {"x*a"};
    assert_null(small(csv, ab, 1, ICSTAT_EDATA, &err));
    assert_string_equal(err.msg, "the combination a=q and b=s never occurs among the 8 rows "
                                 "used, so interaction column 'a=q:b=s' is 0 in every row and "
                                 "cannot be estimated (R's clm drops it as aliased); merge "
                                 "levels, or leave 'a:b' out");
    icstat_design *d = small(csv, xb, 1, ICSTAT_OK, &err);
    assert_int_equal(d->n, 8); /* the row missing b dropped */
    assert_int_equal(d->n_missing, 1);
    assert_string_equal(d->col_names[2], "x:b=s");
    icstat_design_free(d);
    const char *csv0 = "y,a,x,g\n1,p,1,G1\n2,q,0,G1\n1,p,2,G2\n3,p,3,G2\n2,q,0,G2\n";
    assert_null(small(csv0, xa, 1, ICSTAT_EDATA, &err));
    assert_non_null(strstr(err.msg, "interaction column 'x:a=q' is 0 in all 5 rows used"));
    /* a column named with ':' is that column, not an interaction */
    const char *csvc = "y,x:z,g\n1,1,G1\n2,3,G1\n1,2,G2\n3,4,G2\n2,1,G2\n";
    const char *xz[] = {"x:z"};
    d = small(csvc, xz, 1, ICSTAT_OK, &err);
    assert_int_equal(d->n_terms, 1);
    assert_string_equal(d->col_names[0], "x:z");
    assert_int_equal(icstat_design_find_term(d, "x:z"), 0);
    icstat_design_free(d);
    const char *csvg = "y,a,b,g\n1,p,r,G1\n2,p,s,G1\n1,q,r,G2\n3,q,s,G2\n2,p,r,G3\n"
                       "2,p,s,G3\n3,q,r,G4\n1,q,s,G4\n";
    d = small(csvg, ab, 1, ICSTAT_OK, &err);
    assert_true(d->terms[0].group_level && !d->terms[1].group_level);
    assert_false(d->terms[2].group_level); /* a:b varies within groups */
    icstat_design_free(d);
}

/* What the notation refuses, with the message naming the problem. */
static void test_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *terms[3];
        int status;
        const char *msg;
    } cases[] = {
        {{"gender:"}, ICSTAT_EUSAGE, "terms 'gender:' has an empty name"},
        {{"gender**phase"}, ICSTAT_EUSAGE, "has an empty name"},
        {{" : phase"}, ICSTAT_EUSAGE, "has an empty name"},
        {{"gender:gender"}, ICSTAT_EUSAGE, "names 'gender' twice in one term"},
        {{"gender*gender"}, ICSTAT_EUSAGE, "names 'gender' twice in one term"},
        {{"gender:phase"}, ICSTAT_OK, NULL}, /* as R: every level, one column aliased */
        {{"gender*phase", "phase:gender"}, ICSTAT_OK, NULL},
        {{"gender*phase", "gender"}, ICSTAT_OK, NULL},
        {{"gender", "phase", "gender:phase"}, ICSTAT_OK, NULL},
        {{"gender", "gender"}, ICSTAT_EUSAGE, "terms lists 'gender' twice"},
        {{"gender*phase", "gender:phase", "phase:gender"}, ICSTAT_EUSAGE,
         "lists 'gender:phase' twice (as 'phase:gender')"},
        {{"gender*nosuch"}, ICSTAT_EDATA, "no term column 'nosuch'"},
        {{"gender*phase*role", "gender:phase"}, ICSTAT_OK, NULL},
        {{"gender", "phase", "role"}, ICSTAT_OK, NULL},
        {{"gender*phase", "role", "gender:phase:role"}, ICSTAT_OK, NULL},
        {{"a*b*c*d*e*f*g*h*i"}, ICSTAT_EUSAGE, "multiplies more than 8 terms"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = 0;
        while (n < 3 && cases[c].terms[n])
            n++;
        icstat_design *d;
        icstat_error err;
        const int st = build(cases[c].terms, n, NULL, 0, NULL, 0, &d, &err);
        if (st != cases[c].status || (cases[c].msg && !strstr(err.msg, cases[c].msg))) {
            print_error("case %zu ('%s'): status %d, want %d; message: %s\n", c,
                        cases[c].terms[0], st, cases[c].status, st ? err.msg : "");
            fail();
        }
        icstat_design_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_data),
        cmocka_unit_test(test_fits),
        cmocka_unit_test(test_margins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
