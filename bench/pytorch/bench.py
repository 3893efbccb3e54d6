#!/usr/bin/env python3
"""PyTorch's side of bench/run-all.sh: the workloads of ModelsBench, GemmBench, ConvBench and EagerOpsBench, timed
the way JMH times ours (warm-up iterations, then measured iterations of about a second each, the
mean time per call and a 99.9% confidence half-width), each benchmark in its own process (as a
JMH fork) so that its peak RSS is its own. Writes JMH-format JSON (benchmark names
"pytorch.<Class>.<method>", the same parameters as the Java classes) and a log in JMH's console
shape with "[peak-rss]" lines, which bench/report.py reads beside the Java results.

usage: bench.py --threads N --json OUT.json --log OUT.log [--wi 3] [--i 5] [--time 1.0] GROUP...
       GROUP: models, gemm, conv, eager
"""
import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time

# The same parameter lists as the Java classes' @Param.
MODELS = ["cnn32", "cnn64", "lstm", "transformer", "mlp64"]
MODEL_METHODS = ["eagerForward", "eagerTrainStep", "scriptedForward", "scriptedTrainStep"]
SHAPES = ["1x256x256", "8x64x64", "32x784x128", "64x128x256", "64x256x256", "64x16x64", "64x4096x64", "128x512x512",
          "256x1024x1024", "1024x1024x1024", "256x256x256:nt", "256x256x256:tn", "64x32x64:b32"]
GEMM_METHODS = ["gemmInto", "matmul"]
LAYERS = {"c1b32": (32, 1, 16, 28), "c2b32": (32, 16, 32, 14), "c1b64": (64, 1, 16, 28), "c2b64": (64, 16, 32, 14),
          "c64b8": (8, 64, 64, 28)}
CONV_METHODS = ["forward", "forwardBackward"]
EAGER_OPS = ["exp", "gelu", "tanh", "sigmoid", "add", "chain6", "copy"]
EAGER_SIZES = ["4096", "1048576"]

# Student's t at 0.9995 (two-sided 99.9%), as JMH reports its error, by degrees of freedom.
T999 = {1: 636.6, 2: 31.6, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78, 10: 4.59, 14: 4.14, 19: 3.88}


def groups():
    return {
        "models": [("ModelsBench", m, {"model": w}) for w in MODELS for m in MODEL_METHODS],
        "gemm": [("GemmBench", m, {"shape": s}) for s in SHAPES for m in GEMM_METHODS],
        "conv": [("ConvBench", m, {"layer": l}) for l in LAYERS for m in CONV_METHODS],
        "eager": [("EagerOpsBench", "eager", {"op": o, "size": n}) for o in EAGER_OPS for n in EAGER_SIZES],
    }


def make(cls, method, params):
    """The function one call of the benchmark runs."""
    import torch
    import torch.nn.functional as F
    if cls == "ModelsBench":
        import workloads
        model, inputs, loss_of = workloads.workload(params["model"])
        if method.startswith("scripted"):
            model = torch.jit.script(model)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        if method.endswith("Forward"):
            def fwd():
                with torch.no_grad():
                    return model(*inputs)
            return fwd

        def step():
            opt.zero_grad()
            loss = loss_of(model(*inputs))
            loss.backward()
            opt.step()
            return loss
        return step
    if cls == "GemmBench":
        parts = params["shape"].split(":")
        n, k, m = (int(v) for v in parts[0].split("x"))
        op = parts[1] if len(parts) > 1 else ""
        torch.manual_seed(0)
        if op.startswith("b"):
            b = int(op[1:])
            x, y, out = torch.randn(b, n, k), torch.randn(b, k, m), torch.empty(b, n, m)
            if method == "gemmInto":
                return lambda: torch.bmm(x, y, out=out)
            return lambda: torch.matmul(x, y)
        x = torch.randn(k, n) if op == "tn" else torch.randn(n, k)
        y = torch.randn(m, k) if op == "nt" else torch.randn(k, m)
        xa = x.t() if op == "tn" else x
        ya = y.t() if op == "nt" else y
        out = torch.empty(n, m)
        if method == "gemmInto":
            return lambda: torch.mm(xa, ya, out=out)
        if op:
            return None  # the tensor op takes no transposed operands on the Java side either
        return lambda: torch.matmul(x, y)
    if cls == "ConvBench":
        b, cin, cout, size = LAYERS[params["layer"]]
        torch.manual_seed(0)
        x = torch.randn(b, cin, size, size, requires_grad=True)
        w = (torch.randn(cout, cin, 3, 3) * 0.1).requires_grad_(True)
        bias = torch.randn(cout, requires_grad=True)
        gy = torch.randn(b, cout, size, size)
        if method == "forward":
            def fwd():
                with torch.no_grad():
                    return F.conv2d(x, w, bias, 1, 1)
            return fwd

        def fb():
            x.grad = None
            w.grad = None
            bias.grad = None
            F.conv2d(x, w, bias, 1, 1).backward(gy)
            return w.grad
        return fb
    if cls == "EagerOpsBench":
        n = int(params["size"])
        torch.manual_seed(0)
        x, w, b = torch.randn(n), torch.randn(n), torch.randn(n)
        return {
            "exp": lambda: torch.exp(x),
            "gelu": lambda: F.gelu(x),
            "tanh": lambda: torch.tanh(x),
            "sigmoid": lambda: torch.sigmoid(x),
            "add": lambda: x + w,
            "chain6": lambda: torch.sigmoid(torch.tanh(x * w + b) * 0.5 + x),
            "copy": lambda: x.clone(),
        }[params["op"]]
    raise ValueError(cls)


