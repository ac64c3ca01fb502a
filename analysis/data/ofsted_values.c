/* ofsted_values.c — the values of Ofsted's files read into the canonical
 * table's (contract in include/icstat/ofsted.h): dates, grades on the old
 * framework's four points and the report card's five, safeguarding,
 * categories of concern, whole numbers as spreadsheets and pandas write
 * them, and the framework of an inspection's date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/date.h"
#include "icstat/ofsted.h"
#include "icstat/scale.h"
#include "icstat/table.h"
#include "ofsted_internal.h"

static const char *const framework_names[ICSTAT_FRAMEWORK_N] = {
    "pre_2012", "2012", "cif_2015", "eif_2019", "eif_2024", "report_card"};

const char *icstat_framework_name(icstat_framework f)
{
    return (unsigned)f < ICSTAT_FRAMEWORK_N ? framework_names[f] : NULL;
}

icstat_framework icstat_framework_of_date(const char *iso)
{
    /* ISO dates compare as strings. */
    if (strcmp(iso, "2012-09-01") < 0)
        return ICSTAT_FRAMEWORK_PRE_2012;
    if (strcmp(iso, "2015-09-01") < 0)
        return ICSTAT_FRAMEWORK_2012;
    if (strcmp(iso, "2019-09-01") < 0)
        return ICSTAT_FRAMEWORK_CIF_2015;
    if (strcmp(iso, "2024-09-01") < 0)
        return ICSTAT_FRAMEWORK_EIF_2019;
    if (strcmp(iso, "2025-11-10") < 0)
        return ICSTAT_FRAMEWORK_EIF_2024;
    return ICSTAT_FRAMEWORK_REPORT_CARD;
}

/* ---- values -------------------------------------------------------------- */

void ofsted_trim(const char *s, const char **b, const char **e)
{
    const char *p = s, *q = s + strlen(s);
    while (p < q && (*p == ' ' || *p == '\t'))
        p++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    *b = p;
    *e = q;
}

