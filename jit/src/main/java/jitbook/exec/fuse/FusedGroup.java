package jitbook.exec.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jitbook.ir.Node;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.Shapes;
import jitbook.ops.TensorSpec;

/**
 * The fused form of one {@code prim::FusionGroup} node, built when the interpreter plans the
 * graph and shared by every thread that runs the plan. Each call looks at its arguments (dtypes,
 * 0-d-ness, broadcast layouts), finds or generates and compiles the matching kernel, allocates
 * the outputs and runs it; {@link #run} answers null when the group must run in the interpreter
 * instead, and {@link #describe()} says why.
 *
 * <p>Outputs are fresh arrays, except those the interpreter proved private to the graph (see
 * {@link BufferPool}): those reuse the array an earlier call or loop iteration gave back. A
 * graph's own outputs are always fresh, since the caller may keep them as long as it likes.
 *
 * <p>Turned off for every group with {@code -Djitbook.fuse=false} or {@link #setEnabled}.
 */
public final class FusedGroup {
    private static volatile boolean enabled = !"false".equals(System.getProperty("jitbook.fuse"));
    /** Row lengths below this are not worth a row loop: such operands are expanded to full size. */
    static final int MIN_INNER = 64;
    private static final int MAX_KERNELS = 64;

    private final GroupPlan plan;
    /** Stand-ins for the inputs from the node's IR types (null unless all are precise): for display before any call. */
    private final Object[] typeArgs;
    private final long[] outputMasks;
    /** Outputs that are the same value as another output: one array for both, so never pooled. */
    private final boolean[] sharedOutput;
    private final Map<Key, Object> kernels = new ConcurrentHashMap<>();
    private volatile String lastFallback;
    private static final java.util.concurrent.atomic.LongAdder FUSED_CALLS = new java.util.concurrent.atomic.LongAdder();
    private static final java.util.concurrent.atomic.LongAdder DESTINATION_WRITES = new java.util.concurrent.atomic.LongAdder();

    private FusedGroup(GroupPlan plan, Object[] typeArgs) {
        this.plan = plan;
        this.typeArgs = typeArgs;
        this.outputMasks = new long[plan.returns.length];
        for (int r = 0; r < outputMasks.length; r++) outputMasks[r] = plan.ops.get(plan.returns[r]).paramMask;
        this.sharedOutput = new boolean[plan.returns.length];
        for (int r = 0; r < sharedOutput.length; r++) {
            for (int q = 0; q < sharedOutput.length; q++) sharedOutput[r] |= q != r && plan.returns[q] == plan.returns[r];
        }
    }

