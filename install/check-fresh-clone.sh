#!/usr/bin/env bash
# Follows the README's main-job command as a new user would: a fresh clone of this repository in
# an empty folder, the kernelspec into an empty JUPYTER_PATH prefix, then ./run.sh. Passes if
# every notebook was executed and written (with its HTML copy) and no cell failed unexpectedly.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

git clone -q "$SRC" "$WORK/clone"
# The clone has what is committed; the checkout being tested may hold uncommitted work.
(cd "$SRC" && git diff --quiet HEAD) || echo "note: uncommitted changes in $SRC are not part of the clone"

cd "$WORK/clone"
JUPYTER_PATH="" ./run.sh --prefix "$WORK/jupyter" --out "$WORK/out"

count=0
for nb in notebooks/*.ipynb; do
  name="$(basename "$nb" .ipynb)"
  [[ -s "$WORK/out/$name.ipynb" ]] || { echo "missing executed notebook $name" >&2; exit 1; }
  [[ -s "$WORK/out/$name.html" ]] || { echo "missing HTML copy of $name" >&2; exit 1; }
  /usr/bin/python3 - "$WORK/out/$name.ipynb" <<'PY'
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
for c in nb.cells:
    tags = c.get("metadata", {}).get("tags", [])
    for o in c.get("outputs", []):
        if o["output_type"] == "error" and "raises-exception" not in tags:
            sys.exit("unexpected error in %s: %s %s" % (sys.argv[1], o["ename"], o["evalue"][:200]))
PY
  count=$((count + 1))
done
[[ -f "$WORK/jupyter/share/jupyter/kernels/jitbook/kernel.json" ]] || { echo "kernelspec not installed in the prefix" >&2; exit 1; }
echo "fresh clone: $count notebooks executed through the installed kernel into an empty prefix"
