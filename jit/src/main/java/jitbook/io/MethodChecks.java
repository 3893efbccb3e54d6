package jitbook.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ir.Verifier;
import jitbook.tensor.Tensor;

/**
 * Checks a file's methods against the module tree they belong to, which the verifier cannot see
 * graph by graph: each method takes {@code self} as its own module's class; every attribute read
 * or written through a {@code prim::GetAttr} chain from self exists and holds the kind the IR
 * declares (a tensor of the declared shape, a module of the declared class, a number of the
 * declared width); every {@code prim::CallMethod} reaches a method the file defines, with as many
 * arguments and results as it takes and gives, of compatible types. A file cannot carry functions
 * or Java code, so {@code prim::CallFunction} (saving inlines functions) and {@code prim::JavaCall}
 * (an {@code @Ignore} method) are refused. The calls between methods must not recurse (the script
 * subset has no recursion, and the interpreter would run out of stack), and a chain of calls, with
 * the blocks around each call, may nest at most {@link Verifier#MAX_BLOCK_NESTING} deep, the
 * bound one graph's blocks have.
 *
 * <p>A receiver reached from self is that module; any other (an object passed in) may be any
 * module of its declared class, so the call graph links to all of them.
 */
final class MethodChecks {
    private final String file;
    private final Map<ModuleTree, Map<String, String>> entries;
    private final Function<Tensor, String> tensorName;
    private final Function<Tensor, String> tensorEntry;

    /** One method of one module in the tree: a vertex of the call graph. */
    private record Method(ModuleTree module, String name) {
        String qualified() {
            return module.className() + "." + name;
        }
    }

    /** A call from a method, {@code depth} blocks deep in its graph, to one of {@code targets}. */
    private record Call(int depth, List<Method> targets) {
    }

    private final Map<Method, List<Call>> calls = new LinkedHashMap<>();
    private final Map<Method, Integer> nesting = new HashMap<>();
    private final Map<String, List<ModuleTree>> byClass = new HashMap<>();

    MethodChecks(String file, Map<ModuleTree, Map<String, String>> entries, Function<Tensor, String> tensorName,
            Function<Tensor, String> tensorEntry) {
        this.file = file;
        this.entries = entries;
        this.tensorName = tensorName;
        this.tensorEntry = tensorEntry;
    }

    /** Checks every method of {@code root} and the modules inside it; throws naming the first wrong one. */
    void check(ModuleTree root) {
        List<ModuleTree> all = new ArrayList<>();
        collect(root, all);
        for (ModuleTree m : all) byClass.computeIfAbsent(m.className(), k -> new ArrayList<>()).add(m);
        for (ModuleTree m : all) {
            for (String name : m.methodNames()) checkMethod(new Method(m, name));
        }
        checkCallGraph();
    }

    private static void collect(ModuleTree m, List<ModuleTree> out) {
        out.add(m);
        for (Object v : m.attributes().values()) {
            if (v instanceof ModuleTree) collect((ModuleTree) v, out);
        }
    }

    private ModelFormatException error(Method m, String message) {
        return new ModelFormatException(file, entries.get(m.module).get(m.name), m.qualified() + " " + message);
    }

    private void checkMethod(Method method) {
        ModuleTree module = method.module;
        Graph g = module.methodGraph(method.name);
        Type self = g.inputs().get(0).type();
        if (!(self instanceof Type.ClassType) || !((Type.ClassType) self).name.equals(module.className())) {
            throw error(method, "takes self as " + self.print() + ", but it is a method of " + module.className());
        }
        Map<Value, ModuleTree> objects = new IdentityHashMap<>();
        objects.put(g.inputs().get(0), module);
        Set<String> written = new HashSet<>();
        for (Node n : g.allNodes()) {
            if (n.is(Prim.SET_ATTR) && n.attr(Node.NAME) instanceof String) written.add((String) n.attr(Node.NAME));
        }
        List<Call> out = new ArrayList<>();
        int deepest = 0;
        for (Node n : g.allNodes()) {
            int depth = depth(n);
            deepest = Math.max(deepest, depth);
            if (n.is(Prim.GET_ATTR)) {
                read(method, n, objects, written);
            } else if (n.is(Prim.SET_ATTR)) {
                write(method, n, objects);
            } else if (n.is(Prim.CALL_METHOD)) {
                out.add(new Call(depth, targets(method, n, objects)));
            } else if (n.is(Prim.CALL_FUNCTION)) {
                throw error(method, "calls function " + n.attr(Node.NAME) + ", but a saved file holds no functions (saving inlines them)");
            } else if (n.is(Prim.JAVA_CALL)) {
                throw error(method, "calls the @Ignore method " + n.attr(Node.NAME) + ", plain Java that a saved file cannot carry");
            }
        }
        calls.put(method, out);
        nesting.put(method, deepest);
    }

