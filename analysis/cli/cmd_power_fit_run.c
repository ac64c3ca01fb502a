/* cmd_power_fit_run.c — `icstat power fit` once its options are checked
 * (cmd_power_fit.c): the model, from the spec file or the odds ratio; a
 * row per design and coefficient from the engine (power_fit.c); the notes
 * that say what was simulated; the table written. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/power_fit.h"
#include "cmd_power_internal.h"

static const char *const cmd = "power fit";

/* What the phases of a run share. */
typedef struct {
    const icstat_cmd_power_fit_args *a;
    icstat_sim_spec *model;                 /* owned */
    const char *term;                       /* tested: --term, or "characteristic" */
    const double *probs;                    /* the odds-ratio model's shares */
    size_t k;
    const double *inspections, *inspectors; /* the designs */
    size_t n_inspections, n_inspectors;
    double default_inspections, default_inspectors; /* one design when no list */
    double sd;
    icstat_result *res;
    icstat_error err;
} fit_run;

#define NOMEM(r) icstat_error_set(&(r)->err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* The model and the designs, with the defaults filled in: the spec's
 * sizes and sd, else the study's (ICSTAT_POWER_FIT_DEFAULTS).  The check
 * of inspectors against inspections (and of a spec's schools and areas
 * against them) waits for the spec, whose sizes may be the designs.  0, or the exit status (messages reported). */
static int run_model(fit_run *r)
{
    static const icstat_power_fit_defaults def = ICSTAT_POWER_FIT_DEFAULTS;
    const icstat_cmd_power_fit_args *a = r->a;
    if (a->spec_path && icstat_sim_spec_read(a->spec_path, &r->model, &r->err) != ICSTAT_OK)
        return icstat_cli_report(&r->err);
    r->probs = a->probs ? a->probs : def.probs;
    r->k = a->probs ? a->k : def.k;
    r->default_inspections = r->model ? (double)r->model->inspections : (double)def.inspections;
    r->default_inspectors = r->model ? (double)r->model->inspectors : (double)def.inspectors;
    r->inspections = a->inspections ? a->inspections : &r->default_inspections;
    r->n_inspections = a->inspections ? a->n_inspections : 1;
    r->inspectors = a->inspectors ? a->inspectors : &r->default_inspectors;
    r->n_inspectors = a->inspectors ? a->n_inspectors : 1;
    for (size_t g = 0; g < r->n_inspectors; g++)
        for (size_t n = 0; n < r->n_inspections; n++)
            if (r->inspectors[g] > r->inspections[n])
                return icstat_cli_usage_error(cmd, "%.0f inspectors need at least %.0f "
                                              "inspections (one each), not %.0f",
                                              r->inspectors[g], r->inspectors[g],
                                              r->inspections[n]);
    const size_t schools = r->model ? r->model->schools : 0;
    const size_t areas = schools ? r->model->areas : 0;
    for (size_t n = 0; n < r->n_inspections; n++)
        if ((double)schools > r->inspections[n])
            return icstat_cli_usage_error(cmd, "the spec's %zu schools need at least %zu "
                                          "inspections (one each), not %.0f", schools, schools,
                                          r->inspections[n]);
    for (size_t g = 0; g < r->n_inspectors; g++)
        if ((double)areas > r->inspectors[g])
            return icstat_cli_usage_error(cmd, "the spec's %zu areas need at least %zu "
                                          "inspectors (one each), not %.0f", areas, areas,
                                          r->inspectors[g]);
    r->sd = !isnan(a->sd) ? a->sd : r->model ? r->model->inspector_sd : def.inspector_sd;
    r->term = a->term;
    if (r->model)
        return 0;
    const icstat_power_fit_shortcut sc = {
        .name = "--odds-ratio model", .odds_ratio = a->odds_ratio, .share = a->share,
        .probs = r->probs, .k = r->k, .inspector_sd = r->sd,
        .link = a->link >= 0 ? (icstat_link)a->link : def.link,
        .inspections = (size_t)r->inspections[0], .inspectors = (size_t)r->inspectors[0]};
    const int st = icstat_power_fit_shortcut_spec(&sc, &r->model, &r->err);
    if (st == ICSTAT_ENOMEM)
        return icstat_cli_report(&r->err);
    if (st != ICSTAT_OK)
        return icstat_cli_usage_error(cmd, "%s", r->err.msg);
    r->term = "characteristic";
    return 0;
}

