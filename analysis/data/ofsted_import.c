/* ofsted_import.c — Ofsted's management information into the canonical
 * inspections table (contract in include/icstat/ofsted.h).
 *
 * The file is read once through the table reader's scan mode: rows before
 * the header are looked at only for a URN column, rows after it are
 * turned into canonical rows as they arrive, so memory is the output
 * table and one row of input.  The values themselves are read by
 * ofsted_values.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/cp1252.h"
#include "icstat/date.h"
#include "icstat/ofsted.h"
#include "icstat/table.h"
#include "ofsted_internal.h"

/* Known header spellings for each canonical column, in order of
 * preference: the first one a file has is used.  They are compared by
 * icstat_ofsted_header_key, so case, spaces and punctuation do not matter
 * (Ofsted's own double space in "Latest OEIF  safeguarding is effective?"
 * included).  Where each spelling was seen:
 *  [D]   ../shared/DESIGN.md, "What real files look like" (Ofsted's own
 *        typo "quntile", "IDACI 2010 quintile", "Inspection date",
 *        "Inspection end date", "Category", the 2005-2015 columns).
 *  [M19] monthly files, September 2019 to 2024: the column list in
 *        DFE-Digital/find-information-about-academies-and-trusts,
 *        Contexts/AcademiesDbContext.MisEstablishments.cs.
 *  [X22] the February 2022 xlsx, sheet "Most recent inspections", three
 *        rows above the header: ajb1970/School-governance,
 *        governance_ofsted_comparison.py.
 *  [A]   the all-inspections CSVs 2015-2019 (title row above the header)
 *        and 2019-2025: k1p1l0/tendhunt (its Ofsted sync stage and
 *        .planning/phases/33-ofsted-signals/33-RESEARCH.md).
 *  [S23] the official statistics "as at 31 August 2023" (provider level),
 *        read from a real copy (../shared/ofsted-real/PROVENANCE.md).
 *  [R25] monthly files since 10 November 2025 (report cards): public
 *        scripts that load them with their columns named exactly as in
 *        the file, found by exact-string search (repositories not named).
 *  [H]   the 2005-2015 file stacked with the 2015-2017 ones by a public
 *        Python analysis (exact-string search, repository not named).
 *  [T]   a 2016-17 monthly layout read by a public JavaScript app
 *        (exact-string search, repository not named).
 * Older judgements are mapped to their successors: "Quality of teaching,
 * learning and assessment" (2015-2019) and "Quality of teaching"
 * (2005-2015) to quality_of_education, "Behaviour and safety of pupils" to
 * behaviour_and_attitudes, "Leadership and management" to
 * leadership_and_management; `framework` says which framework a grade is
 * from.  "Personal development, behaviour and welfare" (2015-2019) was one
 * judgement covering two canonical columns, so it is left to --map.
 *
 * Report-card files [R25] hold two inspections per school: the report
 * card, in the columns without a prefix, and the last old-framework one in
 * the "Latest OEIF ..." columns (the oeif_* lists). */
static const char *const v_urn[] = {"URN", NULL};
static const char *const v_number[] = {
    "Inspection number",                              /* [A] [H] */
    "Inspection number of latest full inspection",    /* [M19] [R25] */
    "Inspection number of latest graded inspection",  /* [S23] 2022-2024 */
    NULL};
static const char *const v_date[] = {
    "Inspection start date", /* [M19] [A] [H] [S23] [R25] */
    "Inspection date",       /* [D] [T] */
    "Inspection end date",   /* [D] [M19] [X22] [H] */
    NULL};
static const char *const v_type[] = {"Inspection type", NULL}; /* [M19] [A] [H] [S23] [R25] */
static const char *const v_phase[] = {"Ofsted phase", NULL};   /* [M19] [A] [S23] [R25] */
static const char *const v_region[] = {
    "Region",        /* [A] [S23] [R25] (government office region) */
    "Ofsted region", /* [M19] [S23] [R25], when a file has no Region */
    NULL};
static const char *const v_la[] = {"Local authority", NULL}; /* [M19] [A] [S23] [R25] */
static const char *const v_idaci[] = {
    "The income deprivation affecting children index (IDACI) quintile", /* [M19] [A] [S23] */
    "IDACI quintile",                                                   /* [A] */
    "The quntile for income deprivation affecting children index (IDACI)", /* [D] */
    NULL}; /* and any header naming IDACI and a quintile: idaci_like() */
static const char *const v_pupils[] = {
    "Total number of pupils", /* [M19] [A] [S23] [R25] */
    "Total pupils",           /* [T] */
    NULL};
