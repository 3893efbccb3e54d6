#!/usr/bin/env bash
# Runs all the tests: every module on the default Java (17), then the jit module once more on
# Temurin 25 when it is installed. Long soak and fuzz campaigns have their own command
# (./test.sh --long); the default run uses short versions of them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
LONG=()
if [[ "${1:-}" == "--long" ]]; then
  LONG=(-Djitbook.fuzz.iterations=20000 -Djitbook.soak=true)
fi

"$ROOT/install/ensure-deps.sh"
mvn -B -q -DskipTests install
# verify = the unit tests, then (failsafe, *IT) the packaged runtime jar run from an empty folder.
mvn -B "${LONG[@]}" verify

# The Spark batch-scoring example (its own module; Spark resolved from Maven Central): local[2].
mvn -B -Pexamples -pl examples/spark test

# The README's main-job command, followed from a fresh clone into an empty Jupyter prefix.
if [[ "${JITBOOK_SKIP_FRESH_CLONE:-}" != "1" ]]; then
  "$ROOT/install/check-fresh-clone.sh"
fi

JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
if [[ -x "$JDK25/bin/java" ]]; then
  echo "== jit tests on $("$JDK25/bin/java" -version 2>&1 | head -1)"
  JAVA_HOME="$JDK25" mvn -B -pl jit "${LONG[@]}" test
else
  echo "Temurin 25 not found at $JDK25: skipped the Java 25 run"
fi
