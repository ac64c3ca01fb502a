/* design.c — the model frame of `icstat fit` (design.h): outcome, design
 * matrix and groups, built in named phases over one design_ctx
 * (design_internal.h).  The outcome and the previous judgement are coded
 * in design_outcome.c and design_lag.c, the column checks all three share
 * are in design_column.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/design.h"
#include "icstat/factor.h"
#include "icstat/strlist.h"
#include "design_internal.h"

void icstat_design_free(icstat_design *d)
{
    if (!d)
        return;
    for (size_t j = 0; d->col_names && j < d->p; j++)
        free(d->col_names[j]);
    for (size_t t = 0; d->terms && t < d->n_terms + d->n_hidden; t++) {
        for (size_t l = 0; d->terms[t].levels && l < d->terms[t].n_levels; l++)
            free(d->terms[t].levels[l]);
        free(d->terms[t].levels);
        free(d->terms[t].name);
        free(d->terms[t].parts);
        free(d->terms[t].part_full);
        free(d->terms[t].combo);
    }
    free(d->aux);
    for (size_t k = 0; d->cat_labels && k < d->k; k++)
        free(d->cat_labels[k]);
    for (size_t g = 0; d->group_labels && g < d->n_groups; g++)
        free(d->group_labels[g]);
    free(d->y);
    free(d->x);
    free(d->col_names);
    free(d->terms);
    free(d->outcome_name);
    free(d->cat_labels);
    free(d->cat_count);
    free(d->group_name);
    free(d->group_start);
    free(d->group_labels);
    for (size_t f = 0; d->gfactors && f < d->n_gfactors; f++) {
        icstat_gfactor *g = &d->gfactors[f];
        for (size_t l = 0; g->labels && l < g->n_levels; l++)
            free(g->labels[l]);
        free(g->labels);
        free(g->name);
        free(g->level);
        free(g->count);
    }
    free(d->gfactors);
    free(d->line);
    icstat_strlist_free(&d->notes, &d->n_notes);
    free(d);
}

/* Whether s is one of list[0..n-1]. */
static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* ---- the build's state ------------------------------------------------ */

/* A label the caller left NULL reads as the spec field's own name. */
static icstat_design_labels resolve_labels(const icstat_design_labels *g)
{
    return (icstat_design_labels){
        .outcome = g->outcome ? g->outcome : "outcome",
        .binary = g->binary ? g->binary : "binary",
        .categories = g->categories ? g->categories : "categories",
        .terms = g->terms ? g->terms : "terms",
        .factors = g->factors ? g->factors : "factors",
        .refs = g->refs ? g->refs : "refs",
        .group = g->group ? g->group : "group",
        .lag_previous = g->lag_previous ? g->lag_previous : "lag_previous",
        .inspector_terms = g->inspector_terms ? g->inspector_terms : "inspector_terms",
    };
}

/* The state of one build and its per-row scratch, allocated at once so
 * that a build short of memory fails before it reads anything. */
static int ctx_init(design_ctx *c, const icstat_table *t, const icstat_design_spec *spec,
                    icstat_error *err)
{
    const size_t N = t->nrow, lag = spec->lag_previous != NULL;
    *c = (design_ctx){.t = t, .spec = spec, .lab = resolve_labels(&spec->labels), .err = err,
                      .N = N, .gcol = -1};
    c->d = calloc(1, sizeof *c->d);
    c->ycode = malloc((N ? N : 1) * sizeof *c->ycode);
    if (lag) {
        c->prev = malloc((N ? N : 1) * sizeof *c->prev);
        c->first = malloc(N ? N : 1);
        c->seq = malloc((N ? N : 1) * sizeof *c->seq);
    }
    c->use = malloc(N ? N : 1);
    if (!c->d || !c->ycode || !c->use || (lag && (!c->prev || !c->first || !c->seq)))
        return DESIGN_NOMEM(err);
    c->d->n_read = N;
    return ICSTAT_OK;
}

