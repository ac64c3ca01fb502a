/* result.c — result tables and the five writers (text, csv, tsv, json, md). */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/result.h"
#include "icstat/strlist.h"
#include "icstat/text.h"

typedef struct {
    double num;
    char *text;
    int p; /* a p-value in a column of other numbers (icstat_result_set_p) */
} cell;

struct icstat_result {
    char *title;
    icstat_col_spec *cols;
    size_t ncol, nrow, cap;
    cell *cells;
    char **notes;
    size_t n_notes;
};

static const char *const format_names[] = {"text", "csv", "tsv", "json", "md"};

int icstat_format_lookup(const char *name)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(name, format_names[i]) == 0)
            return i;
    return -1;
}

const char *icstat_format_name(icstat_format fmt)
{
    return (unsigned)fmt < 5 ? format_names[fmt] : "?";
}

icstat_result *icstat_result_alloc(const char *title, const icstat_col_spec *cols, size_t ncol)
{
    icstat_result *res = calloc(1, sizeof *res);
    if (!res)
        return NULL;
    res->ncol = ncol;
    res->title = strdup(title ? title : "");
    res->cols = malloc(ncol * sizeof *res->cols);
    if (!res->title || !res->cols) {
        icstat_result_free(res);
        return NULL;
    }
    memcpy(res->cols, cols, ncol * sizeof *cols);
    return res;
}

void icstat_result_free(icstat_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nrow * res->ncol; i++)
        free(res->cells[i].text);
    icstat_strlist_free(&res->notes, &res->n_notes);
    free(res->cells);
    free(res->cols);
    free(res->title);
    free(res);
}

long icstat_result_add_row(icstat_result *res)
{
    if (res->nrow == res->cap) {
        size_t cap = res->cap ? 2 * res->cap : 16;
        cell *c = realloc(res->cells, cap * res->ncol * sizeof *c);
        if (!c)
            return -1;
        res->cells = c;
        res->cap = cap;
    }
    cell *row = res->cells + res->nrow * res->ncol;
    for (size_t j = 0; j < res->ncol; j++)
        row[j] = (cell){NAN, NULL, 0};
    return (long)res->nrow++;
}

void icstat_result_set_num(icstat_result *res, size_t row, size_t col, double v)
{
    res->cells[row * res->ncol + col].num = v;
    res->cells[row * res->ncol + col].p = 0;
}

void icstat_result_set_p(icstat_result *res, size_t row, size_t col, double v)
{
    res->cells[row * res->ncol + col].num = v;
    res->cells[row * res->ncol + col].p = 1;
}

double icstat_result_num(const icstat_result *res, size_t row, size_t col)
{
    return res->cells[row * res->ncol + col].num;
}

const char *icstat_result_text(const icstat_result *res, size_t row, size_t col)
{
    return res->cells[row * res->ncol + col].text;
}

int icstat_result_set_text(icstat_result *res, size_t row, size_t col, const char *s)
{
    cell *c = &res->cells[row * res->ncol + col];
    free(c->text);
    c->text = NULL;
    if (s && !(c->text = strdup(s)))
        return -1;
    return 0;
}

int icstat_result_add_note(icstat_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = icstat_strlist_vaddf(&res->notes, &res->n_notes, fmt, ap);
    va_end(ap);
    return st;
}

size_t icstat_result_n_notes(const icstat_result *res)
{
    return res->n_notes;
}

const char *icstat_result_note(const icstat_result *res, size_t i)
{
    return res->notes[i];
}

/* ---- cell rendering ---------------------------------------------------- */

/* A cell as people read it (text, md): rounded, NA when undefined; a
 * p-value, by its column or its own flag, "<0.0001" below the display
 * floor (csv, tsv and json keep the number: cell_machine). */
static void cell_human(const icstat_col_spec *spec, const cell *c, char *buf, size_t len)
{
    const icstat_col_kind kind = c->p && spec->kind == ICSTAT_COL_NUM ? ICSTAT_COL_P
                                                                       : spec->kind;
    if (len)
        buf[0] = '\0'; /* a kind outside the enum writes nothing */
    switch (kind) {
    case ICSTAT_COL_TEXT:
        /* A text longer than the cell is cut between characters, marked. */
        icstat_value_excerpt(c->text ? c->text : "NA", buf, len);
        return;
    case ICSTAT_COL_INT:
        if (isnan(c->num))
            snprintf(buf, len, "NA");
        else /* -0 (a count read as "-0", or -0.3 rounded) is 0 */
            snprintf(buf, len, "%.0f", fabs(c->num) < 0.5 ? 0.0 : c->num);
        return;
    case ICSTAT_COL_P:
        if (isnan(c->num))
            snprintf(buf, len, "NA");
        else if (c->num < 0.0001)
            snprintf(buf, len, "<0.0001");
        else
            snprintf(buf, len, "%.4f", c->num);
        return;
    case ICSTAT_COL_NUM:
        if (isnan(c->num))
            snprintf(buf, len, "NA");
        else {
            /* -0.0000 reads as a sign error; print 0 with its decimals. */
            double v = c->num;
            int d = spec->digits;
            if (fabs(v) < 0.5 * pow(10.0, -d))
                v = 0.0;
            snprintf(buf, len, "%.*f", d, v);
        }
        return;
    }
}

