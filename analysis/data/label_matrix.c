/* label_matrix.c — read a table of numbers with labelled rows and columns
 * (a published cross-table, a weight matrix).  The label row's corner cell
 * is often empty, which the csv reader's header rules refuse, so the file
 * is scanned row by row instead (icstat_table_scan). */
#include <stdlib.h>
#include <string.h>

#include "icstat/factor.h"
#include "icstat/label_matrix.h"

void icstat_label_matrix_free(icstat_label_matrix *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->row_labels && i < m->nrow; i++)
        free(m->row_labels[i]);
    for (size_t j = 0; m->col_labels && j < m->ncol; j++)
        free(m->col_labels[j]);
    free(m->row_labels);
    free(m->col_labels);
    free(m->value);
    free(m->row_line);
    free(m->corner);
    free(m->path);
    free(m);
}

long icstat_label_index(char *const *labels, size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(labels[i], label) == 0)
            return (long)i;
    return -1;
}

/* What the scan builds; rows grow by doubling. */
typedef struct {
    icstat_label_matrix *m;
    size_t cap;
    icstat_error *err;
} matrix_scan;

static int nomem(icstat_error *err)
{
    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
}

/* The label row: the corner, then the column labels, none empty or twice. */
static int scan_header(matrix_scan *s, const char *const *f, size_t nf, long line)
{
    icstat_label_matrix *m = s->m;
    m->header_line = line;
    if (nf < 2)
        return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                "the first row needs a corner cell and then the column "
                                "categories' labels (found %zu field)", nf);
    if (!(m->corner = icstat_trimmed_copy(f[0])) ||
        !(m->col_labels = calloc(nf - 1, sizeof *m->col_labels)))
        return nomem(s->err);
    for (size_t j = 1; j < nf; j++) {
        char *lab = icstat_trimmed_copy(f[j]);
        if (!lab)
            return nomem(s->err);
        m->col_labels[m->ncol++] = lab;
        if (!lab[0])
            return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                    "field %zu of the label row is empty: every column "
                                    "needs its category's label", j + 1);
        long k = icstat_label_index(m->col_labels, j - 1, lab);
        if (k >= 0)
            return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                    "column label '%s' is given twice (fields %ld and %zu)",
                                    lab, k + 2, j + 1);
    }
    return ICSTAT_OK;
}

/* Room for one more row. */
static int grow(matrix_scan *s)
{
    icstat_label_matrix *m = s->m;
    if (m->nrow < s->cap)
        return ICSTAT_OK;
    size_t cap = s->cap ? 2 * s->cap : 16;
    char **lab = realloc(m->row_labels, cap * sizeof *lab);
    if (lab)
        m->row_labels = lab;
    long *ln = realloc(m->row_line, cap * sizeof *ln);
    if (ln)
        m->row_line = ln;
    double *v = realloc(m->value, cap * m->ncol * sizeof *v);
    if (v)
        m->value = v;
    if (!lab || !ln || !v)
        return nomem(s->err);
    s->cap = cap;
    return ICSTAT_OK;
}

/* One row below the labels: its label (not empty, not twice), then one
 * finite number per column. */
static int scan_row(void *ctx, const char *const *f, size_t nf, long line)
{
    matrix_scan *s = ctx;
    icstat_label_matrix *m = s->m;
    if (!m->col_labels)
        return scan_header(s, f, nf, line);
    if (nf != m->ncol + 1)
        return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                "row has %zu fields but the label row has %zu", nf,
                                m->ncol + 1);
    if (grow(s) != ICSTAT_OK)
        return ICSTAT_ENOMEM;
    char *lab = icstat_trimmed_copy(f[0]);
    if (!lab)
        return nomem(s->err);
    const size_t i = m->nrow++;
    m->row_labels[i] = lab;
    m->row_line[i] = line;
    if (!lab[0])
        return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                "the row's label (field 1) is empty: every row needs its "
                                "category's label");
    long k = icstat_label_index(m->row_labels, i, lab);
    if (k >= 0)
        return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                "row label '%s' is given twice (lines %ld and %ld)", lab,
                                m->row_line[k], line);
    for (size_t j = 0; j < m->ncol; j++) {
        double v;
        if (icstat_is_missing_token(f[j + 1]))
            return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                    "cell (row '%s', column '%s') is empty or missing: every "
                                    "cell needs a number (0 for none)", lab, m->col_labels[j]);
        if (!icstat_parse_double(f[j + 1], &v)) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return icstat_error_set(s->err, ICSTAT_EDATA, m->path, line,
                                    "cell (row '%s', column '%s') is '%s', not a number", lab,
                                    m->col_labels[j],
                                    icstat_value_excerpt(f[j + 1], ex, sizeof ex));
        }
        m->value[i * m->ncol + j] = v;
    }
    return ICSTAT_OK;
}

int icstat_label_matrix_read(const char *path, icstat_label_matrix **out, icstat_error *err)
{
    *out = NULL;
    icstat_label_matrix *m = calloc(1, sizeof *m);
    if (!m || !(m->path = strdup(path))) {
        free(m);
        return nomem(err);
    }
    matrix_scan s = {.m = m, .err = err};
    int st = icstat_table_scan(path, scan_row, &s, err);
    if (st == ICSTAT_OK && !m->col_labels)
        st = icstat_error_set(err, ICSTAT_EDATA, path, 1,
                              "file is empty: the first row must hold the column "
                              "categories' labels");
    else if (st == ICSTAT_OK && m->nrow == 0)
        st = icstat_error_set(err, ICSTAT_EDATA, path, m->header_line,
                              "the label row has no rows below it");
    if (st != ICSTAT_OK) {
        icstat_label_matrix_free(m);
        return st;
    }
    *out = m;
    return ICSTAT_OK;
}
