/* spd.c — Cholesky factorisation, solves and inverses of symmetric
 * positive definite matrices, row-major.
 *
 * GSL's gsl_linalg_cholesky_decomp1 works through cblas, and the
 * reference cblas that ships with GSL (libgslcblas) runs its level-3 steps
 * at a small fraction of the machine's speed once a matrix outgrows the
 * cache: a fit with a 2,000-level factor spent 80% of 78 s there.  These
 * loops touch rows contiguously and keep four partial sums, so each inner
 * loop runs at the rate of the arithmetic; the work is the textbook
 * n^3 / 3 for the factor and n^3 / 3 more for an inverse. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spd.h"

/* sum_k u[k] v[k] for k < n, in four interleaved sums (no dependency
 * chain through one accumulator). */
static double dot(const double *u, const double *v, size_t n)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 += u[k] * v[k];
        s1 += u[k + 1] * v[k + 1];
        s2 += u[k + 2] * v[k + 2];
        s3 += u[k + 3] * v[k + 3];
    }
    for (; k < n; k++)
        s0 += u[k] * v[k];
    return (s0 + s1) + (s2 + s3);
}

/* Cholesky-Crout, row by row: L[i][j] needs rows i and j up to column j,
 * both contiguous. */
size_t icstat_spd_factor_until(double *a, size_t n, double rel, double *pivot)
{
    for (size_t i = 0; i < n; i++) {
        double *ai = a + i * n;
        for (size_t j = 0; j < i; j++) {
            const double *aj = a + j * n;
            ai[j] = (ai[j] - dot(ai, aj, j)) / aj[j];
        }
        const double d = ai[i] - dot(ai, ai, i);
        if (!(d > 0.0) || !(d > rel * ai[i]) || !isfinite(d)) {
            *pivot = d;
            return i;
        }
        ai[i] = sqrt(d);
    }
    return n;
}

static int cholesky(double *a, size_t n)
{
    double pivot;
    return icstat_spd_factor_until(a, n, 0.0, &pivot) == n ? 0 : -1;
}

int icstat_spd_solve(double *a, const double *b, double *x, size_t n)
{
    if (cholesky(a, n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) /* L y = b */
        x[i] = (b[i] - dot(a + i * n, x, i)) / a[i * n + i];
    for (size_t i = n; i-- > 0;) { /* L' x = y: column i of L below the diagonal */
        double s = x[i];
        for (size_t k = i + 1; k < n; k++)
            s -= a[k * n + i] * x[k];
        x[i] = s / a[i * n + i];
    }
    return 0;
}

int icstat_spd_invert(double *a, size_t n)
{
    if (cholesky(a, n) != 0)
        return -1;
    double *li = calloc(n ? n * n : 1, sizeof *li); /* L^-1, lower */
    if (!li)
        return -2;
    /* Row i of L^-1: (e_i - sum_{k<i} L[i][k] row k of L^-1) / L[i][i]. */
    for (size_t i = 0; i < n; i++) {
        double *ri = li + i * n;
        const double *ai = a + i * n;
        for (size_t k = 0; k < i; k++) {
            const double c = ai[k];
            const double *rk = li + k * n;
            for (size_t j = 0; j <= k; j++)
                ri[j] -= c * rk[j];
        }
        ri[i] = 1.0;
        const double d = ai[i];
        for (size_t j = 0; j <= i; j++)
            ri[j] /= d;
    }
    /* A^-1 = L^-T L^-1: entry (i, j) = sum_{k >= max(i, j)} li[k][i] li[k][j],
     * accumulated row k by row k into the lower triangle. */
    memset(a, 0, n * n * sizeof *a);
    for (size_t k = 0; k < n; k++) {
        const double *rk = li + k * n;
        for (size_t i = 0; i <= k; i++) {
            const double c = rk[i];
            double *ai = a + i * n;
            for (size_t j = 0; j <= i; j++)
                ai[j] += c * rk[j];
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            a[j * n + i] = a[i * n + j];
    free(li);
    return 0;
}
