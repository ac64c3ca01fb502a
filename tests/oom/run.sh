#!/bin/sh
# Out-of-memory test (SQLite's countdown, malloc_common.tcl): each case is
# run once to count its allocations (tests/oom/failalloc.c counts those
# made by icstat's own code), then again with allocation N failing, for
# N = 1, 2, ...  Every such run must exit 2, say "out of memory" on stderr
# as a line "icstat: [FILE: ]out of memory" (never "did not converge",
# "cannot read" or a crash), write nothing to stdout and leave nothing in
# the output folder (no file, no temporary); in the sanitizer build,
# ASan/UBSan must report nothing (leaks included, which exit non-zero).
#
# Run time: most inputs are small (the same code paths as big ones, fewer
# rows), so their counts stay in the hundreds and every N is tested.  A
# case counting more than OOM_EVERY + OOM_MORE + OOM_TAIL (600 + 150 +
# 300) allocations, where loops over rows repeat the same few sites, gets
# every N of its first OOM_EVERY (reading, options, set-up) and of its
# last OOM_TAIL (the results and their writing), and in between about
# OOM_MORE points at a fixed stride, less a small fixed offset (k mod 7)
# so that a loop whose allocations cycle with the stride's length is not
# hit at the same site every time.  The same N every run.  OOM_EVERY=0
# tests every N whatever the count.
# Run from the repository root: ICSTAT=build/tests/icstat-failalloc sh tests/oom/run.sh
# (OOM_PARTS=N OOM_PART=K: the Kth of N parts of the cases, as make oom
# runs them side by side).
set -u
NAME=oom
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
FIX=$ROOT/tests/fixtures
PARTS=${OOM_PARTS:-1}
PART=${OOM_PART:-0}
case_no=0
EVERY=${OOM_EVERY:-600}
MORE=${OOM_MORE:-150}
TAIL=${OOM_TAIL:-300}
unset ICSTAT_FAIL_ALLOC ICSTAT_ALLOC_COUNT

# The N to fail for a case with $1 allocations, one a line.
points() {
    awk -v total="$1" -v every="$EVERY" -v more="$MORE" -v tail="$TAIL" 'BEGIN {
        if (every == 0 || total <= every + more + tail) {
            for (n = 1; n <= total; n++) print n
            exit
        }
        for (n = 1; n <= every; n++) print n
        last = total - tail
        stride = int((last - every) / more) + 1
        for (k = 1; every + k * stride <= last; k++) {
            n = every + k * stride - (k % 7)
            if (n > every) print n
        }
        for (n = last + 1; n <= total; n++) print n
    }' | sort -n -u
}

# empty DIR: DIR holds nothing, not even a dot file (no process started:
# this runs thousands of times).
empty() {
    for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do
        [ -e "$f" ] && return 1
    done
    return 0
}

# oom LABEL ARGS...: the case; outputs go to out/, which must be empty
# after every failed run.
oom() {
    label=$1
    shift
    # With OOM_PARTS=N, this run does every Nth case, from OOM_PART (0 to
    # N-1): make oom runs the N parts at once, one per processor.
    case_no=$((case_no + 1))
    [ $((case_no % PARTS)) = "$PART" ] || return 0
    started=$(date +%s)
    rm -rf out
    mkdir out
    rm -f count
    ICSTAT_ALLOC_COUNT=$T/count "$ICSTAT" "$@" >stdout 2>stderr
    rc=$?
    if [ "$rc" != 0 ]; then
        bad "$label: the run without failures exits $rc: $(head -n 3 stderr)"
        return
    fi
    if [ ! -s count ]; then
        echo "oom: $ICSTAT counts no allocations: use build/tests/icstat-failalloc (make oom)"
        exit 1
    fi
    total=$(cat count)
    rm -rf out
    mkdir out
    tested=0 failed=0
    for n in $(points "$total"); do
        ICSTAT_FAIL_ALLOC=$n "$ICSTAT" "$@" >stdout 2>stderr
        rc=$?
        tested=$((tested + 1))
        why=
        if [ "$rc" != 2 ]; then
            why="exit $rc" # ASan and UBSan exit 1 and LeakSanitizer 23 when they report
        elif ! grep -Eq '^icstat: ([^:]*: )?out of memory$' stderr; then
            why="no 'out of memory'"
        elif [ -s stdout ]; then
            why="output on stdout"
        elif ! empty out; then
            why="left $(ls -A out | tr '\n' ' ')"
            rm -rf out
            mkdir out
        fi
        if [ -n "$why" ]; then
            failed=$((failed + 1))
            bad "$label: allocation $n of $total: $why; stderr: $(grep -v '^icstat: note' stderr | head -n 4)"
        fi
    done
    [ "$failed" = 0 ] && ok
    echo "  $label: $tested of $total allocations failed in turn, $failed wrong ($(($(date +%s) - started)) s)"
}