static const char *const v_overall[] = {"Overall effectiveness", NULL}; /* [M19] [A] [X22] [H] */
static const char *const v_quality[] = {
    "Quality of education",                         /* [M19] [A] [S23] */
    "Quality of teaching, learning and assessment", /* [A] [H] 2015-2019 */
    "Quality of teaching",                          /* [D] [H] 2005-2015 */
    NULL};
static const char *const v_behaviour[] = {
    "Behaviour and attitudes",        /* [M19] [S23] */
    "Behaviour and safety of pupils", /* [D] [H] */
    NULL};
static const char *const v_personal[] = {"Personal development", NULL}; /* [M19] [S23] */
static const char *const v_leadership[] = {
    "Effectiveness of leadership and management", /* [M19] [A] [H] [S23] */
    "Leadership and management",                  /* [D] [H] */
    NULL};
static const char *const v_category[] = {
    "Category of concern",             /* [M19] [A] [H] [S23] [R25] */
    "Category",                        /* [D] */
    "Most recent category of concern", /* [R25] */
    NULL};
static const char *const v_prev_number[] = {
    "Previous inspection number",                   /* [A] [H] [S23] */
    "Previous full inspection number",              /* [M19] */
    "Previous graded inspection number",            /* [D] 2022-2024 */
    "Inspection number of the previous inspection", /* [H] */
    NULL};
static const char *const v_prev_date[] = {
    "Previous inspection start date",                 /* [M19] [A] [H] [S23] */
    "Previous graded inspection start date",          /* by analogy with the line above */
    "Previous full inspection date",                  /* [T] */
    "Previous inspection date",                       /* by analogy with [D] "Inspection date" */
    "Previous inspection end date",                   /* [M19] [X22] [H] [S23] */
    "Inspection end date of the previous inspection", /* [H] */
    NULL};
static const char *const v_prev_overall[] = {
    "Previous overall effectiveness",                   /* [H] */
    "Previous full inspection overall effectiveness",   /* [M19] [X22] [A] */
    "Previous graded inspection overall effectiveness", /* [S23] 2022-2024 */
    "Previous inspection - Overall effectiveness",      /* [H] */
    NULL};
static const char *const v_safeguarding[] = {
    "Safeguarding standards",     /* [R25] Met / Not met */
    "Safeguarding is effective?", /* [M19] [S23] Yes / No / 9 */
    NULL};
static const char *const v_inclusion[] = {"Inclusion", NULL}; /* [R25], and each below */
static const char *const v_curriculum[] = {"Curriculum and teaching", NULL};
static const char *const v_achievement[] = {"Achievement", NULL};
static const char *const v_attendance[] = {"Attendance and behaviour", NULL};
static const char *const v_wellbeing[] = {"Personal development and wellbeing", NULL};
static const char *const v_governance[] = {"Leadership and governance", NULL};
static const char *const v_early_years[] = {
    "Early years (where applicable)",          /* [R25] */
    "Early years provision (where applicable)", /* [M19] [S23] */
    "Early years provision",                   /* [A] */
    "Early years",                             /* the area's own name, without the note */
    NULL};
/* Sixth forms were judged as "16 to 19 study programmes" from September
 * 2015 to August 2019 (the common inspection framework), as "Sixth form
 * provision" from September 2019, and as "Post-16 provision" on report
 * cards. */
static const char *const v_post_16[] = {
    "Post-16 provision (where applicable)",            /* [R25] */
    "Sixth form provision (where applicable)",         /* [M19] [S23] */
    "Sixth form provision",                            /* [A] */
    "Post-16 provision",                               /* the area's own name */
    "16-19 study programmes (where applicable)",       /* CIF 2015-2019 */
    "16-19 study programmes",
    "16 to 19 study programmes (where applicable)",
    "16 to 19 study programmes",
    NULL};

/* The "Latest OEIF" block of report-card files [R25]. */
static const char *const o_number[] = {"Inspection number of latest OEIF graded inspection", NULL};
static const char *const o_date[] = {"Inspection start date of latest OEIF graded inspection",
                                     NULL};
static const char *const o_type[] = {"Inspection type of latest OEIF graded inspection", NULL};
static const char *const o_overall[] = {"Latest OEIF overall effectiveness", NULL};
static const char *const o_quality[] = {"Latest OEIF quality of education", NULL};
static const char *const o_behaviour[] = {"Latest OEIF behaviour and attitudes", NULL};
static const char *const o_personal[] = {"Latest OEIF personal development", NULL};
static const char *const o_leadership[] = {
    "Latest OEIF effectiveness of leadership and management", NULL};
