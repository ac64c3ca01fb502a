/* clmm_hessian.c — the mixed model's Hessian by forward differences of its
 * exact gradient, its columns on several threads.
 *
 * The Hessian gives the standard errors; it takes one evaluation of the
 * marginal likelihood per parameter, two thirds of a fit's evaluations
 * (24 of 37 for the benchmark model), and the columns are independent.
 * Every column starts from the same state, the modes and their slopes at
 * x (clmm_marginal.c predicts each mode at x + h e_i from them), in a
 * workspace of its thread's own: the columns, and so the answer, are the
 * same whichever thread computes them and however many there are.  The
 * workspaces are all made before the threads start, so the allocations
 * (and a failing one, in the out-of-memory test) come in the same order
 * on every run. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clm_internal.h"
#include "../numerics/spd.h"

/* What the threads share: the point, its gradient, the Hessian they fill
 * (column i by whoever takes it) and each column's outcome. */
typedef struct {
    const clm_work *w;
    const double *x, *g0;
    double *hess;
    int *status;   /* per column: 0 or -1 (cannot evaluate) */
    atomic_size_t next;
} hess_queue;

/* -loglik's gradient at xp into gp, in the clone c started from w's state. */
static int clone_gradient(clm_work *c, const clm_work *w, const double *xp, double *gp)
{
    const size_t n = w->npar;
    double ll;
    memcpy(c->bmode, w->bmode, w->d->n_groups * sizeof *c->bmode);
    memcpy(c->x_at, w->x_at, n * sizeof *c->x_at);
    c->have_slope = w->have_slope;
    if (clmm_eval(c, xp, &ll, gp) != 0 || !isfinite(ll))
        return -1;
    for (size_t i = 0; i < n; i++)
        gp[i] = -gp[i];
    return 0;
}

int clm_hessian_column(size_t n, const double *x, const double *g0, size_t i,
                       int (*grad)(void *ctx, const double *xp, double *gp), void *ctx,
                       double *xp, double *gp, double *hess)
{
    const double h = 1e-6 * (1.0 + fabs(x[i]));
    memcpy(xp, x, n * sizeof *xp);
    xp[i] = x[i] + h;
    if (grad(ctx, xp, gp) != 0) {
        xp[i] = x[i] - h; /* at the edge of the domain: step the other way */
        if (grad(ctx, xp, gp) != 0)
            return -1;
    }
    for (size_t j = 0; j < n; j++)
        hess[j * n + i] = (gp[j] - g0[j]) / (xp[i] - x[i]);
    return 0;
}

void clm_hessian_symmetrise(double *hess, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            hess[i * n + j] = hess[j * n + i] = 0.5 * (hess[i * n + j] + hess[j * n + i]);
}

/* clone_gradient for clm_hessian_column: a thread's clone and the state
 * every column starts from. */
typedef struct {
    clm_work *c;
    const clm_work *w;
} clone_ctx;

static int clone_grad(void *ctx, const double *xp, double *gp)
{
    const clone_ctx *cc = ctx;
    return clone_gradient(cc->c, cc->w, xp, gp);
}

/* Column i, in the thread's clone c. */
static int hess_column(clm_work *c, const hess_queue *q, size_t i, double *xp, double *gp)
{
    clone_ctx cc = {c, q->w};
    return clm_hessian_column(q->w->npar, q->x, q->g0, i, clone_grad, &cc, xp, gp, q->hess);
}

/* One thread's workspace (made before any thread starts, so that the
 * allocations come in the same order every run). */
typedef struct {
    hess_queue *q;
    clm_work c;
    double *xp, *gp; /* npar each */
    int made;        /* c was cloned */
    pthread_t tid;
    int started;
} hess_thread;

/* A thread: columns until none is left. */
static void *hess_worker(void *arg)
{
    hess_thread *t = arg;
    hess_queue *q = t->q;
    for (;;) {
        const size_t i = atomic_fetch_add(&q->next, 1);
        if (i >= q->w->npar)
            break;
        q->status[i] = hess_column(&t->c, q, i, t->xp, t->gp);
    }
    return NULL;
}