# thin EVERY MORE TAIL LABEL ARGS...: oom with fewer points, for a case
# whose every run is slow (a crossed fit refits the model without each
# factor; under the sanitizers a run takes a second): its set-up, results
# and writing are still tested at every N, the fits' loops at a stride.
# OOM_EVERY=0 still tests every N.
thin() {
    saved="$EVERY $MORE $TAIL"
    [ "$EVERY" != 0 ] && EVERY=$1 MORE=$2 TAIL=$3
    shift 3
    oom "$@"
    set -- $saved
    EVERY=$1 MORE=$2 TAIL=$3
}

# Small inputs keep the counts low: the paths are the same as on big ones.
head -n 61 "$FIX/describe_inspections.csv" >describe.csv
head -n 81 "$FIX/describe_cluster_inspections.csv" >cluster.csv
G="Outstanding,Good,Requires improvement,Inadequate"
printf 'u,a,b\n1,Good,good\n2,Outstanding,Good\n3,Requires improvement,Inadequate\n4,Satisfactory,Inadequate\n' \
    >words.csv
"$ICSTAT" describe --outcome grade --by gender --categories "$G" --format csv describe.csv \
    >describe_out.csv 2>/dev/null &&
"$ICSTAT" fit --outcome rating --terms temp,contact --group judge --format csv \
    --effects effects_out.csv "$FIX/clm_wine.csv" >fit_out.csv &&
"$ICSTAT" agree --format csv "$FIX/agree_ord4.csv" >agree_out.csv 2>/dev/null &&
"$ICSTAT" agree --table --format csv "$FIX/agree_two.csv" >table_out.csv &&
"$ICSTAT" fit --outcome grade --categories "$G" --terms gender,phase --margins gender --format csv \
    describe.csv >margins_out.csv 2>/dev/null &&
"$ICSTAT" describe --outcome grade --by gender --categories "$G" --compare --format csv \
    describe.csv >compare_out.csv 2>/dev/null &&
head -n 61 "$FIX/fit_inspections.csv" >dated.csv &&
"$ICSTAT" describe --outcome grade --by-period academic-year --date date --categories "$G" \
    --format csv dated.csv >trend_out.csv 2>/dev/null &&
printf 'label,percent,total\nNAHT,91%%,"1,400+"\nASCL,17%%,\nexact,50,"2,000"\n' >published.csv &&
"$ICSTAT" describe --proportions --format csv published.csv >published_out.csv 2>/dev/null ||
    { echo "oom: could not make the chart inputs"; exit 1; }

oom "agree two raters, --table, --bootstrap" \
    agree --table --weights quadratic --bootstrap 20 --seed 7 "$FIX/agree_two.csv" -o out/a.csv
oom "agree many raters, alpha, ICC" \
    agree --alpha-metric ordinal --icc --format json "$FIX/agree_ord4.csv" -o out/a.json
oom "agree --icc on ratings with gaps (unbalanced ANOVA, REML), --bootstrap" \
    agree --icc --bootstrap 3 --seed 5 --format csv "$FIX/icc_reml_sf_missing.csv" -o out/a.csv
oom "agree --se unconditional (jackknife over raters), alpha, ICC" \
    agree --se unconditional --alpha-metric ordinal --icc "$FIX/agree_uneven5.csv" -o out/a.txt
oom "fit mixed, --effects, --margins" \
    fit --outcome rating --terms temp,contact --group judge --quad 5 --effects out/eff.csv \
    --margins temp --format csv "$FIX/clm_wine.csv" -o out/fit.csv
# 1,560 rows: enough distinct linear predictors for the implied agreement
# to interpolate (clm_derived.c, IMPLIED_GRID), and a count in the
# thousands.
thin 250 80 150 "fit mixed, 1,560 rows" \
    fit --outcome grade --terms x1,x2,phase --group inspector --quad 3 --format csv \
    "$FIX/clm_sim_logit4.csv" -o out/fit.csv
