#!/usr/bin/env bash
# Batch-scoring throughput, one thread vs Spark local[1] and local[2] (ScoringBench, JMH, short
# settings; extra arguments go to JMH). Needs jitbook-jit installed (mvn -DskipTests install at
# the root). Prints ms per 100,000 rows; rows/s = 100000 / (ms / 1000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mvn -B -q -DskipTests test-compile
FLAGS=$(sed -n 's:.*<spark.jvmflags>\(.*\)</spark.jvmflags>.*:\1:p' pom.xml)
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main ScoringBench \
  -f 1 -wi 3 -i 5 -w 2s -r 2s -jvmArgsAppend "-Xmx3g --add-modules=jdk.incubator.vector $FLAGS" "$@"
