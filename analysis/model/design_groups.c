/* design_groups.c — grouping factors beyond the first: a school's URN as
 * well as its inspector.  Each gets a random intercept of its own; they
 * may be crossed (schools inspected by several inspectors, inspectors
 * visiting several schools) or nested (every school within one local
 * authority).  The rows stay stored group by group of the first factor,
 * so every single-factor code path reads the design as before; the
 * further factors are per-row level indices (d->gfactors). */
#include <stdlib.h>
#include <string.h>

#include "icstat/design.h"
#include "icstat/factor.h"
#include "icstat/strlist.h"
#include "design_internal.h"

int design_find_extra_groups(design_ctx *c)
{
    const icstat_design_spec *spec = c->spec;
    const size_t m = spec->n_extra_groups;
    if (!m)
        return ICSTAT_OK;
    if (!spec->group)
        return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                "further grouping columns need a first %s", c->lab.group);
    if (!(c->xgcol = malloc(m * sizeof *c->xgcol)))
        return DESIGN_NOMEM(c->err);
    for (size_t j = 0; j < m; j++) {
        const char *name = spec->extra_groups[j];
        int twice = strcmp(name, spec->group) == 0;
        for (size_t l = 0; l < j && !twice; l++)
            twice = strcmp(spec->extra_groups[l], name) == 0;
        if (twice)
            return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                    "%s names '%s' twice; each grouping column gets one random "
                                    "intercept", c->lab.group, name);
    }
    for (size_t j = 0; j < m; j++) {
        if ((c->xgcol[j] = design_column(c, spec->extra_groups[j], c->lab.group)) < 0)
            return ICSTAT_EDATA;
        const int st = design_all_missing(c, c->xgcol[j], c->lab.group);
        if (st != ICSTAT_OK)
            return st;
    }
    return ICSTAT_OK;
}

int design_is_group(const design_ctx *c, const char *name)
{
    const icstat_design_spec *spec = c->spec;
    if (spec->group && strcmp(spec->group, name) == 0)
        return 1;
    for (size_t j = 0; j < spec->n_extra_groups; j++)
        if (strcmp(spec->extra_groups[j], name) == 0)
            return 1;
    return 0;
}

int design_has_groups(const design_ctx *c, size_t i)
{
    if (c->gcol >= 0 && !c->t->cols[c->gcol].text[i])
        return 0;
    for (size_t j = 0; c->xgcol && j < c->spec->n_extra_groups; j++)
        if (!c->t->cols[c->xgcol[j]].text[i])
            return 0;
    return 1;
}

/* Factor 0 from the design's groups (rows are stored group by group). */
static int first_factor(design_ctx *c, icstat_gfactor *g)
{
    const icstat_design *d = c->d;
    g->n_levels = d->n_groups;
    if (!(g->name = strdup(d->group_name)) ||
        !(g->labels = calloc(d->n_groups ? d->n_groups : 1, sizeof *g->labels)) ||
        !(g->level = malloc((d->n ? d->n : 1) * sizeof *g->level)) ||
        !(g->count = malloc((d->n_groups ? d->n_groups : 1) * sizeof *g->count)))
        return DESIGN_NOMEM(c->err);
    for (size_t l = 0; l < d->n_groups; l++) {
        if (!(g->labels[l] = strdup(d->group_labels[l])))
            return DESIGN_NOMEM(c->err);
        g->count[l] = d->group_start[l + 1] - d->group_start[l];
        for (size_t r = d->group_start[l]; r < d->group_start[l + 1]; r++)
            g->level[r] = l;
    }
    return ICSTAT_OK;
}

/* A further factor: its levels over the rows kept, and each row's. */
static int extra_factor(design_ctx *c, size_t j, icstat_gfactor *g)
{
    const icstat_design *d = c->d;
    icstat_factor f = {0};
    int st = icstat_factor_build(&c->t->cols[c->xgcol[j]], c->N, c->use, &f, c->err);
    if (st == ICSTAT_OK) {
        g->n_levels = f.n_levels;
        g->labels = f.levels;
        g->count = f.count;
        f.levels = NULL;
        f.count = NULL;
        if (!(g->name = strdup(c->spec->extra_groups[j])) ||
            !(g->level = malloc((d->n ? d->n : 1) * sizeof *g->level)))
            st = DESIGN_NOMEM(c->err);
    }
    for (size_t r = 0; st == ICSTAT_OK && r < d->n; r++)
        g->level[r] = (size_t)f.code[c->order[r]];
    icstat_factor_clear(&f);
    return st;
}

/* Whether every level of a lies within one level of b: a[r] determines
 * b[r].  1, 0, or -1 without memory. */
static int nested_in(const icstat_gfactor *a, const icstat_gfactor *b, size_t n)
{
    size_t *owner = malloc((a->n_levels ? a->n_levels : 1) * sizeof *owner);
    if (!owner)
        return -1;
    for (size_t l = 0; l < a->n_levels; l++)
        owner[l] = (size_t)-1;
    int nested = 1;
    for (size_t r = 0; r < n && nested; r++) {
        size_t *o = &owner[a->level[r]];
        if (*o == (size_t)-1)
            *o = b->level[r];
        else if (*o != b->level[r])
            nested = 0;
    }
    free(owner);
    return nested;
}

