/* chart.c — a chart from start to end (chart.h): the kinds and the csv
 * each reads, the formats, and icstat_chart_render, which reads INPUT, has
 * the kind build the chart, writes NAME.gp and NAME.dat and runs gnuplot to
 * make OUT, all three renamed into place together or none.  The phases a
 * kind goes through, and where each has its home, are in
 * chart_internal.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart_internal.h"
#include "icstat/cleanup.h"
#include "icstat/outfile.h"
#include "icstat/spawn.h"
#include "icstat/strlist.h"
#include "icstat/text.h"

void chart_ctx_clear(chart_ctx *c)
{
    free(c->title);
    free(c->subtitle);
    free(c->note);
    free(c->xlabel);
    free(c->ylabel);
    free(c->facts);
    chart_buf_free(&c->vars);
    chart_buf_free(&c->body);
    chart_buf_free(&c->dat);
}

/* ---- Kinds and formats ---------------------------------------------------- */

static const struct {
    const char *name;
    int (*build)(chart_ctx *c);
    const char *source; /* the command whose csv the kind reads */
} kinds[ICSTAT_CHART_NKINDS] = {
    [ICSTAT_CHART_STACKED] = {"stacked", chart_build_stacked, "describe"},
    [ICSTAT_CHART_FOREST] = {"forest", chart_build_forest, "fit"},
    [ICSTAT_CHART_CATERPILLAR] = {"caterpillar", chart_build_caterpillar, "fit --effects"},
    [ICSTAT_CHART_AGREEMENT] = {"agreement", chart_build_agreement, "agree"},
    [ICSTAT_CHART_HEATMAP] = {"heatmap", chart_build_heatmap, "agree --table"},
    [ICSTAT_CHART_PROPORTIONS] = {"proportions", chart_build_proportions,
                                  "describe --proportions"},
    [ICSTAT_CHART_POWER] = {"power", chart_build_power, "power"},
    [ICSTAT_CHART_MARGINS] = {"margins", chart_build_margins, "fit --margins"},
    [ICSTAT_CHART_COMPARE] = {"compare", chart_build_compare, "describe --compare"},
    [ICSTAT_CHART_TREND] = {"trend", chart_build_trend, "describe --by-period"},
};

int icstat_chart_kind_lookup(const char *name)
{
    for (int k = 0; k < ICSTAT_CHART_NKINDS; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return k;
    return -1;
}

const char *icstat_chart_kind_name(icstat_chart_kind kind)
{
    return (unsigned)kind < ICSTAT_CHART_NKINDS ? kinds[kind].name : "?";
}

int icstat_chart_format_from_path(const char *path)
{
    if (icstat_has_suffix(path, ".svg"))
        return ICSTAT_CHART_SVG;
    if (icstat_has_suffix(path, ".png"))
        return ICSTAT_CHART_PNG;
    if (icstat_has_suffix(path, ".pdf"))
        return ICSTAT_CHART_PDF;
    return -1;
}

int icstat_chart_files(const char *out, char **gp, char **dat)
{
    /* The stem: OUT less its extension (.svg, .png or .pdf, checked by
     * the caller; anything else is kept whole). */
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    const size_t len = dot && (!slash || dot > slash) && icstat_chart_format_from_path(out) >= 0
                           ? (size_t)(dot - out)
                           : strlen(out);
    *gp = malloc(len + 4);
    *dat = malloc(len + 5);
    if (!*gp || !*dat) {
        free(*gp);
        free(*dat);
        *gp = *dat = NULL;
        return -1;
    }
    sprintf(*gp, "%.*s.gp", (int)len, out);
    sprintf(*dat, "%.*s.dat", (int)len, out);
    return 0;
}

unsigned icstat_chart_png_pixels(unsigned css, unsigned dpi)
{
    return dpi ? (unsigned)((double)css * dpi / 96.0 + 0.5) : css;
}

/* One dimension of --size: digits only, 200 to 4000. */
static int parse_dim(const char *s, size_t n, unsigned *out)
{
    if (n == 0 || n > 4)
        return -1;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v < 200 || v > 4000)
        return -1;
    *out = v;
    return 0;
}

