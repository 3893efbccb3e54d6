package jitbook.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Programs with tensors, branches and loops, each as IR text and as the same eager Java code,
 * with argument sets that take each branch and run loops zero, one and many times. The compiled
 * form is hand-written IR text on purpose: it pins autodiff to exact graphs (loops with carried
 * tensors, ifs with differing uses) independently of how the script compiler lowers Java;
 * scripted Java programs are differentiated in {@code script.RandomProgramsTest} (against eager
 * autograd and finite differences).
 */
final class CasePrograms {
    private CasePrograms() {
    }

    /** The eager form: tensor arguments, then the other (int/bool) arguments. */
    interface Eager {
        Tensor apply(Tensor[] t, Object[] extra);
    }

    /** One program run on one argument set. */
    record Case(String name, String ir, Eager eager, long[][] shapes, Object[] extra, double offset) {
        Case(String name, String ir, Eager eager, long[][] shapes, Object[] extra) {
            this(name, ir, eager, shapes, extra, 0.1);
        }

        ScriptFunction compile() {
            return Jit.function(name, Jit.parseIr(ir));
        }

        /** Deterministic float64 inputs of the case's shapes, scaled to stay in tanh's useful range. */
        Tensor[] inputs(long seed) {
            Random r = new Random(seed);
            Tensor[] out = new Tensor[shapes.length];
            for (int i = 0; i < shapes.length; i++) {
                NdArray a = NdArray.zeros(DType.FLOAT64, shapes[i]);
                for (int k = 0; k < a.numel(); k++) a.setDouble(k, 0.8 * (2 * r.nextDouble() - 1) + (i == 0 ? offset : 0));
                out[i] = Tensor.fromArray(a);
            }
            return out;
        }

        Object[] callArgs(Tensor[] t) {
            Object[] a = new Object[t.length + extra.length];
            System.arraycopy(t, 0, a, 0, t.length);
            System.arraycopy(extra, 0, a, t.length, extra.length);
            return a;
        }

        @Override
        public String toString() {
            return name + java.util.Arrays.toString(extra);
        }
    }

    static final String CONSTS = String.join("\n",
            "  %none : NoneType = prim::Constant()",
            "  %false : bool = prim::Constant[value=0]()",
            "  %true : bool = prim::Constant[value=1]()",
            "");

    /** sum((x * b + b) * x): fan-out of x and b, broadcasting of b [3] against x [2, 3]. */
    static final String FANOUT = String.join("\n",
            "graph(%x : Tensor, %b : Tensor):",
            CONSTS + "  %xb : Tensor = tensor::mul(%x, %b)",
            "  %s : Tensor = tensor::add(%xb, %b)",
            "  %p : Tensor = tensor::mul(%s, %x)",
            "  %r : Tensor = tensor::sum(%p, %none, %false)",
            "  return (%r)");

    /** if (c) y = x * 2 + w else y = sin(x) * w; sum(y * y). */
    static final String BRANCH = String.join("\n",
            "graph(%x : Tensor, %w : Tensor, %c : bool):",
            CONSTS + "  %two : double = prim::Constant[value=2.0]()",
            "  %y : Tensor = prim::If(%c)",
            "    block0():",
            "      %a : Tensor = tensor::mul(%x, %two)",
            "      %a.1 : Tensor = tensor::add(%a, %w)",
            "      -> (%a.1)",
            "    block1():",
            "      %s : Tensor = tensor::sin(%x)",
            "      %b : Tensor = tensor::mul(%s, %w)",
            "      -> (%b)",
            "  %yy : Tensor = tensor::mul(%y, %y)",
            "  %r : Tensor = tensor::sum(%yy, %none, %false)",
            "  return (%r)");

    /** if (sum(x) > 0) y = exp(x) else y = x * w (w only used in one branch); mean(y * w). */
    static final String TENSOR_BRANCH = String.join("\n",
            "graph(%x : Tensor, %w : Tensor):",
            CONSTS + "  %zero : double = prim::Constant[value=0.0]()",
            "  %sx : Tensor = tensor::sum(%x, %none, %false)",
            "  %c : Tensor = tensor::gt(%sx, %zero)",
            "  %y : Tensor = prim::If(%c)",
            "    block0():",
            "      %e : Tensor = tensor::exp(%x)",
            "      -> (%e)",
            "    block1():",
            "      %m : Tensor = tensor::mul(%x, %w)",
            "      -> (%m)",
            "  %yw : Tensor = tensor::mul(%y, %w)",
            "  %r : Tensor = tensor::mean(%yw, %none, %false)",
            "  return (%r)");

    /** h = h0; repeat n times: h = tanh(h @ W + x); sum(h). */
    static final String LOOP = String.join("\n",
            "graph(%h0 : Tensor, %W : Tensor, %x : Tensor, %n : int):",
            CONSTS + "  %h : Tensor = prim::Loop(%n, %true, %h0)",
            "    block0(%i : int, %h.1 : Tensor):",
            "      %a : Tensor = tensor::matmul(%h.1, %W)",
            "      %a.1 : Tensor = tensor::add(%a, %x)",
            "      %h.2 : Tensor = tensor::tanh(%a.1)",
            "      -> (%true, %h.2)",
            "  %r : Tensor = tensor::sum(%h, %none, %false)",
            "  return (%r)");