/* Everything but the design itself. */
static void ctx_clear(design_ctx *c)
{
    for (size_t j = 0; c->src && j < c->nsrc + c->n_hidden; j++)
        icstat_factor_clear(&c->src[j].f);
    free(c->src);
    for (size_t j = 0; j < c->n_mains; j++)
        free(c->mains[j]);
    free(c->mains);
    for (size_t j = 0; j < c->n_hidden; j++)
        free(c->hidden[j]);
    free(c->hidden);
    for (size_t j = 0; c->inter && j < c->n_inter; j++) {
        free(c->inter[j].name);
        free(c->inter[j].parts);
        free(c->inter[j].full);
    }
    free(c->inter);
    icstat_factor_clear(&c->gf);
    free(c->order);
    free(c->ycode);
    free(c->prev);
    free(c->first);
    free(c->seq);
    free(c->use);
    free(c->xgcol);
}

/* ---- the phases, in the order icstat_design_build runs them ------------ */

/* The group column and, with lag_previous, each row's previous judgement
 * (which needs the groups: whose previous judgement?). */
static int find_group(design_ctx *c)
{
    const icstat_design_spec *spec = c->spec;
    int st;
    if (spec->group && (c->gcol = design_column(c, spec->group, c->lab.group)) < 0)
        return ICSTAT_EDATA;
    if (c->gcol >= 0 && (st = design_all_missing(c, c->gcol, c->lab.group)) != ICSTAT_OK)
        return st;
    if ((st = design_find_extra_groups(c)) != ICSTAT_OK)
        return st;
    if (!spec->lag_previous)
        return ICSTAT_OK;
    if (c->gcol < 0)
        return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                "%s needs %s (whose previous judgement?)", c->lab.lag_previous,
                                c->lab.group);
    return design_code_previous(c);
}

/* The column of a main effect or a hidden part called name, and whether
 * it is numbers or levels: numbers written as text must not become
 * categories unasked, and a term may not also be the outcome or the
 * group.  (A term listed twice was refused by design_expand_terms.) */
static int find_term(design_ctx *c, const char *name, design_source *src)
{
    const icstat_design_spec *spec = c->spec;
    if ((src->col = design_column(c, name, "term")) < 0)
        return ICSTAT_EDATA;
    const icstat_column *col = &c->t->cols[src->col];
    int st = design_all_missing(c, src->col, "a term");
    if (st != ICSTAT_OK)
        return st;
    const int factor = in_list(spec->factors, spec->n_factors, name);
    src->categorical = !col->is_numeric || factor;
    if (!col->is_numeric && !factor) {
        char hint[128];
        snprintf(hint, sizeof hint, ", or treat the column as categorical with %s",
                 c->lab.factors);
        if ((st = design_comma_number(c, col, hint)) != ICSTAT_OK)
            return st;
        snprintf(hint, sizeof hint, "; fix it, or treat the column as categorical with %s",
                 c->lab.factors);
        if (design_mostly_numeric(c->t, col))
            return design_not_numeric(c, col, hint);
    }
    if ((spec->outcome && strcmp(name, spec->outcome) == 0) || design_is_group(c, name))
        return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                "'%s' cannot be both a term and the %s", name,
                                design_is_group(c, name) ? "group" : "outcome");
    return ICSTAT_OK;
}

/* Every main effect's source ("previous", after them, is categorical) and
 * every hidden part's, then how the interactions code them. */
static int find_terms(design_ctx *c)
{
    const icstat_design_spec *spec = c->spec;
    for (size_t j = 0; j < c->n_mains + c->n_hidden; j++) {
        const int st = j < c->n_mains ? find_term(c, c->mains[j], &c->src[j])
                                      : find_term(c, c->hidden[j - c->n_mains],
                                                  &c->src[c->nsrc + j - c->n_mains]);
        if (st != ICSTAT_OK)
            return st;
    }
    for (size_t j = 0; j < spec->n_factors; j++)
        if (!in_list((const char *const *)c->mains, c->n_mains, spec->factors[j]) &&
            !in_list((const char *const *)c->hidden, c->n_hidden, spec->factors[j]))
            return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                    "%s names '%s', which is not in %s", c->lab.factors,
                                    spec->factors[j], c->lab.terms);
    for (size_t j = 0; j < spec->n_inspector_terms; j++)
        if (!in_list((const char *const *)c->mains, c->n_mains, spec->inspector_terms[j]) &&
            !in_list((const char *const *)c->hidden, c->n_hidden, spec->inspector_terms[j]))
            return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                    "%s names '%s', which is not in %s",
                                    c->lab.inspector_terms, spec->inspector_terms[j],
                                    c->lab.terms);
    if (spec->lag_previous) {
        c->src[c->n_mains].col = -1;
        c->src[c->n_mains].categorical = 1;
    }
    return design_code_parts(c);
}

