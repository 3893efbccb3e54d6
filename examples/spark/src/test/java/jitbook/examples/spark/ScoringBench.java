package jitbook.examples.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;

/**
 * Batch scoring throughput: {@value #ROWS} rows of 64 features through an MLP 64-128-128-4 (saved
 * and loaded as a .jbm), batches of 256 rows, three ways: one thread in one JVM
 * ({@link BatchScoring#scoreAll}, no Spark), Spark {@code local[1]} and {@code local[2]} (one
 * executor with one and two task threads, 8 partitions of a cached Dataset). One operation scores
 * every row; rows/s = {@value #ROWS} / time. Run by {@code examples/spark/bench.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ScoringBench {
    static final int ROWS = 100_000;
    static final int FEATURES = 64;

    @Param({"single-thread", "local[1]", "local[2]"})
    public String how;

    float[][] rows;
    ScriptModule model;
    SparkSession spark;
    Dataset<Row> dataset;
    ModelScorer scorer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = SparkModels.saveMlp(Files.createTempFile("bench-", ".jbm"), FEATURES, 128, 4);
        rows = SparkModels.rows(ROWS, FEATURES, 7);
        model = Jit.load(file);
        if (how.startsWith("local")) {
            spark = SparkSession.builder().master(how).appName("jitbook-bench").config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            List<Row> list = new ArrayList<>(ROWS);
            for (int i = 0; i < ROWS; i++) list.add(RowFactory.create((long) i, rows[i]));
            dataset = spark.createDataFrame(list, ModelScorerTestSchema.SCHEMA).repartition(8).cache();
            dataset.count();
            scorer = ModelScorer.of(spark, file).batchSize(256);
        }
        Files.delete(file);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (spark != null) spark.stop();
    }

    @Benchmark
    public long score() {
        if (spark == null) return BatchScoring.scoreAll(model, rows, 256).length;
        // Spark's "noop" sink consumes every row as a real write would, without turning them back into Row objects.
        scorer.score(dataset).write().format("noop").mode("overwrite").save();
        return ROWS;
    }
}
