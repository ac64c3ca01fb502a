/* cmd_fit.c — `icstat fit`: cumulative link (mixed) models of grades on
 * inspection and inspector characteristics. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "icstat/cli.h"
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "icstat/wald.h"

#include "cmd_fit_internal.h"

static void fit_usage(FILE *f)
{
    fputs(
        "Usage: icstat fit [options] FILE\n"
        "\n"
        "Cumulative link models of an ordered outcome (a grade), with a random intercept\n"
        "for a grouping column (normally the lead inspector):\n"
        "    P(grade <= j) = F(theta_j - x'beta - u_inspector),  u ~ N(0, sigma^2)\n"
        "as in R's ordinal::clm and clmm.  A positive coefficient moves towards the\n"
        "higher-numbered categories (for Ofsted's 1-4 coding: worse grades).\n"
        "FILE has one row per inspection; rows missing a value the model uses are dropped.\n"
        "\n"
        "Model:\n"
        "  --outcome COL         ordered outcome; numbers are ordered numerically, the\n"
        "                        words of a known scale (Ofsted's, the report card's,\n"
        "                        Met/Not met) in its order, in any case\n"
        "  --categories LIST     the outcome's categories in order (needed for other\n"
        "                        text); or a scale's name: ofsted (1 Outstanding ..\n"
        "                        4 Inadequate; Satisfactory is 3), report-card\n"
        "                        (1 Exceptional .. 5 Urgent improvement) or met, for\n"
        "                        its words or codes 1..k, shown as its words\n"
        "  --binary \"COL>=3\"     a binary outcome from a condition (>=, >, <=, <, =, !=):\n"
        "                        1 when it holds, 0 otherwise\n"
        "  --terms A,B,...       fixed effects: numeric columns enter as numbers, text\n"
        "                        columns as categories (the first level is the\n"
        "                        reference: sorted, or in a known scale's order)\n"
        "  --factor A,B          treat these numeric terms as categories\n"
        "  --ref A=LEVEL,...     reference level of a categorical term\n"
        "  --group COL           random intercept for COL (without it: no random effect)\n"
        "  --join FILE2:KEY      add the columns of FILE2 (e.g. inspector gender, HMI/OI),\n"
        "                        matching rows on column KEY that both files have\n"
        "  --lag-previous DATE   add the group's previous outcome, in order of column DATE\n"
        "                        (YYYY-MM-DD or DD/MM/YYYY, and a time of day HH:MM[:SS]\n"
        "                        when given), as the categorical term 'previous'; each\n"
        "                        group's first row is dropped; two rows of a group at\n"
        "                        the same time are refused\n"
        ICSTAT_CLI_DERIVE_HELP
        ICSTAT_CLI_WHERE_HELP
        "  --link L              logit|probit|cloglog (default logit)\n"
        "  --quad N              adaptive Gauss-Hermite points per group, 1 = Laplace,\n"
        "                        up to 25 (default 7)\n"
        "  --conf X              interval level (default 0.95)\n"
        "  --max-seconds S       stop with an error when fitting takes longer than S\n"
        "                        seconds of wall-clock time (default 3600; 0 = no bound);\n"
        "                        a fit that converges in time gives the same answer\n"
        "\n",
        f);
    fputs(
        "Reports:\n"
        "  --effects FILE        each group's conditional mode, conditional sd, interval,\n"
        "                        rank (1 = largest, towards the highest category) and rows;\n"
        "                        csv, tsv, json or md by FILE's extension, else --format\n"
        "  --margins TERM        average predicted probability of each category for each\n"
        "                        level of a categorical TERM (the random effect integrated\n"
        "                        out), with delta-method intervals; in csv, tsv and json this\n"
        "                        table replaces the model table\n"
        "\n"
        "Output:\n"
        "  --format F            text|csv|tsv|json|md (default text)\n"
        "  -o FILE               write to FILE (default stdout); written whole or not at all\n"
        "  -h, --help            show this help\n"
        "\n"
        "csv columns: kind,term,estimate,se,z,p_value,ci_low,ci_high with kinds coef,\n"
        "threshold, random (var and sd of the group effect), fit (loglik, aic, bic, n,\n"
        "groups, iterations, converged, warnings; dropped_first with --lag-previous) and\n"
        "derived (latent_icc, median_odds_ratio, lr_stat, lr_p_value, implied_agreement,\n"
        "implied_kappa).  Warnings and notes go to stderr with csv and tsv.\n"
        "--effects csv: group,n,effect,se,ci_low,ci_high,rank.\n"
        "--margins csv: level,category,probability,ci_low,ci_high.\n"
        "\n"
        "Examples:\n"
        "  icstat fit --outcome grade --terms phase,female --group inspector inspections.csv\n"
        "  icstat fit --outcome grade --terms phase,gender,role --group inspector \\\n"
        "      --join inspectors.csv:inspector --margins gender inspections.csv\n"
        "  icstat fit --binary \"grade>=4\" --terms phase --group inspector \\\n"
        "      --lag-previous date inspections.csv\n"
        "  icstat fit --outcome overall_effectiveness --terms phase,idaci_quintile,size \\\n"
        "      --factor idaci_quintile --band size=pupils:100,250,500,1000 \\\n"
        "      --group local_authority --effects la.csv inspections.csv\n",
        f);
}

enum {
    OPT_OUTCOME = 256, OPT_CATEGORIES, OPT_BINARY, OPT_TERMS, OPT_FACTOR, OPT_REF, OPT_GROUP,
    OPT_JOIN, OPT_LAG, OPT_LINK, OPT_QUAD, OPT_EFFECTS, OPT_MARGINS, OPT_MAX_SECONDS
};

static const struct option fit_options[] = {
    {"outcome", required_argument, NULL, OPT_OUTCOME},
    {"categories", required_argument, NULL, OPT_CATEGORIES},
    {"binary", required_argument, NULL, OPT_BINARY},
    {"terms", required_argument, NULL, OPT_TERMS},
    {"factor", required_argument, NULL, OPT_FACTOR},
    {"ref", required_argument, NULL, OPT_REF},
    {"group", required_argument, NULL, OPT_GROUP},
    {"join", required_argument, NULL, OPT_JOIN},
    {"lag-previous", required_argument, NULL, OPT_LAG},
    {"link", required_argument, NULL, OPT_LINK},
    {"quad", required_argument, NULL, OPT_QUAD},
    {"max-seconds", required_argument, NULL, OPT_MAX_SECONDS},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    {"effects", required_argument, NULL, OPT_EFFECTS},
    {"margins", required_argument, NULL, OPT_MARGINS},
    {"years-between", required_argument, NULL, ICSTAT_OPT_YEARS_BETWEEN},
    {"band", required_argument, NULL, ICSTAT_OPT_BAND},
    {"where", required_argument, NULL, ICSTAT_OPT_WHERE},
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Everything the reports need. */
typedef struct {
    const icstat_design *d;
    const icstat_clm_fit *fit;
    icstat_link link;
    int quad;
    double conf, z;
    const char *path;
    double lr_stat, lr_p, agreement, kappa;
    int lag; /* --lag-previous was given */
    const icstat_derive *derive;
} fit_report;

