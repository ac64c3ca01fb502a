/* chart_quote.c — every text that reaches a chart's script or its data: a
 * growing buffer, and the writers that keep gnuplot from running anything
 * in a text (titles, names from the csv, file names) or from misreading a
 * field of the .dat (chart_internal.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

static void buf_vprintf(chart_buf *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return;
    va_list aq;
    va_copy(aq, ap);
    /* aq is initialised by va_copy (the analyzer misses it). */
    int n = vsnprintf(NULL, 0, fmt, aq); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(aq);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void chart_printf(chart_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void chart_buf_free(chart_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* gnuplot 5.4 runs what is between backquotes inside a double-quoted
 * string (and outside any string), replaces @name outside strings with the
 * variable's text before it scans the line (so a macro brings back the
 * backquotes that an escape kept out; it tracks quotes by rules of its own,
 * and no '@' is left raw so as not to depend on them), and reads a line
 * that ends in a backslash together with the next.  Its single-quoted
 * strings do none of that but cannot hold every text: its scanner ends one
 * at a quote doubled right after the opening quote or after another
 * doubled one ('''a' and 'a''''b' do not parse), and they have no way to
 * write a line break.  So every string is double-quoted with each character that could
 * act written as an escape that the scanner skips and that only
 * parse_esc() (src/util.c) turns back into the character, after the
 * backquotes and macros are done: \\, \", \n, \r, \t, and in octal ` (\140)
 * and @ (\100).  A control character below 64 takes four octal digits
 * (\0001): after a backslash and 0, gnuplot reads up to four, so a digit
 * that follows is not taken in.  Nothing raw is left for the scanner but
 * the text's printable characters (and bytes of UTF-8), and the string
 * always ends on the closing quote. */
static void quote_string(chart_buf *b, const char *s, int exact)
{
    chart_printf(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const unsigned char ch = *p;
        if (ch == '\\' || ch == '"')
            chart_printf(b, "\\%c", ch);
        else if (ch == '\n')
            chart_printf(b, "\\n");
        else if (ch == '`' || ch == '@')
            chart_printf(b, "\\%03o", ch);
        else if (!exact && (ch < 32 || ch == 127))
            chart_printf(b, " ");
        else if (ch == '\r')
            chart_printf(b, "\\r");
        else if (ch == '\t')
            chart_printf(b, "\\t");
        else if (ch < 32)
            chart_printf(b, "\\0%03o", ch);
        else if (ch == 127)
            chart_printf(b, "\\177");
        else
            chart_printf(b, "%c", ch);
    }
    chart_printf(b, "\"");
}

void chart_quote(chart_buf *b, const char *s)
{
    quote_string(b, s, 0);
}

void chart_quote_name(chart_buf *b, const char *s)
{
    quote_string(b, s, 1);
}

/* gnuplot prints a tic label that holds a '%' as a format, with the tic's
 * position as its argument ("Top 10% schools" drew as "Top 10 1.000000chools"
 * and "50% done" failed), into a buffer of 49 bytes (gen_tics, MAX_ID_LEN).
 * So each '%' is doubled, and such a label longer than 49 bytes is cut
 * (between UTF-8 characters) and ends in an ellipsis, as gnuplot would
 * otherwise cut it without one.  A label without '%' is printed whole. */
void chart_quote_tic(chart_buf *b, const char *s)
{
    enum { TIC_MAX = 49 };
    if (!strchr(s, '%')) {
        chart_quote(b, s);
        return;
    }
    char text[4 * TIC_MAX + 8];
    size_t len = strlen(s), keep = len;
    if (len > TIC_MAX) {
        keep = TIC_MAX - 3; /* room for the ellipsis, 3 bytes in UTF-8 */
        while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
            keep--;
    }
    size_t o = 0;
    for (size_t i = 0; i < keep; i++) {
        if (s[i] == '%')
            text[o++] = '%';
        text[o++] = s[i];
    }
    if (keep < len) {
        memcpy(text + o, "\xe2\x80\xa6", 3);
        o += 3;
    }
    text[o] = '\0';
    chart_quote(b, text);
}

void chart_comment(chart_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n')
            chart_printf(b, "\\n");
        else if (*p == '\r')
            chart_printf(b, "\\r");
        else if (*p == '\t')
            chart_printf(b, "\\t");
        else if (*p < 32 || *p == 127 || (*p == '\\' && !p[1]))
            chart_printf(b, "\\%03o", *p);
        else
            chart_printf(b, "%c", *p);
    }
}

void chart_dat_text(chart_buf *b, const char *s)
{
    if (!s) {
        chart_printf(b, "NA");
        return;
    }
    /* gnuplot skips a line whose first character after blanks is '#' (or,
     * with some builds, '!'): such a field is quoted, which gnuplot reads
     * as one field whichever column it is in. */
    const char *t = s + strspn(s, " ");
    const int quote = *t == '#' || *t == '!';
    if (quote)
        chart_printf(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        chart_printf(b, "%c", *p < 32 || *p == 127 ? ' ' : *p == '"' ? '\'' : *p);
    if (quote)
        chart_printf(b, "\"");
}

void chart_dat_num(chart_buf *b, double x)
{
    if (isfinite(x))
        chart_printf(b, "%.10g", x);
    else
        chart_printf(b, "NA");
}

void chart_dat_nums(chart_buf *b, const double *v, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        chart_printf(b, "\t");
        chart_dat_num(b, v[j]);
    }
}
