/* clm_margins.c — average predicted category probabilities for each level
 * of a categorical term ("what share would be graded Inadequate if every
 * inspection were led by a woman?"), with delta-method intervals.
 *
 * For level L every row keeps its other columns and takes L for the term,
 * in every column that involves it: its own and those of the interactions
 * it is part of, which follow the row's other parts (the averaged
 * counterfactual predictions of R's marginaleffects::avg_predictions and
 * ggeffects' predict_response with margin = "empirical").  The levels of an interaction of categorical terms
 * are the combinations of its parts' levels, each set in every column that
 * involves any of them;
 * the probability of category j is averaged over rows and over the random
 * effect u ~ N(0, sigma^2) (Gauss-Hermite), so the figures are population
 * averages, comparable with observed percentages.  The gradient of each
 * average with respect to (theta, beta, log sigma) is accumulated in the
 * same pass, and var = J V J'. */
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "clm_internal.h"
#include "icstat/wald.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
#define MARGIN_NODES 20

void icstat_clm_margins_free(icstat_clm_margins *m)
{
    if (!m)
        return;
    for (size_t l = 0; m->labels && l < m->n_levels; l++)
        free(m->labels[l]);
    free(m->labels);
    free(m->prob);
    free(m->se);
    free(m->ci_low);
    free(m->ci_high);
    free(m->tail);
    free(m->tail_se);
    free(m->tail_low);
    free(m->tail_high);
    free(m);
}

/* The state that the phases of icstat_clm_margins_compute share. */
typedef struct {
    const icstat_design *d;
    const icstat_clm_fit *f;
    icstat_link link;
    size_t nparts;                   /* the main effects set: the term, or its parts */
    const size_t *parts;
    size_t self;                     /* parts of a main effect: itself */
    size_t *lv;                      /* nparts: the current level of each */
    int fill;                        /* the design has interactions to recompute */
    size_t nn;                       /* nodes of the rule for u (1 when sigma is 0) */
    double u[MARGIN_NODES], wt[MARGIN_NODES];
    size_t ns;                       /* grouping factors: log sigmas at the end of par */
    double *share;                   /* ns: sigma_a^2 / sum sigma^2, 0 for one left out
                                      * of the delta method (unknown variance) */
    double z;                        /* the interval's critical value */
    double *jac;                     /* k x npar: the current level's gradients */
    double *xr, *fs, *cat, *fu;      /* p, k1, k, k1: one row's scratch */
    double *ar;                      /* n_aux: the row's hidden parts (design.h) */
    icstat_clm_margins *m;
} margin_ctx;

/* Set term t of a row to level `level`: a main effect's indicator
 * columns in xr, a hidden part's indicator of every level in ar. */
static void set_part_level(const icstat_design *d, double *xr, double *ar, size_t t,
                           size_t level)
{
    if (t < d->n_terms) {
        icstat_design_set_level(d, xr, t, level);
        return;
    }
    const icstat_term *pt = &d->terms[t];
    for (size_t l = 0; l < pt->n_levels; l++)
        ar[pt->first_col + l] = l == level ? 1.0 : 0.0;
}

/* Level l's sums over the rows (each set to level l): each category's
 * probability into m->prob and its gradient with respect to (theta, beta,
 * log sigma) into jac. */
static void margin_level_sums(margin_ctx *c, size_t l)
{
    for (size_t a = 0, rest = l; a < c->nparts; a++) { /* the first part fastest */
        const size_t L = c->d->terms[c->parts[a]].n_levels;
        c->lv[a] = rest % L;
        rest /= L;
    }
    const icstat_design *d = c->d;
    const size_t n = d->n, p = d->p, k = d->k, k1 = c->f->k1, np = c->f->npar;
    const double *th = c->f->par, *beta = c->f->par + k1;
    double *xr = c->xr, *fs = c->fs, *cat = c->cat, *fu = c->fu;
    double *prob = c->m->prob + l * k;
    memset(c->jac, 0, k * np * sizeof *c->jac);
    for (size_t i = 0; i < n; i++) {
        memcpy(xr, d->x + i * p, p * sizeof *xr);
        if (d->n_aux)
            memcpy(c->ar, d->aux + i * d->n_aux, d->n_aux * sizeof *c->ar);
        for (size_t a = 0; a < c->nparts; a++)
            set_part_level(d, xr, c->ar, c->parts[a], c->lv[a]);
        if (c->fill)
            icstat_design_fill_interactions(d, xr, c->ar);
        double eta = 0.0;
        for (size_t col = 0; col < p; col++)
            eta += xr[col] * beta[col];
        /* Node sums of each category's probability (from its own cut
         * points, so a small one keeps its digits), and of f and f u at
         * each threshold. */
        memset(fs, 0, k1 * sizeof *fs);
        memset(cat, 0, k * sizeof *cat);
        memset(fu, 0, k1 * sizeof *fu);
        for (size_t q = 0; q < c->nn; q++) {
            const double e = eta + c->u[q];
            for (size_t j = 0; j < k; j++)
                cat[j] += c->wt[q] * icstat_link_prob(c->link, j < k1 ? th[j] - e : INFINITY,
                                                      j > 0 ? th[j - 1] - e : -INFINITY);
            for (size_t j = 0; j < k1; j++) {
                const double dens = icstat_link_pdf(c->link, th[j] - e);
                fs[j] += c->wt[q] * dens;
                fu[j] += c->wt[q] * dens * c->u[q];
            }
        }
        for (size_t j = 0; j < k; j++)
            prob[j] += cat[j];
        /* dP_j/dtheta_j = f_j, dP_j/dtheta_{j-1} = -f_{j-1},
         * dP_j/deta = -f_j + f_{j-1}, d eta/d log sigma = u. */
        for (size_t j = 0; j < k; j++) {
            double *jr = c->jac + j * np;
            const double fj = j < k1 ? fs[j] : 0.0, fj1 = j > 0 ? fs[j - 1] : 0.0;
            if (j < k1)
                jr[j] += fj;
            if (j > 0)
                jr[j - 1] -= fj1;
            const double deta = -fj + fj1;
            for (size_t col = 0; col < p; col++)
                jr[k1 + col] += deta * xr[col];
            /* The total sigma's log moves by share_a with factor a's. */
            const double dtau = -(j < k1 ? fu[j] : 0.0) + (j > 0 ? fu[j - 1] : 0.0);
            for (size_t a = 0; a < c->ns; a++)
                jr[np - c->ns + a] += dtau * c->share[a];
        }
    }
}

