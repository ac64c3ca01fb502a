#!/bin/sh
# study.sh — the tables of chapter 9 of the report, "A study of published
# outcomes", from one of Ofsted's own files (run by plots/evidence.sh; run
# from the repository root).
#
# The file is OFSTED_MI when it is set (a file the user downloaded from
# gov.uk, of any era's layout: `icstat import ofsted` reads .csv, .xlsx and
# .ods), otherwise the SYNTHETIC file that `make synthetic` draws from
# datasets/synthetic/ofsted_mi.spec.  `icstat import ofsted` turns it into
# the canonical inspections table (tables/09-inspections.csv); everything
# else is icstat describe, agree and fit on that table.  Writes, under
# $RESULTS/tables/:
#   09-source.csv       the file's SHA-256 and size, whether it is the
#                       SYNTHETIC one, and the importer's counts of rows read,
#                       written and skipped; 09-source.path its name
#   09-source.notes     the importer's summary, as it printed it
#   09-settings.txt     the study's choices (bands, the smallest group shown)
#   09-frameworks.csv   inspections by framework (report cards or not)
#   09-grades.csv       overall effectiveness by phase, region, deprivation
#                       and size (one describe per dimension, combined)
#   10-stability.csv    previous against latest overall effectiveness:
#                       weighted kappa and AC2, overall, by phase and by
#                       years between the two inspections
#   11-la-model.csv     the ordinal mixed model with a local-authority
#                       intercept; 11-la-effects.csv the authorities
#   12-..., 13-..., 14-...  report cards: the nine areas, their agreement
#                       with each other, and against the last old grade
#                       (only when the file has report cards)
# Numbers are never computed here (the rule of every plots/*.sh, lib.sh):
# awk only picks rows, names groups and puts the csv of several runs into
# one table (the grades are words already: --categories ofsted,
# report-card and met).
set -eu
ICSTAT=${ICSTAT:-bin/icstat}
RESULTS=${RESULTS:-results}
. plots/lib.sh

TAB=$RESULTS/tables
mkdir -p "$TAB"
MI=${OFSTED_MI:-}
if [ -n "$MI" ]; then
    synthetic=no
else
    MI=$RESULTS/synthetic/ofsted_mi.csv
    synthetic=yes
fi
if [ ! -f "$MI" ] || [ ! -r "$MI" ]; then
    if [ "$synthetic" = yes ]; then
        echo "evidence: $MI is missing: run 'make synthetic' (make evidence does)" >&2
    else
        echo "evidence: OFSTED_MI: cannot read the file '$MI'" >&2
    fi
    exit 2
fi

S=$TAB/09-inspections.csv
# The study's choices, stated once (the report quotes them).
SIZE_CUTS=100,250,500,1000
YEAR_CUTS=3,5,8
# Agreement in a group needs this many schools with both grades to be shown.
MIN_PAIRS=30
# The local-authority model needs this many graded schools and authorities
# (a random intercept over a handful of groups says little).
MIN_LA_SCHOOLS=100
MIN_LAS=5
# Rows with both overall grades: the stability analysis's rows.
PAIRS_WHERE="overall_effectiveness>=1 previous_overall_effectiveness>=1"
AREAS="inclusion curriculum_and_teaching achievement attendance_and_behaviour personal_development_and_wellbeing leadership_and_governance early_years post_16"
# The report-card area compared with the last old-framework grade.
CROSS_AREA=achievement
# The frameworks in the order they came in (never alphabetical).
FRAMEWORKS=pre_2012,2012,cif_2015,eif_2019,eif_2024,report_card


