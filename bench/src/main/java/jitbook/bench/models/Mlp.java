package jitbook.bench.models;

import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/** The benchmark MLP, 128-256-256-10 with ReLUs (MlpBench's model). The same as bench/pytorch/workloads.py's Mlp. */
public class Mlp extends Module {
    Linear fc1;
    Linear fc2;
    Linear fc3;

    public Mlp() {
        fc1 = new Linear(128, 256);
        fc2 = new Linear(256, 256);
        fc3 = new Linear(256, 10);
    }

    @Override
    public Tensor forward(Tensor x) {
        return fc3.forward(fc2.forward(fc1.forward(x).relu()).relu());
    }
}
