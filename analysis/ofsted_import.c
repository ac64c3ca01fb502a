/* ofsted_import.c — Ofsted's management information into the canonical
 * inspections table (contract in include/icstat/ofsted.h).
 *
 * The file is read once through the table reader's scan mode: rows before
 * the header are looked at only for a URN column, rows after it are
 * turned into canonical rows as they arrive, so memory is the output
 * table and one row of input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/date.h"
#include "icstat/ofsted.h"
#include "icstat/table.h"

/* Known header spellings for each canonical column, in order of
 * preference: the first one a file has is used.  They are compared by
 * icstat_ofsted_header_key, so case, spaces and punctuation do not matter.
 * Where each spelling was seen:
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
 *  [R25] monthly files since 10 November 2025 (report cards): a public
 *        SQL schema that loads sheet D2 with its columns named exactly as
 *        in the file (found by exact-string search, repository not named).
 *  [H]   the 2005-2015 file stacked with the 2015-2017 ones by a public
 *        Python analysis (exact-string search, repository not named).
 *  [T]   a 2016-17 monthly layout read by a public JavaScript app
 *        (exact-string search, repository not named).
 * Older judgements are mapped to their successors: "Quality of teaching,
 * learning and assessment" (2015-2019) and "Quality of teaching"
 * (2005-2015) to quality_of_education, "Behaviour and safety of pupils" to
 * behaviour_and_attitudes, "Leadership and management" to
 * leadership_and_management; the inspection date says which framework.
 * "Personal development, behaviour and welfare" (2015-2019) was one
 * judgement covering two canonical columns, so it is left to --map; the
 * report-card grades since November 2025 (five points) are not 1-4 grades
 * and are not mapped, nor are the "Latest OEIF ..." columns of those
 * files, which belong to another inspection than the row's number. */
static const char *const v_urn[] = {"URN", NULL};
static const char *const v_number[] = {
    "Inspection number",                           /* [A] [H] */
    "Inspection number of latest full inspection", /* [M19] [R25] */
    NULL};
static const char *const v_date[] = {
    "Inspection start date", /* [M19] [A] [H] [R25] */
    "Inspection date",       /* [D] [T] */
    "Inspection end date",   /* [D] [M19] [X22] [H] */
    NULL};
static const char *const v_type[] = {"Inspection type", NULL}; /* [M19] [A] [H] [R25] */
static const char *const v_phase[] = {"Ofsted phase", NULL};   /* [M19] [A] [R25] */
static const char *const v_region[] = {
    "Region",        /* [A] [R25] (government office region) */
    "Ofsted region", /* [M19] [R25], when a file has no Region */
    NULL};
static const char *const v_la[] = {"Local authority", NULL}; /* [M19] [A] [R25] */
static const char *const v_idaci[] = {
    "The income deprivation affecting children index (IDACI) quintile", /* [M19] [A] [R25] */
    "IDACI quintile",                                                   /* [A] */
    "The quntile for income deprivation affecting children index (IDACI)", /* [D] */
    NULL}; /* and any header naming IDACI and a quintile: idaci_like() */
static const char *const v_pupils[] = {
    "Total number of pupils", /* [M19] [A] [R25] */
    "Total pupils",           /* [T] */
    NULL};
static const char *const v_overall[] = {"Overall effectiveness", NULL}; /* [M19] [A] [X22] [H] */
static const char *const v_quality[] = {
    "Quality of education",                         /* [M19] [A] */
    "Quality of teaching, learning and assessment", /* [A] [H] 2015-2019 */
    "Quality of teaching",                          /* [D] [H] 2005-2015 */
    NULL};
static const char *const v_behaviour[] = {
    "Behaviour and attitudes",        /* [M19] */
    "Behaviour and safety of pupils", /* [D] [H] */
    NULL};
static const char *const v_personal[] = {"Personal development", NULL}; /* [M19] */
static const char *const v_leadership[] = {
    "Effectiveness of leadership and management", /* [M19] [A] [H] */
    "Leadership and management",                  /* [D] [H] */
    NULL};
static const char *const v_category[] = {
    "Category of concern", /* [M19] [A] [H] [R25] */
    "Category",            /* [D] */
    NULL};
static const char *const v_prev_number[] = {
    "Previous inspection number",                   /* [A] [H] */
    "Previous full inspection number",              /* [M19] */
    "Inspection number of the previous inspection", /* [H] */
    NULL};
static const char *const v_prev_date[] = {
    "Previous inspection start date",                 /* [M19] [A] [H] */
    "Previous full inspection date",                  /* [T] */
    "Previous inspection date",                       /* by analogy with [D] "Inspection date" */
    "Previous inspection end date",                   /* [M19] [X22] [H] */
    "Inspection end date of the previous inspection", /* [H] */
    NULL};
