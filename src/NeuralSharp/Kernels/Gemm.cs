using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuralSharp.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>Instruction-set path for <see cref="Gemm"/>; <see cref="Auto"/> picks the widest one the CPU supports.</summary>
internal enum GemmPath
{
    Auto,
    Avx512,
    Vector256,
    Scalar,
}

/// <summary>Single-precision matrix multiply: C[m×n] (+)= op(A)·op(B), contiguous row-major operands.</summary>
/// <remarks>
/// C[i, j] (+)= Σₚ op(A)[i, p]·op(B)[p, j], with op(A)[i, p] = A[i·k + p] (or A[p·m + i] when transposeA) and
/// op(B)[p, j] = B[p·n + j] (or B[j·k + p] when transposeB).
/// Blocking (GotoBLAS-style): k is cut into equal blocks of at most 512; for each block, a range of up to 16
/// column panels of op(B) (32 columns each) is packed (or read in place when few row tiles share it, see
/// <see cref="MaxInPlaceTiles"/>), then every 12-row tile of A is read in place and run against each panel by a
/// 12×32 register-tile kernel.
/// Why: 24 zmm accumulators (12 rows × 2 vectors) with one broadcast and two FMAs per row per k step keep
/// both FMA ports busy; a 12×512 A tile (24 KiB) stays in L1 while 32×512 B panels stream from L2, and a
/// 16-panel block (1 MiB) fits the 2 MiB L2.
/// Threads own disjoint column panels, or row tiles when A is taller than B is wide (m &gt; n), and each packs (or
/// reads in place) the B it needs. K is split between threads only where the shape calls for it
/// (<see cref="SplitsK"/>), in the same two halves on any thread count, so each C element is a fixed computation: results are bitwise identical for any thread count
/// and any path (see <see cref="GemmMicroKernels"/>).
/// </remarks>
internal static unsafe class Gemm
{
    public const int TileRows = 12;
    public const int PanelWidth = 32;
    public const int MaxKBlock = 512;
    public const int BlockPanels = 16;

    /// <summary>
    /// The most row tiles that read op(B) in place, panel by panel at B's own row stride, instead of from a packed copy;
    /// only for B not transposed with n a multiple of <see cref="PanelWidth"/>, so every panel is whole.
    /// </summary>
    /// <remarks>
    /// Why: packing reads and writes the whole B block once, which pays only when enough row tiles reuse it. A dense
    /// layer's forward at a small batch packs all of W for two or three tiles: X·W at 32×784·784×256 took 81 µs on 2
    /// threads packed and 60 in place (1 thread: 143 and 109), and FMNIST-MLP's batch-32 step went from 304 to 284 µs.
    /// At 96 rows (8 tiles) in place was still faster (151 → 140 µs on 2 threads); at 128 rows (11 tiles) it was not.
    /// </remarks>
    public const int MaxInPlaceTiles = 8;

    // Why: below ~1M multiply-adds (about 10 µs on one core) waking a helper costs more than it saves.
    private const long MinParallelWork = 1L << 20;

    // Why: each K half keeps at least 128 steps per tile, so storing and re-adding the C tile stays a small part.
    private const int MinSplitK = 256;

    [ThreadStatic]
    private static GemmPath t_forcedPath;

    [ThreadStatic]
    private static bool t_forceParallel;

    /// <summary>The path used by calls on this thread; <see cref="GemmPath.Auto"/> (default) picks by hardware. For tests and benchmarks.</summary>
    internal static GemmPath ForcedPath
    {
        get => t_forcedPath;
        set => t_forcedPath = value;
    }

    /// <summary>When set, calls on this thread use helper threads even for small products. For tests.</summary>
    internal static bool ForceParallel
    {
        get => t_forceParallel;
        set => t_forceParallel = value;
    }

    /// <summary>The path a product on this thread takes: the forced one, else the best.</summary>
    internal static GemmPath CurrentPath => t_forcedPath == GemmPath.Auto ? BestPath : t_forcedPath;

    /// <summary>The widest path this CPU runs.</summary>
    internal static GemmPath BestPath { get; } =
        IsSupported(GemmPath.Avx512) ? GemmPath.Avx512 : IsSupported(GemmPath.Vector256) ? GemmPath.Vector256 : GemmPath.Scalar;

