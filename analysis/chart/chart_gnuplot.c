/* chart_gnuplot.c — running gnuplot on a chart's script, without a shell
 * (spawn.h), and what it leaves: its messages, with the names the user
 * will see, and a pdf's dates blanked so that identical input gives an
 * identical file (chart_internal.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "icstat/spawn.h"
#include "icstat/strlist.h"

/* gnuplot names the files it reads in its messages, and those are the
 * staged temporaries (NAME.tmpXXXXXX, outfile.h): give them the names the
 * user will have, so that the message is right and the same every run.
 * Each name in tmps[0..n-1] found in s loses its ".tmpXXXXXX", in place. */
static void unstage_names(char *s, const char *const *tmps, size_t n)
{
    static const size_t suffix = sizeof ".tmpXXXXXX" - 1;
    for (size_t i = 0; i < n; i++) {
        const size_t len = strlen(tmps[i]);
        if (len <= suffix)
            continue;
        for (char *p = strstr(s, tmps[i]); p; p = strstr(p + len - suffix, tmps[i]))
            memmove(p + len - suffix, p + len, strlen(p + len) + 1);
    }
}

/* The last non-empty line of what gnuplot said, trimmed, into buf. */
static void last_line(FILE *f, char *buf, size_t len)
{
    char line[1024];
    buf[0] = '\0';
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p) { /* copied by hand: a long line is cut, knowingly */
            size_t k = strlen(p) < len - 1 ? strlen(p) : len - 1;
            memcpy(buf, p, k);
            buf[k] = '\0';
        }
    }
}

/* Run `gnuplot -d -e 'OUTPUT = "tmp"; DATA = "dat"; FORMAT = "svg"' ./NAME.gp` in OUT's directory (no shell,
 * stdin from /dev/null, its output collected), so that the script's
 * relative names resolve as they will for a user. */
int chart_run_gnuplot(chart_ctx *c, const char *gnuplot, const char *dir, const char *gp_name,
                      const char *dat_name, const char *tmp_name, char ***notes,
                      size_t *n_notes)
{
    FILE *log = tmpfile();
    char *script = NULL;
    chart_buf set = {0};
    int st = ICSTAT_OK;
    if (!log)
        return icstat_error_set(c->err, ICSTAT_EIO, c->spec->output, 0,
                                "cannot make a temporary file: %s", strerror(errno));
    /* The script and its data are still staged under temporary names, and
     * the image goes to one: the script reads DATA and OUTPUT when they
     * are set already.  gnuplot reads -e like a line of the script. */
    chart_printf(&set, "OUTPUT = ");
    chart_quote_name(&set, tmp_name);
    chart_printf(&set, "; DATA = ");
    chart_quote_name(&set, dat_name);
    chart_printf(&set, "; FORMAT = \"%s\"",
                 c->fmt == ICSTAT_CHART_SVG ? "svg" : c->fmt == ICSTAT_CHART_PNG ? "png" : "pdf");
    script = malloc(strlen(gp_name) + 3);
    if (!script || set.failed) {
        st = chart_nomem(c);
        goto done;
    }
    sprintf(script, "./%s", gp_name);
    char *argv[] = {"gnuplot", "-d", "-e", set.s, script, NULL};
    int code;
    if ((st = icstat_spawn_run(gnuplot, argv, dir, fileno(log), fileno(log), &code, c->err)) !=
        ICSTAT_OK)
        goto done;
    char said[700];
    const char *const tmps[] = {gp_name, dat_name, tmp_name};
    last_line(log, said, sizeof said);
    unstage_names(said, tmps, 3);
    if (code != 0) {
        if (code == 126)
            st = icstat_error_set(c->err, ICSTAT_EIO, dir, 0, "cannot run gnuplot here");
        else
            st = icstat_error_set(c->err, ICSTAT_EDATA, c->spec->output, 0,
                                  "gnuplot could not draw the chart from %s.gp%s%s",
                                  c->stem, said[0] ? ": " : "", said);
        goto done;
    }
    /* Anything gnuplot says on success is a warning worth passing on. */
    rewind(log);
    char line[1024];
    while (fgets(line, sizeof line, log)) {
        line[strcspn(line, "\r\n")] = '\0';
        unstage_names(line, tmps, 3);
        if (line[0] && notes && icstat_strlist_addf(notes, n_notes, "gnuplot: %s", line) != 0) {
            st = chart_nomem(c);
            break;
        }
    }
done:
    fclose(log);
    chart_buf_free(&set);
    free(script);
    return st;
}

/* Blank the date cairo writes into a pdf ("/CreationDate (D:...)"), byte
 * for byte with spaces, which a pdf dictionary allows anywhere between
 * its entries; the cross-reference offsets stay right. */
int chart_pdf_blank_dates(const char *path, icstat_error *err)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot open: %s", strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    int st = ICSTAT_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            char *d = realloc(data, cap);
            if (!d) {
                st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
                goto done;
            }
            data = d;
        }
        memcpy(data + len, chunk, n);
        len += n;
    }
    static const char *const keys[] = {"/CreationDate (", "/ModDate ("};
    for (size_t k = 0; k < 2; k++) {
        const size_t kl = strlen(keys[k]);
        for (size_t i = 0; i + kl < len; i++) {
            if (memcmp(data + i, keys[k], kl) != 0)
                continue;
            size_t j = i + kl;
            while (j < len && data[j] != ')' && j - i < 64)
                j++;
            if (j >= len || data[j] != ')')
                continue;
            memset(data + i, ' ', j - i + 1);
            if (fseek(f, (long)i, SEEK_SET) != 0 || fwrite(data + i, 1, j - i + 1, f) != j - i + 1) {
                st = icstat_error_set(err, ICSTAT_EIO, path, 0, "write failed: %s",
                                      strerror(errno));
                goto done;
            }
        }
    }
done:
    if (fclose(f) != 0 && st == ICSTAT_OK)
        st = icstat_error_set(err, ICSTAT_EIO, path, 0, "write failed: %s", strerror(errno));
    free(data);
    return st;
}