# count_rows COND...: the rows of the inspections table where every COL
# named has a number at least 1 (COL>=1, as the --where conditions say);
# with DISTINCT=COL, the number of distinct values of COL among them.  A
# selection of rows, to decide which analyses the file can carry.
count_rows() {
    awk -v conds="$*" -v distinct="${DISTINCT:-}" "$CSV_AWK"'
        BEGIN { nc = split(conds, want, " ") }
        NR == 1 { csv_header($0, H); next }
        { csv_split($0, f)
          for (c = 1; c <= nc; c++) { name = want[c]; sub(/>=1$/, "", name); if (!(csv_get(f, H, name) + 0 >= 1)) next }
          rows++
          if (distinct != "") { v = csv_get(f, H, distinct); if (v != "NA" && !(v in seen)) { seen[v] = 1; d++ } } }
        END { if (csv_failed) exit 2; print (distinct != "" ? d + 0 : rows + 0) }' "$S"
}

# skipped T TEXT: the analysis T cannot be made from this file; TEXT (why)
# goes to T.skipped, which the report reads in place of the tables.
skipped() {
    printf '%s\n' "$2" >"$1.skipped"
    echo "evidence: $(basename "$1"): not made: $2"
}

# has_values COL: 1 when some report-card row of the inspections table has
# a value in COL (a selection: which describe runs are possible).
has_values() {
    awk -v c="$1" "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        { csv_split($0, f); v = csv_get(f, H, c)
          if (csv_get(f, H, "framework") == "report_card" && v != "" && v != "NA") { found = 1; exit } }
        END { if (csv_failed) exit 2; print found + 0 }' "$S"
}

# --- The file and its import -----------------------------------------------
source_file() {
    t=$TAB/09-source
    rm -f "$t".* "$TAB/09-settings.txt"
    run "$t.cmd" "$ICSTAT" import ofsted -o "$S" "$MI"
    # The summary's counts ("2417 rows read, 2395 written, 22 skipped").
    counts=$(awk '/rows read/ {
            for (i = 1; i < NF; i++) {
                w = $(i + 1); sub(/[,;.]$/, "", w)
                if (w == "rows" && $(i + 2) ~ /^read/) r = $i
                if (w == "written") wr = $i
                if (w == "skipped") s = $i
            }
        }
        END { if (r == "" || wr == "" || s == "") exit 1; print r "," wr "," s }' "$t.notes") || {
        echo "evidence: the importer's summary in $t.notes has no 'N rows read, N written, N skipped'" >&2
        exit 2
    }
    printf '%s\n' "$MI" >"$t.path" # for the report: the name it shows
    sha=$(sha256sum <"$MI" | cut -c 1-64)
    bytes=$(wc -c <"$MI" | tr -d ' ')
    note "$t.cmd" "sha256sum <FILE; the counts read from the importer's summary (09-source.notes)"
    {
        echo "sha256,bytes,synthetic,rows_read,rows_written,rows_skipped"
        echo "$sha,$bytes,$synthetic,$counts"
    } >"$t.csv"
    # The study's choices, for the report to quote (key=value lines).
    {
        echo "size_cuts=$SIZE_CUTS"
        echo "year_cuts=$YEAR_CUTS"
        echo "min_pairs=$MIN_PAIRS"
        echo "cross_area=$CROSS_AREA"
    } >"$TAB/09-settings.txt"
    f=$TAB/09-frameworks
    rm -f "$f".*
    run "$f.cmd" "$ICSTAT" describe --outcome framework --categories "$FRAMEWORKS" --format csv \
        -o "$f.csv" "$S"
    echo "evidence: $S ($counts rows read, written, skipped)"
}