/* %.10g of a whole number under 10^10 in magnitude is its digits (ten
 * significant digits hold it exactly, so no exponent and no point): a
 * fast path for the counts, codes and grades that fill machine output,
 * where printf's floating-point formatting dominated the time.  0 when
 * v is not such a number (or buf is too small); -0 gives "0". */
static int whole_number(double v, char *buf, size_t len)
{
    if (!(fabs(v) < 1e10) || v != floor(v) || len < 12)
        return 0;
    char digits[12];
    size_t k = 0, o = 0;
    unsigned long long u = (unsigned long long)fabs(v);
    do
        digits[k++] = (char)('0' + (int)(u % 10));
    while ((u /= 10) > 0);
    if (v < 0.0)
        buf[o++] = '-';
    while (k > 0)
        buf[o++] = digits[--k];
    buf[o] = '\0';
    return 1;
}

/* A cell for machines: full precision, `na` when undefined. */
static void cell_machine(const icstat_col_spec *spec, const cell *c, char *buf, size_t len,
                         const char *na)
{
    if (spec->kind == ICSTAT_COL_TEXT)
        snprintf(buf, len, "%s", c->text ? c->text : na);
    else if (isnan(c->num))
        snprintf(buf, len, "%s", na);
    else if (isinf(c->num))
        snprintf(buf, len, "%s", c->num > 0 ? "Inf" : "-Inf");
    else if (!whole_number(c->num == 0.0 ? 0.0 : c->num, buf, len))
        /* -0.0 (from "-0" in a file, or a product like -1 * 0) prints as 0 */
        snprintf(buf, len, "%.10g", c->num == 0.0 ? 0.0 : c->num);
}

void icstat_csv_put_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* TSV has no quoting: tabs and line breaks inside a field become spaces. */
static void put_tsv_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", f);
        else if (ch == '\r')
            fputs("\\r", f);
        else if (ch == '\t')
            fputs("\\t", f);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

/* Markdown cells: a pipe would end the cell. */
static void put_md_field(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
}

size_t icstat_result_nrow(const icstat_result *res)
{
    return res->nrow;
}

size_t icstat_result_ncol(const icstat_result *res)
{
    return res->ncol;
}

const char *icstat_result_col_name(const icstat_result *res, size_t col)
{
    return res->cols[col].name;
}

/* Text goes out whole (an imported field may be megabytes), not through
 * buf. */
const char *icstat_result_csv_field(const icstat_result *res, size_t row, size_t col, char *buf,
                                    size_t len)
{
    const cell *c = &res->cells[row * res->ncol + col];
    if (res->cols[col].kind == ICSTAT_COL_TEXT && c->text)
        return c->text;
    cell_machine(&res->cols[col], c, buf, len, "NA");
    return buf;
}

/* ---- writers ------------------------------------------------------------ */

#define CELL_MAX 512

static void write_delimited(const icstat_result *res, FILE *f, int tsv)
{
    char buf[CELL_MAX];
    for (size_t j = 0; j < res->ncol; j++) {
        if (j)
            fputc(tsv ? '\t' : ',', f);
        (tsv ? put_tsv_field : icstat_csv_put_field)(f, res->cols[j].name);
    }
    fputc('\n', f);
    for (size_t i = 0; i < res->nrow; i++) {
        for (size_t j = 0; j < res->ncol; j++) {
            if (j)
                fputc(tsv ? '\t' : ',', f);
            const char *s = icstat_result_csv_field(res, i, j, buf, sizeof buf);
            (tsv ? put_tsv_field : icstat_csv_put_field)(f, s);
        }
        fputc('\n', f);
    }
}

