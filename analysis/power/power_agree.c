/* power_agree.c — interval widths of agreement coefficients for double
 * inspection designs, by simulation across threads. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "../core/parallel.h"
#include "icstat/agree_coef.h"
#include "icstat/power.h"
#include "icstat/ratings.h"
#include "icstat/seed.h"
#include "icstat/wald.h"
#include "icstat/zero.h"

/* The coefficients power agree follows, by agree's ids (agree_coef.h). */
static const icstat_coef_id power_coefs[ICSTAT_POWER_COEFS] = {ICSTAT_COEF_PERCENT, ICSTAT_COEF_COHEN,
                                                               ICSTAT_COEF_GWET};

const char *icstat_power_coef_name(size_t c)
{
    return icstat_coef_name(power_coefs[c]);
}

/* Per replicate: estimate and half-width of each coefficient (NaN if NA). */
typedef struct {
    double est[ICSTAT_POWER_COEFS], half[ICSTAT_POWER_COEFS], lo[ICSTAT_POWER_COEFS],
        hi[ICSTAT_POWER_COEFS];
    int failed;
    int nomem; /* failed for want of memory: the whole run fails */
} rep_result;

typedef struct {
    const icstat_power_agree_spec *spec;
    size_t n;
    double rho;
    rep_result *res;
    size_t next, done;
    int nomem; /* a thread could not make its workspace */
    pthread_mutex_t lock;
} work_queue;

static icstat_ratings *ratings_alloc(size_t n, size_t k)
{
    icstat_ratings *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n_units = n;
    r->n_raters = 2;
    r->n_cat = k;
    r->cat_numeric = r->cat_ordered = 1;
    r->unit_ids = calloc(n, sizeof *r->unit_ids);
    r->rater_names = calloc(2, sizeof *r->rater_names);
    r->cat_labels = calloc(k, sizeof *r->cat_labels);
    r->cat_values = malloc(k * sizeof *r->cat_values);
    r->cat = malloc(2 * n * sizeof *r->cat);
    if (!r->unit_ids || !r->rater_names || !r->cat_labels || !r->cat_values || !r->cat) {
        icstat_ratings_free(r);
        return NULL;
    }
    char buf[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%zu", i + 1);
        if (!(r->unit_ids[i] = strdup(buf))) {
            icstat_ratings_free(r);
            return NULL;
        }
    }
    for (size_t c = 0; c < k; c++) {
        snprintf(buf, sizeof buf, "%zu", c + 1);
        r->cat_values[c] = (double)(c + 1);
        if (!(r->cat_labels[c] = strdup(buf))) {
            icstat_ratings_free(r);
            return NULL;
        }
    }
    if (!(r->rater_names[0] = strdup("first")) || !(r->rater_names[1] = strdup("second"))) {
        icstat_ratings_free(r);
        return NULL;
    }
    return r;
}

static size_t draw_category(const double *p, size_t k, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng), cum = 0.0;
    for (size_t c = 0; c + 1 < k; c++)
        if (u < (cum += p[c]))
            return c;
    return k - 1;
}

static void run_replicate(const work_queue *q, size_t rep, icstat_ratings *r, gsl_rng *rng)
{
    const icstat_power_agree_spec *s = q->spec;
    rep_result *out = &q->res[rep];
    gsl_rng_set(rng, s->seed + rep);
    for (size_t i = 0; i < q->n; i++) {
        const size_t a = draw_category(s->probs, s->k, rng);
        const size_t b = gsl_rng_uniform(rng) < q->rho ? a : draw_category(s->probs, s->k, rng);
        r->cat[2 * i] = (int)a;
        r->cat[2 * i + 1] = (int)b;
    }
    icstat_agree_options opt = {ICSTAT_W_IDENTITY, ICSTAT_METRIC_NONE, 0, s->conf, NULL, NULL, NULL,
                                ICSTAT_SE_CONDITIONAL};
    icstat_agree_result *res = NULL;
    icstat_error err;
    if (icstat_agree_estimate(r, &opt, &res, &err) != ICSTAT_OK) {
        out->failed = 1;
        out->nomem = err.status == ICSTAT_ENOMEM;
        return;
    }
    for (size_t c = 0; c < ICSTAT_POWER_COEFS; c++) {
        out->est[c] = out->half[c] = out->lo[c] = out->hi[c] = NAN;
        for (size_t j = 0; j < res->n_coef; j++)
            if (res->coef[j].id == power_coefs[c]) {
                out->est[c] = res->coef[j].estimate;
                out->lo[c] = res->coef[j].ci_low;
                out->hi[c] = res->coef[j].ci_high;
                out->half[c] = 0.5 * (out->hi[c] - out->lo[c]);
            }
    }
    icstat_agree_result_free(res);
}

