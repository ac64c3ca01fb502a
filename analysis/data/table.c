/* table.c — read a CSV file into typed columns (icstat_table).
 *
 * libcsv does the tokenising (quotes, doubled quotes, embedded newlines,
 * CRLF).  This file adds what libcsv does not know about: physical line
 * numbers, the header row, missing tokens, numeric column detection and
 * one-line error messages.  Input from a file, stdin or a memory buffer is
 * fed to libcsv in 64 KiB slices, so reading is one linear pass whatever
 * the source, and column arrays grow geometrically.
 *
 * Line numbers come from libcsv's callbacks: every line break outside a
 * quoted field reaches the row callback (CSV_REPALL_NL) and every break
 * inside one is part of the field text, so counting both gives the line
 * on which each row starts.  CR, LF and CRLF each end one line.
 *
 * The same reader also runs in scan mode (icstat_table_scan): no header and
 * no table, each row's fields handed verbatim to a callback as they are
 * parsed, for files whose header is not on the first row. */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "icstat/cp1252.h"
#include "icstat/table.h"

#define CHUNK ((size_t)64 * 1024)
#define FIRST_ROWS ((size_t)64)
#define EXCERPT_MAX 48 /* longest quoted text copied into a message */
#define WHERE_MAX 128  /* "field N (column \"name\")" */
#define FIELD_BUF 64   /* icstat_table_from_fields: room for a number */

typedef struct {
    const char *name;   /* file name used in messages */
    icstat_error *err;
    int status;         /* first failure; callbacks do nothing once set */
    icstat_table *t;    /* NULL in scan mode */
    size_t cap;         /* rows allocated in t->line and every column */

    int have_header;
    char **hdr;         /* trimmed header names while the header row is read */
    size_t nhdr, hdr_cap;
    long header_line;   /* where the header row starts */
    size_t nghost;      /* unnamed columns at the header's end (Excel's
                         * trailing commas), dropped while they stay empty */
    int header_has_text; /* a header name is not a number: a row equal to
                          * the header is then a repeated header, not data */
    int repeats_header; /* the current row equals the header so far */

    size_t nf;          /* fields seen so far in the current row */
    long row_line;      /* line where the current row started */
    long line;          /* line of the first byte not yet seen by a callback */
    int prev_cr;        /* the last terminator seen was a CR (CRLF is one break) */

    int started;        /* BOM check done */
    long raw_line;      /* line at the start of the current slice */
    int raw_prev_cr;

    /* Scan mode: the current row's fields, each NUL-terminated, one after
     * another in rowbuf (one allocation per row, not per field). */
    icstat_row_fn scan;
    void *scan_ctx;
    char *rowbuf;
    size_t rowlen, rowcap;
    size_t *rowoff;     /* where each field starts in rowbuf */
    const char **rowptr;
    size_t rowfcap;     /* entries in rowoff and rowptr */

    /* Text that is not UTF-8 read as Windows-1252 (icstat_table_scan_1252):
     * decided at the first byte that is not UTF-8.  Bytes before it were
     * ASCII, which both encodings share, unless a UTF-8 character came
     * first: then the file mixes the two, and nothing can be decoded
     * right. */
    int allow_1252;
    int cp1252;         /* decoding from here on */
    long utf8_line;     /* where the first UTF-8 character was; 0 = none */
    char *xbuf;         /* the decoded field */
    size_t xcap;
} reader;

/* ---- small text helpers ---------------------------------------------- */

static void trim_span(const char *s, size_t len, const char **b, const char **e)
{
    const char *p = s, *q = s + len;
    while (p < q && (*p == ' ' || *p == '\t'))
        p++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    *b = p;
    *e = q;
}

static int missing_span(const char *b, const char *e)
{
    size_t n = (size_t)(e - b);
    return n == 0 || (n == 1 && b[0] == '.') ||
           (n == 2 && b[0] == 'N' && b[1] == 'A') ||
           (n == 3 && memcmp(b, "N/A", 3) == 0);
}

/* Fast path for plain decimals such as "-12.375" (strtod dominated the
 * profile).  With under 15 significant digits the mantissa m is an exact
 * double, as is 10^k for k <= 22, so m / 10^k is a single correctly
 * rounded division: the same value strtod returns.  Returns 0 for anything
 * else (exponents, long mantissas, malformed text) so strtod decides. */
static int fast_decimal(const char *b, const char *e, double *out)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                 1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = b;
    int neg = 0;
    if (p < e && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    uint64_t m = 0;
    int digits = 0, frac = 0, dot = 0;
    for (; p < e; p++) {
        if (*p >= '0' && *p <= '9') {
            if (m > UINT64_C(99999999999999))
                return 0;
            m = m * 10 + (uint64_t)(*p - '0');
            digits++;
            frac += dot;
        } else if (*p == '.' && !dot) {
            dot = 1;
        } else {
            return 0;
        }
    }
    if (!digits || frac > 22)
        return 0;
    double v = (double)m / p10[frac];
    *out = neg ? -v : v;
    return 1;
}

/* [b, e) must be followed, possibly after spaces and tabs, by a NUL.  The
 * character check rejects what strtod would otherwise accept but a data
 * file should not contain: inf, nan, hex, leading newlines. */
static int parse_span(const char *b, const char *e, double *out)
{
    if (b == e)
        return 0;
    for (const char *p = b; p < e; p++) {
        char c = *p;
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
              c == 'e' || c == 'E'))
            return 0;
    }
    if (fast_decimal(b, e, out))
        return 1;
    char *end;
    errno = 0;
    double v = strtod(b, &end);
    if (end != e || !isfinite(v)) /* overflow gives HUGE_VAL */
        return 0;
    *out = v;
    return 1;
}

