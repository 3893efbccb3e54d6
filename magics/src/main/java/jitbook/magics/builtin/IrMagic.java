package jitbook.magics.builtin;

import java.lang.reflect.Method;
import java.util.List;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.render.GraphPicture;
import jitbook.magics.render.Html;
import jitbook.magics.render.IrHtml;

/**
 * {@code %ir name [--optimized|--backward|--fused] [--picture]}: a compiled function's (or
 * module's forward) graph as recorded or compiled; after the default optimizer; the backward
 * graph autograd runs; or the fusion groups of the optimized graph with the generated kernel
 * source where the fuser provides it. {@code --picture} draws the chosen graph as SVG, with a PNG
 * of the same picture beside it.
 */
public final class IrMagic extends BaseMagic {
    static final String USAGE = "%ir name [--optimized | --backward | --fused] [--picture]";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE)
            .flags("--optimized", "--backward", "--fused", "--picture").positional(1, 1);

    public IrMagic() {
        super("ir", Kind.LINE, USAGE,
                "show a compiled function's graph: as compiled, optimized, backward, fused, or as a picture", SPEC);
    }

    /** The compiled functions and modules of the session, for the name argument. */
    @Override
    protected List<String> valueCompletions(Session session) {
        return Names.compiled(session);
    }

    @Override
    public Object run(MagicCall call, Session session) {
        MagicArgs args = args(call);
        int views = (args.flag("--optimized") ? 1 : 0) + (args.flag("--backward") ? 1 : 0) + (args.flag("--fused") ? 1 : 0);
        if (views > 1) throw args.usageError("choose one of --optimized, --backward, --fused");
        String name = args.positional(0);
        Object v = Names.compiledOrVariable(session, "%ir", name);
        String what;
        Graph g;
        try {
            if (args.flag("--optimized") || args.flag("--fused")) {
                what = "optimized";
                g = v instanceof ScriptFunction ? ((ScriptFunction) v).optimizedGraph() : v instanceof ScriptModule ? ((ScriptModule) v).optimizedGraph("forward") : null;
            } else if (args.flag("--backward")) {
                what = "backward";
                g = v instanceof ScriptFunction ? ((ScriptFunction) v).backwardGraph() : v instanceof ScriptModule ? ((ScriptModule) v).backwardGraph() : null;
            } else {
                what = v instanceof ScriptModule ? "forward" : "as compiled";
                g = v instanceof ScriptFunction ? ((ScriptFunction) v).graph() : v instanceof ScriptModule ? ((ScriptModule) v).graph() : v instanceof Graph ? (Graph) v : null;
            }
        } catch (RuntimeException e) {
            throw new MagicException("MagicError", "%ir " + name + ": " + e.getMessage());
        }
        if (g == null) {
            throw new MagicException("TypeError", "%ir: " + name + " is " + (v == null ? "null" : "a " + v.getClass().getSimpleName())
                    + "; %ir shows ScriptFunction and ScriptModule graphs (from %%trace, %%script, Jit.trace, Jit.script)");
        }
        String title = "%ir " + name + " (" + what + ")";
        MimeBundle b;
        if (args.flag("--fused")) {
            b = fused(title, g);
        } else {
            b = MimeBundle.of(MimeBundle.TEXT_PLAIN, title + "\n" + g).put(MimeBundle.TEXT_HTML,
                    Html.block("<div><b>" + Html.escape(title) + "</b></div>" + IrHtml.pre(g)));
        }
        if (args.flag("--picture")) {
            // The PNG twin is for front ends that drop SVG: Notebook's untrusted outputs (every
            // notebook nbconvert ran) and nbconvert's HTML export.
            GraphPicture.Pictures pictures = GraphPicture.both(g, 2);
            b = MimeBundle.of(MimeBundle.TEXT_PLAIN, title + "\n" + g).put(MimeBundle.IMAGE_SVG, pictures.svg())
                    .put(MimeBundle.IMAGE_PNG, pictures.png().base64())
                    .putMetadata(MimeBundle.IMAGE_PNG, java.util.Map.of("width", pictures.png().width(), "height", pictures.png().height()));
        }
        session.display(b);
        return null;
    }

    /** The fusion groups of an optimized graph, each with the generated kernel source when the fuser offers it. */
    private static MimeBundle fused(String title, Graph g) {
        StringBuilder html = new StringBuilder("<div><b>").append(Html.escape(title)).append("</b></div>");
        StringBuilder text = new StringBuilder(title).append('\n');
        int i = 0;
        for (Node n : g.allNodes()) {
            if (!n.is(Prim.FUSION_GROUP)) continue;
            i++;
            Graph sub = new Graph();
            java.util.Map<jitbook.ir.Value, jitbook.ir.Value> map = new java.util.IdentityHashMap<>();
            for (jitbook.ir.Value p : n.blocks().get(0).params()) map.put(p, sub.addInput(p.name(), p.type()));
            Graph.copyBlockBody(n.blocks().get(0), sub.block(), map);
            for (jitbook.ir.Value r : n.blocks().get(0).returns()) sub.addOutput(map.getOrDefault(r, r));
            String kernel = kernelSource(n);
            html.append(Html.details("fusion group " + i + ": " + n.blocks().get(0).nodes().size() + " ops in one pass over memory",
                    IrHtml.pre(sub) + (kernel == null ? "<div class=\"muted\">(no generated kernel source available for this group)</div>"
                            : "<div>generated kernel:</div><pre class=\"kernel\">" + Html.escape(kernel) + "</pre>"), true));
            text.append("-- fusion group ").append(i).append(":\n").append(sub);
            if (kernel != null) text.append("-- generated kernel:\n").append(kernel).append('\n');
        }
        if (i == 0) {
            html.append("<div class=\"muted\">no fusion groups: the optimizer found no chain of elementwise ops to fuse</div>");
            text.append("no fusion groups\n");
        }
        return MimeBundle.of(MimeBundle.TEXT_PLAIN, text.toString()).put(MimeBundle.TEXT_HTML, Html.block(html.toString()));
    }

    /**
     * The fuser's generated source for a group, through reflection: the fused-kernel code
     * generator is newer than this module, and the picture must not break if its API moves.
     */
    private static String kernelSource(Node group) {
        try {
            Class<?> fg = Class.forName("jitbook.exec.fuse.FusedGroup");
            Object g = fg.getMethod("of", Node.class).invoke(null, group);
            StringBuilder sb = new StringBuilder();
            Method describe = fg.getMethod("describe");
            sb.append(describe.invoke(g)).append('\n');
            Object kernels = fg.getMethod("kernels").invoke(g);
            if (kernels instanceof List) {
                for (Object k : (List<?>) kernels) sb.append(k.getClass().getMethod("source").invoke(k)).append('\n');
            }
            return sb.toString().strip();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
