"""Executes a notebook through the kernel with nbconvert and checks its outputs.

Usage: /usr/bin/python3 test_notebook.py <kernel_name> <notebook.ipynb> <output_dir>
"""
import os
import subprocess
import sys

import nbformat


def outputs(cell, output_type):
    return [o for o in cell.get("outputs", []) if o["output_type"] == output_type]


def main():
    kernel, notebook, outdir = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    cmd = [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
           "--ExecutePreprocessor.kernel_name=" + kernel, "--ExecutePreprocessor.timeout=120",
           "--output-dir", outdir, notebook]
    subprocess.run(cmd, check=True)
    nb = nbformat.read(os.path.join(outdir, os.path.basename(notebook)), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]

    arith, loop, html, greet, err, again, tensor = code
    assert outputs(arith, "execute_result")[0]["data"]["text/plain"] == "3", arith
    assert arith["execution_count"] == 1, arith
    assert "".join(o["text"] for o in outputs(loop, "stream")) == "line 0\nline 1\nline 2\n", loop
    assert "<b>Jitbook</b>" in outputs(html, "display_data")[0]["data"]["text/html"], html
    assert outputs(greet, "execute_result")[0]["data"]["text/plain"] == '"Hello, notebook"', greet
    e = outputs(err, "error")[0]
    assert e["ename"] == "java.lang.ArrayIndexOutOfBoundsException", e
    assert any("line 2" in line for line in e["traceback"]), e
    assert outputs(again, "execute_result")[0]["data"]["text/plain"] == '"Hello, again"', again
    assert outputs(tensor, "execute_result")[0]["data"]["text/plain"] == "true", tensor
    print("notebook ok: %d code cells checked" % len(code))


if __name__ == "__main__":
    main()