static const char *const o_category[] = {"Latest OEIF category of concern", NULL};
static const char *const o_safeguarding[] = {"Latest OEIF safeguarding is effective?", NULL};
static const char *const o_early_years[] = {
    "Latest OEIF early years provision (where applicable)", NULL};
static const char *const o_post_16[] = {
    "Latest OEIF sixth form provision (where applicable)", NULL};

typedef enum {
    K_URN,          /* positive whole number */
    K_ID,           /* an inspection number: text, "10210907.0" read as 10210907 */
    K_TEXT,         /* trimmed text */
    K_DATE,         /* YYYY-MM-DD */
    K_GRADE,        /* old framework 1-4 */
    K_QUINTILE,     /* 1-5 */
    K_COUNT,        /* whole number */
    K_CONCERN,      /* category of concern, in words */
    K_SAFEGUARDING, /* met / not met */
    K_AREA,         /* report-card area 1-5 */
    K_STAGE,        /* early years, post-16: 1-4 or 1-5, as `framework` says */
    K_FRAMEWORK     /* derived, never read */
} value_kind;

static const struct {
    const char *name;
    value_kind kind;
    const char *const *variants;
    const char *const *oeif; /* in the Latest OEIF block, or NULL */
} canon[ICSTAT_OFSTED_NCOL] = {
    {"urn", K_URN, v_urn, NULL},
    {"inspection_number", K_ID, v_number, o_number},
    {"inspection_date", K_DATE, v_date, o_date},
    {"inspection_type", K_TEXT, v_type, o_type},
    {"phase", K_TEXT, v_phase, NULL},
    {"region", K_TEXT, v_region, NULL},
    {"local_authority", K_TEXT, v_la, NULL},
    {"idaci_quintile", K_QUINTILE, v_idaci, NULL},
    {"pupils", K_COUNT, v_pupils, NULL},
    {"overall_effectiveness", K_GRADE, v_overall, o_overall},
    {"quality_of_education", K_GRADE, v_quality, o_quality},
    {"behaviour_and_attitudes", K_GRADE, v_behaviour, o_behaviour},
    {"personal_development", K_GRADE, v_personal, o_personal},
    {"leadership_and_management", K_GRADE, v_leadership, o_leadership},
    {"category_of_concern", K_CONCERN, v_category, o_category},
    {"previous_inspection_number", K_ID, v_prev_number, NULL},
    {"previous_inspection_date", K_DATE, v_prev_date, NULL},
    {"previous_overall_effectiveness", K_GRADE, v_prev_overall, NULL},
    {"framework", K_FRAMEWORK, NULL, NULL},
    {"safeguarding", K_SAFEGUARDING, v_safeguarding, o_safeguarding},
    {"inclusion", K_AREA, v_inclusion, NULL},
    {"curriculum_and_teaching", K_AREA, v_curriculum, NULL},
    {"achievement", K_AREA, v_achievement, NULL},
    {"attendance_and_behaviour", K_AREA, v_attendance, NULL},
    {"personal_development_and_wellbeing", K_AREA, v_wellbeing, NULL},
    {"leadership_and_governance", K_AREA, v_governance, NULL},
    {"early_years", K_STAGE, v_early_years, o_early_years},
    {"post_16", K_STAGE, v_post_16, o_post_16},
};

#define KEY_MAX 256

static const char *const skip_reasons[ICSTAT_OFSTED_NSKIP] = {
    "no URN", "invalid URN", "no inspection date (not inspected)", "invalid inspection date"};

const char *icstat_ofsted_column_name(size_t j)
{
    return j < ICSTAT_OFSTED_NCOL ? canon[j].name : NULL;
}

long icstat_ofsted_column_lookup(const char *name)
{
    for (size_t j = 0; name && j < ICSTAT_OFSTED_NCOL; j++)
        if (strcmp(canon[j].name, name) == 0)
            return (long)j;
    return -1;
}

const char *icstat_ofsted_skip_reason(int k)
{
    return k >= 0 && k < ICSTAT_OFSTED_NSKIP ? skip_reasons[k] : NULL;
}

/* ---- headers ------------------------------------------------------------- */