/* Count line breaks: CR, LF and CRLF each end one line.  *cr carries "the
 * previous byte was CR" across calls, so a CRLF split between slices is
 * still counted once. */
static long count_breaks(const char *s, size_t n, int *cr)
{
    long k = 0;
    int c = *cr;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            k += !c;
            c = 0;
        } else if (s[i] == '\r') {
            k++;
            c = 1;
        } else {
            c = 0;
        }
    }
    *cr = c;
    return k;
}

/* count_breaks for a whole slice: without any CR, memchr counts the LFs
 * much faster than a byte loop (this runs over every byte of the input). */
static long slice_breaks(const char *s, size_t n, int *cr)
{
    if (n == 0 || memchr(s, '\r', n))
        return count_breaks(s, n, cr);
    long k = (*cr && s[0] == '\n') ? -1 : 0; /* LF ending a CRLF */
    for (const char *p = s, *e = s + n; (p = memchr(p, '\n', (size_t)(e - p)));
         p++)
        k++;
    *cr = 0;
    return k;
}

/* Write s as a double-quoted, printable excerpt for a message. */
static void excerpt(char *dst, size_t size, const char *s, size_t len)
{
    size_t o = 0;
    dst[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        if (c == '\n')
            strcpy(tmp, "\\n");
        else if (c == '\r')
            strcpy(tmp, "\\r");
        else if (c == '\t')
            strcpy(tmp, "\\t");
        else if (c == '"' || c == '\\')
            snprintf(tmp, sizeof tmp, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
        else
            tmp[0] = (char)c, tmp[1] = '\0';
        size_t k = strlen(tmp);
        if (o + k + 5 > size || o > EXCERPT_MAX) {
            memcpy(dst + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(dst + o, tmp, k);
        o += k;
    }
    dst[o++] = '"';
    dst[o] = '\0';
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0
 * when it is not one: overlong forms, surrogates and code points above
 * U+10FFFF are refused (Unicode 15, table 3-7), so what passes can be
 * written into json and html as it is. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    return len;
}

/* "field 3 (column "name")", or "field 3" when there is no such column. */
static void field_desc(const reader *r, size_t j, char *dst, size_t size)
{
    if (r->have_header && j < r->t->ncol) {
        char q[EXCERPT_MAX + 16];
        const char *nm = r->t->cols[j].name;
        excerpt(q, sizeof q, nm, strlen(nm));
        snprintf(dst, size, "field %zu (column %s)", j + 1, q);
    } else {
        snprintf(dst, size, "field %zu", j + 1);
    }
}

static int fail(reader *r, int status, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(reader *r, int status, long line, const char *fmt, ...)
{
    char msg[ICSTAT_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->status = icstat_error_set(r->err, status, r->name, line, "%s", msg);
    return r->status;
}

/* A field that is not UTF-8 text at byte i (k = 0), or that holds a byte
 * order mark past the start of the file (k = 3).  Excel on Windows saves
 * "CSV" in Windows-1252 ('\xE9' for e-acute, 0x93/0x94 for curly quotes);
 * passing such bytes through would corrupt the json and html outputs. */
static void not_text(reader *r, size_t j, const char *f, size_t i, size_t k, long line)
{
    char where[WHERE_MAX];
    field_desc(r, j, where, sizeof where);
    if (k == 3) {
        fail(r, ICSTAT_EDATA, line,
             "byte order mark (U+FEFF) inside the file, in %s: were files joined "
             "together? remove it, and any repeated header",
             where);
        return;
    }
    /* Up to 24 bytes before the bad one, from a character boundary; they
     * were checked already, so the excerpt is UTF-8. */
    size_t from = i > 24 ? i - 24 : 0;
    while (from < i && ((unsigned char)f[from] & 0xC0) == 0x80)
        from++;
    char before[EXCERPT_MAX + 32] = ", at its start";
    if (i > 0) {
        char q[EXCERPT_MAX + 8];
        excerpt(q, sizeof q, f + from, i - from);
        snprintf(before, sizeof before, ", after \"%s%s", from ? "..." : "", q + 1);
    }
    fail(r, ICSTAT_EDATA, line,
         "%s is not UTF-8 text (byte 0x%02X%s); if Excel on Windows saved the "
         "file, convert it with iconv -f WINDOWS-1252 -t UTF-8, or save it as "
         "\"CSV UTF-8\"",
         where, (unsigned char)f[i], before);
}

static int fail_nomem(reader *r)
{
    return fail(r, ICSTAT_ENOMEM, 0, "out of memory");
}

static char *copy_span(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* ---- table storage ------------------------------------------------------ */

/* Cell text: copied into blocks of TEXT_BLOCK bytes (a longer field gets a
 * block of its own, linked behind the one being filled). */
#define TEXT_BLOCK ((size_t)1 << 20)
struct icstat_text_block {
    struct icstat_text_block *next;
    size_t used, cap;
    char data[];
};

char *icstat_table_text(icstat_table *t, const char *s, size_t n)
{
    struct icstat_text_block *b = t->text_store;
    if (n >= SIZE_MAX - sizeof *b - 1)
        return NULL;
    if (!b || b->cap - b->used < n + 1) {
        const size_t cap = n + 1 > TEXT_BLOCK / 4 ? n + 1 : TEXT_BLOCK;
        struct icstat_text_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && cap != TEXT_BLOCK) { /* keep filling the current block */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            t->text_store = nb;
        }
        b = nb;
    }
    char *c = b->data + b->used;
    memcpy(c, s, n);
    c[n] = '\0';
    b->used += n + 1;
    return c;
}

/* Free t, whole or as far as the reader got. */
static void table_destroy(icstat_table *t)
{
    if (!t)
        return;
    if (t->cols) {
        for (size_t j = 0; j < t->ncol; j++) {
            icstat_column *c = &t->cols[j];
            free(c->text);
            free(c->num);
            free(c->name);
            free(c->levels);
        }
    }
    free(t->cols);
    free(t->line);
    free(t->path);
    for (struct icstat_text_block *b = t->text_store, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(t);
}

/* Double the row capacity of every array (new text slots NULL).  The
 * first capacity shrinks for wide files, so 100,000 columns do not start
 * with 64 rows each (100 MB) for a file of a few rows. */
static int grow_rows(reader *r)
{
    icstat_table *t = r->t;
    size_t first = t->ncol > 1024 ? 65536 / t->ncol : FIRST_ROWS;
    size_t cap = r->cap ? r->cap * 2 : first ? first : 1;
    if (cap < r->cap || cap > SIZE_MAX / sizeof(double))
        return fail_nomem(r);
    long *ln = realloc(t->line, cap * sizeof *ln);
    if (!ln)
        return fail_nomem(r);
    t->line = ln;
    for (size_t j = 0; j < t->ncol; j++) {
        icstat_column *c = &t->cols[j];
        char **tx = realloc(c->text, cap * sizeof *tx);
        if (!tx)
            return fail_nomem(r);
        memset(tx + r->cap, 0, (cap - r->cap) * sizeof *tx);
        c->text = tx;
        if (c->is_numeric) {
            double *nm = realloc(c->num, cap * sizeof *nm);
            if (!nm)
                return fail_nomem(r);
            c->num = nm;
        }
    }
    r->cap = cap;
    return ICSTAT_OK;
}

typedef struct {
    const char *name;
    size_t idx;
} name_ref;

static int cmp_name_ref(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Validate the collected header names and turn them into columns.  Sorting
 * finds duplicates in O(n log n) even for very wide files.  Empty names at
 * the end are Excel's trailing commas (a column once used, then cleared):
 * they become "ghost" columns, dropped while every row leaves them empty. */
static void finish_header(reader *r)
{
    size_t n = r->nhdr;
    /* A row of nothing but spaces before the header counts as blank. */
    if (n == 1 && r->hdr[0][0] == '\0') {
        free(r->hdr[0]);
        r->nhdr = 0;
        return;
    }
    r->header_line = r->row_line;
    /* Excel writes "sep=;" above the header when asked to; European
     * versions save "CSV" with semicolons, and tab-separated text is not
     * CSV either: one column whose name holds the separators. */
    const char *h0 = r->hdr[0];
    if (strncmp(h0, "sep=", 4) == 0 && strlen(h0) <= 5 && n <= 2 &&
        (n == 1 || r->hdr[1][0] == '\0')) {
        fail(r, ICSTAT_EDATA, r->row_line,
             "this is Excel's \"sep=\" line, not a header: delete the line (icstat "
             "reads comma-separated files, the header first)");
        return;
    }
    if (n == 1 && strpbrk(h0, ";\t")) {
        char q[EXCERPT_MAX + 16];
        excerpt(q, sizeof q, h0, strlen(h0));
        fail(r, ICSTAT_EDATA, r->row_line,
             "the header is one column, %s, with %s in it: icstat reads "
             "comma-separated files; save the file as CSV (comma delimited)",
             q, strchr(h0, ';') ? "semicolons" : "tabs");
        return;
    }
    size_t named = n;
    while (named > 0 && r->hdr[named - 1][0] == '\0')
        named--;
    for (size_t j = 0; j < named || (named == 0 && j == 0); j++)
        if (r->hdr[j][0] == '\0') {
            fail(r, ICSTAT_EDATA, r->row_line,
                 "column %zu has an empty name; name it in the header, or delete "
                 "the column",
                 j + 1);
            return;
        }
    for (size_t j = named; j < n; j++)
        free(r->hdr[j]);
    r->nghost = n - named;
    r->nhdr = n = named;
    for (size_t j = 0; j < n && !r->header_has_text; j++)
        r->header_has_text = !icstat_parse_double(r->hdr[j], NULL);
    name_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    if (!refs) {
        fail_nomem(r);
        return;
    }
    for (size_t j = 0; j < n; j++)
        refs[j] = (name_ref){r->hdr[j], j};
    qsort(refs, n, sizeof *refs, cmp_name_ref);
    /* Report the duplicate that comes first in column order. */
    size_t first = 0, second = SIZE_MAX;
    for (size_t k = 1; k < n; k++)
        /* cppcheck-suppress arrayIndexThenCheck ; k >= 1; k < 2 guards refs[k - 2] */
        if (strcmp(refs[k - 1].name, refs[k].name) == 0 &&
            (k < 2 || strcmp(refs[k - 2].name, refs[k].name) != 0) &&
            refs[k].idx < second) {
            first = refs[k - 1].idx;
            second = refs[k].idx;
        }
    free(refs);
    if (second != SIZE_MAX) {
        char q[EXCERPT_MAX + 16];
        excerpt(q, sizeof q, r->hdr[second], strlen(r->hdr[second]));
        fail(r, ICSTAT_EDATA, r->row_line,
             "duplicate column name %s (columns %zu and %zu)", q, first + 1,
             second + 1);
        return;
    }
    icstat_table *t = r->t;
    t->cols = calloc(n ? n : 1, sizeof *t->cols);
    if (!t->cols) {
        fail_nomem(r);
        return;
    }
    for (size_t j = 0; j < n; j++) {
        t->cols[j].name = r->hdr[j];
        t->cols[j].is_numeric = 1; /* candidate until a value disproves it */
    }
    t->ncol = n;
    free(r->hdr);
    r->hdr = NULL;
    r->nhdr = r->hdr_cap = 0;
    r->have_header = 1;
}

/* ---- scan mode ---------------------------------------------------------- */

/* Append one field (NUL-terminated) to the current row. */
static void scan_field(reader *r, size_t j, const char *f, size_t len)
{
    if (j == r->rowfcap) {
        size_t cap = r->rowfcap ? 2 * r->rowfcap : 64;
        size_t *off = cap > SIZE_MAX / sizeof *off ? NULL
                                                   : realloc(r->rowoff, cap * sizeof *off);
        if (off)
            r->rowoff = off;
        const char **ptr = off ? realloc(r->rowptr, cap * sizeof *ptr) : NULL;
        if (!ptr) {
            fail_nomem(r);
            return;
        }
        r->rowptr = ptr;
        r->rowfcap = cap;
    }
    if (len >= SIZE_MAX - r->rowlen) {
        fail_nomem(r);
        return;
    }
    size_t need = r->rowlen + len + 1;
    if (need > r->rowcap) {
        size_t cap = r->rowcap ? r->rowcap : 1024;
        while (cap < need)
            cap = cap > SIZE_MAX / 2 ? need : 2 * cap;
        char *b = realloc(r->rowbuf, cap);
        if (!b) {
            fail_nomem(r);
            return;
        }
        r->rowbuf = b;
        r->rowcap = cap;
    }
    r->rowoff[j] = r->rowlen;
    memcpy(r->rowbuf + r->rowlen, f, len);
    r->rowlen += len;
    r->rowbuf[r->rowlen++] = '\0';
}

/* Hand the current row to the callback; a status other than ICSTAT_OK
 * (with err filled by the callback) stops the scan. */
static void scan_row(reader *r, size_t nf)
{
    for (size_t j = 0; j < nf; j++)
        r->rowptr[j] = r->rowbuf + r->rowoff[j];
    r->status = r->scan(r->scan_ctx, r->rowptr, nf, r->row_line);
    r->rowlen = 0;
}

/* A spreadsheet's error value ("#N/A", "#DIV/0!"): the result of a broken
 * formula, neither a value nor one of the missing tokens, so a table
 * refuses it rather than count it as a category or drop it. */
static int excel_error(const char *b, const char *e)
{
    static const char *const errors[] = {"#N/A",  "#DIV/0!", "#VALUE!", "#REF!", "#NAME?",
                                         "#NUM!", "#NULL!",  "#SPILL!", "#CALC!"};
    const size_t n = (size_t)(e - b);
    for (size_t k = 0; k < sizeof errors / sizeof *errors; k++)
        if (strlen(errors[k]) == n && memcmp(errors[k], b, n) == 0)
            return 1;
    return 0;
}

/* ---- Windows-1252 ------------------------------------------------------- */

/* The first UTF-8 character of f (one holding a byte >= 0x80): 1 when
 * all of f is UTF-8 and it has one, 0 when it is ASCII, -1 when a byte is
 * not UTF-8 (its offset in *at). */
static int utf8_state(const char *f, size_t len, size_t *at)
{
    int multi = 0;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)f[i] < 0x80)
            continue;
        size_t k = utf8_seq((const unsigned char *)f + i, len - i);
        if (k == 0) {
            *at = i;
            return -1;
        }
        multi = 1;
        i += k - 1;
    }
    return multi;
}

/* Field f as UTF-8 for the allow_1252 reader: f itself while the file
 * reads as UTF-8, else its Windows-1252 decoding (in r->xbuf).  NULL, with
 * the reader failed, when the file mixes the encodings or holds a byte
 * Windows-1252 does not define. */
static const char *decode_1252(reader *r, size_t j, const char *f, size_t *len, long line)
{
    size_t at = 0;
    if (!r->cp1252) {
        int st = utf8_state(f, *len, &at);
        if (st > 0 && !r->utf8_line)
            r->utf8_line = line;
        if (st >= 0)
            return f;
        if (r->utf8_line) {
            char where[WHERE_MAX];
            field_desc(r, j, where, sizeof where);
            fail(r, ICSTAT_EDATA, line,
                 "%s is not UTF-8 text (byte 0x%02X), but line %ld was: the file mixes "
                 "UTF-8 and Windows-1252; save it again in one encoding",
                 where, (unsigned char)f[at], r->utf8_line);
            return NULL;
        }
        r->cp1252 = 1;
    }
    if (*len > (SIZE_MAX - 1) / 3) {
        fail_nomem(r);
        return NULL;
    }
    if (3 * *len + 1 > r->xcap) {
        size_t cap = 3 * *len + 1 > 2 * r->xcap ? 3 * *len + 1 : 2 * r->xcap;
        char *b = realloc(r->xbuf, cap);
        if (!b) {
            fail_nomem(r);
            return NULL;
        }
        r->xbuf = b;
        r->xcap = cap;
    }
    size_t n = icstat_cp1252_decode(f, *len, r->xbuf, &at);
    if (n == (size_t)-1) {
        char where[WHERE_MAX];
        field_desc(r, j, where, sizeof where);
        fail(r, ICSTAT_EDATA, line,
             "%s holds byte 0x%02X, which is neither UTF-8 nor Windows-1252 text; save "
             "the file as \"CSV UTF-8\"",
             where, (unsigned char)f[at]);
        return NULL;
    }
    r->xbuf[n] = '\0';
    *len = n;
    return r->xbuf;
}

/* ---- libcsv callbacks --------------------------------------------------- */

/* Line breaks in field f (only quoted fields have them) and text that is
 * not UTF-8, in one pass: the field's break count, or -1 with the reader
 * failed.  The hot loop of reading: the common byte is tested first. */
static long field_breaks(reader *r, size_t j, const char *f, size_t len, long start)
{
    long breaks = 0;
    int cr = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)f[i];
        if (c > '\r') { /* NOLINT(bugprone-branch-clone): the common case, tested first */
            cr = 0;
            if (c >= 0x80) {
                size_t k = utf8_seq((const unsigned char *)f + i, len - i);
                if (k == 0 || (k == 3 && memcmp(f + i, "\xEF\xBB\xBF", 3) == 0)) {
                    not_text(r, j, f, i, k, start + breaks);
                    return -1;
                }
                i += k - 1;
            }
        } else if (c == '\n') {
            breaks += !cr;
            cr = 0;
        } else if (c == '\r') {
            breaks++;
            cr = 1;
        } else { /* NULs never get here: reader_feed stops at the first */
            cr = 0;
        }
    }
    return breaks;
}

/* A header field: its trimmed name, kept until the row ends
 * (finish_header). */
static void header_field(reader *r, const char *b, const char *e)
{
    if (r->nhdr == r->hdr_cap) {
        size_t cap = r->hdr_cap ? r->hdr_cap * 2 : 16;
        char **h = cap > SIZE_MAX / sizeof *h ? NULL
                                              : realloc(r->hdr, cap * sizeof *h);
        if (!h) {
            fail_nomem(r);
            return;
        }
        r->hdr = h;
        r->hdr_cap = cap;
    }
    char *name = copy_span(b, (size_t)(e - b));
    if (!name) {
        fail_nomem(r);
        return;
    }
    r->hdr[r->nhdr++] = name;
}

/* A data field that has no column (j beyond the header's names): a value
 * under an unnamed trailing column has nowhere to go, so it fails the
 * read; other extra fields are counted and reported with both counts at
 * the row's end (on_row). */
static void extra_field(reader *r, size_t j, const char *b, const char *e, long start)
{
    if (j < r->t->ncol + r->nghost && b != e) {
        char q[EXCERPT_MAX + 16];
        excerpt(q, sizeof q, b, (size_t)(e - b));
        fail(r, ICSTAT_EDATA, start,
             "field %zu has a value, %s, but its column has no name in the "
             "header; name the column, or delete the value",
             j + 1, q);
    }
}

/* A field holding a spreadsheet error value ("#N/A"): the read fails
 * naming it.  1 when refused. */
static int excel_refused(reader *r, size_t j, const char *b, const char *e, long start)
{
    if (!excel_error(b, e))
        return 0;
    char where[WHERE_MAX], q[EXCERPT_MAX + 16];
    field_desc(r, j, where, sizeof where);
    excerpt(q, sizeof q, b, (size_t)(e - b));
    fail(r, ICSTAT_EDATA, start,
         "%s holds %s, an Excel error value: fix the formula, or clear the cell to "
         "mark it missing",
         where, q);
    return 1;
}

/* libcsv's field callback: the line count moves on by the field's
 * breaks, then the field goes to the scan callback's row, the header or
 * column j of the table's current row: missing, or its text (f, as read)
 * and, while the column is still numeric, its number (the trimmed b..e).
 * The table's part stays here rather than in a phase of its own: the
 * compiler then keeps it inline, which the reader's speed needs (callgrind:
 * 3.6% more instructions for the whole read with it out of line). */
static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->status)
        return;
    const char *f = s ? s : "";
    size_t j = r->nf++;
    long start = r->line;
    if (j == 0)
        r->row_line = start;

    if (r->allow_1252 && !(f = decode_1252(r, j, f, &len, start)))
        return;
    const long breaks = field_breaks(r, j, f, len, start);
    if (breaks < 0)
        return;
    r->line = start + breaks;
    r->prev_cr = 0;

    if (r->scan) {
        scan_field(r, j, f, len);
        return;
    }
    const char *b, *e;
    trim_span(f, len, &b, &e);
    if (!r->have_header) {
        header_field(r, b, e);
        return;
    }
    icstat_table *t = r->t;
    if (j == 0)
        r->repeats_header = r->header_has_text && t->ncol >= 2;
    if (j >= t->ncol) {
        extra_field(r, j, b, e, start);
        return;
    }
    if (r->repeats_header) {
        const char *nm = t->cols[j].name;
        const size_t k = (size_t)(e - b);
        r->repeats_header = strlen(nm) == k && memcmp(nm, b, k) == 0;
    }
    if (b < e && *b == '#' && excel_refused(r, j, b, e, start))
        return;
    size_t i = t->nrow;
    if (j == 0) {
        if (i == r->cap && grow_rows(r) != ICSTAT_OK)
            return;
        t->line[i] = start;
    }
    icstat_column *c = &t->cols[j];
    if (missing_span(b, e)) {
        c->n_missing++;
        if (c->is_numeric)
            c->num[i] = NAN;
        return;
    }
    if (!(c->text[i] = icstat_table_text(t, f, len))) {
        fail_nomem(r);
        return;
    }
    if (c->is_numeric && !parse_span(b, e, &c->num[i])) {
        c->is_numeric = 0;
        free(c->num);
        c->num = NULL;
    }
}

