package jitbook.examples.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The rows the test and the benchmark score: an id and an array of float features. */
final class ModelScorerTestSchema {
    static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private ModelScorerTestSchema() {
    }
}
