#!/bin/sh
# report.sh — the charts and the report, from the tables plots/evidence.sh
# wrote (run by it, last; run from the repository root).
#
# Writes under $RESULTS:
#   charts/NN-name.svg and .png (with icstat chart's .gp and .dat beside
#              them), when this icstat has `icstat chart`; otherwise the
#              report says, in place of each chart, that it was not rendered
#   REPORT.md  for each chart: a heading, the chart, what it shows and does
#              not show, the table behind it, the exact commands and the
#              sources
#   REPORT.html the same page for a browser, with the SVGs inline so that
#              the file stands alone (plots/report_html.sh)
#   REPORT.pdf  that page to print, when Chromium is installed
#              (plots/report_pdf.sh)
# The words are plots/report.md.in's (and chapter 9's plots/study_report.md.in's);
# this script fills them in (fill, lib.sh): numbers read from the tables by
# column name, never typed in, the charts it renders, the tables and the
# commands.  Nothing depends on the date: a rerun gives the same bytes.
set -eu
ICSTAT=${ICSTAT:-bin/icstat}
RESULTS=${RESULTS:-results}
. plots/lib.sh

TAB=$RESULTS/tables
CH=$RESULTS/charts
PUB=datasets/published
SPEC=datasets/synthetic
REPORT=$RESULTS/REPORT.md
mkdir -p "$CH"

if "$ICSTAT" chart --help >/dev/null 2>&1; then
    charts=yes
    rm -f "$CH"/*.cmd "$CH"/*.notes
else
    charts=no
    echo "report: charts skipped: '$ICSTAT chart' is not available in this build of icstat;" \
        "the tables and the report are written without them" >&2
fi
version=$("$ICSTAT" --version)

# val FILE WHERE COLUMN FORMAT [pct]: one number from a table, formatted
# (pct: a share shown as a percent, as fmt's).
val() {
    fmt "$4" "$(csv_row "$1" "$2" "$3")" "${5:-}"
}

# prose BLOCK [NAME=VALUE]...: a block of plots/report.md.in filled in;
# every block may also use results, pub and spec.
prose() {
    _b=$1
    shift
    fill plots/report.md.in "$_b" "results=$RESULTS" "pub=$PUB" "spec=$SPEC" "$@"
}

# chart N KIND CSV NAME TITLE NOTE [SUBTITLE]: render charts/NAME.svg and
# .png and print the markdown that shows it (or says it is missing).  The
# command is logged in charts/NAME.cmd for the report.
# Options after SUBTITLE go to icstat chart as they are (--xlabel T, ...).
chart() {
    n=$1 kind=$2 csv=$3 name=$4 title=$5 cnote=$6 subtitle=${7:-}
    shift 6
    [ $# -gt 0 ] && shift
    if [ "$charts" = no ]; then
        prose chart.missing "n=$n"
        return
    fi
    # STYLE (make evidence STYLE=FILE): the user's gnuplot style on every
    # chart, passed as it is (icstat chart quotes it for gnuplot).
    if [ -n "${STYLE:-}" ]; then
        set -- --style "$STYLE" "$@"
    fi
    for ext in svg png; do
        if [ -n "$subtitle" ]; then
            run "$CH/$name.cmd" "$ICSTAT" chart "$kind" "$csv" -o "$CH/$name.$ext" --title "$title" \
                --note "$cnote" --subtitle "$subtitle" "$@"
        else
            run "$CH/$name.cmd" "$ICSTAT" chart "$kind" "$csv" -o "$CH/$name.$ext" --title "$title" \
                --note "$cnote" "$@"
        fi
    done
    prose chart.image "n=$n" "title=$title" "name=$name"
}

# commands TABLE [CHART]: the commands behind a section, as a code block;
# the chart's svg command (the png one differs only in -o).  TABLE may be
# several tables' names, separated by spaces.
commands() {
    echo '```sh'
    for _t in $1; do cat "$TAB/$_t.cmd"; done
    if [ "$charts" = yes ] && [ -n "${2:-}" ]; then
        head -n 1 "$CH/$2.cmd"
    fi
    echo '```'
}

# opt CMDFILE OPTION: the value given to OPTION in the first command of
# CMDFILE (so that the text states what was run).
opt() {
    awk -v o="$2" '/^#/ { next } { for (i = 1; i < NF; i++) if ($i == o) { print $(i + 1); exit } }' "$1"
}
# spec_value SPEC KEY: the value of KEY in datasets/synthetic/SPEC.spec
# (key = value lines; a comment after # and blanks removed).
spec_value() {
    awk -v k="$2" 'index($0, "=") {
            key = substr($0, 1, index($0, "=") - 1); v = substr($0, index($0, "=") + 1)
            gsub(/[ \t]+$/, "", key)
            if (key == k) { sub(/#.*/, "", v); gsub(/[ \t]/, "", v); print v; exit } }' "$SPEC/$1.spec"
}
boot_n=$(opt "$RESULTS/agreement/fleiss1971.cmd" --bootstrap)
boot_seed=$(opt "$RESULTS/agreement/fleiss1971.cmd" --seed)
power_reps=$(count "$(opt "$TAB/08-power.cmd" --reps)")
power_seed=$(opt "$TAB/08-power.cmd" --seed)
gnuplot_version=$(gnuplot --version 2>/dev/null || echo "not installed")
syn_note=$(prose syn_note)
. plots/study_report.sh
if [ "$study_synthetic" = yes ]; then
    study_source=$(prose head.source-synthetic "mi_name=$mi_name_cell")
    study_contents=$(prose head.contents-synthetic)
    study_seed=$(prose head.seed-synthetic "seed=$(spec_value ofsted_mi seed)")
