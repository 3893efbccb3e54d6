package jitbook.magics.render;

import jitbook.ir.Graph;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.display.MimeRenderer;
import jitbook.tensor.Tensor;

/**
 * Renderers of JIT objects for the kernel's display registry (listed in
 * {@code META-INF/services/jitbook.magics.display.MimeRenderer}): a Tensor as an HTML table; a
 * Graph, ScriptFunction or ScriptModule as highlighted IR. Each keeps the kernel's text/plain.
 */
public final class JitRenderers {
    private JitRenderers() {
    }

    /** Tensor: HTML table with shape and dtype caption, large tensors summarized. */
    public static final class TensorRenderer implements MimeRenderer {
        @Override
        public boolean supports(Object value) {
            return value instanceof Tensor;
        }

        @Override
        public void render(Object value, MimeBundle bundle) {
            bundle.put(MimeBundle.TEXT_HTML, TensorHtml.html((Tensor) value));
        }
    }

    /** Graph: highlighted IR. */
    public static final class GraphRenderer implements MimeRenderer {
        @Override
        public boolean supports(Object value) {
            return value instanceof Graph;
        }

        @Override
        public void render(Object value, MimeBundle bundle) {
            bundle.put(MimeBundle.TEXT_HTML, Html.block(IrHtml.pre((Graph) value)));
        }
    }

    /** ScriptFunction: its name, signature and IR. */
    public static final class ScriptFunctionRenderer implements MimeRenderer {
        @Override
        public boolean supports(Object value) {
            return value instanceof ScriptFunction;
        }

        @Override
        public void render(Object value, MimeBundle bundle) {
            ScriptFunction f = (ScriptFunction) value;
            String warn = f.warnings().isEmpty() ? "" : "<div class=\"warn\">" + f.warnings().size() + " tracer warning(s) when recorded</div>";
            bundle.put(MimeBundle.TEXT_HTML, Html.block("<div><b>ScriptFunction</b> <code>" + Html.escape(f.name()) + "</code></div>"
                    + warn + IrHtml.pre(f.graph())));
        }
    }

    /** ScriptModule: class, attributes and each method's IR. */
    public static final class ScriptModuleRenderer implements MimeRenderer {
        @Override
        public boolean supports(Object value) {
            return value instanceof ScriptModule;
        }

        @Override
        public void render(Object value, MimeBundle bundle) {
            ScriptModule m = (ScriptModule) value;
            StringBuilder sb = new StringBuilder("<div><b>ScriptModule</b> <code>").append(Html.escape(m.className())).append("</code>");
            if (!m.attributes().isEmpty()) {
                sb.append(" attributes: <code>").append(Html.escape(String.join(", ", m.attributes().keySet()))).append("</code>");
            }
            sb.append("</div>");
            for (String name : m.methodNames()) {
                sb.append(Html.details("<code>" + Html.escape(name) + "</code>", IrHtml.pre(m.methodGraph(name)), name.equals("forward")));
            }
            bundle.put(MimeBundle.TEXT_HTML, Html.block(sb.toString()));
        }
    }
}
