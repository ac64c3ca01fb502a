/* test_table.c — unit tests for the CSV reader (analysis/data/table.c).
 *
 * Most cases go through icstat_table_read_buffer; a temporary file covers
 * icstat_table_read itself and the missing-file error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/cp1252.h"
#include "icstat/table.h"

/* Read a NUL-terminated literal; fails the test unless it parses. */
static icstat_table *read_ok(const char *csv)
{
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int rc = icstat_table_read_buffer("mem.csv", csv, strlen(csv), &t, &err);
    if (rc != ICSTAT_OK)
        fail_msg("unexpected error: %s:%ld: %s", err.file, err.line, err.msg);
    assert_non_null(t);
    return t;
}

/* Read len bytes expecting failure with status, line and a message part. */
static void expect_error_n(const char *csv, size_t len, int status, long line,
                           const char *part)
{
    icstat_table *t = (icstat_table *)&t; /* must be reset to NULL */
    icstat_error err;
    icstat_error_clear(&err);
    int rc = icstat_table_read_buffer("bad.csv", csv, len, &t, &err);
    assert_int_equal(rc, status);
    assert_int_equal(err.status, status);
    assert_null(t);
    assert_string_equal(err.file, "bad.csv");
    if (err.line != line || !strstr(err.msg, part))
        fail_msg("got line %ld \"%s\"; wanted line %ld containing \"%s\"",
                 err.line, err.msg, line, part);
}

static void expect_error(const char *csv, int status, long line,
                         const char *part)
{
    expect_error_n(csv, strlen(csv), status, line, part);
}

static int stop_never(void *ctx, const char *const *fields, size_t n, long line)
{
    (void)ctx, (void)fields, (void)n, (void)line;
    return ICSTAT_OK;
}

/* ---- well-formed input ---------------------------------------------- */

static void test_simple(void **state)
{
    (void)state;
    icstat_table *t = read_ok("id,name,score\n1,Alice,3.5\n2,Bob,4\n");
    assert_int_equal(t->ncol, 3);
    assert_int_equal(t->nrow, 2);
    assert_string_equal(t->path, "mem.csv");
    assert_string_equal(t->cols[0].name, "id");
    assert_string_equal(t->cols[1].name, "name");
    assert_true(t->cols[0].is_numeric);
    assert_false(t->cols[1].is_numeric);
    assert_null(t->cols[1].num);
    assert_true(t->cols[2].is_numeric);
    assert_true(t->cols[2].num[0] == 3.5);
    assert_true(t->cols[2].num[1] == 4.0);
    assert_string_equal(t->cols[2].text[0], "3.5"); /* text kept too */
    assert_string_equal(t->cols[1].text[1], "Bob");
    assert_int_equal(t->line[0], 2);
    assert_int_equal(t->line[1], 3);
    assert_int_equal(icstat_table_find(t, "score"), 2);
    assert_int_equal(icstat_table_find(t, "Score"), -1);
    assert_int_equal(icstat_table_find(NULL, "id"), -1);
    icstat_table_free(t);
    icstat_table_free(NULL);
}

static void test_header_trimmed(void **state)
{
    (void)state;
    icstat_table *t = read_ok(" a ,\tb\n1,2\n");
    assert_string_equal(t->cols[0].name, "a");
    assert_string_equal(t->cols[1].name, "b");
    icstat_table_free(t);
}

static void test_quoted(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b\n"
                              "\"x, y\",\"say \"\"hi\"\"\"\n"
                              "\"multi\nline\",2\n"
                              "3,\"\"\n"
                              "4,5\n");
    assert_int_equal(t->nrow, 4);
    assert_string_equal(t->cols[0].text[0], "x, y");
    assert_string_equal(t->cols[1].text[0], "say \"hi\"");
    assert_string_equal(t->cols[0].text[1], "multi\nline");
    assert_null(t->cols[1].text[2]); /* "" is missing */
    assert_int_equal(t->line[0], 2);
    assert_int_equal(t->line[1], 3);
    assert_int_equal(t->line[2], 5); /* after the embedded newline */
    assert_int_equal(t->line[3], 6);
    icstat_table_free(t);
}

static void test_row_line_is_start(void **state)
{
    (void)state;
    /* A row starting on line 7 with two newlines in a quoted field. */
    icstat_table *t = read_ok("a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n"
                              "\"x\ny\nz\",11\n12,13\n");
    assert_int_equal(t->nrow, 7);
    assert_int_equal(t->line[5], 7);
    assert_string_equal(t->cols[0].text[5], "x\ny\nz");
    assert_int_equal(t->line[6], 10);
    icstat_table_free(t);
    expect_error("a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n\"x\ny\nz\"\n", ICSTAT_EDATA,
                 7, "row has 1 fields but the header has 2");
}

static void test_crlf(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b\r\n1,x\r\n\"q\",\"r\ns\"\r\n3,4\r\n");
    assert_int_equal(t->nrow, 3);
    assert_string_equal(t->cols[1].name, "b");
    assert_string_equal(t->cols[1].text[0], "x");
    assert_string_equal(t->cols[0].text[1], "q");
    assert_string_equal(t->cols[1].text[1], "r\ns");
    assert_string_equal(t->cols[1].text[2], "4");
    assert_int_equal(t->line[0], 2);
    assert_int_equal(t->line[1], 3);
    assert_int_equal(t->line[2], 5);
    icstat_table_free(t);
}

