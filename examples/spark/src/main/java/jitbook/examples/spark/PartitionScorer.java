package jitbook.examples.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import jitbook.jit.ScriptModule;

/**
 * What each Spark task runs over its partition: takes the executor's shared copy of the model
 * (loading it from the broadcast bytes if this JVM has not yet), then pulls rows {@code batchSize}
 * at a time, scores each batch with one {@code forward} call, and hands back the rows with their
 * score appended. Lazy: a partition never sits in memory whole, only one batch of it.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final String sha256;
    private final String name;
    private final int featuresIndex;
    private final int batchSize;

    PartitionScorer(Broadcast<byte[]> model, String sha256, String name, int featuresIndex, int batchSize) {
        this.model = model;
        this.sha256 = sha256;
        this.name = name;
        this.featuresIndex = featuresIndex;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ScriptModule m = ExecutorModels.get(sha256, name, model::value);
        return new Iterator<>() {
            private final List<Row> batch = new ArrayList<>(batchSize);
            private float[][] scores;
            private int next;

            @Override
            public boolean hasNext() {
                if (next < batch.size()) return true;
                fill();
                return !batch.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Row r = batch.get(next);
                Object[] values = new Object[r.length() + 1];
                for (int i = 0; i < r.length(); i++) values[i] = r.get(i);
                values[r.length()] = scores[next++];
                return RowFactory.create(values);
            }

            private void fill() {
                batch.clear();
                next = 0;
                float[] features = null;
                int width = -1;
                while (batch.size() < batchSize && rows.hasNext()) {
                    Row r = rows.next();
                    List<Object> f = r.getList(featuresIndex);
                    if (f == null) throw new IllegalArgumentException("row " + r + " has no features");
                    if (width < 0) {
                        width = f.size();
                        features = new float[batchSize * width];
                    } else if (f.size() != width) {
                        throw new IllegalArgumentException("row " + r + " has " + f.size() + " features; this batch's first row has " + width);
                    }
                    int at = batch.size() * width;
                    for (int i = 0; i < width; i++) features[at + i] = ((Number) f.get(i)).floatValue();
                    batch.add(r);
                }
                scores = batch.isEmpty() ? null : BatchScoring.score(m, features, batch.size(), width);
            }
        };
    }
}
