/* chart.c — what every chart shares: names of kinds and formats, text
 * metrics and labels, the palette, input checks, the layout of title and
 * notes, and putting the script together, writing OUT.gp and OUT.dat and
 * running gnuplot (chart.h). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "chart_internal.h"
#include "icstat/cleanup.h"
#include "icstat/outfile.h"
#include "icstat/spawn.h"
#include "icstat/strlist.h"
#include "icstat/text.h"
#include "icstat/version.h"
#include "icstat/sort.h"

/* ---- Kinds and formats ---------------------------------------------------- */

static const struct {
    const char *name;
    int (*build)(chart_ctx *c);
    const char *source; /* the command whose csv the kind reads */
} kinds[ICSTAT_CHART_NKINDS] = {
    [ICSTAT_CHART_STACKED] = {"stacked", chart_build_stacked, "describe"},
    [ICSTAT_CHART_FOREST] = {"forest", chart_build_forest, "fit"},
    [ICSTAT_CHART_CATERPILLAR] = {"caterpillar", chart_build_caterpillar, "fit --effects"},
    [ICSTAT_CHART_AGREEMENT] = {"agreement", chart_build_agreement, "agree"},
    [ICSTAT_CHART_HEATMAP] = {"heatmap", chart_build_heatmap, "agree --table"},
    [ICSTAT_CHART_PROPORTIONS] = {"proportions", chart_build_proportions,
                                  "describe --proportions"},
    [ICSTAT_CHART_POWER] = {"power", chart_build_power, "power"},
};

int icstat_chart_kind_lookup(const char *name)
{
    for (int k = 0; k < ICSTAT_CHART_NKINDS; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return k;
    return -1;
}

const char *icstat_chart_kind_name(icstat_chart_kind kind)
{
    return (unsigned)kind < ICSTAT_CHART_NKINDS ? kinds[kind].name : "?";
}

int icstat_chart_format_from_path(const char *path)
{
    if (icstat_has_suffix(path, ".svg"))
        return ICSTAT_CHART_SVG;
    if (icstat_has_suffix(path, ".png"))
        return ICSTAT_CHART_PNG;
    if (icstat_has_suffix(path, ".pdf"))
        return ICSTAT_CHART_PDF;
    return -1;
}

/* One dimension of --size: digits only, 200 to 4000. */
static int parse_dim(const char *s, size_t n, unsigned *out)
{
    if (n == 0 || n > 4)
        return -1;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v < 200 || v > 4000)
        return -1;
    *out = v;
    return 0;
}

int icstat_chart_parse_size(const char *s, unsigned *w, unsigned *h)
{
    const char *x = strchr(s, 'x');
    unsigned a, b;
    if (!x || parse_dim(s, (size_t)(x - s), &a) != 0 || parse_dim(x + 1, strlen(x + 1), &b) != 0)
        return -1;
    *w = a;
    *h = b;
    return 0;
}

/* ---- Text -------------------------------------------------------------- */

/* Arial's advance widths (in 1/1000 em) for ASCII 32-126; Liberation Sans
 * and Helvetica share them, so the estimate holds wherever the chart is
 * drawn with any of the three. */
static const unsigned short arial_width[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /*  !"#$%&'()*+,-./ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                               /* 0-9 */
    278, 278, 584, 584, 584, 556, 1015,                                             /* :;<=>?@ */
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,                /* A-M */
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,                /* N-Z */
    278, 278, 278, 469, 556, 333,                                                   /* [\]^_` */
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,                /* a-m */
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,                /* n-z */
    334, 260, 334, 584,                                                             /* {|}~ */
};

double icstat_chart_text_width(const char *s, double px, int bold)
{
    double em = 0.0, line = 0.0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') {
            em = line > em ? line : em;
            line = 0.0;
        } else if (*p >= 32 && *p <= 126) {
            line += arial_width[*p - 32];
        } else if (*p < 32 || *p == 127) { /* shown as a space (chart_quote) */
            line += arial_width[0];
        } else if (p[0] == 0xC2 && p[1] == 0xA0) { /* a no-break space */
            line += 278;
            p++;
        } else if ((*p & 0xC0) != 0x80) { /* a character outside ASCII */
            line += 556;
        }
    }
    em = line > em ? line : em;
    /* Arial Bold is about 8% wider on average. */
    return em / 1000.0 * px * (bold ? 1.08 : 1.0);
}

char *icstat_chart_pretty_label(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(2 * n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int eq = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') {
            out[o++] = ' ';
        } else if (s[i] == '=' && !eq) {
            /* "role=OI" is the level OI of the term role. */
            eq = 1;
            out[o++] = ':';
            out[o++] = ' ';
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

char *icstat_chart_coefficient_name(const char *coefficient, const char *weights)
{
    static const struct {
        const char *name, *plain;
    } names[] = {
        {"percent_agreement", "Percent agreement"},
        {"cohen_kappa", "Cohen's kappa"},
        {"scott_pi", "Scott's pi"},
        {"pabak", "PABAK"},
        {"fleiss_kappa", "Fleiss' kappa"},
        {"conger_kappa", "Conger's kappa"},
        {"gwet_ac", "Gwet's AC1"},
        {"brennan_prediger", "Brennan-Prediger"},
        {"krippendorff_alpha", "Krippendorff's alpha"},
        {"krippendorff_alpha_metric", "Krippendorff's alpha"},
        {"icc_1_1", "ICC(1,1)"},
        {"icc_2_1", "ICC(2,1)"},
        {"icc_3_1", "ICC(3,1)"},
        {"icc_1_k", "ICC(1,k)"},
        {"icc_2_k", "ICC(2,k)"},
        {"icc_3_k", "ICC(3,k)"},
    };
    const int weighted = weights && *weights && strcmp(weights, "identity") != 0;
    const int metric = strcmp(coefficient, "krippendorff_alpha_metric") == 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(coefficient, names[i].name) != 0)
            continue;
        const char *plain = names[i].plain;
        if (strcmp(coefficient, "gwet_ac") == 0 && weighted)
            plain = "Gwet's AC2";
        size_t len = strlen(plain) + (weights ? strlen(weights) : 0) + 24;
        char *out = malloc(len);
        if (!out)
            return NULL;
        if (metric && weights && *weights)
            snprintf(out, len, "%s (%s metric)", plain, weights);
        else if (weighted && strncmp(coefficient, "icc_", 4) != 0)
            snprintf(out, len, "%s (%s weights)", plain, weights);
        else
            snprintf(out, len, "%s", plain);
        return out;
    }
    return icstat_chart_pretty_label(coefficient);
}