static void test_bom(void **state)
{
    (void)state;
    icstat_table *t = read_ok("\xEF\xBB\xBFid,v\n1,2\n");
    assert_string_equal(t->cols[0].name, "id");
    assert_int_equal(icstat_table_find(t, "id"), 0);
    assert_int_equal(t->line[0], 2);
    icstat_table_free(t);
}

static void test_missing_tokens(void **state)
{
    (void)state;
    icstat_table *t = read_ok("v\n"
                              "\"\"\n"  /* 0 empty (quoted) */
                              "  \n"    /* 1 spaces */
                              "NA\n"    /* 2 */
                              "N/A\n"   /* 3 */
                              ".\n"     /* 4 */
                              "\t NA \t\n" /* 5 padded NA */
                              "na\n"    /* 6 not missing */
                              "Good \n" /* 7 verbatim */
                              "n/a\n"); /* 8 not missing */
    icstat_column *c = &t->cols[0];
    assert_int_equal(t->nrow, 9);
    for (int i = 0; i <= 5; i++)
        assert_null(c->text[i]);
    assert_string_equal(c->text[6], "na");
    assert_string_equal(c->text[7], "Good ");
    assert_string_equal(c->text[8], "n/a");
    assert_int_equal(c->n_missing, 6);
    assert_false(c->is_numeric);

    assert_true(icstat_is_missing_token(""));
    assert_true(icstat_is_missing_token(" \t "));
    assert_true(icstat_is_missing_token("NA"));
    assert_true(icstat_is_missing_token(" N/A "));
    assert_true(icstat_is_missing_token("."));
    assert_false(icstat_is_missing_token("na"));
    assert_false(icstat_is_missing_token("NaN"));
    assert_false(icstat_is_missing_token(".."));
    assert_false(icstat_is_missing_token("0"));
    icstat_table_free(t);
}

static void test_numeric_detection(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b,c,d,e,f\n"
                              "1,1,inf,0x10,NA, 7 \n"
                              "2.5,1e3x,1,1,NA,-1e-3\n"
                              "NA,3,2,2,.,+.5\n");
    icstat_column *c = t->cols;
    assert_true(c[0].is_numeric);
    assert_true(c[0].num[0] == 1.0);
    assert_true(c[0].num[1] == 2.5);
    assert_true(isnan(c[0].num[2]));
    assert_null(c[0].text[2]);
    assert_int_equal(c[0].n_missing, 1);
    assert_false(c[1].is_numeric); /* 1e3x */
    assert_null(c[1].num);
    assert_string_equal(c[1].text[1], "1e3x");
    assert_false(c[2].is_numeric); /* inf */
    assert_false(c[3].is_numeric); /* hex */
    assert_false(c[4].is_numeric); /* no values at all */
    assert_null(c[4].num);
    assert_int_equal(c[4].n_missing, 3);
    assert_true(c[5].is_numeric);
    assert_true(c[5].num[0] == 7.0);
    assert_string_equal(c[5].text[0], " 7 ");
    assert_true(c[5].num[2] == 0.5);
    icstat_table_free(t);
}

static void test_parse_double(void **state)
{
    (void)state;
    double v = 0;
    assert_true(icstat_parse_double("42", &v));
    assert_true(v == 42.0);
    assert_true(icstat_parse_double(" -1.5e2\t", &v));
    assert_true(v == -150.0);
    assert_true(icstat_parse_double("1e-400", &v)); /* underflow is fine */
    const char *bad[] = {"", " ", "1e3x", "inf", "-inf", "nan", "NaN",
                         "0x10", "1e999", "-1e999", "1,5", "1 2", "\n5",
                         "e5", "-", ".", "1e", "infinity"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (icstat_parse_double(bad[i], &v))
            fail_msg("\"%s\" parsed as a number", bad[i]);
}

/* The reader's fast path for plain decimals must agree with strtod bit
 * for bit. */
static void test_parse_double_matches_strtod(void **state)
{
    (void)state;
    static const char *fixed[] = {
        "0.1", "0.3", "-0", "123456789012345", "999999999999999.9",
        "0.0000000000000000000001", "1.7976931348623157", "3.14159265358979",
        "000000000000000000012.5", "1.", ".5", "+7", "-0.000001"};
    char s[64];
    unsigned long x = 12345;
    for (size_t i = 0; i < 20000 + sizeof fixed / sizeof *fixed; i++) {
        if (i < sizeof fixed / sizeof *fixed) {
            snprintf(s, sizeof s, "%s", fixed[i]);
        } else {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            int scale = (int)(x >> 60) % 16;
            snprintf(s, sizeof s, "%s%lu.%0*lu", (x & 1) ? "-" : "",
                     (x >> 20) % 100000000UL, scale ? scale : 1,
                     (x >> 8) % 1000000UL);
        }
        double got = 0, want = strtod(s, NULL);
        assert_true(icstat_parse_double(s, &got));
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("\"%s\": %.17g != strtod %.17g", s, got, want);
    }
}

static void test_overflow_not_numeric(void **state)
{
    (void)state;
    icstat_table *t = read_ok("x\n1\n1e999\n");
    assert_false(t->cols[0].is_numeric);
    icstat_table_free(t);
}

static void test_header_only(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b\n");
    assert_int_equal(t->ncol, 2);
    assert_int_equal(t->nrow, 0);
    assert_false(t->cols[0].is_numeric);
    assert_null(t->cols[0].num);
    icstat_table_free(t);
    t = read_ok("a,b"); /* no newline either */
    assert_int_equal(t->ncol, 2);
    assert_int_equal(t->nrow, 0);
    icstat_table_free(t);
}

static void test_blank_lines(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b\n\n1,2\n\n\n3,4\n\n");
    assert_int_equal(t->nrow, 2);
    assert_int_equal(t->line[0], 3);
    assert_int_equal(t->line[1], 6);
    icstat_table_free(t);
    t = read_ok("a,b\r\n\r\n1,2\r\n\r\n3,4\r\n");
    assert_int_equal(t->nrow, 2);
    assert_int_equal(t->line[0], 3);
    assert_int_equal(t->line[1], 5);
    icstat_table_free(t);
    /* Blank lines before the header are skipped too. */
    t = read_ok("\n\na\n1\n");
    assert_int_equal(t->nrow, 1);
    assert_int_equal(t->line[0], 4);
    icstat_table_free(t);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b\n1,2\n3,4");
    assert_int_equal(t->nrow, 2);
    assert_string_equal(t->cols[1].text[1], "4");
    icstat_table_free(t);
    t = read_ok("a,b\n1,\"x\ny\"");
    assert_int_equal(t->nrow, 1);
    assert_string_equal(t->cols[1].text[0], "x\ny");
    icstat_table_free(t);
    t = read_ok("a,b\n1,"); /* trailing empty field */
    assert_int_equal(t->nrow, 1);
    assert_null(t->cols[1].text[0]);
    icstat_table_free(t);
}

/* ---- errors ------------------------------------------------------------- */

static void test_empty_file(void **state)
{
    (void)state;
    const char *msg = "file is empty: a header row is required";
    expect_error("", ICSTAT_EDATA, 1, msg);
    expect_error("\xEF\xBB\xBF", ICSTAT_EDATA, 1, msg);
    expect_error("\n\n", ICSTAT_EDATA, 1, msg);
    expect_error("\xEF\xBB\xBF  \n\t\r\n\n", ICSTAT_EDATA, 1, msg);
    icstat_table *t = (icstat_table *)&t;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("e", NULL, 0, &t, &err),
                     ICSTAT_EDATA);
    assert_null(t);
}

