# study_report.sh — chapter 9 of the report, "A study of published
# outcomes", from the tables plots/study.sh wrote: sourced by
# plots/report.sh, which then has the source's name and SHA-256 for its
# head and calls study_chapter in the block that writes REPORT.md (it uses
# report.sh's chart, val, opt and spec_value and the lib.sh helpers).
#
# The words are plots/study_report.md.in's; every number in them is read
# from a table by column name.  The file's name is shown as text (in the
# report, never run), with control characters and backquotes replaced so
# that it cannot break the page.

src=$TAB/09-source.csv
sha=$(csv_row "$src" "" sha256)
study_synthetic=$(csv_row "$src" "" synthetic)
rows_read=$(csv_row "$src" "" rows_read)
rows_written=$(csv_row "$src" "" rows_written)
rows_skipped=$(csv_row "$src" "" rows_skipped)
bytes=$(csv_row "$src" "" bytes)
mi_path=$(cat "$TAB/09-source.path")
# The name as it may be shown: no directory, no control characters, no
# backquotes (which would end a code span).
mi_name=$(printf '%s' "${mi_path##*/}" | tr '\000-\037\177`' '?')
sha_short=$(printf '%s' "$sha" | cut -c 1-12)
# in a table cell, a | is escaped (GFM: even in a code span); report.sh's
# head shows it
# shellcheck disable=SC2034
mi_name_cell=$(printf '%s' "$mi_name" | awk '{ gsub(/\|/, "\\|"); print }')

# study_prose BLOCK [NAME=VALUE]...: a block of plots/study_report.md.in
# filled in; every block may also use syn9 and src_note.
study_prose() {
    _b=$1
    shift
    fill plots/study_report.md.in "$_b" "syn9=$SYN9" "src_note=$src_note" "$@"
}
SYN9="" src_note=""
if [ "$study_synthetic" = yes ]; then
    SYN9=$(study_prose syn9)
    src_note=$(study_prose src_note-synthetic)
else
    src_note=$(study_prose src_note-file "mi_name=$mi_name" "sha_short=$sha_short")
fi

# setting KEY: the study's choice KEY (plots/study.sh, 09-settings.txt).
setting() {
    awk -v k="$1" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); f = 1; exit }
        END { if (!f) exit 1 }' "$TAB/09-settings.txt" || { echo "report: no setting $1" >&2; exit 2; }
}
min_pairs=$(setting min_pairs)

