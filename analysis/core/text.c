/* text.c — a value quoted in a message (see text.h). */
#include <string.h>

#include "icstat/text.h"

const char *icstat_value_excerpt(const char *s, char *buf, size_t size)
{
    if (!s || size < 8) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    size_t n = strlen(s);
    if (n < size) {
        memcpy(buf, s, n + 1);
        return buf;
    }
    /* Cut at a character boundary and mark the cut. */
    n = size - 4;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "...", 4);
    return buf;
}