/* g V g' over the parameters of known variance. */
static double quad_form(const margin_ctx *c, const double *g)
{
    const size_t np = c->f->npar;
    double var = 0.0;
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < np; b++) {
            const double v = c->f->vcov[a * np + b];
            if (isfinite(v))
                var += g[a] * v * g[b];
        }
    return var;
}

/* A probability's interval on the logit scale (NaN at 0 or 1). */
static void logit_interval(double pr, double se, double z, double *lo, double *hi)
{
    if (pr > 0.0 && pr < 1.0) {
        const double lg = log(pr / (1.0 - pr)), slg = se / (pr * (1.0 - pr));
        *lo = 1.0 / (1.0 + exp(-(lg - z * slg)));
        *hi = 1.0 / (1.0 + exp(-(lg + z * slg)));
    } else {
        *lo = *hi = NAN;
    }
}

/* Level l's averages, their delta-method standard errors J V J' (the
 * parameters of unknown variance left out), and intervals on the logit
 * scale (none for a probability of 0 or 1); then the tails P(Y >= j),
 * from the last category back, each gradient the sum of its categories'
 * (so its se allows for their covariance), in c->jac's spare row. */
static void margin_level_finish(margin_ctx *c, size_t l)
{
    const size_t n = c->d->n, k = c->d->k, np = c->f->npar;
    icstat_clm_margins *m = c->m;
    double *prob = m->prob + l * k;
    for (size_t j = 0; j < k; j++) {
        prob[j] /= (double)n;
        double *jr = c->jac + j * np;
        for (size_t a = 0; a < np; a++)
            jr[a] /= (double)n;
        const size_t idx = l * k + j;
        m->se[idx] = sqrt(quad_form(c, jr));
        logit_interval(prob[j], m->se[idx], c->z, &m->ci_low[idx], &m->ci_high[idx]);
    }
    double *g = c->jac + k * np, sum = 0.0;
    memset(g, 0, np * sizeof *g);
    for (size_t j = k; j-- > 0;) {
        const size_t idx = l * k + j;
        for (size_t a = 0; a < np; a++)
            g[a] += c->jac[j * np + a];
        sum += prob[j];
        m->tail[idx] = j == 0 ? 1.0 : sum;
        m->tail_se[idx] = j == 0 ? 0.0 : sqrt(quad_form(c, g));
        logit_interval(m->tail[idx], m->tail_se[idx], c->z, &m->tail_low[idx],
                       &m->tail_high[idx]);
    }
}

/* The levels: the term's own, or every combination of its parts' levels
 * (the first part fastest), labelled "female:Primary".  -1 when out of
 * memory. */
static int margin_labels(margin_ctx *c, size_t L)
{
    const icstat_design *d = c->d;
    icstat_clm_margins *m = c->m;
    if (!(m->labels = calloc(L, sizeof *m->labels)))
        return -1;
    m->n_levels = L;
    for (size_t l = 0; l < L; l++) {
        size_t len = 1;
        for (size_t a = 0, rest = l; a < c->nparts; a++) {
            const icstat_term *pt = &d->terms[c->parts[a]];
            len += strlen(pt->levels[rest % pt->n_levels]) + 1;
            rest /= pt->n_levels;
        }
        char *s = m->labels[l] = malloc(len);
        if (!s)
            return -1;
        s[0] = '\0';
        for (size_t a = 0, rest = l; a < c->nparts; a++) {
            const icstat_term *pt = &d->terms[c->parts[a]];
            if (a)
                strcat(s, ":");
            strcat(s, pt->levels[rest % pt->n_levels]);
            rest /= pt->n_levels;
        }
    }
    return 0;
}

