/* describe.h — `icstat describe`: the tables that back a sentence such as
 * "8.2% of schools inspected by men were judged Outstanding, against 7.8%
 * of those inspected by women".  The engine counts and makes the tables
 * (describe_tables.c); a command reads its options into a spec, picks the
 * tables for its format and writes them.
 *
 * icstat_describe_compute counts the rows of a table in each category of
 * an outcome within each group (the levels of a `by` column, or one group
 * "all"), with Wilson intervals for the row percentages; with two or more
 * groups it adds Pearson's chi-square test of independence and, for each
 * category, each group against a reference group: the difference in
 * percentage points (Newcombe's hybrid score interval) and the risk ratio
 * (Katz's log interval).  Percentages and intervals are on the 0-100
 * scale.  With a cluster column (inspections by the same inspector) the
 * intervals and the test allow for the clustering (describe_cluster.c).
 *
 * icstat_proportions_compute (proportions.c) reads survey-style figures,
 * one per row (label,count,total or label,percent,total), and gives each
 * its Wilson interval. */
#ifndef ICSTAT_DESCRIBE_H
#define ICSTAT_DESCRIBE_H

#include <stddef.h>
#include "icstat/contingency.h"
#include "icstat/result.h"
#include "icstat/scale.h"
#include "icstat/status.h"
#include "icstat/table.h"

/* How messages (and notes) name where each value of a spec came from:
 * the caller's names for them (a command gives its options, "--by"), or
 * NULL for the plain word ("outcome", "by", "where", "categories", "ref",
 * "cluster").  A missing column is "no outcome column" whatever the name. */
typedef struct {
    const char *outcome, *by, *where, *categories, *ref, *cluster;
} icstat_describe_names;

typedef struct {
    const char *outcome;             /* outcome column */
    const char *by;                  /* grouping column, or NULL: one group "all" */
    const char *const *where;        /* "COL=VALUE", "COL!=VALUE", "COL>=N", ...
                                      * (condition.h); all must hold */
    size_t n_where;
    const char *const *categories;   /* the outcome's categories in order, or NULL */
    size_t n_categories;
    const char *ref;                 /* reference level of `by`, or NULL: the first */
    const char *cluster;             /* rows in clusters (e.g. inspector), or NULL */
    double conf;                     /* interval level, e.g. 0.95 */
    const icstat_scale *scale;       /* without categories: every category of this
                                      * scale (scale.h), or NULL */
    icstat_describe_names names;     /* for messages */
} icstat_describe_spec;

typedef struct {
    char *outcome_name;
    char *by_name;           /* NULL without `by` */
    size_t n_groups, n_cats;
    char **group_labels;     /* levels of `by` in sorted order, or {"all"} */
    char **cat_labels;
    size_t ref;              /* index of the reference group */
    double *count;           /* n_groups x n_cats, row-major: rows in the cell */
    double *total;           /* n_groups: rows in the group */
    double *percent, *ci_low, *ci_high;  /* per cell, 0-100, Wilson */
    /* Per cell, the group against the reference group in the same
     * category; NaN in the reference group's own cells and with one group. */
    double *diff, *diff_low, *diff_high; /* percentage points, Newcombe */
    double *rr, *rr_low, *rr_high;       /* risk ratio, Katz */
    icstat_chisq chisq;      /* undefined (NaN) with one group; with a cluster
                              * the clustered Wald test (statistic, df, p) */
    /* With a cluster column (describe_cluster.c): intervals, comparisons
     * and the test allow for rows in the same cluster being alike. */
    char *cluster_name;      /* NULL without clusters */
    size_t n_clusters;       /* clusters among the rows counted */
    size_t n_clusters_crossing; /* clusters with rows in more than one group */
    double *deff;            /* per cell: design effect (at least 1), or NULL */
    int test_cells_limit;    /* 1: too many cells for the clustered test */
    size_t n_missing_cluster;
    size_t n_read;           /* rows in the table */
    size_t n_excluded;       /* rows failing a `where` condition */
    size_t n_missing;        /* rows left out for a missing outcome or group */
    size_t n_missing_outcome, n_missing_by;
    size_t n_used;           /* rows counted */
    size_t n_rr_undefined;   /* comparisons without a risk-ratio interval (a count of 0) */
} icstat_describe_result;

