package jitbook.io;

import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;

/**
 * A module as the file format sees it: a class name (a label, never a class to load), a training
 * flag, named attributes in order, each a {@link jitbook.tensor.Tensor}, a nested module tree or a
 * plain value (number, bool, string, list, tuple), methods as graphs taking {@code self} first,
 * and the source it was compiled from. {@link ModelWriter} reads one and {@link ModelReader} gives
 * one back; {@code jitbook.jit.ScriptModule} is one, and {@code Jit.load} turns what was read into
 * script modules, so this package never needs the facade above it.
 */
public interface ModuleTree {
    String className();

    boolean isTraining();

    /** The attributes in the order they were registered: tensors, module trees, plain values. */
    Map<String, Object> attributes();

    List<String> methodNames();

    Graph methodGraph(String name);

    /** The source this module was compiled from, kept for display; null if unknown. */
    String source();
}
