/* design_drop.c — terms found by name, the marginality of interactions,
 * and the model without some terms: what a likelihood-ratio test of terms
 * refits.  The reduced model is made from the full model's design rather
 * than from the table again, so that it has exactly the same rows (a row
 * dropped only for a missing value of the dropped term stays out) and
 * every term keeps its coding, interactions included. */
#include <stdlib.h>
#include <string.h>

#include "icstat/design.h"

/* Whether main-effect term m is one of term u's parts (u itself when u
 * is a main effect). */
static int has_part(const icstat_term *u, size_t self, size_t m)
{
    if (!u->n_parts)
        return self == m;
    for (size_t i = 0; i < u->n_parts; i++)
        if (u->parts[i] == m)
            return 1;
    return 0;
}

/* The main-effect terms of term t: its parts, or t itself. */
static size_t n_parts_of(const icstat_term *t)
{
    return t->n_parts ? t->n_parts : 1;
}

long icstat_design_term_container(const icstat_design *d, size_t t)
{
    const icstat_term *tm = &d->terms[t];
    for (size_t u = 0; u < d->n_terms; u++) {
        const icstat_term *um = &d->terms[u];
        if (u == t || n_parts_of(um) <= n_parts_of(tm))
            continue;
        int all = 1;
        for (size_t i = 0; i < n_parts_of(tm) && all; i++)
            all = has_part(um, u, tm->n_parts ? tm->parts[i] : t);
        if (all)
            return (long)u;
    }
    return -1;
}

void icstat_design_drop_free(icstat_design *r)
{
    if (!r)
        return;
    /* Only what icstat_design_drop made: the rest (levels, part_full,
     * combo, the hidden parts, aux) is the full model's. */
    free(r->x);
    free(r->col_names);
    for (size_t t = 0; r->terms && t < r->n_terms; t++)
        free(r->terms[t].parts);
    free(r->terms);
    free(r);
}

/* keep[j] = 1 for the design columns of terms not in drop[]; the number
 * kept in *p.  -1 for an index out of range. */
static int mark_columns(const icstat_design *full, const size_t *drop, size_t n_drop,
                        unsigned char *keep, size_t *p, unsigned char *gone)
{
    memset(keep, 1, full->p ? full->p : 1);
    memset(gone, 0, full->n_terms ? full->n_terms : 1);
    for (size_t i = 0; i < n_drop; i++) {
        if (drop[i] >= full->n_terms)
            return -1;
        const icstat_term *tm = &full->terms[drop[i]];
        gone[drop[i]] = 1;
        memset(keep + tm->first_col, 0, tm->ncols);
    }
    *p = 0;
    for (size_t j = 0; j < full->p; j++)
        *p += keep[j];
    return 0;
}

/* The kept terms (their first_col counted among the kept columns), the
 * kept columns' names and the rows of x restricted to them. */
static void fill_reduced(const icstat_design *full, const unsigned char *keep,
                         const unsigned char *gone, icstat_design *r)
{
    size_t nt = 0;
    for (size_t t = 0; t < full->n_terms; t++) {
        if (gone[t])
            continue;
        icstat_term tm = full->terms[t];
        size_t before = 0;
        for (size_t j = 0; j < tm.first_col; j++)
            before += keep[j];
        tm.first_col = before;
        tm.parts = NULL; /* the model's own, by remap_parts */
        r->terms[nt++] = tm;
    }
    r->n_terms = nt;
    /* The hidden parts after the kept terms, as in the full model. */
    memcpy(r->terms + nt, full->terms + full->n_terms, full->n_hidden * sizeof *r->terms);
    size_t c = 0;
    for (size_t j = 0; j < full->p; j++)
        if (keep[j])
            r->col_names[c++] = full->col_names[j];
    for (size_t i = 0; i < full->n; i++) {
        const double *src = full->x + i * full->p;
        double *dst = r->x + i * r->p;
        c = 0;
        for (size_t j = 0; j < full->p; j++)
            if (keep[j])
                dst[c++] = src[j];
    }
}

/* Each kept interaction's parts as indices among the kept terms (they
 * move along when an earlier term is dropped).  -1 when a part was
 * dropped (the caller broke marginality), -2 out of memory. */
static int remap_parts(const icstat_design *full, const unsigned char *gone, icstat_design *r)
{
    size_t nt = 0;
    for (size_t t = 0; t < full->n_terms; t++) {
        if (gone[t])
            continue;
        const icstat_term *ft = &full->terms[t];
        icstat_term *rt = &r->terms[nt++];
        if (!ft->n_parts)
            continue;
        if (!(rt->parts = malloc(ft->n_parts * sizeof *rt->parts)))
            return -2;
        for (size_t i = 0; i < ft->n_parts; i++) {
            const size_t m = ft->parts[i];
            if (m >= full->n_terms) { /* a hidden part */
                rt->parts[i] = r->n_terms + (m - full->n_terms);
                continue;
            }
            if (gone[m])
                return -1;
            size_t kept_before = 0;
            for (size_t u = 0; u < m; u++)
                kept_before += !gone[u];
            rt->parts[i] = kept_before;
        }
    }
    return 0;
}

int icstat_design_drop(const icstat_design *full, const size_t *drop, size_t n_drop,
                       icstat_design **out, icstat_error *err)
{
    *out = NULL;
    unsigned char *keep = malloc(full->p ? full->p : 1);
    unsigned char *gone = malloc(full->n_terms ? full->n_terms : 1);
    icstat_design *r = malloc(sizeof *r);
    size_t p = 0;
    int st = ICSTAT_OK;
    if (!keep || !gone || !r) {
        free(r);
        r = NULL;
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    if (mark_columns(full, drop, n_drop, keep, &p, gone) != 0) {
        free(r);
        r = NULL;
        st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                              "a term to drop is not a term of the model");
        goto done;
    }
    /* A copy of the struct shares every field, those added later too;
     * then the three that differ are replaced by the model's own. */
    *r = *full;
    r->p = p;
    r->x = malloc((full->n * p > 0 ? full->n * p : 1) * sizeof *r->x);
    r->col_names = malloc((p ? p : 1) * sizeof *r->col_names);
    r->terms = malloc(((full->n_terms + full->n_hidden) ? full->n_terms + full->n_hidden : 1) *
                      sizeof *r->terms);
    r->n_terms = 0; /* none of its own until fill_reduced */
    if (!r->x || !r->col_names || !r->terms) {
        icstat_design_drop_free(r);
        r = NULL;
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    fill_reduced(full, keep, gone, r);
    const int rp = remap_parts(full, gone, r);
    if (rp != 0) {
        icstat_design_drop_free(r);
        r = NULL;
        st = rp == -2 ? icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
                      : icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                         "a term to drop is part of an interaction kept");
        goto done;
    }
    *out = r;
done:
    free(keep);
    free(gone);
    return st;
}
