/* scale.h — the grade scales icstat knows by name, so that their words are
 * put in the scale's order and never sorted alphabetically (DESIGN.md,
 * "Grades").
 *
 *   ofsted       1 Outstanding, 2 Good, 3 Requires improvement,
 *                4 Inadequate ("Satisfactory" is grade 3 before September
 *                2012: read as category 3, never a fifth category)
 *   report-card  1 Exceptional, 2 Strong standard, 3 Expected standard,
 *                4 Needs attention, 5 Urgent improvement (from November 2025)
 *   met          1 Met, 2 Not met (report cards' safeguarding standards;
 *                also called "safeguarding")
 *
 * A value is a word of a scale when it equals one of the scale's words
 * ignoring case (ASCII), spaces and tabs around it and repeated ones
 * inside ("requires  improvement", " not met"); it is a code of a scale
 * when it is a whole number 1..k, however written ("2", "2.0").  The
 * scales share no word, so a set of words belongs to one scale at most. */
#ifndef ICSTAT_SCALE_H
#define ICSTAT_SCALE_H

#include <stddef.h>
#include "icstat/status.h"

typedef struct {
    const char *name;          /* "ofsted", "report-card", "met" */
    size_t k;                  /* categories, coded 1..k */
    const char *const *words;  /* k words in order: words[j] is code j + 1 */
    const char *const *former; /* k: an earlier word for category j, or NULL */
} icstat_scale;

/* The known scales: icstat_scale_get(0 .. icstat_scale_count() - 1). */
size_t icstat_scale_count(void);
const icstat_scale *icstat_scale_get(size_t i);

/* The scale a name stands for: "ofsted", "report-card" (or "report_card"),
 * "met" (or "safeguarding"), in any case, spaces around it ignored; NULL
 * for anything else. */
const icstat_scale *icstat_scale_lookup(const char *name);

/* "ofsted, report-card or met", the names as a help text lists them. */
const char *icstat_scale_names(void);

/* The category (0..k-1) whose word `text` is, or -1.  *former (may be
 * NULL) is set to 1 when text is the category's former word
 * ("Satisfactory"), else 0. */
long icstat_scale_word(const icstat_scale *s, const char *text, int *former);

/* The category (0..k-1) whose code `text` is (a whole number 1..k), or -1. */
long icstat_scale_code(const icstat_scale *s, const char *text);

/* A word, else a code: the category, or -1.  *former as for words (0 for
 * a code). */
long icstat_scale_find(const icstat_scale *s, const char *text, int *former);

/* The scale of which every text[0..n) is a word (NULL entries are
 * skipped), or NULL when there is none or no text at all.  Codes do not
 * count: numbers already sort in their own order. */
const icstat_scale *icstat_scale_detect(const char *const *text, size_t n);

/* The label of category j (j < k): its word, or its former word when
 * former_only (every value read for it was the former word, as in data from
 * before September 2012) and it has one. */
const char *icstat_scale_label(const icstat_scale *s, size_t j, int former_only);

/* "Outstanding, Good, Requires improvement, Inadequate or a code 1-4" into
 * buf, for messages. */
void icstat_scale_list(const icstat_scale *s, char *buf, size_t len);

/* "Outstanding,Good,Requires improvement,Inadequate": the words as a
 * --categories list, into buf (cut short if len is too small). */
void icstat_scale_words(const icstat_scale *s, char *buf, size_t len);

/* Record that `value` (column `column`, file `path`, line `line`) is not
 * on the scale, named by the caller's `what` (a command gives its option):
 * "column 'grade' has value 'Fair' that is not in --categories ofsted
 * (Outstanding, ...)"; what NULL: "... not on the scale ofsted (...)".
 * Returns ICSTAT_EDATA. */
int icstat_scale_value_error(icstat_error *err, const char *path, long line, const char *column,
                             const char *value, const icstat_scale *s, const char *what);

#endif
