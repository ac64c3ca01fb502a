/* test_sim_ofsted.c — the synthetic Ofsted file (`layout = ofsted_mi`):
 * the spec names the line of every problem; the same seed gives the same
 * bytes and another seed other bytes; over a large draw the shares are
 * the spec's within a stated tolerance; the report-card block is NULL
 * exactly when a school has no report card; OEIF inspections from
 * September 2024 have no overall grade; and the bytes are Ofsted's form
 * (title row, header with its two spaces, CRLF, NULL, quoting). */
#include <stddef.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "icstat/sim_ofsted.h"
#include "icstat/simulate.h"
#include "icstat/spec_text.h"
#include "test_util.h"

/* ---- helpers ----------------------------------------------------------- */

static icstat_sim_ofsted_spec *parse_ok(const char *text)
{
    icstat_sim_ofsted_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_sim_ofsted_spec_parse("t.spec", text, &s, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    return s;
}

static icstat_sim_ofsted *draw(const icstat_sim_ofsted_spec *s, unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, seed);
    icstat_sim_ofsted *d = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_sim_ofsted_draw(s, rng, &d, &err) != ICSTAT_OK)
        fail_msg("%s: %s", err.file, err.msg);
    gsl_rng_free(rng);
    return d;
}

/* The file's bytes (*len of them). */
static char *render(const icstat_sim_ofsted *d, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    assert_int_equal(icstat_sim_ofsted_write(d, f), ICSTAT_OK);
    fclose(f);
    return buf;
}

static void expect_error(const char *text, long line, const char *fragment)
{
    icstat_sim_ofsted_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_sim_ofsted_spec_parse("t.spec", text, &s, &err), ICSTAT_EDATA);
    assert_null(s);
    if (err.line != line || strcmp(err.file, "t.spec") != 0 || !strstr(err.msg, fragment)) {
        print_error("got %s:%ld: %s\nwant t.spec:%ld: ...%s...\n", err.file, err.line, err.msg,
                    line, fragment);
        fail();
    }
}

/* The fields of one CSV line (quotes undone), at most max; their count. */
static int split(const char *line, size_t len, char fields[][80], int max)
{
    int n = 0;
    size_t i = 0;
    while (n < max) {
        size_t k = 0;
        if (i < len && line[i] == '"') {
            for (i++; i < len; i++) {
                if (line[i] == '"' && i + 1 < len && line[i + 1] == '"')
                    i++;
                else if (line[i] == '"') {
                    i++;
                    break;
                }
                if (k < 79)
                    fields[n][k++] = line[i];
            }
        } else {
            for (; i < len && line[i] != ','; i++)
                if (k < 79)
                    fields[n][k++] = line[i];
        }
        fields[n++][k] = '\0';
        if (i >= len)
            break;
        i++; /* the comma */
    }
    return n;
}

static const char *title_2026 =
    "\"Management information \x96 state-funded schools \x96 most recent inspections as at "
    "31 October 2026 \x96 SYNTHETIC DATA, not Ofsted's\"\r\n";

/* ---- the spec ------------------------------------------------------------ */