/* What more than one factor needs to be estimable: each factor two levels
 * or more, not every level a single row (its variance would be the
 * residual's, which an ordinal model identifies only through the link's
 * shape), and no two factors the same partition of the rows. */
static int check_factors(design_ctx *c)
{
    icstat_design *d = c->d;
    for (size_t f = 0; f < d->n_gfactors; f++) {
        const icstat_gfactor *g = &d->gfactors[f];
        if (g->n_levels < 2)
            return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                    "grouping column '%s' has a single level ('%s') among the "
                                    "%zu rows used, so the variance between its groups cannot "
                                    "be estimated; leave it out of %s",
                                    g->name, g->labels[0], d->n, c->lab.group);
        if (g->n_levels == d->n)
            return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                    "every group of '%s' has a single row (%zu groups, %zu "
                                    "rows): the variance between its groups cannot be told "
                                    "apart from the variation within them; leave it out of %s",
                                    g->name, g->n_levels, d->n, c->lab.group);
    }
    for (size_t f = 0; f < d->n_gfactors; f++)
        for (size_t h = f + 1; h < d->n_gfactors; h++) {
            const icstat_gfactor *a = &d->gfactors[f], *b = &d->gfactors[h];
            if (a->n_levels != b->n_levels)
                continue;
            const int ab = nested_in(a, b, d->n);
            if (ab < 0)
                return DESIGN_NOMEM(c->err);
            if (ab)
                return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                        "grouping columns '%s' and '%s' group the rows "
                                        "identically (%zu groups), so their variances cannot "
                                        "be told apart; give one of them to %s",
                                        a->name, b->name, a->n_levels, c->lab.group);
        }
    return ICSTAT_OK;
}

int design_code_groups(design_ctx *c)
{
    icstat_design *d = c->d;
    if (c->gcol < 0)
        return ICSTAT_OK;
    const size_t m = 1 + c->spec->n_extra_groups;
    if (!(d->gfactors = calloc(m, sizeof *d->gfactors)))
        return DESIGN_NOMEM(c->err);
    d->n_gfactors = m;
    int st = first_factor(c, &d->gfactors[0]);
    for (size_t j = 0; st == ICSTAT_OK && j + 1 < m; j++)
        st = extra_factor(c, j, &d->gfactors[j + 1]);
    if (st != ICSTAT_OK || m < 2)
        return st;
    if ((st = check_factors(c)) != ICSTAT_OK)
        return st;
    const int n21 = nested_in(&d->gfactors[1], &d->gfactors[0], d->n);
    const int n12 = nested_in(&d->gfactors[0], &d->gfactors[1], d->n);
    if (n21 < 0 || n12 < 0)
        return DESIGN_NOMEM(c->err);
    d->nesting = n21 ? ICSTAT_GROUPS_NESTED_21 : n12 ? ICSTAT_GROUPS_NESTED_12
                                                    : ICSTAT_GROUPS_CROSSED;
    return ICSTAT_OK;
}

int design_group_notes(design_ctx *c)
{
    icstat_design *d = c->d;
    if (d->n_gfactors < 2)
        return ICSTAT_OK;
    for (size_t f = 1; f < d->n_gfactors; f++) {
        const icstat_gfactor *g = &d->gfactors[f];
        size_t single = 0;
        for (size_t l = 0; l < g->n_levels; l++)
            single += g->count[l] == 1;
        if (single &&
            icstat_strlist_addf(&d->notes, &d->n_notes,
                                "%zu of %zu groups ('%s') have a single row; they add little "
                                "to the estimate of the %s variance",
                                single, g->n_levels, g->name, g->name) != 0)
            return DESIGN_NOMEM(c->err);
    }
    const icstat_gfactor *a = &d->gfactors[0], *b = &d->gfactors[1];
    int st;
    if (d->nesting == ICSTAT_GROUPS_NESTED_21)
        st = icstat_strlist_addf(&d->notes, &d->n_notes,
                                 "grouping: '%s' is nested in '%s' (each of its %zu groups lies "
                                 "within one of the %zu groups of '%s')",
                                 b->name, a->name, b->n_levels, a->n_levels, a->name);
    else if (d->nesting == ICSTAT_GROUPS_NESTED_12)
        st = icstat_strlist_addf(&d->notes, &d->n_notes,
                                 "grouping: '%s' is nested in '%s' (each of its %zu groups lies "
                                 "within one of the %zu groups of '%s')",
                                 a->name, b->name, a->n_levels, b->n_levels, b->name);
    else
        st = icstat_strlist_addf(&d->notes, &d->n_notes,
                                 "grouping: '%s' (%zu groups) and '%s' (%zu groups) are "
                                 "crossed: groups of each meet several groups of the other",
                                 a->name, a->n_levels, b->name, b->n_levels);
    return st != 0 ? DESIGN_NOMEM(c->err) : ICSTAT_OK;
}
