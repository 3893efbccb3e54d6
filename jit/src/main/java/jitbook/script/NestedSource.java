package jitbook.script;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

/**
 * Cuts one class declaration out of a Java file (a class nested in a test, a module declared
 * next to others), replacing all other text with blanks but keeping line breaks, so that
 * errors in it point at the file's real lines.
 */
final class NestedSource {
    private NestedSource() {
    }

    static String extract(String fileText, String className) {
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac == null) return null;
        javax.tools.JavaFileObject file = new javax.tools.SimpleJavaFileObject(java.net.URI.create("string:///Nested.java"),
                javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return fileText;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, java.util.List.of("-proc:none"), null, java.util.List.of(file));
        try {
            CompilationUnitTree unit = task.parse().iterator().next();
            SourcePositions pos = Trees.instance(task).getSourcePositions();
            long[] range = {-1, -1};
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree node, Void v) {
                    if (range[0] < 0 && node.getSimpleName().contentEquals(className)) {
                        range[0] = pos.getStartPosition(unit, node);
                        range[1] = pos.getEndPosition(unit, node);
                    }
                    return super.visitClass(node, v);
                }
            }.scan(unit, null);
            if (range[0] < 0) return null;
            StringBuilder sb = new StringBuilder(fileText.length());
            for (int i = 0; i < fileText.length(); i++) {
                char c = fileText.charAt(i);
                sb.append(i >= range[0] && i < range[1] || c == '\n' ? c : ' ');
            }
            return sb.toString();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