    /** How many blocks enclose {@code n} in its graph. */
    private static int depth(Node n) {
        int d = 0;
        for (Node owner = n.owningBlock().owningNode(); owner != null; owner = owner.owningBlock().owningNode()) d++;
        return d;
    }

    private void read(Method method, Node n, Map<Value, ModuleTree> objects, Set<String> written) {
        if (n.inputs().size() != 1 || n.outputs().size() != 1) return;
        ModuleTree owner = objects.get(n.input(0));
        Object nameAttr = n.attr(Node.NAME);
        if (owner == null || !(nameAttr instanceof String)) return;
        String name = (String) nameAttr;
        if (!owner.attributes().containsKey(name)) {
            if (name.equals("training") || written.contains(name)) return;
            throw error(method, "reads attribute '" + name + "' of " + owner.className() + ", which the file does not define");
        }
        Object v = owner.attributes().get(name);
        Type read = n.output().type();
        if (!holds(read, v)) {
            throw error(method, "reads attribute '" + name + "' of " + owner.className() + " as " + read.print() + ", but the file holds "
                    + kindOf(v) + " there");
        }
        if (v instanceof ModuleTree) {
            objects.put(n.output(), (ModuleTree) v);
        } else if (v instanceof Tensor && read instanceof Type.TensorType) {
            Tensor t = (Tensor) v;
            if (!((Type.TensorType) read).accepts(new Type.TensorType(t.dtype(), t.shape()))) {
                throw new ModelFormatException(file, tensorEntry.apply(t), "parameter " + tensorName.apply(t) + " is stored as "
                        + ModelReader.describe(t.dtype(), t.shape()) + " but " + method.qualified() + " ("
                        + entries.get(method.module).get(method.name) + ") reads it as " + read.print());
            }
        }
    }

    /** An attribute the file defines keeps its kind: a tensor stays a tensor, an int an int; a submodule is never replaced. */
    private void write(Method method, Node n, Map<Value, ModuleTree> objects) {
        if (n.inputs().size() != 2) return;
        ModuleTree owner = objects.get(n.input(0));
        Object nameAttr = n.attr(Node.NAME);
        if (owner == null || !(nameAttr instanceof String) || !owner.attributes().containsKey(nameAttr)) return;
        Object v = owner.attributes().get(nameAttr);
        Value given = n.input(1);
        if (v instanceof ModuleTree) {
            throw error(method, "replaces the submodule '" + nameAttr + "' of " + owner.className() + " with %" + given.name() + " : "
                    + given.type().print());
        }
        if (v != null && !holds(given.type(), v)) {
            throw error(method, "writes %" + given.name() + " : " + given.type().print() + " to attribute '" + nameAttr + "' of "
                    + owner.className() + ", which holds " + kindOf(v));
        }
    }

    /** The methods a call may reach, after checking it against each one's signature. */
    private List<Method> targets(Method caller, Node n, Map<Value, ModuleTree> objects) {
        String name = (String) n.attr(Node.NAME);
        Value receiver = n.input(0);
        ModuleTree known = objects.get(receiver);
        List<ModuleTree> candidates = new ArrayList<>();
        if (known != null) {
            candidates.add(known);
        } else if (receiver.type() instanceof Type.ClassType) {
            candidates.addAll(byClass.getOrDefault(((Type.ClassType) receiver.type()).name, List.of()));
        } else {
            for (List<ModuleTree> ms : byClass.values()) candidates.addAll(ms);
        }
        List<Method> targets = new ArrayList<>();
        for (ModuleTree m : candidates) {
            if (!m.methodNames().contains(name)) {
                if (known != null) {
                    throw error(caller, "calls method " + name + " of " + m.className() + ", which the file does not define (it has "
                            + String.join(", ", m.methodNames()) + ")");
                }
                continue;
            }
            checkSignature(caller, n, m.className() + "." + name, m.methodGraph(name));
            targets.add(new Method(m, name));
        }
        return targets;
    }

    private void checkSignature(Method caller, Node n, String callee, Graph g) {
        if (g.inputs().size() != n.inputs().size() || g.outputs().size() != n.outputs().size()) {
            throw error(caller, "calls " + callee + " with " + (n.inputs().size() - 1) + " arguments for " + n.outputs().size()
                    + " results, but it takes " + (g.inputs().size() - 1) + " and gives " + g.outputs().size());
        }
        for (int i = 1; i < g.inputs().size(); i++) {
            Value arg = n.input(i);
            Value param = g.inputs().get(i);
            if (!Verifier.compatible(param.type(), arg.type())) {
                throw error(caller, "passes %" + arg.name() + " : " + arg.type().print() + " to " + callee + "'s parameter %" + param.name()
                        + " : " + param.type().print());
            }
        }
        for (int i = 0; i < g.outputs().size(); i++) {
            Value got = g.outputs().get(i);
            Value declared = n.outputs().get(i);
            if (!Verifier.compatible(declared.type(), got.type())) {
                throw error(caller, "declares %" + declared.name() + " : " + declared.type().print() + " for what " + callee + " returns, "
                        + got.type().print());
            }
        }
    }

