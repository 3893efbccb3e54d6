package jitbook.exec;

import jitbook.ir.Node;

/** The runtime value of a {@code prim::Constant} node (None constants have no value attribute). */
final class Constants {
    private Constants() {
    }

    static Object runtimeValue(Node n) {
        return n.attr(Node.VALUE);
    }
}
