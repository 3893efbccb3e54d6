#!/usr/bin/env bash
# Builds the Jitbook kernel and installs it as the Jupyter kernel "jitbook".
#
#   install/install.sh [--user | --sys-prefix | --prefix DIR] [--java PATH] [--xmx SIZE] [--skip-build]
#
# --user (default) installs for the current user, --sys-prefix into the Python environment of
# `jupyter`, --prefix DIR into DIR/share/jupyter/kernels. The kernel directory holds the kernel
# jar and its dependencies (lib/), jitbook-jit's runtime jar (runtime/) and a kernel.json that runs them with the java found at install
# time (--java, else $JAVA_HOME/bin/java, else java on PATH), a bounded heap (--xmx, default 2g,
# or $JITBOOK_XMX) and, on Java 23+, the flags ND4J needs there. Extra JVM options can be given
# in $JITBOOK_JVM_OPTS (space-separated). Afterwards `jupyter kernelspec list` shows "jitbook".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=(--user)
JAVA="${JAVA:-}"
XMX="${JITBOOK_XMX:-2g}"
BUILD=1
JUPYTER="${JUPYTER:-jupyter}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --user) MODE=(--user); shift ;;
    --sys-prefix) MODE=(--sys-prefix); shift ;;
    --prefix) [[ $# -ge 2 ]] || { echo "--prefix needs a directory" >&2; exit 2; }; MODE=(--prefix "$2"); shift 2 ;;
    --java) JAVA="$2"; shift 2 ;;
    --xmx) XMX="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if [[ -z "$JAVA" ]]; then
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
fi
[[ -x "$JAVA" ]] || { echo "no java found (use --java PATH)" >&2; exit 1; }
FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
FEATURE="${FEATURE%%.*}"
if [[ "$FEATURE" -lt 17 ]]; then echo "Jitbook needs Java 17 or newer; $JAVA is $FEATURE" >&2; exit 1; fi
command -v "$JUPYTER" >/dev/null || { echo "jupyter not found on PATH (or set JUPYTER=...)" >&2; exit 1; }

if [[ $BUILD -eq 1 ]]; then
  echo "building jitbook-kernel ..."
  (cd "$ROOT" && mvn -q -B -pl kernel -am install -DskipTests)
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/jitbook/lib"
(cd "$ROOT" && mvn -q -B -pl kernel dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$STAGE/jitbook/lib")
cp "$ROOT"/kernel/target/jitbook-kernel-*.jar "$STAGE/jitbook/lib/"
# The self-contained runtime jar (what a production service runs with), outside lib/ so that its
# relocated copies of the dependencies stay off the kernel's class path. The kernel finds it there
# and tells notebooks (system property jitbook.runtime.jar; kernel/.../RuntimeJar.java).
mkdir -p "$STAGE/jitbook/runtime"
RUNTIME_JAR=("$ROOT"/jit/target/jitbook-jit-*-runtime.jar)
if [[ -f "${RUNTIME_JAR[0]}" ]]; then
  cp "${RUNTIME_JAR[0]}" "$STAGE/jitbook/runtime/"
else
  echo "note: no jit/target/jitbook-jit-*-runtime.jar (build with mvn install): notebook 05's production part needs it" >&2
fi

# JVM options as JSON strings, each followed by a comma.
# The Vector API module gives tensor::linear its vectorized row kernel and, with jitbook.vectorMath,
# fused kernels vectorized exp/log/sin/cos (12-30x the scalar calls here; not bit-reproducible
# across JIT tiers, so off elsewhere by default). The JVM notes "Using incubator modules" on stderr.
# --add-opens lets the kernel release what JShell keeps of every dropped snippet (cell latency and
# memory stay flat over a long session; see kernel/.../eval/SnippetResidue.java).
OPTS=("$JAVA" "-Xmx$XMX" "-XX:+UseSerialGC" "--add-modules=jdk.incubator.vector" "-Djitbook.vectorMath=true"
      "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED")
# Java 18-23 let the kernel install its exit veto (a SecurityManager refusing System.exit from
# cells) only with this flag; on 17 it silences the deprecation warning; 24+ has no SecurityManager.
if [[ "$FEATURE" -le 23 ]]; then
  OPTS+=("-Djava.security.manager=allow")
fi
if [[ "$FEATURE" -ge 23 ]]; then
  OPTS+=("--enable-native-access=ALL-UNNAMED" "--sun-misc-unsafe-memory-access=allow")
fi
if [[ -n "${JITBOOK_JVM_OPTS:-}" ]]; then
  read -r -a EXTRA <<< "$JITBOOK_JVM_OPTS"
  OPTS+=("${EXTRA[@]}")
fi
ARGV=""
for o in "${OPTS[@]}"; do
  o="${o//\\/\\\\}"; o="${o//\"/\\\"}"
  ARGV+="\"$o\", "
done
sed -e "s|@ARGV_PREFIX@|${ARGV//|/\\|}|" -e "s|@JAVA_FEATURE@|$FEATURE|" \
    "$ROOT/install/kernel.json.in" > "$STAGE/jitbook/kernel.json"

"$JUPYTER" kernelspec install "$STAGE/jitbook" --name jitbook --replace "${MODE[@]}"

# Front ends that do not expand {resource_dir} (it is a jupyter_client feature) still work:
# write the installed directory into kernel.json.
if [[ "${MODE[0]}" == "--prefix" ]]; then
  DEST="${MODE[1]}/share/jupyter/kernels/jitbook"
else
  DEST="$("$JUPYTER" kernelspec list | awk '$1 == "jitbook" {print $2}')"
fi
if [[ -n "$DEST" && -f "$DEST/kernel.json" ]]; then
  sed -i "s|{resource_dir}|${DEST//|/\\|}|g" "$DEST/kernel.json"
fi
"$JUPYTER" kernelspec list
