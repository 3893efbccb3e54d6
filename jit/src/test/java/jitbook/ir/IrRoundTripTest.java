package jitbook.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

public class IrRoundTripTest {
    public static final String LOOP = String.join("\n",
            "graph(%x.1 : Tensor, %n.1 : int):",
            "  %2 : bool = prim::Constant[value=1]()",
            "  %y : Tensor = prim::Loop(%n.1, %2, %x.1)",
            "    block0(%i : int, %y.3 : Tensor):",
            "      %y.5 : Tensor = tensor::tanh(%y.3)",
            "      -> (%2, %y.5)",
            "  return (%y)",
            "");

    static final String IF_AND_TYPES = String.join("\n",
            "graph(%x : Float(2, 3), %flag : bool, %names : List[str], %d : Dict[str, Tensor], %t : (Tensor, int), %o : Tensor?, %self : __jit__.Net):",
            "  %half : double = prim::Constant[value=0.5]()",
            "  %w : Double(2) = prim::Constant[value=Double(2){1.5, -2.0}]()",
            "  %s : str = prim::Constant[value=\"a \\\"quoted\\\" line\\n\"]()",
            "  %dims : List[int] = prim::Constant[value=[0, 1]]()",
            "  %none : NoneType = prim::Constant()",
            "  %r : Float(?, 3), %k : long = prim::If(%flag)",
            "    block0():",
            "      %a : Float(2, 3) = tensor::mul(%x, %half)",
            "      %k1 : long = prim::Constant[value=-3]()",
            "      -> (%a, %k1)",
            "    block1():",
            "      %k2 : long = prim::Constant[value=9223372036854775807]()",
            "      -> (%x, %k2)",
            "  = prim::Print(%s, %r)",
            "  %weight : Tensor = prim::GetAttr[name=\"weight\"](%self)",
            "  return (%r, %k, %weight)",
            "");

    @Test
    void printsTheDesignDocumentsLoopExactlyAsWritten() {
        Graph g = IrParser.parse(LOOP);
        assertEquals(LOOP, g.toString());
    }

    @Test
    void roundTripsIfBlocksConstantsOfEveryKindAndAllTypeForms() {
        Graph g = IrParser.parse(IF_AND_TYPES);
        assertEquals(IF_AND_TYPES, g.toString());
        assertEquals(IF_AND_TYPES, IrParser.parse(g.toString()).toString());
    }

    @Test
    void canonicalPrintIgnoresValueNames() {
        Graph a = IrParser.parse(LOOP);
        Graph b = IrParser.parse(LOOP.replace("%y", "%zz").replace("%i ", "%j "));
        assertEquals(IrPrinter.printCanonical(a), IrPrinter.printCanonical(b));
    }

    @Test
    void copyPrintsIdenticallyAndIsIndependent() {
        Graph g = IrParser.parse(IF_AND_TYPES);
        Graph c = g.copy();
        assertEquals(g.toString(), c.toString());
        c.addInput("extra", Type.INT);
        assertEquals(IF_AND_TYPES, g.toString());
    }

    @Test
    void typesParseBackToEqualTypes() {
        for (String t : List.of("Tensor", "Float(3, 4)", "Long(*)", "Bool(?, 2)", "int", "long", "float", "double", "bool", "str",
                "List[List[int]]", "Dict[str, Float(2)]", "(Tensor, int)", "(int,)", "Tensor?", "__jit__.Net", "Any", "NoneType")) {
            assertEquals(t, IrParser.parseType(t).print());
        }
    }

    @Test
    void parseErrorsGiveLineColumnAndCaret() {
        IrParseException e = org.junit.jupiter.api.Assertions.assertThrows(IrParseException.class,
                () -> IrParser.parse("graph(%x : Tensor):\n  %y : Tensor = tensor::tanh(%nope)\n  return (%y)\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("%nope"), e.getMessage());
        assertTrue(e.getMessage().contains("^"), e.getMessage());
    }

    @Test
    void valuesOutsideTheirBlockAreRejectedByTheParser() {
        String bad = String.join("\n",
                "graph(%c : bool):",
                "  %r : int = prim::If(%c)",
                "    block0():",
                "      %a : int = prim::Constant[value=1]()",
                "      -> (%a)",
                "    block1():",
                "      -> (%a)",
                "  return (%r)");
        IrParseException e = org.junit.jupiter.api.Assertions.assertThrows(IrParseException.class, () -> IrParser.parse(bad));
        assertEquals(7, e.line());
    }
}
