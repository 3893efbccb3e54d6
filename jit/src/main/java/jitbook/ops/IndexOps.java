package jitbook.ops;

import static jitbook.ops.OpTrait.MAY_THROW;
import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.ShapeOps.grads;

import java.util.ArrayList;
import java.util.List;

/**
 * Ops that pick or join slices: cat, stack, narrow, select, index_select, and the gradient-only
 * ops that scatter a slice's gradient back into an input-shaped tensor.
 */
final class IndexOps {
    private IndexOps() {
    }

    static void register(OpRegistry r) {
        joining(r);
        slicing(r);
        indexing(r);
    }

    private static void joining(OpRegistry r) {
        String cat = "tensor::cat";
        OpDef.builder(cat, "cat(Tensor[] tensors, int dim=0) -> Tensor")
                .kernel(a -> {
                    List<NdArray> ts = Args.arrays(cat, a, 0);
                    long dim = Args.longOr(cat, a, 1, 0);
                    List<long[]> shapes = new ArrayList<>();
                    for (NdArray t : ts) shapes.add(t.shape());
                    long[] shape = catShape(cat, shapes, dim);
                    int d = Shapes.normDim(cat, dim, shape.length);
                    DType t = ts.get(0).dtype();
                    for (NdArray x : ts) t = DType.promote(t, x.dtype());
                    NdArray out = NdArray.zeros(t, shape);
                    long offset = 0;
                    long[] strides = out.strides();
                    for (NdArray x : ts) {
                        Strided.scatter(out, x.shape(), strides, offset * strides[d], x.dtype() == t ? x : x.to(t), false);
                        offset += x.dim(d);
                    }
                    return out;
                })
                .shape(a -> {
                    List<TensorSpec> ts = RuleArgs.specs(cat, a, 0);
                    Long dim = RuleArgs.longOr(cat, a, 1, 0L);
                    if (ts == null || ts.isEmpty()) return TensorSpec.unknownShape(DType.FLOAT32);
                    DType t = ts.get(0).dtype;
                    List<long[]> shapes = new ArrayList<>();
                    for (TensorSpec s : ts) {
                        t = DType.promote(t, s.dtype);
                        shapes.add(s.hasShape() ? s.shape : null);
                    }
                    if (dim == null || shapes.contains(null)) return TensorSpec.unknownShape(t);
                    return new TensorSpec(t, catShape(cat, shapes, dim));
                })
                .grad((g, in, out, gy) -> {
                    if (!(in.get(0) instanceof List)) {
                        // A list built at run time: element i's gradient is its slice of gy, whatever i is.
                        return grads((ElementGradients) i -> g.op("tensor::split_like", gy, in.get(0), in.get(1), i), null);
                    }
                    List<?> ts = (List<?>) in.get(0);
                    List<Object> gs = new ArrayList<>();
                    for (int i = 0; i < ts.size(); i++) {
                        gs.add(g.isFloatingTensor(ts.get(i))
                                ? g.op("tensor::split_like", gy, in.get(0), in.get(1), (long) i) : null);
                    }
                    return grads(gs, null);
                })
                .traits(PURE)
                .doc("Concatenates tensors along an existing dimension; all other dimensions must match.").register(r);

        String sl = "tensor::split_like";
        OpDef.builder(sl, "splitLike(Tensor grad, Tensor[] like, int dim, int index) -> Tensor")
                .kernel(a -> {
                    NdArray gr = Args.array(sl, a, 0);
                    List<NdArray> like = Args.arrays(sl, a, 1);
                    long dim = Args.longArg(sl, a, 2);
                    int index = (int) checkIndex(sl, Args.longArg(sl, a, 3), like.size(), "tensor list of length");
                    List<long[]> shapes = new ArrayList<>();
                    for (NdArray t : like) shapes.add(t.shape());
                    long[] whole = catShape(sl, shapes, dim);
                    if (!java.util.Arrays.equals(whole, gr.shape())) {
                        throw new OpException(sl, "gradient of shape " + Shapes.str(gr.shape())
                                + " does not match the concatenated shape " + Shapes.str(whole));
                    }
                    int d = Shapes.normDim(sl, dim, whole.length);
                    long start = 0;
                    for (int i = 0; i < index; i++) start += like.get(i).dim(d);
                    return narrow(sl, gr, d, start, like.get(index).dim(d));
                })
                .shape(a -> {
                    TensorSpec gr = RuleArgs.spec(sl, a, 0);
                    List<TensorSpec> like = RuleArgs.specs(sl, a, 1);
                    Long index = RuleArgs.longOr(sl, a, 3, null);
                    if (like == null || index == null) return TensorSpec.unknownShape(gr.dtype);
                    int i = (int) checkIndex(sl, index, like.size(), "tensor list of length");
                    return new TensorSpec(gr.dtype, like.get(i).shape);
                })
                .notDifferentiable("only used by gradients (of cat)")
                .traits(PURE)
                .doc("The slice of a cat result's gradient that belongs to like[index].").register(r);

        String st = "tensor::stack";
        OpDef.builder(st, "stack(Tensor[] tensors, int dim=0) -> Tensor")
                .kernel(a -> {
                    List<NdArray> ts = Args.arrays(st, a, 0);
                    long dim = Args.longOr(st, a, 1, 0);
                    checkStack(st, ts.isEmpty() ? null : ts.get(0).shape(), ts.size());
                    List<NdArray> parts = new ArrayList<>();
                    for (NdArray x : ts) {
                        if (!java.util.Arrays.equals(x.shape(), ts.get(0).shape())) {
                            throw new OpException(st, "all tensors must have the same shape, got " + Shapes.str(ts.get(0).shape())
                                    + " and " + Shapes.str(x.shape()));
                        }
                        parts.add(x.reshapeView(ShapeOps.unsqueezeShape(st, x.shape(), dim)));
                    }
                    return OpRegistry.global().get("tensor::cat").run(parts, dim);
                })
                .shape(a -> {
                    List<TensorSpec> ts = RuleArgs.specs(st, a, 0);
                    Long dim = RuleArgs.longOr(st, a, 1, 0L);
                    if (ts == null || ts.isEmpty()) return TensorSpec.unknownShape(DType.FLOAT32);
                    DType t = ts.get(0).dtype;
                    for (TensorSpec s : ts) t = DType.promote(t, s.dtype);
                    TensorSpec first = ts.get(0);
                    if (dim == null || !first.hasShape()) return TensorSpec.unknownShape(t);
                    for (TensorSpec s : ts) {
                        if (s.hasShape() && !java.util.Arrays.equals(s.shape, first.shape)) {
                            throw new OpException(st, "all tensors must have the same shape, got " + Shapes.str(first.shape)
                                    + " and " + Shapes.str(s.shape));
                        }
                    }
                    long[] s = ShapeOps.unsqueezeShape(st, first.shape, dim);
                    s[Shapes.normDim(st, dim, s.length)] = ts.size();
                    return new TensorSpec(t, s);
                })
                .grad((g, in, out, gy) -> {
                    if (!(in.get(0) instanceof List)) {
                        return grads((ElementGradients) i -> g.op("tensor::select", gy, in.get(1), i), null);
                    }
                    List<?> ts = (List<?>) in.get(0);
                    List<Object> gs = new ArrayList<>();
                    for (int i = 0; i < ts.size(); i++) {
                        gs.add(g.isFloatingTensor(ts.get(i)) ? g.op("tensor::select", gy, in.get(1), (long) i) : null);
                    }
                    return grads(gs, null);
                })
                .traits(PURE)
                .doc("Joins same-shaped tensors along a new dimension.").register(r);
    }

