"""Shared helpers for the peer benchmarks (Debian python3: /usr/bin/python3)."""
import gzip, os, resource, statistics, struct, subprocess, time
import numpy as np

FMNIST_DIR = os.environ.get("FMNIST_DIR", "/usr/share/datasets/fashion-mnist")
HERE = os.path.dirname(os.path.abspath(__file__))
TABULAR_CSV = os.path.join(os.path.dirname(HERE), "data", "tabular_small.csv")


def _read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path  # unsigned byte
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fmnist():
    """Returns (Xtr[60000,784] f32 in [0,1], ytr int64, Xte[10000,784], yte)."""
    d = FMNIST_DIR
    xtr = _read_idx(f"{d}/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    ytr = _read_idx(f"{d}/train-labels-idx1-ubyte.gz").astype(np.int64)
    xte = _read_idx(f"{d}/t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    yte = _read_idx(f"{d}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    return xtr, ytr, xte, yte


def load_tabular():
    """Returns (Xtr, ytr, Xte, yte) float32 from data/tabular_small.csv (first 8000 rows train, last 2000 test)."""
    a = np.loadtxt(TABULAR_CSV, delimiter=",", skiprows=1, dtype=np.float32)
    X, y = a[:, :12], a[:, 12]
    return X[:8000], y[:8000], X[8000:], y[8000:]


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def median_epochs_2_to_5(epoch_times):
    return statistics.median(epoch_times[1:]) if len(epoch_times) > 1 else epoch_times[0]


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def blas_info():
    """[(api, kernel, threads)] of the BLAS/OpenMP pools loaded in this process (threadpoolctl)."""
    import threadpoolctl
    return [(d["internal_api"], d.get("architecture"), d["num_threads"]) for d in threadpoolctl.threadpool_info()]