static const char *const v_prev_overall[] = {
    "Previous overall effectiveness",                 /* [H] */
    "Previous full inspection overall effectiveness", /* [M19] [X22] [A] */
    "Previous inspection - Overall effectiveness",    /* [H] */
    NULL};

typedef enum { K_URN, K_TEXT, K_DATE, K_GRADE, K_QUINTILE, K_COUNT } value_kind;

static const struct {
    const char *name;
    value_kind kind;
    const char *const *variants;
} canon[ICSTAT_OFSTED_NCOL] = {
    {"urn", K_URN, v_urn},
    {"inspection_number", K_TEXT, v_number},
    {"inspection_date", K_DATE, v_date},
    {"inspection_type", K_TEXT, v_type},
    {"phase", K_TEXT, v_phase},
    {"region", K_TEXT, v_region},
    {"local_authority", K_TEXT, v_la},
    {"idaci_quintile", K_QUINTILE, v_idaci},
    {"pupils", K_COUNT, v_pupils},
    {"overall_effectiveness", K_GRADE, v_overall},
    {"quality_of_education", K_GRADE, v_quality},
    {"behaviour_and_attitudes", K_GRADE, v_behaviour},
    {"personal_development", K_GRADE, v_personal},
    {"leadership_and_management", K_GRADE, v_leadership},
    {"category_of_concern", K_TEXT, v_category},
    {"previous_inspection_number", K_TEXT, v_prev_number},
    {"previous_inspection_date", K_DATE, v_prev_date},
    {"previous_overall_effectiveness", K_GRADE, v_prev_overall},
};

#define IDACI_COL 7
#define KEY_MAX 256

static const char *const skip_reasons[ICSTAT_OFSTED_NSKIP] = {
    "no URN", "invalid URN", "no inspection date", "invalid inspection date"};

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

long icstat_ofsted_match(const char *const *names, size_t n, size_t j, const char *map,
                         int *spelling)
{
    char want[KEY_MAX], key[KEY_MAX];
    if (spelling)
        *spelling = -1;
    if (j >= ICSTAT_OFSTED_NCOL)
        return -1;
    size_t v = 0;
    for (; map ? v == 0 : canon[j].variants[v] != NULL; v++) {
        icstat_ofsted_header_key(map ? map : canon[j].variants[v], want, sizeof want);
        for (size_t i = 0; i < n; i++) {
            icstat_ofsted_header_key(names[i], key, sizeof key);
            if (strcmp(key, want) == 0) {
                if (spelling && !map)
                    *spelling = (int)v;
                return (long)i;
            }
        }
    }
    if (map || j != IDACI_COL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        icstat_ofsted_header_key(names[i], key, sizeof key);
        if (idaci_like(key)) {
            if (spelling)
                *spelling = (int)v;
            return (long)i;
        }
    }
    return -1;
}

/* ---- values -------------------------------------------------------------- */

static void trim(const char *s, const char **b, const char **e)
{
    const char *p = s, *q = s + strlen(s);
    while (p < q && (*p == ' ' || *p == '\t'))
        p++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    *b = p;
    *e = q;
}

