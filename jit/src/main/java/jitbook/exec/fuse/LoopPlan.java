package jitbook.exec.fuse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import jitbook.ops.DType;
import jitbook.ops.MathFunction;
import jitbook.ops.ScalarExpr;

/**
 * The loop structure of one kernel, decided before any code is written: which ops share a loop
 * over the tile (an op with one use is inlined into its user's loop while C2 still vectorizes
 * it; limits below, measured) and where each value that crosses loops lives: its own output
 * array, the region of an output whose op comes later, or a tile buffer reused once dead.
 * {@link KernelSource} then writes one loop per root op.
 */
final class LoopPlan {
    /** Arithmetic ops a loop holding a polynomial approximation may also hold and stay vectorized. */
    static final int LIGHT_WITH_POLYNOMIAL = 2;
    /** Ops in one loop without a polynomial (kept small so that C2 still unrolls it). */
    static final int MAX_LOOP_OPS = 6;

    /** Op evaluated inside its single user's loop (no buffer of its own). */
    final boolean[] inlined;
    /** Op -> the op whose loop evaluates it (itself unless inlined). */
    final int[] root;
    /** Root op -> polynomial approximations in its loop. */
    final int[] loopPolynomials;
    /** Varying root op -> where its tile lives: "tf0[k]" or an output region "o1[s + k]". */
    final String[] buffer;
    /** Varying root op -> the output whose array holds it, or -1. */
    final int[] region;
    /** Names of the float and double tile buffers the kernel allocates. */
    final List<String> floatBuffers = new ArrayList<>();
    final List<String> doubleBuffers = new ArrayList<>();

    private final GroupPlan plan;
    private final int nOps;
    private final DType[] compute;
    private final DType[] outDtype;
    private final boolean[] uniform;
    private final int[] outputOf;

    /**
     * @param heavy ops calling a polynomial approximation in float
     * @param vectorFunction ops evaluated by one {@link VectorMath} call over the tile (or -1)
     */
    LoopPlan(GroupPlan plan, DType[] compute, DType[] outDtype, boolean[] uniform, int[] outputOf,
             boolean[] heavy, int[] vectorFunction) {
        this.plan = plan;
        this.nOps = plan.ops.size();
        this.compute = compute;
        this.outDtype = outDtype;
        this.uniform = uniform;
        this.outputOf = outputOf;
        this.inlined = new boolean[nOps];
        this.root = new int[nOps];
        this.loopPolynomials = new int[nOps];
        this.buffer = new String[nOps];
        this.region = new int[nOps];
        Arrays.fill(region, -1);
        chooseInlining(heavy, vectorFunction);
        assignBuffers();
    }

    /**
     * True when an op's expression keeps a loop scalar: a comparison or select (compiled to
     * branches) or a call C2 does not vectorize ({@link MathFunction#vectorizes()}).
     */
    private boolean scalarizing(int i) {
        ScalarExpr e = plan.ops.get(i).expression;
        return e.any(x -> x.kind() == ScalarExpr.Kind.SELECT || x.kind().isComparison()) || e.calls(f -> !f.vectorizes());
    }

    /**
     * Inlines each varying op that is not an output and has exactly one use into that user's
     * loop, children before parents, while the loop stays within the vectorization limits
     * (see KernelSource's class comment).
     */
    private void chooseInlining(boolean[] heavy, int[] vectorFunction) {
        int[] uses = new int[nOps];
        int[] user = new int[nOps];
        int[] ops = new int[nOps];
        int[] calls = new int[nOps];
        for (int i = 0; i < nOps; i++) {
            ops[i] = 1;
            loopPolynomials[i] = heavy[i] ? 1 : 0;
            calls[i] = !heavy[i] && scalarizing(i) ? 1 : 0;
            for (GroupPlan.Ref r : plan.ops.get(i).operands) {
                if (r.source != GroupPlan.Source.OP) continue;
                uses[r.index]++;
                user[r.index] = i;
            }
        }
        for (int i = 0; i < nOps; i++) {
            if (uniform[i] || outputOf[i] >= 0 || uses[i] != 1 || uniform[user[i]]) continue;
            int c = user[i];
            if (vectorFunction[i] >= 0 || vectorFunction[c] >= 0) continue; // array-range calls read and write whole tiles
            int o = ops[c] + ops[i];
            int p = loopPolynomials[c] + loopPolynomials[i];
            int k = calls[c] + calls[i];
            boolean fits = p == 0 ? o <= MAX_LOOP_OPS : p == 1 && k == 0 && o <= 1 + LIGHT_WITH_POLYNOMIAL;
            if (!fits) continue;
            inlined[i] = true;
            ops[c] = o;
            loopPolynomials[c] = p;
            calls[c] = k;
        }
        for (int i = nOps - 1; i >= 0; i--) root[i] = inlined[i] ? root[user[i]] : i;
    }

