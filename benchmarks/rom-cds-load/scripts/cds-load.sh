#!/usr/bin/env bash
# The CDS Hooks service under load (benchmarks.md, section 9): builds the rom tool, its CDS plugin and the load
# client, then runs the client, which starts `rom serve` as a process of its own with an H2 store in a temporary
# folder and posts pre-signed patient-view requests from 10, 50 and 200 concurrent clients. Results and a profile of
# the 50-client level go to benchmarks/rom-cds-load/target/cds-load/ (results.md, server.log, server-50.jfr).
# Usage: cds-load.sh [more options of the load client, e.g. --requests 12000 or --feedback-db jdbc:postgresql://...]
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$here"
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -pl :rom-cli,:rom-cds-cli,:rom-cds-load -am package
java -jar benchmarks/rom-cds-load/target/cds-load.jar \
    --server-classpath apps/rom-cli/target/rom.jar:apps/rom-cds-cli/target/rom-cds-plugin.jar \
    --out benchmarks/rom-cds-load/target/cds-load "$@"
