package jitbook.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link GradContext} over plain {@link NdArray}s: every {@code op(...)} runs the registry's
 * kernel at once. It evaluates gradient rules for the registry's own gradient check
 * ({@link ArrayGradCheck}) and is the model for the eager Tensor autograd's context.
 */
public final class ArrayGradContext implements GradContext {
    private final OpRegistry registry;

    public ArrayGradContext() {
        this(OpRegistry.global());
    }

    public ArrayGradContext(OpRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object op(String opName, Object... args) {
        OpDef def = registry.get(opName);
        return def.run(withDefaults(def, args));
    }

    @Override
    public boolean isTensor(Object value) {
        return value instanceof NdArray;
    }

    @Override
    public boolean isFloatingTensor(Object value) {
        return value instanceof NdArray && ((NdArray) value).dtype().isFloating();
    }

    /** The arguments with omitted trailing parameters filled from the schema's defaults. */
    public static Object[] withDefaults(OpDef def, Object[] args) {
        List<Schema.Param> ps = def.schema().params();
        if (args.length > ps.size()) {
            throw new OpException(def.name(), "takes " + ps.size() + " arguments, got " + args.length + " (" + def.schema() + ")");
        }
        if (args.length == ps.size()) return args;
        Object[] out = Arrays.copyOf(args, ps.size());
        for (int i = args.length; i < ps.size(); i++) {
            Schema.Param p = ps.get(i);
            if (!p.hasDefault) {
                throw new OpException(def.name(), "missing argument '" + p.name + "' (" + def.schema() + ")");
            }
            out[i] = p.defaultValue;
        }
        return out;
    }

    /**
     * Runs {@code def}'s gradient rule for one application: inputs (defaults filled), its output
     * and the output's gradient; returns one gradient per parameter (null where none).
     */
    public List<Object> vjp(OpDef def, Object[] args, Object output, Object gradOutput) {
        if (def.gradRule() == null) {
            throw new OpException(def.name(), "is not differentiable: " + def.notDifferentiableReason());
        }
        Object[] full = withDefaults(def, args);
        List<Object> g = def.gradRule().vjp(this, new ArrayList<>(Arrays.asList(full)), output, gradOutput);
        if (g.size() != full.length) {
            throw new IllegalStateException(def.name() + "'s gradient rule returned " + g.size() + " gradients for "
                    + full.length + " parameters");
        }
        return g;
    }
}