    /** The ops a root's loop evaluates, in order (the root last). */
    List<Integer> loopOps(int rootOp) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j <= rootOp; j++) if (root[j] == rootOp) out.add(j);
        return out;
    }

    /**
     * Gives every varying op a place for its tile: its own output array when it is an output
     * (indexed {@code s + k}), else a free region of an output array whose op comes later (the
     * value dies by then), else a tile buffer (indexed {@code k}). Output regions first: a chain
     * then runs in place in its output, every loop indexed alike (which big loops need to
     * vectorize) and with nothing to copy out.
     */
    private void assignBuffers() {
        // times are root positions: a value is read when the loop that evaluates its user runs
        int[] lastUse = new int[nOps];
        for (int i = 0; i < nOps; i++) {
            lastUse[i] = Math.max(lastUse[i], i);
            for (GroupPlan.Ref r : plan.ops.get(i).operands) {
                if (r.source == GroupPlan.Source.OP) lastUse[r.index] = Math.max(lastUse[r.index], root[i]);
            }
        }
        int outs = plan.returns.length;
        int[] occupant = new int[outs];
        Arrays.fill(occupant, -1);
        Deque<String> freeF = new ArrayDeque<>();
        Deque<String> freeD = new ArrayDeque<>();
        for (int i = 0; i < nOps; i++) {
            if (inlined[i]) continue;
            // operands dying here give their places back first: an op may write in place
            for (int j : loopOps(i)) {
                for (GroupPlan.Ref r : plan.ops.get(j).operands) {
                    if (r.source != GroupPlan.Source.OP || lastUse[r.index] != i || buffer[r.index] == null) continue;
                    int o = r.index;
                    if (region[o] >= 0) {
                        if (occupant[region[o]] == o) occupant[region[o]] = -1;
                    } else {
                        Deque<String> free = compute[o] == DType.FLOAT64 ? freeD : freeF;
                        if (!free.contains(buffer[o])) free.push(buffer[o]);
                    }
                }
            }
            if (uniform[i]) continue;
            int own = outputOf[i];
            if (own >= 0 && outDtype[i] == compute[i]) {
                place(i, own, occupant);
                continue;
            }
            boolean placed = false;
            for (int r = 0; r < outs && !placed; r++) {
                int f = plan.returns[r];
                if (outputOf[f] != r || occupant[r] >= 0 || uniform[f] || outDtype[f] != compute[i]
                        || f <= i || lastUse[i] > f) continue;
                place(i, r, occupant);
                placed = true;
            }
            if (placed) continue;
            boolean dbl = compute[i] == DType.FLOAT64;
            Deque<String> free = dbl ? freeD : freeF;
            List<String> all = dbl ? doubleBuffers : floatBuffers;
            if (free.isEmpty()) {
                String name = (dbl ? "td" : "tf") + all.size() + "[k]";
                all.add(name.substring(0, name.length() - 3));
                free.push(name);
            }
            buffer[i] = free.pop();
        }
    }

    private void place(int op, int output, int[] occupant) {
        region[op] = output;
        occupant[output] = op;
        buffer[op] = "o" + output + "[s + k]";
    }
}
