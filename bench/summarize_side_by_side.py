"""Summarizes one bench/side_by_side.sh result folder: prints ONE markdown table (medians over repeats, ratios) and
writes summary.md + summary.json into the folder. Usage: /usr/bin/python3 bench/summarize_side_by_side.py RESULT_DIR

Ratios: time-like metrics (epoch s, us/step, latency, memory) are NeuralSharp / peer, so < 1.00x means NeuralSharp
is faster/smaller; GEMM is NeuralSharp GFLOP/s as % of OpenBLAS (numpy, SkylakeX kernel); accuracy is the difference in
percentage points. Missing pieces (program absent, failed, field not in its JSON) print n/a.
"""
import glob, json, math, os, re, statistics, sys
from collections import defaultdict

D = sys.argv[1] if len(sys.argv) > 1 else sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "*")))[-1]
runs = defaultdict(list)
for f in sorted(glob.glob(os.path.join(D, "*_r*.json"))):
    try:
        runs[re.sub(r"_r\d+\.json$", "", os.path.basename(f))].append(json.load(open(f)))
    except (OSError, ValueError) as e:
        print(f"(skipping unreadable {f}: {e})", file=sys.stderr)
meta = {}
if os.path.exists(os.path.join(D, "meta.json")):
    try:
        meta = json.load(open(os.path.join(D, "meta.json")))
    except ValueError:
        pass


def med(xs):
    xs = [x for x in xs if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)]
    return statistics.median(xs) if xs else None


def steps_per_epoch(d, n):
    b = d.get("batch")
    return (n + b - 1) // b if isinstance(b, int) and b > 0 else None


def us_per_step(d, n):
    if isinstance(d.get("us_per_step"), (int, float)):
        return d["us_per_step"]
    s = steps_per_epoch(d, n)
    return d["median_epoch_s"] / s * 1e6 if s and isinstance(d.get("median_epoch_s"), (int, float)) else None


def lat(d, which):
    """Latency median/p99 in us from a run: peers store latency{mode: [reps]}; accept flat forms too.
    Prefers the 'from array' mode (from_numpy / from_array: a fresh float row per call, like a real request)."""
    L = d.get("latency", d)
    if isinstance(L, dict) and which in L and isinstance(L[which], (int, float)):
        return L[which]
    if isinstance(L, dict):
        modes = [k for k in L if isinstance(L[k], (list, dict))]
        pref = [k for k in modes if k.startswith("from")] + [k for k in modes if not k.startswith("from")]
        for k in pref:
            v = L[k]
            reps = v if isinstance(v, list) else [v]
            m = med([r.get(which) for r in reps if isinstance(r, dict)])
            if m is not None:
                return m
    if isinstance(L, list):
        return med([r.get(which) for r in L if isinstance(r, dict)])
    return None


def metric(label, fn):
    return med([fn(d) for d in runs.get(label, [])])


def gemm_rates(label):
    """{shape key: median over repeats of best GFLOP/s}; keys are shape names, plus (M,N,K) for matching."""
    by = defaultdict(list)
    names = {}
    for d in runs.get(label, []):
        rs = d.get("results") or d.get("shapes") or []
        if isinstance(rs, dict):
            rs = [dict(shape=k, **v) if isinstance(v, dict) else dict(shape=k, gflops=v) for k, v in rs.items()]
        for r in rs:
            g = next((r[k] for k in ("best_gflops", "gflops", "median_gflops") if isinstance(r.get(k), (int, float))), None)
            mnk = tuple(r.get(k) for k in ("M", "N", "K"))
            key = r.get("shape") or r.get("name") or str(mnk)
            names[key] = mnk
            by[key].append(g)
    return {k: med(v) for k, v in by.items()}, names


def fmt(v, nd=1):
    if v is None:
        return "n/a"
    return f"{v:.{nd}f}" if abs(v) < 1e5 else f"{v:.3g}"


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b not in (None, 0) else "n/a"


rows, S = [], {"dir": os.path.abspath(D), "meta": meta, "metrics": {}}


def row(name, ns, pt, ts, ob=None, nd=1, kind="time"):
    if kind == "acc":
        r_pt = f"{(ns - pt) * 100:+.2f} pp" if ns is not None and pt is not None else "n/a"
        r_ts = f"{(ns - ts) * 100:+.2f} pp" if ns is not None and ts is not None else "n/a"
    elif kind == "gemm":
        r_pt = r_ts = ""
    else:
        r_pt, r_ts = ratio(ns, pt), ratio(ns, ts)
    r_ob = (f"{ns / ob * 100:.0f}%" if ns is not None and ob else "n/a") if kind == "gemm" else ""
    rows.append(f"| {name} | {fmt(ns, nd)} | {'' if kind == 'gemm' else fmt(pt, nd)} | {'' if kind == 'gemm' else fmt(ts, nd)} "
                f"| {fmt(ob, nd) if kind == 'gemm' else ''} | {r_pt} | {r_ts} | {r_ob} |")
    S["metrics"][name] = dict(neuralsharp=ns, pytorch=pt, torchsharp=ts, openblas=ob,
                              ns_over_pytorch=(ns / pt if kind not in ("acc", "gemm") and ns is not None and pt else None),
                              ns_over_torchsharp=(ns / ts if kind not in ("acc", "gemm") and ns is not None and ts else None),
                              ns_pct_of_openblas=(ns / ob * 100 if kind == "gemm" and ns is not None and ob else None))


