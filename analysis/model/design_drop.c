/* design_drop.c — terms found by name, the marginality of interactions,
 * and the model without some terms: what a likelihood-ratio test of terms
 * refits.  The reduced model is made from the full model's design rather
 * than from the table again, so that it has exactly the same rows (a row
 * dropped only for a missing value of the dropped term stays out) and
 * every term keeps its coding, interactions included. */
#include <stdlib.h>
#include <string.h>

#include "icstat/design.h"

/* Whether component `comp` (len bytes) is one of the ':'-separated
 * components of `name`. */
static int has_component(const char *name, const char *comp, size_t len)
{
    for (const char *s = name;;) {
        const char *e = strchr(s, ':');
        const size_t l = e ? (size_t)(e - s) : strlen(s);
        if (l == len && memcmp(s, comp, len) == 0)
            return 1;
        if (!e)
            return 0;
        s = e + 1;
    }
}

/* The number of ':'-separated components of name. */
static size_t n_components(const char *name)
{
    size_t n = 1;
    for (const char *s = name; (s = strchr(s, ':')) != NULL; s++)
        n++;
    return n;
}

/* Whether every component of a is one of b's. */
static int components_within(const char *a, const char *b)
{
    for (const char *s = a;;) {
        const char *e = strchr(s, ':');
        const size_t l = e ? (size_t)(e - s) : strlen(s);
        if (!has_component(b, s, l))
            return 0;
        if (!e)
            return 1;
        s = e + 1;
    }
}

long icstat_design_term_find(const icstat_design *d, const char *name)
{
    for (size_t t = 0; t < d->n_terms; t++)
        if (strcmp(d->terms[t].name, name) == 0)
            return (long)t;
    /* An interaction written in another order: the same components. */
    const size_t nc = n_components(name);
    if (nc < 2)
        return -1;
    for (size_t t = 0; t < d->n_terms; t++)
        if (n_components(d->terms[t].name) == nc && components_within(name, d->terms[t].name) &&
            components_within(d->terms[t].name, name))
            return (long)t;
    return -1;
}

long icstat_design_term_container(const icstat_design *d, size_t t)
{
    const char *name = d->terms[t].name;
    const size_t nc = n_components(name);
    for (size_t u = 0; u < d->n_terms; u++)
        if (u != t && n_components(d->terms[u].name) > nc &&
            components_within(name, d->terms[u].name))
            return (long)u;
    return -1;
}

void icstat_design_drop_free(icstat_design *r)
{
    if (!r)
        return;
    /* Only what icstat_design_drop made: the rest is the full model's. */
    free(r->x);
    free(r->col_names);
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
        r->terms[nt++] = tm;
    }
    r->n_terms = nt;
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
    r->terms = malloc((full->n_terms ? full->n_terms : 1) * sizeof *r->terms);
    if (!r->x || !r->col_names || !r->terms) {
        icstat_design_drop_free(r);
        r = NULL;
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    fill_reduced(full, keep, gone, r);
    *out = r;
done:
    free(keep);
    free(gone);
    return st;
}