static void test_bad_header(void **state)
{
    (void)state;
    expect_error("a,b,a\n1,2,3\n", ICSTAT_EDATA, 1,
                 "duplicate column name \"a\" (columns 1 and 3)");
    expect_error("x,b,c,b,x\n", ICSTAT_EDATA, 1,
                 "duplicate column name \"b\" (columns 2 and 4)");
    expect_error("a, b ,b\n", ICSTAT_EDATA, 1,
                 "duplicate column name \"b\" (columns 2 and 3)");
    expect_error("a,,c\n1,2,3\n", ICSTAT_EDATA, 1,
                 "column 2 has an empty name");
    expect_error("a,b,  \n", ICSTAT_EDATA, 1, "column 3 has an empty name");
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char hdr[] = "a,b\0c\n";
    expect_error_n(hdr, sizeof hdr - 1, ICSTAT_EDATA, 1, "NUL byte in field 2");
    static const char data[] = "a,b\n1,2\n3,x\0y\n";
    expect_error_n(data, sizeof data - 1, ICSTAT_EDATA, 3,
                   "NUL byte in field 2 (column \"b\")");
    static const char quoted[] = "a,b\n1,\"x\ny\0\"\n";
    expect_error_n(quoted, sizeof quoted - 1, ICSTAT_EDATA, 3,
                   "NUL byte in field 2");
    static const char after[] = "a,b\n\"1\"\0,2\n";
    expect_error_n(after, sizeof after - 1, ICSTAT_EDATA, 2,
                   "NUL byte in field 1");
}

static void test_ragged(void **state)
{
    (void)state;
    expect_error("a,b,c\n1,2,3\n4,5\n", ICSTAT_EDATA, 3,
                 "row has 2 fields but the header has 3");
    expect_error("a,b\n1,2\n\n3,4,5,6\n", ICSTAT_EDATA, 4,
                 "row has 4 fields but the header has 2");
    /* Spaces are data, so a spaces-only line after the header is a row. */
    expect_error("a,b\n1,2\n  \n", ICSTAT_EDATA, 3,
                 "row has 1 fields but the header has 2");
}

static void test_unterminated(void **state)
{
    (void)state;
    expect_error("a,b\n1,2\n3,\"abc\ndef\n", ICSTAT_EDATA, 3,
                 "unterminated quoted field");
    expect_error("a,b\n1,\"", ICSTAT_EDATA, 2,
                 "unterminated quoted field: field 2 (column \"b\")");
    expect_error("\"a,b\n", ICSTAT_EDATA, 1, "unterminated quoted field");
}

static void test_malformed(void **state)
{
    (void)state;
    expect_error("a,b\n1,x\"y\n", ICSTAT_EDATA, 2,
                 "malformed quoted field: quote inside unquoted field 2 "
                 "(column \"b\")");
    expect_error("a,b\n\"ab\"c,1\n", ICSTAT_EDATA, 2,
                 "malformed quoted field: unexpected \"c\" after the closing "
                 "quote of field 1 (column \"a\")");
    /* The line is where the offending character is. */
    expect_error("a,b\n1,\"x\ny\" \n", ICSTAT_EDATA, 3,
                 "malformed quoted field");
    expect_error("a,b\n1, \"x\"\n", ICSTAT_EDATA, 2, "malformed quoted field");
}

/* Text must be UTF-8: Windows-1252 (Excel's "CSV" on Windows) and other
 * 8-bit encodings are refused with the byte, the text before it and how
 * to convert; well-formed UTF-8 passes byte for byte. */
