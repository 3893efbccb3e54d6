"""The PyTorch twins of bench/src/main/java/jitbook/bench/models (same shapes and structure; own
random weights and data). Imported by bench.py."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, 1, 1)
        self.conv2 = nn.Conv2d(16, 32, 3, 1, 1)
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.conv1(x)), 2)
        h = F.max_pool2d(F.relu(self.conv2(h)), 2)
        h = h.flatten(1)
        return self.fc2(F.relu(self.fc1(h)))


class LstmClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(1000, 64)
        self.cell = nn.LSTMCell(64, 64)
        self.head = nn.Linear(64, 10)

    def forward(self, tokens):
        e = self.embed(tokens)
        h = torch.zeros(tokens.size(1), 64)
        c = torch.zeros(tokens.size(1), 64)
        for t in range(tokens.size(0)):
            h, c = self.cell(e[t], (h, c))
        return self.head(h)


class TransformerBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(128)
        self.ln2 = nn.LayerNorm(128)
        self.q = nn.Linear(128, 128)
        self.k = nn.Linear(128, 128)
        self.v = nn.Linear(128, 128)
        self.proj = nn.Linear(128, 128)
        self.up = nn.Linear(128, 512)
        self.down = nn.Linear(512, 128)

    def heads(self, x, b: int, s: int):
        return x.reshape(b, s, 4, 32).transpose(1, 2)

    def forward(self, x, mask):
        b, s = x.size(0), x.size(1)
        h = self.ln1(x)
        qh = self.heads(self.q(h), b, s)
        kh = self.heads(self.k(h), b, s)
        vh = self.heads(self.v(h), b, s)
        att = (qh.matmul(kh.transpose(2, 3)) * (1.0 / math.sqrt(32.0)) + mask).softmax(3)
        y = att.matmul(vh).transpose(1, 2).reshape(b, s, 128)
        x = x + self.proj(y)
        return x + self.down(F.gelu(self.up(self.ln2(x))))


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(128, 256)
        self.fc2 = nn.Linear(256, 256)
        self.fc3 = nn.Linear(256, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def workload(name):
    """(model, inputs tuple, loss function) for a ModelsBench workload name."""
    torch.manual_seed(0)
    if name in ("cnn32", "cnn64"):
        b = 32 if name == "cnn32" else 64
        y = torch.randint(0, 10, (b,))
        return Cnn(), (torch.randn(b, 1, 28, 28),), lambda out: F.cross_entropy(out, y)
    if name == "lstm":
        y = torch.randint(0, 10, (32,))
        return LstmClassifier(), (torch.randint(0, 1000, (32, 32)),), lambda out: F.cross_entropy(out, y)
    if name == "transformer":
        mask = torch.triu(torch.full((64, 64), float("-inf")), diagonal=1)
        target = torch.randn(8, 64, 128)
        return TransformerBlock(), (torch.randn(8, 64, 128), mask), lambda out: F.mse_loss(out, target)
    if name == "mlp64":
        y = torch.randint(0, 10, (64,))
        return Mlp(), (torch.randn(64, 128),), lambda out: F.cross_entropy(out, y)
    raise ValueError(name)