# pct FILE GROUP CATEGORY: the percent of a describe csv's cell, 1 decimal.
pct() {
    GROUP=$2 CATEGORY=$3 awk "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
        { csv_split($0, f)
          if (csv_get(f, H, "group") == ENVIRON["GROUP"] && csv_get(f, H, "category") == ENVIRON["CATEGORY"]) {
              printf "%.1f", csv_get(f, H, "percent"); found = 1; exit } }
        END { if (csv_failed) exit 2; if (!found) exit 1 }' "$1" ||
        { echo "report: $1: no cell $2, $3" >&2; return 2; }
}
# pivot CSV HEADER: a describe table as one row per group, with the rows
# counted and each category's percent and 95% interval ("-" for a
# category the group cannot have: n 0 and no interval).
pivot() {
    HEADER=$2 awk "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        {
            csv_split($0, f)
            g = md_text(csv_get(f, H, "group")); k = md_text(csv_get(f, H, "category"))
            if (!(g in gs)) { gs[g] = 1; go[++ng] = g }
            if (!(k in ks)) { ks[k] = 1; ko[++nk] = k }
            tot[g] = csv_get(f, H, "total")
            lo = csv_get(f, H, "ci_low")
            if (csv_get(f, H, "n") + 0 == 0 && (lo == "NA" || lo == "")) c = "-"
            else c = sprintf("%.1f (%.1f to %.1f)", csv_get(f, H, "percent"), lo, csv_get(f, H, "ci_high"))
            cell[g, k] = c
        }
        END {
            if (csv_failed) exit 2
            printf "| %s | n |", ENVIRON["HEADER"]
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
    HEADER=$2 awk "$CSV_AWK"'
        BEGIN {
            name["cohen_kappa"] = "weighted kappa (quadratic)"; name["gwet_ac"] = "Gwet'"'"'s AC"
            name["percent_agreement"] = "percent agreement"
            name["krippendorff_alpha"] = "Krippendorff'"'"'s alpha"
        }
        NR == 1 { csv_header($0, H); next }
        {
            csv_split($0, f)
            d = md_text(csv_get(f, H, "dataset")); c = csv_get(f, H, "coefficient")
            if (c == "gwet_ac") c = c (csv_get(f, H, "weights") == "identity" ? "1" : "2")
            if (!(d in ds)) { ds[d] = 1; dord[++nd] = d; units[d] = csv_get(f, H, "units") }
            if (!(c in cs)) { cs[c] = 1; cord[++nc] = c }
            cell[d, c] = sprintf("%.3f (%.3f to %.3f)", csv_get(f, H, "estimate"), csv_get(f, H, "ci_low"),
                csv_get(f, H, "ci_high"))
        }
        END {
            if (csv_failed) exit 2
            printf "| %s | n |", ENVIRON["HEADER"]
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

# crosstab CSV: agree --table's counts as a square table, rows the first
# rater's (previous) categories, columns the second's (latest).
crosstab() {
    awk "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        {
            csv_split($0, f); r = md_text(csv_get(f, H, "row_category"))
            c[r, md_text(csv_get(f, H, "column_category"))] = csv_get(f, H, "count")
            if (!(r in seen)) { seen[r] = 1; o[++k] = r }
        }
        END {
            if (csv_failed) exit 2
            printf "| previous grade |"; for (j = 1; j <= k; j++) printf " latest: %s |", o[j]; print ""
            printf "| --- |"; for (j = 1; j <= k; j++) printf " ---: |"; print ""
            for (i = 1; i <= k; i++) {
                printf "| %s |", o[i]; for (j = 1; j <= k; j++) printf " %d |", c[o[i], o[j]]; print ""
            }
        }' "$1"
}

# chart_size CSV [group]: 800 pixels wide and tall enough for its rows
# (the distinct groups of a describe table, or every row of an agree
# table), at least 500.
chart_size() {
    awk -v by="${2:-}" "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
        { if (by == "") n++; else { csv_split($0, f); g = csv_get(f, H, by); if (!(g in s)) { s[g] = 1; n++ } } }
        END { if (csv_failed) exit 2; h = 200 + 38 * n; if (h < 500) h = 500; if (h > 4000) h = 4000; printf "800x%d", h }' "$1"
}

# coef FILE DATASET COEFFICIENT COLUMN FORMAT: a value of an agree csv with
# a dataset column.
coef() {
    DATASET=$2 awk -v c="$3" -v col="$4" -v f="$5" "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        { csv_split($0, x)
          if (csv_get(x, H, "coefficient") == c && csv_get(x, H, "dataset") == ENVIRON["DATASET"]) {
              printf f, csv_get(x, H, col); found = 1; exit } }
        END { if (csv_failed) exit 2; if (!found) exit 1 }' "$1" || { echo "report: $1: no row $2, $3" >&2; exit 2; }
}

# not_made TABLE CHART HEADING [MORE]: a section the file cannot carry
# (plots/study.sh wrote TABLE.skipped): its heading, why, no chart.
not_made() {
    rm -f "$CH/$2".*
    study_prose not-made "heading=$(study_prose "$3")" "why=$(cat "$1.skipped")" \
        "more=$(if [ -n "${4:-}" ]; then study_prose "$4"; fi)"
}