static const icstat_col_spec machine_cols[] = {
    {"kind", ICSTAT_COL_TEXT, 0},  {"term", ICSTAT_COL_TEXT, 0},   {"estimate", ICSTAT_COL_NUM, 4},
    {"se", ICSTAT_COL_NUM, 4},     {"z", ICSTAT_COL_NUM, 2},       {"p_value", ICSTAT_COL_P, 0},
    {"ci_low", ICSTAT_COL_NUM, 4}, {"ci_high", ICSTAT_COL_NUM, 4},
};

/* Append a row: text cells then numbers (NaN = NA). */
static int add_row(icstat_result *res, const char *kind, const char *term, const double *num,
                   size_t nnum)
{
    long row = icstat_result_add_row(res);
    if (row < 0)
        return -1;
    size_t c = 0;
    if (kind && icstat_result_set_text(res, (size_t)row, c++, kind) != 0)
        return -1;
    if (icstat_result_set_text(res, (size_t)row, c++, term) != 0)
        return -1;
    for (size_t j = 0; j < nnum; j++)
        icstat_result_set_num(res, (size_t)row, c + j, num[j]);
    return 0;
}

static void wald(double est, double se, double zq, double *out)
{
    out[0] = est;
    out[1] = se;
    out[2] = est / se;
    out[3] = icstat_wald_p(est, se);
    out[4] = est - zq * se;
    out[5] = est + zq * se;
    if (!(se > 0.0))
        out[2] = out[3] = out[4] = out[5] = NAN;
}

/* Threshold name "A|B" from the neighbouring category labels. */
static void threshold_name(const icstat_design *d, size_t j, char *buf, size_t len)
{
    snprintf(buf, len, "%s|%s", d->cat_labels[j], d->cat_labels[j + 1]);
}

static int add_notes(icstat_result *res, const fit_report *r)
{
    if (icstat_cli_where_note(res, r->derive) != 0)
        return -1;
    for (size_t i = 0; i < r->d->n_notes; i++)
        if (icstat_result_add_note(res, "%s", r->d->notes[i]) != 0)
            return -1;
    for (size_t i = 0; i < r->fit->n_warnings; i++)
        if (icstat_result_add_note(res, "warning: %s", r->fit->warnings[i]) != 0)
            return -1;
    return 0;
}