    /** Reads a fusion group node; never throws (a group it cannot read always falls back, saying why). */
    public static FusedGroup of(Node group) {
        Object[] typeArgs;
        try {
            typeArgs = FusionReport.abstractArgs(group);
        } catch (RuntimeException e) {
            typeArgs = null;
        }
        return new FusedGroup(GroupPlan.of(group), typeArgs);
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static boolean isEnabled() {
        return enabled;
    }

    /** How many group calls (of any group) a generated kernel has run in this process: for tests and display. */
    public static long fusedCalls() {
        return FUSED_CALLS.sum();
    }

    /** How many outputs a kernel has written straight into a caller's out= tensor in this process: for tests and display. */
    public static long destinationWrites() {
        return DESTINATION_WRITES.sum();
    }

    /** Why this group can never be fused, or null when it can (for some inputs). */
    public String reason() {
        return plan.reason();
    }

    /** Why the most recent call that fell back did so, or null if none has. */
    public String lastFallback() {
        return lastFallback;
    }

    /** The kernels compiled so far, one per input signature seen. */
    public List<FusedKernel> kernels() {
        List<FusedKernel> out = new ArrayList<>();
        for (Object o : kernels.values()) if (o instanceof FusedKernel) out.add((FusedKernel) o);
        return out;
    }

    /** For display: each input signature seen and its kernel's source, or why it falls back. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!enabled) sb.append("// fused kernels are turned off (jitbook.fuse=false): the interpreter runs the group\n");
        if (plan.reason() != null) return sb.append("// not fused: ").append(plan.reason()).append('\n').toString();
        for (Map.Entry<Key, Object> e : new LinkedHashMap<>(kernels).entrySet()) {
            sb.append("// inputs: ").append(e.getKey().describe(plan)).append('\n');
            Object v = e.getValue();
            sb.append(v instanceof FusedKernel ? ((FusedKernel) v).source() : "// not fused: " + v + "\n");
        }
        if (kernels.isEmpty()) {
            sb.append(typeArgs != null ? explain(typeArgs)
                    : "// no call yet, and the input types are not precise: kernels are generated per input signature on first use\n");
        }
        return sb.toString();
    }

    /**
     * Runs the group on runtime-form arguments ({@link NdArray}s and boxed scalars) and returns its
     * outputs, or null when the interpreter must run it ({@link #lastFallback()} says why).
     */
    public Object[] run(Object[] args) {
        return run(args, null);
    }

    /**
     * As {@link #run(Object[])}, taking output {@code r}'s array from {@code pools[r]} when that is
     * not null and the output is large (the caller gives it back when the value is dead).
     */
    public Object[] run(Object[] args, BufferPool[] pools) {
        return run(args, pools, null);
    }

    /**
     * As {@link #run(Object[], BufferPool[])}, writing output {@code r} into {@code into[r]} when that
     * is not null, has the output's dtype and shape, and is not an input of this call (a kernel
     * reads each input again after writing earlier tiles of its outputs).
     */
    public Object[] run(Object[] args, BufferPool[] pools, NdArray[] into) {
        if (!enabled || plan.reason() != null) return null;
        Call call = classify(args);
        if (call.reason != null) return fallback(call.reason);
        Object k = kernels.get(call.key);
        if (k == null) k = compile(call.key);
        if (!(k instanceof FusedKernel)) return fallback((String) k);
        FusedKernel kernel = (FusedKernel) k;
        int p = args.length;
        Object[] in = new Object[p];
        double[] scalars = new double[p];
        for (int i = 0; i < p; i++) {
            Object a = args[i];
            if (a instanceof NdArray) {
                in[i] = call.expand != null && call.expand[i] ? Broadcast.expand((NdArray) a, call.full) : ((NdArray) a).data();
            } else if (a instanceof Boolean) {
                scalars[i] = (Boolean) a ? 1 : 0;
            } else {
                scalars[i] = ((Number) a).doubleValue();
            }
        }
        Object[] results = new Object[plan.returns.length];
        Object[] outData = new Object[plan.returns.length];
        for (int r = 0; r < results.length; r++) {
            int first = firstReturnOf(plan.returns[r]);
            if (first < r) {
                results[r] = results[first];
                continue;
            }
            BufferPool pool = pools == null || sharedOutput[r] ? null : pools[r];
            NdArray dest = into == null || sharedOutput[r] ? null : into[r];
            boolean direct = dest != null && dest.dtype() == kernel.outDtypes[r] && Arrays.equals(dest.shape(), call.full)
                    && !isInput(dest.data(), args);
            if (direct) DESTINATION_WRITES.increment();
            NdArray o = direct ? dest
                    : pool != null && call.n >= BufferPool.MIN_ELEMENTS
                    ? new NdArray(kernel.outDtypes[r], call.full, pool.take(kernel.outDtypes[r], call.n))
                    : NdArray.zeros(kernel.outDtypes[r], call.full);
            results[r] = o;
            outData[r] = o.data();
        }
        if (call.n > 0) kernel.execute(in, scalars, outData, call.n, call.inner);
        FUSED_CALLS.increment();
        return results;
    }

    /**
     * For display: the kernel this group runs for arguments like {@code args} ({@link NdArray}s or
     * {@link TensorSpec}s with known shapes, and boxed scalars), compiling it if need be: its source,
     * or a comment saying why the interpreter runs the group instead.
     */
    public String explain(Object[] args) {
        if (!enabled) return "// not fused: fused kernels are turned off (jitbook.fuse=false)\n";
        if (plan.reason() != null) return "// not fused: " + plan.reason() + "\n";
        Call call = classify(args);
        if (call.reason != null) return "// not fused: " + call.reason + "\n";
        Object k = kernels.get(call.key);
        if (k == null) k = build(call.key);
        String head = "// inputs: " + call.key.describe(plan) + "\n";
        return head + (k instanceof FusedKernel ? ((FusedKernel) k).source() : "// not fused: " + k + "\n");
    }

    /** What one call needs: the broadcast shape, the kernel key, how to split rows, which inputs to expand. */
    private static final class Call {
        long[] full;
        int n;
        Key key;
        int inner;
        boolean[] expand;
        String reason;
    }

    private Call classify(Object[] args) {
        Call call = new Call();
        int p = args.length;
        if (p != plan.paramNames.size()) {
            call.reason = "expected " + plan.paramNames.size() + " inputs, got " + p;
            return call;
        }
        // the broadcast shape of all tensor inputs
        int rank = 0;
        long tensorMask = 0;
        for (int i = 0; i < p; i++) {
            if (isTensor(args[i])) {
                rank = Math.max(rank, rankOf(args[i]));
                tensorMask |= 1L << i;
            }
        }
        long[] full = new long[rank];
        Arrays.fill(full, 1);
        for (int i = 0; i < p; i++) {
            if (!isTensor(args[i])) continue;
            Object a = args[i];
            int r = rankOf(a);
            int off = rank - r;
            for (int d = 0; d < r; d++) {
                long v = dimOf(a, d);
                long f = full[off + d];
                if (v < 0) {
                    call.reason = "the shape of input %" + plan.paramNames.get(i) + " is not known";
                    return call;
                }
                if (f == 1) {
                    full[off + d] = v;
                } else if (v != 1 && v != f) {
                    call.reason = "input shapes do not broadcast";
                    return call;
                }
            }
        }
        int n = Shapes.numel(full);
        call.full = full;
        call.n = n;
        call.inner = n;
        int[] codes = new int[p];
        boolean partial = false;
        for (int i = 0; i < p; i++) {
            Object a = args[i];
            if (isTensor(a)) {
                long m = numelOf(a);
                Layout l = m == n ? Layout.FULL : m == 1 ? Layout.SCALAR : null;
                partial |= l == null;
                codes[i] = l == null ? 0 : ParamCode.tensor(dtypeOf(a), rankOf(a) == 0, l);
            } else {
                codes[i] = ParamCode.scalar(a);
            }
        }
        if (partial) {
            int split = chooseSplit(args, full, n);
            // an empty iteration space (a 0 in the shape) has no rows to split: expanding costs nothing
            int inner = split > 0 && n > 0 ? (int) (n / prefix(full, split)) : n;
            boolean expandAll = n == 0 || split <= 0 || inner < MIN_INNER;
            if (expandAll) call.expand = new boolean[p]; else call.inner = inner;
            for (int i = 0; i < p; i++) {
                Object a = args[i];
                if (!isTensor(a) || numelOf(a) == n || numelOf(a) == 1) continue;
                Layout l = expandAll ? Layout.FULL : fits(a, full, split, true) ? Layout.INNER : Layout.OUTER;
                if (expandAll) call.expand[i] = true;
                codes[i] = ParamCode.tensor(dtypeOf(a), rankOf(a) == 0, l);
            }
        }
        // every output must cover the whole iteration space (an output of a subset of the inputs may be smaller)
        for (int r = 0; r < outputMasks.length; r++) {
            long m = outputMasks[r] & tensorMask;
            if (m != tensorMask && !coversFull(args, m, full)) {
                call.reason = "output " + r + " has a smaller shape than the group's broadcast inputs";
                return call;
            }
        }
        call.key = new Key(codes, VectorMath.active());
        return call;
    }

    private static boolean isInput(Object data, Object[] args) {
        for (Object a : args) if (a instanceof NdArray && ((NdArray) a).data() == data) return true;
        return false;
    }

    private static boolean isTensor(Object a) {
        return a instanceof NdArray || a instanceof TensorSpec;
    }

    private static int rankOf(Object a) {
        return a instanceof NdArray ? ((NdArray) a).rank() : ((TensorSpec) a).shape.length;
    }

    private static long dimOf(Object a, int d) {
        return a instanceof NdArray ? ((NdArray) a).dim(d) : ((TensorSpec) a).shape[d];
    }

    private static long numelOf(Object a) {
        if (a instanceof NdArray) return ((NdArray) a).numel();
        long m = 1;
        for (long d : ((TensorSpec) a).shape) m *= d;
        return m;
    }

    private static DType dtypeOf(Object a) {
        return a instanceof NdArray ? ((NdArray) a).dtype() : ((TensorSpec) a).dtype;
    }

    private int firstReturnOf(int op) {
        for (int r = 0; r < plan.returns.length; r++) if (plan.returns[r] == op) return r;
        return -1;
    }

    private Object[] fallback(String reason) {
        lastFallback = reason;
        return null;
    }

    /** The kernel for a key, or the reason there is none (compiled classes are shared process-wide). */
    private Object build(Key key) {
        KernelSource.Spec spec = KernelSource.generate(plan, key.codes);
        if (spec.reason != null) return spec.reason;
        try {
            return FusedKernel.compile(spec);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private synchronized Object compile(Key key) {
        Object k = kernels.get(key);
        if (k != null) return k;
        k = build(key);
        if (kernels.size() >= MAX_KERNELS) kernels.clear();
        kernels.put(key, k);
        return k;
    }

    private static long prefix(long[] full, int split) {
        long p = 1;
        for (int d = 0; d < split; d++) p *= full[d];
        return p;
    }

    /** The first split dimension at which every partial operand is a row (INNER) or column (OUTER) operand, or -1. */
    private static int chooseSplit(Object[] args, long[] full, int n) {
        for (int s = 1; s < full.length; s++) {
            boolean ok = true;
            for (Object a : args) {
                if (!isTensor(a) || numelOf(a) == n || numelOf(a) == 1) continue;
                if (!fits(a, full, s, true) && !fits(a, full, s, false)) {
                    ok = false;
                    break;
                }
            }
            if (ok) return s;
        }
        return -1;
    }

    /** INNER: 1 before {@code s}, the full size from {@code s}; OUTER: the full size before {@code s}, 1 from it. */
    private static boolean fits(Object t, long[] full, int s, boolean inner) {
        int off = full.length - rankOf(t);
        for (int d = 0; d < full.length; d++) {
            long v = d < off ? 1 : dimOf(t, d - off);
            boolean varying = inner == (d >= s);
            if (varying ? v != full[d] : v != 1) return false;
        }
        return true;
    }

    private static boolean coversFull(Object[] args, long mask, long[] full) {
        long[] shape = new long[0];
        for (int i = 0; i < args.length; i++) {
            if ((mask & (1L << i)) == 0) continue;
            long[] own = new long[rankOf(args[i])];
            for (int d = 0; d < own.length; d++) own[d] = dimOf(args[i], d);
            shape = Shapes.broadcastOrNull(shape, own);
            if (shape == null) return false;
        }
        return shape != null && Arrays.equals(shape, full);
    }

    /** The per-parameter codes a kernel is specialized to. */
    static final class Key {
        final int[] codes;
        /** Whether the kernel calls the Vector API forms of exp/log/sin/cos (they can be turned off at run time). */
        final boolean vectorMath;
        private final int hash;

        Key(int[] codes, boolean vectorMath) {
            this.codes = codes;
            this.vectorMath = vectorMath;
            this.hash = Arrays.hashCode(codes) * 2 + (vectorMath ? 1 : 0);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(((Key) o).codes, codes) && ((Key) o).vectorMath == vectorMath;
        }

        String describe(GroupPlan plan) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < codes.length; i++) parts.add("%" + plan.paramNames.get(i) + " " + ParamCode.describe(codes[i]));
            return String.join("; ", parts);
        }
    }
}
