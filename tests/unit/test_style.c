/* test_style.c — plots/icstat-style.gp, the style file `make install` puts
 * in share/icstat/ for users' own gnuplot scripts, has the colours, fonts
 * and text sizes that icstat chart uses (analysis/chart/chart_internal.h,
 * analysis/chart/chart_palette.c), so that the two cannot drift apart.  That gnuplot
 * loads the file is checked by tests/install/run.sh.
 *
 * Run from the repository root (make does). */
#include <strings.h>

#include "../../analysis/chart/chart_internal.h"
#include "test_util.h"

#define STYLE "plots/icstat-style.gp"
#define MAXVAR 64

typedef struct {
    char name[64];
    char value[160]; /* a string's text without its quotes, or a number's */
} var;

typedef struct {
    var vars[MAXVAR];
    size_t nvar;
    char linetype[9][64]; /* linetype N's `linecolor rgb` word (a variable) */
    size_t nlinetype;
} style;

/* NAME = "text" and NAME = number at the start of a line; `set linetype N
 * linecolor rgb NAME`. */
static void style_read(style *s)
{
    FILE *f = fopen(STYLE, "r");
    if (!f)
        fail_msg("cannot open %s (run the tests from the repository root)", STYLE);
    memset(s, 0, sizeof *s);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char name[64], value[160];
        int lt;
        char colour[64];
        if (sscanf(line, "%63[A-Z0-9_] = \"%159[^\"]\"", name, value) == 2 ||
            sscanf(line, "%63[A-Z0-9_] = %159[0-9.]", name, value) == 2) {
            assert_true(s->nvar < MAXVAR);
            snprintf(s->vars[s->nvar].name, sizeof s->vars[s->nvar].name, "%s", name);
            snprintf(s->vars[s->nvar].value, sizeof s->vars[s->nvar].value, "%s", value);
            s->nvar++;
        } else if (sscanf(line, "set linetype %d linecolor rgb %63s", &lt, colour) == 2) {
            assert_true(lt >= 1 && lt <= 8);
            snprintf(s->linetype[lt], sizeof s->linetype[lt], "%s", colour);
            s->nlinetype++;
        }
    }
    fclose(f);
}

static const char *style_var(const style *s, const char *name)
{
    for (size_t i = 0; i < s->nvar; i++)
        if (strcmp(s->vars[i].name, name) == 0)
            return s->vars[i].value;
    fail_msg("%s does not set %s", STYLE, name);
    return NULL;
}

static void assert_colour(const char *got, const char *want, const char *what)
{
    if (strcasecmp(got, want) != 0)
        fail_msg("%s: %s is %s, but icstat chart uses %s", STYLE, what, got, want);
}

static void test_palette(void **state)
{
    (void)state;
    style s;
    style_read(&s);
    static const struct {
        const char *name, *chart;
    } named[] = {
        {"ICSTAT_BLUE", CHART_BLUE},           {"ICSTAT_ORANGE", CHART_ORANGE},
        {"ICSTAT_GREEN", CHART_GREEN},         {"ICSTAT_PURPLE", CHART_PURPLE},
        {"ICSTAT_SKY", CHART_SKY},             {"ICSTAT_VERMILLION", CHART_VERMILLION},
        {"ICSTAT_YELLOW", CHART_YELLOW},       {"ICSTAT_BLACK", CHART_BLACK},
        {"ICSTAT_GREY", CHART_GREY},           {"ICSTAT_HEAT_LOW", CHART_HEAT_LOW},
        {"ICSTAT_HEAT_HIGH", CHART_HEAT_HIGH},
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        assert_colour(style_var(&s, named[i].name), named[i].chart, named[i].name);
}

/* Linetypes 1-8 are the colours of icstat chart power's lines, in order. */
static void test_linetypes(void **state)
{
    (void)state;
    style s;
    style_read(&s);
    assert_int_equal(s.nlinetype, 8);
    for (size_t i = 1; i <= 8; i++) {
        char what[32];
        snprintf(what, sizeof what, "linetype %zu", i);
        assert_colour(style_var(&s, s.linetype[i]), chart_series_colour(i - 1), what);
    }
}

/* ICSTAT_ORDERED_k: the k colours of k ordered categories, as a stacked
 * chart gives them. */
static void test_ordered(void **state)
{
    (void)state;
    style s;
    style_read(&s);
    for (size_t k = 1; k <= 8; k++) {
        char name[32], list[160];
        snprintf(name, sizeof name, "ICSTAT_ORDERED_%zu", k);
        snprintf(list, sizeof list, "%s", style_var(&s, name));
        size_t i = 0;
        for (char *save = NULL, *w = strtok_r(list, " ", &save); w;
             w = strtok_r(NULL, " ", &save), i++) {
            char what[48];
            snprintf(what, sizeof what, "word %zu of %s", i + 1, name);
            assert_true(i < k);
            assert_colour(w, chart_ordered_colour(k, i), what);
        }
        assert_int_equal(i, k);
    }
}

/* The text sizes and the face, and the font chart_font writes: an
 * expression of the script's FONT (CHART_FONT_NAME, the style's face) and
 * FS, the points per layout pixel of the format and scale drawn. */
static void test_fonts(void **state)
{
    (void)state;
    style s;
    style_read(&s);
    assert_close(atof(style_var(&s, "ICSTAT_PX_TITLE")), CHART_PX_TITLE, 0.0);
    assert_close(atof(style_var(&s, "ICSTAT_PX_BODY")), CHART_PX_BODY, 0.0);
    assert_close(atof(style_var(&s, "ICSTAT_PX_SMALL")), CHART_PX_SMALL, 0.0);
    assert_string_equal(style_var(&s, "ICSTAT_FONT_NAME"), CHART_FONT_NAME);
    const double px[3] = {CHART_PX_TITLE, CHART_PX_BODY, CHART_PX_SMALL};
    for (int i = 0; i < 3; i++)
        for (int bold = 0; bold < 2; bold++) {
            chart_ctx c;
            memset(&c, 0, sizeof c);
            chart_buf b = {0};
            chart_font(&c, &b, px[i], bold);
            char want[96];
            snprintf(want, sizeof want, "FONT.sprintf(\"%s,%%g\", %g * FS)", bold ? " Bold" : "",
                     px[i]);
            assert_false(b.failed);
            assert_string_equal(b.s, want);
            chart_buf_free(&b);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_palette),
        cmocka_unit_test(test_linetypes),
        cmocka_unit_test(test_ordered),
        cmocka_unit_test(test_fonts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
