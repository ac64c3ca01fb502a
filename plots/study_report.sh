# study_report.sh — chapter 9 of the report, "A study of published
# outcomes", from the tables plots/study.sh wrote: sourced by
# plots/report.sh, which then has the source's name and SHA-256 for its
# head and calls study_chapter in the block that writes REPORT.md (it uses
# report.sh's chart, val and opt and the lib.sh helpers).
#
# Every number in the text is read from a table; the file's name is shown
# as text (in the report, never run), with control characters and
# backquotes replaced so that it cannot break the page.

CSV_AWK=$(cat plots/csv.awk)
src=$TAB/09-source.csv
sha=$(awk -F, 'NR == 2 { print $1 }' "$src")
study_synthetic=$(awk -F, 'NR == 2 { print $3 }' "$src")
rows_read=$(awk -F, 'NR == 2 { print $4 }' "$src")
rows_written=$(awk -F, 'NR == 2 { print $5 }' "$src")
rows_skipped=$(awk -F, 'NR == 2 { print $6 }' "$src")
bytes=$(awk -F, 'NR == 2 { print $2 }' "$src")
mi_path=$(cat "$TAB/09-source.path")
if [ "$study_synthetic" = yes ]; then
    SYN9=" (SYNTHETIC)"
    syn9_note="SYNTHETIC data: datasets/synthetic/ofsted_mi.spec, not real schools"
else
    SYN9=""
    syn9_note=""
fi
# The name as it may be shown: no directory, no control characters, no
# backquotes (which would end a code span).
mi_name=$(printf '%s' "${mi_path##*/}" | tr '\000-\037\177`' '?')
sha_short=$(printf '%s' "$sha" | cut -c 1-12)
# in a table cell, a | is escaped (GFM: even in a code span)
mi_name_cell=$(printf '%s' "$mi_name" | awk '{ gsub(/\|/, "\\|"); print }')
if [ "$study_synthetic" = yes ]; then
    src_note="$syn9_note"
else
    src_note="Ofsted, $mi_name (SHA-256 $sha_short...)"
fi

# setting KEY: the study's choice KEY (plots/study.sh, 09-settings.txt).
setting() {
    awk -v k="$1" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); f = 1; exit }
        END { if (!f) exit 1 }' "$TAB/09-settings.txt" || { echo "report: no setting $1" >&2; exit 2; }
}
min_pairs=$(setting min_pairs)

# pct FILE GROUP CATEGORY: the percent of a describe csv's cell, 1 decimal.
pct() {
    awk -v g="$2" -v k="$3" "$CSV_AWK"'NR > 1 { csv_split($0, f); if (f[1] == g && f[2] == k) { printf "%.1f", f[5]; found = 1; exit } }
        END { if (!found) exit 1 }' "$1" || { echo "report: $1: no cell $2, $3" >&2; return 2; }
}
# pivot CSV HEADER: a describe table as one row per group, with the rows
# counted and each category's percent and 95% interval ("-" for a
# category the group cannot have: n 0 and no interval).
pivot() {
    awk -v h="$2" "$CSV_AWK"'
        NR == 1 { next }
        {
            csv_split($0, f)
            if (!(f[1] in gs)) { gs[f[1]] = 1; go[++ng] = f[1] }
            if (!(f[2] in ks)) { ks[f[2]] = 1; ko[++nk] = f[2] }
            tot[f[1]] = f[4]
            if (f[3] + 0 == 0 && (f[6] == "NA" || f[6] == "")) c = "-"
            else c = sprintf("%.1f (%.1f to %.1f)", f[5], f[6], f[7])
            cell[f[1], f[2]] = c
        }
        END {
            printf "| %s | n |", h
            for (k = 1; k <= nk; k++) printf " %s |", ko[k]
            printf "\n| --- | ---: |"
            for (k = 1; k <= nk; k++) printf " ---: |"
            print ""
            for (g = 1; g <= ng; g++) {
                printf "| %s | %d |", go[g], tot[go[g]]
                for (k = 1; k <= nk; k++) printf " %s |", cell[go[g], ko[k]]
                print ""
            }
        }' "$1"
}

