package jitbook.passes;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.ir.IrParser;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;

/**
 * A rewrite written as two graphs in IR text: a pattern whose inputs are variables and whose
 * single output is computed by the matched expression, and a replacement graph with the same
 * inputs. The pattern matches a node of its root's kind whose operands are produced by nodes
 * matching the pattern's inner nodes (same kinds, equal attributes; constants by value), binding
 * each variable consistently; a variable's declared type must accept the bound value's type
 * ({@code Tensor} takes any tensor). Pattern nodes must be free of effects.
 */
public final class PatternRule implements RewriteRule {
    private final String name;
    private final Graph pattern;
    private final Graph replacement;
    private final Node root;

    private PatternRule(String name, Graph pattern, Graph replacement) {
        this.name = name;
        this.pattern = pattern;
        this.replacement = replacement;
        if (pattern.outputs().size() != 1 || pattern.outputs().get(0).producer() == null) {
            throw new IllegalArgumentException("a pattern returns exactly one value computed by a node");
        }
        if (replacement.outputs().size() != 1 || replacement.inputs().size() != pattern.inputs().size()) {
            throw new IllegalArgumentException("the replacement must take the pattern's " + pattern.inputs().size()
                    + " inputs and return one value");
        }
        for (Node n : pattern.allNodes()) {
            if (!Effects.hasNoEffect(n) || !n.blocks().isEmpty()) {
                throw new IllegalArgumentException("pattern node " + n + " has effects or blocks; patterns match pure expressions");
            }
        }
        this.root = pattern.outputs().get(0).producer();
    }

    public static PatternRule of(String name, String patternIr, String replacementIr) {
        return new PatternRule(name, IrParser.parse(patternIr), IrParser.parse(replacementIr));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return root.kind();
    }

    @Override
    public Value apply(Node n, PassContext ctx) {
        Map<Value, Value> bind = new IdentityHashMap<>();
        if (!matchNode(root, n, bind)) return null;
        Map<Value, Value> map = new IdentityHashMap<>();
        for (int i = 0; i < replacement.inputs().size(); i++) {
            Value b = bind.get(pattern.inputs().get(i));
            if (b == null) return null; // a variable the pattern never reads
            map.put(replacement.inputs().get(i), b);
        }
        List<Value> out = GraphEdits.copyBefore(replacement.block(), n, map);
        return out.get(0);
    }

    private boolean matchNode(Node p, Node n, Map<Value, Value> bind) {
        if (!p.kind().equals(n.kind()) || p.inputs().size() != n.inputs().size() || p.outputs().size() != n.outputs().size()) return false;
        if (p.is(Prim.CONSTANT)) return constantMatches(p, n);
        if (!p.attrs().keySet().equals(n.attrs().keySet())) return false;
        for (String k : p.attrs().keySet()) {
            if (!CommonSubexpressionElimination.attrEquals(p.attr(k), n.attr(k))) return false;
        }
        for (int i = 0; i < p.inputs().size(); i++) {
            if (!matchValue(p.input(i), n.input(i), bind)) return false;
        }
        return true;
    }

    private boolean matchValue(Value pv, Value v, Map<Value, Value> bind) {
        if (pv.producer() == null) {
            Value b = bind.get(pv);
            if (b != null) return b == v;
            if (!typeAccepts(pv.type(), v.type())) return false;
            bind.put(pv, v);
            return true;
        }
        Node pn = pv.producer();
        Node n = v.producer();
        if (n == null || pn.outputs().indexOf(pv) != n.outputs().indexOf(v)) return false;
        return matchNode(pn, n, bind);
    }

    private static boolean typeAccepts(Type want, Type got) {
        if (want == Type.ANY || want.accepts(got)) return true;
        return want.isTensor() && got.isTensor() && ((Type.TensorType) want).dtype == null && ((Type.TensorType) want).shape == null;
    }

    /** Constants match by value: numbers of the same kind (integral or not) and equal value; others by equality. */
    private static boolean constantMatches(Node p, Node n) {
        Object a = p.attr(Node.VALUE);
        Object b = n.attr(Node.VALUE);
        Type ta = p.output().type();
        Type tb = n.output().type();
        if (a instanceof Number && b instanceof Number && !(a instanceof Boolean)) {
            if (ta.isIntegral() != tb.isIntegral() || !(tb.isNumber())) return false;
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return Double.compare(x, y) == 0;
        }
        return ta.equals(tb) && CommonSubexpressionElimination.attrEquals(a, b);
    }

    @Override
    public String toString() {
        return name + " @ " + kind();
    }
}
