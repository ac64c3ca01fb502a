#!/bin/sh
# Command injection through gnuplot (issue 13): every text that reaches a
# chart's script, in every chart kind, set to hostile strings: backquotes
# running `touch` of a marker, `system("touch ...")` and `!touch ...` on
# lines of their own after a line break or a CR, a line ending in a
# backslash, tabs and other control characters, single and double quotes
# (also in runs, round backquotes), backslashes (also trailing and before
# a backquote), @ macros naming the script's own variables, '#', and text
# that looks like gnuplot's escapes.  The places: --title, --subtitle,
# --note, --xlabel, --ylabel, --labels, --nouns, the names the kind shows from its
# csv, the input file's name (in the default note) and the output file's
# name (the script's DATA and OUTPUT); the command line, in the script's
# header, holds all of them.  For each it checks that icstat exits 0,
# that no marker file appeared, that the chart shows the text (a line
# break as a new line, other control characters as spaces, as the svg
# writes it), that the script's comments stay on their lines, and that
# `gnuplot OUT.gp` by hand draws the same chart and runs nothing either.
# It prints how many injections it tried (strings x kinds x places).
# Run from the repository root: ICSTAT=bin/icstat sh tests/chart/inject.sh
set -u
NAME=inject
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

# run_chart ARGS...: run 0 with nothing on stderr but the note that a
# stacked chart's or a heatmap's categories have no known order (their
# names are hostile words of no scale); anything else there (gnuplot
# complaining, say) fails.
run_chart() {
    run 0 - "$@"
    if grep -v "^icstat: note: .* are words of no known scale " stderr | grep -q .; then
        bad "icstat $*: stderr '$(head -n 1 stderr)'"
    else
        ok
    fi
}

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "inject: gnuplot is not installed, so nothing can be run by it: skipped"
    exit 0
fi

NL='
'
CR=$(printf '\r')
TAB=$(printf '\t')

# hostile K MARK: the K-th hostile string, its commands touching MARK.
# (The backquotes are meant for gnuplot, not for this shell.)
NSTRINGS=11
# shellcheck disable=SC2016
hostile() {
    m=$2
    case $1 in
    1) printf 'x `touch %s` y' "$m" ;;
    2) printf 'T\nsystem("touch %s")\n#' "$m" ;;
    3) printf 'a\rsystem("touch %s")\rb' "$m" ;;
    4) printf 'tab\tsep `touch %s`' "$m" ;;
    5) printf 'c\001d\033e\177f `touch %s`' "$m" ;;
    6) printf "it's \"q\" ''x'' \"\"\" '''\`touch %s\`'''" "$m" ;;
    7) printf 'b\\s \\`touch %s\\` \\"\\\\ end\\' "$m" ;;
    8) printf '"@TITLE @NOTE `touch %s` \\"@DATA' "$m" ;;
    9) printf '#1 "#" ; # x `touch %s`' "$m" ;;
    10) printf 'L1\n!touch %s\n\\140\\100\\n' "$m" ;;
    11) printf 'end\\\nsystem("touch %s")' "$m" ;;
    esac
}

# csvq TEXT: TEXT as a quoted csv field.
csvq() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}