char *icstat_chart_wrap(const char *s, double max_px, double px, int bold, size_t *lines)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    memcpy(out, s, n + 1);
    size_t nl = 1;
    /* Greedy: keep a space while the line still fits, else break there. */
    char *line = out;
    char *last_space = NULL;
    for (char *p = out;; p++) {
        if (*p == '\n') {
            line = p + 1;
            last_space = NULL;
            nl++;
            continue;
        }
        if (*p != ' ' && *p != '\0')
            continue;
        char keep = *p;
        *p = '\0';
        double w = icstat_chart_text_width(line, px, bold);
        *p = keep;
        if (w > max_px && last_space) {
            *last_space = '\n';
            line = last_space + 1;
            nl++;
            /* The word just measured starts the new line; measure it again. */
            last_space = NULL;
            p = line - 1;
            continue;
        }
        if (!*p)
            break;
        last_space = p;
    }
    if (lines)
        *lines = nl;
    return out;
}

void icstat_chart_format_count(double x, char *buf, size_t len)
{
    if (!isfinite(x)) {
        snprintf(buf, len, "NA");
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(x));
    size_t nd = strlen(digits), o = 0;
    char tmp[96];
    if (x < 0 && nd && strcmp(digits, "0") != 0)
        tmp[o++] = '-';
    for (size_t i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0)
            tmp[o++] = ',';
        tmp[o++] = digits[i];
    }
    tmp[o] = '\0';
    snprintf(buf, len, "%s", tmp);
}

double icstat_chart_level_round(double level)
{
    return round(level * 1000.0) / 1000.0;
}

/* ---- Buffers ------------------------------------------------------------ */

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

/* ---- Palette -------------------------------------------------------------- */

const char *chart_ordered_colour(size_t k, size_t i)
{
    /* Blue for the first (best) category, vermillion for the last (worst),
     * the light colours between; beyond five the remaining palette. */
    static const char *const by_k[8][8] = {
        {CHART_BLUE},
        {CHART_BLUE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_ORANGE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_GREEN, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_GREEN, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION,
         CHART_PURPLE},
        {CHART_BLUE, CHART_SKY, CHART_GREEN, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION,
         CHART_PURPLE, CHART_BLACK},
    };
    if (k < 1 || k > 8 || i >= k)
        return CHART_BLACK;
    return by_k[k - 1][i];
}

const char *chart_series_colour(size_t i)
{
    /* plots/icstat-style.gp gives gnuplot's linetypes 1-8 these colours
     * (tests/unit/test_style.c keeps the two the same). */
    static const char *const series[8] = {
        CHART_BLUE, CHART_ORANGE, CHART_GREEN, CHART_PURPLE,
        CHART_SKY,  CHART_VERMILLION, CHART_YELLOW, CHART_BLACK,
    };
    return i < 8 ? series[i] : CHART_BLACK;
}

const char *chart_text_on(const char *fill)
{
    /* Black text has the better contrast on every Okabe-Ito colour but
     * these two. */
    return strcmp(fill, CHART_BLUE) == 0 || strcmp(fill, CHART_BLACK) == 0 ? "#ffffff"
                                                                            : "#000000";
}

/* ---- Input ---------------------------------------------------------------- */

long chart_col_opt(const chart_ctx *c, const char *name)
{
    return icstat_table_find(c->t, name);
}

/* What a csv with these columns came from, and the kind that charts it. */
static const struct {
    const char *cols[3];
    const char *command;
    const char *kind; /* NULL: no chart kind reads it */
} looks[] = {
    {{"kind", "term", "estimate"}, "icstat fit", "forest"},
    {{"group", "effect", "rank"}, "icstat fit --effects", "caterpillar"},
    {{"level", "category", "probability"}, "icstat fit --margins", NULL},
    {{"row_category", "column_category", "count"}, "icstat agree --table", "heatmap"},
    {{"coefficient", "half_width", "schools_needed"}, "icstat power agree --half-width", NULL},
    {{"n", "coefficient", "mean_half_width"}, "icstat power agree", "power"},
    {{"inspections", "inspectors", "power"}, "icstat power fit", "power"},
    {{"coefficient", "estimate", "ci_low"}, "icstat agree", "agreement"},
    {{"measure", "category", "reference"}, "icstat describe --compare", NULL},
    {{"group", "category", "percent"}, "icstat describe", "stacked"},
    {{"label", "total", "percent"}, "icstat describe --proportions", "proportions"},
};

long chart_col(chart_ctx *c, const char *name)
{
    long j = icstat_table_find(c->t, name);
    if (j >= 0)
        return j;
    const char *kind = kinds[c->spec->kind].name;
    for (size_t i = 0; i < sizeof looks / sizeof *looks; i++) {
        int all = 1;
        for (size_t k = 0; k < 3; k++)
            all = all && icstat_table_find(c->t, looks[i].cols[k]) >= 0;
        if (!all)
            continue;
        if (looks[i].kind && strcmp(looks[i].kind, kind) == 0)
            break; /* the right file with a column missing: say what it needs */
        if (looks[i].kind)
            icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 1,
                             "chart %s needs column '%s' (this looks like the output of %s: "
                             "chart it with 'icstat chart %s')",
                             kind, name, looks[i].command, looks[i].kind);
        else
            icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 1,
                             "chart %s needs column '%s' (this looks like the output of %s, "
                             "which no chart kind draws)",
                             kind, name, looks[i].command);
        return -1;
    }
    icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 1,
                     "chart %s needs column '%s' (it reads the csv of icstat %s)", kind, name,
                     kinds[c->spec->kind].source);
    return -1;
}

int chart_check_numeric(chart_ctx *c, long j)
{
    const icstat_column *col = &c->t->cols[j];
    if (col->is_numeric || col->n_missing == c->t->nrow)
        return ICSTAT_OK;
    for (size_t i = 0; i < c->t->nrow; i++) {
        double x;
        if (col->text[i] && !icstat_parse_double(col->text[i], &x))
            return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, c->t->line[i],
                                    "column '%s' has '%s', which is not a number", col->name,
                                    col->text[i]);
    }
    return ICSTAT_OK;
}

