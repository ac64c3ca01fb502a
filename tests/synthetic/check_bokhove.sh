#!/bin/sh
# check_bokhove.sh — does the calibrated synthetic data set reproduce the
# published Bokhove, Jerrim & Sims (2023) primary-school figures?
#
# Generates datasets/synthetic/bokhove_primary.spec's data (its own seed),
# then, for every figure in datasets/published/bokhove2023_primary_by_*.csv,
# asks `icstat describe --cluster inspector` for the synthetic percentage
# and its interval.  Intervals allow for inspections being clustered by
# inspector, which is how the data were drawn.  Every published figure must
# lie inside its interval at level 1 - 0.05/m for m figures (Bonferroni:
# at most a 5% chance that a correctly calibrated data set fails), and the
# table at 95% is printed for the record.  A calibration off by 0.1 on the
# logit scale moves Good by about 1.5 points and fails.
#
# Usage: tests/synthetic/check_bokhove.sh [ICSTAT] [WORKDIR]
set -eu
ICSTAT=${1:-bin/icstat}
WORK=${2:-build/synthetic}
PUB=datasets/published
mkdir -p "$WORK"
"$ICSTAT" simulate --spec datasets/synthetic/bokhove_primary.spec -o "$WORK/bokhove_primary.csv"

# The published files name categories in snake case; describe's labels.
label() {
    case $1 in
    outstanding) echo "Outstanding" ;;
    good) echo "Good" ;;
    requires_improvement_or_inadequate) echo "Requires improvement+Inadequate" ;;
    inadequate) echo "Inadequate" ;;
    *) echo "check_bokhove: unknown category '$1'" >&2; exit 2 ;;
    esac
}
# Inadequate is counted twice (alone and within RI+I), so describe runs
# once with RI+I and once with the four grades.
tables() { # conf -> group,category,percent,ci_low,ci_high lines
    for by in gender role; do
        for cats in "Outstanding,Good,Requires improvement+Inadequate" \
            "Outstanding,Good,Requires improvement,Inadequate"; do
            "$ICSTAT" describe --outcome grade_label --by "$by" --categories "$cats" \
                --cluster inspector --conf "$1" --format csv "$WORK/bokhove_primary.csv" 2>/dev/null \
                | awk -F, 'NR > 1 { print $1 "," $2 "," $5 "," $6 "," $7 }'
        done
    done | sort -u
}
figures=$(for f in "$PUB/bokhove2023_primary_by_gender.csv" "$PUB/bokhove2023_primary_by_role.csv"; do
    tail -n +2 "$f" | while IFS=, read -r group category percent _rest; do
        echo "$group,$(label "$category"),$percent"
    done
done)
m=$(echo "$figures" | wc -l)
conf=$(awk -v m="$m" 'BEGIN { printf "%.6f", 1 - 0.05 / m }')
tables "$conf" >"$WORK/check_wide.csv"
tables 0.95 >"$WORK/check_95.csv"
echo "$figures" | awk -F, -v wide="$WORK/check_wide.csv" -v n95="$WORK/check_95.csv" -v conf="$conf" '
    BEGIN {
        while ((getline l < wide) > 0) { split(l, a, ","); lo[a[1] "," a[2]] = a[4]; hi[a[1] "," a[2]] = a[5] }
        while ((getline l < n95) > 0) { split(l, a, ","); p[a[1] "," a[2]] = a[3]; lo95[a[1] "," a[2]] = a[4]; hi95[a[1] "," a[2]] = a[5] }
        printf "%-7s %-32s %9s %9s %15s %15s\n", "group", "category", "published", "synthetic", "95% interval", sprintf("%.2f%% interval", 100 * conf)
    }
    {
        k = $1 "," $2
        if (!(k in p)) { print "check_bokhove: no synthetic figure for " k; bad++; next }
        inside = $3 >= lo[k] && $3 <= hi[k]
        printf "%-7s %-32s %9.1f %9.1f %6.1f - %-6.1f %6.1f - %-6.1f %s\n", $1, $2, $3, p[k], lo95[k], hi95[k], lo[k], hi[k], inside ? "" : "OUTSIDE"
        if (!inside) bad++
    }
    END {
        if (bad) { printf "check_bokhove: %d published figure(s) outside the synthetic intervals\n", bad; exit 1 }
        printf "check_bokhove: all %d published figures inside the synthetic %.2f%% intervals (clustered by inspector)\n", NR, 100 * conf
    }'
