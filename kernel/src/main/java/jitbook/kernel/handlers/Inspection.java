package jitbook.kernel.handlers;

import java.util.Arrays;
import java.util.List;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.kernel.magic.KernelSession;
import jitbook.kernel.magic.MagicCompletion;
import jitbook.magics.Magic;
import jitbook.magics.MagicRegistry;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;
import jitbook.tensor.Tensor;

/**
 * What Shift-Tab shows for the name at the cursor, as IPython does: for a session variable its
 * type and value (a tensor's shape and dtype, then its values, cut short); for a method of the
 * tensor API the op registry's documentation of the op it runs (the registry is where each op is
 * documented, once); then JShell's signatures and Javadoc.
 */
final class Inspection {
    static final int MAX_VALUE_CHARS = 1500;

    private Inspection() {}

    static String inspect(JShellEvaluator ev, MagicRegistry magics, int executionCount, String code, int cursor) {
        Magic magic = MagicCompletion.magicAt(magics, code, cursor);
        if (magic != null) return magicDocs(magic);
        int start = cursor, end = cursor;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) start--;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        String name = code.substring(start, end);
        boolean member = start > 0 && code.charAt(start - 1) == '.';
        StringBuilder sb = new StringBuilder();
        if (!name.isEmpty() && !member) variable(ev, executionCount, name, sb);
        if (!name.isEmpty() && member) opDocs(name, sb);
        String docs = ev.inspect(MagicCompletion.javaPart(magics, code), cursor);
        if (!docs.isEmpty()) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(docs);
        }
        return sb.toString();
    }

    private static void variable(JShellEvaluator ev, int executionCount, String name, StringBuilder sb) {
        KernelSession session = new KernelSession(ev, executionCount);
        String type = session.typeOf(name);
        if (type == null) return;
        sb.append(name).append(" : ").append(type);
        Object value;
        try {
            value = session.get(name);
        } catch (RuntimeException e) {
            return;
        }
        if (value instanceof Tensor t) {
            sb.append("\nshape ").append(Arrays.toString(t.shape())).append(", dtype ").append(t.dtype());
        }
        String text = String.valueOf(value);
        if (text.length() > MAX_VALUE_CHARS) text = text.substring(0, MAX_VALUE_CHARS) + " ... (" + text.length() + " characters)";
        sb.append("\nvalue: ").append(text);
    }

    /** A magic's usage line and what it does, as IPython shows a magic's docstring for {@code %timeit?}. */
    private static String magicDocs(Magic m) {
        return m.usage() + "\n\n" + m.summary();
    }

    private static void opDocs(String method, StringBuilder sb) {
        List<OpDef> ops = OpRegistry.global().byMethodName(method);
        for (OpDef op : ops) {
            if (op.doc() == null || op.doc().isBlank()) continue;
            if (sb.length() > 0) sb.append("\n");
            sb.append(op.name()).append(": ").append(op.doc());
        }
    }
}
