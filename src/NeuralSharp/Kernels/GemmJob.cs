using System.Runtime.CompilerServices;

namespace NeuralSharp.Kernels;

/// <summary>What a register tile does with the C it lands on.</summary>
internal enum TileStore
{
    /// <summary>C = A·B (the chain starts from +0).</summary>
    Overwrite,

    /// <summary>C = C + A·B as one chain that starts from C (the next K block of the same product).</summary>
    Continue,

    /// <summary>C = C + (A·B): a fresh chain from +0, then one addition (the second K half, see <see cref="Gemm.SplitsK"/>).</summary>
    Add,
}

/// <summary>One product, with the operands pinned by the caller for the duration of the call.</summary>
/// <remarks>
/// <paramref name="kHalves"/>: K is cut into two halves (kc = ⌈k/2⌉) and C = C₀ + C₁, each half one chain of FMAs
/// (see <see cref="Gemm.SplitsK"/>); a share computes half 0 of its tiles, then adds half 1 onto them. With a
/// <paramref name="partial"/> buffer, shares instead divide the 2 × panels (half, column panel) units, half 1 lands in the
/// buffer, and <see cref="GemmKHalves"/> adds it afterwards.
/// </remarks>
internal readonly unsafe struct GemmJob(
    GemmPath path, bool transposeA, bool transposeB, int m, int n, int k, int kc, float* a, float* b, float* c, bool accumulate,
    bool splitColumns, GemmEpilogue epilogue, bool kHalves = false, float* partial = null)
{
    /// <summary>Computes share <paramref name="index"/> of <paramref name="count"/>: a contiguous range of column panels or row tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunShare(int index, int count)
    {
        int panels = (n + Gemm.PanelWidth - 1) / Gemm.PanelWidth;
        int tiles = (m + Gemm.TileRows - 1) / Gemm.TileRows;
        if (partial != null)
        {
            RunKHalves(index, count, panels, tiles);
            return;
        }

        int panel0 = 0;
        int panel1 = panels;
        int tile0 = 0;
        int tile1 = tiles;
        if (splitColumns)
        {
            (panel0, panel1) = Split(panels, index, count);
        }
        else
        {
            (tile0, tile1) = Split(tiles, index, count);
        }

        if (panel0 >= panel1 || tile0 >= tile1)
        {
            return;
        }

        int blockPanels = Math.Min(Gemm.BlockPanels, panel1 - panel0);
        float* scratch = Reserve(blockPanels);
        for (int jp = panel0; jp < panel1; jp += blockPanels)
        {
            int blockCount = Math.Min(blockPanels, panel1 - jp);
            for (int p0 = 0; p0 < k; p0 += kc)
            {
                int kcur = Math.Min(kc, k - p0);
                TileStore store = p0 > 0 ? (kHalves ? TileStore.Add : TileStore.Continue)
                    : accumulate ? TileStore.Continue : TileStore.Overwrite;
                RunBlock(jp, blockCount, tile0, tile1, p0, kcur, c, store, p0 + kcur == k, scratch);
            }
        }
    }

    /// <summary>Share <paramref name="index"/> of the (K half, column panel) units, half-major: two shares get one half each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunKHalves(int index, int count, int panels, int tiles)
    {
        var (unit0, unit1) = Split(2 * panels, index, count);
        int blockPanels = Math.Min(Gemm.BlockPanels, panels);
        float* scratch = unit0 < unit1 ? Reserve(blockPanels) : null;
        for (int half = 0; half < 2; half++)
        {
            int q0 = Math.Max(unit0 - (half * panels), 0);
            int q1 = Math.Min(unit1 - (half * panels), panels);
            int p0 = half * kc;
            TileStore store = half > 0 ? TileStore.Overwrite : accumulate ? TileStore.Continue : TileStore.Overwrite;
            for (int jp = q0; jp < q1; jp += blockPanels)
            {
                RunBlock(jp, Math.Min(blockPanels, q1 - jp), 0, tiles, p0, Math.Min(kc, k - p0), half > 0 ? partial : c, store, finish: false, scratch);
            }
        }
    }

    /// <summary>Packing room for <paramref name="blockPanels"/> panels, then an edge tile, then an A strip.</summary>
    private float* Reserve(int blockPanels) =>
        GemmScratch.Current.Reserve((blockPanels * Gemm.PanelWidth * kc) + (Gemm.TileRows * Gemm.PanelWidth) + (Gemm.TileRows * kc));

    /// <summary>
    /// Packs K rows [p0, p0 + kcur) of column panels [jp, jp + blockCount) (or reads them in place, see
    /// <see cref="Gemm.MaxInPlaceTiles"/>) and runs row tiles [tile0, tile1) against them
    /// into <paramref name="target"/> (C's shape); <paramref name="finish"/> applies the epilogue to each tile afterwards.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunBlock(int jp, int blockCount, int tile0, int tile1, int p0, int kcur, float* target, TileStore store, bool finish, float* scratch)
    {
        float* packedB = scratch;
        float* edgeTile = packedB + (blockCount * Gemm.PanelWidth * kc);
        float* aStrip = edgeTile + (Gemm.TileRows * Gemm.PanelWidth);
        finish &= epilogue.Active;
        bool inPlace = !transposeB && n % Gemm.PanelWidth == 0 && tile1 - tile0 <= Gemm.MaxInPlaceTiles;
        nint ldb = inPlace ? n : Gemm.PanelWidth;
        if (!inPlace)
        {
            GemmPacking.PackB(path, transposeB, b, n, k, p0, kcur, jp * Gemm.PanelWidth, blockCount, packedB);
        }

        for (int it = tile0; it < tile1; it++)
        {
            int row0 = it * Gemm.TileRows;
            int rows = Math.Min(Gemm.TileRows, m - row0);
            float* aTile;
            nint rowStride;
            nint stepStride;
            if (rows < Gemm.TileRows)
            {
                (rowStride, stepStride) = GemmPacking.PackAStrip(transposeA, a, m, k, row0, rows, p0, kcur, aStrip);
                aTile = aStrip;
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
                float* panel = inPlace ? b + ((nint)p0 * n) + col0 : packedB + ((nint)q * kcur * Gemm.PanelWidth);
                float* cTile = target + ((nint)row0 * n) + col0;
                if (rows == Gemm.TileRows && cols == Gemm.PanelWidth)
                {
                    GemmMicroKernels.Tile(path, aTile, rowStride, stepStride, panel, ldb, kcur, cTile, n, store);
                }
                else
                {
                    EdgeTile(aTile, rowStride, stepStride, panel, ldb, kcur, cTile, rows, cols, store, edgeTile);
                }

                if (finish)
                {
                    epilogue.Apply(cTile, n, rows, col0, cols);
                }
            }
        }
    }

    /// <summary>
    /// A partial tile runs the full kernel (only its left half when at most 16 columns wide), with the same
    /// <paramref name="store"/>, on a zero-padded copy of its C part, so its arithmetic matches full tiles; the copy is
    /// then written back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EdgeTile(float* aTile, nint rowStride, nint stepStride, float* panel, nint ldb, int kcur, float* cTile, int rows, int cols, TileStore store, float* tile)
    {
        uint rowBytes = (uint)(cols * sizeof(float));
        if (store != TileStore.Overwrite)
        {
            Unsafe.InitBlockUnaligned(tile, 0, Gemm.TileRows * Gemm.PanelWidth * sizeof(float));
            for (int r = 0; r < rows; r++)
            {
                Unsafe.CopyBlockUnaligned(tile + (r * Gemm.PanelWidth), cTile + ((nint)r * n), rowBytes);
            }
        }

        GemmMicroKernels.Tile(path, aTile, rowStride, stepStride, panel, ldb, kcur, tile, Gemm.PanelWidth, store, narrow: cols <= Gemm.PanelWidth / 2);
        for (int r = 0; r < rows; r++)
        {
            Unsafe.CopyBlockUnaligned(cTile + ((nint)r * n), tile + (r * Gemm.PanelWidth), rowBytes);
        }
    }

    private static (int Start, int End) Split(int total, int index, int count) =>
        ((int)((long)total * index / count), (int)((long)total * (index + 1) / count));
}
