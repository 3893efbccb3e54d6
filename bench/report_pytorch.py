"""The side-by-side sections of BENCHMARKS.md: Jitbook against PyTorch 2.13 measured in the same run
(bench/pytorch/bench.py, alternating with the JMH classes, same thread counts), and the GEMM sweep
against OpenBLAS into preallocated native buffers. Used by report.py.

Ratios are times: Jitbook / PyTorch (<= 1.0: no slower, the issue-21 target for models), or, for
GEMM, rates: OpenBLAS time / Jitbook time (>= 0.8 is the target). Spreads propagate both sides'
99.9% confidence half-widths. Also the first calls of a fresh JVM (ColdStartBench), which have no
PyTorch side."""
import math

MODELS = [("cnn32", "CNN, batch 32"), ("cnn64", "CNN, batch 64"), ("lstm", "LSTM classifier, 32 steps, batch 32"),
          ("transformer", "Transformer block, batch 8, seq 64, dim 128"), ("mlp64", "MLP 128-256-256-10, batch 64")]
MODES = [("eagerForward", "eager forward"), ("eagerTrainStep", "eager training step"),
         ("scriptedForward", "scripted forward"), ("scriptedTrainStep", "scripted training step")]


def threads_of(run, cls):
    seen = sorted({dict(p).get("threads") for (c, _, p) in run.rows if c in (cls, "PyTorch:" + cls)} - {None}, key=int)
    return seen


def ran(run, cls):
    return any(c in (cls, "PyTorch:" + cls) for (c, _, _) in run.rows)


def _ratio_time(ours, theirs):
    """ours / theirs as times, with the spread."""
    if not ours or not theirs:
        return None, None
    r = ours.us / theirs.us
    return r, r * math.sqrt((ours.eus / ours.us) ** 2 + (theirs.eus / theirs.us) ** 2)


def _peak(row):
    return f"{row.peak} MB" if row is not None and row.peak else "n/a"


def models(run, fmt_time, fmt, table):
    if not ran(run, "ModelsBench"):
        return None
    rows = []
    for t in threads_of(run, "ModelsBench"):
        for key, label in MODELS:
            for meth, mlabel in MODES:
                ours = run.get("ModelsBench", meth, model=key, threads=t)
                theirs = run.get("PyTorch:ModelsBench", meth, model=key, threads=t)
                r, e = _ratio_time(ours, theirs)
                goal = "<= 1.0" if meth.startswith("eager") else "-"
                verdict = "n/a" if r is None or goal == "-" else ("**met**" if r <= 1.0 else "**not met**")
                rows.append([t, label, mlabel, fmt_time(ours.us) if ours else "failed/n/a",
                             fmt_time(theirs.us) if theirs else "n/a",
                             f"{fmt(r)} ± {fmt(e)}" if r is not None else "n/a", goal, verdict, _peak(ours), _peak(theirs)])
    return table(["threads", "model", "mode", "Jitbook", "PyTorch 2.13", "Jitbook / PyTorch (time)", "goal", "status",
                  "peak RSS Jitbook", "peak RSS PyTorch"], rows)


def _flops(shape):
    parts = shape.split(":")
    n, k, m = (int(v) for v in parts[0].split("x"))
    b = int(parts[1][1:]) if len(parts) > 1 and parts[1].startswith("b") else 1
    return 2.0 * n * k * m * b


def gemm(run, fmt_time, fmt, table):
    if not ran(run, "GemmBench"):
        return None
    rows = []
    shapes = []
    for (c, meth, p) in run.rows:
        d = dict(p)
        if c == "GemmBench" and d.get("shape") not in shapes:
            shapes.append(d.get("shape"))
    for t in threads_of(run, "GemmBench"):
        for shape in shapes:
            ours = run.get("GemmBench", "gemmInto", shape=shape, threads=t)
            blas = run.get("GemmBench", "openblasPreallocated", shape=shape, threads=t)
            mm = run.get("GemmBench", "matmul", shape=shape, threads=t)
            tmm = run.get("PyTorch:GemmBench", "matmul", shape=shape, threads=t)
            tout = run.get("PyTorch:GemmBench", "gemmInto", shape=shape, threads=t)
            fl = _flops(shape)
            rate = (lambda row: f"{fmt(fl / row.us / 1000)}" if row else "n/a")
            r, e = _ratio_time(blas, ours)
            verdict = "n/a" if r is None else ("**met**" if r >= 0.8 else "**not met**")
            rm, em = _ratio_time(mm, tmm) if mm and mm.us > 0.001 else (None, None)
            rows.append([t, shape, f"{fmt_time(ours.us)} ({rate(ours)})" if ours else "n/a",
                         f"{fmt_time(blas.us)} ({rate(blas)})" if blas else "n/a",
                         f"{fmt(r)} ± {fmt(e)}" if r is not None else "n/a", verdict,
                         f"{fmt_time(tout.us)} ({rate(tout)})" if tout else "n/a",
                         f"{fmt(rm)} ± {fmt(em)}" if rm is not None else "n/a"])
    return table(["threads", "n x k x m", "Jitbook Gemm into preallocated (GFLOP/s)", "OpenBLAS sgemm, preallocated native",
                  "OpenBLAS / Jitbook time (>= 0.8)", "status", "PyTorch mm(out=) (GFLOP/s)",
                  "eager matmul: Jitbook / PyTorch time"], rows)