    /**
     * Refuses recursion and call chains nesting deeper than the bound: the depth of a method is the
     * deepest of its own blocks and, for each call, the blocks around it plus one plus the callee's
     * depth. Computed callees first, without recursion (the graph may be long).
     */
    private void checkCallGraph() {
        Map<Method, Integer> depth = new HashMap<>();
        Map<Method, Method> via = new HashMap<>();
        Set<Method> open = new HashSet<>();
        for (Method start : calls.keySet()) {
            if (depth.containsKey(start)) continue;
            Deque<Method> stack = new ArrayDeque<>();
            stack.push(start);
            open.add(start);
            while (!stack.isEmpty()) {
                Method m = stack.peek();
                Method next = null;
                for (Call c : calls.get(m)) {
                    for (Method t : c.targets) {
                        if (open.contains(t)) throw error(m, "calls " + t.qualified() + " again while it runs: " + cycle(stack, t)
                                + " (recursion is not in the script subset)");
                        if (!depth.containsKey(t)) {
                            next = t;
                            break;
                        }
                    }
                    if (next != null) break;
                }
                if (next != null) {
                    stack.push(next);
                    open.add(next);
                    continue;
                }
                int d = nesting.get(m);
                Method deepestCallee = null;
                for (Call c : calls.get(m)) {
                    for (Method t : c.targets) {
                        int through = c.depth + 1 + depth.get(t);
                        if (through > d) {
                            d = through;
                            deepestCallee = t;
                        }
                    }
                }
                if (d > Verifier.MAX_BLOCK_NESTING) {
                    throw error(m, "nests calls and blocks more than " + Verifier.MAX_BLOCK_NESTING + " deep: " + chain(m, via));
                }
                depth.put(m, d);
                if (deepestCallee != null) via.put(m, deepestCallee);
                stack.pop();
                open.remove(m);
            }
        }
    }

    /** The calls from {@code again}'s first activation back to it, outermost first. */
    private static String cycle(Deque<Method> stack, Method again) {
        List<String> names = new ArrayList<>();
        for (java.util.Iterator<Method> it = stack.descendingIterator(); it.hasNext();) {
            Method m = it.next();
            if (!names.isEmpty() || m.equals(again)) names.add(m.qualified());
        }
        names.add(again.qualified());
        return String.join(" -> ", names);
    }

    /** The first few calls of the deepest chain from {@code m}. */
    private static String chain(Method m, Map<Method, Method> via) {
        List<String> names = new ArrayList<>();
        int shown = 0;
        for (Method at = m; at != null; at = via.get(at)) {
            if (shown++ == 4) {
                names.add("...");
                break;
            }
            names.add(at.qualified());
        }
        return String.join(" -> ", names);
    }

    /** Whether a value of IR type {@code t} can be {@code v}, by kind (tensor shapes are compared separately). */
    private static boolean holds(Type t, Object v) {
        if (t == Type.ANY) return true;
        if (t instanceof Type.OptionalType) return v == null || holds(((Type.OptionalType) t).element, v);
        if (v instanceof Tensor) return t.isTensor();
        if (v instanceof ModuleTree) return t instanceof Type.ClassType && ((Type.ClassType) t).name.equals(((ModuleTree) v).className());
        if (v == null) return t == Type.NONE;
        if (v instanceof Boolean) return t == Type.BOOL;
        if (v instanceof Integer) return t == Type.INT;
        if (v instanceof Long) return t == Type.LONG;
        if (v instanceof Float) return t == Type.FLOAT;
        if (v instanceof Double) return t == Type.DOUBLE;
        if (v instanceof String) return t == Type.STR;
        if (v instanceof List) return t instanceof Type.ListType;
        if (v instanceof Object[]) return t instanceof Type.TupleType;
        return true;
    }

    private static String kindOf(Object v) {
        if (v instanceof Tensor) return "a tensor " + ModelReader.describe(((Tensor) v).dtype(), ((Tensor) v).shape());
        if (v instanceof ModuleTree) return "a module of class " + ((ModuleTree) v).className();
        if (v == null) return "None";
        if (v instanceof List) return "a list";
        if (v instanceof Object[]) return "a tuple";
        return "the " + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
    }
}