/* [b, e) equals word, ignoring ASCII case. */
static int span_is(const char *b, const char *e, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(e - b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = b[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return 1;
}

/* The table reader's missing tokens, and Ofsted's NULL. */
static int missing_span(const char *b, const char *e)
{
    return b == e || span_is(b, e, ".") || span_is(b, e, "na") || span_is(b, e, "n/a") ||
           span_is(b, e, "null");
}

int icstat_ofsted_parse_date(const char *s, char iso[11])
{
    const char *b, *e;
    if (!s)
        return 0;
    trim(s, &b, &e);
    if (missing_span(b, e))
        return 0;
    int y, m, d;
    if (icstat_date_parse(s, &y, &m, &d) != 0)
        return -1;
    char buf[32]; /* y, m and d are in range, but the compiler cannot know */
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(iso, buf, 11);
    return 1;
}

/* A whole number from lo to hi; 1, or -1 when the text is anything else. */
static int parse_whole(const char *b, const char *e, double lo, double hi, double *out)
{
    char buf[32];
    double v;
    if ((size_t)(e - b) >= sizeof buf)
        return -1;
    memcpy(buf, b, (size_t)(e - b));
    buf[e - b] = '\0';
    /* The range first: casting 3e20 to long long is undefined behaviour. */
    if (!icstat_parse_double(buf, &v) || v < lo || v > hi || v != (double)(long long)v)
        return -1;
    *out = v;
    return 1;
}

int icstat_ofsted_parse_grade(const char *s, int *out)
{
    static const struct {
        const char *word;
        int grade;
    } words[] = {
        {"outstanding", 1}, {"good", 2},        {"requires improvement", 3},
        {"satisfactory", 3}, {"inadequate", 4},
    };
    const char *b, *e;
    if (!s)
        return 0;
    trim(s, &b, &e);
    if (missing_span(b, e))
        return 0;
    /* Words with their spaces collapsed ("Requires  improvement"). */
    char w[32];
    size_t o = 0;
    for (const char *p = b; p < e; p++) {
        const char c = (char)(*p == '\t' ? ' ' : *p);
        if (c == ' ' && o > 0 && w[o - 1] == ' ')
            continue;
        if (o + 1 >= sizeof w)
            return -1;
        w[o++] = c;
    }
    w[o] = '\0';
    if (span_is(w, w + o, "not judged"))
        return 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (span_is(w, w + o, words[i].word)) {
            *out = words[i].grade;
            return 1;
        }
    double v;
    if (parse_whole(b, e, 1, 9, &v) < 0 || (v > 4 && v < 9))
        return -1;
    if (v == 9) /* Ofsted's code for "not applicable" */
        return 0;
    *out = (int)v;
    return 1;
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
        trim(f[j], &b, &e);
        if (b != e)
            return 0;
    }
    return 1;
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
                                "no header with a URN column ('%s' from --map) in the first "
                                "%zu rows",
                                m, im->header_rows);
    return icstat_error_set(im->err, ICSTAT_EDATA, im->name, 0,
                            "no header with a URN column in the first %zu rows%s", im->header_rows,
                            im->semicolons ? " (its rows hold semicolons: icstat reads "
                                             "comma-separated files; save the file as CSV "
                                             "(comma delimited))"
                                           : "");
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
        long c = icstat_ofsted_match(f, n, j, m, &imp->spelling[j]);
        if (c < 0 && m)
            return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                    "--map %s='%s': the header has no such column",
                                    canon[j].name, m);
        imp->source[j] = c;
        /* Two columns of one name: which one is meant cannot be told (nor
         * named with --map, which matches by name). */
        char key[KEY_MAX], other[KEY_MAX];
        if (c >= 0)
            icstat_ofsted_header_key(f[c], key, sizeof key);
        for (size_t i = (size_t)c + 1; c >= 0 && i < n; i++) {
            icstat_ofsted_header_key(f[i], other, sizeof other);
            if (strcmp(key, other) == 0)
                return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                        "the header has '%s' twice (columns %ld and %zu): "
                                        "which one is %s? rename or delete the other",
                                        f[c], c + 1, i + 1, canon[j].name);
        }
        if (c >= 0) {
            const char *b, *e;
            trim(f[c], &b, &e);
            if (!(imp->source_name[j] = strndup(b, (size_t)(e - b))))
                return nomem(im);
        }
    }
    if (imp->source[ICSTAT_OFSTED_INSPECTION_DATE] < 0)
        return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                "the header has no inspection date column ('Inspection start "
                                "date', 'Inspection date' or 'Inspection end date'); name it "
                                "with --map inspection_date=HEADER");
    imp->header_line = line;
    im->ncol = n;
    return ICSTAT_OK;
}

/* A date that reads as MM/DD/YYYY (US order) means the file's other
 * dates would be misread, not just this one refused: an error, not a
 * skipped row. */
static int us_order_date(importer *im, size_t j, const char *f, long line)
{
    char why[160], ex[ICSTAT_EXCERPT_SIZE];
    if (icstat_date_problem(f, why, sizeof why) != ICSTAT_DATE_US_ORDER)
        return ICSTAT_OK;
    return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                            "column '%s' has value '%s' that is not a date: %s; the file's "
                            "other dates would be misread, so convert them to YYYY-MM-DD first",
                            im->imp->source_name[j], icstat_value_excerpt(f, ex, sizeof ex),
                            why);
}

/* "1,234" as a count: digits in groups of three after the first, as
 * spreadsheets show pupil numbers.  Copies the digits to buf; 0 when s is
 * anything else. */
static int strip_thousands(const char *b, const char *e, char *buf, size_t size)
{
    size_t o = 0, run = 0, groups = 0;
    for (const char *p = b; p < e; p++) {
        if (*p == ',') {
            if (run == 0 || run > 3 || (groups && run != 3))
                return 0;
            groups++;
            run = 0;
        } else if (*p >= '0' && *p <= '9' && o + 1 < size) {
            buf[o++] = *p;
            run++;
        } else {
            return 0;
        }
    }
    buf[o] = '\0';
    return groups > 0 && run == 3;
}

