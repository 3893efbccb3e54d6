package jitbook.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random well-typed programs inside the script subset: tensor and scalar arithmetic,
 * ifs on data, counted and while loops with break/continue, lists of tensors, and calls to a
 * helper. Every program is valid Java with entry {@code static Tensor f(Tensor x, Tensor w, int n, double s)},
 * so it can be run by javac and by every compiled path and the results compared.
 */
final class RandomPrograms {
    private final Random r;
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private int counter;
    private final List<String> tensors = new ArrayList<>(List.of("x", "w"));
    private final List<String> ints = new ArrayList<>(List.of("n"));
    private final List<String> doubles = new ArrayList<>(List.of("s"));

    RandomPrograms(long seed) {
        this.r = new Random(seed);
    }

    String program() {
        out.append("static Tensor helper(Tensor a, double k) {\n    return a.mul(k).tanh();\n}\n\n");
        out.append("static Tensor f(Tensor x, Tensor w, int n, double s) {\n");
        depth = 1;
        int stmts = 3 + r.nextInt(6);
        for (int i = 0; i < stmts; i++) statement(2);
        line("return " + tensorExpr(2) + ";");
        out.append("}\n");
        return out.toString();
    }

    private void line(String s) {
        out.append("    ".repeat(depth)).append(s).append('\n');
    }

    private String fresh(String stem) {
        return stem + (counter++);
    }

    private <T> T pick(List<T> l) {
        return l.get(r.nextInt(l.size()));
    }

    private void statement(int budget) {
        int kind = budget <= 0 ? r.nextInt(3) : r.nextInt(8);
        switch (kind) {
            case 0: {
                String v = fresh("t");
                line("Tensor " + v + " = " + tensorExpr(2) + ";");
                tensors.add(v);
                break;
            }
            case 1: {
                String v = fresh("k");
                line("int " + v + " = " + intExpr(2) + ";");
                ints.add(v);
                break;
            }
            case 2: {
                String v = fresh("d");
                line("double " + v + " = " + doubleExpr(2) + ";");
                doubles.add(v);
                break;
            }
            case 3:
                line(pick(tensors) + " = " + tensorExpr(2) + ";");
                break;
            case 4: ifStatement(budget); break;
            case 5: forLoop(budget); break;
            case 6: whileLoop(budget); break;
            default: listBlock(); break;
        }
    }

    /** Statements in a nested scope may only assign variables declared outside it. */
    private void nested(int budget, int count) {
        int t = tensors.size();
        int i = ints.size();
        int d = doubles.size();
        depth++;
        for (int k = 0; k < count; k++) statement(budget - 1);
        depth--;
        tensors.subList(t, tensors.size()).clear();
        ints.subList(i, ints.size()).clear();
        doubles.subList(d, doubles.size()).clear();
    }

    private void ifStatement(int budget) {
        line("if (" + condition() + ") {");
        nested(budget, 1 + r.nextInt(2));
        if (r.nextBoolean()) {
            line("} else {");
            nested(budget, 1 + r.nextInt(2));
        }
        line("}");
    }

    private void forLoop(int budget) {
        String i = fresh("i");
        line("for (int " + i + " = 0; " + i + " < " + (r.nextBoolean() ? "n" : Integer.toString(r.nextInt(4))) + "; " + i + "++) {");
        ints.add(i);
        depth++;
        if (r.nextInt(3) == 0) line("if (" + condition() + ") { " + (r.nextBoolean() ? "break" : "continue") + "; }");
        depth--;
        nested(budget, 1 + r.nextInt(2));
        ints.remove(i);
        line("}");
    }

    private void whileLoop(int budget) {
        String c = fresh("c");
        line("int " + c + " = 0;");
        line("while (" + c + " < 3 && " + condition() + ") {");
        depth++;
        line(c + "++;");
        depth--;
        nested(budget, 1);
        line("}");
        ints.add(c);
    }

    private void listBlock() {
        String l = fresh("xs");
        line("List<Tensor> " + l + " = new ArrayList<>();");
        line(l + ".add(" + tensorExpr(1) + ");");
        line(l + ".add(" + tensorExpr(1) + ");");
        String target = pick(tensors);
        line("for (Tensor e : " + l + ") {");
        depth++;
        line(target + " = " + target + ".add(e.mul(0.5));");
        depth--;
        line("}");
    }

    private String condition() {
        switch (r.nextInt(4)) {
            case 0: return pick(ints) + " " + pick(List.of("<", ">", "<=", "==", "!=")) + " " + r.nextInt(4);
            case 1: return pick(doubles) + " > " + (r.nextInt(5) - 2) + ".0";
            case 2: return pick(tensors) + ".sum().item() > " + (r.nextInt(5) - 2) + ".0";
            default: return pick(tensors) + ".max().item() < " + doubleExpr(1);
        }
    }

    private String tensorExpr(int d) {
        if (d <= 0) return pick(tensors);
        switch (r.nextInt(9)) {
            case 0: return pick(tensors) + ".add(" + tensorExpr(d - 1) + ")";
            case 1: return pick(tensors) + ".mul(" + tensorExpr(d - 1) + ")";
            case 2: return tensorExpr(d - 1) + ".sub(" + doubleExpr(d - 1) + ")";
            case 3: return tensorExpr(d - 1) + "." + pick(List.of("tanh", "sigmoid", "relu", "neg", "abs")) + "()";
            case 4: return tensorExpr(d - 1) + ".mul(" + doubleExpr(d - 1) + ")";
            case 5: return "helper(" + tensorExpr(d - 1) + ", " + doubleExpr(d - 1) + ")";
            case 6: return tensorExpr(d - 1) + ".maximum(" + pick(tensors) + ")";
            case 7: return "(" + condition() + " ? " + tensorExpr(d - 1) + " : " + pick(tensors) + ")";
            default: return pick(tensors);
        }
    }

    private String intExpr(int d) {
        if (d <= 0) return r.nextBoolean() ? pick(ints) : Integer.toString(r.nextInt(5));
        switch (r.nextInt(4)) {
            case 0: return intExpr(d - 1) + " + " + intExpr(d - 1);
            case 1: return intExpr(d - 1) + " * " + (1 + r.nextInt(3));
            case 2: return "(" + intExpr(d - 1) + ") % " + (1 + r.nextInt(4));
            default: return pick(ints);
        }
    }

    private String doubleExpr(int d) {
        if (d <= 0) return r.nextBoolean() ? pick(doubles) : (r.nextInt(7) - 3) * 0.5 + "";
        switch (r.nextInt(5)) {
            case 0: return doubleExpr(d - 1) + " * " + doubleExpr(d - 1);
            case 1: return pick(tensors) + ".mean().item()";
            case 2: return "Math.tanh(" + doubleExpr(d - 1) + ")";
            case 3: return "(double) " + intExpr(d - 1);
            default: return pick(doubles);
        }
    }
}
