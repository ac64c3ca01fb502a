#!/bin/sh
# CLI tests for `icstat chart`: every kind renders from the csv of the
# command it charts (svg; png and pdf too for one kind); OUT, OUT.gp and
# OUT.dat are there and not empty; a second run gives the same bytes;
# `gnuplot OUT.gp` in OUT's folder draws OUT again, byte for byte (a pdf's
# date aside, as the script says); bad input fails with exit status 2, the
# exact message and no image; usage errors exit 1; without gnuplot, OUT.gp
# and OUT.dat are still written and the message says how to install it.
# Run from the repository root: ICSTAT=bin/icstat sh tests/chart/run.sh
set -u
NAME=chart
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
FIX=$ROOT/tests/fixtures

# nothing FILE... : none of the files (nor a temporary beside them) exists.
nothing() {
    for f in "$@"; do
        if ls "$f" "$f".tmp* >/dev/null 2>&1; then bad "left $f behind"; else ok; fi
    done
}

# The inputs: the csv of each command, made here.
G="Outstanding,Good,Requires improvement,Inadequate"
REF=$ROOT/datasets/reference
PUB=$ROOT/datasets/published
"$ICSTAT" describe --outcome grade --by gender --categories "$G" --format csv \
    "$FIX/describe_inspections.csv" >describe.csv 2>/dev/null &&
"$ICSTAT" fit --outcome grade --categories "$G" --terms phase --group inspector --format csv \
    --effects effects.csv "$FIX/fit_inspections.csv" >fit.csv 2>/dev/null &&
"$ICSTAT" agree --format csv "$REF/fleiss1971_diagnoses.csv" >agree.csv &&
"$ICSTAT" agree --table --format csv "$FIX/agree_two.csv" >table.csv &&
"$ICSTAT" describe --proportions --format csv "$PUB/naht2025_surveys.csv" >proportions.csv \
    2>/dev/null &&
"$ICSTAT" power agree --probs 0.1,0.6,0.25,0.05 --agreement 0.6 --n 24,50,100 --reps 100 \
    --format csv >power_agree.csv &&
"$ICSTAT" power fit --odds-ratio 0.7 --share 0.5 --inspections 300,600 --inspectors 30,60 \
    --reps 10 --format csv >power_fit.csv 2>/dev/null &&
"$ICSTAT" fit --outcome grade --categories "$G" --terms gender,phase --margins gender --format csv \
    "$FIX/describe_inspections.csv" >margins.csv 2>/dev/null &&
"$ICSTAT" fit --outcome grade --categories "$G" --terms gender,phase,gender:phase \
    --margins gender:phase --format csv "$FIX/describe_inspections.csv" >margins2.csv 2>/dev/null &&
"$ICSTAT" describe --outcome grade --by gender --categories "$G" --compare --format csv \
    "$FIX/describe_inspections.csv" >compare.csv 2>/dev/null &&
"$ICSTAT" describe --outcome grade --by-period academic-year --date date --categories "$G" \
    --format csv "$FIX/fit_inspections.csv" >trend.csv 2>/dev/null ||
    { echo "chart: could not make the inputs"; exit 1; }

mkdir charts first fakebin nobin

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "chart: gnuplot is not installed, so charts are not drawn: only failures are checked" \
         "(Debian: apt-get install gnuplot-nox)"
    HAVE_GNUPLOT=0
else
    HAVE_GNUPLOT=1
fi

# render KIND INPUT EXT [options]: draws charts/KIND.EXT, then checks the
# three files, a second run's bytes and gnuplot's own re-rendering.
render() {
    kind=$1 input=$2 ext=$3
    shift 3
    out=charts/$kind.$ext
    run 0 "" chart "$kind" "$input" -o "$out" "$@"
    for f in "$out" "charts/$kind.gp" "charts/$kind.dat"; do
        [ -s "$f" ] && ok || bad "$kind $ext: $f missing or empty"
        cp "$f" first/ 2>/dev/null
    done
    run 0 "" chart "$kind" "$input" -o "$out" "$@"
    for f in "$out" "charts/$kind.gp" "charts/$kind.dat"; do
        cmp -s "$f" "first/${f#charts/}" && ok || bad "$kind $ext: a second run changed $f"
    done
    # As the script's header says: run gnuplot in the folder that holds it.
    # One script for every format: FORMAT picks it (the default is the last drawn).
    (cd charts && gnuplot -e "FORMAT='$ext'" "$kind.gp") 2>gnuplot.err
    [ $? -eq 0 ] && [ ! -s gnuplot.err ] && ok || bad "$kind $ext: gnuplot $kind.gp: $(cat gnuplot.err)"
    if [ "$ext" = pdf ]; then
        # cairo dates the pdf; icstat blanks that date, a re-render has it.
        for f in "$out" "first/$kind.$ext"; do
            LC_ALL=C sed -e 's#/CreationDate ([^)]*)##' -e 's# *$##' "$f" >"$f.nodate"
        done
        cmp -s "$out.nodate" "first/$kind.$ext.nodate" && ok ||
            bad "$kind pdf: gnuplot's re-rendering differs beyond the date"
        LC_ALL=C grep -q "CreationDate" "first/$kind.$ext" && bad "$kind pdf: still dated" || ok
    else
        cmp -s "$out" "first/$kind.$ext" && ok || bad "$kind $ext: gnuplot's re-rendering differs"
    fi
}

