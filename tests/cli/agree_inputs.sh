#!/bin/sh
# agree_inputs.sh — `icstat agree --crosstab`, `--counts` and `--weights
# FILE` (issue 18, items 1-3), and the silent wrong results of items 9-11.
# The summaries must give what the raw rows give, to the last printed
# digit (the csv's 10 significant digits: byte-identical csv), and what
# irrCAC gives (tests/fixtures/agree_inputs_values.csv, made by
# tests/r/agree_inputs_reference.R) within 1e-9.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/agree_inputs.sh
set -u
NAME=agree-inputs
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
FX=$ROOT/tests/fixtures
REF=$ROOT/datasets/reference

# same NAME FILE1 FILE2: byte-identical files.
same() { if cmp -s "$2" "$3"; then ok; else bad "$1: $(diff "$2" "$3" | head -4)"; fi; }
# agree ARGS...: the csv of `icstat agree ARGS` into out.csv (stderr: err.txt).
agree() { "$ICSTAT" agree --format csv "$@" >out.csv 2>err.txt || bad "agree $*: exit $?"; }
# No rows for the coefficients that counts cannot give.
counts_rows() { grep -v -e '^cohen_kappa,' -e '^conger_kappa,' -e '^icc_2_' -e '^icc_3_' "$1"; }

# --counts = the wide file it counts, every coefficient the counts determine.
for set in "fleiss1971_diagnoses.csv agree_counts_fleiss1971.csv" \
           "krippendorff2011.csv agree_counts_kripp2011.csv" \
           "agree_ord4.csv agree_counts_ord4.csv" "agree_two.csv agree_counts_two.csv"; do
    wide=${set% *} counts=$FX/${set#* }
    [ -f "$REF/$wide" ] && wide=$REF/$wide || wide=$FX/$wide
    case $wide in *fleiss*) opts="--weights=identity" ;;
        *) opts="--weights=identity --weights=linear --weights=quadratic --weights=ordinal
                 --weights=radical --alpha-metric=interval --alpha-metric=ordinal --icc" ;; esac
    for o in $opts; do
        agree "$o" "$wide"; counts_rows out.csv >wide.csv
        agree --counts "$o" "$counts"
        same "--counts $o ${set#* }" wide.csv out.csv
    done
done
# --unit names the unit column anywhere; --categories orders the labels
# (and may add one nobody chose) as for the wide file.
awk -F, -v OFS=, '{ u = $1; for (i = 1; i < NF; i++) $i = $(i + 1); $NF = u; print }' \
    "$FX/agree_counts_ord4.csv" >unit_last.csv
agree --counts --weights quadratic "$FX/agree_counts_ord4.csv"; mv out.csv first.csv
agree --counts --weights quadratic --unit unit unit_last.csv
same "--counts --unit (the unit column last)" first.csv out.csv
agree --weights linear --categories 5,4,3,2,1 "$FX/agree_ord4.csv"; counts_rows out.csv >wide.csv
agree --counts --weights linear --categories 5,4,3,2,1 "$FX/agree_counts_ord4.csv"
same "--counts --categories 5,4,3,2,1" wide.csv out.csv
agree --counts "$FX/agree_counts_two.csv"
grep -q '^scott_pi,' out.csv && grep -q '^pabak,' out.csv && ok ||
    bad "--counts of two raters: no Scott's pi or PABAK (functions of the counts)"
agree --counts "$FX/agree_counts_fleiss1971.csv"
grep -q "conger_kappa left out: they need to know which rater gave which rating" err.txt && ok ||
    bad "--counts: no note on the coefficients left out"
agree --counts --icc "$FX/agree_counts_ord4.csv"
grep -q "conger_kappa, icc_2_1, icc_3_1, icc_2_k, icc_3_k left out" err.txt && ok ||
    bad "--counts --icc: two-way ICC forms not named as left out"
grep -q '^icc_1_1,' out.csv && grep -q '^icc_1_k,' out.csv && ok || bad "--counts --icc: no one-way ICC"

# --crosstab = the raw rows of the units both raters rated.
for o in identity linear quadratic ordinal radical ratio circular bipolar; do
    agree --weights "$o" --alpha-metric interval --icc --raters rater_a,rater_b \
        "$FX/agree_two.csv" 2>/dev/null
    # raw rows of the complete pairs only (the table holds nothing else)
    awk -F, 'NR == 1 || ($2 != "" && $3 != "")' "$FX/agree_two.csv" >pairs.csv
    agree --weights "$o" --alpha-metric interval --icc pairs.csv; mv out.csv rows.csv
    agree --crosstab --weights "$o" --alpha-metric interval --icc "$FX/agree_crosstab_two.csv"
    same "--crosstab --weights $o agree_crosstab_two.csv" rows.csv out.csv