static void test_spec_errors(void **state)
{
    (void)state;
    const char *L = "layout = ofsted_mi\n";
    char buf[512];
    expect_error("schools = 10\n", 1, "an ofsted_mi spec starts with `layout = ofsted_mi`");
    expect_error("", 0, "an ofsted_mi spec starts with `layout = ofsted_mi`");
    snprintf(buf, sizeof buf, "%sschools = 10\nlayout = ofsted_mi\n", L);
    expect_error(buf, 3, "layout must be the first key of a spec");
    snprintf(buf, sizeof buf, "%s# a comment\n\nshools = 10\n", L);
    expect_error(buf, 4, "unknown key 'shools' (known: layout, seed, file_date");
    snprintf(buf, sizeof buf, "%sschools = 10\nschools = 20\n", L);
    expect_error(buf, 3, "'schools' is given twice (first on line 2)");
    snprintf(buf, sizeof buf, "%sschools = 10.5\n", L);
    expect_error(buf, 2, "schools must be a whole number from 1 to 30000 (got '10.5')");
    snprintf(buf, sizeof buf, "%sschools = 40000\n", L);
    expect_error(buf, 2, "schools must be a whole number from 1 to 30000");
    snprintf(buf, sizeof buf, "%slocal_authorities = 100\n", L);
    expect_error(buf, 2, "local_authorities must be a whole number from 9 to 99");
    snprintf(buf, sizeof buf, "%sreport_card = 1.2\n", L);
    expect_error(buf, 2, "report_card must be a share from 0 to 1 (got '1.2')");
    snprintf(buf, sizeof buf, "%sfile_date = 31/10/2026\n", L);
    expect_error(buf, 2, "file_date must be a date YYYY-MM-DD (got '31/10/2026')");
    snprintf(buf, sizeof buf, "%sfile_date = 2025-11-09\n", L);
    expect_error(buf, 0, "file_date must be from 2025-11-10");
    snprintf(buf, sizeof buf, "%sfile_date = 2025-11-29\n", L);
    expect_error(buf, 0, "no report card starting on or after 10 November 2025 is published");
    snprintf(buf, sizeof buf, "%sfile_date = 2025-11-29\nreport_card = 0\n", L);
    icstat_sim_ofsted_spec_free(parse_ok(buf));
    snprintf(buf, sizeof buf, "%sreport_card_oeif_by = 2019-01-01\n", L);
    expect_error(buf, 0, "report_card_oeif_by must be from 2019-09-02 to 2025-11-09");
    snprintf(buf, sizeof buf, "%soeif_overall = 0.2, 0.6, 0.2\n", L);
    expect_error(buf, 2, "oeif_overall needs 4 shares, each above 0, adding up to 1");
    snprintf(buf, sizeof buf, "%sreport_card_areas = 0.1, 0.3, 0.5, 0.1, 0\n", L);
    expect_error(buf, 2, "report_card_areas needs 5 shares, each above 0");
    snprintf(buf, sizeof buf, "%soeif_overall = 0.2, 0.6, 0.2, 0.1\n", L);
    expect_error(buf, 2, "adding up to 1 (got '0.2, 0.6, 0.2, 0.1')");
    snprintf(buf, sizeof buf, "%sphase Primary = 0.9, 0, 200, 0.4, 0.9, 0\n", L);
    expect_error(buf, 0, "the phase shares add up to 0.9, not 1");
    snprintf(buf, sizeof buf, "%sphase Primary = 1, 0, 200, 0.4, 0.9\n", L);
    expect_error(buf, 2, "phase Primary needs six numbers");
    snprintf(buf, sizeof buf, "%sphase Infant = 1, 0, 200, 0.4, 0.9, 0\n", L);
    expect_error(buf, 2, "unknown phase 'Infant'");
    snprintf(buf, sizeof buf, "%sregion Wales = 0.1\n", L);
    expect_error(buf, 2, "unknown region 'Wales'");
    snprintf(buf, sizeof buf, "%sregion London = 1\nregion  london = 1\n", L);
    expect_error(buf, 3, "'region london' is given twice (first on line 2)");
    snprintf(buf, sizeof buf, "%sregion London = 0.5\n", L);
    expect_error(buf, 0, "the region shares add up to 0.5, not 1");
    snprintf(buf, sizeof buf, "%sshift Latest OEIF overall effectiveness = 1\n", L);
    expect_error(buf, 2, "shift 'Latest OEIF overall effectiveness': name a report-card area");
    snprintf(buf, sizeof buf, "%seffect idaci = 1, 2, 3\n", L);
    expect_error(buf, 2, "effect idaci needs 5 numbers from -20 to 20");
    snprintf(buf, sizeof buf, "%sschool_sd = -1\n", L);
    expect_error(buf, 2, "school_sd must be a standard deviation from 0 to 10");
    snprintf(buf, sizeof buf, "%sseed = 0\n", L);
    expect_error(buf, 2, "seed must be a whole number from 1 to 4294967295");
    snprintf(buf, sizeof buf, "%snever_inspected = 0.5\nreport_card = 0.6\n", L);
    expect_error(buf, 0, "never_inspected (0.5) and report_card (0.6) add up to more than 1");
    snprintf(buf, sizeof buf, "%sschools\n", L);
    expect_error(buf, 2, "'schools' is not a `key = value` line");
}

/* The layout decides which parser reads a spec; the inspector model's
 * parser names an ofsted_mi spec as such (`icstat power fit`). */
