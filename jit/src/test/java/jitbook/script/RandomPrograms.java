package jitbook.script;

import java.util.List;
import java.util.Random;

import jitbook.script.RandomScope.Kind;
import jitbook.script.RandomScope.Var;

/**
 * Generates random programs inside the script subset that read like a Java programmer's: int,
 * long, short, byte, float, double, boolean, tensor, list and record variables; declarations,
 * assignments, compound assignments and increments (also as values inside expressions, see
 * {@link RandomExpressions}); if/else, switch (with case blocks), counted for loops with literal
 * and boundary bounds ({@code Integer.MAX_VALUE}, {@code MIN_VALUE}, inputs), nested loops,
 * while and do/while loops, break and continue; helpers that mutate a shared list. Every program
 * is valid Java whose entry is {@code f(Tensor x, Tensor w, int n, long m, double s)} and
 * terminates (loops with unbounded counts carry a guard that breaks).
 */
final class RandomPrograms {
    /** What {@code f} returns. */
    enum Returns {
        TENSOR("Tensor"), LONG("long"), DOUBLE("double"), STRING("String");

        final String java;

        Returns(String java) {
            this.java = java;
        }
    }

    static final String HELPERS = String.join("\n",
            "record P(int a, double b) {}",
            "static Tensor helper(Tensor a, double k) { return a.mul(k).tanh(); }",
            "static int push(List<Integer> l, int v) { l.add(v); return l.size(); }",
            "static int bump(List<Integer> l) { if (l.isEmpty()) { l.add(1); return 0; } int last = l.get(l.size() - 1);"
                    + " l.set(l.size() - 1, last * 3 + 1); return last; }",
            "static long mix(long a, int b) { return a * 31 + b; }",
            "static P p(int a, double b) { return new P(a, b); }",
            "static int sized(List<Integer> l, int k) { for (int v : l) { if (v > k) return v; } return l.size(); }",
            "");

    private final Random r;
    private final RandomScope scope;
    private final RandomExpressions ex;
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private int counter;
    private int loopDepth;
    final Returns returns;

    RandomPrograms(long seed) {
        this.r = new Random(seed);
        this.scope = new RandomScope(r);
        this.ex = new RandomExpressions(r, scope);
        int k = r.nextInt(10);
        this.returns = k < 5 ? Returns.TENSOR : k < 7 ? Returns.LONG : k < 9 ? Returns.DOUBLE : Returns.STRING;
    }

    String program() {
        out.append(HELPERS);
        out.append("static ").append(returns.java).append(" f(Tensor x, Tensor w, int n, long m, double s) {\n");
        depth = 1;
        scope.declare("x", Kind.TENSOR, true, false);
        scope.declare("w", Kind.TENSOR, true, false);
        scope.declare("n", Kind.INT, true, true);
        scope.declare("m", Kind.LONG, true, true);
        scope.declare("s", Kind.DOUBLE, true, true);
        line("List<Integer> shared = new ArrayList<>();");
        scope.declare("shared", Kind.INT_LIST, false, true);
        line("P origin = new P(n, s);");
        scope.declare("origin", Kind.REC, true, true);
        int stmts = 4 + r.nextInt(7);
        for (int i = 0; i < stmts; i++) statement(3);
        line("return " + result() + ";");
        out.append("}\n");
        return out.toString();
    }

    private String result() {
        String ints = checksum();
        switch (returns) {
            case TENSOR: return ex.tensorExpr(2) + ".add((double) ((" + ints + ") % 1000L))";
            case LONG: return ints;
            case DOUBLE: return ex.doubleExpr(2, false) + " + (double) ((" + ints + ") % 100000L)";
            default: return "\"\" + " + String.join(" + \",\" + ", names()) + " + \";\" + " + ints;
        }
    }