void icstat_ofsted_header_key(const char *header, char *key, size_t size)
{
    size_t o = 0;
    if (size == 0)
        return;
    for (const char *p = header; p && *p && o + 1 < size; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            key[o++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            key[o++] = c;
    }
    key[o] = '\0';
}

/* Spellings not in the list still name the IDACI quintile: "IDACI 2010
 * quintile" and the like [D].  A "previous" column is another school's. */
static int idaci_like(const char *key)
{
    return strstr(key, "idaci") && (strstr(key, "quintile") || strstr(key, "quntile")) &&
           strncmp(key, "previous", 8) != 0;
}

/* The first of names[0..n) that one of variants names (or map, when
 * given); -1 when none does.  *spelling gets the variant's index. */
static long match_list(const char *const *names, size_t n, const char *const *variants,
                       const char *map, int *spelling)
{
    char want[KEY_MAX], key[KEY_MAX];
    for (size_t v = 0; map ? v == 0 : variants && variants[v] != NULL; v++) {
        icstat_ofsted_header_key(map ? map : variants[v], want, sizeof want);
        for (size_t i = 0; i < n; i++) {
            icstat_ofsted_header_key(names[i], key, sizeof key);
            if (strcmp(key, want) == 0) {
                if (spelling && !map)
                    *spelling = (int)v;
                return (long)i;
            }
        }
    }
    return -1;
}

long icstat_ofsted_match(const char *const *names, size_t n, size_t j, const char *map,
                         int *spelling)
{
    char key[KEY_MAX];
    if (spelling)
        *spelling = -1;
    if (j >= ICSTAT_OFSTED_NCOL)
        return -1;
    long c = match_list(names, n, canon[j].variants, map, spelling);
    if (c >= 0 || map || !canon[j].variants)
        return c;
    size_t nv = 0;
    while (canon[j].variants[nv])
        nv++;
    /* The canonical name itself: icstat's own table reads back. */
    const char *const self[] = {canon[j].name, NULL};
    if ((c = match_list(names, n, self, NULL, NULL)) >= 0) {
        if (spelling)
            *spelling = (int)nv;
        return c;
    }
    if (j != ICSTAT_OFSTED_IDACI_QUINTILE)
        return -1;
    for (size_t i = 0; i < n; i++) {
        icstat_ofsted_header_key(names[i], key, sizeof key);
        if (idaci_like(key)) {
            if (spelling)
                *spelling = (int)nv + 1;
            return (long)i;
        }
    }
    return -1;
}

/* ---- the import ---------------------------------------------------------- */

typedef struct {
    const icstat_ofsted_options *opt;
    size_t header_rows;
    const char *name;
    icstat_error *err;
    icstat_ofsted_import *imp;
    size_t rows_before; /* rows looked at for the header */
    size_t ncol;        /* header width once found, else 0 */
    int semicolons;     /* a row looked at was one field with ';' in it */
    int report_cards;   /* the file has report-card area columns */
} importer;

static int nomem(importer *im)
{
    return icstat_error_set(im->err, ICSTAT_ENOMEM, im->name, 0, "out of memory");
}

/* Count an event; keep the line and the text of the first. */
static void tally(icstat_ofsted_tally *t, long line, const char *b, const char *e)
{
    if (t->count++)
        return;
    t->first_line = line;
    size_t n = (size_t)(e - b), max = sizeof t->first_text - 4;
    if (n > max) {
        /* Cut at a character boundary and mark the cut. */
        n = max;
        while (n > 0 && ((unsigned char)b[n] & 0xC0) == 0x80)
            n--;
        memcpy(t->first_text, b, n);
        memcpy(t->first_text + n, "...", 4);
    } else {
        memcpy(t->first_text, b, n);
        t->first_text[n] = '\0';
    }
}

static int blank_row(const char *const *f, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        const char *b, *e;
        ofsted_trim(f[j], &b, &e);
        if (b != e)
            return 0;
    }
    return 1;
}

/* How messages name the options' map: the caller's name for it ("--map"),
 * or "map". */
static const char *map_what(const importer *im)
{
    return im->opt && im->opt->map_what ? im->opt->map_what : "map";
}

/* No header in the opening rows (or none at all before the file ended). */
static int no_header(importer *im)
{
    const char *m = im->opt ? im->opt->map[ICSTAT_OFSTED_URN] : NULL;
    if (im->rows_before == 0)
        return icstat_error_set(im->err, ICSTAT_EDATA, im->name, 1,
                                "file is empty: a header row is required");
    if (m)
        return icstat_error_set(im->err, ICSTAT_EDATA, im->name, 0,
                                "no header with a URN column ('%s' from %s) in the first "
                                "%zu rows",
                                m, map_what(im), im->header_rows);
    return icstat_error_set(im->err, ICSTAT_EDATA, im->name, 0,
                            "no header with a URN column in the first %zu rows%s", im->header_rows,
                            im->semicolons ? " (its rows hold semicolons: icstat reads "
                                             "comma-separated files; save the file as CSV "
                                             "(comma delimited))"
                                           : "");
}