static void test_layouts(void **state)
{
    (void)state;
    icstat_spec_layout layout = ICSTAT_LAYOUT_OFSTED_MI;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_spec_layout_of("t", "# x\n\nlayout = ofsted_mi\nschools = 3\n",
                                           &layout, &err), ICSTAT_OK);
    assert_int_equal(layout, ICSTAT_LAYOUT_OFSTED_MI);
    assert_int_equal(icstat_spec_layout_of("t", "inspectors = 3\nlayout = ofsted_mi\n", &layout,
                                           &err), ICSTAT_OK);
    assert_int_equal(layout, ICSTAT_LAYOUT_INSPECTIONS);
    assert_int_equal(icstat_spec_layout_of("t", "layout = mi\n", &layout, &err), ICSTAT_EDATA);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "unknown layout 'mi' (use inspections or ofsted_mi)");

    icstat_sim_spec *m = NULL;
    assert_int_equal(icstat_sim_spec_parse("m.spec", "layout = ofsted_mi\n", &m, &err),
                     ICSTAT_EDATA);
    assert_null(m);
    assert_true(strstr(err.msg, "this is an ofsted_mi spec") != NULL);
    /* `layout = inspections` first changes nothing; anywhere else it is refused. */
    const char *model = "inspectors = 2\ninspections = 4\ncategories = a, b\nthresholds = 0\n";
    char buf[256];
    snprintf(buf, sizeof buf, "layout = inspections\n%s", model);
    assert_int_equal(icstat_sim_spec_parse("m.spec", buf, &m, &err), ICSTAT_OK);
    icstat_sim_spec_free(m);
    snprintf(buf, sizeof buf, "%slayout = inspections\n", model);
    assert_int_equal(icstat_sim_spec_parse("m.spec", buf, &m, &err), ICSTAT_EDATA);
    assert_int_equal(err.line, 5);
    assert_string_equal(err.msg, "layout must be the first key of a spec");
}

/* Keys left out keep the bundled spec's defaults; the bundled spec itself
 * parses (run from the repository root). */
static void test_defaults(void **state)
{
    (void)state;
    icstat_sim_ofsted_spec *s = parse_ok("layout = ofsted_mi\n");
    assert_int_equal(s->schools, 8000);
    assert_int_equal(s->local_authorities, 90);
    assert_close(s->oeif_shares[1], 0.65, 0);
    assert_close(s->phase[ICSTAT_PHASE_PRIMARY].share, 0.765, 0);
    assert_false(s->has_seed);
    char *text = NULL;
    const char *name = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_spec_read_text("datasets/synthetic/ofsted_mi.spec", &text, &name, &err) ==
        ICSTAT_OK) {
        icstat_sim_ofsted_spec *b = parse_ok(text);
        /* The bundled spec states every default (and its own seed): the
         * members from file_day on, all 8 bytes wide, have no padding. */
        const size_t from = offsetof(icstat_sim_ofsted_spec, file_day);
        assert_true(b->has_seed);
        assert_memory_equal((const char *)b + from, (const char *)s + from, sizeof *s - from);
        icstat_sim_ofsted_spec_free(b);
        free(text);
    } else {
        print_message("skipped the bundled spec: %s\n", err.msg);
    }
    icstat_sim_ofsted_spec_free(s);
}

/* ---- the draws ------------------------------------------------------------- */

static void test_determinism(void **state)
{
    (void)state;
    icstat_sim_ofsted_spec *s = parse_ok("layout = ofsted_mi\nschools = 2000\n");
    icstat_sim_ofsted *a = draw(s, 11), *b = draw(s, 11), *c = draw(s, 12);
    size_t na, nb, nc;
    char *ba = render(a, &na), *bb = render(b, &nb), *bc = render(c, &nc);
    assert_int_equal(na, nb);
    assert_memory_equal(ba, bb, na);
    assert_true(na != nc || memcmp(ba, bc, na) != 0);
    free(ba);
    free(bb);
    free(bc);
    icstat_sim_ofsted_free(a);
    icstat_sim_ofsted_free(b);
    icstat_sim_ofsted_free(c);
    icstat_sim_ofsted_spec_free(s);
}

/* The solved thresholds put the spec's cumulative shares under the
 * model's marginal distribution. */