/* The rows with everything the model needs (use[]), counting those
 * dropped for a missing value and, with lag_previous, each group's first
 * (which has no previous judgement). */
static int keep_rows(design_ctx *c)
{
    const icstat_table *t = c->t;
    icstat_design *d = c->d;
    for (size_t i = 0; i < c->N; i++) {
        int ok = c->ycode[i] >= 0 && design_has_groups(c, i);
        for (size_t j = 0; j < c->n_mains && ok; j++)
            ok = t->cols[c->src[j].col].text[i] != NULL;
        for (size_t h = 0; h < c->n_hidden && ok; h++)
            ok = t->cols[c->src[c->nsrc + h].col].text[i] != NULL;
        if (c->spec->lag_previous) {
            if (c->first[i]) {
                d->n_first += ok;
                ok = 0;
            }
            ok = ok && c->prev[i] >= 0;
        }
        c->use[i] = (unsigned char)ok;
        d->n_missing += !ok;
    }
    d->n_missing -= d->n_first;
    for (size_t i = 0; i < c->N; i++)
        d->n += c->use[i];
    if (d->n == 0)
        return icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                                "no rows left: every row misses a value the model needs");
    return ICSTAT_OK;
}

/* The rows in each outcome category: a model needs two categories, and a
 * category the spec lists must be observed (one found in the data only in
 * dropped rows is left out later, by drop_unseen_categories). */
static int count_categories(design_ctx *c)
{
    icstat_design *d = c->d;
    if (!(d->cat_count = calloc(d->k ? d->k : 1, sizeof *d->cat_count)))
        return DESIGN_NOMEM(c->err);
    for (size_t i = 0; i < c->N; i++)
        if (c->use[i])
            d->cat_count[c->ycode[i]]++;
    size_t used = 0;
    for (size_t k = 0; k < d->k; k++)
        used += d->cat_count[k] > 0;
    if (used < 2) {
        size_t k0 = 0;
        while (k0 < d->k && !d->cat_count[k0])
            k0++;
        return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                "outcome '%s' has one category ('%s') in all %zu rows used; "
                                "a model needs at least two",
                                d->outcome_name, d->cat_labels[k0], d->n);
    }
    for (size_t k = 0; k < d->k && c->spec->categories; k++)
        if (!d->cat_count[k])
            return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                    "outcome category '%s' is never observed in the %zu rows "
                                    "used, so its thresholds cannot be estimated; leave it out "
                                    "of %s or merge it with a neighbour",
                                    d->cat_labels[k], d->n, c->lab.categories);
    return ICSTAT_OK;
}

/* A numeric term: one design column, refused when it does not vary or is
 * too large to compute with. */
static int numeric_term(design_ctx *c, icstat_term *term, const design_source *src)
{
    const double *v = c->t->cols[src->col].num;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < c->N; i++)
        if (c->use[i]) {
            lo = fmin(lo, v[i]);
            hi = fmax(hi, v[i]);
        }
    if (fmax(fabs(lo), fabs(hi)) > 1e150)
        return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                "term '%s' has values too large to compute with (up to %g); "
                                "rescale it", term->name, fmax(fabs(lo), fabs(hi)));
    if (lo == hi)
        return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                "term '%s' has no variation: it is %g in all %zu rows used",
                                term->name, lo, c->d->n);
    term->ncols = 1;
    return ICSTAT_OK;
}

/* The levels of "previous": the outcome categories seen as a previous
 * judgement, in the outcome's order (not alphabetical). */
