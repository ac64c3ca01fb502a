/* power_fit.c — the power of `icstat fit` to detect a characteristic, by
 * simulating from a spec and analysing each replicate as the command
 * would, across threads. */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "icstat/clm.h"
#include "icstat/design.h"
#include "../core/parallel.h"
#include "icstat/power_fit.h"
#include "icstat/proportion.h"
#include "icstat/seed.h"
#include "icstat/strlist.h"
#include "icstat/table.h"
#include "icstat/wald.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

void icstat_power_fit_result_free(icstat_power_fit_result *r)
{
    if (!r)
        return;
    for (size_t c = 0; c < r->n_coef; c++)
        free(r->coef[c].name);
    free(r->coef);
    free(r);
}

static const icstat_sim_var *find_var(const icstat_sim_spec *s, const char *name)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (strcmp(s->vars[i].name, name) == 0)
            return &s->vars[i];
    return NULL;
}

int icstat_power_fit_columns(const icstat_sim_spec *s, const char *term, char ***names,
                             double **truth, size_t *n)
{
    *names = NULL;
    *truth = NULL;
    *n = 0;
    const icstat_sim_var *v = find_var(s, term);
    if (!v)
        return 0;
    size_t m = v->dist == ICSTAT_SIM_LEVELS ? v->n_levels - 1 : 1;
    char **nm = calloc(m, sizeof *nm);
    double *tr = malloc(m * sizeof *tr);
    if (!nm || !tr) {
        free(nm);
        free(tr);
        return -1;
    }
    for (size_t c = 0; c < m; c++) {
        /* The design builder names a level's column TERM=LEVEL. */
        const char *level = v->dist == ICSTAT_SIM_LEVELS ? v->levels[c + 1] : NULL;
        const size_t len = strlen(v->name) + (level ? strlen(level) + 2 : 1);
        if (!(nm[c] = malloc(len))) {
            icstat_strlist_free(&nm, &m);
            free(tr);
            return -1;
        }
        if (level)
            snprintf(nm[c], len, "%s=%s", v->name, level);
        else
            snprintf(nm[c], len, "%s", v->name);
        tr[c] = level ? v->effects[c + 1] : v->effect;
    }
    *names = nm;
    *truth = tr;
    *n = m;
    return 0;
}

/* ---- One replicate ---- */

/* What every replicate shares (read only while the threads run, apart
 * from the fields under the lock). */
typedef struct {
    const icstat_power_fit_spec *spec;
    icstat_sim_spec sim;           /* the spec with the design's sizes */
    icstat_design_spec dspec;      /* the model `icstat fit` would fit */
    icstat_clm_options opt;
    size_t n_coef;
    char **names;
    double *est, *se;              /* reps x n_coef; NaN where failed */
    pthread_mutex_t lock;
    size_t next, done;
    size_t first_failed;           /* reps when none yet */
    char first_failure[ICSTAT_ERROR_MSG_MAX];
    int nomem;                     /* a replicate ran out of memory */
} work_queue;

/* Keep the reason of the lowest-numbered failed replicate, whatever
 * order the threads finish in. */