if [ $HAVE_GNUPLOT = 1 ]; then
    render stacked describe.csv svg --labels "F=female,M=male"
    render forest fit.csv svg
    render caterpillar effects.csv svg
    render agreement agree.csv svg
    render heatmap table.csv svg --labels ofsted
    render proportions proportions.csv svg
    render power power_agree.csv svg
    mv charts/power.svg charts/power_agree.svg
    render power power_fit.csv svg
    render margins margins.csv svg --labels "F=female,M=male"
    for f in svg gp dat; do mv "charts/margins.$f" "charts/margins1.$f"; done
    render margins margins2.csv svg
    render compare compare.csv svg --labels "F=female,M=male"
    render trend trend.csv svg
    render compare compare.csv png
    render trend trend.csv pdf
    render forest fit.csv png
    render forest fit.csv pdf
    head -c 8 charts/forest.png | od -An -c | grep -q "P   N   G" && ok || bad "forest.png is not a png"
    head -c 5 charts/forest.pdf | grep -q "%PDF-" && ok || bad "forest.pdf is not a pdf"

    # What the charts say: names, not codes; n; the level; the source.
    has() { grep -q -- "$2" "$1" && ok || bad "$1 does not contain '$2'"; }
    has charts/stacked.svg "female (n"
    has charts/stacked.svg "Requires improvement"
    has charts/stacked.svg "Source: icstat describe output in describe.csv"
    has charts/stacked.gp 'COLOUR_1 = "#0072B2"   # Outstanding'
    has charts/stacked.gp 'TITLE = "Percent in each category, by group"'
    has charts/stacked.gp "gnuplot stacked.gp"
    has charts/stacked.gp "icstat chart stacked describe.csv -o charts/stacked.svg --labels F=female,M=male"
    has charts/forest.svg "Secondary vs Primary"
    has charts/forest.svg "Odds ratios with 95% intervals"
    has charts/forest.svg "towards 'Inadequate'"
    has charts/caterpillar.svg "each with its 95% interval"
    # Words of two scales in one stacked chart (report-card areas and
    # safeguarding): scale by scale, each from blue to vermillion on its own.
    printf 'group,category,n,total,percent\nS,Not met,1,2,50\nS,Met,1,2,50\nS,Exceptional,0,2,0\nS,Urgent improvement,0,2,0\nA,Exceptional,1,2,50\nA,Urgent improvement,1,2,50\nA,Met,0,2,0\nA,Not met,0,2,0\n' >two_scales.csv
    run 0 "" chart stacked two_scales.csv -o charts/two_scales.svg
    got=$(sed -n 's/^COLOUR_[0-9] = "\(#[0-9A-F]*\)"   # \(.*\)$/\2=\1/p' charts/two_scales.gp | tr '\n' ';')
    [ "$got" = "Met=#0072B2;Not met=#D55E00;Exceptional=#0072B2;Urgent improvement=#D55E00;" ] && ok ||
        bad "two scales in one stacked chart: colours $got"
    # --nouns: what the groups and rows are, in the facts and the x axis
    run 0 "" chart caterpillar effects.csv -o charts/nouns.svg --nouns "local authorities,schools"
    has charts/nouns.svg "local authorities ("
    has charts/nouns.svg "Local authorities, sorted by their effect"
    run 1 "icstat chart: --nouns takes GROUPS,ROWS, two plural nouns, like \"local authorities,schools\" (got 'schools')" \
        chart caterpillar effects.csv -o charts/nouns.svg --nouns schools
    # A few groups are named under their intervals, slanted, in the order
    # of their effect (not numbered); with --xlabel, or 31 groups, numbered.
    printf 'group,n,effect,se,ci_low,ci_high,rank\nShropshire,50,0.4,0.1,0.2,0.6,5\nBirmingham,400,-0.4,0.1,-0.6,-0.2,1\n"Bristol, City of",80,0.1,0.2,-0.3,0.5,3\nTop 10%% area,30,0,0.2,-0.4,0.4,2\nSandwell,90,0.2,0.2,-0.2,0.6,4\n' >las.csv
    run 0 "" chart caterpillar las.csv -o charts/las.svg --nouns "local authorities,schools"
    has charts/las.gp '^set xtics rotate by 45 right scale 0.5 font FONT.sprintf([^)]*) ("Birmingham" 1, "Top 10%% area" 2, "Bristol, City of" 3, "Sandwell" 4, "Shropshire" 5)$'
    has charts/las.svg "Shropshire"
    grep -q "sorted by their effect" charts/las.svg && bad "named groups: the numbered axis's title is still there" || ok
    run 0 "" chart caterpillar las.csv -o charts/las_x.svg --xlabel "Authorities"
    grep -q '^set xtics rotate' charts/las_x.gp && bad "--xlabel: the groups are still named" || ok
    awk 'BEGIN { print "group,n,effect,se,ci_low,ci_high,rank"
                 for (i = 1; i <= 31; i++) printf "LA %d,30,%g,0.2,%g,%g,%d\n", i, i / 100, i / 100 - 0.4, i / 100 + 0.4, i }' >las31.csv
    run 0 "" chart caterpillar las31.csv -o charts/las31.svg
    grep -q '^set xtics rotate' charts/las31.gp && bad "31 groups: named" || ok
    # Many inspectors: room at either end, so the first and last intervals
    # clear the axes (1% of 400 is 4 positions).
    awk 'BEGIN { print "group,n,effect,se,ci_low,ci_high,rank"
                 for (i = 1; i <= 400; i++) { e = (i - 200) / 400
                     printf "I%d,30,%g,0.2,%g,%g,%d\n", i, e, e - 0.4, e + 0.4, i } }' >many.csv
    run 0 "" chart caterpillar many.csv -o charts/many.svg
    has charts/many.gp "^set xrange \[-3:404\]$"
    has charts/agreement.svg "Fleiss' kappa"
    has charts/agreement.svg "Almost perfect"
    has charts/heatmap.svg "Requires improvement"
    has charts/proportions.svg "Sep2025 snap poll strongly opposed"
    has charts/proportions.svg "95% Wilson intervals"
    has charts/power_agree.svg "Cohen's kappa"
    has charts/power.svg "80% power"
    has charts/power.svg "30 inspectors"
    # margins: percents of fit's probabilities, grouped by category (in
    # Ofsted's order), each level named by --labels; an interaction's
    # levels by their parts.
    has charts/margins1.svg "Predicted percent in each category, by level"
    has charts/margins1.svg ">female<"
    has charts/margins1.svg "with 95% intervals"
    awk -F, 'NR > 1 { printf "%.10g\n", 100 * $3 }' margins.csv | sort >want_m
    awk -F'\t' '!/^#/ && NF { print $3 }' charts/margins1.dat | sort >got_m
    cmp -s got_m want_m && ok || bad "margins .dat percents: $(tr '\n' ' ' <got_m)"
    [ "$(sed -n 's/^# category [0-9]*: //p' charts/margins1.dat | tr '\n' '|')" = "Outstanding|Good|Requires improvement|Inadequate|" ] &&
        ok || bad "margins: categories out of order"
    # --margins-tails: "Requires improvement or Inadequate" after the
    # categories, in dark grey; the tails do not count in a level's sum.
    "$ICSTAT" fit --outcome grade --categories "$G" --terms gender,phase --margins gender \
        --margins-tails --format csv "$FIX/describe_inspections.csv" >margins_tails.csv 2>/dev/null
    run 0 "" chart margins margins_tails.csv -o charts/margins_tails.svg
    has charts/margins_tails.svg "Requires improvement or Inadequate"
    has charts/margins_tails.gp 'set label "Good, Requires improvement or\\nInadequate" at screen'
    # Each category's name beside its levels (issue 17: at 600x400 a third
    # of the rows were headings, the text too small to read): 12 rows.
    has charts/margins_tails.gp "set yrange \[0.4:12.6\]"
    [ "$(sed -n 's/^# category [0-9]*: //p' charts/margins_tails.dat | tr '\n' '|')" = "Outstanding|Good|Requires improvement|Inadequate|Good+Requires improvement+Inadequate|Requires improvement+Inadequate|" ] &&
        ok || bad "margins with tails: blocks out of order"
    has charts/margins_tails.gp 'COLOUR_6 = "#333333"   # Requires improvement+Inadequate'
    has charts/margins.svg "F, Primary"
    has charts/margins.svg "M, Secondary"
    # compare: "male vs female", both measures, the test in the subtitle,
    # the line of no difference at 0 and at 1.
    has charts/compare.svg "male vs female"
    has charts/compare.svg "Difference (percentage points)"
    has charts/compare.svg "Risk ratio (log scale)"
    has charts/compare.svg "chi-square 1.90, df 3, p = 0.59"
    awk -F, '$1 == "difference" { printf "%.10g\n", $5 }' compare.csv >want_d
    awk -F'\t' '!/^#/ && NF > 3 { print $3 }' charts/compare.dat >got_d
    cmp -s got_d want_d && ok || bad "compare .dat differences: $(tr '\n' ' ' <got_d)"
    awk -F, '$1 == "risk_ratio" { printf "%.10g\n", $5 }' compare.csv >want_r
    awk -F'\t' '!/^#/ && NF > 3 { print $6 }' charts/compare.dat >got_r
    cmp -s got_r want_r && ok || bad "compare .dat risk ratios: $(tr '\n' ' ' <got_r)"
    grep -q "^# no difference at 0," charts/compare.dat && grep -q "^# no difference at 1," \
        charts/compare.dat && ok || bad "compare: no line of no difference"
    # trend: the periods in time order, each with its n.
    has charts/trend.svg "2019/20"
    has charts/trend.svg "Percent in each category, period by period"
    awk -F'\t' '!/^#/ && NF { print $1 }' charts/trend.dat | awk '!seen[$0]++' >got_p
    LC_ALL=C sort got_p >want_p
    cmp -s got_p want_p && [ -s got_p ] && ok || bad "trend: periods out of order: $(tr '\n' ' ' <got_p)"
    tot=$(awk -F, 'NR == 2 { print $4 }' trend.csv)
    NBSP=$(printf '\302\240')
    has charts/trend.svg "n$NBSP=$NBSP$(printf '%s' "$tot" | sed 's/\(.\)\(...\)$/\1,\2/')"
    # Published figures (issue 17): a base of at least 1,400, none at all.
    printf 'label,percent,total\nNAHT: oppose,91%%,"1,400+"\nASCL: complaints upheld,17%%,\n' >published_figs.csv
    "$ICSTAT" describe --proportions --format csv published_figs.csv >published_p.csv 2>/dev/null
    render proportions published_p.csv svg
    has charts/proportions.svg "n$NBSP≥${NBSP}1,400"
    has charts/proportions.svg "base not published"
    sed -n 's/\\n/ /g; s/^SUBTITLE = //p' charts/proportions.gp | grep -q "n ≥: at least that base, the interval the widest it can be; no interval where no base was published" &&
        ok || bad "proportions: the subtitle does not say what n ≥ and a missing interval mean"
    awk -F'\t' '/ASCL/ { print $4 "|" $5 }' charts/proportions.dat >got_na
    [ "$(cat got_na)" = "NA|NA" ] && ok || bad "proportions: an interval where no base: $(cat got_na)"
    # forest names the comparison: fit's reference rows.
    "$ICSTAT" fit --outcome grade --categories "$G" --terms gender,phase --format csv \
        "$FIX/describe_inspections.csv" >fit_ref.csv 2>/dev/null
    grep -qx "reference,gender=F,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA" fit_ref.csv && ok || bad "fit csv: no reference row for gender"
    run 0 "" chart forest fit_ref.csv -o charts/forest_ref.svg --labels "F=female,M=male"
    has charts/forest_ref.svg "male vs female"
    has charts/forest_ref.svg "Secondary vs Primary"
    grep -q "Gender: M" charts/forest_ref.svg && bad "forest: 'Gender: M' with a reference row" || ok
    # caterpillar in odds ratios: a log axis, the line at 1.
    has charts/caterpillar.gp "^set logscale y$"
    has charts/caterpillar.gp "first 1 nohead"
    has charts/caterpillar.svg "Odds ratio (log scale)"
    has charts/caterpillar.svg "Interval above 1"
    # The data behind the forest plot: odds ratios exp(estimate).
    awk -F'\t' '!/^#/ { print $3 }' charts/forest.dat >got_or
    awk -F, '$1 == "coef" { printf "%.10g\n", exp($3) }' fit.csv >want_or
    cmp -s got_or want_or && ok || bad "forest .dat odds ratios: $(cat got_or) vs $(cat want_or)"
    if grep -qi "date\|[0-9][0-9]:[0-9][0-9]:[0-9][0-9]" charts/*.svg; then
        bad "an svg carries a date or time"
    else
        ok
    fi

    # Published figures without n or intervals; several data sets in one
    # agreement chart; a coefficient that is not defined.
    {
        echo "group,category,n,total,percent,ci_low,ci_high,conf"
        echo "published,Outstanding,NA,NA,8.2,NA,NA,NA"
        echo "published,Good,NA,NA,58.7,NA,NA,NA"
        echo "published,Requires improvement,NA,NA,28.6,NA,NA,NA"
        echo "published,Inadequate,NA,NA,4.5,NA,NA,NA"
        tail -n +2 describe.csv
    } >published.csv
    run 0 "" chart stacked published.csv -o charts/published.svg
    has charts/published.svg ">published<"
    has charts/published.svg "4.5%"
    # A segment too narrow for its label inside: the last one's goes past
    # the bar's end, the others' above the bar, unless two would collide.
    {
        echo "group,category,n,total,percent,ci_low,ci_high"
        echo "narrow,Outstanding,NA,NA,3.1,NA,NA"
        echo "narrow,Good,NA,NA,1.2,NA,NA"
        echo "narrow,Requires improvement,NA,NA,92.5,NA,NA"
        echo "narrow,Inadequate,NA,NA,3.2,NA,NA"
    } >narrow.csv
    run 0 "" chart stacked narrow.csv -o charts/narrow.svg
    awk -F'\t' '!/^#/ && NF { print $10 "|" $11 "|" $12 }' charts/narrow.dat >got_narrow
    printf '||3.1%%\n||\n92.5%%||\n|3.2%%|\n' >want_narrow
    cmp -s got_narrow want_narrow && ok || bad "narrow segments' labels: $(tr '\n' ' ' <got_narrow)"
    has charts/narrow.gp "ABOVE = "
    {
        echo "dataset,$(head -n 1 agree.csv)"
        tail -n +2 agree.csv | sed 's/^/Fleiss 1971,/'
        "$ICSTAT" agree --format csv "$FIX/agree_two.csv" 2>/dev/null | tail -n +2 | sed 's/^/Two raters,/'
    } >datasets.csv
    run 0 "" chart agreement datasets.csv -o charts/datasets.svg
    has charts/datasets.svg "Fleiss 1971: Fleiss' kappa (n"
    has charts/datasets.svg "Two raters: Cohen's kappa (n"
    # agree --se unconditional: t on Satterthwaite's degrees of freedom, so
    # the level is not read back from the intervals (it would come out
    # 97.5%); the facts say the intervals are over units and raters.
    "$ICSTAT" agree --se unconditional --format csv "$REF/fleiss1971_diagnoses.csv" \
        >uncond.csv 2>/dev/null
    run 0 "" chart agreement uncond.csv -o charts/uncond.svg
    has charts/uncond.svg "Estimates with 95% intervals over units and raters (unconditional se)"
    # Intervals of different kinds stacked together: no level is read off
    # them (it would be a meaningless median); the chart says they differ.
    {
        cat datasets.csv
        echo "Ofsted 2017,percent_agreement,0.9166666667,NA,0.741511978,0.9768411847,NA,NA,NA,24,2,identity,wilson,NA,0.95"
    } >mixed.csv
    run 0 "" chart agreement mixed.csv -o charts/mixed.svg
    has charts/mixed.svg "95% intervals (of several kinds: see ci_method)"
    sed '2,$s/^[^,]*,/Krippendorff (2011) with a long description of the data set,/' mixed.csv >crowded.csv
    run 0 "" chart agreement crowded.csv -o charts/crowded.png
    # The heading of the figures starts where they do: at the plot's right
    # edge (rmargin) plus the two spaces the figures are drawn behind.
    for g in charts/crowded.gp charts/forest.gp; do
        awk '/^set rmargin at screen/ { r = $5 }
             /^WIDTH = / { w = $3 }
             /^set label "(Estimate|Odds ratio) \(interval\)" at screen/ {
                 x = $0; sub(/.*\)" at screen /, "", x); sub(/,.*/, "", x) }
             END { d = (x - r) * w; exit !(d > 5 && d < 8) }' "$g" && ok ||
            bad "$g: the heading of the figures is not where they start"
    done
    printf 'u,a,b\n1,1,1\n2,1,1\n3,1,1\n' >same.csv
    "$ICSTAT" agree --format csv same.csv >undefined.csv 2>/dev/null
    run 0 "" chart agreement undefined.csv -o charts/undefined.svg
    has charts/undefined.svg "not defined"
    # (percent agreement, AC1, Brennan-Prediger and PABAK are 1 there; the kappas NA)
    grep -v -e '^percent_agreement' -e '^gwet_ac' -e '^brennan_prediger' -e '^pabak' \
        undefined.csv >all_na.csv
    run 2 "icstat: all_na.csv: no coefficient has an estimate (every one is NA)" \
        chart agreement all_na.csv -o charts/all_na.svg
    nothing charts/all_na.svg

    # Benchmarks for chance-corrected coefficients only (issue 17): percent
    # agreement (0.96 with quadratic weights) and the ICCs were drawn inside
    # "Almost perfect" under an axis saying "0 = what chance would give".
    # Now each is in a panel of its own (a block of the .dat), without bands,
    # under an axis that says what it is.
    # panel_of CHART COEF: the number of the .dat block that holds COEF.
    panel_of() { awk -F'\t' -v k="$2" '/^# panel / { p = $0; sub(/^# panel /, "", p); sub(/:.*/, "", p) } !/^#/ && $1 == k { print p }' "${1%.*}.dat"; }
    printf 'u,a,b\n' >icc_in.csv
    awk 'BEGIN { for (i = 1; i <= 30; i++) printf "%d,%d,%d\n", i, 1 + i % 4, 1 + (i + (i % 3 == 0)) % 4 }' >>icc_in.csv
    "$ICSTAT" agree --weights quadratic --icc --format csv icc_in.csv >panels.csv 2>/dev/null
    run 0 "" chart agreement panels.csv -o charts/panels.svg --size 800x600
    [ "$(panel_of charts/panels.svg cohen_kappa)|$(panel_of charts/panels.svg percent_agreement)|$(panel_of charts/panels.svg icc_2_1)" = "1|2|3" ] && ok ||
        bad "agreement panels: kappa, percent agreement, ICC in $(panel_of charts/panels.svg cohen_kappa)|$(panel_of charts/panels.svg percent_agreement)|$(panel_of charts/panels.svg icc_2_1), want 1|2|3"
    [ "$(grep -c "what chance would give" charts/panels.svg)" = 1 ] && ok ||
        bad "agreement panels: 'what chance would give' is not under the kappas' panel alone"
    has charts/panels.svg "Pairs that agree, near misses in part (not chance-corrected)"
    has charts/panels.svg "ICC: share of rating variance between units (1 = perfect)"
    # The bands are set in panel 1 only, and unset before panel 2.
    awk '/^# Panel 2: / { two = 1 } two && /^set object rectangle/ { bad = 1 } /^unset object/ { unset = 1 }
         END { exit !(two && unset && !bad) }' charts/panels.gp && ok ||
        bad "agreement panels: bands drawn beyond the chance-corrected panel"
    # Percent agreement as a percent, on its own 0-100% axis.
    awk -F'\t' '!/^#/ && $1 == "percent_agreement" { exit !($11 == $3 * 100) }' charts/panels.dat &&
        ok || bad "agreement panels: percent agreement not drawn in percent"
    grep -q '^percent_agreement.*%' charts/panels.dat && ok || bad "percent agreement's figures not a percent"

    # agree --benchmark (issue 18, item 7): each chance-corrected label
    # names the band reached, the note the scale (read off the p_BAND
    # columns); percent agreement and the ICCs name none.
    "$ICSTAT" agree --weights quadratic --icc --benchmark altman --format csv icc_in.csv \
        >bench.csv 2>/dev/null
    run 0 "" chart agreement bench.csv -o charts/bench.svg --size 800x600
    band=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next }
                    $1 == "cohen_kappa" { print $(at["benchmark"]) }' bench.csv)
    [ -n "$band" ] && [ "$band" != NA ] &&
        grep -q "^cohen_kappa	.*	Cohen's kappa (quadratic weights) \[$band\]	" charts/bench.dat && ok ||
        bad "benchmark: the kappa's label does not name its band '$band'"
    grep -q '^percent_agreement	.*\[' charts/bench.dat && bad "benchmark: a band on percent agreement" || ok
    grep -q '^icc_2_1	.*\[' charts/bench.dat && bad "benchmark: a band on an ICC" || ok
    has charts/bench.svg "on the scale of Altman (1991)"
    grep -q "In brackets" charts/panels.svg && bad "benchmark note without --benchmark" || ok

    # Texts given on the command line; with --subtitle the n and level move
    # to a line above the source.
    run 0 "" chart caterpillar effects.csv -o charts/titled.svg --title "A title" \
        --subtitle "The headline" --note "Source: a test" --xlabel "Across" --ylabel "Up" \
        --size 900x600
    for s in "A title" "The headline" "Source: a test" "Across" "Up" "each with its 95% interval" \
        'width="900" height="600"'; do
        has charts/titled.svg "$s"
    done

    # Grade scales: categories in the scale's order, never alphabetical;
    # the ordered palette (blue, best, to vermillion, worst) only for an
    # order that is known; words of no known order get the categorical one.
    # dat_cats CHART: the categories of its .dat blocks; colours CHART: its
    # COLOUR_k values.
    dat_cats() { sed -n 's/^# category [0-9]*: //p' "${1%.*}.dat" | tr '\n' '|'; }
    colours() { sed -n 's/^COLOUR_[0-9]* = "\(#[0-9A-Fa-f]*\)".*/\1/p' "${1%.*}.gp" | tr '\n' '|'; }
    ORDERED4="#0072B2|#56B4E9|#E69F00|#D55E00|"
    OFSTED4="Outstanding|Good|Requires improvement|Inadequate|"
    # describe on word grades without --categories, then the chart.
    "$ICSTAT" describe --outcome grade --by gender --format csv "$FIX/describe_inspections.csv" \
        >words.csv 2>/dev/null
    run 0 "" chart stacked words.csv -o charts/words.svg
    [ "$(dat_cats charts/words.svg)" = "$OFSTED4" ] && ok ||
        bad "stacked on describe's word grades: categories $(dat_cats charts/words.svg)"
    [ "$(colours charts/words.svg)" = "$ORDERED4" ] && ok ||
        bad "stacked on word grades: colours $(colours charts/words.svg)"
    # A csv with the grades in alphabetical order (as describe wrote them
    # before, or a spreadsheet sorted them): the scale's order again.
    { head -n 1 words.csv; tail -n +2 words.csv | LC_ALL=C sort -t, -k1,1 -k2,2; } >sorted.csv
    run 0 "" chart stacked sorted.csv -o charts/sorted.svg
    [ "$(dat_cats charts/sorted.svg)" = "$OFSTED4" ] && ok ||
        bad "stacked on alphabetical grades: categories $(dat_cats charts/sorted.svg)"
    has charts/sorted.gp 'COLOUR_1 = "#0072B2"   # Outstanding'
    has charts/sorted.gp 'COLOUR_4 = "#D55E00"   # Inadequate'
    # Report cards, in any case: 1 Exceptional .. 5 Urgent improvement.
    {
        echo "group,category,percent"
        echo "all,urgent improvement,5"
        echo "all,Exceptional,10"
        echo "all,needs attention,15"
        echo "all,Strong standard,40"
        echo "all,expected standard,30"
    } >cards.csv
    run 0 "" chart stacked cards.csv -o charts/cards.svg
    [ "$(dat_cats charts/cards.svg)" = "Exceptional|Strong standard|expected standard|needs attention|urgent improvement|" ] && ok ||
        bad "stacked on report-card words: categories $(dat_cats charts/cards.svg)"
    [ "$(colours charts/cards.svg)" = "#0072B2|#56B4E9|#F0E442|#E69F00|#D55E00|" ] && ok ||
        bad "stacked on report-card words: colours $(colours charts/cards.svg)"
    # --labels report-card names them by the scale's words.
    run 0 "" chart stacked cards.csv -o charts/cards_named.svg --labels report-card
    has charts/cards_named.gp 'COLOUR_3 = "#F0E442"   # Expected standard'
    has charts/cards_named.gp 'COLOUR_5 = "#D55E00"   # Urgent improvement'
    # --labels ofsted on codes (in any order) and on words.
    {
        echo "group,category,percent"
        echo "all,4,5"
        echo "all,2,60"
        echo "all,1,10"
        echo "all,3,25"
    } >codes.csv
    run 0 "" chart stacked codes.csv -o charts/codes.svg --labels ofsted
    [ "$(dat_cats charts/codes.svg)" = "1|2|3|4|" ] && ok ||
        bad "stacked --labels ofsted on codes: categories $(dat_cats charts/codes.svg)"
    has charts/codes.gp 'COLOUR_2 = "#56B4E9"   # Good'
    has charts/codes.svg "Requires improvement"
    sed 's/,1,/,outstanding,/;s/,2,/,good,/;s/,3,/,requires improvement,/;s/,4,/,inadequate,/' \
        codes.csv >lower.csv
    run 0 "" chart stacked lower.csv -o charts/lower.svg --labels ofsted
    has charts/lower.gp 'COLOUR_1 = "#0072B2"   # Outstanding'
    has charts/lower.gp 'COLOUR_3 = "#E69F00"   # Requires improvement'
    # Merged grades sit where their first grade does.
    {
        echo "group,category,percent"
        echo "all,Requires improvement+Inadequate,35"
        echo "all,Outstanding+Good,65"
    } >merged.csv
    run 0 "" chart stacked merged.csv -o charts/merged.svg
    [ "$(dat_cats charts/merged.svg)" = "Outstanding+Good|Requires improvement+Inadequate|" ] && ok ||
        bad "stacked on merged grades: categories $(dat_cats charts/merged.svg)"
    # Words of no known order: as they come, in the categorical palette.
    {
        echo "group,category,percent"
        echo "all,pear,30"
        echo "all,apple,50"
        echo "all,fig,20"
    } >fruit.csv
    # ... and a note on stderr says that their order is not known (issue 17).
    run 0 "icstat: note: fruit.csv: the categories ('pear', 'apple', 'fig') are words of no known scale (ofsted, report-card or met), so their order is not known: drawn in the order they come, in colours that suggest no order (the blue-to-vermillion ones are for grades); give it with --categories" \
        chart stacked fruit.csv -o charts/fruit.svg
    [ "$(dat_cats charts/fruit.svg)" = "pear|apple|fig|" ] && ok ||
        bad "stacked on unordered words: categories $(dat_cats charts/fruit.svg)"
    [ "$(colours charts/fruit.svg)" = "#0072B2|#E69F00|#009E73|" ] && ok ||
        bad "stacked on unordered words: colours $(colours charts/fruit.svg)"
    has charts/fruit.gp "# The categories have no known order: colours that suggest none."
    # Numbers are ordered: the ordered palette, in the order they come.
    [ "$(colours charts/codes.svg)" = "$ORDERED4" ] && ok ||
        bad "stacked on codes: colours $(colours charts/codes.svg)"
    # --categories gives their order: the ordered colours, no note; every
    # category must be in the list (or on the scale named).
    run 0 "" chart stacked fruit.csv -o charts/fruit_order.svg --categories fig,apple,pear
    [ "$(dat_cats charts/fruit_order.svg)" = "fig|apple|pear|" ] && ok ||
        bad "stacked --categories fig,apple,pear: categories $(dat_cats charts/fruit_order.svg)"
    [ "$(colours charts/fruit_order.svg)" = "#0072B2|#56B4E9|#D55E00|" ] && ok ||
        bad "stacked --categories: colours $(colours charts/fruit_order.svg)"
    run 2 "icstat: fruit.csv: category 'pear' is not in --categories: give every category, in order (each as the file writes it)" \
        chart stacked fruit.csv -o charts/fruit_part.svg --categories fig,apple
    run 2 "icstat: fruit.csv: category 'pear' is not on the scale ofsted (Outstanding, Good, Requires improvement, Inadequate or a code 1-4), so --categories ofsted cannot order the categories" \
        chart stacked fruit.csv -o charts/fruit_part.svg --categories ofsted
    run 0 "" chart stacked sorted.csv -o charts/sorted_cat.svg --categories ofsted
    [ "$(dat_cats charts/sorted_cat.svg)" = "$OFSTED4" ] && ok ||
        bad "stacked --categories ofsted: categories $(dat_cats charts/sorted_cat.svg)"
    # --labels ofsted on words that are not its words nor codes names and
    # orders nothing: an error that says so, not silence (issue 17).
    run 2 "icstat: fruit.csv: category 'pear' is not on the scale ofsted (Outstanding, Good, Requires improvement, Inadequate or a code 1-4), so --labels ofsted cannot name or order the categories" \
        chart stacked fruit.csv -o charts/fruit_ofsted.svg --labels ofsted
    [ ! -e charts/fruit_ofsted.svg ] && ok || bad "--labels ofsted on fruit left charts/fruit_ofsted.svg"
    # The heatmap of agree --table on word grades: the scale's order.
    printf 'u,a,b\n1,Good,Good\n2,Outstanding,Good\n3,Requires improvement,Inadequate\n4,Inadequate,Inadequate\n5,Good,Requires improvement\n6,Outstanding,Outstanding\n' >pair.csv
    "$ICSTAT" agree --table --format csv pair.csv >pair_table.csv
    { head -n 1 pair_table.csv; tail -n +2 pair_table.csv | LC_ALL=C sort -t, -k1,2; } >pair_sorted.csv
    run 0 "" chart heatmap pair_sorted.csv -o charts/pair.svg
    [ "$(awk -F'\t' '!/^#/ && NF && !seen[$1]++ { printf "%s|", $1 }' charts/pair.dat)" = "$OFSTED4" ] && ok ||
        bad "heatmap on word grades: rows $(awk -F'\t' '!/^#/ && NF { print $1 }' charts/pair.dat | tr '\n' '|')"

    # A failed run leaves an existing chart alone.
    echo keep >charts/kept.svg
    run 2 - chart forest describe.csv -o charts/kept.svg
    [ "$(cat charts/kept.svg)" = keep ] && ok || bad "a failed run changed an existing chart"
