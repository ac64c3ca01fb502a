/* text.h — small text helpers every layer shares: a value quoted in a
 * message, a file name's suffix. */
#ifndef ICSTAT_TEXT_H
#define ICSTAT_TEXT_H

#include <stddef.h>

/* s for a message: whole when shorter than size, else cut at a UTF-8
 * character boundary and ended with "...".  Returns buf. */
const char *icstat_value_excerpt(const char *s, char *buf, size_t size);
#define ICSTAT_EXCERPT_SIZE 64

/* 1 when s is a name followed by suffix (".svg"), ignoring ASCII case;
 * the suffix alone is not such a name.  suffix is lower case. */
int icstat_has_suffix(const char *s, const char *suffix);

#endif