static void test_not_utf8(void **state)
{
    (void)state;
    icstat_table *t = read_ok("name,v\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80,1\n");
    assert_string_equal(t->cols[0].text[0], "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    icstat_table_free(t);
    expect_error("school,v\nEcole St Ren\xE9,1\n", ICSTAT_EDATA, 2,
                 "field 1 (column \"school\") is not UTF-8 text (byte 0xE9, after "
                 "\"Ecole St Ren\"); if Excel on Windows saved the file, convert it "
                 "with iconv -f WINDOWS-1252 -t UTF-8");
    expect_error("a,b\n1,\x93Good\x94\n", ICSTAT_EDATA, 2,
                 "field 2 (column \"b\") is not UTF-8 text (byte 0x93, at its start)");
    /* Long text before the byte: its last 24 bytes, from a character start. */
    expect_error("a,b\n1,abcdefghijklmnopqrstuvwxyz\xC3\xA9\xFF\n", ICSTAT_EDATA, 2,
                 "(byte 0xFF, after \"...efghijklmnopqrstuvwxyz\xC3\xA9\")");
    /* In the header (no column yet), and on the line of the byte inside a
     * quoted field that spans lines. */
    expect_error("a,b\xE9\n1,2\n", ICSTAT_EDATA, 1, "field 2 is not UTF-8 text");
    expect_error("a,b\n1,\"x\ny\xE9\"\n", ICSTAT_EDATA, 3, "byte 0xE9");
    /* Overlong forms, surrogates, beyond U+10FFFF, cut sequences. */
    const char *bad[] = {"a\n\xC0\x80\n", "a\n\xC1\xBF\n", "a\n\xE0\x80\x80\n",
                         "a\n\xED\xA0\x80\n", "a\n\xF4\x90\x80\x80\n", "a\n\xF5\x80\x80\x80\n",
                         "a\n\xC3\n", "a\nx\xE2\x82\n", "a\n\x80\n", "a\n\xFE\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_error(bad[i], ICSTAT_EDATA, 2, "is not UTF-8 text");
    /* Scan mode (the Ofsted importer) refuses it too. */
    icstat_error err;
    icstat_error_clear(&err);
    const char *csv = "URN,name\n1,Ren\xE9\n";
    assert_int_equal(icstat_table_scan_buffer("scan.csv", csv, strlen(csv), stop_never, NULL,
                                              &err),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "field 2 is not UTF-8 text (byte 0xE9"));
}

/* A UTF-16 file is named as such; a byte order mark is skipped at the
 * start only: later it means files were joined. */
static void test_byte_order_marks(void **state)
{
    (void)state;
    static const char le[] = "\xFF\xFEu\0,\0v\0\n\0";
    static const char be[] = "\xFE\xFF\0u\0,\0v\0\n";
    const char *msg = "the file is UTF-16 text (it starts with a UTF-16 byte order mark); "
                      "convert it with iconv -f UTF-16 -t UTF-8";
    expect_error_n(le, sizeof le - 1, ICSTAT_EDATA, 1, msg);
    expect_error_n(be, sizeof be - 1, ICSTAT_EDATA, 1, msg);
    /* UTF-32LE's mark FF FE 00 00 starts with UTF-16LE's: it was called
     * UTF-16, and iconv -f UTF-16 made garbage of it. */
    static const char le32[] = "\xFF\xFE\0\0u\0\0\0,\0\0\0v\0\0\0\n\0\0\0";
    static const char be32[] = "\0\0\xFE\xFF\0\0\0u\0\0\0,\0\0\0v\0\0\0\n";
    const char *msg32 = "the file is UTF-32 text (it starts with a UTF-32 byte order mark); "
                        "convert it with iconv -f UTF-32 -t UTF-8";
    expect_error_n(le32, sizeof le32 - 1, ICSTAT_EDATA, 1, msg32);
    expect_error_n(be32, sizeof be32 - 1, ICSTAT_EDATA, 1, msg32);
    assert_string_equal(icstat_text_bom_encoding(le32, 4), "UTF-32");
    assert_string_equal(icstat_text_bom_encoding(le32, 3), "UTF-16"); /* too short to tell */
    assert_null(icstat_text_bom_encoding("\xEF\xBB\xBFu", 4));
    assert_null(icstat_text_bom_encoding("\xFF", 1));
    expect_error("\xEF\xBB\xBFu,v\n1,2\n\xEF\xBB\xBFu,v\n3,4\n", ICSTAT_EDATA, 3,
                 "byte order mark (U+FEFF) inside the file, in field 1 (column \"u\"): were "
                 "files joined together?");
    expect_error("\xEF\xBB\xBF\xEF\xBB\xBFu,v\n1,2\n", ICSTAT_EDATA, 1,
                 "byte order mark (U+FEFF) inside the file, in field 1");
}

/* Excel's trailing commas: unnamed columns at the end are dropped while
 * every row leaves them empty; rows may stop before them. */
static void test_trailing_unnamed_columns(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b,,\n1,2,,\n3,4, ,\n5,6\n7,8,\n");
    assert_int_equal(t->ncol, 2);
    assert_int_equal(t->nrow, 4);
    assert_string_equal(t->cols[1].text[3], "8");
    assert_true(t->cols[1].is_numeric);
    assert_int_equal(t->line[3], 5);
    icstat_table_free(t);
    expect_error("a,b,\n1,2,\n3,4,x\n", ICSTAT_EDATA, 3,
                 "field 3 has a value, \"x\", but its column has no name in the header; "
                 "name the column, or delete the value");
    expect_error("a,b,\n1,2,,\n", ICSTAT_EDATA, 2, "row has 4 fields but the header has 3");
    expect_error("a,b,\n1\n", ICSTAT_EDATA, 2, "row has 1 fields but the header has 3");
    /* With no rows nothing shows the column empty: the name is required. */
    expect_error("a,b,\n", ICSTAT_EDATA, 1,
                 "column 3 has an empty name; name it in the header, or delete the column");
    expect_error(",,\n1,2,3\n", ICSTAT_EDATA, 1, "column 1 has an empty name");
}

/* Files joined together repeat the header; a header of numbers cannot be
 * told from data, nor can a one-column one. */
static void test_repeated_header(void **state)
{
    (void)state;
    expect_error("\n u ,grade\n1,Good\n u ,grade\n2,Good\n", ICSTAT_EDATA, 4,
                 "the header (line 2) is repeated here: were files joined together? remove "
                 "the repeated header");
    icstat_table *t = read_ok("1,2\n3,4\n1,2\n");
    assert_int_equal(t->nrow, 2);
    icstat_table_free(t);
    t = read_ok("grade\nGood\ngrade\n");
    assert_int_equal(t->nrow, 2);
    icstat_table_free(t);
    t = read_ok("u,grade\nu,Good\n1,grade\n");
    assert_int_equal(t->nrow, 2);
    icstat_table_free(t);
}

/* What spreadsheets write instead of CSV. */
static void test_not_csv(void **state)
{
    (void)state;
    expect_error("sep=,\nu,v\n1,2\n", ICSTAT_EDATA, 1,
                 "this is Excel's \"sep=\" line, not a header: delete the line");
    expect_error("sep=;\nu;v\n", ICSTAT_EDATA, 1, "this is Excel's \"sep=\" line");
    expect_error("u;grade;x\n1;Good;3,5\n", ICSTAT_EDATA, 1,
                 "the header is one column, \"u;grade;x\", with semicolons in it: icstat reads "
                 "comma-separated files; save the file as CSV (comma delimited)");
    expect_error("u\tgrade\n1\tGood\n", ICSTAT_EDATA, 1,
                 "the header is one column, \"u\\tgrade\", with tabs in it");
}

/* A broken formula's result is neither a value nor missing. */
static void test_excel_errors(void **state)
{
    (void)state;
    expect_error("u,x\n1,2\n2, #DIV/0! \n", ICSTAT_EDATA, 3,
                 "field 2 (column \"x\") holds \"#DIV/0!\", an Excel error value: fix the "
                 "formula, or clear the cell to mark it missing");
    const char *errors[] = {"#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"};
    for (size_t i = 0; i < sizeof errors / sizeof *errors; i++) {
        char csv[64];
        snprintf(csv, sizeof csv, "u,x\n1,\"%s\"\n", errors[i]);
        expect_error(csv, ICSTAT_EDATA, 2, "an Excel error value");
    }
    /* Other text with a '#' is text; a header may say anything. */
    icstat_table *t = read_ok("#N/A,x\n#1,#n/a\n");
    assert_string_equal(t->cols[0].text[0], "#1");
    assert_string_equal(t->cols[1].text[0], "#n/a");
    icstat_table_free(t);
}

static void test_comma_number(void **state)
{
    (void)state;
    const char *yes[] = {"3,5", " -3,5 ", "1,234", "+12,345.5", "1,234,567", "1,234,567.25",
                         "1.234.567", "1.234,5", "1.234.567,89", "0,5"};
    const char *no[] = {"3.5", "1234", "1.234", "1,2,3", "1,23,456", "1,234,5", ",5", "5,",
                        "1,,2", "1,234.5.6", "1.23,5", "a,5", "", "1 234", "1,5.3", NULL};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!icstat_is_comma_number(yes[i]))
            fail_msg("\"%s\" is not taken for a comma number", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (icstat_is_comma_number(no[i]))
            fail_msg("\"%s\" is taken for a comma number", no[i] ? no[i] : "(null)");
}

static void test_value_excerpt(void **state)
{
    (void)state;
    char buf[ICSTAT_EXCERPT_SIZE];
    assert_string_equal(icstat_value_excerpt("Good ", buf, sizeof buf), "Good ");
    char *big = malloc(10000);
    assert_non_null(big);
    memset(big, 'x', 9999);
    big[9999] = '\0';
    icstat_value_excerpt(big, buf, sizeof buf);
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_string_equal(buf + sizeof buf - 4, "...");
    /* A cut never splits a character. */
    for (size_t i = 0; i + 2 < 9999; i += 2)
        memcpy(big + i, "\xC3\xA9", 2);
    big[9998] = '\0';
    icstat_value_excerpt(big, buf, 17);
    assert_string_equal(buf, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9...");
    free(big);
}

static void test_need_rows(void **state)
{
    (void)state;
    icstat_table *t = read_ok("a,b\n");
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_table_need_rows(t, &err), ICSTAT_EDATA);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "the header has no data rows below it");
    icstat_table_free(t);
    t = read_ok("a,b\n1,2\n");
    assert_int_equal(icstat_table_need_rows(t, &err), ICSTAT_OK);
    icstat_table_free(t);
}