int chart_check_values(chart_ctx *c, const long *cols, size_t n, long jl, long jh)
{
    for (size_t j = 0; j < n; j++)
        if (cols[j] >= 0 && chart_check_numeric(c, cols[j]) != ICSTAT_OK)
            return ICSTAT_EDATA;
    if (jl < 0 || jh < 0)
        return ICSTAT_OK;
    for (size_t i = 0; i < c->t->nrow; i++) {
        const double lo = chart_val(c, jl, i), hi = chart_val(c, jh, i);
        /* Tolerance for intervals written with fewer digits than kept. */
        if (lo > hi + 1e-9 * (1.0 + fabs(hi)))
            return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, c->t->line[i],
                                    "ci_low %.10g is above ci_high %.10g", lo, hi);
    }
    return ICSTAT_OK;
}

double chart_val(const chart_ctx *c, long j, size_t i)
{
    const icstat_column *col = &c->t->cols[j];
    return col->num ? col->num[i] : NAN;
}

const char *chart_text(const chart_ctx *c, long j, size_t i)
{
    return c->t->cols[j].text[i];
}

long chart_line(const chart_ctx *c, size_t i)
{
    return c->t->line[i];
}

const char *chart_label_for(const chart_ctx *c, const char *value)
{
    const icstat_chart_spec *s = c->spec;
    size_t n = strlen(value);
    for (size_t i = 0; i < s->n_labels; i++) {
        const char *eq = strchr(s->labels[i], '=');
        if (eq && (size_t)(eq - s->labels[i]) == n && strncmp(s->labels[i], value, n) == 0)
            return eq + 1;
    }
    int former = 0;
    const long j = s->scale ? icstat_scale_find(s->scale, value, &former) : -1;
    return j >= 0 ? icstat_scale_label(s->scale, (size_t)j, former) : value;
}

/* Where text sits on scale s: its category, or for values merged with '+'
 * the first one's; codes count only with `codes` (the scale was named).
 * -1 when some part is not on the scale. */
static long scale_position(const icstat_scale *s, const char *text, int codes)
{
    long first = -1;
    for (const char *p = text;;) {
        const char *plus = strchr(p, '+');
        const size_t len = plus ? (size_t)(plus - p) : strlen(p);
        char part[128];
        if (len >= sizeof part)
            return -1;
        memcpy(part, p, len);
        part[len] = '\0';
        const long j = codes ? icstat_scale_find(s, part, NULL) : icstat_scale_word(s, part, NULL);
        if (j < 0)
            return -1;
        first = first < 0 || j < first ? j : first;
        if (!plus)
            return first;
        p = plus + 1;
    }
}

int chart_order_categories(const chart_ctx *c, char **cats, size_t n)
{
    const icstat_scale *named = c->spec->scale;
    for (size_t i = 0; i <= icstat_scale_count(); i++) {
        /* The named scale first, then each known scale by its words. */
        const icstat_scale *s = i == 0 ? named : icstat_scale_get(i - 1);
        int all = s != NULL && n > 0;
        for (size_t k = 0; k < n && all; k++)
            all = scale_position(s, cats[k], s == named) >= 0;
        if (!all)
            continue;
        /* A stable insertion sort: a handful of categories, and two on one
         * place ("2" and "Good" with --labels ofsted) keep their order. */
        for (size_t k = 1; k < n; k++) {
            char *x = cats[k];
            const long px = scale_position(s, x, s == named);
            size_t m = k;
            for (; m > 0 && scale_position(s, cats[m - 1], s == named) > px; m--)
                cats[m] = cats[m - 1];
            cats[m] = x;
        }
        return 1;
    }
    for (size_t k = 0; k < n; k++)
        if (!icstat_parse_double(cats[k], NULL))
            return 0;
    return 1;
}

void chart_level_text(double level, char *buf, size_t len)
{
    snprintf(buf, len, "%.4g%%", 100.0 * icstat_chart_level_round(level));
}

int chart_settle_level(chart_ctx *c, double *q, size_t n, const char *columns)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(q[i]) && q[i] > 0.0 && q[i] < 1.0)
            q[m++] = q[i];
    if (m == 0) {
        c->level = c->spec->conf;
        return ICSTAT_OK;
    }
    qsort(q, m, sizeof *q, icstat_cmp_double);
    const double med = m % 2 ? q[m / 2] : 0.5 * (q[m / 2 - 1] + q[m / 2]);
    c->level = icstat_chart_level_round(med);
    if (c->spec->conf_given && fabs(c->level - c->spec->conf) > 0.0015) {
        char a[32], b[32];
        chart_level_text(c->level, a, sizeof a);
        chart_level_text(c->spec->conf, b, sizeof b);
        return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                "the intervals in %s are %s intervals, not the %s of --conf; "
                                "leave --conf out to use theirs",
                                columns, a, b);
    }
    return ICSTAT_OK;
}

/* ---- Layout ----------------------------------------------------------------- */

int chart_set_text(char **dst, const char *given, const char *fallback)
{
    free(*dst);
    *dst = strdup(given ? given : fallback ? fallback : "");
    return *dst ? 0 : -1;
}

int chart_subtitle(chart_ctx *c, const char *facts, const char **footer)
{
    *footer = c->spec->subtitle && facts && *facts ? facts : NULL;
    return chart_set_text(&c->subtitle, c->spec->subtitle, facts);
}

void chart_font(const chart_ctx *c, chart_buf *b, double px, int bold)
{
    /* "Arial Bold": the svg terminal turns " Bold" into font-weight="bold",
     * and pango reads it as the bold face. */
    chart_printf(b, "\"Arial%s,%g\"", bold ? " Bold" : "", px * c->pt_per_px);
}

double chart_figures_x(double right)
{
    return right + icstat_chart_text_width("  ", CHART_PX_SMALL, 0);
}

double chart_sx(const chart_ctx *c, double x)
{
    return x / c->W;
}

double chart_sy(const chart_ctx *c, double y)
{
    return 1.0 - y / c->H;
}

/* A label of one or more lines whose first line is centred vertically on
 * pixel row y (gnuplot sets the further lines below it). */
