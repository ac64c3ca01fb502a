/* agree_stats.c — per-unit counts and weighted sums for agreement. */
#include <stdlib.h>
#include <string.h>

#include "agree_stats.h"

int agree_units_init(agree_units *u, const icstat_ratings *r)
{
    memset(u, 0, sizeof *u);
    u->n = r->n_units;
    u->r = r->n_raters;
    u->q = r->n_cat;
    u->cat = r->cat;
    u->count = calloc(u->n * u->q + 1, sizeof *u->count);
    u->ri = calloc(u->n ? u->n : 1, sizeof *u->ri);
    if (!u->count || !u->ri) {
        agree_units_free(u);
        return -1;
    }
    for (size_t i = 0; i < u->n; i++)
        for (size_t g = 0; g < u->r; g++) {
            int k = u->cat[i * u->r + g];
            if (k >= 0) {
                u->count[i * u->q + (size_t)k] += 1.0;
                u->ri[i]++;
            }
        }
    return 0;
}

void agree_units_free(agree_units *u)
{
    free(u->count);
    free(u->ri);
    u->count = NULL;
    u->ri = NULL;
}

int agree_sums_init(agree_sums *s, size_t r, size_t q)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    s->q = q;
    s->pairs = calloc(q * q, sizeof *s->pairs);
    s->coinc = calloc(q * q, sizeof *s->coinc);
    s->prop = calloc(q, sizeof *s->prop);
    s->rater_cat = calloc(r * q, sizeof *s->rater_cat);
    s->table = calloc(q * q, sizeof *s->table);
    if (!s->pairs || !s->coinc || !s->prop || !s->rater_cat || !s->table) {
        agree_sums_free(s);
        return -1;
    }
    return 0;
}

void agree_sums_free(agree_sums *s)
{
    free(s->pairs);
    free(s->coinc);
    free(s->prop);
    free(s->rater_cat);
    free(s->table);
    memset(s, 0, sizeof *s);
}

int agree_sums_accumulate(agree_sums *s, const agree_units *u, const double *m)
{
    const size_t q = u->q, r = u->r;
    memset(s->pairs, 0, q * q * sizeof *s->pairs);
    memset(s->coinc, 0, q * q * sizeof *s->coinc);
    memset(s->prop, 0, q * sizeof *s->prop);
    memset(s->rater_cat, 0, r * q * sizeof *s->rater_cat);
    memset(s->table, 0, q * q * sizeof *s->table);
    s->n = s->n2 = 0.0;

    /* Categories present in a unit: at most r of them, so the pair loops
     * below cost O(r^2) per unit rather than O(q^2). */
    int present[64];
    int *pres = r <= 64 ? present : malloc(r * sizeof *pres);
    if (!pres)
        return -1;
    for (size_t i = 0; i < u->n; i++) {
        const double mi = m ? m[i] : 1.0;
        if (mi == 0.0)
            continue;
        const double *c = u->count + i * q;
        const int *row = u->cat + i * r;
        const double ri = u->ri[i];
        s->n += mi;
        size_t np = 0;
        for (size_t g = 0; g < r; g++) {
            int k = row[g];
            if (k < 0)
                continue;
            s->rater_cat[g * q + (size_t)k] += mi;
            /* record k once */
            size_t j = 0;
            while (j < np && pres[j] != k)
                j++;
            if (j == np)
                pres[np++] = k;
        }
        for (size_t a = 0; a < np; a++)
            s->prop[pres[a]] += mi * c[pres[a]] / ri;
        if (r == 2 && row[0] >= 0 && row[1] >= 0)
            s->table[(size_t)row[0] * q + (size_t)row[1]] += mi;
        if (ri < 2)
            continue;
        s->n2 += mi;
        const double f_pairs = mi / (ri * (ri - 1.0)), f_coinc = mi / (ri - 1.0);
        for (size_t a = 0; a < np; a++) {
            const size_t k = (size_t)pres[a];
            for (size_t b = 0; b < np; b++) {
                const size_t l = (size_t)pres[b];
                const double v = c[k] * (c[l] - (k == l ? 1.0 : 0.0));
                s->pairs[k * q + l] += f_pairs * v;
                s->coinc[k * q + l] += f_coinc * v;
            }
        }
    }
    if (pres != present)
        free(pres);
    return 0;
}