/* [b, e) equals word, ignoring ASCII case. */
int ofsted_span_is(const char *b, const char *e, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(e - b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = b[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return 1;
}

/* The table reader's missing tokens, and Ofsted's NULL. */
int ofsted_missing_span(const char *b, const char *e)
{
    return b == e || ofsted_span_is(b, e, ".") || ofsted_span_is(b, e, "na") || ofsted_span_is(b, e, "n/a") ||
           ofsted_span_is(b, e, "null");
}

int icstat_ofsted_parse_date(const char *s, char iso[11])
{
    const char *b, *e;
    if (!s)
        return 0;
    ofsted_trim(s, &b, &e);
    if (ofsted_missing_span(b, e))
        return 0;
    int y, m, d;
    if (icstat_date_parse(s, &y, &m, &d) != 0)
        return -1;
    char buf[32]; /* y, m and d are in range, but the compiler cannot know */
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(iso, buf, 11);
    return 1;
}

/* A whole number from lo to hi; 1, or -1 when the text is anything else. */
int ofsted_parse_whole(const char *b, const char *e, double lo, double hi, double *out)
{
    char buf[32];
    double v;
    if ((size_t)(e - b) >= sizeof buf)
        return -1;
    memcpy(buf, b, (size_t)(e - b));
    buf[e - b] = '\0';
    /* The range first: casting 3e20 to long long is undefined behaviour. */
    if (!icstat_parse_double(buf, &v) || v < lo || v > hi || v != (double)(long long)v)
        return -1;
    *out = v;
    return 1;
}

/* Copy [b, e) to w with runs of spaces and tabs made one space; 0 when
 * it does not fit. */
static int collapse(const char *b, const char *e, char *w, size_t size)
{
    size_t o = 0;
    for (const char *p = b; p < e; p++) {
        const char c = (char)(*p == '\t' ? ' ' : *p);
        if (c == ' ' && o > 0 && w[o - 1] == ' ')
            continue;
        if (o + 1 >= size)
            return 0;
        w[o++] = c;
    }
    w[o] = '\0';
    return 1;
}

/* A grade of the known scale `sc` (scale.h: its words, any case, or its
 * codes 1..k).  Ofsted writes 9 for "not judged / not applicable" in every
 * grade column, and 0 and 8 in early-years cells: the codes listed in
 * `missing` are missing, as are "Not judged" and "Not applicable".  1 and
 * *out, 0 missing, -1 unreadable. */
static int parse_scale(const char *s, const char *scale, const char *missing, int *out)
{
    const icstat_scale *sc = icstat_scale_lookup(scale);
    const char *b, *e;
    if (!s)
        return 0;
    ofsted_trim(s, &b, &e);
    char w[40];
    if (ofsted_missing_span(b, e) ||
        (collapse(b, e, w, sizeof w) && (ofsted_span_is(w, w + strlen(w), "not judged") ||
                                         ofsted_span_is(w, w + strlen(w), "not applicable"))))
        return 0;
    const long j = icstat_scale_word(sc, s, NULL);
    if (j >= 0) {
        *out = (int)j + 1;
        return 1;
    }
    double v;
    if (ofsted_parse_whole(b, e, 0, 9, &v) < 0)
        return -1;
    if (v >= 1 && v <= (double)sc->k) {
        *out = (int)v;
        return 1;
    }
    return strchr(missing, '0' + (int)v) ? 0 : -1;
}

int icstat_ofsted_parse_grade(const char *s, int *out)
{
    return parse_scale(s, "ofsted", "9", out);
}

int icstat_ofsted_parse_area(const char *s, int *out)
{
    return parse_scale(s, "report-card", "089", out);
}

int icstat_ofsted_parse_stage(const char *s, int report_card, int *out)
{
    return parse_scale(s, report_card ? "report-card" : "ofsted", "089", out);
}

int icstat_ofsted_parse_safeguarding(const char *s, const char **out)
{
    const char *b, *e;
    if (!s)
        return 0;
    ofsted_trim(s, &b, &e);
    if (ofsted_missing_span(b, e) || ofsted_span_is(b, e, "9") ||
        ofsted_span_is(b, e, "not applicable"))
        return 0;
    /* The report card's Met / Not met (the met scale), or the old
     * framework's "Safeguarding is effective?" Yes / No. */
    const long j = icstat_scale_word(icstat_scale_lookup("met"), s, NULL);
    if (j == 0 || ofsted_span_is(b, e, "yes")) {
        *out = "met";
        return 1;
    }
    if (j == 1 || ofsted_span_is(b, e, "no")) {
        *out = "not met";
        return 1;
    }
    return -1;
}

int icstat_ofsted_parse_concern(const char *s, const char **out)
{
    /* The code, the words to match (lower case), the words to write. */
    static const char *const codes[][3] = {
        {"sm", "special measures", "Special Measures"},
        {"swk", "serious weaknesses", "Serious Weaknesses"},
        {"nti", "notice to improve", "Notice to Improve"},
        {"rsi", "requires significant improvement", "Requires Significant Improvement"}};
    const char *b, *e;
    if (!s)
        return 0;
    ofsted_trim(s, &b, &e);
    if (ofsted_missing_span(b, e) || ofsted_span_is(b, e, "9") || ofsted_span_is(b, e, "0") ||
        ofsted_span_is(b, e, "none") || ofsted_span_is(b, e, "not applicable"))
        return 0;
    char w[48];
    if (collapse(b, e, w, sizeof w))
        for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
            if (ofsted_span_is(w, w + strlen(w), codes[i][0]) ||
                ofsted_span_is(w, w + strlen(w), codes[i][1])) {
                *out = codes[i][2];
                return 1;
            }
    return -1;
}

/* "1,234" as a count: digits in groups of three after the first, as
 * spreadsheets show pupil numbers.  Copies the digits to buf; 0 when s is
 * anything else. */
int ofsted_strip_thousands(const char *b, const char *e, char *buf, size_t size)
{
    size_t o = 0, run = 0, groups = 0;
    for (const char *p = b; p < e; p++) {
        if (*p == ',') {
            if (run == 0 || run > 3 || (groups && run != 3))
                return 0;
            groups++;
            run = 0;
        } else if (*p >= '0' && *p <= '9' && o + 1 < size) {
            buf[o++] = *p;
            run++;
        } else {
            return 0;
        }
    }
    buf[o] = '\0';
    return groups > 0 && run == 3;
}

/* Digits, or digits then ".0", ".00", ... (a whole number after a
 * pandas or Excel round trip): the length of the digits, else 0. */
size_t ofsted_whole_digits(const char *b, const char *e)
{
    size_t d = strspn(b, "0123456789");
    if (d == 0 || d > (size_t)(e - b))
        return 0;
    const char *p = b + d;
    if (p == e)
        return d;
    if (*p != '.' || p + 1 == e)
        return 0;
    for (p++; p < e; p++)
        if (*p != '0')
            return 0;
    return d;
}