/* Column c of f, used for canonical column j: refuse a header that has
 * its name twice (which one is meant cannot be told, nor named with
 * --map, which matches by name). */
static int check_unique(importer *im, const char *const *f, size_t n, long c, size_t j,
                        long line)
{
    char key[KEY_MAX], other[KEY_MAX];
    icstat_ofsted_header_key(f[c], key, sizeof key);
    for (size_t i = (size_t)c + 1; i < n; i++) {
        icstat_ofsted_header_key(f[i], other, sizeof other);
        if (strcmp(key, other) == 0)
            return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                    "the header has '%s' twice (columns %ld and %zu): "
                                    "which one is %s? rename or delete the other",
                                    f[c], c + 1, i + 1, canon[j].name);
    }
    return ICSTAT_OK;
}

/* A row with a URN column becomes the header: find every canonical column. */
static int header_row(importer *im, const char *const *f, size_t n, long line)
{
    icstat_ofsted_import *imp = im->imp;
    const char *const *map = im->opt ? im->opt->map : NULL;
    im->rows_before++;
    im->semicolons |= n == 1 && strchr(f[0], ';') != NULL;
    if (icstat_ofsted_match(f, n, ICSTAT_OFSTED_URN, map ? map[ICSTAT_OFSTED_URN] : NULL,
                            NULL) < 0)
        return im->rows_before < im->header_rows ? ICSTAT_OK : no_header(im);
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++) {
        const char *m = map ? map[j] : NULL;
        long c = canon[j].variants ? icstat_ofsted_match(f, n, j, m, &imp->spelling[j]) : -1;
        if (c < 0 && m)
            return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                    "%s %s='%s': the header has no such column",
                                    map_what(im), canon[j].name, m);
        imp->source[j] = c;
        imp->oeif[j] = match_list(f, n, canon[j].oeif, NULL, NULL);
        if ((c >= 0 && check_unique(im, f, n, c, j, line) != ICSTAT_OK) ||
            (imp->oeif[j] >= 0 && check_unique(im, f, n, imp->oeif[j], j, line) != ICSTAT_OK))
            return ICSTAT_EDATA;
        if (c >= 0) {
            const char *b, *e;
            ofsted_trim(f[c], &b, &e);
            if (!(imp->source_name[j] = strndup(b, (size_t)(e - b))))
                return nomem(im);
        }
        if (canon[j].kind == K_AREA && c >= 0)
            im->report_cards = 1;
    }
    if (imp->source[ICSTAT_OFSTED_INSPECTION_DATE] < 0 &&
        imp->oeif[ICSTAT_OFSTED_INSPECTION_DATE] < 0)
        return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                "the header has no inspection date column ('Inspection start "
                                "date', 'Inspection date' or 'Inspection end date'); name it "
                                "with %s inspection_date=HEADER", map_what(im));
    imp->header_line = line;
    im->ncol = n;
    return ICSTAT_OK;
}

/* A date that reads as MM/DD/YYYY (US order) means the file's other
 * dates would be misread, not just this one refused: an error, not a
 * skipped row. */
static int us_order_date(importer *im, const char *header, const char *f, long line)
{
    char why[160], ex[ICSTAT_EXCERPT_SIZE];
    if (icstat_date_problem(f, why, sizeof why) != ICSTAT_DATE_US_ORDER)
        return ICSTAT_OK;
    return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                            "column '%s' has value '%s' that is not a date: %s; the file's "
                            "other dates would be misread, so convert them to YYYY-MM-DD first",
                            header, icstat_value_excerpt(f, ex, sizeof ex), why);
}

/* Text into the row, its Latin-1-read Windows-1252 characters repaired. */
static int put_text(importer *im, size_t row, size_t j, const char *b, const char *e)
{
    size_t n = (size_t)(e - b), cap = n + n / 2 + 1;
    char *t = malloc(cap);
    if (!t)
        return nomem(im);
    memcpy(t, b, n);
    t[n] = '\0';
    size_t fixed = icstat_cp1252_repair(t, cap);
    if (fixed != (size_t)-1 && fixed > 0)
        im->imp->repaired++;
    int bad = icstat_result_set_text(im->imp->table, row, j, t) != 0;
    free(t);
    return bad ? nomem(im) : ICSTAT_OK;
}

/* A date cell: as icstat_ofsted_parse_date, and, from a converted .ods
 * (opt->serial_dates), a spreadsheet serial number: days since 30
 * December 1899, a fraction being the time of day. */
