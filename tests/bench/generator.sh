# generator.sh — sourced by the fit benchmarks (scale.sh, speed.sh,
# crossed.sh): builds tests/bench/gen_fit_data.c into $DIR once (again when
# the source is newer), and names the model's terms.  Sets GEN and TERMS.
GEN_SRC=$(dirname "$0")/gen_fit_data.c
GEN=$DIR/gen_fit_data
if [ ! -x "$GEN" ] || [ "$GEN_SRC" -nt "$GEN" ]; then
    ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror "$GEN_SRC" -o "$GEN" -lgsl -lgslcblas -lm
fi
TERMS=female,hmi,experience,phase,region,idaci,pupils,fsm
