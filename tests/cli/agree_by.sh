#!/bin/sh
# agree_by.sh — `icstat agree --by COL`, `--compare`, `--ref` and `--paired
# A,B:C,D` (issue 18, item 6).  A level's block is the level alone (--where
# COL=LEVEL with the whole file's categories), bootstrap included, to the
# csv's last digit; the differences are irrCAC's
# (tests/fixtures/agree_difference_values.csv, made by
# tests/r/agree_difference_reference.R) within 1e-8 relative (the csv's 10
# significant digits); the errors name what is wrong with the right exit.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/agree_by.sh
set -u
NAME=agree-by
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
FX=$ROOT/tests/fixtures
FL=$FX/agree_by_fleiss1971.csv
O4=$FX/agree_by_ord4_long.csv
KR=$ROOT/datasets/reference/krippendorff2011.csv
P6=psychiatrist_1,psychiatrist_2,psychiatrist_3,psychiatrist_4,psychiatrist_5,psychiatrist_6
FLCATS="Depression,Neurosis,Other,Personality disorder,Schizophrenia"

same() { if cmp -s "$2" "$3"; then ok; else bad "$1: $(diff "$2" "$3" | head -4)"; fi; }
agree() { "$ICSTAT" agree --format csv "$@" >out.csv 2>err.txt || bad "agree $*: exit $?"; }
# level_rows LEVEL: the rows of out.csv for LEVEL, without the group column.
level_rows() { awk -F, -v l="$1" 'NR == 1 { sub(/^group,/, ""); print; next }
    $1 == l { sub(/^[^,]*,/, ""); print }' out.csv; }

# A level's block is the level alone, with the whole file's categories.
for w in identity linear; do
    case $w in linear) cats=1,2,3,4 ;; *) cats=1,2,3,4 ;; esac
    agree --by phase --long unit,rater,rating --weights $w --bootstrap 200 --seed 5 "$O4"
    cp out.csv by.csv
    for level in Primary Secondary Special; do
        cp by.csv out.csv; level_rows "$level" >got.csv
        agree --where "phase=$level" --long unit,rater,rating --weights $w --categories $cats \
            --bootstrap 200 --seed 5 "$O4"
        same "--by phase, $w, bootstrap: level $level = --where phase=$level" got.csv out.csv
    done
done
agree --by ward "$FL"; cp out.csv by.csv
for level in North South; do
    cp by.csv out.csv; level_rows "$level" >got.csv
    agree --where "ward=$level" --raters "$P6" --categories "$FLCATS" "$FL"
    same "--by ward (wide, the column left out of the raters): $level" got.csv out.csv
done
# --se unconditional and Krippendorff's bootstrap per level too.
agree --by ward --se unconditional --alpha-bootstrap 300 --alpha-min 0.4 --seed 4 "$FL"
cp out.csv by.csv
for level in North South; do
    cp by.csv out.csv; level_rows "$level" >got.csv
    agree --where "ward=$level" --raters "$P6" --categories "$FLCATS" --se unconditional \
        --alpha-bootstrap 300 --alpha-min 0.4 --seed 4 "$FL"
    same "--by ward --se unconditional --alpha-bootstrap: $level" got.csv out.csv
done
head -1 by.csv | grep -q '^group,coefficient,estimate,se,' && ok || bad "--by csv: no leading group column"
"$ICSTAT" agree "$FL" --raters "$P6" --format csv | head -1 | grep -q '^coefficient,' && ok ||
    bad "without --by: a group column"
"$ICSTAT" agree --by ward "$FL" >text.txt 2>&1
[ "$(grep -c '^Agreement in .*, ward = ' text.txt)" = 2 ] && ok || bad "--by text: not a block per level"

