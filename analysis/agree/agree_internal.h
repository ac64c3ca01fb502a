/* agree_internal.h — what the agreement engine's files share (not public). */
#ifndef ICSTAT_AGREE_INTERNAL_H
#define ICSTAT_AGREE_INTERNAL_H

#include "agree_stats.h"
#include "icstat/agree.h"
#include "icstat/agree_coef.h"
#include "icstat/icc.h"
#include "icstat/icc_reml.h"

/* The coefficient ids of agree_coef.h by short names: the formulas below
 * index their arrays by them on nearly every line.  Macros, so that they
 * stay of the one enum type (an enum of aliases would be a second type). */
typedef icstat_coef_id coef_id;
#define C_PERCENT ICSTAT_COEF_PERCENT
#define C_COHEN ICSTAT_COEF_COHEN
#define C_SCOTT ICSTAT_COEF_SCOTT
#define C_PABAK ICSTAT_COEF_PABAK
#define C_FLEISS ICSTAT_COEF_FLEISS
#define C_CONGER ICSTAT_COEF_CONGER
#define C_GWET ICSTAT_COEF_GWET
#define C_BP ICSTAT_COEF_BP
#define C_KRIPP ICSTAT_COEF_KRIPP
#define C_KRIPP_METRIC ICSTAT_COEF_KRIPP_METRIC
#define C_ICC ICSTAT_COEF_ICC_1_1 /* first of the six ICC forms */
#define C_COUNT ICSTAT_COEF_COUNT

/* Everything fixed by the data and options, shared by estimates, standard
 * errors and the bootstrap. */
typedef struct {
    icstat_agree_options opt;
    icstat_agree_names names; /* opt.names, plain words where it has none */
    agree_units u;
    double *w;          /* q*q: the weights asked for (opt.weights) */
    const double *x;    /* category values (ratings' cat_values) */
    int active[C_COUNT];
    int ranks_of_numbers; /* the ratings' cat_ranks_of_numbers */
    /* ICC: complete units' scores and their unit indices */
    double *icc_y;
    size_t *icc_unit;
    size_t icc_n;
    /* ICC when some unit misses a rating (icc_gaps): every rating, one per
     * entry, with its unit (index into u) and rater, for icc_reml.h */
    int icc_gaps;
    double *icc_ly;
    size_t *icc_lu, *icc_lr;
    size_t icc_N;
} agree_ctx;

/* Point estimates of one data set or replicate, with what the standard
 * errors need. */
typedef struct {
    double est[C_COUNT], pa[C_COUNT], pe[C_COUNT];
    size_t units[C_COUNT], raters[C_COUNT];
    double *pi;        /* q: Fleiss/Gwet category shares */
    double *pi_kripp;  /* q: pooled shares of pairable values */
    double *pi_metric; /* q: the same (metric alpha) */
    double *wm;        /* q*q: metric weights */
    double *conger_p;  /* (r+1)*q: raters' distributions, then their sum */
    double kripp_paprime, metric_paprime;
    size_t conger_raters;
    icstat_icc icc[ICSTAT_ICC_FORMS];
    double icc_k;      /* k of the average forms: raters, or n0 with gaps */
    char note[C_COUNT][ICSTAT_NOTE_MAX];
} agree_point;

/* given (a caller's icstat_agree_names, or NULL) with plain words where it
 * names nothing ("the fixed categories"); unit stays NULL, as the hints
 * that would name it are then left out. */
icstat_agree_names agree_names_or_plain(const icstat_agree_names *given);

/* Set up ctx for ratings r under opt; ICSTAT_EDATA when an option cannot
 * apply to these ratings (the message says why). */
int agree_ctx_init(agree_ctx *ctx, const icstat_ratings *r, const icstat_agree_options *opt,
                   icstat_error *err);
void agree_ctx_free(agree_ctx *ctx);

int agree_point_init(agree_point *p, size_t r, size_t q);
void agree_point_free(agree_point *p);

/* Fill p from sums s (accumulated with multiplicities m, NULL = 1).  Only
 * coefficients active in ctx are computed. */
int agree_point_compute(const agree_ctx *ctx, const agree_sums *s, const double *m,
                        agree_point *p, icstat_error *err);

/* Standard errors of the active Gwet-family coefficients (m = 1 only);
 * 0, or -1 when out of memory. */
int agree_standard_errors(const agree_ctx *ctx, const agree_point *p, const agree_sums *s,
                           double se[C_COUNT]);

/* Each unit's linearised value of each multi-rater coefficient (the
 * terms whose spread is agree_standard_errors' variance; Gwet 2014, ch. 5),
 * into v[i * C_COUNT + id], NaN where a coefficient has none (the
 * two-rater ones, ICC; Krippendorff's for a unit without a pair, and
 * centred on alpha', not alpha); all NaN when no unit has two ratings.
 * v holds ctx->u.n * C_COUNT.  0, or -1 when out of memory. */
int agree_unit_values(const agree_ctx *ctx, const agree_point *p, const agree_sums *s,
                      double *v);
/* The variance of each active agreement coefficient (not the ICC) due to
 * sampling the raters: Gwet's jackknife over raters (agree_se_raters.c).
 * NaN where it does not exist (fewer than three raters, or a coefficient
 * undefined without one of them).  0, or -1 when out of memory. */
int agree_rater_variance(const agree_ctx *ctx, double var_r[C_COUNT]);

/* Make c's conditional se and t degrees of freedom (c->df) unconditional:
 * add var_raters (from `raters` raters) to se^2, with Satterthwaite's
 * degrees of freedom; NaN with a note when var_raters is NaN. */
void agree_coef_unconditional(icstat_coef *c, double var_raters, size_t raters);

/* Sum of all q*q weights (Gwet's T_w). */
double agree_weights_total(const double *w, size_t q);

/* Two raters: row and column shares of the table of units both rated;
 * returns the number of such units (shares are NaN when it is 0). */
double agree_table_margins(const agree_sums *s, double *row, double *col);

/* Metric weights for Krippendorff's alpha; the ordinal metric uses s. */
void agree_metric_weights(icstat_alpha_metric metric, const double *x, const agree_sums *s,
                          double *w);

#endif