/* The main effects the levels set (the term itself, or an interaction's
 * parts, every one categorical), how many levels that makes, and whether
 * the design has interactions whose columns follow them.  0, or -1 for a
 * numeric term or part. */
static int margin_parts(margin_ctx *c, size_t term, size_t *L)
{
    const icstat_design *d = c->d;
    const icstat_term *tm = &d->terms[term];
    if (!tm->categorical)
        return -1;
    c->nparts = tm->n_parts ? tm->n_parts : 1;
    c->parts = tm->n_parts ? tm->parts : &c->self;
    c->self = term;
    *L = 1;
    for (size_t a = 0; a < c->nparts; a++)
        *L *= d->terms[c->parts[a]].n_levels;
    for (size_t t = 0; t < d->n_terms; t++)
        c->fill |= d->terms[t].n_parts > 0;
    return 0;
}

int icstat_clm_margins_compute(const icstat_design *d, const icstat_clm_fit *f,
                               icstat_link link, size_t term, double conf,
                               icstat_clm_margins **out, icstat_error *err)
{
    *out = NULL;
    const icstat_term *tm = &d->terms[term];
    margin_ctx c = {.d = d, .f = f, .link = link};
    size_t L;
    if (margin_parts(&c, term, &L) != 0) /* the caller's to check, and to say how to fix */
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "margins need a categorical term; '%s' is numeric%s", tm->name,
                                tm->n_parts ? " or has a numeric part" : "");
    const size_t p = d->p, k = d->k, k1 = f->k1, np = f->npar;
    /* Several grouping factors' effects add up on the latent scale: a row's
     * total random effect is normal with the sum of their variances. */
    c.ns = f->mixed ? f->n_sigma : 0;
    double var = 0.0;
    for (size_t a = 0; a < c.ns; a++)
        var += exp(2.0 * f->par[np - c.ns + a]);
    const double sigma = sqrt(var);
    c.nn = sigma > 0.0 ? MARGIN_NODES : 1;
    if (c.nn == 1) {
        c.u[0] = 0.0;
        c.wt[0] = 1.0;
    } else if (clm_normal_rule(sigma, c.nn, c.u, c.wt) != 0) {
        return NOMEM();
    }

    icstat_clm_margins *m = c.m = calloc(1, sizeof *m);
    c.jac = calloc((k + 1) * np, sizeof *c.jac); /* one level at a time, and a tail's */
    c.xr = malloc((p ? p : 1) * sizeof *c.xr);
    c.ar = malloc((d->n_aux ? d->n_aux : 1) * sizeof *c.ar);
    c.share = calloc(c.ns ? c.ns : 1, sizeof *c.share);
    c.fs = malloc(k1 * sizeof *c.fs);
    c.cat = malloc(k * sizeof *c.cat);
    c.fu = malloc(k1 * sizeof *c.fu);
    c.lv = malloc(c.nparts * sizeof *c.lv);
    int st = ICSTAT_OK;
    if (!m || !c.jac || !c.xr || !c.ar || !c.share || !c.fs || !c.cat || !c.fu || !c.lv || margin_labels(&c, L) != 0) {
        st = NOMEM();
        goto done;
    }
    m->k = k;
    m->prob = calloc(L * k, sizeof *m->prob);
    m->se = malloc(L * k * sizeof *m->se);
    m->ci_low = malloc(L * k * sizeof *m->ci_low);
    m->ci_high = malloc(L * k * sizeof *m->ci_high);
    m->tail = malloc(L * k * sizeof *m->tail);
    m->tail_se = malloc(L * k * sizeof *m->tail_se);
    m->tail_low = malloc(L * k * sizeof *m->tail_low);
    m->tail_high = malloc(L * k * sizeof *m->tail_high);
    if (!m->prob || !m->se || !m->ci_low || !m->ci_high || !m->tail || !m->tail_se ||
        !m->tail_low || !m->tail_high) {
        st = NOMEM();
        goto done;
    }
    /* Parameters whose variance is unknown (sigma at its boundary) are
     * left out of the delta method. */
    for (size_t a = 0; a < c.ns; a++) {
        const size_t t = np - c.ns + a;
        if (var > 0.0 && isfinite(f->vcov[t * np + t]))
            c.share[a] = exp(2.0 * f->par[t]) / var;
    }
    c.z = icstat_z_critical(conf);
    for (size_t l = 0; l < L; l++) {
        margin_level_sums(&c, l);
        margin_level_finish(&c, l);
    }
done:
    free(c.jac);
    free(c.xr);
    free(c.ar);
    free(c.share);
    free(c.fs);
    free(c.cat);
    free(c.fu);
    free(c.lv);
    if (st != ICSTAT_OK) {
        icstat_clm_margins_free(m);
        return st;
    }
    *out = m;
    return ICSTAT_OK;
}
