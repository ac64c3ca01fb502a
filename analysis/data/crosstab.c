/* crosstab.c — a two-rater cross-table (as papers publish it) expanded
 * into the one row per unit it counts, so that every coefficient, standard
 * error and interval is computed from exactly the data the raw rows would
 * give: no second implementation of any formula. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "icstat/label_matrix.h"

/* Room enough for any published table, far from exhausting memory. */
#define CROSSTAB_MAX_UNITS 100000000.0

/* The expansion's cursor: cell c holds units [start[c], start[c+1]). */
typedef struct {
    const icstat_label_matrix *m;
    const char *row_rater, *col_rater;
    size_t *start; /* ncell + 1 */
    size_t ncell;
} crosstab_fields;

/* The cell unit u (0-based) was counted in: a binary search of start. */
static size_t cell_of(const crosstab_fields *x, size_t u)
{
    size_t lo = 0, hi = x->ncell;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (x->start[mid] <= u)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Field col of row (0 the header): the unit's number, then its two
 * categories. */
static const char *crosstab_field(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
    const crosstab_fields *x = ctx;
    if (row == 0)
        return col == 0 ? "unit" : col == 1 ? x->row_rater : x->col_rater;
    if (col == 0) {
        snprintf(buf, len, "%zu", row);
        return buf;
    }
    const size_t c = cell_of(x, row - 1), q = x->m->ncol;
    return col == 1 ? x->m->row_labels[c / q] : x->m->col_labels[c % q];
}

/* Labels that the csv reader would take for a missing value ("NA", ".")
 * cannot name a category. */
static int labels_not_missing(const icstat_label_matrix *m, icstat_error *err)
{
    for (size_t j = 0; j < m->ncol; j++)
        if (icstat_is_missing_token(m->col_labels[j]))
            return icstat_error_set(err, ICSTAT_EDATA, m->path, m->header_line,
                                    "column label '%s' reads as a missing value; name the "
                                    "category otherwise", m->col_labels[j]);
    for (size_t i = 0; i < m->nrow; i++)
        if (icstat_is_missing_token(m->row_labels[i]))
            return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                    "row label '%s' reads as a missing value; name the "
                                    "category otherwise", m->row_labels[i]);
    return ICSTAT_OK;
}

/* Each cell's count: a whole number of units, 0 or more; their running
 * total in start. */
static int crosstab_counts(const icstat_label_matrix *m, size_t *start, icstat_error *err)
{
    double total = 0.0;
    start[0] = 0;
    for (size_t c = 0; c < m->nrow * m->ncol; c++) {
        const double v = m->value[c];
        const size_t i = c / m->ncol, j = c % m->ncol;
        if (!(v >= 0.0) || v != floor(v))
            return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                    "cell (row '%s', column '%s') is %g: a count of units "
                                    "must be a whole number, 0 or more",
                                    m->row_labels[i], m->col_labels[j], v);
        if ((total += v) > CROSSTAB_MAX_UNITS)
            return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                    "the counts add up to more than %.0f units at cell "
                                    "(row '%s', column '%s')", CROSSTAB_MAX_UNITS,
                                    m->row_labels[i], m->col_labels[j]);
        start[c + 1] = (size_t)total;
    }
    if (total == 0.0)
        return icstat_error_set(err, ICSTAT_EDATA, m->path, m->header_line,
                                "every count is 0: the table has no units");
    return ICSTAT_OK;
}

int icstat_crosstab_expand(const icstat_label_matrix *m, const char *row_rater,
                           const char *col_rater, icstat_table **out, icstat_error *err)
{
    *out = NULL;
    const size_t ncell = m->nrow * m->ncol;
    crosstab_fields x = {.m = m, .row_rater = row_rater, .col_rater = col_rater,
                         .ncell = ncell, .start = malloc((ncell + 1) * sizeof(size_t))};
    if (!x.start)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    int st = labels_not_missing(m, err);
    if (st == ICSTAT_OK)
        st = crosstab_counts(m, x.start, err);
    if (st == ICSTAT_OK)
        st = icstat_table_from_fields(m->path, 3, x.start[ncell], crosstab_field, &x, out, err);
    /* Messages about a unit name the table row it was counted on. */
    for (size_t u = 0; st == ICSTAT_OK && u < (*out)->nrow; u++)
        (*out)->line[u] = m->row_line[cell_of(&x, u) / m->ncol];
    free(x.start);
    return st;
}
