package jitbook.script;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;

/**
 * Feeds the compiler broken and random programs (mutations of the case programs: tokens
 * deleted, duplicated, swapped or replaced) and checks that only ScriptCompileError comes out,
 * always with a position. The default run is short; -Djitbook.fuzz.iterations=N runs longer.
 */
class CompilerFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("jitbook.fuzz.iterations", 400);
    private static final String[] NOISE = {"(", ")", "{", "}", ";", "=", "+", "-", "*", "/", "x", "int", "Tensor", "return",
        "if", "else", "for", "while", "break", "continue", "null", "0", "1.5", "\"s\"", ".", ",", "new", "List", "<", ">",
        "&&", "||", "!", "?", ":", "[", "]", "class", "static", "void", "var", "switch", "case", "default", "this", "try"};

    @Test
    void onlyScriptCompileErrorsComeOutOfMutatedPrograms() {
        List<String> seeds = new ArrayList<>();
        for (CasePrograms.Case c : CasePrograms.all()) seeds.add(c.source);
        Random r = new Random(42);
        int compiled = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String src = mutate(seeds.get(r.nextInt(seeds.size())), r);
            try {
                Jit.compile(src).compileAll();
                compiled++;
            } catch (ScriptCompileError e) {
                if (e.getMessage().contains("internal compiler error")) {
                    fail("internal error for program:\n" + src + "\n" + e.getMessage());
                }
            } catch (Throwable t) {
                fail("a " + t.getClass().getName() + " escaped for program:\n" + src, t);
            }
        }
        System.out.println("compiler fuzz: " + ITERATIONS + " mutated programs, " + compiled + " still compiled");
    }

    private static String mutate(String src, Random r) {
        List<String> toks = new ArrayList<>(List.of(src.split("(?<=[\\s(){};,.])|(?=[\\s(){};,.])")));
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits && !toks.isEmpty(); k++) {
            int i = r.nextInt(toks.size());
            switch (r.nextInt(4)) {
                case 0: toks.remove(i); break;
                case 1: toks.add(i, toks.get(i)); break;
                case 2: toks.set(i, NOISE[r.nextInt(NOISE.length)]); break;
                default: {
                    int j = r.nextInt(toks.size());
                    String t = toks.get(i);
                    toks.set(i, toks.get(j));
                    toks.set(j, t);
                }
            }
        }
        return String.join("", toks);
    }
}
