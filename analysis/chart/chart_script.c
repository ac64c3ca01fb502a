/* chart_script.c — the gnuplot script a chart is drawn from: a header that
 * says what the chart is, the command that made it and how to draw it
 * again; the texts and colours as variables a reader may edit; the
 * terminal; then the kind's commands (chart_internal.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "icstat/version.h"

/* FNV-1a, 64 bits, of s[0..n-1]: the mark that tells a script icstat
 * wrote from one a user edited (not a defence against anything: a user
 * who keeps the mark right keeps icstat's own script). */
static unsigned long long fnv1a(const char *s, size_t n)
{
    unsigned long long h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define MARK "# icstat-unedited: "

int chart_script_state(const char *text, size_t len)
{
    /* icstat's: its header's second and third lines are "#" and "# Made by
     * icstat ..." (the first says what the chart is). */
    static const char made[] = "\n#\n# Made by icstat ";
    const char *nl = memchr(text, '\n', len);
    const int ours = nl && (size_t)(text + len - nl) >= sizeof made - 1 &&
                     memcmp(nl, made, sizeof made - 1) == 0;
    if (!ours || len == 0 || text[len - 1] != '\n')
        return ours ? CHART_SCRIPT_EDITED : CHART_SCRIPT_FOREIGN;
    size_t last = len - 1;
    while (last > 0 && text[last - 1] != '\n')
        last--;
    char want[64];
    snprintf(want, sizeof want, MARK "%016llx\n", fnv1a(text, last));
    return len - last == strlen(want) && memcmp(text + last, want, len - last) == 0
               ? CHART_SCRIPT_UNEDITED
               : CHART_SCRIPT_EDITED;
}

/* The header: what the chart is, how it was made, how to draw it again in
 * each format, and what may be edited. */
static void script_header(chart_ctx *c, chart_buf *gp, const char *stem, const char *ext)
{
    chart_printf(gp, "# %s\n#\n# Made by icstat %s:\n#   ", c->what, ICSTAT_VERSION);
    chart_comment(gp, c->spec->command ? c->spec->command : "icstat chart");
    chart_printf(gp, "\n# from ");
    chart_comment(gp, c->input_name);
    chart_printf(gp, ", the csv of 'icstat %s'.  The numbers drawn are in ", c->source_cmd);
    chart_comment(gp, c->dat_name);
    chart_printf(gp, ".\n#\n# To draw the chart again, run gnuplot (icstat is tested with 5.4) "
                     "in the folder\n# that holds this script.  FORMAT picks svg, png or pdf "
                     "(default %s):\n#   gnuplot ", ext);
    chart_comment(gp, stem);
    chart_printf(gp, ".gp\n#   gnuplot -e 'FORMAT=\"png\"' ");
    chart_comment(gp, stem);
    chart_printf(gp, ".gp\n# (cairo stamps a pdf with the time it was made; icstat blanks that "
                     "date so\n# identical input gives an identical file.");
    if (c->spec->dpi)
        chart_printf(gp, "  icstat records DPI in the png's\n# pHYs chunk; a png gnuplot "
                         "draws has the pixels but does not say so.");
    chart_printf(gp, ")\n#\n# The texts and colours below can be edited.  The layout was worked "
                     "out for\n# the texts as they are; \\n starts a new line.  A backquote is "
                     "written \\140\n# and an @ \\100, as gnuplot would act on them.  Once this "
                     "script is edited,\n# icstat chart keeps it and draws from it.  A style "
                     "of your own (FONT, colours,\n# texts, settings the chart does not make) "
                     "is best kept in a file of its own,\n# loaded after these: icstat chart "
                     "--style FILE, or gnuplot -e 'STYLE=\"FILE\"'.\n\n");
}

/* The editable variables: texts, colours, the size and the face, then the
 * user's style, which may change any of them. */
static void script_variables(chart_ctx *c, chart_buf *gp)
{
    chart_printf(gp, "TITLE = ");
    chart_quote(gp, c->title);
    chart_printf(gp, "\nSUBTITLE = ");
    chart_quote(gp, c->subtitle);
    chart_printf(gp, "\nNOTE = ");
    chart_quote(gp, c->note);
    if (c->xlabel && c->xlabel[0]) {
        chart_printf(gp, "\nXLABEL = ");
        chart_quote(gp, c->xlabel);
    }
    if (c->ylabel && c->ylabel[0]) {
        chart_printf(gp, "\nYLABEL = ");
        chart_quote(gp, c->ylabel);
    }
    chart_printf(gp, "\n");
    if (c->vars.len)
        chart_printf(gp, "%s", c->vars.s);
    chart_printf(gp, "\n# The canvas in pixels (a pdf: 96 to the inch); texts and lines are "
                     "SCALE times\n# their size at 800x500, where the layout was worked "
                     "out.  DPI: a png's pixels\n# per inch (it is WIDTH x HEIGHT at 96).\n"
                     "WIDTH = %g\nHEIGHT = %g\nSCALE = %.10g\nDPI = %u\nFONT = \"" CHART_FONT_NAME "\"\n",
                 round(c->W * c->scale), round(c->H * c->scale), c->scale,
                 c->spec->dpi ? c->spec->dpi : 96u);
    chart_printf(gp, "if (!exists(\"STYLE\")) STYLE = ");
    chart_quote_name(gp, c->spec->style ? c->spec->style : "");
    chart_printf(gp, "\nif (STYLE ne \"\") load STYLE\n");
}

/* The terminal for FORMAT, the canvas and the text size FS (points per
 * layout pixel) with it. */
static void script_terminal(chart_ctx *c, chart_buf *gp, const char *stem, const char *ext)
{
    chart_printf(gp, "\nif (!exists(\"FORMAT\")) FORMAT = \"%s\"\n", ext);
    chart_printf(gp, "if (FORMAT ne \"svg\" && FORMAT ne \"png\" && FORMAT ne \"pdf\") {\n"
                     "    print \"FORMAT must be svg, png or pdf\"\n    exit status 1\n}\n");
    chart_printf(gp, "if (!exists(\"DATA\")) DATA = ");
    chart_quote_name(gp, c->dat_name);
    chart_printf(gp, "\n# icstat draws from and to temporary files first, naming them in "
                     "DATA and OUTPUT.\nif (!exists(\"OUTPUT\")) OUTPUT = ");
    chart_quote_name(gp, stem);
    chart_printf(gp, ".\".\".FORMAT\n\n");
    /* Points: svg's sizes are pixels; cairo's points at 72 to the inch of
     * 96 pixels, and a png DPI/96 times larger. */
    chart_printf(gp, "PX = (FORMAT eq \"png\") ? DPI / 96.0 : 1.0\n"
                     "FS = SCALE * PX * ((FORMAT eq \"svg\") ? 1.0 : 0.75)\n"
                     "# Points (markers) are drawn at a fixed size: scaled here.\n"
                     "PS = SCALE * PX\n"
                     "set encoding utf8\n");
    chart_printf(gp, "if (FORMAT eq \"svg\") {\n    set terminal svg size WIDTH, HEIGHT fixed "
                     "font ");
    chart_font(c, gp, CHART_PX_BODY, 0);
    chart_printf(gp, " noenhanced background rgb \"#ffffff\" linewidth SCALE\n}\n");
    chart_printf(gp, "if (FORMAT eq \"png\") {\n    set terminal pngcairo size int(WIDTH * PX "
                     "+ 0.5), int(HEIGHT * PX + 0.5) font ");
    chart_font(c, gp, CHART_PX_BODY, 0);
    chart_printf(gp, " noenhanced background rgb \"#ffffff\" linewidth SCALE * PX\n}\n");
    /* pdfcairo draws text 4/3 larger than pngcairo at the same size (and
     * halves it by default): fontscale 0.75 makes the page look like the
     * png. */
    chart_printf(gp, "if (FORMAT eq \"pdf\") {\n    set terminal pdfcairo size WIDTH / 96.0 "
                     "in, HEIGHT / 96.0 in fontscale 0.75 font ");
    chart_font(c, gp, CHART_PX_BODY, 0);
    chart_printf(gp, " noenhanced background rgb \"#ffffff\" linewidth SCALE\n}\n");
    chart_printf(gp, "set output OUTPUT\nset datafile separator \"\\t\"\n"
                     "set datafile missing \"NA\"\n\n");
}

void chart_compose_script(chart_ctx *c, chart_buf *gp)
{
    /* The stem (OUT less its extension) names the script, the data and
     * the image in each format. */
    const char *stem = c->stem;
    const char *ext = c->fmt == ICSTAT_CHART_SVG ? "svg" : c->fmt == ICSTAT_CHART_PNG ? "png"
                                                                                     : "pdf";
    script_header(c, gp, stem, ext);
    script_variables(c, gp);
    script_terminal(c, gp, stem, ext);
    chart_printf(gp, "%s", c->body.s ? c->body.s : "");
    chart_printf(gp, "set output\n");
    if (!gp->failed)
        chart_printf(gp, MARK "%016llx\n", fnv1a(gp->s, gp->len));
}

/* Quoted for a shell, so that the header's command can be pasted into one. */
char *icstat_chart_command_line(int argc, char *const *argv)
{
    size_t cap = 16;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 4;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t o = (size_t)sprintf(s, "icstat");
    for (int i = 0; i < argc; i++) {
        const unsigned char *a = (const unsigned char *)argv[i];
        int plain = *a != '\0', control = 0;
        for (const unsigned char *p = a; *p; p++) {
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "-_./=,:+@%", *p))
                plain = 0;
            if (*p < 32 || *p == 127)
                control = 1;
        }
        s[o++] = ' ';
        if (plain) {
            o += (size_t)sprintf(s + o, "%s", (const char *)a);
            continue;
        }
        if (control)
            s[o++] = '$';
        s[o++] = '\'';
        for (const unsigned char *p = a; *p; p++) {
            if (!control && *p == '\'') {
                memcpy(s + o, "'\\''", 4);
                o += 4;
            } else if (control && (*p == '\'' || *p == '\\')) {
                s[o++] = '\\';
                s[o++] = (char)*p;
            } else if (control && (*p == '\n' || *p == '\t' || *p == '\r')) {
                o += (size_t)sprintf(s + o, "\\%c", *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r');
            } else if (control && (*p < 32 || *p == 127)) {
                o += (size_t)sprintf(s + o, "\\%03o", *p);
            } else {
                s[o++] = (char)*p;
            }
        }
        s[o++] = '\'';
    }
    s[o] = '\0';
    return s;
}
