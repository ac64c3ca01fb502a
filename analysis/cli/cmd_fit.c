/* cmd_fit.c — `icstat fit`: cumulative link (mixed) models of grades on
 * inspection and inspector characteristics.  The options are parsed in
 * cmd_fit_options.c and the tables made in cmd_fit_report.c; this file
 * runs the engines in order (read, join, derive, design, fit, summary,
 * margins) and writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/cli.h"
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/strlist.h"
#include "icstat/table.h"

#include "cmd_fit_internal.h"

/* One run's state: what its phases make and the run frees at its end. */
typedef struct {
    const icstat_fit_args *a;
    icstat_derive derive; /* the steps are a's; the counts this run's */
    char *join_path;      /* --join's FILE */
    icstat_table *t, *jt;
    char **insp;          /* inspector terms: --inspector-terms, then --join's */
    size_t n_insp;
    icstat_design *d;
    icstat_clm_fit *f;
    icstat_clm_summary *sum;
    icstat_clm_margins *mg;
    size_t margin_term;
    size_t *test_terms, n_test_terms; /* --test's terms, as design indices */
    icstat_clm_tests *tests, *nominal;
    icstat_result *res[FIT_MAX_TABLES];
    size_t nres;
    /* The --effects outputs: one file of every factor, or one per factor
     * that --effects G=FILE names (neff of them). */
    icstat_result **eff;
    const char **eff_path;
    size_t *eff_factor, neff;
    icstat_error err;
} fit_run;

