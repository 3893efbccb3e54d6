package jitbook.script;

import java.util.List;
import java.util.Random;

import jitbook.script.RandomScope.Kind;
import jitbook.script.RandomScope.Var;

/**
 * Random Java expressions of a requested type over the variables in scope, written as a Java
 * programmer writes them: int/long/short/byte/float/double mixed with Java's promotions, casts
 * that narrow and saturate, boundary literals, increments and assignments used as values
 * ({@code k = b ? j++ : --j}, {@code xs.add(k += 3)}), side effects in arguments and in
 * {@code &&}/{@code ||}/{@code ?:} operands (evaluated left to right), calls to helpers that
 * mutate a shared list, records and their accessors, and tensor arithmetic.
 */
final class RandomExpressions {
    private final Random r;
    private final RandomScope scope;
    /** Whether expressions may assign variables (off where Java would evaluate them twice in our own guards). */
    boolean effects = true;

    RandomExpressions(Random r, RandomScope scope) {
        this.r = r;
        this.scope = scope;
    }

    private <T> T pick(List<T> l) {
        return l.get(r.nextInt(l.size()));
    }

    private boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    // ---- integers ---------------------------------------------------------------------------------

    static final List<String> INT_LITERALS = List.of("0", "1", "2", "3", "-1", "7", "100", "46341", "Integer.MAX_VALUE",
            "Integer.MIN_VALUE", "-2147483647", "65535");
    static final List<String> LONG_LITERALS = List.of("0L", "1L", "-1L", "3000000000L", "1099511627776L", "Long.MAX_VALUE",
            "Long.MIN_VALUE", "-9L");

    String intExpr(int d) {
        Var v = scope.pick(Kind.INT, false, false);
        if (d <= 0) return v != null && chance(70) ? v.name : pick(INT_LITERALS);
        switch (r.nextInt(22)) {
            case 0: case 1: return "(" + intExpr(d - 1) + " + " + intExpr(d - 1) + ")";
            case 2: return "(" + intExpr(d - 1) + " - " + intExpr(d - 1) + ")";
            case 3: return "(" + intExpr(d - 1) + " * " + intExpr(d - 1) + ")";
            case 4: return "(" + intExpr(d - 1) + " / " + divisor() + ")";
            case 5: return "(" + intExpr(d - 1) + " % " + divisor() + ")";
            case 6: return "(int) " + longExpr(d - 1);
            case 7: return "(int) " + doubleExpr(d - 1, true);
            case 8: return "(" + boolExpr(d - 1) + " ? " + intExpr(d - 1) + " : " + intExpr(d - 1) + ")";
            case 9: return "-" + intAtom();
            case 10: return "Math.max(" + intExpr(d - 1) + ", " + intExpr(d - 1) + ")";
            case 11: return "Math.abs(" + intExpr(d - 1) + ")";
            case 12: return intUpdate(d);
            case 13: return listRead();
            case 14: return effects ? "push(" + intList() + ", " + intExpr(d - 1) + ")" : intAtom();
            case 15: return effects ? "bump(" + intList() + ")" : intAtom();
            case 16: return "(" + shortExpr(d - 1) + " + " + byteExpr(d - 1) + ")";
            case 17: return "p(" + intExpr(d - 1) + ", " + doubleExpr(d - 1, true) + ").a()";
            case 18: return recordVar() + ".a()";
            case 19: return "(int) (" + floatExpr(d - 1, true) + ")";
            case 20: return "sized(" + intList() + ", " + intExpr(d - 1) + ")";
            default: return v != null ? v.name : pick(INT_LITERALS);
        }
    }

    private String intAtom() {
        Var v = scope.pick(Kind.INT, false, false);
        return v != null && chance(70) ? v.name : "(" + pick(INT_LITERALS) + ")";
    }

    /** A divisor that is usually not zero (an occasional zero checks that both sides throw). */
    private String divisor() {
        if (chance(5)) return intAtom();
        Var v = scope.pick(Kind.INT, false, false);
        return v == null || chance(40) ? pick(List.of("3", "7", "-2", "1000")) : "(" + v.name + " == 0 ? 7 : " + v.name + ")";
    }

    /** {@code k++}, {@code --k}, {@code (k = e)}, {@code (k += e)} ...: an assignment used as a value. */
    private String intUpdate(int d) {
        Var v = effects ? scope.pick(Kind.INT, true, false) : null;
        if (v == null) return intAtom();
        switch (r.nextInt(7)) {
            case 0: return v.name + "++";
            case 1: return "++" + v.name;
            case 2: return v.name + "--";
            case 3: return "--" + v.name;
            case 4: return "(" + v.name + " = " + intExpr(d - 1) + ")";
            case 5: return "(" + v.name + " " + pick(List.of("+=", "-=", "*=")) + " " + intExpr(d - 1) + ")";
            default: return "(" + v.name + " " + pick(List.of("/=", "%=")) + " " + divisor() + ")";
        }
    }