    private static void checkStack(String op, long[] first, int n) {
        if (n == 0) throw new OpException(op, "expects a non-empty list of tensors");
    }

    /** The shape of concatenating {@code shapes} along {@code dim}. */
    static long[] catShape(String op, List<long[]> shapes, long dim) {
        if (shapes.isEmpty()) throw new OpException(op, "expects a non-empty list of tensors");
        long[] first = shapes.get(0);
        if (first.length == 0) throw new OpException(op, "cannot concatenate 0-d tensors (use stack)");
        int d = Shapes.normDim(op, dim, first.length);
        long[] out = first.clone();
        out[d] = 0;
        for (long[] s : shapes) {
            boolean ok = s.length == first.length;
            for (int i = 0; ok && i < s.length; i++) ok = i == d || s[i] == first[i];
            if (!ok) {
                StringBuilder all = new StringBuilder();
                for (long[] x : shapes) all.append(all.length() == 0 ? "" : ", ").append(Shapes.str(x));
                throw new OpException(op, "shapes " + all + " cannot be concatenated along dimension " + dim);
            }
            out[d] += s[d];
        }
        return out;
    }

    static long checkIndex(String op, long index, long size, String what) {
        if (index < -size || index >= size) {
            throw new OpException(op, "index " + index + " is out of range for " + what + " " + size);
        }
        return index < 0 ? index + size : index;
    }

