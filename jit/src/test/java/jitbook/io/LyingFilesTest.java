package jitbook.io;

import static jitbook.io.HostileFilesTest.assertOneLineFromTheCommandLine;
import static jitbook.io.RefusalTest.assertMentions;
import static jitbook.io.RefusalTest.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.ir.Verifier;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/**
 * Files whose IR is well formed but lies: a value declared as one kind and produced as another,
 * a call to a method that does not exist or takes other arguments, recursion, calls chained
 * deeper than any stack, Java code or functions the file cannot carry. Each test crafts the file
 * from the saved {@link Fixtures#scripted()} module and checks it is refused at load with a
 * {@link ModelFormatException} naming the entry, not at the first call with whatever the
 * interpreter happens to throw (before these checks: a pass failure, an
 * ArrayIndexOutOfBoundsException, an IllegalStateException, a StackOverflowError).
 */
class LyingFilesTest {
    static final String FORWARD = "code/forward.ir";

    @TempDir
    Path dir;
    Path good;
    Path bad;

    @BeforeEach
    void save() throws Exception {
        good = dir.resolve("net.jbm");
        bad = dir.resolve("bad.jbm");
        Jit.save(Fixtures.scripted(), good);
    }

    /** The good file with Net.forward's IR edited (the edit must change it); returns the refusal, which names forward's entry. */
    private ModelFormatException refusedWithForward(UnaryOperator<String> edit) throws Exception {
        Surgery s = Surgery.open(good);
        String ir = s.text(FORWARD);
        String edited = edit.apply(ir);
        assertTrue(!edited.equals(ir), "the edit changed nothing");
        s.put(FORWARD, edited).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals(FORWARD, e.entry(), e.getMessage());
        return e;
    }

    private static UnaryOperator<String> replacing(String from, String to) {
        return ir -> ir.replace(from, to);
    }

    /** Replaces Net.forward's result with {@code lines}, which end in a return. */
    private static UnaryOperator<String> returning(String lines) {
        return replacing("  return (%r)", lines);
    }

