package jitbook.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.ir.Value;
import jitbook.tensor.Tensor;

/** The text {@code info} prints: what a saved model holds, for a person checking it before deploying. */
public final class ModelInfo {
    private ModelInfo() {
    }

    public static String describe(LoadedModel m, boolean withIr) {
        StringBuilder sb = new StringBuilder();
        ModuleTree root = m.module();
        sb.append(m.file()).append(": Jitbook ").append(m.kind()).append(", format ").append(m.formatVersion())
                .append(", op set ").append(m.opsetVersion()).append('\n');
        sb.append("class ").append(root.className()).append(root.isTraining() ? " (training mode)" : " (eval mode)").append("\n\n");

        sb.append("methods:\n");
        forEachModule(root, "", (prefix, mod) -> {
            for (String name : mod.methodNames()) {
                sb.append("  ").append(prefix).append(name).append(signature(mod.methodGraph(name))).append('\n');
            }
        });

        StringBuilder params = new StringBuilder();
        StringBuilder values = new StringBuilder();
        StringBuilder modules = new StringBuilder();
        long[] totals = new long[2];
        forEachModule(root, "", (prefix, mod) -> {
            for (Map.Entry<String, Object> a : mod.attributes().entrySet()) {
                Object v = a.getValue();
                String dotted = prefix + a.getKey();
                if (v instanceof Tensor) {
                    Tensor t = (Tensor) v;
                    params.append(String.format("  %-32s %-20s%s%n", dotted, ModelReader.describe(t.dtype(), t.shape()),
                            t.requiresGrad() ? " requires_grad" : ""));
                    totals[0]++;
                    totals[1] += t.numel();
                } else if (v instanceof ModuleTree) {
                    modules.append("  ").append(dotted).append(" : ").append(((ModuleTree) v).className()).append('\n');
                } else {
                    values.append("  ").append(dotted).append(" = ").append(literal(v)).append("  (")
                            .append(Values.encode(v, dotted).get("type").getAsString()).append(")\n");
                }
            }
        });
        sb.append("\ntensors (").append(totals[0]).append(", ").append(totals[1]).append(" values):\n").append(params);
        if (modules.length() > 0) sb.append("\nsubmodules:\n").append(modules);
        if (values.length() > 0) sb.append("\nattributes:\n").append(values);
        if (!m.extraFiles().isEmpty()) {
            sb.append("\nextra files:\n");
            for (Map.Entry<String, byte[]> e : m.extraFiles().entrySet()) {
                sb.append("  ").append(e.getKey()).append(" (").append(e.getValue().length).append(" bytes)\n");
            }
        }
        sb.append("\nsource: ").append(m.source() == null ? "not saved" : m.source().length() + " characters (" + ModelReader.SOURCE + ")").append('\n');
        if (withIr) {
            forEachModule(root, "", (prefix, mod) -> {
                for (String name : mod.methodNames()) {
                    sb.append("\n== ").append(mod.className()).append('.').append(name);
                    if (!prefix.isEmpty()) sb.append("  (").append(prefix).append(name).append(')');
                    sb.append('\n').append(mod.methodGraph(name));
                }
            });
        }
        return sb.toString();
    }

    /** A method's parameters after self and its results: {@code (x : Float(2, 3)) -> (Tensor)}. */
    public static String signature(Graph g) {
        List<String> ps = new ArrayList<>();
        for (Value v : g.inputs().subList(1, g.inputs().size())) ps.add(v.name() + " : " + v.type().print());
        List<String> rs = new ArrayList<>();
        for (Value v : g.outputs()) rs.add(v.type().print());
        return "(" + String.join(", ", ps) + ") -> (" + String.join(", ", rs) + ")";
    }

    /** A plain value as Java would write it. */
    static String literal(Object v) {
        if (v instanceof String) return new com.google.gson.Gson().toJson(v);
        if (v instanceof Float) return v + "f";
        if (v instanceof Long) return v + "L";
        if (v instanceof java.util.List || v instanceof Object[]) {
            java.util.List<?> l = v instanceof java.util.List ? (java.util.List<?>) v : java.util.Arrays.asList((Object[]) v);
            java.util.List<String> parts = new java.util.ArrayList<>();
            for (Object x : l) parts.add(literal(x));
            return (v instanceof Object[] ? "(" : "[") + String.join(", ", parts) + (v instanceof Object[] ? ")" : "]");
        }
        return String.valueOf(v);
    }

    private interface Visitor {
        void visit(String prefix, ModuleTree m);
    }

    private static void forEachModule(ModuleTree m, String prefix, Visitor v) {
        v.visit(prefix, m);
        for (Map.Entry<String, Object> a : m.attributes().entrySet()) {
            if (a.getValue() instanceof ModuleTree) forEachModule((ModuleTree) a.getValue(), prefix + a.getKey() + ".", v);
        }
    }
}
