package jitbook.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;

/**
 * Turns a method graph's parameter reads ({@code prim::GetAttr} chains from {@code self} that end
 * in a tensor) into extra graph inputs, so that differentiating with respect to parameters is
 * differentiating with respect to inputs. Attribute paths are lists of names from {@code self}
 * ({@code [fc1, weight]}).
 */
final class ParameterLifting {
    private ParameterLifting() {
    }

    /** Every attribute path from {@code self} (input 0) whose GetAttr yields a tensor (or an untyped value), in program order. */
    static List<List<String>> tensorAttributePaths(Graph g) {
        List<List<String>> out = new ArrayList<>();
        walk(g, (node, path) -> {
            Type t = node.output().type();
            if ((t.isTensor() || t == Type.ANY) && !out.contains(path)) out.add(path);
        });
        return out;
    }

    /** A copy of {@code g} whose reads of {@code paths} are replaced by new inputs appended in that order. */
    static Graph lift(Graph g, List<List<String>> paths) {
        Graph c = g.copy();
        Map<List<String>, List<Node>> reads = new LinkedHashMap<>();
        walk(c, (node, path) -> {
            if (paths.contains(path)) reads.computeIfAbsent(path, p -> new ArrayList<>()).add(node);
        });
        for (List<String> p : paths) {
            List<Node> nodes = reads.getOrDefault(p, List.of());
            Type t = nodes.isEmpty() ? Type.TENSOR : nodes.get(0).output().type();
            Value in = c.addInput(String.join(".", p), t);
            for (Node n : nodes) {
                n.output().replaceAllUsesWith(in);
                n.destroy();
            }
        }
        return c;
    }

    private interface Visitor {
        void attr(Node getAttr, List<String> path);
    }

    private static void walk(Graph g, Visitor v) {
        if (g.inputs().isEmpty() || !(g.inputs().get(0).type() instanceof Type.ClassType)) return;
        Map<Value, List<String>> pathOf = new IdentityHashMap<>();
        pathOf.put(g.inputs().get(0), List.of());
        for (Node n : g.allNodes()) {
            if (!n.is(Prim.GET_ATTR) || n.outputs().size() != 1) continue;
            List<String> base = pathOf.get(n.input(0));
            if (base == null) continue;
            List<String> path = new ArrayList<>(base);
            path.add((String) n.attr(Node.NAME));
            pathOf.put(n.output(), List.copyOf(path));
            v.attr(n, List.copyOf(path));
        }
    }
}