# Two grouping factors, crossed (the joint Laplace fit, its refits without
# each factor, every factor's rows and one effects file per factor).
thin 250 80 150 "fit crossed, --effects per factor" \
    fit --outcome grade --terms x --group insp,school --effects insp=out/i.csv,school=out/s.md \
    "$FIX/clm_crossed_unbal.csv" -o out/fit.txt
# The inspector variance at 0: the school-only refit completed for its
# covariance; margins with that variance left out of the delta method.
thin 250 80 150 "fit crossed at the boundary" \
    fit --outcome grade --terms x,female --factor female --group inspector,school --margins female --format csv \
    "$FIX/clm_crossed_boundary.csv" -o out/fit.csv
oom "agree on a scale's words, --weights" \
    agree --weights linear --table words.csv -o out/a.txt
oom "agree --categories ofsted" agree --categories ofsted --format csv "$FIX/agree_two.csv" \
    -o out/a.csv
# issue 18: a cross-table with the user's weights, counts with a note on
# what they leave out, ratings trimmed of spaces.
oom "agree --crosstab --weights FILE" \
    agree --crosstab --weights "$FIX/agree_weights_custom4.csv" "$FIX/agree_crosstab_two.csv" \
    -o out/a.csv
oom "agree --counts --icc" agree --counts --icc --format json "$FIX/agree_counts_ord4.csv" \
    -o out/a.json
printf 'u,a,b\n1,Yes ,yes\n2,No,No\n3, Yes,Yes\n' >trim.csv
oom "agree on ratings with spaces and case twins" agree trim.csv -o out/a.txt
printf 'school,Outstanding,Good,Requires improvement,Inadequate\n1,2,1,0,0\n2,0,3,0,0\n' >looks.csv
oom "agree on a wide file that looks like counts" agree looks.csv -o out/a.txt
oom "agree --benchmark" agree --benchmark altman --format md "$FIX/agree_two.csv" -o out/a.md
# issue 18, item 6: a block per level (long form, bootstrap per level),
# independent and paired differences.
oom "agree --by --bootstrap, long" \
    agree --by phase --long unit,rater,rating --bootstrap 5 "$FIX/agree_by_ord4_long.csv" -o out/a.txt
oom "agree --by --compare" agree --by ward --compare --format csv "$FIX/agree_by_fleiss1971.csv" \
    -o out/a.csv
oom "agree --paired" agree --paired coder_a,coder_b:coder_c,coder_d --weights quadratic \
    "$ROOT/datasets/reference/krippendorff2011.csv" -o out/a.md
oom "agree --alpha-bootstrap --alpha-min" \
    agree --alpha-metric ordinal --alpha-bootstrap 50 --alpha-min 0.8 --seed 3 --format csv \
    "$FIX/agree_ord4.csv" -o out/a.csv
oom "agree --kappa-range" agree --kappa-range 22/24 --format md -o out/a.md
oom "fit on word grades" fit --outcome grade --terms phase --format csv describe.csv -o out/f.csv
oom "fit fixed" fit --outcome rating --terms temp,contact --link probit "$FIX/clm_wine.csv" \
    -o out/fit.txt
# To standard output: held until the end, so a failure writes none of it.
oom "fit fixed, to stdout" fit --outcome rating --terms temp,contact "$FIX/clm_wine.csv"
# Interactions (design_interaction.c): the terms expanded, their columns
# and names, and the margins by an interaction's levels.
oom "fit interactions, --margins by one" \
    fit --outcome rating --terms "temp*contact*bottle,judge" --factor judge --margins contact:temp \
    --format csv "$FIX/clm_wine.csv" -o out/fit.csv
# Parts that are no terms of their own (their values in aux) and a column
# left out as aliased; margins set a hidden part; --test keeps them.
oom "fit interactions of hidden parts, aliased, --margins" \
    fit --outcome rating --terms temp:contact --margins temp:contact --format csv \
    "$FIX/clm_wine.csv" -o out/fit.csv
oom "fit a part by every level, --test" \
    fit --outcome rating --terms contact,temp:contact,bottle:temp --test all \
    "$FIX/clm_wine.csv" -o out/fit.txt
