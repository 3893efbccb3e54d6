#!/usr/bin/env bash
# Reproduces every number in BENCHMARKS.md in one run: builds, runs each JMH benchmark class with
# short settings, runs the dense-math classes (ModelsBench, GemmBench, ConvBench) at 1 and 2 threads
# alternating with PyTorch 2.13 on the same workloads (bench/pytorch/bench.py, when the venv can be
# made: ../shared/tools/torch-venv.sh, exit 3 = no PyTorch here, skipped), measures the kernel's latency with the real Jupyter client (through a kernelspec
# installed in the output directory), then rewrites the generated tables of BENCHMARKS.md (the text
# between <!-- BEGIN/END GENERATED: ... --> markers; the prose around them is kept).
#
#   bench/run-all.sh [--out DIR] [--only 'ClassA ClassB'] [--quick] [--jmh 'JMH OPTIONS'] [--no-build]
#                    [--no-kernel] [--no-doc] [--wait-load LOAD] [--m2 DIR]
#
# --out DIR        results (JMH JSON and logs, latency.json, machine.json); default
#                  build-out/bench/<date-time>
# --only 'A B'     run only these benchmark classes (the document is still rewritten; tables of
#                  classes not run say so)
# --quick          skip the two superseded classes, ChainBench and PassesBench (~4 min less)
# --no-pytorch     skip PyTorch's side of ModelsBench, GemmBench and ConvBench
# --threads 'N M'  thread counts for the dense-math classes and PyTorch (default '1 2')
# --jmh '...'      JMH options for every class; default: -f 1 -wi 3 -i 5 -w 1s -r 1s
# --no-build       use the existing bench/target/benchmarks.jar and installed modules
# --no-kernel      skip the kernel latency measurement
# --no-doc         leave BENCHMARKS.md alone (print the tables instead)
# --wait-load L    first wait (up to 10 minutes) for the 1-minute load average to drop below L
# --m2 DIR         build against a private Maven local repository DIR: a farm of symbolic links
#                  to ~/.m2/repository without Jitbook's own artifacts, so that `mvn install` and
#                  the kernelspec cannot disturb what others on a shared machine have installed
#
# Uses `java` on PATH (or $JAVA), Maven offline, /usr/bin/python3 with Debian's jupyter_client.
# On 2 cores the whole run takes about 15 minutes (11 with --quick) plus ~45 for the dense-math
# classes and PyTorch at two thread counts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT=""
ONLY=""
QUICK=0
JMH_OPTS="-f 1 -wi 3 -i 5 -w 1s -r 1s"
BUILD=1
KERNEL=1
DOC=1
WAIT_LOAD=""
M2=""
PYTORCH=1
THREADS="1 2"
JAVA="${JAVA:-java}"
PY=/usr/bin/python3

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --no-pytorch) PYTORCH=0; shift ;;
    --threads) THREADS="$2"; shift 2 ;;
    --jmh) JMH_OPTS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-kernel) KERNEL=0; shift ;;
    --no-doc) DOC=0; shift ;;
    --wait-load) WAIT_LOAD="$2"; shift 2 ;;
    --m2) M2="$2"; shift 2 ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

# Every class, in the order they run. SaveLoadBench's cold (fresh-JVM) benchmarks run separately
# with their own annotations (5 forks, one shot each).
# ChainBench and PassesBench are older and mostly superseded (FusedChainBench has the same eager
# and ND4J chains; MlpBench and RnnBench the same models as modules and scripts); --quick skips them.
# The dense-math classes (ModelsBench, GemmBench, ConvBench, EagerOpsBench) run once per thread count, each followed
# by PyTorch's run of the same workloads; ColdStartBench times the first calls of fresh JVMs.
CLASSES=(EagerDispatchBench InterpreterBench ScriptCompileBench FusedChainBench TranscendentalBench RnnBench MlpBench MatmulBench
         LimitsBench AutodiffBench SaveLoadBench ModelsBench GemmBench ConvBench EagerOpsBench ColdStartBench)
if [[ $QUICK -eq 0 ]]; then CLASSES+=(ChainBench PassesBench); fi
if [[ -n "$ONLY" ]]; then read -r -a CLASSES <<< "$ONLY"; fi

OUT="${OUT:-$ROOT/build-out/bench/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
START_EPOCH=$(date +%s)
load1() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "[run-all $(date +%H:%M:%S) load $(load1)] $*"; }

if [[ -n "$WAIT_LOAD" ]]; then
  for _ in $(seq 60); do
    awk -v l="$(load1)" -v t="$WAIT_LOAD" 'BEGIN { exit !(l < t) }' && break
    log "waiting for the load to drop below $WAIT_LOAD"
    sleep 10
  done
fi
LOAD_START="$(load1)"

# Load average every 20 s for the record.
( while true; do load1 >> "$OUT/load-samples.txt"; sleep 20; done ) &
SAMPLER=$!
trap 'kill $SAMPLER 2>/dev/null || true' EXIT

