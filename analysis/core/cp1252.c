/* cp1252.c — Windows-1252 text to UTF-8 (see cp1252.h).  The table is
 * the Unicode Consortium's mapping of code page 1252 (bestfit1252.txt):
 * 0xA0-0xFF are U+00A0-U+00FF as in Latin-1; 0x80-0x9F differ. */
#include <string.h>

#include "icstat/cp1252.h"

static const unsigned short c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80-87 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      /* 88-8F */
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90-97 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, /* 98-9F */
};

unsigned icstat_cp1252_c1(unsigned char b)
{
    return b >= 0x80 && b <= 0x9F ? c1[b - 0x80] : 0;
}

/* u (below U+10000) as UTF-8 at out; returns the bytes written. */
static size_t put_utf8(unsigned u, char *out)
{
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (u >> 12));
    out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F));
    return 3;
}

size_t icstat_cp1252_decode(const char *in, size_t n, char *out, size_t *bad)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char b = (unsigned char)in[i];
        const unsigned u = b >= 0x80 && b <= 0x9F ? c1[b - 0x80] : b;
        if (u == 0 && b != 0) {
            if (bad)
                *bad = i;
            return (size_t)-1;
        }
        o += put_utf8(u, out + o);
    }
    return o;
}

size_t icstat_cp1252_repair(char *s, size_t cap)
{
    size_t len = strlen(s), grow = 0, count = 0;
    /* First the room needed: C2 xx (2 bytes) becomes 2 or 3 bytes. */
    for (size_t i = 0; i + 1 < len; i++)
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9F && c1[(unsigned char)s[i + 1] - 0x80] >= 0x800)
            grow++;
    if (len + grow + 1 > cap)
        return (size_t)-1;
    /* Then from the end, so nothing is overwritten before it is read. */
    size_t o = len + grow;
    s[o] = '\0';
    for (size_t i = len; i-- > 0;) {
        const unsigned char b = (unsigned char)s[i];
        unsigned u;
        if (i > 0 && (unsigned char)s[i - 1] == 0xC2 && b >= 0x80 && b <= 0x9F &&
            (u = c1[b - 0x80]) != 0) {
            char tmp[3];
            size_t k = put_utf8(u, tmp);
            o -= k;
            memcpy(s + o, tmp, k);
            i--; /* the C2 too */
            count++;
        } else {
            s[--o] = (char)b;
        }
    }
    return count;
}
