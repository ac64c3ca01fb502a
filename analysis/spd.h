/* spd.h — symmetric positive definite systems for the model fits. */
#ifndef ICSTAT_SPD_H
#define ICSTAT_SPD_H

#include <stddef.h>

/* Solve A x = b, A n x n row-major symmetric positive definite (its lower
 * triangle is overwritten by the Cholesky factor).  -1 when A is not
 * positive definite. */
int icstat_spd_solve(double *a, const double *b, double *x, size_t n);

/* A^-1 in place (the full matrix); -1 when A is not positive definite, -2
 * when there is no memory for the scratch factor (out of memory must never
 * read as a singular matrix). */
int icstat_spd_invert(double *a, size_t n);

#endif
