"""Executes every notebook in the repository's notebooks/ (copied to a temporary folder) through the kernel with nbconvert and
checks the outputs that matter (values, IR, tables, pictures), not only that no cell failed.

Usage: /usr/bin/python3 test_repo_notebooks.py <kernel_name> <notebooks_dir> <output_dir>
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

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


def cell(code, start):
    """The one code cell whose source starts with start (cells are found by what they say, not where they are)."""
    found = [c for c in code if c.source.startswith(start)]
    assert len(found) == 1, "%d code cells start with %r" % (len(found), start)
    return found[0]


def check_eager(code):
    a = cell(code, "Tensor a = ")
    expect("tensor([[1., 2., 3.]," in text(a), "a tensor is rendered", a)
    expect("<table" in "".join(o["data"].get("text/html", "") for o in a["outputs"] if "data" in o), "as an HTML table", a)
    g = cell(code, "Tensor x = Tensors.tensor(1f, 2f, 3f).requiresGrad(true);")
    expect("dloss/dx   = tensor([2., 4., 6.])" in text(g) and "dloss/dbias= tensor(3.)" in text(g), "gradients", g)
    fit = cell(code, "Tensors.manualSeed(1);")
    expect("weight 2.000, bias 1.000" in text(fit), "the linear fit converges", fit)


def check_trace_vs_script(code):
    t = cell(code, "%%trace flip(pos)")
    expect("TracerWarning" in text(t) and "graph(" in text(t) and "compiled call" in text(t), "trace report: warning, IR, timing", t)
    wrong = cell(code, 'System.out.println("traced on pos')
    expect("tensor([-6.,  2.])" in text(wrong), "the trace is wrong on the other branch", wrong)
    sc = cell(code, "%%script\nTensor flipScripted")
    expect("prim::If" in text(sc) and "optimizer, pass by pass" in text(sc), "script report with passes", sc)
    right = cell(code, 'System.out.println("scripted on pos')
    expect("scripted on neg: tensor([ 3., -1.])" in text(right), "the script is right on both branches", right)
    traced_ir = [c for c in code if c.source.strip() == "%ir flip"][0]
    scripted_ir = cell(code, "%ir flipScripted")
    expect("prim::If" not in text(traced_ir) and "prim::If" in text(scripted_ir), "%ir shows both graphs", scripted_ir)
    check = cell(code, "%%trace rows(three) --check four")
    err = errors(check)
    expect(err and "does not generalize" in err[0]["evalue"], "--check catches the unrolled loop", check)


def check_optimizer(code):
    report = cell(code, "%%script\nTensor shrink(")
    expect("== constprop" in text(report) or "== dce" in text(report), "changed passes are shown", report)
    opt = cell(code, "%ir shrink --optimized")
    expect("prim::FusionGroup" in text(opt), "the optimized graph fuses the elementwise chain", opt)
    expect("prim::Loop" not in text(opt), "the constant-trip-count loop is unrolled, as its comment says", opt)
    for start in ("%timeit shrinkEager(x)", "%timeit shrink(x)"):
        c = cell(code, start)
        expect(re.search(r"±", text(c)), "%timeit reports mean ± std", c)
    custom = cell(code, "import jitbook.passes.*;")
    expect("changed by: relu-relu" in text(custom), "the custom pass ran", custom)


def check_training(code):
    trained = cell(code, "import jitbook.magics.display.Progress;")
    m = re.search(r"accuracy ([0-9.]+)%", text(trained))
    expect(m and float(m.group(1)) >= 95.0, "the scripted MLP learns (>= 95%)", trained)
    chart = cell(code, "import org.knowm.xchart.*;")
    expect(any("image/png" in o.get("data", {}) for o in chart["outputs"]), "the loss curve is a PNG", chart)
    steps = cell(code, "double msPerStep(")
    expect("step time: eager" in text(steps), "eager vs scripted step time", steps)
    back = cell(code, "%ir net --backward")
    expect("graph(" in text(back), "the backward graph", back)


def check_production(code):
    save = cell(code, "%save scorer")
    expect("saved scorer" in text(save), "%save", save)
    entries = cell(code, 'try (var zip = new java.util.zip.ZipFile("scorer.jbm")) {\n    zip.stream()')
    expect("code/forward.ir" in text(entries) and "tensors/fc1.weight.npy" in text(entries), "archive entries", entries)
    loaded = cell(code, "ScriptModule loaded = Jit.load(")
    both = text(loaded).splitlines()
    expect(len(both) >= 4 and both[0].split(":", 1)[1].strip() == both[2].split(":", 1)[1].strip(), "loaded equals notebook", loaded)
    cli = cell(code, "// The kernel says where the runtime jar is")
    expect("Jitbook module" in text(cli) and "CLI result: tensor(" in text(cli), "the command-line runner", cli)
    service = cell(code, 'String service = """')
    expect(re.search(r"2 -1 -> \[[0-9.E-]+\]\n-1 2 -> \[[0-9.E-]+\]", text(service)) and "exit 0" in text(service), "the plain Java service", service)


CHECKS = {
    "01": check_eager,
    "02": check_trace_vs_script,
    "03": check_optimizer,
    "04": check_training,
    "05": check_production,
}


def main():
    kernel, source, outdir = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    os.makedirs(outdir, exist_ok=True)
    # A copy of the folder, away from the repository, as a user who copies the notebooks has it:
    # a notebook that reaches into ../jit or ../examples fails here.
    nbdir = tempfile.mkdtemp(prefix="jitbook-notebooks-")
    for path in glob.glob(os.path.join(source, "*.ipynb")):
        shutil.copy(path, nbdir)
    notebooks = sorted(glob.glob(os.path.join(nbdir, "*.ipynb")))
    assert notebooks, "no notebooks in " + source
    try:
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
    finally:
        shutil.rmtree(nbdir, ignore_errors=True)


if __name__ == "__main__":
    main()
