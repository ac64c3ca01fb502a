#!/bin/sh
# layers.sh — the include direction of analysis/'s layers (make lint).
#
# analysis/ has one folder per layer (analysis/README.md), lowest first:
#   core, output, data, numerics, agree, describe, model, simulate, power,
#   chart, cli
# A file may include the headers of its own layer and of layers below it,
# never above: an engine does not reach into a command, a reader does not
# reach into a model.  A public header include/icstat/X.h belongs to the
# layer of analysis/*/X.c (version.h to core, clm.h to model, ofsted.h to
# data, power.h to power, which have no file of that name);
# "../LAYER/x.h" names its layer.
# Prints each include that points upward and exits 1 when there is one.
# Run from the repository root.
set -u
ORDER="core output data numerics agree describe model simulate power chart cli"

rank() {
    i=0
    for l in $ORDER; do
        [ "$l" = "$1" ] && { echo $i; return; }
        i=$((i + 1))
    done
    echo -1
}

header_layer() {
    case $1 in
    version) echo core; return ;;
    clm) echo model; return ;;
    ofsted) echo data; return ;;
    power) echo power; return ;;
    esac
    for f in analysis/*/"$1".c; do
        [ -f "$f" ] && { basename "$(dirname "$f")"; return; }
    done
    echo ""
}

bad=0 n=0
for layer_dir in analysis/*/; do
    layer=$(basename "$layer_dir")
    r=$(rank "$layer")
    if [ "$r" -lt 0 ]; then
        echo "layers: analysis/$layer/ is not a known layer (add it to ORDER in $0)"
        bad=1
        continue
    fi
    for f in "$layer_dir"*.c "$layer_dir"*.h; do
        [ -f "$f" ] || continue
        for inc in $(sed -n 's/^#include "\(.*\)".*/\1/p' "$f"); do
            case $inc in
            icstat/*) h=${inc#icstat/}; to=$(header_layer "${h%.h}") ;;
            ../*/*) to=${inc#../}; to=${to%%/*} ;;
            *) to=$layer ;;
            esac
            n=$((n + 1))
            if [ -z "$to" ]; then
                echo "layers: $f includes $inc, which no layer implements"
                bad=1
            elif [ "$(rank "$to")" -gt "$r" ]; then
                echo "layers: $f ($layer) includes $inc ($to, a layer above)"
                bad=1
            fi
        done
    done
done
[ "$bad" -eq 0 ] && echo "layers: $n includes, none pointing upward"
exit "$bad"
