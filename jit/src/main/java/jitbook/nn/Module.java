package jitbook.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ops.DType;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;

/**
 * The base of layers and models, as PyTorch's {@code nn.Module}. A subclass declares its state
 * as ordinary fields and they are found by reflection, in declaration order (superclass fields
 * first): a {@link Tensor} field that {@linkplain Tensor#requiresGrad() requires grad} is a
 * <em>parameter</em>, any other tensor field a <em>buffer</em>, and a {@code Module} field or a
 * {@code List} of modules holds <em>submodules</em> (list elements are named by index, so a
 * list field {@code layers} gives {@code layers.0.weight}). Null fields and static or transient
 * fields are skipped.
 *
 * <p>The call contract: one-input modules override {@link #forward(Tensor)}; modules with
 * several inputs override {@link #forward(Tensor...)} (and may add typed overloads, as
 * {@link LSTMCell} does). Both default to an error naming the module, so calling the wrong
 * arity fails with a message instead of recursing. Modules compute only through
 * {@code Tensor}, {@code Tensors} and {@link F}, so a trace sees every op.
 */
public abstract class Module {
    /** Whether dropout and similar layers behave as in training; see {@link #train()} and {@link #eval()}. */
    private transient boolean training = true;

    /** Applies the module to one input. */
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " does not take a single input; call forward with its inputs");
    }

    /** Applies the module to several inputs; with one input this is {@link #forward(Tensor)}. */
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 1) {
            return forward(inputs[0]);
        }
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take "
                + inputs.length + " inputs");
    }

    // ---- state found by reflection -------------------------------------------------------

    /** The direct submodules, by name, in declaration order. Override to name children differently (as {@link Sequential}). */
    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        for (ModuleFields.Slot s : ModuleFields.slots(this)) {
            if (s.value instanceof Module) {
                out.put(s.name, (Module) s.value);
            } else if (s.value instanceof List) {
                List<?> l = (List<?>) s.value;
                for (int i = 0; i < l.size(); i++) {
                    if (l.get(i) instanceof Module) out.put(s.name + "." + i, (Module) l.get(i));
                }
            }
        }
        return out;
    }

    public List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    /** Every parameter of this module and its submodules, with dotted names such as {@code fc1.weight}. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectTensors("", true, out);
        return out;
    }

    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Tensor fields that are not parameters (they do not require grad), with dotted names. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectTensors("", false, out);
        return out;
    }

    private void collectTensors(String prefix, boolean parameters, Map<String, Tensor> out) {
        for (ModuleFields.Slot s : ModuleFields.slots(this)) {
            if (s.value instanceof Tensor && ((Tensor) s.value).requiresGrad() == parameters) {
                out.put(prefix + s.name, (Tensor) s.value);
            }
        }
        for (Map.Entry<String, Module> c : namedChildren().entrySet()) {
            c.getValue().collectTensors(prefix + c.getKey() + ".", parameters, out);
        }
    }

    // ---- modes and housekeeping -----------------------------------------------------------

    /** Training mode (the default) for this module and all submodules; returns this. */
    public Module train() {
        return train(true);
    }

    public Module train(boolean on) {
        training = on;
        for (Module c : children()) c.train(on);
        return this;
    }

    /** Evaluation mode for this module and all submodules (dropout off); returns this. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    /**
     * Converts every tensor field (here and in submodules) to {@code dtype}, keeping which ones
     * require grad, as PyTorch's {@code module.to(torch.float64)}; returns this. Used to run
     * gradient checks in float64.
     */
    public Module to(DType dtype) {
        try (GradMode.Scope s = GradMode.disabled()) {
            for (ModuleFields.Slot slot : ModuleFields.slots(this)) {
                if (slot.value instanceof Tensor) {
                    Tensor t = (Tensor) slot.value;
                    if (t.dtype() != dtype && t.dtype().isFloating()) {
                        slot.set(t.to(dtype).requiresGrad(t.requiresGrad()));
                    }
                }
            }
        }
        for (Module c : children()) c.to(dtype);
        return this;
    }

    /** The number of parameter elements, as often printed for models. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** PyTorch-like summary: the class name and its children, indented. */
    @Override
    public String toString() {
        Map<String, Module> kids = namedChildren();
        String head = getClass().getSimpleName() + "(" + extraRepr();
        if (kids.isEmpty()) {
            return head + ")";
        }
        StringBuilder sb = new StringBuilder(head).append('\n');
        for (Map.Entry<String, Module> e : kids.entrySet()) {
            String child = e.getValue().toString().replace("\n", "\n  ");
            sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
        }
        return sb.append(')').toString();
    }

    /** The layer's settings for {@link #toString()}, e.g. {@code in_features=4, out_features=2}. */
    protected String extraRepr() {
        return "";
    }
}