# coefs CSV HEADER: an agree table with a dataset column as one row per
# data set: each coefficient with its interval, and the units.
coefs() {
    awk -v h="$2" "$CSV_AWK"'
        BEGIN {
            name["cohen_kappa"] = "weighted kappa (quadratic)"; name["gwet_ac"] = "Gwet'"'"'s AC"
            name["percent_agreement"] = "percent agreement"
            name["krippendorff_alpha"] = "Krippendorff'"'"'s alpha"
        }
        NR == 1 { n = csv_split($0, hd); for (i = 1; i <= n; i++) col[hd[i]] = i; next }
        {
            csv_split($0, f)
            d = f[col["dataset"]]; c = f[1]
            if (c == "gwet_ac") c = c (f[col["weights"]] == "identity" ? "1" : "2")
            if (!(d in ds)) { ds[d] = 1; dord[++nd] = d; units[d] = f[col["units"]] }
            if (!(c in cs)) { cs[c] = 1; cord[++nc] = c }
            cell[d, c] = sprintf("%.3f (%.3f to %.3f)", f[2], f[4], f[5])
        }
        END {
            printf "| %s | n |", h
            for (k = 1; k <= nc; k++) {
                c = cord[k]; base = c; sub(/[12]$/, "", base)
                printf " %s%s |", name[base], (c ~ /^gwet_ac[12]$/ ? substr(c, length(c)) : "")
            }
            printf "\n| --- | ---: |"
            for (k = 1; k <= nc; k++) printf " ---: |"
            print ""
            for (i = 1; i <= nd; i++) {
                printf "| %s | %d |", dord[i], units[dord[i]]
                for (k = 1; k <= nc; k++) printf " %s |", ((dord[i], cord[k]) in cell) ? cell[dord[i], cord[k]] : ""
                print ""
            }
        }' "$1"
}

# chart_size CSV [group]: 800 pixels wide and tall enough for its rows
# (the distinct groups of a describe table, or every row of an agree
# table), at least 500.
chart_size() {
    awk -v by="${2:-}" "$CSV_AWK"'NR > 1 { if (by == "") n++; else { csv_split($0, f); if (!(f[1] in s)) { s[f[1]] = 1; n++ } } }
        END { h = 200 + 38 * n; if (h < 500) h = 500; if (h > 4000) h = 4000; printf "800x%d", h }' "$1"
}

# coef FILE DATASET COEFFICIENT COLUMN FORMAT: a value of an agree csv with
# a dataset column.
coef() {
    awk -v d="$2" -v c="$3" -v col="$4" -v f="$5" "$CSV_AWK"'
        NR == 1 { n = csv_split($0, h); for (i = 1; i <= n; i++) k[h[i]] = i; next }
        { csv_split($0, x); if (x[1] == c && x[k["dataset"]] == d) { printf f, x[k[col]]; found = 1; exit } }
        END { if (!found) exit 1 }' "$1" || { echo "report: $1: no row $2, $3" >&2; exit 2; }
}

