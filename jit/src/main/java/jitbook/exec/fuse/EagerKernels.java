package jitbook.exec.fuse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpTrait;

/**
 * Eager elementwise ops on large floating-point tensors run the kernel the fuser generates for a
 * fusion group holding just that op (as JAX runs an eager primitive through its compiled form):
 * one specialized, vectorizable, chunk-parallel loop instead of the registry kernel's shared loop
 * over a lambda, which C2 cannot inline once many ops call it. Small tensors keep the registry
 * kernel, whose fixed cost is lower; so do calls without a floating-point tensor operand (integer
 * arithmetic keeps the registry's promotion rules, {@code int64 + 1} staying int64).
 *
 * <p>The registry stays the judge of every call: the generator types each kernel with the op's
 * shape rule and declines argument dtypes the rule refuses (say {@code where} with a float
 * condition), so such calls reach the registry kernel, which reports the error in its words; any
 * other call the fuser declines falls back too.
 *
 * <p>Turned off with {@code -Djitbook.eagerFusion=false} (and with all fusion, {@code -Djitbook.fuse=false}).
 */
public final class EagerKernels {
    /**
     * Calls whose tensors are all smaller take the registry kernel. Measured in one warm process
     * (2 threads; add, mul by a number, exp, tanh, sigmoid, relu; each size alternately): a
     * generated call costs ~200 ns more before its loop starts, the registry's shared lambda loop
     * 1-9 ns an element more; math functions break even near 64 elements, plain arithmetic near
     * 256, and from 256 on the generated kernel wins for every op tried (at 256: relu 1,477 vs
     * 203 ns, sigmoid 2,427 vs 403, add 209 vs 141; at 4K: sigmoid 57 vs 3.1 us).
     */
    public static final int MIN_ELEMENTS = 256;
    private static final boolean ENABLED = !"false".equals(System.getProperty("jitbook.eagerFusion"));
    /** One single-op group per (op, argument count): the group specializes per dtype and layout itself. */
    private static final Map<OpDef, FusedGroup[]> GROUPS = new ConcurrentHashMap<>();
    private static final int MAX_ARITY = 3;

    private EagerKernels() {
    }

    /** Whether {@code op} is one this path may run: a pure elementwise op with a fused expression. */
    public static boolean accepts(OpDef op) {
        return op.has(OpTrait.ELEMENTWISE) && op.isPure() && op.fusedExpression() != null;
    }

    /**
     * The op's result on runtime-form arguments ({@link NdArray}s and boxed scalars) from a
     * generated kernel, or null when the registry kernel must compute it: the op or the arguments
     * are not for this path, the result is small, or the fuser declines the call.
     */
    public static NdArray run(OpDef op, Object[] args) {
        if (!ENABLED || !FusedGroup.isEnabled() || args.length > MAX_ARITY || !accepts(op)) return null;
        if (!largeFloatingCall(args)) return null;
        Object[] out = group(op, args.length).run(args);
        return out == null ? null : (NdArray) out[0];
    }

    /**
     * Whether a call is for this path: some tensor operand is float32 or float64 and one has
     * MIN_ELEMENTS elements; the other operands are tensors or Java numbers.
     */
    private static boolean largeFloatingCall(Object[] args) {
        boolean large = false;
        boolean floating = false;
        for (Object a : args) {
            if (a instanceof NdArray) {
                NdArray t = (NdArray) a;
                floating |= t.dtype().isFloating();
                large |= t.numel() >= MIN_ELEMENTS;
            } else if (!(a instanceof Double || a instanceof Long || a instanceof Boolean)) {
                return false; // strings, lists, nulls: the registry kernel says what they mean
            }
        }
        return floating && large;
    }

    private static FusedGroup group(OpDef op, int arity) {
        FusedGroup[] byArity = GROUPS.computeIfAbsent(op, o -> new FusedGroup[MAX_ARITY + 1]);
        FusedGroup g = byArity[arity];
        if (g == null) {
            g = FusedGroup.of(singleOpGroup(op, arity));
            byArity[arity] = g; // a race builds two equal groups; either is right
        }
        return g;
    }

    /** {@code prim::FusionGroup(%a0..) { %r = op(%p0..); return %r }} in a graph of its own. */
    private static Node singleOpGroup(OpDef op, int arity) {
        Graph graph = new Graph();
        jitbook.ir.Value[] inputs = new jitbook.ir.Value[arity];
        for (int i = 0; i < arity; i++) inputs[i] = graph.addInput("a" + i, Type.TENSOR);
        Node group = graph.block().append(Prim.FUSION_GROUP, inputs);
        Block body = group.addBlock();
        jitbook.ir.Value[] params = new jitbook.ir.Value[arity];
        for (int i = 0; i < arity; i++) params[i] = body.addParam("p" + i, Type.TENSOR);
        Node n = body.append(op.name(), params);
        body.addReturn(n.addOutput("r", Type.TENSOR));
        graph.addOutput(group.addOutput("out", Type.TENSOR));
        return group;
    }
}