done
agree --raters psychiatrist_1,psychiatrist_2 "$REF/fleiss1971_diagnoses.csv"; mv out.csv rows.csv
agree --crosstab "$FX/agree_crosstab_fleiss12.csv"
same "--crosstab agree_crosstab_fleiss12.csv" rows.csv out.csv
# Rows and columns in other orders and sets (category C used by the column
# rater only), the corner named, --categories ordering them.
printf 'lead \\ second,C,B,A\nA,0,1,4\nB,2,3,0\n' >xt.csv
printf 'unit \\ b,C,B,A\nA,0,1,4\nB,2,3,0\n' >xt_unit.csv
printf ' \\ b,C,B,A\nA,0,1,4\nB,2,3,0\n' >xt_empty.csv
for f in xt_unit.csv xt_empty.csv; do
    "$ICSTAT" agree --crosstab --table "$f" 2>&1 | grep -q "rows 'rows', columns 'columns'" && ok ||
        bad "--crosstab $f: unusable corner names not replaced by rows, columns"
done
printf 'unit,lead,second\n1,A,B\n2,A,A\n3,A,A\n4,A,A\n5,A,A\n6,B,C\n7,B,C\n8,B,B\n9,B,B\n10,B,B\n' >xt_rows.csv
for o in "--weights identity" "--weights quadratic --categories A,B,C" \
         "--weights linear --categories C,B,A"; do
    # shellcheck disable=SC2086
    { agree $o xt_rows.csv; mv out.csv rows.csv; agree --crosstab $o xt.csv; }
    same "--crosstab $o (ragged sets)" rows.csv out.csv
done
"$ICSTAT" agree --crosstab --table xt.csv >table.txt 2>&1
grep -q "^lead " table.txt && grep -q "rows .lead., columns .second." table.txt && ok || bad "--crosstab --table: no matrix with the corner's names"

# irrCAC: every row of the fixture within 1e-9.
tail -n +2 "$FX/agree_inputs_values.csv" | while IFS=, read -r file mode w coef est se _ _; do
    case $w in
    custom) case $file in *two*|*ord4*) wa=$FX/agree_weights_custom4.csv ;;
                          *) wa=$FX/agree_weights_custom5.csv ;; esac ;;
    *) wa=$w ;;
    esac
    "$ICSTAT" agree --format csv "--$mode" --weights "$wa" "$FX/$file" 2>/dev/null |
        awk -F, -v c="$coef" -v e="$est" -v s="$se" -v what="$file $w $coef" '
            function off(a, b) { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b;
                                 return d > 1e-9 * (m > 1 ? m : 1) }
            $1 == c { found = 1; if (off($2, e) || off($3, s)) {
                printf "FAIL: %s: %s %s, irrCAC %s %s\n", what, $2, $3, e, s; exit 1 } }
            END { if (!found) { printf "FAIL: %s: no row\n", what; exit 1 } }' ||
        echo x >>r_fail
done
if [ -f r_fail ]; then bad "irrCAC values: $(wc -l <r_fail) rows off"; else ok; fi

# --weights FILE = the built-in family when the matrix is the family's
# (irrCAC's linear.weights/quadratic.weights(1:5): exact binary fractions).
for w in quadratic linear; do
    for in in "$REF/krippendorff2011.csv" "--counts $FX/agree_counts_kripp2011.csv"; do
        # shellcheck disable=SC2086
        { agree --weights "$w" --alpha-metric ordinal $in; sed "s/,$w,/,W,/" out.csv >fam.csv
          agree --weights "$FX/agree_weights_${w}5.csv" --alpha-metric ordinal $in
          sed "s/,custom,/,W,/" out.csv >own.csv; }
        same "--weights agree_weights_${w}5.csv = --weights $w ($in)" fam.csv own.csv
    done
done
agree --weights "$FX/agree_weights_custom5.csv" "$REF/krippendorff2011.csv"
[ "$(awk -F, '$1 == "gwet_ac" { print $11 }' out.csv)" = custom ] && ok ||
    bad "--weights FILE: weights column not 'custom'"
# Text categories need no order with a matrix of one's own.
printf ',yes,no\nyes,1,0.2\nno,0.2,1\n' >yn_w.csv
printf 'u,a,b\n1,yes,yes\n2,no,yes\n3,no,no\n' >yn.csv
run 0 - agree --weights yn_w.csv yn.csv

