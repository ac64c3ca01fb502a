/* sim_ofsted_write.c — the bytes of a synthetic Ofsted file: Windows-1252,
 * CRLF, a title row, Ofsted's header, NULL for an empty cell, DD/MM/YYYY
 * dates, fields quoted only when they hold a comma, a quote or a line
 * break (as a CSV writer does; Ofsted's region "North East, Yorkshire and
 * the Humber" is one).  Not through icstat_result's writers, which write
 * UTF-8: this is the file `icstat import ofsted` must read, so it is
 * written as Ofsted writes theirs. */
#include <stdio.h>
#include <string.h>

#include "icstat/date.h"
#include "icstat/result.h"
#include "icstat/sim_ofsted.h"

/* Exactly as the current files spell them, in order: "Latest OEIF
 * safeguarding is effective?" has two spaces, as published.  The three
 * "Previous ..." columns are spelt as in the 2022-2024 files; the current
 * files may not carry them. */
const char *const icstat_ofsted_mi_header[ICSTAT_OFSTED_MI_COLUMNS] = {
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Type of education",
    "Ofsted region",
    "Region",
    "Local authority",
    "Postcode",
    "The income deprivation affecting children index (IDACI) quintile",
    "Total number of pupils",
    "Statutory lowest age",
    "Statutory highest age",
    "Event type grouping",
    "Inspection number of latest full inspection",
    "Inspection type",
    "Inspection start date",
    "Publication date",
    "Category of concern",
    "Safeguarding standards",
    "Safeguarding standards - date of grade",
    "Inclusion",
    "Inclusion - date of grade",
    "Curriculum and teaching",
    "Curriculum and teaching - date of grade",
    "Achievement",
    "Achievement - date of grade",
    "Attendance and behaviour",
    "Attendance and behaviour - date of grade",
    "Personal development and wellbeing",
    "Personal development and wellbeing - date of grade",
    "Early years (where applicable)",
    "Early years (where applicable) - date of grade",
    "Post-16 provision (where applicable)",
    "Post-16 provision (where applicable) - date of grade",
    "Leadership and governance",
    "Leadership and governance - date of grade",
    "Inspection number of latest OEIF graded inspection",
    "Inspection type of latest OEIF graded inspection",
    "Inspection start date of latest OEIF graded inspection",
    "Publication date of latest OEIF graded inspection",
    "Latest OEIF overall effectiveness",
    "Latest OEIF category of concern",
    "Latest OEIF quality of education",
    "Latest OEIF behaviour and attitudes",
    "Latest OEIF personal development",
    "Latest OEIF effectiveness of leadership and management",
    "Latest OEIF  safeguarding is effective?",
    "Latest OEIF early years provision (where applicable)",
    "Latest OEIF sixth form provision (where applicable)",
    "Previous graded inspection number",
    "Previous inspection start date",
    "Previous graded inspection overall effectiveness",
    "Latest ungraded inspection number",
    "Date of latest ungraded inspection",
    "Ungraded inspection overall outcome"};

static const char *const area_words[] = {"Exceptional", "Strong standard", "Expected standard",
                                         "Needs attention", "Urgent improvement"};
static const char *const categories[] = {NULL, "SM", "SWK"};
static const char *const months[] = {"January", "February", "March",     "April",
                                     "May",     "June",     "July",      "August",
                                     "September", "October", "November", "December"};

/* One field: as it is, or quoted with its quotes doubled; "" is NULL. */
static void put_field(FILE *f, const char *s, int first)
{
    if (!first)
        fputc(',', f);
    if (!s || !s[0]) {
        fputs("NULL", f);
        return;
    }
    icstat_csv_put_field(f, s);
}

/* The cells of one row, each in its own small buffer. */
typedef struct {
    char cell[ICSTAT_OFSTED_MI_COLUMNS][72];
} row;

static void set(row *r, int col, const char *s)
{
    snprintf(r->cell[col], sizeof r->cell[col], "%s", s ? s : "");
}

static void set_int(row *r, int col, long v) { snprintf(r->cell[col], sizeof r->cell[col], "%ld", v); }

static void set_day(row *r, int col, long day)
{
    int y, m, d;
    icstat_date_from_days(day, &y, &m, &d);
    snprintf(r->cell[col], sizeof r->cell[col], "%02d/%02d/%04d", d, m, y);
}

static void set_number(row *r, int col, icstat_ofsted_number n)
{
    snprintf(r->cell[col], sizeof r->cell[col], n.its ? "ITS%06ld" : "%ld", n.number);
}