/* Rows that fail a `where` condition are left out first (a row missing the
 * condition's column fails it; values compare as trimmed text, or as
 * numbers when both are numbers), then rows missing the outcome or the
 * group (counted).  Categories are `categories` in the order given, or
 * every category of `scale` (outcomes read as its words or codes, labelled
 * with its words), or the distinct outcomes of the rows counted: in a
 * known scale's order when all are its words (scale.h), in numeric order
 * when all are numbers, sorted otherwise.  Levels of `by` that are all
 * words of a known scale are in its order too.  Errors (ICSTAT_EDATA, each
 * value named by spec->names): no data rows, a column absent from the
 * header, a malformed condition or a `ref` without `by` (which a command
 * checks before reading), an ordering (COL>=N) meeting a value that is
 * not a number (line named), an outcome not in `categories` among the
 * rows meeting `where` (line and value named) or not on `scale`, an
 * outcome, `by` or `cluster` column with no value in any row meeting
 * `where`, no rows left, a `ref` that is not a level of `by` among the
 * rows counted, fewer than two clusters; a category listed twice is
 * icstat_categories_check's ICSTAT_EUSAGE (a command checks it first). */
int icstat_describe_compute(const icstat_table *t, const icstat_describe_spec *spec,
                            icstat_describe_result **out, icstat_error *err);
void icstat_describe_result_free(icstat_describe_result *r);

/* Split "COL=VALUE" or "COL!=VALUE" (the first "!=" or "=" decides; COL
 * and VALUE trimmed, neither empty).  Returns 0 and sets *negate, -1 when
 * s is malformed or -2 when out of memory (*col and *value NULL). */
int icstat_describe_where_parse(const char *s, char **col, char **value, int *negate);

/* How a figure's base (its total) was published. */
typedef enum {
    ICSTAT_BASE_EXACT = 0,     /* "1400" or "1,400" */
    ICSTAT_BASE_AT_LEAST,      /* "1,400+": at least that many; the interval is made at it */
    ICSTAT_BASE_NONE           /* empty: not published; no count and no interval */
} icstat_base_kind;

/* The csv word for a base kind: "exact", "at_least", "not_published". */
const char *icstat_base_kind_name(icstat_base_kind kind);

typedef struct {
    size_t n;
    char **labels;
    char **groups;           /* each row's group, or NULL: no group column */
    char **derived;          /* per row NULL, or for a --difference row "WHOLE minus
                              * PART" (icstat_proportions_difference) */
    double *count, *total;   /* count as given, or round(percent x total / 100);
                              * both NaN where no base was published */
    icstat_base_kind *base;  /* how each total was published */
    double *given;           /* the percent as given; NaN when counts were given */
    double *percent, *ci_low, *ci_high;  /* 100 count / total and its Wilson interval */
    long *line;              /* file line of each row */
    int from_percent;        /* counts came from a percent column */
    int percent_ignored;     /* both count and percent columns: counts used */
} icstat_proportions;

/* Columns label and total, and count or percent (count wins when both
 * are present); other columns are ignored (proportions.c).  Errors
 * (ICSTAT_EDATA, naming line, column and value): a missing column (the
 * message says what `what` needs, "--proportions needs columns ...";
 * NULL: "a file of figures"), no data rows, an empty or non-numeric value
 * (with how to write "1,234" or "3,5"), a negative or fractional count, a
 * total that is not a whole number above 0, a count above its total, a
 * percent outside 0-100.
 *
 * Published figures are taken as they are printed: a percent may end in
 * '%' ("91%"); a total may have thousands separators ("1,400", groups of
 * three), may end in '+' ("1,400+": at least 1,400, ICSTAT_BASE_AT_LEAST,
 * its interval made at 1,400, the widest for any base of at least that),
 * and with percents may be empty (ICSTAT_BASE_NONE: count, total and the
 * interval NaN, the percent as given).  A count needs its total. */