    /** A long combining the integer-like variables in scope, so every one of them is checked. */
    private String checksum() {
        StringBuilder sb = new StringBuilder("0L");
        for (Var v : scope.all()) {
            if (v.kind.integral() || v.kind == Kind.BOOL) {
                sb.append(" * 31 + ").append(v.kind == Kind.BOOL ? "(" + v.name + " ? 1 : 0)" : v.name);
            } else if (v.kind == Kind.INT_LIST) {
                sb.append(" * 31 + ").append(v.name).append(".size()");
            } else if (v.kind == Kind.REC) {
                sb.append(" * 31 + ").append(v.name).append(".a()");
            } else if (v.kind.floating() && v.exact) {
                sb.append(" * 31 + (long) ").append(v.name);
            }
        }
        return sb.toString();
    }

    /** Variables whose printed form is the same wherever they were computed (no tensors, no inexact floats). */
    private List<String> names() {
        List<String> out = new java.util.ArrayList<>();
        for (Var v : scope.all()) {
            if (v.kind == Kind.TENSOR || v.kind == Kind.TENSOR_LIST || v.kind.floating() && !v.exact) continue;
            out.add(v.name);
        }
        return out;
    }

    private void line(String s) {
        out.append("    ".repeat(depth)).append(s).append('\n');
    }

    private String fresh(String stem) {
        return stem + (counter++);
    }

    private boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    // ---- statements -----------------------------------------------------------------------------

    private void statement(int budget) {
        int kind = budget <= 0 ? r.nextInt(6) : r.nextInt(15);
        switch (kind) {
            case 0: declaration(); break;
            case 1: case 2: assignment(); break;
            case 3: line("shared.add(" + ex.boolExpr(2) + " ? 1 : 0);"); break;
            case 4: line("push(" + ex.intList() + ", " + ex.intExpr(2) + ");"); break;
            case 5: line(ex.tensorVar() + " = " + ex.tensorExpr(2) + ";"); break;
            case 6: ifStatement(budget); break;
            case 7: countedLoop(budget); break;
            case 8: whileLoop(budget); break;
            case 9: doWhile(budget); break;
            case 10: switchStatement(budget); break;
            case 11: listBlock(budget); break;
            case 12: declaration(); break;
            case 13: boundaryLoop(budget); break;
            default: line("shared.add(" + ex.intExpr(3) + ");"); break;
        }
    }

    private void declaration() {
        Kind k = pickKind();
        String v = fresh(k == Kind.REC ? "p" : k == Kind.TENSOR ? "t" : k.java.substring(0, 1).toLowerCase());
        boolean exact = true;
        String init;
        switch (k) {
            case INT: init = ex.intExpr(2); break;
            case LONG: init = ex.longExpr(2); break;
            case SHORT: init = chance(30) ? "" + (r.nextInt(200) - 100) : ex.shortExpr(2); break;
            case BYTE: init = chance(30) ? "" + (r.nextInt(200) - 100) : ex.byteExpr(2); break;
            case DOUBLE:
                exact = chance(50);
                init = ex.doubleExpr(2, exact);
                break;
            case FLOAT:
                exact = chance(60);
                init = ex.floatExpr(2, exact);
                break;
            case BOOL: init = ex.boolExpr(2); break;
            case TENSOR: init = ex.tensorExpr(2); exact = false; break;
            case INT_LIST: init = "new ArrayList<>()"; break;
            default: init = chance(50) ? "new P(" + ex.intExpr(1) + ", " + ex.doubleExpr(1, true) + ")" : "p(" + ex.intExpr(1) + ", 0.5)"; break;
        }
        line((k == Kind.INT_LIST ? "List<Integer>" : k.java) + " " + v + " = " + init + ";");
        scope.declare(v, k, true, exact);
    }

    private Kind pickKind() {
        Kind[] ks = {Kind.INT, Kind.INT, Kind.LONG, Kind.SHORT, Kind.BYTE, Kind.DOUBLE, Kind.FLOAT, Kind.BOOL, Kind.TENSOR,
            Kind.TENSOR, Kind.INT_LIST, Kind.REC};
        return ks[r.nextInt(ks.length)];
    }

