#!/bin/sh
# fit_tests.sh — `icstat fit --test` and `--nominal-test` on the command
# line: the option forms (a list, repeated, "all"), their refusals with
# exit status 1 and no output left, the rows and notes in each format
# against R's values (tests/fixtures/fit_tests_values.csv, from
# tests/r/fit_tests_reference.R), and the model table otherwise unchanged.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/fit_tests.sh
set -u
NAME=cli-fit-tests
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

FIX=$ROOT/tests/fixtures
INS=$FIX/fit_inspections.csv
GRADES="Outstanding,Good,Requires improvement,Inadequate"
MODEL="--outcome grade --categories ofsted --terms phase,pupils,gender,role,experience --join $FIX/fit_inspectors.csv:inspector"

# ---- refusals: exit 1, one line, nothing written ----
# shellcheck disable=SC2086
run 1 "icstat fit: --test names 'colour', which is not a term of the model (its terms: 'phase', 'pupils', 'gender', 'role', 'experience')" \
    fit $MODEL --test gender,colour -o out.csv "$INS"
[ -e out.csv ] && bad "fit --test: output left after a usage error" || ok
# shellcheck disable=SC2086
run 1 "icstat fit: --test names 'gender' twice" fit $MODEL --test gender --test role,gender "$INS"
# shellcheck disable=SC2086
run 1 "icstat fit: --test all tests every term: give it alone, not with other names" \
    fit $MODEL --test all,gender "$INS"
# shellcheck disable=SC2086
run 1 "icstat fit: in csv, --margins replaces the model table that holds the rows of --test; run the two apart" \
    fit $MODEL --test gender --margins gender --format csv "$INS"
# shellcheck disable=SC2086
run 1 "icstat fit: in json, --margins replaces the model table that holds the rows of --nominal-test; run the two apart" \
    fit $MODEL --nominal-test --margins gender --format json "$INS"
run 1 "icstat fit: --nominal-test needs an outcome of three or more categories: --binary has two, and so one cut point with nothing to test" \
    fit --binary "grade_num>=3" --terms phase --nominal-test "$INS"
run 1 "icstat fit: --test all: the model has no terms to test (give them with --terms)" \
    fit --outcome grade --categories "$GRADES" --test all "$INS"
run 1 "icstat fit: --test names 'phase', but the model has no terms (give them with --terms)" \
    fit --outcome grade --categories "$GRADES" --test phase "$INS"
run 1 "icstat fit: option '--test' needs a value" fit --outcome grade --test
run 1 "icstat fit: --test 'gender,' has an empty item" fit --outcome grade --test gender, "$INS"

# ---- the rows, against R (drop1 / nominal_test to 4 decimals) ----
# shellcheck disable=SC2086
run 0 - fit $MODEL --test gender --test pupils --nominal-test --format csv -o t.csv "$INS"
grep -q '^test,gender,2\.2571[56][0-9]*,NA,NA,0\.13299' t.csv && ok || bad "test gender (R 2.257164, p 0.1329974)"
grep -q '^test,pupils,4\.8931[12][0-9]*,NA,NA,0\.02696' t.csv && ok || bad "test pupils (R 4.893117, p 0.02696396)"
grep -q '^nominal_test,gender,5\.0668[45][0-9]*,NA,NA,0\.07938' t.csv && ok || bad "nominal_test gender (R 5.066852)"
grep -q '^nominal_test,experience,1\.1340[12][0-9]*,NA,NA,0\.5672' t.csv && ok || bad "nominal_test experience (R 1.134018)"
[ "$(grep -c '^test,' t.csv)" = 2 ] && ok || bad "--test given twice: want two test rows"
[ "$(grep -c '^nominal_test,' t.csv)" = 5 ] && ok || bad "--nominal-test: want five rows"
grep -q "^icstat: note: test 'gender': likelihood-ratio chi-square on 1 df, against the model without 'gender' refitted on the same 1150 rows" stderr \
    && ok || bad "csv: test note with df on stderr"
grep -q "^icstat: note: nominal_test 'phase': likelihood-ratio chi-square on 2 df" stderr \
    && ok || bad "csv: nominal_test note with df on stderr"