MVN=(mvn -o -q -B)
if [[ -n "$M2" ]]; then
  mkdir -p "$M2/dev"
  for d in "$HOME"/.m2/repository/*; do
    b="$(basename "$d")"; [[ "$b" == dev ]] || ln -sfn "$d" "$M2/$b"
  done
  for d in "$HOME"/.m2/repository/dev/*; do
    b="$(basename "$d")"; [[ "$b" == jitbook ]] || ln -sfn "$d" "$M2/dev/$b"
  done
  M2="$(cd "$M2" && pwd)"
  MVN+=("-Dmaven.repo.local=$M2")
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Dmaven.repo.local=$M2"
fi

if [[ $BUILD -eq 1 ]]; then
  log "building (mvn install -Pbench, tests skipped)"
  (cd "$ROOT" && "${MVN[@]}" -Pbench install -DskipTests)
fi
JAR="$ROOT/bench/target/benchmarks.jar"
[[ -f "$JAR" ]] || { echo "no $JAR: build first" >&2; exit 1; }
# JMH's lock file (/tmp/jmh.lock) is machine-wide: on a shared machine another person's benchmark
# holds it, and the load it adds is recorded in machine.json anyway.
JMH=("$JAVA" -Djmh.ignoreLock=true -jar "$JAR")

if [[ $KERNEL -eq 1 ]]; then
  log "installing a temporary kernelspec under $OUT/kernelspec"
  JUPYTER=/usr/bin/jupyter "$ROOT/install/install.sh" --prefix "$OUT/kernelspec" --skip-build > "$OUT/kernelspec.log" 2>&1
  log "kernel latency (latency.py, real jupyter_client)"
  JUPYTER_PATH="$OUT/kernelspec/share/jupyter" "$PY" "$ROOT/kernel/src/test/python/latency.py" --json \
      > "$OUT/latency.json" 2> "$OUT/latency.log" || { log "kernel latency FAILED (see $OUT/latency.log)"; rm -f "$OUT/latency.json"; }
fi

# PyTorch's python (exit 3 from torch-venv.sh: none can be installed here, so its side is skipped).
TORCH_PY=""
# shared/ lies beside the repository (../shared from the root); TORCH_VENV names another copy (a clone elsewhere).
TORCH_VENV="${TORCH_VENV:-$ROOT/../shared/tools/torch-venv.sh}"
if [[ $PYTORCH -eq 1 ]]; then
  if [[ -x "$TORCH_VENV" ]]; then
    set +e
    TORCH_PY="$("$TORCH_VENV" 2> "$OUT/torch-venv.log" | tail -1)"
    rc=$?
    set -e
    if [[ $rc -eq 3 ]]; then log "no PyTorch on this machine (torch-venv.sh exit 3): PyTorch's side skipped"; TORCH_PY=""
    elif [[ $rc -ne 0 || ! -x "$TORCH_PY" ]]; then log "torch-venv.sh failed (exit $rc, see $OUT/torch-venv.log): PyTorch's side skipped"; TORCH_PY=""
    else log "PyTorch: $TORCH_PY"; fi
  else
    log "no $TORCH_VENV: PyTorch's side skipped"
  fi
fi
pytorch_group() {
  case "$1" in ModelsBench) echo models ;; GemmBench) echo gemm ;; ConvBench) echo conv ;; EagerOpsBench) echo eager ;; *) echo "" ;; esac
}
# JMH's -wi/-i/-w/-r from the JMH options, for PyTorch's timing loop.
jmh_opt() { local v; v="$(sed -nE "s/.*(^| )$1 +([0-9.]+)s?( |$).*/\2/p" <<< "$JMH_OPTS")"; echo "${v:-$2}"; }

