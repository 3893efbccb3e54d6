package jitbook.tensor;

import java.util.List;

import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpException;
import jitbook.ops.OpNames;
import jitbook.ops.Shapes;
import jitbook.ops.TensorFormatter;

/**
 * An n-dimensional array with autograd, the handle users compute with. Ops return new tensors
 * and go through the {@link Dispatcher} (so the tracer sees them); the few that modify a tensor
 * are named {@code ...InPlace} and are meant for optimizers and gradient accumulation.
 *
 * <p>A tensor that {@link #requiresGrad()} records how it was made; {@link #backward()} then
 * fills {@link #grad()} of the leaves it came from, using each op's registry gradient rule.
 */
public final class Tensor {
    private volatile NdArray data;
    private boolean requiresGrad;
    private Tensor grad;
    private GradNode gradFn;

    Tensor(NdArray data) {
        this.data = data;
    }

    /** Wraps storage as a tensor (no copy). */
    public static Tensor fromArray(NdArray data) {
        return new Tensor(data);
    }

    /** Copies an ND4J array into a new tensor, bridging to the rest of the ND4J/DL4J world. */
    public static Tensor of(org.nd4j.linalg.api.ndarray.INDArray array) {
        return new Tensor(Nd4jInterop.fromINDArray(array));
    }

    /** Copies this tensor's data into a new ND4J array. */
    public org.nd4j.linalg.api.ndarray.INDArray toINDArray() {
        Dispatcher.escape(this, "toINDArray()");
        return Nd4jInterop.toINDArray(data);
    }

    /** The storage (not a copy). */
    public NdArray array() {
        return data;
    }

    // ---- metadata ---------------------------------------------------------------------------

    public long[] shape() {
        return data.shape();
    }

    public long size(int dim) {
        return data.dim(Shapes.normDim("size", dim, data.rank()));
    }

    public int dim() {
        return data.rank();
    }

    public long numel() {
        return data.numel();
    }

    public DType dtype() {
        return data.dtype();
    }

    // ---- autograd ---------------------------------------------------------------------------

    /** Marks this (leaf) tensor as one whose gradient is wanted; returns this, so it chains. */
    public Tensor requiresGrad(boolean on) {
        if (on && !data.dtype().isFloating()) {
            throw new OpException("requiresGrad", "only floating tensors can require gradients, this one is "
                    + data.dtype().irName());
        }
        if (gradFn != null && !on) {
            throw new OpException("requiresGrad", "cannot turn off requiresGrad on a non-leaf tensor; use detach()");
        }
        this.requiresGrad = on;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient, or null before any backward pass reached this tensor. */
    public Tensor grad() {
        return grad;
    }

    public void zeroGrad() {
        grad = null;
    }

    void attachGradFn(GradNode node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    GradNode gradFn() {
        return gradFn;
    }

    /** Adds {@code g} to this leaf's gradient, in place. */
    void accumulateGrad(Tensor g) {
        NdArray ga = g.array();
        if (grad == null) {
            grad = new Tensor(ga.dtype() == data.dtype() ? ga.copy() : ga.to(data.dtype()));
        } else {
            grad.data = ((Tensor) Dispatcher.call(OpNames.ADD, grad, g)).array();
        }
    }

    /** Backpropagates from this scalar tensor (gradient 1). */
    public void backward() {
        if (data.numel() != 1) {
            throw new OpException("backward", "grad can be implicitly created only for a one-element tensor, this one has shape "
                    + Shapes.str(data.shape()) + "; pass a gradient to backward(gradient)");
        }
        backward(new Tensor(NdArray.zeros(data.dtype(), data.shape())).fillInPlace(1.0));
    }

    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient);
    }

    /** A tensor sharing this one's data, cut off from the autograd graph (an op, so a trace records it). */
    public Tensor detach() {
        return op(OpNames.DETACH, this);
    }

    // ---- in place (optimizers, gradient accumulation) ----------------------------------------

    /** this += alpha * other (no autograd; for optimizer updates). */
    public Tensor addInPlace(Tensor other, double alpha) {
        try (GradMode.Scope s = GradMode.disabled()) {
            Tensor scaled = alpha == 1.0 ? other : (Tensor) Dispatcher.call(OpNames.MUL, other, alpha);
            NdArray sum = ((Tensor) Dispatcher.call(OpNames.ADD, new Tensor(data), scaled)).array();
            data = sum.dtype() == data.dtype() ? sum : sum.to(data.dtype());
        }
        return this;
    }

