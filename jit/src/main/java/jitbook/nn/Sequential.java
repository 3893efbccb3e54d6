package jitbook.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.tensor.Tensor;

/**
 * Modules applied one after another, as {@code nn.Sequential}. Children are named by position
 * ({@code 0.weight}, {@code 2.bias}), matching PyTorch's parameter names.
 */
public class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this(Arrays.asList(layers));
    }

    public Sequential(List<? extends Module> layers) {
        this.layers = new ArrayList<>(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Module m : layers) y = m.forward(y);
        return y;
    }

    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    public List<Module> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) out.put(Integer.toString(i), layers.get(i));
        return out;
    }
}