static void *worker(void *arg)
{
    work_queue *q = arg;
    icstat_ratings *r = ratings_alloc(q->n, q->spec->k);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r || !rng) { /* the run fails, whichever jobs this thread would have taken */
        pthread_mutex_lock(&q->lock);
        q->nomem = 1;
        pthread_mutex_unlock(&q->lock);
    }
    for (;;) {
        pthread_mutex_lock(&q->lock);
        const size_t rep = q->next++;
        pthread_mutex_unlock(&q->lock);
        if (rep >= q->spec->reps)
            break;
        if (!r || !rng)
            q->res[rep].failed = q->res[rep].nomem = 1;
        else
            run_replicate(q, rep, r, rng);
        pthread_mutex_lock(&q->lock);
        const size_t done = ++q->done;
        if (q->spec->progress)
            q->spec->progress(done, q->spec->reps, q->spec->progress_ctx);
        pthread_mutex_unlock(&q->lock);
    }
    icstat_ratings_free(r);
    gsl_rng_free(rng);
    return NULL;
}

static int check_spec(const icstat_power_agree_spec *s, double *chance, icstat_error *err)
{
    double total = 0.0, sq = 0.0;
    if (s->k < 2)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "give at least two category shares");
    for (size_t c = 0; c < s->k; c++) {
        if (!(s->probs[c] > 0.0))
            return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                    "category shares must be above 0 (got %g)", s->probs[c]);
        total += s->probs[c];
        sq += s->probs[c] * s->probs[c];
    }
    if (fabs(total - 1.0) > 1e-6)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "category shares add up to %g, not 1", total);
    /* An agreement equal to chance but for rounding (0.82 with shares
     * 0.9, 0.1) is chance: kappa 0 (zero.h). */
    if (!(icstat_zero_snap(s->agreement - sq, 1.0) >= 0.0 && s->agreement <= 1.0))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "agreement %g is outside what two inspectors with these shares "
                                "can reach by agreeing more than chance (%.4f to 1)",
                                s->agreement, sq);
    const int reps_st = icstat_seed_check_replicates(s->seed, s->reps, err);
    if (reps_st != ICSTAT_OK)
        return reps_st;
    *chance = sq;
    return ICSTAT_OK;
}

/* Population values: percent agreement A; kappa = rho, (A - chance) / (1 -
 * chance); AC1 from Gwet's chance agreement. */
static void population(const icstat_power_agree_spec *spec, double chance,
                       double truth[ICSTAT_POWER_COEFS])
{
    double gwet_pe = 0.0;
    for (size_t c = 0; c < spec->k; c++)
        gwet_pe += spec->probs[c] * (1.0 - spec->probs[c]);
    gwet_pe /= (double)(spec->k - 1);
    truth[0] = spec->agreement;
    truth[1] = icstat_zero_snap(spec->agreement - chance, 1.0) / (1.0 - chance);
    truth[2] = icstat_zero_snap(spec->agreement - gwet_pe, 1.0) / (1.0 - gwet_pe);
}

int icstat_power_agree_population(const icstat_power_agree_spec *spec,
                                  double truth[ICSTAT_POWER_COEFS], icstat_error *err)
{
    double chance = 0.0;
    int st = check_spec(spec, &chance, err);
    if (st == ICSTAT_OK)
        population(spec, chance, truth);
    return st;
}

