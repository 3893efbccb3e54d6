package jitbook.io;

/** The IR of a model that never returns (y = x, negated while true): what deadline and timeout tests stop. */
public final class SpinningModel {
    private SpinningModel() {
    }

    public static final String IR = String.join("\n",
            "graph(%x : Tensor):",
            "  %t : bool = prim::Constant[value=1]()",
            "  %max : long = prim::Constant[value=9223372036854775807]()",
            "  %y : Tensor = prim::Loop(%max, %t, %x)",
            "    block0(%i : long, %y.1 : Tensor):",
            "      %y.2 : Tensor = tensor::neg(%y.1)",
            "      -> (%t, %y.2)",
            "  return (%y)",
            "");
}
