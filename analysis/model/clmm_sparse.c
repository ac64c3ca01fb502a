/* clmm_sparse.c — the joint mode problem's matrix H = Z'WZ + I and its
 * sparse LDL' factorisation by CHOLMOD (Chen, Davis, Hager & Rajamanickam
 * 2008), as lme4 factorises its random-effects system: the pattern is
 * analysed once with a fill-reducing ordering (AMD), and each Newton step
 * of the mode refactorises numerically on that analysis.  The selected
 * inverse follows Takahashi, Fagan & Chin (1973): with H = P'LDL'P, the
 * entries of Z = H^-1 on the pattern of L satisfy, column by column from
 * the last,
 *     Z_ij = -sum_{k > j} L_kj Z_ik   (i > j in the pattern of column j),
 *     Z_jj = 1 / D_j - sum_{k > j} L_kj Z_kj,
 * and every Z_ik they need lies on the pattern of L too (the filled graph
 * is chordal), so the inverse costs about as much as the factorisation. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cholmod.h>

#include "clmm_sparse.h"

struct clmm_sparse {
    cholmod_common cm;
    int started;           /* cm initialised by cholmod_start */
    size_t q, n, F, P;     /* effects, rows, effects per row, pairs per row */
    cholmod_sparse *A;     /* H's lower triangle, columns sorted, packed */
    size_t *diagpos;       /* q: where H_kk is in A->x */
    size_t *pairpos;       /* n x P: where each row's pair is in A->x */
    cholmod_factor *L;     /* simplicial LDL' */
    int *pinv;             /* q: the factor's index of effect k */
    double *z;             /* the selected inverse, laid out as L->x */
    double *acc;           /* scratch: one column of L */
    size_t maxcol;
    int nomem;             /* an allocation after clmm_sparse_alloc failed */
};

size_t clmm_sparse_pair(size_t F, size_t f, size_t g)
{
    /* Pairs (0,1), (0,2) .. (0,F-1), (1,2) .. in order. */
    return f * F - f * (f + 1) / 2 + (g - f - 1);
}

void clmm_sparse_free(clmm_sparse *s)
{
    if (!s)
        return;
    if (s->started) {
        cholmod_free_factor(&s->L, &s->cm);
        cholmod_free_sparse(&s->A, &s->cm);
        cholmod_finish(&s->cm);
    }
    free(s->diagpos);
    free(s->pairpos);
    free(s->pinv);
    free(s->z);
    free(s->acc);
    free(s);
}

static int cmp_size(const void *a, const void *b)
{
    const size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Position of row r in column c of A (sorted), which holds it. */
static size_t find_row(const cholmod_sparse *A, size_t c, size_t r)
{
    const int *Ap = A->p, *Ai = A->i;
    size_t lo = (size_t)Ap[c], hi = (size_t)Ap[c + 1];
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if ((size_t)Ai[mid] < r)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The lower triangle of H's pattern: each effect's diagonal and, for every
 * row, the pairs of its effects, gathered by column (the smaller effect),
 * sorted and made unique; then where each row's pairs and each diagonal
 * lie.  0 or CLMM_SPARSE_NOMEM. */
static int build_pattern(clmm_sparse *s, const size_t *cols)
{
    const size_t q = s->q, n = s->n, F = s->F, P = s->P;
    size_t *start = calloc(q + 1, sizeof *start), *rows = malloc((q + n * P) * sizeof *rows);
    size_t *fill = malloc((q ? q : 1) * sizeof *fill);
    int st = CLMM_SPARSE_NOMEM;
    if (!start || !rows || !fill)
        goto done;
    for (size_t k = 0; k < q; k++)
        start[k + 1]++;
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < F; f++)
            for (size_t g = f + 1; g < F; g++) {
                const size_t a = cols[i * F + f], b = cols[i * F + g];
                start[(a < b ? a : b) + 1]++;
            }
    for (size_t k = 0; k < q; k++)
        start[k + 1] += start[k];
    memcpy(fill, start, q * sizeof *fill);
    for (size_t k = 0; k < q; k++)
        rows[fill[k]++] = k;
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < F; f++)
            for (size_t g = f + 1; g < F; g++) {
                const size_t a = cols[i * F + f], b = cols[i * F + g];
                rows[fill[a < b ? a : b]++] = a < b ? b : a;
            }
    size_t nnz = 0;
    for (size_t k = 0; k < q; k++) {
        qsort(rows + start[k], start[k + 1] - start[k], sizeof *rows, cmp_size);
        size_t u = 0;
        for (size_t t = start[k]; t < start[k + 1]; t++)
            if (u == 0 || rows[start[k] + u - 1] != rows[t])
                rows[start[k] + u++] = rows[t];
        fill[k] = u;
        nnz += u;
    }
    if (nnz > INT_MAX || q > INT_MAX)
        goto done; /* beyond CHOLMOD's int indices: refused earlier by size */
    s->A = cholmod_allocate_sparse(q, q, nnz, 1, 1, -1, CHOLMOD_REAL, &s->cm);
    s->diagpos = malloc((q ? q : 1) * sizeof *s->diagpos);
    s->pairpos = malloc((n * P > 0 ? n * P : 1) * sizeof *s->pairpos);
    if (!s->A || !s->diagpos || !s->pairpos)
        goto done;
    int *Ap = s->A->p, *Ai = s->A->i;
    size_t o = 0;
    for (size_t k = 0; k < q; k++) {
        Ap[k] = (int)o;
        s->diagpos[k] = o; /* the smallest row of a lower column is its own */
        for (size_t t = 0; t < fill[k]; t++)
            Ai[o++] = (int)rows[start[k] + t];
    }
    Ap[q] = (int)o;
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < F; f++)
            for (size_t g = f + 1; g < F; g++) {
                const size_t a = cols[i * F + f], b = cols[i * F + g];
                s->pairpos[i * P + clmm_sparse_pair(F, f, g)] =
                    find_row(s->A, a < b ? a : b, a < b ? b : a);
            }
    st = 0;
