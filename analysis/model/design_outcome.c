/* design_outcome.c — the outcome of the model frame as category indices:
 * from a binary condition, from the categories listed in the spec, from a
 * scale (named, or known by its words), or from a numeric column's sorted
 * values (contract in design_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/categories.h"
#include "icstat/condition.h"
#include "icstat/strlist.h"
#include "design_internal.h"

/* The binary condition ("COL>=3"), or a usage error saying what is wrong
 * with it, named as the caller names the condition. */
static int binary_parse(const design_ctx *x, icstat_condition *c)
{
    const char *s = x->spec->binary, *what = x->lab.binary;
    switch (icstat_condition_parse(s, 0, c)) {
    case ICSTAT_COND_OK:
        return ICSTAT_OK;
    case ICSTAT_COND_NO_OPERATOR:
        return icstat_error_set(x->err, ICSTAT_EUSAGE, NULL, 0,
                                "%s '%s' has no comparison (use e.g. \"grade>=3\")", what, s);
    case ICSTAT_COND_BARE_BANG:
        return icstat_error_set(x->err, ICSTAT_EUSAGE, NULL, 0,
                                "%s '%s': use != for 'not equal'", what, s);
    case ICSTAT_COND_EMPTY_SIDE:
        return icstat_error_set(x->err, ICSTAT_EUSAGE, NULL, 0,
                                "%s '%s' needs a column and a value, e.g. \"grade>=3\"", what, s);
    case ICSTAT_COND_NOT_NUMBER:
        return icstat_error_set(x->err, ICSTAT_EUSAGE, NULL, 0,
                                "%s '%s': %s needs a number on its right", what, s,
                                icstat_condition_op_name(c->op));
    default:
        return DESIGN_NOMEM(x->err);
    }
}

/* Each row 1 where the condition holds, 0 where not, -1 missing; a value
 * the condition cannot decide (text against a number) is an error. */
static int binary_rows(design_ctx *x, const icstat_condition *c, long col)
{
    const icstat_table *t = x->t;
    for (size_t i = 0; i < t->nrow; i++) {
        const char *s = t->cols[col].text[i];
        const int v = s ? icstat_condition_holds(c, s) : -1;
        if (s && v < 0) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return icstat_error_set(x->err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not a number, so "
                                    "'%s' cannot be decided%s", c->column,
                                    icstat_value_excerpt(s, ex, sizeof ex), x->spec->binary,
                                    icstat_is_comma_number(s)
                                        ? " (a thousands separator or a decimal comma?); "
                                          ICSTAT_COMMA_NUMBER_FIX
                                        : "");
        }
        x->ycode[i] = s ? v : -1;
    }
    return ICSTAT_OK;
}

/* A binary outcome: categories "0" and "1", named by the condition. */
static int code_binary(design_ctx *x)
{
    icstat_condition c;
    icstat_design *d = x->d;
    int st = binary_parse(x, &c);
    const long col = st == ICSTAT_OK ? design_column(x, c.column, x->lab.binary) : -1;
    if (st == ICSTAT_OK && col < 0)
        st = ICSTAT_EDATA;
    if (st == ICSTAT_OK)
        st = design_all_missing(x, col, x->lab.binary);
    if (st == ICSTAT_OK)
        st = binary_rows(x, &c, col);
    icstat_condition_clear(&c);
    if (st != ICSTAT_OK)
        return st;
    d->k = 2;
    if (!(d->outcome_name = strdup(x->spec->binary)) ||
        !(d->cat_labels = calloc(2, sizeof *d->cat_labels)) ||
        !(d->cat_labels[0] = strdup("0")) || !(d->cat_labels[1] = strdup("1")))
        return DESIGN_NOMEM(x->err);
    return ICSTAT_OK;
}

/* The categories the spec lists, in its order: a value is the category
 * with the same text, or else the same number ("2.0" is "2"); any other
 * value is an error. */
static int code_listed(design_ctx *x, const icstat_column *c)
{
    const icstat_design_spec *spec = x->spec;
    const icstat_table *t = x->t;
    icstat_design *d = x->d;
    long *ycode = x->ycode;
    int st = icstat_categories_check(spec->categories, spec->n_categories, 0, x->lab.categories,
                                     x->err);
    if (st != ICSTAT_OK)
        return st;
    d->k = spec->n_categories;
    if (!(d->cat_labels = calloc(d->k ? d->k : 1, sizeof *d->cat_labels)))
        return DESIGN_NOMEM(x->err);
    for (size_t k = 0; k < d->k; k++)
        if (!(d->cat_labels[k] = strdup(spec->categories[k])))
            return DESIGN_NOMEM(x->err);
    for (size_t i = 0; i < t->nrow; i++) {
        ycode[i] = -1;
        if (!c->text[i])
            continue;
        for (size_t k = 0; k < d->k && ycode[i] < 0; k++)
            if (strcmp(c->text[i], spec->categories[k]) == 0)
                ycode[i] = (long)k;
        double v, w;
        /* "2.0" is category "2" when both are numbers. */
        for (size_t k = 0; k < d->k && ycode[i] < 0; k++)
            if (icstat_parse_double(c->text[i], &v) &&
                icstat_parse_double(spec->categories[k], &w) && v == w)
                ycode[i] = (long)k;
        if (ycode[i] < 0) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return icstat_error_set(x->err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not in %s", c->name,
                                    icstat_value_excerpt(c->text[i], ex, sizeof ex),
                                    x->lab.categories);
        }
    }
    return ICSTAT_OK;
}

