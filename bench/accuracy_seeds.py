#!/usr/bin/python3
"""Test accuracy, NeuralSharp vs PyTorch, over several seeds (the issue's "± 0.5 point" check), for FMNIST-MLP
(--task mlp, the default) or TABULAR-SMALL (--task tabular).

For every batch size and seed 0..K-1 it trains both sides for E epochs, one run at a time:
  NeuralSharp: dotnet bench/NeuralSharp.Bench/bin/Release/net10.0/NeuralSharp.Bench.dll mlp --batch B --epochs E
               --threads 2 --seed S [--ns-args ...]                     (built once with dotnet build -c Release)
               (tabular: ... tabular --batch B --epochs E --seed S, the bench's default threads, as side_by_side.sh)
  PyTorch:     OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/peers/torch_mlp.py
               --batch B --opt adam --epochs E --threads 1 --seed S [--torch-args ...]
               (tabular: bench/peers/torch_tabular.py --batch B --epochs E --threads 1 --seed S)
and reads the final test accuracy from each run's JSON. Per batch size it prints a markdown table: mean ± sample
standard deviation of each side, the mean difference NeuralSharp − PyTorch in percentage points, and its 95 %
confidence interval from Welch's t (unequal variances; the seeds do not pair the runs, since the two libraries draw
different weights and orders from the same seed). Runs JSON/logs, runs.json and summary.md go to --out.

Usage: /usr/bin/python3 bench/accuracy_seeds.py [--task mlp|tabular] [--seeds 5] [--epochs 5 (tabular: 20)]
         [--batches 128 32 (tabular: 32)] [--out DIR]
         [--ns-args "--init torch --epsilon 1e-8"] [--torch-args "..."] [--no-build] [--resume]
Stdlib + numpy only.
"""
import argparse, datetime, json, math, os, shlex, subprocess, sys, time
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS_PROJECT = os.path.join(ROOT, "bench", "NeuralSharp.Bench", "NeuralSharp.Bench.csproj")
NS_DLL = os.path.join(ROOT, "bench", "NeuralSharp.Bench", "bin", "Release", "net10.0", "NeuralSharp.Bench.dll")
TORCH_MLP = os.path.join(ROOT, "bench", "peers", "torch_mlp.py")
TORCH_TABULAR = os.path.join(ROOT, "bench", "peers", "torch_tabular.py")
TITLE = {"mlp": "FMNIST-MLP 784-256-128-10", "tabular": "TABULAR-SMALL 12-16-8-1 (sigmoid, binary cross-entropy)"}
PY = "/usr/bin/python3"
SIDES = ("neuralsharp", "pytorch")
LABEL = {"neuralsharp": "NeuralSharp", "pytorch": "PyTorch"}


# ---- Student t quantile without scipy: t CDF through the regularized incomplete beta (continued fraction, as in
#      Numerical Recipes' betacf), inverted by bisection.
def _betacf(a, b, x):
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def _betai(a, b, x):
    if x <= 0.0 or x >= 1.0:
        return 0.0 if x <= 0.0 else 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1.0 - x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t, df):
    tail = 0.5 * _betai(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p, df):
    lo, hi = 0.0, 1e3
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_cdf(mid, df) < p else (lo, mid)
    return (lo + hi) / 2