/* 100,000 columns: one pass, and the duplicate-name check sorts. */
static void test_wide(void **state)
{
    (void)state;
    const size_t n = 100000;
    char *b = malloc(n * 16 + 64);
    assert_non_null(b);
    size_t o = 0;
    for (size_t j = 0; j < n; j++)
        o += (size_t)sprintf(b + o, "%sc%zu", j ? "," : "", j);
    b[o++] = '\n';
    for (size_t r = 0; r < 3; r++) {
        for (size_t j = 0; j < n; j++)
            o += (size_t)sprintf(b + o, "%s%zu", j ? "," : "", (j + r) % 4);
        b[o++] = '\n';
    }
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("wide", b, o, &t, &err), ICSTAT_OK);
    assert_int_equal(t->ncol, n);
    assert_int_equal(t->nrow, 3);
    assert_true(t->cols[n - 1].num[2] == (double)((n - 1 + 2) % 4));
    icstat_table_free(t);
    /* The last name, c99999, becomes "c9999 ": column 10,000's, trimmed. */
    b[strchr(b, '\n') - b - 1] = ' ';
    expect_error_n(b, o, ICSTAT_EDATA, 1,
                   "duplicate column name \"c9999\" (columns 10000 and 100000)");
    free(b);
}

static void test_missing_file(void **state)
{
    (void)state;
    icstat_table *t = (icstat_table *)&t;
    icstat_error err;
    icstat_error_clear(&err);
    int rc = icstat_table_read("/nonexistent/dir/none.csv", &t, &err);
    assert_int_equal(rc, ICSTAT_EDATA);
    assert_null(t);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.file, "/nonexistent/dir/none.csv");
    assert_non_null(strstr(err.msg,
                           "cannot open file: No such file or directory"));
}

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/icstat_test_table_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    /* > 64 KiB so the file is read in several slices. */
    fputs("\xEF\xBB\xBFk,v\r\n", fp);
    for (int i = 0; i < 20000; i++)
        fprintf(fp, "%d,\"v\n%d\"\r\n", i, i);
    fclose(fp);
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int rc = icstat_table_read(path, &t, &err);
    unlink(path);
    if (rc != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    assert_string_equal(t->path, path);
    assert_int_equal(t->nrow, 20000);
    assert_true(t->cols[0].is_numeric);
    assert_true(t->cols[0].num[19999] == 19999.0);
    assert_string_equal(t->cols[1].text[19999], "v\n19999");
    assert_int_equal(t->line[19999], 2 + 2 * 19999);
    icstat_table_free(t);
}