    /** this *= factor (no autograd). */
    public Tensor mulInPlace(double factor) {
        try (GradMode.Scope s = GradMode.disabled()) {
            data = ((Tensor) Dispatcher.call(OpNames.MUL, new Tensor(data), factor)).array().to(data.dtype());
        }
        return this;
    }

    /** Copies {@code src}'s values into this tensor, broadcasting src to this shape as PyTorch's copy_ (no autograd). */
    public Tensor copyInPlace(Tensor src) {
        long[] b = Shapes.broadcastOrNull(src.shape(), shape());
        if (b == null || !java.util.Arrays.equals(b, shape())) {
            throw new OpException("copyInPlace", "source shape " + Shapes.str(src.shape())
                    + " cannot be broadcast to the destination shape " + Shapes.str(shape()));
        }
        NdArray v = src.array();
        if (!java.util.Arrays.equals(src.shape(), shape())) {
            try (GradMode.Scope s = GradMode.disabled()) {
                v = ((Tensor) Dispatcher.call(OpNames.EXPAND, new Tensor(v), shape())).array();
            }
        }
        data = v.to(data.dtype());
        return this;
    }

    /**
     * Makes {@code values} this tensor's data without copying (PyTorch's {@code p.data = values}; no
     * autograd): for optimizers that compute a parameter's next values in one pass. The array must
     * have this tensor's dtype and shape and must not be written afterwards (arrays are values).
     */
    public Tensor setData(NdArray values) {
        if (values.dtype() != data.dtype() || !java.util.Arrays.equals(values.shape(), data.shape())) {
            throw new OpException("setData", "the new values are " + values.dtype() + Shapes.str(values.shape())
                    + " but the tensor is " + data.dtype() + Shapes.str(data.shape()));
        }
        data = values;
        return this;
    }

    /** Sets every element to {@code value} (no autograd). */
    public Tensor fillInPlace(double value) {
        NdArray a = NdArray.zeros(data.dtype(), data.shape());
        for (int i = 0; i < a.numel(); i++) a.setDouble(i, value);
        data = a;
        return this;
    }

    // ---- elementwise ------------------------------------------------------------------------
    // A Java whole number (the long overloads) is an integer scalar, as a Python int is to PyTorch:
    // an int64 tensor plus 1 stays int64; a double makes an integer tensor float32.

    private static Tensor op(String name, Object... args) {
        return (Tensor) Dispatcher.call(name, args);
    }

