/* text.c — a value quoted in a message, a name's suffix (see text.h). */
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

int icstat_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n <= k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char ch = s[n - k + i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != suffix[i])
            return 0;
    }
    return 1;
}
