/* test_chart.c — the pure helpers behind icstat chart (analysis/chart/):
 * text widths, labels, wrapping, numbers, --size, file names, the text
 * written into OUT.gp and OUT.dat, the interval level read back from the
 * intervals, columns found by name, tic steps and row labels.  Rendering
 * itself is checked by tests/chart/run.sh, which runs gnuplot.
 *
 * Text widths: Arial's advance widths (1/1000 em; Liberation Sans and
 * Helvetica have the same).  The 46-character test string below measured
 * 371 px when gnuplot 5.4's pngcairo set it in Liberation Sans at 12 pt
 * (16 px): 23221/1000 x 16 = 371.5. */
#include "../../analysis/chart/chart_internal.h"
#include "icstat/chart.h"
#include "test_util.h"

static void test_text_width(void **state)
{
    (void)state;
    const char *s = "MMMMMMMMMMiiiiiiiiii Good requires improvement";
    assert_close(icstat_chart_text_width(s, 16.0, 0), 371.536, 1e-9);
    assert_close(icstat_chart_text_width(s, 12.0, 0), 278.652, 1e-9);
    assert_close(icstat_chart_text_width("", 14.0, 0), 0.0, 0.0);
    /* Bold is 8% wider; a line break gives the widest line. */
    assert_close(icstat_chart_text_width("Good", 10.0, 1), 24.46 * 1.08, 1e-9);
    assert_close(icstat_chart_text_width("ii\nGood\nM", 10.0, 0), 24.46, 1e-9);
    /* A no-break space is a space; another character outside ASCII (the
     * en dash) a digit. */
    assert_close(icstat_chart_text_width("n\xc2\xa0=", 10.0, 0), 14.18, 1e-9);
    assert_close(icstat_chart_text_width("1\xe2\x80\x93" "2", 10.0, 0), 16.68, 1e-9);
    /* Control characters show as spaces (chart_quote). */
    assert_close(icstat_chart_text_width("a\tb\rc\001d", 10.0, 0),
                 icstat_chart_text_width("a b c d", 10.0, 0), 1e-12);
}

