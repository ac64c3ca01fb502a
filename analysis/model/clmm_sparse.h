/* clmm_sparse.h — the sparse symmetric matrix of a joint mode problem and
 * its Cholesky factorisation (CHOLMOD), for the Laplace approximation
 * with several grouping factors (clmm_laplace.c).
 *
 * The matrix is H = Z'WZ + I over q random effects, where row i of the
 * data touches F of them, cols[i F + f] (one per grouping factor): its
 * pattern is fixed by the data, so it is analysed once (a fill-reducing
 * ordering, AMD) and factorised as H = P'L D L'P again for each new W.
 * Besides solves and log|H|, it gives entries of H^-1 on the pattern of
 * the factor (the selected, or Takahashi, inverse), which the gradient of
 * the Laplace approximation needs. */
#ifndef ICSTAT_CLMM_SPARSE_H
#define ICSTAT_CLMM_SPARSE_H

#include <stddef.h>

typedef struct clmm_sparse clmm_sparse;

/* Outcomes of clmm_sparse_alloc besides 0. */
enum { CLMM_SPARSE_NOMEM = -1, CLMM_SPARSE_TOO_BIG = -2 };

/* The pattern of H for n rows touching F effects each (cols, n x F, each
 * below q), ordered and analysed.  Refuses (CLMM_SPARSE_TOO_BIG) a problem
 * whose factor would hold more than max_nnz entries, giving the estimated
 * entries and flops in *lnz and *flops either way. */
int clmm_sparse_alloc(size_t q, size_t n, size_t F, const size_t *cols, double max_nnz,
                      clmm_sparse **out, double *lnz, double *flops);
void clmm_sparse_free(clmm_sparse *s);

/* The values of H: zero them, add v at the diagonal of effect k, add v at
 * the pair of row i's effects f < g (pair index of clmm_sparse_pair). */
void clmm_sparse_zero(clmm_sparse *s);
void clmm_sparse_add_diag(clmm_sparse *s, size_t k, double v);
void clmm_sparse_add_pair(clmm_sparse *s, size_t i, size_t pair, double v);

/* Index of pair (f, g), f < g, among F(F-1)/2. */
size_t clmm_sparse_pair(size_t F, size_t f, size_t g);

/* Factorise H as it holds now: 0, 1 when not positive definite, -1 when
 * out of memory. */
int clmm_sparse_factor(clmm_sparse *s);

/* log|H| of the current factor. */
double clmm_sparse_logdet(const clmm_sparse *s);

/* x = H^-1 r (q values each; may be the same array).  0, or -1 when out
 * of memory. */
int clmm_sparse_solve(clmm_sparse *s, const double *r, double *x);

/* The selected inverse of the current factor: afterwards
 * clmm_sparse_inv(s, j, k) is (H^-1)_jk for j = k or any pair of effects
 * that one row touches.  0, or -1 when out of memory. */
int clmm_sparse_selinv(clmm_sparse *s);

/* Whether an allocation failed in a call after clmm_sparse_alloc (their
 * -1 otherwise reads as "cannot be evaluated here" to an optimiser, which
 * then steps elsewhere). */
int clmm_sparse_nomem(const clmm_sparse *s);
double clmm_sparse_inv(const clmm_sparse *s, size_t j, size_t k);

#endif
