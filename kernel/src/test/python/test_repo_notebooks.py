"""Executes every notebook in the repository's notebooks/ through the kernel with nbconvert and
checks the outputs that matter (values, IR, tables, pictures), not only that no cell failed.

Usage: /usr/bin/python3 test_repo_notebooks.py <kernel_name> <notebooks_dir> <output_dir>
"""
import glob
import os
import re
import subprocess
import sys

import nbformat


def text(cell):
    parts = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            parts.append(o["text"])
        elif o["output_type"] in ("execute_result", "display_data"):
            parts.append(o["data"].get("text/plain", ""))
            parts.append(o["data"].get("text/html", ""))
        elif o["output_type"] == "error":
            parts.append(o["ename"] + ": " + o["evalue"])
    return "\n".join(parts)


def errors(cell):
    return [o for o in cell.get("outputs", []) if o["output_type"] == "error"]


def execute(kernel, path, outdir):
    cmd = [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
           "--ExecutePreprocessor.kernel_name=" + kernel, "--ExecutePreprocessor.timeout=600",
           "--output-dir", outdir, path]
    subprocess.run(cmd, check=True, cwd=os.path.dirname(path))
    nb = nbformat.read(os.path.join(outdir, os.path.basename(path)), as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def expect(cond, what, cell=None):
    if not cond:
        raise AssertionError(what + ("\n--- cell output ---\n" + text(cell)[:3000] if cell is not None else ""))


def check_eager(code):
    expect("tensor([[1., 2., 3.]," in text(code[0]), "a tensor is rendered", code[0])
    expect("<table" in "".join(o["data"].get("text/html", "") for o in code[0]["outputs"] if "data" in o), "as an HTML table", code[0])
    grads = text(code[4])
    expect("dloss/dx   = tensor([2., 4., 6.])" in grads and "dloss/dbias= tensor(3.)" in grads, "gradients", code[4])
    expect("weight 2.000, bias 1.000" in text(code[5]), "the linear fit converges", code[5])


def check_trace_vs_script(code):
    trace = text(code[1])
    expect("TracerWarning" in trace and "graph(" in trace and "compiled call" in trace, "trace report: warning, IR, timing", code[1])
    expect("tensor([-6.,  2.])" in text(code[2]), "the trace is wrong on the other branch", code[2])
    script = text(code[3])
    expect("prim::If" in script and "optimizer, pass by pass" in script, "script report with passes", code[3])
    expect("scripted on neg: tensor([ 3., -1.])" in text(code[4]), "the script is right on both branches", code[4])
    expect("prim::If" not in text(code[5]) and "prim::If" in text(code[6]), "%ir shows both graphs", code[6])
    err = errors(code[8])
    expect(err and "does not generalize" in err[0]["evalue"], "--check catches the unrolled loop", code[8])


def check_optimizer(code):
    report = text(code[0])
    expect("== constprop" in report or "== dce" in report, "changed passes are shown", code[0])
    expect("prim::FusionGroup" in text(code[2]), "the optimized graph fuses the elementwise chain", code[2])
    expect("prim::Loop" not in text(code[2]), "the constant-trip-count loop is unrolled, as its comment says", code[2])
    for i in (4, 5):
        expect(re.search(r"±", text(code[i])), "%timeit reports mean ± std", code[i])
    expect("changed by: relu-relu" in text(code[6]), "the custom pass ran", code[6])


def check_training(code):
    trained = text(code[3])
    m = re.search(r"accuracy ([0-9.]+)%", trained)
    expect(m and float(m.group(1)) >= 95.0, "the scripted MLP learns (>= 95%)", code[3])
    expect(any("image/png" in o.get("data", {}) for o in code[4]["outputs"]), "the loss curve is a PNG", code[4])
    expect("step time: eager" in text(code[5]), "eager vs scripted step time", code[5])
    expect("graph(" in text(code[6]), "the backward graph", code[6])


def check_production(code):
    expect("saved scorer" in text(code[2]), "%save", code[2])
    expect("code/forward.ir" in text(code[3]) and "tensors/fc1.weight.npy" in text(code[3]), "archive entries", code[3])
    both = text(code[5]).splitlines()
    expect(len(both) >= 4 and both[0].split(":", 1)[1].strip() == both[2].split(":", 1)[1].strip(), "loaded equals notebook", code[5])
    cli = text(code[6])
    expect("Jitbook module" in cli and "CLI result: tensor(" in cli, "the command-line runner", code[6])
    service = text(code[7])
    expect("service says: [" in service and "exit 0" in service, "the plain Java service", code[7])


CHECKS = {
    "01": check_eager,
    "02": check_trace_vs_script,
    "03": check_optimizer,
    "04": check_training,
    "05": check_production,
}


def main():
    kernel, nbdir, outdir = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    notebooks = sorted(glob.glob(os.path.join(nbdir, "*.ipynb")))
    assert notebooks, "no notebooks in " + nbdir
    for path in notebooks:
        name = os.path.basename(path)
        code = execute(kernel, path, outdir)
        for c in code:
            if "raises-exception" not in c.get("metadata", {}).get("tags", []):
                expect(not errors(c), name + ": a cell failed", c)
        check = CHECKS.get(name[:2])
        assert check is not None, "no checks for " + name
        check(code)
        print("ok:", name, "(%d code cells)" % len(code))


if __name__ == "__main__":
    main()
