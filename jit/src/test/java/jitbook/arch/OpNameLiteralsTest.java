package jitbook.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import jitbook.ir.Prim;
import jitbook.ops.OpRegistry;

/**
 * Op names written as strings are where a rename or a typo slips through: outside the op
 * families every {@code "ns::name"} literal must resolve (to a registry op or a primitive), and
 * code names registry ops through {@code OpNames} constants rather than literals at all.
 */
class OpNameLiteralsTest {
    private static final Pattern OP_NAME = Pattern.compile("[a-z]+::[A-Za-z_][A-Za-z_0-9]*");

    /** The op families declare the names; Prim declares the primitives' names. */
    private static boolean declares(Path p) {
        String s = p.toString().replace('\\', '/');
        return s.contains("/jitbook/ops/") || s.endsWith("/jitbook/ir/Prim.java");
    }

    private static boolean resolves(String name) {
        return OpRegistry.global().contains(name) || Prim.of(name) != null;
    }

    @Test
    void everyOpNameLiteralOutsideTheOpFamiliesResolves() {
        List<String> unresolved = new ArrayList<>();
        int seen = 0;
        for (Path p : SourceTree.mainSources()) {
            if (declares(p)) continue;
            for (SourceTree.Literal l : SourceTree.stringLiterals(SourceTree.read(p))) {
                if (!OP_NAME.matcher(l.value()).matches()) continue;
                seen++;
                if (!resolves(l.value())) unresolved.add(SourceTree.root().relativize(p) + ":" + l.line() + ": \"" + l.value() + "\"");
            }
        }
        assertTrue(unresolved.isEmpty(), "op names that are neither registry ops nor primitives:\n" + String.join("\n", unresolved)
                + "\n(" + seen + " op-name literals checked)");
    }

    @Test
    void codeOutsideTheOpFamiliesNamesRegistryOpsByTheirConstants() {
        List<String> literals = new ArrayList<>();
        for (Path p : SourceTree.mainSources()) {
            if (declares(p)) continue;
            for (SourceTree.Literal l : SourceTree.stringLiterals(SourceTree.read(p))) {
                if (OpRegistry.global().contains(l.value())) {
                    literals.add(SourceTree.root().relativize(p) + ":" + l.line() + ": \"" + l.value() + "\"");
                }
            }
        }
        assertTrue(literals.isEmpty(), "use the jitbook.ops.OpNames constant (Prim's for primitives) instead of the literal:\n"
                + String.join("\n", literals));
    }

    @Test
    void theScannerSeesLiteralsAndSkipsComments() {
        List<SourceTree.Literal> ls = SourceTree.stringLiterals(
                "// \"tensor::a\"\n/* \"tensor::b\" */ call(\"tensor::c\", 'x', \"q\\\"uote\");\n x = \"tensor::d\";");
        List<String> values = new ArrayList<>();
        for (SourceTree.Literal l : ls) values.add(l.value() + "@" + l.line());
        assertTrue(values.equals(List.of("tensor::c@2", "q\\\"uote@2", "tensor::d@3")), values.toString());
    }
}
