package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;

import java.util.Arrays;
import java.util.List;

/**
 * Ops that move elements without computing on them: reshaping, broadcasting and its adjoint,
 * transposition. PyTorch answers several of these with views; here every result is a fresh
 * contiguous array (see {@link Strided}). Indexing ops (cat, narrow, select ...) are in
 * {@link IndexOps}, registered from here.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static List<Object> grads(Object... g) {
        return Arrays.asList(g);
    }

    static void register(OpRegistry r) {
        broadcasting(r);
        reshaping(r);
        transposing(r);
        IndexOps.register(r);
    }

    private static void broadcasting(OpRegistry r) {
        String sts = "tensor::sum_to_size";
        OpDef.builder(sts, "sumToSize(Tensor self, Tensor like) -> Tensor")
                .kernel(a -> Reductions.sumToSize(sts, Args.array(sts, a, 0), Args.array(sts, a, 1).shape()))
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(sts, a, 0);
                    TensorSpec like = RuleArgs.spec(sts, a, 1);
                    if (x.hasShape() && like.hasShape()) Reductions.checkSumTo(sts, x.shape, like.shape);
                    return new TensorSpec(Reductions.sumType(x.dtype), like.shape);
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::expand_as", gy, in.get(0)), null))
                .traits(PURE)
                .doc("Sums self down to like's shape (like must broadcast to self): undoes broadcasting.").register(r);

        String ea = "tensor::expand_as";
        OpDef.builder(ea, "expandAs(Tensor self, Tensor other) -> Tensor")
                .kernel(a -> expandTo(ea, Args.array(ea, a, 0), Args.array(ea, a, 1).shape()))
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(ea, a, 0);
                    TensorSpec o = RuleArgs.spec(ea, a, 1);
                    if (x.hasShape() && o.hasShape()) expandShape(ea, x.shape, o.shape);
                    return new TensorSpec(x.dtype, o.shape);
                })
                .grad((g, in, out, gy) -> grads(g.sumTo(gy, in.get(0)), null))
                .traits(PURE)
                .doc("Broadcasts self to other's shape.").register(r);

        String ex = "tensor::expand";
        OpDef.builder(ex, "expand(Tensor self, int[] size) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(ex, a, 0);
                    return expandTo(ex, x, expandShape(ex, x.shape(), Args.longs(ex, a, 1)));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(ex, a, 0);
                    long[] size = RuleArgs.longsOrNull(ex, a, 1);
                    if (size == null) return TensorSpec.unknownShape(x.dtype);
                    if (!x.hasShape()) {
                        long[] s = size.clone();
                        for (int i = 0; i < s.length; i++) if (s[i] < 0) s[i] = -1;
                        return new TensorSpec(x.dtype, s);
                    }
                    return new TensorSpec(x.dtype, expandShape(ex, x.shape, size));
                })
                .grad((g, in, out, gy) -> grads(g.sumTo(gy, in.get(0)), null))
                .traits(PURE)
                .doc("Broadcasts self to size; -1 keeps a dimension, new leading dimensions may be added.").register(r);

        String ur = "tensor::unreduce";
        OpDef.builder(ur, "unreduce(Tensor grad, Tensor input, int[]? dims, bool keepdim) -> Tensor")
                .kernel(a -> {
                    NdArray gr = Args.array(ur, a, 0);
                    NdArray x = Args.array(ur, a, 1);
                    long[] dims = Args.optionalLongs(ur, a, 2);
                    long[] keep = Reductions.resultShape(ur, x.shape(), dims, true);
                    long[] expected = Args.boolOr(ur, a, 3, false) ? keep : Reductions.resultShape(ur, x.shape(), dims, false);
                    if (!Arrays.equals(gr.shape(), expected)) {
                        throw new OpException(ur, "gradient of shape " + Shapes.str(gr.shape()) + " does not match a reduction of "
                                + Shapes.str(x.shape()) + " over dims " + (dims == null ? "None" : Shapes.str(dims))
                                + " (expected " + Shapes.str(expected) + ")");
                    }
                    return expandTo(ur, gr.reshapeView(keep), x.shape());
                })
                .shape(a -> new TensorSpec(RuleArgs.spec(ur, a, 0).dtype, RuleArgs.spec(ur, a, 1).shape))
                .grad((g, in, out, gy) -> grads(g.op("tensor::sum", gy, in.get(2), in.get(3)), null, null, null))
                .traits(PURE)
                .doc("Reshapes the gradient of a reduction back to keepdim form and broadcasts it to the input's shape.")
                .register(r);
    }

    /** The shape {@code in} broadcast to {@code size} (where -1 keeps a dim), with torch's checks. */
    static long[] expandShape(String op, long[] in, long[] size) {
        if (size.length < in.length) {
            throw new OpException(op, "cannot expand a tensor of shape " + Shapes.str(in) + " to " + Shapes.str(size)
                    + ": the target has fewer dimensions");
        }
        long[] out = new long[size.length];
        int off = size.length - in.length;
        for (int i = 0; i < size.length; i++) {
            long s = size[i];
            if (i < off) {
                if (s < 0) {
                    throw new OpException(op, "cannot expand shape " + Shapes.str(in) + " to " + Shapes.str(size)
                            + ": -1 is not allowed for a new leading dimension");
                }
                out[i] = s;
                continue;
            }
            long d = in[i - off];
            if (s == -1 || s == d) {
                out[i] = d;
            } else if (d == 1 && s >= 0) {
                out[i] = s;
            } else {
                throw new OpException(op, "cannot expand shape " + Shapes.str(in) + " to " + Shapes.str(size)
                        + " (dimension " + i + ": " + d + " vs " + s + ")");
            }
        }
        return out;
    }

    /** A materialized broadcast of x to {@code target} (which must be a valid expansion of x's shape). */
    static NdArray expandTo(String op, NdArray x, long[] target) {
        expandShape(op, x.shape(), target);
        return Strided.gather(x, target, Shapes.broadcastStrides(x.shape(), target), 0);
    }

    private static void reshaping(OpRegistry r) {
        String rs = "tensor::reshape";
        OpDef.builder(rs, "reshape(Tensor self, int[] shape) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(rs, a, 0);
                    return x.copy().reshapeView(reshapeShape(rs, x.shape(), Args.longs(rs, a, 1)));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(rs, a, 0);
                    long[] s = RuleArgs.longsOrNull(rs, a, 1);
                    if (s == null) return TensorSpec.unknownShape(x.dtype);
                    if (!x.hasShape()) {
                        return new TensorSpec(x.dtype, s);
                    }
                    return new TensorSpec(x.dtype, reshapeShape(rs, x.shape, s));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::reshape_as", gy, in.get(0)), null))
                .traits(PURE)
                .doc("The same elements in row-major order with a new shape; one dimension may be -1 (inferred).")
                .register(r);

        String ra = "tensor::reshape_as";
        OpDef.builder(ra, "reshapeAs(Tensor self, Tensor other) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(ra, a, 0);
                    long[] s = Args.array(ra, a, 1).shape();
                    return x.copy().reshapeView(reshapeShape(ra, x.shape(), s));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(ra, a, 0);
                    TensorSpec o = RuleArgs.spec(ra, a, 1);
                    if (x.hasShape() && o.hasShape()) reshapeShape(ra, x.shape, o.shape);
                    return new TensorSpec(x.dtype, o.shape);
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::reshape_as", gy, in.get(0)), null))
                .traits(PURE)
                .doc("Reshapes self to other's shape (same number of elements).").register(r);

        String fl = "tensor::flatten";
        OpDef.builder(fl, "flatten(Tensor self, int start_dim=0, int end_dim=-1) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(fl, a, 0);
                    return x.copy().reshapeView(flattenShape(fl, x.shape(), Args.longOr(fl, a, 1, 0), Args.longOr(fl, a, 2, -1)));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(fl, a, 0);
                    Long s = RuleArgs.longOr(fl, a, 1, 0L);
                    Long e = RuleArgs.longOr(fl, a, 2, -1L);
                    if (x.shape == null || s == null || e == null) return TensorSpec.unknownShape(x.dtype);
                    return new TensorSpec(x.dtype, flattenShape(fl, x.shape, s, e));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::reshape_as", gy, in.get(0)), null, null))
                .traits(PURE)
                .doc("Merges dimensions start_dim..end_dim into one.").register(r);

        String sq = "tensor::squeeze";
        OpDef.builder(sq, "squeeze(Tensor self, int? dim=None) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(sq, a, 0);
                    return x.copy().reshapeView(squeezeShape(sq, x.shape(), Args.optionalLong(sq, a, 1)));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(sq, a, 0);
                    Object d = RuleArgs.opt(a, 1);
                    if (!x.hasShape() || !RuleArgs.known(d)) return TensorSpec.unknownShape(x.dtype);
                    return new TensorSpec(x.dtype, squeezeShape(sq, x.shape, Args.optionalLong(sq, a, 1)));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::reshape_as", gy, in.get(0)), null))
                .traits(PURE)
                .doc("Removes dimensions of size 1 (all of them, or only dim if given and of size 1).").register(r);

        String usq = "tensor::unsqueeze";
        OpDef.builder(usq, "unsqueeze(Tensor self, int dim) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(usq, a, 0);
                    return x.copy().reshapeView(unsqueezeShape(usq, x.shape(), Args.longArg(usq, a, 1)));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(usq, a, 0);
                    Long d = RuleArgs.longOr(usq, a, 1, null);
                    if (x.shape == null || d == null) {
                        return new TensorSpec(x.dtype, RuleArgs.unknownDims(x.rankOrMinusOne() < 0 ? -1 : x.rankOrMinusOne() + 1));
                    }
                    return new TensorSpec(x.dtype, unsqueezeShape(usq, x.shape, d));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::reshape_as", gy, in.get(0)), null))
                .traits(PURE)
                .doc("Inserts a dimension of size 1 at dim (negative dims count from rank+1).").register(r);
    }

    static long[] reshapeShape(String op, long[] in, long[] spec) {
        long n = Shapes.numel(in);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            if (spec[i] == -1) {
                if (infer >= 0) {
                    throw new OpException(op, "only one dimension can be -1 in shape " + Shapes.str(spec));
                }
                infer = i;
            } else if (spec[i] < 0) {
                throw new OpException(op, "invalid size " + spec[i] + " in shape " + Shapes.str(spec));
            } else {
                known = Shapes.times(known, spec[i]);
            }
        }
        long[] out = spec.clone();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new OpException(op, "shape " + Shapes.str(spec) + " is invalid for a tensor of shape " + Shapes.str(in)
                        + " (" + n + " elements)");
            }
            out[infer] = n / known;
        } else if (known != n) {
            throw new OpException(op, "shape " + Shapes.str(spec) + " is invalid for a tensor of shape " + Shapes.str(in)
                    + " (" + n + " elements)");
        }
        return out;
    }

    static long[] flattenShape(String op, long[] in, long start, long end) {
        if (in.length == 0) return new long[] {1};
        int s = Shapes.normDim(op, start, in.length);
        int e = Shapes.normDim(op, end, in.length);
        if (s > e) {
            throw new OpException(op, "start_dim " + start + " comes after end_dim " + end + " for shape " + Shapes.str(in));
        }
        long[] out = new long[in.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) out[j++] = in[i];
        long m = 1;
        for (int i = s; i <= e; i++) m *= in[i];
        out[j++] = m;
        for (int i = e + 1; i < in.length; i++) out[j++] = in[i];
        return out;
    }

    static long[] squeezeShape(String op, long[] in, Long dim) {
        if (dim != null) {
            if (in.length == 0) {
                Shapes.normDim(op, dim, 0);
                return in;
            }
            int d = Shapes.normDim(op, dim, in.length);
            if (in[d] != 1) return in.clone();
            long[] out = new long[in.length - 1];
            for (int i = 0, j = 0; i < in.length; i++) if (i != d) out[j++] = in[i];
            return out;
        }
        return Arrays.stream(in).filter(s -> s != 1).toArray();
    }

    static long[] unsqueezeShape(String op, long[] in, long dim) {
        int d = Shapes.normDim(op, dim, in.length + 1);
        long[] out = new long[in.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == d ? 1 : in[j++];
        return out;
    }

    private static void transposing(OpRegistry r) {
        String t = "tensor::t";
        OpDef.builder(t, "t(Tensor self) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(t, a, 0);
                    checkAtMost2d(t, x.shape());
                    return x.rank() < 2 ? x.copy() : Strided.permute(x, new int[] {1, 0});
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(t, a, 0);
                    if (x.shape == null) return x;
                    checkAtMost2d(t, x.shape);
                    return x.shape.length < 2 ? x : new TensorSpec(x.dtype, new long[] {x.shape[1], x.shape[0]});
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::t", gy)))
                .traits(PURE)
                .doc("Transpose of a matrix; tensors of rank below 2 are returned as they are.").register(r);

        String tr = "tensor::transpose";
        OpDef.builder(tr, "transpose(Tensor self, int dim0, int dim1) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(tr, a, 0);
                    return Strided.permute(x, swapPerm(tr, x.rank(), Args.longArg(tr, a, 1), Args.longArg(tr, a, 2)));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(tr, a, 0);
                    Long d0 = RuleArgs.longOr(tr, a, 1, null);
                    Long d1 = RuleArgs.longOr(tr, a, 2, null);
                    if (x.shape == null) return x;
                    if (d0 == null || d1 == null) return new TensorSpec(x.dtype, RuleArgs.unknownDims(x.shape.length));
                    return new TensorSpec(x.dtype, Strided.permutedShape(x.shape, swapPerm(tr, x.shape.length, d0, d1)));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::transpose", gy, in.get(1), in.get(2)), null, null))
                .traits(PURE)
                .doc("Swaps two dimensions.").register(r);

        String pm = "tensor::permute";
        OpDef.builder(pm, "permute(Tensor self, int[] dims) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(pm, a, 0);
                    return Strided.permute(x, checkPerm(pm, x.shape(), Args.longs(pm, a, 1)));
                })
                .shape(a -> permuteRule(pm, a, false))
                .grad((g, in, out, gy) -> grads(g.op("tensor::permute_backward", gy, in.get(1)), null))
                .traits(PURE)
                .doc("Reorders dimensions: result dim i is input dim dims[i].").register(r);

        String pb = "tensor::permute_backward";
        OpDef.builder(pb, "permuteBackward(Tensor grad, int[] dims) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(pb, a, 0);
                    return Strided.permute(x, inverse(checkPerm(pb, x.shape(), Args.longs(pb, a, 1))));
                })
                .shape(a -> permuteRule(pb, a, true))
                .grad((g, in, out, gy) -> grads(g.op("tensor::permute", gy, in.get(1)), null))
                .traits(PURE)
                .doc("The inverse permutation of dims applied to grad: the gradient of permute.").register(r);
    }

    private static TensorSpec permuteRule(String op, Object[] a, boolean inverse) {
        TensorSpec x = RuleArgs.spec(op, a, 0);
        long[] dims = RuleArgs.longsOrNull(op, a, 1);
        if (x.shape == null) return dims == null ? x : new TensorSpec(x.dtype, RuleArgs.unknownDims(dims.length));
        if (dims == null) return new TensorSpec(x.dtype, RuleArgs.unknownDims(x.shape.length));
        int[] p = checkPerm(op, x.shape, dims);
        return new TensorSpec(x.dtype, Strided.permutedShape(x.shape, inverse ? inverse(p) : p));
    }

    private static void checkAtMost2d(String op, long[] shape) {
        if (shape.length > 2) {
            throw new OpException(op, "expects a tensor of at most 2 dimensions, got shape " + Shapes.str(shape));
        }
    }

    static int[] swapPerm(String op, int rank, long d0, long d1) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) p[i] = i;
        if (rank == 0) {
            Shapes.normDim(op, d0, 0);
            Shapes.normDim(op, d1, 0);
            return p;
        }
        int a = Shapes.normDim(op, d0, rank);
        int b = Shapes.normDim(op, d1, rank);
        p[a] = b;
        p[b] = a;
        return p;
    }

    static int[] checkPerm(String op, long[] shape, long[] dims) {
        int rank = shape.length;
        if (dims.length != rank) {
            throw new OpException(op, "dims " + Shapes.str(dims) + " do not match a tensor of shape " + Shapes.str(shape));
        }
        int[] p = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = Shapes.normDim(op, dims[i], rank);
            if (seen[p[i]]) {
                throw new OpException(op, "dims " + Shapes.str(dims) + " repeat a dimension (tensor of shape " + Shapes.str(shape) + ")");
            }
            seen[p[i]] = true;
        }
        return p;
    }

    static int[] inverse(int[] p) {
        int[] q = new int[p.length];
        for (int i = 0; i < p.length; i++) q[p[i]] = i;
        return q;
    }
}