static int previous_levels(design_ctx *c, icstat_factor *f)
{
    const icstat_design *d = c->d;
    const size_t N = c->N;
    *f = (icstat_factor){0};
    f->code = malloc((N ? N : 1) * sizeof *f->code);
    f->count = calloc(d->k, sizeof *f->count);
    f->levels = calloc(d->k, sizeof *f->levels);
    long *map = malloc(d->k * sizeof *map);
    int st = ICSTAT_OK;
    if (!f->code || !f->count || !f->levels || !map)
        st = DESIGN_NOMEM(c->err);
    for (size_t i = 0; st == ICSTAT_OK && i < N; i++)
        if (c->use[i])
            f->count[c->prev[i]]++;
    for (size_t k = 0; st == ICSTAT_OK && k < d->k; k++) {
        map[k] = f->count[k] ? (long)f->n_levels : -1;
        if (!f->count[k])
            continue;
        f->count[f->n_levels] = f->count[k];
        if (!(f->levels[f->n_levels++] = strdup(d->cat_labels[k])))
            st = DESIGN_NOMEM(c->err);
    }
    for (size_t i = 0; st == ICSTAT_OK && i < N; i++)
        f->code[i] = c->use[i] ? map[c->prev[i]] : -1;
    free(map);
    return st;
}

/* Put the reference level first: the one a "TERM=LEVEL" of refs names,
 * recoding the rows to match. */
static int apply_ref(const design_ctx *c, icstat_term *term, long *code)
{
    const icstat_design_spec *spec = c->spec;
    const size_t len = strlen(term->name);
    for (size_t r = 0; r < spec->n_refs; r++) {
        const char *s = spec->refs[r];
        if (strncmp(s, term->name, len) != 0 || s[len] != '=')
            continue;
        long ref = -1;
        for (size_t l = 0; l < term->n_levels && ref < 0; l++)
            if (strcmp(term->levels[l], s + len + 1) == 0)
                ref = (long)l;
        if (ref < 0) {
            char have[256] = "";
            for (size_t l = 0; l < term->n_levels && strlen(have) < 200; l++)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s'%s'",
                         l ? ", " : "", term->levels[l]);
            return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                    "%s %s: '%s' has no level '%s' among the rows used "
                                    "(levels: %s)", c->lab.refs, s, term->name, s + len + 1,
                                    have);
        }
        char *lab = term->levels[ref];
        memmove(term->levels + 1, term->levels, (size_t)ref * sizeof *term->levels);
        term->levels[0] = lab;
        for (size_t i = 0; i < c->N; i++)
            if (code[i] == ref)
                code[i] = 0;
            else if (code[i] >= 0 && code[i] < ref)
                code[i]++;
    }
    return ICSTAT_OK;
}

/* A categorical term: its levels over the rows kept (a known scale's words
 * in its order), the reference first, an indicator column for each other
 * level.  Refused without variation, or with so many levels that most
 * effects would rest on a row or two. */
static int categorical_term(design_ctx *c, icstat_term *term, design_source *src)
{
    const size_t n = c->d->n;
    icstat_factor *f = &src->f;
    int st;
    if (src->col < 0)
        st = previous_levels(c, f);
    else if ((st = icstat_factor_build(&c->t->cols[src->col], c->N, c->use, f, c->err)) ==
                 ICSTAT_OK &&
             icstat_factor_order_known(f) != 0)
        st = DESIGN_NOMEM(c->err); /* a known scale's words in its order, the first the reference */
    if (st != ICSTAT_OK)
        return st;
    if (f->n_levels < 2)
        return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                "term '%s' has no variation: it is '%s' in all %zu rows used",
                                term->name, f->levels[0], n);
    /* A level per two rows or fewer: the fit would cost p^3 for nothing (an
     * id column given as a term: a school's URN, an inspector's name).  A
     * handful of levels on a handful of rows costs nothing, and the
     * separation and collinearity checks then name the level at fault. */
    if (f->n_levels > 10 && 2 * f->n_levels > n)
        return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                "term '%s' has %zu levels among the %zu rows used, more than "
                                "one level for every two rows, so most levels' effects cannot "
                                "be estimated; merge its levels, or use it as %s (a random "
                                "effect) if it identifies a group",
                                term->name, f->n_levels, n, c->lab.group);
    term->n_levels = f->n_levels;
    term->levels = f->levels;
    f->levels = NULL;
    f->n_levels = 0;
    if ((st = apply_ref(c, term, f->code)) != ICSTAT_OK)
        return st;
    term->ncols = term->n_levels - 1;
    /* Many levels usually mean numbers written as text ("1,234"). */
    if (term->n_levels > 50 &&
        icstat_strlist_addf(&c->d->notes, &c->d->n_notes,
                            "term '%s' is categorical with %zu levels; if it holds numbers "
                            "written as text (thousands separators, units), fix the file",
                            term->name, term->n_levels) != 0)
        return DESIGN_NOMEM(c->err);
    return ICSTAT_OK;
}