/* sigma and its interval from the log-sigma scale. */
static void sigma_interval(const fit_report *r, double *sigma, double *se, double *lo, double *hi)
{
    const icstat_clm_fit *f = r->fit;
    const size_t it = f->npar - 1;
    const double tau = f->par[it], set = icstat_clm_se(f, it);
    *sigma = exp(tau);
    *se = *sigma * set;
    *lo = exp(tau - r->z * set);
    *hi = exp(tau + r->z * set);
}

static int add_model_rows(icstat_result *res, const fit_report *r, int machine)
{
    const icstat_design *d = r->d;
    const icstat_clm_fit *f = r->fit;
    double v[6];
    char name[512];
    (void)machine;
    for (size_t j = 0; j < f->p; j++) {
        wald(f->par[f->k1 + j], icstat_clm_se(f, f->k1 + j), r->z, v);
        if (add_row(res, "coef", d->col_names[j], v, 6) != 0)
            return -1;
    }
    for (size_t j = 0; j < f->k1; j++) {
        threshold_name(d, j, name, sizeof name);
        wald(f->par[j], icstat_clm_se(f, j), r->z, v);
        if (add_row(res, "threshold", name, v, 6) != 0)
            return -1;
    }
    if (f->mixed) {
        double s, se, lo, hi;
        sigma_interval(r, &s, &se, &lo, &hi);
        const double var[6] = {s * s, 2.0 * s * se, NAN, NAN, lo * lo, hi * hi};
        const double sd[6] = {s, se, NAN, NAN, lo, hi};
        snprintf(name, sizeof name, "var(%s)", d->group_name);
        if (add_row(res, "random", name, var, 6) != 0)
            return -1;
        snprintf(name, sizeof name, "sd(%s)", d->group_name);
        if (add_row(res, "random", name, sd, 6) != 0)
            return -1;
    }
    return 0;
}

static int add_fit_rows(icstat_result *res, const fit_report *r, const char *kind)
{
    const icstat_clm_fit *f = r->fit;
    const double k = (double)f->npar, n = (double)r->d->n;
    const struct { const char *name; double v; int whole; } rows[] = {
        {"loglik", f->loglik, 0},
        {"aic", -2.0 * f->loglik + 2.0 * k, 0},
        {"bic", -2.0 * f->loglik + log(n) * k, 0},
        {"n", n, 1},
        {"groups", f->mixed ? (double)r->d->n_groups : NAN, 1},
        {"iterations", (double)f->iterations, 1},
        {"converged", (double)f->converged, 1},
        {"warnings", (double)f->n_warnings, 1},
        {"dropped_first", (double)r->d->n_first, 1}, /* with --lag-previous only */
    };
    const size_t nrows = sizeof rows / sizeof *rows - (r->d->n_first || r->lag ? 0 : 1);
    for (size_t i = 0; i < nrows; i++) {
        if (kind) {
            double v[6] = {rows[i].v, NAN, NAN, NAN, NAN, NAN};
            if (add_row(res, kind, rows[i].name, v, 6) != 0)
                return -1;
            continue;
        }
        /* For people: counts without decimals, yes/no for convergence. */
        char buf[64];
        if (strcmp(rows[i].name, "converged") == 0)
            snprintf(buf, sizeof buf, "%s", rows[i].v ? "yes" : "no");
        else if (strcmp(rows[i].name, "groups") == 0 && !r->fit->mixed)
            snprintf(buf, sizeof buf, "none (no --group)");
        else if (isnan(rows[i].v))
            snprintf(buf, sizeof buf, "NA");
        else
            snprintf(buf, sizeof buf, rows[i].whole ? "%.0f" : "%.2f", rows[i].v);
        long row = icstat_result_add_row(res);
        if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, rows[i].name) != 0 ||
            icstat_result_set_text(res, (size_t)row, 1, buf) != 0)
            return -1;
    }
    return 0;
}

static int add_derived_rows(icstat_result *res, const fit_report *r, const char *kind,
                            size_t ncells)
{
    if (!r->fit->mixed)
        return 0;
    double s, se, lo, hi;
    sigma_interval(r, &s, &se, &lo, &hi);
    const int logit = r->link == ICSTAT_LINK_LOGIT;
    /* Monotone in sigma: intervals carried over from sigma's. */
    const struct { const char *name; double est, low, high; } rows[] = {
        {"latent_icc", icstat_clm_latent_icc(s, r->link), icstat_clm_latent_icc(lo, r->link),
         icstat_clm_latent_icc(hi, r->link)},
        {"median_odds_ratio", logit ? icstat_clm_median_odds_ratio(s) : NAN,
         logit ? icstat_clm_median_odds_ratio(lo) : NAN,
         logit ? icstat_clm_median_odds_ratio(hi) : NAN},
        {"lr_stat", r->lr_stat, NAN, NAN},
        {"lr_p_value", r->lr_p, NAN, NAN},
        {"implied_agreement", r->agreement, NAN, NAN},
        {"implied_kappa", r->kappa, NAN, NAN},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        double v6[6] = {rows[i].est, NAN, NAN, NAN, rows[i].low, rows[i].high};
        double v3[3] = {rows[i].est, rows[i].low, rows[i].high};
        if (add_row(res, kind, rows[i].name, kind ? v6 : v3, ncells) != 0)
            return -1;
    }
    return 0;
}

