/* chart_png.c — a png's resolution, recorded after cairo has drawn it:
 * gnuplot's pngcairo writes no pHYs chunk (checked on gnuplot 5.4 with
 * cairo 1.16), so a png drawn at 300 dpi would open at 96 in a word
 * processor, four times too large.  The chunk is written here, as the PNG
 * specification (ISO/IEC 15948, sections 5.3 and 11.3.5.3) lays it out: a
 * 4-byte big-endian length, the type "pHYs", nine bytes of data (pixels
 * per unit x and y, unit 1 = the metre) and a CRC-32 of type and data,
 * placed before the first IDAT (here: right after IHDR).  The CRC is the
 * specification's (Annex D): polynomial 0xEDB88320, reflected, computed
 * bit by bit, as a few hundred bytes are all it ever covers
 * (chart_internal.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

/* CRC-32 of the PNG specification over b[0..n-1]. */
static unsigned long png_crc(const unsigned char *b, size_t n)
{
    unsigned long crc = 0xFFFFFFFFUL;
    for (size_t i = 0; i < n; i++) {
        crc ^= b[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320UL & (0UL - (crc & 1UL)));
    }
    return crc ^ 0xFFFFFFFFUL;
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static unsigned long get32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
           (unsigned long)p[3];
}

/* The whole file at path, malloc'd, into *data and *len. */
static int read_all(const char *path, unsigned char **data, size_t *len, icstat_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot open: %s", strerror(errno));
    unsigned char *d = NULL;
    size_t n = 0, cap = 0, got;
    int st = ICSTAT_OK;
    do {
        if (n == cap) {
            unsigned char *g = realloc(d, cap = cap ? 2 * cap : 65536);
            if (!g) {
                st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
                break;
            }
            d = g;
        }
        got = fread(d + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (st == ICSTAT_OK && ferror(f))
        st = icstat_error_set(err, ICSTAT_EIO, path, 0, "read failed");
    fclose(f);
    if (st != ICSTAT_OK) {
        free(d);
        return st;
    }
    *data = d;
    *len = n;
    return ICSTAT_OK;
}

/* The file at path: its signature, its IHDR first (as the specification
 * requires), and the chunks after, each inside the file; *after_ihdr the
 * offset of the chunk after IHDR and *phys the offset of a pHYs chunk (0:
 * none).  0, or -1 when it is not such a png. */
static int png_layout(const unsigned char *d, size_t len, size_t *after_ihdr, size_t *phys)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (len < 8 + 25 || memcmp(d, sig, 8) != 0 || get32(d + 8) != 13 ||
        memcmp(d + 12, "IHDR", 4) != 0)
        return -1;
    *after_ihdr = 8 + 25;
    *phys = 0;
    for (size_t at = *after_ihdr; at < len;) {
        if (len - at < 12 || get32(d + at) > len - at - 12)
            return -1;
        if (memcmp(d + at + 4, "pHYs", 4) == 0)
            *phys = at;
        if (memcmp(d + at + 4, "IEND", 4) == 0)
            return 0;
        at += 12 + get32(d + at);
    }
    return -1;
}

int chart_png_set_dpi(const char *path, unsigned dpi, icstat_error *err)
{
    unsigned char *d = NULL;
    size_t len = 0, after, phys;
    int st = read_all(path, &d, &len, err);
    if (st != ICSTAT_OK)
        return st;
    if (png_layout(d, len, &after, &phys) != 0) {
        free(d);
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "gnuplot's png is not a png icstat can read, so its resolution "
                                "cannot be recorded");
    }
    /* Pixels per metre: dpi / 0.0254, rounded (300 dpi -> 11811). */
    const unsigned long ppm = (unsigned long)((double)dpi / 0.0254 + 0.5);
    unsigned char chunk[21];
    put32(chunk, 9);
    static const unsigned char type[4] = {'p', 'H', 'Y', 's'}; /* bytes, not a string */
    memcpy(chunk + 4, type, sizeof type);
    put32(chunk + 8, ppm);
    put32(chunk + 12, ppm);
    chunk[16] = 1; /* the unit: the metre */
    put32(chunk + 17, png_crc(chunk + 4, 13));
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(d);
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot write: %s", strerror(errno));
    }
    /* The file again: up to IHDR's end, the chunk, then the rest but any
     * pHYs it had (21 bytes, as its length is 9). */
    const size_t skip = phys && get32(d + phys) == 9 ? phys : 0;
    int ok = fwrite(d, 1, after, f) == after && fwrite(chunk, 1, sizeof chunk, f) == sizeof chunk;
    if (ok && skip) {
        ok = fwrite(d + after, 1, skip - after, f) == skip - after &&
             fwrite(d + skip + 21, 1, len - skip - 21, f) == len - skip - 21;
    } else if (ok) {
        ok = fwrite(d + after, 1, len - after, f) == len - after;
    }
    if (fclose(f) != 0)
        ok = 0;
    free(d);
    return ok ? ICSTAT_OK
              : icstat_error_set(err, ICSTAT_EIO, path, 0, "write failed: %s", strerror(errno));
}