    /** Elements start..start+length-1 along dim d (already normalized), materialized. */
    static NdArray narrow(String op, NdArray x, int d, long start, long length) {
        long[] shape = x.shape();
        shape[d] = length;
        long[] strides = x.strides();
        return Strided.gather(x, shape, strides, start * strides[d]);
    }

    /** Validated [dim, start, length] of a narrow of {@code shape}; negative start counts from the end. */
    static long[] narrowArgs(String op, long[] shape, long dim, long start, long length) {
        if (shape.length == 0) throw new OpException(op, "cannot narrow a 0-d tensor");
        int d = Shapes.normDim(op, dim, shape.length);
        long size = shape[d];
        long s = start < 0 ? start + size : start;
        if (s < 0 || s > size || length < 0 || s + length > size) {
            throw new OpException(op, "start " + start + " and length " + length + " are out of range for dimension "
                    + dim + " of a tensor of shape " + Shapes.str(shape));
        }
        return new long[] {d, s, length};
    }

    private static void slicing(OpRegistry r) {
        String nr = "tensor::narrow";
        OpDef.builder(nr, "narrow(Tensor self, int dim, int start, int length) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(nr, a, 0);
                    long[] v = narrowArgs(nr, x.shape(), Args.longArg(nr, a, 1), Args.longArg(nr, a, 2), Args.longArg(nr, a, 3));
                    return narrow(nr, x, (int) v[0], v[1], v[2]);
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(nr, a, 0);
                    Long dim = RuleArgs.longOr(nr, a, 1, null);
                    Long start = RuleArgs.longOr(nr, a, 2, null);
                    Long len = RuleArgs.longOr(nr, a, 3, null);
                    if (!x.hasShape()) return new TensorSpec(x.dtype, RuleArgs.unknownDims(x.rankOrMinusOne()));
                    if (dim == null || start == null || len == null) return new TensorSpec(x.dtype, RuleArgs.unknownDims(x.shape.length));
                    long[] v = narrowArgs(nr, x.shape, dim, start, len);
                    long[] s = x.shape.clone();
                    s[(int) v[0]] = v[2];
                    return new TensorSpec(x.dtype, s);
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::narrow_backward", gy, in.get(0), in.get(1), in.get(2), in.get(3)),
                        null, null, null))
                .traits(PURE)
                .doc("The slice start..start+length-1 along dim (negative start counts from the end).").register(r);

        String nb = "tensor::narrow_backward";
        OpDef.builder(nb, "narrowBackward(Tensor grad, Tensor self, int dim, int start, int length) -> Tensor")
                .kernel(a -> {
                    NdArray gr = Args.array(nb, a, 0);
                    NdArray x = Args.array(nb, a, 1);
                    long[] v = narrowArgs(nb, x.shape(), Args.longArg(nb, a, 2), Args.longArg(nb, a, 3), Args.longArg(nb, a, 4));
                    long[] slice = x.shape();
                    slice[(int) v[0]] = v[2];
                    if (!java.util.Arrays.equals(slice, gr.shape())) {
                        throw new OpException(nb, "gradient of shape " + Shapes.str(gr.shape()) + " does not match the slice shape "
                                + Shapes.str(slice) + " of an input of shape " + Shapes.str(x.shape()));
                    }
                    NdArray out = NdArray.zeros(gr.dtype(), x.shape());
                    long[] strides = out.strides();
                    Strided.scatter(out, slice, strides, v[1] * strides[(int) v[0]], gr, false);
                    return out;
                })
                .shape(a -> new TensorSpec(RuleArgs.spec(nb, a, 0).dtype, RuleArgs.spec(nb, a, 1).shape))
                .grad((g, in, out, gy) -> grads(g.op("tensor::narrow", gy, in.get(2), in.get(3), in.get(4)),
                        null, null, null, null))
                .traits(PURE)
                .doc("Zeros of self's shape with grad written into the narrowed slice: the gradient of narrow.").register(r);

