package jitbook.io;

import java.util.Map;

import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;

/** The text {@code info} prints: what a saved model holds, for a person checking it before deploying. */
public final class ModelInfo {
    private ModelInfo() {
    }

    public static String describe(LoadedModel m, boolean withIr) {
        StringBuilder sb = new StringBuilder();
        ScriptModule root = m.module();
        sb.append(m.file()).append(": Jitbook ").append(m.kind()).append(", format ").append(m.formatVersion())
                .append(", op set ").append(m.opsetVersion()).append('\n');
        sb.append("class ").append(root.className()).append(root.isTraining() ? " (training mode)" : " (eval mode)").append("\n\n");

        sb.append("methods:\n");
        forEachModule(root, "", (prefix, mod) -> {
            for (String name : mod.methodNames()) {
                sb.append("  ").append(prefix).append(name).append(Cli.signature(mod.methodGraph(name))).append('\n');
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
                } else if (v instanceof ScriptModule) {
                    modules.append("  ").append(dotted).append(" : ").append(((ScriptModule) v).className()).append('\n');
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
        void visit(String prefix, ScriptModule m);
    }

    private static void forEachModule(ScriptModule m, String prefix, Visitor v) {
        v.visit(prefix, m);
        for (Map.Entry<String, Object> a : m.attributes().entrySet()) {
            if (a.getValue() instanceof ScriptModule) forEachModule((ScriptModule) a.getValue(), prefix + a.getKey() + ".", v);
        }
    }
}