done:
    free(start);
    free(rows);
    free(fill);
    return st;
}

int clmm_sparse_alloc(size_t q, size_t n, size_t F, const size_t *cols, double max_nnz,
                      clmm_sparse **out, double *lnz, double *flops)
{
    *out = NULL;
    *lnz = *flops = NAN;
    clmm_sparse *s = calloc(1, sizeof *s);
    if (!s)
        return CLMM_SPARSE_NOMEM;
    s->q = q;
    s->n = n;
    s->F = F;
    s->P = F * (F - 1) / 2;
    if (!cholmod_start(&s->cm)) {
        free(s);
        return CLMM_SPARSE_NOMEM;
    }
    s->started = 1;
    s->cm.print = 0;                     /* errors come back as statuses */
    s->cm.supernodal = CHOLMOD_SIMPLICIAL; /* the selected inverse walks its columns */
    s->cm.nmethods = 1;
    s->cm.method[0].ordering = CHOLMOD_AMD;
    s->cm.postorder = 1;
    int st = build_pattern(s, cols);
    if (st == 0 && !(s->L = cholmod_analyze(s->A, &s->cm)))
        st = CLMM_SPARSE_NOMEM;
    if (st == 0) {
        *lnz = s->cm.lnz;
        *flops = s->cm.fl;
        if (!(s->cm.lnz <= max_nnz) || s->cm.lnz > (double)INT_MAX)
            st = CLMM_SPARSE_TOO_BIG;
    }
    if (st == 0) {
        s->pinv = malloc((q ? q : 1) * sizeof *s->pinv);
        if (!s->pinv)
            st = CLMM_SPARSE_NOMEM;
        const int *perm = s->L ? s->L->Perm : NULL;
        for (size_t k = 0; st == 0 && k < q; k++)
            s->pinv[perm[k]] = (int)k;
    }
    if (st != 0) {
        clmm_sparse_free(s);
        return st;
    }
    *out = s;
    return 0;
}

void clmm_sparse_zero(clmm_sparse *s)
{
    memset(s->A->x, 0, (size_t)((int *)s->A->p)[s->q] * sizeof(double));
}

void clmm_sparse_add_diag(clmm_sparse *s, size_t k, double v)
{
    ((double *)s->A->x)[s->diagpos[k]] += v;
}

void clmm_sparse_add_pair(clmm_sparse *s, size_t i, size_t pair, double v)
{
    ((double *)s->A->x)[s->pairpos[i * s->P + pair]] += v;
}

/* The factor's columns with their rows increasing (the diagonal first),
 * as the selected inverse's merges need: CHOLMOD's row-by-row simplicial
 * factorisation leaves them so, and this restores it if not. */
static void sort_columns(clmm_sparse *s)
{
    const cholmod_factor *L = s->L;
    const int *Lp = L->p, *Lnz = L->nz;
    int *Li = L->i;
    double *Lx = L->x;
    s->maxcol = 0;
    for (size_t j = 0; j < s->q; j++) {
        const size_t p0 = (size_t)Lp[j], m = (size_t)Lnz[j];
        if (m > s->maxcol)
            s->maxcol = m;
        for (size_t t = p0 + 1; t < p0 + m; t++) {
            /* insertion sort: a no-op pass over a sorted column */
            const int r = Li[t];
            const double x = Lx[t];
            size_t u = t;
            while (u > p0 && Li[u - 1] > r) {
                Li[u] = Li[u - 1];
                Lx[u] = Lx[u - 1];
                u--;
            }
            Li[u] = r;
            Lx[u] = x;
        }
    }
}

