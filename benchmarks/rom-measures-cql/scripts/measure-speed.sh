#!/usr/bin/env bash
# CMS159 by rom-measures and by the published CQL on the reference engine, over the same generated patients
# (docs/measures.md, benchmarks.md): builds the module and runs its JMH benchmark on the class path (no shaded jar:
# the engine's dependencies are large). Usage: measure-speed.sh [extra JMH arguments, e.g. -wi 1 -i 3]
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$here"
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -pl :rom-measures-cql -am install
cd benchmarks/rom-measures-cql
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
java -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main MeasureSpeedBenchmark "$@"