/* Put field f into canonical column j of the output row. */
static int put_value(importer *im, size_t row, size_t j, const char *f, long line)
{
    icstat_ofsted_import *imp = im->imp;
    const char *b, *e;
    trim(f, &b, &e);
    double v;
    int g, st = 1;
    char iso[11];
    switch (canon[j].kind) {
    case K_URN: /* set by the caller, which checked it */
        return ICSTAT_OK;
    case K_TEXT:
        if (missing_span(b, e))
            return ICSTAT_OK;
        {
            char *t = strndup(b, (size_t)(e - b));
            int bad = !t || icstat_result_set_text(imp->table, row, j, t) != 0;
            free(t);
            return bad ? nomem(im) : ICSTAT_OK;
        }
    case K_DATE:
        if ((st = icstat_ofsted_parse_date(f, iso)) > 0 &&
            icstat_result_set_text(imp->table, row, j, iso) != 0)
            return nomem(im);
        if (st < 0 && us_order_date(im, j, f, line) != ICSTAT_OK)
            return ICSTAT_EDATA;
        break;
    case K_GRADE:
        if ((st = icstat_ofsted_parse_grade(f, &g)) > 0)
            icstat_result_set_num(imp->table, row, j, g);
        break;
    case K_QUINTILE:
    case K_COUNT:
        if (missing_span(b, e))
            return ICSTAT_OK;
        char digits[32];
        if ((st = parse_whole(b, e, canon[j].kind == K_QUINTILE ? 1 : 0,
                              canon[j].kind == K_QUINTILE ? 5 : 1e9, &v)) > 0 ||
            (canon[j].kind == K_COUNT && strip_thousands(b, e, digits, sizeof digits) &&
             (st = parse_whole(digits, digits + strlen(digits), 0, 1e9, &v)) > 0))
            icstat_result_set_num(imp->table, row, j, v);
        break;
    }
    if (st < 0)
        tally(&imp->unreadable[j], line, b, e);
    return ICSTAT_OK;
}

static int data_row(importer *im, const char *const *f, size_t n, long line)
{
    icstat_ofsted_import *imp = im->imp;
    imp->rows_read++;
    if (n != im->ncol)
        return icstat_error_set(im->err, ICSTAT_EDATA, im->name, line,
                                "row has %zu fields but the header has %zu", n, im->ncol);
    const char *b, *e;
    double v;
    char iso[11];
    trim(f[imp->source[ICSTAT_OFSTED_URN]], &b, &e);
    int skip = -1;
    /* URNs are positive whole numbers written as digits only. */
    int urn_digits = b < e && (size_t)(e - b) <= 9 && strspn(b, "0123456789") >= (size_t)(e - b);
    if (missing_span(b, e))
        skip = ICSTAT_OFSTED_SKIP_NO_URN;
    else if (!urn_digits || parse_whole(b, e, 1, 999999999, &v) < 0)
        skip = ICSTAT_OFSTED_SKIP_BAD_URN;
    else {
        const char *date = f[imp->source[ICSTAT_OFSTED_INSPECTION_DATE]];
        int st = icstat_ofsted_parse_date(date, iso);
        if (st < 0 && us_order_date(im, ICSTAT_OFSTED_INSPECTION_DATE, date, line) != ICSTAT_OK)
            return ICSTAT_EDATA;
        if (st <= 0) {
            skip = st == 0 ? ICSTAT_OFSTED_SKIP_NO_DATE : ICSTAT_OFSTED_SKIP_BAD_DATE;
            trim(date, &b, &e);
        }
    }
    if (skip >= 0) {
        tally(&imp->skipped[skip], line, b, e);
        return ICSTAT_OK;
    }
    long row = icstat_result_add_row(imp->table);
    if (row < 0)
        return nomem(im);
    icstat_result_set_num(imp->table, (size_t)row, ICSTAT_OFSTED_URN, v);
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++) {
        if (imp->source[j] < 0)
            continue;
        int st = put_value(im, (size_t)row, j, f[imp->source[j]], line);
        if (st != ICSTAT_OK)
            return st;
    }
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

static icstat_ofsted_import *import_alloc(const char *name)
{
    icstat_col_spec cols[ICSTAT_OFSTED_NCOL];
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        cols[j] = (icstat_col_spec){canon[j].name,
                                    canon[j].kind == K_TEXT || canon[j].kind == K_DATE
                                        ? ICSTAT_COL_TEXT
                                        : ICSTAT_COL_INT,
                                    0};
    icstat_ofsted_import *imp = calloc(1, sizeof *imp);
    if (!imp)
        return NULL;
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        imp->source[j] = imp->spelling[j] = -1;
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
                   name, err, import_alloc(name), 0, 0, 0};
    if (!im.imp)
        return nomem(&im);
    int st = path ? icstat_table_scan(path, on_row, &im, err)
                  : icstat_table_scan_buffer(name, buf, len, on_row, &im, err);
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