static void check_label(const char *in, const char *want)
{
    char *got = icstat_chart_pretty_label(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_pretty_label(void **state)
{
    (void)state;
    check_label("role=OI", "Role: OI");
    check_label("gender=male", "Gender: male");
    check_label("previous=Requires improvement", "Previous: Requires improvement");
    check_label("sep2025_snap_poll_strongly_opposed", "Sep2025 snap poll strongly opposed");
    check_label("experience", "Experience");
    check_label("x=a=b", "X: a=b"); /* only the first = splits term and level */
    check_label("", "");
    check_label("Already fine", "Already fine");
}

static void check_coef(const char *coef, const char *weights, const char *want)
{
    char *got = icstat_chart_coefficient_name(coef, weights);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_coefficient_name(void **state)
{
    (void)state;
    check_coef("percent_agreement", "identity", "Percent agreement");
    check_coef("cohen_kappa", NULL, "Cohen's kappa");
    check_coef("cohen_kappa", "quadratic", "Cohen's kappa (quadratic weights)");
    check_coef("gwet_ac", "identity", "Gwet's AC1");
    check_coef("gwet_ac", "linear", "Gwet's AC2 (linear weights)");
    check_coef("fleiss_kappa", "", "Fleiss' kappa");
    check_coef("krippendorff_alpha_metric", "ordinal", "Krippendorff's alpha (ordinal metric)");
    check_coef("icc_2_1", NULL, "ICC(2,1)");
    check_coef("icc_3_k", "NA", "ICC(3,k)");
    check_coef("pabak", "identity", "PABAK");
    check_coef("some_new_coefficient", NULL, "Some new coefficient");
}

static void check_wrap(const char *in, double max_px, const char *want, size_t want_lines)
{
    size_t lines = 0;
    char *got = icstat_chart_wrap(in, max_px, 10.0, 0, &lines);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(lines, want_lines);
    free(got);
}

static void test_wrap(void **state)
{
    (void)state;
    /* At 10 px "aaa" is 16.68 px, "aaa bbb" 36.14 px. */
    check_wrap("aaa bbb ccc", 1000.0, "aaa bbb ccc", 1);
    check_wrap("aaa bbb ccc", 37.0, "aaa bbb\nccc", 2);
    check_wrap("aaa bbb ccc", 17.0, "aaa\nbbb\nccc", 3);
    /* A word wider than the line stays whole. */
    check_wrap("abcdefghijkl x", 20.0, "abcdefghijkl\nx", 2);
    /* Breaks already there are kept and counted. */
    check_wrap("aaa\nbbb ccc", 37.0, "aaa\nbbb ccc", 2);
    /* A no-break space never breaks. */
    check_wrap("aaa n\xc2\xa0=\xc2\xa0" "5", 30.0, "aaa\nn\xc2\xa0=\xc2\xa0" "5", 2);
    check_wrap("", 10.0, "", 1);
}

static void check_count(double x, const char *want)
{
    char buf[64];
    icstat_chart_format_count(x, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_format_count(void **state)
{
    (void)state;
    check_count(0, "0");
    check_count(999, "999");
    check_count(1000, "1,000");
    check_count(19292, "19,292");
    check_count(35751, "35,751");
    check_count(1234567, "1,234,567");
    check_count(-1234, "-1,234");
    check_count(24.4, "24");
    check_count(NAN, "NA");
    check_count(INFINITY, "NA");
}

static void test_parse_size(void **state)
{
    (void)state;
    unsigned w = 1, h = 2;
    assert_int_equal(icstat_chart_parse_size("800x500", &w, &h), 0);
    assert_int_equal(w, 800);
    assert_int_equal(h, 500);
    assert_int_equal(icstat_chart_parse_size("200x4000", &w, &h), 0);
    assert_int_equal(w, 200);
    assert_int_equal(h, 4000);
    static const char *const bad[] = {"",        "800",      "800x",    "x500",    "800X500",
                                      "10x10",   "4001x500", "800x199", "+800x500", "800x500x2",
                                      "80 0x500", "800.0x500", "-800x500", "08000x500"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        w = h = 7;
        assert_int_equal(icstat_chart_parse_size(bad[i], &w, &h), -1);
        assert_int_equal(w, 7); /* untouched on failure */
        assert_int_equal(h, 7);
    }
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(icstat_chart_format_from_path("a.svg"), ICSTAT_CHART_SVG);
    assert_int_equal(icstat_chart_format_from_path("dir.x/A.PNG"), ICSTAT_CHART_PNG);
    assert_int_equal(icstat_chart_format_from_path("r.Pdf"), ICSTAT_CHART_PDF);
    assert_int_equal(icstat_chart_format_from_path("a.svgz"), -1);
    assert_int_equal(icstat_chart_format_from_path("a.jpg"), -1);
    assert_int_equal(icstat_chart_format_from_path(".svg"), -1);
    assert_int_equal(icstat_chart_format_from_path("svg"), -1);
    for (int k = 0; k < ICSTAT_CHART_NKINDS; k++)
        assert_int_equal(icstat_chart_kind_lookup(icstat_chart_kind_name((icstat_chart_kind)k)), k);
    assert_int_equal(icstat_chart_kind_lookup("pie"), -1);
    assert_int_equal(icstat_chart_kind_lookup("Forest"), -1);
    assert_close(icstat_chart_level_round(0.949996), 0.95, 1e-15);
    assert_close(icstat_chart_level_round(0.8999), 0.9, 1e-15);
    assert_close(icstat_chart_level_round(0.9990), 0.999, 1e-15);
    char *gp, *dat;
    /* One script and one data file per chart, whatever its format: named
     * after OUT less its extension (any case), a dot in a folder kept. */
    static const char *const outs[][3] = {
        {"d/c.svg", "d/c.gp", "d/c.dat"},       {"d/c.PNG", "d/c.gp", "d/c.dat"},
        {"a.b/c.d.pdf", "a.b/c.d.gp", "a.b/c.d.dat"}, {"x.jpg", "x.jpg.gp", "x.jpg.dat"},
    };
    for (size_t i = 0; i < sizeof outs / sizeof *outs; i++) {
        assert_int_equal(icstat_chart_files(outs[i][0], &gp, &dat), 0);
        assert_string_equal(gp, outs[i][1]);
        assert_string_equal(dat, outs[i][2]);
        free(gp);
        free(dat);
    }
    /* A png's pixels at a resolution: 800 at 300 dpi is 2500, 500 is
     * 1562.5, rounded up; 0 is 96. */
    assert_int_equal(icstat_chart_png_pixels(800, 300), 2500);
    assert_int_equal(icstat_chart_png_pixels(500, 300), 1563);
    assert_int_equal(icstat_chart_png_pixels(500, 0), 500);
    /* The command line in the script's header, as a shell reads it. */
    char *const argv[] = {"chart", "stacked", "a b.csv", "-o", "it's.svg", "--title", "x\ny\\"};
    char *line = icstat_chart_command_line(7, argv);
    assert_string_equal(line, "icstat chart stacked 'a b.csv' -o 'it'\\''s.svg' --title "
                              "$'x\\ny\\\\'");
    free(line);
}

/* What goes into the files: gnuplot string literals and .dat fields. */
static void test_script_text(void **state)
{
    (void)state;
    chart_buf b = {0};
    chart_quote(&b, "a \"b\" \\ c\nd\te");
    assert_string_equal(b.s, "\"a \\\"b\\\" \\\\ c\\nd e\"");
    chart_buf_free(&b);

    /* Nothing that gnuplot acts on is left raw: backquotes and @ in octal
     * (three digits), other control characters as spaces in a text... */
    chart_quote(&b, "`touch P`@T\r\001\177x\\");
    assert_string_equal(b.s, "\"\\140touch P\\140\\100T   x\\\\\"");
    chart_buf_free(&b);
    /* ...and exact in a name: a control character below 64 in four octal
     * digits, so that a digit after it is not read into it. */
    chart_quote_name(&b, "a\tb\r\n\0017\037`1\177");
    assert_string_equal(b.s, "\"a\\tb\\r\\n\\00017\\0037\\1401\\177\"");
    chart_buf_free(&b);

    /* A comment stays on its line and does not end in a backslash. */
    chart_comment(&b, "a\nsystem(\"x\")\r\t\001 b\\ c\\");
    assert_string_equal(b.s, "a\\nsystem(\"x\")\\r\\t\\001 b\\ c\\134");
    chart_buf_free(&b);

    chart_dat_text(&b, "x\ty \"z\"\r\n\001");
    chart_printf(&b, "|");
    chart_dat_text(&b, NULL);
    chart_printf(&b, "|");
    chart_dat_text(&b, " #1");
    assert_string_equal(b.s, "x y 'z'   |NA|\" #1\"");
    chart_buf_free(&b);

    /* Numbers: %.10g, as the csv writers; NA for what is not finite. */
    const double x[] = {0.1159684871, 35751, 1e-300, -2.5, NAN, INFINITY, 1.0 / 3.0};
    for (size_t i = 0; i < sizeof x / sizeof *x; i++) {
        chart_dat_num(&b, x[i]);
        chart_printf(&b, " ");
    }
    assert_string_equal(b.s, "0.1159684871 35751 1e-300 -2.5 NA NA 0.3333333333 ");
    assert_int_equal(b.failed, 0);
    chart_buf_free(&b);
}

/* A Wilson interval's level (chart_interval_level). */
static double wilson(double p, double n, double lo, double hi)
{
    const chart_interval iv = {CHART_INTERVAL_WILSON, p, NAN, lo, hi, n};
    return chart_interval_level(&iv);
}

static void test_interval_level(void **state)
{
    (void)state;
    /* Newcombe (1998a), Table I: 81/263, 95% Wilson 0.2553 to 0.3662
     * (rounded, so the level only to about 1e-3); and intervals from the
     * closed form at other levels give theirs back. */
    assert_close(wilson(81.0 / 263.0, 263.0, 0.2553, 0.3662), 0.95, 2e-3);
    static const double levels[] = {0.8, 0.9, 0.95, 0.99};
    static const double z[] = {1.2815515655446004, 1.6448536269514722, 1.959963984540054,
                               2.5758293035489004};
    for (size_t i = 0; i < 4; i++) {
        const double p = 0.3, n = 120.0, z2 = z[i] * z[i];
        const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        const double half = z[i] / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        assert_close(wilson(p, n, centre - half, centre + half), levels[i], 1e-12);
        /* fit's normal interval est +- z se, from its upper limit. */
        const chart_interval nv = {CHART_INTERVAL_NORMAL, -0.4, 0.2, NAN, -0.4 + z[i] * 0.2, NAN};
        assert_close(chart_interval_level(&nv), levels[i], 1e-12);
    }
    assert_true(isnan(wilson(0.0, 10.0, 0.0, 0.3)));
    assert_true(isnan(wilson(1.0, 10.0, 0.7, 1.0)));
    assert_true(isnan(wilson(0.5, NAN, 0.3, 0.7)));
    /* agree's t interval est +- t(29) se for 30 units (t(0.975, 29) =
     * 2.045229642132703, R's qt), read from the upper limit, or from the
     * lower where the upper was clipped to 1; both clipped tell nothing. */
    const double t29 = 2.045229642132703;
    chart_interval tv = {CHART_INTERVAL_T, 0.6, 0.1, 0.6 - t29 * 0.1, 0.6 + t29 * 0.1, 30.0};
    assert_close(chart_interval_level(&tv), 0.95, 1e-12);
    tv = (chart_interval){CHART_INTERVAL_T, 0.9, 0.1, 0.9 - t29 * 0.1, 1.0, 30.0};
    assert_close(chart_interval_level(&tv), 0.95, 1e-12);
    tv = (chart_interval){CHART_INTERVAL_T, 0.0, 0.9, -1.0, 1.0, 30.0};
    assert_true(isnan(chart_interval_level(&tv)));
    const chart_interval none = {CHART_INTERVAL_NONE, 0.5, 0.1, 0.3, 0.7, 30.0};
    assert_true(isnan(chart_interval_level(&none)));
}

/* A chart context over the csv text `csv` (its table in *t). */
static void ctx_over(chart_ctx *c, icstat_chart_spec *spec, icstat_table **t, icstat_error *err,
                     const char *csv)
{
    memset(c, 0, sizeof *c);
    icstat_error_clear(err);
    assert_int_equal(icstat_table_read_buffer("in.csv", csv, strlen(csv), t, err), ICSTAT_OK);
    c->spec = spec;
    c->t = *t;
    c->err = err;
}

static void test_settle_level(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.kind = ICSTAT_CHART_FOREST;
    spec.conf = 0.9;
    spec.conf_name = "--conf";
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    ctx_over(&c, &spec, &t, &err, "a\n1\n");
    /* No row tells: the spec's conf. */
    assert_int_equal(chart_settle_level(&c, NULL, 0), ICSTAT_OK);
    assert_close(c.level, 0.9, 0.0);
    /* The median of those that tell, rounded to 0.1 points. */
    const double z95 = 1.959963984540054, z99 = 2.5758293035489004;
    const chart_interval iv[] = {
        {CHART_INTERVAL_NORMAL, 0.0, 1.0, NAN, z95, NAN},
        {CHART_INTERVAL_NONE, 0.0, 1.0, NAN, z99, NAN},
        {CHART_INTERVAL_NORMAL, 0.0, 1.0, NAN, z95 + 1e-6, NAN},
        {CHART_INTERVAL_NORMAL, 0.0, 1.0, NAN, z99, NAN},
    };
    assert_int_equal(chart_settle_level(&c, iv, 4), ICSTAT_OK);
    assert_close(c.level, 0.95, 1e-15);
    /* A conf the user gave must agree with the intervals. */
    spec.conf_given = 1;
    assert_int_equal(chart_settle_level(&c, iv, 4), ICSTAT_EDATA);
    assert_string_equal(err.msg, "the intervals in 'ci_low' and 'ci_high' are 95% intervals, "
                                 "not the 90% of --conf; leave --conf out to use theirs");
    spec.conf = 0.95;
    assert_int_equal(chart_settle_level(&c, iv, 4), ICSTAT_OK);
    icstat_table_free(t);
}

static void test_columns(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.kind = ICSTAT_CHART_FOREST;
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    const chart_column cols[] = {
        {"kind", CHART_NEED},
        {"term", CHART_NEED},
        {"ci_low", CHART_NEED | CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NEED | CHART_NUM | CHART_HIGH},
        {"se", CHART_NUM},
    };
    long j[5];
    /* The first column the kind needs that is missing. */
    ctx_over(&c, &spec, &t, &err, "kind,term,estimate\ncoef,a,1\n");
    assert_int_equal(chart_columns(&c, cols, 5, j), ICSTAT_EDATA);
    assert_string_equal(err.msg, "chart forest needs column 'ci_low' (it reads the csv of "
                                 "icstat fit)");
    assert_int_equal(err.line, 1);
    icstat_table_free(t);
    /* Found, optional ones too; then the numbers, then the interval. */
    ctx_over(&c, &spec, &t, &err, "term,ci_high,kind,ci_low\na,2,coef,1\nb,1,coef,3\n");
    assert_int_equal(chart_columns(&c, cols, 5, j), ICSTAT_EDATA);
    assert_int_equal(j[0], 2);
    assert_int_equal(j[2], 3);
    assert_int_equal(j[4], -1);
    assert_string_equal(err.msg, "ci_low 3 is above ci_high 1");
    assert_int_equal(err.line, 3);
    assert_true(isnan(chart_val(&c, j[4], 0)));
    assert_null(chart_text(&c, j[4], 0));
    icstat_table_free(t);
    ctx_over(&c, &spec, &t, &err, "term,ci_high,kind,ci_low,se\na,2,coef,1,x\n");
    assert_int_equal(chart_columns(&c, cols, 5, j), ICSTAT_EDATA);
    assert_string_equal(err.msg, "column 'se' has 'x', which is not a number");
    icstat_table_free(t);
}

static void test_palette(void **state)
{
    (void)state;
    /* Grades read from blue (first, best) to vermillion (last, worst). */
    assert_string_equal(chart_ordered_colour(4, 0), "#0072B2");
    assert_string_equal(chart_ordered_colour(4, 3), "#D55E00");
    assert_string_equal(chart_ordered_colour(2, 1), "#D55E00");
    for (size_t k = 1; k <= 8; k++)
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < i; j++) /* no colour twice in one chart */
                assert_string_not_equal(chart_ordered_colour(k, i), chart_ordered_colour(k, j));
    assert_string_equal(chart_text_on("#0072B2"), "#ffffff");
    assert_string_equal(chart_text_on("#F0E442"), "#000000");
}

static void test_tic_step(void **state)
{
    (void)state;
    /* 0-100% over 600 px with 30 px labels: steps of 20 (at most 6). */
    assert_close(chart_tic_step(100.0, 600.0, 30.0), 20.0, 0.0);
    /* Over 200 px: 20 (40 px) is too tight; 25 (50 px). */
    assert_close(chart_tic_step(100.0, 200.0, 30.0), 25.0, 0.0);
    assert_close(chart_tic_step(1.0, 500.0, 25.0), 0.2, 1e-15);
    assert_close(chart_tic_step(1.3, 500.0, 25.0), 0.25, 1e-15);
    assert_close(chart_tic_step(1.3, 150.0, 25.0), 0.5, 1e-15);
    /* No room at all (a negative plot width): one step, and it ends. */
    assert_close(chart_tic_step(1.3, -22.9, 25.0), 1.3, 0.0);
    assert_close(chart_tic_step(0.0, 100.0, 25.0), 1.0, 0.0);
}

static void test_row_labels(void **state)
{
    (void)state;
    chart_ctx c;
    memset(&c, 0, sizeof c);
    c.W = 600.0;
    c.lh = 1.2;
    const char *text[3] = {"Percent agreement", "Synthetic double inspections: Cohen's kappa",
                           "Fleiss"};
    double w, px;
    /* Room enough (a third of a 1200 px canvas): one line each at the
     * body size. */
    c.W = 1200.0;
    char **l = chart_row_labels(&c, text, 3, 300.0, 400.0, &w, &px);
    assert_non_null(l);
    assert_close(px, CHART_PX_BODY, 0.0);
    assert_string_equal(l[1], text[1]);
    assert_close(w, icstat_chart_text_width(text[1], px, 0), 1e-9);
    chart_labels_free(l, 3);
    /* Narrow but tall: wrapped at the budget. */
    c.W = 600.0;
    l = chart_row_labels(&c, text, 3, 300.0, 200.0, &w, &px);
    assert_string_equal(l[1], "Synthetic double inspections:\nCohen's kappa");
    assert_true(w <= 200.0);
    chart_labels_free(l, 3);
    /* Neither: one line each at 10 px, cut with an ellipsis. */
    l = chart_row_labels(&c, text, 3, 30.0, 100.0, &w, &px);
    assert_close(px, 10.0, 0.0);
    assert_string_equal(l[2], "Fleiss");
    assert_non_null(strstr(l[1], "\xe2\x80\xa6"));
    assert_null(strchr(l[1], '\n'));
    assert_true(w <= 100.0);
    chart_labels_free(l, 3);
}

/* Largest remainders (Hamilton): shares that add up to the unit, checked
 * against hand-worked cases; ties to the larger count, then the first. */
static void test_round_shares(void **state)
{
    (void)state;
    double out[9];
    int split = -1;
    /* 12.5, 7.5, 7.5, 72.5: floors 12, 7, 7, 72 (98); the two points left
     * go to the larger counts among equal remainders: 29, then 5. */
    const double a[] = {5, 3, 3, 29};
    assert_int_equal(chart_round_shares(a, 4, 40, 100, out, &split), 0);
    assert_close(out[0], 13, 0);
    assert_close(out[1], 7, 0);
    assert_close(out[2], 7, 0);
    assert_close(out[3], 73, 0);
    assert_int_equal(split, 0);
    /* 12.5 three times and 62.5: a point for 25 and one for the first 5
     * tells equal counts apart (split); in tenths they are exact. */
    const double b[] = {5, 5, 5, 25};
    assert_int_equal(chart_round_shares(b, 4, 40, 100, out, &split), 0);
    assert_close(out[0] + out[1] + out[2] + out[3], 100, 0);
    assert_int_equal(split, 1);
    assert_int_equal(chart_round_shares(b, 4, 40, 1000, out, &split), 0);
    assert_close(out[0], 125, 0);
    assert_close(out[3], 625, 0);
    assert_int_equal(split, 0);
    /* Thirds: 33.4, 33.3, 33.3 in tenths, the first taking the point. */
    const double t[] = {1, 1, 1};
    assert_int_equal(chart_round_shares(t, 3, 3, 1000, out, &split), 0);
    assert_close(out[0], 334, 0);
    assert_close(out[1], 333, 0);
    assert_close(out[2], 333, 0);
    assert_int_equal(split, 1);
    /* Largest remainder wins over a larger count: 1/7 = 14.29 (.29),
     * 6/7 = 85.71 (.71): 14 and 86. */
    const double u[] = {1, 6};
    assert_int_equal(chart_round_shares(u, 2, 7, 100, out, &split), 0);
    assert_close(out[0], 14, 0);
    assert_close(out[1], 86, 0);
    /* Exact shares and zeros: nothing to give. */
    const double z[] = {0, 50, 0, 50};
    assert_int_equal(chart_round_shares(z, 4, 100, 100, out, &split), 0);
    assert_close(out[0], 0, 0);
    assert_close(out[1], 50, 0);
    assert_close(out[3], 50, 0);
    assert_int_equal(split, 0);
    /* Many cells: always adding up to 100 (nine of 1..9, total 45). */
    const double m[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assert_int_equal(chart_round_shares(m, 9, 45, 100, out, &split), 0);
    double sum = 0.0;
    for (size_t i = 0; i < 9; i++) {
        sum += out[i];
        assert_true(fabs(out[i] - 100.0 * m[i] / 45.0) < 1.0);
    }
    assert_close(sum, 100, 0);
}

/* ---- The kinds of issue 17, built without gnuplot ------------------------ */

/* Build chart `kind` over the csv text `csv` as icstat_chart_render sets
 * it up (800 x 500, svg): its status; *c keeps the texts, the data and
 * the script's body for the test to read (build_free). */
static int build(chart_ctx *c, icstat_chart_spec *spec, icstat_table **t, icstat_error *err,
                 icstat_chart_kind kind, int (*builder)(chart_ctx *), const char *csv)
{
    ctx_over(c, spec, t, err, csv);
    spec->kind = kind;
    if (!spec->conf)
        spec->conf = 0.95;
    c->fmt = ICSTAT_CHART_SVG;
    c->W = 800.0;
    c->H = 500.0;
    c->scale = 1.0;
    c->lh = 1.5;
    c->level = NAN;
    c->source_cmd = "test";
    snprintf(c->input_name, sizeof c->input_name, "in.csv");
    return builder(c);
}

static void build_free(chart_ctx *c, icstat_table *t)
{
    chart_ctx_clear(c);
    icstat_table_free(t);
}

/* fit --margins: percents of the probabilities, a block per category in
 * the scale's order, an interaction's level named by its parts, the level
 * from 'conf' when the csv has it; refusals. */
static void test_margins(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    const char *csv = "level,category,probability,ci_low,ci_high,conf\n"
                      "F:Primary,Good,0.25,0.2,0.3,0.9\nF:Primary,Outstanding,0.75,0.7,0.8,0.9\n"
                      "M:Primary,Good,0.5,0.4,0.6,0.9\nM:Primary,Outstanding,0.5,0.4,0.6,0.9\n";
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins, csv),
                     ICSTAT_OK);
    assert_close(c.level, 0.9, 0.0);
    /* Outstanding first (Ofsted's order), then Good; rows 4..1, each
     * category's name beside its first level (compact: it fits). */
    assert_non_null(strstr(c.dat.s, "# category 1: Outstanding\n"));
    assert_non_null(strstr(c.dat.s, "F:Primary\t4\t75\t70\t80\t75.0% (70.0 to 80.0)\n"));
    assert_non_null(strstr(c.dat.s, "M:Primary\t1\t50\t40\t60\t50.0% (40.0 to 60.0)\n"));
    assert_non_null(strstr(c.body.s, "\"F, Primary\" 4"));
    assert_non_null(strstr(c.body.s, "set yrange [0.4:4.6]\n"));
    assert_non_null(strstr(c.body.s, "# Each category's name at the left of its rows.\n"));
    assert_non_null(strstr(c.subtitle, "with 90% intervals"));
    build_free(&c, t);
    /* A name too long to sit beside its levels' (more lines than levels)
     * gets a row of its own above them: rows 6..1. */
    const char *wide = "level,category,probability\n"
                       "A,Outstanding,0.5\nA,Good Good Good Good Good Good Good Good Good Good "
                       "Good Good Good Good Good Good Good Good Good Good Good Good Good,0.5\n"
                       "B,Outstanding,0.5\nB,Good Good Good Good Good Good Good Good Good Good "
                       "Good Good Good Good Good Good Good Good Good Good Good Good Good,0.5\n";
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins, wide),
                     ICSTAT_OK);
    assert_non_null(strstr(c.body.s, "set yrange [0.4:6.6]\n"));
    assert_non_null(strstr(c.body.s, "# Each category's name above its rows.\n"));
    assert_non_null(strstr(c.dat.s, "A\t5\t50\t"));
    build_free(&c, t);
    /* A --conf that differs from the column. */
    spec.conf = 0.95;
    spec.conf_given = 1;
    spec.conf_name = "--conf";
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins, csv),
                     ICSTAT_EDATA);
    assert_string_equal(err.msg, "the intervals in 'ci_low' and 'ci_high' are 90% intervals "
                                 "(its column 'conf'), not the 95% of --conf; leave --conf out "
                                 "to use theirs");
    build_free(&c, t);
    memset(&spec, 0, sizeof spec);
    /* Probabilities that do not add up to 1, and percents. */
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins,
                           "level,category,probability\nF,a,0.5\nF,b,0.3\n"),
                     ICSTAT_EDATA);
    assert_string_equal(err.msg, "the probabilities of level 'F' add up to 0.8, not 1: every "
                                 "category of the outcome is needed");
    build_free(&c, t);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins,
                           "level,category,probability\nF,a,50\nF,b,50\n"),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 2);
    build_free(&c, t);
    /* fit --margins-tails: the tail "Good+Inadequate" (words of the
     * categories joined by '+') after the categories, left out of the sum,
     * named "Good or Inadequate", in dark grey; a '+' word that is not a
     * join of categories is a category (and its level's sum is wrong). */
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins,
                           "level,category,probability\nF,Good+Inadequate,0.7\nF,Outstanding,0.3\n"
                           "F,Good,0.5\nF,Inadequate,0.2\n"),
                     ICSTAT_OK);
    assert_non_null(strstr(c.dat.s, "# category 4: Good+Inadequate\n"));
    assert_non_null(strstr(c.body.s, "\"Good or Inadequate\""));
    assert_non_null(strstr(c.vars.s, "COLOUR_4 = \"#333333\""));
    assert_non_null(strstr(c.vars.s, "COLOUR_3 = \"#D55E00\"   # Inadequate"));
    build_free(&c, t);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins,
                           "level,category,probability\nF,Good+Bad,0.5\nF,Good,0.3\n"),
                     ICSTAT_EDATA);
    build_free(&c, t);
    /* conf that varies between rows. */
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_MARGINS, chart_build_margins,
                           "level,category,probability,conf\nF,a,0.5,0.9\nF,b,0.5,0.95\n"),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    build_free(&c, t);
}