static void note_failure(work_queue *q, size_t rep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note_failure(work_queue *q, size_t rep, const char *fmt, ...)
{
    pthread_mutex_lock(&q->lock);
    if (rep < q->first_failed) {
        va_list ap;
        va_start(ap, fmt);
        q->first_failed = rep;
        vsnprintf(q->first_failure, sizeof q->first_failure, fmt, ap);
        va_end(ap);
    }
    pthread_mutex_unlock(&q->lock);
}

/* Field (row, col) of the simulated inspections as their csv would have
 * it, row 0 the header. */
static const char *inspection_field(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
    const icstat_result *res = ctx;
    return row ? icstat_result_csv_field(res, row - 1, col, buf, len)
               : icstat_result_col_name(res, col);
}

/* The inspections as `icstat fit` would read them from `icstat simulate`:
 * the csv reader's rules (missing values, column typing, numbers rounded
 * to the writer's %.10g) without the csv text in between, so each
 * replicate is analysed as the two commands in a pipe would analyse it. */
static int as_table(icstat_result *res, icstat_table **t, icstat_error *err)
{
    return icstat_table_from_fields("simulated inspections", icstat_result_ncol(res),
                                    icstat_result_nrow(res), inspection_field, res, t, err);
}

/* A replicate that ran out of memory was never analysed: the run fails
 * with ICSTAT_ENOMEM rather than count it as a study that did not reject. */
static void note_nomem(work_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->nomem = 1;
    pthread_mutex_unlock(&q->lock);
}

static void run_replicate(work_queue *q, size_t rep, gsl_rng *rng)
{
    const icstat_power_fit_spec *s = q->spec;
    double *est = q->est + rep * q->n_coef, *se = q->se + rep * q->n_coef;
    icstat_sim_output sim = {0};
    icstat_table *t = NULL;
    icstat_design *d = NULL;
    icstat_clm_fit *fit = NULL;
    icstat_error e;
    icstat_error_clear(&e);

    gsl_rng_set(rng, s->seed + rep);
    int st = icstat_simulate(&q->sim, rng, &sim, &e);
    if (st == ICSTAT_OK)
        st = as_table(sim.inspections, &t, &e);
    icstat_sim_output_free(&sim);
    if (st == ICSTAT_OK)
        st = icstat_design_build(t, &q->dspec, &d, &e);
    icstat_table_free(t);
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(d, &q->opt, 1, &fit, &e);
    if (st != ICSTAT_OK) {
        if (st == ICSTAT_ENOMEM)
            note_nomem(q);
        note_failure(q, rep, "%s", e.msg);
        goto done;
    }
    for (size_t c = 0; c < q->n_coef; c++) {
        size_t j = 0;
        while (j < d->p && strcmp(d->col_names[j], q->names[c]) != 0)
            j++;
        if (j == d->p) {
            note_failure(q, rep, "'%s' is not in the model: its level was never drawn",
                         q->names[c]);
            continue;
        }
        const double b = fit->par[fit->k1 + j], sb = icstat_clm_se(fit, fit->k1 + j);
        if (!(sb > 0.0) || !isfinite(sb) || !isfinite(b)) {
            note_failure(q, rep, "no standard error for '%s'", q->names[c]);
            continue;
        }
        est[c] = b;
        se[c] = sb;
    }
done:
    icstat_clm_fit_free(fit);
    icstat_design_free(d);
}

static void *worker(void *arg)
{
    work_queue *q = arg;
    const size_t reps = q->spec->reps;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) /* the run fails, whichever jobs this thread would have taken */
        note_nomem(q);
    for (;;) {
        pthread_mutex_lock(&q->lock);
        const size_t rep = q->next++;
        pthread_mutex_unlock(&q->lock);
        if (rep >= reps)
            break;
        if (rng)
            run_replicate(q, rep, rng);
        pthread_mutex_lock(&q->lock);
        const size_t done = ++q->done;
        if (q->spec->progress)
            q->spec->progress(done, reps, q->spec->progress_ctx);
        pthread_mutex_unlock(&q->lock);
    }
    gsl_rng_free(rng);
    return NULL;
}

/* ---- The design and the summary ---- */

static int check_spec(const icstat_power_fit_spec *s, icstat_error *err)
{
    const char *path = s->model->path;
    const int reps_st = icstat_seed_check_replicates(s->seed, s->reps, err);
    if (reps_st != ICSTAT_OK)
        return reps_st;
    if (s->inspectors < 1 || s->inspections < s->inspectors)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "%zu inspections cannot give each of %zu inspectors one "
                                "(simulate gives every inspector at least one)",
                                s->inspections, s->inspectors);
    if (s->model->schools > s->inspections)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "%zu inspections cannot give each of the spec's %zu schools one "
                                "(simulate inspects every school at least once)",
                                s->inspections, s->model->schools);
    if (s->model->schools && s->model->areas > s->inspectors)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "%zu inspectors cannot give each of the spec's %zu areas one",
                                s->inspectors, s->model->areas);
    if (!(s->inspector_sd >= 0.0) || !isfinite(s->inspector_sd))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "the inspector sd must be a number of at least 0 (got %g)",
                                s->inspector_sd);
    if (!(s->alpha > 0.0 && s->alpha < 1.0) || !(s->conf > 0.0 && s->conf < 1.0))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "alpha and conf must lie between 0 and 1 (got %g and %g)",
                                s->alpha, s->conf);
    if (s->quad < 1 || s->quad > ICSTAT_CLM_MAX_QUAD)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "quadrature points must be from 1 to %d", ICSTAT_CLM_MAX_QUAD);
    if (!find_var(s->model, s->term)) {
        char have[256] = "";
        for (size_t i = 0; i < s->model->n_vars && strlen(have) < 200; i++)
            snprintf(have + strlen(have), sizeof have - strlen(have), "%s'%s'", i ? ", " : "",
                     s->model->vars[i].name);
        return icstat_error_set(err, ICSTAT_EUSAGE, path, 0,
                                "'%s' is not a characteristic in the spec (%s%s)", s->term,
                                s->model->n_vars ? "it has " : "it has none",
                                have);
    }
    return ICSTAT_OK;
}