else
    study_seed=""
    study_source=$(prose head.source-file "mi_name=$mi_name_cell" "sha=$sha")
    study_contents=$(prose head.contents-file "mi_name=$mi_name")
fi
if [ "$charts" = yes ]; then
    charts_used=$(prose head.charts "gnuplot_version=$gnuplot_version")
else
    charts_used=$(prose head.no-charts)
fi

# --- Head ------------------------------------------------------------------
head_text() {
    prose head "version=$version" "seed_bokhove=$(spec_value bokhove_primary seed)" \
        "seed_sequential=$(spec_value sequential_bias seed)" "study_seed=$study_seed" \
        "boot_seed=$boot_seed" "power_seed=$power_seed" "charts=$charts_used" \
        "study_source=$study_source" "study_contents=$study_contents"
}

# --- 1. Gender ---------------------------------------------------------------
section_1() {
    t=$TAB/01-grades-by-gender
    pub=$PUB/bokhove2023_primary_by_gender.csv
    m_rii=$(csv_row "$pub" "group=male;category=requires_improvement_or_inadequate" percent)
    f_rii=$(csv_row "$pub" "group=female;category=requires_improvement_or_inadequate" percent)
    m_i=$(csv_row "$pub" "group=male;category=inadequate" percent)
    f_i=$(csv_row "$pub" "group=female;category=inadequate" percent)
    m_ri=$(csv_row "$t.csv" "group=male (published);category=Requires improvement" percent)
    f_ri=$(csv_row "$t.csv" "group=female (published);category=Requires improvement" percent)
    # the published shares add to this (not 100) by rounding (describe
    # --proportions --sum, evidence.sh)
    f_sum=$(val "$t.published.csv" "group=female;label=published_total" percent %.1f)
    s_m_n=$(count "$(csv_row "$t.csv" "group=male (synthetic);category=Good" total)")
    s_f_n=$(count "$(csv_row "$t.csv" "group=female (synthetic);category=Good" total)")
    # describe's own share of the two grades joined (evidence.sh)
    s_m_rii=$(val "$t.joined.csv" "group=male;category=Requires improvement+Inadequate" percent %.1f)
    s_f_rii=$(val "$t.joined.csv" "group=female;category=Requires improvement+Inadequate" percent %.1f)
    title=$(prose 1.title)
    c=$(chart 1 stacked "$t.csv" 01-grades-by-gender "$title" "$(prose 1.note "syn_note=$syn_note")")
    prose 1 "title=$title" "chart=$c" "s_m_n=$s_m_n" "s_f_n=$s_f_n" "f_rii=$f_rii" "m_rii=$m_rii" \
        "s_f_rii=$s_f_rii" "s_m_rii=$s_m_rii" "m_i=$m_i" "m_ri=$m_ri" "f_i=$f_i" "f_ri=$f_ri" \
        "f_sum=$f_sum" "published=$pub" \
        "table=$(table "$t.csv" "group=lead inspector;category=grade;n=n:%.0f;total=inspections:%.0f;percent=percent:%.1f;ci_low,ci_high=95% interval:%.1f;deff=design effect:%.2f")" \
        "commands=$(commands 01-grades-by-gender 01-grades-by-gender)"
}