# Bad tables: exit 2, FILE:LINE, no output.
printf ',A,B\nA,1,2.5\nB,0,1\n' >frac.csv
printf ',A,B\nA,1,-2\nB,0,1\n' >neg.csv
printf ',A,A\nA,1,2\nB,0,1\n' >twicecol.csv
printf ',A,B\nA,1,2\nB,0,1\nA,3,3\n' >twicerow.csv
printf ',A,B\nA,1,2\nB,0\n' >ragged.csv
printf ',A,B\nA,1,\nB,0,1\n' >hole.csv
printf ',A,B\nA,0,0\nB,0,0\n' >zero.csv
for case in \
    "frac.csv|icstat: frac.csv:2: cell (row 'A', column 'B') is 2.5: a count of units must be a whole number, 0 or more" \
    "neg.csv|icstat: neg.csv:2: cell (row 'A', column 'B') is -2: a count of units must be a whole number, 0 or more" \
    "twicecol.csv|icstat: twicecol.csv:1: column label 'A' is given twice (fields 2 and 3)" \
    "twicerow.csv|icstat: twicerow.csv:4: row label 'A' is given twice (lines 2 and 4)" \
    "ragged.csv|icstat: ragged.csv:3: row has 2 fields but the label row has 3" \
    "hole.csv|icstat: hole.csv:2: cell (row 'A', column 'B') is empty or missing: every cell needs a number (0 for none)" \
    "zero.csv|icstat: zero.csv:1: every count is 0: the table has no units"; do
    run 2 "${case#*|}" agree --crosstab "${case%%|*}" -o out2.csv
    if [ -e out2.csv ]; then bad "${case%%|*}: left an output file"; else ok; fi
done
run 2 "icstat: xt.csv:2: column 'second' has value 'B' that is not in --categories" \
    agree --crosstab --categories A,C xt.csv
printf 'unit,A,B\n1,2,1\n2,1.5,1\n' >cfrac.csv
printf 'unit,A,B\n1,2,1\n2,,1\n' >chole.csv
printf 'unit,A,B\n1,1,0\n2,0,1\n' >cone.csv
for case in \
    "cfrac.csv|icstat: cfrac.csv:3: column 'A' has '1.5': a count of raters must be a whole number from 0 to 100000" \
    "chole.csv|icstat: chole.csv:3: column 'A' is empty: every cell holds how many raters chose that category (0 for none)" \
    "cone.csv|icstat: cone.csv: no unit has two ratings or more: agreement needs units rated at least twice"; do
    run 2 "${case#*|}" agree --counts "${case%%|*}"
done
printf ',1,2\n1,1,0.5\n2,0.4,1\n' >wasym.csv
printf ',1,2\n1,0.9,0.5\n2,0.5,1\n' >wdiag.csv
printf ',1,2\n1,1,1.5\n2,1.5,1\n' >wbig.csv
printf ',1,3\n1,1,0.5\n3,0.5,1\n' >wcat.csv
printf ',1,2\n1,1,0.5\n2,0.5,1\n' >wok.csv
printf 'u,a,b\n1,1,2\n2,2,2\n3,1,1\n' >r12.csv
for case in \
    "wasym.csv|icstat: wasym.csv:2: the weights are not symmetric: (row '1', column '2') is 0.5 but (row '2', column '1') on line 3 is 0.4" \
    "wdiag.csv|icstat: wdiag.csv:2: weight (row '1', column '1') is 0.9: agreement on the same category weighs 1" \
    "wbig.csv|icstat: wbig.csv:2: weight (row '1', column '2') is 1.5: weights are between 0 and 1" \
    "wcat.csv|icstat: wcat.csv:3: category '3' is not among the ratings' categories; list every category, in order, with --categories to use it"; do
    run 2 "${case#*|}" agree --weights "${case%%|*}" r12.csv
done
run 2 "icstat: wok.csv:1: the weight matrix has no row for category '3'" \
    agree --weights wok.csv --categories 1,2,3 r12.csv
run 2 "icstat: nothere.csv: cannot open file: No such file or directory" agree --weights nothere.csv r12.csv
run 1 "icstat agree: unknown --weights 'cubic' (use identity, linear, quadratic, ordinal, radical, ratio, circular, bipolar or a csv file)" \
    agree --weights cubic r12.csv