/* describe --compare: "M vs F" rows, the test in the subtitle, both
 * measures in the data, the line of no difference broken round a figure
 * that lies across it and whole where none does. */
static void test_compare(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    const char *csv = "measure,category,group,reference,estimate,ci_low,ci_high,df,p_value\n"
                      "chisq,all,all,NA,12.5,NA,NA,1,0.0004\n"
                      "difference,Good,M,F,0.5,-3,4,NA,NA\n"
                      "risk_ratio,Good,M,F,3,2,4.5,NA,NA\n"
                      "difference,Inadequate,M,F,-0.5,-4,3,NA,NA\n"
                      "risk_ratio,Inadequate,M,F,0.4,0.3,0.6,NA,NA\n";
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_COMPARE, chart_build_compare, csv),
                     ICSTAT_OK);
    assert_close(c.level, 0.95, 0.0);
    assert_non_null(strstr(c.subtitle, "chi-square 12.50, df 1, p < 0.001"));
    assert_non_null(strstr(c.body.s, "\"M vs F\" 3"));
    assert_non_null(strstr(c.dat.s, "M\t3\t0.5\t-3\t4\t3\t2\t4.5\t+0.5 (-3.0 to +4.0)\t"
                                    "3.00 (2.00 to 4.50)\t"));
    /* Both figures of the differences lie across 0: the line at 0 in
     * three pieces; the risk ratios' do not lie across 1: one piece. */
    const char *at0 = strstr(c.dat.s, "# no difference at 0,");
    const char *at1 = strstr(c.dat.s, "# no difference at 1,");
    assert_non_null(at0);
    assert_non_null(at1);
    size_t breaks0 = 0, breaks1 = 0;
    for (const char *p = at0; p < at1; p++)
        breaks0 += p[0] == '\n' && p[1] == '\n';
    for (const char *p = at1; *p; p++)
        breaks1 += p[0] == '\n' && p[1] == '\n';
    assert_int_equal(breaks0, 4); /* two gaps, and two blank lines before the next block */
    assert_int_equal(breaks1, 0);
    build_free(&c, t);
    /* A risk ratio of 0 cannot go on a log axis. */
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_COMPARE, chart_build_compare,
                           "measure,category,group,reference,estimate,ci_low,ci_high\n"
                           "difference,a,M,F,1,0,2\nrisk_ratio,a,M,F,0,0,2\n"),
                     ICSTAT_EDATA);
    assert_string_equal(err.msg, "a risk ratio and its interval must be above 0");
    assert_int_equal(err.line, 3);
    build_free(&c, t);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_COMPARE, chart_build_compare,
                           "measure,category,group,reference,estimate,ci_low,ci_high\n"
                           "odds,a,M,F,1,0,2\n"),
                     ICSTAT_EDATA);
    assert_string_equal(err.msg, "measure 'odds' is not difference, risk_ratio or chisq");
    build_free(&c, t);
}