/* Every refs entry must name a categorical term ("TERM=LEVEL"). */
static int check_refs(const design_ctx *c)
{
    const icstat_design *d = c->d;
    const icstat_design_spec *spec = c->spec;
    for (size_t r = 0; r < spec->n_refs; r++) {
        int found = 0;
        for (size_t j = 0; j < d->n_terms + d->n_hidden && !found; j++) {
            const size_t len = strlen(d->terms[j].name);
            found = d->terms[j].categorical && !d->terms[j].n_parts && strncmp(spec->refs[r], d->terms[j].name, len) == 0 &&
                    spec->refs[r][len] == '=';
        }
        if (!found)
            return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                    "%s '%s' does not name a categorical term as TERM=LEVEL",
                                    c->lab.refs, spec->refs[r]);
    }
    return ICSTAT_OK;
}

/* The terms of the model, their levels and their design columns (d->p):
 * the main effects and "previous", then the interactions of them. */
static int build_terms(design_ctx *c)
{
    icstat_design *d = c->d;
    if (!(d->terms = calloc((c->nt + c->n_hidden) ? c->nt + c->n_hidden : 1, sizeof *d->terms)))
        return DESIGN_NOMEM(c->err);
    d->n_terms = c->nt;
    d->n_hidden = c->n_hidden;
    size_t p = 0;
    for (size_t j = 0; j < c->nsrc + c->n_hidden; j++) {
        /* A hidden part's term follows the interactions, its columns are
         * in aux: a number, or an indicator of every level. */
        const int hidden = j >= c->nsrc;
        icstat_term *term = &d->terms[hidden ? c->nt + j - c->nsrc : j];
        design_source *src = &c->src[j];
        if (!(term->name = strdup(src->col < 0  ? "previous"
                                  : hidden      ? c->hidden[j - c->nsrc]
                                                : c->mains[j])))
            return DESIGN_NOMEM(c->err);
        term->categorical = src->categorical;
        term->first_col = hidden ? d->n_aux : p;
        const int st = term->categorical ? categorical_term(c, term, src)
                                         : numeric_term(c, term, src);
        if (st != ICSTAT_OK)
            return st;
        if (hidden) {
            term->ncols += term->categorical; /* the reference's indicator too */
            d->n_aux += term->ncols;
        } else {
            p += term->ncols;
        }
    }
    int st = design_interaction_terms(c, &p);
    if (st == ICSTAT_OK)
        st = check_refs(c);
    if (st == ICSTAT_OK)
        d->p = p;
    return st;
}

/* The groups (sorted), and the order of the rows: group by group, file
 * order within, or with lag_previous time order within (seq), so that the
 * sums of the fit, and so its last digits, do not depend on the file's
 * order.  Without a group, file order. */