static void screen_label(chart_ctx *c, const char *var, double x, double y, double px, int bold,
                         const char *colour)
{
    chart_printf(&c->body, "set label %s at screen %.4f, screen %.4f left font ", var,
                 chart_sx(c, x), chart_sy(c, y));
    chart_font(c, &c->body, px, bold);
    chart_printf(&c->body, " textcolor rgb \"%s\" front\n", colour);
}

/* Re-wrap *text to the width; -1 when out of memory.  *lines set. */
static int rewrap(char **text, double width, double px, int bold, size_t *lines)
{
    char *w = icstat_chart_wrap(*text, width, px, bold, lines);
    if (!w)
        return -1;
    free(*text);
    *text = w;
    return 0;
}

double chart_header(chart_ctx *c)
{
    const double width = c->W - 2.0 * CHART_PAD;
    double y = CHART_PAD;
    size_t lines = 0;
    chart_printf(&c->body, "# Title and subtitle, top left.\n");
    if (c->title[0]) {
        if (rewrap(&c->title, width, CHART_PX_TITLE, 1, &lines) != 0)
            c->body.failed = 1;
        screen_label(c, "TITLE", CHART_PAD, y + 0.6 * CHART_PX_TITLE, CHART_PX_TITLE, 1,
                     "#000000");
        y += (double)lines * c->lh * CHART_PX_TITLE + 4.0;
    }
    if (c->subtitle[0]) {
        if (rewrap(&c->subtitle, width, CHART_PX_SUB, 0, &lines) != 0)
            c->body.failed = 1;
        screen_label(c, "SUBTITLE", CHART_PAD, y + 0.6 * CHART_PX_SUB, CHART_PX_SUB, 0,
                     "#333333");
        y += (double)lines * c->lh * CHART_PX_SUB;
    }
    return y + 10.0;
}

double chart_footer(chart_ctx *c, const char *const *extra, size_t n)
{
    const double width = c->W - 2.0 * CHART_PAD;
    const double step = c->lh * CHART_PX_SMALL;
    size_t lines = 0;
    double y = c->H - CHART_PAD;
    chart_printf(&c->body, "# The source, bottom left.\n");
    if (c->note[0]) {
        if (rewrap(&c->note, width, CHART_PX_SMALL, 0, &lines) != 0)
            c->body.failed = 1;
        y -= (double)lines * step;
        screen_label(c, "NOTE", CHART_PAD, y + 0.6 * CHART_PX_SMALL, CHART_PX_SMALL, 0,
                     CHART_GREY);
    }
    for (size_t i = n; i-- > 0;) {
        char *w = icstat_chart_wrap(extra[i], width, CHART_PX_SMALL, 0, &lines);
        if (!w) {
            c->body.failed = 1;
            break;
        }
        y -= (double)lines * step + 2.0;
        chart_printf(&c->body, "set label ");
        chart_quote(&c->body, w);
        chart_printf(&c->body, " at screen %.4f, screen %.4f left font ", chart_sx(c, CHART_PAD),
                     chart_sy(c, y + 0.6 * CHART_PX_SMALL));
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " textcolor rgb \"%s\" front\n", "#333333");
        free(w);
    }
    return y - 6.0;
}

/* The body size, or smaller (not below 10 px) so that text fits `room`. */
static double fit_px(const char *text, double room)
{
    const double w = icstat_chart_text_width(text, CHART_PX_BODY, 0);
    if (w <= room)
        return CHART_PX_BODY;
    const double px = floor(CHART_PX_BODY * room / w);
    return px < 10.0 ? 10.0 : px;
}

double chart_xlabel_offset(const chart_ctx *c)
{
    /* Tic labels sit about a line (c->lh) below the axis; the title two
     * text sizes further down. */
    return (c->lh + 2.0) * CHART_PX_BODY;
}

double chart_below_axis(const chart_ctx *c, int with_xlabel)
{
    return with_xlabel ? chart_xlabel_offset(c) + 0.9 * CHART_PX_BODY
                       : (c->lh + 0.8) * CHART_PX_BODY;
}

void chart_plot_area(chart_ctx *c, double left, double right, double top, double bottom)
{
    if (right - left < CHART_MIN_PLOT || bottom - top < CHART_MIN_PLOT)
        c->cramped = 1;
    chart_printf(&c->body,
                 "# The plot area (fractions of the canvas), left room for the labels.\n"
                 "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                 "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
                 chart_sx(c, left), chart_sx(c, right), chart_sy(c, top), chart_sy(c, bottom));
    chart_printf(&c->body, "set border 3 linecolor rgb \"#333333\"\n"
                           "set tics nomirror out scale 0.6 textcolor rgb \"#222222\"\n");
    /* Axis titles where the layout left room for them, not where gnuplot
     * would put them (which differs between terminals). */
    /* A title longer than its axis is set smaller (to 10 px). */
    if (c->xlabel && c->xlabel[0]) {
        chart_printf(&c->body, "set label XLABEL at screen %.4f, screen %.4f center font ",
                     chart_sx(c, 0.5 * (left + right)), chart_sy(c, bottom + chart_xlabel_offset(c)));
        chart_font(c, &c->body, fit_px(c->xlabel, right - left), 0);
        chart_printf(&c->body, " front\n");
    }
    if (c->ylabel && c->ylabel[0]) {
        chart_printf(&c->body, "set label YLABEL at screen %.4f, screen %.4f center rotate by 90 "
                               "font ",
                     chart_sx(c, CHART_PAD + 0.6 * CHART_PX_BODY), chart_sy(c, 0.5 * (top + bottom)));
        chart_font(c, &c->body, fit_px(c->ylabel, bottom - top), 0);
        chart_printf(&c->body, " front\n");
    }
}