    /** An element of a list of ints, guarded so the index is in range. */
    private String listRead() {
        String l = intList();
        return "(" + l + ".isEmpty() ? -3 : " + l + ".get(Math.abs(" + intAtom() + " % " + l + ".size())))";
    }

    String intList() {
        Var v = scope.pick(Kind.INT_LIST, false, false);
        return v == null ? "shared" : v.name;
    }

    String recordVar() {
        Var v = scope.pick(Kind.REC, false, false);
        return v == null ? "origin" : v.name;
    }

    String longExpr(int d) {
        Var v = scope.pick(Kind.LONG, false, false);
        if (d <= 0) return v != null && chance(70) ? v.name : pick(LONG_LITERALS);
        switch (r.nextInt(14)) {
            case 0: return "(" + longExpr(d - 1) + " + " + intExpr(d - 1) + ")";
            case 1: return "(" + longExpr(d - 1) + " * " + longExpr(d - 1) + ")";
            case 2: return "(" + intExpr(d - 1) + " * (long) " + intExpr(d - 1) + ")";
            case 3: return "(" + longExpr(d - 1) + " - " + longExpr(d - 1) + ")";
            case 4: return "(" + longExpr(d - 1) + " / " + divisor() + ")";
            case 5: return "(" + longExpr(d - 1) + " % 1000L)";
            case 6: return "(long) " + doubleExpr(d - 1, true);
            case 7: return "mix(" + longExpr(d - 1) + ", " + intExpr(d - 1) + ")";
            case 8: return "Math.max(" + longExpr(d - 1) + ", " + intExpr(d - 1) + ")";
            case 9: {
                Var u = effects ? scope.pick(Kind.LONG, true, false) : null;
                if (u == null) return pick(LONG_LITERALS);
                return chance(50) ? u.name + "++" : "(" + u.name + " " + pick(List.of("+=", "*=", "-=")) + " " + intExpr(d - 1) + ")";
            }
            case 10: return "(" + boolExpr(d - 1) + " ? " + longExpr(d - 1) + " : " + intExpr(d - 1) + ")";
            default: return v != null ? v.name : pick(LONG_LITERALS);
        }
    }

    String shortExpr(int d) {
        Var v = scope.pick(Kind.SHORT, false, false);
        if (d <= 0 || chance(40)) return v != null ? v.name : "(short) " + pick(INT_LITERALS);
        switch (r.nextInt(4)) {
            case 0: return "(short) (" + intExpr(d - 1) + ")";
            case 1: {
                Var u = effects ? scope.pick(Kind.SHORT, true, false) : null;
                return u == null ? "(short) 40000" : "(" + u.name + " += " + intExpr(d - 1) + ")";
            }
            case 2: return "(short) " + doubleExpr(d - 1, true);
            default: return v != null ? v.name : "(short) -129";
        }
    }

    String byteExpr(int d) {
        Var v = scope.pick(Kind.BYTE, false, false);
        if (d <= 0 || chance(40)) return v != null ? v.name : "(byte) " + pick(INT_LITERALS);
        switch (r.nextInt(4)) {
            case 0: return "(byte) (" + intExpr(d - 1) + ")";
            case 1: {
                Var u = effects ? scope.pick(Kind.BYTE, true, false) : null;
                if (u == null) return "(byte) 200";
                return chance(50) ? u.name + "++" : "(" + u.name + " " + pick(List.of("+=", "*=", "-=")) + " " + intExpr(d - 1) + ")";
            }
            case 2: return "(byte) " + doubleExpr(d - 1, true);
            default: return v != null ? v.name : "(byte) -1";
        }
    }

    // ---- floating -----------------------------------------------------------------------------------

