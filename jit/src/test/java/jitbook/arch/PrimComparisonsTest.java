package jitbook.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code Prim} is an enum: a kind string's {@code equals} given {@code Prim.IF} compiles but is
 * always false (a String is never an enum constant), and so is a collection of kind strings asked
 * whether it contains a Prim. The compiler cannot catch these, so this test does: use {@code n.is(Prim.IF)}
 * or {@code n.prim()}.
 */
class PrimComparisonsTest {
    private static final Pattern SILENT = Pattern.compile("\\.(equals|contains|containsKey|get|indexOf)\\(\\s*(jitbook\\.ir\\.)?Prim\\.[A-Z_]+\\s*\\)");

    @Test
    void noKindStringIsComparedWithAPrimConstant() {
        List<String> found = new ArrayList<>();
        for (Path p : SourceTree.javaSources()) {
            String[] lines = SourceTree.read(p).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = SILENT.matcher(lines[i]);
                if (m.find()) found.add(SourceTree.root().relativize(p) + ":" + (i + 1) + ": " + lines[i].trim());
            }
        }
        assertTrue(found.isEmpty(), "always false now that Prim is an enum; use n.is(Prim.X) or n.prim():\n" + String.join("\n", found));
    }
}