int icstat_chart_parse_size(const char *s, unsigned *w, unsigned *h)
{
    const char *x = strchr(s, 'x');
    unsigned a, b;
    if (!x || parse_dim(s, (size_t)(x - s), &a) != 0 || parse_dim(x + 1, strlen(x + 1), &b) != 0)
        return -1;
    *w = a;
    *h = b;
    return 0;
}

const char *chart_kind_source(icstat_chart_kind kind)
{
    return (unsigned)kind < ICSTAT_CHART_NKINDS ? kinds[kind].source : "?";
}

/* ---- Files ----------------------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The directory part of path ("." when none), malloc'd. */
static char *dir_name(const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s)
        return strdup(".");
    if (s == path)
        return strdup("/");
    return strndup(path, (size_t)(s - path));
}

/* Stage b as one output of the set. */
static int stage_file(icstat_outset *set, const char *path, const chart_buf *b, icstat_error *err)
{
    FILE *f;
    int st = icstat_outset_open(set, path, &f, err);
    if (st != ICSTAT_OK)
        return st;
    if (b->len && fwrite(b->s, 1, b->len, f) != b->len)
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "write failed: %s", strerror(errno));
    return ICSTAT_OK;
}

/* Append the file at `path` to the stream f (the output `name`). */
static int copy_file(const char *path, FILE *f, const char *name, icstat_error *err)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot open: %s", strerror(errno));
    char buf[65536];
    size_t n;
    int st = ICSTAT_OK;
    while (st == ICSTAT_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, f) != n)
            st = icstat_error_set(err, ICSTAT_EIO, name, 0, "write failed: %s", strerror(errno));
    if (st == ICSTAT_OK && ferror(in))
        st = icstat_error_set(err, ICSTAT_EIO, path, 0, "read failed: %s", strerror(errno));
    fclose(in);
    return st;
}

/* ---- Render ---------------------------------------------------------------- */

/* One rendering: the chart being built and what is made for it.  (The
 * chart, the script and the outputs are the caller's locals, reached by
 * pointer: their addresses go to other files' functions, and the names
 * malloc'd here stay in a struct whose own address never does, so that
 * clang's analyzer can follow them to render_free.) */
typedef struct {
    chart_ctx *c;
    icstat_table *t;
    chart_buf *gp;            /* the script */
    icstat_outset *outs;      /* NAME.dat, NAME.gp and OUT, staged */
    char *gp_path, *dat_path; /* NAME.gp, NAME.dat */
    char *dir;                /* OUT's directory, where gnuplot runs */
    char *gnuplot;            /* its path */
    char *tmp;                /* the image gnuplot draws ("" until made) */
    int keep_gp;              /* NAME.gp was edited by its user: kept, drawn from */
} render_state;

static void render_free(render_state *r)
{
    icstat_outset_abort(r->outs);
    if (r->tmp && r->tmp[0]) {
        unlink(r->tmp);
        icstat_cleanup_untrack(r->tmp);
    }
    free(r->tmp);
    free(r->gp_path);
    free(r->dat_path);
    free(r->dir);
    free(r->gnuplot);
    chart_buf_free(r->gp);
    chart_ctx_clear(r->c);
    icstat_table_free(r->t);
}

/* What the caller must have checked (chart.h), checked again before any
 * I/O: a kind, an OUT that names a format, and a file name that leaves
 * room for ".dat". */
