/* cmd_fit_report.c — the tables `icstat fit` writes: the model (for people
 * in text and md, as the contract's one table in csv, tsv and json), the
 * group effects and the margins.  The numbers come from the engines
 * (icstat_clm_summary, icstat_clm_margins); this file picks the columns,
 * names the rows and adds the notes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/cli.h"
#include "icstat/clm.h"
#include "icstat/design.h"

#include "cmd_fit_internal.h"

static const icstat_col_spec machine_cols[] = {
    {"kind", ICSTAT_COL_TEXT, 0},  {"term", ICSTAT_COL_TEXT, 0},   {"estimate", ICSTAT_COL_NUM, 4},
    {"se", ICSTAT_COL_NUM, 4},     {"z", ICSTAT_COL_NUM, 2},       {"p_value", ICSTAT_COL_P, 0},
    {"ci_low", ICSTAT_COL_NUM, 4}, {"ci_high", ICSTAT_COL_NUM, 4},
    /* What readers need without arithmetic (issue 17): the level of the
     * row's interval, and a coefficient's odds ratio with its interval. */
    {"conf", ICSTAT_COL_NUM, 3},   {"odds_ratio", ICSTAT_COL_NUM, 4},
    {"or_ci_low", ICSTAT_COL_NUM, 4}, {"or_ci_high", ICSTAT_COL_NUM, 4},
};
#define MACHINE_NCOL (sizeof machine_cols / sizeof *machine_cols)

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

/* One parameter's row: its six numbers and, with odds (the human table
 * under the logit link), exp of the estimate and of the interval. */
static int add_estimate(icstat_result *res, const char *kind, const char *term,
                        const icstat_clm_estimate *e, size_t ncells, int odds)
{
    const double v[9] = {e->estimate, e->se, e->z, e->p_value, e->ci_low, e->ci_high,
                         odds ? exp(e->estimate) : NAN, odds ? exp(e->ci_low) : NAN,
                         odds ? exp(e->ci_high) : NAN};
    return add_row(res, kind, term, v, ncells);
}

/* The parameters, one row each, for either table: coefficients,
 * thresholds and (mixed) the variance and sd of the group effect.  The
 * machine table has the kind first and six numbers; the human one names
 * a threshold "threshold A|B" and, under the logit link, gives odds
 * ratios of coefficients (NA in the other rows).  A threshold has no z
 * and p in any format: a test of theta = 0 means nothing (where 0 lies
 * on the latent scale depends on the terms' coding and references). */
static int add_parameter_rows(icstat_result *res, const fit_report *r, int human)
{
    const icstat_design *d = r->d;
    const icstat_clm_summary *s = r->s;
    const size_t ncells = human && r->link == ICSTAT_LINK_LOGIT ? 9 : 6;
    char name[512], label[540];
    for (size_t j = 0; j < s->p; j++)
        if (add_estimate(res, human ? NULL : "coef", d->col_names[j], &s->coef[j], ncells,
                         ncells == 9) != 0)
            return -1;
    for (size_t j = 0; j < s->k1; j++) {
        icstat_clm_estimate e = s->threshold[j];
        snprintf(name, sizeof name, "%s|%s", d->cat_labels[j], d->cat_labels[j + 1]);
        if (human)
            snprintf(label, sizeof label, "threshold %s", name);
        e.z = e.p_value = NAN;
        if (add_estimate(res, human ? NULL : "threshold", human ? label : name, &e, ncells,
                         0) != 0)
            return -1;
    }
    if (!s->mixed)
        return 0;
    for (size_t g = 0; s->n_factors > 1 && g < s->n_factors; g++) {
        snprintf(name, sizeof name, "var(%s)", d->gfactors[g].name);
        if (add_estimate(res, human ? NULL : "random", name, &s->f_var[g], ncells, 0) != 0)
            return -1;
        snprintf(name, sizeof name, "sd(%s)", d->gfactors[g].name);
        if (add_estimate(res, human ? NULL : "random", name, &s->f_sd[g], ncells, 0) != 0)
            return -1;
    }
    if (s->n_factors > 1)
        return 0;
    snprintf(name, sizeof name, "var(%s)", d->group_name);
    if (add_estimate(res, human ? NULL : "random", name, &s->var, ncells, 0) != 0)
        return -1;
    snprintf(name, sizeof name, "sd(%s)", d->group_name);
    return add_estimate(res, human ? NULL : "random", name, &s->sd, ncells, 0);
}

/* The notes every model table carries: --where, the design's, the fit's
 * warnings. */
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

/* Group l of grouping factor g (the only one: g 0): its effect's
 * interval, mode -/+ z_crit x conditional sd, as the effects table gives
 * it and the fit rows count it. */