/* The outcome as categories of a scale: the one named (`s`; a value that
 * is neither its word nor its code is an error), or else the known scale
 * whose words are every value (if any; *used 0 when none).  Categories no
 * row has are left out, with a note when the scale was named: their
 * thresholds could not be estimated. */
static int code_scale(design_ctx *x, const icstat_column *c, const icstat_scale *s, int *used)
{
    const icstat_table *t = x->t;
    icstat_design *d = x->d;
    icstat_factor f;
    int st = icstat_factor_build(c, t->nrow, NULL, &f, x->err);
    if (st != ICSTAT_OK)
        return st;
    const icstat_scale *scale =
        s ? s : icstat_scale_detect((const char *const *)f.levels, f.n_levels);
    size_t bad = 0;
    const int sc = scale ? icstat_factor_scale(&f, scale, 0, &bad) : 0;
    if (sc < 0)
        st = DESIGN_NOMEM(x->err);
    for (size_t i = 0; sc > 0 && i < t->nrow; i++)
        if (f.code[i] == (long)bad) {
            st = icstat_scale_value_error(x->err, t->path, t->line[i], c->name, c->text[i],
                                          scale, x->lab.categories);
            break;
        }
    for (size_t j = 0, l = 0; st == ICSTAT_OK && s && j < s->k; j++) {
        if (l < f.n_levels && f.values[l] == (double)(j + 1)) {
            l++;
            continue;
        }
        if (icstat_strlist_addf(&d->notes, &d->n_notes,
                                "outcome category '%s' (%s %s) is in no row, so the model "
                                "leaves it out", s->words[j], x->lab.categories, s->name) != 0)
            st = DESIGN_NOMEM(x->err);
    }
    if (st == ICSTAT_OK && scale) {
        *used = 1;
        memcpy(x->ycode, f.code, t->nrow * sizeof *x->ycode);
        d->k = f.n_levels;
        d->cat_labels = f.levels; /* taken over */
        f.levels = NULL;
    }
    icstat_factor_clear(&f);
    return st;
}

/* A text outcome of no scale: an error, saying how to give its order (or,
 * when most values are numbers, naming the first that is not). */
static int text_outcome_error(const design_ctx *x, const icstat_column *c)
{
    int st = design_comma_number(x, c, "");
    if (st != ICSTAT_OK)
        return st;
    if (design_mostly_numeric(x->t, c)) {
        char hint[128];
        snprintf(hint, sizeof hint, "; give the categories in order with %s", x->lab.categories);
        return design_not_numeric(x, c, hint);
    }
    return icstat_error_set(x->err, ICSTAT_EUSAGE, NULL, 0,
                            "outcome '%s' is text; give its categories in order, e.g. %s "
                            "\"Outstanding,Good,Requires improvement,Inadequate\"",
                            c->name, x->lab.categories);
}

/* A numeric outcome: its distinct values in numeric order. */
static int code_sorted(design_ctx *x, const icstat_column *c)
{
    icstat_design *d = x->d;
    icstat_factor f;
    const int st = icstat_factor_build(c, x->t->nrow, NULL, &f, x->err);
    if (st != ICSTAT_OK)
        return st;
    d->k = f.n_levels;
    d->cat_labels = f.levels; /* taken over */
    f.levels = NULL;
    memcpy(x->ycode, f.code, x->t->nrow * sizeof *x->ycode);
    icstat_factor_clear(&f);
    return ICSTAT_OK;
}

int design_code_outcome(design_ctx *x)
{
    const icstat_design_spec *spec = x->spec;
    if (spec->binary)
        return code_binary(x);
    const long col = design_column(x, spec->outcome, "outcome");
    if (col < 0)
        return ICSTAT_EDATA;
    const icstat_column *c = &x->t->cols[col];
    int st = design_all_missing(x, col, x->lab.outcome);
    if (st != ICSTAT_OK)
        return st;
    if (!(x->d->outcome_name = strdup(spec->outcome)))
        return DESIGN_NOMEM(x->err);
    if (spec->categories)
        return code_listed(x, c);
    if (spec->scale || !c->is_numeric) {
        int used = 0;
        if ((st = code_scale(x, c, spec->scale, &used)) != ICSTAT_OK || used)
            return st;
    }
    return c->is_numeric ? code_sorted(x, c) : text_outcome_error(x, c);
}
