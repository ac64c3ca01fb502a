/* test_table_fields.c — icstat_table_from_fields gives the table (or the
 * error) that writing the same result as csv and reading it back gives:
 * the round trip `icstat power fit` used to make for every replicate; and
 * a result's number fields are printf's %.10g, whole numbers too.
 * Each case builds a result, reads it both ways and compares every column
 * (name, type, missing count, each cell's text and number, each row's
 * line) or the error (status, file, line, message). */
#include <math.h>
#include <string.h>

#include "icstat/result.h"
#include "icstat/table.h"
#include "test_util.h"

static const char *result_field(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
    const icstat_result *res = ctx;
    return row ? icstat_result_csv_field(res, row - 1, col, buf, len)
               : icstat_result_col_name(res, col);
}

/* The result read both ways: through csv text and straight from its cells. */
static void read_both(icstat_result *res, icstat_table **via_csv, int *st_csv,
                      icstat_error *err_csv, icstat_table **direct, int *st_direct,
                      icstat_error *err_direct)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(icstat_result_write(res, f, ICSTAT_FMT_CSV), ICSTAT_OK);
    assert_int_equal(fclose(f), 0);
    icstat_error_clear(err_csv);
    icstat_error_clear(err_direct);
    *st_csv = icstat_table_read_buffer("t", buf, len, via_csv, err_csv);
    free(buf);
    *st_direct = icstat_table_from_fields("t", icstat_result_ncol(res), icstat_result_nrow(res),
                                          result_field, res, direct, err_direct);
}

static void assert_same_tables(const icstat_table *a, const icstat_table *b)
{
    assert_string_equal(a->path, b->path);
    assert_int_equal(a->ncol, b->ncol);
    assert_int_equal(a->nrow, b->nrow);
    for (size_t i = 0; i < a->nrow; i++)
        assert_int_equal(a->line[i], b->line[i]);
    for (size_t j = 0; j < a->ncol; j++) {
        const icstat_column *x = &a->cols[j], *y = &b->cols[j];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->is_numeric, y->is_numeric);
        assert_int_equal(x->n_missing, y->n_missing);
        for (size_t i = 0; i < a->nrow; i++) {
            if (!x->text || !y->text)
                assert_ptr_equal(x->text, y->text);
            else if (!x->text[i] || !y->text[i])
                assert_ptr_equal(x->text[i], y->text[i]);
            else
                assert_string_equal(x->text[i], y->text[i]);
            if (x->is_numeric)
                assert_memory_equal(&x->num[i], &y->num[i], sizeof(double));
        }
    }
}

/* Both ways must agree: the same table, or the same error. */
static void check(icstat_result *res, int want_ok)
{
    icstat_table *a = NULL, *b = NULL;
    int sa = -1, sb = -1;
    icstat_error ea, eb;
    read_both(res, &a, &sa, &ea, &b, &sb, &eb);
    assert_int_equal(sa, sb);
    assert_int_equal(sa == ICSTAT_OK, want_ok);
    if (sa == ICSTAT_OK) {
        assert_same_tables(a, b);
    } else {
        assert_null(b);
        assert_string_equal(ea.file, eb.file);
        assert_int_equal(ea.line, eb.line);
        assert_string_equal(ea.msg, eb.msg);
    }
    icstat_table_free(a);
    icstat_table_free(b);
    icstat_result_free(res);
}

static icstat_result *two_columns(const char *name0, const char *name1)
{
    const icstat_col_spec cols[] = {{name0, ICSTAT_COL_TEXT, 0}, {name1, ICSTAT_COL_NUM, 4}};
    icstat_result *res = icstat_result_alloc("t", cols, 2);
    assert_non_null(res);
    return res;
}

static void add(icstat_result *res, const char *text, double num)
{
    const long r = icstat_result_add_row(res);
    assert_true(r >= 0);
    assert_int_equal(icstat_result_set_text(res, (size_t)r, 0, text), 0);
    icstat_result_set_num(res, (size_t)r, 1, num);
}

/* Quotes, commas and line breaks (the csv quotes them; the line numbers
 * count the breaks), missing tokens and NULL text, padded text, numbers
 * the writer rounds to 10 digits, NaN, infinities and -0. */
static void same_table(void **state)
{
    (void)state;
    icstat_result *res = two_columns("label", " x ");
    add(res, "Good, \"mostly\"", 123456.78901234567);
    add(res, "two\nlines", 1e-7 / 3.0);
    add(res, "NA", NAN);
    add(res, NULL, -0.0);
    add(res, " padded ", 2.5);
    add(res, "cr\r\nlf", 35751);
    add(res, "", 1e300 * 3.0);
    check(res, 1);
}

/* A text column whose values are all numbers is numeric, as in a file;
 * an infinity makes a number column text. */
static void typing(void **state)
{
    (void)state;
    icstat_result *res = two_columns("code", "v");
    add(res, "01", 1);
    add(res, " 2.50", 2);
    add(res, ".", INFINITY);
    check(res, 1);
}

/* The reader's errors, with its messages and lines. */
static void same_errors(void **state)
{
    (void)state;
    icstat_result *res = two_columns("a", "b");
    add(res, "ok", 1);
    add(res, "x\xEF\xBB\xBFy", 2); /* a byte order mark past the start */
    check(res, 0);
    res = two_columns("a", "b");
    add(res, "ok\nstill", 1);
    add(res, "caf\xE9", 2); /* Windows-1252, not UTF-8 */
    check(res, 0);
    res = two_columns("a", "b");
    add(res, "#DIV/0!", 1);
    check(res, 0);
    check(two_columns("same", "same"), 0);
    check(two_columns("sep=", "x"), 1);
}

/* The byte order mark a file may start with is not part of the first
 * name either way. */
static void leading_mark(void **state)
{
    (void)state;
    icstat_result *res = two_columns("\xEF\xBB\xBFurn", "v");
    add(res, "1", 1);
    check(res, 1);
    res = two_columns("a", "b");
    check(res, 1); /* the header alone */
}

/* A number field is printf's %.10g of the value (the writers' format),
 * whole numbers included, which take a shorter path. */
static void number_fields(void **state)
{
    (void)state;
    const double v[] = {0.0, -0.0, 1.0, -1.0, 7.0, 10.0, 35751.0, 100001.0, -123456789.0,
                        999999999.0, 9999999999.0, -9999999999.0, 1e10, -1e10, 12345678901.0,
                        1e15, 0.5, -2.5, 1e-7, 123456.78901234567, 4294967295.0, 1e300};
    const icstat_col_spec cols[] = {{"x", ICSTAT_COL_NUM, 2}};
    icstat_result *res = icstat_result_alloc("t", cols, 1);
    assert_non_null(res);
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        const long r = icstat_result_add_row(res);
        assert_true(r >= 0);
        icstat_result_set_num(res, (size_t)r, 0, v[i]);
        char want[64], buf[64];
        snprintf(want, sizeof want, "%.10g", v[i] == 0.0 ? 0.0 : v[i]);
        assert_string_equal(icstat_result_csv_field(res, (size_t)r, 0, buf, sizeof buf), want);
    }
    icstat_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_table),
        cmocka_unit_test(typing),
        cmocka_unit_test(same_errors),
        cmocka_unit_test(leading_mark),
        cmocka_unit_test(number_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