/* The model `icstat fit` would fit to what the spec draws: every
 * characteristic a term, levelled ones as categories with the spec's
 * first level as the reference, inspector as the group. */
static int model_of(const icstat_sim_spec *s, icstat_design_spec *d, char ***terms,
                    char ***factors, char ***refs)
{
    const size_t n = s->n_vars ? s->n_vars : 1;
    *terms = calloc(n, sizeof **terms);
    *factors = calloc(n, sizeof **factors);
    *refs = calloc(n, sizeof **refs);
    if (!*terms || !*factors || !*refs)
        return -1;
    size_t nf = 0;
    for (size_t i = 0; i < s->n_vars; i++) {
        const icstat_sim_var *v = &s->vars[i];
        (*terms)[i] = v->name; /* borrowed */
        if (v->dist != ICSTAT_SIM_LEVELS)
            continue;
        const size_t len = strlen(v->name) + strlen(v->levels[0]) + 2;
        if (!((*refs)[nf] = malloc(len)))
            return -1;
        snprintf((*refs)[nf], len, "%s=%s", v->name, v->levels[0]);
        (*factors)[nf++] = v->name;
    }
    memset(d, 0, sizeof *d);
    d->outcome = "grade"; /* 1..k: the spec's categories in order */
    d->terms = (const char *const *)*terms;
    d->n_terms = s->n_vars;
    d->factors = (const char *const *)*factors;
    d->n_factors = nf;
    d->refs = (const char *const *)*refs;
    d->n_refs = nf;
    d->group = "inspector";
    d->lag_previous = s->previous ? "inspection_date" : NULL;
    return 0;
}

/* Mean, sd (two passes), mean se, coverage and rejections of one
 * coefficient over the replicates, in replicate order. */
static void summarise(const work_queue *q, size_t c, double truth, icstat_power_fit_coef *out)
{
    const icstat_power_fit_spec *s = q->spec;
    const double zc = icstat_z_critical(s->conf);
    double sum = 0.0, sum_se = 0.0, ss = 0.0;
    size_t m = 0, covered = 0, rejected = 0;
    for (size_t r = 0; r < s->reps; r++) {
        const double b = q->est[r * q->n_coef + c], sb = q->se[r * q->n_coef + c];
        if (isnan(b))
            continue;
        m++;
        sum += b;
        sum_se += sb;
        covered += fabs(b - truth) <= zc * sb;
        rejected += icstat_wald_p(b, sb) < s->alpha;
    }
    const double mean = m ? sum / (double)m : NAN;
    for (size_t r = 0; r < s->reps; r++) {
        const double b = q->est[r * q->n_coef + c];
        if (!isnan(b))
            ss += (b - mean) * (b - mean);
    }
    out->truth = truth;
    out->mean = mean;
    out->sd = m > 1 ? sqrt(ss / (double)(m - 1)) : NAN;
    out->mean_se = m ? sum_se / (double)m : NAN;
    out->coverage = m ? (double)covered / (double)m : NAN;
    out->rejected = rejected;
    out->power = icstat_prop_wilson((double)rejected, (double)s->reps, s->conf, &out->power_low,
                                    &out->power_high);
    out->failed = s->reps - m;
}

