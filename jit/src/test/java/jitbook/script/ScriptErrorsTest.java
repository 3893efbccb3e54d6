package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;

/** Everything outside the subset, and every type error, is a ScriptCompileError that names it and points at it. */
class ScriptErrorsTest {
    private static ScriptCompileError error(String source) {
        return assertThrows(ScriptCompileError.class, () -> Jit.compile(source).compileAll());
    }

    private static void assertMentions(ScriptCompileError e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "expected '" + p + "' in:\n" + e.getMessage());
    }

    @Test
    void pointsAtTheLineAndColumnWithACaret() {
        ScriptCompileError e = error("Tensor f(Tensor x) {\n    Tensor y = x.tanh();\n    return zz.add(y);\n}");
        assertEquals(3, e.line());
        assertEquals(12, e.column());
        assertMentions(e, "undefined name zz", "    return zz.add(y);", "           ^^");
    }

    @Test
    void suggestsTheNearestName() {
        assertMentions(error("Tensor f(Tensor input) { return inpt.tanh(); }"), "undefined name inpt", "did you mean input?");
        assertMentions(error("Tensor f(Tensor x) { return x.tahn(); }"), "Tensor has no method tahn", "did you mean tanh?");
        assertMentions(error("Tensor f(Tensor x) { return helpr(x); }\nTensor helper(Tensor x) { return x; }"),
                "undefined method helpr", "did you mean helper?");
    }

    @Test
    void tryCatchIsOutsideTheSubset() {
        assertMentions(error("Tensor f(Tensor x) { try { return x; } catch (Exception e) { return x; } }"), "try/catch");
    }

    @Test
    void lambdasAnonymousAndInnerClassesAreOutsideTheSubset() {
        assertMentions(error("int f(List<Integer> xs) { xs.forEach(x -> {}); return 0; }"), "lambdas");
        assertMentions(error("int f() { Object o = new Object() { }; return 0; }"), "Object is not in the script subset");
        assertMentions(error("int f() { class Local {} return 0; }"), "local and inner classes");
    }

    @Test
    void inheritanceOtherThanModuleIsRejected() {
        assertMentions(error("class A {}\nclass B extends A {}\nint f() { return 1; }"), "inheritance other than `extends Module`");
    }

    @Test
    void genericMethodsAndStaticMutableFieldsAreRejected() {
        assertMentions(error("<T> T f(T x) { return x; }"), "generic methods");
        assertMentions(error("class C { static int counter = 0; }\nint f() { return 1; }"), "static mutable fields");
    }

    @Test
    void arraysOtherThanConstantsAreRejected() {
        assertMentions(error("int f() { int[] xs = new int[3]; return xs.length; }"), "arrays are not in the script subset");
    }

    @Test
    void reflectionIsRejected() {
        assertMentions(error("String f(Tensor x) { return x.getClass().getName(); }"), "Tensor has no method getClass");
    }

    @Test
    void aVariableDefinedInOneBranchOnlyIsReportedWhereItIsRead() {
        ScriptCompileError e = error(String.join("\n",
                "Tensor f(Tensor x, boolean c) {",
                "    Tensor y;",
                "    if (c) {",
                "        y = x.tanh();",
                "    }",
                "    return y;",
                "}"));
        assertMentions(e, "y is not defined in the else branch");
        assertEquals(6, e.line());
    }

    @Test
    void assigningTheWrongTypeNamesBothTypes() {
        assertMentions(error("Tensor f(Tensor x) { var y = x; y = 3; return y; }"), "variable y has type Tensor but is given an int");
    }

    @Test
    void returnsOfDifferentTypesAreReported() {
        assertMentions(error("int f(boolean c) { if (c) { return \"no\"; } return 1; }"),
                "the return value of f has type int but is given a String");
    }

    @Test
    void aFieldNotSetInTheConstructorIsReported() {
        assertMentions(error("class P { int bar; int baz; P() { baz = 1; } int get() { return baz; } }\nint f() { return 1; }"),
                "field bar is not declared in the constructor");
    }

    @Test
    void callingAMethodThatDoesNotExistSuggestsNearNames() {
        assertMentions(error("int f(List<Integer> xs) { return xs.sizes(); }"), "List.sizes", "did you mean size?");
    }

    @Test
    void javaSyntaxErrorsComeFromJavacWithAPosition() {
        ScriptCompileError e = error("Tensor f(Tensor x) {\n  return x.tanh(\n}");
        assertMentions(e, "Java syntax error");
        assertTrue(e.line() >= 2);
    }

    @Test
    void aTensorUsedAsAConditionNeedsItem() {
        assertMentions(error("Tensor f(Tensor x) { if (x.gt(0.0)) { return x; } return x.neg(); }"), "a condition must be a boolean", "item()");
    }

    @Test
    void recursionIsRejected() {
        assertMentions(error("int f(int n) { return n <= 0 ? 0 : f(n - 1); }"), "recursion");
    }
}