# write_input KIND FILE H: KIND's csv, its names made from H.
write_input() {
    h=$3
    row() { printf '%s\n' "$1"; }
    case $1 in
    stacked)
        {
            echo "group,category,n,total,percent"
            row "$(csvq "$h G1"),$(csvq "$h C1"),40,100,40"
            row "$(csvq "$h G1"),$(csvq "$h C2"),60,100,60"
            row "$(csvq "$h G2"),$(csvq "$h C1"),50,100,50"
            row "$(csvq "$h G2"),$(csvq "$h C2"),50,100,50"
        } ;;
    forest)
        {
            echo "kind,term,estimate,se,z,p_value,ci_low,ci_high"
            row "coef,$(csvq "$h T1"),0.5,0.1,5,0.001,0.304,0.696"
            row "coef,$(csvq "$h T2"),-0.2,0.1,-2,0.05,-0.396,-0.004"
            row "threshold,$(csvq "$h K1|$h K2"),-1,0.1,-10,0.001,-1.196,-0.804"
            echo "fit,n,500,NA,NA,NA,NA,NA"
        } ;;
    caterpillar)
        {
            echo "group,n,effect,se,ci_low,ci_high,rank"
            row "$(csvq "$h I1"),10,-0.5,0.2,-0.892,-0.108,1"
            row "$(csvq "$h I2"),12,0.3,0.2,-0.092,0.692,2"
            row "$(csvq "$h I3"),9,0.6,0.2,0.208,0.992,3"
        } ;;
    agreement)
        {
            echo "dataset,coefficient,estimate,ci_low,ci_high"
            row "$(csvq "$h D1"),$(csvq "$h A1"),0.6,0.5,0.7"
            row "$(csvq "$h D2"),$(csvq "$h A2"),0.4,0.3,0.5"
        } ;;
    heatmap)
        {
            echo "row_category,column_category,count"
            row "$(csvq "$h H1"),$(csvq "$h H1"),30"
            row "$(csvq "$h H1"),$(csvq "$h H2"),5"
            row "$(csvq "$h H2"),$(csvq "$h H1"),4"
            row "$(csvq "$h H2"),$(csvq "$h H2"),20"
        } ;;
    proportions)
        {
            echo "label,count,total,percent,ci_low,ci_high"
            row "$(csvq "$h P1"),1274,1400,91,89.38657812,92.38903784"
            row "$(csvq "$h P2"),868,1400,62,59.42786913,64.50645749"
        } ;;
    power)
        {
            echo "n,coefficient,mean_half_width"
            row "24,$(csvq "$h W1"),0.2"
            row "50,$(csvq "$h W1"),0.15"
        } ;;
    margins)
        {
            echo "level,category,probability,ci_low,ci_high"
            row "$(csvq "$h L1"),$(csvq "$h M1"),0.3,0.25,0.35"
            row "$(csvq "$h L1"),$(csvq "$h M2"),0.7,0.65,0.75"
            row "$(csvq "$h L2"),$(csvq "$h M1"),0.4,0.35,0.45"
            row "$(csvq "$h L2"),$(csvq "$h M2"),0.6,0.55,0.65"
        } ;;
    compare)
        {
            echo "measure,category,group,reference,estimate,ci_low,ci_high,df,p_value"
            echo "chisq,all,all,NA,1.9,NA,NA,1,0.17"
            row "difference,$(csvq "$h Q1"),$(csvq "$h V1"),$(csvq "$h R1"),2.5,-1,6,NA,NA"
            row "risk_ratio,$(csvq "$h Q1"),$(csvq "$h V1"),$(csvq "$h R1"),1.1,0.9,1.3,NA,NA"
        } ;;
    trend)
        {
            echo "group,category,n,total,percent,ci_low,ci_high"
            row "$(csvq "$h E1"),$(csvq "$h N1"),40,100,40,30.9,49.8"
            row "$(csvq "$h E1"),$(csvq "$h N2"),60,100,60,50.2,69.1"
            row "$(csvq "$h E2"),$(csvq "$h N1"),50,100,50,40.4,59.6"
            row "$(csvq "$h E2"),$(csvq "$h N2"),50,100,50,40.4,59.6"
        } ;;
    esac >"$2"
}

# The names each kind shows from its csv (with the suffix write_input
# gives them), and whether they are shown prettified (first letter
# capitalised: icstat_chart_pretty_label).
shown_names() {
    case $1 in
    stacked) echo "G1 C1 C2" ;;
    forest) echo "T1 T2 K1 K2" ;;
    agreement) echo "D1 D2 A1 A2" ;;
    heatmap) echo "H1" ;;
    proportions) echo "P1 P2" ;;
    power) echo "W1" ;;
    caterpillar) echo "" ;; # the groups are only in the .dat: see below
    margins) echo "L1 M1 M2" ;;
    compare) echo "Q1 R1" ;;
    trend) echo "E1 E2 N1" ;;
    esac
}
pretty() {
    case $1 in forest:T* | agreement:A* | proportions:P* | power:W*) return 0 ;; esac
    return 1
}
# The value whose name --labels gives (the kinds that take --labels).
labelled() {
    case $1 in
    stacked) echo "G2" ;;
    heatmap) echo "H2" ;;
    margins) echo "L2" ;;
    compare) echo "V1" ;;
    trend) echo "N2" ;;
    *) echo "" ;;
    esac
}

