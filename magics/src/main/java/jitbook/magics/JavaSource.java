package jitbook.magics;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;

/**
 * What magics need to know about Java source in a cell, read with the JDK's own parser
 * ({@code com.sun.source}, syntax only): the names a cell body reads, its last expression, the
 * methods and classes a {@code %%script} cell declares, a call written on a magic line. The text
 * is wrapped in a synthetic class whose header sits on a line of its own, so positions map back
 * to the user's lines by a fixed offset.
 */
public final class JavaSource {
    private static final String PREFIX = "class __Cell__ {\n";

    private final String text;
    private final int offset;
    private final CompilationUnitTree unit;
    private final SourcePositions positions;
    private final List<String> errors;

    private JavaSource(String text, int offset, CompilationUnitTree unit, SourcePositions positions, List<String> errors) {
        this.text = text;
        this.offset = offset;
        this.unit = unit;
        this.positions = positions;
        this.errors = errors;
    }

    private static JavaSource parse(String prefix, String userText, String suffix) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new MagicException("magics need the JDK's compiler (module jdk.compiler); this runtime is a JRE");
        String text = prefix + userText + suffix;
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///__Cell__.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(null, null, diags, List.of("-proc:none"), null, List.of(file));
        try {
            CompilationUnitTree unit = task.parse().iterator().next();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add("line " + (d.getLineNumber() - prefix.split("\n", -1).length + 1) + ": " + d.getMessage(Locale.ROOT));
                }
            }
            return new JavaSource(text, prefix.length(), unit, Trees.instance(task).getSourcePositions(), errors);
        } catch (IOException e) {
            throw new MagicException("cannot read the cell: " + e.getMessage());
        }
    }

    private ClassTree wrapper() {
        return (ClassTree) unit.getTypeDecls().get(0);
    }

    private long start(Tree t) {
        return positions.getStartPosition(unit, t);
    }

    private long end(Tree t) {
        return positions.getEndPosition(unit, t);
    }

    private String textOf(Tree t) {
        return text.substring((int) start(t), (int) end(t));
    }

    // ---- cell bodies (%%trace, %%timeit) -------------------------------------------------------

    /**
     * A cell body turned into a lambda body that returns its last expression: a trailing
     * semicolon is supplied if missing, a last expression statement gets {@code return}, a last
     * {@code return} stays. Line breaks are kept, so line k of the result is line k of the body.
     */
    public static String returningBody(String body, String magic) {
        String b = withSemicolon(body);
        JavaSource s = parse(PREFIX + "Object __body() {", b, "\n}\n}\n");
        if (!s.errors.isEmpty()) {
            // A last line that is an expression but not a statement (a bare name, x + y): return it.
            String[] lines = body.split("\n", -1);
            int last = lines.length - 1;
            while (last >= 0 && (lines[last].isBlank() || lines[last].strip().startsWith("//"))) last--;
            if (last >= 0) {
                String expr = lines[last].strip().replaceAll(";\\s*$", "");
                String[] fixed = lines.clone();
                fixed[last] = lines[last].substring(0, lines[last].indexOf(expr.charAt(0))) + "return " + expr + ";";
                String candidate = String.join("\n", fixed);
                if (isExpression(expr) && parse(PREFIX + "Object __body() {", candidate, "\n}\n}\n").errors.isEmpty()) return candidate;
            }
            throw new MagicException("SyntaxError", magic + ": " + s.errors.get(0));
        }
        MethodTree m = (MethodTree) s.wrapper().getMembers().stream().filter(t -> t instanceof MethodTree).findFirst().orElseThrow();
        BlockTree block = m.getBody();
        List<? extends StatementTree> stmts = block.getStatements();
        if (stmts.isEmpty()) throw new MagicException("UsageError", magic + ": the cell is empty; it must end with an expression or return");
        StatementTree last = stmts.get(stmts.size() - 1);
        if (last instanceof ReturnTree) return b;
        if (last instanceof ExpressionStatementTree) {
            int at = (int) (s.start(last) - s.offset);
            return b.substring(0, at) + "return " + b.substring(at);
        }
        throw new MagicException("UsageError", magic + ": the cell must end with an expression or a return statement (the value to trace), not "
                + last.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    /** Whether the body's last statement is an expression statement (so its value can be returned). */
    public static boolean endsWithExpression(String body) {
        JavaSource s = parse(PREFIX + "void __body() {", withSemicolon(body), "\n}\n}\n");
        if (!s.errors.isEmpty()) return false;
        MethodTree m = (MethodTree) s.wrapper().getMembers().stream().filter(t -> t instanceof MethodTree).findFirst().orElseThrow();
        List<? extends StatementTree> stmts = m.getBody().getStatements();
        return !stmts.isEmpty() && stmts.get(stmts.size() - 1) instanceof ExpressionStatementTree;
    }

    /** Whether a body's statements all parse; the first syntax error otherwise. */
    public static String syntaxError(String body) {
        JavaSource s = parse(PREFIX + "void __body() {", withSemicolon(body), "\n}\n}\n");
        return s.errors.isEmpty() ? null : s.errors.get(0);
    }

    /** The body with a semicolon after its last statement if it lacks one (cells may end without). */
    public static String withSemicolon(String body) {
        String code = stripTrailingComments(body).stripTrailing();
        if (code.isEmpty() || code.endsWith(";") || code.endsWith("}")) return body;
        return code + ";" + body.substring(code.length());
    }

    private static String stripTrailingComments(String body) {
        String[] lines = body.split("\n", -1);
        int n = lines.length;
        while (n > 0) {
            String l = lines[n - 1].strip();
            if (l.isEmpty() || l.startsWith("//")) n--;
            else break;
        }
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, n));
    }

    /**
     * The simple names a body reads that it does not declare itself (candidates for session
     * variables): identifiers used as values, minus local variables and lambda parameters.
     */
    public static Set<String> freeNames(String body) {
        JavaSource s = parse(PREFIX + "void __body() {", withSemicolon(body), "\n}\n}\n");
        Set<String> used = new LinkedHashSet<>();
        Set<String> declared = new LinkedHashSet<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void p) {
                used.add(node.getName().toString());
                return null;
            }

            @Override
            public Void visitVariable(VariableTree node, Void p) {
                declared.add(node.getName().toString());
                return super.visitVariable(node, p);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                for (VariableTree v : node.getParameters()) declared.add(v.getName().toString());
                return super.visitLambdaExpression(node, p);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
                // f(x): f is a method, not a variable; scan only receivers and arguments.
                if (!(node.getMethodSelect() instanceof IdentifierTree)) scan(node.getMethodSelect(), p);
                scan(node.getArguments(), p);
                return null;
            }
        }.scan(s.unit, null);
        used.removeAll(declared);
        used.remove("__body");
        return used;
    }

    // ---- script cells (%%script) --------------------------------------------------------------

    /** A top-level method of a cell: name, return type and parameters as written. */
    public record MethodDecl(String name, String returnType, List<String> paramTypes, List<String> paramNames, String source) {}

    /** A top-level class, record, enum or interface of a cell, with its source text. */
    public record ClassDecl(String name, String source) {}

    /** The declarations of a script cell. */
    public record Declarations(List<MethodDecl> methods, List<ClassDecl> classes) {}

    /** The top-level methods and classes a cell declares (import lines are ignored). */
    public static Declarations declarations(String cell) {
        JavaSource s = parse(PREFIX, blankImports(cell), "\n}\n");
        List<MethodDecl> methods = new ArrayList<>();
        List<ClassDecl> classes = new ArrayList<>();
        for (Tree t : s.wrapper().getMembers()) {
            if (t instanceof MethodTree) {
                MethodTree m = (MethodTree) t;
                if (m.getReturnType() == null || s.start(m) < 0) continue; // a constructor of the wrapper
                List<String> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (VariableTree v : m.getParameters()) {
                    types.add(s.textOf(v.getType()));
                    names.add(v.getName().toString());
                }
                methods.add(new MethodDecl(m.getName().toString(), s.textOf(m.getReturnType()), types, names, s.textOf(m)));
            } else if (t instanceof ClassTree) {
                ClassTree c = (ClassTree) t;
                classes.add(new ClassDecl(c.getSimpleName().toString(), s.textOf(c)));
            }
        }
        return new Declarations(methods, classes);
    }

    /** The first syntax error of a script cell ("line N: message"), or null. */
    public static String declarationsSyntaxError(String cell) {
        JavaSource s = parse(PREFIX, blankImports(cell), "\n}\n");
        return s.errors.isEmpty() ? null : s.errors.get(0);
    }

    private static String blankImports(String source) {
        StringBuilder sb = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String t = line.trim();
            sb.append(t.startsWith("import ") || t.startsWith("package ") ? "" : line).append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    // ---- calls on magic lines -------------------------------------------------------------------

    /** A call as written: {@code g(x, 3)} gives name g and argument texts x and 3. */
    public record Call(String name, List<String> args) {}

    /** Parses {@code name(arg, ...)}; null if the text is not a call of a simple name. */
    public static Call call(String text) {
        JavaSource s = parse(PREFIX + "Object __v = ", text, ";\n}\n");
        if (!s.errors.isEmpty()) return null;
        VariableTree v = (VariableTree) s.wrapper().getMembers().stream().filter(t -> t instanceof VariableTree).findFirst().orElse(null);
        if (v == null || !(v.getInitializer() instanceof MethodInvocationTree)) return null;
        MethodInvocationTree mi = (MethodInvocationTree) v.getInitializer();
        if (!(mi.getMethodSelect() instanceof IdentifierTree)) return null;
        List<String> args = new ArrayList<>();
        for (ExpressionTree a : mi.getArguments()) args.add(s.textOf(a));
        return new Call(((IdentifierTree) mi.getMethodSelect()).getName().toString(), args);
    }

    /** Whether a line is a single expression (as opposed to a declaration or statement). */
    public static boolean isExpression(String text) {
        String t = text.strip();
        if (t.endsWith(";")) t = t.substring(0, t.length() - 1);
        JavaSource s = parse(PREFIX + "Object __v = ", t, ";\n}\n");
        return s.errors.isEmpty();
    }
}