/* The note that says what was simulated and how each study was analysed. */
static int model_note(const fit_run *r)
{
    const icstat_sim_spec *m = r->model;
    char terms[512] = "";
    for (size_t i = 0; i < m->n_vars && strlen(terms) < 400; i++)
        snprintf(terms + strlen(terms), sizeof terms - strlen(terms), "%s%s", i ? "," : "",
                 m->vars[i].name);
    char model[1024];
    if (r->a->spec_path) {
        snprintf(model, sizeof model, "the spec %s (%zu categories, %s link)",
                 m->path, /* spec_path, or <stdin> for "-" */ m->k, icstat_link_name(m->link));
    } else {
        char shares[256] = "";
        for (size_t j = 0; j < r->k && strlen(shares) < 200; j++)
            snprintf(shares + strlen(shares), sizeof shares - strlen(shares), "%s%g",
                     j ? ", " : "", r->probs[j]);
        char effect[128];
        if (m->link == ICSTAT_LINK_LOGIT)
            snprintf(effect, sizeof effect, "multiplies the odds of a higher (worse) grade by %g",
                     r->a->odds_ratio);
        else
            snprintf(effect, sizeof effect, "moves grades up (worse) by log(%g) on the %s scale",
                     r->a->odds_ratio, icstat_link_name(m->link));
        snprintf(model, sizeof model,
                 "a share %g of inspectors have the characteristic, which %s; an average "
                 "inspector without it gives grades 1..%zu in shares %s", r->a->share, effect,
                 r->k, shares);
    }
    return icstat_result_add_note(
        r->res,
        "model: %s; inspector effects N(0, inspector_sd^2).  Each simulated study is analysed "
        "as `icstat fit --outcome grade --terms %s --group inspector%s --quad %d` would "
        "(characteristics with levels as categories, the first level the reference)",
        model, terms, m->previous ? " --lag-previous inspection_date" : "", (int)r->a->quad);
}

static const icstat_col_spec cols[] = {
    {"inspections", ICSTAT_COL_INT, 0},  {"inspectors", ICSTAT_COL_INT, 0},
    {"inspector_sd", ICSTAT_COL_NUM, 2}, {"coefficient", ICSTAT_COL_TEXT, 0},
    {"true_effect", ICSTAT_COL_NUM, 4},  {"true_odds_ratio", ICSTAT_COL_NUM, 3},
    {"mean_estimate", ICSTAT_COL_NUM, 4}, {"sd_estimate", ICSTAT_COL_NUM, 4},
    {"mean_se", ICSTAT_COL_NUM, 4},      {"coverage", ICSTAT_COL_NUM, 3},
    {"power", ICSTAT_COL_NUM, 3},        {"power_low", ICSTAT_COL_NUM, 3},
    {"power_high", ICSTAT_COL_NUM, 3},   {"failed", ICSTAT_COL_INT, 0},
    /* csv, tsv and json only: the level of coverage's intervals and of
     * power_low/power_high, so that a chart reads it (text and md say it
     * in their notes) */
    {"conf", ICSTAT_COL_NUM, 3},
};
enum { NCOL = sizeof cols / sizeof *cols };

/* Whether the table has column conf: the machine formats. */
static int has_conf(const icstat_cmd_power_fit_args *a)
{
    return a->common.fmt != ICSTAT_FMT_TEXT && a->common.fmt != ICSTAT_FMT_MD;
}

/* The table, empty, with its title and, where notes are shown, what it
 * means (csv and tsv send notes to stderr, which is for what went wrong:
 * the failed studies). */