# Differences against irrCAC: wanted CASE TEST WEIGHTS, then compare out.csv.
# The fixture quotes every field but the last (units), and rater sets hold
# commas: split it on '","'; icstat's side is read as tsv.
check() {
    "$ICSTAT" agree --format tsv "$@" >out.tsv 2>/dev/null || bad "agree $*: exit $?"
    awk -F'\t' -v c="$CASE" -v t="$TEST" -v w="$WEIGHTS" 'NR == FNR { u = $0; sub(/.*,/, "", u)
            line = $0; sub(/,[^,]*$/, "", line); gsub(/^"|"$/, "", line); split(line, f, "\",\"")
            if (f[1] == c && f[2] == t && f[3] == w)
                want[f[4] "|" f[5] "|" f[6]] = f[7] " " f[8] " " f[9] " " f[10] " " f[11] " " u; next }
        FNR == 1 { next }
        { k = $1 "|" $2 "|" $3; seen[$2 "|" $3] = 1; if (!(k in want)) next; n++; split(want[k], x, " ")
          got[1] = $5; got[2] = $6; got[3] = $10; got[4] = $12; got[5] = $13; got[6] = $14
          for (i = 1; i <= 6; i++) { d = got[i] - x[i]; if (d < 0) d = -d
              s = x[i] < 0 ? -x[i] : x[i]; if (d > 1e-8 * (s > 1 ? s : 1)) { print k, i, got[i], x[i]; bad++ } }
          delete want[k] }
        END { for (k in want) { split(k, y, "|"); if ((y[2] "|" y[3]) in seen) { print "missing", k; bad++ } }
              if (n == 0) bad++; exit bad > 0 }' \
        "$FX/agree_difference_values.csv" out.tsv >check.txt && ok ||
        bad "$CASE $TEST $WEIGHTS: $(head -3 check.txt)"
}
CASE=fleiss1971 TEST=independent WEIGHTS=unweighted
check --by ward --compare "$FL"
CASE=ord4_long
check --by phase --ref Primary --compare --long unit,rater,rating "$O4"
WEIGHTS=quadratic
check --by phase --compare --weights quadratic --long unit,rater,rating "$O4"
CASE=fleiss1971 TEST=paired WEIGHTS=unweighted
check --paired psychiatrist_1,psychiatrist_2:psychiatrist_3,psychiatrist_4 "$FL"
check --paired psychiatrist_1,psychiatrist_2,psychiatrist_3:psychiatrist_4,psychiatrist_5,psychiatrist_6 "$FL"
for WEIGHTS in unweighted quadratic; do
    ww=$WEIGHTS; [ "$WEIGHTS" = unweighted ] && ww=identity
    CASE=ord4_long
    check --paired rater_1,rater_2:rater_3,rater_4 --weights $ww --long unit,rater,rating "$O4"
    CASE=kripp2011
    check --paired coder_a,coder_b:coder_c,coder_d --weights $ww "$KR"
done
CASE=gwet_pairedcac WEIGHTS=unweighted
S1=RaterA_1,RaterB_1,RaterC_1,RaterD_1
check --paired $S1:RaterA_2,RaterB_2,RaterC_2,RaterD_2 "$FX/agree_paired_gwet.csv"
check --paired $S1:RaterA_2,RaterB_2,RaterC_2 "$FX/agree_paired_gwet.csv"
# The worked example as pairedCAC's README prints it (Gwet 2016's method):
# Fleiss' kappa 0.3856655 and 0.7248495, difference 0.339184 (second minus
# first), se 0.1574322, p 0.04910569 on 14 df.
"$ICSTAT" agree --paired $S1:RaterA_2,RaterB_2,RaterC_2,RaterD_2 --format csv \
    "$FX/agree_paired_gwet.csv" 2>/dev/null | awk -F'"' '/^fleiss_kappa,/ { print $5 }' |
    awk -F, '{ w[3] = -0.339184; w[4] = 0.1574322; w[7] = 0.95; w[8] = 14; w[9] = 0.04910569
               w[10] = 0.3856655; w[11] = 0.7248495
               for (i in w) { d = $i - w[i]; if (d < 0) d = -d; if (d > 5e-7) bad = 1 }
               n++ } END { exit bad || n != 1 }' && ok ||
    bad "--paired on pairedCAC's example: not its printed figures"
agree --paired coder_a,coder_b:coder_c,coder_d "$KR"
head -1 out.csv | grep -q '^coefficient,group,reference,test,estimate,se,ci_low,ci_high,conf,df,p_value,' &&
    ok || bad "--compare csv columns: $(head -1 out.csv)"
grep -q 'rated by only one of the two sets left out' err.txt && ok ||
    bad "--paired: no note on the units one set rated"
agree --by phase --ref Special --compare --long unit,rater,rating "$O4"
[ "$(cut -d, -f3 out.csv | sort -u | grep -c Special)" = 1 ] && ! grep -q ',Special,Special,' out.csv &&
    ok || bad "--ref Special: not the reference"