# --- 9. Grades by phase, region, deprivation and size ----------------------
# One describe per dimension (with --compare for its test of independence);
# the four are put in one table, each group named "Dimension: level".
grades() {
    t=$TAB/09-grades
    rm -f "$t".*
    n_graded=$(count_rows overall_effectiveness)
    if [ "$n_graded" -lt "$MIN_PAIRS" ]; then
        skipped "$t" "$n_graded schools have an overall effectiveness grade (at least $MIN_PAIRS are needed)"
        return
    fi
    : >"$t.tests.csv.tmp"
    : >"$t.single.csv.tmp"
    dims=""
    run "$t.cmd" "$ICSTAT" describe --outcome overall_effectiveness --categories ofsted \
        --format csv -o "$t.all.csv" "$S"
    run "$t.cmd" "$ICSTAT" describe --outcome framework --categories "$FRAMEWORKS" \
        --where "overall_effectiveness>=1" \
        --format csv -o "$t.frameworks.csv" "$S"
    for dim in phase region idaci_quintile size; do
        band=""
        [ "$dim" = size ] && band="--band size=pupils:$SIZE_CUTS"
        # shellcheck disable=SC2086 # band is one option or none
        run "$t.cmd" "$ICSTAT" describe --outcome overall_effectiveness --categories ofsted \
            --by "$dim" $band --format csv -o "$t.$dim.csv" "$S"
        # A file of one region (or one phase) has nothing to compare there:
        # the dimension is left out of the chart and the tests.
        levels=$(awk "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
            { csv_split($0, f); g = csv_get(f, H, "group"); if (!(g in s)) { s[g] = 1; n++ } }
            END { if (csv_failed) exit 2; print n + 0 }' "$t.$dim.csv")
        if [ "$levels" -lt 2 ]; then
            awk -v d="$dim" "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
                NR == 2 { csv_split($0, f); print d "," csv_quote(csv_get(f, H, "group")) }
                END { if (csv_failed) exit 2 }' "$t.$dim.csv" >>"$t.single.csv.tmp"
            continue
        fi
        dims="$dims $dim"
        # shellcheck disable=SC2086
        run "$t.cmd" "$ICSTAT" describe --outcome overall_effectiveness --categories ofsted \
            --by "$dim" $band --compare --format csv -o "$t.$dim.compare.csv" "$S"
        awk -v d="$dim" "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
            { csv_split($0, f) }
            csv_get(f, H, "measure") == "chisq" {
                print d "," csv_get(f, H, "estimate") "," csv_get(f, H, "df") "," csv_get(f, H, "p_value") }
            END { if (csv_failed) exit 2 }' "$t.$dim.compare.csv" >>"$t.tests.csv.tmp"
    done
    if [ -z "$dims" ]; then
        rm -f "$t.single.csv.tmp" "$t.tests.csv.tmp"
        skipped "$t" "every school in the file has the same phase, region, IDACI quintile and size band: there are no groups to compare"
        return
    fi
    { echo "dimension,level"; cat "$t.single.csv.tmp"; } >"$t.single.csv"
    printf '%s\n' $dims >"$t.dims"
    rm -f "$t.single.csv.tmp"
    note "$t.cmd" "the tables of the dimensions with two levels or more put in one, groups named 'Dimension: level', by plots/study.sh"
    first=$(printf '%s\n' $dims | head -n 1)
    {
        head -n 1 "$t.$first.csv" # describe's columns (its rows are copied whole)
        for dim in $dims; do
            awk -v d="$dim" "$CSV_AWK"'
                NR == 1 { csv_header($0, H); next }
                {
                    n = csv_split($0, f); g = csv_get(f, H, "group")
                    if (d == "phase") g = "Phase: " g
                    else if (d == "region") g = "Region: " g
                    else if (d == "size") g = "Pupils: " g
                    else if (g == 1) g = "Deprivation: quintile 1 (least)"
                    else if (g == 5) g = "Deprivation: quintile 5 (most)"
                    else g = "Deprivation: quintile " g
                    csv_set(f, H, "group", g); print csv_join(f, n)
                }
                END { if (csv_failed) exit 2 }' "$t.$dim.csv"
        done
    } >"$t.csv"
    { echo "dimension,chisq,df,p_value"; cat "$t.tests.csv.tmp"; } >"$t.tests.csv"
    rm -f "$t.tests.csv.tmp"
    echo "evidence: $t.csv"
}

# --- 10. Stability: previous against latest overall effectiveness -----------
# agree on the table itself: one row per school, the two grades as two
# "raters", rows where both are graded.  --years-between and --band make
# the years between the two inspections and their bands.
stability() {
    t=$TAB/10-stability
    rm -f "$t".*
    # shellcheck disable=SC2086 # PAIRS_WHERE is a list of conditions
    n_pairs=$(count_rows $PAIRS_WHERE)
    if [ "$n_pairs" -lt "$MIN_PAIRS" ]; then
        skipped "$t" "$n_pairs schools have both a previous and a latest overall effectiveness grade (at least $MIN_PAIRS are needed)"
        return
    fi
    set -- --unit urn --raters previous_overall_effectiveness,overall_effectiveness \
        --categories ofsted --weights quadratic \
        --years-between years=previous_inspection_date,inspection_date \
        --band "years_apart=years:$YEAR_CUTS"
    for w in $PAIRS_WHERE; do set -- "$@" --where "$w"; done
    # How many schools have both grades, by phase and by years apart (the
    # groups too small to show are left out below).
    # shellcheck disable=SC2086 # PAIRS_WHERE is a list of conditions
    run "$t.cmd" "$ICSTAT" describe --outcome phase \
        --years-between years=previous_inspection_date,inspection_date \
        --band "years_apart=years:$YEAR_CUTS" $(for w in $PAIRS_WHERE; do printf ' --where %s' "$w"; done) \
        --by years_apart --format csv -o "$t.pairs.csv" "$S"
    # shellcheck disable=SC2086
    run "$t.cmd" "$ICSTAT" describe --outcome years_apart \
        --years-between years=previous_inspection_date,inspection_date \
        --band "years_apart=years:$YEAR_CUTS" $(for w in $PAIRS_WHERE; do printf ' --where %s' "$w"; done) \
        --by phase --format csv -o "$t.pairs-by-phase.csv" "$S"
    run "$t.cmd" "$ICSTAT" agree "$@" --format csv -o "$t.all.csv" "$S"
    # the same schools without weights: the share with the same grade twice
    run "$t.cmd" "$ICSTAT" agree --unit urn --raters previous_overall_effectiveness,overall_effectiveness \
        --categories ofsted $(for w in $PAIRS_WHERE; do printf ' --where %s' "$w"; done) \
        --format csv -o "$t.exact.csv" "$S"
    run "$t.cmd" "$ICSTAT" agree "$@" --table --format csv -o "$t.table.csv" "$S"
    : >"$t.parts"
    # phases and bands with at least MIN_PAIRS schools (describe's group
    # totals), in the tables' order
    awk -v m="$MIN_PAIRS" "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        { csv_split($0, f); g = csv_get(f, H, "group")
          if (csv_get(f, H, "total") + 0 >= m && !seen[g]++) print "phase|" g }
        END { if (csv_failed) exit 2 }' "$t.pairs-by-phase.csv" >>"$t.parts"
    awk -v m="$MIN_PAIRS" "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        { csv_split($0, f); g = csv_get(f, H, "group")
          if (csv_get(f, H, "total") + 0 >= m && !seen[g]++) print "years_apart|" g }
        END { if (csv_failed) exit 2 }' "$t.pairs.csv" >>"$t.parts"
    i=0
    while IFS='|' read -r col level; do
        i=$((i + 1))
        run "$t.cmd" "$ICSTAT" agree "$@" --where "$col=$level" --format csv -o "$t.part$i.csv" "$S"
    done <"$t.parts"
    note "$t.cmd" "cohen_kappa (quadratic weights) and gwet_ac (AC2) of each run put in one table with a dataset column, by plots/study.sh"
    cols=$(head -n 1 "$t.all.csv")
    {
        echo "$cols,dataset"
        agree_rows "$t.all.csv" "$cols" "cohen_kappa gwet_ac" "All schools"
        i=0
        while IFS='|' read -r col level; do
            i=$((i + 1))
            if [ "$col" = phase ]; then label="Phase: $level"; else label="Years apart: $level"; fi
            agree_rows "$t.part$i.csv" "$cols" "cohen_kappa gwet_ac" "$label"
        done <"$t.parts"
    } >"$t.csv"
    echo "evidence: $t.csv"
}