# The chapter itself (report.sh calls it inside the block that writes
# REPORT.md, after section 8).
study_chapter() {
title9="A study of published outcomes$SYN9"
echo "## 9. $title9"
echo
if [ "$study_synthetic" = yes ]; then
    cat <<EOF
**This chapter runs on SYNTHETIC data.** Its input, \`$mi_name\`, is drawn
by \`icstat simulate\` from \`datasets/synthetic/ofsted_mi.spec\` in the
layout of Ofsted's current management-information file (report cards
included). It shows what the analysis gives and how to read it; its
numbers are not findings about real schools. To run the same chapter on
Ofsted's own published outcomes, download a file and give it to \`make
evidence\`:

\`\`\`sh
make evidence OFSTED_MI=path/to/file.csv    # .csv, .xlsx or .ods, of any year
\`\`\`

Ofsted publishes the files on gov.uk: "Monthly management information:
Ofsted's school inspections outcomes"
(https://www.gov.uk/government/statistical-data-sets/monthly-management-information-ofsteds-school-inspections-outcomes),
one file per month with each open school's latest inspections, and the
official statistics "State-funded schools inspections and outcomes as at
31 August" (one release a year, with a provider-level file).

EOF
else
    cat <<EOF
This chapter reads one of Ofsted's own published files, given as
\`OFSTED_MI\`. Ofsted publishes such files on gov.uk ("Monthly management information:
Ofsted's school inspections outcomes",
https://www.gov.uk/government/statistical-data-sets/monthly-management-information-ofsteds-school-inspections-outcomes,
and the official statistics "State-funded schools inspections and outcomes
as at 31 August"); the SHA-256 identifies exactly which file was read.

EOF
fi
cat <<EOF
**The file.** \`$mi_name\`, $(count "$bytes") bytes, SHA-256 \`$sha\`.
\`icstat import ofsted\` read $(count "$rows_read") rows from it, wrote
$(count "$rows_written") inspections to the table the chapter analyses and
skipped $(count "$rows_skipped"). What it said:

EOF
# The importer's summary, each line with the file's path as its name.
awk -v p="$mi_path" -v n="$mi_name" '{
    sub(/^icstat: import: /, ""); sub(/^icstat: /, "")
    while ((i = index($0, p)) > 0) $0 = substr($0, 1, i - 1) n substr($0, i + length(p))
    gsub(/`/, "'"'"'")
    print "- `" $0 "`" }' "$TAB/09-source.notes"
echo
fw=$TAB/09-frameworks.csv
n_rc=$(awk -F, '$2 == "report_card" { print $3; f = 1 } END { if (!f) print 0 }' "$fw")
echo "Inspections in the table by framework (the one in force at the inspection's date):"
echo
table "$fw" "category=framework;n=inspections:%.0f;percent=percent:%.1f"
echo

# not_made TABLE CHART HEADING [MORE]: a section the file cannot carry
# (plots/study.sh wrote TABLE.skipped): its heading, why, no chart.
not_made() {
    rm -f "$CH/$2".*
    echo "### $3$SYN9"
    echo
    echo "**Not made from this file.** $(cat "$1.skipped").${4:+ $4}"
    echo
}

# --- 9.1 ----------------------------------------------------------------------
g=$TAB/09-grades
if [ -f "$g.skipped" ]; then
    not_made "$g" 09-grades "9.1 Overall effectiveness by phase, region, deprivation and size"
else
n_graded=$(awk -F, 'NR == 2 { print $4 }' "$g.all.csv")
p_out=$(pct "$g.all.csv" all Outstanding)
p_good=$(pct "$g.all.csv" all Good)
p_ri=$(pct "$g.all.csv" all "Requires improvement")
p_inad=$(pct "$g.all.csv" all Inadequate)
# the groups with the lowest and highest share Inadequate, among those
# with at least min_pairs schools (a smaller group's share is mostly noise)
extremes=$(awk -v m="$min_pairs" "$CSV_AWK"'NR > 1 { csv_split($0, f)
        if (f[2] == "Inadequate" && f[4] + 0 >= m) {
            if (lo == "" || f[5] + 0 < lo + 0) { lo = f[5]; lg = f[1] }
            if (hi == "" || f[5] + 0 > hi + 0) { hi = f[5]; hg = f[1] } } }
    END { printf "%s|%.1f|%s|%.1f", lg, lo, hg, hi }' "$g.csv")
