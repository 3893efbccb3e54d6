package jitbook.ops;

/** Shape rules shared by many ops. */
public final class ShapeRules {
    private ShapeRules() {
    }

    /** Spec of an argument that may be a tensor or a Java number. */
    public static TensorSpec specOf(Object arg) {
        if (arg instanceof TensorSpec) return (TensorSpec) arg;
        if (arg instanceof ShapeRule.Unknown) {
            DType k = ((ShapeRule.Unknown) arg).kind;
            return new TensorSpec(k == null ? DType.FLOAT64 : k, new long[0]);
        }
        if (arg == null) return new TensorSpec(DType.FLOAT64, new long[0]);
        return new TensorSpec(Elementwise.scalarType(arg), new long[0]);
    }

    /** Same dtype and shape as argument 0. */
    public static final ShapeRule SAME = args -> (TensorSpec) args[0];

    /** Same shape as argument 0, floating dtype (int inputs give float32). */
    public static final ShapeRule SAME_FLOAT = args -> {
        TensorSpec s = (TensorSpec) args[0];
        return new TensorSpec(s.dtype.isFloating() ? s.dtype : DType.FLOAT32, s.shape);
    };

    /** Broadcast of arguments 0 and 1, promoted dtype (bool arithmetic gives int64); errors name {@code op}. */
    public static ShapeRule broadcast(String op) {
        return args -> {
            DType t = promoted(args[0], args[1]);
            return new TensorSpec(t == DType.BOOL ? DType.INT64 : t, broadcastShape(op, args[0], args[1]));
        };
    }

    /** As {@link #broadcast}, but bool with bool stays bool (add, mul, maximum, minimum). */
    public static ShapeRule broadcastKeepingBool(String op) {
        return args -> new TensorSpec(promoted(args[0], args[1]), broadcastShape(op, args[0], args[1]));
    }

    /** Broadcast of arguments 0 and 1, floating dtype (true division). */
    public static ShapeRule broadcastFloat(String op) {
        return args -> {
            DType t = promoted(args[0], args[1]);
            return new TensorSpec(t.isFloating() ? t : DType.FLOAT32, broadcastShape(op, args[0], args[1]));
        };
    }

    /** Broadcast of arguments 0 and 1, bool result. */
    public static ShapeRule broadcastBool(String op) {
        return args -> new TensorSpec(DType.BOOL, broadcastShape(op, args[0], args[1]));
    }

    static DType promoted(Object a, Object b) {
        boolean ta = a instanceof TensorSpec;
        boolean tb = b instanceof TensorSpec;
        if (ta && tb) {
            TensorSpec x = (TensorSpec) a;
            TensorSpec y = (TensorSpec) b;
            if (x.rankOrMinusOne() == 0 && y.rankOrMinusOne() > 0 && x.dtype.isFloating() == y.dtype.isFloating()) return y.dtype;
            if (y.rankOrMinusOne() == 0 && x.rankOrMinusOne() > 0 && x.dtype.isFloating() == y.dtype.isFloating()) return x.dtype;
            return DType.promote(x.dtype, y.dtype);
        }
        if (!ta && !tb) {
            return specOf(a).dtype == DType.INT64 && specOf(b).dtype == DType.INT64 ? DType.INT64 : DType.FLOAT32;
        }
        DType t = ta ? ((TensorSpec) a).dtype : ((TensorSpec) b).dtype;
        Object s = ta ? b : a;
        DType st = specOf(s).dtype;
        if (t == DType.BOOL) return st == DType.BOOL ? DType.BOOL : st == DType.INT64 ? DType.INT64 : DType.FLOAT32;
        if (t == DType.INT64 && st.isFloating()) return DType.FLOAT32;
        return t;
    }

    /** The broadcast shape, or null when either shape is unknown. */
    public static long[] broadcastShape(String op, Object a, Object b) {
        long[] sa = specOf(a).shape;
        long[] sb = specOf(b).shape;
        if (sa == null || sb == null) return null;
        return Shapes.broadcast(op, sa, sb);
    }
}
