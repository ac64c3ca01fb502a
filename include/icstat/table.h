/* table.h — a CSV file read into typed columns.
 *
 * The reader (libcsv) requires a header row, accepts quoted fields with
 * commas, doubled quotes and newlines, LF, CRLF and CR line ends and a
 * UTF-8 byte order mark at the start.  A field is missing when, after
 * trimming surrounding spaces and tabs, it is empty or exactly NA, N/A or
 * ".".  Text is otherwise kept verbatim (so "Good " stays distinct from
 * "Good" and can be reported).  A column is numeric when every non-missing
 * field, trimmed, parses completely as a finite double.
 *
 * Empty names at the end of the header (Excel's trailing commas) are
 * dropped when there are rows and every row leaves those fields empty;
 * rows may then stop before them.
 *
 * Errors (all ICSTAT_EDATA, naming file, line and column): a missing or
 * empty file, a header with no fields, an empty name (trailing ones too
 * when no row follows) or a duplicated name, a header that is Excel's
 * "sep=" line or one column holding semicolons or tabs, a value under an
 * unnamed trailing column, a spreadsheet's error value ("#N/A",
 * "#DIV/0!", "#VALUE!", ...) in a data field, a NUL byte, text that is not
 * UTF-8 (the byte and the text before it; Windows-1252 is the usual cause,
 * so the message says how to convert), a UTF-16 or UTF-32 file (by its
 * byte order mark: the message names the encoding), a byte order mark
 * past the start of the file, a row whose field count differs from the
 * header's (both counts given), a row that repeats the header (when a
 * header name is not a number), an unterminated quote (line where the
 * quote opened).  Scan mode has the byte-level errors only (NUL, UTF-8,
 * UTF-16/32, byte order marks, quotes).  Reading is one pass, linear in the
 * file size and in the number of columns. */
#ifndef ICSTAT_TABLE_H
#define ICSTAT_TABLE_H

#include <stddef.h>
#include "icstat/status.h"
#include "icstat/text.h" /* icstat_value_excerpt, which table.c used to hold */

typedef struct {
    char *name;      /* header text, trimmed */
    char **text;     /* nrow strings, verbatim; NULL where missing */
    double *num;     /* nrow values when is_numeric, NaN where missing; else NULL */
    int is_numeric;  /* 1 when every non-missing value is a number */
    size_t n_missing;
    /* The levels in their own order, for a column made with --band
     * (derive.h): the strings live in the table's text store.  NULL for a
     * column read from a file, whose levels are sorted (factor.h). */
    char **levels;
    size_t n_levels;
} icstat_column;

typedef struct {
    char *path;          /* as given, for messages ("-" is shown as <stdin>) */
    size_t ncol, nrow;
    icstat_column *cols;
    long *line;          /* line number (1-based, in the file) where each row starts */
    struct icstat_text_block *text_store; /* private: the blocks the columns' text lives in */
} icstat_table;

/* Read `path` ("-" for stdin).  Returns ICSTAT_OK and sets *out, or an
 * error status with *out NULL and err filled. */
int icstat_table_read(const char *path, icstat_table **out, icstat_error *err);

/* Same, from a buffer in memory; `name` is used in messages. */
int icstat_table_read_buffer(const char *name, const char *buf, size_t len,
                             icstat_table **out, icstat_error *err);

/* Same, from fields already in memory: the table a csv text of them would
 * give, without writing the text and tokenising it again (`icstat power
 * fit` hands each simulated data set to the model this way).  field(ctx,
 * i, j, buf, len) gives field j of row i, row 0 being the header and rows
 * 1..nrow the data: a NUL-terminated string, the text as it would stand
 * between the commas once unquoted, which may live in buf (len bytes) and
 * need last only until the next call.  Every rule of the reader applies
 * (trimming, missing tokens, Excel's error values, UTF-8, column typing,
 * a row's line number counting the line breaks inside fields before it,
 * the header's checks) with the same messages under `name`; only quoting
 * and line ends, which fields do not have, are left out. */
typedef const char *(*icstat_field_fn)(void *ctx, size_t row, size_t col, char *buf,
                                       size_t len);

int icstat_table_from_fields(const char *name, size_t ncol, size_t nrow, icstat_field_fn field,
                             void *ctx, icstat_table **out, icstat_error *err);

void icstat_table_free(icstat_table *t);