static void on_row(int term, void *data)
{
    reader *r = data;
    if (r->status)
        return;
    if (term == '\r') {
        r->line++;
        r->prev_cr = 1;
    } else if (term == '\n') {
        r->line += !r->prev_cr;
        r->prev_cr = 0;
    }
    size_t nf = r->nf;
    if (nf == 0) /* blank line, or the LF of a CRLF */
        return;
    r->nf = 0;
    if (r->scan) {
        scan_row(r, nf);
        return;
    }
    if (!r->have_header) {
        finish_header(r);
        return;
    }
    /* With ghost columns a row may stop before them or after any. */
    const size_t full = r->t->ncol + r->nghost;
    if (nf != full && !(nf >= r->t->ncol && nf < full)) {
        fail(r, ICSTAT_EDATA, r->row_line,
             "row has %zu fields but the header has %zu", nf, full);
        return;
    }
    if (r->repeats_header) {
        fail(r, ICSTAT_EDATA, r->row_line,
             "the header (line %ld) is repeated here: were files joined together? "
             "remove the repeated header",
             r->header_line);
        return;
    }
    r->t->nrow++;
}

/* libcsv trims unquoted fields by default; text must stay verbatim. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* ---- driving the parser ------------------------------------------------- */

static void parse_failure(reader *r, struct csv_parser *p, const char *buf,
                          size_t used)
{
    /* A NUL stopped the slice (reader_feed parses only the bytes before
     * it, so libcsv has no error then); otherwise libcsv failed. */
    unsigned char c = (unsigned char)buf[used];
    if (c != '\0' && csv_error(p) != CSV_EPARSE) {
        fail_nomem(r);
        return;
    }
    int cr = r->raw_prev_cr;
    long line = r->raw_line + count_breaks(buf, used, &cr);
    char where[WHERE_MAX];
    field_desc(r, r->nf, where, sizeof where);
    if (c == '\0') {
        fail(r, ICSTAT_EDATA, line,
             "NUL byte in %s (is this a binary or UTF-16 file?)", where);
    } else if (c == '"') {
        fail(r, ICSTAT_EDATA, line,
             "malformed quoted field: quote inside unquoted %s "
             "(quote the whole field and double the inner quotes)",
             where);
    } else {
        char q[16];
        excerpt(q, sizeof q, (const char *)&buf[used], 1);
        fail(r, ICSTAT_EDATA, line,
             "malformed quoted field: unexpected %s after the closing quote "
             "of %s",
             q, where);
    }
}