/* Build "abc\r\n", n_crlf rows "1\r\n" (the CR of the last one is the last
 * byte of the first 64 KiB slice when n_crlf >= 21844), n_lf rows "1\n",
 * then `tail`. */
static char *crlf_buffer(size_t n_crlf, size_t n_lf, const char *tail,
                         size_t *len)
{
    size_t tl = strlen(tail), o = 5;
    char *b = malloc(5 + 3 * n_crlf + 2 * n_lf + tl + 1);
    assert_non_null(b);
    memcpy(b, "abc\r\n", 5);
    for (size_t i = 0; i < n_crlf; i++, o += 3)
        memcpy(b + o, "1\r\n", 3);
    for (size_t i = 0; i < n_lf; i++, o += 2)
        memcpy(b + o, "1\n", 2);
    memcpy(b + o, tail, tl + 1);
    *len = o + tl;
    assert_true(b[65535] == '\r' && b[65536] == '\n');
    return b;
}

static void test_crlf_across_slices(void **state)
{
    (void)state;
    size_t len;
    char *b = crlf_buffer(30000, 0, "2\r\n", &len);
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("x", b, len, &t, &err),
                     ICSTAT_OK);
    assert_int_equal(t->nrow, 30001);
    assert_int_equal(t->line[30000], 30002);
    assert_true(t->cols[0].num[30000] == 2.0);
    icstat_table_free(t);
    free(b);
    /* Parse errors count lines over the raw input: check both the CRLF
     * slice path and the LF-only one after a CRLF split across slices. */
    b = crlf_buffer(30000, 0, "2\"x\r\n", &len);
    expect_error_n(b, len, ICSTAT_EDATA, 30002, "malformed quoted field");
    free(b);
    b = crlf_buffer(21844, 40000, "2\"x\n", &len);
    expect_error_n(b, len, ICSTAT_EDATA, 61846, "malformed quoted field");
    free(b);
}

static void test_huge_field(void **state)
{
    (void)state;
    /* One 4 MB quoted field with many newlines: must stay linear. */
    size_t n = 4u << 20;
    char *b = malloc(n + 64);
    assert_non_null(b);
    size_t o = 0;
    memcpy(b, "a,b\n\"", 5);
    o = 5;
    for (size_t i = 0; i < n; i++)
        b[o++] = (i % 64 == 63) ? '\n' : 'x';
    memcpy(b + o, "\",1\n2,3\n", 8);
    o += 8;
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("x", b, o, &t, &err), ICSTAT_OK);
    assert_int_equal(t->nrow, 2);
    assert_int_equal(strlen(t->cols[0].text[0]), n);
    assert_int_equal(t->line[1], 2 + (long)(n / 64) + 1);
    icstat_table_free(t);
    free(b);
}

/* Cells live in shared text blocks: long fields (own blocks) between short
 * ones must all come back intact, and icstat_table_text copies exactly. */
