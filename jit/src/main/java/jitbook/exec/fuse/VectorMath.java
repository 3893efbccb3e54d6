package jitbook.exec.fuse;

import java.util.List;

import jitbook.ops.MathFunction;
import jitbook.ops.VectorSupport;

/**
 * exp, log, sin and cos over array ranges with the Vector API ({@code jdk.incubator.vector}),
 * for fused kernels: where it measurably pays. C2 auto-vectorizes the polynomial approximations
 * of {@link jitbook.ops.FastMath} as well as hand-written Vector API code does (measured: the 6-op
 * tanh/sigmoid chain 1.14 ns an element auto-vectorized, 1.34 with the Vector API), but it cannot
 * vectorize a call to {@code Math.exp} or {@code Math.sin}, nor the bit casts an exp approximation
 * needs; the Vector API's lanewise {@code EXP} and {@code SIN} (SVML intrinsics on x86) run at 0.3
 * and 0.56 ns a float here against 3.7 ({@link jitbook.ops.FastMath#exp(float)}) and 17 ({@code (float)
 * Math.sin}).
 *
 * <p>Opt-in, because it is not reproducible to the bit: until C2 compiles the Vector API code, the
 * JDK evaluates {@code EXP} lane by lane with {@code Math.exp}, afterwards with SVML, and the two
 * differ by up to an ulp (measured: {@code VectorMathTest}'s probe found a differing exp after
 * 30,000 calls). A function would then return different last bits for the same inputs early and
 * late in a process, which nobody expects by default. Turn it on with {@code
 * -Djitbook.vectorMath=true} (Jitbook's kernelspec does, for notebooks) or {@link #setEnabled}.
 *
 * <p>Degrades gracefully: the incubator module is only there when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}. The implementation is compiled at run time by
 * Janino, like the kernels, so nothing in the jar links against the module: without it, {@link
 * #active()} is false and kernels call the scalar functions. Accuracy: the Vector API allows 1 ulp
 * of error for these operations.
 */
public final class VectorMath {
    /** The array-range forms of the functions, one implementation compiled at run time. */
    public interface Kernels {
        void apply(int function, float[] in, int inOffset, float[] out, int outOffset, int n);

        void apply(int function, double[] in, int inOffset, double[] out, int outOffset, int n);
    }

    /** The functions covered, in the order of their codes. */
    public static final List<MathFunction> FUNCTIONS = List.of(MathFunction.EXP, MathFunction.LOG, MathFunction.SIN, MathFunction.COS);
    private static final String[] OPERATORS = {"EXP", "LOG", "SIN", "COS"};

    private static String unavailableReason;
    private static final Kernels IMPL = load();
    private static volatile boolean enabled = "true".equals(System.getProperty("jitbook.vectorMath"));

    private VectorMath() {
    }

    /** True when fused kernels use these array forms (the module is present and they are turned on). */
    public static boolean active() {
        return IMPL != null && enabled;
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Why the Vector API forms are not available, or null when they are. */
    public static String unavailableReason() {
        return unavailableReason;
    }

    /** {@code out[outOffset + i] = f(in[inOffset + i])} for {@code i < n}, f the function numbered {@code function} in {@link #FUNCTIONS}. */
    public static void apply(int function, float[] in, int inOffset, float[] out, int outOffset, int n) {
        IMPL.apply(function, in, inOffset, out, outOffset, n);
    }

    public static void apply(int function, double[] in, int inOffset, double[] out, int outOffset, int n) {
        IMPL.apply(function, in, inOffset, out, outOffset, n);
    }

    private static Kernels load() {
        try {
            Kernels k = VectorSupport.instantiate("jitbook.exec.fuse.gen.VectorKernels", source(), Kernels.class);
            float[] probe = {0f, 1f};
            k.apply(0, probe, 0, probe, 0, 2); // fail here, not in a kernel, if the module misbehaves
            return k;
        } catch (RuntimeException | LinkageError e) {
            unavailableReason = e.getMessage();
            return null;
        }
    }

    /** One loop per function and element type: a vector body over whole vectors, then a scalar tail. */
    static String source() {
        StringBuilder sb = new StringBuilder();
        sb.append("package jitbook.exec.fuse.gen;\n\n")
                .append("import jdk.incubator.vector.*;\n")
                .append("import jitbook.ops.FastMath;\n\n")
                .append("public final class VectorKernels implements jitbook.exec.fuse.VectorMath.Kernels {\n")
                .append("    static final VectorSpecies FS = FloatVector.SPECIES_PREFERRED;\n")
                .append("    static final VectorSpecies DS = DoubleVector.SPECIES_PREFERRED;\n");
        for (String[] t : new String[][] {{"float", "Float", "FS"}, {"double", "Double", "DS"}}) {
            sb.append("\n    public void apply(int function, ").append(t[0]).append("[] in, int io, ").append(t[0])
                    .append("[] out, int oo, int n) {\n        switch (function) {\n");
            for (int f = 0; f < OPERATORS.length; f++) {
                sb.append("            case ").append(f).append(": ").append(method(t[0], OPERATORS[f])).append("(in, io, out, oo, n); return;\n");
            }
            sb.append("            default: throw new IllegalArgumentException(\"no vector function \" + function);\n        }\n    }\n");
            for (int f = 0; f < OPERATORS.length; f++) {
                String scalar = "FastMath." + FUNCTIONS.get(f).javaName();
                sb.append("\n    private static void ").append(method(t[0], OPERATORS[f])).append("(").append(t[0]).append("[] in, int io, ")
                        .append(t[0]).append("[] out, int oo, int n) {\n")
                        .append("        int i = 0;\n")
                        .append("        for (int bound = ").append(t[2]).append(".loopBound(n); i < bound; i += ").append(t[2]).append(".length()) {\n")
                        .append("            ((").append(t[1]).append("Vector) ").append(t[1]).append("Vector.fromArray(").append(t[2])
                        .append(", in, io + i).lanewise(VectorOperators.").append(OPERATORS[f]).append(")).intoArray(out, oo + i);\n")
                        .append("        }\n")
                        .append("        for (; i < n; i++) out[oo + i] = ").append(scalar).append("(in[io + i]);\n")
                        .append("    }\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static String method(String type, String operator) {
        return operator.toLowerCase() + (type.equals("float") ? "F" : "D");
    }

    /** For display: the functions fused kernels evaluate with the Vector API, or why none. */
    public static String describe() {
        if (IMPL == null) return "Vector API math: unavailable (" + unavailableReason + ")";
        StringBuilder fs = new StringBuilder();
        for (MathFunction f : FUNCTIONS) fs.append(fs.length() == 0 ? "" : ", ").append(f.javaName());
        return enabled ? "Vector API math: on for " + fs + " (not bit-reproducible: results may change by an ulp once C2 compiles it)"
                : "Vector API math: off (-Djitbook.vectorMath=true turns it on for " + fs + ")";
    }
}