/* describe --by-period: periods in the csv's order, each with its n; the
 * level from the Wilson intervals; one period is refused. */
static void test_trend(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    /* R: prop.test(40, 100, correct = FALSE)$conf.int and prop.test(1200, 2000, ...). */
    const char *csv = "group,category,n,total,percent,ci_low,ci_high\n"
                      "2019/20,Good,40,100,40,30.94012864,49.79974132\n"
                      "2019/20,Inadequate,60,100,60,50.20025868,69.05987136\n"
                      "2018/19,Good,1200,2000,60,57.83576986,62.12588920\n"
                      "2018/19,Inadequate,800,2000,40,37.87411080,42.16423014\n";
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_TREND, chart_build_trend, csv),
                     ICSTAT_OK);
    assert_close(c.level, 0.95, 1e-12);
    assert_non_null(strstr(c.dat.s, "2019/20\t1\t40\t"));
    assert_non_null(strstr(c.dat.s, "2018/19\t2\t60\t"));
    assert_non_null(strstr(c.body.s, "\"2018/19\\nn\xc2\xa0=\xc2\xa0" "2,000\" 2"));
    assert_non_null(strstr(c.vars.s, "\"#0072B2\"   # Good"));
    build_free(&c, t);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_TREND, chart_build_trend,
                           "group,category,percent\nall,a,40\nall,b,60\n"),
                     ICSTAT_EDATA);
    assert_string_equal(err.msg, "one period ('all'): a trend needs two or more (describe "
                                 "--by-period year|academic-year|term makes them)");
    build_free(&c, t);
}

