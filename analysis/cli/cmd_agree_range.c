/* cmd_agree_range.c — `icstat agree --kappa-range AGREED/TOTAL`: for a
 * source that publishes the agreement but not the table, the percent
 * agreement with its Wilson interval and the smallest and largest Cohen's
 * kappa a two-category table with AGREED of TOTAL units agreeing can have
 * (agree_range.h), in agree's own columns so that the rows stand beside
 * agree's.  No FILE is read. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd_agree_internal.h"
#include "icstat/agree_range.h"
#include "icstat/proportion.h"
#include "icstat/result.h"

/* "AGREED/TOTAL", two whole numbers, into a: 0, or the exit status of a
 * usage error that says what was wrong. */
int icstat_cmd_agree_range_option(const char *value, icstat_cmd_agree_args *a)
{
    char buf[64];
    const char *slash = strchr(value, '/');
    size_t len = slash ? (size_t)(slash - value) : 0;
    size_t agreed = 0, units = 0;
    if (slash && len < sizeof buf) {
        memcpy(buf, value, len);
        buf[len] = '\0';
    }
    if (!slash || len >= sizeof buf || icstat_cli_parse_size(buf, &agreed) != 0 ||
        icstat_cli_parse_size(slash + 1, &units) != 0 || units == 0 ||
        units > ICSTAT_KAPPA_RANGE_MAX_UNITS || agreed > units)
        return icstat_cli_usage_error("agree", "--kappa-range takes AGREED/TOTAL, two whole "
                                      "numbers with 0 <= AGREED <= TOTAL and TOTAL from 1 to "
                                      "%lu, like 22/24 (got '%s')",
                                      ICSTAT_KAPPA_RANGE_MAX_UNITS, value);
    a->range_agreed = agreed;
    a->range_units = units;
    a->kappa_range = 1;
    return 0;
}

/* agree's columns, then the table that reaches a kappa. */
static const icstat_col_spec range_cols[] = {
    ICSTAT_CMD_AGREE_LEAD_COLS,
    /* the level of the row's interval, NA on a row with none (the
     * coefficient table's column conf) */
    {"conf", ICSTAT_COL_NUM, 3},
    {"n11", ICSTAT_COL_INT, 0},          {"n12", ICSTAT_COL_INT, 0},
    {"n21", ICSTAT_COL_INT, 0},          {"n22", ICSTAT_COL_INT, 0},
};
#define RANGE_NCOL (sizeof range_cols / sizeof *range_cols)

/* One row: name, its numbers (NaN = NA) from estimate to raters, then
 * weights identity, ci_method (NULL = NA) and conf (NaN = NA), then the
 * table t (NULL: NA).  -1 when out of memory. */
static int range_row(icstat_result *res, const char *name, const double *v,
                     const char *ci_method, double conf, const icstat_kappa_table *t)
{
    long row = icstat_result_add_row(res);
    if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, name) != 0 ||
        icstat_result_set_text(res, (size_t)row, 10, "identity") != 0 ||
        icstat_result_set_text(res, (size_t)row, 11, ci_method) != 0)
        return -1;
    for (size_t c = 0; c < 9; c++)
        icstat_result_set_num(res, (size_t)row, c + 1, v[c]);
    icstat_result_set_num(res, (size_t)row, 12, conf);
    const double cells[4] = {t ? (double)t->n11 : NAN, t ? (double)t->n12 : NAN,
                             t ? (double)t->n21 : NAN, t ? (double)t->n22 : NAN};
    for (size_t c = 0; c < 4; c++)
        icstat_result_set_num(res, (size_t)row, 13 + c, cells[c]);
    return 0;
}

/* The three rows: percent agreement with its Wilson interval, then the
 * smallest and the largest kappa with their tables.  -1 when out of
 * memory. */
static int range_rows(icstat_result *res, const icstat_cmd_agree_args *a,
                      const icstat_kappa_table *lo, const icstat_kappa_table *hi)
{
    const double n = (double)a->range_units;
    double wlo, whi;
    const double pa = icstat_prop_wilson((double)a->range_agreed, n, a->common.conf, &wlo, &whi);
    const double agreement[9] = {pa, NAN, wlo, whi, NAN, pa, NAN, n, 2};
    const double kmin[9] = {lo->kappa, NAN, NAN, NAN, NAN, lo->pa, lo->pe, n, 2};
    const double kmax[9] = {hi->kappa, NAN, NAN, NAN, NAN, hi->pa, hi->pe, n, 2};
    return range_row(res, "percent_agreement", agreement, "wilson", a->common.conf, NULL) != 0 ||
                   range_row(res, "cohen_kappa_min", kmin, NULL, NAN, lo) != 0 ||
                   range_row(res, "cohen_kappa_max", kmax, NULL, NAN, hi) != 0
               ? -1
               : 0;
}

int icstat_cmd_agree_kappa_range(const icstat_cmd_agree_args *a)
{
    icstat_error err;
    icstat_error_clear(&err);
    icstat_kappa_table lo, hi;
    int st = icstat_kappa_range(a->range_agreed, a->range_units, &lo, &hi, &err);
    if (st != ICSTAT_OK)
        return icstat_cli_report(&err);
    char title[200];
    snprintf(title, sizeof title,
             "Agreement of two raters on %zu of %zu units (two categories): percent agreement "
             "with its %g%% Wilson interval, and Cohen's kappa over every 2 x 2 table with it",
             a->range_agreed, a->range_units, 100.0 * a->common.conf);
    icstat_result *res = icstat_result_alloc(title, range_cols, RANGE_NCOL);
    if (!res || range_rows(res, a, &lo, &hi) != 0 ||
        icstat_result_add_note(res, "cohen_kappa_min, cohen_kappa_max: the smallest and largest "
                                    "kappa any table with this agreement has; n11..n22 the "
                                    "table that reaches it (n11 both raters chose the first "
                                    "category, n12 the first rater the first and the second "
                                    "rater the second, n21 the reverse, n22 both the "
                                    "second)") < 0)
        st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    const icstat_result *parts[1] = {res};
    if (st == ICSTAT_OK)
        st = icstat_cli_write_results(parts, 1, a->common.out_path, a->common.fmt, &err);
    icstat_result_free(res);
    return st == ICSTAT_OK ? 0 : icstat_cli_report(&err);
}
