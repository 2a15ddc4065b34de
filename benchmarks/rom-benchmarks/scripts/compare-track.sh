#!/usr/bin/env bash
# Times `rom track` of two rom.jar builds on the same generated item-level cohort, in alternating pairs (A B A B ...),
# as whole processes, and prints each run's wall seconds and the median of each and of the ratio A/B.
# Usage: compare-track.sh A.jar B.jar [patients (default 30000)] [pairs (default 7)]
# Build B from an earlier revision with: git worktree add /tmp/rev REV && (cd /tmp/rev && mvn -B -q package -DskipTests -pl :rom-cli -am)
set -euo pipefail
a=${1:?A.jar}; b=${2:?B.jar}; patients=${3:-30000}; pairs=${4:-7}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
java -jar "$a" generate --patients "$patients" --seed 1 --out "$work/cohort.csv" 2>/dev/null
run() { local s e; s=$(date +%s.%N); java -jar "$1" track --in "$work/cohort.csv" --rule deterioration-or-no-change \
    --sorted --quiet --out "$work/$2.jsonl"; e=$(date +%s.%N); echo "$e - $s" | bc; }
run "$a" a >/dev/null; run "$b" b >/dev/null   # warm the page cache
ta=(); tb=(); r=()
for i in $(seq "$pairs"); do
    x=$(run "$a" a); y=$(run "$b" b); ta+=("$x"); tb+=("$y"); r+=("$(echo "scale=4; $x / $y" | bc)")
    echo "pair $i: A $x s, B $y s"
done
cmp -s "$work/a.jsonl" "$work/b.jsonl" && echo "outputs byte-identical" || echo "OUTPUTS DIFFER"
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "median wall: A $(median "${ta[@]}") s, B $(median "${tb[@]}") s, A/B $(median "${r[@]}")"
