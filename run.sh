#!/usr/bin/env bash
# The main job: sets up what is missing (Java check, Debian's Jupyter packages, the Maven build,
# the "jitbook" kernelspec) and executes every notebook in notebooks/ through the kernel with
# nbconvert, writing the executed notebooks and an HTML copy of each to build-out/notebooks/
# (or --out DIR). Use --prefix DIR to install the kernelspec under DIR instead of for the user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$ROOT/build-out/notebooks"
PREFIX=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --prefix) PREFIX="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

"$ROOT/install/ensure-deps.sh"
export JUPYTER=/usr/bin/jupyter
if [[ -n "$PREFIX" ]]; then
  mkdir -p "$PREFIX"
  PREFIX="$(cd "$PREFIX" && pwd)"
  "$ROOT/install/install.sh" --prefix "$PREFIX"
  export JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
else
  "$ROOT/install/install.sh" --user
fi

mkdir -p "$OUT"
status=0
for nb in "$ROOT"/notebooks/*.ipynb; do
  name="$(basename "$nb" .ipynb)"
  echo "executing $name ..."
  if /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=jitbook \
       --ExecutePreprocessor.timeout=600 --output-dir "$OUT" --output "$name" "$nb"; then
    /usr/bin/python3 -m nbconvert --to html --output-dir "$OUT" --output "$name" "$OUT/$name.ipynb" >/dev/null 2>&1 \
      || echo "  (HTML export of $name failed)"
  else
    echo "  $name failed" >&2
    status=1
  fi
done
echo "executed notebooks are in $OUT"
exit $status