# --- 2. Role -----------------------------------------------------------------
section_2() {
    t=$TAB/02-grades-by-role
    role_pub=$PUB/bokhove2023_primary_by_role.csv
    p_hmi=$(csv_row "$role_pub" "group=HMI;category=good" percent)
    p_oi=$(csv_row "$role_pub" "group=OI;category=good" percent)
    s_hmi=$(val "$t.csv" "group=HMI;category=Good" percent %.1f)
    s_oi=$(val "$t.csv" "group=OI;category=Good" percent %.1f)
    s_hmi_i=$(val "$t.csv" "group=HMI;category=Inadequate" percent %.1f)
    s_oi_i=$(val "$t.csv" "group=OI;category=Inadequate" percent %.1f)
    oi_share=$(csv_row "$PUB/bokhove2023_oi_share.csv" "phase=primary;inspection_type=full" percent_led_by_oi)
    title=$(prose 2.title)
    c=$(chart 2 stacked "$t.csv" 02-grades-by-role "$title" \
        "$(prose 2.note "syn_note=$syn_note" "p_hmi=$p_hmi" "p_oi=$p_oi")")
    prose 2 "title=$title" "chart=$c" "p_hmi=$p_hmi" "p_oi=$p_oi" "s_hmi=$s_hmi" "s_oi=$s_oi" \
        "s_hmi_i=$s_hmi_i" "s_oi_i=$s_oi_i" "oi_share=$oi_share" "published=$role_pub" \
        "table=$(table "$t.csv" "group=lead inspector;category=grade;n=n:%.0f;total=inspections:%.0f;percent=percent:%.1f;ci_low,ci_high=95% interval:%.1f;deff=design effect:%.2f")" \
        "published_table=$(cat "$t.published.md")" \
        "commands=$(commands 02-grades-by-role 02-grades-by-role)"
}

# --- 3. Forest -----------------------------------------------------------------
section_3() {
    t=$TAB/03-inspector-model
    # fit's own odds ratios (its columns odds_ratio, or_ci_low, or_ci_high)
    or_f=$(val "$t.csv" "kind=coef;term=gender=female" odds_ratio %.2f)
    or_f_lo=$(val "$t.csv" "kind=coef;term=gender=female" or_ci_low %.2f)
    or_f_hi=$(val "$t.csv" "kind=coef;term=gender=female" or_ci_high %.2f)
    or_h=$(val "$t.csv" "kind=coef;term=role=HMI" odds_ratio %.2f)
    or_h_lo=$(val "$t.csv" "kind=coef;term=role=HMI" or_ci_low %.2f)
    or_h_hi=$(val "$t.csv" "kind=coef;term=role=HMI" or_ci_high %.2f)
    # what the SYNTHETIC data were drawn with (simulate --truth: the spec's
    # odds ratios, one per grade boundary for women)
    truth=$RESULTS/synthetic/bokhove_primary_truth.csv
    true_h=$(val "$truth" "term=role=HMI" odds_ratio %.2f)
    true_f=$(csv_list "$truth" "term=gender=female" odds_ratio %.2f)
    title=$(prose 3.title)
    c=$(chart 3 forest "$t.csv" 03-inspector-model "$title" "$(prose 3.note "syn_note=$syn_note")")
    prose 3 "title=$title" "chart=$c" "or_f=$or_f" "or_f_lo=$or_f_lo" "or_f_hi=$or_f_hi" \
        "or_h=$or_h" "or_h_lo=$or_h_lo" "or_h_hi=$or_h_hi" "true_h=$true_h" "true_f=$true_f" \
        "table=$(table "$t.csv" "term=term;estimate=log odds:%.3f;se=se:%.3f;odds_ratio=odds ratio:%.3f;or_ci_low,or_ci_high=95% interval (odds ratio):%.3f;p_value=p:%.2g" "kind=coef")" \
        "commands=$(commands 03-inspector-model 03-inspector-model)"
}