int icstat_proportions_compute(const icstat_table *t, double conf, const char *what,
                               icstat_proportions **out, icstat_error *err);
/* The same with the labels in column label_col (NULL: "label") and, when
 * group_col is given, figures in groups: each row's group from that
 * column (empty: an error), a label once per group. */
int icstat_proportions_read(const icstat_table *t, double conf, const char *what,
                            const char *label_col, const char *group_col,
                            icstat_proportions **out, icstat_error *err);
void icstat_proportions_free(icstat_proportions *p);

/* A figure derived as the difference of two published ones, as a paper
 * gives "Requires improvement or Inadequate" and "Inadequate" but not
 * "Requires improvement" (proportions_difference.c).  expr is
 * "WHOLE-PART", two labels of p (split at the one '-' that leaves two
 * labels p has); in every group (or once, without groups) a row `name`
 * is inserted after the later of the two: its percent WHOLE's minus
 * PART's.  Both without a base: that difference of the percents as
 * given, no count, no interval.  Both with the same total: count WHOLE's
 * minus PART's, with its Wilson interval at conf (a base "at least" if
 * either is).  Errors (ICSTAT_EDATA, naming `what`, e.g. "--difference"):
 * no split of expr into two labels, or more than one; a group without
 * WHOLE or PART, or that has `name` already; bases that differ; a
 * difference below 0. */
int icstat_proportions_difference(icstat_proportions *p, const char *name, const char *expr,
                                  double conf, const char *what, icstat_error *err);
/* The same for a sum (--sum NEW=A+B+...): expr two or more labels joined
 * by '+' (read in the one way that gives labels p has), the new row after
 * the last of them; without bases the percents as given added, with one
 * base the counts (at most the base) and their Wilson interval. */
int icstat_proportions_sum(icstat_proportions *p, const char *name, const char *expr,
                           double conf, const char *what, icstat_error *err);

/* ---- tables (describe_tables.c) --------------------------------------
 *
 * A result as the tables a command writes, each with its title and
 * notes: which rows were counted (the conditions and the rows missing a
 * value), what each column is, where a statistic is undefined and why.
 * Each returns a new table (icstat_result_free), or NULL when out of
 * memory. */
typedef struct {
    const char *path;                 /* the input, in titles */
    const icstat_describe_spec *spec; /* the spec the result came from: its
                                       * conditions, level and names */
    int human;                        /* the notes that say what each column is
                                       * (for text and md); 0: column conf too */
} icstat_describe_view;

/* One row per group and category: n, total, percent, ci_low, ci_high,
 * for machines (human 0) conf (the interval's level, NA on a row with no
 * interval), and deff with clusters. */
icstat_result *icstat_describe_table_percent(const icstat_describe_result *r,
                                             const icstat_describe_view *v);
/* The chi-square test (Pearson's, or the clustered Wald test): one row. */
icstat_result *icstat_describe_table_test(const icstat_describe_result *r);
/* For people: one row per category and group but the reference: percent,
 * ref_percent, difference with its interval, risk ratio with its interval. */
icstat_result *icstat_describe_table_compare(const icstat_describe_result *r,
                                             const icstat_describe_view *v);
/* For machines: the test and every comparison in one long table
 * (measure chisq, difference, risk_ratio), conf after ci_high (NA on the
 * chisq row, which has no interval). */
icstat_result *icstat_describe_table_measures(const icstat_describe_result *r,
                                              const icstat_describe_view *v);
/* Survey figures from `path` with their intervals at level conf, and
 * notes where a count from a rounded percent moves the figure.  For
 * machines (human 0) a column conf after ci_high: conf on each row with
 * an interval, NA on one without (a base not published). */
icstat_result *icstat_proportions_table(const icstat_proportions *p, const char *path,
                                        double conf, int human);

#endif