static const char *model_name(const fit_report *r, char *buf, size_t len)
{
    const icstat_design *d = r->d;
    if (r->fit->mixed)
        snprintf(buf, len,
                 "Cumulative link mixed model, %s link, of '%s' in %s: %zu rows, %zu groups "
                 "('%s'); %s",
                 icstat_link_name(r->link), d->outcome_name, r->path, d->n, d->n_groups,
                 d->group_name,
                 r->quad == 1 ? "Laplace approximation" : "adaptive Gauss-Hermite quadrature");
    else
        snprintf(buf, len, "Cumulative link model, %s link, of '%s' in %s: %zu rows",
                 icstat_link_name(r->link), d->outcome_name, r->path, d->n);
    if (r->fit->mixed && r->quad > 1)
        snprintf(buf + strlen(buf), len - strlen(buf), " (%d points)", r->quad);
    return buf;
}

/* csv, tsv, json: the contract's one table. */
static icstat_result *machine_result(const fit_report *r)
{
    char title[1024];
    icstat_result *res = icstat_result_alloc(model_name(r, title, sizeof title), machine_cols, 8);
    if (!res || add_model_rows(res, r, 1) != 0 || add_fit_rows(res, r, "fit") != 0 ||
        add_derived_rows(res, r, "derived", 6) != 0 || add_notes(res, r) != 0) {
        icstat_result_free(res);
        return NULL;
    }
    return res;
}

/* text and md: a table to paste (odds ratios for logit), then the fit and
 * what the random effect means. */
static int human_results(const fit_report *r, icstat_result **out)
{
    const icstat_design *d = r->d;
    const icstat_clm_fit *f = r->fit;
    const int logit = r->link == ICSTAT_LINK_LOGIT;
    char title[1024];
    static const icstat_col_spec coef_cols[] = {
        {"term", ICSTAT_COL_TEXT, 0},      {"estimate", ICSTAT_COL_NUM, 3},
        {"se", ICSTAT_COL_NUM, 3},         {"z", ICSTAT_COL_NUM, 2},
        {"p_value", ICSTAT_COL_P, 0},      {"ci_low", ICSTAT_COL_NUM, 3},
        {"ci_high", ICSTAT_COL_NUM, 3},    {"odds_ratio", ICSTAT_COL_NUM, 3},
        {"or_ci_low", ICSTAT_COL_NUM, 3},  {"or_ci_high", ICSTAT_COL_NUM, 3},
    };
    out[0] = icstat_result_alloc(model_name(r, title, sizeof title), coef_cols, logit ? 10 : 7);
    if (!out[0])
        return -1;
    double v[9];
    char name[512];
    for (size_t j = 0; j < f->p; j++) {
        wald(f->par[f->k1 + j], icstat_clm_se(f, f->k1 + j), r->z, v);
        v[6] = exp(v[0]);
        v[7] = exp(v[4]);
        v[8] = exp(v[5]);
        if (add_row(out[0], NULL, d->col_names[j], v, logit ? 9 : 6) != 0)
            return -1;
    }
    for (size_t j = 0; j < f->k1; j++) {
        threshold_name(d, j, name, sizeof name);
        char label[540];
        snprintf(label, sizeof label, "threshold %s", name);
        wald(f->par[j], icstat_clm_se(f, j), r->z, v);
        v[2] = v[3] = NAN; /* a test of theta = 0 means nothing */
        v[6] = v[7] = v[8] = NAN;
        if (add_row(out[0], NULL, label, v, logit ? 9 : 6) != 0)
            return -1;
    }
    if (f->mixed) {
        double s, se, lo, hi;
        sigma_interval(r, &s, &se, &lo, &hi);
        const double vv[9] = {s * s, 2.0 * s * se, NAN, NAN, lo * lo, hi * hi, NAN, NAN, NAN};
        const double sv[9] = {s, se, NAN, NAN, lo, hi, NAN, NAN, NAN};
        snprintf(name, sizeof name, "var(%s)", d->group_name);
        if (add_row(out[0], NULL, name, vv, logit ? 9 : 6) != 0)
            return -1;
        snprintf(name, sizeof name, "sd(%s)", d->group_name);
        if (add_row(out[0], NULL, name, sv, logit ? 9 : 6) != 0)
            return -1;
    }
    if (icstat_result_add_note(out[0], "%g%% Wald intervals%s; a positive coefficient moves "
                                       "towards the higher categories (towards '%s'); z, "
                                       "p_value%s apply to coefficients only (NA for the "
                                       "thresholds%s)",
                               100.0 * r->conf,
                               f->mixed ? ", for the random effect from the log-sd scale" : "",
                               d->cat_labels[d->k - 1], logit ? " and odds ratios" : "",
                               f->mixed ? " and the random effect" : "") != 0)
        return -1;

    static const icstat_col_spec fit_cols[] = {{"statistic", ICSTAT_COL_TEXT, 0},
                                               {"value", ICSTAT_COL_TEXT, 0}};
    out[1] = icstat_result_alloc("Model fit", fit_cols, 2);
    if (!out[1] || add_fit_rows(out[1], r, NULL) != 0)
        return -1;
    if (!f->mixed)
        return add_notes(out[1], r);

    static const icstat_col_spec der_cols[] = {{"statistic", ICSTAT_COL_TEXT, 0},
                                               {"estimate", ICSTAT_COL_NUM, 4},
                                               {"ci_low", ICSTAT_COL_NUM, 4},
                                               {"ci_high", ICSTAT_COL_NUM, 4}};
    snprintf(title, sizeof title, "How much '%s' matters", d->group_name);
    out[2] = icstat_result_alloc(title, der_cols, 4);
    if (!out[2] || add_derived_rows(out[2], r, NULL, 3) != 0)
        return -1;
    if (icstat_result_add_note(
            out[2],
            "latent_icc: share of the latent variance that lies between groups ('%s'); "
            "median_odds_ratio: the median odds ratio between the harsher and the more "
            "lenient of two groups%s; lr_stat, lr_p_value: test of no variance between "
            "groups (p halved for the boundary); implied_agreement: chance that two different "
            "groups give the same row (school) the same category (implied_kappa: beyond "
            "chance; schools differ here only through the terms, so school quality the terms "
            "miss counts as chance)",
            d->group_name, logit ? "" : " (logit link only)") != 0 ||
        add_notes(out[2], r) != 0)
        return -1;
    return 0;
}

