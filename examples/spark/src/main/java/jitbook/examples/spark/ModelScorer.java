package jitbook.examples.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference of a saved Jitbook model (a {@code .jbm} file) over a Spark {@link Dataset}:
 * <pre>
 * ModelScorer scorer = ModelScorer.of(spark, Path.of("scorer.jbm")).features("features").batchSize(512);
 * Dataset&lt;Row&gt; scored = scorer.score(rows);   // rows + a "score" column, array&lt;float&gt;
 * </pre>
 * The file's bytes are broadcast once (each executor fetches them once, whatever its number of
 * tasks); each executor JVM loads the model once and shares it between its task threads
 * ({@link ExecutorModels}); each partition is scored in batches of rows, one {@code forward} call
 * on a {@code [batch, features]} tensor each ({@link PartitionScorer}). The features column is an
 * array of numbers; the model's forward takes that matrix and returns one row per input row.
 */
public final class ModelScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final String sha256;
    private final String name;
    private final String featuresColumn;
    private final String scoreColumn;
    private final int batchSize;

    private ModelScorer(Broadcast<byte[]> model, String sha256, String name, String featuresColumn, String scoreColumn, int batchSize) {
        this.model = model;
        this.sha256 = sha256;
        this.name = name;
        this.featuresColumn = featuresColumn;
        this.scoreColumn = scoreColumn;
        this.batchSize = batchSize;
    }

    /** Reads {@code file} on the driver and broadcasts it; checks it loads here first, so a bad file fails before any task runs. */
    public static ModelScorer of(SparkSession spark, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String sha = ModelFiles.sha256(bytes);
        ExecutorModels.get(sha, file.toString(), () -> bytes); // in local mode the driver is the executor: this is its one load
        Broadcast<byte[]> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
        return new ModelScorer(b, sha, file.toString(), "features", "score", 256);
    }

    public ModelScorer features(String column) {
        return new ModelScorer(model, sha256, name, column, scoreColumn, batchSize);
    }

    public ModelScorer scoreColumn(String column) {
        return new ModelScorer(model, sha256, name, featuresColumn, column, batchSize);
    }

    /** Rows per forward call (default 256): larger batches amortize the call, smaller ones lower the memory per task. */
    public ModelScorer batchSize(int rows) {
        if (rows < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + rows);
        return new ModelScorer(model, sha256, name, featuresColumn, scoreColumn, rows);
    }

    /** {@code rows} with the score column appended (lazy, as every Dataset transformation). */
    public Dataset<Row> score(Dataset<Row> rows) {
        StructType in = rows.schema();
        int index;
        try {
            index = in.fieldIndex(featuresColumn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no column '" + featuresColumn + "' to score; the columns are " + String.join(", ", in.fieldNames()));
        }
        StructField f = in.fields()[index];
        if (!(f.dataType() instanceof ArrayType) || !(((ArrayType) f.dataType()).elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + featuresColumn + "' is " + f.dataType().simpleString()
                    + "; scoring needs an array of numbers");
        }
        StructType out = in.add(scoreColumn, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        return rows.mapPartitions(new PartitionScorer(model, sha256, name, index, batchSize), Encoders.row(out));
    }

    /** Frees the broadcast copies on the executors (the model stays loaded in their JVMs until they end). */
    public void release() {
        model.unpersist();
    }
}