    private void assignment() {
        Kind k = pickKind();
        Var v = scope.pick(k, true, false);
        if (v == null) {
            declaration();
            return;
        }
        switch (k) {
            case INT: {
                String op = pick(List.of("=", "+=", "-=", "*=", "/=", "%=", "++", "--", "*= 1e10 *"));
                if (op.equals("++") || op.equals("--")) line(chance(50) ? v.name + op + ";" : op + v.name + ";");
                else if (op.startsWith("*= 1e10")) line(v.name + " *= " + ex.doubleExpr(1, true) + ";");
                else if (op.equals("/=") || op.equals("%=")) line(v.name + " " + op + " " + (chance(50) ? "7" : "(n == 0 ? 3 : n)") + ";");
                else line(v.name + " " + op + " " + ex.intExpr(2) + ";");
                break;
            }
            case LONG: line(v.name + " " + pick(List.of("=", "+=", "*=", "-=")) + " " + ex.longExpr(2) + ";"); break;
            case SHORT: line(v.name + " " + pick(List.of("+=", "*=", "-=")) + " " + ex.intExpr(2) + ";"); break;
            case BYTE: line(chance(30) ? v.name + "++;" : v.name + " " + pick(List.of("+=", "*=", "-=")) + " " + ex.intExpr(2) + ";"); break;
            case DOUBLE: {
                boolean exact = v.exact && chance(50);
                line(v.name + " " + pick(List.of("=", "+=", "*=")) + " " + ex.doubleExpr(2, exact) + ";");
                if (!exact) v.exact = false;
                break;
            }
            case FLOAT: {
                boolean exact = v.exact && chance(50);
                line(v.name + " " + pick(List.of("+=", "*=")) + " " + (chance(50) ? ex.floatExpr(2, exact) : ex.intExpr(1)) + ";");
                if (!exact) v.exact = false;
                break;
            }
            case BOOL: line(v.name + " = " + ex.boolExpr(2) + ";"); break;
            case TENSOR: line(v.name + " = " + ex.tensorExpr(2) + ";"); break;
            case REC: line(v.name + " = new P(" + ex.intExpr(2) + ", " + ex.doubleExpr(1, true) + ");"); break;
            default: line(v.name + ".add(" + ex.intExpr(2) + ");"); break;
        }
    }

    private static <T> T pick(Random r, List<T> l) {
        return l.get(r.nextInt(l.size()));
    }

    private <T> T pick(List<T> l) {
        return pick(r, l);
    }

    /** Statements in a nested scope; variables declared there end with it. */
    private void nested(int budget, int count) {
        scope.push();
        depth++;
        for (int k = 0; k < count; k++) statement(budget - 1);
        depth--;
        scope.pop();
    }

    private void ifStatement(int budget) {
        line("if (" + ex.boolExpr(2) + ") {");
        nested(budget, 1 + r.nextInt(3));
        if (chance(50)) {
            line("} else {");
            nested(budget, 1 + r.nextInt(2));
        } else if (chance(30)) {
            line("} else if (" + ex.boolExpr(2) + ") {");
            nested(budget, 1 + r.nextInt(2));
        }
        line("}");
    }

    /** A break or continue under a condition, at the top of a loop body. */
    private void loopExit() {
        if (chance(40)) {
            depth++;
            line("if (" + ex.boolExpr(1) + ") " + (chance(50) ? "break" : "continue") + ";");
            depth--;
        }
    }

    private void countedLoop(int budget) {
        String i = fresh("i");
        String bound = chance(50) ? Integer.toString(r.nextInt(5)) : null;
        String start = pick(List.of("0", "0", "1", "-2", "n"));
        String guard = null;
        if (bound == null || start.equals("n")) {
            if (bound == null) bound = pick(List.of("n", "n + 2", "Integer.MAX_VALUE", "3"));
            guard = fresh("g");
            line("int " + guard + " = 0;");
            scope.declare(guard, Kind.INT, false, true);
        }

        line("for (int " + i + " = " + start + "; " + i + (chance(25) ? " <= " : " < ") + bound + "; " + i + (chance(50) ? "++" : " += 1") + ") {");
        body(budget, i, guard);
        line("}");
    }