const char *icstat_text_bom_encoding(const char *buf, size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;
    if (len >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) ||
                     (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)))
        return "UTF-32";
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return "UTF-16";
    return NULL;
}

static int reader_feed(reader *r, struct csv_parser *p, const char *buf,
                       size_t len)
{
    if (!r->started) {
        const char *enc;
        r->started = 1;
        if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
            buf += 3;
            len -= 3;
            r->utf8_line = 1; /* the mark says UTF-8 */
        } else if ((enc = icstat_text_bom_encoding(buf, len)) != NULL) {
            /* Excel's "Unicode text" (UTF-16) and some exports. */
            return fail(r, ICSTAT_EDATA, 1,
                        "the file is %s text (it starts with a %s byte order "
                        "mark); convert it with iconv -f %s -t UTF-8, or save it "
                        "as \"CSV UTF-8\"", enc, enc, enc);
        }
    }
    while (len > 0 && !r->status) {
        size_t n = len < CHUNK ? len : CHUNK;
        /* libcsv grows its field buffer by a fixed block; making the block
         * at least the buffer size keeps one huge quoted field linear. */
        size_t bs = csv_get_buffer_size(p);
        csv_set_blk_size(p, bs > CHUNK ? bs : CHUNK);
        /* A NUL is refused as the bytes arrive, not when its field ends:
         * /dev/zero (or a binary file with no line breaks) has no field
         * end, and libcsv would buffer it without bound.  The bytes before
         * it are parsed first, so the message names its line and field. */
        const char *nul = memchr(buf, '\0', n);
        const size_t m = nul ? (size_t)(nul - buf) : n;
        size_t used = m ? csv_parse(p, buf, m, on_field, on_row, r) : 0;
        if (r->status) /* a callback failed earlier in this slice */
            break;
        if (nul || used < m) { /* at the NUL, or where libcsv stopped before it */
            parse_failure(r, p, buf, used);
            break;
        }
        r->raw_line += slice_breaks(buf, n, &r->raw_prev_cr);
        buf += n;
        len -= n;
    }
    return r->status;
}