static int render_check(const icstat_chart_spec *spec, icstat_error *err)
{
    if ((unsigned)spec->kind >= ICSTAT_CHART_NKINDS)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "unknown chart kind");
    if (icstat_chart_format_from_path(spec->output) < 0)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "'%s': the chart's file name must end in .svg, .png or .pdf",
                                spec->output);
    const size_t len = strlen(base_name(spec->output));
    if (len == 0 || len > ICSTAT_CHART_NAME_MAX)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "'%s': name too long",
                                spec->output);
    const char *size = spec->size_name ? spec->size_name : "size";
    const unsigned w = spec->width ? spec->width : (unsigned)CHART_BASE_W;
    const unsigned h = spec->height ? spec->height : (unsigned)CHART_BASE_H;
    if (w < ICSTAT_CHART_MIN_W || h < ICSTAT_CHART_MIN_H)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "%s %ux%u is too small for the chart's texts: the smallest is "
                                "%ux%u (texts are not set below 70%% of their size at 800x500)",
                                size, w, h, (unsigned)ICSTAT_CHART_MIN_W,
                                (unsigned)ICSTAT_CHART_MIN_H);
    if (spec->text_scale != 0.0 && !(spec->text_scale >= CHART_MIN_SCALE && spec->text_scale <= 10.0))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "the text scale must be from 0.7 to 10 (got %g)", spec->text_scale);
    if (spec->dpi && icstat_chart_format_from_path(spec->output) != ICSTAT_CHART_PNG)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "a resolution (dpi) applies to a png only: svg and pdf are "
                                "drawn to scale");
    if (spec->dpi && (spec->dpi < ICSTAT_CHART_DPI_MIN || spec->dpi > ICSTAT_CHART_DPI_MAX ||
                      icstat_chart_png_pixels(w, spec->dpi) > ICSTAT_CHART_PNG_MAX_PX ||
                      icstat_chart_png_pixels(h, spec->dpi) > ICSTAT_CHART_PNG_MAX_PX))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "%ux%u at %u dpi: the resolution must be %u to %u dpi and the "
                                "png at most %u pixels each way",
                                w, h, spec->dpi, (unsigned)ICSTAT_CHART_DPI_MIN,
                                (unsigned)ICSTAT_CHART_DPI_MAX,
                                (unsigned)ICSTAT_CHART_PNG_MAX_PX);
    return ICSTAT_OK;
}

/* Read INPUT and set up the chart: canvas, terminal metrics, names. */
static int render_open(render_state *r, const icstat_chart_spec *spec, icstat_error *err)
{
    icstat_table *t = NULL;
    int st = icstat_table_read(spec->input, &t, err);
    r->t = t;
    if (st != ICSTAT_OK || (st = icstat_table_need_rows(t, err)) != ICSTAT_OK)
        return st;
    chart_ctx *c = r->c;
    c->spec = spec;
    c->t = r->t;
    c->err = err;
    c->fmt = (icstat_chart_format)icstat_chart_format_from_path(spec->output);
    /* The layout is worked out on a canvas of the size's proportions,
     * 800 wide or 500 high (whichever is the larger canvas), and the
     * script draws it at the size: texts, margins and lines keep their
     * places and scale together. */
    const double w = spec->width ? spec->width : CHART_BASE_W;
    const double h = spec->height ? spec->height : CHART_BASE_H;
    c->scale = spec->text_scale > 0.0 ? spec->text_scale : fmin(w / CHART_BASE_W, h / CHART_BASE_H);
    c->W = w / c->scale;
    c->H = h / c->scale;
    /* gnuplot's svg sets the lines of a text 1.5 sizes apart, cairo's
     * about 1.15 (measured on gnuplot 5.4): one script draws every
     * format, so the layout leaves svg's room. */
    c->lh = 1.5;
    c->level = NAN;
    c->source_cmd = kinds[spec->kind].source;
    snprintf(c->input_name, sizeof c->input_name, "%s", base_name(r->t->path));
    snprintf(c->out_name, sizeof c->out_name, "%s", base_name(spec->output));
    const char *dot = strrchr(c->out_name, '.'); /* OUT ends in .svg, .png or .pdf */
    snprintf(c->stem, sizeof c->stem, "%.*s", dot ? (int)(dot - c->out_name) : 255, c->out_name);
    snprintf(c->dat_name, sizeof c->dat_name, "%.255s.dat", c->stem);
    return ICSTAT_OK;
}

/* The kind builds the chart; then the script is put together.  Texts that
 * leave no room for the plot are the user's to change (the size or the
 * texts): a usage error, naming the option (spec->size_name). */
static int render_build(render_state *r)
{
    chart_ctx *c = r->c;
    const icstat_chart_spec *spec = c->spec;
    int st = kinds[spec->kind].build(c);
    if (st != ICSTAT_OK)
        return st;
    if (c->cramped)
        return icstat_error_set(c->err, ICSTAT_EUSAGE, NULL, 0,
                                "chart %s: the texts leave no room for the plot in %gx%g pixels; "
                                "give a %s with more room for them (texts scale with the size: "
                                "a wider or taller shape, not only a larger one) or shorter "
                                "texts",
                                kinds[spec->kind].name, round(c->W * c->scale),
                                round(c->H * c->scale), spec->size_name ? spec->size_name : "size");
    if (c->vars.failed || c->body.failed || c->dat.failed)
        return chart_nomem(c);
    chart_compose_script(c, r->gp);
    return r->gp->failed ? chart_nomem(c) : ICSTAT_OK;
}