static int parse_date_cell(const importer *im, const char *s, char iso[11])
{
    const char *b, *e;
    double v;
    if (s && im->opt && im->opt->serial_dates) {
        ofsted_trim(s, &b, &e);
        char buf[32];
        if (b < e && (size_t)(e - b) < sizeof buf) {
            memcpy(buf, b, (size_t)(e - b));
            buf[e - b] = '\0';
            if (icstat_parse_double(buf, &v) && v >= 1 && v < 2958466) {
                int y, m, d;
                icstat_date_from_days(icstat_date_to_days(1899, 12, 30) + (long)v, &y, &m, &d);
                snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
                memcpy(iso, buf, 11);
                return 1;
            }
        }
    }
    return icstat_ofsted_parse_date(s, iso);
}

/* Put field f into canonical column j of the output row; fw is the
 * row's framework (which scale early_years and post_16 use). */
static int put_value(importer *im, size_t row, size_t j, const char *f, const char *header,
                     icstat_framework fw, long line)
{
    icstat_ofsted_import *imp = im->imp;
    const char *b, *e, *word = NULL;
    ofsted_trim(f, &b, &e);
    double v;
    int g = 0, st = 1;
    char iso[11];
    switch (canon[j].kind) {
    case K_URN: /* set by the caller, which checked it */
    case K_FRAMEWORK:
        return ICSTAT_OK;
    case K_ID: {
        if (ofsted_missing_span(b, e))
            return ICSTAT_OK;
        size_t d = ofsted_whole_digits(b, e);
        return put_text(im, row, j, b, d ? b + d : e);
    }
    case K_TEXT:
        return ofsted_missing_span(b, e) ? ICSTAT_OK : put_text(im, row, j, b, e);
    case K_DATE:
        if ((st = parse_date_cell(im, f, iso)) > 0 &&
            icstat_result_set_text(imp->table, row, j, iso) != 0)
            return nomem(im);
        if (st < 0 && us_order_date(im, header, f, line) != ICSTAT_OK)
            return ICSTAT_EDATA;
        break;
    case K_GRADE:
        st = icstat_ofsted_parse_grade(f, &g);
        break;
    case K_AREA:
        st = icstat_ofsted_parse_area(f, &g);
        break;
    case K_STAGE:
        st = icstat_ofsted_parse_stage(f, fw == ICSTAT_FRAMEWORK_REPORT_CARD, &g);
        break;
    case K_SAFEGUARDING:
    case K_CONCERN:
        st = canon[j].kind == K_CONCERN ? icstat_ofsted_parse_concern(f, &word)
                                        : icstat_ofsted_parse_safeguarding(f, &word);
        if (st > 0 && icstat_result_set_text(imp->table, row, j, word) != 0)
            return nomem(im);
        if (st < 0 && canon[j].kind == K_CONCERN) /* another word: kept as written */
            return put_text(im, row, j, b, e);
        break;
    case K_QUINTILE:
    case K_COUNT:
        if (ofsted_missing_span(b, e))
            return ICSTAT_OK;
        char digits[32];
        if ((st = ofsted_parse_whole(b, e, canon[j].kind == K_QUINTILE ? 1 : 0,
                              canon[j].kind == K_QUINTILE ? 5 : 1e9, &v)) > 0 ||
            (canon[j].kind == K_COUNT && ofsted_strip_thousands(b, e, digits, sizeof digits) &&
             (st = ofsted_parse_whole(digits, digits + strlen(digits), 0, 1e9, &v)) > 0))
            icstat_result_set_num(imp->table, row, j, v);
        break;
    }
    if (st > 0 && g > 0)
        icstat_result_set_num(imp->table, row, j, g);
    if (st < 0)
        tally(&imp->unreadable[j], line, b, e);
    return ICSTAT_OK;
}

/* Which inspection a row describes.  A report-card file [R25] has two per
 * school: the report card (no prefix) and the last old-framework one
 * ("Latest OEIF"). */
typedef enum {
    BLOCK_MAIN,   /* the row's own columns: any other file */
    BLOCK_REPORT, /* a report card; previous_* from the Latest OEIF block */
    BLOCK_OEIF    /* no report card yet: the Latest OEIF inspection */
} block;

/* Field of the row for canonical column j in block k, or NULL when the
 * file has none there. */