lo_group=$(echo "$extremes" | cut -d'|' -f1)
lo_pct=$(echo "$extremes" | cut -d'|' -f2)
hi_group=$(echo "$extremes" | cut -d'|' -f3)
hi_pct=$(echo "$extremes" | cut -d'|' -f4)
size_cuts=$(setting size_cuts)
# "phase, region, deprivation and size", or those the file has two of.
dims_text=$(awk '{ w = $1 == "idaci_quintile" ? "deprivation" : $1; d[++n] = w }
    END { for (i = 1; i <= n; i++) printf "%s%s", (i == 1 ? "" : i == n ? " and " : ", "), d[i] }' "$g.dims")
title="Overall effectiveness by $dims_text$SYN9"
echo "### 9.1 $title"
echo
chart 9 stacked "$g.csv" 09-grades "$title" \
    "Latest overall effectiveness of each school with one (icstat describe). $src_note" "" \
    --size "$(chart_size "$g.csv" group)"
cat <<EOF

**What it shows.** The latest overall effectiveness of the
$(count "$n_graded") schools in the file that have one: $p_out% Outstanding,
$p_good% Good, $p_ri% Requires improvement and $p_inad% Inadequate. The bars
split them by phase, by region, by deprivation (Ofsted's IDACI quintile,
from the income deprivation affecting children index: 1 the least deprived
fifth of schools, 5 the most deprived) and by the number of pupils (bands
cut at \`$size_cuts\`). Among the groups of at least $min_pairs schools,
the share judged Inadequate is lowest for $lo_group ($lo_pct%) and highest
for $hi_group ($hi_pct%). The table gives every share with its 95% Wilson
interval; the tests below ask whether the grades differ between the groups
of each dimension more than chance would make them.

**What it does not show.** Why the groups differ. Phase, region,
deprivation and size go together (special schools are small, secondary
schools large, regions differ in deprivation), and none of them is
randomly assigned: a difference between groups is an association, not an
effect of deprivation or size. The grades are each school's *latest*, from
inspections years apart and under different frameworks (the table below),
and schools judged Outstanding were exempt from routine inspection from 2012
to 2020, so their grade is often the oldest. Schools in the same local
authority are not independent (section 9.3), so the intervals are, if
anything, too narrow.

EOF
if [ "$(wc -l <"$g.single.csv")" -gt 1 ]; then
    awk "$CSV_AWK"'NR > 1 { csv_split($0, f); printf "Every school in the file has the same %s (%s), so the chart and the tests leave it out.\n", (f[1] == "idaci_quintile" ? "IDACI quintile" : f[1] == "size" ? "size band" : f[1]), f[2] }' "$g.single.csv"
    echo
fi
echo "Frameworks of the latest graded inspections shown above:"
echo
table "$g.frameworks.csv" "category=framework;n=schools:%.0f;percent=percent:%.1f"
echo
echo "Is the grade independent of each dimension? (Pearson's chi-square test)"
echo
table "$g.tests.csv" "dimension=dimension;chisq=chi-square:%.1f;df=df:%.0f;p_value=p:%.2g"
echo
echo "Percent of the schools in each group at each grade, with 95% Wilson intervals:"
echo
pivot "$g.csv" group
echo

fi

# --- 9.2 ----------------------------------------------------------------------
s=$TAB/10-stability
if [ -f "$s.skipped" ]; then
    not_made "$s" 10-stability "9.2 How stable grades are: previous against latest overall effectiveness" \
        "A school's previous grade comes from the file's \"Previous ...\" columns or, for a report card, from its Latest OEIF inspection; the file's layout (section 9) says which it has."
else
pairs=$(awk -F, '$1 == "cohen_kappa" { print $9; exit }' "$s.all.csv")
same=$(awk -F, '$1 == "percent_agreement" { printf "%.1f", 100 * $2; exit }' "$s.exact.csv")
k_all=$(coef "$s.csv" "All schools" cohen_kappa estimate %.2f)
k_lo=$(coef "$s.csv" "All schools" cohen_kappa ci_low %.2f)
k_hi=$(coef "$s.csv" "All schools" cohen_kappa ci_high %.2f)
a_all=$(coef "$s.csv" "All schools" gwet_ac estimate %.2f)
a_lo=$(coef "$s.csv" "All schools" gwet_ac ci_low %.2f)
a_hi=$(coef "$s.csv" "All schools" gwet_ac ci_high %.2f)
k_pe=$(coef "$s.csv" "All schools" cohen_kappa pe %.2f)
k_pa=$(coef "$s.csv" "All schools" cohen_kappa pa %.2f)
year_cuts=$(setting year_cuts)
title="How stable grades are: previous against latest overall effectiveness$SYN9"
echo "### 9.2 $title"
echo
chart 10 agreement "$s.csv" 10-stability "$title" \
    "Weighted kappa (quadratic) and Gwet's AC2 between each school's previous and latest graded inspection (icstat agree). $src_note" "" \
    --size "$(chart_size "$s.csv")"
cat <<EOF

**What it shows.** For the $(count "$pairs") schools whose latest and
previous graded inspections both have an overall effectiveness grade
(Outstanding to Inadequate, 1 to 4), how far the two agree: $same% got the
same grade both times. Weighted (quadratic) Cohen's kappa is **$k_all
($k_lo to $k_hi)** and Gwet's AC2 **$a_all ($a_lo to $a_hi)**, with 95%
intervals; the chart repeats both for each phase and for the years between
the two inspections (bands cut at \`$year_cuts\` years), where a group has at least
$min_pairs schools. The two coefficients answer the same question with different
ideas of chance: with quadratic weights the two grades agree $k_pa of the
way, and kappa's chance agreement is already $k_pe because most schools
are Good, so kappa has little room above it; AC2's chance agreement is
lower and it comes out much higher. Neither is wrong; a reader should see
both.

**What it does not show.** Inspector reliability. These are two different
inspections of the same school, usually years apart, often under
different frameworks (Ofsted changed its framework in 2012, 2015 and 2019,
each time with new criteria) and often after real change in the school: a new head, an academy conversion, a
different intake. A changed grade may be a changed school. Schools are
re-inspected sooner after a weak grade (Requires improvement or
Inadequate, within about two and a half years) than after a good one, so
the bands of years apart hold different schools, not the same schools
waited on; and before September 2012 grade 3 was "Satisfactory", not
"Requires improvement". How far two inspectors would agree on the same
school on the same day is the question of sections 5 and 8, and these
data cannot answer it.

The two grades of each school (rows: previous; columns: latest):

EOF
awk -F, 'NR == 1 { next }
    { c[$1, $2] = $3; if (!($1 in r)) { r[$1] = 1; o[++k] = $1 } }
    END {
        printf "| previous grade |"; for (j = 1; j <= k; j++) printf " latest: %s |", o[j]; print ""
        printf "| --- |"; for (j = 1; j <= k; j++) printf " ---: |"; print ""
        for (i = 1; i <= k; i++) {
            printf "| %s |", o[i]; for (j = 1; j <= k; j++) printf " %d |", c[o[i], o[j]]; print ""
        }
    }' "$s.table.csv"
echo
echo "Agreement between the two grades, with 95% intervals (n: schools with both grades):"
echo
coefs "$s.csv" schools
echo

fi

# --- 9.3 ----------------------------------------------------------------------
m=$TAB/11-la-model
e=$TAB/11-la-effects
if [ -f "$m.skipped" ]; then
    not_made "$m" 11-la-effects "9.3 How much the grade depends on the area"
else
la_n=$(val "$m.csv" "kind=fit;term=n" estimate %.0f)
la_groups=$(val "$m.csv" "kind=fit;term=groups" estimate %.0f)
la_sd=$(val "$m.csv" "kind=random;term=sd(local_authority)" estimate %.2f)
la_sd_lo=$(val "$m.csv" "kind=random;term=sd(local_authority)" ci_low %.2f)
la_sd_hi=$(val "$m.csv" "kind=random;term=sd(local_authority)" ci_high %.2f)
la_var=$(val "$m.csv" "kind=random;term=var(local_authority)" estimate %.3f)
la_icc=$(val "$m.csv" "kind=derived;term=latent_icc" estimate %.1f 100)
la_icc_lo=$(val "$m.csv" "kind=derived;term=latent_icc" ci_low %.1f 100)
la_icc_hi=$(val "$m.csv" "kind=derived;term=latent_icc" ci_high %.1f 100)
la_mor=$(val "$m.csv" "kind=derived;term=median_odds_ratio" estimate %.2f)
la_p=$(val "$m.csv" "kind=derived;term=lr_p_value" estimate %.2g)
la_clear=$(awk 'END { print NR - 1 }' "$e.clear.csv")
la_worse=$(awk "$CSV_AWK"'NR > 1 { csv_split($0, f); if (f[5] + 0 > 0) n++ } END { print n + 0 }' "$e.clear.csv")
la_better=$(awk "$CSV_AWK"'NR > 1 { csv_split($0, f); if (f[6] + 0 < 0) n++ } END { print n + 0 }' "$e.clear.csv")
# SYNTHETIC: what the data were drawn with, to set beside the estimate.
la_truth=""
if [ "$study_synthetic" = yes ]; then
    la_true=$(awk -F'=' '$1 ~ /^la_sd[ \t]*$/ { v = $2; sub(/#.*/, "", v); gsub(/[ \t]/, "", v); print v }' \
        datasets/synthetic/ofsted_mi.spec)
    la_truth=" The SYNTHETIC data were drawn with a local-authority sd of $la_true (\`la_sd\` in \`datasets/synthetic/ofsted_mi.spec\`), so the estimate can be checked against it."
fi
title="Local authorities' effects on the overall grade$SYN9"
echo "### 9.3 How much the grade depends on the area$SYN9"
echo
chart 11 caterpillar "$e.csv" 11-la-effects "$title" \
    "Local-authority intercepts with 95% intervals from a cumulative logit model with phase, IDACI quintile and size (icstat fit --effects). $src_note" \
    "$la_clear of $la_groups local authorities have an interval that excludes the average" \
    --nouns "local authorities,schools"
cat <<EOF

**What it shows.** A cumulative logit model of the latest overall
effectiveness (\`icstat fit\`, the model of R's \`ordinal::clmm\`) with a
random intercept for the local authority, adjusting for phase, IDACI
quintile and size band: $(count "$la_n") schools in $la_groups local
authorities. Between authorities the intercepts vary with a standard
deviation of **$la_sd ($la_sd_lo to $la_sd_hi)** on the logit scale
(variance $la_var), which is **$la_icc% ($la_icc_lo% to $la_icc_hi%) of the
latent variance** (the intercept's variance over itself plus π²/3, the
logistic's): between two schools alike in phase, deprivation and size in
two authorities picked at random, the odds of a worse grade in one are
typically $la_mor times those in the other (median odds ratio). The
likelihood-ratio test against no authority effect gives p = $la_p. In the
chart each authority's estimate (conditional mode) is shown with its 95%
interval; $la_clear intervals exclude 0, the average authority: $la_worse
towards worse grades and $la_better towards better ones (the table).$la_truth

**What it does not show.** That an authority, or its inspectors, causes
its schools' grades. The intercept holds whatever differs between areas
beyond phase, deprivation and size: intakes, local labour markets for
teachers, academy trusts, when the schools were last inspected, and the
inspectors who work there. With many authorities some intervals exclude 0
by chance alone (about 1 in 20 if every authority were alike), and the
estimates are pulled towards 0, the more so for authorities with few
schools.

EOF
echo "Local authorities whose 95% interval excludes the average (effect above 0: worse grades):"
echo
table "$e.clear.csv" "rank=rank;group=local authority;n=schools:%.0f;effect=effect (log odds):%.3f;ci_low,ci_high=95% interval:%.3f;effect=odds ratio:%.2f:exp"
echo
echo "How much the authority matters, and the model's coefficients (odds ratios above 1: worse grades):"
echo
table "$m.csv" "term=statistic;estimate=estimate:%.4f;ci_low,ci_high=95% interval:%.4f" \
    "kind~^(random|derived)$;term~^(var\\(|sd\\(|latent_icc|median_odds_ratio|lr_p_value)"
echo
table "$m.csv" "term=term;estimate=log odds:%.3f;se=se:%.3f;estimate=odds ratio:%.3f:exp;ci_low,ci_high=95% interval (odds ratio):%.3f:exp;p_value=p:%.2g" "kind=coef"
echo

fi

# --- 9.4 ----------------------------------------------------------------------
echo "### 9.4 Report cards$SYN9"
echo
if [ "$n_rc" -eq 0 ]; then
    rm -f "$CH"/12-report-card-areas.* "$CH"/13-area-agreement.* "$CH"/14-report-card-vs-previous.*
    cat <<EOF
**This file has no report cards.** None of its $(count "$rows_written")
inspections is a report-card inspection (framework \`report_card\`): Ofsted
began them on 10 November 2025, and this file's inspections are older. So
this section draws nothing. A management-information file published after
that date has them; \`make evidence OFSTED_MI=...\` with such a file fills
this section with the nine areas' grades, how a school's areas agree with
each other, and how the new grades line up with the school's last
old-framework grade.

EOF
else
    r=$TAB/12-report-card-areas
    a=$TAB/13-area-agreement
    x=$TAB/14-report-card-vs-previous
    sg_not=$(pct "$r.csv" "Safeguarding standards" "Not met" 2>/dev/null || echo NA)
    n_areas=$(wc -w <"$r.areas" | tr -d ' ')
    rc_same=$(coef "$a.csv" "Same grade" percent_agreement estimate %.3f)
    rc_same_pct=$(awk -v x="$rc_same" 'BEGIN { printf "%.1f", 100 * x }')
    rc_ac2=$(coef "$a.csv" "Near grades" gwet_ac estimate %.2f)
    rc_ac2_lo=$(coef "$a.csv" "Near grades" gwet_ac ci_low %.2f)
    rc_ac2_hi=$(coef "$a.csv" "Near grades" gwet_ac ci_high %.2f)
    rc_alpha=$(coef "$a.csv" "Near grades" krippendorff_alpha estimate %.2f)
    rc_alpha_lo=$(coef "$a.csv" "Near grades" krippendorff_alpha ci_low %.2f)
    rc_alpha_hi=$(coef "$a.csv" "Near grades" krippendorff_alpha ci_high %.2f)
    rc_units=$(coef "$a.csv" "Same grade" percent_agreement units %.0f)
    rc_raters=$(coef "$a.csv" "Same grade" percent_agreement raters %.0f)
    cross_area=$(setting cross_area)
    cross_name=$(echo "$cross_area" | tr '_' ' ')
    x_out_exc=$(pct "$x.csv" "Previously Outstanding" Exceptional 2>/dev/null || echo NA)
    x_good_exp=$(pct "$x.csv" "Previously Good" "Expected standard" 2>/dev/null || echo NA)
    title="Report-card grades by area$SYN9"
    echo "$(count "$n_rc") inspections in the file are report cards."
    echo
    chart 12 stacked "$r.csv" 12-report-card-areas "$title" \
        "Report-card inspections only (icstat describe); early years and post-16 where the school has them. $src_note" "" \
        --size "$(chart_size "$r.csv" group)"
    cat <<EOF

**What it shows.** The grades of the $(count "$n_rc") report-card
inspections in each of the $n_areas areas the file has: the five-point
scale from Exceptional to Urgent improvement, and safeguarding standards
met or not met ($sg_not% not met). Early years and post-16 are graded only
where a school has them, so their bars count fewer schools (n in each
label).

**What it does not show.** Whether the areas are judged consistently from
school to school or inspector to inspector: these are single grades, and
the first report cards are not a random sample of schools (which schools
Ofsted inspects first depends on when they were last inspected and on
risk).

EOF
    echo "Percent of the report cards at each grade, with 95% Wilson intervals (n: report cards with a grade for the area):"
    echo
    pivot "$r.csv" area
    echo
    title="How far a school's report-card areas agree with each other$SYN9"
    echo
    chart 13 agreement "$a.chart.csv" 13-area-agreement "$title" \
        "The $rc_raters five-point areas of each report card treated as raters of the school (icstat agree); percent agreement is in the text, not drawn against these bands. $src_note"
    cat <<EOF

**What it shows.** Each report card's $rc_raters five-point areas treated as
$rc_raters "raters" of the same school ($(count "$rc_units") schools; an area a school
does not have is a missing rating): two areas of the same report card give
the same grade $rc_same_pct% of the time; counting near grades as partial
agreement (quadratic weights), Gwet's AC2 is $rc_ac2 ($rc_ac2_lo to
$rc_ac2_hi) and Krippendorff's alpha $rc_alpha ($rc_alpha_lo to
$rc_alpha_hi).

**What it does not show.** Reliability. The areas are different questions
about the school answered by the same inspection team on the same visit;
high agreement means flat profiles (a school strong in one area tends to
be strong in the others, or the team grades them together), low agreement
means the report card separates things the old single grade merged. It
does not say how far another team would give the same grades.

EOF
    echo "Agreement among a report card's areas, with 95% intervals (n: report cards):"
    echo
    coefs "$a.csv" "grades counted as agreeing"
    echo
    title="Report-card $cross_name by the school's last overall effectiveness$SYN9"
    echo
    chart 14 stacked "$x.csv" 14-report-card-vs-previous "$title" \
        "Report cards of schools with an old-framework grade; rows by that grade (icstat describe). $src_note"
    cat <<EOF

**What it shows.** For schools with a report card and an earlier
old-framework (OEIF) overall grade, the report card's $cross_name grade
by that last grade: of the schools last judged Outstanding, $x_out_exc% are
Exceptional in $cross_name; of those last judged Good, $x_good_exp% are at
the Expected standard. Each bar adds up to 100%, with the intervals in
the table.

**What it does not show.** A translation between the scales: the report
card grades $cross_name alone against new criteria, the old grade judged
the whole school, usually years earlier; a school may have changed. Nor
does a lower band mean a harsher framework for any one school.

EOF
    echo "Percent of the schools last judged at each grade with each $cross_name grade, with 95% Wilson intervals:"
    echo
    pivot "$x.csv" "last overall effectiveness"
    echo
fi

if [ "$study_synthetic" = yes ]; then
    echo "Commands (on the SYNTHETIC file; \`make evidence OFSTED_MI=FILE\` runs them on FILE):"
else
    echo "Commands (on the file given as \`OFSTED_MI\`):"
fi
echo
echo '```sh'
for f in 09-source 09-frameworks 09-grades 10-stability 11-la-model; do
    if [ -f "$TAB/$f.cmd" ]; then cat "$TAB/$f.cmd"; fi
done
if [ "$n_rc" -gt 0 ]; then
    cat "$TAB/12-report-card-areas.cmd" "$TAB/13-area-agreement.cmd" "$TAB/14-report-card-vs-previous.cmd"
fi
if [ "$charts" = yes ]; then
    for c in 09-grades 10-stability 11-la-effects; do
        if [ -f "$CH/$c.cmd" ]; then head -n 1 "$CH/$c.cmd"; fi
    done
    if [ "$n_rc" -gt 0 ]; then
        for c in 12-report-card-areas 13-area-agreement 14-report-card-vs-previous; do head -n 1 "$CH/$c.cmd"; done
    fi
fi
echo '```'
echo
if [ "$study_synthetic" = yes ]; then
    cat <<EOF
Sources: SYNTHETIC data \`datasets/synthetic/ofsted_mi.spec\` (assumptions
in \`datasets/README.md\`), in the layout of Ofsted, "Monthly management
information: Ofsted's school inspections outcomes"
(https://www.gov.uk/government/statistical-data-sets/monthly-management-information-ofsteds-school-inspections-outcomes).
Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.).
Larsen, K. & Merlo, J. (2005), *American Journal of Epidemiology*, 161(1),
81–88 (median odds ratio).

EOF
else
    cat <<EOF
Sources: Ofsted, \`$mi_name\` (SHA-256 \`$sha\`), Open Government Licence
v3.0; Ofsted's files are published on gov.uk
(https://www.gov.uk/government/statistical-data-sets/monthly-management-information-ofsteds-school-inspections-outcomes).
Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.).
Larsen, K. & Merlo, J. (2005), *American Journal of Epidemiology*, 161(1),
81–88 (median odds ratio).

EOF
fi
}