def run_one(cls, method, params, threads, wi, iters, seconds):
    import torch
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    fn = make(cls, method, params)
    if fn is None:
        return None
    scores = []
    for it in range(wi + iters):
        calls = 0
        t0 = time.perf_counter()
        while True:
            fn()
            calls += 1
            el = time.perf_counter() - t0
            if el >= seconds:
                break
        if it >= wi:
            scores.append(el / calls * 1e6)
    n = len(scores)
    mean = sum(scores) / n
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / (n - 1)) if n > 1 else 0.0
    t = T999.get(n - 1, 3.3)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return {"mean": mean, "error": t * sd / math.sqrt(n) if n > 1 else float("nan"), "raw": scores, "peak_mb": peak_mb,
            "torch": torch.__version__, "threads": torch.get_num_threads()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--json")
    ap.add_argument("--log")
    ap.add_argument("--wi", type=int, default=3)
    ap.add_argument("--i", type=int, default=5)
    ap.add_argument("--time", type=float, default=1.0)
    ap.add_argument("--one", nargs=3, metavar=("CLASS", "METHOD", "PARAMS_JSON"))
    ap.add_argument("groups", nargs="*")
    a = ap.parse_args()
    if a.one:
        cls, method, params = a.one[0], a.one[1], json.loads(a.one[2])
        print(json.dumps(run_one(cls, method, params, a.threads, a.wi, a.i, a.time)))
        return
    todo = []
    g = groups()
    for name in a.groups:
        if name not in g:
            sys.exit(f"unknown group {name} (models, gemm, conv, eager)")
        todo += g[name]
    results = []
    log = open(a.log, "w") if a.log else sys.stdout
    for cls, method, params in todo:
        print(f"# Benchmark: pytorch.{cls}.{method}", file=log)
        print("# Parameters: (" + ", ".join(f"{k} = {v}" for k, v in params.items()) + ")", file=log)
        print(f"# Threads: torch.set_num_threads({a.threads})", file=log)
        log.flush()
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--threads", str(a.threads), "--wi", str(a.wi),
                            "--i", str(a.i), "--time", str(a.time), "--one", cls, method, json.dumps(params)],
                           capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(__file__)))
        if p.returncode != 0:
            print(f"FAILED:\n{p.stderr[-3000:]}", file=log)
            continue
        r = json.loads(p.stdout.strip().splitlines()[-1])
        if r is None:
            print("(not applicable)", file=log)
            continue
        print(f"Result: {r['mean']:.3f} ± {r['error']:.3f} us/op ({r['torch']}, {r['threads']} threads)", file=log)
        print(f"[peak-rss] pytorch {cls} {params}: {r['peak_mb']} MB", file=log)
        log.flush()
        results.append({
            "benchmark": f"pytorch.{cls}.{method}", "mode": "avgt", "threads": 1, "forks": 1,
            "jvm": sys.executable, "jdkVersion": "torch " + r["torch"],
            "params": params,
            "primaryMetric": {"score": r["mean"], "scoreError": r["error"], "scoreUnit": "us/op", "rawData": [r["raw"]]},
        })
        if a.json:
            json.dump(results, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