static void test_thresholds(void **state)
{
    (void)state;
    icstat_sim_ofsted_spec *s = parse_ok("layout = ofsted_mi\nschools = 1\n");
    icstat_sim_ofsted *d = draw(s, 1);
    double c = 0.0;
    for (int j = 0; j < 3; j++) {
        c += s->oeif_shares[j];
        assert_close(icstat_sim_ofsted_cdf(s, 0.0, d->oeif_thresholds[j]), c, 1e-7);
        assert_close(icstat_sim_ofsted_cdf(s, s->judgement_sd, d->judgement_thresholds[j]), c,
                     1e-7);
    }
    c = 0.0;
    for (int j = 0; j < 4; j++) {
        c += s->area_shares[j];
        assert_close(icstat_sim_ofsted_cdf(s, s->area_sd, d->area_thresholds[j]), c, 1e-7);
    }
    assert_close(icstat_sim_ofsted_cdf(s, s->area_sd, d->safeguarding_cut),
                 1.0 - s->safeguarding_not_met, 1e-7);
    icstat_sim_ofsted_free(d);
    icstat_sim_ofsted_spec_free(s);
}

/* Over 30,000 schools the observed shares are the spec's.  Tolerances:
 * the binomial sd of a share of the ~23,000 OEIF overall grades is at
 * most 0.003, and the 90 authority effects, one sample, move the grade
 * shares together by about as much again; 0.015 is more than three times
 * both.  Report cards (~6,000 schools, ~36,000 area grades, pooled): 0.02.
 * The never-inspected and report-card shares are binomial over 30,000
 * (sd 0.0008 and 0.0023): 0.005 and 0.01.  Seed 5 was not chosen. */
static void test_shares(void **state)
{
    (void)state;
    icstat_sim_ofsted_spec *s = parse_ok("layout = ofsted_mi\nschools = 30000\n");
    icstat_sim_ofsted *d = draw(s, 5);
    size_t never = 0, cards = 0, graded = 0, prev = 0, areas = 0;
    size_t overall[5] = {0}, previous[5] = {0}, area[6] = {0}, same = 0, both = 0;
    for (size_t i = 0; i < d->n; i++) {
        const icstat_sim_ofsted_school *sc = &d->schools[i];
        never += !sc->inspected;
        cards += sc->report_card;
        if (sc->oeif && sc->oeif_overall) {
            overall[sc->oeif_overall]++;
            graded++;
        }
        if (sc->previous) {
            previous[sc->prev_overall]++;
            prev++;
        }
        if (sc->previous && sc->oeif && sc->oeif_overall) {
            both++;
            same += sc->previous && sc->prev_overall == sc->oeif_overall;
        }
        for (int a = 0; sc->report_card && a < ICSTAT_RC_AREAS; a++)
            if (a != ICSTAT_RC_EARLY_YEARS && a != ICSTAT_RC_POST_16) {
                area[sc->rc_area[a]]++;
                areas++;
            }
    }
    assert_close((double)never / (double)d->n, s->never_inspected, 0.005);
    assert_close((double)cards / (double)d->n, s->report_card, 0.01);
    for (int g = 1; g <= 4; g++) {
        assert_close((double)overall[g] / (double)graded, s->oeif_shares[g - 1], 0.015);
        assert_close((double)previous[g] / (double)prev, s->previous_shares[g - 1], 0.015);
    }
    /* The areas are shifted (bundled defaults): pooled, within 0.02. */
    for (int g = 1; g <= 5; g++)
        assert_close((double)area[g] / (double)areas, s->area_shares[g - 1], 0.02);
    /* Moderately stable: the previous grade matches the latest more often
     * than independent draws with these shares would (about 49%), far
     * from always. */
    double chance = 0.0;
    for (int g = 0; g < 4; g++)
        chance += s->oeif_shares[g] * s->previous_shares[g];
    const double agree = (double)same / (double)both;
    if (!(agree > chance + 0.02 && agree < 0.7))
        fail_msg("previous and latest agree in %.3f (chance %.3f)", agree, chance);
    icstat_sim_ofsted_free(d);
    icstat_sim_ofsted_spec_free(s);
}

