/* text.h — a value quoted in a message: the one helper every layer's
 * messages share. */
#ifndef ICSTAT_TEXT_H
#define ICSTAT_TEXT_H

#include <stddef.h>

/* s for a message: whole when shorter than size, else cut at a UTF-8
 * character boundary and ended with "...".  Returns buf. */
const char *icstat_value_excerpt(const char *s, char *buf, size_t size);
#define ICSTAT_EXCERPT_SIZE 64

#endif
