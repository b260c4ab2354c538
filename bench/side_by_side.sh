#!/usr/bin/env bash
# NeuralSharp vs PyTorch vs TorchSharp vs OpenBLAS, side by side, in ONE sequential run (never two benchmarks at once).
#
# Usage: bench/side_by_side.sh [--quick] [--skip-torchsharp] [--reps N] [--no-cpuwatch] [--out DIR] [--tasks LIST]
#   --quick            REPS=1, MLP 2 epochs, tabular 5 epochs (checks the plumbing; numbers are not for publication)
#   --skip-torchsharp  leave out the TorchSharp peer even when it is built
#   --reps N           repeats of every step (default 3; env REPS works too); the summary takes medians
#   --no-cpuwatch      do not wrap runs in bench/peers/cpuwatch.py (which waits for a quiet machine and re-runs an
#                      attempt when other processes stole CPU); use it on a machine you know is busy with other work
#   --out DIR          result folder (default bench/results/<timestamp>)
#   --tasks LIST       comma-separated subset of gemm,mlp,tabular,latency (default: all four)
# Repeats are interleaved: repeat 1 of every step of a task group (NeuralSharp, PyTorch, TorchSharp, OpenBLAS) runs,
# then repeat 2, and so on, so a burst of noise from the host lands on one repeat of every side, not on every repeat
# of one side.
# Env: NS_TABULAR_ARGS / NS_LATENCY_ARGS extra options for the NeuralSharp tabular / latency tasks (default none).
#
# Every step writes <label>_r<k>.json (+ .txt log) into the result folder; a step whose program is missing or fails
# leaves no JSON and shows as n/a in the summary. At the end bench/summarize_side_by_side.py prints one markdown table
# (also summary.md) and writes summary.json. Thread settings (2-core machine, see bench/README.md):
#   NeuralSharp: gemm --threads 1 and 2; mlp --threads 2; tabular/latency: the bench's defaults
#   PyTorch (Debian, OpenBLAS): mlp/tabular/latency OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2, torch threads 1
#   TorchSharp (libtorch, MKL-free cpu build): mlp --threads 2; tabular/latency --threads 1
#   OpenBLAS GEMM: numpy, OPENBLAS_CORETYPE=SkylakeX, OPENBLAS_NUM_THREADS=1 and 2
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3
PEERS="$ROOT/bench/peers"
REPS=${REPS:-3}
EPOCHS=5; TAB_EPOCHS=20; LAT_EPOCHS=1
SKIP_TS=0; WATCH=1; QUICK=0; TASKS=gemm,mlp,tabular,latency; REP_ONLY=
OUT="$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1; REPS=1; EPOCHS=2; TAB_EPOCHS=5 ;;
    --skip-torchsharp) SKIP_TS=1 ;;
    --reps) REPS=$2; shift ;;
    --no-cpuwatch) WATCH=0 ;;
    --out) OUT=$2; shift ;;
    --tasks) TASKS=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)"; exit 2 ;;
  esac
  shift
done
TASKS=${TASKS// /}
for task in ${TASKS//,/ }; do
  case $task in gemm|mlp|tabular|latency) ;; *) echo "unknown task '$task' in --tasks (gemm, mlp, tabular, latency)"; exit 2 ;; esac
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
NS_TABULAR_ARGS=${NS_TABULAR_ARGS:-}
NS_LATENCY_ARGS=${NS_LATENCY_ARGS:-}

# ---- what is available
NS_OK=0
echo "== building bench/NeuralSharp.Bench (Release)"
if dotnet build -c Release "$ROOT/bench/NeuralSharp.Bench/NeuralSharp.Bench.csproj" > "$OUT/ns_build.log" 2>&1; then
  NS_OK=1
else
  echo "!! NeuralSharp.Bench does not build (see $OUT/ns_build.log): NeuralSharp columns will be n/a"
fi
NS=(dotnet run -c Release --no-build --project "$ROOT/bench/NeuralSharp.Bench" --)

TS_OK=0
TSDIR="$PEERS/torchsharp/bin/Release/net10.0"
if [ $SKIP_TS = 1 ]; then
  echo "== TorchSharp skipped (--skip-torchsharp)"
elif [ -f "$TSDIR/TsBench.dll" ]; then
  if [ ! -f "$TSDIR/runtimes/linux-x64/native/libglibcxx3432shim.so" ]; then
    echo "== applying the GLIBCXX workaround to $TSDIR"
    bash "$PEERS/torchsharp/glibcxx_workaround/apply.sh" "$TSDIR" || echo "!! workaround failed"
  fi
  TS_OK=1
else
  echo "== TorchSharp not built ($TSDIR/TsBench.dll missing; see bench/README.md): TorchSharp columns will be n/a"
fi
TS=(dotnet "$TSDIR/TsBench.dll")

PY_OK=0
if $PY -c "import torch, numpy, threadpoolctl" 2>/dev/null; then PY_OK=1
else echo "!! /usr/bin/python3 lacks torch/numpy/threadpoolctl: PyTorch and OpenBLAS columns will be n/a"; fi