/* Table mode when scan is NULL: the reader owns a table and a copy of the
 * name.  Scan mode borrows the caller's name for the length of the scan. */
static int reader_init(reader *r, struct csv_parser *p, const char *name,
                       icstat_row_fn scan, void *ctx, icstat_error *err)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->err = err;
    r->line = r->raw_line = 1;
    r->scan = scan;
    r->scan_ctx = ctx;
    csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL);
    csv_set_space_func(p, no_space);
    if (scan)
        return ICSTAT_OK;
    r->t = calloc(1, sizeof *r->t);
    if (!r->t || !(r->t->path = copy_span(name, strlen(name))))
        return fail_nomem(r);
    r->name = r->t->path;
    return ICSTAT_OK;
}

/* Read a whole stream through the reader in CHUNK slices. */
static void reader_feed_file(reader *r, struct csv_parser *p, FILE *fp)
{
    char *buf = r->status ? NULL : malloc(CHUNK);
    if (!buf && !r->status)
        fail_nomem(r);
    while (!r->status) {
        size_t n = fread(buf, 1, CHUNK, fp);
        if (n > 0)
            reader_feed(r, p, buf, n);
        if (n < CHUNK) {
            if (ferror(fp) && !r->status)
                fail(r, ICSTAT_EIO, 0, "cannot read file: %s", strerror(errno));
            break;
        }
    }
    free(buf);
}

