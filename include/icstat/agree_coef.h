/* agree_coef.h — the agreement coefficients by name and by id.
 *
 * One NULL-ended table (as datamash's op-defs.c keeps its operations)
 * holds, for every coefficient `icstat agree` can report, the name its
 * results and csv rows carry ("cohen_kappa"), its id, what a person calls
 * it ("Cohen's kappa") and what kind of coefficient it is.  It is looked up
 * by loop, by name or by id, so that a reader of agree's csv (charts,
 * power) need not keep a list of the names of its own. */
#ifndef ICSTAT_AGREE_COEF_H
#define ICSTAT_AGREE_COEF_H

/* Every coefficient, in the order of agree's rows (DESIGN.md). */
typedef enum {
    ICSTAT_COEF_NONE = -1, /* not a coefficient (a lookup that failed) */
    ICSTAT_COEF_PERCENT = 0,
    ICSTAT_COEF_COHEN,
    ICSTAT_COEF_SCOTT,
    ICSTAT_COEF_PABAK,
    ICSTAT_COEF_FLEISS,
    ICSTAT_COEF_CONGER,
    ICSTAT_COEF_GWET,
    ICSTAT_COEF_BP,
    ICSTAT_COEF_KRIPP,
    ICSTAT_COEF_KRIPP_METRIC,
    ICSTAT_COEF_ICC_1_1, /* the six ICC forms, in icstat_icc_compute's order */
    ICSTAT_COEF_ICC_2_1,
    ICSTAT_COEF_ICC_3_1,
    ICSTAT_COEF_ICC_1_K,
    ICSTAT_COEF_ICC_2_K,
    ICSTAT_COEF_ICC_3_K,
    ICSTAT_COEF_COUNT
} icstat_coef_id;

typedef struct {
    const char *name;           /* in results and csv rows: "cohen_kappa" */
    icstat_coef_id id;
    int chance_corrected;       /* (pa - pe) / (1 - pe): the kappas, Gwet's AC,
                                 * Brennan-Prediger, Krippendorff's alpha */
    const char *label;          /* for people: "Cohen's kappa" */
    const char *label_weighted; /* for people, under weights other than identity
                                 * when that changes its name ("Gwet's AC2");
                                 * NULL when it does not */
    int two_raters;             /* defined for exactly two raters only */
    int icc;                    /* an intraclass correlation: F intervals; no
                                 * se, pa or pe; no weights */
} icstat_coef_def;

/* The table, in id order, ended by an entry whose name is NULL. */
extern const icstat_coef_def icstat_coef_defs[];

/* The entry whose name is `name` exactly (case and all, as agree writes
 * it), or NULL. */
const icstat_coef_def *icstat_coef_def_find(const char *name);

/* The entry of `id`, or NULL when id is not a coefficient's. */
const icstat_coef_def *icstat_coef_def_get(icstat_coef_id id);

/* Name <-> id: NULL, or ICSTAT_COEF_NONE, when there is no such
 * coefficient. */
const char *icstat_coef_name(icstat_coef_id id);
icstat_coef_id icstat_coef_lookup(const char *name);

#endif