/* Published figures: "n ≥ 1,400" and "base not published". */
static void test_proportions_base(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    const char *csv = "label,count,total,percent,ci_low,ci_high,base\n"
                      "a,1274,1400,91,89.38657812,92.38903784,at_least\n"
                      "b,NA,NA,17,NA,NA,not_published\n";
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_PROPORTIONS, chart_build_proportions,
                           csv),
                     ICSTAT_OK);
    assert_non_null(strstr(c.dat.s, "91.0% (89.4 to 92.4), n\xc2\xa0\xe2\x89\xa5\xc2\xa0" "1,400"));
    assert_non_null(strstr(c.dat.s, "\t17.0%, base not published\t17.0%\tbase not published\n"));
    for (char *p = c.subtitle; *p; p++) /* the header wrapped it */
        *p = *p == '\n' ? ' ' : *p;
    assert_non_null(strstr(c.subtitle, "no interval where no base was published"));
    assert_non_null(strstr(c.body.s, "with xerrorbars"));
    build_free(&c, t);
    /* No figure with a base: no intervals drawn, and no level stated. */
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_PROPORTIONS, chart_build_proportions,
                           "label,count,total,percent,ci_low,ci_high,base\n"
                           "b,NA,NA,17,NA,NA,not_published\n"),
                     ICSTAT_OK);
    assert_null(strstr(c.body.s, "xerrorbars"));
    assert_non_null(strstr(c.subtitle, "Percent as published, without intervals"));
    assert_null(strstr(c.subtitle, "95%"));
    build_free(&c, t);
}

