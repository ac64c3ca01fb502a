/* spec_text.c — spec files: the text, its lines, its layout (contract in
 * include/icstat/spec_text.h).  The reading and the line loop were
 * sim_spec.c's; the ofsted_mi spec (sim_ofsted_spec.c) reads the same way,
 * so both now come from here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/factor.h"
#include "icstat/spec_text.h"
#include "icstat/table.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

int icstat_spec_read_text(const char *path, char **text, const char **name, icstat_error *err)
{
    *text = NULL;
    const int is_stdin = strcmp(path, "-") == 0;
    if (is_stdin)
        path = "<stdin>";
    *name = path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return icstat_error_set(err, ICSTAT_EDATA, path, 0, "cannot open file: %s",
                                strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    int nul = 0, too_large = 0;
    /* Each read is checked for a NUL at once, so /dev/zero stops at its
     * first byte instead of filling the buffer to its limit. */
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        if (memchr(buf + len, '\0', got)) {
            len += got;
            nul = 1;
            break;
        }
        len += got;
        if (cap - len < 2) {
            too_large = cap >= (1u << 24);
            char *grown = too_large ? NULL : realloc(buf, cap *= 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    const int bad = ferror(f);
    if (!is_stdin)
        fclose(f);
    if (!buf && too_large)
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "spec too large (over 16 MB; a spec is a few lines)");
    if (!buf)
        return NOMEM();
    if (bad) {
        free(buf);
        return icstat_error_set(err, ICSTAT_EDATA, path, 0, "read failed");
    }
    buf[len] = '\0';
    /* A byte order mark first: UTF-16 and UTF-32 hold NULs. */
    const char *enc = icstat_text_bom_encoding(buf, len);
    if (enc) {
        free(buf);
        return icstat_error_set(err, ICSTAT_EDATA, path, 1,
                                "the file is %s text (it starts with a %s byte order mark); "
                                "convert it with iconv -f %s -t UTF-8", enc, enc, enc);
    }
    if (nul) {
        free(buf);
        return icstat_error_set(err, ICSTAT_EDATA, path, 0, "NUL byte: not a text file");
    }
    *text = buf;
    return ICSTAT_OK;
}

int icstat_spec_lines(const char *name, const char *text, icstat_spec_line_fn fn, void *ctx,
                      icstat_error *err)
{
    int st = ICSTAT_OK;
    long line = 0;
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 byte order mark */
        text += 3;
    for (const char *p = text; *p && st == ICSTAT_OK;) {
        /* LF, CRLF and CR (old Mac Excel) each end a line. */
        size_t len = strcspn(p, "\r\n");
        line++;
        if (icstat_utf8_prefix(p, len) < len)
            return icstat_error_set(err, ICSTAT_EDATA, name, line,
                                    "the line is not UTF-8 text (byte 0x%02X); convert the "
                                    "file, e.g. iconv -f WINDOWS-1252 -t UTF-8",
                                    (unsigned char)p[icstat_utf8_prefix(p, len)]);
        char *raw = strndup(p, len);
        p += len;
        p += *p == '\r' && p[1] == '\n' ? 2 : *p ? 1 : 0;
        if (!raw)
            return NOMEM();
        char *hash = strchr(raw, '#');
        if (hash)
            *hash = '\0';
        char *eq = strchr(raw, '=');
        char *all = icstat_trimmed_copy(raw);
        if (!all) {
            free(raw);
            return NOMEM();
        }
        if (all[0] && !eq)
            st = icstat_error_set(err, ICSTAT_EDATA, name, line,
                                  "'%s' is not a `key = value` line", all);
        if (all[0] && eq) {
            *eq = '\0';
            char *key = icstat_trimmed_copy(raw), *value = icstat_trimmed_copy(eq + 1);
            if (!key || !value)
                st = NOMEM();
            else if (!key[0] || !value[0])
                st = icstat_error_set(err, ICSTAT_EDATA, name, line,
                                      "'%s' needs both a key and a value", all);
            else
                st = fn(ctx, key, value, line, err);
            free(key);
            free(value);
        }
        free(all);
        free(raw);
    }
    return st == ICSTAT_SPEC_STOP ? ICSTAT_OK : st;
}

int icstat_spec_layout_lookup(const char *value)
{
    if (strcmp(value, "inspections") == 0)
        return ICSTAT_LAYOUT_INSPECTIONS;
    if (strcmp(value, "ofsted_mi") == 0)
        return ICSTAT_LAYOUT_OFSTED_MI;
    return -1;
}

typedef struct {
    const char *name;
    icstat_spec_layout layout;
} layout_walk;

/* The first key line decides, and ends the walk. */
static int first_key(void *ctx, char *key, char *value, long line, icstat_error *err)
{
    layout_walk *w = ctx;
    if (strcmp(key, "layout") != 0)
        return ICSTAT_SPEC_STOP;
    const int k = icstat_spec_layout_lookup(value);
    if (k < 0)
        return icstat_error_set(err, ICSTAT_EDATA, w->name, line,
                                "unknown layout '%s' (use inspections or ofsted_mi)", value);
    w->layout = (icstat_spec_layout)k;
    return ICSTAT_SPEC_STOP;
}

int icstat_spec_layout_of(const char *name, const char *text, icstat_spec_layout *layout,
                          icstat_error *err)
{
    layout_walk w = {name, ICSTAT_LAYOUT_INSPECTIONS};
    const int st = icstat_spec_lines(name, text, first_key, &w, err);
    *layout = w.layout;
    return st;
}