int icstat_power_fit(const icstat_power_fit_spec *spec, icstat_power_fit_result **out,
                     icstat_error *err)
{
    *out = NULL;
    int st = check_spec(spec, err);
    if (st != ICSTAT_OK)
        return st;
    work_queue q;
    memset(&q, 0, sizeof q);
    pthread_mutex_init(&q.lock, NULL);
    q.spec = spec;
    q.sim = *spec->model; /* shallow: only the sizes differ */
    q.sim.inspections = spec->inspections;
    q.sim.inspectors = spec->inspectors;
    q.sim.inspector_sd = spec->inspector_sd;
    q.sim.double_inspections = 0;
    /* The replicates run on the threads: each fit on one. */
    q.opt = (icstat_clm_options){.link = spec->model->link, .quad = spec->quad, .threads = 1};
    q.first_failed = spec->reps;
    char **terms = NULL, **factors = NULL, **refs = NULL;
    double *truth = NULL;
    icstat_power_fit_result *res = NULL;
    if (model_of(spec->model, &q.dspec, &terms, &factors, &refs) != 0 ||
        icstat_power_fit_columns(spec->model, spec->term, &q.names, &truth, &q.n_coef) != 0 ||
        !(res = calloc(1, sizeof *res)) ||
        !(res->coef = calloc(q.n_coef ? q.n_coef : 1, sizeof *res->coef))) {
        st = NOMEM();
        goto done;
    }
    res->n_coef = q.n_coef;
    for (size_t c = 0; c < q.n_coef; c++)
        if (!(res->coef[c].name = strdup(q.names[c]))) {
            st = NOMEM();
            goto done;
        }
    const size_t cells = spec->reps * q.n_coef;
    q.est = malloc(cells * sizeof *q.est);
    q.se = malloc(cells * sizeof *q.se);
    if (!q.est || !q.se) {
        st = NOMEM();
        goto done;
    }
    for (size_t i = 0; i < cells; i++)
        q.est[i] = q.se[i] = NAN;

    if (icstat_parallel_run(spec->threads, spec->reps, worker, &q) != 0 || q.nomem) {
        st = NOMEM();
        goto done;
    }

    res->reps = spec->reps;
    for (size_t c = 0; c < q.n_coef; c++)
        summarise(&q, c, truth[c], &res->coef[c]);
    for (size_t r = 0; r < spec->reps; r++)
        for (size_t c = 0; c < q.n_coef; c++)
            if (isnan(q.est[r * q.n_coef + c])) {
                res->failed++;
                break;
            }
    res->first_failed = q.first_failed;
    snprintf(res->first_failure, sizeof res->first_failure, "%s", q.first_failure);

done:
    pthread_mutex_destroy(&q.lock);
    free(terms);
    free(factors);
    for (size_t i = 0; refs && i < spec->model->n_vars; i++)
        free(refs[i]);
    free(refs);
    icstat_strlist_free(&q.names, &q.n_coef);
    free(truth);
    free(q.est);
    free(q.se);
    if (st != ICSTAT_OK) {
        icstat_power_fit_result_free(res);
        return st;
    }
    *out = res;
    return ICSTAT_OK;
}

/* ---- The model of one characteristic, from an odds ratio ---- */

int icstat_power_fit_shortcut_spec(const icstat_power_fit_shortcut *sc, icstat_sim_spec **out,
                                   icstat_error *err)
{
    *out = NULL;
    if (!(sc->odds_ratio > 0.0) || !isfinite(sc->odds_ratio))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "the odds ratio must be a number above 0 (got %g)",
                                sc->odds_ratio);
    if (!(sc->share > 0.0 && sc->share < 1.0))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "the share must lie between 0 and 1 (got %g)", sc->share);
    if (sc->k < 2)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "give at least two category shares");
    double total = 0.0;
    for (size_t j = 0; j < sc->k; j++) {
        if (!(sc->probs[j] > 0.0))
            return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                    "category shares must be above 0 (got %g)", sc->probs[j]);
        total += sc->probs[j];
    }
    if (fabs(total - 1.0) > 1e-6)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "category shares add up to %g, not 1", total);
    if (!(sc->inspector_sd >= 0.0) || !isfinite(sc->inspector_sd))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "the inspector sd must be a number of at least 0 (got %g)",
                                sc->inspector_sd);
    if (sc->inspectors < 1 || sc->inspections < sc->inspectors)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "%zu inspections cannot give each of %zu inspectors one "
                                "(simulate gives every inspector at least one)",
                                sc->inspections, sc->inspectors);
    /* %.17g: the spec reader gets back exactly the doubles meant. */
    const size_t cap = 512 + 48 * sc->k;
    char *text = malloc(cap);
    if (!text)
        return NOMEM();
    size_t len = (size_t)snprintf(text, cap,
                                  "inspectors = %zu\ninspections = %zu\nlink = %s\n"
                                  "inspector_sd = %.17g\ncategories = ",
                                  sc->inspectors, sc->inspections, icstat_link_name(sc->link),
                                  sc->inspector_sd);
    for (size_t j = 0; j < sc->k; j++)
        len += (size_t)snprintf(text + len, cap - len, "%s%zu", j ? ", " : "", j + 1);
    len += (size_t)snprintf(text + len, cap - len, "\nthresholds = ");
    double cum = 0.0;
    for (size_t j = 0; j + 1 < sc->k; j++) {
        cum += sc->probs[j] / total;
        len += (size_t)snprintf(text + len, cap - len, "%s%.17g", j ? ", " : "",
                                icstat_link_quantile(sc->link, cum));
    }
    snprintf(text + len, cap - len,
             "\ninspector characteristic = without:%.17g, with:%.17g\n"
             "effect characteristic[with] = %.17g\n",
             1.0 - sc->share, sc->share, log(sc->odds_ratio));
    int st = icstat_sim_spec_parse(sc->name, text, out, err);
    free(text);
    return st;
}
