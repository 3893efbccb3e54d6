package jitbook.exec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ops.NdArray;
import jitbook.ops.TensorFormatter;

/**
 * The table of language primitives the interpreter knows, kind to instruction factory. Control
 * flow (If, Loop) is structural and built by the interpreter itself; everything else is here.
 */
final class PrimHandlers {
    private PrimHandlers() {
    }

    interface Factory {
        Instr create(Node node, int[] in, int[] out, Interpreter.FunctionResolver functions);
    }

    private static final Map<Prim, Factory> TABLE = new EnumMap<>(Prim.class);

    static {
        TABLE.put(Prim.LIST_CONSTRUCT, (n, in, out, f) -> frame -> {
            List<Object> l = new ArrayList<>(in.length);
            for (int s : in) l.add(frame[s]);
            frame[out[0]] = l;
        });
        TABLE.put(Prim.LIST_UNPACK, (n, in, out, f) -> frame -> {
            List<?> l = (List<?>) frame[in[0]];
            if (l.size() != out.length) {
                throw new ScriptRuntimeError("cannot unpack a list of " + l.size() + " values into " + out.length, n, null);
            }
            for (int i = 0; i < out.length; i++) frame[out[i]] = l.get(i);
        });
        TABLE.put(Prim.TUPLE_CONSTRUCT, (n, in, out, f) -> frame -> {
            Object[] t = new Object[in.length];
            for (int i = 0; i < in.length; i++) t[i] = frame[in[i]];
            frame[out[0]] = t;
        });
        TABLE.put(Prim.TUPLE_UNPACK, (n, in, out, f) -> frame -> {
            Object[] t = (Object[]) frame[in[0]];
            for (int i = 0; i < out.length; i++) frame[out[i]] = t[i];
        });
        TABLE.put(Prim.TUPLE_INDEX, (n, in, out, f) -> frame -> {
            Object[] t = (Object[]) frame[in[0]];
            frame[out[0]] = t[((Number) frame[in[1]]).intValue()];
        });
        TABLE.put(Prim.DICT_CONSTRUCT, (n, in, out, f) -> frame -> {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < in.length; i += 2) m.put(frame[in[i]], frame[in[i + 1]]);
            frame[out[0]] = m;
        });
        TABLE.put(Prim.CREATE_OBJECT, (n, in, out, f) -> {
            String cls = (String) n.attr(Node.NAME);
            return frame -> frame[out[0]] = new ScriptedObject(cls, f);
        });
        TABLE.put(Prim.JAVA_CALL, (n, in, out, f) -> {
            String name = (String) n.attr(Node.NAME);
            return frame -> {
                ScriptObject self = object(n, frame[in[0]]);
                Object[] args = new Object[in.length - 1];
                for (int i = 1; i < in.length; i++) args[i - 1] = frame[in[i]];
                Object r = self.callJava(name, args);
                if (out.length > 0) frame[out[0]] = r;
            };
        });
        TABLE.put(Prim.UNINITIALIZED, (n, in, out, f) -> frame -> frame[out[0]] = null);
        TABLE.put(Prim.UNCHECKED_CAST, (n, in, out, f) -> frame -> frame[out[0]] = frame[in[0]]);
        TABLE.put(Prim.GET_ATTR, (n, in, out, f) -> {
            String name = (String) n.attr(Node.NAME);
            return frame -> frame[out[0]] = object(n, frame[in[0]]).runtimeAttr(name);
        });
        TABLE.put(Prim.SET_ATTR, (n, in, out, f) -> {
            String name = (String) n.attr(Node.NAME);
            return frame -> object(n, frame[in[0]]).setRuntimeAttr(name, frame[in[1]]);
        });
        TABLE.put(Prim.PRINT, (n, in, out, f) -> frame -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < in.length; i++) {
                if (i > 0) sb.append(' ');
                sb.append(display(frame[in[i]]));
            }
            System.out.println(sb);
        });
        TABLE.put(Prim.RAISE, (n, in, out, f) -> frame -> {
            throw new ScriptRuntimeError(String.valueOf(in.length > 0 ? frame[in[0]] : "exception raised"), n, null);
        });
        TABLE.put(Prim.CALL_FUNCTION, (n, in, out, f) -> new Call(n, in, out, f, (String) n.attr(Node.NAME)));
        TABLE.put(Prim.CALL_METHOD, (n, in, out, f) -> {
            String name = (String) n.attr(Node.NAME);
            return frame -> {
                ScriptObject self = object(n, frame[in[0]]);
                Executable m = self.method(name);
                if (m == null) throw new ScriptRuntimeError(self.typeName() + " has no method " + name, n, null);
                copyResults(n, m.run(gather(frame, in)), frame, out);
            };
        });
    }

    static Instr create(Node n, int[] in, int[] out, Interpreter.FunctionResolver functions) {
        Factory f = n.prim() == null ? null : TABLE.get(n.prim());
        if (f == null) {
            throw new IllegalStateException("the interpreter has no handler for " + n.kind() + " (node: " + n + ")");
        }
        return f.create(n, in, out, functions);
    }

    private static ScriptObject object(Node n, Object v) {
        if (v instanceof ScriptObject) return (ScriptObject) v;
        throw new ScriptRuntimeError("expected an object, got " + (v == null ? "None" : v.getClass().getSimpleName()), n, null);
    }

    private static Object[] gather(Object[] frame, int[] in) {
        Object[] args = new Object[in.length];
        for (int i = 0; i < in.length; i++) args[i] = frame[in[i]];
        return args;
    }

    private static void copyResults(Node n, Object[] results, Object[] frame, int[] out) {
        if (results.length != out.length) {
            throw new ScriptRuntimeError("callee returned " + results.length + " values, expected " + out.length, n, null);
        }
        for (int i = 0; i < out.length; i++) frame[out[i]] = results[i];
    }

    static String display(Object v) {
        if (v instanceof NdArray) return TensorFormatter.format((NdArray) v, "");
        if (v instanceof Object[]) {
            List<String> parts = new ArrayList<>();
            for (Object o : (Object[]) v) parts.add(display(o));
            return "(" + String.join(", ", parts) + ")";
        }
        if (v instanceof Boolean) return (Boolean) v ? "true" : "false";
        return String.valueOf(v);
    }

    /** {@code prim::CallFunction}: resolves the callee on first use (so functions may call each other). */
    private static final class Call implements Instr {
        private final Node node;
        private final int[] in;
        private final int[] out;
        private final Interpreter.FunctionResolver functions;
        private final String name;
        private volatile Executable target;

        Call(Node node, int[] in, int[] out, Interpreter.FunctionResolver functions, String name) {
            this.node = node;
            this.in = in;
            this.out = out;
            this.functions = functions;
            this.name = name;
        }

        @Override
        public void exec(Object[] frame) {
            Executable t = target;
            if (t == null) {
                t = functions.apply(name);
                if (t == null) throw new ScriptRuntimeError("unknown function " + name, node, null);
                target = t;
            }
            copyResults(node, t.run(gather(frame, in)), frame, out);
        }
    }
}