static const char *field_of(const importer *im, const char *const *f, size_t j, block k)
{
    const icstat_ofsted_import *imp = im->imp;
    long c = -1;
    if (k == BLOCK_OEIF && canon[j].oeif)
        c = imp->oeif[j]; /* an inspection field: never the report card's */
    else if (k == BLOCK_REPORT && (j == ICSTAT_OFSTED_PREVIOUS_NUMBER ||
                                   j == ICSTAT_OFSTED_PREVIOUS_DATE ||
                                   j == ICSTAT_OFSTED_PREVIOUS_OVERALL) &&
             imp->oeif[ICSTAT_OFSTED_INSPECTION_DATE] >= 0)
        c = imp->oeif[j == ICSTAT_OFSTED_PREVIOUS_NUMBER ? ICSTAT_OFSTED_INSPECTION_NUMBER
                      : j == ICSTAT_OFSTED_PREVIOUS_DATE ? ICSTAT_OFSTED_INSPECTION_DATE
                                                         : ICSTAT_OFSTED_OVERALL];
    else if (!(k == BLOCK_REPORT && canon[j].kind == K_GRADE && canon[j].oeif) &&
             !(k == BLOCK_MAIN && canon[j].kind == K_AREA))
        /* Neither the old framework's judgements in a report card's row nor
         * report-card areas in a row that is not one. */
        c = imp->source[j];
    return c >= 0 ? f[c] : NULL;
}

static int present(const char *s)
{
    const char *b, *e;
    if (!s)
        return 0;
    ofsted_trim(s, &b, &e);
    return !ofsted_missing_span(b, e);
}

/* The block a row is read from: a report card when it has a report-card
 * grade or its own date is from 10 November 2025, else the Latest OEIF
 * inspection when there is one, else the row's own columns. */
static block row_block(const importer *im, const char *const *f)
{
    const icstat_ofsted_import *imp = im->imp;
    if (im->report_cards) {
        /* A report card's grades, or its "Safeguarding standards" (the
         * old framework's "Safeguarding is effective?" is no sign). */
        for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
            if ((canon[j].kind == K_AREA ||
                 (j == ICSTAT_OFSTED_SAFEGUARDING && imp->spelling[j] == 0)) &&
                imp->source[j] >= 0 && present(f[imp->source[j]]))
                return BLOCK_REPORT;
        char iso[11];
        long d = imp->source[ICSTAT_OFSTED_INSPECTION_DATE];
        if (d >= 0 && parse_date_cell(im, f[d], iso) > 0 &&
            icstat_framework_of_date(iso) == ICSTAT_FRAMEWORK_REPORT_CARD)
            return BLOCK_REPORT;
    }
    long o = imp->oeif[ICSTAT_OFSTED_INSPECTION_DATE];
    if (o >= 0 && (present(f[o]) || imp->source[ICSTAT_OFSTED_INSPECTION_DATE] < 0))
        return BLOCK_OEIF;
    return BLOCK_MAIN;
}

static int data_row(importer *im, const char *const *f, size_t n, long line)
{
    icstat_ofsted_import *imp = im->imp;
    imp->rows_read++;
    if (n != im->ncol)
        return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                "row has %zu fields but the header has %zu", n, im->ncol);
    const char *b, *e;
    double v = 0;
    char iso[11];
    ofsted_trim(f[imp->source[ICSTAT_OFSTED_URN]], &b, &e);
    int skip = -1;
    const block k = row_block(im, f);
    const char *date = field_of(im, f, ICSTAT_OFSTED_INSPECTION_DATE, k);
    const char *date_header =
        imp->source_name[ICSTAT_OFSTED_INSPECTION_DATE] && k != BLOCK_OEIF
            ? imp->source_name[ICSTAT_OFSTED_INSPECTION_DATE]
            : "Inspection start date of latest OEIF graded inspection";
    /* URNs are positive whole numbers written as digits ("103120.0" too). */
    size_t d = ofsted_whole_digits(b, e);
    if (ofsted_missing_span(b, e))
        skip = ICSTAT_OFSTED_SKIP_NO_URN;
    else if (d == 0 || d > 9 || ofsted_parse_whole(b, b + d, 1, 999999999, &v) < 0)
        skip = ICSTAT_OFSTED_SKIP_BAD_URN;
    else {
        int st = parse_date_cell(im, date, iso);
        if (st < 0 && us_order_date(im, date_header, date, line) != ICSTAT_OK)
            return ICSTAT_EDATA;
        if (st <= 0) {
            skip = st == 0 ? ICSTAT_OFSTED_SKIP_NO_DATE : ICSTAT_OFSTED_SKIP_BAD_DATE;
            ofsted_trim(date ? date : "", &b, &e);
        }
    }
    if (skip >= 0) {
        tally(&imp->skipped[skip], line, b, e);
        return ICSTAT_OK;
    }
    icstat_framework fw = icstat_framework_of_date(iso);
    if (k == BLOCK_REPORT)
        fw = ICSTAT_FRAMEWORK_REPORT_CARD;
    else if (k == BLOCK_OEIF && fw == ICSTAT_FRAMEWORK_REPORT_CARD)
        fw = ICSTAT_FRAMEWORK_EIF_2024; /* the old framework's last inspections */
    long row = icstat_result_add_row(imp->table);
    if (row < 0 || icstat_result_set_text(imp->table, (size_t)row, ICSTAT_OFSTED_FRAMEWORK,
                                          icstat_framework_name(fw)) != 0)
        return nomem(im);
    icstat_result_set_num(imp->table, (size_t)row, ICSTAT_OFSTED_URN, v);
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++) {
        const char *fj = field_of(im, f, j, k);
        if (!fj)
            continue;
        int st = put_value(im, (size_t)row, j, fj,
                           imp->source_name[j] ? imp->source_name[j] : canon[j].name, fw, line);
        if (st != ICSTAT_OK)
            return st;
    }
    imp->by_framework[fw]++;
    imp->rows_written++;
    return ICSTAT_OK;
}