/* Flush libcsv's last row (a file need not end in a line break) and
 * report a quote still open at the end. */
static void reader_fini(reader *r, struct csv_parser *p)
{
    if (!r->status && csv_fini(p, on_field, on_row, r) != 0 && !r->status) {
        char where[WHERE_MAX];
        field_desc(r, r->nf, where, sizeof where);
        /* No callback has run since the quote opened, so r->line is there. */
        fail(r, ICSTAT_EDATA, r->line,
             "unterminated quoted field: %s opens a quote that is never closed",
             where);
    }
    csv_free(p);
}

static int scan_finish(reader *r, struct csv_parser *p)
{
    reader_fini(r, p);
    free(r->xbuf);
    free(r->rowbuf);
    free(r->rowoff);
    free(r->rowptr);
    return r->status;
}

/* Shrink an array to n elements; if realloc fails, keep the old block and
 * set *nomem.  The failure is harmless in itself, but an allocator that
 * fails even this is out of memory, and icstat says so rather than carry
 * on (tests/oom/run.sh fails every allocation in turn). */
static void *shrink(void *a, size_t n, size_t size, int *nomem)
{
    if (n == 0) {
        free(a);
        return NULL;
    }
    void *s = realloc(a, n * size);
    if (!s)
        *nomem = 1;
    /* cppcheck-suppress memleak ; false positive: s is returned when realloc succeeds */
    return s ? s : a;
}