    /** Repeat n times: if i is even, h = h * w, else h = sin(h) + w; then h * x; sum of squares. */
    static final String LOOP_IF = String.join("\n",
            "graph(%h0 : Tensor, %w : Tensor, %x : Tensor, %n : int):",
            CONSTS + "  %two : int = prim::Constant[value=2]()",
            "  %zeroi : int = prim::Constant[value=0]()",
            "  %h : Tensor = prim::Loop(%n, %true, %h0)",
            "    block0(%i : int, %h.1 : Tensor):",
            "      %m : int = scalar::mod(%i, %two)",
            "      %even : bool = scalar::eq(%m, %zeroi)",
            "      %h.2 : Tensor = prim::If(%even)",
            "        block0():",
            "          %p : Tensor = tensor::mul(%h.1, %w)",
            "          -> (%p)",
            "        block1():",
            "          %s : Tensor = tensor::sin(%h.1)",
            "          %q : Tensor = tensor::add(%s, %w)",
            "          -> (%q)",
            "      -> (%true, %h.2)",
            "  %hx : Tensor = tensor::mul(%h, %x)",
            "  %sq : Tensor = tensor::mul(%hx, %hx)",
            "  %r : Tensor = tensor::sum(%sq, %none, %false)",
            "  return (%r)");

    /** Repeat n times: (repeat m times: h = tanh(h * w)); h = h + x. Nested loops; the inner one reads the outer's values. */
    static final String NESTED = String.join("\n",
            "graph(%h0 : Tensor, %w : Tensor, %x : Tensor, %n : int, %m : int):",
            CONSTS + "  %h : Tensor = prim::Loop(%n, %true, %h0)",
            "    block0(%i : int, %h.1 : Tensor):",
            "      %g : Tensor = prim::Loop(%m, %true, %h.1)",
            "        block0(%j : int, %g.1 : Tensor):",
            "          %t : Tensor = tensor::mul(%g.1, %w)",
            "          %g.2 : Tensor = tensor::tanh(%t)",
            "          -> (%true, %g.2)",
            "      %h.2 : Tensor = tensor::add(%g, %x)",
            "      -> (%true, %h.2)",
            "  %r : Tensor = tensor::sum(%h, %none, %false)",
            "  return (%r)");

    /** A while loop: h = h * 1.5 + w while sum(h * h) < limit (at most 50 trips). Its trip count depends on the data. */
    static final String WHILE = String.join("\n",
            "graph(%h0 : Tensor, %w : Tensor, %limit : double):",
            CONSTS + "  %k : double = prim::Constant[value=1.5]()",
            "  %max : int = prim::Constant[value=50]()",
            "  %s0 : Tensor = tensor::mul(%h0, %h0)",
            "  %t0 : Tensor = tensor::sum(%s0, %none, %false)",
            "  %c0 : Tensor = tensor::lt(%t0, %limit)",
            "  %h : Tensor = prim::Loop(%max, %c0, %h0)",
            "    block0(%i : int, %h.1 : Tensor):",
            "      %a : Tensor = tensor::mul(%h.1, %k)",
            "      %h.2 : Tensor = tensor::add(%a, %w)",
            "      %s : Tensor = tensor::mul(%h.2, %h.2)",
            "      %t : Tensor = tensor::sum(%s, %none, %false)",
            "      %c : Tensor = tensor::lt(%t, %limit)",
            "      -> (%c, %h.2)",
            "  %r : Tensor = tensor::sum(%h, %none, %false)",
            "  return (%r)");

    /** An Elman RNN over time steps picked with select, two carried values (h and a running sum of outputs). */
    static final String RNN = String.join("\n",
            "graph(%xs : Tensor, %h0 : Tensor, %Wih : Tensor, %Whh : Tensor, %b : Tensor):",
            CONSTS + "  %zeroi : int = prim::Constant[value=0]()",
            "  %T : int = tensor::size(%xs, %zeroi)",
            "  %z : Tensor = tensor::zeros_like(%h0)",
            "  %h : Tensor, %acc : Tensor = prim::Loop(%T, %true, %h0, %z)",
            "    block0(%t : int, %h.1 : Tensor, %acc.1 : Tensor):",
            "      %x : Tensor = tensor::select(%xs, %zeroi, %t)",
            "      %a : Tensor = tensor::linear(%x, %Wih, %b)",
            "      %u : Tensor = tensor::linear(%h.1, %Whh, %none)",
            "      %s : Tensor = tensor::add(%a, %u)",
            "      %h.2 : Tensor = tensor::tanh(%s)",
            "      %acc.2 : Tensor = tensor::add(%acc.1, %h.2)",
            "      -> (%true, %h.2, %acc.2)",
            "  %hh : Tensor = tensor::mul(%h, %acc)",
            "  %r : Tensor = tensor::sum(%hh, %none, %false)",
            "  return (%r)");