static int order_rows(design_ctx *c)
{
    icstat_design *d = c->d;
    int st;
    if (!(c->order = malloc((d->n ? d->n : 1) * sizeof *c->order)))
        return DESIGN_NOMEM(c->err);
    if (c->gcol < 0) {
        for (size_t i = 0, r = 0; i < c->N; i++)
            if (c->use[i])
                c->order[r++] = i;
        return ICSTAT_OK;
    }
    icstat_factor *gf = &c->gf;
    if ((st = icstat_factor_build(&c->t->cols[c->gcol], c->N, c->use, gf, c->err)) != ICSTAT_OK)
        return st;
    if (!(d->group_name = strdup(c->spec->group)) ||
        !(d->group_start = calloc(gf->n_levels + 1, sizeof *d->group_start)))
        return DESIGN_NOMEM(c->err);
    d->n_groups = gf->n_levels;
    d->group_labels = gf->levels;
    gf->levels = NULL;
    for (size_t g = 0; g < d->n_groups; g++)
        d->group_start[g + 1] = d->group_start[g] + gf->count[g];
    size_t *fill = malloc((d->n_groups ? d->n_groups : 1) * sizeof *fill);
    if (!fill)
        return DESIGN_NOMEM(c->err);
    memcpy(fill, d->group_start, d->n_groups * sizeof *fill);
    const int lag = c->spec->lag_previous != NULL;
    const size_t nrows = lag ? c->nseq : c->N;
    for (size_t r = 0; r < nrows; r++) {
        const size_t i = lag ? c->seq[r] : r; /* every used row is in seq */
        if (c->use[i])
            c->order[fill[gf->code[i]]++] = i;
    }
    free(fill);
    return ICSTAT_OK;
}

/* The design columns' names: "x" for a number, "x=LEVEL" for a level,
 * their products for an interaction. */
static int name_columns(design_ctx *c)
{
    icstat_design *d = c->d;
    for (size_t j = 0; j < c->nsrc; j++) {
        const icstat_term *term = &d->terms[j];
        for (size_t k = 0; k < term->ncols; k++) {
            char buf[512];
            if (term->categorical)
                snprintf(buf, sizeof buf, "%s=%s", term->name, term->levels[k + 1]);
            else
                snprintf(buf, sizeof buf, "%s", term->name);
            if (!(d->col_names[term->first_col + k] = strdup(buf)))
                return DESIGN_NOMEM(c->err);
        }
    }
    return design_interaction_names(c);
}

/* The outcome, line and design row of each row kept, in the model's order. */
static int fill_matrix(design_ctx *c)
{
    icstat_design *d = c->d;
    const size_t p = d->p;
    d->y = malloc(d->n * sizeof *d->y);
    d->x = calloc(d->n * (p ? p : 1), sizeof *d->x);
    d->line = malloc(d->n * sizeof *d->line);
    d->col_names = calloc(p ? p : 1, sizeof *d->col_names);
    if (d->n_aux && !(d->aux = calloc(d->n * d->n_aux, sizeof *d->aux)))
        return DESIGN_NOMEM(c->err);
    if (!d->y || !d->x || !d->line || !d->col_names)
        return DESIGN_NOMEM(c->err);
    const int st = name_columns(c);
    if (st != ICSTAT_OK)
        return st;
    for (size_t r = 0; r < d->n; r++) {
        /* order has d->n entries, one per row kept (use[i]). */
        const size_t i = c->order[r]; /* NOLINT(clang-analyzer-core.uninitialized.Assign) */
        d->y[r] = (int)c->ycode[i];
        d->line[r] = c->t->line[i];
        double *xr = d->x + r * p;
        for (size_t j = 0; j < c->nsrc; j++) {
            const icstat_term *term = &d->terms[j];
            const design_source *src = &c->src[j];
            if (!term->categorical)
                xr[term->first_col] = c->t->cols[src->col].num[i];
            else if (src->f.code[i] > 0)
                xr[term->first_col + (size_t)src->f.code[i] - 1] = 1.0;
        }
        double *ar = d->n_aux ? d->aux + r * d->n_aux : NULL;
        for (size_t h = 0; ar && h < d->n_hidden; h++) { /* hidden parts have aux columns */
            const icstat_term *term = &d->terms[d->n_terms + h];
            const design_source *src = &c->src[c->nsrc + h];
            if (!term->categorical)
                ar[term->first_col] = c->t->cols[src->col].num[i];
            else
                ar[term->first_col + (size_t)src->f.code[i]] = 1.0;
        }
        icstat_design_fill_interactions(d, xr, ar);
    }
    return ICSTAT_OK;
}

/* Categories seen only in dropped rows are no categories of the model;
 * the reader is told, since the thresholds then skip them. */