double chart_legend(chart_ctx *c, double x, double y, size_t n, const char *const *names,
                    const char *const *colour_var, int lines)
{
    const double sw = lines ? 22.0 : 14.0, gap = 6.0, sep = 20.0;
    const double row = 1.5 * CHART_PX_BODY;
    const double x0 = x;
    chart_printf(&c->body, "# The legend.\n");
    for (size_t i = 0; i < n; i++) {
        const double w = sw + gap + icstat_chart_text_width(names[i], CHART_PX_BODY, 0);
        if (x > x0 && x + w > c->W - CHART_PAD) {
            x = x0;
            y += row;
        }
        if (lines)
            chart_printf(&c->body,
                         "set arrow from screen %.4f, screen %.4f to screen %.4f, screen %.4f "
                         "nohead linecolor rgb %s linewidth 3 front\n",
                         chart_sx(c, x), chart_sy(c, y), chart_sx(c, x + sw), chart_sy(c, y),
                         colour_var[i]);
        else
            chart_printf(&c->body,
                         "set object rectangle from screen %.4f, screen %.4f to screen %.4f, "
                         "screen %.4f fillcolor rgb %s fillstyle solid 1.0 noborder front\n",
                         chart_sx(c, x), chart_sy(c, y - 7.0), chart_sx(c, x + sw),
                         chart_sy(c, y + 7.0), colour_var[i]);
        chart_printf(&c->body, "set label ");
        chart_quote(&c->body, names[i]);
        chart_printf(&c->body, " at screen %.4f, screen %.4f left front\n",
                     chart_sx(c, x + sw + gap), chart_sy(c, y));
        x += w + sep;
    }
    return y + 0.5 * row + 6.0;
}

double chart_wilson_level(double p, double n, double lo, double hi)
{
    if (!(p > 0.0 && p < 1.0 && lo > 0.0 && hi < 1.0 && n > 0.0 && lo < p && hi > p))
        return NAN;
    const double z2 = n * (p * p / (lo * hi) - 1.0);
    if (!(z2 > 0.0))
        return NAN;
    return 2.0 * gsl_cdf_ugaussian_P(sqrt(z2)) - 1.0;
}

void chart_labels_free(char **labels, size_t n)
{
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
}

/* s on one line (line breaks as spaces), cut at a character boundary and
 * ended with an ellipsis where it is wider than max_px.  Malloc'd. */
static char *ellipsize(const char *s, double max_px, double px)
{
    size_t n = strlen(s);
    char *out = malloc(n + 4);
    if (!out)
        return NULL;
    memcpy(out, s, n + 1);
    for (size_t i = 0; i < n; i++)
        if (out[i] == '\n')
            out[i] = ' ';
    if (icstat_chart_text_width(out, px, 0) <= max_px)
        return out;
    while (n > 0) {
        do /* back to the start of a UTF-8 character */
            n--;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        while (n > 0 && out[n - 1] == ' ')
            n--;
        memcpy(out + n, "\xe2\x80\xa6", 4); /* ... */
        if (icstat_chart_text_width(out, px, 0) <= max_px)
            break;
    }
    return out;
}

char **chart_row_labels(const chart_ctx *c, const char *const *text, size_t n, double avail_h,
                        double max_w, double *width, double *px)
{
    char **out = calloc(n ? n : 1, sizeof *out);
    if (!out)
        return NULL;
    const double pitch = n ? avail_h / (double)n : avail_h;
    /* Start at a third of the canvas (or the budget, if less); widen to
     * the budget, then shrink the text, until the lines fit the rows. */
    const double start = c->W / 3.0 < max_w ? c->W / 3.0 : max_w;
    double size = CHART_PX_BODY, w_max = start;
    for (;;) {
        size_t most = 1;
        double w = 0.0;
        for (size_t i = 0; i < n; i++) {
            size_t lines;
            free(out[i]);
            if (!(out[i] = icstat_chart_wrap(text[i], w_max, size, 0, &lines))) {
                chart_labels_free(out, n);
                return NULL;
            }
            most = lines > most ? lines : most;
            const double lw = icstat_chart_text_width(out[i], size, 0);
            w = lw > w ? lw : w;
        }
        *width = w;
        *px = size;
        if ((double)most * c->lh * size <= pitch * 0.95 && w <= max_w + 0.5)
            return out;
        if (w_max < max_w)
            w_max = w_max + 0.05 * c->W < max_w ? w_max + 0.05 * c->W : max_w;
        else if (size > 10.0)
            size -= 1.0;
        else
            break;
    }
    /* Rows too close even for wrapped 10 px text: one line each, cut with
     * an ellipsis at the budget, rather than lines that overlap. */
    *width = 0.0;
    for (size_t i = 0; i < n; i++) {
        free(out[i]);
        if (!(out[i] = ellipsize(text[i], max_w, size))) {
            chart_labels_free(out, n);
            return NULL;
        }
        const double lw = icstat_chart_text_width(out[i], size, 0);
        *width = lw > *width ? lw : *width;
    }
    return out;
}

char **chart_rows_area(chart_ctx *c, const char *const *labels, size_t n, double top,
                       double bottom, double right_room, double *left, double *right,
                       double *label_px)
{
    const double ytitle = c->ylabel[0] ? 1.8 * CHART_PX_BODY : 0.0;
    double label_w;
    char **wrapped = chart_row_labels(c, labels, n, bottom - top,
                                      chart_label_budget(c, right_room + ytitle), &label_w,
                                      label_px);
    if (!wrapped)
        return NULL;
    *left = CHART_PAD + label_w + 12.0 + ytitle;
    *right = c->W - CHART_PAD - right_room;
    chart_plot_area(c, *left, *right, top, bottom);
    return wrapped;
}

double chart_label_budget(const chart_ctx *c, double other)
{
    /* The plot keeps at least 40% of the canvas (and 160 px). */
    const double min_plot = 0.4 * c->W > 160.0 ? 0.4 * c->W : 160.0;
    const double b = c->W - 2.0 * CHART_PAD - 12.0 - other - min_plot;
    return b > 60.0 ? b : 60.0;
}

double chart_tic_step(double range, double plot_px, double label_px)
{
    static const double m[] = {1, 2, 2.5, 5};
    const double need = label_px + 14.0; /* a label and a gap */
    if (!(range > 0.0) || !(plot_px > need))
        return range > 0.0 ? range : 1.0; /* room for one step at most */
    /* From a hundredth of the range's power of ten upwards; one step of
     * the whole range always qualifies, so the loop ends. */
    const double e0 = pow(10.0, floor(log10(range)) - 2.0);
    for (int d = 0; d < 4; d++)
        for (size_t i = 0; i < 4; i++) {
            const double step = m[i] * e0 * pow(10.0, d);
            if (range / step <= 6.0 + 1e-9 && plot_px / (range / step) >= need)
                return step;
        }
    return range;
}