int icstat_power_agreement_at_kappa(size_t k, const double *probs, double kappa,
                                    double *agreement, icstat_error *err)
{
    if (!(kappa >= 0.0 && kappa <= 1.0))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "kappa %g is outside 0 to 1, what the design can draw", kappa);
    double sq = 0.0;
    for (size_t c = 0; c < k; c++)
        sq += probs[c] * probs[c];
    *agreement = kappa + (1.0 - kappa) * sq;
    return ICSTAT_OK;
}

int icstat_power_agree(const icstat_power_agree_spec *spec, size_t n,
                       icstat_power_coef out[ICSTAT_POWER_COEFS], icstat_error *err)
{
    double chance = 0.0;
    int st = check_spec(spec, &chance, err);
    if (st != ICSTAT_OK)
        return st;
    if (n < 2)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "a design needs at least 2 schools");
    work_queue q = {spec, n,
                    icstat_zero_snap(spec->agreement - chance, 1.0) / (1.0 - chance), NULL, 0,
                    0, 0, PTHREAD_MUTEX_INITIALIZER};
    if (!(q.res = calloc(spec->reps, sizeof *q.res)))
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    const int ran = icstat_parallel_run(spec->threads, spec->reps, worker, &q);
    /* A replicate without memory is no undefined estimate: its study was
     * never analysed, so no summary can be given. */
    for (size_t r = 0; r < spec->reps; r++)
        if (ran != 0 || q.nomem || q.res[r].nomem) {
            free(q.res);
            return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        }

    double truth[ICSTAT_POWER_COEFS];
    population(spec, chance, truth);
    for (size_t c = 0; c < ICSTAT_POWER_COEFS; c++) {
        double sum = 0.0, sum2 = 0.0, half = 0.0;
        size_t m = 0, covered = 0, undefined = 0;
        for (size_t r = 0; r < spec->reps; r++) {
            const rep_result *x = &q.res[r];
            if (x->failed || isnan(x->est[c])) {
                undefined++;
                continue;
            }
            m++;
            sum += x->est[c];
            sum2 += x->est[c] * x->est[c];
            half += x->half[c];
            covered += x->lo[c] <= truth[c] && truth[c] <= x->hi[c];
        }
        out[c].name = icstat_power_coef_name(c);
        out[c].truth = truth[c];
        out[c].mean = m ? sum / (double)m : NAN;
        out[c].sd = m > 1 ? sqrt(fmax(0.0, (sum2 - sum * sum / (double)m) / (double)(m - 1)))
                          : NAN;
        out[c].half_width = m ? half / (double)m : NAN;
        out[c].spread = icstat_z_critical(spec->conf) * out[c].sd;
        out[c].coverage = m ? (double)covered / (double)m : NAN;
        out[c].undefined = undefined;
    }
    free(q.res);
    return ICSTAT_OK;
}

int icstat_power_agree_n(const icstat_power_agree_spec *spec, size_t c, double width,
                         size_t max_n, size_t *n_out, icstat_error *err)
{
    icstat_power_coef res[ICSTAT_POWER_COEFS];
    size_t lo = 9, hi = 10; /* spread at lo is above width, at hi at most width */
    int st;
    for (;;) {
        if ((st = icstat_power_agree(spec, hi, res, err)) != ICSTAT_OK)
            return st;
        if (res[c].spread <= width)
            break;
        lo = hi;
        if (hi >= max_n) {
            *n_out = 0;
            return ICSTAT_OK;
        }
        hi = hi * 2 > max_n ? max_n : hi * 2;
    }
    while (hi - lo > 1) {
        const size_t mid = lo + (hi - lo) / 2;
        if ((st = icstat_power_agree(spec, mid, res, err)) != ICSTAT_OK)
            return st;
        if (res[c].spread <= width)
            hi = mid;
        else
            lo = mid;
    }
    *n_out = hi;
    return ICSTAT_OK;
}