    public Tensor add(Tensor o) { return op(OpNames.ADD, this, o); }
    public Tensor add(double o) { return op(OpNames.ADD, this, o); }
    public Tensor add(long o) { return op(OpNames.ADD, this, o); }
    public Tensor sub(Tensor o) { return op(OpNames.SUB, this, o); }
    public Tensor sub(double o) { return op(OpNames.SUB, this, o); }
    public Tensor sub(long o) { return op(OpNames.SUB, this, o); }
    /** {@code value - this}. */
    public Tensor rsub(double value) { return op(OpNames.SUB, value, this); }
    public Tensor rsub(long value) { return op(OpNames.SUB, value, this); }
    public Tensor mul(Tensor o) { return op(OpNames.MUL, this, o); }
    public Tensor mul(double o) { return op(OpNames.MUL, this, o); }
    public Tensor mul(long o) { return op(OpNames.MUL, this, o); }
    public Tensor div(Tensor o) { return op(OpNames.DIV, this, o); }
    public Tensor div(double o) { return op(OpNames.DIV, this, o); }
    public Tensor div(long o) { return op(OpNames.DIV, this, o); }
    public Tensor pow(Tensor o) { return op(OpNames.POW, this, o); }
    public Tensor pow(double o) { return op(OpNames.POW, this, o); }
    public Tensor pow(long o) { return op(OpNames.POW, this, o); }
    public Tensor maximum(Tensor o) { return op(OpNames.MAXIMUM, this, o); }
    public Tensor maximum(double o) { return op(OpNames.MAXIMUM, this, o); }
    public Tensor maximum(long o) { return op(OpNames.MAXIMUM, this, o); }
    public Tensor minimum(Tensor o) { return op(OpNames.MINIMUM, this, o); }
    public Tensor minimum(double o) { return op(OpNames.MINIMUM, this, o); }
    public Tensor minimum(long o) { return op(OpNames.MINIMUM, this, o); }
    public Tensor neg() { return op(OpNames.NEG, this); }
    public Tensor abs() { return op(OpNames.ABS, this); }
    public Tensor sign() { return op(OpNames.SIGN, this); }
    public Tensor exp() { return op(OpNames.EXP, this); }
    public Tensor log() { return op(OpNames.LOG, this); }
    public Tensor sqrt() { return op(OpNames.SQRT, this); }
    public Tensor sin() { return op(OpNames.SIN, this); }
    public Tensor cos() { return op(OpNames.COS, this); }
    public Tensor erf() { return op(OpNames.ERF, this); }
    public Tensor tanh() { return op(OpNames.TANH, this); }
    public Tensor sigmoid() { return op(OpNames.SIGMOID, this); }
    public Tensor relu() { return op(OpNames.RELU, this); }
    public Tensor gelu() { return op(OpNames.GELU, this); }
    /** GELU with PyTorch's {@code approximate}: "none" (the erf form) or "tanh". */
    public Tensor gelu(String approximate) {
        if (approximate.equals("none")) return gelu();
        if (approximate.equals("tanh")) return geluTanh();
        throw new OpException("gelu", "approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
    }
    public Tensor geluTanh() { return op(OpNames.GELU_TANH, this); }
    public Tensor floor() { return op(OpNames.FLOOR, this); }
    public Tensor ceil() { return op(OpNames.CEIL, this); }
    /** Round half to even, as PyTorch. */
    public Tensor round() { return op(OpNames.ROUND, this); }
    public Tensor remainder(Tensor o) { return op(OpNames.REMAINDER, this, o); }
    public Tensor remainder(double o) { return op(OpNames.REMAINDER, this, o); }
    public Tensor remainder(long o) { return op(OpNames.REMAINDER, this, o); }
    public Tensor floorDivide(Tensor o) { return op(OpNames.FLOOR_DIVIDE, this, o); }
    public Tensor floorDivide(double o) { return op(OpNames.FLOOR_DIVIDE, this, o); }
    public Tensor floorDivide(long o) { return op(OpNames.FLOOR_DIVIDE, this, o); }
    public Tensor log1p() { return op(OpNames.LOG1P, this); }
    public Tensor expm1() { return op(OpNames.EXPM1, this); }
    public Tensor rsqrt() { return op(OpNames.RSQRT, this); }
    public Tensor reciprocal() { return op(OpNames.RECIPROCAL, this); }
    public Tensor softplus() { return softplus(1.0, 20.0); }
    public Tensor softplus(double beta, double threshold) { return op(OpNames.SOFTPLUS, this, beta, threshold); }
    public Tensor silu() { return op(OpNames.SILU, this); }
    public Tensor mish() { return op(OpNames.MISH, this); }
    public Tensor elu() { return elu(1.0); }
    public Tensor elu(double alpha) { return op(OpNames.ELU, this, alpha); }
    public Tensor hardtanh() { return hardtanh(-1.0, 1.0); }
    public Tensor hardtanh(double minVal, double maxVal) { return op(OpNames.HARDTANH, this, minVal, maxVal); }
    public Tensor isnan() { return op(OpNames.ISNAN, this); }
    public Tensor isinf() { return op(OpNames.ISINF, this); }
    public Tensor isfinite() { return op(OpNames.ISFINITE, this); }
    public Tensor logicalNot() { return op(OpNames.LOGICAL_NOT, this); }
    public Tensor logicalAnd(Tensor o) { return op(OpNames.LOGICAL_AND, this, o); }
    public Tensor logicalOr(Tensor o) { return op(OpNames.LOGICAL_OR, this, o); }
    public Tensor logicalXor(Tensor o) { return op(OpNames.LOGICAL_XOR, this, o); }
    public Tensor leakyRelu(double negativeSlope) { return op(OpNames.LEAKY_RELU, this, negativeSlope); }
    public Tensor leakyRelu() { return leakyRelu(0.01); }
    public Tensor clamp(double min, double max) { return op(OpNames.CLAMP, this, min, max); }
    public Tensor clamp(long min, long max) { return op(OpNames.CLAMP, this, min, max); }
    /** One-sided clamp, as {@code torch.clamp(x, min=None, max=...)}: a null bound is absent. */
    public Tensor clamp(Double min, Double max) {
        if (min == null && max == null) throw new OpException("clamp", "at least one of min and max must be given");
        return min == null ? clampMax(max) : max == null ? clampMin(min) : clamp((double) min, (double) max);
    }
    public Tensor clampMin(double min) { return op(OpNames.CLAMP_MIN, this, min); }
    public Tensor clampMin(long min) { return op(OpNames.CLAMP_MIN, this, min); }
    public Tensor clampMax(double max) { return op(OpNames.CLAMP_MAX, this, max); }
    public Tensor clampMax(long max) { return op(OpNames.CLAMP_MAX, this, max); }
    /** Elementwise {@code condition ? this : other}, as {@code torch.where(condition, this, other)}. */
    public Tensor where(Tensor condition, Tensor other) { return op(OpNames.WHERE, condition, this, other); }
    public Tensor where(Tensor condition, double other) { return op(OpNames.WHERE, condition, this, other); }
    public Tensor where(Tensor condition, long other) { return op(OpNames.WHERE, condition, this, other); }

    public Tensor eq(Tensor o) { return op(OpNames.EQ, this, o); }
    public Tensor eq(double o) { return op(OpNames.EQ, this, o); }
    public Tensor eq(long o) { return op(OpNames.EQ, this, o); }
    public Tensor ne(Tensor o) { return op(OpNames.NE, this, o); }
    public Tensor ne(double o) { return op(OpNames.NE, this, o); }
    public Tensor ne(long o) { return op(OpNames.NE, this, o); }
    public Tensor lt(Tensor o) { return op(OpNames.LT, this, o); }
    public Tensor lt(double o) { return op(OpNames.LT, this, o); }
    public Tensor lt(long o) { return op(OpNames.LT, this, o); }
    public Tensor le(Tensor o) { return op(OpNames.LE, this, o); }
    public Tensor le(double o) { return op(OpNames.LE, this, o); }
    public Tensor le(long o) { return op(OpNames.LE, this, o); }
    public Tensor gt(Tensor o) { return op(OpNames.GT, this, o); }
    public Tensor gt(double o) { return op(OpNames.GT, this, o); }
    public Tensor gt(long o) { return op(OpNames.GT, this, o); }
    public Tensor ge(Tensor o) { return op(OpNames.GE, this, o); }
    public Tensor ge(double o) { return op(OpNames.GE, this, o); }
    public Tensor ge(long o) { return op(OpNames.GE, this, o); }

    // ---- reductions -------------------------------------------------------------------------

    public Tensor sum() { return op(OpNames.SUM, this, null, false); }
    public Tensor sum(int dim) { return sum(new long[] {dim}, false); }
    public Tensor sum(long[] dims, boolean keepdim) { return op(OpNames.SUM, this, dims, keepdim); }
    public Tensor mean() { return op(OpNames.MEAN, this, null, false); }
    public Tensor mean(int dim) { return mean(new long[] {dim}, false); }
    public Tensor mean(long[] dims, boolean keepdim) { return op(OpNames.MEAN, this, dims, keepdim); }
    public Tensor max() { return op(OpNames.MAX, this, null, false); }
    public Tensor max(int dim) { return max(new long[] {dim}, false); }
    public Tensor max(long[] dims, boolean keepdim) { return op(OpNames.MAX, this, dims, keepdim); }
    public Tensor min() { return op(OpNames.MIN, this, null, false); }
    public Tensor min(int dim) { return min(new long[] {dim}, false); }
    public Tensor min(long[] dims, boolean keepdim) { return op(OpNames.MIN, this, dims, keepdim); }
    public Tensor argmax() { return op(OpNames.ARGMAX, this, null, false); }
    public Tensor argmax(int dim) { return op(OpNames.ARGMAX, this, (long) dim, false); }
    public Tensor argmax(int dim, boolean keepdim) { return op(OpNames.ARGMAX, this, (long) dim, keepdim); }
    public Tensor argmin() { return op(OpNames.ARGMIN, this, null, false); }
    public Tensor argmin(int dim) { return op(OpNames.ARGMIN, this, (long) dim, false); }
    public Tensor argmin(int dim, boolean keepdim) { return op(OpNames.ARGMIN, this, (long) dim, keepdim); }
    public Tensor var() { return op(OpNames.VAR, this, null, true, false); }
    public Tensor var(long[] dims, boolean unbiased, boolean keepdim) { return op(OpNames.VAR, this, dims, unbiased, keepdim); }
    public Tensor logsumexp(int dim) { return op(OpNames.LOGSUMEXP, this, new long[] {dim}, false); }
    public Tensor logsumexp(long[] dims, boolean keepdim) { return op(OpNames.LOGSUMEXP, this, dims, keepdim); }
    public Tensor softmax(int dim) { return op(OpNames.SOFTMAX, this, (long) dim); }
    public Tensor logSoftmax(int dim) { return op(OpNames.LOG_SOFTMAX, this, (long) dim); }

    // ---- linear algebra and shape -----------------------------------------------------------

    public Tensor matmul(Tensor o) { return op(OpNames.MATMUL, this, o); }
    public Tensor t() { return op(OpNames.T, this); }
    public Tensor transpose(int dim0, int dim1) { return op(OpNames.TRANSPOSE, this, (long) dim0, (long) dim1); }
    public Tensor permute(int... dims) { return op(OpNames.PERMUTE, this, dims); }
    public Tensor reshape(long... shape) { return op(OpNames.RESHAPE, this, shape); }
    public Tensor reshape(int... shape) { return op(OpNames.RESHAPE, this, shape); }
    public Tensor flatten() { return op(OpNames.FLATTEN, this, 0L, -1L); }
    public Tensor flatten(int startDim, int endDim) { return op(OpNames.FLATTEN, this, (long) startDim, (long) endDim); }
    public Tensor squeeze() { return op(OpNames.SQUEEZE, this, null); }
    public Tensor squeeze(int dim) { return op(OpNames.SQUEEZE, this, (long) dim); }
    public Tensor unsqueeze(int dim) { return op(OpNames.UNSQUEEZE, this, (long) dim); }
    public Tensor expand(long... size) { return op(OpNames.EXPAND, this, size); }
    public Tensor expand(int... size) { return op(OpNames.EXPAND, this, size); }
    public Tensor expandAs(Tensor other) { return op(OpNames.EXPAND_AS, this, other); }
    public Tensor reshapeAs(Tensor other) { return op(OpNames.RESHAPE_AS, this, other); }
    public Tensor narrow(int dim, long start, long length) { return op(OpNames.NARROW, this, (long) dim, start, length); }
    /** The slice at {@code index} along {@code dim} (one dimension fewer). */
    public Tensor select(int dim, long index) { return op(OpNames.SELECT, this, (long) dim, index); }
    /** The slice at {@code index} along dimension 0, as {@code x[i]}. */
    public Tensor get(long index) { return select(0, index); }
    public Tensor indexSelect(int dim, Tensor index) { return op(OpNames.INDEX_SELECT, this, (long) dim, index); }
    /** Converts to another dtype (a copy). */
    public Tensor to(DType dtype) { return op(OpNames.TO, this, dtype.irName()); }

    /** The slices along dimension 0, as iterating a tensor in Python does. The tracer sees this. */
    public List<Tensor> unbind() {
        Dispatcher.escape(this, "unbind()/iteration");
        List<Tensor> out = new java.util.ArrayList<>();
        for (long i = 0; i < size(0); i++) out.add(get(i));
        return out;
    }

    // ---- data out ---------------------------------------------------------------------------

    /** The value of a one-element tensor. Inside a trace this freezes the value into the graph (a TracerWarning). */
    public double item() {
        if (data.numel() != 1) {
            throw new OpException("item", "a tensor with " + data.numel() + " elements (shape "
                    + Shapes.str(data.shape()) + ") cannot be converted to a Java number");
        }
        Dispatcher.escape(this, "item()");
        return data.getDouble(0);
    }

    /** The truth of a one-element tensor, for {@code if}; inside a trace the branch taken is frozen. */
    public boolean booleanValue() {
        if (data.numel() != 1) {
            throw new OpException("booleanValue", "the truth value of a tensor with " + data.numel()
                    + " elements is ambiguous (shape " + Shapes.str(data.shape()) + ")");
        }
        Dispatcher.escape(this, "booleanValue()");
        return data.getDouble(0) != 0;
    }

    public float[] toFloatArray() {
        Dispatcher.escape(this, "toFloatArray()");
        return data.dtype() == DType.FLOAT32 ? data.floats().clone() : data.to(DType.FLOAT32).floats();
    }

    public double[] toDoubleArray() {
        Dispatcher.escape(this, "toDoubleArray()");
        return data.dtype() == DType.FLOAT64 ? data.doubles().clone() : data.to(DType.FLOAT64).doubles();
    }

    public long[] toLongArray() {
        Dispatcher.escape(this, "toLongArray()");
        return data.to(DType.INT64).longs();
    }

    /** PyTorch-style printing: {@code tensor([[1.0000, 2.0000], ...], requires_grad=True)}. */
    @Override
    public String toString() {
        String suffix = "";
        if (gradFn != null) {
            suffix = ", grad_fn=<" + gradFn.displayName() + ">";
        } else if (requiresGrad) {
            suffix = ", requires_grad=True";
        }
        return TensorFormatter.format(data, suffix);
    }
}
