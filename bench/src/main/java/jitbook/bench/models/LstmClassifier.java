package jitbook.bench.models;

import jitbook.nn.Embedding;
import jitbook.nn.LSTMCell;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The benchmark LSTM classifier: Embedding(1000, 64), an LSTMCell(64, 64) run over the steps of
 * a [steps, batch] int64 token tensor from a zero state, and Linear(64, 10) on the last hidden
 * state. The same model as bench/pytorch/workloads.py's LstmClassifier.
 */
public class LstmClassifier extends Module {
    Embedding embed;
    LSTMCell cell;
    Linear head;

    public LstmClassifier() {
        embed = new Embedding(1000, 64);
        cell = new LSTMCell(64, 64);
        head = new Linear(64, 10);
    }

    @Override
    public Tensor forward(Tensor tokens) {
        Tensor e = embed.forward(tokens);
        long steps = tokens.size(0);
        long batch = tokens.size(1);
        Tensor h = Tensors.zeros(batch, 64);
        Tensor c = Tensors.zeros(batch, 64);
        for (long t = 0; t < steps; t++) {
            LSTMCell.State s = cell.forward(e.select(0, t), new LSTMCell.State(h, c));
            h = s.h();
            c = s.c();
        }
        return head.forward(h);
    }
}
