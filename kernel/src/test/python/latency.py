"""Latency of the Jitbook kernel measured with the real Jupyter client.

Measures, for a kernelspec (default "jitbook"):
  start        launch of the kernel process to the first kernel_info_reply
  kernel_info  kernel_info request -> reply round trip (median)
  execute      "1+1" execute request -> reply round trip (median), and the kernel's own
               overhead = round trip - time the kernel spent evaluating (reply metadata eval_ms)
  script_cell  a %%script cell (a 4-line function: parse, type, lower to IR, bind it in the
               session) execute request -> reply round trip (median); no target, reported
  jshell       in-process JShell.eval("1+1") in a separate JVM with the same command line, for
               comparison (jitbook.kernel.JShellBench), plain and through the kernel's evaluator
Targets: overhead < 3 ms, execute median < 25 ms, kernel_info < 3 ms, start < 1.5 s.

On a shared, loaded machine every thread wake-up waits in the run queue: compare with the
in-process numbers taken at the same time, and look at loadavg_1min in the output.

Usage: /usr/bin/python3 latency.py [--kernel NAME] [--n N] [--warmup W] [--script-n N]
                                   [--script-warmup W] [--no-jshell] [--json]
"""
import argparse
import json
import statistics
import subprocess
import time

import jupyter_client

SCRIPT_CELL = """%%script
Tensor latencyProbe(Tensor x, int n) {
    Tensor y = x;
    for (int i = 0; i < n; i++) {
        y = y.mul(0.5).add(1.0).tanh();
    }
    return y;
}"""
from jupyter_client.kernelspec import KernelSpecManager


def wait_reply(kc, msg_id, timeout=60):
    while True:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def wait_idle(kc, msg_id, timeout=60):
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return


def measure(args):
    km = jupyter_client.KernelManager(kernel_name=args.kernel)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        # Requests sent before the kernel binds wait in the client's queue: the first reply
        # arrives as soon as the kernel can answer.
        first = kc.kernel_info()
        wait_reply(kc, first)
        start_s = time.perf_counter() - t0

        for _ in range(args.warmup):
            msg_id = kc.execute("1+1")
            wait_reply(kc, msg_id)
            wait_idle(kc, msg_id)
        # kernel_info after the warm-up: before it, the kernel is still starting JShell and ND4J
        # in the background and the numbers would measure that, not the request path.
        ki = []
        for _ in range(max(args.n, 20)):
            t = time.perf_counter()
            wait_reply(kc, kc.kernel_info())
            ki.append((time.perf_counter() - t) * 1000)

        rt, overhead, evals = [], [], []
        for _ in range(args.n):
            t = time.perf_counter()
            msg_id = kc.execute("1+1")
            reply = wait_reply(kc, msg_id)
            ms = (time.perf_counter() - t) * 1000
            wait_idle(kc, msg_id)  # outside the timed span, as a front end's next request would be
            rt.append(ms)
            ev = reply["metadata"].get("eval_ms")
            if ev is not None:
                evals.append(ev)
                overhead.append(ms - ev)

        script_rt = []
        for i in range(args.script_warmup + args.script_n):
            t = time.perf_counter()
            msg_id = kc.execute(SCRIPT_CELL)
            reply = wait_reply(kc, msg_id)
            ms = (time.perf_counter() - t) * 1000
            wait_idle(kc, msg_id)
            if reply["content"].get("status") != "ok":
                raise RuntimeError("%%script cell failed: %s" % reply["content"])
            if i >= args.script_warmup:
                script_rt.append(ms)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return {
        "start_to_first_kernel_info_s": round(start_s, 3),
        "kernel_info_median_ms": round(statistics.median(ki), 3),
        "execute_1plus1_median_ms": round(statistics.median(rt), 3),
        "execute_1plus1_min_ms": round(min(rt), 3),
        "kernel_eval_median_ms": round(statistics.median(evals), 3) if evals else None,
        "kernel_overhead_median_ms": round(statistics.median(overhead), 3) if overhead else None,
        "kernel_overhead_min_ms": round(min(overhead), 3) if overhead else None,
        "script_cell_median_ms": round(statistics.median(script_rt), 3),
        "script_cell_min_ms": round(min(script_rt), 3),
        "n": args.n, "warmup": args.warmup, "script_n": args.script_n,
        "loadavg_1min": float(open("/proc/loadavg").read().split()[0]),
    }


def jshell_bench(args):
    spec = KernelSpecManager().get_kernel_spec(args.kernel)
    argv = list(spec.argv)
    main = argv.index("jitbook.kernel.Main")
    cmd = argv[:main] + ["jitbook.kernel.JShellBench", str(args.warmup), str(args.n)]
    cmd = [a.replace("{resource_dir}", spec.resource_dir) for a in cmd]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", default="jitbook")
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--script-n", type=int, default=20)
    p.add_argument("--script-warmup", type=int, default=10)
    p.add_argument("--no-jshell", action="store_true")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    result = measure(args)
    if not args.no_jshell:
        result["in_process"] = jshell_bench(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    targets = {"start_to_first_kernel_info_s": 1.5, "kernel_info_median_ms": 3,
               "execute_1plus1_median_ms": 25, "kernel_overhead_median_ms": 3}
    for k, v in result.items():
        target = targets.get(k)
        mark = "" if target is None or v is None else ("  (target < %s: %s)" % (target, "met" if v < target else "MISSED"))
        print("%-32s %s%s" % (k, v, mark))


if __name__ == "__main__":
    main()