tried=0 ran=0
# shows SVG TEXT WHAT [pretty]: each line of TEXT, control characters as
# spaces and & < escaped as the svg has them, is in SVG's texts (wrapped
# or not).
shows() {
    tried=$((tried + 1))
    printf '%s\n' "$2" | LC_ALL=C tr '\001-\011\013-\037\177' ' ' |
        sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' >want.txt
    if [ $# -ge 4 ]; then
        awk 'NR == 1 { $0 = toupper(substr($0, 1, 1)) substr($0, 2) } { print }' want.txt >want2.txt
        mv want2.txt want.txt
    fi
    # The svg's texts joined by spaces, as the lines of a text wrapped at
    # its spaces follow each other.
    LC_ALL=C sed -n 's/.*<text[^>]*>\(.*\)<\/text>.*/\1/p' "$1" | tr '\n' ' ' >texts.txt
    missing=""
    while IFS= read -r line; do
        case $line in *[!\ ]*) ;; *) continue ;; esac
        LC_ALL=C grep -F -q -e "$line" texts.txt || missing="$missing [$line]"
    done <want.txt
    [ -z "$missing" ] && ok || bad "$3: $1 does not show$missing"
}

# clean WHAT: no marker anywhere under the scratch folder.
clean() {
    found=$(find "$T" -name 'PWNED*' 2>/dev/null)
    if [ -n "$found" ]; then
        ran=$((ran + 1))
        bad "$1: a command ran (marker: $found)"
        find "$T" -name 'PWNED*' -exec rm -f {} + 2>/dev/null
    else
        ok
    fi
}

# script_sane GP WHAT: every comment line of the script is one line that
# does not end in a backslash (gnuplot would join the next line to it).
script_sane() {
    if LC_ALL=C grep -n '^#.*\\$' "$1" >/dev/null; then
        bad "$2: a comment of $1 ends in a backslash"
    else
        ok
    fi
}

# rerender DIR OUT WHAT: `gnuplot OUT.gp` in DIR draws OUT again, byte for
# byte, and runs nothing.
rerender() {
    cp "$1/$2" first.svg
    (cd "$1" && gnuplot "./${2%.svg}.gp") 2>gnuplot.err
    [ $? -eq 0 ] && [ ! -s gnuplot.err ] && cmp -s "$1/$2" first.svg && ok ||
        bad "$3: gnuplot ${2%.svg}.gp by hand: $(head -c 300 gnuplot.err)"
    clean "$3: gnuplot ${2%.svg}.gp by hand"
}

