/* chart_text.c — texts for people, as charts set them: how wide a text is
 * in Arial, labels made readable, agree's coefficients by name, lines
 * wrapped to a width, counts with thousands separators (chart.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/agree_coef.h"
#include "icstat/chart.h"

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
    /* The names people read come from agree's own table (agree_coef.h). */
    const icstat_coef_def *d = icstat_coef_def_find(coefficient);
    if (!d)
        return icstat_chart_pretty_label(coefficient);
    const int weighted = weights && *weights && strcmp(weights, "identity") != 0;
    const char *plain = weighted && d->label_weighted ? d->label_weighted : d->label;
    size_t len = strlen(plain) + (weights ? strlen(weights) : 0) + 24;
    char *out = malloc(len);
    if (!out)
        return NULL;
    if (d->id == ICSTAT_COEF_KRIPP_METRIC && weights && *weights)
        snprintf(out, len, "%s (%s metric)", plain, weights);
    else if (weighted && !d->icc)
        snprintf(out, len, "%s (%s weights)", plain, weights);
    else
        snprintf(out, len, "%s", plain);
    return out;
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