# --test refits without each term (a reduced design sharing the full one's
# memory), --nominal-test fits its own models: text tables and csv rows.
oom "fit mixed --test, --nominal-test" \
    fit --outcome rating --terms temp,contact --group judge --quad 1 --test all --nominal-test \
    "$FIX/clm_wine.csv" -o out/fit.txt
oom "fit --test, --nominal-test, csv" \
    fit --outcome rating --terms temp,contact --test contact --nominal-test --format csv \
    "$FIX/clm_wine.csv" -o out/fit.csv
# --years-between, --band and --where (derive.c): new columns, their
# levels, rows dropped and the numbers of a column made numeric again.
cat >schools.csv <<'EOF'
urn,phase,pupils,code,inspection_date,previous_inspection_date,overall_effectiveness,previous_overall_effectiveness
1,Primary,45,x,2023-03-01,2019-03-01,2,2
2,Primary,120,7,01/09/2022,01/09/2012,1,2
3,Primary,249,8,2024-02-29,2020-02-29,2,3
4,Primary,250,9,2021-06-30,2015-06-30,3,3
5,Primary,310,,2022-01-10,2021-01-10,2,
6,Secondary,1200,3,2019-05-05,2010-05-05,2,1
7,Secondary,980,4,2023-11-20,2021-11-20,4,3
8,Secondary,1010,5,2022-07-01,2018-07-01,2,2
EOF
oom "agree --years-between, --band, --where" \
    agree --unit urn --raters previous_overall_effectiveness,overall_effectiveness \
    --years-between years=previous_inspection_date,inspection_date --band gap=years:3,5 \
    --where "previous_overall_effectiveness>=1" --where "gap!=under 3" schools.csv -o out/a.txt
oom "fit --band, --where (a column made numeric)" \
    fit --outcome overall_effectiveness --terms code --band size=pupils:250 \
    --where "urn>1" --where "size!=x" --format csv schools.csv -o out/f.csv
oom "describe --band, --where with an ordering" \
    describe --outcome phase --by size --band size=pupils:100,250 --where "pupils>=45" \
    schools.csv -o out/d.txt
oom "describe --where, --compare" \
    describe --outcome grade --by gender --categories "$G" --where phase=Primary --compare \
    describe.csv -o out/d.txt
oom "describe --cluster" \
    describe --outcome grade --by gender --cluster inspector --format csv cluster.csv -o out/d.csv
oom "describe, grades as a scale's words and codes" \
    describe --outcome grade --by gender --format csv describe.csv -o out/d.csv
oom "describe --categories ofsted" \
    describe --outcome grade_num --by gender --categories ofsted describe.csv -o out/d.txt
oom "describe --proportions" \
    describe --proportions --format md "$ROOT/datasets/published/naht2025_surveys.csv" -o out/p.md
oom "fit --margins --margins-tails" \
    fit --outcome grade --categories "$G" --terms gender,phase --margins gender --margins-tails \
    --format csv describe.csv -o out/m.csv
oom "describe --proportions, figures as published" \
    describe --proportions --format csv published.csv -o out/p.csv
oom "describe --proportions --by --difference" describe --proportions --by group --outcome category \
    --difference requires_improvement=requires_improvement_or_inadequate-inadequate --format md \
    --sum total=outstanding+good+requires_improvement+inadequate \
    "$ROOT/datasets/published/bokhove2023_primary_by_gender.csv" -o out/p.md
oom "describe --by-period term" \
    describe --outcome grade --by-period term --date date --format csv dated.csv -o out/d.csv
oom "import ofsted 2024" import ofsted "$FIX/ofsted/latest_2024.csv" -o out/i.csv
oom "import ofsted report cards (Windows-1252)" import ofsted "$FIX/ofsted/report_cards_2026.csv" -o out/i.csv
oom "import ofsted pandas round trip" import ofsted "$FIX/ofsted/official_2023_pandas.csv" -o out/i.csv
oom "import ofsted 2005-2015" import ofsted --format json "$FIX/ofsted/historical_2005_2015.csv" \
    -o out/i.json
printf 'inspectors = 6\ninspections = 40\ncategories = a, b, c\nthresholds = -1, 1\nschools = 15\nschool_sd = 0.5\nareas = 2\ndouble_inspections = 2\nschool p = A:0.5, B:0.5\ninspector g = f:0.5, m:0.5\n' >sch.spec
oom "simulate with schools and areas" simulate --spec sch.spec -o out/s.csv --schools-out out/sc.csv \
    --inspectors-out out/i.csv --double out/d.csv
