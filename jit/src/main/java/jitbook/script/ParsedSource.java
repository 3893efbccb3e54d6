package jitbook.script;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;

import jitbook.ir.SourceRange;

/**
 * Java source parsed by the JDK's own compiler front end ({@code JavacTask.parse}: syntax only,
 * no attribution), with positions mapped back to the user's text. Loose methods, classes and
 * statements (a notebook cell) are wrapped in a synthetic class on a line of its own, so line
 * numbers stay the user's.
 */
final class ParsedSource {
    static final String WRAPPER = "__Script__";

    private final String fileName;
    private final String userText;
    private final String[] userLines;
    private final CompilationUnitTree unit;
    private final SourcePositions positions;
    private final LineMap lineMap;
    private final int lineOffset;

    private ParsedSource(String fileName, String userText, CompilationUnitTree unit, SourcePositions positions, int lineOffset) {
        this.fileName = fileName;
        this.userText = userText;
        this.userLines = userText.split("\n", -1);
        this.unit = unit;
        this.positions = positions;
        this.lineMap = unit.getLineMap();
        this.lineOffset = lineOffset;
    }

    static ParsedSource parse(String fileName, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new ScriptCompileError("the script compiler needs the JDK's compiler (module jdk.compiler); this runtime is a JRE", null);
        }
        String text = "class " + WRAPPER + " {\n" + blankImports(source) + "\n}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + WRAPPER + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none", "--release", "17"), null, List.of(file));
        Iterable<? extends CompilationUnitTree> units;
        try {
            units = task.parse();
        } catch (IOException e) {
            throw new ScriptCompileError("cannot read the source: " + e.getMessage(), null);
        }
        int offset = 1;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                int line = (int) d.getLineNumber() - offset;
                int col = (int) d.getColumnNumber();
                String[] lines = source.split("\n", -1);
                String lineText = line >= 1 && line <= lines.length ? lines[line - 1] : null;
                throw new ScriptCompileError("Java syntax error: " + d.getMessage(Locale.ROOT),
                        new SourceRange(fileName, Math.max(line, 1), col, 1, lineText));
            }
        }
        CompilationUnitTree unit = units.iterator().next();
        return new ParsedSource(fileName, source, unit, Trees.instance(task).getSourcePositions(), offset);
    }

    /**
     * Package and import lines are blanked (keeping line numbers): the subset's names are fixed
     * (Tensor, Tensors, List, Map, Math ...), so imports add nothing, and blanking them lets every
     * source be wrapped the same way.
     */
    private static String blankImports(String source) {
        StringBuilder sb = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String t = line.trim();
            sb.append(t.startsWith("import ") || t.startsWith("package ") ? "" : line).append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    CompilationUnitTree unit() {
        return unit;
    }

    /** The top-level classes, or the members of the wrapper class for a wrapped cell. */
    List<Tree> topLevel() {
        List<Tree> out = new ArrayList<>();
        for (Tree t : unit.getTypeDecls()) {
            if (t instanceof ClassTree && ((ClassTree) t).getSimpleName().contentEquals(WRAPPER)) {
                out.addAll(((ClassTree) t).getMembers());
            } else {
                out.add(t);
            }
        }
        return out;
    }

    String fileName() {
        return fileName;
    }

    /** Where a tree starts, in the user's text, with the line shown and the tree's first line underlined. */
    SourceRange range(Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        if (start < 0) return new SourceRange(fileName, 0, 0, 1, null);
        int line = (int) lineMap.getLineNumber(start);
        int col = (int) lineMap.getColumnNumber(start);
        int endLine = end < 0 ? line : (int) lineMap.getLineNumber(end);
        int userLine = line - lineOffset;
        String text = userLine >= 1 && userLine <= userLines.length ? userLines[userLine - 1] : null;
        int length = end < 0 ? 1 : endLine == line ? (int) (end - start) : (text == null ? 1 : text.length() - col + 1);
        return new SourceRange(fileName, userLine, col, Math.max(1, length), text);
    }

    String text() {
        return userText;
    }

    /** The user's source text of a tree (for messages and for keeping the source of each function). */
    String textOf(Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        String all;
        try {
            all = unit.getSourceFile().getCharContent(true).toString();
        } catch (IOException e) {
            return "";
        }
        if (start < 0 || end < 0 || end > all.length()) return "";
        return all.substring((int) start, (int) end);
    }
}