static void test_text_blocks(void **state)
{
    (void)state;
    const size_t rows = 40;
    size_t cap = 64, o = 0;
    for (size_t i = 0; i < rows; i++)
        cap += 32 + (i % 5 == 0 ? 300000 + i : 100000);
    char *b = malloc(cap);
    assert_non_null(b);
    o += (size_t)sprintf(b, "id,text\n");
    for (size_t i = 0; i < rows; i++) {
        size_t len = i % 5 == 0 ? 300000 + i : i * 2000 % 99991;
        o += (size_t)sprintf(b + o, "%zu,", i);
        memset(b + o, 'a' + (int)(i % 26), len);
        o += len;
        b[o++] = '\n';
    }
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("blocks", b, o, &t, &err), ICSTAT_OK);
    assert_int_equal(t->nrow, rows);
    for (size_t i = 0; i < rows; i++) {
        size_t len = i % 5 == 0 ? 300000 + i : i * 2000 % 99991;
        const char *c = t->cols[1].text[i];
        if (len == 0) {
            assert_null(c);
            continue;
        }
        assert_int_equal(strlen(c), len);
        assert_true(c[0] == 'a' + (int)(i % 26) && c[len - 1] == c[0]);
    }
    char *x = icstat_table_text(t, "abcdef", 3);
    assert_string_equal(x, "abc");
    icstat_table_free(t);
    free(b);
}

static void test_large(void **state)
{
    (void)state;
    const size_t rows = 200000;
    size_t cap = 64 + rows * 40, o = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    o += (size_t)sprintf(b, "id,x,y,label,z\n");
    double want = 0;
    for (size_t i = 0; i < rows; i++) {
        o += (size_t)sprintf(b + o, "%zu,%zu.5,%s,g%zu,1\n", i, i % 1000,
                             i % 10 == 0 ? "NA" : "2", i % 7);
        want += (double)(i % 1000) + 0.5;
    }
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("big", b, o, &t, &err),
                     ICSTAT_OK);
    free(b);
    assert_int_equal(t->nrow, rows);
    assert_true(t->cols[1].is_numeric);
    double sum = 0;
    for (size_t i = 0; i < rows; i++)
        sum += t->cols[1].num[i];
    assert_true(sum == want);
    assert_int_equal(t->cols[2].n_missing, rows / 10);
    assert_true(t->cols[2].is_numeric);
    assert_false(t->cols[3].is_numeric);
    assert_int_equal(t->line[rows - 1], (long)rows + 1);
    icstat_table_free(t);
}

/* ---- scan mode ---------------------------------------------------------- */

/* What the scan callback saw: rows joined as "line:field|field". */
typedef struct {
    char log[1024];
    size_t rows;
    size_t stop_at; /* stop with ICSTAT_EDATA at this row (1-based), 0 never */
    icstat_error *err;
} scan_log;

static int log_row(void *ctx, const char *const *fields, size_t n, long line)
{
    scan_log *s = ctx;
    s->rows++;
    /* The log keeps what fits; long scans only count their rows. */
    size_t o = strlen(s->log);
    snprintf(s->log + o, sizeof s->log - o, "%s%ld:", o ? ";" : "", line);
    for (size_t j = 0; j < n; j++) {
        o = strlen(s->log);
        snprintf(s->log + o, sizeof s->log - o, "%s%s", j ? "|" : "", fields[j]);
    }
    if (s->rows == s->stop_at)
        return icstat_error_set(s->err, ICSTAT_EDATA, "scan.csv", line, "stopped here");
    return ICSTAT_OK;
}

/* Windows-1252 (issue 14): the decoder, the Latin-1 repair, and the scan
 * that decodes a file that is not UTF-8. */
