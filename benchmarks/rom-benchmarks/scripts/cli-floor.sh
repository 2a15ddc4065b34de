#!/usr/bin/env bash
# The command line against the floor (benchmarks.md, section 12): on a generated item-level cohort and the same
# cohort as score-level rows, each whole process timed in turn, with its peak resident memory: a bare JVM pass over
# the file that splits each line and parses its value (LineScan), then rom track and rom score through the ./rom
# script (its JVM defaults) and as plain
# `java -jar rom.jar` (the JVM's own defaults), on the file as generated (sorted by patient) and with its rows
# shuffled, and in the compact output form; rom compare (three rules, two outcomes) and rom demo; and rom change on
# the score-level rows. Prints one table with the median of the runs and the ratio of each
# command to the scan of the same file, and checks that every output of a command is byte-identical across the runs
# and across the ways of starting it.
# Usage: cli-floor.sh [patients (default 30000)] [runs (default 3)]
set -euo pipefail
patients=${1:-30000}; runs=${2:-3}
here="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$here"
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -pl :rom-cli,:rom-fhir-cli,:rom-cds-cli,:rom-benchmarks -am package
jar=apps/rom-cli/target/rom.jar
bench=benchmarks/rom-benchmarks/target/benchmarks.jar
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export OPENROM_ROM_NO_BUILD=1
unset ROM_JAVA_OPTS
java -jar "$jar" generate --patients "$patients" --seed 1 --out "$work/items.csv" 2>/dev/null
(head -1 "$work/items.csv"; tail -n +2 "$work/items.csv" | shuf --random-source=<(yes)) > "$work/items-shuffled.csv"
java -jar "$jar" score --in "$work/items.csv" --format csv --quiet --out "$work/scores.csv"
rows() { echo $(( $(wc -l < "$1") - 1 )); }
echo "cohort: $patients patients, $(rows "$work/items.csv") item rows ($(du -h "$work/items.csv" | cut -f1)), $(rows "$work/scores.csv") score rows"
declare -A wall mem
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# name, output file (or -), command...
measure() {
    local name=$1 out=$2; shift 2
    local ws=() ms=() first=""
    for i in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
        read -r w m < "$work/time"; ws+=("$w"); ms+=("$m")
        if [ "$out" != - ]; then
            if [ -z "$first" ]; then first=$(sha256sum < "$out"); elif [ "$first" != "$(sha256sum < "$out")" ]; then
                echo "OUTPUT DIFFERS between runs: $name"; exit 1; fi
            cp "$out" "$work/out-$name"
        fi
    done
    wall[$name]=$(median "${ws[@]}"); mem[$name]=$(( $(median "${ms[@]}" | cut -d. -f1) / 1024 ))
}
same() { cmp -s "$work/out-$1" "$work/out-$2" || { echo "OUTPUTS DIFFER: $1 and $2"; exit 1; }; }
track="track --rule deterioration-or-no-change --quiet"
measure scan-items - java -cp "$bench" org.openrom.benchmarks.LineScan "$work/items.csv"
measure scan-scores - java -cp "$bench" org.openrom.benchmarks.LineScan "$work/scores.csv"
measure track-items "$work/o.jsonl" ./rom $track --in "$work/items.csv" --out "$work/o.jsonl"
measure track-items-jar "$work/o.jsonl" java -jar "$jar" $track --in "$work/items.csv" --out "$work/o.jsonl"
measure track-items-shuffled "$work/o.jsonl" ./rom $track --in "$work/items-shuffled.csv" --out "$work/o.jsonl"
measure score-items "$work/o.jsonl" ./rom score --quiet --in "$work/items.csv" --out "$work/o.jsonl"
measure track-scores "$work/o.jsonl" ./rom $track --in "$work/scores.csv" --out "$work/o.jsonl"
measure track-items-compact "$work/o.jsonl" ./rom $track --format jsonl-compact --in "$work/items.csv" --out "$work/o.jsonl"
cp "$work/out-track-items-compact" "$work/compact.jsonl"
measure compare-items "$work/o.json" ./rom compare --in "$work/items.csv" --rule deterioration-or-no-change \
    --rule deterioration-threshold:threshold=3 --rule "persistent:k=2,rule=(deterioration-or-no-change)" \
    --outcome not-improved:by=4 --outcome case-at-end --format json --quiet --out "$work/o.json"
measure demo - ./rom demo --out "$work/demo"
measure change-scores "$work/o.csv" ./rom change --in "$work/scores.csv" --scale odsis.total --pre 0 --post 14 --reliability 0.89 \
    --method jt --cutoff a --format csv --quiet --out "$work/o.csv"
same track-items track-items-jar; same track-items track-items-shuffled
echo
echo "| job | wall (median of $runs) | peak RSS | × the scan of its file |"
echo "|---|---|---|---|"
for n in scan-items track-items track-items-jar track-items-shuffled track-items-compact score-items compare-items demo \
        scan-scores track-scores change-scores; do
    case $n in *scores*) floor=${wall[scan-scores]};; *) floor=${wall[scan-items]};; esac
    ratio=$(echo "scale=2; ${wall[$n]} / $floor" | bc)
    [ "$n" = demo ] && ratio="— (its own cohort)"
    printf '| %s | %s s | %s MB | %s |\n' "$n" "${wall[$n]}" "${mem[$n]}" "$ratio"
done
echo "outputs byte-identical across runs, across ./rom and java -jar, and sorted against shuffled input"
echo "track output: $(du -h "$work/out-track-items" | cut -f1) as jsonl, $(du -h "$work/compact.jsonl" | cut -f1) as jsonl-compact"