def welch(a, b, level=0.95):
    """(difference of means, half-width, df) of mean(a) − mean(b); half-width None when a side has < 2 runs."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    d = a.mean() - b.mean()
    if len(a) < 2 or len(b) < 2:
        return d, None, None
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se2 = va + vb
    if se2 == 0:
        return d, 0.0, float("inf")
    df = se2 ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return d, t_quantile(0.5 + level / 2, df) * math.sqrt(se2), df


# ---- runs
def command(side, batch, seed, a):
    if a.task == "tabular":
        if side == "neuralsharp":
            return ["dotnet", NS_DLL, "tabular", "--batch", str(batch), "--epochs", str(a.epochs), "--seed", str(seed)] + shlex.split(a.ns_args)
        return [PY, TORCH_TABULAR, "--batch", str(batch), "--epochs", str(a.epochs), "--threads", "1",
                "--seed", str(seed)] + shlex.split(a.torch_args)
    if side == "neuralsharp":
        return ["dotnet", NS_DLL, "mlp", "--batch", str(batch), "--epochs", str(a.epochs), "--threads", "2",
                "--seed", str(seed)] + shlex.split(a.ns_args)
    return [PY, TORCH_MLP, "--batch", str(batch), "--opt", "adam", "--epochs", str(a.epochs), "--threads", "1",
            "--seed", str(seed)] + shlex.split(a.torch_args)


def environment(side):
    env = dict(os.environ)
    for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        env.pop(k, None)
    if side == "pytorch":  # as bench/side_by_side.sh
        env.update(OPENBLAS_CORETYPE="SkylakeX", OPENBLAS_NUM_THREADS="2")
    return env


def run_one(side, batch, seed, a):
    base = os.path.join(a.out, f"{side}_b{batch}_s{seed}")
    js = base + ".json"
    if a.resume and os.path.exists(js):
        with open(js) as f:
            r = json.load(f)
        task = {"mlp": "fmnist_mlp", "tabular": "tabular_small"}[a.task]
        if r.get("seed") == seed and r.get("batch") == batch and r.get("epochs") == a.epochs and r.get("task") == task:
            return dict(side=side, batch=batch, seed=seed, test_acc=r["test_acc"], wall_s=r.get("wall_s"), reused=True)
    if os.path.exists(js):
        os.remove(js)
    cmd = command(side, batch, seed, a) + ["--json", js]
    t0 = time.perf_counter()
    with open(base + ".txt", "w") as log:
        log.write("$ " + shlex.join(cmd) + "\n")
        log.flush()
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=environment(side), cwd=ROOT).returncode
    wall = time.perf_counter() - t0
    if rc != 0 or not os.path.exists(js):
        return dict(side=side, batch=batch, seed=seed, test_acc=None, wall_s=wall, error=f"exit code {rc}, see {base}.txt")
    with open(js) as f:
        r = json.load(f)
    r["wall_s"] = wall
    with open(js, "w") as f:
        json.dump(r, f, indent=1)
    return dict(side=side, batch=batch, seed=seed, test_acc=r["test_acc"], wall_s=wall,
                median_epoch_s=r.get("median_epoch_s"))


def summarize(runs, a):
    pts = lambda v: 100.0 * v
    lines = [f"{TITLE[a.task]}, Adam lr 1e-3, {a.epochs} epoch(s), seeds 0..{a.seeds - 1}; "
             f"NeuralSharp args: `{a.ns_args or '(bench defaults)'}`; PyTorch args: `{a.torch_args or '(defaults)'}`",
             "",
             "| batch | runs NS / PT | NeuralSharp acc % (mean ± sd) | PyTorch acc % (mean ± sd) | NS − PT (points) "
             "| 95 % CI of NS − PT (Welch t) | mean within ±0.5 | CI inside ±0.5 |",
             "|---:|---:|---:|---:|---:|---:|:---:|:---:|"]
    summary = {}
    for b in a.batches:
        acc = {s: [pts(r["test_acc"]) for r in runs if r["side"] == s and r["batch"] == b and r["test_acc"] is not None]
               for s in SIDES}
        cell = lambda v: (f"{np.mean(v):.2f} ± {np.std(v, ddof=1):.2f}" if len(v) > 1 else f"{v[0]:.2f}") if v else "n/a"
        row = [str(b), f"{len(acc['neuralsharp'])} / {len(acc['pytorch'])}", cell(acc["neuralsharp"]), cell(acc["pytorch"])]
        s = dict(neuralsharp=acc["neuralsharp"], pytorch=acc["pytorch"])
        if acc["neuralsharp"] and acc["pytorch"]:
            d, h, df = welch(acc["neuralsharp"], acc["pytorch"])
            row.append(f"{d:+.2f}")
            row.append(f"[{d - h:+.2f}, {d + h:+.2f}] (df {df:.1f})" if h is not None else "n/a (< 2 runs a side)")
            row.append("yes" if abs(d) <= 0.5 else "no")
            row.append(("yes" if d - h >= -0.5 and d + h <= 0.5 else "no") if h is not None else "n/a")
            s.update(diff_points=d, ci95_half_width=h, welch_df=df)
        else:
            row += ["n/a"] * 4
        summary[b] = s
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Per seed (test accuracy %, NeuralSharp / PyTorch):", "",
              "| batch | " + " | ".join(f"seed {k}" for k in range(a.seeds)) + " |",
              "|---:|" + "---:|" * a.seeds]
    for b in a.batches:
        def one(side, k):
            r = next((r for r in runs if r["side"] == side and r["batch"] == b and r["seed"] == k), None)
            return f"{pts(r['test_acc']):.2f}" if r and r["test_acc"] is not None else "n/a"
        lines.append(f"| {b} | " + " | ".join(f"{one('neuralsharp', k)} / {one('pytorch', k)}" for k in range(a.seeds)) + " |")
    return "\n".join(lines), summary


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--task", choices=sorted(TITLE), default="mlp", help="mlp (FMNIST-MLP, the default) or tabular (TABULAR-SMALL)")
    p.add_argument("--seeds", type=int, default=5, help="K: seeds 0..K-1 (default 5)")
    p.add_argument("--epochs", type=int, help="default 5 (tabular: 20, as side_by_side.sh)")
    p.add_argument("--batches", nargs="+", help="batch sizes (default 128 32, tabular 32; '128,32' works too)")
    p.add_argument("--out", help="result folder (default bench/results/accuracy-<timestamp>)")
    p.add_argument("--ns-args", default="", help="extra options for the NeuralSharp mlp or tabular task, e.g. '--init torch --epsilon 1e-8'")
    p.add_argument("--torch-args", default="", help="extra options for bench/peers/torch_mlp.py (torch_tabular.py with --task tabular)")
    p.add_argument("--no-build", action="store_true", help="use the NeuralSharp.Bench dll already built")
    p.add_argument("--resume", action="store_true", help="reuse runs whose JSON is already in --out (same task, seed, batch, epochs; "
                   "refused when --out's runs.json was made with other --ns-args / --torch-args)")
    a = p.parse_args()
    a.epochs = a.epochs or (20 if a.task == "tabular" else 5)
    a.batches = [int(x) for b in (a.batches or (["32"] if a.task == "tabular" else ["128", "32"])) for x in b.split(",") if x]
    a.out = os.path.abspath(a.out or os.path.join(ROOT, "bench", "results", "accuracy-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S")))
    os.makedirs(a.out, exist_ok=True)
    start = time.perf_counter()
    previous = os.path.join(a.out, "runs.json")
    if a.resume and os.path.exists(previous):
        with open(previous) as f:
            old = json.load(f).get("meta", {})
        for key, now in (("task", a.task), ("ns_args", a.ns_args), ("torch_args", a.torch_args)):
            if old.get(key, "mlp" if key == "task" else "") != now:
                sys.exit(f"!! --resume: {previous} was made with {key} {old.get(key)!r}, not {now!r}; use another --out")

    if not a.no_build:
        print("== dotnet build -c Release bench/NeuralSharp.Bench", flush=True)
        with open(os.path.join(a.out, "ns_build.log"), "w") as log:
            rc = subprocess.run(["dotnet", "build", "-c", "Release", NS_PROJECT], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT).returncode
        if rc != 0:
            sys.exit(f"!! build failed (see {a.out}/ns_build.log)")
    if not os.path.exists(NS_DLL):
        sys.exit(f"!! {NS_DLL} missing (build it, or drop --no-build)")

    git = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "diff", "--quiet"]).returncode != 0
    meta = dict(date=datetime.datetime.now().isoformat(timespec="seconds"), git=git + ("+dirty" if dirty else ""),
                task=a.task, seeds=a.seeds, epochs=a.epochs, batches=a.batches, ns_args=a.ns_args, torch_args=a.torch_args,
                nproc=os.cpu_count())
    runs = []
    total = len(a.batches) * a.seeds * len(SIDES)
    print(f"== {total} runs -> {a.out}", flush=True)
    for b in a.batches:
        for k in range(a.seeds):
            for side in SIDES:
                r = run_one(side, b, k, a)
                runs.append(r)
                acc = f"{100 * r['test_acc']:.2f} %" if r["test_acc"] is not None else "FAILED: " + r["error"]
                wall = f"{r['wall_s']:.0f} s" if r.get("wall_s") is not None else "?"
                print(f"[{len(runs)}/{total}] {LABEL[side]:<11} batch {b:<4} seed {k}: test acc {acc}  "
                      f"({'reused' if r.get('reused') else wall})", flush=True)
                with open(os.path.join(a.out, "runs.json"), "w") as f:
                    json.dump(dict(meta=meta, runs=runs), f, indent=1)

    table, summary = summarize(runs, a)
    meta["wall_s"] = time.perf_counter() - start
    with open(os.path.join(a.out, "runs.json"), "w") as f:
        json.dump(dict(meta=meta, runs=runs, summary={str(k): v for k, v in summary.items()}), f, indent=1)
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write(table + "\n")
    print("\n" + table)
    print(f"\n(total {meta['wall_s'] / 60:.1f} min; runs, logs, runs.json and summary.md in {a.out})")


if __name__ == "__main__":
    main()