static void write_json(const icstat_result *res, FILE *f)
{
    char buf[CELL_MAX];
    fputs("{\n  \"title\": ", f);
    put_json_string(f, res->title);
    fputs(",\n  \"rows\": [", f);
    for (size_t i = 0; i < res->nrow; i++) {
        fputs(i ? ",\n    {" : "\n    {", f);
        for (size_t j = 0; j < res->ncol; j++) {
            const icstat_col_spec *spec = &res->cols[j];
            const cell *c = &res->cells[i * res->ncol + j];
            if (j)
                fputs(", ", f);
            put_json_string(f, spec->name);
            fputs(": ", f);
            if (spec->kind == ICSTAT_COL_TEXT) {
                if (c->text)
                    put_json_string(f, c->text);
                else
                    fputs("null", f);
            } else {
                /* JSON has no infinity; report it as null like NaN. */
                cell_machine(spec, c, buf, sizeof buf, "null");
                fputs(isinf(c->num) ? "null" : buf, f);
            }
        }
        fputc('}', f);
    }
    fputs(res->nrow ? "\n  ],\n  \"notes\": [" : "],\n  \"notes\": [", f);
    for (size_t i = 0; i < res->n_notes; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        put_json_string(f, res->notes[i]);
    }
    fputs(res->n_notes ? "\n  ]\n}\n" : "]\n}\n", f);
}

/* Width of a UTF-8 string in columns: count the bytes that start a character. */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* -1 when out of memory, before anything is written. */
static int write_text(const icstat_result *res, FILE *f)
{
    const size_t nc = res->ncol, nr = res->nrow;
    size_t *width = calloc(nc ? nc : 1, sizeof *width);
    char *text = malloc((nr * nc + 1) * CELL_MAX);
    if (!width || !text) {
        free(width);
        free(text);
        return -1;
    }
    for (size_t j = 0; j < nc; j++)
        width[j] = display_width(res->cols[j].name);
    for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < nc; j++) {
            char *t = text + (i * nc + j) * CELL_MAX;
            cell_human(&res->cols[j], &res->cells[i * nc + j], t, CELL_MAX);
            size_t w = display_width(t);
            if (w > width[j])
                width[j] = w;
        }
    if (res->title[0])
        fprintf(f, "%s\n\n", res->title);
    for (int pass = 0; pass < (int)nr + 2; pass++) {
        for (size_t j = 0; j < nc; j++) {
            const char *t;
            char rule[CELL_MAX];
            if (pass == 0)
                t = res->cols[j].name;
            else if (pass == 1) {
                size_t w = width[j] < CELL_MAX - 1 ? width[j] : CELL_MAX - 1;
                memset(rule, '-', w);
                rule[w] = '\0';
                t = rule;
            } else
                t = text + ((size_t)(pass - 2) * nc + j) * CELL_MAX;
            size_t pad = width[j] - display_width(t);
            int right = res->cols[j].kind != ICSTAT_COL_TEXT;
            if (j)
                fputs("  ", f);
            if (right)
                fprintf(f, "%*s", (int)pad, "");
            fputs(t, f);
            if (!right && j + 1 < nc)
                fprintf(f, "%*s", (int)pad, "");
        }
        fputc('\n', f);
    }
    for (size_t i = 0; i < res->n_notes; i++)
        fprintf(f, "%s%s\n", i ? "" : "\n", res->notes[i]);
    free(width);
    free(text);
    return 0;
}

static void write_md(const icstat_result *res, FILE *f)
{
    char buf[CELL_MAX];
    if (res->title[0])
        fprintf(f, "**%s**\n\n", res->title);
    fputc('|', f);
    for (size_t j = 0; j < res->ncol; j++) {
        fputc(' ', f);
        put_md_field(f, res->cols[j].name);
        fputs(" |", f);
    }
    fputs("\n|", f);
    for (size_t j = 0; j < res->ncol; j++)
        fputs(res->cols[j].kind == ICSTAT_COL_TEXT ? " --- |" : " ---: |", f);
    fputc('\n', f);
    for (size_t i = 0; i < res->nrow; i++) {
        fputc('|', f);
        for (size_t j = 0; j < res->ncol; j++) {
            cell_human(&res->cols[j], &res->cells[i * res->ncol + j], buf, sizeof buf);
            fputc(' ', f);
            put_md_field(f, buf);
            fputs(" |", f);
        }
        fputc('\n', f);
    }
    for (size_t i = 0; i < res->n_notes; i++)
        fprintf(f, "%s- %s\n", i ? "" : "\n", res->notes[i]);
}

int icstat_result_write(const icstat_result *res, FILE *f, icstat_format fmt)
{
    switch (fmt) {
    case ICSTAT_FMT_CSV:
        write_delimited(res, f, 0);
        break;
    case ICSTAT_FMT_TSV:
        write_delimited(res, f, 1);
        break;
    case ICSTAT_FMT_JSON:
        write_json(res, f);
        break;
    case ICSTAT_FMT_MD:
        write_md(res, f);
        break;
    default:
        if (write_text(res, f) != 0)
            return ICSTAT_ENOMEM;
    }
    return ferror(f) ? ICSTAT_EIO : ICSTAT_OK;
}