fi

# Bad input: exit 2, the exact message, no files at all.
: >empty.csv
sed 's/^coef,phase=Secondary,[^,]*,/coef,phase=Secondary,abc,/' fit.csv >nonnumber.csv
# Intervals that run backwards (ci_low above ci_high), in each kind that
# draws intervals.
awk -F, -v OFS=, '$1 == "coef" { t = $7; $7 = $8; $8 = t } 1' fit.csv >backwards_fit.csv
awk -F, -v OFS=, 'NR == 2 { t = $4; $4 = $5; $5 = t } 1' agree.csv >backwards_agree.csv
awk -F, -v OFS=, 'NR == 3 { t = $5; $5 = $6; $6 = t } 1' effects.csv >backwards_effects.csv
awk -F, -v OFS=, 'NR == 2 { t = $5; $5 = $6; $6 = t } 1' proportions.csv >backwards_proportions.csv
awk -F, -v OFS=, 'NR == 2 { t = $6; $6 = $7; $7 = t } 1' describe.csv >backwards_describe.csv
"$ICSTAT" power agree --probs 0.5,0.5 --agreement 0.8 --half-width 0.2 --reps 50 --format csv \
    >half_width.csv
awk -F, -v OFS=, 'NR == 2 { $3 = 100 * $3 } 1' margins.csv >margins_pct.csv
grep -v '^M,Inadequate,' margins.csv >margins_part.csv
awk -F, -v OFS=, 'NR == 2 { $3 = $3 + 0.1 } 1' margins.csv >margins_sum.csv
grep -v '^risk_ratio,Outstanding,' compare.csv >compare_half.csv
awk -F, -v OFS=, 'NR == 4 { $5 = -1 } 1' compare.csv >compare_rr.csv
head -n 2 compare.csv >compare_chisq.csv
"$ICSTAT" describe --outcome grade --categories "$G" --format csv "$FIX/describe_inspections.csv" \
    >trend_one.csv 2>/dev/null
