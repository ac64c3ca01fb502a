/* chart_script.c — the gnuplot script a chart is drawn from: a header that
 * says what the chart is, the command that made it and how to draw it
 * again; the texts and colours as variables a reader may edit; the
 * terminal; then the kind's commands (chart_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "icstat/version.h"

/* The script: header comment, the editable variables, the terminal, then
 * the kind's body. */
void chart_compose_script(chart_ctx *c, chart_buf *gp)
{
    chart_printf(gp, "# %s\n#\n# Made by icstat %s:\n#   ", c->what, ICSTAT_VERSION);
    chart_comment(gp, c->spec->command ? c->spec->command : "icstat chart");
    chart_printf(gp, "\n# from ");
    chart_comment(gp, c->input_name);
    chart_printf(gp, ", the csv of 'icstat %s'.  The numbers drawn are in ", c->source_cmd);
    chart_comment(gp, c->dat_name);
    chart_printf(gp, ".\n#\n# To draw ");
    chart_comment(gp, c->out_name);
    chart_printf(gp, " again, run gnuplot (icstat is tested with 5.4) in the folder\n"
                     "# that holds this script:\n#   gnuplot ");
    chart_comment(gp, c->out_name);
    chart_printf(gp, ".gp\n");
    if (c->fmt == ICSTAT_CHART_PDF)
        chart_printf(gp, "# (cairo stamps a pdf with the time it was made; icstat blanks that "
                         "date so\n# identical input gives an identical file, so only that "
                         "line differs.)\n");
    chart_printf(gp, "#\n# The texts and colours below can be edited.  The layout was worked "
                     "out for\n# the texts as they are; \\n starts a new line.  A backquote is "
                     "written \\140\n# and an @ \\100, as gnuplot would act on them.\n\n");
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
    chart_printf(gp, "if (!exists(\"DATA\")) DATA = ");
    chart_quote_name(gp, c->dat_name);
    chart_printf(gp, "\n\n# icstat draws from and to temporary files first, naming them in "
                     "DATA and OUTPUT.\n"
                     "if (!exists(\"OUTPUT\")) OUTPUT = ");
    chart_quote_name(gp, c->out_name);
    chart_printf(gp, "\n\nset encoding utf8\n");
    switch (c->fmt) {
    case ICSTAT_CHART_SVG:
        chart_printf(gp, "set terminal svg size %g,%g fixed font ", c->W, c->H);
        break;
    case ICSTAT_CHART_PNG:
        chart_printf(gp, "set terminal pngcairo size %g,%g font ", c->W, c->H);
        break;
    case ICSTAT_CHART_PDF:
        /* 96 pixels to the inch, as in CSS.  pdfcairo draws text 4/3
         * larger than pngcairo at the same size (and halves it by
         * default): fontscale 0.75 makes the page look like the png. */
        chart_printf(gp, "set terminal pdfcairo size %gin,%gin fontscale 0.75 font ",
                     c->W / 96.0, c->H / 96.0);
        break;
    }
    chart_font(c, gp, CHART_PX_BODY, 0);
    chart_printf(gp, " noenhanced background rgb \"#ffffff\"\nset output OUTPUT\n"
                     "set datafile separator \"\\t\"\nset datafile missing \"NA\"\n\n");
    chart_printf(gp, "%s", c->body.s ? c->body.s : "");
    chart_printf(gp, "set output\n");
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