/* Threads to use: w->threads, or one per processor, no more than the
 * columns. */
static size_t thread_count(const clm_work *w)
{
    const long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = w->threads > 0 ? (size_t)w->threads : (size_t)(ncpu > 0 ? ncpu : 1);
    return nt < w->npar ? nt : w->npar;
}

static void free_threads(hess_thread *th, size_t nt)
{
    for (size_t t = 0; t < nt; t++) {
        if (th[t].made)
            clm_work_clone_free(&th[t].c);
        free(th[t].xp);
        free(th[t].gp);
    }
    free(th);
}

int clmm_hessian(const clm_work *w, const double *x, const double *g0, double *hess)
{
    const size_t n = w->npar, nt = thread_count(w);
    hess_queue q = {.w = w, .x = x, .g0 = g0, .hess = hess};
    q.status = malloc(n * sizeof *q.status);
    hess_thread *th = calloc(nt ? nt : 1, sizeof *th);
    int st = q.status && th ? 0 : -2;
    for (size_t t = 0; t < nt && st == 0; t++) {
        th[t].q = &q;
        th[t].xp = malloc(n * sizeof *th[t].xp);
        th[t].gp = malloc(n * sizeof *th[t].gp);
        th[t].made = th[t].xp && th[t].gp && clm_work_clone(&th[t].c, w) == 0;
        if (!th[t].made)
            st = -2;
    }
    if (st == 0) {
        atomic_init(&q.next, 0);
        /* A thread that cannot be started leaves its columns to the others. */
        for (size_t t = 1; t < nt; t++)
            th[t].started = pthread_create(&th[t].tid, NULL, hess_worker, &th[t]) == 0;
        hess_worker(&th[0]);
        for (size_t t = 1; t < nt; t++)
            if (th[t].started)
                pthread_join(th[t].tid, NULL);
        for (size_t i = 0; i < n && st == 0; i++)
            st = q.status[i]; /* the first failed column's, whatever the threads' order */
    }
    free(q.status);
    if (th)
        free_threads(th, nt);
    if (st == 0)
        clm_hessian_symmetrise(hess, n);
    return st;
}

/* The fixed-effects covariance underestimates the variance of a
 * coefficient that varies between groups rather than within them (an
 * inspector's characteristics): by the design effect, 1 + (m - 1) ICC
 * with m rows a group, 15 at 200 rows an inspector.  BFGS started from it
 * spends its iterations learning that, more of them as m grows.  The
 * Laplace objective's Hessian is about
 *     I_fixed - sum_g H_g s_g s_g',
 * s_g = db^_g/dpsi the group's mode slopes and H_g its curvature: the
 * second derivative of h(b^(psi), psi) is h_psipsi + H b^_psi b^_psi', whose
 * first part is about the fixed information (here from the fixed-effects
 * covariance) and whose second is the rows' shared effect through the
 * mode (the log-determinant's part is smaller by a factor m, and left
 * out).  Its inverse replaces the thresholds' and coefficients' block. */
int clmm_start_metric(const clm_work *w, double *hinv)
{
    const size_t n = w->npar, nf = n - 1;
    if (!w->have_slope)
        return 0;
    double *a = malloc((nf ? nf * nf : 1) * sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < nf; i++)
        memcpy(a + i * nf, hinv + i * n, nf * sizeof *a);
    int st = icstat_spd_invert(a, nf); /* the fixed information */
    if (st == 0) {
        for (size_t g = 0; g < w->d->n_groups; g++) {
            const double *s = w->mode_slope + g * n, h = w->hess[g];
            for (size_t i = 0; i < nf; i++)
                for (size_t j = 0; j <= i; j++)
                    a[i * nf + j] -= h * s[i] * s[j];
        }
        for (size_t i = 0; i < nf; i++)
            for (size_t j = 0; j < i; j++)
                a[j * nf + i] = a[i * nf + j];
        st = icstat_spd_invert(a, nf);
    }
    if (st == 0)
        for (size_t i = 0; i < nf; i++)
            memcpy(hinv + i * n, a + i * nf, nf * sizeof *a);
    free(a);
    return st == -2 ? -1 : 0;
}
