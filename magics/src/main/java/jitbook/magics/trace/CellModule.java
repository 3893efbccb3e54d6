package jitbook.magics.trace;

import java.util.LinkedHashMap;
import java.util.Map;

import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/**
 * The module a {@code %%trace} cell becomes when it reads session tensors besides its inputs:
 * those tensors are its parameters (if they require grad) or buffers, session modules it calls
 * are its submodules, and its forward is the cell. Tracing it reads them as attributes of
 * {@code self}, so the result can be trained, frozen and saved like any traced module.
 */
public final class CellModule extends Module {
    private final transient Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final transient Map<String, Module> modules = new LinkedHashMap<>();
    private final transient TraceCell.Body body;

    CellModule(Map<String, Object> captured, TraceCell.Body body) {
        this.body = body;
        for (Map.Entry<String, Object> e : captured.entrySet()) {
            if (e.getValue() instanceof Tensor) tensors.put(e.getKey(), (Tensor) e.getValue());
            else if (e.getValue() instanceof Module) modules.put(e.getKey(), (Module) e.getValue());
        }
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        Object out;
        try {
            out = body.apply(inputs);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        if (out instanceof Tensor) return (Tensor) out;
        throw new IllegalArgumentException("a traced cell that reads session tensors (" + String.join(", ", tensors.keySet())
                + ") becomes a module, whose forward returns one Tensor; this cell returned "
                + (out == null ? "null" : out.getClass().getSimpleName()) + ". Pass those tensors as inputs instead.");
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(new Tensor[] {x});
    }

    @Override
    public Map<String, Module> namedChildren() {
        return new LinkedHashMap<>(modules);
    }

    @Override
    public Map<String, Tensor> namedParameters() {
        return collect(true);
    }

    @Override
    public Map<String, Tensor> namedBuffers() {
        return collect(false);
    }

    private Map<String, Tensor> collect(boolean parameters) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getValue().requiresGrad() == parameters) out.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> m : modules.entrySet()) {
            Map<String, Tensor> inner = parameters ? m.getValue().namedParameters() : m.getValue().namedBuffers();
            for (Map.Entry<String, Tensor> e : inner.entrySet()) out.put(m.getKey() + "." + e.getKey(), e.getValue());
        }
        return out;
    }
}