# The rest of the table is the model's without the options.
# shellcheck disable=SC2086
"$ICSTAT" fit $MODEL --format csv "$INS" >plain.csv 2>/dev/null
grep -v -e '^test,' -e '^nominal_test,' t.csv | cmp -s - plain.csv && ok || bad "--test changed the model's rows"
# Same input, same output.
# shellcheck disable=SC2086
"$ICSTAT" fit $MODEL --test gender --test pupils --nominal-test --format csv "$INS" >again.csv 2>/dev/null
cmp -s t.csv again.csv && ok || bad "fit --test output not reproducible"

# all: every term, as drop1.
# shellcheck disable=SC2086
run 0 - fit $MODEL --link probit --test all --format csv -o all.csv "$INS"
[ "$(grep -c '^test,' all.csv)" = 5 ] && ok || bad "--test all: want five rows"
grep -q '^test,role,11\.7863[34]' all.csv && ok || bad "probit test role (R 11.78634)"

# json: the df in the notes; text: a df column.
# shellcheck disable=SC2086
run 0 "" fit $MODEL --test role --format json "$INS"
grep -q "test 'role': likelihood-ratio chi-square on 1 df" stdout && ok || bad "json: df note"
grep -q '"kind": "test"' stdout && ok || bad "json: test row"
# shellcheck disable=SC2086
run 0 "" fit $MODEL --test role --nominal-test "$INS"
grep -q '^Likelihood-ratio tests of terms: each dropped and the model refitted on the same 1150 rows' stdout \
    && ok || bad "text: test table title"
grep -q '^term  *statistic  *df  *p_value' stdout && ok || bad "text: df column"
grep -q '^role  *12\.143  *1  *0\.0005' stdout && ok || bad "text: role row (R 12.14329)"
grep -q '^Proportional odds checked' stdout && ok || bad "text: nominal table"

# Mixed: both fits with the random intercept and the same quadrature.
# shellcheck disable=SC2086
run 0 - fit $MODEL --group inspector --quad 1 --test gender --nominal-test --format csv -o m.csv "$INS"
grep -q '^test,gender,0\.590[78]' m.csv && ok || bad "mixed Laplace test gender (R 0.590827)"
grep -q '^nominal_test,gender,5\.0668' m.csv && ok || bad "mixed: nominal test of the model without the group"
grep -q "^icstat: note: nominal_test: proportional odds is tested in the model without the random intercept for 'inspector'" stderr \
    && ok || bad "mixed: nominal note"
# shellcheck disable=SC2086
run 0 - fit $MODEL --group inspector --quad 7 --test role --format csv -o m7.csv "$INS"
grep -q '^test,role,5\.998[01]' m7.csv && ok || bad "mixed AGQ 7 test role (R 5.998128)"

# A refit whose variance is at its boundary: the test is made, and the note
# says what the smaller model became.
run 0 - fit --outcome grade --terms x --group insp --test x --format csv -o bnd.csv \
    "$FIX/edge/fit_boundary.csv"
grep -q '^test,x,73\.5495' bnd.csv && ok || bad "boundary refit: test x"
grep -q "^icstat: note: test 'x': in the model without 'x' the variance of 'insp' is estimated at its boundary, 0" stderr \
    && ok || bad "boundary refit: note"

# A model with separate effects that has no valid fit: NA and the reason.
run 0 - fit --outcome y --terms g,x --nominal-test --format csv -o na.csv "$FIX/fit_tests_nominal.csv"
grep -q '^nominal_test,g,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA$' na.csv && ok || bad "no valid fit: NA row"
grep -q '^nominal_test,x,2\.2360[78]' na.csv && ok || bad "nominal_test x (R 2.236082)"
grep -q "^icstat: note: nominal_test 'g': the model with separate effects of 'g' at each cut point has no finite maximum" stderr \
    && ok || bad "no valid fit: note"

# Two categories from --outcome: nothing to test, said in the note.
printf 'y,x\n1,0.5\n2,1.5\n1,0.2\n2,0.1\n1,1.1\n2,2.0\n1,-0.3\n2,0.9\n' >two.csv
run 0 - fit --outcome y --terms x --nominal-test --format csv -o two_out.csv two.csv
grep -q '^nominal_test,x,NA,' two_out.csv && ok || bad "two categories: NA row"
grep -q "one cut point" stderr && ok || bad "two categories: note"

run 0 "" fit --help
for opt in --test --nominal-test; do
    grep -q -- "$opt" stdout && ok || bad "fit --help does not mention $opt"
done

echo "cli-fit-tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