{
  echo "{"
  echo " \"date\": \"$(date -Iseconds)\","
  echo " \"git\": \"$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo '+dirty')\","
  echo " \"cpu\": \"$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)\","
  echo " \"nproc\": $(nproc),"
  echo " \"reps\": $REPS, \"epochs\": $EPOCHS, \"tabular_epochs\": $TAB_EPOCHS, \"quick\": $QUICK, \"cpuwatch\": $WATCH,"
  echo " \"tasks\": \"$TASKS\","
  echo " \"uptime_start\": \"$(uptime)\""
  echo "}"
} > "$OUT/meta.json"

declare -A FAILED=()
# ---- one step, REPS times: run LABEL [ENV=VAL ...] -- CMD ARGS...   (--json FILE is appended)
run() {
  local label=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  local r base rc
  [ -n "${FAILED[$label]:-}" ] && return 0
  for r in ${REP_ONLY:-$(seq 1 "$REPS")}; do
    base="$OUT/${label}_r$r"
    echo "### $(uptime) :: $label r$r" | tee "$base.txt"
    if [ $WATCH = 1 ]; then
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${envs[@]}" $PY "$PEERS/cpuwatch.py" -- "$@" --json "$base.json" 2>&1 | tee -a "$base.txt"
    else
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${envs[@]}" "$@" --json "$base.json" 2>&1 | tee -a "$base.txt"
    fi
    rc=${PIPESTATUS[0]}
    if [ ! -s "$base.json" ]; then
      rm -f "$base.json"
      echo "!! $label r$r: exit code $rc, no JSON -> n/a; skipping its remaining repeats" | tee -a "$base.txt"
      FAILED[$label]=1
      return 0
    fi
  done
}
OB="OPENBLAS_CORETYPE=SkylakeX"

echo "== results -> $OUT   (REPS=$REPS, epochs $EPOCHS, tabular epochs $TAB_EPOCHS)"
want() { [[ ",$TASKS," == *",$1,"* ]]; }
# interleave FN: runs FN once per repeat, each time with run() doing only that repeat.
interleave() { local r; for r in $(seq 1 "$REPS"); do REP_ONLY=$r; "$@"; done; REP_ONLY=; }

gemm_steps() {
  if [ $NS_OK = 1 ]; then
    for t in 1 2; do run ns_gemm_t$t -- "${NS[@]}" gemm --threads $t; done
  fi
  if [ $PY_OK = 1 ]; then
    for t in 1 2; do run openblas_gemm_t$t $OB OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t -- $PY "$PEERS/gemm_bench.py" --threads $t --lib numpy; done
  fi
}
# FMNIST MLP 784-256-128-10, Adam
mlp_steps() {
  for b in 128 32; do
    [ $NS_OK = 1 ] && run ns_mlp_b$b -- "${NS[@]}" mlp --batch $b --epochs $EPOCHS --threads 2
    [ $PY_OK = 1 ] && run torch_mlp_b$b $OB OPENBLAS_NUM_THREADS=2 -- $PY "$PEERS/torch_mlp.py" --batch $b --opt adam --epochs $EPOCHS --threads 1
    [ $TS_OK = 1 ] && run ts_mlp_b$b -- "${TS[@]}" --task mlp --batch $b --opt adam --epochs $EPOCHS --threads 2
  done
  return 0
}
# TABULAR-SMALL 12-16-8-1, batch 32
tabular_steps() {
  # shellcheck disable=SC2086
  [ $NS_OK = 1 ] && run ns_tabular -- "${NS[@]}" tabular $NS_TABULAR_ARGS
  [ $PY_OK = 1 ] && run torch_tabular $OB OPENBLAS_NUM_THREADS=2 -- $PY "$PEERS/torch_tabular.py" --epochs $TAB_EPOCHS --threads 1
  [ $TS_OK = 1 ] && run ts_tabular -- "${TS[@]}" --task tabular --epochs $TAB_EPOCHS --threads 1
  return 0
}
# single-sample predict latency (MLP trained $LAT_EPOCHS epoch(s) first; 3 x 10,000 calls)
latency_steps() {
  # shellcheck disable=SC2086
  [ $NS_OK = 1 ] && run ns_latency -- "${NS[@]}" latency $NS_LATENCY_ARGS
  [ $PY_OK = 1 ] && run torch_latency $OB OPENBLAS_NUM_THREADS=2 -- $PY "$PEERS/torch_mlp.py" --batch 128 --opt adam --epochs $LAT_EPOCHS --threads 1 --latency
  [ $TS_OK = 1 ] && run ts_latency -- "${TS[@]}" --task mlp --batch 128 --opt adam --epochs $LAT_EPOCHS --threads 1 --latency
  return 0
}

for task in gemm mlp tabular latency; do
  want $task && interleave ${task}_steps
done

echo "== summary"
$PY "$ROOT/bench/summarize_side_by_side.py" "$OUT"