        String se = "tensor::select";
        OpDef.builder(se, "select(Tensor self, int dim, int index) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(se, a, 0);
                    long[] v = selectArgs(se, x.shape(), Args.longArg(se, a, 1), Args.longArg(se, a, 2));
                    long[] strides = x.strides();
                    long[] shape = dropDim(x.shape(), (int) v[0]);
                    long[] st = dropDim(strides, (int) v[0]);
                    return Strided.gather(x, shape, st, v[1] * strides[(int) v[0]]);
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(se, a, 0);
                    Long dim = RuleArgs.longOr(se, a, 1, null);
                    Long index = RuleArgs.longOr(se, a, 2, null);
                    if (x.shape == null) return x;
                    if (!x.hasShape() || dim == null || index == null) {
                        return new TensorSpec(x.dtype, RuleArgs.unknownDims(Math.max(0, x.shape.length - 1)));
                    }
                    long[] v = selectArgs(se, x.shape, dim, index);
                    return new TensorSpec(x.dtype, dropDim(x.shape, (int) v[0]));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::select_backward", gy, in.get(0), in.get(1), in.get(2)), null, null))
                .traits(PURE, MAY_THROW)
                .doc("The slice at index along dim, with that dimension removed (negative index counts from the end).")
                .register(r);

        String sb = "tensor::select_backward";
        OpDef.builder(sb, "selectBackward(Tensor grad, Tensor self, int dim, int index) -> Tensor")
                .kernel(a -> {
                    NdArray gr = Args.array(sb, a, 0);
                    NdArray x = Args.array(sb, a, 1);
                    long[] v = selectArgs(sb, x.shape(), Args.longArg(sb, a, 2), Args.longArg(sb, a, 3));
                    long[] slice = dropDim(x.shape(), (int) v[0]);
                    if (!java.util.Arrays.equals(slice, gr.shape())) {
                        throw new OpException(sb, "gradient of shape " + Shapes.str(gr.shape()) + " does not match the slice shape "
                                + Shapes.str(slice) + " of an input of shape " + Shapes.str(x.shape()));
                    }
                    NdArray out = NdArray.zeros(gr.dtype(), x.shape());
                    long[] strides = out.strides();
                    Strided.scatter(out, slice, dropDim(strides, (int) v[0]), v[1] * strides[(int) v[0]], gr, false);
                    return out;
                })
                .shape(a -> new TensorSpec(RuleArgs.spec(sb, a, 0).dtype, RuleArgs.spec(sb, a, 1).shape))
                .grad((g, in, out, gy) -> grads(g.op("tensor::select", gy, in.get(2), in.get(3)), null, null, null))
                .traits(PURE)
                .doc("Zeros of self's shape with grad written at the selected index: the gradient of select.").register(r);
    }

    static long[] selectArgs(String op, long[] shape, long dim, long index) {
        if (shape.length == 0) throw new OpException(op, "cannot select from a 0-d tensor");
        int d = Shapes.normDim(op, dim, shape.length);
        long i = checkIndex(op, index, shape[d], "dimension " + dim + " of a tensor of shape " + Shapes.str(shape) + ", size");
        return new long[] {d, i};
    }

    static long[] dropDim(long[] s, int d) {
        long[] out = new long[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != d) out[j++] = s[i];
        return out;
    }

