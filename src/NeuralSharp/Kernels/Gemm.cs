using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// column panels of op(B) (32 columns each) is packed, then every 12-row tile of A is read in place and run
/// against each packed panel by a 12×32 register-tile kernel.
/// Why: 24 zmm accumulators (12 rows × 2 vectors) with one broadcast and two FMAs per row per k step keep
/// both FMA ports busy; a 12×512 A tile (24 KiB) stays in L1 while 32×512 B panels stream from L2, and a
/// 16-panel block (1 MiB) fits the 2 MiB L2.
/// Threads own disjoint column panels, or row tiles when A is taller than B is wide (m &gt; n), and pack their
/// own B. K is never split, so each C element is one fixed chain of FMAs: results are bitwise identical for
/// any thread count and any path (see <see cref="GemmMicroKernels"/>).
/// </remarks>
internal static unsafe class Gemm
{
    public const int TileRows = 12;
    public const int PanelWidth = 32;
    public const int MaxKBlock = 512;
    public const int BlockPanels = 16;

    // Why: below ~1M multiply-adds (about 10 µs on one core) waking a helper costs more than it saves.
    private const long MinParallelWork = 1L << 20;

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

        int kBlocks = (k + MaxKBlock - 1) / MaxKBlock;
        int kc = (k + kBlocks - 1) / kBlocks;
        int panels = (n + PanelWidth - 1) / PanelWidth;
        int rowTiles = (m + TileRows - 1) / TileRows;
        int threads = Math.Clamp(maxThreads, 1, Environment.ProcessorCount);
        if (!t_forceParallel && (long)m * n * k < MinParallelWork)
        {
            threads = 1;
        }

        // Why: a column share re-reads all of A (m·k) on every thread, a row share re-packs all of B (k·n); split
        // the way that duplicates less. E.g. Xᵀ·dY at 784×128·128×256 runs ~15% faster on 2 threads by rows.
        bool splitColumns = panels >= threads && (m <= n || rowTiles < threads);
        threads = Math.Min(threads, splitColumns ? panels : rowTiles);
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            var job = new GemmJob(path, transposeA, transposeB, m, n, k, kc, pa, pb, pc, accumulate, splitColumns, new GemmEpilogue(pbias, relu, path));
            if (threads <= 1 || !GemmWorkers.TryRun(in job, threads))
            {
                job.RunShare(0, 1);
            }
        }
    }

    private static void ThrowIfShorter(int length, long required, string name)
    {
        if (length < required)
        {
            throw new ArgumentException($"Span has {length} elements; the shape needs {required}.", name);
        }
    }
}

