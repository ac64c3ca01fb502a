# icstat-style.gp: the look of icstat's charts, for your own gnuplot scripts.
#
# Choose the terminal first, then load this file, then plot:
#
#     set terminal pngcairo size 800,500
#     load "/usr/local/share/icstat/icstat-style.gp"
#     plot "my.dat" using 1:2 with linespoints linetype 1, \
#          "" using 1:3 with linespoints linetype 2
#
# What it sets (no data, ranges, labels or key):
#   - the Okabe-Ito colour-blind-safe palette as named colours (ICSTAT_BLUE,
#     ...), and as linetypes 1-8 in the order of the lines of icstat's power
#     charts (blue, orange, green, purple, sky blue, vermillion, yellow,
#     black), with their line width and points;
#   - colours for k ordered categories such as grades, best first, as icstat
#     chart stacked gives them (blue ... vermillion): ICSTAT_ORDERED_k holds
#     k colours, icstat_ordered(k, i) is the i-th (i = 1..k, k = 1..8);
#   - the fonts: Arial (Liberation Sans, its metric twin, on Linux), 14 px
#     for text, 19 px bold for titles, 12 px for notes; svg takes them as
#     points, the cairo terminals (pngcairo, pdfcairo) at 3/4 of that, as
#     icstat does, so load this after `set terminal`; icstat_font(px, bold)
#     gives a font string for gnuplot's `font` option;
#   - axes (left and bottom), tics outside, bars solid without borders,
#     interval ends, the grid's colour, the heatmap's palette;
#   - line styles: 11 a point with its interval (forest and agreement
#     charts), 12 a dashed reference line (odds ratio 1, effect 0, 80%
#     power), 13 the grid: e.g. `set grid ytics linestyle 13 back`.
#
# icstat chart writes complete scripts of its own (OUT.gp beside each
# chart) and does not read this file.  Its colours and text sizes are kept
# equal to the ones icstat chart uses by tests/unit/test_style.c.

# The Okabe-Ito palette (Okabe & Ito 2008), and icstat's greys.
ICSTAT_BLUE = "#0072B2"
ICSTAT_ORANGE = "#E69F00"
ICSTAT_GREEN = "#009E73"
ICSTAT_PURPLE = "#CC79A7"
ICSTAT_SKY = "#56B4E9"
ICSTAT_VERMILLION = "#D55E00"
ICSTAT_YELLOW = "#F0E442"
ICSTAT_BLACK = "#000000"
ICSTAT_GREY = "#555555"
ICSTAT_AXIS = "#333333"
ICSTAT_TICS = "#222222"
ICSTAT_GRID = "#e5e5e5"

# Ordered categories, best first: k colours from blue to vermillion.
ICSTAT_ORDERED_1 = "#0072B2"
ICSTAT_ORDERED_2 = "#0072B2 #D55E00"
ICSTAT_ORDERED_3 = "#0072B2 #56B4E9 #D55E00"
ICSTAT_ORDERED_4 = "#0072B2 #56B4E9 #E69F00 #D55E00"
ICSTAT_ORDERED_5 = "#0072B2 #56B4E9 #F0E442 #E69F00 #D55E00"
ICSTAT_ORDERED_6 = "#0072B2 #56B4E9 #009E73 #F0E442 #E69F00 #D55E00"
ICSTAT_ORDERED_7 = "#0072B2 #56B4E9 #009E73 #F0E442 #E69F00 #D55E00 #CC79A7"
ICSTAT_ORDERED_8 = "#0072B2 #56B4E9 #009E73 #F0E442 #E69F00 #D55E00 #CC79A7 #000000"
icstat_ordered(k, i) = word(value(sprintf("ICSTAT_ORDERED_%d", k)), i)

# The heatmap of two raters' table: light to dark blue.
ICSTAT_HEAT_LOW = "#f7fbff"
ICSTAT_HEAT_HIGH = "#08519c"

# Text: sizes in pixels; points per pixel by terminal.
ICSTAT_FONT_NAME = "Arial"
ICSTAT_PX_TITLE = 19
ICSTAT_PX_BODY = 14
ICSTAT_PX_SMALL = 12
ICSTAT_PT_PER_PX = (GPVAL_TERM eq "svg") ? 1.0 : 0.75
icstat_font(px, bold) = sprintf("%s%s,%g", ICSTAT_FONT_NAME, bold ? " Bold" : "", px * ICSTAT_PT_PER_PX)
ICSTAT_FONT = icstat_font(ICSTAT_PX_BODY, 0)
ICSTAT_FONT_TITLE = icstat_font(ICSTAT_PX_TITLE, 1)
ICSTAT_FONT_SMALL = icstat_font(ICSTAT_PX_SMALL, 0)

set encoding utf8
set termoption font ICSTAT_FONT

# Lines of a chart with several series (icstat chart power).
set linetype 1 linecolor rgb ICSTAT_BLUE linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype 2 linecolor rgb ICSTAT_ORANGE linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype 3 linecolor rgb ICSTAT_GREEN linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype 4 linecolor rgb ICSTAT_PURPLE linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype 5 linecolor rgb ICSTAT_SKY linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype 6 linecolor rgb ICSTAT_VERMILLION linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype 7 linecolor rgb ICSTAT_YELLOW linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype 8 linecolor rgb ICSTAT_BLACK linewidth 2.5 pointtype 7 pointsize 0.9 dashtype solid
set linetype cycle 8

# A point with its interval; a reference line; the grid.
set style line 11 linecolor rgb ICSTAT_BLUE linewidth 2 pointtype 7 pointsize 1.1
set style line 12 linecolor rgb ICSTAT_AXIS linewidth 1 dashtype 2
set style line 13 linecolor rgb ICSTAT_GRID linewidth 1

set border 3 linecolor rgb ICSTAT_AXIS
set tics nomirror out scale 0.6 textcolor rgb ICSTAT_TICS
set style fill solid 1.0 noborder
set bars 0.5
set palette defined (0 ICSTAT_HEAT_LOW, 1 ICSTAT_HEAT_HIGH)