    /** A loop from a boundary value to a boundary value (int or long), which must not overflow its count. */
    private void boundaryLoop(int budget) {
        boolean isLong = chance(30);
        String t = isLong ? "long" : "int";
        List<String> bounds = isLong ? List.of("m", "Long.MAX_VALUE", "Long.MIN_VALUE", "-3L", "m + 2") : List.of("n", "Integer.MAX_VALUE",
                "Integer.MIN_VALUE", "-10", "Integer.MAX_VALUE - 1", "n - 1");
        String guard = fresh("g");
        line("int " + guard + " = 0;");
        scope.declare(guard, Kind.INT, false, true);
        String i = fresh("i");
        line("for (" + t + " " + i + " = " + pick(bounds) + "; " + i + (chance(30) ? " <= " : " < ") + pick(bounds) + "; " + i + "++) {");
        scope.push();
        depth++;
        line("if (++" + guard + " > 4) break;");
        scope.declare(i, isLong ? Kind.LONG : Kind.INT, false, true);
        line("shared.add((int) " + i + ");");
        depth--;
        nested(budget, 1);
        scope.pop();
        line("}");
    }

    /** A loop body: the guard first (so continue cannot skip it), an optional exit, then statements. */
    private void body(int budget, String index, String guard) {
        scope.push();
        depth++;
        if (guard != null) line("if (++" + guard + " > 5) break;");
        if (index != null) scope.declare(index, Kind.INT, false, true);
        loopDepth++;
        depth--;
        loopExit();
        nested(budget, 1 + r.nextInt(2));
        loopDepth--;
        scope.pop();
    }

    private void whileLoop(int budget) {
        String c = fresh("c");
        line("int " + c + " = 0;");
        scope.declare(c, Kind.INT, false, true);
        line("while (" + c + "++ < 3 && " + ex.boolExpr(1) + ") {");
        body(budget, null, null);
        line("}");
    }

    private void doWhile(int budget) {
        String c = fresh("c");
        line("int " + c + " = 0;");
        scope.declare(c, Kind.INT, false, true);
        line("do {");
        body(budget, null, null);
        line("} while (++" + c + " < 3 && " + ex.boolExpr(1) + ");");
    }

    private void switchStatement(int budget) {
        line("switch (" + pick(List.of("Math.abs(n % 3)", "(int) (m % 4L)", ex.intExpr(1) + " % 3")) + ") {");
        depth++;
        line("case 0:");
        nested(budget, 1);
        depth++;
        line("break;");
        depth--;
        line("case 1: {");
        nested(budget, 1);
        depth++;
        line("break;");
        depth--;
        line("}");
        if (chance(50)) {
            line("case -1: case 2:");
            nested(budget, 1);
            depth++;
            line("break;");
            depth--;
        }
        line("default:");
        nested(budget, 1);
        depth--;
        line("}");
    }

    private void listBlock(int budget) {
        if (chance(50)) {
            String l = fresh("ts");
            line("List<Tensor> " + l + " = new ArrayList<>();");
            line(l + ".add(" + ex.tensorExpr(1) + ");");
            line(l + ".add(" + ex.tensorExpr(1) + ");");
            Var target = scope.pick(Kind.TENSOR, true, false);
            String tv = target == null ? "x" : target.name;
            line("for (Tensor e : " + l + ") {");
            depth++;
            line(tv + " = " + tv + ".add(e.mul(0.5));");
            depth--;
            line("}");
            return;
        }
        String l = ex.intList();
        String e = fresh("e");
        line("for (int " + e + " : " + l + ") {");
        scope.push();
        scope.declare(e, Kind.INT, false, true);
        depth++;
        ex.effects = false;
        line("if (" + e + " > " + ex.intExpr(1) + ") " + (chance(50) ? "break;" : "continue;"));
        ex.effects = true;
        // The list must not change while it is iterated (Java would throw ConcurrentModificationException).
        Var acc = scope.pick(Kind.INT, true, false);
        if (acc != null) line(acc.name + " += " + e + " * " + pick(List.of("2", "-3", "46341")) + ";");
        depth--;
        scope.pop();
        line("}");
    }
}
