/* agree_internal.h — what the agreement engine's files share (not public). */
#ifndef ICSTAT_AGREE_INTERNAL_H
#define ICSTAT_AGREE_INTERNAL_H

#include "agree_stats.h"
#include "icstat/agree.h"
#include "icstat/icc.h"

/* Every coefficient, in output order. */
typedef enum {
    C_PERCENT, C_COHEN, C_SCOTT, C_PABAK, C_FLEISS, C_CONGER, C_GWET, C_BP,
    C_KRIPP, C_KRIPP_METRIC,
    C_ICC, /* first of the six ICC forms, in icstat_icc_compute's order */
    C_COUNT = C_ICC + ICSTAT_ICC_FORMS
} coef_id;

extern const char *const agree_coef_names[C_COUNT];

/* Everything fixed by the data and options, shared by estimates, standard
 * errors and the bootstrap. */
typedef struct {
    icstat_agree_options opt;
    agree_units u;
    double *w;          /* q*q --weights */
    const double *x;    /* category values (ratings' cat_values) */
    int active[C_COUNT];
    /* ICC: complete units' scores and their unit indices */
    double *icc_y;
    size_t *icc_unit;
    size_t icc_n;
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
    char note[C_COUNT][ICSTAT_NOTE_MAX];
} agree_point;

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

/* Sum of all q*q weights (Gwet's T_w). */
double agree_weights_total(const double *w, size_t q);

/* Two raters: row and column shares of the table of units both rated;
 * returns the number of such units (shares are NaN when it is 0). */
double agree_table_margins(const agree_sums *s, double *row, double *col);

/* Metric weights for Krippendorff's alpha; the ordinal metric uses s. */
void agree_metric_weights(icstat_alpha_metric metric, const double *x, const agree_sums *s,
                          double *w);

#endif
