package jitbook.ops;

/**
 * What a gradient rule returns for a list input whose elements are known only when the graph
 * runs (a list appended to in a loop, then concatenated): the gradient of element {@code index},
 * built from the index value the autodiff engine's loop over the list supplies. Eager autograd
 * never sees one: its lists are Java lists, whose elements a rule handles one by one.
 */
@FunctionalInterface
public interface ElementGradients {
    Object at(Object index);
}
