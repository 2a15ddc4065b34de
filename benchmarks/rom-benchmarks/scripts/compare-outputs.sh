#!/usr/bin/env bash
# Checks that two rom.jar builds write the same bytes: the demo's pages, reports, tracks and cohort in English and
# Danish (rom demo), and the tracks and scores of a generated item-level cohort. For refactors that promise
# "outputs unchanged". Usage: compare-outputs.sh OLD.jar NEW.jar
set -euo pipefail
old=${1:?OLD.jar}; new=${2:?NEW.jar}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
for lang in en da; do
    java -jar "$old" demo --lang "$lang" --out "$work/old-demo-$lang" >/dev/null 2>&1
    java -jar "$new" demo --lang "$lang" --out "$work/new-demo-$lang" >/dev/null 2>&1
    if diff -r "$work/old-demo-$lang" "$work/new-demo-$lang" >/dev/null; then
        echo "demo ($lang): identical, $(find "$work/new-demo-$lang" -type f | wc -l) files"
    else
        echo "demo ($lang): DIFFERENT"; diff -rq "$work/old-demo-$lang" "$work/new-demo-$lang" | head; status=1
    fi
done
java -jar "$old" generate --patients 2000 --seed 7 --out "$work/old-cohort.csv" >/dev/null 2>&1
java -jar "$new" generate --patients 2000 --seed 7 --out "$work/cohort.csv" >/dev/null 2>&1
if cmp -s "$work/old-cohort.csv" "$work/cohort.csv"; then echo "generate: identical"; else echo "generate: DIFFERENT"; status=1; fi
for cmd in "track --rule deterioration-or-no-change --rule persistent:k=2,rule=(percent-change) --rule deterioration-threshold:threshold=3 --rule reliable-change:sd-pre=5 --rule expected-response:b0=2,b1=0.9,b2=-2,b3=0,sigma=4" "score" \
    "compare --rule deterioration-or-no-change --rule percentile-boundary:reference=training --outcome not-improved:scale=odsis.total,by=3 --split group --format json" \
    "compare --rule reliable-change:sd-pre=5 --rule expected-response:reference=training --outcome not-improved:scale=odsis.total,by=3 --folds 5 --roc-index rci" \
    "compare --rule deterioration-or-no-change --outcome not-improved:scale=odsis.total,by=3 --outcome drop-out:scale=odsis.total,before=6 --format csv" \
    "change --scale odsis.total --pre 0 --post 5 --reliability 0.89 --cutoff c --m-functional 5 --sd-functional 3 --by-group" \
    "change --scale odsis.total --method hlm"; do
    name=$(echo "$cmd" | md5sum | cut -c1-8)
    # shellcheck disable=SC2086
    java -jar "$old" $cmd --in "$work/cohort.csv" --quiet --out "$work/old-$name.jsonl" >/dev/null 2>&1 \
        || { echo "${cmd%% *} ($name): the old jar failed"; status=1; continue; }
    # shellcheck disable=SC2086
    java -jar "$new" $cmd --in "$work/cohort.csv" --quiet --out "$work/new-$name.jsonl" >/dev/null 2>&1 \
        || { echo "${cmd%% *} ($name): the new jar failed"; status=1; continue; }
    if cmp -s "$work/old-$name.jsonl" "$work/new-$name.jsonl"; then
        echo "${cmd%% *} ($name): identical ($(wc -l < "$work/new-$name.jsonl") lines)"
    else
        echo "${cmd%% *} ($name): DIFFERENT"; status=1
    fi
done
# the ROC plots: a sweep with its curve, and a continuous index
for plot in "--rule deterioration-threshold:threshold=3 --rule reliable-change:sd-pre=5 --sweep threshold=2..6" \
    "--rule reliable-change:sd-pre=5 --roc-index rci"; do
    name=$(echo "$plot" | md5sum | cut -c1-8)
    for side in old new; do
        jar=$old; [ "$side" = new ] && jar=$new
        # shellcheck disable=SC2086
        java -jar "$jar" compare --in "$work/cohort.csv" $plot --outcome not-improved:scale=odsis.total,by=3 \
            --plot "$work/$side-$name.svg" --quiet --out "$work/$side-$name.md" >/dev/null 2>&1 \
            || { echo "plot ($name): the $side jar failed"; status=1; }
    done
    if cmp -s "$work/old-$name.svg" "$work/new-$name.svg"; then echo "plot ($name): identical"; else echo "plot ($name): DIFFERENT"; status=1; fi
done
exit $status