    /** Lists: stack([x, x * y, y]) then sum of squares of a softmax over dim 0. */
    static final String LISTS = String.join("\n",
            "graph(%x : Tensor, %y : Tensor):",
            CONSTS + "  %zeroi : int = prim::Constant[value=0]()",
            "  %xy : Tensor = tensor::mul(%x, %y)",
            "  %l : List[Tensor] = prim::ListConstruct(%x, %xy, %y)",
            "  %s : Tensor = tensor::stack(%l, %zeroi)",
            "  %sm : Tensor = tensor::softmax(%s, %zeroi)",
            "  %q : Tensor = tensor::mul(%sm, %s)",
            "  %r : Tensor = tensor::sum(%q, %none, %false)",
            "  return (%r)");

    private static Tensor loopEager(Tensor[] t, Object[] e) {
        Tensor h = t[0];
        for (int i = 0; i < (int) e[0]; i++) h = h.matmul(t[1]).add(t[2]).tanh();
        return h.sum();
    }

    private static Tensor loopIfEager(Tensor[] t, Object[] e) {
        Tensor h = t[0];
        for (int i = 0; i < (int) e[0]; i++) h = i % 2 == 0 ? h.mul(t[1]) : h.sin().add(t[1]);
        Tensor hx = h.mul(t[2]);
        return hx.mul(hx).sum();
    }

    private static Tensor nestedEager(Tensor[] t, Object[] e) {
        Tensor h = t[0];
        for (int i = 0; i < (int) e[0]; i++) {
            Tensor g = h;
            for (int j = 0; j < (int) e[1]; j++) g = g.mul(t[1]).tanh();
            h = g.add(t[2]);
        }
        return h.sum();
    }

    private static Tensor whileEager(Tensor[] t, Object[] e) {
        double limit = (double) e[0];
        Tensor h = t[0];
        for (int i = 0; i < 50 && h.mul(h).sum().item() < limit; i++) h = h.mul(1.5).add(t[1]);
        return h.sum();
    }

    static Tensor rnnEager(Tensor[] t, Object[] e) {
        Tensor h = t[1];
        Tensor acc = Tensors.zerosLike(h);
        for (int s = 0; s < t[0].size(0); s++) {
            Tensor x = t[0].select(0, s);
            h = jitbook.nn.F.linear(x, t[2], t[4]).add(jitbook.nn.F.linear(h, t[3], null)).tanh();
            acc = acc.add(h);
        }
        return h.mul(acc).sum();
    }

    static List<Case> all() {
        List<Case> l = new ArrayList<>();
        l.add(new Case("fanout", FANOUT, (t, e) -> t[0].mul(t[1]).add(t[1]).mul(t[0]).sum(),
                new long[][] {{2, 3}, {3}}, new Object[0]));
        for (boolean c : new boolean[] {true, false}) {
            l.add(new Case("branch", BRANCH, (t, e) -> {
                Tensor y = (Boolean) e[0] ? t[0].mul(2.0).add(t[1]) : t[0].sin().mul(t[1]);
                return y.mul(y).sum();
            }, new long[][] {{2, 3}, {3}}, new Object[] {c}));
        }
        for (double shift : new double[] {1.0, -1.0}) {
            l.add(new Case("tensor_branch" + (shift > 0 ? "_then" : "_else"), TENSOR_BRANCH, (t, e) -> {
                Tensor x = t[0];
                Tensor y = x.sum().item() > 0 ? x.exp() : x.mul(t[1]);
                return y.mul(t[1]).mean();
            }, new long[][] {{4}, {4}}, new Object[0], shift));
        }
        for (int n : new int[] {0, 1, 5}) {
            l.add(new Case("loop", LOOP, CasePrograms::loopEager, new long[][] {{2, 3}, {3, 3}, {3}}, new Object[] {n}));
            l.add(new Case("loop_if", LOOP_IF, CasePrograms::loopIfEager, new long[][] {{3}, {3}, {3}}, new Object[] {n}));
        }
        for (int[] nm : new int[][] {{0, 2}, {1, 0}, {1, 1}, {3, 2}}) {
            l.add(new Case("nested", NESTED, CasePrograms::nestedEager, new long[][] {{2}, {2}, {2}}, new Object[] {nm[0], nm[1]}));
        }
        for (double limit : new double[] {0.01, 3.0, 40.0}) {
            l.add(new Case("while", WHILE, CasePrograms::whileEager, new long[][] {{3}, {3}}, new Object[] {limit}));
        }
        for (long steps : new long[] {1, 4}) {
            l.add(new Case("rnn", RNN, CasePrograms::rnnEager, new long[][] {{steps, 2, 3}, {2, 4}, {4, 3}, {4, 4}, {4}},
                    new Object[0]));
        }
        l.add(new Case("lists", LISTS, (t, e) -> {
            Tensor s = Tensors.stack(0, t[0], t[0].mul(t[1]), t[1]);
            return s.softmax(0).mul(s).sum();
        }, new long[][] {{2, 2}, {2, 2}}, new Object[0]));
        return l;
    }
}