int clmm_sparse_factor(clmm_sparse *s)
{
    s->cm.status = CHOLMOD_OK;
    const int ok = cholmod_factorize(s->A, s->L, &s->cm);
    if (s->cm.status == CHOLMOD_OUT_OF_MEMORY)
        return s->nomem = 1, -1;
    if (!ok || s->cm.status == CHOLMOD_NOT_POSDEF || s->L->minor < s->q || s->L->is_super ||
        s->L->is_ll)
        return 1;
    sort_columns(s);
    return 0;
}

double clmm_sparse_logdet(const clmm_sparse *s)
{
    const int *Lp = s->L->p;
    const double *Lx = s->L->x;
    double ld = 0.0;
    for (size_t j = 0; j < s->q; j++)
        ld += log(Lx[Lp[j]]);
    return ld;
}

int clmm_sparse_solve(clmm_sparse *s, const double *r, double *x)
{
    cholmod_dense *B = cholmod_allocate_dense(s->q, 1, s->q, CHOLMOD_REAL, &s->cm);
    if (!B)
        return s->nomem = 1, -1;
    memcpy(B->x, r, s->q * sizeof *r);
    cholmod_dense *X = cholmod_solve(CHOLMOD_A, s->L, B, &s->cm);
    cholmod_free_dense(&B, &s->cm);
    if (!X)
        return s->nomem = 1, -1;
    memcpy(x, X->x, s->q * sizeof *x);
    cholmod_free_dense(&X, &s->cm);
    return 0;
}

/* Column j of the selected inverse, from the columns after it.  S, the
 * rows of column j below the diagonal, is sorted; for each i in S, column
 * i of Z holds every later row of S, so one merge of the two finds each
 * Z_ik with i < k in S, which serves both sums, Z_ij's and Z_kj's. */
static void selinv_column(clmm_sparse *s, size_t j)
{
    const cholmod_factor *L = s->L;
    const int *Lp = L->p, *Lnz = L->nz, *Li = L->i;
    const double *Lx = L->x;
    double *z = s->z, *acc = s->acc;
    const size_t p0 = (size_t)Lp[j], m = (size_t)Lnz[j] - 1; /* m: below the diagonal */
    const int *S = Li + p0 + 1;
    const double *l = Lx + p0 + 1;
    for (size_t t = 0; t < m; t++)
        acc[t] = 0.0;
    for (size_t t = 0; t < m; t++) {
        const size_t i = (size_t)S[t], pi = (size_t)Lp[i], end = pi + (size_t)Lnz[i];
        acc[t] += l[t] * z[pi]; /* Z_ii */
        size_t u = t + 1, pos = pi + 1;
        while (u < m && pos < end) {
            if (Li[pos] < S[u]) {
                pos++;
            } else if (Li[pos] == S[u]) {
                acc[t] += l[u] * z[pos];
                acc[u] += l[t] * z[pos];
                pos++;
                u++;
            } else {
                u++; /* not in the pattern: cannot happen for a chordal fill */
            }
        }
    }
    double djj = 1.0 / Lx[p0];
    for (size_t t = 0; t < m; t++) {
        z[p0 + 1 + t] = -acc[t];
        djj += l[t] * acc[t];
    }
    z[p0] = djj;
}

int clmm_sparse_selinv(clmm_sparse *s)
{
    if (!s->z) {
        s->z = malloc((s->L->nzmax ? s->L->nzmax : 1) * sizeof *s->z);
        s->acc = malloc((s->maxcol ? s->maxcol : 1) * sizeof *s->acc);
        if (!s->z || !s->acc)
            return s->nomem = 1, -1;
    }
    for (size_t j = s->q; j-- > 0;)
        selinv_column(s, j);
    return 0;
}

double clmm_sparse_inv(const clmm_sparse *s, size_t j, size_t k)
{
    const int *Lp = s->L->p, *Lnz = s->L->nz, *Li = s->L->i;
    size_t a = (size_t)s->pinv[j], b = (size_t)s->pinv[k];
    if (a == b)
        return s->z[Lp[a]];
    if (a > b) {
        const size_t t = a;
        a = b;
        b = t;
    }
    size_t lo = (size_t)Lp[a] + 1, hi = (size_t)Lp[a] + (size_t)Lnz[a];
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if ((size_t)Li[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < (size_t)Lp[a] + (size_t)Lnz[a] && (size_t)Li[lo] == b ? s->z[lo] : NAN;
}

int clmm_sparse_nomem(const clmm_sparse *s)
{
    return s && s->nomem;
}