read -r -a JOPTS <<< "$JMH_OPTS"
for cls in "${CLASSES[@]}"; do
  group="$(pytorch_group "$cls")"
  if [[ -n "$group" ]]; then
    for t in $THREADS; do
      log "$cls at $t thread(s)"
      "${JMH[@]}" "^jitbook\\.bench\\.$cls\\." "${JOPTS[@]}" -jvmArgsPrepend "-Djitbook.threads=$t" \
          -rf json -rff "$OUT/$cls-t$t.json" > "$OUT/$cls-t$t.log" 2>&1 || log "$cls at $t thread(s) FAILED (see $OUT/$cls-t$t.log)"
      if [[ -n "$TORCH_PY" ]]; then
        log "PyTorch $group at $t thread(s)"
        OMP_NUM_THREADS=$t "$TORCH_PY" "$ROOT/bench/pytorch/bench.py" --threads "$t" --wi "$(jmh_opt -wi 3)" --i "$(jmh_opt -i 5)" \
            --time "$(jmh_opt -r 1)" --json "$OUT/pytorch-$cls-t$t.json" --log "$OUT/pytorch-$cls-t$t.log" "$group" \
            || log "PyTorch $group at $t thread(s) FAILED (see $OUT/pytorch-$cls-t$t.log)"
      fi
    done
    continue
  fi
  if [[ "$cls" == ColdStartBench ]]; then
    # its own annotations (no warm-up, 40 single calls in a fresh fork): the JMH options would add warm-up
    log "ColdStartBench (first calls of fresh JVMs)"
    "${JMH[@]}" '^jitbook\.bench\.ColdStartBench\.' -rf json -rff "$OUT/ColdStartBench.json" \
        > "$OUT/ColdStartBench.log" 2>&1 || log "ColdStartBench FAILED"
    continue
  fi
  if [[ "$cls" == SaveLoadBench ]]; then
    log "SaveLoadBench (warm)"
    "${JMH[@]}" '^jitbook\.bench\.SaveLoadBench\.(load|loadAndFirstCall|warmCall)$' "${JOPTS[@]}" \
        -rf json -rff "$OUT/SaveLoadBench.json" > "$OUT/SaveLoadBench.log" 2>&1 || log "SaveLoadBench FAILED"
    log "SaveLoadBench (cold: fresh JVMs)"
    "${JMH[@]}" '^jitbook\.bench\.SaveLoadBench\.cold' \
        -rf json -rff "$OUT/SaveLoadBench-cold.json" > "$OUT/SaveLoadBench-cold.log" 2>&1 || log "SaveLoadBench cold FAILED"
    continue
  fi
  log "$cls"
  "${JMH[@]}" "^jitbook\\.bench\\.$cls\\." "${JOPTS[@]}" -rf json -rff "$OUT/$cls.json" \
      > "$OUT/$cls.log" 2>&1 || log "$cls FAILED (see $OUT/$cls.log)"
done

END_EPOCH=$(date +%s)
"$PY" - "$OUT" "$LOAD_START" "$START_EPOCH" "$END_EPOCH" "$JAVA" "$JMH_OPTS" "$ROOT" <<'EOF'
import json, os, platform, re, statistics, subprocess, sys, time
out, load_start, t0, t1, java, jmh_opts, root = sys.argv[1:]
t0, t1 = int(t0), int(t1)
cpu = open("/proc/cpuinfo").read()
model = re.search(r"model name\s*:\s*(.*)", cpu)
mhz = re.search(r"cpu MHz\s*:\s*([\d.]+)", cpu)
flags = re.search(r"flags\s*:\s*(.*)", cpu)
simd = [f for f in ("avx2", "avx512f", "fma") if flags and f in flags.group(1).split()]
mem = int(re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read()).group(1))
osr = dict(l.split("=", 1) for l in open("/etc/os-release").read().splitlines() if "=" in l)
jv = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
prop = lambda k: (re.search(r"\b" + re.escape(k) + r" = (.*)", jv) or [None, "?"])[1].strip()
samples = [float(x) for x in open(os.path.join(out, "load-samples.txt")).read().split()] \
    if os.path.exists(os.path.join(out, "load-samples.txt")) else []
try:
    commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    if subprocess.run(["git", "-C", root, "status", "--porcelain"], capture_output=True, text=True).stdout.strip():
        commit += " (with uncommitted changes)"
except Exception:
    commit = os.environ.get("BENCH_COMMIT", "unknown (no git checkout)")
m = {
    "nproc": os.cpu_count(),
    "cpu_model": (model.group(1).strip() if model else "?") + (f" at {float(mhz.group(1)) / 1000:.1f} GHz" if mhz else ""),
    "cpu_flags": ", ".join(simd) or "none of avx2/avx512f/fma",
    "mem_gb": round(mem / 1024 / 1024, 1),
    "os": osr.get("PRETTY_NAME", "?").strip('"'),
    "kernel": platform.release(),
    "java": f"{prop('java.vm.name')} {prop('java.runtime.version')} ({prop('java.vendor')})",
    "gc": "the JVM's default collector (G1)",
    "jmh_opts": jmh_opts,
    "started": time.strftime("%Y-%m-%d %H:%M", time.localtime(t0)),
    "finished": time.strftime("%H:%M", time.localtime(t1)),
    "duration_min": round((t1 - t0) / 60, 1),
    "commit": commit,
    "load_start": float(load_start),
    "load_end": float(open("/proc/loadavg").read().split()[0]),
    "load_samples": (f"min {min(samples)}, median {statistics.median(samples)}, max {max(samples)} "
                     f"({len(samples)} samples)") if samples else "n/a",
}
json.dump(m, open(os.path.join(out, "machine.json"), "w"), indent=2)
EOF

if [[ $DOC -eq 1 ]]; then
  "$PY" "$ROOT/bench/report.py" "$OUT" --doc "$ROOT/BENCHMARKS.md"
else
  "$PY" "$ROOT/bench/report.py" "$OUT" --print
fi
log "done in $(( ($(date +%s) - START_EPOCH) / 60 )) min; results in $OUT"
