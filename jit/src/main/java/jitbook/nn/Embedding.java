package jitbook.nn;

import jitbook.tensor.Tensor;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as
 * {@code nn.Embedding}: int64 indices in, their rows out. Initialized from N(0, 1) as in PyTorch.
 */
public class Embedding extends Module {
    public Tensor weight;
    private final long numEmbeddings;
    private final long embeddingDim;

    public Embedding(long numEmbeddings, long embeddingDim) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = Init.normal(numEmbeddings, embeddingDim);
    }

    @Override
    public Tensor forward(Tensor indices) {
        return F.embedding(indices, weight);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}