void chart_ytics(chart_ctx *c, char *const *labels, size_t n, double px)
{
    chart_printf(&c->body, "set ytics scale 0 font ");
    chart_font(c, &c->body, px, 0);
    chart_printf(&c->body, " (");
    for (size_t i = 0; i < n; i++) {
        chart_printf(&c->body, "%s", i ? ", " : "");
        chart_quote_tic(&c->body, labels[i]);
        chart_printf(&c->body, " %zu", n - i);
    }
    chart_printf(&c->body, ")\n");
}

void chart_log_tics(chart_ctx *c, const char *axis, double lo, double hi)
{
    /* Mantissas per decade, coarse to fine. */
    static const double sets[][12] = {
        {1, 2, 5, 0},
        {1, 1.5, 2, 3, 5, 7, 0},
        {1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 0},
        {1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2, 2.5, 3, 0},
    };
    const size_t nsets = sizeof sets / sizeof *sets;
    double tics[64];
    size_t nt = 0;
    for (size_t s = 0; s < nsets; s++) {
        nt = 0;
        for (int e = (int)floor(log10(lo)) - 1; e <= (int)ceil(log10(hi)) && nt < 64; e++)
            for (size_t k = 0; sets[s][k] > 0 && nt < 64; k++) {
                double v = sets[s][k] * pow(10.0, e);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
                    tics[nt++] = v;
            }
        if (nt >= 4)
            break;
    }
    chart_printf(&c->body, "set %s (", axis);
    for (size_t i = 0; i < nt; i++)
        chart_printf(&c->body, "%s\"%.3g\" %.6g", i ? ", " : "", tics[i], tics[i]);
    chart_printf(&c->body, ")\n");
}

/* ---- Files and gnuplot ----------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The directory part of path ("." when none), malloc'd. */
static char *dir_name(const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s)
        return strdup(".");
    if (s == path)
        return strdup("/");
    return strndup(path, (size_t)(s - path));
}

/* Stage b as one output of the set. */
static int stage_file(icstat_outset *set, const char *path, const chart_buf *b, icstat_error *err)
{
    FILE *f;
    int st = icstat_outset_open(set, path, &f, err);
    if (st != ICSTAT_OK)
        return st;
    if (b->len && fwrite(b->s, 1, b->len, f) != b->len)
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "write failed: %s", strerror(errno));
    return ICSTAT_OK;
}

/* The script: header comment, the editable variables, the terminal, then
 * the kind's body. */
static void compose_script(chart_ctx *c, chart_buf *gp)
{
    chart_printf(gp, "# %s\n#\n# Made by icstat %s:\n#   ", c->what, ICSTAT_VERSION);
    chart_comment(gp, c->spec->command ? c->spec->command : "icstat chart");
    chart_printf(gp, "\n# from ");
    chart_comment(gp, c->input_name);
    chart_printf(gp, ", the csv of 'icstat %s'.  The numbers drawn are in ", c->source_cmd);
    chart_comment(gp, c->dat_name);
    chart_printf(gp, ".\n#\n# To draw ");
    chart_comment(gp, c->out_name);
    chart_printf(gp, " again, run gnuplot (icstat is tested with 5.4) in the folder\n"
                     "# that holds this script:\n#   gnuplot ");
    chart_comment(gp, c->out_name);
    chart_printf(gp, ".gp\n");
    if (c->fmt == ICSTAT_CHART_PDF)
        chart_printf(gp, "# (cairo stamps a pdf with the time it was made; icstat blanks that "
                         "date so\n# identical input gives an identical file, so only that "
                         "line differs.)\n");
    chart_printf(gp, "#\n# The texts and colours below can be edited.  The layout was worked "
                     "out for\n# the texts as they are; \\n starts a new line.  A backquote is "
                     "written \\140\n# and an @ \\100, as gnuplot would act on them.\n\n");
    chart_printf(gp, "TITLE = ");
    chart_quote(gp, c->title);
    chart_printf(gp, "\nSUBTITLE = ");
    chart_quote(gp, c->subtitle);
    chart_printf(gp, "\nNOTE = ");
    chart_quote(gp, c->note);
    if (c->xlabel && c->xlabel[0]) {
        chart_printf(gp, "\nXLABEL = ");
        chart_quote(gp, c->xlabel);
    }
    if (c->ylabel && c->ylabel[0]) {
        chart_printf(gp, "\nYLABEL = ");
        chart_quote(gp, c->ylabel);
    }
    chart_printf(gp, "\n");
    if (c->vars.len)
        chart_printf(gp, "%s", c->vars.s);
    chart_printf(gp, "if (!exists(\"DATA\")) DATA = ");
    chart_quote_name(gp, c->dat_name);
    chart_printf(gp, "\n\n# icstat draws from and to temporary files first, naming them in "
                     "DATA and OUTPUT.\n"
                     "if (!exists(\"OUTPUT\")) OUTPUT = ");
    chart_quote_name(gp, c->out_name);
    chart_printf(gp, "\n\nset encoding utf8\n");
    switch (c->fmt) {
    case ICSTAT_CHART_SVG:
        chart_printf(gp, "set terminal svg size %g,%g fixed font ", c->W, c->H);
        break;
    case ICSTAT_CHART_PNG:
        chart_printf(gp, "set terminal pngcairo size %g,%g font ", c->W, c->H);
        break;
    case ICSTAT_CHART_PDF:
        /* 96 pixels to the inch, as in CSS.  pdfcairo draws text 4/3
         * larger than pngcairo at the same size (and halves it by
         * default): fontscale 0.75 makes the page look like the png. */
        chart_printf(gp, "set terminal pdfcairo size %gin,%gin fontscale 0.75 font ",
                     c->W / 96.0, c->H / 96.0);
        break;
    }
    chart_font(c, gp, CHART_PX_BODY, 0);
    chart_printf(gp, " noenhanced background rgb \"#ffffff\"\nset output OUTPUT\n"
                     "set datafile separator \"\\t\"\nset datafile missing \"NA\"\n\n");
    chart_printf(gp, "%s", c->body.s ? c->body.s : "");
    chart_printf(gp, "set output\n");
}

/* gnuplot names the files it reads in its messages, and those are the
 * staged temporaries (NAME.tmpXXXXXX, outfile.h): give them the names the
 * user will have, so that the message is right and the same every run.
 * Each name in tmps[0..n-1] found in s loses its ".tmpXXXXXX", in place. */
