/* design_collinear.c — design columns that are combinations of the
 * thresholds and earlier columns, for icstat_design_build
 * (design_internal.h).  A main effect's is refused (collinear terms); an
 * interaction's is dropped, as R's clm drops an aliased column, since R's
 * coding of an interaction whose parts are not all terms ("gender:phase"
 * alone: an indicator for every combination) makes one such column by
 * construction.  Columns are taken in order, so the column dropped is the
 * last of a dependent set, as in the QR decomposition clm uses. */
#include <stdlib.h>
#include <string.h>

#include "icstat/design.h"
#include "icstat/strlist.h"
#include "../numerics/spd.h"
#include "design_internal.h"

/* C = the cross-products of the centred columns, p x p.  Accumulated from
 * each row's nonzero values (O(n q^2), q nonzeros a row), since
 * Gram-Schmidt over dense columns cost n p^2, minutes for a factor with
 * thousands of levels.  Numeric columns are centred before they are
 * multiplied (a year column would otherwise lose ten digits to
 * cancellation); indicator columns are used as 0/1 and centred in C.
 * -1 when out of memory. */
static int cross_products(const icstat_design *d, double *c)
{
    const size_t n = d->n, p = d->p;
    double *mean = calloc(p ? p : 1, sizeof *mean), *v = malloc((p ? p : 1) * sizeof *v);
    size_t *nz = malloc((p ? p : 1) * sizeof *nz);
    unsigned char *ind = calloc(p ? p : 1, 1);
    if (!mean || !v || !nz || !ind) {
        free(mean);
        free(v);
        free(nz);
        free(ind);
        return -1;
    }
    for (size_t j = 0; j < d->n_terms; j++)
        if (d->terms[j].categorical)
            memset(ind + d->terms[j].first_col, 1, d->terms[j].ncols);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++)
            mean[j] += d->x[i * p + j];
    for (size_t j = 0; j < p; j++)
        mean[j] /= (double)n;
    for (size_t i = 0; i < n; i++) {
        size_t q = 0;
        for (size_t j = 0; j < p; j++) {
            const double x = d->x[i * p + j];
            if (ind[j] && x == 0.0)
                continue;
            v[q] = ind[j] ? x : x - mean[j];
            nz[q++] = j;
        }
        for (size_t a = 0; a < q; a++)
            for (size_t b = a; b < q; b++)
                c[nz[a] * p + nz[b]] += v[a] * v[b];
    }
    /* Indicators: sum (x - m)(y - m') = sum xy - n m m' (sum x = n m).  A
     * numeric column against an indicator: sum (x - m) y is already
     * centred, since sum (x - m) = 0. */
    for (size_t j = 0; j < p; j++)
        for (size_t l = j; l < p; l++) {
            double s = c[j * p + l];
            if (ind[j] && ind[l])
                s -= (double)n * mean[j] * mean[l];
            c[l * p + j] = s; /* the lower triangle, where the factor goes */
        }
    free(mean);
    free(v);
    free(nz);
    free(ind);
    return 0;
}

/* The term whose columns hold column j. */
static icstat_term *term_of(icstat_design *d, size_t j)
{
    for (size_t t = 0; t < d->n_terms; t++)
        if (j >= d->terms[t].first_col && j < d->terms[t].first_col + d->terms[t].ncols)
            return &d->terms[t];
    return NULL;
}

/* Column j, of interaction term tm, out of the design: its values, its
 * name, its level and its combination; the later columns move down. */
static int drop_column(icstat_design *d, icstat_term *tm, size_t j)
{
    const size_t p = d->p, at = j - tm->first_col;
    if (!tm->combo) {
        if (!(tm->combo = malloc(tm->ncols * sizeof *tm->combo)))
            return -1;
        for (size_t c = 0; c < tm->ncols; c++)
            tm->combo[c] = c;
    }
    memmove(tm->combo + at, tm->combo + at + 1, (tm->ncols - at - 1) * sizeof *tm->combo);
    if (tm->levels) {
        free(tm->levels[at + 1]);
        memmove(tm->levels + at + 1, tm->levels + at + 2,
                (tm->n_levels - at - 2) * sizeof *tm->levels);
        tm->n_levels--;
    }
    tm->ncols--;
    for (size_t t = 0; t < d->n_terms; t++)
        if (d->terms[t].first_col > j)
            d->terms[t].first_col--;
    free(d->col_names[j]);
    memmove(d->col_names + j, d->col_names + j + 1, (p - j - 1) * sizeof *d->col_names);
    for (size_t i = 0; i < d->n; i++) { /* in place: row i moves left, never past row i-1's end */
        const double *src = d->x + i * p;
        double *dst = d->x + i * (p - 1);
        memmove(dst, src, j * sizeof *dst);
        memmove(dst + j, src + j + 1, (p - j - 1) * sizeof *dst);
    }
    d->p = p - 1;
    return 0;
}

/* Remove row and column j of the p x p matrix c (as it was before it was
 * factored), giving the (p-1) x (p-1) matrix of the other columns. */
static void shrink_cross(double *c, size_t p, size_t j)
{
    size_t o = 0;
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p && a != j; b++)
            if (b != j)
                c[o++] = c[a * p + b];
}

int design_drop_aliased(design_ctx *c)
{
    icstat_design *d = c->d;
    const size_t p0 = d->p;
    double *cp = calloc(p0 ? p0 * p0 : 1, sizeof *cp), *f = malloc((p0 ? p0 * p0 : 1) * sizeof *f);
    int st = ICSTAT_OK;
    if (!cp || !f || cross_products(d, cp) != 0)
        st = DESIGN_NOMEM(c->err);
    while (st == ICSTAT_OK) {
        const size_t p = d->p;
        double pivot;
        memcpy(f, cp, p * p * sizeof *f);
        const size_t j = icstat_spd_factor_until(f, p, 1e-10, &pivot);
        if (j == p)
            break;
        icstat_term *tm = term_of(d, j);
        if (!tm || !tm->n_parts || tm->ncols == 1) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                  "design column '%s' is a combination of the thresholds and "
                                  "earlier terms among the %zu rows used (collinear); leave a "
                                  "term out", d->col_names[j], d->n);
            break;
        }
        if (icstat_strlist_addf(&d->notes, &d->n_notes,
                                "interaction column '%s' is a combination of the thresholds "
                                "and earlier columns (aliased) and is left out, as R's clm "
                                "leaves it out", d->col_names[j]) != 0 ||
            drop_column(d, tm, j) != 0) {
            st = DESIGN_NOMEM(c->err);
            break;
        }
        shrink_cross(cp, p, j);
    }
    free(cp);
    free(f);
    return st;
}