# --- 4. Caterpillar ------------------------------------------------------------
section_4() {
    t=$TAB/04-inspector-effects
    m=$TAB/03-inspector-model.csv
    # the headline: how often another inspector would change the grade of
    # the same inspection, fit's inspector_change (1 - inspector_agreement)
    ins="kind=derived;term=inspector_change"
    change=$(val "$m" "$ins" estimate %.1f pct)
    change_lo=$(val "$m" "$ins" ci_low %.1f pct)
    change_hi=$(val "$m" "$ins" ci_high %.1f pct)
    ia_pct=$(val "$m" "kind=derived;term=inspector_agreement" estimate %.1f pct)
    inkappa=$(val "$m" "kind=derived;term=inspector_kappa" estimate %.3f)
    # the upper bound: two independent inspections, 1 - implied agreement
    differ=$(val "$m" "kind=derived;term=implied_change" estimate %.1f pct)
    impl_pct=$(val "$m" "kind=derived;term=implied_agreement" estimate %.1f pct)
    ikappa=$(val "$m" "kind=derived;term=implied_kappa" estimate %.3f)
    sd=$(val "$m" "kind=random;term=sd(inspector)" estimate %.2f)
    sd_true=$(spec_value bokhove_primary inspector_sd)
    mor=$(val "$m" "kind=derived;term=median_odds_ratio" estimate %.2f)
    icc=$(val "$m" "kind=derived;term=latent_icc" estimate %.1f pct)
    ngroups=$(count "$(csv_row "$m" "kind=fit;term=groups" estimate)")
    # inspections per inspector, on average, and the inspectors whose
    # interval (the effects table's) excludes 0: fit's own rows
    mean_n=$(val "$m" "kind=fit;term=mean_per_group" estimate %.0f)
    nclear=$(val "$m" "kind=fit;term=groups_excluding_zero" estimate %.0f)
    subtitle=$(prose 4.subtitle "change=$change" "change_lo=$change_lo" "change_hi=$change_hi")
    title=$(prose 4.title)
    c=$(chart 4 caterpillar "$t.csv" 04-inspector-effects "$title" \
        "$(prose 4.note "syn_note=$syn_note")" "$subtitle")
    prose 4 "title=$title" "subtitle=$subtitle" "chart=$c" "ngroups=$ngroups" "sd=$sd" \
        "sd_true=$sd_true" "mor=$mor" "icc=$icc" "ia_pct=$ia_pct" "differ=$differ" "ikappa=$ikappa" \
        "change=$change" "change_lo=$change_lo" "change_hi=$change_hi" "inkappa=$inkappa" \
        "impl_pct=$impl_pct" \
        "mean_n=$mean_n" "nclear=$nclear" \
        "summary=$(table "$m" "term=statistic;estimate=estimate:%.4f;ci_low,ci_high=95% interval:%.4f" \
            "kind~^(random|derived)$;term~^(sd\\(|latent_icc|median_odds_ratio|lr_p_value|inspector_|implied_)")" \
        "table=$(cat "$t.md")" \
        "commands=$(commands 04-inspector-effects 04-inspector-effects)"
}

# --- 5. Agreement ----------------------------------------------------------------
section_5() {
    t=$TAB/05-agreement
    o=$TAB/05-agreement.ofsted2017.csv
    w="label=inspectors_agreed_on_decision"
    agreed=$(csv_row "$o" "$w" count)
    schools=$(csv_row "$o" "$w" total)
    o_pct=$(val "$o" "$w" percent %.1f)
    o_lo=$(val "$o" "$w" ci_low %.1f)
    o_hi=$(val "$o" "$w" ci_high %.1f)
    # Every 2 x 2 table with this many agreements: the range of Cohen's
    # kappa (agree --kappa-range, evidence.sh).
    kappa_range="$(val "$t.kappa-range.csv" coefficient=cohen_kappa_min estimate %.2f) to $(val "$t.kappa-range.csv" coefficient=cohen_kappa_max estimate %.2f)"
    title=$(prose 5.title)
    # The data sets carry different kinds of 95% interval, so the chart is
    # told which rather than inferring one level from a mixture.
    # Eleven rows in three panels: a taller canvas at the usual text size,
    # so that the rows' figures do not crowd one another.
    c=$(chart 5 agreement "$t.csv" 05-agreement "$title" \
        "$(prose 5.note "agreed=$agreed" "schools=$schools")" "$(prose 5.subtitle)" \
        --size 900x700 --scale 1)
    prose 5 "title=$title" "chart=$c" "agreed=$agreed" "schools=$schools" "o_pct=$o_pct" \
        "o_lo=$o_lo" "o_hi=$o_hi" "boot_n=$(count "$boot_n")" "kappa_range=$kappa_range" \
        "table=$(cat "$t.md")" "commands=$(commands 05-agreement 05-agreement)"
}

# --- 6. Surveys -------------------------------------------------------------------
section_6() {
    t=$TAB/06-surveys
    title=$(prose 6.title)
    c=$(chart 6 proportions "$t.csv" 06-surveys "$title" "$(prose 6.note)")
    prose 6 "title=$title" "chart=$c" "table=$(cat "$t.md")" "commands=$(commands 06-surveys 06-surveys)"
}

# --- 7. Sequential bias -----------------------------------------------------------
section_7() {
    t=$TAB/07-sequential-bias
    w="kind=coef;term=previous=Inadequate"
    red=$(csv_row "$PUB/bokhove2024_sequential_bias.csv" "phase=primary;previous_judgement=inadequate" odds_reduction_percent)
    # (quoted as published: a reduction of the odds, in percent)
    # what the SYNTHETIC data were drawn with (simulate --truth)
    truth=$RESULTS/synthetic/sequential_bias_truth.csv
    true_prev=$(csv_row "$truth" "term=previous=Inadequate" log_odds_ratio)
    true_or=$(val "$truth" "term=previous=Inadequate" odds_ratio %.2f)
    s_or=$(val "$t.csv" "$w" odds_ratio %.2f)
    s_lo=$(val "$t.csv" "$w" or_ci_low %.2f)
    s_hi=$(val "$t.csv" "$w" or_ci_high %.2f)
    title=$(prose 7.title)
    c=$(chart 7 forest "$t.csv" 07-sequential-bias "$title" "$(prose 7.note)")
    prose 7 "title=$title" "chart=$c" "red=$red" "true_prev=$true_prev" \
        "true_or=$true_or" "s_or=$s_or" "s_lo=$s_lo" "s_hi=$s_hi" \
        "table=$(cat "$t.md")" "commands=$(commands 07-sequential-bias 07-sequential-bias)"
}

# --- 8. Power ----------------------------------------------------------------------
section_8() {
    t=$TAB/08-power
    o=$TAB/08-power-ofsted2017
    h=$TAB/08-power-needed
    o17=$TAB/05-agreement.ofsted2017.csv
    agreed=$(csv_row "$o17" "label=inspectors_agreed_on_decision" count)
    schools=$(csv_row "$o17" "label=inspectors_agreed_on_decision" total)
    implied="design=grades, as the model implies"
    # the grade shares the grades designs were given (describe's percents)
    probs=$(csv_list "$t.shares.csv" "" percent %.1f%%)
    ikappa8=$(val "$h.csv" "$implied" kappa %.2f)
    k24=$(val "$t.csv" "n=$schools;coefficient=cohen_kappa" mean_half_width %.2f)
    need_implied=$(csv_row "$h.csv" "$implied" cohen_kappa)
    need_04=$(csv_row "$h.csv" "design=grades, if kappa were 0.4" cohen_kappa)
    need_06=$(csv_row "$h.csv" "design=grades, if kappa were 0.6" cohen_kappa)
    need_of=$(csv_row "$h.csv" "design=Ofsted (2017) keep/convert decision" cohen_kappa)
    of_pa=$(val "$o.csv" "n=$schools;coefficient=percent_agreement" mean_half_width %.2f)
    of_k=$(val "$o.csv" "n=$schools;coefficient=cohen_kappa" mean_half_width %.2f)
    of_ks=$(val "$o.csv" "n=$schools;coefficient=cohen_kappa" sampling_half_width %.2f)
    of_cov=$(val "$o.csv" "n=$schools;coefficient=cohen_kappa" coverage %.0f pct)
    agreement=$(val "$t.csv" "n=$schools;coefficient=percent_agreement" population_value %.4f)
    of_k0=$(val "$o.csv" "n=$schools;coefficient=cohen_kappa" population_value %.2f)
    c=$(chart 8 power "$o.csv" 08-power "$(prose 8.chart-title)" \
        "$(prose 8.note "power_reps=$power_reps" "agreed=$agreed" "schools=$schools")")
    prose 8 "title=$(prose 8.title)" "chart=$c" "schools=$schools" "power_reps=$power_reps" \
        "agreed=$agreed" "of_pa=$of_pa" "of_k0=$of_k0" "of_k=$of_k" "of_ks=$of_ks" \
        "of_cov=$of_cov" "need_of=$need_of" "probs=$probs" "agreement=$agreement" \
        "ikappa8=$ikappa8" "k24=$k24" "need_implied=$need_implied" "need_04=$need_04" \
        "need_06=$need_06" "ofsted_table=$(cat "$o.md")" "needed_table=$(cat "$h.md")" \
        "table=$(cat "$t.md")" \
        "commands=$(commands "08-power 08-power-ofsted2017 08-power-needed" 08-power)"
}

{
    head_text
    section_1
    section_2
    section_3
    section_4
    section_5
    section_6
    section_7
    section_8
    study_chapter
} >"$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
echo "report: $REPORT"

sh plots/report_html.sh "$RESULTS" "$REPORT" "$RESULTS/REPORT.html"
echo "report: $RESULTS/REPORT.html"
sh plots/report_pdf.sh "$RESULTS/REPORT.html" "$RESULTS/REPORT.pdf"
[ -s "$RESULTS/REPORT.pdf" ] && echo "report: $RESULTS/REPORT.pdf"