# --- 9, the file ---------------------------------------------------------------
study_file() {
    study_prose 9.head
    if [ "$study_synthetic" = yes ]; then
        study_prose 9.intro-synthetic "mi_name=$mi_name"
    else
        study_prose 9.intro-file
    fi
    # The importer's summary, each line with the file's path as its name.
    notes=$(MI_PATH=$mi_path MI_NAME=$mi_name awk '{
        sub(/^icstat: import: /, ""); sub(/^icstat: /, "")
        p = ENVIRON["MI_PATH"]; n = ENVIRON["MI_NAME"]
        while ((i = index($0, p)) > 0) $0 = substr($0, 1, i - 1) n substr($0, i + length(p))
        gsub(/`/, "'"'"'")
        print "- `" $0 "`" }' "$TAB/09-source.notes")
    study_prose 9.file "mi_name=$mi_name" "bytes=$(count "$bytes")" "sha=$sha" \
        "rows_read=$(count "$rows_read")" "rows_written=$(count "$rows_written")" \
        "rows_skipped=$(count "$rows_skipped")" "notes=$notes" \
        "frameworks=$(table "$TAB/09-frameworks.csv" "category=framework;n=inspections:%.0f;percent=percent:%.1f")"
}

# --- 9.1 ----------------------------------------------------------------------
study_grades() {
    g=$TAB/09-grades
    if [ -f "$g.skipped" ]; then
        not_made "$g" 09-grades 9.1.heading
        return
    fi
    n_graded=$(csv_row "$g.all.csv" "" total)
    p_out=$(pct "$g.all.csv" all Outstanding)
    p_good=$(pct "$g.all.csv" all Good)
    p_ri=$(pct "$g.all.csv" all "Requires improvement")
    p_inad=$(pct "$g.all.csv" all Inadequate)
    # the groups with the lowest and highest share Inadequate, among those
    # with at least min_pairs schools (a smaller group's share is mostly noise)
    extremes=$(awk -v m="$min_pairs" "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
        { csv_split($0, f); p = csv_get(f, H, "percent")
          if (csv_get(f, H, "category") == "Inadequate" && csv_get(f, H, "total") + 0 >= m) {
              if (lo == "" || p + 0 < lo + 0) { lo = p; lg = csv_get(f, H, "group") }
              if (hi == "" || p + 0 > hi + 0) { hi = p; hg = csv_get(f, H, "group") } } }
        END { if (csv_failed) exit 2; printf "%s\t%.1f\t%s\t%.1f\n", md_text(lg), lo, md_text(hg), hi }' "$g.csv")
    lo_group=$(printf '%s\n' "$extremes" | cut -f 1)
    lo_pct=$(printf '%s\n' "$extremes" | cut -f 2)
    hi_group=$(printf '%s\n' "$extremes" | cut -f 3)
    hi_pct=$(printf '%s\n' "$extremes" | cut -f 4)
    # "phase, region, deprivation and size", or those the file has two of.
    dims=$(while read -r d; do study_prose "9.1.dimension.$d"; done <"$g.dims" | awk '{ d[++n] = $0 }
        END { for (i = 1; i <= n; i++) printf "%s%s", (i == 1 ? "" : i == n ? " and " : ", "), d[i] }')
    title=$(study_prose 9.1.title "dims=$dims")
    c=$(chart 9 stacked "$g.csv" 09-grades "$title" "$(study_prose 9.1.note)" "" \
        --size "$(chart_size "$g.csv" group)")
    study_prose 9.1 "title=$title" "chart=$c" "n_graded=$(count "$n_graded")" "p_out=$p_out" \
        "p_good=$p_good" "p_ri=$p_ri" "p_inad=$p_inad" "size_cuts=$(setting size_cuts)" \
        "min_pairs=$min_pairs" "lo_group=$lo_group" "lo_pct=$lo_pct" "hi_group=$hi_group" \
        "hi_pct=$hi_pct"
    # The dimensions every school shares (one level): said, not drawn.
    if [ "$(wc -l <"$g.single.csv")" -gt 1 ]; then
        awk "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
            { csv_split($0, f); print csv_get(f, H, "dimension") "\t" md_text(csv_get(f, H, "level")) }
            END { if (csv_failed) exit 2 }' "$g.single.csv" |
            while IFS="$(printf '\t')" read -r d level; do
                study_prose 9.1.single "dimension=$(study_prose "9.1.single.$d")" "level=$level"
            done
        echo
    fi
    study_prose 9.1.tables \
        "frameworks=$(table "$g.frameworks.csv" "category=framework;n=schools:%.0f;percent=percent:%.1f")" \
        "tests=$(table "$g.tests.csv" "dimension=dimension;chisq=chi-square:%.1f;df=df:%.0f;p_value=p:%.2g")" \
        "pivot=$(pivot "$g.csv" group)"
}

# --- 9.2 ----------------------------------------------------------------------
study_stability() {
    s=$TAB/10-stability
    if [ -f "$s.skipped" ]; then
        not_made "$s" 10-stability 9.2.heading 9.2.not-made-more
        return
    fi
    title=$(study_prose 9.2.title)
    c=$(chart 10 agreement "$s.csv" 10-stability "$title" "$(study_prose 9.2.note)" "" \
        --size "$(chart_size "$s.csv")")
    study_prose 9.2 "title=$title" "chart=$c" \
        "pairs=$(count "$(csv_row "$s.all.csv" "coefficient=cohen_kappa" units)")" \
        "same=$(val "$s.exact.csv" "coefficient=percent_agreement" estimate %.1f pct)" \
        "k_all=$(coef "$s.csv" "All schools" cohen_kappa estimate %.2f)" \
        "k_lo=$(coef "$s.csv" "All schools" cohen_kappa ci_low %.2f)" \
        "k_hi=$(coef "$s.csv" "All schools" cohen_kappa ci_high %.2f)" \
        "a_all=$(coef "$s.csv" "All schools" gwet_ac estimate %.2f)" \
        "a_lo=$(coef "$s.csv" "All schools" gwet_ac ci_low %.2f)" \
        "a_hi=$(coef "$s.csv" "All schools" gwet_ac ci_high %.2f)" \
        "k_pe=$(coef "$s.csv" "All schools" cohen_kappa pe %.2f)" \
        "k_pa=$(coef "$s.csv" "All schools" cohen_kappa pa %.2f)" \
        "year_cuts=$(setting year_cuts)" "min_pairs=$min_pairs" \
        "crosstab=$(crosstab "$s.table.csv")" "coefs=$(coefs "$s.csv" schools)"
}

# --- 9.3 ----------------------------------------------------------------------
study_la() {
    m=$TAB/11-la-model
    e=$TAB/11-la-effects
    if [ -f "$m.skipped" ]; then
        not_made "$m" 11-la-effects 9.3.heading
        return
    fi
    la_groups=$(val "$m.csv" "kind=fit;term=groups" estimate %.0f)
    # the authorities whose interval excludes 0, and on each side of it
    # (fit's own counts)
    la_clear=$(val "$m.csv" "kind=fit;term=groups_excluding_zero" estimate %.0f)
    # SYNTHETIC: what the data were drawn with, to set beside the estimate.
    la_truth=""
    if [ "$study_synthetic" = yes ]; then
        la_truth=$(study_prose 9.3.truth "la_true=$(spec_value ofsted_mi la_sd)")
    fi
    c=$(chart 11 caterpillar "$e.csv" 11-la-effects "$(study_prose 9.3.title)" "$(study_prose 9.3.note)" \
        "$(study_prose 9.3.subtitle "la_clear=$la_clear" "la_groups=$la_groups")" \
        --nouns "local authorities,schools")
    study_prose 9.3 "chart=$c" "la_n=$(count "$(val "$m.csv" "kind=fit;term=n" estimate %.0f)")" \
        "la_groups=$la_groups" \
        "la_sd=$(val "$m.csv" "kind=random;term=sd(local_authority)" estimate %.2f)" \
        "la_sd_lo=$(val "$m.csv" "kind=random;term=sd(local_authority)" ci_low %.2f)" \
        "la_sd_hi=$(val "$m.csv" "kind=random;term=sd(local_authority)" ci_high %.2f)" \
        "la_var=$(val "$m.csv" "kind=random;term=var(local_authority)" estimate %.3f)" \
        "la_icc=$(val "$m.csv" "kind=derived;term=latent_icc" estimate %.1f pct)" \
        "la_icc_lo=$(val "$m.csv" "kind=derived;term=latent_icc" ci_low %.1f pct)" \
        "la_icc_hi=$(val "$m.csv" "kind=derived;term=latent_icc" ci_high %.1f pct)" \
        "la_mor=$(val "$m.csv" "kind=derived;term=median_odds_ratio" estimate %.2f)" \
        "la_p=$(val "$m.csv" "kind=derived;term=lr_p_value" estimate %.2g)" \
        "la_clear=$la_clear" "la_worse=$(val "$m.csv" "kind=fit;term=groups_above_zero" estimate %.0f)" \
        "la_better=$(val "$m.csv" "kind=fit;term=groups_below_zero" estimate %.0f)" \
        "la_truth=$la_truth" \
        "clear=$(table "$e.clear.csv" "rank=rank;group=local authority;n=schools:%.0f;effect=effect (log odds):%.3f;ci_low,ci_high=95% interval:%.3f;odds_ratio=odds ratio:%.2f")" \
        "summary=$(table "$m.csv" "term=statistic;estimate=estimate:%.4f;ci_low,ci_high=95% interval:%.4f" \
            "kind~^(random|derived)$;term~^(var\\(|sd\\(|latent_icc|median_odds_ratio|lr_p_value)")" \
        "coefficients=$(table "$m.csv" "term=term;estimate=log odds:%.3f;se=se:%.3f;odds_ratio=odds ratio:%.3f;or_ci_low,or_ci_high=95% interval (odds ratio):%.3f;p_value=p:%.2g" "kind=coef")"
}

# --- 9.4 ----------------------------------------------------------------------
study_report_cards() {
    study_prose 9.4.head
    if [ "$n_rc" -eq 0 ]; then
        rm -f "$CH"/12-report-card-areas.* "$CH"/13-area-agreement.* "$CH"/14-report-card-vs-previous.*
        study_prose 9.4.none "rows_written=$(count "$rows_written")"
        return
    fi
    r=$TAB/12-report-card-areas
    a=$TAB/13-area-agreement
    x=$TAB/14-report-card-vs-previous
    title=$(study_prose 9.4.areas.title)
    c=$(chart 12 stacked "$r.csv" 12-report-card-areas "$title" "$(study_prose 9.4.areas.note)" "" \
        --size "$(chart_size "$r.csv" group)")
    study_prose 9.4.areas "chart=$c" "n_rc=$(count "$n_rc")" \
        "n_areas=$(wc -w <"$r.areas" | tr -d ' ')" \
        "sg_not=$(pct "$r.csv" "Safeguarding standards" "Not met" 2>/dev/null || echo NA)" \
        "pivot=$(pivot "$r.csv" area)"

    rc_raters=$(coef "$a.csv" "Same grade" percent_agreement raters %.0f)
    c=$(chart 13 agreement "$a.csv" 13-area-agreement "$(study_prose 9.4.agreement.title)" \
        "$(study_prose 9.4.agreement.note "rc_raters=$rc_raters")")
    study_prose 9.4.agreement "chart=$c" "rc_raters=$rc_raters" \
        "rc_units=$(count "$(coef "$a.csv" "Same grade" percent_agreement units %.0f)")" \
        "rc_same_pct=$(fmt %.1f "$(coef "$a.csv" "Same grade" percent_agreement estimate %.3f)" pct)" \
        "rc_ac2=$(coef "$a.csv" "Near grades" gwet_ac estimate %.2f)" \
        "rc_ac2_lo=$(coef "$a.csv" "Near grades" gwet_ac ci_low %.2f)" \
        "rc_ac2_hi=$(coef "$a.csv" "Near grades" gwet_ac ci_high %.2f)" \
        "rc_alpha=$(coef "$a.csv" "Near grades" krippendorff_alpha estimate %.2f)" \
        "rc_alpha_lo=$(coef "$a.csv" "Near grades" krippendorff_alpha ci_low %.2f)" \
        "rc_alpha_hi=$(coef "$a.csv" "Near grades" krippendorff_alpha ci_high %.2f)" \
        "coefs=$(coefs "$a.csv" "grades counted as agreeing")"

    cross_name=$(setting cross_area | tr '_' ' ')
    c=$(chart 14 stacked "$x.csv" 14-report-card-vs-previous \
        "$(study_prose 9.4.previous.title "area=$cross_name")" "$(study_prose 9.4.previous.note)")
    study_prose 9.4.previous "chart=$c" "area=$cross_name" \
        "x_out_exc=$(pct "$x.csv" "Previously Outstanding" Exceptional 2>/dev/null || echo NA)" \
        "x_good_exp=$(pct "$x.csv" "Previously Good" "Expected standard" 2>/dev/null || echo NA)" \
        "pivot=$(pivot "$x.csv" "last overall effectiveness")"
}

# --- the commands and the sources ----------------------------------------------
study_commands() {
    if [ "$study_synthetic" = yes ]; then
        intro=$(study_prose 9.commands-synthetic)
    else
        intro=$(study_prose 9.commands-file)
    fi
    cmds=$(
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
    )
    study_prose 9.commands "intro=$intro" "commands=$cmds"
    if [ "$study_synthetic" = yes ]; then
        study_prose 9.sources-synthetic
    else
        study_prose 9.sources-file "mi_name=$mi_name" "sha=$sha"
    fi
}

# The chapter itself (report.sh calls it inside the block that writes
# REPORT.md, after section 8).
study_chapter() {
    n_rc=$(report_card_count "$TAB/09-frameworks.csv")
    study_file
    study_grades
    study_stability
    study_la
    study_report_cards
    study_commands
}