static int drop_unseen_categories(design_ctx *c)
{
    icstat_design *d = c->d;
    size_t kept = 0;
    long *map = malloc(d->k * sizeof *map);
    if (!map)
        return DESIGN_NOMEM(c->err);
    for (size_t k = 0; k < d->k; k++)
        if (!d->cat_count[k] &&
            icstat_strlist_addf(&d->notes, &d->n_notes,
                                "outcome category '%s' occurs only in rows dropped for a "
                                "missing value, so the model leaves it out",
                                d->cat_labels[k]) != 0) {
            free(map);
            return DESIGN_NOMEM(c->err);
        }
    for (size_t k = 0; k < d->k; k++) {
        map[k] = d->cat_count[k] ? (long)kept : -1;
        if (d->cat_count[k]) {
            d->cat_count[kept] = d->cat_count[k];
            d->cat_labels[kept++] = d->cat_labels[k];
        } else {
            free(d->cat_labels[k]);
        }
    }
    for (size_t r = 0; r < d->n; r++)
        d->y[r] = (int)map[d->y[r]];
    d->k = kept;
    free(map);
    return ICSTAT_OK;
}

/* Inspector characteristics: terms constant within every group. */
static void mark_group_level(icstat_design *d)
{
    for (size_t j = 0; j < d->n_terms + d->n_hidden && d->n_groups; j++) {
        icstat_term *term = &d->terms[j];
        /* A hidden part's values are in aux. */
        const double *v = j < d->n_terms ? d->x : d->aux;
        const size_t p = j < d->n_terms ? d->p : d->n_aux;
        int constant = 1;
        for (size_t g = 0; g < d->n_groups && constant; g++)
            for (size_t r = d->group_start[g] + 1; r < d->group_start[g + 1] && constant; r++)
                for (size_t k = term->first_col; k < term->first_col + term->ncols; k++)
                    if (v[r * p + k] != v[d->group_start[g] * p + k])
                        constant = 0;
        term->group_level = constant;
    }
}

/* Row r's value of term t as the data wrote it (a level, or the number);
 * a hidden part's from aux, where every level has its indicator. */
static const char *term_value(const icstat_design *d, const icstat_term *t, size_t r,
                              char *buf, size_t len)
{
    const int hidden = t >= d->terms + d->n_terms;
    const double *x = hidden ? d->aux + r * d->n_aux + t->first_col
                             : d->x + r * d->p + t->first_col;
    if (!t->categorical) {
        snprintf(buf, len, "%.15g", x[0]);
        return buf;
    }
    if (hidden) {
        for (size_t k = 0; k < t->n_levels; k++)
            if (x[k] != 0.0)
                return t->levels[k];
    }
    for (size_t k = 0; k < t->ncols; k++)
        if (x[k] != 0.0)
            return t->levels[k + 1];
    return t->levels[0];
}

/* A term the spec names as an inspector characteristic (a main effect, or
 * a part of an interaction that is no term of its own): marked, and
 * checked to be one value for each member of a group, since drawing an
 * inspector draws its characteristics (a term that differs within a group
 * describes the inspection, not the inspector). */
static int mark_named_inspector_level(design_ctx *c, icstat_term *term)
{
    icstat_design *d = c->d;
    const int hidden = term >= d->terms + d->n_terms;
    const double *v = hidden ? d->aux : d->x;
    const size_t p = hidden ? d->n_aux : d->p;
    term->inspector_level =
        in_list(c->spec->inspector_terms, c->spec->n_inspector_terms, term->name);
    for (size_t g = 0; g < d->n_groups && term->inspector_level; g++) {
        const size_t r0 = d->group_start[g];
        for (size_t r = r0 + 1; r < d->group_start[g + 1]; r++) {
            size_t k = term->first_col;
            while (k < term->first_col + term->ncols && v[r * p + k] == v[r0 * p + k])
                k++;
            if (k == term->first_col + term->ncols)
                continue;
            char b0[64], b1[64];
            return icstat_error_set(
                c->err, ICSTAT_EDATA, c->t->path, d->line[r],
                "'%s' (in %s) is not constant within %s '%s': '%s' here, '%s' on line "
                "%ld; an inspector characteristic must have one value for each %s",
                term->name, c->lab.inspector_terms, d->group_name, d->group_labels[g],
                term_value(d, term, r, b1, sizeof b1), term_value(d, term, r0, b0, sizeof b0),
                d->line[r0], d->group_name);
        }
    }
    return ICSTAT_OK;
}