/// <summary>One product, with the operands pinned by the caller for the duration of the call.</summary>
internal readonly unsafe struct GemmJob(
    GemmPath path, bool transposeA, bool transposeB, int m, int n, int k, int kc, float* a, float* b, float* c, bool accumulate, bool splitColumns, GemmEpilogue epilogue)
{
    /// <summary>Computes share <paramref name="index"/> of <paramref name="count"/>: a contiguous range of column panels or row tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunShare(int index, int count)
    {
        int panel0 = 0;
        int panel1 = (n + Gemm.PanelWidth - 1) / Gemm.PanelWidth;
        int tile0 = 0;
        int tile1 = (m + Gemm.TileRows - 1) / Gemm.TileRows;
        if (splitColumns)
        {
            (panel0, panel1) = Split(panel1, index, count);
        }
        else
        {
            (tile0, tile1) = Split(tile1, index, count);
        }

        if (panel0 >= panel1 || tile0 >= tile1)
        {
            return;
        }

        int blockPanels = Math.Min(Gemm.BlockPanels, panel1 - panel0);
        int packedSize = blockPanels * Gemm.PanelWidth * kc;
        const int TileSize = Gemm.TileRows * Gemm.PanelWidth;
        float* packedB = GemmScratch.Current.Reserve(packedSize + TileSize + (Gemm.TileRows * kc));
        float* edgeTile = packedB + packedSize;
        float* aStrip = edgeTile + TileSize;

        for (int jp = panel0; jp < panel1; jp += blockPanels)
        {
            int blockCount = Math.Min(blockPanels, panel1 - jp);
            for (int p0 = 0; p0 < k; p0 += kc)
            {
                int kcur = Math.Min(kc, k - p0);
                bool load = accumulate || p0 > 0;
                bool finish = epilogue.Active && p0 + kcur == k;
                GemmPacking.PackB(path, transposeB, b, n, k, p0, kcur, jp * Gemm.PanelWidth, blockCount, packedB);
                for (int it = tile0; it < tile1; it++)
                {
                    int row0 = it * Gemm.TileRows;
                    int rows = Math.Min(Gemm.TileRows, m - row0);
                    float* aTile;
                    nint rowStride;
                    nint stepStride;
                    if (rows < Gemm.TileRows)
                    {
                        GemmPacking.PackAStrip(transposeA, a, m, k, row0, rows, p0, kcur, aStrip);
                        aTile = aStrip;
                        rowStride = 1;
                        stepStride = Gemm.TileRows;
                    }
                    else if (transposeA)
                    {
                        aTile = a + ((nint)p0 * m) + row0;
                        rowStride = 1;
                        stepStride = m;
                    }
                    else
                    {
                        aTile = a + ((nint)row0 * k) + p0;
                        rowStride = k;
                        stepStride = 1;
                    }

                    for (int q = 0; q < blockCount; q++)
                    {
                        int col0 = (jp + q) * Gemm.PanelWidth;
                        int cols = Math.Min(Gemm.PanelWidth, n - col0);
                        float* panel = packedB + ((nint)q * kcur * Gemm.PanelWidth);
                        float* cTile = c + ((nint)row0 * n) + col0;
                        if (rows == Gemm.TileRows && cols == Gemm.PanelWidth)
                        {
                            GemmMicroKernels.Tile(path, aTile, rowStride, stepStride, panel, kcur, cTile, n, load);
                        }
                        else
                        {
                            EdgeTile(aTile, rowStride, stepStride, panel, kcur, cTile, rows, cols, load, edgeTile);
                        }

                        if (finish)
                        {
                            epilogue.Apply(cTile, n, rows, col0, cols);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A partial tile runs the full kernel on a zero-padded copy of its C part, so its arithmetic matches full tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EdgeTile(float* aTile, nint rowStride, nint stepStride, float* panel, int kcur, float* cTile, int rows, int cols, bool load, float* tile)
    {
        uint rowBytes = (uint)(cols * sizeof(float));
        if (load)
        {
            Unsafe.InitBlockUnaligned(tile, 0, Gemm.TileRows * Gemm.PanelWidth * sizeof(float));
            for (int r = 0; r < rows; r++)
            {
                Unsafe.CopyBlockUnaligned(tile + (r * Gemm.PanelWidth), cTile + ((nint)r * n), rowBytes);
            }
        }

        GemmMicroKernels.Tile(path, aTile, rowStride, stepStride, panel, kcur, tile, Gemm.PanelWidth, load);
        for (int r = 0; r < rows; r++)
        {
            Unsafe.CopyBlockUnaligned(cTile + ((nint)r * n), tile + (r * Gemm.PanelWidth), rowBytes);
        }
    }

    private static (int Start, int End) Split(int total, int index, int count) =>
        ((int)((long)total * index / count), (int)((long)total * (index + 1) / count));
}

/// <summary>Per-thread packing memory, grown on demand and then reused, so steady-state calls allocate nothing.</summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic]
    private static GemmScratch? t_current;

    private float[]? _storage;
    private float* _aligned;
    private int _capacity;

    public static GemmScratch Current => t_current ??= new GemmScratch();

    /// <summary>Returns 64-byte-aligned room for <paramref name="floats"/> values, valid until the next call on this thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float* Reserve(int floats)
    {
        if (floats > _capacity)
        {
            // Why: pinned so the pointer stays valid; 64-byte aligned so packed panels never split cache lines.
            _storage = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
            nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
            _aligned = (float*)((start + 63) & ~(nint)63);
            _capacity = floats;
        }

        return _aligned;
    }
}
