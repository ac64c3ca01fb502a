/* scale.c — the known grade scales (scale.h): their words and codes, and
 * which scale a column's words are. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "icstat/scale.h"
#include "icstat/table.h"

static const char *const ofsted_words[] = {"Outstanding", "Good", "Requires improvement",
                                           "Inadequate"};
/* Grade 3 was "Satisfactory" until the framework of September 2012. */
static const char *const ofsted_former[] = {NULL, NULL, "Satisfactory", NULL};
static const char *const report_card_words[] = {"Exceptional", "Strong standard",
                                                "Expected standard", "Needs attention",
                                                "Urgent improvement"};
static const char *const report_card_former[] = {NULL, NULL, NULL, NULL, NULL};
static const char *const met_words[] = {"Met", "Not met"};
static const char *const met_former[] = {NULL, NULL};

static const icstat_scale scales[] = {
    {"ofsted", 4, ofsted_words, ofsted_former},
    {"report-card", 5, report_card_words, report_card_former},
    {"met", 2, met_words, met_former},
};
#define N_SCALES (sizeof scales / sizeof *scales)

/* Other names a scale goes by: the canonical table's framework value
 * (report_card) and its column (safeguarding). */
static const struct {
    const char *name;
    size_t scale;
} aliases[] = {{"report_card", 1}, {"safeguarding", 2}};

size_t icstat_scale_count(void)
{
    return N_SCALES;
}

const icstat_scale *icstat_scale_get(size_t i)
{
    return i < N_SCALES ? &scales[i] : NULL;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int blank(int c)
{
    return c == ' ' || c == '\t';
}

/* 1 when text is word ignoring ASCII case, blanks around it and runs of
 * blanks inside (a word's own single spaces match any run). */
static int same_words(const char *text, const char *word)
{
    const char *p = text;
    while (blank(*p))
        p++;
    for (const char *w = word; *w; w++) {
        if (*w == ' ') {
            if (!blank(*p))
                return 0;
            while (blank(*p))
                p++;
            continue;
        }
        if (lower((unsigned char)*p) != lower((unsigned char)*w))
            return 0;
        p++;
    }
    while (blank(*p))
        p++;
    return *p == '\0';
}

const icstat_scale *icstat_scale_lookup(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < N_SCALES; i++)
        if (same_words(name, scales[i].name))
            return &scales[i];
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (same_words(name, aliases[i].name))
            return &scales[aliases[i].scale];
    return NULL;
}

const char *icstat_scale_names(void)
{
    return "ofsted, report-card or met";
}

long icstat_scale_word(const icstat_scale *s, const char *text, int *former)
{
    if (former)
        *former = 0;
    if (!s || !text)
        return -1;
    for (size_t j = 0; j < s->k; j++)
        if (same_words(text, s->words[j]))
            return (long)j;
    for (size_t j = 0; j < s->k; j++)
        if (s->former[j] && same_words(text, s->former[j])) {
            if (former)
                *former = 1;
            return (long)j;
        }
    return -1;
}

long icstat_scale_code(const icstat_scale *s, const char *text)
{
    double v;
    if (!s || !icstat_parse_double(text, &v) || v != floor(v) || v < 1.0 || v > (double)s->k)
        return -1;
    return (long)v - 1;
}

long icstat_scale_find(const icstat_scale *s, const char *text, int *former)
{
    const long j = icstat_scale_word(s, text, former);
    return j >= 0 ? j : icstat_scale_code(s, text);
}

const icstat_scale *icstat_scale_detect(const char *const *text, size_t n)
{
    const icstat_scale *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!text[i])
            continue;
        if (found) {
            if (icstat_scale_word(found, text[i], NULL) < 0)
                return NULL;
            continue;
        }
        for (size_t s = 0; s < N_SCALES && !found; s++)
            if (icstat_scale_word(&scales[s], text[i], NULL) >= 0)
                found = &scales[s];
        if (!found)
            return NULL;
    }
    return found;
}

const char *icstat_scale_label(const icstat_scale *s, size_t j, int former_only)
{
    if (j >= s->k)
        return NULL;
    return former_only && s->former[j] ? s->former[j] : s->words[j];
}

void icstat_scale_list(const icstat_scale *s, char *buf, size_t len)
{
    size_t o = 0;
    if (len == 0)
        return;
    buf[0] = '\0';
    for (size_t j = 0; j < s->k && o < len; j++) {
        const char *sep = j == 0 ? "" : ", ";
        const int w = snprintf(buf + o, len - o, "%s%s", sep, s->words[j]);
        o += w > 0 ? (size_t)w : 0;
    }
    if (o < len)
        snprintf(buf + o, len - o, " or a code 1-%zu", s->k);
}

void icstat_scale_words(const icstat_scale *s, char *buf, size_t len)
{
    size_t o = 0;
    if (len == 0)
        return;
    buf[0] = '\0';
    for (size_t j = 0; j < s->k && o < len; j++) {
        const int w = snprintf(buf + o, len - o, "%s%s", j ? "," : "", s->words[j]);
        o += w > 0 ? (size_t)w : 0;
    }
}

int icstat_scale_value_error(icstat_error *err, const char *path, long line, const char *column,
                             const char *value, const icstat_scale *s, const char *what)
{
    char ex[ICSTAT_EXCERPT_SIZE], list[200];
    icstat_scale_list(s, list, sizeof list);
    return icstat_error_set(err, ICSTAT_EDATA, path, line,
                            "column '%s' has value '%s' that is %s %s %s (%s)", column,
                            icstat_value_excerpt(value, ex, sizeof ex), what ? "not in" : "not on",
                            what ? what : "the scale", s->name, list);
}