/* The blocks of every row of the file: the report-card block (columns
 * 14-37) is NULL exactly when the school has no report card, and then
 * filled but for the category of concern, early years and post-16; OEIF inspections from
 * September 2024 have a NULL overall grade and their four key
 * judgements, earlier ones an overall grade 1-4; never-inspected schools
 * are NULL from column 14 on; every row has 56 fields. */
static void test_blocks(void **state)
{
    (void)state;
    icstat_sim_ofsted_spec *s = parse_ok("layout = ofsted_mi\nschools = 5000\nseed = 3\n");
    icstat_sim_ofsted *d = draw(s, 3);
    size_t len;
    char *buf = render(d, &len);
    static char f[ICSTAT_OFSTED_MI_COLUMNS + 1][80];
    const char *p = strstr(buf, "\r\n") + 2; /* past the title */
    p = strstr(p, "\r\n") + 2;               /* past the header */
    size_t rows = 0, cards = 0, late = 0, early = 0, never = 0;
    while (p < buf + len) {
        const char *end = strstr(p, "\r\n");
        assert_non_null(end);
        const int n = split(p, (size_t)(end - p), f, ICSTAT_OFSTED_MI_COLUMNS + 1);
        assert_int_equal(n, ICSTAT_OFSTED_MI_COLUMNS);
        const icstat_sim_ofsted_school *sc = &d->schools[rows++];
        int rc_null = 0;
        for (int c = 13; c <= 36; c++)
            rc_null += strcmp(f[c], "NULL") == 0;
        if (!sc->report_card) {
            assert_int_equal(rc_null, 24);
        } else {
            cards++;
            for (int c = 13; c <= 36; c++) /* but category, early years, post-16 */
                if (c != 18 && (c < 31 || c > 34))
                    assert_string_not_equal(f[c], "NULL");
            assert_string_equal(f[16], f[20]); /* date of grade = start date */
            assert_string_equal(f[16], f[36]);
            assert_true(strcmp(f[19], "Met") == 0 || strcmp(f[19], "Not met") == 0);
        }
        if (!sc->inspected) {
            never++;
            for (int c = 13; c < ICSTAT_OFSTED_MI_COLUMNS; c++)
                assert_string_equal(f[c], "NULL");
        }
        if (strcmp(f[39], "NULL") != 0) {
            int dd, mm, yy;
            assert_int_equal(sscanf(f[39], "%2d/%2d/%4d", &dd, &mm, &yy), 3);
            const int from_sep_2024 = yy * 10000 + mm * 100 + dd >= 20240901;
            if (from_sep_2024) {
                late++;
                assert_string_equal(f[41], "NULL");
                for (int c = 43; c <= 46; c++)
                    assert_true(f[c][0] >= '1' && f[c][0] <= '4' && !f[c][1]);
            } else {
                early++;
                assert_true(f[41][0] >= '1' && f[41][0] <= '4' && !f[41][1]);
            }
            if (sc->report_card) /* its OEIF inspection was by report_card_oeif_by */
                assert_false(from_sep_2024);
        }
        p = end + 2;
    }
    assert_int_equal(rows, d->n);
    /* Each kind occurs (over 5,000 schools). */
    assert_true(cards > 500 && late > 500 && early > 500 && never > 20);
    free(buf);
    icstat_sim_ofsted_free(d);
    icstat_sim_ofsted_spec_free(s);
}

/* Every date in its window, in order, and published by the file's date,
 * for the bundled spec's date and for one three weeks after report cards
 * began (the earliest date at which one can be published). */
static void test_dates(void **state)
{
    (void)state;
    const char *specs[] = {"layout = ofsted_mi\nschools = 3000\n",
                           "layout = ofsted_mi\nschools = 2000\nfile_date = 2025-12-15\n"};
    for (size_t k = 0; k < 2; k++) {
        icstat_sim_ofsted_spec *s = parse_ok(specs[k]);
        icstat_sim_ofsted *d = draw(s, 21 + k);
        const long cards_from = 20402; /* 2025-11-10 */
        size_t cards = 0;
        for (size_t i = 0; i < d->n; i++) {
            const icstat_sim_ofsted_school *sc = &d->schools[i];
            if (sc->report_card) {
                cards++;
                assert_true(sc->rc_start >= cards_from);
                assert_true(sc->rc_published >= sc->rc_start + 20);
                assert_true(sc->rc_published <= sc->rc_start + 48);
                assert_true(sc->rc_published <= d->file_day);
            }
            if (sc->oeif) {
                assert_true(sc->oeif_start >= 18141 && sc->oeif_start < cards_from);
                assert_true(sc->oeif_published >= sc->oeif_start + 20);
                assert_true(sc->oeif_published <= d->file_day);
            }
            if (sc->previous) /* 2012-09-01 to 2019-08-31, a year or more before */
                assert_true(sc->prev_start >= 15584 && sc->prev_start <= 18139 &&
                            sc->prev_start <= sc->oeif_start - 365);
            if (sc->ungraded)
                assert_true(sc->ug_day >= sc->oeif_start + 730 && sc->ug_day < cards_from &&
                            (!sc->report_card || sc->ug_day < sc->rc_start));
        }
        assert_true(cards > 300);
        icstat_sim_ofsted_free(d);
        icstat_sim_ofsted_spec_free(s);
    }
}

