/* ofsted_summary.c — what an import did, in lines for people: rows read,
 * written and skipped, and every column that was not read as usual.
 *
 * A user checks an import against the file by these lines, so they name
 * the first line of each kind of trouble and the header each column came
 * from when it was not its usual one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/ofsted.h"
#include "icstat/strlist.h"

/* The lines so far and the one being written (any length: a list of
 * headers can be long). */
typedef struct {
    char **lines;
    size_t n;
    char *cur;
    size_t len;
    int nomem;
} summary;

static void put(summary *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append printf-formatted text to the current line. */
static void put(summary *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const int n = s->nomem ? -1 : vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *grown = n < 0 ? NULL : realloc(s->cur, s->len + (size_t)n + 1);
    if (!grown) {
        s->nomem = 1;
        return;
    }
    s->cur = grown;
    va_start(ap, fmt);
    vsnprintf(s->cur + s->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->len += (size_t)n;
}

/* The current line is done: onto the list. */
static void end_line(summary *s)
{
    if (!s->cur)
        put(s, "%s", "");
    char **grown = s->nomem ? NULL : realloc(s->lines, (s->n + 1) * sizeof *grown);
    if (!grown) {
        s->nomem = 1;
        return;
    }
    s->lines = grown;
    s->lines[s->n++] = s->cur;
    s->cur = NULL;
    s->len = 0;
}

/* "line 7" or "first on line 7", with the offending text when there is one. */
static void at(summary *s, const icstat_ofsted_tally *t, int show_text)
{
    put(s, "%sline %ld", t->count > 1 ? "first on " : "", t->first_line);
    if (show_text)
        put(s, ": '%s'", t->first_text);
}

static int is_area(size_t j)
{
    return j >= ICSTAT_OFSTED_INCLUSION && j <= ICSTAT_OFSTED_GOVERNANCE;
}

static int has_report_cards(const icstat_ofsted_import *imp)
{
    for (size_t j = ICSTAT_OFSTED_INCLUSION; j <= ICSTAT_OFSTED_GOVERNANCE; j++)
        if (imp->source[j] >= 0)
            return 1;
    return 0;
}

/* Matched by a spelling other than the first. */
static int renamed(const icstat_ofsted_import *imp, size_t j)
{
    return imp->spelling[j] > 0;
}

static int is_previous(size_t j)
{
    return j >= ICSTAT_OFSTED_PREVIOUS_NUMBER && j <= ICSTAT_OFSTED_PREVIOUS_OVERALL;
}

/* A report-card file's previous_* come from its Latest OEIF columns for
 * the schools with a report card, and from "Previous ..." columns, when
 * it has them, for the others. */
static int previous_from_oeif(const icstat_ofsted_import *imp)
{
    return has_report_cards(imp) && imp->oeif[ICSTAT_OFSTED_INSPECTION_DATE] >= 0;
}

/* Not in the file (the report-card areas are said apart when a file has
 * none: it is older than report cards). */
static int absent(const icstat_ofsted_import *imp, size_t j)
{
    return j != ICSTAT_OFSTED_FRAMEWORK && imp->source[j] < 0 && imp->oeif[j] < 0 &&
           (has_report_cards(imp) || !is_area(j)) &&
           !(is_previous(j) && previous_from_oeif(imp));
}

/* A line "PREFIX a, b, c" over the canonical columns that want(j) picks,
 * with the header each came from when show_header; none when none. */
static void column_list(summary *s, const icstat_ofsted_import *imp, const char *prefix,
                        int (*want)(const icstat_ofsted_import *, size_t), int show_header)
{
    const char *sep = prefix;
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        if (want(imp, j)) {
            put(s, "%s%s", sep, icstat_ofsted_column_name(j));
            if (show_header)
                put(s, "='%s'", imp->source_name[j]);
            sep = ", ";
        }
    if (sep != prefix)
        end_line(s);
}

/* Rows read, written and skipped, with each reason for skipping. */
static void row_lines(summary *s, const icstat_ofsted_import *imp, const char *name)
{
    size_t skipped = 0;
    for (int k = 0; k < ICSTAT_OFSTED_NSKIP; k++)
        skipped += imp->skipped[k].count;
    put(s, "%s: %sheader on line %ld; %zu rows read, %zu written, %zu skipped", name,
        imp->windows_1252 ? "Windows-1252 text (decoded to UTF-8); " : "", imp->header_line,
        imp->rows_read, imp->rows_written, skipped);
    end_line(s);
    for (int k = 0; k < ICSTAT_OFSTED_NSKIP; k++) {
        const icstat_ofsted_tally *t = &imp->skipped[k];
        if (!t->count)
            continue;
        put(s, "skipped %zu row%s: %s (", t->count, t->count > 1 ? "s" : "",
            icstat_ofsted_skip_reason(k));
        at(s, t, k == ICSTAT_OFSTED_SKIP_BAD_URN || k == ICSTAT_OFSTED_SKIP_BAD_DATE);
        put(s, ")");
        end_line(s);
    }
}

/* Inspections by framework, then what was not read as written. */
static void value_lines(summary *s, const icstat_ofsted_import *imp)
{
    const char *sep = "inspections by framework: ";
    for (int f = 0; f < ICSTAT_FRAMEWORK_N; f++)
        if (imp->by_framework[f]) {
            put(s, "%s%s %zu", sep, icstat_framework_name((icstat_framework)f),
                imp->by_framework[f]);
            sep = ", ";
        }
    if (sep[0] == ',')
        end_line(s);
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++) {
        const icstat_ofsted_tally *t = &imp->unreadable[j];
        if (!t->count)
            continue;
        put(s, "%s: %zu unreadable value%s left empty (", icstat_ofsted_column_name(j),
            t->count, t->count > 1 ? "s" : "");
        at(s, t, 1);
        put(s, ")");
        end_line(s);
    }
    if (imp->repaired) {
        put(s, "%zu value%s held Windows-1252 characters read as Latin-1 control codes (a "
               "file converted with the wrong encoding): repaired",
            imp->repaired, imp->repaired > 1 ? "s" : "");
        end_line(s);
    }
}

/* Where each column came from when it was not its usual header. */
static void column_lines(summary *s, const icstat_ofsted_import *imp)
{
    column_list(s, imp, "matched by another name: ", renamed, 1);
    column_list(s, imp, "not in the file, left empty: ", absent, 0);
    if (previous_from_oeif(imp) && imp->source[ICSTAT_OFSTED_PREVIOUS_DATE] < 0) {
        put(s, "previous_* are filled for report cards only (from the Latest OEIF columns): "
               "the file has no inspection before a Latest OEIF one");
        end_line(s);
    }
    if (!has_report_cards(imp)) {
        put(s, "no report-card grades in this file (a layout from before November 2025): "
               "inclusion ... leadership_and_governance left empty");
        end_line(s);
    }
}

int icstat_ofsted_import_summary(const icstat_ofsted_import *imp, const char *name,
                                 char ***lines, size_t *n)
{
    summary s = {NULL, 0, NULL, 0, 0};
    row_lines(&s, imp, name);
    value_lines(&s, imp);
    column_lines(&s, imp);
    free(s.cur);
    if (s.nomem) {
        icstat_strlist_free(&s.lines, &s.n);
        *lines = NULL;
        *n = 0;
        return -1;
    }
    *lines = s.lines;
    *n = s.n;
    return 0;
}