/* The inspector characteristics: the terms and hidden parts the spec
 * names, then the interactions, an inspector's when every part is. */
static int mark_inspector_level(design_ctx *c)
{
    icstat_design *d = c->d;
    for (size_t j = 0; j < d->n_terms + d->n_hidden; j++) {
        icstat_term *term = &d->terms[j];
        const int st = term->n_parts ? ICSTAT_OK : mark_named_inspector_level(c, term);
        if (st != ICSTAT_OK)
            return st;
    }
    for (size_t j = 0; j < d->n_terms; j++) {
        icstat_term *term = &d->terms[j];
        for (size_t i = 0; i < term->n_parts; i++)
            term->inspector_level = (i == 0 || term->inspector_level) &&
                                    d->terms[term->parts[i]].inspector_level;
    }
    return ICSTAT_OK;
}

/* What the reader should know about the rows: those dropped, and groups
 * of one row. */
static int add_notes(design_ctx *c)
{
    icstat_design *d = c->d;
    const char *group = c->spec->group;
    if (d->n_missing &&
        icstat_strlist_addf(&d->notes, &d->n_notes,
                            "%zu of %zu rows dropped for a missing value in a column the model "
                            "uses", d->n_missing, c->N) != 0)
        return DESIGN_NOMEM(c->err);
    if (d->n_first &&
        icstat_strlist_addf(&d->notes, &d->n_notes,
                            "%zu rows dropped as each %s's first inspection in date order (no "
                            "previous judgement)", d->n_first, group) != 0)
        return DESIGN_NOMEM(c->err);
    size_t single = 0;
    for (size_t g = 0; g < d->n_groups; g++)
        single += d->group_start[g + 1] - d->group_start[g] == 1;
    if (single &&
        icstat_strlist_addf(&d->notes, &d->n_notes,
                            "%zu of %zu groups ('%s') have a single row; they add little to the "
                            "estimate of the %s variance", single, d->n_groups, group, group) != 0)
        return DESIGN_NOMEM(c->err);
    return ICSTAT_OK;
}

int icstat_design_build(const icstat_table *t, const icstat_design_spec *spec,
                        icstat_design **out, icstat_error *err)
{
    *out = NULL;
    design_ctx c;
    int st = ctx_init(&c, t, spec, err);
    if (st == ICSTAT_OK)
        st = icstat_table_need_rows(t, err);
    if (st == ICSTAT_OK)
        st = design_code_outcome(&c);
    if (st == ICSTAT_OK)
        st = find_group(&c);
    if (st == ICSTAT_OK)
        st = design_expand_terms(&c);
    if (st == ICSTAT_OK)
        st = find_terms(&c);
    if (st == ICSTAT_OK)
        st = keep_rows(&c);
    if (st == ICSTAT_OK)
        st = count_categories(&c);
    if (st == ICSTAT_OK)
        st = build_terms(&c);
    if (st == ICSTAT_OK)
        st = order_rows(&c);
    if (st == ICSTAT_OK)
        st = design_code_groups(&c);
    if (st == ICSTAT_OK)
        st = fill_matrix(&c);
    if (st == ICSTAT_OK)
        st = drop_unseen_categories(&c);
    if (st == ICSTAT_OK) {
        mark_group_level(c.d);
        st = design_check_interactions(&c);
        if (st == ICSTAT_OK)
            st = mark_inspector_level(&c);
    }
    if (st == ICSTAT_OK)
        st = design_drop_aliased(&c);
    if (st == ICSTAT_OK)
        st = add_notes(&c);
    if (st == ICSTAT_OK)
        st = design_group_notes(&c);
    ctx_clear(&c);
    if (st != ICSTAT_OK) {
        icstat_design_free(c.d);
        return st;
    }
    *out = c.d;
    return ICSTAT_OK;
}