/* forest: "M vs F" from fit's reference rows; without them "Gender: M".
 * caterpillar: odds ratios on a log axis. */
static void test_fit_labels(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    const char *fit = "kind,term,estimate,se,z,p_value,ci_low,ci_high\n"
                      "coef,gender=M,-0.1,0.1,-1,0.3,-0.296,0.096\n"
                      "coef,pupils,0.1,0.1,1,0.3,-0.096,0.296\n"
                      "reference,gender=F,NA,NA,NA,NA,NA,NA\n";
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_FOREST, chart_build_forest, fit),
                     ICSTAT_OK);
    assert_non_null(strstr(c.body.s, "\"M vs F\" 2"));
    assert_non_null(strstr(c.body.s, "\"Pupils\" 1"));
    build_free(&c, t);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_FOREST, chart_build_forest,
                           "kind,term,estimate,se,z,p_value,ci_low,ci_high\n"
                           "coef,gender=M,-0.1,0.1,-1,0.3,-0.296,0.096\n"),
                     ICSTAT_OK);
    assert_non_null(strstr(c.body.s, "\"Gender: M\" 1"));
    build_free(&c, t);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_CATERPILLAR, chart_build_caterpillar,
                           "group,n,effect,se,ci_low,ci_high\na,10,-0.5,0.2,-0.892,-0.108\n"
                           "b,10,0.5,0.2,0.108,0.892\n"),
                     ICSTAT_OK);
    assert_non_null(strstr(c.body.s, "set logscale y\n"));
    assert_non_null(strstr(c.body.s, "using 1:(exp($3))"));
    assert_non_null(strstr(c.body.s, "first 1 nohead"));
    /* The axis holds every interval, 5% of the log range to spare. */
    /* exp(-0.892 - 0.05 x 1.784) and exp(0.892 + 0.05 x 1.784). */
    assert_non_null(strstr(c.body.s, "set yrange [0.374861:2.66766]\n"));
    build_free(&c, t);
}