static void test_cp1252(void **state)
{
    (void)state;
    char out[64];
    size_t bad = 0;
    /* en dash, e-acute, euro, curly quotes, ASCII */
    size_t n = icstat_cp1252_decode("\x96\xe9\x80\x93" "a\x94", 6, out, &bad);
    assert_int_equal(n, 3 + 2 + 3 + 3 + 1 + 3);
    assert_memory_equal(out, "\xE2\x80\x93\xC3\xA9\xE2\x82\xAC\xE2\x80\x9C" "a\xE2\x80\x9D", n);
    assert_int_equal(icstat_cp1252_decode("ab\x81", 3, out, &bad), (size_t)-1);
    assert_int_equal(bad, 2);
    assert_int_equal(icstat_cp1252_c1(0x96), 0x2013);
    assert_int_equal(icstat_cp1252_c1(0x9D), 0);
    assert_int_equal(icstat_cp1252_c1(0xA0), 0);
    /* U+0096 (a Latin-1 reading of 0x96) becomes the en dash. */
    char s[32] = "Schools \xC2\x96 S5";
    assert_int_equal(icstat_cp1252_repair(s, sizeof s), 1);
    assert_string_equal(s, "Schools \xE2\x80\x93 S5");
    char t[8] = "\xC2\x96\xC2\x96\xC2\x96"; /* 6 bytes grow to 9: no room */
    assert_int_equal(icstat_cp1252_repair(t, sizeof t), (size_t)-1);
    assert_string_equal(t, "\xC2\x96\xC2\x96\xC2\x96");
    char u[16] = "caf\xC3\xA9"; /* nothing to repair */
    assert_int_equal(icstat_cp1252_repair(u, sizeof u), 0);
    assert_string_equal(u, "caf\xC3\xA9");

    icstat_error err;
    scan_log sl = {"", 0, 0, &err};
    int decoded = 0;
    const char *w1252 = "a,b\nx,caf\xe9\n";
    assert_int_equal(icstat_table_scan_1252("w.csv", w1252, strlen(w1252), log_row, &sl, &decoded,
                                            &err),
                     ICSTAT_OK);
    assert_true(decoded);
    assert_true(strstr(sl.log, "caf\xC3\xA9") != NULL);
    /* UTF-8 stays as it is. */
    scan_log s2 = {"", 0, 0, &err};
    const char *utf8 = "a,b\nx,caf\xC3\xA9\n";
    assert_int_equal(icstat_table_scan_1252("u.csv", utf8, strlen(utf8), log_row, &s2, &decoded,
                                            &err),
                     ICSTAT_OK);
    assert_false(decoded);
    assert_true(strstr(s2.log, "caf\xC3\xA9") != NULL);
    /* UTF-8 on line 2 and not on line 3: no guess. */
    scan_log s3 = {"", 0, 0, &err};
    const char *mixed = "a,b\nx,caf\xC3\xA9\ny,caf\xe9\n";
    assert_int_equal(icstat_table_scan_1252("m.csv", mixed, strlen(mixed), log_row, &s3, &decoded,
                                            &err),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    assert_true(strstr(err.msg, "mixes UTF-8 and Windows-1252") != NULL);
    /* A byte Windows-1252 does not define. */
    scan_log s4 = {"", 0, 0, &err};
    const char *undef = "a,b\nx,\x81\n";
    assert_int_equal(icstat_table_scan_1252("x.csv", undef, strlen(undef), log_row, &s4, &decoded,
                                            &err),
                     ICSTAT_EDATA);
    assert_true(strstr(err.msg, "neither UTF-8 nor Windows-1252") != NULL);
}

static void scan_ok(const char *csv, const char *want)
{
    icstat_error err;
    icstat_error_clear(&err);
    scan_log s = {"", 0, 0, &err};
    int rc = icstat_table_scan_buffer("scan.csv", csv, strlen(csv), log_row, &s, &err);
    if (rc != ICSTAT_OK)
        fail_msg("unexpected error: %s:%ld: %s", err.file, err.line, err.msg);
    assert_string_equal(s.log, want);
}

static void test_scan_rows(void **state)
{
    (void)state;
    /* Rows of any width, verbatim (spaces kept), with their start lines;
     * blank lines are not rows; BOM and CRLF as for tables. */
    scan_ok("\xEF\xBB\xBFLatest inspections\r\n\r\n"
            "URN, name ,\"x\r\ny\"\r\n100001,\"St Mary's, Leeds\",\r\n  \r\n7",
            "1:Latest inspections;3:URN| name |x\r\ny;5:100001|St Mary's, Leeds|;"
            "6:  ;7:7");
    scan_ok("", "");
    scan_ok("\n\n", "");
    scan_ok("a,b\n", "1:a|b");
}

static void test_scan_errors(void **state)
{
    (void)state;
    icstat_error err;
    icstat_error_clear(&err);
    scan_log s = {"", 0, 2, &err};
    const char *csv = "t\na,b\n1,2\n3,4\n";
    /* The callback's status and message stop the scan at once. */
    assert_int_equal(icstat_table_scan_buffer("scan.csv", csv, strlen(csv), log_row, &s, &err),
                     ICSTAT_EDATA);
    assert_int_equal(s.rows, 2);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "stopped here");
    /* The reader's own errors, as for tables (no column names here). */
    s = (scan_log){"", 0, 0, &err};
    csv = "title\na,b\n1,\"x\n";
    assert_int_equal(icstat_table_scan_buffer("scan.csv", csv, strlen(csv), log_row, &s, &err),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "unterminated quoted field: field 2 opens a quote that is "
                                 "never closed");
    static const char nul[] = "a\nb,c\0\n";
    s = (scan_log){"", 0, 0, &err};
    assert_int_equal(icstat_table_scan_buffer("scan.csv", nul, sizeof nul - 1, log_row, &s, &err),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "NUL byte in field 2"));
    s = (scan_log){"", 0, 0, &err};
    assert_int_equal(icstat_table_scan("/nonexistent/dir/none.csv", log_row, &s, &err),
                     ICSTAT_EDATA);
    assert_string_equal(err.msg, "cannot open file: No such file or directory");
}

static void test_scan_file(void **state)
{
    (void)state;
    char path[] = "/tmp/icstat_test_scan_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    /* Several 64 KiB slices, rows growing wider than the first buffers. */
    fputs("title\n", fp);
    for (int i = 0; i < 3000; i++) {
        for (int j = 0; j <= i % 100; j++)
            fprintf(fp, "%s%d", j ? "," : "", i);
        fputc('\n', fp);
    }
    fclose(fp);
    icstat_error err;
    icstat_error_clear(&err);
    scan_log s = {"", 0, 0, &err};
    int rc = icstat_table_scan(path, log_row, &s, &err);
    unlink(path);
    if (rc != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    assert_int_equal(s.rows, 3001);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_header_trimmed),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_row_line_is_start),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_missing_tokens),
        cmocka_unit_test(test_numeric_detection),
        cmocka_unit_test(test_parse_double),
        cmocka_unit_test(test_parse_double_matches_strtod),
        cmocka_unit_test(test_overflow_not_numeric),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_byte_order_marks),
        cmocka_unit_test(test_trailing_unnamed_columns),
        cmocka_unit_test(test_repeated_header),
        cmocka_unit_test(test_not_csv),
        cmocka_unit_test(test_excel_errors),
        cmocka_unit_test(test_comma_number),
        cmocka_unit_test(test_value_excerpt),
        cmocka_unit_test(test_need_rows),
        cmocka_unit_test(test_wide),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_crlf_across_slices),
        cmocka_unit_test(test_huge_field),
        cmocka_unit_test(test_text_blocks),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_scan_rows),
        cmocka_unit_test(test_scan_errors),
        cmocka_unit_test(test_scan_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