static void unstage_names(char *s, const char *const *tmps, size_t n)
{
    static const size_t suffix = sizeof ".tmpXXXXXX" - 1;
    for (size_t i = 0; i < n; i++) {
        const size_t len = strlen(tmps[i]);
        if (len <= suffix)
            continue;
        for (char *p = strstr(s, tmps[i]); p; p = strstr(p + len - suffix, tmps[i]))
            memmove(p + len - suffix, p + len, strlen(p + len) + 1);
    }
}

/* The last non-empty line of what gnuplot said, trimmed, into buf. */
static void last_line(FILE *f, char *buf, size_t len)
{
    char line[1024];
    buf[0] = '\0';
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p) { /* copied by hand: a long line is cut, knowingly */
            size_t k = strlen(p) < len - 1 ? strlen(p) : len - 1;
            memcpy(buf, p, k);
            buf[k] = '\0';
        }
    }
}

/* Run `gnuplot -d -e OUTPUT="tmp" ./OUT.gp` in OUT's directory (no shell,
 * stdin from /dev/null, its output collected), so that the script's
 * relative names resolve as they will for a user. */
static int run_gnuplot(chart_ctx *c, const char *gnuplot, const char *dir, const char *gp_name,
                       const char *dat_name, const char *tmp_name, char ***notes,
                       size_t *n_notes)
{
    FILE *log = tmpfile();
    char *script = NULL;
    chart_buf set = {0};
    int st = ICSTAT_OK;
    if (!log)
        return icstat_error_set(c->err, ICSTAT_EIO, c->spec->output, 0,
                                "cannot make a temporary file: %s", strerror(errno));
    /* The script and its data are still staged under temporary names, and
     * the image goes to one: the script reads DATA and OUTPUT when they
     * are set already.  gnuplot reads -e like a line of the script. */
    chart_printf(&set, "OUTPUT = ");
    chart_quote_name(&set, tmp_name);
    chart_printf(&set, "; DATA = ");
    chart_quote_name(&set, dat_name);
    script = malloc(strlen(gp_name) + 3);
    if (!script || set.failed) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    sprintf(script, "./%s", gp_name);
    char *argv[] = {"gnuplot", "-d", "-e", set.s, script, NULL};
    int code;
    if ((st = icstat_spawn_run(gnuplot, argv, dir, fileno(log), fileno(log), &code, c->err)) !=
        ICSTAT_OK)
        goto done;
    char said[700];
    const char *const tmps[] = {gp_name, dat_name, tmp_name};
    last_line(log, said, sizeof said);
    unstage_names(said, tmps, 3);
    if (code != 0) {
        if (code == 126)
            st = icstat_error_set(c->err, ICSTAT_EIO, dir, 0, "cannot run gnuplot here");
        else
            st = icstat_error_set(c->err, ICSTAT_EDATA, c->spec->output, 0,
                                  "gnuplot could not draw the chart from %s.gp%s%s",
                                  c->out_name, said[0] ? ": " : "", said);
        goto done;
    }
    /* Anything gnuplot says on success is a warning worth passing on. */
    rewind(log);
    char line[1024];
    while (fgets(line, sizeof line, log)) {
        line[strcspn(line, "\r\n")] = '\0';
        unstage_names(line, tmps, 3);
        if (line[0] && notes && icstat_strlist_addf(notes, n_notes, "gnuplot: %s", line) != 0) {
            st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            break;
        }
    }
done:
    fclose(log);
    chart_buf_free(&set);
    free(script);
    return st;
}

/* Append the file at `path` to the stream f (the output `name`). */
static int copy_file(const char *path, FILE *f, const char *name, icstat_error *err)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot open: %s", strerror(errno));
    char buf[65536];
    size_t n;
    int st = ICSTAT_OK;
    while (st == ICSTAT_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, f) != n)
            st = icstat_error_set(err, ICSTAT_EIO, name, 0, "write failed: %s", strerror(errno));
    if (st == ICSTAT_OK && ferror(in))
        st = icstat_error_set(err, ICSTAT_EIO, path, 0, "read failed: %s", strerror(errno));
    fclose(in);
    return st;
}

/* Blank the date cairo writes into a pdf ("/CreationDate (D:...)"), byte
 * for byte with spaces, which a pdf dictionary allows anywhere between
 * its entries; the cross-reference offsets stay right. */
static int pdf_blank_dates(const char *path, icstat_error *err)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot open: %s", strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    int st = ICSTAT_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            char *d = realloc(data, cap);
            if (!d) {
                st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
                goto done;
            }
            data = d;
        }
        memcpy(data + len, chunk, n);
        len += n;
    }
    static const char *const keys[] = {"/CreationDate (", "/ModDate ("};
    for (size_t k = 0; k < 2; k++) {
        const size_t kl = strlen(keys[k]);
        for (size_t i = 0; i + kl < len; i++) {
            if (memcmp(data + i, keys[k], kl) != 0)
                continue;
            size_t j = i + kl;
            while (j < len && data[j] != ')' && j - i < 64)
                j++;
            if (j >= len || data[j] != ')')
                continue;
            memset(data + i, ' ', j - i + 1);
            if (fseek(f, (long)i, SEEK_SET) != 0 || fwrite(data + i, 1, j - i + 1, f) != j - i + 1) {
                st = icstat_error_set(err, ICSTAT_EIO, path, 0, "write failed: %s",
                                      strerror(errno));
                goto done;
            }
        }
    }
done:
    if (fclose(f) != 0 && st == ICSTAT_OK)
        st = icstat_error_set(err, ICSTAT_EIO, path, 0, "write failed: %s", strerror(errno));
    free(data);
    return st;
}

/* ---- Render ---------------------------------------------------------------- */

static void ctx_free(chart_ctx *c)
{
    free(c->title);
    free(c->subtitle);
    free(c->note);
    free(c->xlabel);
    free(c->ylabel);
    chart_buf_free(&c->vars);
    chart_buf_free(&c->body);
    chart_buf_free(&c->dat);
}

