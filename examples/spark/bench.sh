#!/usr/bin/env bash
# Batch-scoring throughput, one thread vs Spark local[1] and local[2] (ScoringBench, JMH, short
# settings; extra arguments go to JMH). Needs jitbook-jit installed (mvn -DskipTests install at
# the root). Prints ms per 100,000 rows; rows/s = 100000 / (ms / 1000).
#   JITBOOK_THREADS=1 examples/spark/bench.sh   # each forward on one core (-Djitbook.threads=1),
#                                               # so the task threads are the only parallelism
#   WARMUPS=2 ITERATIONS=3 examples/spark/bench.sh -p 'how=local[2]'
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mvn -B -q -DskipTests test-compile
FLAGS=$(sed -n 's:.*<spark.jvmflags>\(.*\)</spark.jvmflags>.*:\1:p' pom.xml)
THREADS=${JITBOOK_THREADS:+-Djitbook.threads=$JITBOOK_THREADS}
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main ScoringBench \
  -f 1 -wi "${WARMUPS:-3}" -i "${ITERATIONS:-5}" -w 2s -r 2s -jvmArgsAppend "-Xmx3g --add-modules=jdk.incubator.vector $THREADS $FLAGS" "$@"