# --- 11. How much the grade depends on the local authority ------------------
la_model() {
    t=$TAB/11-la-model
    e=$TAB/11-la-effects
    rm -f "$t".* "$e".*
    n_graded=$(count_rows overall_effectiveness)
    n_las=$(DISTINCT=local_authority count_rows overall_effectiveness)
    if [ "$n_graded" -lt "$MIN_LA_SCHOOLS" ] || [ "$n_las" -lt "$MIN_LAS" ]; then
        skipped "$t" "$n_graded schools with an overall effectiveness grade in $n_las local authorities (the model needs at least $MIN_LA_SCHOOLS schools in at least $MIN_LAS authorities)"
        return
    fi
    set -- --outcome overall_effectiveness --categories ofsted \
        --terms phase,idaci_quintile,size --factor idaci_quintile --ref phase=Primary \
        --band "size=pupils:$SIZE_CUTS" --group local_authority
    # A model the data cannot carry (one grade, separation) is said in
    # the report, not the end of the whole evidence run.
    cmdline "$ICSTAT" fit "$@" --format csv -o "$t.csv" --effects "$e.csv" "$S" >>"$t.cmd"
    if ! "$ICSTAT" fit "$@" --format csv -o "$t.csv" --effects "$e.csv" "$S" 2>>"$t.notes"; then
        skipped "$t" "icstat fit could not fit the model ($(grep '^icstat: ' "$t.notes" | tail -n 1))"
        return
    fi
    run "$t.cmd" "$ICSTAT" fit "$@" --format md -o "$t.fit.md" "$S"
    cp "$t.cmd" "$e.cmd"
    # The authorities whose interval excludes 0 (the average), harshest first.
    {
        head -n 1 "$e.csv"
        awk "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
            { csv_split($0, f)
              if (csv_get(f, H, "ci_low") + 0 > 0 || csv_get(f, H, "ci_high") + 0 < 0) print csv_get(f, H, "rank") "\t" $0 }
            END { if (csv_failed) exit 2 }' "$e.csv" | sort -n | cut -f 2-
    } >"$e.clear.csv"
    echo "evidence: $t.csv, $e.csv"
}