run 1 "icstat agree: --crosstab and --counts are two layouts of FILE; give one" agree --crosstab --counts xt.csv
run 1 "icstat agree: --crosstab reads no rater columns; leave out --raters" agree --crosstab --raters a,b xt.csv
run 1 "icstat agree: --counts reads no rater columns; leave out --long" agree --counts --long a,b,c xt.csv
run 1 "icstat agree: --crosstab has no unit column; leave out --unit" agree --crosstab --unit u xt.csv
run 1 "icstat agree: --crosstab: --years-between, --band and --where need the raw rows" \
    agree --crosstab --where a=1 xt.csv
run 1 "icstat agree: --table needs to know which rater gave which rating, which --counts does not tell" \
    agree --counts --table nothere.csv
# A plain wide file that looks like counts gets a pointer to --counts.
printf 'school,Outstanding,Good,Requires improvement,Inadequate\n1,2,1,0,0\n2,0,3,0,0\n3,0,1,1,1\n' >looks.csv
agree looks.csv
grep -q "read the file with --counts" err.txt && ok || bad "counts-shaped wide file: no --counts note"
agree "$FX/agree_two.csv"
grep -q -- "--counts" err.txt && bad "agree_two.csv: --counts note on ordinary ratings" || ok

# Item 9: "High " is "High" (main gave 3 categories, percent agreement 0.5;
# a known scale's words, "Good ", were already matched trimmed).
printf 'urn,lead,second\n1,High,High\n2,High ,High\n3,High,Low\n4,Low,Low\n' >space.csv
printf 'urn,lead,second\n1,Good,Good\n2,Good ,Good\n3,Good,Inadequate\n4,Inadequate,Inadequate\n' >good.csv
agree space.csv
[ "$(awk -F, '$1 == "percent_agreement" { print $2 }' out.csv)" = 0.75 ] && ok ||
    bad "trailing space: percent agreement $(awk -F, '$1 == "percent_agreement" { print $2 }' out.csv), want 0.75"
grep -q 'surrounding spaces removed from 1 rating' err.txt && ok || bad "trailing space: no note"
run 0 - agree --categories "Outstanding,Good,Requires improvement,Inadequate" good.csv
run 0 - agree --categories High,Low space.csv
"$ICSTAT" agree space.csv | grep -q "2 categories" && ok || bad "trailing space: not 2 categories"
printf 'u,a,b\n1,Yes,yes\n2,No,No\n3,Yes,Yes\n' >case.csv
agree case.csv
grep -q "categories 'Yes' and 'yes' differ only in case" err.txt && ok || bad "case twins: no note"

# Item 10: numeric --categories out of order: ranks, said in every format.
printf 'u,a,b\n1,8,8\n2,4,2\n3,2,1\n4,1,1\n5,8,4\n6,2,2\n' >num.csv
agree --weights quadratic --categories 8,4,2,1 num.csv
[ "$(awk -F, '$1 == "fleiss_kappa" { print $11 }' out.csv)" = "rank-quadratic" ] && ok ||
    bad "ranks: csv weights column does not say 'rank-'"
grep -q "distances between categories are their ranks 1 to 4" err.txt && ok || bad "ranks: no note (csv)"
for f in text md json tsv; do
    "$ICSTAT" agree --format $f --weights quadratic --categories 8,4,2,1 num.csv >o.txt 2>&1
    grep -q "ranks 1 to 4" o.txt && grep -q "rank-quadratic" o.txt && ok ||
        bad "ranks: --format $f does not say which distances"
done
agree --weights quadratic --categories 1,2,4,8 num.csv
grep -q "rank-" out.csv err.txt && bad "ranks said for increasing categories" || ok
agree --alpha-metric interval --categories 8,4,2,1 num.csv
[ "$(awk -F, '$1 == "krippendorff_alpha_metric" { print $11 }' out.csv)" = "rank-interval" ] && ok ||
    bad "ranks: interval metric does not say 'rank-'"

# Item 11: after --bootstrap no note speaks of t intervals; the help says
# percent agreement is clipped at 0.
printf 'u,a,b\n1,1,2\n2,2,2\n3,1,1\n4,,1\n5,2,2\n6,1,1\n' >boot.csv
agree --bootstrap 200 boot.csv
grep -q "t intervals" err.txt && bad "--bootstrap: a note still speaks of t intervals" || ok
grep -q "the bootstrap resamples all 6 units" err.txt && ok || bad "--bootstrap: no note on the units resampled"
"$ICSTAT" agree --help | grep -q "\[0, 1\] for percent" && ok || bad "help: percent agreement clipping not said"

echo "agree_inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