static int out_of_memory(fit_run *x)
{
    icstat_error_set(&x->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    return icstat_cli_report(&x->err);
}

/* The effects outputs --effects asks for: FILE (every factor in one), or
 * G=FILE,... (one per factor named). */
static int effects_outputs(fit_run *x)
{
    const icstat_fit_args *a = x->a;
    const size_t m = a->n_groups ? a->n_groups : 1;
    x->eff = calloc(m, sizeof *x->eff); /* NOLINT(bugprone-sizeof-expression) */
    x->eff_path = calloc(m, sizeof *x->eff_path);
    x->eff_factor = calloc(m, sizeof *x->eff_factor);
    if (!x->eff || !x->eff_path || !x->eff_factor)
        return -1;
    for (size_t g = 0; a->effects_for && g < a->n_groups; g++)
        if (a->effects_for[g]) {
            x->eff_path[x->neff] = a->effects_for[g];
            x->eff_factor[x->neff++] = g;
        }
    if (!a->effects_for && a->effects_path) {
        x->eff_path[0] = a->effects_path;
        x->eff_factor[x->neff++] = FIT_EFFECTS_ALL;
    }
    return 0;
}

/* Before any reading: no output may replace an input, nor two outputs be
 * one file.  The exit status (0: go on). */
static int check_files(fit_run *x)
{
    const icstat_fit_args *a = x->a;
    if (a->join && !(x->join_path = strndup(a->join, (size_t)(strrchr(a->join, ':') - a->join))))
        return out_of_memory(x);
    if (effects_outputs(x) != 0)
        return out_of_memory(x);
    const icstat_cli_file in[] = {{"the input", a->path}, {"the --join file", x->join_path}};
    icstat_cli_file *out = malloc((1 + x->neff) * sizeof *out);
    if (!out)
        return out_of_memory(x);
    out[0] = (icstat_cli_file){"-o", a->common.out_path ? a->common.out_path : "-"};
    for (size_t e = 0; e < x->neff; e++)
        out[1 + e] = (icstat_cli_file){"--effects", x->eff_path[e]};
    const int rc = icstat_cli_check_files("fit", in, 2, out, 1 + x->neff);
    free(out);
    return rc;
}

/* The inspector characteristics: the terms --inspector-terms names, and
 * the terms (or parts of interactions) among the --join table's columns
 * when its key is the group
 * (an inspectors table); a join on another key brings in something else's
 * characteristics.  0, or -1 when out of memory. */
static int inspector_terms(fit_run *x)
{
    const icstat_fit_args *a = x->a;
    for (size_t i = 0; i < a->n_inspector_terms; i++)
        if (icstat_strlist_addf(&x->insp, &x->n_insp, "%s", a->inspector_terms[i]) != 0)
            return -1;
    const char *key = a->join ? strrchr(a->join, ':') + 1 : NULL;
    if (!key || !a->group || strcmp(key, a->group) != 0)
        return 0;
    for (size_t c = 0; c < x->jt->ncol; c++) {
        const char *name = x->jt->cols[c].name;
        int listed = strcmp(name, key) == 0, term = 0;
        for (size_t i = 0; i < x->n_insp && !listed; i++)
            listed = strcmp(x->insp[i], name) == 0;
        term = fit_terms_mention(a, name);
        if (term && !listed && icstat_strlist_addf(&x->insp, &x->n_insp, "%s", name) != 0)
            return -1;
    }
    return 0;
}

/* The input, joined and derived, as the model's design: an engine status,
 * the reason in x->err. */
static int read_design(fit_run *x)
{
    const icstat_fit_args *a = x->a;
    int st = icstat_table_read(a->path, &x->t, &x->err);
    if (st == ICSTAT_OK && a->join)
        st = icstat_table_read(x->join_path, &x->jt, &x->err);
    if (st == ICSTAT_OK && a->join)
        st = icstat_table_join(x->t, x->jt, strrchr(a->join, ':') + 1, &x->err);
    /* After --join, so that a band or condition may use its columns. */
    if (st == ICSTAT_OK && x->derive.n && (st = icstat_table_need_rows(x->t, &x->err)) == ICSTAT_OK)
        st = icstat_derive_apply(&x->derive, x->t, &x->err);
    if (st == ICSTAT_OK && inspector_terms(x) != 0)
        st = icstat_error_set(&x->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (st == ICSTAT_OK) {
        icstat_design_spec spec = {
            .outcome = a->outcome,
            .categories = (const char *const *)a->categories,
            .n_categories = a->n_categories,
            .scale = a->scale,
            .binary = a->binary,
            .terms = (const char *const *)a->terms,
            .n_terms = a->n_terms,
            .factors = (const char *const *)a->factors,
            .n_factors = a->n_factors,
            .refs = (const char *const *)a->refs,
            .n_refs = a->n_refs,
            .group = a->group,
            .extra_groups = a->n_groups > 1 ? (const char *const *)a->groups + 1 : NULL,
            .n_extra_groups = a->n_groups > 1 ? a->n_groups - 1 : 0,
            .lag_previous = a->lag,
            .inspector_terms = (const char *const *)x->insp,
            .n_inspector_terms = x->n_insp,
            .labels = {"--outcome", "--binary", "--categories", "--terms", "--factor", "--ref",
                       "--group", "--lag-previous", "--inspector-terms"},
        };
        st = icstat_design_build(x->t, &spec, &x->d, &x->err);
    }
    return st;
}

/* --margins TERM must name one of the design's terms (an interaction's
 * parts in any order): the exit status of the usage error, or 0. */
static int find_margin_term(fit_run *x)
{
    const long t = icstat_design_find_term(x->d, x->a->margins);
    x->margin_term = t >= 0 ? (size_t)t : 0;
    if (t >= 0)
        return 0;
    return icstat_cli_usage_error("fit", "--margins names '%s', which is not a term of the "
                                  "model", x->a->margins);
}

/* The margins of a categorical term; a numeric one is refused (after the
 * fit, as it always was, so a fit's own error still comes first). */
static int margins(fit_run *x)
{
    const icstat_term *tm = &x->d->terms[x->margin_term];
    for (size_t i = 0; i < tm->n_parts && !tm->categorical; i++) {
        const icstat_term *pt = &x->d->terms[tm->parts[i]];
        if (!pt->categorical)
            return icstat_error_set(&x->err, ICSTAT_EUSAGE, NULL, 0,
                                    "--margins needs categorical terms; '%s' of '%s' is numeric "
                                    "(add --factor %s to treat it as categories)", pt->name,
                                    tm->name, pt->name);
    }
    if (!tm->categorical)
        return icstat_error_set(&x->err, ICSTAT_EUSAGE, NULL, 0,
                                "--margins needs a categorical term; '%s' is numeric (add "
                                "--factor %s to treat it as categories)", tm->name, tm->name);
    return icstat_clm_margins_compute(x->d, x->f, x->a->opt.link, x->margin_term,
                                      x->a->common.conf, &x->mg, &x->err);
}

/* The tests of terms --test and --nominal-test ask for, after the fit. */
static int tests(fit_run *x)
{
    const icstat_fit_args *a = x->a;
    int st = ICSTAT_OK;
    if (a->n_tests)
        st = icstat_clm_drop_tests(x->d, x->f, &a->opt, x->test_terms, x->n_test_terms,
                                   &x->tests, &x->err);
    if (st == ICSTAT_OK && a->nominal_test)
        st = icstat_clm_nominal_tests(x->d, &a->opt, &x->nominal, &x->err);
    return st;
}

/* Read, fit, summarise and take the margins.  The exit status (0: go on),
 * errors reported, a data error under the input's name. */
static int analyse(fit_run *x)
{
    const icstat_fit_args *a = x->a;
    int st = read_design(x);
    if (st == ICSTAT_OK && a->margins && find_margin_term(x) != 0)
        return 1;
    /* --test's names are checked against the model before it is fitted. */
    int rc;
    if (st == ICSTAT_OK && a->n_tests &&
        (rc = fit_test_terms(a, x->d, &x->test_terms, &x->n_test_terms)) != 0)
        return rc;
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(x->d, &a->opt, a->group != NULL, &x->f, &x->err);
    if (st == ICSTAT_OK)
        st = icstat_clm_summary_compute(x->d, x->f, a->opt.link, a->common.conf, &x->sum,
                                        &x->err);
    if (st == ICSTAT_OK && a->margins)
        st = margins(x);
    if (st == ICSTAT_OK)
        st = tests(x);
    if (st == ICSTAT_OK)
        return 0;
    if (!x->err.file[0] && st != ICSTAT_EUSAGE)
        snprintf(x->err.file, sizeof x->err.file, "%s", x->t ? x->t->path : a->path);
    return icstat_cli_report(&x->err);
}

/* Make the tables and write them: the exit status. */
static int write_outputs(fit_run *x)
{
    const icstat_fit_args *a = x->a;
    const icstat_format fmt = a->common.fmt;
    const fit_report r = {x->d, x->f, x->sum, a->opt.link, a->opt.quad,
                          x->t ? x->t->path : a->path, a->lag != NULL, &x->derive,
                          x->tests, x->nominal, a->margins_tails,
                          a->common.conf};
    if (fit_model_tables(&r, fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD, x->mg,
                         x->margin_term, x->res, &x->nres) != 0)
        return out_of_memory(x);
    for (size_t e = 0; e < x->neff; e++) {
        const icstat_format ef = fit_effects_format(x->eff_path[e], fmt);
        if (!(x->eff[e] = fit_effects_table(&r, ef == ICSTAT_FMT_TEXT || ef == ICSTAT_FMT_MD,
                                            x->eff_factor[e])))
            return out_of_memory(x);
    }
    /* Every output is staged and then all are renamed together: a failure
     * on any leaves none. */
    const icstat_result *const *res = (const icstat_result *const *)x->res;
    icstat_outset outs = ICSTAT_OUTSET_INIT;
    int st = ICSTAT_OK;
    for (size_t e = 0; e < x->neff && st == ICSTAT_OK; e++)
        st = icstat_cli_stage_results(&outs, (const icstat_result *const *)&x->eff[e], 1,
                                      x->eff_path[e], fit_effects_format(x->eff_path[e], fmt),
                                      &x->err);
    if (st == ICSTAT_OK)
        st = icstat_cli_stage_results(&outs, res, x->nres, a->common.out_path, fmt, &x->err);
    if (st == ICSTAT_OK)
        st = icstat_outset_commit(&outs, &x->err);
    icstat_outset_abort(&outs);
    if (st != ICSTAT_OK)
        return icstat_cli_report(&x->err);
    for (size_t e = 0; e < x->neff; e++)
        icstat_cli_print_notes((const icstat_result *const *)&x->eff[e], 1,
                               fit_effects_format(x->eff_path[e], fmt));
    icstat_cli_print_notes(res, x->nres, fmt);
    return 0;
}

int icstat_fit_run(const icstat_fit_args *a)
{
    fit_run x = {.a = a, .derive = a->derive};
    icstat_error_clear(&x.err);
    int rc = check_files(&x);
    if (rc == 0)
        rc = analyse(&x);
    if (rc == 0)
        rc = write_outputs(&x);
    for (size_t i = 0; i < FIT_MAX_TABLES; i++)
        icstat_result_free(x.res[i]);
    for (size_t e = 0; x.eff && e < x.neff; e++)
        icstat_result_free(x.eff[e]);
    free(x.eff);
    free(x.eff_path);
    free(x.eff_factor);
    icstat_clm_tests_free(x.tests);
    icstat_clm_tests_free(x.nominal);
    free(x.test_terms);
    icstat_clm_margins_free(x.mg);
    icstat_clm_summary_free(x.sum);
    icstat_clm_fit_free(x.f);
    icstat_design_free(x.d);
    icstat_table_free(x.t);
    icstat_table_free(x.jt);
    free(x.join_path);
    icstat_strlist_free(&x.insp, &x.n_insp);
    return rc;
}

int icstat_cmd_fit(int argc, char **argv)
{
    icstat_fit_args a;
    int rc;
    if (icstat_fit_args_parse(argc, argv, &a, &rc) == 0)
        rc = icstat_fit_run(&a);
    icstat_fit_args_free(&a);
    return rc;
}