    @Test
    void aLoopBodyReturningAnotherKindForACarriedValueIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(replacing("-> (%true, %y.2)", "-> (%true, %n)"));
        assertMentions(e, "the loop body returns %n of type int for the carried value %y.1 of type Tensor");
        assertOneLineFromTheCommandLine(bad, FORWARD);
    }

    @Test
    void aTupleElementReadAsAnotherKindIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(returning(String.join("\n",
                "  %tu : (Tensor, Tensor) = prim::TupleConstruct(%r, %r)",
                "  %i0 : int = prim::Constant[value=0]()",
                "  %e : int = prim::TupleIndex(%tu, %i0)",
                "  return (%r)")));
        assertMentions(e, "%e is declared int but element 0 of %tu is Tensor");
        e = refusedWithForward(returning(String.join("\n",
                "  %tu : (Tensor, Tensor) = prim::TupleConstruct(%r, %r)",
                "  %i5 : int = prim::Constant[value=5]()",
                "  %e : Tensor = prim::TupleIndex(%tu, %i5)",
                "  return (%e)")));
        assertMentions(e, "index 5 is outside the tuple %tu : (Tensor, Tensor)");
    }

    @Test
    void anUncheckedCastThatChangesAValuesKindIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(returning("  %q : int = prim::unchecked_cast(%r)\n  return (%r)"));
        assertMentions(e, "prim::unchecked_cast cannot make %r : Tensor into int");
    }

    @Test
    void aFusionGroupWhoseBlockDoesNotMatchItsNodeIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(returning(String.join("\n",
                "  %f : Tensor = prim::FusionGroup(%r, %x)",
                "    block0(%a : Tensor):",
                "      %b : Tensor = tensor::tanh(%a)",
                "      -> (%b)",
                "  return (%f)")));
        assertMentions(e, "the fusion group's block takes 1 parameters for 2 inputs");
        e = refusedWithForward(returning(String.join("\n",
                "  %f : Tensor = prim::FusionGroup(%r)",
                "    block0(%a : int):",
                "      -> (%a)",
                "  return (%f)")));
        assertMentions(e, "the fusion group's parameter %a : int takes %r : Tensor");
        e = refusedWithForward(returning(String.join("\n",
                "  %f : Tensor = prim::FusionGroup(%r)",
                "    block0(%a : Tensor):",
                "      -> ()",
                "  return (%f)")));
        assertMentions(e, "the fusion group's block returns 0 values for 1 outputs");
    }

    /** A frozen module keeps the fusion groups the optimizer made; such a file is honest and loads. */
    @Test
    void aFrozenModuleWithAFusionGroupSavesLoadsAndComputesTheSame() throws Exception {
        ScriptModule frozen = Jit.freeze(ScriptedFixture.scripted());
        Path p = dir.resolve("frozen.jbm");
        Jit.save(frozen, p);
        assertTrue(Surgery.open(p).text(FORWARD).contains("prim::FusionGroup"), Surgery.open(p).text(FORWARD));
        ScriptModule loaded = Jit.load(p);
        for (Tensor x : ScriptedFixture.inputs()) assertArrayEquals(frozen.forward(x).toFloatArray(), loaded.forward(x).toFloatArray());
    }

    @Test
    void primitivesWithoutTheInputsTheInterpreterReadsAreRefused() throws Exception {
        assertMentions(refusedWithForward(returning("  %a : Tensor = prim::GetAttr[name=\"fc\"]()\n  return (%r)")),
                "prim::GetAttr takes one object and has one output");
        assertMentions(refusedWithForward(returning("  %a : Tensor = prim::CallMethod[name=\"forward\"]()\n  return (%r)")),
                "prim::CallMethod takes the object first");
        assertMentions(refusedWithForward(returning("  %a : Tensor = prim::GetAttr(%self)\n  return (%r)")),
                "prim::GetAttr needs a name=\"...\" attribute");
        assertMentions(refusedWithForward(returning(String.join("\n",
                "  %t : Tensor = tensor::tanh(%r)",
                "    block0():",
                "      -> ()",
                "  return (%t)"))), "only prim::If, prim::Loop and prim::FusionGroup own blocks");
    }

    @Test
    void selfDeclaredAsAnotherClassIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(replacing("%self : __jit__.Net", "%self : __jit__.Linear"));
        assertMentions(e, "Net.forward takes self as __jit__.Linear, but it is a method of Net");
    }

    @Test
    void aWriteThatChangesAnAttributesKindIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(returning("  = prim::SetAttr[name=\"steps\"](%self, %r)\n  return (%r)"));
        assertMentions(e, "Net.forward writes %r : Tensor to attribute 'steps' of Net, which holds the integer 3");
        e = refusedWithForward(returning("  = prim::SetAttr[name=\"fc\"](%self, %r)\n  return (%r)"));
        assertMentions(e, "Net.forward replaces the submodule 'fc' of Net with %r : Tensor");
        assertOneLineFromTheCommandLine(bad, FORWARD);
    }

    @Test
    void aCallIsCheckedAgainstTheMethodItReaches() throws Exception {
        String call = "prim::CallMethod[name=\"forward\"](%fc, %x)";
        assertMentions(refusedWithForward(replacing(call, "prim::CallMethod[name=\"backward\"](%fc, %x)")),
                "Net.forward calls method backward of Linear, which the file does not define (it has forward)");
        assertMentions(refusedWithForward(replacing(call, "prim::CallMethod[name=\"forward\"](%fc, %x, %x)")),
                "Net.forward calls Linear.forward with 2 arguments for 1 results, but it takes 1 and gives 1");
        assertMentions(refusedWithForward(replacing(call, "prim::CallMethod[name=\"forward\"](%fc, %fc)")),
                "Net.forward passes %fc : __jit__.Linear to Linear.forward's parameter %x : Tensor");
        // Its result declared int where Linear.forward gives a tensor; an unused extra call, so only the call check sees it.
        assertMentions(refusedWithForward(returning("  %q : int = " + call + "\n  return (%r)")),
                "Net.forward declares %q : int for what Linear.forward returns, Tensor");
    }

    /** The file with root methods added (name to IR), each taking {@code %x : Tensor} and giving a Tensor, and forward replaced. */
    private void withMethods(String forward, Map<String, String> methods) throws Exception {
        Surgery s = Surgery.open(good).put(FORWARD, forward);
        for (Map.Entry<String, String> m : methods.entrySet()) s.put("code/" + m.getKey() + ".ir", m.getValue());
        s.editManifest(manifest -> {
            JsonObject root = manifest.getAsJsonObject("root");
            JsonArray list = root.getAsJsonArray("methods");
            for (String name : methods.keySet()) {
                JsonObject o = new JsonObject();
                o.addProperty("name", name);
                o.addProperty("entry", "code/" + name + ".ir");
                JsonArray ins = new JsonArray();
                JsonObject x = new JsonObject();
                x.addProperty("name", "x");
                x.addProperty("type", "Tensor");
                ins.add(x);
                o.add("inputs", ins);
                JsonArray outs = new JsonArray();
                outs.add("Tensor");
                o.add("outputs", outs);
                list.add(o);
                JsonObject info = new JsonObject();
                info.addProperty("size", 0);
                info.addProperty("sha256", "");
                manifest.getAsJsonObject("entries").add("code/" + name + ".ir", info);
            }
            return manifest;
        }).rehash().write(bad);
    }

    /** A method of Net whose body calls {@code callee} on self, or is tanh when callee is null. */
    private static String method(String callee) {
        String body = callee == null ? "tensor::tanh(%x)" : "prim::CallMethod[name=\"" + callee + "\"](%self, %x)";
        return "graph(%self : __jit__.Net, %x : Tensor):\n  %y : Tensor = " + body + "\n  return (%y)\n";
    }

    private static String forwardCalling(String callee) {
        return "graph(%self : __jit__.Net, %x : Float(2, 3)):\n  %y : Tensor = prim::CallMethod[name=\"" + callee + "\"](%self, %x)\n"
                + "  return (%y)\n";
    }

    @Test
    void recursionIsRefusedAtLoad() throws Exception {
        ModelFormatException e = refusedWithForward(replacing("prim::CallMethod[name=\"forward\"](%fc, %x)",
                "prim::CallMethod[name=\"forward\"](%self, %x)"));
        assertMentions(e, "Net.forward calls Net.forward again while it runs: Net.forward -> Net.forward", "recursion");

        Map<String, String> methods = new LinkedHashMap<>();
        methods.put("ping", method("pong"));
        methods.put("pong", method("ping"));
        withMethods(forwardCalling("ping"), methods);
        e = refused(bad);
        assertMentions(e, "again while it runs: Net.ping -> Net.pong -> Net.ping");
        assertOneLineFromTheCommandLine(bad, e.entry());
    }

    /** forward calls m1, m1 calls m2, ... mN is tanh: N calls deep. */
    private void callChain(int calls) throws Exception {
        Map<String, String> methods = new LinkedHashMap<>();
        for (int i = 1; i <= calls; i++) methods.put("m" + i, method(i == calls ? null : "m" + (i + 1)));
        withMethods(forwardCalling("m1"), methods);
    }

    @Test
    void callsChainedDeeperThanTheNestingLimitAreRefused() throws Exception {
        callChain(5_000);
        ModelFormatException e = refused(bad);
        assertMentions(e, "nests calls and blocks more than " + Verifier.MAX_BLOCK_NESTING + " deep: Net.m");
        assertOneLineFromTheCommandLine(bad, e.entry());
        callChain(Verifier.MAX_BLOCK_NESTING + 1);
        assertEquals(FORWARD, refused(bad).entry());
    }

    /** The limit leaves room: a chain of calls at the limit loads and runs on a thread with a 1 MB stack. */
    @Test
    void callsChainedAtTheLimitLoadAndRunOnAnOrdinaryThread() throws Exception {
        callChain(Verifier.MAX_BLOCK_NESTING);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(Jit.load(bad).forward(Fixtures.positive()).toFloatArray());
            } catch (Throwable ex) {
                result.set(ex);
            }
        }, "service-thread", 1 << 20);
        t.start();
        t.join();
        if (result.get() instanceof Throwable) throw new AssertionError("failed at the limit", (Throwable) result.get());
        // The compiled tanh may differ from the eager one in the last bit.
        assertArrayEquals(Fixtures.positive().tanh().toFloatArray(), (float[]) result.get(), 1e-6f);
    }

    @Test
    void callsAFileCannotCarryAreRefused() throws Exception {
        assertMentions(refusedWithForward(returning("  %q : int = prim::JavaCall[name=\"exit\"](%self)\n  return (%r)")),
                "Net.forward calls the @Ignore method exit, plain Java that a saved file cannot carry");
        assertMentions(refusedWithForward(returning("  %q : Tensor = prim::CallFunction[name=\"helper\"](%r)\n  return (%r)")),
                "Net.forward calls function helper, but a saved file holds no functions");
    }

    /** A module with an @Ignore method, which stays plain Java on the live object. */
    static final class Ignoring extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.mul(weight());
        }

        @jitbook.jit.Ignore
        double weight() {
            return 2.0;
        }
    }

    /** As torch.jit.save refuses @torch.jit.ignore'd calls: the file would load and then fail at its first call. */
    @Test
    void savingAModuleThatCallsAnIgnoreMethodIsRefused() {
        ScriptModule m = Jit.script(new Ignoring());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jit.save(m, dir.resolve("ignoring.jbm")));
        assertTrue(e.getMessage().contains("cannot save Ignoring.forward: it calls the @Ignore method weight"), e.getMessage());
    }
}