static icstat_result *effects_result(const fit_report *r, int human)
{
    static const icstat_col_spec cols[] = {
        {"group", ICSTAT_COL_TEXT, 0},   {"n", ICSTAT_COL_INT, 0},
        {"effect", ICSTAT_COL_NUM, 4},   {"se", ICSTAT_COL_NUM, 4},
        {"ci_low", ICSTAT_COL_NUM, 4},   {"ci_high", ICSTAT_COL_NUM, 4},
        {"rank", ICSTAT_COL_INT, 0},
    };
    const icstat_design *d = r->d;
    const icstat_clm_fit *f = r->fit;
    char title[512];
    snprintf(title, sizeof title,
             "Conditional modes of the '%s' effects (%zu groups); %g%% intervals", d->group_name,
             d->n_groups, 100.0 * r->conf);
    icstat_result *res = icstat_result_alloc(title, cols, 7);
    size_t *rank = malloc((d->n_groups ? d->n_groups : 1) * sizeof *rank);
    if (!res || !rank || icstat_clm_effect_ranks(f, rank) != 0)
        goto nomem;
    for (size_t g = 0; g < d->n_groups; g++) {
        const double m = f->mode[g], s = f->mode_sd[g];
        const double v[6] = {(double)(d->group_start[g + 1] - d->group_start[g]), m, s,
                             m - r->z * s, m + r->z * s, (double)rank[g]};
        if (add_row(res, NULL, d->group_labels[g], v, 6) != 0)
            goto nomem;
    }
    if (human && icstat_result_add_note(res, "effect: the group's shift of the latent scale (positive "
                                    "towards '%s'); se: conditional sd; rank 1 = largest effect",
                               d->cat_labels[d->k - 1]) != 0)
        goto nomem;
    free(rank);
    return res;
nomem:
    free(rank);
    icstat_result_free(res);
    return NULL;
}