/* A copy of s[0..n-1], NUL-terminated, owned by t (freed with it): the
 * cells of a column are stored this way, in large blocks, so a file of
 * millions of cells costs a few allocations and no per-cell overhead. */
char *icstat_table_text(icstat_table *t, const char *s, size_t n);

/* For files whose header is not on the first row (titles above it): the
 * same reader without a header or a table.  Each row that is not blank is
 * handed to fn as it is parsed: its fields verbatim (NUL-terminated, never
 * NULL, valid only during the call), their count, and the line where the
 * row starts.  Field counts are not compared; the caller knows which row
 * is the header.  fn returns ICSTAT_OK to go on; any other status, with
 * err filled by fn, stops the scan and is returned.  The reader's own
 * errors (NUL bytes, quotes, unreadable file) are as for icstat_table_read;
 * an empty file is no error here: fn is simply never called. */
typedef int (*icstat_row_fn)(void *ctx, const char *const *fields, size_t nfield,
                             long line);

int icstat_table_scan(const char *path, icstat_row_fn fn, void *ctx, icstat_error *err);
int icstat_table_scan_buffer(const char *name, const char *buf, size_t len,
                             icstat_row_fn fn, void *ctx, icstat_error *err);
/* The same scan for files that may be Windows-1252 (Ofsted's, and Excel's
 * "CSV" on Windows): text that is not UTF-8 is decoded from Windows-1252
 * from the first byte that is not UTF-8 (the bytes before it were ASCII),
 * and *decoded (when not NULL) is set to 1.  The rows handed to fn are
 * always UTF-8.  A file that is UTF-8 in one place and not in another, or
 * that holds a byte Windows-1252 leaves undefined, is an error.  Reads
 * `path` ("-" for stdin) when buf is NULL, else buf[0..len) named path
 * (or "<buffer>") in messages. */
int icstat_table_scan_1252(const char *path, const char *buf, size_t len, icstat_row_fn fn,
                           void *ctx, int *decoded, icstat_error *err);

/* Add to t every column of `right` except `key`, matching rows on the
 * column `key` that both tables have (trimmed text; numerically when both
 * key columns are numbers).  A row of t with a missing key gets missing
 * values.  Errors (ICSTAT_EDATA): `key` absent from either table, a key
 * repeated in `right`, a key of t with no row in `right` (the first is
 * named, with its line), a column name present in both tables. */
int icstat_table_join(icstat_table *t, const icstat_table *right, const char *key,
                      icstat_error *err);

/* ICSTAT_OK when t has a data row; otherwise ICSTAT_EDATA, "the header
 * has no data rows below it" (line 1), for commands that need rows. */
int icstat_table_need_rows(const icstat_table *t, icstat_error *err);

/* Index of the column whose name matches exactly, or -1. */
long icstat_table_find(const icstat_table *t, const char *name);

/* 1 when s is one of the missing tokens (empty, NA, N/A, "."). */
int icstat_is_missing_token(const char *s);

/* Parse a whole string as a finite double: 1 on success. */
int icstat_parse_double(const char *s, double *out);

/* 1 when s (trimmed) is a number as spreadsheets write it with a decimal
 * comma or thousands separators ("3,5", "1,234", "1,234.5", "1.234,5"),
 * which icstat_parse_double refuses; commands name such a value and say
 * how to write it (ICSTAT_COMMA_NUMBER_FIX). */
int icstat_is_comma_number(const char *s);

#define ICSTAT_COMMA_NUMBER_FIX                                                  \
    "write numbers with a decimal point and no thousands separators (3.5, 1234)"

/* Length of the longest prefix of s[0..n) that is well-formed UTF-8 (n
 * when all of it is): the reader's check, for other text inputs. */
size_t icstat_utf8_prefix(const char *s, size_t n);

/* "UTF-32" or "UTF-16" when the first len bytes of a file, buf, start
 * with that encoding's byte order mark (either byte order), else NULL
 * (also for UTF-8's).  UTF-32LE's mark FF FE 00 00 begins with UTF-16LE's
 * FF FE, so UTF-32 is tested first: a UTF-16 text starting with U+0000
 * is not a text file anyway.  Text readers refuse such files, saying how
 * to convert them (iconv -f UTF-32 -t UTF-8 reads the mark's order). */
const char *icstat_text_bom_encoding(const char *buf, size_t len);


#endif
