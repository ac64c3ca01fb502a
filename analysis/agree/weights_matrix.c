/* weights_matrix.c — a user's weight matrix checked and put in the order
 * of the ratings' categories.  Gwet's formulas (and this engine's
 * linearised variances) assume weights that are symmetric, 1 on the
 * diagonal and within [0, 1] (Gwet 2014, ch. 3), so anything else is
 * refused rather than computed with. */
#include <stdlib.h>
#include <string.h>

#include "icstat/weights_matrix.h"

/* The index among r's categories of label: same text, or the same number. */
static long category_of(const icstat_ratings *r, const char *label)
{
    for (size_t k = 0; k < r->n_cat; k++)
        if (strcmp(r->cat_labels[k], label) == 0)
            return (long)k;
    double v, c;
    if (!icstat_parse_double(label, &v))
        return -1;
    for (size_t k = 0; k < r->n_cat; k++)
        if (icstat_parse_double(r->cat_labels[k], &c) && c == v)
            return (long)k;
    return -1;
}

/* Each weight in [0, 1], 1 on the diagonal, w(a,b) = w(b,a); the same
 * labels down and across.  `col_of_row[i]`: the column of row i's label. */
static int matrix_check(const icstat_label_matrix *m, const long *col_of_row,
                        icstat_error *err)
{
    const size_t q = m->ncol;
    if (m->nrow != q)
        return icstat_error_set(err, ICSTAT_EDATA, m->path, m->header_line,
                                "a weight matrix is square: %zu rows but %zu columns",
                                m->nrow, q);
    for (size_t i = 0; i < q; i++)
        if (col_of_row[i] < 0)
            return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                    "row label '%s' is not among the column labels: a "
                                    "weight matrix has the same categories down and across",
                                    m->row_labels[i]);
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++) {
            const double v = m->value[i * q + j];
            const char *a = m->row_labels[i], *b = m->col_labels[j];
            if (!(v >= 0.0 && v <= 1.0))
                return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                        "weight (row '%s', column '%s') is %g: weights are "
                                        "between 0 and 1", a, b, v);
            if ((size_t)col_of_row[i] == j && v != 1.0)
                return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                        "weight (row '%s', column '%s') is %g: agreement on "
                                        "the same category weighs 1", a, b, v);
        }
    for (size_t i = 0; i < q; i++)
        for (size_t i2 = 0; i2 < q; i2++) {
            const double v = m->value[i * q + (size_t)col_of_row[i2]];
            const double t = m->value[i2 * q + (size_t)col_of_row[i]];
            if (v != t)
                return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                        "the weights are not symmetric: (row '%s', column "
                                        "'%s') is %g but (row '%s', column '%s') on line %ld "
                                        "is %g", m->row_labels[i], m->row_labels[i2], v,
                                        m->row_labels[i2], m->row_labels[i],
                                        m->row_line[i2], t);
        }
    return ICSTAT_OK;
}

/* Every label of m is a category of r and every category of r is in m;
 * cat[i]: the category of row i. */
static int match_categories(const icstat_label_matrix *m, const icstat_ratings *r,
                            const char *categories, long *cat, icstat_error *err)
{
    for (size_t i = 0; i < m->nrow; i++)
        if ((cat[i] = category_of(r, m->row_labels[i])) < 0)
            return icstat_error_set(err, ICSTAT_EDATA, m->path, m->row_line[i],
                                    "category '%s' is not among the ratings' categories%s%s%s",
                                    m->row_labels[i], categories ? "; list every category, "
                                    "in order, with " : "", categories ? categories : "",
                                    categories ? " to use it" : "");
    for (size_t k = 0; k < r->n_cat; k++) {
        size_t i = 0;
        while (i < m->nrow && (size_t)cat[i] != k)
            i++;
        if (i == m->nrow)
            return icstat_error_set(err, ICSTAT_EDATA, m->path, m->header_line,
                                    "the weight matrix has no row for category '%s'",
                                    r->cat_labels[k]);
    }
    return ICSTAT_OK;
}

int icstat_weights_from_matrix(const icstat_label_matrix *m, const icstat_ratings *r,
                               const char *categories, double **w, icstat_error *err)
{
    *w = NULL;
    const size_t n = m->nrow > m->ncol ? m->nrow : m->ncol;
    long *col_of_row = malloc(n * sizeof *col_of_row);
    long *cat = malloc(n * sizeof *cat);
    double *out = malloc((r->n_cat * r->n_cat + 1) * sizeof *out);
    int st = col_of_row && cat && out
                 ? ICSTAT_OK
                 : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; st == ICSTAT_OK && i < m->nrow; i++)
        col_of_row[i] = icstat_label_index(m->col_labels, m->ncol, m->row_labels[i]);
    if (st == ICSTAT_OK)
        st = matrix_check(m, col_of_row, err);
    if (st == ICSTAT_OK)
        st = match_categories(m, r, categories, cat, err);
    /* Row i and the column of row j's label give w(cat i, cat j). */
    for (size_t i = 0; st == ICSTAT_OK && i < m->nrow; i++)
        for (size_t j = 0; j < m->nrow; j++)
            out[(size_t)cat[i] * r->n_cat + (size_t)cat[j]] =
                m->value[i * m->ncol + (size_t)col_of_row[j]];
    free(col_of_row);
    free(cat);
    if (st != ICSTAT_OK) {
        free(out);
        return st;
    }
    *w = out;
    return ICSTAT_OK;
}