static int on_row(void *ctx, const char *const *f, size_t n, long line)
{
    importer *im = ctx;
    if (blank_row(f, n))
        return ICSTAT_OK;
    return im->ncol ? data_row(im, f, n, line) : header_row(im, f, n, line);
}

static int is_text(value_kind k)
{
    return k == K_ID || k == K_TEXT || k == K_DATE || k == K_CONCERN || k == K_SAFEGUARDING ||
           k == K_FRAMEWORK;
}

static icstat_ofsted_import *import_alloc(const char *name)
{
    icstat_col_spec cols[ICSTAT_OFSTED_NCOL];
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        cols[j] = (icstat_col_spec){canon[j].name,
                                    is_text(canon[j].kind) ? ICSTAT_COL_TEXT
                                                           : ICSTAT_COL_INT,
                                    0};
    icstat_ofsted_import *imp = calloc(1, sizeof *imp);
    if (!imp)
        return NULL;
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        imp->source[j] = imp->oeif[j] = imp->spelling[j] = -1;
    char title[ICSTAT_ERROR_FILE_MAX + 64];
    snprintf(title, sizeof title, "Ofsted inspections from %s", name);
    if (!(imp->table = icstat_result_alloc(title, cols, ICSTAT_OFSTED_NCOL))) {
        free(imp);
        return NULL;
    }
    return imp;
}

void icstat_ofsted_import_free(icstat_ofsted_import *imp)
{
    if (!imp)
        return;
    icstat_result_free(imp->table);
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        free(imp->source_name[j]);
    free(imp);
}

/* Run the scan (path, or the buffer when path is NULL) and finish. */
static int import_run(const char *path, const char *name, const char *buf, size_t len,
                      const icstat_ofsted_options *opt, icstat_ofsted_import **out,
                      icstat_error *err)
{
    if (out)
        *out = NULL;
    if (!out)
        return icstat_error_set(err, ICSTAT_EUSAGE, name, 0, "no result given");
    importer im = {opt, opt && opt->header_rows ? opt->header_rows : ICSTAT_OFSTED_HEADER_ROWS,
                   name, err, import_alloc(name), 0, 0, 0, 0};
    if (!im.imp)
        return nomem(&im);
    int st = icstat_table_scan_1252(path ? path : name, path ? NULL : buf, len, on_row, &im,
                                    &im.imp->windows_1252, err);
    if (st == ICSTAT_OK && !im.ncol)
        st = no_header(&im);
    if (st != ICSTAT_OK) {
        icstat_ofsted_import_free(im.imp);
        return st;
    }
    *out = im.imp;
    return ICSTAT_OK;
}

int icstat_ofsted_import_read(const char *path, const icstat_ofsted_options *opt,
                              icstat_ofsted_import **out, icstat_error *err)
{
    if (!path) {
        if (out)
            *out = NULL;
        return icstat_error_set(err, ICSTAT_EUSAGE, "", 0, "no file name given");
    }
    icstat_error_clear(err);
    return import_run(path, strcmp(path, "-") == 0 ? "<stdin>" : path, NULL, 0, opt, out, err);
}

int icstat_ofsted_import_read_buffer(const char *name, const char *buf, size_t len,
                                     const icstat_ofsted_options *opt,
                                     icstat_ofsted_import **out, icstat_error *err)
{
    if (!buf && len > 0) {
        if (out)
            *out = NULL;
        return icstat_error_set(err, ICSTAT_EUSAGE, name ? name : "", 0, "no buffer given");
    }
    icstat_error_clear(err);
    return import_run(NULL, name ? name : "<buffer>", buf ? buf : "", len, opt, out, err);
}