static void effect_interval(const fit_report *r, size_t g, size_t l, double *lo, double *hi)
{
    const int several = r->d->n_gfactors > 1;
    const double m = several ? r->fit->factor_mode[g][l] : r->fit->mode[l];
    const double sd = several ? r->fit->factor_mode_sd[g][l] : r->fit->mode_sd[l];
    *lo = m - r->s->z_crit * sd;
    *hi = m + r->s->z_crit * sd;
}

/* How many groups of factor g have an effect whose interval (the effects
 * table's) lies wholly above 0 (side > 0), wholly below (side < 0), or
 * either (side 0). */
static double groups_clear(const fit_report *r, size_t g, int side)
{
    const size_t L = r->d->n_gfactors > 1 ? r->d->gfactors[g].n_levels : r->d->n_groups;
    size_t n = 0;
    for (size_t l = 0; l < L; l++) {
        double lo, hi;
        effect_interval(r, g, l, &lo, &hi);
        n += side > 0 ? lo > 0 : side < 0 ? hi < 0 : lo > 0 || hi < 0;
    }
    return (double)n;
}

/* The fit rows of grouping factor g: groups, mean_per_group (n / groups)
 * and the groups_excluding_zero, _above_zero and _below_zero counts. */
#define GROUP_ROWS 5
static const char *const group_rows[GROUP_ROWS] = {
    "groups", "mean_per_group", "groups_excluding_zero", "groups_above_zero",
    "groups_below_zero"};
static double group_row(const fit_report *r, size_t g, size_t levels, size_t which)
{
    static const int side[GROUP_ROWS] = {0, 0, 0, 1, -1};
    return which == 0   ? (double)levels
           : which == 1 ? (double)r->s->n / (double)levels
                        : groups_clear(r, g, side[which]);
}

/* Whether name is one of group_rows. */
static int is_group_row(const char *name)
{
    for (size_t i = 0; i < GROUP_ROWS; i++)
        if (strcmp(name, group_rows[i]) == 0)
            return 1;
    return 0;
}

/* With several grouping factors, each of group_rows as NAME(G) for each. */
static int add_factor_groups(icstat_result *res, const fit_report *r, const char *kind)
{
    for (size_t g = 0; g < GROUP_ROWS * r->d->n_gfactors; g++) {
        char name[512], buf[64];
        const size_t f = g / GROUP_ROWS, which = g % GROUP_ROWS;
        const double v = group_row(r, f, r->d->gfactors[f].n_levels, which);
        snprintf(name, sizeof name, "%s(%s)", group_rows[which], r->d->gfactors[f].name);
        if (kind) {
            double v6[6] = {v, NAN, NAN, NAN, NAN, NAN};
            if (add_row(res, kind, name, v6, 6) != 0)
                return -1;
            continue;
        }
        snprintf(buf, sizeof buf, which == 1 ? "%.2f" : "%.0f", v);
        long row = icstat_result_add_row(res);
        if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, name) != 0 ||
            icstat_result_set_text(res, (size_t)row, 1, buf) != 0)
            return -1;
    }
    return 0;
}

/* The fit statistics: with a kind, machine rows with the value in
 * estimate; without, two text columns for people (counts without
 * decimals, yes/no for convergence). */
