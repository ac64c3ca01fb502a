/* condition.h — "COL=VALUE", "COL!=VALUE", "COL>=3" and the like: the row
 * filters of `describe --where` and the outcome of `fit --binary`.
 *
 * Equality compares trimmed text, or numbers when both sides are numbers
 * ("2.0" equals "2"); orderings need numbers.  A missing cell meets no
 * condition. */
#ifndef ICSTAT_CONDITION_H
#define ICSTAT_CONDITION_H

#include "icstat/status.h"

typedef enum {
    ICSTAT_COND_EQ, ICSTAT_COND_NE, ICSTAT_COND_LT, ICSTAT_COND_LE, ICSTAT_COND_GT,
    ICSTAT_COND_GE
} icstat_cond_op;

typedef struct {
    char *column;  /* trimmed */
    icstat_cond_op op;
    char *value;   /* trimmed */
    double num;
    int numeric;   /* value is a number */
} icstat_condition;

/* Why a condition could not be read. */
enum {
    ICSTAT_COND_OK = 0,
    ICSTAT_COND_NO_OPERATOR,  /* nothing to compare with */
    ICSTAT_COND_BARE_BANG,    /* "!" without "=" */
    ICSTAT_COND_EMPTY_SIDE,   /* no column or no value */
    ICSTAT_COND_NOT_NUMBER,   /* an ordering with text on its right */
    ICSTAT_COND_NOMEM
};

/* Parse s; the first operator decides ("a=b!=c" asks for a equal to
 * "b!=c").  With equality_only, only = and != are operators.  Returns a
 * reason above; on failure c holds nothing to free (with NOT_NUMBER, c->op
 * still says which ordering it was). */
int icstat_condition_parse(const char *s, int equality_only, icstat_condition *c);

/* Why condition `text` could not be read (cs, a reason above but NOMEM),
 * in err with `status`, the message starting with `what`, the caller's
 * name for where the text came from: "--where takes COL=VALUE, COL!=VALUE
 * or COL<N (also <=, >, >=) (got 'phase')", or for an ordering of text
 * "--where: an ordering (<, <=, >, >=) compares with a number (got
 * 'grade>=good')".  Returns status. */
int icstat_condition_refusal(icstat_error *err, int status, const char *what, const char *text,
                             int cs);

/* The operator as written: "=", "!=", "<", "<=", ">", ">=". */
const char *icstat_condition_op_name(icstat_cond_op op);

/* 1 when cell meets the condition, 0 when not (or missing), -1 when an
 * ordering meets a cell that is not a number. */
int icstat_condition_holds(const icstat_condition *c, const char *cell);

void icstat_condition_clear(icstat_condition *c);

#endif