/* Where the level came from (issue 17): the csv's column conf, stated; or
 * in a csv from before the column, read back from the intervals or the
 * spec's default, and then the source line says so. */
static void test_level_from(void **state)
{
    (void)state;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    chart_ctx c;
    icstat_table *t;
    icstat_error err;
    char note[300];
    /* agree's csv of Krippendorff (2011) with quadratic weights (icstat
     * agree --weights quadratic --format csv): units 11, but the t
     * intervals use all 12 units, so t(10) read them back as 94.8%. */
    const char *head = "coefficient,estimate,se,ci_low,ci_high,p_value,pa,pe,units,raters,"
                       "weights,ci_method";
    const char *row = "fleiss_kappa,0.8649350649,0.1460336108,0.5435172548,1,9.976081321e-05,"
                      "0.9753787879,0.8177083333,11,4,quadratic,t";
    char csv[600];
    snprintf(csv, sizeof csv, "%s,conf\n%s,0.95\n", head, row);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_AGREEMENT, chart_build_agreement,
                           csv),
                     ICSTAT_OK);
    assert_close(c.level, 0.95, 0.0);
    assert_int_equal(c.level_from, CHART_LEVEL_NONE);
    assert_non_null(strstr(c.subtitle, "Estimates with 95% intervals"));
    assert_string_equal(c.note, "Source: icstat test output in in.csv");
    build_free(&c, t);
    /* Without conf: read back, 94.8%, and the source line says so. */
    snprintf(csv, sizeof csv, "%s\n%s\n", head, row);
    assert_int_equal(build(&c, &spec, &t, &err, ICSTAT_CHART_AGREEMENT, chart_build_agreement,
                           csv),
                     ICSTAT_OK);
    assert_close(c.level, 0.948, 1e-12);
    assert_int_equal(c.level_from, CHART_LEVEL_READ);
    assert_non_null(strstr(c.subtitle, "Estimates with 94.8% intervals"));
    assert_non_null(strstr(c.note, "Source: icstat test output in in.csv. Interval level not "
                                   "stated in the csv (no column conf): 94.8%, read back from "
                                   "the intervals."));
    build_free(&c, t);
    /* Nothing to read it from: the spec's, assumed (or given: not said). */
    spec.conf = 0.9;
    spec.conf_name = "--conf";
    ctx_over(&c, &spec, &t, &err, "a\n1\n");
    assert_int_equal(chart_settle_level(&c, NULL, 0), ICSTAT_OK);
    assert_int_equal(c.level_from, CHART_LEVEL_ASSUMED);
    chart_level_note(&c, note, sizeof note);
    assert_string_equal(note, "Interval level not stated in the csv (no column conf): taken to "
                              "be 90%, the default of --conf.");
    spec.conf_given = 1;
    assert_int_equal(chart_settle_level(&c, NULL, 0), ICSTAT_OK);
    assert_int_equal(c.level_from, CHART_LEVEL_GIVEN);
    chart_level_note(&c, note, sizeof note);
    assert_string_equal(note, "");
    icstat_table_free(t);
    /* describe --compare's chi-square row has no interval and conf NA:
     * the other rows' level is the chart's. */
    spec.conf_given = 0;
    ctx_over(&c, &spec, &t, &err, "conf\nNA\n0.9\n0.9\n");
    assert_int_equal(chart_settle_level(&c, NULL, 0), ICSTAT_OK);
    assert_close(c.level, 0.9, 0.0);
    assert_int_equal(c.level_from, CHART_LEVEL_NONE);
    icstat_table_free(t);
    ctx_over(&c, &spec, &t, &err, "conf\nNA\n");
    assert_int_equal(chart_settle_level(&c, NULL, 0), ICSTAT_OK);
    assert_int_equal(c.level_from, CHART_LEVEL_ASSUMED);
    icstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_width),   cmocka_unit_test(test_pretty_label),
        cmocka_unit_test(test_coefficient_name), cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_format_count), cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_names),        cmocka_unit_test(test_script_text),
        cmocka_unit_test(test_interval_level), cmocka_unit_test(test_settle_level),
        cmocka_unit_test(test_columns),      cmocka_unit_test(test_palette),
        cmocka_unit_test(test_tic_step),     cmocka_unit_test(test_row_labels),
        cmocka_unit_test(test_round_shares),
        cmocka_unit_test(test_margins),      cmocka_unit_test(test_compare),
        cmocka_unit_test(test_trend),        cmocka_unit_test(test_proportions_base),
        cmocka_unit_test(test_fit_labels),  cmocka_unit_test(test_level_from),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