KINDS="stacked forest caterpillar agreement heatmap proportions power margins compare trend"
mkdir -p in out
for kind in $KINDS; do
    k=1
    while [ $k -le $NSTRINGS ]; do
        h=$(hostile $k "$T/PWNED-$kind-$k")
        # In file names, a marker relative to the folder gnuplot runs in.
        hf=$(hostile $k "PWNED-$kind-$k-file")
        what="$kind, string $k"

        # 1: every option's text, the names in the csv and the output name.
        write_input "$kind" in/data.csv "$h"
        lab=$(labelled "$kind")
        out="O $hf.svg"
        set -- chart "$kind" in/data.csv -o "out/$out" --size 2000x1400 --scale 1 \
            --title "Ti $h Ti" --subtitle "Su $h Su" --note "No $h No" \
            --xlabel "Xl $h Xl" --ylabel "Yl $h Yl"
        [ -n "$lab" ] && set -- "$@" --labels "$h $lab=Lb $h Lb"
        [ "$kind" = caterpillar ] && set -- "$@" --nouns "Gn $h Gn,Rn $h Rn"
        run_chart "$@"
        clean "$what"
        if [ -s "out/$out" ]; then
            svg="out/$out"
            for t in Ti Su No Xl Yl; do
                shows "$svg" "$t $h $t" "$what, --$t"
            done
            [ -n "$lab" ] && shows "$svg" "Lb $h Lb" "$what, --labels"
            if [ "$kind" = caterpillar ]; then
                shows "$svg" "Gn $h Gn" "$what, --nouns (groups)"
                shows "$svg" "Rn $h Rn" "$what, --nouns (rows)"
            fi
            for n in $(shown_names "$kind"); do
                if pretty "$kind:$n"; then
                    shows "$svg" "$h $n" "$what, name $n in the csv" pretty
                else
                    shows "$svg" "$h $n" "$what, name $n in the csv"
                fi
            done
            if [ "$kind" = caterpillar ]; then
                # Only in the .dat: control characters as spaces, " as '.
                tried=$((tried + 1))
                want=$(printf '%s I1' "$h" | LC_ALL=C tr '\001-\037\177"' "$(printf '%32s' '')'")
                LC_ALL=C grep -F -q -e "$want" "out/${out%.svg}.dat" && ok ||
                    bad "$what: the .dat does not have the group's name"
            fi
            tried=$((tried + 1)) # the output name: DATA and OUTPUT
            script_sane "out/${out%.svg}.gp" "$what"
            rerender out "$out" "$what"
        else
            bad "$what: no chart"
        fi
        rm -f out/* 2>/dev/null

        # 2: the input's name, in the default note.
        in="I $hf.csv"
        write_input "$kind" "in/$in" "$h"
        run_chart chart "$kind" "in/$in" -o "out/$kind.svg" --size 2000x1400 --scale 1
        clean "$what, input name"
        if [ -s "out/$kind.svg" ]; then
            shows "out/$kind.svg" "in $in" "$what, the input's name"
            script_sane "out/$kind.gp" "$what, input name"
            rerender out "$kind.svg" "$what, input name"
        else
            bad "$what, input name: no chart"
        fi
        rm -f out/* "in/$in"
        k=$((k + 1))
    done
done

# From data through describe, as a user would: a grade with backquotes.
printf 'grade,gender\n`touch %s/PWNED-describe`,F\nGood,M\nGood,F\n' "$T" >grades.csv
"$ICSTAT" describe --outcome grade --by gender --format csv grades.csv >described.csv 2>/dev/null
run_chart chart stacked described.csv -o out/described.svg
clean "describe then chart stacked"
shows out/described.svg "\`touch $T/PWNED-describe\`" "describe then chart stacked"

# A name starting with '#' keeps its row in the .dat: quoted, not a comment.
printf 'group,category,n,total,percent\n#1,A,1,2,50\n#1,B,1,2,50\n' >hash.csv
run_chart chart stacked hash.csv -o out/hash.svg
grep -q '^"#1"	' out/hash.dat && ok || bad "a group named #1 is not quoted in the .dat"
shows out/hash.svg "#1 (n" "a group named #1"

# The command line in the header: one comment line, in $'...' when an
# argument has a line break.
run_chart chart stacked hash.csv -o out/cmd.svg --title "A${NL}system(\"touch x\")${TAB}b${CR}'c'\\"
grep -q "^#   icstat chart stacked hash.csv -o out/cmd.svg --title \$'A\\\\nsystem(\"touch x\")\\\\tb\\\\r\\\\'c\\\\'\\\\\\\\'\$" \
    out/cmd.gp && ok || bad "the command line in the header: $(sed -n 4p out/cmd.gp)"

echo "inject: tried $tried injections ($NSTRINGS strings x $(echo $KINDS | wc -w) kinds x their" \
    "places); $ran ran a command"
echo "inject: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