    internal static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Avx512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        GemmPath.Vector256 => Avx2.IsSupported && Fma.IsSupported && Vector256.IsHardwareAccelerated,
        _ => true,
    };

    // C[m×n] = op(A)·op(B)  (or C += op(A)·op(B) when accumulate). All contiguous row-major, no leading dims.
    // A is m×k, or k×m when transposeA (then op(A) = Aᵀ). B is k×n, or n×k when transposeB.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, int maxThreads)
        => Multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, maxThreads, [], relu: false);

    /// <summary>
    /// As the plain product, then C[i, j] = f(C[i, j] + bias[j]) with f = ReLU when <paramref name="relu"/> (else the
    /// identity) and no bias when <paramref name="bias"/> is empty, applied by the thread that computed each tile right
    /// after its last K block.
    /// </summary>
    /// <remarks>
    /// Why: a separate bias or ReLU pass reads and writes all of C once more on one thread, and leaves it in that one
    /// core's cache for the next product. The values are those of the plain product followed by
    /// <see cref="RowKernels.AddRowVector{T}"/> and <see cref="ActivationKernels.Forward{T}"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, int maxThreads, ReadOnlySpan<float> bias, bool relu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ThrowIfShorter(a.Length, (long)m * k, nameof(a));
        ThrowIfShorter(b.Length, (long)k * n, nameof(b));
        ThrowIfShorter(c.Length, (long)m * n, nameof(c));
        if (!bias.IsEmpty && bias.Length != n)
        {
            throw new ArgumentException($"Bias has {bias.Length} elements; C has {n} columns.", nameof(bias));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            GemmEpilogue.ApplyAll(c, m, n, bias, relu, CurrentPath);
            return;
        }

        GemmPath path = CurrentPath;
        if (!IsSupported(path))
        {
            throw new PlatformNotSupportedException($"GEMM path {path} is not supported on this CPU.");
        }

        if (m <= GemmSmall.MaxRows)
        {
            GemmSmall.Multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate);
            GemmEpilogue.ApplyAll(c, m, n, bias, relu, path);
            return;
        }

        bool kHalves = SplitsK(transposeB, k);
        int kBlocks = (k + MaxKBlock - 1) / MaxKBlock;
        int kc = kHalves ? FirstKHalf(k) : (k + kBlocks - 1) / kBlocks;
        int panels = (n + PanelWidth - 1) / PanelWidth;
        int rowTiles = (m + TileRows - 1) / TileRows;
        int threads = Math.Clamp(maxThreads, 1, Environment.ProcessorCount);
        if (!t_forceParallel && (long)m * n * k < MinParallelWork)
        {
            threads = 1;
        }

        // Why: a column share re-reads all of A (m·k) on every thread, a row share re-reads (and, packing, re-packs)
        // all of B (k·n); split the way that duplicates less. E.g. Xᵀ·dY at 784×128·128×256 runs ~15% faster on 2
        // threads by rows. When B is the big operand of a K-halved product (a dense layer's forward at batch ≤ k/2),
        // threads take K halves.
        bool byHalves = kHalves && k >= 2 * m;
        bool splitColumns = panels >= threads && (m <= n || rowTiles < threads);
        threads = Math.Min(threads, byHalves ? 2 * panels : splitColumns ? panels : rowTiles);
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            var epilogue = new GemmEpilogue(pbias, relu, path);
            if (threads > 1)
            {
                float* partial = byHalves ? GemmScratch.Partial.Reserve(m * n) : null;
                var job = new GemmJob(path, transposeA, transposeB, m, n, k, kc, pa, pb, pc, accumulate, splitColumns, epilogue, kHalves, partial);
                if (GemmWorkers.TryRun(in job, threads))
                {
                    if (byHalves)
                    {
                        GemmKHalves.Sum(pc, partial, m, n, epilogue, path, threads);
                    }

                    return;
                }
            }

            new GemmJob(path, transposeA, transposeB, m, n, k, kc, pa, pb, pc, accumulate, splitColumns, epilogue, kHalves).RunShare(0, 1);
        }
    }

    /// <summary>
    /// Whether a product of this shape is computed as the sum of its two K halves, C = C₀ + C₁ (each half one chain of
    /// FMAs over kc = ⌈k/2⌉ steps, then one addition) rather than as one chain over all of K. It depends on k and the
    /// layout of B alone, never on m or the thread count, so every thread count, and the single-example paths
    /// (<see cref="GemmSmall"/>, <see cref="Gemv"/>), give the same bits as the batch product.
    /// </summary>
    /// <remarks>
    /// Why: in a dense layer's forward, X[m×k]·W[k×n], the optimizer has just updated W split by rows, so each core
    /// holds the dirty rows of its own half in its cache. A column split makes every core read half of the other
    /// core's rows (FMNIST-MLP's first layer ran ~35% slower inside the training step than alone); with K halves each
    /// core reads only its own rows, at the cost of one m×n partial sum. FMNIST-MLP epochs went from 0.364 to 0.335 s at
    /// batch 128 and from 0.66 to 0.55 s at batch 32 (interleaved runs). Not for B transposed (dY·Wᵀ: there the column split already
    /// follows W's rows), nor for K shorter than 256 (the halves would be short chains; dW at batch 128 is one) or
    /// longer than two blocks.
    /// </remarks>
    internal static bool SplitsK(bool transposeB, int k) => !transposeB && k >= MinSplitK && k <= 2 * MaxKBlock;

    /// <summary>The length of the first K half of a product that <see cref="SplitsK"/>; the second has the rest.</summary>
    internal static int FirstKHalf(int k) => (k + 1) / 2;

    private static void ThrowIfShorter(int length, long required, string name)
    {
        if (length < required)
        {
            throw new ArgumentException($"Span has {length} elements; the shape needs {required}.", name);
        }
    }
}

/// <summary>Per-thread packing memory, grown on demand and then reused, so steady-state calls allocate nothing.</summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic]
    private static GemmScratch? t_current;

    [ThreadStatic]
    private static GemmScratch? t_partial;

    private float[]? _storage;
    private float* _aligned;
    private int _capacity;

    public static GemmScratch Current => t_current ??= new GemmScratch();

    /// <summary>The calling thread's room for the second K half of a split product (<see cref="Gemm.SplitsK"/>), written by helpers.</summary>
    public static GemmScratch Partial => t_partial ??= new GemmScratch();

    /// <summary>Returns 64-byte-aligned room for <paramref name="floats"/> values, valid until the next call on this thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float* Reserve(int floats)
    {
        if (floats > _capacity)
        {
            // Why: pinned so the pointer stays valid; 64-byte aligned so packed panels never split cache lines.
            _storage = AlignedArray.Allocate<float>(floats, zeroed: false, out int offset);
            _aligned = (float*)Unsafe.AsPointer(ref _storage[offset]);
            _capacity = floats;
        }

        return _aligned;
    }
}
