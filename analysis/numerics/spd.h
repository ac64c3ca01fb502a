/* spd.h — symmetric positive definite systems for the model fits. */
#ifndef ICSTAT_SPD_H
#define ICSTAT_SPD_H

#include <stddef.h>

/* Factor A = L L' in place (L in the lower triangle, row-major), row by
 * row, and stop at the first row i whose pivot, what is left of A[i][i]
 * after the rows before it, is not above rel * A[i][i]: for a matrix of
 * cross-products, 1 - R^2 of column i regressed on the earlier ones.
 * Returns that i, with the pivot in *pivot, rows 0..i-1 of L and row i's
 * entries left of the diagonal computed, A[i][i] as it was; or n when
 * every pivot passes.  rel = 0 is the plain factorisation. */
size_t icstat_spd_factor_until(double *a, size_t n, double rel, double *pivot);

/* Solve A x = b, A n x n row-major symmetric positive definite (its lower
 * triangle is overwritten by the Cholesky factor).  -1 when A is not
 * positive definite. */
int icstat_spd_solve(double *a, const double *b, double *x, size_t n);

/* A^-1 in place (the full matrix); -1 when A is not positive definite, -2
 * when there is no memory for the scratch factor (out of memory must never
 * read as a singular matrix). */
int icstat_spd_invert(double *a, size_t n);

#endif
