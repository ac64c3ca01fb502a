/* sim_truth.c — the effects a spec draws with, as a table (`icstat
 * simulate --truth`): what a fit of the simulated data should recover,
 * named as `icstat fit` names its terms and given both as log odds ratios
 * (the spec's numbers) and as odds ratios, so that a report quotes the
 * truth beside the estimate without computing either. */
#include <math.h>
#include <stdio.h>

#include "icstat/simulate.h"

/* One row: term, boundary (NULL: every boundary), the log odds ratio and
 * its exponential.  -1 when out of memory. */
static int truth_row(icstat_result *res, const char *term, const char *boundary, double b)
{
    long row = icstat_result_add_row(res);
    if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, term) != 0 ||
        icstat_result_set_text(res, (size_t)row, 1, boundary ? boundary : "all") != 0)
        return -1;
    icstat_result_set_num(res, (size_t)row, 2, b);
    icstat_result_set_num(res, (size_t)row, 3, exp(b));
    return 0;
}

/* The rows of one level of a characteristic with levels: one row, or one
 * per boundary when its spec line gave a value per threshold (some
 * threshold-specific effect not 0).  -1 when out of memory. */
static int truth_level(icstat_result *res, const icstat_sim_spec *s, const icstat_sim_var *v,
                       size_t l)
{
    char term[512], boundary[512];
    const size_t k1 = s->k - 1;
    snprintf(term, sizeof term, "%s=%s", v->name, v->levels[l]);
    int per_cut = 0;
    for (size_t j = 0; v->cut_effects && j < k1; j++)
        per_cut |= v->cut_effects[l * k1 + j] != 0.0;
    if (!per_cut)
        return truth_row(res, term, NULL, v->effects[l]);
    for (size_t j = 0; j < k1; j++) {
        snprintf(boundary, sizeof boundary, "%s|%s", s->categories[j], s->categories[j + 1]);
        if (truth_row(res, term, boundary, v->effects[l] + v->cut_effects[l * k1 + j]) != 0)
            return -1;
    }
    return 0;
}

int icstat_sim_truth(const icstat_sim_spec *s, icstat_result **out, icstat_error *err)
{
    static const icstat_col_spec cols[] = {
        {"term", ICSTAT_COL_TEXT, 0},
        {"boundary", ICSTAT_COL_TEXT, 0},
        {"log_odds_ratio", ICSTAT_COL_NUM, 4},
        {"odds_ratio", ICSTAT_COL_NUM, 4},
    };
    char title[600];
    snprintf(title, sizeof title, "The effects %s draws with (SYNTHETIC data's truth)", s->path);
    icstat_result *res = *out = icstat_result_alloc(title, cols, 4);
    int bad = !res;
    for (size_t i = 0; !bad && i < s->n_vars; i++) {
        const icstat_sim_var *v = &s->vars[i];
        if (v->dist != ICSTAT_SIM_LEVELS)
            bad = truth_row(res, v->name, NULL, v->effect) != 0;
        for (size_t l = 1; !bad && v->dist == ICSTAT_SIM_LEVELS && l < v->n_levels; l++)
            bad = truth_level(res, s, v, l) != 0;
    }
    char term[512];
    for (size_t j = 0; !bad && s->previous && j < s->k; j++) {
        snprintf(term, sizeof term, "previous=%s", s->categories[j]);
        bad = truth_row(res, term, NULL, s->previous[j]) != 0;
    }
    if (!bad && s->previous)
        bad = icstat_result_add_note(res, "previous=GRADE: the effect of the inspector's last "
                                          "grade, as the spec gives it (0 where it gives "
                                          "none); a fit against the first grade estimates "
                                          "its difference from previous=%s",
                                     s->categories[0]) < 0;
    if (bad) {
        icstat_result_free(res);
        *out = NULL;
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    return ICSTAT_OK;
}