FM, TAB = 60000, 8000
for b in (128, 32):
    L = {p: f"{p}_mlp_b{b}" for p in ("ns", "torch", "ts")}
    g = lambda f: [metric(L[p], f) for p in ("ns", "torch", "ts")]
    row(f"MLP b{b}: median epoch (s)", *g(lambda d: d.get("median_epoch_s")), nd=3)
    row(f"MLP b{b}: us/step", *g(lambda d: us_per_step(d, FM)))
    row(f"MLP b{b}: test accuracy", *g(lambda d: d.get("test_acc")), nd=4, kind="acc")
    row(f"MLP b{b}: peak RSS (MiB)", *g(lambda d: d.get("peak_rss_mib")), nd=0)
T = ("ns_tabular", "torch_tabular", "ts_tabular")
row("Tabular b32: median epoch (ms)", *[(lambda v: v * 1e3 if v is not None else None)(metric(l, lambda d: d.get("median_epoch_s"))) for l in T], nd=1)
row("Tabular b32: us/step", *[metric(l, lambda d: us_per_step(d, TAB)) for l in T])
row("Tabular: test accuracy", *[metric(l, lambda d: d.get("test_acc")) for l in T], nd=4, kind="acc")
row("Tabular: peak RSS (MiB)", *[metric(l, lambda d: d.get("peak_rss_mib")) for l in T], nd=0)
Lt = ("ns_latency", "torch_latency", "ts_latency")
row("Latency 1 sample: median (us)", *[metric(l, lambda d: lat(d, "median_us")) for l in Lt])
row("Latency 1 sample: p99 (us)", *[metric(l, lambda d: lat(d, "p99_us")) for l in Lt])
for t in (1, 2):
    ns, ns_names = gemm_rates(f"ns_gemm_t{t}")
    ob, ob_names = gemm_rates(f"openblas_gemm_t{t}")
    ob_by_mnk = {ob_names[k]: v for k, v in ob.items()}
    shapes = list(ob) + [k for k in ns if k not in ob] if ob else list(ns)
    if not shapes:
        row(f"GEMM {t}T (GFLOP/s)", None, None, None, None, kind="gemm")
        continue
    pct = []
    for s in shapes:
        n_v = ns.get(s)
        o_v = ob.get(s)
        if o_v is None and s in ns_names:
            o_v = ob_by_mnk.get(ns_names[s])
        if n_v is None and s in ob_names:  # NeuralSharp may name shapes differently: match on (M,N,K)
            n_v = next((v for k, v in ns.items() if ns_names.get(k) == ob_names[s] and None not in ob_names[s]), None)
        if n_v and o_v:
            pct.append(n_v / o_v)
        row(f"GEMM {t}T {s} (GFLOP/s)", n_v, None, None, o_v, kind="gemm")
    gm = math.exp(sum(map(math.log, pct)) / len(pct)) * 100 if pct else None
    rows.append(f"| GEMM {t}T geometric mean over shapes |  |  |  |  |  |  | {fmt(gm, 0) + '%' if gm else 'n/a'} |")
    S["metrics"][f"GEMM {t}T geomean % of OpenBLAS"] = gm

hdr = ["| metric (median of repeats) | NeuralSharp | PyTorch | TorchSharp | OpenBLAS | NS / PyTorch | NS / TorchSharp | NS % of OpenBLAS |",
       "|---|---:|---:|---:|---:|---:|---:|---:|"]
counts = ", ".join(f"{k}: {len(v)}" for k, v in sorted(runs.items())) or "none"
head = [f"Side-by-side results: {os.path.abspath(D)}",
        f"{meta.get('date', '')}  git {meta.get('git', '?')}  CPU {meta.get('cpu', '?')}  nproc {meta.get('nproc', '?')}  "
        f"reps {meta.get('reps', '?')}  quick {meta.get('quick', '?')}",
        f"runs with JSON: {counts}", ""]
md = "\n".join(head + hdr + rows) + "\n\nTime ratios < 1.00x: NeuralSharp faster. Latency peers: 'from array/numpy' mode. pp = percentage points.\n"
print(md)
S["runs"] = {k: len(v) for k, v in runs.items()}
open(os.path.join(D, "summary.md"), "w").write(md)
json.dump(S, open(os.path.join(D, "summary.json"), "w"), indent=1)