    private static void indexing(OpRegistry r) {
        String is = "tensor::index_select";
        OpDef.builder(is, "indexSelect(Tensor self, int dim, Tensor index) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(is, a, 0);
                    NdArray idx = Args.array(is, a, 2);
                    int d = indexSelectDim(is, x.shape(), Args.longArg(is, a, 1), idx);
                    long[] ix = indices(is, idx, x.dim(d), "dimension " + d + " of a tensor of shape " + Shapes.str(x.shape()));
                    long[] shape = x.shape();
                    shape[d] = ix.length;
                    NdArray out = NdArray.zeros(x.dtype(), shape);
                    long[] xs = x.strides();
                    long[] os = out.strides();
                    long[] slice = x.shape();
                    slice[d] = 1;
                    for (int k = 0; k < ix.length; k++) {
                        NdArray part = Strided.gather(x, slice, xs, ix[k] * xs[d]);
                        Strided.scatter(out, slice, os, k * os[d], part, false);
                    }
                    return out;
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(is, a, 0);
                    TensorSpec idx = RuleArgs.spec(is, a, 2);
                    Long dim = RuleArgs.longOr(is, a, 1, null);
                    checkIndexType(is, idx.dtype, idx.shape);
                    if (x.shape == null) return x;
                    if (dim == null) return new TensorSpec(x.dtype, RuleArgs.unknownDims(x.shape.length));
                    long[] s = x.shape.clone();
                    if (s.length == 0) return x;
                    int d = Shapes.normDim(is, dim, s.length);
                    s[d] = idx.hasShape() ? (idx.shape.length == 0 ? 1 : idx.shape[0]) : -1;
                    return new TensorSpec(x.dtype, s);
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::index_select_backward", gy, in.get(0), in.get(1), in.get(2)),
                        null, null))
                .traits(PURE, MAY_THROW)
                .doc("The slices of self at the given int64 indices (a 1-D tensor) along dim.").register(r);

        String ib = "tensor::index_select_backward";
        OpDef.builder(ib, "indexSelectBackward(Tensor grad, Tensor self, int dim, Tensor index) -> Tensor")
                .kernel(a -> {
                    NdArray gr = Args.array(ib, a, 0);
                    NdArray x = Args.array(ib, a, 1);
                    NdArray idx = Args.array(ib, a, 3);
                    int d = indexSelectDim(ib, x.shape(), Args.longArg(ib, a, 2), idx);
                    long[] ix = indices(ib, idx, x.dim(d), "dimension " + d + " of a tensor of shape " + Shapes.str(x.shape()));
                    long[] expect = x.shape();
                    expect[d] = ix.length;
                    if (!java.util.Arrays.equals(expect, gr.shape())) {
                        throw new OpException(ib, "gradient of shape " + Shapes.str(gr.shape()) + " does not match "
                                + Shapes.str(expect));
                    }
                    NdArray out = NdArray.zeros(gr.dtype(), x.shape());
                    long[] gs = gr.strides();
                    long[] os = out.strides();
                    long[] slice = x.shape();
                    slice[d] = 1;
                    for (int k = 0; k < ix.length; k++) {
                        NdArray part = Strided.gather(gr, slice, gs, k * gs[d]);
                        Strided.scatter(out, slice, os, ix[k] * os[d], part, true);
                    }
                    return out;
                })
                .shape(a -> new TensorSpec(RuleArgs.spec(ib, a, 0).dtype, RuleArgs.spec(ib, a, 1).shape))
                .grad((g, in, out, gy) -> grads(g.op("tensor::index_select", gy, in.get(2), in.get(3)), null, null, null))
                .traits(PURE)
                .doc("Adds grad's slices into zeros of self's shape at the indices (repeated indices accumulate).")
                .register(r);
    }

    private static int indexSelectDim(String op, long[] shape, long dim, NdArray idx) {
        checkIndexType(op, idx.dtype(), idx.shape());
        if (shape.length == 0) throw new OpException(op, "cannot index a 0-d tensor");
        return Shapes.normDim(op, dim, shape.length);
    }

    private static void checkIndexType(String op, DType t, long[] shape) {
        if (t != DType.INT64) {
            throw new OpException(op, "index must be an int64 (Long) tensor, got " + t.irName()
                    + (shape == null ? "" : Shapes.str(shape)));
        }
        if (shape != null && shape.length > 1) {
            throw new OpException(op, "index must be a 1-D tensor, got shape " + Shapes.str(shape));
        }
    }

    /** The index values, each checked to be in [0, size) (PyTorch's index tensors do not count from the end). */
    static long[] indices(String op, NdArray idx, long size, String what) {
        long[] v = idx.longs().clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= size) {
                throw new OpException(op, "index " + v[i] + " is out of range for " + what + " (size " + size
                        + ", indices must be in [0, " + size + ")); index tensor of shape " + Shapes.str(idx.shape()));
            }
        }
        return v;
    }
}