# Same input, same output (bootstrap per level from --seed).
"$ICSTAT" agree --by phase --long unit,rater,rating --bootstrap 50 --seed 9 "$O4" >a.txt 2>&1
"$ICSTAT" agree --by phase --long unit,rater,rating --bootstrap 50 --seed 9 "$O4" >b.txt 2>&1
same "--by --bootstrap twice" a.txt b.txt

# Errors: usage (exit 1) and data (exit 2), each naming its problem.
run 1 "icstat agree: --compare needs --by or --paired" agree --compare "$FL"
run 1 "icstat agree: --ref needs --by" agree --ref North "$FL"
run 1 "icstat agree: --table with --by: run once per level (--where COL=LEVEL)" \
    agree --by ward --table "$FL"
run 1 "icstat agree: --by needs the raw rows, which --crosstab does not give" \
    agree --by ward --crosstab "$FX/agree_crosstab_two.csv"
run 1 "icstat agree: --by compares groups of units, --paired sets of raters on the same units; give one" \
    agree --by ward --paired a,b:c,d "$FL"
run 1 "icstat agree: --paired names rater 'psychiatrist_2' in both sets: the sets must be apart" \
    agree --paired psychiatrist_1,psychiatrist_2:psychiatrist_2,psychiatrist_3 "$FL"
run 1 "icstat agree: --paired names rater 'a' twice in a set" agree --paired a,a:c,d "$FL"
run 1 "icstat agree: --paired: each set needs two or more raters ('a' has 1)" \
    agree --paired a:c,d "$FL"
run 1 "icstat agree: --paired takes two sets of raters as A,B:C,D (got 'a,b')" \
    agree --paired a,b "$FL"
run 1 "icstat agree: --paired names its own rater columns; leave out --raters" \
    agree --paired a,b:c,d --raters a,b "$FL"
run 1 "icstat agree: --paired with --se unconditional: the paired difference's se is conditional on the raters; leave out --se" \
    agree --paired a,b:c,d --se unconditional "$FL"
run 2 "icstat: $FL: --by names 'nope', which is not a column of the file" agree --by nope "$FL"
run 2 "icstat: $FL: --paired names 'psychiatrist_9', which is not a column of the file" \
    agree --paired psychiatrist_1,psychiatrist_2:psychiatrist_9,psychiatrist_3 "$FL"
run 2 "icstat: $O4: --paired names rater 'rater_9', who rated nothing in the file" \
    agree --paired rater_1,rater_2:rater_9,rater_3 --long unit,rater,rating "$O4"
run 1 "icstat: --by 'patient' is the unit column; give a column that describes units" \
    agree --by patient "$FL"
run 1 "icstat: --by 'rating' is one of the --long columns; give a column that describes units" \
    agree --by rating --long unit,rater,rating "$O4"
run 2 "icstat: $O4: --ref 'Nursery' is not a level of 'phase' among the rated units" \
    agree --by phase --ref Nursery --compare --long unit,rater,rating "$O4"
awk -F, -v OFS=, 'NR == 1 || $1 != 3 || $4 != "Primary" { print; next } { $4 = "Secondary"; print; exit }
    ' "$O4" >/dev/null
awk -F, -v OFS=, 'NR == 3 { $4 = "Secondary" } { print }' "$O4" >varies.csv
run 2 "icstat: varies.csv:3: --by 'phase' is 'Secondary' for unit '1' here but 'Primary' on line 2: a unit's --by value must be the same on each of its rows" \
    agree --by phase --long unit,rater,rating varies.csv
awk -F, -v OFS=, 'NR == 1 || $1 <= 29 { print } NR > 1 && $1 == 30 { $8 = "East"; print }' "$FL" >lonely.csv
run 2 "icstat: lonely.csv: --by 'ward': level 'East' has 1 rated unit; each level needs at least two (a standard error needs two)" \
    agree --by ward lonely.csv
awk -F, -v OFS=, 'NR == 1 || $1 > 14 { print }' "$FL" >one.csv
run 2 "icstat: one.csv: --compare: 'ward' has one level ('South') among the rated units; there is nothing to compare" \
    agree --by ward --compare one.csv
awk -F, -v OFS=, 'NR == 1 { print; next } $1 <= 2 { $4 = ""; $5 = "" } { print }' "$FL" >gaps.csv
run 2 "icstat: gaps.csv: --paired: 1 unit is rated by both sets; a paired difference needs at least two" \
    agree --paired psychiatrist_1,psychiatrist_2:psychiatrist_3,psychiatrist_4 --where patient\<=3 gaps.csv

echo "agree_by: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