int icstat_chart_render(const icstat_chart_spec *spec, char ***notes, size_t *n_notes,
                        icstat_error *err)
{
    chart_ctx c;
    memset(&c, 0, sizeof c);
    icstat_table *t = NULL;
    char *dir = NULL, *gnuplot = NULL, *gp_path = NULL, *dat_path = NULL, *tmp = NULL;
    chart_buf gp = {0};
    icstat_outset outs = ICSTAT_OUTSET_INIT;
    int st;

    if ((unsigned)spec->kind >= ICSTAT_CHART_NKINDS)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "unknown chart kind");
    int fmt = icstat_chart_format_from_path(spec->output);
    if (fmt < 0)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "-o '%s': the chart's file name must end in .svg, .png or .pdf",
                                spec->output);
    if ((st = icstat_table_read(spec->input, &t, err)) != ICSTAT_OK)
        return st;
    if ((st = icstat_table_need_rows(t, err)) != ICSTAT_OK) {
        icstat_table_free(t);
        return st;
    }

    c.spec = spec;
    c.t = t;
    c.err = err;
    c.fmt = (icstat_chart_format)fmt;
    c.W = spec->width ? spec->width : 800;
    c.H = spec->height ? spec->height : 500;
    c.pt_per_px = c.fmt == ICSTAT_CHART_SVG ? 1.0 : 0.75;
    /* gnuplot's svg sets the lines of a text 1.5 sizes apart, cairo's
     * about 1.15 (measured on gnuplot 5.4; 1.2 leaves a margin). */
    c.lh = c.fmt == ICSTAT_CHART_SVG ? 1.5 : 1.2;
    c.level = NAN;
    c.source_cmd = kinds[spec->kind].source;
    snprintf(c.input_name, sizeof c.input_name, "%s", base_name(t->path));
    snprintf(c.out_name, sizeof c.out_name, "%s", base_name(spec->output));
    snprintf(c.dat_name, sizeof c.dat_name, "%s.dat", c.out_name);
    if (!c.out_name[0] || strlen(base_name(spec->output)) >= sizeof c.out_name - 4) {
        st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "-o '%s': name too long",
                              spec->output);
        goto done;
    }

    if ((st = kinds[spec->kind].build(&c)) != ICSTAT_OK)
        goto done;
    if (c.cramped) {
        st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                              "chart %s: the texts leave no room for the plot in %gx%g pixels; "
                              "give a larger --size (or shorter texts)",
                              kinds[spec->kind].name, c.W, c.H);
        goto done;
    }
    if (c.vars.failed || c.body.failed || c.dat.failed) {
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    compose_script(&c, &gp);
    size_t olen = strlen(spec->output);
    gp_path = malloc(olen + 4);
    dat_path = malloc(olen + 5);
    tmp = malloc(olen + 12);
    if (tmp)
        tmp[0] = '\0'; /* no temporary image to remove until mkstemp names one */
    dir = dir_name(spec->output);
    if (gp.failed || !gp_path || !dat_path || !tmp || !dir) {
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    sprintf(gp_path, "%s.gp", spec->output);
    sprintf(dat_path, "%s.dat", spec->output);
    /* The data, the script and the image are one set of outputs: staged,
     * then renamed together (outfile.h). */
    if ((st = stage_file(&outs, dat_path, &c.dat, err)) != ICSTAT_OK ||
        (st = stage_file(&outs, gp_path, &gp, err)) != ICSTAT_OK)
        goto done;

    int nomem;
    if (!(gnuplot = icstat_spawn_find("gnuplot", &nomem))) {
        if (nomem) {
            st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
        /* The script and its data are still of use: written, with the
         * command that draws them. */
        if ((st = icstat_outset_commit(&outs, err)) != ICSTAT_OK)
            goto done;
        const int here = strcmp(dir, ".") == 0;
        st = icstat_error_set(err, ICSTAT_EDATA, spec->output, 0,
                              "gnuplot is not installed, so only %s.gp and %s were written: "
                              "install it (Debian: apt-get install gnuplot-nox), then run "
                              "'gnuplot %s.gp'%s%s",
                              c.out_name, c.dat_name, c.out_name, here ? "" : " in ",
                              here ? "" : dir);
        goto done;
    }
    /* gnuplot draws into a private temporary beside OUT, whose bytes then
     * become the staged image (or go straight into OUT when OUT is a pipe
     * or a device, which is never renamed over). */
    sprintf(tmp, "%s.tmpXXXXXX", spec->output);
    int fd = icstat_cleanup_mkstemp(tmp);
    int e = errno;
    if (fd < 0) {
        tmp[0] = '\0';
        st = e == ENOMEM ? icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
                         : icstat_error_set(err, ICSTAT_EIO, spec->output, 0, "cannot write: %s",
                                            strerror(e));
        goto done;
    }
    close(fd);
    /* The staged script and data (outs.files[1] and [0]) are what gnuplot
     * reads; a special file in their place cannot be read back. */
    if (!outs.files[0].tmp_path || !outs.files[1].tmp_path) {
        st = icstat_error_set(err, ICSTAT_EDATA, spec->output, 0,
                              "%s.gp and %s must be regular files (or not exist yet)",
                              c.out_name, c.dat_name);
        goto done;
    }
    if ((st = icstat_outfile_close(&outs.files[0], err)) != ICSTAT_OK ||
        (st = icstat_outfile_close(&outs.files[1], err)) != ICSTAT_OK ||
        (st = run_gnuplot(&c, gnuplot, dir, base_name(outs.files[1].tmp_path),
                          base_name(outs.files[0].tmp_path), base_name(tmp), notes, n_notes)) !=
            ICSTAT_OK)
        goto done;
    struct stat sb;
    if (stat(tmp, &sb) != 0 || sb.st_size == 0) {
        st = icstat_error_set(err, ICSTAT_EDATA, spec->output, 0,
                              "gnuplot wrote nothing from %s.gp", c.out_name);
        goto done;
    }
    if (c.fmt == ICSTAT_CHART_PDF && (st = pdf_blank_dates(tmp, err)) != ICSTAT_OK)
        goto done;
    FILE *img;
    if ((st = icstat_outset_open(&outs, spec->output, &img, err)) != ICSTAT_OK ||
        (st = copy_file(tmp, img, spec->output, err)) != ICSTAT_OK)
        goto done;
    st = icstat_outset_commit(&outs, err);

done:
    icstat_outset_abort(&outs);
    if (tmp && tmp[0]) {
        unlink(tmp);
        icstat_cleanup_untrack(tmp);
    }
    free(tmp);
    free(gp_path);
    free(dat_path);
    free(dir);
    free(gnuplot);
    chart_buf_free(&gp);
    ctx_free(&c);
    icstat_table_free(t);
    return st;
}