static int run_table(fit_run *r)
{
    const icstat_cmd_power_fit_args *a = r->a;
    char title[512];
    snprintf(title, sizeof title,
             "Power to detect '%s': two-sided Wald test at %g, %zu simulated studies per design "
             "(simulated)", r->term, a->alpha, a->reps);
    if (!(r->res = icstat_result_alloc(title, cols, has_conf(a) ? NCOL : NCOL - 1)))
        return NOMEM(r);
    if (a->common.fmt == ICSTAT_FMT_CSV || a->common.fmt == ICSTAT_FMT_TSV)
        return ICSTAT_OK;
    if (model_note(r) != 0 ||
        icstat_result_add_note(
            r->res, "power: share of the %zu studies whose two-sided Wald test (p_value of "
                    "`icstat fit` below %g) rejects no effect, failed studies counting as not "
                    "rejecting; power_low, power_high: %g%% Wilson interval for that share, the "
                    "Monte Carlo error of the simulation, not uncertainty about the model; "
                    "coverage: share of %g%% Wald intervals that contain true_effect; "
                    "true_odds_ratio: exp(true_effect)%s",
            a->reps, a->alpha, 100.0 * a->common.conf, 100.0 * a->common.conf,
            r->model->link == ICSTAT_LINK_LOGIT ? "" : " (logit link only)") != 0)
        return NOMEM(r);
    return ICSTAT_OK;
}

/* One design's rows, and a note when some of its studies failed. */
static int run_rows(fit_run *r, const icstat_power_fit_result *pr, double inspections,
                    double inspectors)
{
    const int logit = r->model->link == ICSTAT_LINK_LOGIT;
    for (size_t j = 0; j < pr->n_coef; j++) {
        const icstat_power_fit_coef *pc = &pr->coef[j];
        long row = icstat_result_add_row(r->res);
        if (row < 0 || icstat_result_set_text(r->res, (size_t)row, 3, pc->name) != 0)
            return NOMEM(r);
        const double v[NCOL] = {inspections,     inspectors,
                                r->sd,           NAN,
                                pc->truth,       logit ? exp(pc->truth) : NAN,
                                pc->mean,        pc->sd,
                                pc->mean_se,     pc->coverage,
                                pc->power,       pc->power_low,
                                pc->power_high,  (double)pc->failed,
                                r->a->common.conf};
        for (size_t col = 0; col < (has_conf(r->a) ? NCOL : NCOL - 1u); col++)
            if (col != 3)
                icstat_result_set_num(r->res, (size_t)row, col, v[col]);
    }
    if (pr->failed &&
        icstat_result_add_note(r->res, "%zu inspectors, %zu inspections: %zu of %zu simulated "
                                       "studies could not be analysed and count as not "
                                       "detecting the effect; the first (seed %lu): %s",
                               (size_t)inspectors, (size_t)inspections, pr->failed,
                               r->a->reps, r->a->seed + pr->first_failed,
                               pr->first_failure) != 0)
        return NOMEM(r);
    return ICSTAT_OK;
}

/* Every design, inspectors outer and inspections inner. */
static int run_designs(fit_run *r)
{
    const icstat_cmd_power_fit_args *a = r->a;
    char label[96];
    icstat_power_fit_spec ps = {r->model, r->term, 0, 0, r->sd, (int)a->quad, a->reps, a->seed,
                                a->alpha, a->common.conf, (int)a->threads,
                                isatty(STDERR_FILENO) ? icstat_cli_power_progress : NULL, label};
    for (size_t g = 0; g < r->n_inspectors; g++)
        for (size_t n = 0; n < r->n_inspections; n++) {
            ps.inspectors = (size_t)r->inspectors[g];
            ps.inspections = (size_t)r->inspections[n];
            snprintf(label, sizeof label, "%zu inspectors, %zu inspections", ps.inspectors,
                     ps.inspections);
            icstat_power_fit_result *pr = NULL;
            int st = icstat_power_fit(&ps, &pr, &r->err);
            if (st == ICSTAT_OK)
                st = run_rows(r, pr, r->inspections[n], r->inspectors[g]);
            icstat_power_fit_result_free(pr);
            if (st != ICSTAT_OK)
                return st;
        }
    return ICSTAT_OK;
}

int icstat_cmd_power_fit_run(const icstat_cmd_power_fit_args *a)
{
    fit_run r = {.a = a};
    icstat_error_clear(&r.err);
    int rc = run_model(&r);
    if (rc == 0) {
        int st = run_table(&r);
        if (st == ICSTAT_OK)
            st = run_designs(&r);
        if (st == ICSTAT_OK) {
            const icstat_result *one[1] = {r.res};
            st = icstat_cli_write_results(one, 1, a->common.out_path, a->common.fmt, &r.err);
        }
        if (st != ICSTAT_OK)
            rc = icstat_cli_report(&r.err);
    }
    icstat_result_free(r.res);
    icstat_sim_spec_free(r.model);
    return rc;
}