/* 8,000 schools drawn and written well within a second (the budget of
 * make evidence); the bound is 2 s of processor time so that the
 * sanitizer build passes too. */
static void test_fast(void **state)
{
    (void)state;
    icstat_sim_ofsted_spec *s = parse_ok("layout = ofsted_mi\n");
    const clock_t t0 = clock();
    icstat_sim_ofsted *d = draw(s, 1);
    size_t len;
    char *buf = render(d, &len);
    const double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (seconds > 2.0)
        fail_msg("8000 schools took %.2f s", seconds);
    free(buf);
    icstat_sim_ofsted_free(d);
    icstat_sim_ofsted_spec_free(s);
}

/* ---- the bytes ------------------------------------------------------------- */

/* Title and header exactly; a field with a comma, a quote or a line
 * break is quoted (quotes doubled), others are not; empty is NULL. */
static void test_bytes(void **state)
{
    (void)state;
    icstat_sim_ofsted_school sc;
    memset(&sc, 0, sizeof sc);
    sc.urn = 900001;
    sc.laestab = 1012000;
    snprintf(sc.name, sizeof sc.name, "St Th\xE9r\xE8" "se's \"Synthetic\", Primary\nA");
    sc.type = "Community School";
    sc.region = 2; /* Yorkshire and the Humber */
    memcpy(sc.postcode, "ZZ99 1AA", 9);
    sc.idaci = 5;
    sc.age_low = 4;
    sc.age_high = 11;
    icstat_sim_ofsted d = {1, &sc, 20757 /* 31 October 2026 */, {0}, {0}, {0}, {0}, 0, 0};
    size_t len;
    char *buf = render(&d, &len);
    const size_t tl = strlen(title_2026);
    assert_true(len > tl);
    assert_memory_equal(buf, title_2026, tl);
    char header[4096] = "";
    for (int c = 0; c < ICSTAT_OFSTED_MI_COLUMNS; c++) {
        strcat(header, c ? "," : "");
        strcat(header, icstat_ofsted_mi_header[c]);
    }
    strcat(header, "\r\n");
    assert_memory_equal(buf + tl, header, strlen(header));
    assert_non_null(strstr(header, ",Latest OEIF  safeguarding is effective?,"));
    assert_non_null(strstr(header, ",Post-16 provision (where applicable) - date of grade,"));
    const char *row = buf + tl + strlen(header);
    const char *want =
        "900001,1012000,\"St Th\xE9r\xE8se's \"\"Synthetic\"\", Primary\nA\",Primary,"
        "Community School,\"North East, Yorkshire and the Humber\",Yorkshire and the Humber,"
        "Synthetic LA 01,ZZ99 1AA,5,NULL,4,11";
    assert_memory_equal(row, want, strlen(want));
    /* Then 43 NULLs (never inspected) and CRLF. */
    const char *rest = row + strlen(want);
    for (int c = 13; c < ICSTAT_OFSTED_MI_COLUMNS; c++, rest += 5)
        assert_memory_equal(rest, ",NULL", 5);
    assert_memory_equal(rest, "\r\n", 2);
    assert_int_equal((size_t)(rest + 2 - buf), len);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_errors), cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_defaults),    cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_thresholds),  cmocka_unit_test(test_shares),
        cmocka_unit_test(test_blocks),      cmocka_unit_test(test_dates),
        cmocka_unit_test(test_fast),
        cmocka_unit_test(test_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
