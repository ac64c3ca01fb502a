/* condition.c — reading and testing "COL op VALUE" conditions. */
#include <stdlib.h>
#include <string.h>

#include "icstat/condition.h"
#include "icstat/factor.h"
#include "icstat/table.h"

void icstat_condition_clear(icstat_condition *c)
{
    free(c->column);
    free(c->value);
    memset(c, 0, sizeof *c);
}

int icstat_condition_refusal(icstat_error *err, int status, const char *what, const char *text,
                             int cs)
{
    if (cs == ICSTAT_COND_NOT_NUMBER)
        return icstat_error_set(err, status, NULL, 0,
                                "%s: an ordering (<, <=, >, >=) compares with a number "
                                "(got '%s')", what, text);
    return icstat_error_set(err, status, NULL, 0,
                            "%s takes COL=VALUE, COL!=VALUE or COL<N (also <=, >, >=) "
                            "(got '%s')", what, text);
}

const char *icstat_condition_op_name(icstat_cond_op op)
{
    static const char *const names[] = {"=", "!=", "<", "<=", ">", ">="};
    return names[op];
}

int icstat_condition_parse(const char *s, int equality_only, icstat_condition *c)
{
    memset(c, 0, sizeof *c);
    const char *o = s;
    for (; *o; o++)
        if (*o == '=' || (*o == '!' && (o[1] == '=' || !equality_only)) ||
            (!equality_only && (*o == '<' || *o == '>')))
            break;
    if (!*o)
        return ICSTAT_COND_NO_OPERATOR;
    size_t len = o[1] == '=' ? 2 : 1;
    switch (o[0]) {
    case '=':
        c->op = ICSTAT_COND_EQ; /* "==" too */
        break;
    case '!':
        if (len == 1)
            return ICSTAT_COND_BARE_BANG;
        c->op = ICSTAT_COND_NE;
        break;
    case '<':
        c->op = len == 2 ? ICSTAT_COND_LE : ICSTAT_COND_LT;
        break;
    default:
        c->op = len == 2 ? ICSTAT_COND_GE : ICSTAT_COND_GT;
        break;
    }
    if (o[0] == '=' && equality_only)
        len = 1; /* "a==b" in a filter means a equal to "=b", as before */
    char *lhs = strndup(s, (size_t)(o - s));
    c->column = lhs ? icstat_trimmed_copy(lhs) : NULL;
    free(lhs);
    c->value = icstat_trimmed_copy(o + len);
    if (!c->column || !c->value) {
        icstat_condition_clear(c);
        return ICSTAT_COND_NOMEM;
    }
    if (!c->column[0] || !c->value[0]) {
        icstat_condition_clear(c);
        return ICSTAT_COND_EMPTY_SIDE;
    }
    c->numeric = icstat_parse_double(c->value, &c->num);
    if (!c->numeric && c->op != ICSTAT_COND_EQ && c->op != ICSTAT_COND_NE) {
        const icstat_cond_op op = c->op;
        icstat_condition_clear(c);
        c->op = op; /* for the message */
        return ICSTAT_COND_NOT_NUMBER;
    }
    return ICSTAT_COND_OK;
}

int icstat_condition_holds(const icstat_condition *c, const char *cell)
{
    if (!cell)
        return 0;
    double v;
    const int num = icstat_parse_double(cell, &v);
    if (c->op == ICSTAT_COND_EQ || c->op == ICSTAT_COND_NE) {
        int eq;
        if (c->numeric && num) {
            eq = v == c->num;
        } else {
            while (*cell == ' ' || *cell == '\t')
                cell++;
            size_t len = strlen(cell);
            while (len && (cell[len - 1] == ' ' || cell[len - 1] == '\t'))
                len--;
            eq = strlen(c->value) == len && strncmp(cell, c->value, len) == 0;
        }
        return c->op == ICSTAT_COND_EQ ? eq : !eq;
    }
    if (!num)
        return -1;
    switch (c->op) {
    case ICSTAT_COND_LT:
        return v < c->num;
    case ICSTAT_COND_LE:
        return v <= c->num;
    case ICSTAT_COND_GT:
        return v > c->num;
    default:
        return v >= c->num;
    }
}
