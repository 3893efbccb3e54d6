package jitbook.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.ShapeArgs;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.ops.ArrayGradCheck;
import jitbook.ops.ArrayGradContext;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;
import jitbook.ops.TensorSpec;
import jitbook.tensor.Dispatcher;
import jitbook.tensor.GradCheck;
import jitbook.tensor.Tensor;

/**
 * Generated from the registry and the ops' sample table (jitbook.ops.OpSamples, read through
 * reflection since it is package-private): for every differentiable op and each sample with a
 * floating input and result, a one-node graph is built from the op's schema (tensors as inputs,
 * tensor lists through {@code prim::ListConstruct}, everything else as constants), compiled, and
 * its backward graph checked against finite differences in float64 and against eager autograd.
 */
class RegistryCompiledGradTest {
    record Sample(String label, Object[] args) {
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<Object>> samples() throws Exception {
        Class<?> c = Class.forName("jitbook.ops.OpSamples");
        Method all = c.getDeclaredMethod("all");
        all.setAccessible(true);
        return (Map<String, List<Object>>) all.invoke(null);
    }

    static Sample read(Object s) throws Exception {
        Method label = s.getClass().getDeclaredMethod("label");
        Method args = s.getClass().getDeclaredMethod("args");
        Method grad = s.getClass().getDeclaredMethod("gradCheck");
        label.setAccessible(true);
        args.setAccessible(true);
        grad.setAccessible(true);
        return (Boolean) grad.invoke(s) ? new Sample((String) label.invoke(s), (Object[]) args.invoke(s)) : null;
    }

    /** A graph {@code graph(tensors...): return op(args...)} and the tensor arguments in input order. */
    static Graph oneNodeGraph(OpDef op, Object[] args, List<NdArray> tensorInputs) {
        Graph g = new Graph();
        Value[] ins = new Value[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof NdArray) {
                ins[i] = input(g, (NdArray) a, "a" + i, tensorInputs);
            } else if (a instanceof List) {
                List<?> l = (List<?>) a;
                Value[] items = new Value[l.size()];
                for (int k = 0; k < items.length; k++) items[k] = input(g, (NdArray) l.get(k), "a" + i + "_" + k, tensorInputs);
                ins[i] = g.block().append(jitbook.ir.Prim.LIST_CONSTRUCT, items).addOutput(new Type.ListType(Type.TENSOR));
            } else {
                ins[i] = constant(g, a);
            }
        }
        Node n = g.block().append(op.name(), ins);
        Object[] abs = ShapeArgs.of(n);
        TensorSpec spec = op.shapeRule().infer(abs);
        g.addOutput(n.addOutput(Type.TensorType.of(spec)));
        return g;
    }

    private static Value input(Graph g, NdArray a, String name, List<NdArray> tensorInputs) {
        tensorInputs.add(a);
        return g.addInput(name, new Type.TensorType(a.dtype(), a.shape()));
    }

    private static Value constant(Graph g, Object a) {
        if (a == null) return g.insertConstant(null, Type.NONE);
        if (a instanceof Boolean) return g.insertConstant(a, Type.BOOL);
        if (a instanceof Double || a instanceof Float) return g.insertConstant(((Number) a).doubleValue(), Type.DOUBLE);
        if (a instanceof Number) return g.insertConstant(((Number) a).intValue(), Type.INT);
        if (a instanceof String) return g.insertConstant(a, Type.STR);
        if (a instanceof DType) return g.insertConstant(((DType) a).irName(), Type.STR);
        if (a instanceof long[]) return g.insertConstant(a, new Type.ListType(Type.INT));
        if (a instanceof int[]) return g.insertConstant(java.util.Arrays.stream((int[]) a).asLongStream().toArray(), new Type.ListType(Type.INT));
        throw new IllegalArgumentException("no IR constant for " + a.getClass());
    }

    @TestFactory
    Stream<DynamicNode> everyDifferentiableOpThroughTheCompiledPath() throws Exception {
        Map<String, List<Object>> table = samples();
        List<DynamicNode> nodes = new ArrayList<>();
        for (OpDef op : OpRegistry.global().all()) {
            if (!op.isDifferentiable()) continue;
            List<DynamicTest> tests = new ArrayList<>();
            for (Object raw : table.getOrDefault(op.name(), List.of())) {
                Sample s = read(raw);
                if (s == null) continue;
                Object[] args = ArrayGradCheck.toDouble(ArrayGradContext.withDefaults(op, s.args()));
                if (!hasFloatingTensor(args)) continue;
                Object out = op.run(args);
                if (!(out instanceof NdArray) || !((NdArray) out).dtype().isFloating()) continue;
                tests.add(DynamicTest.dynamicTest(s.label(), () -> check(op, args)));
            }
            if (tests.isEmpty()) {
                nodes.add(DynamicTest.dynamicTest(op.name(), () -> fail(op.name() + " has no gradient sample")));
            } else {
                nodes.add(DynamicContainer.dynamicContainer(op.name(), tests));
            }
        }
        return nodes.stream();
    }

    private static void check(OpDef op, Object[] args) {
        List<NdArray> arrays = new ArrayList<>();
        Graph g = oneNodeGraph(op, args, arrays);
        ScriptFunction fn = Jit.function(op.name(), g);
        Tensor[] in = new Tensor[arrays.size()];
        for (int i = 0; i < in.length; i++) in[i] = Tensor.fromArray(arrays.get(i));
        GradCheck.Report r = GradCheck.check(t -> (Tensor) fn.call((Object[]) t), in);
        assertTrue(r.passed(), op.name() + " compiled: " + r + "\n" + g + "backward:\n" + fn.backwardGraph());

        // The same op eagerly, with the same gradient of the output.
        Tensor[] a = CaseProgramsGradTest.leaves(in);
        Tensor[] b = CaseProgramsGradTest.leaves(in);
        Tensor yc = (Tensor) fn.call((Object[]) a);
        Tensor ye = (Tensor) Dispatcher.call(op, eagerArgs(args, b));
        Tensor gy = Tensor.fromArray(projection(ye.array()));
        yc.backward(gy);
        ye.backward(gy);
        for (int i = 0; i < in.length; i++) {
            if (in[i].dtype().isFloating()) CaseProgramsGradTest.assertClose(b[i].grad(), a[i].grad(), 1e-6, op.name() + " input " + i);
        }
    }

    private static NdArray projection(NdArray y) {
        NdArray p = NdArray.zeros(y.dtype(), y.shape());
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < p.numel(); i++) p.setDouble(i, 2 * r.nextDouble() - 1);
        return p;
    }

    /** The sample's arguments with its tensors (in input order) replaced by {@code tensors}. */
    private static Object[] eagerArgs(Object[] args, Tensor[] tensors) {
        Object[] out = args.clone();
        int k = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof NdArray) {
                out[i] = tensors[k++];
            } else if (out[i] instanceof List) {
                List<Object> l = new ArrayList<>();
                for (int j = 0; j < ((List<?>) out[i]).size(); j++) l.add(tensors[k++]);
                out[i] = l;
            }
        }
        return out;
    }

    private static boolean hasFloatingTensor(Object[] args) {
        for (Object a : args) {
            if (a instanceof NdArray && ((NdArray) a).dtype().isFloating()) return true;
            if (a instanceof List) {
                for (Object e : (List<?>) a) if (e instanceof NdArray && ((NdArray) e).dtype().isFloating()) return true;
            }
        }
        return false;
    }
}