oom "simulate --truth" simulate --spec sch.spec -o out/s.csv --truth out/t.csv
# The power simulations: replicates on threads, each thread's workspace
# made when it starts (a thread short of memory fails the run, whichever
# replicates it would have taken).
oom "power agree" power agree --probs 0.5,0.3,0.2 --agreement 0.7 --n 30 --reps 20 --seed 1 \
    -o out/p.txt
oom "power agree --kappa --half-width" power agree --probs 50,30,20 --kappa 0.4 --n 10 --reps 5 \
    --half-width 0.9 --format csv -o out/p.csv
printf 'inspectors = 6\ninspections = 40\ncategories = a, b, c\nthresholds = -1, 1\nschool p = A:0.5, B:0.5\ninspector g = f:0.5, m:0.5\n' >pw.spec
oom "power fit" power fit --spec pw.spec --term p --reps 3 --inspections 40 --inspectors 6 \
    --seed 2 -o out/p.csv
printf 'layout = ofsted_mi\nschools = 60\nlocal_authorities = 9\n' >mi.spec
oom "simulate ofsted_mi" simulate --spec mi.spec -o out/mi.csv
if command -v gnuplot >/dev/null 2>&1; then
    oom "chart stacked" chart stacked describe_out.csv -o out/c.svg
    oom "chart forest" chart forest fit_out.csv -o out/c.svg
    oom "chart caterpillar" chart caterpillar effects_out.csv -o out/c.svg
    oom "chart agreement" chart agreement agree_out.csv -o out/c.svg
    oom "chart heatmap" chart heatmap table_out.csv -o out/c.svg
    # Issue 17: a note for categories of no known order, fractions read as
    # percents (with a note), agreement in panels (percent agreement, ICC).
    printf 'group,category,percent\nall,pear,0.3\nall,apple,0.5\nall,fig,0.2\n' >fruit_frac.csv
    oom "chart stacked, unordered fractions" chart stacked fruit_frac.csv -o out/c.svg
    printf 'u,a,b\n1,1,1\n2,2,2\n3,3,2\n4,1,2\n5,2,2\n6,3,3\n7,1,1\n' >icc_pair.csv
    "$ICSTAT" agree --icc --weights linear --format csv icc_pair.csv >panels_out.csv 2>/dev/null
    oom "chart agreement, panels" chart agreement panels_out.csv -o out/c.svg --size 800x600
    oom "chart margins" chart margins margins_out.csv -o out/c.svg
    # Issue 17: a csv without the column conf (an older icstat's), whose
    # chart says the level it read back after its source line.
    cut -d, -f1-12 agree_out.csv >agree_noconf.csv
    oom "chart agreement, no column conf" chart agreement agree_noconf.csv -o out/c.svg
    oom "chart compare" chart compare compare_out.csv -o out/c.svg
    oom "chart trend" chart trend trend_out.csv -o out/c.svg
    oom "chart proportions, a base of at least n and none" \
        chart proportions published_out.csv -o out/c.svg
    # Issue 17: a png at a resolution (its pHYs chunk written), a style
    # file, the user's own figures, and a chart drawn from an edited script.
    printf 'COLOUR_1 = "#123456"\n' >style.gp
    oom "chart png --dpi --style" chart stacked describe_out.csv -o out/c.png --dpi 150 \
        --style style.gp --size 600x400
    printf 'label,percent\nA,17\nB,91\n' >own.csv
    oom "chart proportions --no-intervals --no-n" chart proportions own.csv -o out/c.svg \
        --no-intervals --no-n
    rm -rf kept && mkdir kept
    "$ICSTAT" chart stacked describe_out.csv -o kept/c.svg 2>/dev/null &&
        sed 's/^TITLE = .*/TITLE = "Edited"/' kept/c.gp >kept/e && mv kept/e kept/c.gp
    oom "chart from an edited script" chart stacked describe_out.csv -o kept/c.svg
else
    echo "oom: gnuplot is not installed: chart is not tested (Debian: apt-get install gnuplot-nox)"
fi

echo "oom: $pass passed, $fail failed$([ "$PARTS" -gt 1 ] && echo " (part $((PART + 1)) of $PARTS)")"
[ "$fail" = 0 ]
