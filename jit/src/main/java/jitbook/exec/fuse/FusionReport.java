package jitbook.exec.fuse;

import java.util.ArrayList;
import java.util.List;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.NdArray;
import jitbook.ops.TensorSpec;

/**
 * What {@code %ir name --fused} shows: for each {@code prim::FusionGroup} of a graph, the Java
 * source of the kernel generated for it, or why the interpreter runs it instead. Kernels are
 * specialized to dtypes and shapes, so the graph should be the one specialized to example inputs
 * ({@code ScriptFunction.optimizedGraph(inputs...)}); a group whose input types are not known is
 * reported as compiled at run time.
 */
public final class FusionReport {
    private FusionReport() {
    }

    /** The report for every fusion group of {@code graph}, in program order. */
    public static String explain(Graph graph) {
        List<Node> groups = new ArrayList<>();
        collect(graph.block(), groups);
        if (groups.isEmpty()) return "// no prim::FusionGroup in this graph\n";
        StringBuilder sb = new StringBuilder("// ").append(VectorMath.describe()).append('\n');
        for (int g = 0; g < groups.size(); g++) {
            Node n = groups.get(g);
            List<String> outs = new ArrayList<>();
            for (Value v : n.outputs()) outs.add("%" + v.name());
            sb.append("// ---- fusion group ").append(g).append(" -> ").append(String.join(", ", outs)).append('\n');
            Object[] args = abstractArgs(n);
            if (args == null) {
                FusedGroup fg = FusedGroup.of(n);
                sb.append(fg.reason() != null ? "// not fused: " + fg.reason() + "\n"
                        : "// input dtypes or shapes are not known here: a kernel is generated for each input signature at run time\n");
            } else {
                sb.append(FusedGroup.of(n).explain(args));
            }
        }
        return sb.toString();
    }

    private static void collect(Block b, List<Node> out) {
        for (Node n : b.nodes()) {
            if (n.is(Prim.FUSION_GROUP)) out.add(n);
            else for (Block inner : n.blocks()) collect(inner, out);
        }
    }

    /** Stand-ins for the group's inputs from their types, or null when some type is not precise enough. */
    static Object[] abstractArgs(Node group) {
        Object[] args = new Object[group.inputs().size()];
        for (int i = 0; i < args.length; i++) {
            Value v = group.input(i);
            Type t = v.type();
            if (v.isConstant() && v.constantValue() instanceof NdArray) {
                args[i] = TensorSpec.of((NdArray) v.constantValue());
            } else if (t instanceof Type.TensorType) {
                Type.TensorType tt = (Type.TensorType) t;
                if (tt.dtype == null || tt.shape == null) return null;
                for (long d : tt.shape) if (d < 0) return null;
                args[i] = new TensorSpec(tt.dtype, tt.shape);
            } else if (t == Type.INT) {
                args[i] = 0;
            } else if (t == Type.LONG) {
                args[i] = 0L;
            } else if (t == Type.FLOAT) {
                args[i] = 0f;
            } else if (t == Type.DOUBLE) {
                args[i] = 0.0;
            } else if (t == Type.BOOL) {
                args[i] = false;
            } else {
                return null;
            }
        }
        return args;
    }
}
