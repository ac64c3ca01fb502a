/* cmd_agree_range.c — `icstat agree --kappa-range AGREED/TOTAL`: the
 * smallest and largest Cohen's kappa a two-category table with AGREED of
 * TOTAL units agreeing can have (agree_range.h), for a source that
 * publishes the agreement but not the table.  No FILE is read. */
#include <stdio.h>
#include <string.h>

#include "cmd_agree_internal.h"
#include "icstat/agree_range.h"
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

/* One row of the table: the coefficient's name and its table. */
static int range_row(icstat_result *res, const char *name, const icstat_kappa_table *t)
{
    long row = icstat_result_add_row(res);
    if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, name) != 0)
        return -1;
    const double v[] = {t->kappa, t->pa, t->pe, (double)(t->n11 + t->n12 + t->n21 + t->n22),
                        (double)t->n11, (double)t->n12, (double)t->n21, (double)t->n22};
    for (size_t c = 0; c < sizeof v / sizeof *v; c++)
        icstat_result_set_num(res, (size_t)row, c + 1, v[c]);
    return 0;
}

int icstat_cmd_agree_kappa_range(const icstat_cmd_agree_args *a)
{
    static const icstat_col_spec cols[] = {
        {"coefficient", ICSTAT_COL_TEXT, 0}, {"estimate", ICSTAT_COL_NUM, 4},
        {"pa", ICSTAT_COL_NUM, 4},           {"pe", ICSTAT_COL_NUM, 4},
        {"units", ICSTAT_COL_INT, 0},        {"n11", ICSTAT_COL_INT, 0},
        {"n12", ICSTAT_COL_INT, 0},          {"n21", ICSTAT_COL_INT, 0},
        {"n22", ICSTAT_COL_INT, 0},
    };
    icstat_error err;
    icstat_error_clear(&err);
    icstat_kappa_table lo, hi;
    int st = icstat_kappa_range(a->range_agreed, a->range_units, &lo, &hi, &err);
    if (st != ICSTAT_OK)
        return icstat_cli_report(&err);
    char title[160];
    snprintf(title, sizeof title,
             "Cohen's kappa over every 2 x 2 table with %zu of %zu units agreeing",
             a->range_agreed, a->range_units);
    icstat_result *res = icstat_result_alloc(title, cols, sizeof cols / sizeof *cols);
    if (!res || range_row(res, "cohen_kappa_min", &lo) != 0 ||
        range_row(res, "cohen_kappa_max", &hi) != 0 ||
        icstat_result_add_note(res, "the table of each row: n11 both raters chose the first "
                                    "category, n12 the first rater the first and the second "
                                    "rater the second, n21 the reverse, n22 both the second") < 0)
        st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    const icstat_result *parts[1] = {res};
    if (st == ICSTAT_OK)
        st = icstat_cli_write_results(parts, 1, a->common.out_path, a->common.fmt, &err);
    icstat_result_free(res);
    return st == ICSTAT_OK ? 0 : icstat_cli_report(&err);
}
