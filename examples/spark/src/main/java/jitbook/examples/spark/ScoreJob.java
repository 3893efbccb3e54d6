package jitbook.examples.spark;

import java.nio.file.Path;
import java.util.Arrays;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The job to {@code spark-submit}: scores a Parquet dataset with a saved model and writes the
 * scored rows as Parquet.
 * <pre>
 * spark-submit --class jitbook.examples.spark.ScoreJob \
 *   --jars jitbook-jit-VERSION-runtime.jar jitbook-example-spark-VERSION.jar \
 *   scorer.jbm input.parquet output.parquet [--features features] [--batch 256]
 * </pre>
 * The model file is read on the driver (a local path) and broadcast to the executors.
 */
public final class ScoreJob {
    private ScoreJob() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().appName("jitbook-score").getOrCreate();
        try {
            run(spark, args);
        } finally {
            spark.stop();
        }
    }

    /** Runs the job in {@code spark}; returns the number of rows written. */
    public static long run(SparkSession spark, String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ScoreJob MODEL.jbm INPUT.parquet OUTPUT.parquet [--features COLUMN] [--batch ROWS]");
        }
        String features = "features";
        int batch = 256;
        for (int i = 3; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
            switch (a) {
                case "--features": features = args[++i]; break;
                case "--batch": batch = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unexpected argument '" + a + "' in " + Arrays.toString(args));
            }
        }
        ModelScorer scorer = ModelScorer.of(spark, Path.of(args[0])).features(features).batchSize(batch);
        Dataset<Row> scored = scorer.score(spark.read().parquet(args[1]));
        scored.write().mode("overwrite").parquet(args[2]);
        scorer.release();
        return spark.read().parquet(args[2]).count();
    }
}
