/* contingency.c — Pearson's chi-square test of independence. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "icstat/contingency.h"

int icstat_chisq_independence(const double *count, size_t nr, size_t nc, icstat_chisq *out,
                              icstat_error *err)
{
    *out = (icstat_chisq){NAN, NAN, NAN, 0, 0, 0, 0, NAN};
    double *row = calloc(nr ? nr : 1, sizeof *row), *col = calloc(nc ? nc : 1, sizeof *col);
    if (!row || !col) {
        free(row);
        free(col);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    double n = 0.0;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < nc; j++) {
            row[i] += count[i * nc + j];
            col[j] += count[i * nc + j];
            n += count[i * nc + j];
        }
    for (size_t i = 0; i < nr; i++)
        out->rows_used += row[i] > 0.0;
    for (size_t j = 0; j < nc; j++)
        out->cols_used += col[j] > 0.0;
    out->n_cells = out->rows_used * out->cols_used;
    if (out->rows_used >= 2 && out->cols_used >= 2) {
        double x2 = 0.0, emin = INFINITY;
        for (size_t i = 0; i < nr; i++)
            for (size_t j = 0; j < nc; j++) {
                if (!(row[i] > 0.0 && col[j] > 0.0))
                    continue;
                const double e = row[i] * col[j] / n, d = count[i * nc + j] - e;
                x2 += d * d / e;
                out->n_small += e < 5.0;
                if (e < emin)
                    emin = e;
            }
        out->statistic = x2;
        out->df = (double)((out->rows_used - 1) * (out->cols_used - 1));
        out->p_value = gsl_cdf_chisq_Q(x2, out->df);
        out->min_expected = emin;
    }
    free(row);
    free(col);
    return ICSTAT_OK;
}