for case in \
    "forest|describe.csv|icstat: describe.csv:1: chart forest needs column 'kind' (this looks like the output of icstat describe: chart it with 'icstat chart stacked')" \
    "stacked|fit.csv|icstat: fit.csv:1: chart stacked needs column 'group' (this looks like the output of icstat fit: chart it with 'icstat chart forest')" \
    "caterpillar|agree.csv|icstat: agree.csv:1: chart caterpillar needs column 'group' (this looks like the output of icstat agree: chart it with 'icstat chart agreement')" \
    "heatmap|proportions.csv|icstat: proportions.csv:1: chart heatmap needs column 'row_category' (this looks like the output of icstat describe --proportions: chart it with 'icstat chart proportions')" \
    "agreement|table.csv|icstat: table.csv:1: chart agreement needs column 'coefficient' (this looks like the output of icstat agree --table: chart it with 'icstat chart heatmap')" \
    "proportions|$FIX/agree_two.csv|icstat: $FIX/agree_two.csv:1: chart proportions needs column 'label' (it reads the csv of icstat describe --proportions)" \
    "power|half_width.csv|icstat: half_width.csv:1: chart power draws the tables of 'icstat power agree' and 'icstat power fit'; this is the --half-width table, one number per coefficient: chart the table without --half-width" \
    "forest|empty.csv|icstat: empty.csv:1: file is empty: a header row is required" \
    "forest|nonnumber.csv|icstat: nonnumber.csv:2: column 'estimate' has 'abc', which is not a number" \
    "stacked|$PUB/bokhove2023_primary_by_gender.csv|icstat: $PUB/bokhove2023_primary_by_gender.csv: the percentages of group 'male' add up to 104.5, not 100: a 100% bar needs categories that do not overlap and leave nothing out" \
    "forest|backwards_fit.csv|icstat: backwards_fit.csv:2: $(awk -F, 'NR == 2 { print "ci_low " $7 " is above ci_high " $8 }' backwards_fit.csv)" \
    "agreement|backwards_agree.csv|icstat: backwards_agree.csv:2: $(awk -F, 'NR == 2 { print "ci_low " $4 " is above ci_high " $5 }' backwards_agree.csv)" \
    "caterpillar|backwards_effects.csv|icstat: backwards_effects.csv:3: $(awk -F, 'NR == 3 { print "ci_low " $5 " is above ci_high " $6 }' backwards_effects.csv)" \
    "proportions|backwards_proportions.csv|icstat: backwards_proportions.csv:2: $(awk -F, 'NR == 2 { print "ci_low " $5 " is above ci_high " $6 }' backwards_proportions.csv)" \
    "stacked|backwards_describe.csv|icstat: backwards_describe.csv:2: $(awk -F, 'NR == 2 { print "ci_low " $6 " is above ci_high " $7 }' backwards_describe.csv)" \
    "forest|missing.csv|icstat: missing.csv: cannot open file: No such file or directory" \
    "margins|describe.csv|icstat: describe.csv:1: chart margins needs column 'level' (this looks like the output of icstat describe: chart it with 'icstat chart stacked')" \
    "compare|describe.csv|icstat: describe.csv:1: chart compare needs column 'measure' (this looks like the output of icstat describe: chart it with 'icstat chart stacked')" \
    "trend|compare.csv|icstat: compare.csv:1: chart trend needs column 'percent' (this looks like the output of icstat describe --compare: chart it with 'icstat chart compare')" \
    "stacked|margins.csv|icstat: margins.csv:1: chart stacked needs column 'group' (this looks like the output of icstat fit --margins: chart it with 'icstat chart margins')" \
    "margins|margins_pct.csv|icstat: margins_pct.csv:2: probability 9.50786 is not between 0 and 1 (fit --margins writes probabilities, not percents)" \
    "margins|margins_part.csv|icstat: margins_part.csv: level 'M' has no row for category 'Inadequate'" \
    "margins|margins_sum.csv|icstat: margins_sum.csv: the probabilities of level 'F' add up to 1.1, not 1: every category of the outcome is needed" \
    "compare|compare_half.csv|icstat: compare_half.csv: group 'M', category 'Outstanding' has no risk_ratio row" \
    "compare|compare_rr.csv|icstat: compare_rr.csv:4: a risk ratio and its interval must be above 0" \
    "compare|compare_chisq.csv|icstat: compare_chisq.csv: no comparisons to draw: no row has measure 'difference' or 'risk_ratio'" \
    "trend|trend_one.csv|icstat: trend_one.csv: one period ('all'): a trend needs two or more (describe --by-period year|academic-year|term makes them)"; do
    kind=${case%%|*}
    rest=${case#*|}
    run 2 "${rest#*|}" chart "$kind" "${rest%%|*}" -o bad.svg
    nothing bad.svg bad.gp bad.dat
done
run 2 "icstat: fit.csv: the intervals in 'ci_low' and 'ci_high' are 95% intervals (its column 'conf'), not the 90% of --conf; leave --conf out to use theirs" \
    chart forest fit.csv -o bad.svg --conf 0.9
nothing bad.svg bad.gp bad.dat

# gnuplot failing or writing nothing: exit 2, no image (nor its temporary).
printf '#!/bin/sh\necho "line 3: simulated failure" >&2\nexit 1\n' >fakebin/gnuplot
chmod +x fakebin/gnuplot
PATH="$T/fakebin:$PATH" "$ICSTAT" chart forest fit.csv -o fake.svg >stdout 2>stderr
[ $? -eq 2 ] && ok || bad "failing gnuplot: exit status"
[ "$(cat stderr)" = "icstat: fake.svg: gnuplot could not draw the chart from fake.gp: line 3: simulated failure" ] &&
    ok || bad "failing gnuplot: $(cat stderr)"
nothing fake.svg
printf '#!/bin/sh\nexit 0\n' >fakebin/gnuplot
PATH="$T/fakebin:$PATH" "$ICSTAT" chart forest fit.csv -o fake.svg >stdout 2>stderr
[ "$(cat stderr)" = "icstat: fake.svg: gnuplot wrote nothing from fake.gp" ] &&
    ok || bad "silent gnuplot: $(cat stderr)"
nothing fake.svg

# Without gnuplot on PATH: the script and data, exit 2, how to install it.
env PATH="$T/nobin" "$ICSTAT" chart forest fit.csv -o charts/none.svg >stdout 2>stderr
[ $? -eq 2 ] && ok || bad "no gnuplot: exit status"
[ "$(cat stderr)" = "icstat: charts/none.svg: gnuplot is not installed, so only none.gp and none.dat were written: install it (Debian: apt-get install gnuplot-nox), then run 'gnuplot none.gp' in charts" ] &&
    ok || bad "no gnuplot: $(cat stderr)"
[ -s charts/none.gp ] && [ -s charts/none.dat ] && ok || bad "no gnuplot: .gp or .dat missing"
nothing charts/none.svg

# --- Issue 17, using the charts in documents --------------------------------
if [ $HAVE_GNUPLOT = 1 ]; then
    # hexat FILE OFFSET COUNT: COUNT bytes of FILE from OFFSET, as hex.
    hexat() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }
    # --size: texts scale with the canvas, by min(W/800, H/500): the title
    # (19 px at 800x500) is 19 x SCALE in the svg, and the png has the size.
    for sz in 600x400:0.75:14.25 1200x800:1.5:28.50 2400x1600:3:57.00; do
        size=${sz%%:*} rest=${sz#*:}
        scale=${rest%%:*} title=${rest#*:}
        run 0 "" chart stacked describe.csv -o "charts/size$size.svg" --size "$size"
        has "charts/size$size.gp" "^SCALE = $scale\$"
        grep -q "font-size=\"$title\"  *font-weight=\"bold\"" "charts/size$size.svg" && ok ||
            bad "--size $size: the title is not set at $title px"
        run 0 "" chart stacked describe.csv -o "charts/size$size.png" --size "$size"
        w=$(printf '%08x%08x' "${size%x*}" "${size#*x}")
        [ "$(hexat "charts/size$size.png" 16 8)" = "$w" ] && ok || bad "--size $size: the png is not $size"
        # the labels are whole: no ellipsis at any of the three sizes
        grep -q "…" "charts/size$size.svg" && bad "--size $size: a label is cut" || ok
    done
    # The smallest size is accepted; one pixel less is refused, naming it.
    run 0 "" chart forest fit.csv -o charts/min.svg --size 560x350
    run 1 "icstat chart: --size 559x350 is too small for the chart's texts: the smallest is 560x350 (texts are not set below 70% of their size at 800x500)" \
        chart forest fit.csv -o charts/min.svg --size 559x350
    run 1 "icstat chart: --size 800x349 is too small for the chart's texts: the smallest is 560x350 (texts are not set below 70% of their size at 800x500)" \
        chart forest fit.csv -o charts/min.svg --size 800x349
    # --scale: the text scale whatever the size.
    run 0 "" chart stacked describe.csv -o charts/poster.svg --size 2400x1600 --scale 1.5
    has charts/poster.gp "^SCALE = 1.5$"
    has charts/poster.gp "^WIDTH = 2400$"
    run 1 "icstat chart: --scale takes a number from 0.7 to 10, like 1.5 (got '0.5')" \
        chart stacked describe.csv -o charts/poster.svg --scale 0.5

    # --dpi: a png of size x dpi/96 pixels, and its resolution in a pHYs
    # chunk right after IHDR: length 9, 11811 pixels per metre both ways
    # (300 / 0.0254), unit 1 (the metre), and its CRC-32 (from Python's
    # zlib.crc32, an independent implementation).
    run 0 "" chart forest fit.csv -o charts/print.png --dpi 300
    [ "$(hexat charts/print.png 16 8)" = "000009c40000061b" ] && ok || bad "--dpi 300: the png is not 2500x1563"
    [ "$(hexat charts/print.png 33 21)" = "000000097048597300002e2300002e230178a53f76" ] && ok ||
        bad "--dpi 300: no right pHYs chunk after IHDR: $(hexat charts/print.png 33 21)"
    has charts/print.gp "^DPI = 300$"
    cp charts/print.png first/print.png
    run 0 "" chart forest fit.csv -o charts/print.png --dpi 300
    cmp -s charts/print.png first/print.png && ok || bad "--dpi: a second run differs"
    [ "$(grep -c pHYs charts/print.png)" = 1 ] && ok || bad "--dpi: not one pHYs chunk"
    run 1 "icstat chart: --dpi applies to a png only (svg and pdf are drawn to scale)" \
        chart forest fit.csv -o charts/print.svg --dpi 300
    run 1 "icstat chart: --dpi takes a whole number of pixels to the inch from 72 to 1200, like 300 (got '30')" \
        chart forest fit.csv -o charts/print.png --dpi 30
    run 1 "icstat chart: --size 4000x2000 at --dpi 600 is a png of 25000x12500 pixels: the most is 16000 each way" \
        chart forest fit.csv -o charts/print.png --dpi 600 --size 4000x2000

    # One script draws every format: icstat's svg, then gnuplot on that
    # script with FORMAT png and pdf gives what icstat's png and pdf are.
    rm -f charts/one.*
    run 0 "" chart forest fit.csv -o charts/one.svg
    [ ! -e charts/one.svg.gp ] && [ ! -e charts/one.png.gp ] && ok || bad "a script per format"
    (cd charts && gnuplot -e 'FORMAT="png"' one.gp && gnuplot -e 'FORMAT="pdf"' one.gp) 2>gnuplot.err &&
        [ ! -s gnuplot.err ] && ok || bad "one.gp: FORMAT png/pdf: $(cat gnuplot.err)"
    mv charts/one.png first/one-by-hand.png
    run 0 "" chart forest fit.csv -o charts/one.png
    cmp -s charts/one.png first/one-by-hand.png && ok || bad "one.gp: gnuplot's png differs from icstat's"
    (cd charts && gnuplot -e 'FORMAT="gif"' one.gp) 2>gnuplot.err
    [ $? -ne 0 ] && grep -q "FORMAT must be svg, png or pdf" gnuplot.err && ok || bad "one.gp: FORMAT gif accepted"

    # An edited script is kept and drawn from; one not icstat's is refused.
    sed 's/^TITLE = .*/TITLE = "My own title"/' charts/one.gp >one.edited && cp one.edited charts/one.gp
    run 0 "icstat: note: one.gp was edited since icstat wrote it: it is kept and the chart drawn from it with the new one.dat (remove it to have icstat write it afresh; a style kept in a file of its own, --style FILE, is never touched)" \
        chart forest fit.csv -o charts/one.svg
    cmp -s charts/one.gp one.edited && ok || bad "the edited one.gp was overwritten"
    has charts/one.svg "My own title"
    printf 'set title "mine"\n' >charts/other.gp
    run 2 "icstat: charts/other.gp: not a chart script icstat wrote, so it is left as it is: move it, or name the chart differently" \
        chart forest fit.csv -o charts/other.svg
    [ "$(cat charts/other.gp)" = 'set title "mine"' ] && ok || bad "a foreign other.gp was overwritten"
    nothing charts/other.svg charts/other.dat

    # --style: a user's file, loaded after the script's own variables, never
    # written; its name reaches gnuplot quoted (an odd name runs nothing).
    sname="st'y \"le\" \$(touch PWNED-style) \`touch PWNED-style2\`.gp"
    printf 'COLOUR_1 = "#123456"\nTITLE = "Styled"\n' >"$sname"
    cp "$sname" style.copy
    touch -d '2001-01-01 00:00' "$sname"
    run 0 "" chart stacked describe.csv -o charts/styled.svg --style "$sname"
    has charts/styled.svg "Styled"
    has charts/styled.svg 'rgb( 18,  52,  86)'
    cmp -s "$sname" style.copy && [ -z "$(find "./$sname" -newer style.copy)" ] && ok ||
        bad "--style: the file was written to"
    ls PWNED-style* charts/PWNED-style* >/dev/null 2>&1 && bad "--style: its name ran a command" || ok
    run 1 "icstat chart: its script 'charts/styled.gp' is --style 'charts/styled.gp': writing it would destroy what is read; name another output" \
        chart stacked describe.csv -o charts/styled.svg --style charts/styled.gp
    run 1 "icstat: --style 'no-such.gp': not a file that can be read" \
        chart stacked describe.csv -o charts/styled.svg --style no-such.gp

    # --no-intervals, --no-n: a user's own figures, without the columns.
    printf 'label,percent\nComplaints upheld,17\nHeads who say so,91\n' >own.csv
    run 0 "" chart proportions own.csv -o charts/own.svg --no-intervals --no-n
    has charts/own.svg "Each bar is one figure, in percent"
    has charts/own.svg "91.0%"
    grep -q "n = \|interval" charts/own.svg && bad "--no-n --no-intervals: n or an interval stated" || ok
    grep -q "xerrorbars" charts/own.gp && bad "--no-intervals: intervals drawn" || ok
    run 2 "icstat: own.csv:1: chart proportions needs column 'total' (it reads the csv of icstat describe --proportions)" \
        chart proportions own.csv -o charts/own.svg
    printf 'group,category,percent\nPrimary,Good,70\nPrimary,Outstanding,30\n' >own2.csv
    run 0 "" chart stacked own2.csv -o charts/own2.svg --no-n
    has charts/own2.svg "Each bar is one group and adds up to 100%"
    grep -q "n is the number" charts/own2.svg && bad "--no-n: n stated" || ok
    run 1 "icstat chart: --no-n applies to stacked and proportions, the kinds for figures of your own (the others draw the models and coefficients icstat made, which have both)" \
        chart forest fit.csv -o charts/x.svg --no-n
    # The level from fit's column conf, not worked back from the intervals:
    # conf 0.9 with intervals whose width says 95% (se x 1.96) gives 90%;
    # without the column the intervals are read, as before.
    "$ICSTAT" fit --outcome grade --categories "$G" --terms phase --group inspector --format csv \
        --conf 0.9 "$FIX/fit_inspections.csv" >fit90.csv 2>/dev/null
    head -n 1 fit90.csv | grep -q ',conf,odds_ratio,or_ci_low,or_ci_high$' && ok ||
        bad "fit csv: no conf, odds_ratio, or_ci_low, or_ci_high columns: $(head -n 1 fit90.csv)"
    # (odds ratios: exp of the estimate and of each limit, to 1e-9 relative)
    awk -F, 'function off(x, y) { d = x - y; if (d < 0) d = -d; return d > 1e-9 * y }
             NR > 1 && $1 == "coef" { if (off($10, exp($3)) || off($11, exp($7)) || off($12, exp($8))) bad = 1; n++ }
             NR > 1 && $1 != "coef" && $10 != "NA" { bad = 1 }
             NR > 1 && $7 != "NA" && $9 != 0.9 { bad = 1 }
             END { exit bad || !n }' fit90.csv && ok || bad "fit csv: odds_ratio is not exp(estimate), or conf not 0.9"
    run 0 "" chart forest fit90.csv -o charts/conf90.svg
    has charts/conf90.svg "90% intervals"
    awk -F, 'BEGIN { OFS = "," } NR > 1 && $1 == "coef" { $8 = $3 + 1.959963985 * $4; $7 = $3 - 1.959963985 * $4 } { print }' \
        fit90.csv >fit90wide.csv
    run 0 "" chart forest fit90wide.csv -o charts/conf90wide.svg
    has charts/conf90wide.svg "90% intervals"
    cut -d, -f1-8 fit90wide.csv >fit95noconf.csv
    run 0 "" chart forest fit95noconf.csv -o charts/conf95.svg
    has charts/conf95.svg "95% intervals"
    run 2 "icstat: fit90.csv: the intervals in 'ci_low' and 'ci_high' are 90% intervals (its column 'conf'), not the 95% of --conf; leave --conf out to use theirs" \
        chart forest fit90.csv -o charts/conf90.svg --conf 0.95
    sed '3s/,0\.9,/,0.8,/' fit90.csv >fitmixed.csv
    run 2 "icstat: fitmixed.csv:3: conf 0.8 differs from the 0.9 of the rows above: a chart states one interval level" \
        chart forest fitmixed.csv -o charts/conf90.svg
    # Without the column (a csv written before it) the chart says how it
    # got its level, under the source.
    has charts/conf95.gp "NOTE = \"Source: icstat fit output in fit95noconf.csv. Interval level not stated in the csv (no column conf): 95%, read back from the intervals.\""
    grep -q "not stated" charts/conf90.gp && bad "forest with conf: says the level was not stated" || ok

    # The level from the column conf of every command's csv (issue 17).
    # agree: Krippendorff's 2011 data with quadratic weights has a unit
    # rated once, so units = 11 while the t intervals use all 12 (as
    # irrCAC): worked back with 11, the level came out "94.8%".
    "$ICSTAT" agree --weights quadratic --format csv "$ROOT/datasets/reference/krippendorff2011.csv" \
        >kq.csv 2>/dev/null
    run 0 "" chart agreement kq.csv -o charts/kq.svg
    has charts/kq.gp 'SUBTITLE = "Estimates with 95% intervals; n = 11 units rated by 4 raters"'
    grep -q "94\.8%\|not stated" charts/kq.gp && bad "agreement: the level worked back, not read" || ok
    "$ICSTAT" agree --weights quadratic --bootstrap 200 --conf 0.9 --format csv \
        "$ROOT/datasets/reference/krippendorff2011.csv" >kqb.csv 2>/dev/null
    run 0 "" chart agreement kqb.csv -o charts/kqb.svg
    has charts/kqb.gp 'SUBTITLE = "Estimates with 90% bootstrap percentile intervals'
    grep -q "not stated" charts/kqb.gp && bad "agreement (bootstrap, conf): says not stated" || ok
    # The same csv without conf: read back as before, and said.
    cut -d, -f1-12 kq.csv >kq_old.csv
    run 0 "" chart agreement kq_old.csv -o charts/kq_old.svg
    has charts/kq_old.gp 'Interval level not stated in the csv (no column conf): 94.8%, read back from the intervals.'
    # ... after the user's --note too; a --conf given is stated, not assumed.
    run 0 "" chart agreement kq_old.csv -o charts/kq_old.svg --note "Source: Krippendorff (2011)"
    has charts/kq_old.gp 'NOTE = "Source: Krippendorff (2011). Interval level not stated in the csv (no column conf): 94.8%, read back from the intervals."'
    # fit --margins and describe --compare: intervals no chart can invert;
    # at --conf 0.9 the chart said 95% (its default) before they had conf.
    "$ICSTAT" fit --outcome grade --categories "$G" --terms gender,phase --margins gender --conf 0.9 \
        --format csv "$FIX/describe_inspections.csv" >margins90.csv 2>/dev/null
    run 0 "" chart margins margins90.csv -o charts/margins90.svg
    has charts/margins90.svg "with 90% intervals"
    "$ICSTAT" describe --outcome grade --by gender --categories "$G" --compare --conf 0.9 \
        --format csv "$FIX/describe_inspections.csv" >compare90.csv 2>/dev/null
    run 0 "" chart compare compare90.csv -o charts/compare90.svg
    has charts/compare90.svg "90% intervals"
    # power agree and power fit: the level in column conf (the chart said
    # "not stated ... taken to be 95%" before they had it).
    "$ICSTAT" power agree --probs 0.85,0.15 --agreement 22/24 --n 24,50 --reps 50 --conf 0.9 \
        --format csv >power90.csv 2>/dev/null
    run 0 "" chart power power90.csv -o charts/power90.svg
    has charts/power90.svg "90% interval"
    grep -q "not stated" charts/power90.gp && bad "power agree: level said not stated" || ok
    run 0 "" chart power power_fit.csv -o charts/power_fit_conf.svg
    grep -q "not stated" charts/power_fit_conf.gp && bad "power fit: level said not stated" || ok
    grep -q "not stated" charts/compare90.gp && bad "compare with conf: says not stated" || ok
    cut -d, -f1-5 margins90.csv >margins_old.csv
    run 0 "" chart margins margins_old.csv -o charts/margins_old.svg
    has charts/margins_old.gp "Interval level not stated in the csv (no column conf): taken to be 95%, the default of --conf."
    run 0 "" chart margins margins_old.csv -o charts/margins_given.svg --conf 0.9 --note "Own."
    has charts/margins_given.gp 'NOTE = "Own."'
    has charts/margins_given.svg "with 90% intervals"
    # describe, --proportions, fit --effects: conf 0.9 stated and read.
    "$ICSTAT" describe --proportions --conf 0.9 --format csv "$PUB/naht2025_surveys.csv" \
        >prop90.csv 2>/dev/null
    run 0 "" chart proportions prop90.csv -o charts/prop90.svg
    grep -q "90% \|not stated" charts/prop90.gp && grep -q "90% " charts/prop90.gp &&
        ! grep -q "not stated" charts/prop90.gp && ok || bad "proportions: conf 0.9 not read"
    "$ICSTAT" fit --outcome grade --categories "$G" --terms phase --group inspector --conf 0.9 \
        --effects effects90.csv --format csv "$FIX/fit_inspections.csv" >/dev/null 2>&1
    run 0 "" chart caterpillar effects90.csv -o charts/effects90.svg
    grep -q "90% " charts/effects90.gp && ! grep -q "not stated" charts/effects90.gp && ok ||
        bad "caterpillar: conf 0.9 not read"
fi

# Usage errors: exit 1.
run 1 "icstat chart: no chart KIND given (use stacked, forest, caterpillar, agreement, heatmap, proportions, power, margins, compare or trend)" chart
run 1 "icstat chart: unknown KIND 'pie' (use stacked, forest, caterpillar, agreement, heatmap, proportions, power, margins, compare or trend)" chart pie fit.csv -o x.svg
run 1 "icstat chart: no input FILE given" chart forest -o x.svg
run 1 "icstat chart: one input FILE, please (got 2)" chart forest fit.csv agree.csv -o x.svg
run 1 "icstat chart: no -o OUT given: name the chart, ending in .svg, .png or .pdf" chart forest fit.csv
run 1 "icstat chart: -o 'x.jpg': the chart's name must end in .svg, .png or .pdf" chart forest fit.csv -o x.jpg
run 1 "icstat chart: --size takes WIDTHxHEIGHT in pixels, each from 200 to 4000, like 800x500 (got '80x50')" chart forest fit.csv -o x.svg --size 80x50
run 1 "icstat chart: --size 300x250 is too small for the chart's texts: the smallest is 560x350 (texts are not set below 70% of their size at 800x500)" chart forest fit.csv -o x.svg --size 300x250
run 1 "icstat chart: --labels takes VALUE=Name items, or a scale's name: ofsted, report-card or met (got 'Good')" chart stacked describe.csv -o x.svg --labels Good
run 1 "icstat chart: --conf must be a number between 0 and 1, like 0.95 (got '95')" chart forest fit.csv -o x.svg --conf 95
run 1 "icstat chart: chart takes no --format: the chart's format is the ending of -o's name (.svg, .png or .pdf)" \
    chart forest fit.csv -o x.svg --format csv
nothing x.svg x.gp x.dat x.jpg

# Help.
run 0 "" chart --help
for s in stacked forest caterpillar agreement heatmap proportions power margins compare trend \
    --title --subtitle \
    --note --labels --size --conf gnuplot-nox Examples; do
    grep -q -- "$s" stdout && ok || bad "chart --help does not mention $s"
done
run 0 "" help chart
grep -q "Usage: icstat chart" stdout && ok || bad "icstat help chart"
run 0 "" --help
grep -q "^  chart " stdout && ok || bad "--help does not list chart"

# A '%' in a tic label is text, not a gnuplot format (it drew "Top 10%
# schools" as "Top 10 1.000000chools" and failed on "50% done"); with a
# '%', gnuplot keeps 49 bytes, so a longer label ends in an ellipsis.
printf 'label,count,total\nTop 10%% schools,30,100\n50%% done,4,10\n%%d%%s%%n,1,3\n' >pct.csv
"$ICSTAT" describe --proportions --format csv pct.csv >pct_d.csv
run 0 "" chart proportions pct_d.csv -o charts/pct.svg
for t in "Top 10% schools" "50% done" "%d%s%n"; do has charts/pct.svg "$t"; done
printf 'u,a,b\n1,10%%,10%%\n2,20%%,10%%\n3,20%%,20%%\n' >pct_r.csv
"$ICSTAT" agree --table --format csv pct_r.csv >pct_t.csv
run 0 - chart heatmap pct_t.csv -o charts/pct_heat.svg
has charts/pct_heat.svg "10%"
printf 'label,count,total\n%%%%%%%% a label of more than forty-nine bytes with %% in it,1,2\n' >pct_long.csv
"$ICSTAT" describe --proportions --format csv pct_long.csv >pct_long_d.csv
run 0 "" chart proportions pct_long_d.csv -o charts/pct_long.svg
grep -q '…' charts/pct_long.svg && ok || bad "a long label with '%' is not cut with an ellipsis"

# Heatmap percentages add up to 100 (issue 17): printf's rounding of a
# half to even drew 12.5% as 12% and 62.5% as 62%, cells adding to 98.
# Largest remainders (Hamilton) give whole percents that add to 100; where
# a tie would show equal counts as different percents, tenths.
# shown CHART: the percents in its cells' texts, '|'-joined; sum CHART: their sum.
shown() { awk -F'\t' '!/^#/ && NF { t = $7 $8; if (match(t, /\(<?[0-9.]+%\)/)) printf "%s|", substr(t, RSTART + 1, RLENGTH - 3) }' "${1%.*}.dat"; }
sum_shown() { shown "$1" | tr '|' '\n' | awk '{ gsub(/</, ""); s += $1 } END { printf "%.1f", s }'; }
printf 'row_category,column_category,count\n1,1,5\n1,2,3\n2,1,3\n2,2,29\n' >half.csv
run 0 "" chart heatmap half.csv -o charts/half.svg
[ "$(shown charts/half.svg)" = "13|7|7|73|" ] && ok ||
    bad "heatmap of 12.5%, 7.5%, 7.5%, 72.5%: shown $(shown charts/half.svg), want 13|7|7|73|"
printf 'row_category,column_category,count\n1,1,5\n1,2,5\n2,1,5\n2,2,25\n' >quarter.csv
run 0 "" chart heatmap quarter.csv -o charts/quarter.svg
[ "$(shown charts/quarter.svg)" = "12.5|12.5|12.5|62.5|" ] && ok ||
    bad "heatmap of 12.5% x 3, 62.5%: shown $(shown charts/quarter.svg), want tenths"
printf 'row_category,column_category,count\n1,1,1\n1,2,1\n1,3,1\n2,1,0\n2,2,0\n2,3,0\n3,1,0\n3,2,0\n3,3,0\n' >thirds.csv
run 0 "" chart heatmap thirds.csv -o charts/thirds.svg --size 1000x700
[ "$(sum_shown charts/thirds.svg)" = "100.0" ] && ok ||
    bad "heatmap of thirds: shown $(shown charts/thirds.svg), not adding to 100"
[ "$(sum_shown charts/half.svg)" = "100.0" ] && [ "$(sum_shown charts/quarter.svg)" = "100.0" ] &&
    [ "$(sum_shown charts/heatmap.svg)" = "100.0" ] && ok ||
    bad "heatmap percents do not add to 100: $(shown charts/heatmap.svg)"
grep -q "the raters agree on 34 (85%)" charts/half.gp && ok || bad "heatmap half: the facts"

# A percent given as a fraction (0.91, as a spreadsheet exports 91%) was
# drawn as 0.9% without a word (issue 17).  proportions: refused, with how
# to fix it; --small-percents when every figure really is under 1%.
printf 'label,percent,total\noppose,0.91,1400\nstrongly,0.62,1400\n' >frac_in.csv
"$ICSTAT" describe --proportions --format csv frac_in.csv >frac.csv 2>/dev/null
run 2 "icstat: frac.csv:2: every percent is between 0 and 1 (the largest 0.9285714286), so every figure would be drawn under 1%: fractions, as a spreadsheet exports 91% as 0.91?  Give percentages (91, not 0.91) in the input of describe --proportions and run it again; if every figure really is under 1%, give --small-percents" \
    chart proportions frac.csv -o charts/frac.svg
[ ! -e charts/frac.svg ] && ok || bad "fractions refused, but charts/frac.svg was written"
run 0 "" chart proportions frac.csv -o charts/frac.svg --small-percents
has charts/frac.svg "0.9%"
# stacked: each group's fractions add up to 1, which says what they are:
# drawn as percentages, with a note.
{
    echo "group,category,percent"
    echo "all,Outstanding,0.125"
    echo "all,Good,0.5"
    echo "all,Requires improvement,0.3"
    echo "all,Inadequate,0.075"
} >stack_frac.csv
run 0 "icstat: note: stack_frac.csv: column 'percent' holds fractions (each group's add up to 1, as a spreadsheet exports 91% as 0.91): drawn as percentages, 0.5 as 50%" \
    chart stacked stack_frac.csv -o charts/stack_frac.svg
has charts/stack_frac.svg "50.0%"
has charts/stack_frac.svg "12.5%"

# agree --by's csv: one row per level and coefficient, labelled by its
# level; agree --compare's csv (differences, not coefficients) refused.
"$ICSTAT" agree --by ward --format csv "$FIX/agree_by_fleiss1971.csv" >by.csv 2>/dev/null
run 0 "" chart agreement by.csv -o charts/by.svg
has charts/by.svg "North: Fleiss' kappa (n"
has charts/by.svg "South: Fleiss' kappa (n"
"$ICSTAT" agree --by ward --compare --format csv "$FIX/agree_by_fleiss1971.csv" >by_compare.csv 2>/dev/null
run 2 "icstat: by_compare.csv: this is agree --compare's csv (differences between groups or rater sets, columns 'reference' and 'test'), not coefficients: chart agree's csv without --compare" \
    chart agreement by_compare.csv -o charts/by_compare.svg
[ ! -e charts/by_compare.svg ] && ok || bad "agree --compare's csv: a chart was written"

echo "chart: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
