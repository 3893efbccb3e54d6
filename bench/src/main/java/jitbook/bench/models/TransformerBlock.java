package jitbook.bench.models;

import jitbook.nn.LayerNorm;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/**
 * The benchmark Transformer encoder block (pre-norm) on [batch, seq, 128]: causal multi-head
 * self-attention with 4 heads of 32 (separate q, k, v projections, scores by batched matmul,
 * an additive causal mask given as input, softmax), an output projection and a residual; then
 * LayerNorm, a 128 -> 512 -> 128 GELU MLP and a second residual. The same model as
 * bench/pytorch/workloads.py's TransformerBlock.
 */
public class TransformerBlock extends Module {
    LayerNorm ln1;
    LayerNorm ln2;
    Linear q;
    Linear k;
    Linear v;
    Linear proj;
    Linear up;
    Linear down;

    public TransformerBlock() {
        ln1 = new LayerNorm(128);
        ln2 = new LayerNorm(128);
        q = new Linear(128, 128);
        k = new Linear(128, 128);
        v = new Linear(128, 128);
        proj = new Linear(128, 128);
        up = new Linear(128, 512);
        down = new Linear(512, 128);
    }

    /** Splits [b, s, 128] into heads: [b, 4, s, 32]. */
    Tensor heads(Tensor x, long b, long s) {
        return x.reshape(b, s, 4L, 32L).transpose(1, 2);
    }

    /** x [b, s, 128] and mask [s, s] (0 on and below the diagonal, -inf above). */
    public Tensor forward(Tensor x, Tensor mask) {
        long b = x.size(0);
        long s = x.size(1);
        Tensor h = ln1.forward(x);
        Tensor qh = heads(q.forward(h), b, s);
        Tensor kh = heads(k.forward(h), b, s);
        Tensor vh = heads(v.forward(h), b, s);
        Tensor att = qh.matmul(kh.transpose(2, 3)).mul(1.0 / Math.sqrt(32.0)).add(mask).softmax(3);
        Tensor y = att.matmul(vh).transpose(1, 2).reshape(b, s, 128L);
        x = x.add(proj.forward(y));
        return x.add(down.forward(up.forward(ln2.forward(x)).gelu()));
    }
}