# --- 12-14. Report cards -----------------------------------------------------
report_cards() {
    n_rc=$(report_card_count "$TAB/09-frameworks.csv")
    for f in 12-report-card-areas 13-area-agreement 14-report-card-vs-previous; do
        rm -f "$TAB/$f".*
    done
    if [ "$n_rc" -eq 0 ]; then
        echo "evidence: no report cards in the file: sections 9.4's tables not made"
        return
    fi
    # 12: each area's grades, one describe per area, in one table.  A bar
    # needs every category: the areas' five grades and safeguarding's two
    # are each given the other scale's categories with no school in them.
    t=$TAB/12-report-card-areas
    fresh "$t"
    areas=""
    for a in $AREAS safeguarding; do
        [ "$(has_values "$a")" = 1 ] && areas="$areas $a"
    done
    echo "$areas" >"$t.areas"
    for a in $areas; do
        if [ "$a" = safeguarding ]; then cats=met; else cats=report-card; fi
        run "$t.cmd" "$ICSTAT" describe --outcome "$a" --categories "$cats" \
            --where framework=report_card --format csv -o "$t.$a.csv" "$S"
    done
    note "$t.cmd" "the tables put in one (group: the area; the other scale's categories added with n 0, as a 100% bar needs every category), by plots/study.sh"
    # shellcheck disable=SC2086 # a list of words: the first area names the header
    set -- $areas
    {
        head -n 1 "$t.$1.csv"
        for a in $areas; do
            awk -v a="$a" "$CSV_AWK"'
                BEGIN {
                    name["safeguarding"] = "Safeguarding standards"; name["inclusion"] = "Inclusion"
                    name["curriculum_and_teaching"] = "Curriculum and teaching"
                    name["achievement"] = "Achievement"
                    name["attendance_and_behaviour"] = "Attendance and behaviour"
                    name["personal_development_and_wellbeing"] = "Personal development and well-being"
                    name["leadership_and_governance"] = "Leadership and governance"
                    name["early_years"] = "Early years"; name["post_16"] = "Post-16"
                    five = "Exceptional,Strong standard,Expected standard,Needs attention,Urgent improvement"
                    two = "Met,Not met"
                }
                NR == 1 { nc = csv_header($0, H); next }
                {
                    csv_split($0, f); csv_set(f, H, "group", name[a]); print csv_join(f, nc)
                    total = csv_get(f, H, "total")
                }
                END {
                    if (csv_failed) exit 2
                    # the other scale: n 0, percent 0, no interval
                    split(a == "safeguarding" ? five : two, other, ",")
                    for (i = 1; i in other; i++) {
                        for (c = 1; c <= nc; c++) f[c] = "NA"
                        csv_set(f, H, "group", name[a]); csv_set(f, H, "category", other[i])
                        csv_set(f, H, "n", 0); csv_set(f, H, "total", total); csv_set(f, H, "percent", 0)
                        print csv_join(f, nc)
                    }
                }' "$t.$a.csv"
        done
    } >"$t.csv"

    # 13: the areas of a school as raters: how far a school's grades agree.
    g=$TAB/13-area-agreement
    fresh "$g"
    raters=$(for a in $areas; do [ "$a" != safeguarding ] && printf '%s\n' "$a"; done | paste -sd, -)
    run "$g.cmd" "$ICSTAT" agree --unit urn --raters "$raters" --categories report-card \
        --where framework=report_card --format csv -o "$g.exact.csv" "$S"
    run "$g.cmd" "$ICSTAT" agree --unit urn --raters "$raters" --categories report-card \
        --weights quadratic --where framework=report_card --format csv -o "$g.quadratic.csv" "$S"
    note "$g.cmd" "percent_agreement and gwet_ac of each run, and krippendorff_alpha with quadratic weights, put in one table with a dataset column, by plots/study.sh"
    cols=$(head -n 1 "$g.exact.csv")
    {
        echo "$cols,dataset"
        agree_rows "$g.exact.csv" "$cols" "percent_agreement gwet_ac" "Same grade"
        agree_rows "$g.quadratic.csv" "$cols" "percent_agreement gwet_ac krippendorff_alpha" "Near grades"
    } >"$g.csv"

    # 14: a report-card area against the school's last old-framework grade:
    # the report-card grades of the schools last judged Outstanding, Good, ...
    x=$TAB/14-report-card-vs-previous
    fresh "$x"
    run "$x.cmd" "$ICSTAT" describe --outcome "$CROSS_AREA" --categories report-card \
        --by previous_overall_effectiveness --where framework=report_card --format csv \
        -o "$x.describe.csv" "$S"
    note "$x.cmd" "groups (the last overall effectiveness, 1-4) named 'Previously Outstanding' ..., by plots/study.sh"
    awk "$CSV_AWK"'BEGIN { w[1] = "Outstanding"; w[2] = "Good"; w[3] = "Requires improvement"; w[4] = "Inadequate" }
        NR == 1 { csv_header($0, H); print; next }
        { n = csv_split($0, f); g = csv_get(f, H, "group")
          csv_set(f, H, "group", "Previously " (g in w ? w[g] : g)); print csv_join(f, n) }
        END { if (csv_failed) exit 2 }' \
        "$x.describe.csv" >"$x.csv"
    echo "evidence: $t.csv, $g.csv, $x.csv ($n_rc report cards)"
}

source_file
grades
stability
la_model
report_cards
