"""Accuracy with default settings: `neuralsharp train` vs scikit-learn's MLPClassifier on the same splits.

For each standard tabular set (scikit-learn's bundled iris, wine, breast_cancer, digits; the repo's churn.csv)
and each seed, one stratified 80/20 train/test split is written to CSV; scikit-learn fits StandardScaler +
MLPClassifier() (its defaults) on the training file, neuralsharp runs `train --test` with its defaults. Prints
the mean test accuracy over the splits of each and the difference in points.

Usage: /usr/bin/python3 bench/peers/tabular_accuracy.py [--seeds 10] [--json out.json]
Needs Debian's python3-sklearn and python3-numpy.
"""
import argparse, csv, json, os, statistics, subprocess, sys, tempfile, warnings
import numpy as np
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.compose import ColumnTransformer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, "neuralsharp")


def bundled(name):
    d = getattr(datasets, f"load_{name}")()
    labels = [str(d.target_names[t]) for t in d.target] if name in ("iris", "wine") else [str(t) for t in d.target]
    names = [f"f{i}" for i in range(d.data.shape[1])]
    rows = [dict(zip(names, map(float, r)), target=lab) for r, lab in zip(d.data, labels)]
    return names, [], rows


def churn():
    with open(os.path.join(ROOT, "data", "churn.csv"), newline="") as fh:
        rows = list(csv.DictReader(fh))
    numeric = ["credit_score", "age", "tenure", "balance", "products", "has_card", "active", "salary"]
    categorical = ["country", "gender"]
    out = [dict({k: float(r[k]) for k in numeric}, **{k: r[k] for k in categorical}, target=r["exited"]) for r in rows]
    return numeric, categorical, out


def write(path, rows, columns):
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns + ["target"])
        w.writeheader()
        w.writerows(rows)


def sklearn_accuracy(numeric, categorical, train, test, seed):
    cols = numeric + categorical
    pre = ColumnTransformer([("num", StandardScaler(), list(range(len(numeric))))] +
                            ([("cat", OneHotEncoder(handle_unknown="ignore"), list(range(len(numeric), len(cols))))] if categorical else []))
    model = make_pipeline(pre, MLPClassifier(random_state=seed))
    to_x = lambda rows: np.array([[r[c] for c in cols] for r in rows], dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(to_x(train), [r["target"] for r in train])
    return float(np.mean(model.predict(to_x(test)) == np.array([r["target"] for r in test])))


def neuralsharp_accuracy(tmp, seed, extra):
    out = subprocess.run([CLI, "train", os.path.join(tmp, "train.csv"), "--target", "target", "--test", os.path.join(tmp, "test.csv"),
                          "--seed", str(seed), "--json", "--quiet", "--output", os.path.join(tmp, "m.nsm")] + extra,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"neuralsharp failed: {out.stderr.strip()}")
    return json.loads(out.stdout)["metrics"]["accuracy"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--json")
    p.add_argument("--only", help="comma-separated data sets")
    p.add_argument("--ns-args", default="", help="extra arguments for neuralsharp train (for experiments)")
    a = p.parse_args()
    sets = {"iris": lambda: bundled("iris"), "wine": lambda: bundled("wine"), "breast_cancer": lambda: bundled("breast_cancer"),
            "digits": lambda: bundled("digits"), "churn": churn}
    results = {}
    print(f"{'data set':<14}{'rows':>6}  {'sklearn MLP':>12}{'neuralsharp':>13}{'diff (pts)':>12}")
    for name, load in sets.items():
        if a.only and name not in a.only.split(","):
            continue
        numeric, categorical, rows = load()
        sk, ns = [], []
        for seed in range(a.seeds):
            train, test = train_test_split(rows, test_size=0.2, random_state=seed, stratify=[r["target"] for r in rows])
            with tempfile.TemporaryDirectory() as tmp:
                write(os.path.join(tmp, "train.csv"), train, numeric + categorical)
                write(os.path.join(tmp, "test.csv"), test, numeric + categorical)
                sk.append(sklearn_accuracy(numeric, categorical, train, test, seed))
                ns.append(neuralsharp_accuracy(tmp, seed, a.ns_args.split()))
        s, n = statistics.fmean(sk), statistics.fmean(ns)
        results[name] = dict(rows=len(rows), sklearn=sk, neuralsharp=ns, sklearn_mean=s, neuralsharp_mean=n, diff_points=100 * (n - s))
        print(f"{name:<14}{len(rows):>6}  {s:>12.4f}{n:>13.4f}{100 * (n - s):>+12.2f}", flush=True)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
