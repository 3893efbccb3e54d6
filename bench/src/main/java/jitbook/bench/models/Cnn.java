package jitbook.bench.models;

import jitbook.nn.Conv2d;
import jitbook.nn.F;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/**
 * The benchmark CNN on 28x28 single-channel images: two Conv2d(3x3, padding 1)-ReLU-MaxPool(2)
 * blocks (1 -> 16 -> 32 channels) and two Linear layers (1568 -> 128 -> 10). The same model as
 * bench/pytorch/workloads.py's Cnn.
 */
public class Cnn extends Module {
    Conv2d conv1;
    Conv2d conv2;
    Linear fc1;
    Linear fc2;

    public Cnn() {
        conv1 = new Conv2d(1, 16, 3, 1, 1, true);
        conv2 = new Conv2d(16, 32, 3, 1, 1, true);
        fc1 = new Linear(32 * 7 * 7, 128);
        fc2 = new Linear(128, 10);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = F.maxPool2d(conv1.forward(x).relu(), 2);
        h = F.maxPool2d(conv2.forward(h).relu(), 2);
        h = h.flatten(1, -1);
        return fc2.forward(fc1.forward(h).relu());
    }
}