static int reader_finish(reader *r, struct csv_parser *p, icstat_table **out)
{
    reader_fini(r, p);
    if (!r->status && !r->have_header)
        fail(r, ICSTAT_EDATA, 1, "file is empty: a header row is required");
    /* Ghost columns are dropped only when rows show them to be empty. */
    if (!r->status && r->nghost && r->t->nrow == 0)
        fail(r, ICSTAT_EDATA, r->header_line,
             "column %zu has an empty name; name it in the header, or delete the "
             "column",
             r->t->ncol + 1);

    icstat_table *t = r->t;
    if (r->status) {
        for (size_t j = 0; j < r->nhdr; j++)
            free(r->hdr[j]);
        free(r->hdr);
        table_destroy(t);
        return r->status;
    }
    int nomem = 0;
    for (size_t j = 0; j < t->ncol; j++) {
        icstat_column *c = &t->cols[j];
        if (!c->is_numeric || c->n_missing == t->nrow) {
            free(c->num);
            c->num = NULL;
            c->is_numeric = 0;
        } else {
            c->num = shrink(c->num, t->nrow, sizeof *c->num, &nomem);
        }
        c->text = shrink(c->text, t->nrow, sizeof *c->text, &nomem);
    }
    t->line = shrink(t->line, t->nrow, sizeof *t->line, &nomem);
    if (nomem) {
        fail_nomem(r); /* before the table goes: r->name may be its path */
        table_destroy(t);
        return r->status;
    }
    *out = t;
    return ICSTAT_OK;
}

/* Open path ("-" is stdin, shown as <stdin>) and feed all of it to the
 * reader; the caller finishes it.  Fails only when the file cannot be
 * opened (nothing to finish then). */
static int reader_read_file(reader *r, struct csv_parser *p, const char *path, icstat_row_fn fn,
                            void *ctx, icstat_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return icstat_error_set(err, ICSTAT_EDATA, name, 0,
                                "cannot open file: %s", strerror(errno));
    reader_init(r, p, name, fn, ctx, err);
    reader_feed_file(r, p, fp);
    if (!is_stdin)
        fclose(fp);
    return ICSTAT_OK;
}

/* ---- public API --------------------------------------------------------- */

int icstat_table_read(const char *path, icstat_table **out, icstat_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return icstat_error_set(err, ICSTAT_EUSAGE, "", 0,
                                "no file name or result given");
    reader r;
    struct csv_parser p;
    int st = reader_read_file(&r, &p, path, NULL, NULL, err);
    return st != ICSTAT_OK ? st : reader_finish(&r, &p, out);
}

int icstat_table_read_buffer(const char *name, const char *buf, size_t len,
                             icstat_table **out, icstat_error *err)
{
    if (out)
        *out = NULL;
    if (!out || (!buf && len > 0))
        return icstat_error_set(err, ICSTAT_EUSAGE, name ? name : "", 0,
                                "no buffer or result given");
    reader r;
    struct csv_parser p;
    if (reader_init(&r, &p, name ? name : "<buffer>", NULL, NULL, err) ==
            ICSTAT_OK &&
        len > 0)
        reader_feed(&r, &p, buf, len);
    return reader_finish(&r, &p, out);
}

/* Each field goes to the callbacks libcsv would call with it, so the
 * table is the one the csv text of the same fields would give; only the
 * tokenising (quotes, line ends) is skipped.  The byte order mark a file
 * may start with is dropped from the first field, as reader_feed drops it
 * from the first bytes. */
int icstat_table_from_fields(const char *name, size_t ncol, size_t nrow, icstat_field_fn field,
                             void *ctx, icstat_table **out, icstat_error *err)
{
    *out = NULL;
    reader r;
    struct csv_parser p;
    char buf[FIELD_BUF];
    reader_init(&r, &p, name ? name : "<fields>", NULL, NULL, err);
    for (size_t i = 0; i <= nrow && !r.status; i++) {
        for (size_t j = 0; j < ncol && !r.status; j++) {
            const char *f = field(ctx, i, j, buf, sizeof buf);
            if (i == 0 && j == 0 && strncmp(f, "\xEF\xBB\xBF", 3) == 0) {
                f += 3;
                r.utf8_line = 1; /* the mark says UTF-8 */
            }
            on_field((void *)f, strlen(f), &r); /* read, never written */
        }
        on_row('\n', &r);
    }
    return reader_finish(&r, &p, out);
}