    /** A double; {@code exact} keeps to Java's arithmetic on exact values (no tensors, no transcendental functions). */
    String doubleExpr(int d, boolean exact) {
        Var v = scope.pick(Kind.DOUBLE, false, exact);
        String lit = pick(List.of("0.5", "-1.5", "2.0", "1e10", "-3.25", "0.0", "1e-3"));
        if (d <= 0) return v != null && chance(70) ? v.name : lit;
        switch (r.nextInt(exact ? 9 : 14)) {
            case 0: return "(" + doubleExpr(d - 1, exact) + " + " + doubleExpr(d - 1, exact) + ")";
            case 1: return "(" + doubleExpr(d - 1, exact) + " * " + intExpr(d - 1) + ")";
            case 2: return "(" + intExpr(d - 1) + " / 2.0)";
            case 3: return "(double) " + longExpr(d - 1);
            case 4: return "(" + longExpr(d - 1) + " * 0.25)";
            case 5: return "(" + boolExpr(d - 1) + " ? " + doubleExpr(d - 1, exact) + " : " + intExpr(d - 1) + ")";
            case 6: return "(" + floatExpr(d - 1, exact) + " - 0.5)";
            case 7: return recordVar() + ".b()";
            case 9: return "Math.tanh(" + doubleExpr(d - 1, false) + ")";
            case 10: return tensorExpr(d - 1) + ".mean().item()";
            case 11: return tensorExpr(d - 1) + ".sum().item()";
            case 12: return tensorExpr(d - 1) + ".gt(0.0).max().item()";
            case 13: return "Math.sqrt(Math.abs(" + doubleExpr(d - 1, false) + "))";
            default: return v != null ? v.name : lit;
        }
    }

    String floatExpr(int d, boolean exact) {
        Var v = scope.pick(Kind.FLOAT, false, exact);
        if (d <= 0 || chance(30)) return v != null ? v.name : pick(List.of("1.5f", "-0.25f", "3.0e9f"));
        switch (r.nextInt(5)) {
            case 0: return "(float) " + longExpr(d - 1);
            case 1: return "(" + floatExpr(d - 1, exact) + " * " + intExpr(d - 1) + ")";
            case 2: return "(float) " + doubleExpr(d - 1, exact);
            case 3: return "(" + floatExpr(d - 1, exact) + " + 0.1f)";
            default: return v != null ? v.name : "2.5f";
        }
    }

    // ---- booleans ---------------------------------------------------------------------------------

    String boolExpr(int d) {
        Var v = scope.pick(Kind.BOOL, false, false);
        if (d <= 0) return v != null && chance(50) ? v.name : intAtom() + " > " + pick(List.of("0", "2", "-1"));
        switch (r.nextInt(12)) {
            case 0: case 1: return intExpr(d - 1) + " " + pick(List.of("<", ">", "<=", ">=", "==", "!=")) + " " + intExpr(d - 1);
            case 2: return "(" + boolExpr(d - 1) + " && " + boolExpr(d - 1) + ")";
            case 3: return "(" + boolExpr(d - 1) + " || " + boolExpr(d - 1) + ")";
            case 4: return "!" + "(" + boolExpr(d - 1) + ")";
            case 5: return longExpr(d - 1) + " " + pick(List.of("<", ">=")) + " " + intExpr(d - 1);
            case 6: return doubleExpr(d - 1, true) + " " + pick(List.of("<", ">")) + " " + doubleExpr(d - 1, true);
            case 7: return tensorExpr(d - 1) + ".sum().item() > " + pick(List.of("0.0", "1.5", "-2.0"));
            case 8: return intList() + ".contains(" + intExpr(d - 1) + ")";
            case 9: return byteExpr(d - 1) + " < " + shortExpr(d - 1);
            case 10: {
                Var u = effects ? scope.pick(Kind.BOOL, true, false) : null;
                return u == null ? "true" : "(" + u.name + " = " + boolExpr(d - 1) + ")";
            }
            default: return v != null ? v.name : "false";
        }
    }

    // ---- tensors ------------------------------------------------------------------------------------

    String tensorVar() {
        Var v = scope.pick(Kind.TENSOR, false, false);
        return v == null ? "x" : v.name;
    }

    String tensorExpr(int d) {
        if (d <= 0) return tensorVar();
        switch (r.nextInt(12)) {
            case 0: return tensorVar() + ".add(" + tensorExpr(d - 1) + ")";
            case 1: return tensorVar() + ".mul(" + tensorExpr(d - 1) + ")";
            case 2: return tensorExpr(d - 1) + ".sub(" + doubleExpr(d - 1, false) + ")";
            case 3: return tensorExpr(d - 1) + "." + pick(List.of("tanh", "sigmoid", "relu", "neg", "abs")) + "()";
            case 4: return tensorExpr(d - 1) + ".mul(" + doubleExpr(d - 1, false) + ")";
            case 5: return "helper(" + tensorExpr(d - 1) + ", " + doubleExpr(d - 1, false) + ")";
            case 6: return tensorExpr(d - 1) + ".maximum(" + tensorVar() + ")";
            case 7: return "(" + boolExpr(d - 1) + " ? " + tensorExpr(d - 1) + " : " + tensorVar() + ")";
            case 8: return tensorExpr(d - 1) + ".add(" + intExpr(d - 1) + " % 5)";
            case 9: return tensorExpr(d - 1) + ".mul((double) " + byteExpr(d - 1) + ")";
            default: return tensorVar();
        }
    }
}
