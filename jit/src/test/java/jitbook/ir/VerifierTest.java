package jitbook.ir;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerifierTest {
    private static VerificationError broken(String ir) {
        return assertThrows(VerificationError.class, () -> Verifier.verify(IrParser.parse(ir)));
    }

    @Test
    void acceptsAWellFormedLoop() {
        Verifier.verify(IrParser.parse(IrRoundTripTest.LOOP));
    }

    @Test
    void rejectsAUseBeforeItsDefinitionNamingTheNode() {
        Graph g = IrParser.parse("graph(%x : Tensor):\n  %a : Tensor = tensor::tanh(%x)\n  %b : Tensor = tensor::exp(%a)\n  return (%b)\n");
        // Move the producer after its user: the parser cannot express this, a buggy pass could.
        Node tanh = g.nodes().get(0);
        Node exp = g.nodes().get(1);
        exp.moveBefore(tanh);
        VerificationError e = assertThrows(VerificationError.class, () -> Verifier.verify(g));
        assertTrue(e.getMessage().contains("tensor::exp") && e.getMessage().contains("%a"), e.getMessage());
    }

    @Test
    void rejectsAnIfWhoseBlockReturnsTheWrongNumberOfValues() {
        VerificationError e = broken(String.join("\n",
                "graph(%c : bool, %x : Tensor):",
                "  %r : Tensor = prim::If(%c)",
                "    block0():",
                "      -> (%x, %x)",
                "    block1():",
                "      -> (%x)",
                "  return (%r)"));
        assertTrue(e.getMessage().contains("prim::If") && e.getMessage().contains("returns 2"), e.getMessage());
    }

    @Test
    void rejectsALoopBodyWithoutTheIterationParameter() {
        VerificationError e = broken(String.join("\n",
                "graph(%x : Tensor, %n : int):",
                "  %t : bool = prim::Constant[value=1]()",
                "  %y : Tensor = prim::Loop(%n, %t, %x)",
                "    block0(%y.1 : Tensor):",
                "      -> (%t, %y.1)",
                "  return (%y)"));
        assertTrue(e.getMessage().contains("iteration number"), e.getMessage());
    }

    @Test
    void rejectsUnknownOpsWithASuggestion() {
        VerificationError e = broken("graph(%x : Tensor):\n  %y : Tensor = tensor::tanhh(%x)\n  return (%y)\n");
        assertTrue(e.getMessage().contains("tensor::tanh"), e.getMessage());
    }

    @Test
    void rejectsWrongArityForARegistryOp() {
        VerificationError e = broken("graph(%x : Tensor):\n  %y : Tensor = tensor::add(%x)\n  return (%y)\n");
        assertTrue(e.getMessage().contains("tensor::add") && e.getMessage().contains("got 1"), e.getMessage());
    }

    @Test
    void rejectsAScalarWhereTheSchemaNeedsATensor() {
        VerificationError e = broken("graph(%n : int):\n  %y : Tensor = tensor::tanh(%n)\n  return (%y)\n");
        assertTrue(e.getMessage().contains("must be a Tensor"), e.getMessage());
    }

    @Test
    void rejectsADeclaredShapeThatTheShapeRuleContradicts() {
        VerificationError e = broken("graph(%a : Float(2, 3), %b : Float(3)):\n  %y : Float(2, 2) = tensor::add(%a, %b)\n  return (%y)\n");
        assertTrue(e.getMessage().contains("shape rule") && e.getMessage().contains("Float(2, 3)"), e.getMessage());
    }

    @Test
    void rejectsShapesThatCannotBroadcast() {
        VerificationError e = broken("graph(%a : Float(2, 3), %b : Float(4)):\n  %y : Tensor = tensor::add(%a, %b)\n  return (%y)\n");
        assertTrue(e.getMessage().contains("cannot be broadcast"), e.getMessage());
    }
}