/* The script already at gp_path, when it is a regular file: icstat's as
 * icstat wrote it (replaced, as any output), edited since (kept, and the
 * chart drawn from it: *keep set), or not icstat's at all (an error:
 * nothing of the user's is overwritten or run). */
static int render_old_script(render_state *r, int *keep)
{
    chart_ctx *c = r->c;
    struct stat sb;
    *keep = 0;
    if (stat(r->gp_path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return ICSTAT_OK;
    FILE *f = fopen(r->gp_path, "rb");
    if (!f)
        return icstat_error_set(c->err, ICSTAT_EIO, r->gp_path, 0, "cannot read: %s",
                                strerror(errno));
    chart_buf old = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        chart_printf(&old, "%.*s", (int)n, chunk);
    const int failed = ferror(f);
    fclose(f);
    /* A NUL in it ends the text early: then it is not icstat's either. */
    int st = ICSTAT_OK;
    if (old.failed)
        st = chart_nomem(c);
    else if (failed)
        st = icstat_error_set(c->err, ICSTAT_EIO, r->gp_path, 0, "read failed");
    else {
        const int state = old.len == (size_t)sb.st_size
                              ? chart_script_state(old.s ? old.s : "", old.len)
                              : CHART_SCRIPT_FOREIGN;
        if (state == CHART_SCRIPT_FOREIGN)
            st = icstat_error_set(c->err, ICSTAT_EDATA, r->gp_path, 0,
                                  "not a chart script icstat wrote, so it is left as it is: "
                                  "move it, or name the chart differently");
        *keep = state == CHART_SCRIPT_EDITED;
    }
    chart_buf_free(&old);
    return st;
}

/* The data and the script, staged as the first two of the set of outputs
 * (outfile.h): NAME.dat is outs.files[0], NAME.gp outs.files[1], unless
 * the user edited NAME.gp: then it is kept (r->keep_gp) and not staged. */
static int render_stage(render_state *r)
{
    chart_ctx *c = r->c;
    const char *out = c->spec->output;
    if (icstat_chart_files(out, &r->gp_path, &r->dat_path) != 0)
        return chart_nomem(c);
    r->tmp = malloc(strlen(out) + 12);
    if (r->tmp)
        r->tmp[0] = '\0'; /* no temporary image to remove until mkstemp names one */
    r->dir = dir_name(out);
    if (!r->tmp || !r->dir)
        return chart_nomem(c);
    int st;
    if ((st = render_old_script(r, &r->keep_gp)) != ICSTAT_OK ||
        (st = stage_file(r->outs, r->dat_path, &c->dat, c->err)) != ICSTAT_OK ||
        (!r->keep_gp && (st = stage_file(r->outs, r->gp_path, r->gp, c->err)) != ICSTAT_OK))
        return st;
    return ICSTAT_OK;
}

/* Without gnuplot the script and its data are still of use: written, and
 * the error says how to install gnuplot and draw them. */
static int render_without_gnuplot(render_state *r)
{
    chart_ctx *c = r->c;
    int st = icstat_outset_commit(r->outs, c->err);
    if (st != ICSTAT_OK)
        return st;
    const int here = strcmp(r->dir, ".") == 0;
    return icstat_error_set(c->err, ICSTAT_EDATA, c->spec->output, 0,
                            "gnuplot is not installed, so only %s.gp and %s were written: "
                            "install it (Debian: apt-get install gnuplot-nox), then run "
                            "'gnuplot %s.gp'%s%s",
                            c->stem, c->dat_name, c->stem, here ? "" : " in ",
                            here ? "" : r->dir);
}

/* The image gnuplot drew into r->tmp: the pdf's dates blanked, a png's
 * resolution recorded; then it becomes the staged OUT and the set is
 * committed. */
static int render_finish(render_state *r)
{
    chart_ctx *c = r->c;
    const char *out = c->spec->output;
    struct stat sb;
    int st;
    if (stat(r->tmp, &sb) != 0 || sb.st_size == 0)
        return icstat_error_set(c->err, ICSTAT_EDATA, out, 0, "gnuplot wrote nothing from %s.gp",
                                c->stem);
    if (c->fmt == ICSTAT_CHART_PDF && (st = chart_pdf_blank_dates(r->tmp, c->err)) != ICSTAT_OK)
        return st;
    if (c->fmt == ICSTAT_CHART_PNG && c->spec->dpi &&
        (st = chart_png_set_dpi(r->tmp, c->spec->dpi, c->err)) != ICSTAT_OK)
        return st;
    FILE *img;
    if ((st = icstat_outset_open(r->outs, out, &img, c->err)) != ICSTAT_OK ||
        (st = copy_file(r->tmp, img, out, c->err)) != ICSTAT_OK)
        return st;
    return icstat_outset_commit(r->outs, c->err);
}

/* gnuplot draws into a private temporary beside OUT, whose bytes then
 * become the staged image (or go straight into OUT when OUT is a pipe or a
 * device, which is never renamed over); then the set is committed. */
static int render_draw(render_state *r, char ***notes, size_t *n_notes)
{
    chart_ctx *c = r->c;
    const char *out = c->spec->output;
    int st, nomem;
    if (!(r->gnuplot = icstat_spawn_find("gnuplot", &nomem)))
        return nomem ? chart_nomem(c) : render_without_gnuplot(r);
    sprintf(r->tmp, "%s.tmpXXXXXX", out);
    int fd = icstat_cleanup_mkstemp(r->tmp);
    int e = errno;
    if (fd < 0) {
        r->tmp[0] = '\0';
        return e == ENOMEM ? chart_nomem(c)
                           : icstat_error_set(c->err, ICSTAT_EIO, out, 0, "cannot write: %s",
                                              strerror(e));
    }
    close(fd);
    /* The staged script and data are what gnuplot reads; a special file in
     * their place cannot be read back. */
    icstat_outfile *dat = &r->outs->files[0], *gp = r->keep_gp ? NULL : &r->outs->files[1];
    if (!dat->tmp_path || (gp && !gp->tmp_path))
        return icstat_error_set(c->err, ICSTAT_EDATA, out, 0,
                                "%s.gp and %s must be regular files (or not exist yet)", c->stem,
                                c->dat_name);
    if (r->keep_gp && notes &&
        icstat_strlist_addf(notes, n_notes,
                            "%s.gp was edited since icstat wrote it: it is kept and the chart "
                            "drawn from it with the new %s (remove it to have icstat write it "
                            "afresh; a style kept in a file of its own, --style FILE, is never "
                            "touched)",
                            c->stem, c->dat_name) != 0)
        return chart_nomem(c);
    if ((st = icstat_outfile_close(dat, c->err)) != ICSTAT_OK ||
        (gp && (st = icstat_outfile_close(gp, c->err)) != ICSTAT_OK) ||
        (st = chart_run_gnuplot(c, r->gnuplot, r->dir,
                                base_name(gp ? gp->tmp_path : r->gp_path),
                                base_name(dat->tmp_path), base_name(r->tmp), notes, n_notes)) !=
            ICSTAT_OK)
        return st;
    return render_finish(r);
}

int icstat_chart_render(const icstat_chart_spec *spec, char ***notes, size_t *n_notes,
                        icstat_error *err)
{
    chart_ctx c;
    memset(&c, 0, sizeof c);
    chart_buf gp = {0};
    icstat_outset outs = ICSTAT_OUTSET_INIT;
    render_state r = {&c, NULL, &gp, &outs, NULL, NULL, NULL, NULL, NULL, 0};
    c.notes = notes;
    c.n_notes = n_notes;
    int st = render_check(spec, err);
    if (st == ICSTAT_OK)
        st = render_open(&r, spec, err);
    if (st == ICSTAT_OK)
        st = render_build(&r);
    if (st == ICSTAT_OK)
        st = render_stage(&r);
    if (st == ICSTAT_OK)
        st = render_draw(&r, notes, n_notes);
    render_free(&r);
    return st;
}
