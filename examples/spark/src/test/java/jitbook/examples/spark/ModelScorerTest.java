package jitbook.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.io.ModelFormatException;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;

/**
 * Spark in {@code local[2]} (one executor, two task threads) scores a Dataset with a saved model,
 * and every row's score equals what one JVM computes for the same rows without Spark, bit for bit;
 * the executor loads the model once for all its tasks.
 */
class ModelScorerTest {
    static final int FEATURES = 16;
    static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("jitbook-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                // Small data: no adaptive re-planning, no whole-stage code generation, no compression codec to load.
                .config("spark.sql.adaptive.enabled", "false").config("spark.sql.codegen.wholeStage", "false")
                .config("spark.sql.parquet.compression.codec", "uncompressed")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    static Dataset<Row> dataset(float[][] rows, int partitions) {
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) list.add(RowFactory.create((long) i, rows[i]));
        return spark.createDataFrame(list, ModelScorerTestSchema.SCHEMA).repartition(partitions);
    }

    @Test
    void scoresInLocalTwoEqualSingleJvmScoringAndTheModelIsLoadedOncePerJvm() throws Exception {
        Path model = SparkModels.saveMlp(dir.resolve("mlp.jbm"), FEATURES, 32, 3);
        float[][] rows = SparkModels.rows(5000, FEATURES, 1);
        int loadsBefore = ExecutorModels.loads();

        ModelScorer scorer = ModelScorer.of(spark, model).batchSize(128);
        List<Row> scored = scorer.score(dataset(rows, 7)).orderBy("id").collectAsList();

        assertEquals(rows.length, scored.size());
        float[][] expected = BatchScoring.scoreAll(Jit.load(model), rows, 128);
        for (Row r : scored) {
            int id = (int) r.getLong(0);
            List<Float> score = r.getList(2);
            float[] got = new float[score.size()];
            for (int i = 0; i < got.length; i++) got[i] = score.get(i);
            assertArrayEquals(expected[id], got, "row " + id);
        }
        assertEquals(1, ExecutorModels.loads() - loadsBefore, "one load for the driver's check and all 7 tasks of the executor");
        assertEquals(List.of("id", "features", "score"), List.of(scorer.score(dataset(rows, 1)).schema().fieldNames()));
        scorer.release();
    }

    /** Batches split rows differently on Spark (by partition) than in one JVM: the scores do not depend on it. */
    @Test
    void aRowsScoreDoesNotDependOnWhichBatchItIsIn() throws Exception {
        ScriptModule m = Jit.load(SparkModels.saveMlp(dir.resolve("mlp2.jbm"), FEATURES, 32, 3));
        float[][] rows = SparkModels.rows(300, FEATURES, 2);
        float[][] one = BatchScoring.scoreAll(m, rows, 1);
        for (int batch : new int[] {7, 128, 300}) {
            float[][] b = BatchScoring.scoreAll(m, rows, batch);
            for (int i = 0; i < rows.length; i++) assertArrayEquals(one[i], b[i], "row " + i + " in batches of " + batch);
        }
    }

    @Test
    void theSubmittedJobReadsParquetAndWritesScoredParquet() throws Exception {
        Path model = SparkModels.saveMlp(dir.resolve("job.jbm"), FEATURES, 8, 1);
        float[][] rows = SparkModels.rows(400, FEATURES, 3);
        Path in = dir.resolve("in.parquet");
        Path out = dir.resolve("out.parquet");
        dataset(rows, 3).write().parquet(in.toString());
        long n = ScoreJob.run(spark, new String[] {model.toString(), in.toString(), out.toString(), "--batch", "64"});
        assertEquals(400, n);
        Row first = spark.read().parquet(out.toString()).orderBy("id").first();
        List<Float> score = first.getList(2);
        assertArrayEquals(BatchScoring.scoreAll(Jit.load(model), new float[][] {rows[0]}, 1)[0], new float[] {score.get(0)});
    }

    @Test
    void aBadModelFileFailsOnTheDriverBeforeAnyTaskRuns() throws Exception {
        Path bad = dir.resolve("bad.jbm");
        Files.writeString(bad, "not a model");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelScorer.of(spark, bad));
        assertTrue(e.getMessage().contains("not a zip archive"), e.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ModelScorer.of(spark, SparkModels.saveMlp(dir.resolve("m3.jbm"), FEATURES, 4, 1)).features("id").score(dataset(new float[1][FEATURES], 1)));
        assertTrue(wrong.getMessage().contains("needs an array of numbers"), wrong.getMessage());
    }
}