static icstat_result *margins_result(const fit_report *r, size_t term,
                                     const icstat_clm_margins *m, int human)
{
    static const icstat_col_spec cols[] = {
        {"level", ICSTAT_COL_TEXT, 0},       {"category", ICSTAT_COL_TEXT, 0},
        {"probability", ICSTAT_COL_NUM, 4},  {"ci_low", ICSTAT_COL_NUM, 4},
        {"ci_high", ICSTAT_COL_NUM, 4},
    };
    const icstat_design *d = r->d;
    const icstat_term *t = &d->terms[term];
    char title[512];
    snprintf(title, sizeof title,
             "Average predicted probability of each '%s' category by '%s' (%zu rows%s); %g%% "
             "delta-method intervals",
             d->outcome_name, t->name, d->n,
             r->fit->mixed ? ", random effect integrated out" : "", 100.0 * r->conf);
    icstat_result *res = icstat_result_alloc(title, cols, 5);
    if (!res)
        return NULL;
    for (size_t l = 0; l < m->n_levels; l++)
        for (size_t j = 0; j < m->k; j++) {
            long row = icstat_result_add_row(res);
            const size_t i = l * m->k + j;
            if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, t->levels[l]) != 0 ||
                icstat_result_set_text(res, (size_t)row, 1, d->cat_labels[j]) != 0)
                goto nomem;
            icstat_result_set_num(res, (size_t)row, 2, m->prob[i]);
            icstat_result_set_num(res, (size_t)row, 3, m->ci_low[i]);
            icstat_result_set_num(res, (size_t)row, 4, m->ci_high[i]);
        }
    if (human && icstat_result_add_note(res, "every row set to each level of '%s' in turn, other "
                                    "columns as observed; intervals on the logit scale",
                               t->name) != 0)
        goto nomem;
    size_t flat = 0;
    for (size_t i = 0; i < m->n_levels * m->k; i++)
        flat += isnan(m->ci_low[i]);
    if (flat && icstat_result_add_note(res, "%zu probabilit%s 0 or 1 to double precision, with "
                                            "no interval on the logit scale (NA)",
                                       flat, flat == 1 ? "y is" : "ies are") != 0)
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

/* The effects file's format from its extension (.csv, .tsv, .json, .md),
 * so a text report can come with a csv for charts; otherwise --format. */
static icstat_format effects_format(const char *path, icstat_format fallback)
{
    const char *dot = strrchr(path, '.');
    int k = dot && strcmp(dot + 1, "txt") != 0 ? icstat_format_lookup(dot + 1) : -1;
    return k >= 0 ? (icstat_format)k : fallback;
}

int icstat_fit_args_parse(int argc, char **argv, icstat_fit_args *a, int *rc)
{
    *a = (icstat_fit_args){.common = ICSTAT_CLI_COMMON_INIT,
                           .opt = {ICSTAT_LINK_LOGIT, 7, 0}};
    *rc = 0;

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", fit_options, NULL)) != -1) {
        int k;
        size_t q;
        switch (c) {
        case OPT_OUTCOME:
            a->outcome = optarg;
            break;
        case OPT_BINARY:
            a->binary = optarg;
            break;
        case OPT_GROUP:
            a->group = optarg;
            break;
        case OPT_JOIN:
            a->join = optarg;
            break;
        case OPT_LAG:
            a->lag = optarg;
            break;
        case OPT_EFFECTS:
            if (icstat_cli_output_option("fit", "--effects", optarg, &a->effects_path, rc) != 0)
                return -1;
            break;
        case OPT_MARGINS:
            a->margins = optarg;
            break;
        case OPT_CATEGORIES:
            if ((*rc = icstat_cli_categories_option("fit", optarg, &a->categories,
                                                    &a->n_categories, &a->scale)) != 0)
                return -1;
            break;
        case OPT_TERMS:
            if ((*rc = icstat_cli_list_option("fit", "--terms", optarg, &a->terms,
                                              &a->n_terms)) != 0)
                return -1;
            break;
        case OPT_FACTOR:
            if ((*rc = icstat_cli_list_option("fit", "--factor", optarg, &a->factors,
                                              &a->n_factors)) != 0)
                return -1;
            break;
        case OPT_REF:
            if ((*rc = icstat_cli_list_option("fit", "--ref", optarg, &a->refs,
                                              &a->n_refs)) != 0)
                return -1;
            for (size_t i = 0; i < a->n_refs; i++)
                if (!strchr(a->refs[i], '=') || a->refs[i][0] == '=') {
                    *rc = icstat_cli_usage_error("fit", "--ref takes TERM=LEVEL (got '%s')",
                                                 a->refs[i]);
                    return -1;
                }
            break;
        case OPT_LINK:
            if ((k = icstat_link_lookup(optarg)) < 0) {
                *rc = icstat_cli_usage_error("fit", "unknown --link '%s' (use logit, probit or "
                                             "cloglog)", optarg);
                return -1;
            }
            a->opt.link = (icstat_link)k;
            break;
        case OPT_QUAD:
            if (icstat_cli_parse_size(optarg, &q) != 0 || q < 1 || q > ICSTAT_CLM_MAX_QUAD) {
                *rc = icstat_cli_usage_error("fit", "--quad must be a whole number from 1 "
                                             "(Laplace) to %d (got '%s')", ICSTAT_CLM_MAX_QUAD,
                                             optarg);
                return -1;
            }
            a->opt.quad = (int)q;
            break;
        case OPT_MAX_SECONDS: {
            double secs;
            if (!icstat_parse_double(optarg, &secs) || !(secs >= 0.0) || !isfinite(secs)) {
                *rc = icstat_cli_usage_error("fit", "--max-seconds must be a number of seconds, "
                                             "0 or more (got '%s')", optarg);
                return -1;
            }
            a->opt.max_seconds = secs > 0.0 ? secs : -1.0; /* 0: no bound */
            break;
        }
        case ICSTAT_OPT_YEARS_BETWEEN:
        case ICSTAT_OPT_BAND:
        case ICSTAT_OPT_WHERE:
            if (icstat_cli_derive_option("fit", c, optarg, &a->derive, rc) != 0)
                return -1;
            break;
        default:
            if (icstat_cli_common_option("fit", c, argv, fit_usage, &a->common, rc) != 0)
                return -1;
        }
    }
    if ((*rc = icstat_cli_one_input("fit", argc, optind)) != 0)
        return -1;
    if (!a->outcome == !a->binary) {
        *rc = icstat_cli_usage_error("fit", a->outcome ? "give --outcome or --binary, not both"
                                                       : "no outcome: give --outcome COL or "
                                                         "--binary \"COL>=3\"");
        return -1;
    }
    if (a->binary && (a->categories || a->scale)) {
        *rc = icstat_cli_usage_error("fit", "--categories does not apply to --binary");
        return -1;
    }
    if (a->effects_path && !a->group) {
        *rc = icstat_cli_usage_error("fit", "--effects needs --group");
        return -1;
    }
    a->path = argv[optind];
    /* "-" is standard input for either file, but stdin can be read once. */
    if (a->join && strcmp(a->path, "-") == 0 && strncmp(a->join, "-:", 2) == 0) {
        *rc = icstat_cli_usage_error("fit", "the input FILE and --join '%s' both read standard "
                                     "input ('-'); give one of them as a file", a->join);
        return -1;
    }
    return 0;
}

