/* table_join.c — add the columns of a second table by a shared key, as
 * inspector characteristics are added to inspections. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/factor.h"
#include "icstat/strmap.h"
#include "icstat/table.h"

/* The text a key is matched on: the number, printed canonically, when the
 * key columns are numeric ("7" and "7.0" match), else the trimmed text. */
static char *key_text(const icstat_column *c, size_t i, int numeric)
{
    if (numeric) {
        char buf[40];
        snprintf(buf, sizeof buf, "%.17g", c->num[i]);
        return strdup(buf);
    }
    return icstat_trimmed_copy(c->text[i]);
}

int icstat_table_join(icstat_table *t, const icstat_table *right, const char *key,
                      icstat_error *err)
{
    long kl = icstat_table_find(t, key), kr = icstat_table_find(right, key);
    if (kl < 0)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "no join key column '%s' in the header", key);
    if (kr < 0)
        return icstat_error_set(err, ICSTAT_EDATA, right->path, 1,
                                "no join key column '%s' in the header", key);
    for (size_t j = 0; j < right->ncol; j++)
        if ((long)j != kr && icstat_table_find(t, right->cols[j].name) >= 0)
            return icstat_error_set(err, ICSTAT_EDATA, right->path, 1,
                                    "column '%s' is also in %s; rename one of them",
                                    right->cols[j].name, t->path);
    const icstat_column *lk = &t->cols[kl], *rk = &right->cols[kr];
    const int numeric = lk->is_numeric && rk->is_numeric;

    int status = ICSTAT_OK;
    icstat_strmap *index = icstat_strmap_alloc();
    const size_t nrow = t->nrow; /* rows of t; adding columns keeps them */
    long *match = malloc((nrow ? nrow : 1) * sizeof *match);
    if (!index || !match)
        goto nomem;
    for (size_t i = 0; i < right->nrow; i++) {
        if (!rk->text[i])
            continue;
        char *k = key_text(rk, i, numeric);
        int added;
        long s = k ? icstat_strmap_intern(index, k, &added) : -1;
        free(k);
        if (s < 0)
            goto nomem;
        if (!added) {
            status = icstat_error_set(err, ICSTAT_EDATA, right->path, right->line[i],
                                      "key '%s' in column '%s' appears twice", rk->text[i],
                                      key);
            goto done;
        }
    }
    /* Row of `right` for each key in first-seen order. */
    size_t nkeys = icstat_strmap_size(index);
    size_t *row_of = malloc((nkeys ? nkeys : 1) * sizeof *row_of);
    if (!row_of)
        goto nomem;
    for (size_t i = 0, s = 0; i < right->nrow; i++)
        if (rk->text[i])
            row_of[s++] = i;
    for (size_t i = 0; i < nrow; i++) {
        match[i] = -1;
        if (!lk->text[i])
            continue;
        char *k = key_text(lk, i, numeric);
        if (!k) {
            free(row_of);
            goto nomem;
        }
        long s = icstat_strmap_find(index, k);
        free(k);
        if (s < 0) {
            status = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                      "%s '%s' has no row in %s", key, lk->text[i],
                                      right->path);
            free(row_of);
            goto done;
        }
        match[i] = (long)row_of[s];
    }
    free(row_of);

    const size_t add = right->ncol - 1;
    icstat_column *cols = realloc(t->cols, (t->ncol + add) * sizeof *cols);
    if (!cols)
        goto nomem;
    t->cols = cols;
    for (size_t j = 0; j < right->ncol; j++) {
        if ((long)j == kr)
            continue;
        const icstat_column *src = &right->cols[j];
        icstat_column *dst = &t->cols[t->ncol];
        memset(dst, 0, sizeof *dst);
        t->ncol++; /* from here on table_free releases it */
        dst->is_numeric = src->is_numeric;
        if (!(dst->name = strdup(src->name)) ||
            !(dst->text = calloc(nrow ? nrow : 1, sizeof *dst->text)) ||
            (src->is_numeric && !(dst->num = malloc((nrow ? nrow : 1) * sizeof *dst->num))))
            goto nomem;
        for (size_t i = 0; i < nrow; i++) {
            const char *v = match[i] >= 0 ? src->text[match[i]] : NULL;
            if (v && !(dst->text[i] = icstat_table_text(t, v, strlen(v))))
                goto nomem;
            if (dst->num)
                dst->num[i] = v ? src->num[match[i]] : NAN;
            dst->n_missing += v == NULL;
        }
    }
    goto done;
nomem:
    status = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
done:
    icstat_strmap_free(index);
    free(match);
    return status;
}