int icstat_table_scan(const char *path, icstat_row_fn fn, void *ctx,
                      icstat_error *err)
{
    if (!path || !fn)
        return icstat_error_set(err, ICSTAT_EUSAGE, "", 0,
                                "no file name or row function given");
    reader r;
    struct csv_parser p;
    int st = reader_read_file(&r, &p, path, fn, ctx, err);
    return st != ICSTAT_OK ? st : scan_finish(&r, &p);
}

int icstat_table_scan_1252(const char *path, const char *buf, size_t len, icstat_row_fn fn,
                           void *ctx, int *decoded, icstat_error *err)
{
    if (decoded)
        *decoded = 0;
    if (!fn || (!path && !buf && len > 0))
        return icstat_error_set(err, ICSTAT_EUSAGE, "", 0, "no input or row function given");
    reader r;
    struct csv_parser p;
    if (buf || !path) {
        reader_init(&r, &p, path ? path : "<buffer>", fn, ctx, err);
        r.allow_1252 = 1;
        if (len > 0)
            reader_feed(&r, &p, buf, len);
    } else {
        int is_stdin = strcmp(path, "-") == 0;
        FILE *fp = is_stdin ? stdin : fopen(path, "rb");
        if (!fp)
            return icstat_error_set(err, ICSTAT_EDATA, is_stdin ? "<stdin>" : path, 0,
                                    "cannot open file: %s", strerror(errno));
        reader_init(&r, &p, is_stdin ? "<stdin>" : path, fn, ctx, err);
        r.allow_1252 = 1;
        reader_feed_file(&r, &p, fp);
        if (!is_stdin)
            fclose(fp);
    }
    int st = scan_finish(&r, &p);
    if (decoded)
        *decoded = r.cp1252;
    return st;
}

int icstat_table_scan_buffer(const char *name, const char *buf, size_t len,
                             icstat_row_fn fn, void *ctx, icstat_error *err)
{
    if (!fn || (!buf && len > 0))
        return icstat_error_set(err, ICSTAT_EUSAGE, name ? name : "", 0,
                                "no buffer or row function given");
    reader r;
    struct csv_parser p;
    reader_init(&r, &p, name ? name : "<buffer>", fn, ctx, err);
    if (len > 0)
        reader_feed(&r, &p, buf, len);
    return scan_finish(&r, &p);
}

void icstat_table_free(icstat_table *t)
{
    if (t)
        table_destroy(t);
}

long icstat_table_find(const icstat_table *t, const char *name)
{
    if (!t || !name)
        return -1;
    for (size_t j = 0; j < t->ncol; j++)
        if (strcmp(t->cols[j].name, name) == 0)
            return (long)j;
    return -1;
}

int icstat_is_missing_token(const char *s)
{
    if (!s)
        return 1;
    const char *b, *e;
    trim_span(s, strlen(s), &b, &e);
    return missing_span(b, e);
}

int icstat_parse_double(const char *s, double *out)
{
    if (!s)
        return 0;
    const char *b, *e;
    trim_span(s, strlen(s), &b, &e);
    double v;
    if (!parse_span(b, e, &v))
        return 0;
    if (out)
        *out = v;
    return 1;
}

int icstat_table_need_rows(const icstat_table *t, icstat_error *err)
{
    if (t->nrow > 0)
        return ICSTAT_OK;
    return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                            "the header has no data rows below it");
}

/* Digits in groups split by ',' and '.', read the ways spreadsheets write
 * them: "3,5" (decimal comma), "1,234" and "1,234,567.5" (thousands),
 * "1.234.567" and "1.234.567,5" (European thousands).  Lists such as
 * "1,2,3" do not qualify: groups after a thousands separator have three
 * digits. */
int icstat_is_comma_number(const char *s)
{
    if (!s)
        return 0;
    const char *b, *e;
    trim_span(s, strlen(s), &b, &e);
    if (b < e && (*b == '-' || *b == '+'))
        b++;
    size_t group[64], ng = 0, len = 0;
    int sep[64];
    for (const char *p = b; p <= e; p++) {
        if (p < e && *p >= '0' && *p <= '9') {
            len++;
            continue;
        }
        if (len == 0 || ng == 64 || (p < e && *p != ',' && *p != '.'))
            return 0;
        group[ng] = len;
        sep[ng++] = p < e ? *p : '\0';
        len = 0;
    }
    size_t commas = 0, dots = 0;
    for (size_t k = 0; k + 1 < ng; k++)
        commas += sep[k] == ',', dots += sep[k] == '.';
    if (commas == 1 && dots == 0) /* "3,5" or "1,234" */
        return 1;
    if (commas == 0 && dots < 2) /* "1.5" is a number, not this */
        return 0;
    /* Thousands groups of three after a first group of one to three
     * digits, then at most one decimal separator of the other kind. */
    const int thou = sep[0], dec = thou == ',' ? '.' : ',';
    if (group[0] > 3)
        return 0;
    size_t k = 1;
    while (k < ng && sep[k - 1] == thou && group[k] == 3)
        k++;
    /* All groups read, or only a decimal part after the other separator. */
    return k == ng || (k + 1 == ng && sep[k - 1] == dec);
}

size_t icstat_utf8_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t k = (unsigned char)s[i] < 0x80 ? 1 : utf8_seq((const unsigned char *)s + i, n - i);
        if (k == 0)
            break;
        i += k;
    }
    return i;
}