static int add_fit_rows(icstat_result *res, const fit_report *r, const char *kind)
{
    const icstat_clm_fit *f = r->fit;
    const icstat_clm_summary *s = r->s;
    const struct { const char *name; double v; int whole; } rows[] = {
        {"loglik", s->loglik, 0},
        {"aic", s->aic, 0},
        {"bic", s->bic, 0},
        {"n", (double)s->n, 1},
        /* groups, n / groups, and the effects whose interval (the effects
         * table's, at --conf) excludes 0, lies above or below it: the
         * report's "inspections per inspector" and "intervals that exclude
         * 0" (issue 17) */
        {"groups", f->mixed ? group_row(r, 0, r->d->n_groups, 0) : NAN, 1},
        {"mean_per_group", f->mixed ? group_row(r, 0, r->d->n_groups, 1) : NAN, 0},
        {"groups_excluding_zero", f->mixed ? group_row(r, 0, r->d->n_groups, 2) : NAN, 1},
        {"groups_above_zero", f->mixed ? group_row(r, 0, r->d->n_groups, 3) : NAN, 1},
        {"groups_below_zero", f->mixed ? group_row(r, 0, r->d->n_groups, 4) : NAN, 1},
        {"iterations", (double)f->iterations, 1},
        {"converged", (double)f->converged, 1},
        {"warnings", (double)f->n_warnings, 1},
        {"dropped_first", (double)r->d->n_first, 1}, /* with --lag-previous only */
    };
    const size_t nrows = sizeof rows / sizeof *rows - (r->d->n_first || r->lag ? 0 : 1);
    for (size_t i = 0; i < nrows; i++) {
        if (s->n_factors > 1 && is_group_row(rows[i].name)) {
            /* one NAME(G) of each per factor, in place of the first */
            if (strcmp(rows[i].name, group_rows[0]) == 0 && add_factor_groups(res, r, kind) != 0)
                return -1;
            continue;
        }
        if (kind) {
            double v[6] = {rows[i].v, NAN, NAN, NAN, NAN, NAN};
            if (add_row(res, kind, rows[i].name, v, 6) != 0)
                return -1;
            continue;
        }
        char buf[64];
        if (strcmp(rows[i].name, "converged") == 0)
            snprintf(buf, sizeof buf, "%s", rows[i].v ? "yes" : "no");
        else if (strcmp(rows[i].name, "groups") == 0 && !f->mixed)
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

/* The last row's estimate is a p-value (lr_p_value): shown as one in
 * text and md ("<0.0001"), the number in csv, tsv and json. */
static void mark_p(icstat_result *res, const char *kind, double p)
{
    icstat_result_set_p(res, icstat_result_nrow(res) - 1, kind ? 2 : 1, p);
}

/* With several grouping factors: per factor latent_icc(G),
 * median_odds_ratio(G), lr_stat(G), lr_p_value(G); the agreement rows
 * follow in add_derived_rows. */
static int add_factor_derived_rows(icstat_result *res, const fit_report *r, const char *kind,
                                   size_t ncells)
{
    const icstat_clm_summary *s = r->s;
    for (size_t g = 0; g < s->n_factors; g++) {
        const icstat_clm_estimate *icc = &s->f_latent_icc[g], *mor = &s->f_median_odds_ratio[g];
        const struct { const char *name; double est, low, high; } rows[] = {
            {"latent_icc", icc->estimate, icc->ci_low, icc->ci_high},
            {"median_odds_ratio", mor->estimate, mor->ci_low, mor->ci_high},
            {"lr_stat", s->f_lr_stat[g], NAN, NAN},
            {"lr_p_value", s->f_lr_p_value[g], NAN, NAN},
        };
        for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
            char name[512];
            snprintf(name, sizeof name, "%s(%s)", rows[i].name, r->d->gfactors[g].name);
            double v6[6] = {rows[i].est, NAN, NAN, NAN, rows[i].low, rows[i].high};
            double v3[3] = {rows[i].est, rows[i].low, rows[i].high};
            if (add_row(res, kind, name, kind ? v6 : v3, ncells) != 0)
                return -1;
            if (strcmp(rows[i].name, "lr_p_value") == 0)
                mark_p(res, kind, rows[i].est);
        }
    }
    return 0;
}

/* What the random effect means (mixed models) and the agreement between
 * inspectors (with a group or inspector terms): with a kind, machine rows
 * of ncells (6) numbers; without, estimate and interval (3). */
static int add_derived_rows(icstat_result *res, const fit_report *r, const char *kind,
                            size_t ncells)
{
    const icstat_clm_summary *s = r->s;
    if (s->n_factors > 1 && add_factor_derived_rows(res, r, kind, ncells) != 0)
        return -1;
    const int one = s->mixed && s->n_factors <= 1; /* one grouping factor */
    const icstat_clm_estimate *ag = s->agreement.est;
    const struct { const char *name; icstat_clm_estimate e; int show; } rows[] = {
        {"latent_icc", s->latent_icc, one},
        {"median_odds_ratio", s->median_odds_ratio, one},
        {"lr_stat", {s->lr_stat, NAN, NAN, NAN, NAN, NAN}, one},
        {"lr_p_value", {s->lr_p_value, NAN, NAN, NAN, NAN, NAN}, one},
        {"inspector_agreement", ag[ICSTAT_CLM_INSPECTOR_AGREEMENT], s->has_agreement},
        {"inspector_kappa", ag[ICSTAT_CLM_INSPECTOR_KAPPA], s->has_agreement},
        {"implied_agreement", ag[ICSTAT_CLM_IMPLIED_AGREEMENT], s->has_agreement},
        {"implied_kappa", ag[ICSTAT_CLM_IMPLIED_KAPPA], s->has_agreement},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        const icstat_clm_estimate *e = &rows[i].e;
        double v6[6] = {e->estimate, e->se, NAN, NAN, e->ci_low, e->ci_high};
        double v3[3] = {e->estimate, e->ci_low, e->ci_high};
        if (!rows[i].show)
            continue;
        if (add_row(res, kind, rows[i].name, kind ? v6 : v3, ncells) != 0)
            return -1;
        if (strcmp(rows[i].name, "lr_p_value") == 0)
            mark_p(res, kind, e->estimate);
    }
    /* The headline as a report states it, so that no reader (or script)
     * subtracts: how often the grade would change, 1 - each agreement,
     * its interval the agreement's reversed (the same se). */
    const struct { const char *name; icstat_clm_estimate e; } change[] = {
        {"inspector_change", ag[ICSTAT_CLM_INSPECTOR_AGREEMENT]},
        {"implied_change", ag[ICSTAT_CLM_IMPLIED_AGREEMENT]},
    };
    for (size_t i = 0; s->has_agreement && i < sizeof change / sizeof *change; i++) {
        const icstat_clm_estimate *e = &change[i].e;
        double v6[6] = {1.0 - e->estimate, e->se, NAN, NAN, 1.0 - e->ci_high, 1.0 - e->ci_low};
        double v3[3] = {1.0 - e->estimate, 1.0 - e->ci_high, 1.0 - e->ci_low};
        if (add_row(res, kind, change[i].name, kind ? v6 : v3, ncells) != 0)
            return -1;
    }
    return 0;
}

/* Why an agreement row has no interval, or a narrower one than it might:
 * notes for either table. */
static int add_agreement_notes(icstat_result *res, const fit_report *r)
{
    const icstat_clm_summary *s = r->s;
    const char *g = r->d->group_name ? r->d->group_name : "inspector";
    if (!s->has_agreement)
        return 0;
    if (s->agreement.inspector_fixed &&
        icstat_result_add_note(res, "inspector_agreement and inspector_kappa are 1 with no "
                                    "interval: the '%s' variance is at its boundary 0 and no "
                                    "term is an inspector characteristic, so in the fitted "
                                    "model every inspector grades an inspection alike", g) != 0)
        return -1;
    if (s->agreement.boundary && !s->agreement.inspector_fixed &&
        icstat_result_add_note(res, "the agreement intervals leave out the uncertainty of the "
                                    "'%s' variance, estimated at its boundary 0", g) != 0)
        return -1;
    if (r->s->n_factors == 2 &&
        icstat_result_add_note(res, "with two grouping factors the first ('%s') is the "
                                    "inspector drawn again and the second ('%s') the school, "
                                    "whose effect implied_agreement holds fixed (two "
                                    "inspections of the same school) at its estimated sd, "
                                    "taken as known in the intervals",
                               g, r->d->gfactors[1].name) != 0)
        return -1;
    if (!r->fit->mixed &&
        icstat_result_add_note(res, "no --group: inspector_agreement draws the inspector "
                                    "characteristics as the rows have them (inspectors "
                                    "weighted by their inspections), with no random effect") != 0)
        return -1;
    return 0;
}

/* The model table's title: what was fitted to what, and how. */
static const char *model_name(const fit_report *r, char *buf, size_t len)
{
    const icstat_design *d = r->d;
    if (r->fit->mixed && r->s->n_factors > 1) {
        size_t at = (size_t)snprintf(buf, len, "Cumulative link mixed model, %s link, of '%s' "
                                     "in %s: %zu rows, ", icstat_link_name(r->link),
                                     d->outcome_name, r->path, d->n);
        for (size_t g = 0; g < d->n_gfactors && at < len; g++)
            at += (size_t)snprintf(buf + at, len - at, "%s%zu groups ('%s')",
                                   g == 0 ? "" : g + 1 < d->n_gfactors ? ", " : " and ",
                                   d->gfactors[g].n_levels, d->gfactors[g].name);
        if (at < len)
            snprintf(buf + at, len - at, "%s; Laplace approximation",
                     d->n_gfactors > 2 ? ""
                     : d->nesting == ICSTAT_GROUPS_CROSSED ? ", crossed" : ", nested");
        return buf;
    }
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

/* The machine table's last four columns, from each row as made: conf on
 * every row with an interval (--conf: every interval fit writes is at
 * that level); odds_ratio, or_ci_low and or_ci_high, exp of the
 * estimate and its interval, on the coefficients under the logit link
 * (log odds ratios), NA elsewhere: thresholds and the other links'
 * coefficients are not log odds ratios.  0 (it allocates nothing; an int
 * to sit in the chain of the table's steps). */
static int add_machine_extras(icstat_result *res, const fit_report *r)
{
    const int logit = r->link == ICSTAT_LINK_LOGIT;
    for (size_t i = 0; i < icstat_result_nrow(res); i++) {
        const char *kind = icstat_result_text(res, i, 0);
        const double est = icstat_result_num(res, i, 2), lo = icstat_result_num(res, i, 6),
                     hi = icstat_result_num(res, i, 7);
        const int odds = logit && kind && strcmp(kind, "coef") == 0;
        icstat_result_set_num(res, i, 8, isfinite(lo) || isfinite(hi) ? r->conf : NAN);
        icstat_result_set_num(res, i, 9, odds ? exp(est) : NAN);
        icstat_result_set_num(res, i, 10, odds ? exp(lo) : NAN);
        icstat_result_set_num(res, i, 11, odds ? exp(hi) : NAN);
    }
    return 0;
}

/* csv, tsv, json: the contract's one table. */
/* A row kind 'reference' for each categorical main effect, its term
 * "NAME=LEVEL" naming the level its coefficients are against (numbers
 * NA), so that a reader of the csv (a forest chart) can say "M vs F"
 * rather than "gender=M". */
static int add_reference_rows(icstat_result *res, const fit_report *r)
{
    static const double na[6] = {NAN, NAN, NAN, NAN, NAN, NAN};
    const icstat_design *d = r->d;
    for (size_t t = 0; t < d->n_terms; t++) {
        const icstat_term *term = &d->terms[t];
        if (!term->categorical || term->n_parts || term->n_levels < 1)
            continue;
        char name[1024];
        snprintf(name, sizeof name, "%s=%s", term->name, term->levels[0]);
        if (add_row(res, "reference", name, na, 6) != 0)
            return -1;
    }
    return 0;
}

static icstat_result *machine_result(const fit_report *r)
{
    char title[1024];
    icstat_result *res =
        icstat_result_alloc(model_name(r, title, sizeof title), machine_cols, MACHINE_NCOL);
    if (!res || add_parameter_rows(res, r, 0) != 0 || add_fit_rows(res, r, "fit") != 0 ||
        add_derived_rows(res, r, "derived", 6) != 0 || fit_test_rows(res, r) != 0 ||
        add_reference_rows(res, r) != 0 || add_machine_extras(res, r) != 0 ||
        add_notes(res, r) != 0 ||
        add_agreement_notes(res, r) != 0) {
        icstat_result_free(res);
        return NULL;
    }
    return res;
}

/* What the rows of several factors mean, for people. */
static int factors_note(icstat_result *res, const fit_report *r)
{
    const int logit = r->link == ICSTAT_LINK_LOGIT;
    return icstat_result_add_note(
        res,
        "latent_icc(G): share of the latent variance that lies between the groups of G (the "
        "variances of all grouping factors and the latent residual together); "
        "median_odds_ratio(G): the median odds ratio between the harsher and the more lenient "
        "of two groups of G%s; lr_stat(G), lr_p_value(G): test of no variance between the "
        "groups of G, against the model refitted without G by the same Laplace approximation "
        "(p halved for the boundary); the likelihood is the Laplace approximation (adaptive "
        "quadrature is for one grouping factor)",
        logit ? "" : " (logit link only)");
}

/* text and md: a table to paste (odds ratios for logit), then the fit and
 * (mixed) what the random effect means, into out[0..2]. */
static int human_results(const fit_report *r, icstat_result **out)
{
    const icstat_design *d = r->d;
    const icstat_clm_summary *s = r->s;
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
    if (!out[0] || add_parameter_rows(out[0], r, 1) != 0)
        return -1;
    if (icstat_result_add_note(out[0], "%g%% Wald intervals%s; a positive coefficient moves "
                                       "towards the higher categories (towards '%s'); z, "
                                       "p_value%s apply to coefficients only (NA for the "
                                       "thresholds%s)",
                               100.0 * s->conf,
                               s->mixed ? ", for the random effect from the log-sd scale" : "",
                               d->cat_labels[d->k - 1], logit ? " and odds ratios" : "",
                               s->mixed ? " and the random effect" : "") != 0)
        return -1;

    static const icstat_col_spec fit_cols[] = {{"statistic", ICSTAT_COL_TEXT, 0},
                                               {"value", ICSTAT_COL_TEXT, 0}};
    out[1] = icstat_result_alloc("Model fit", fit_cols, 2);
    if (!out[1] || add_fit_rows(out[1], r, NULL) != 0)
        return -1;
    if (!s->mixed && !s->has_agreement)
        return add_notes(out[1], r);

    static const icstat_col_spec der_cols[] = {{"statistic", ICSTAT_COL_TEXT, 0},
                                               {"estimate", ICSTAT_COL_NUM, 4},
                                               {"ci_low", ICSTAT_COL_NUM, 4},
                                               {"ci_high", ICSTAT_COL_NUM, 4}};
    if (s->n_factors > 1) {
        size_t at = (size_t)snprintf(title, sizeof title, "How much");
        for (size_t g = 0; g < d->n_gfactors && at < sizeof title; g++)
            at += (size_t)snprintf(title + at, sizeof title - at, "%s '%s'",
                                   g == 0 ? "" : g + 1 < d->n_gfactors ? "," : " and",
                                   d->gfactors[g].name);
        if (at < sizeof title)
            snprintf(title + at, sizeof title - at, " matter");
    } else
        snprintf(title, sizeof title, "How much '%s' matters",
                 d->group_name ? d->group_name : "the inspector");
    out[2] = icstat_result_alloc(title, der_cols, 4);
    if (!out[2] || add_derived_rows(out[2], r, NULL, 3) != 0)
        return -1;
    if (s->n_factors > 1 && factors_note(out[2], r) != 0)
        return -1;
    if (s->mixed && s->n_factors <= 1 &&
        icstat_result_add_note(
            out[2],
            "latent_icc: share of the latent variance that lies between groups ('%s'); "
            "median_odds_ratio: the median odds ratio between the harsher and the more "
            "lenient of two groups%s; lr_stat, lr_p_value: test of no variance between "
            "groups (p halved for the boundary)",
            d->group_name, logit ? "" : " (logit link only)") != 0)
        return -1;
    if (icstat_result_add_note(
            out[2],
            "inspector_agreement: chance that two inspectors drawn from the fitted population "
            "give the same inspection the same grade (the school's latent value held fixed, "
            "only the inspector drawn again: 1 minus it is how often the grade would change "
            "with another inspector, from inspectors' consistent differences alone); "
            "implied_agreement: chance that two independent inspections of the same school "
            "agree, everything the model does not explain counting as disagreement (a lower "
            "bound on agreement); the kappas: the same beyond chance; %g%% delta-method "
            "intervals",
            100.0 * s->conf) != 0 ||
        add_agreement_notes(out[2], r) != 0 || add_notes(out[2], r) != 0)
        return -1;
    return 0;
}
/* One grouping factor's rows of an effects table (with `factor`, its
 * name in a first column): each level's rows, mode, conditional sd,
 * interval, with `conf` the interval's level (as the model table's conf),
 * and rank.  -1 without memory. */
static int add_effect_rows(icstat_result *res, const fit_report *r, size_t g, int factor,
                           int conf)
{
    const icstat_design *d = r->d;
    const icstat_clm_fit *f = r->fit;
    const int several = d->n_gfactors > 1;
    const size_t L = several ? d->gfactors[g].n_levels : d->n_groups;
    const double *mode = several ? f->factor_mode[g] : f->mode;
    const double *sd = several ? f->factor_mode_sd[g] : f->mode_sd;
    size_t *rank = malloc((L ? L : 1) * sizeof *rank);
    if (!rank || icstat_clm_factor_ranks(f, g, rank) != 0) {
        free(rank);
        return -1;
    }
    int st = 0;
    for (size_t l = 0; l < L && st == 0; l++) {
        const double m = mode[l], s = sd[l];
        double lo, hi;
        effect_interval(r, g, l, &lo, &hi);
        const size_t n = several ? d->gfactors[g].count[l]
                                 : d->group_start[l + 1] - d->group_start[l];
        const int odds = r->link == ICSTAT_LINK_LOGIT;
        /* conf after ci_high in the machine formats only; the odds ratios
         * (exp of effect and its interval) under the logit link only */
        double v[10];
        size_t nv = 0;
        v[nv++] = (double)n, v[nv++] = m, v[nv++] = s, v[nv++] = lo, v[nv++] = hi;
        if (conf)
            v[nv++] = isfinite(lo) || isfinite(hi) ? r->conf : NAN;
        v[nv++] = (double)rank[l];
        v[nv++] = odds ? exp(m) : NAN, v[nv++] = odds ? exp(lo) : NAN;
        v[nv++] = odds ? exp(hi) : NAN;
        const long row = icstat_result_add_row(res);
        size_t c = 0;
        if (row < 0 ||
            (factor && icstat_result_set_text(res, (size_t)row, c++, d->gfactors[g].name) != 0) ||
            icstat_result_set_text(res, (size_t)row, c++,
                                   several ? d->gfactors[g].labels[l] : d->group_labels[l]) != 0)
            st = -1;
        for (size_t j = 0; j < nv && st == 0; j++)
            icstat_result_set_num(res, (size_t)row, c + j, v[j]);
    }
    free(rank);
    return st;
}

icstat_result *fit_effects_table(const fit_report *r, int human, size_t factor)
{
    static const icstat_col_spec cols[] = {
        {"factor", ICSTAT_COL_TEXT, 0},
        {"group", ICSTAT_COL_TEXT, 0},   {"n", ICSTAT_COL_INT, 0},
        {"effect", ICSTAT_COL_NUM, 4},   {"se", ICSTAT_COL_NUM, 4},
        {"ci_low", ICSTAT_COL_NUM, 4},   {"ci_high", ICSTAT_COL_NUM, 4},
        {"rank", ICSTAT_COL_INT, 0},
        /* the effect and its interval as odds ratios, exp of each, under
         * the logit link (NA under the others), for readers of odds */
        {"odds_ratio", ICSTAT_COL_NUM, 3}, {"or_ci_low", ICSTAT_COL_NUM, 3},
        {"or_ci_high", ICSTAT_COL_NUM, 3},
    };
    /* csv, tsv and json: conf, the level of the interval, after ci_high
     * (as the model table has it), so that a chart reads it. */
    static const icstat_col_spec machine[] = {
        {"factor", ICSTAT_COL_TEXT, 0},
        {"group", ICSTAT_COL_TEXT, 0},   {"n", ICSTAT_COL_INT, 0},
        {"effect", ICSTAT_COL_NUM, 4},   {"se", ICSTAT_COL_NUM, 4},
        {"ci_low", ICSTAT_COL_NUM, 4},   {"ci_high", ICSTAT_COL_NUM, 4},
        {"conf", ICSTAT_COL_NUM, 3},     {"rank", ICSTAT_COL_INT, 0},
        {"odds_ratio", ICSTAT_COL_NUM, 3}, {"or_ci_low", ICSTAT_COL_NUM, 3},
        {"or_ci_high", ICSTAT_COL_NUM, 3},
    };
    const icstat_design *d = r->d;
    const int all = factor == FIT_EFFECTS_ALL && d->n_gfactors > 1;
    char title[1024];
    if (all) {
        int len = snprintf(title, sizeof title, "Conditional modes of the effects of");
        for (size_t g = 0; g < d->n_gfactors && len >= 0 && (size_t)len < sizeof title; g++)
            len += snprintf(title + len, sizeof title - (size_t)len, "%s '%s' (%zu groups)",
                            g == 0 ? "" : g + 1 < d->n_gfactors ? "," : " and",
                            d->gfactors[g].name, d->gfactors[g].n_levels);
        if (len >= 0 && (size_t)len < sizeof title)
            snprintf(title + len, sizeof title - (size_t)len, "; %g%% intervals",
                     100.0 * r->s->conf);
    } else {
        const size_t g = factor == FIT_EFFECTS_ALL ? 0 : factor;
        snprintf(title, sizeof title,
                 "Conditional modes of the '%s' effects (%zu groups); %g%% intervals",
                 d->n_gfactors > 1 ? d->gfactors[g].name : d->group_name,
                 d->n_gfactors > 1 ? d->gfactors[g].n_levels : d->n_groups,
                 100.0 * r->s->conf);
    }
    const icstat_col_spec *use = human ? cols : machine;
    icstat_result *res =
        icstat_result_alloc(title, all ? use : use + 1, (all ? 11 : 10) + (human ? 0 : 1));
    if (!res)
        return NULL;
    for (size_t g = 0; g < (all ? d->n_gfactors : 1); g++)
        if (add_effect_rows(res, r, all ? g : factor == FIT_EFFECTS_ALL ? 0 : factor, all,
                            !human) != 0)
            goto nomem;
    if (human && icstat_result_add_note(res, "effect: the group's shift of the latent scale (positive "
                                    "towards '%s'); se: conditional sd; rank 1 = largest effect%s",
                               d->cat_labels[d->k - 1],
                               all ? " within its factor" : "") != 0)
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

/* What the margins of term t set and average over: the note for people.
 * 0, or -1 when out of memory. */
static int margins_notes(icstat_result *res, const icstat_design *d, const icstat_term *t)
{
    /* An interaction's parts, or the term and every interaction it is in. */
    char set[256] = "";
    for (size_t i = 0; i < t->n_parts; i++)
        snprintf(set + strlen(set), sizeof set - strlen(set), "%s'%s'",
                 i == 0 ? "" : i + 1 < t->n_parts ? ", " : " and ", d->terms[t->parts[i]].name);
    size_t within = 0;
    for (size_t j = 0; j < d->n_terms && !t->n_parts; j++)
        for (size_t i = 0; i < d->terms[j].n_parts; i++)
            within += d->terms[j].parts[i] == (size_t)(t - d->terms);
    if (t->n_parts)
        return icstat_result_add_note(res, "every row set to each combination of levels of %s "
                                           "in turn, in every term involving them, other "
                                           "columns as observed; intervals on the logit scale",
                                      set);
    if (within)
        return icstat_result_add_note(res, "every row set to each level of '%s' in turn, in its "
                                           "interactions too (which follow the row's own levels "
                                           "of their other parts), other columns as observed; "
                                           "intervals on the logit scale", t->name);
    return icstat_result_add_note(res, "every row set to each level of '%s' in turn, other "
                                       "columns as observed; intervals on the logit scale",
                                  t->name);
}

/* One row of the margins table; with a column conf (the machine
 * formats' sixth), conf there when the row has an interval, NA when not.
 * 0, or -1 when out of memory. */
static int margin_row(icstat_result *res, const char *level, const char *category, double p,
                      double lo, double hi, double conf)
{
    const long row = icstat_result_add_row(res);
    if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, level) != 0 ||
        icstat_result_set_text(res, (size_t)row, 1, category) != 0)
        return -1;
    icstat_result_set_num(res, (size_t)row, 2, p);
    icstat_result_set_num(res, (size_t)row, 3, lo);
    icstat_result_set_num(res, (size_t)row, 4, hi);
    if (icstat_result_ncol(res) > 5)
        icstat_result_set_num(res, (size_t)row, 5, isfinite(lo) || isfinite(hi) ? conf : NAN);
    return 0;
}

/* Category j and every one after it, joined by '+' as describe
 * --categories joins merged ones: malloc'd, NULL when out of memory. */
static char *tail_name(const icstat_design *d, size_t j)
{
    size_t len = 1;
    for (size_t i = j; i < d->k; i++)
        len += strlen(d->cat_labels[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = j; i < d->k; i++) {
        if (i > j)
            strcat(s, "+");
        strcat(s, d->cat_labels[i]);
    }
    return s;
}

/* The --margins table: each level's average predicted probability of each
 * category with its interval (an interaction's levels "female:Primary"). */
static icstat_result *margins_result(const fit_report *r, size_t term,
                                     const icstat_clm_margins *m, int human)
{
    static const icstat_col_spec cols[] = {
        {"level", ICSTAT_COL_TEXT, 0},       {"category", ICSTAT_COL_TEXT, 0},
        {"probability", ICSTAT_COL_NUM, 4},  {"ci_low", ICSTAT_COL_NUM, 4},
        {"ci_high", ICSTAT_COL_NUM, 4},
        /* csv, tsv and json: the level, which no chart can read back from
         * intervals made on the logit scale. */
        {"conf", ICSTAT_COL_NUM, 3},
    };
    const icstat_design *d = r->d;
    const icstat_term *t = &d->terms[term];
    char title[512];
    snprintf(title, sizeof title,
             "Average predicted probability of each '%s' category by '%s' (%zu rows%s); %g%% "
             "delta-method intervals",
             d->outcome_name, t->name, d->n,
             !r->fit->mixed             ? ""
             : r->fit->n_sigma > 1 ? ", the random effects integrated out (their sum: normal "
                                     "with the sum of their variances)"
                                   : ", random effect integrated out",
             100.0 * r->s->conf);
    icstat_result *res = icstat_result_alloc(title, cols, human ? 5 : 6);
    if (!res)
        return NULL;
    for (size_t l = 0; l < m->n_levels; l++) {
        for (size_t j = 0; j < m->k; j++) {
            const size_t i = l * m->k + j;
            if (margin_row(res, m->labels[l], d->cat_labels[j], m->prob[i], m->ci_low[i],
                           m->ci_high[i], r->conf) != 0)
                goto nomem;
        }
        /* --margins-tails: "B+C+D", "C+D", ... (the last alone is its own
         * row, the first's tail is 1). */
        for (size_t j = 1; r->margins_tails && j + 1 < m->k; j++) {
            const size_t i = l * m->k + j;
            char *name = tail_name(d, j);
            const int bad = !name || margin_row(res, m->labels[l], name, m->tail[i],
                                                m->tail_low[i], m->tail_high[i], r->conf) != 0;
            free(name);
            if (bad)
                goto nomem;
        }
    }
    if (human && margins_notes(res, d, t) != 0)
        goto nomem;
    if (r->margins_tails && m->k > 2 &&
        icstat_result_add_note(res, "A+B+...: a category and every one after it ('%s+%s': "
                                    "'%s' or after), the sum of their probabilities, with an "
                                    "interval from the summed gradients",
                               d->cat_labels[m->k - 2], d->cat_labels[m->k - 1],
                               d->cat_labels[m->k - 2]) != 0)
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

icstat_format fit_effects_format(const char *path, icstat_format fallback)
{
    const char *dot = strrchr(path, '.');
    int k = dot && strcmp(dot + 1, "txt") != 0 ? icstat_format_lookup(dot + 1) : -1;
    return k >= 0 ? (icstat_format)k : fallback;
}

int fit_model_tables(const fit_report *r, int human, const icstat_clm_margins *mg,
                     size_t margin_term, icstat_result **res, size_t *nres)
{
    *nres = 0;
    if (human) {
        const int st = human_results(r, res);
        *nres = r->fit->mixed || r->s->has_agreement ? 3 : 2;
        if (st != 0)
            return -1;
        if (mg && !(res[(*nres)++] = margins_result(r, margin_term, mg, 1)))
            return -1;
        return fit_test_tables(r, res, nres);
    }
    /* csv, tsv, json: one table, the margins' when asked for (with the
     * model's notes, which still apply). */
    if (mg) {
        if (!(res[(*nres)++] = margins_result(r, margin_term, mg, 0)))
            return -1;
        return add_notes(res[0], r);
    }
    return (res[(*nres)++] = machine_result(r)) != NULL ? 0 : -1;
}