void icstat_fit_args_free(icstat_fit_args *a)
{
    icstat_cli_list_free(a->terms);
    icstat_cli_list_free(a->factors);
    icstat_cli_list_free(a->refs);
    icstat_cli_list_free(a->categories);
    a->terms = a->factors = a->refs = a->categories = NULL;
    icstat_derive_clear(&a->derive);
}

int icstat_fit_run(const icstat_fit_args *a)
{
    const char *outcome = a->outcome, *binary = a->binary, *group = a->group, *join = a->join;
    const char *lag = a->lag, *effects_path = a->effects_path, *margins = a->margins;
    const icstat_cli_common common = a->common;
    char *const *terms = a->terms, *const *factors = a->factors, *const *refs = a->refs;
    char *const *categories = a->categories;
    const size_t n_terms = a->n_terms, n_factors = a->n_factors, n_refs = a->n_refs;
    const size_t n_categories = a->n_categories;
    const icstat_clm_options opt = a->opt;
    int rc = 0, st = ICSTAT_OK;
    icstat_table *t = NULL, *jt = NULL;
    icstat_design *d = NULL;
    icstat_clm_fit *f = NULL;
    icstat_clm_margins *mg = NULL;
    icstat_result *res[4] = {NULL, NULL, NULL, NULL}, *eff = NULL;
    char *join_path = NULL;
    icstat_error err;
    icstat_error_clear(&err);

    const char *path = a->path;
    const icstat_format fmt = common.fmt;
    const double conf = common.conf;

    const char *colon = join ? strrchr(join, ':') : NULL;
    if (join) {
        if (!colon || colon == join || !colon[1]) {
            rc = icstat_cli_usage_error("fit", "--join takes FILE:KEY (got '%s')", join);
            goto done;
        }
        if (!(join_path = strndup(join, (size_t)(colon - join)))) {
            icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            rc = icstat_cli_report(&err);
            goto done;
        }
    }
    const icstat_cli_file in[] = {{"the input", path}, {"the --join file", join_path}};
    const icstat_cli_file out[] = {{"-o", common.out_path ? common.out_path : "-"},
                                   {"--effects", effects_path}};
    if ((rc = icstat_cli_check_files("fit", in, 2, out, 2)) != 0)
        goto done;

    st = icstat_table_read(path, &t, &err);
    if (st == ICSTAT_OK && join)
        st = icstat_table_read(join_path, &jt, &err);
    if (st == ICSTAT_OK && join)
        st = icstat_table_join(t, jt, colon + 1, &err);
    /* After --join, so that a band or condition may use its columns. */
    icstat_derive derive = a->derive; /* the steps are a's; the counts this run's */
    if (st == ICSTAT_OK && derive.n && (st = icstat_table_need_rows(t, &err)) == ICSTAT_OK)
        st = icstat_derive_apply(&derive, t, &err);
    if (st == ICSTAT_OK) {
        icstat_design_spec spec = {
            .outcome = outcome,
            .categories = (const char *const *)categories,
            .n_categories = n_categories,
            .scale = a->scale,
            .binary = binary,
            .terms = (const char *const *)terms,
            .n_terms = n_terms,
            .factors = (const char *const *)factors,
            .n_factors = n_factors,
            .refs = (const char *const *)refs,
            .n_refs = n_refs,
            .group = group,
            .lag_previous = lag,
            .labels = {"--outcome", "--binary", "--categories", "--terms", "--factor", "--ref",
                       "--group", "--lag-previous"},
        };
        st = icstat_design_build(t, &spec, &d, &err);
    }
    size_t margin_term = 0;
    if (st == ICSTAT_OK && margins) {
        while (margin_term < d->n_terms && strcmp(d->terms[margin_term].name, margins) != 0)
            margin_term++;
        if (margin_term == d->n_terms) {
            rc = icstat_cli_usage_error("fit", "--margins names '%s', which is not a term of "
                                        "the model", margins);
            goto done;
        }
    }
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(d, &opt, group != NULL, &f, &err);
    fit_report r = {d, f, opt.link, opt.quad, conf, icstat_z_critical(conf),
                    t ? t->path : path, NAN, NAN, NAN, NAN, lag != NULL, &derive};
    if (st == ICSTAT_OK && f->mixed) {
        icstat_clm_lr_test(f->loglik, f->loglik_fixed, &r.lr_stat, &r.lr_p);
        st = icstat_clm_implied_agreement(d, f, opt.link, &r.agreement, &r.kappa, &err);
    }
    if (st == ICSTAT_OK && margins)
        st = icstat_clm_margins_compute(d, f, opt.link, margin_term, conf, &mg, &err);
    if (st != ICSTAT_OK) {
        if (!err.file[0] && st != ICSTAT_EUSAGE)
            snprintf(err.file, sizeof err.file, "%s", t ? t->path : path);
        rc = icstat_cli_report(&err);
        goto done;
    }

    size_t nres = 0;
    const int human = fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD;
    int ok = 1;
    if (human) {
        ok = human_results(&r, res) == 0;
        nres = f->mixed ? 3 : 2;
        if (ok && margins)
            ok = (res[nres++] = margins_result(&r, margin_term, mg, 1)) != NULL;
    } else if (margins) {
        ok = (res[nres++] = margins_result(&r, margin_term, mg, 0)) != NULL;
        if (ok)
            ok = add_notes(res[0], &r) == 0;
    } else {
        ok = (res[nres++] = machine_result(&r)) != NULL;
    }
    if (ok && effects_path) {
        const icstat_format ef = effects_format(effects_path, fmt);
        ok = (eff = effects_result(&r, ef == ICSTAT_FMT_TEXT || ef == ICSTAT_FMT_MD)) != NULL;
    }
    if (!ok) {
        icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        rc = icstat_cli_report(&err);
        goto done;
    }
    /* Both outputs are staged and then renamed together: a failure on
     * either leaves neither. */
    const icstat_result *e[1] = {eff};
    const icstat_format ef = effects_path ? effects_format(effects_path, fmt) : fmt;
    icstat_outset outs = ICSTAT_OUTSET_INIT;
    st = effects_path ? icstat_cli_stage_results(&outs, e, 1, effects_path, ef, &err) : ICSTAT_OK;
    if (st == ICSTAT_OK)
        st = icstat_cli_stage_results(&outs, (const icstat_result *const *)res, nres,
                                      common.out_path, fmt, &err);
    if (st == ICSTAT_OK)
        st = icstat_outset_commit(&outs, &err);
    icstat_outset_abort(&outs);
    if (st != ICSTAT_OK) {
        rc = icstat_cli_report(&err);
        goto done;
    }
    if (effects_path)
        icstat_cli_print_notes(e, 1, ef);
    icstat_cli_print_notes((const icstat_result *const *)res, nres, fmt);

done:
    for (size_t i = 0; i < 4; i++)
        icstat_result_free(res[i]);
    icstat_result_free(eff);
    icstat_clm_margins_free(mg);
    icstat_clm_fit_free(f);
    icstat_design_free(d);
    icstat_table_free(t);
    icstat_table_free(jt);
    free(join_path);
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
