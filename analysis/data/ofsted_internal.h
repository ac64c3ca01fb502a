/* ofsted_internal.h — what ofsted_import.c and ofsted_values.c share:
 * the text helpers every value is read with.  [b, e) is a span of a
 * field's text. */
#ifndef ICSTAT_OFSTED_INTERNAL_H
#define ICSTAT_OFSTED_INTERNAL_H

#include <stddef.h>

/* The span of s without spaces and tabs at either end. */
void ofsted_trim(const char *s, const char **b, const char **e);
/* [b, e) equals word (lower case), ignoring ASCII case. */
int ofsted_span_is(const char *b, const char *e, const char *word);
/* Empty, ".", NA, N/A or NULL in any case: the missing tokens. */
int ofsted_missing_span(const char *b, const char *e);
/* A whole number from lo to hi ("2.0" too): 1 and *out, else -1. */
int ofsted_parse_whole(const char *b, const char *e, double lo, double hi, double *out);
/* "1,234": the digits into buf (size bytes); 0 when it is anything else. */
int ofsted_strip_thousands(const char *b, const char *e, char *buf, size_t size);
/* Digits, or digits and ".0", ".00", ... (a pandas or Excel round trip):
 * how many digits, else 0. */
size_t ofsted_whole_digits(const char *b, const char *e);

#endif