def conv(run, fmt_time, fmt, table):
    if not ran(run, "ConvBench"):
        return None
    rows = []
    layers = []
    for (c, meth, p) in run.rows:
        d = dict(p)
        if c in ("ConvBench", "PyTorch:ConvBench") and d.get("layer") not in layers:
            layers.append(d.get("layer"))
    for t in threads_of(run, "ConvBench"):
        for layer in layers:
            for meth in ("forward", "forwardBackward"):
                ours = run.get("ConvBench", meth, layer=layer, threads=t)
                theirs = run.get("PyTorch:ConvBench", meth, layer=layer, threads=t)
                r, e = _ratio_time(ours, theirs)
                # the target: >= 0.8 of PyTorch's speed, i.e. time ratio <= 1.25
                verdict = "n/a" if r is None else ("**met**" if r <= 1.25 else "**not met**")
                rows.append([t, layer, meth, fmt_time(ours.us) if ours else "n/a", fmt_time(theirs.us) if theirs else "n/a",
                             f"{fmt(r)} ± {fmt(e)}" if r is not None else "n/a", verdict, _peak(ours), _peak(theirs)])
    return table(["threads", "layer", "benchmark", "Jitbook", "PyTorch 2.13", "Jitbook / PyTorch (time; goal <= 1.25)",
                  "status", "peak RSS Jitbook", "peak RSS PyTorch"], rows)


EAGER_GOALS = {("chain6", "1048576"): ("<= 1.0 of PyTorch", "pytorch", 1.0),
               ("exp", "1048576"): ("<= 1.5 of copy", "copy", 1.5), ("gelu", "1048576"): ("<= 1.5 of copy", "copy", 1.5)}


def eager(run, fmt_time, fmt, table):
    """EagerOpsBench: each eager op beside PyTorch eager's, and beside a fresh copy of the same bytes."""
    if not ran(run, "EagerOpsBench"):
        return None
    rows = []
    for t in threads_of(run, "EagerOpsBench"):
        for (c, meth, p) in list(run.rows):
            d = dict(p)
            if c != "EagerOpsBench" or str(d.get("threads")) != str(t):
                continue
            op, size = d.get("op"), d.get("size")
            ours = run.get("EagerOpsBench", "eager", op=op, size=size, threads=t)
            theirs = run.get("PyTorch:EagerOpsBench", "eager", op=op, size=size, threads=t)
            copy = run.get("EagerOpsBench", "eager", op="copy", size=size, threads=t)
            r, e = _ratio_time(ours, theirs)
            rc, ec = _ratio_time(ours, copy)
            goal, against, limit = EAGER_GOALS.get((op, str(size)), ("-", None, None))
            value = r if against == "pytorch" else rc if against == "copy" else None
            verdict = "n/a" if value is None else ("**met**" if value <= limit else "**not met**")
            rows.append([t, op, size, fmt_time(ours.us) if ours else "n/a", fmt_time(theirs.us) if theirs else "n/a",
                         f"{fmt(r)} ± {fmt(e)}" if r is not None else "n/a",
                         f"{fmt(rc)} ± {fmt(ec)}" if rc is not None else "n/a", goal, verdict])
    return table(["threads", "op", "floats", "Jitbook eager", "PyTorch 2.13 eager", "Jitbook / PyTorch (time)",
                  "Jitbook / its copy (time)", "goal", "status"], rows)


def coldstart(run, fmt_time, table):
    """ColdStartBench: each measurement is one call in a fresh JVM, so the raw data are calls 1..N."""
    if not ran(run, "ColdStartBench"):
        return None
    rows = []
    for (c, meth, p), row in run.rows.items():
        if c != "ColdStartBench":
            continue
        for raw in row.raw_forks:
            us = [v * row.us / row.score if row.score else v for v in raw]  # to us, as the row's unit
            if not us:
                continue
            later = sorted(us[10:]) or [us[-1]]
            rows.append([dict(p).get("model"), meth, fmt_time(us[0]), fmt_time(max(us[1:10] or [0])),
                         fmt_time(sum(us[1:10])), fmt_time(later[len(later) // 2]), fmt_time(us[-1]), len(us)])
    return table(["model", "benchmark", "call 1", "slowest of calls 2-10", "calls 2-10 together", "median of calls 11+",
                  "last call", "calls"], rows)