static void fill_row(const icstat_sim_ofsted_school *sc, row *r)
{
    memset(r, 0, sizeof *r);
    set_int(r, 0, sc->urn);
    set_int(r, 1, sc->laestab);
    set(r, 2, sc->name);
    set(r, 3, icstat_ofsted_phase_names[sc->phase]);
    set(r, 4, sc->type);
    /* Ofsted's regions join the North East with Yorkshire and the Humber. */
    set(r, 5, sc->region == 0 || sc->region == 2 ? "North East, Yorkshire and the Humber"
                                                 : icstat_ofsted_region_names[sc->region]);
    set(r, 6, icstat_ofsted_region_names[sc->region]);
    snprintf(r->cell[7], sizeof r->cell[7], "Synthetic LA %02d", sc->la + 1);
    set(r, 8, sc->postcode);
    set_int(r, 9, sc->idaci);
    if (sc->inspected) /* a school never inspected is new: no census count yet */
        set_int(r, 10, sc->pupils);
    set_int(r, 11, sc->age_low);
    set_int(r, 12, sc->age_high);

    if (sc->report_card) {
        set(r, 13, "Schools - S5");
        set_number(r, 14, sc->rc_number);
        set(r, 15, "S5 Inspection");
        set_day(r, 16, sc->rc_start);
        set_day(r, 17, sc->rc_published);
        set(r, 18, categories[sc->rc_category]);
        set(r, 19, sc->rc_safeguarding_met ? "Met" : "Not met");
        set_day(r, 20, sc->rc_start);
        for (int a = 0; a < ICSTAT_RC_AREAS; a++) {
            const int g = sc->rc_area[a];
            if (g == 0)
                continue; /* NULL, grade and date */
            set(r, 21 + 2 * a, g < 0 ? "Not applicable" : area_words[g - 1]);
            if (g > 0) /* "Not applicable" has no date of grade */
                set_day(r, 22 + 2 * a, sc->rc_start);
        }
    }
    if (sc->oeif) {
        set_number(r, 37, sc->oeif_number);
        set(r, 38, sc->oeif_type);
        set_day(r, 39, sc->oeif_start);
        set_day(r, 40, sc->oeif_published);
        if (sc->oeif_overall)
            set_int(r, 41, sc->oeif_overall);
        set(r, 42, categories[sc->oeif_category]);
        for (int j = 0; j < 4; j++)
            set_int(r, 43 + j, sc->oeif_judgement[j]);
        set(r, 47, sc->oeif_safeguarding == 1 ? "Yes" : sc->oeif_safeguarding == 2 ? "No" : "9");
        set_int(r, 48, sc->oeif_judgement[ICSTAT_OEIF_EARLY_YEARS]);
        set_int(r, 49, sc->oeif_judgement[ICSTAT_OEIF_SIXTH_FORM]);
    }
    if (sc->previous) {
        set_number(r, 50, sc->prev_number);
        set_day(r, 51, sc->prev_start);
        set_int(r, 52, sc->prev_overall);
    }
    if (sc->ungraded) {
        set_number(r, 53, sc->ug_number);
        set_day(r, 54, sc->ug_day);
        set(r, 55, sc->ug_outcome);
    }
}

static void put_row(FILE *f, const row *r)
{
    for (int c = 0; c < ICSTAT_OFSTED_MI_COLUMNS; c++)
        put_field(f, r->cell[c], c == 0);
    fputs("\r\n", f);
}

int icstat_sim_ofsted_write(const icstat_sim_ofsted *d, FILE *f)
{
    int y, m, day;
    icstat_date_from_days(d->file_day, &y, &m, &day);
    char title[192];
    /* 0x96 is the en dash in Windows-1252. */
    snprintf(title, sizeof title,
             "Management information \x96 state-funded schools \x96 most recent inspections as "
             "at %d %s %d \x96 SYNTHETIC DATA, not Ofsted's",
             day, months[m - 1], y);
    put_field(f, title, 1);
    fputs("\r\n", f);
    for (int c = 0; c < ICSTAT_OFSTED_MI_COLUMNS; c++)
        put_field(f, icstat_ofsted_mi_header[c], c == 0);
    fputs("\r\n", f);
    row r;
    for (size_t i = 0; i < d->n; i++) {
        fill_row(&d->schools[i], &r);
        put_row(f, &r);
    }
    return ferror(f) ? ICSTAT_EIO : ICSTAT_OK;
}
