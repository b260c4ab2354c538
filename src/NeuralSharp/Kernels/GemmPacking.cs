using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// Copies operand blocks into the layouts the register-tile kernels read.
/// </summary>
/// <remarks>
/// B block: rows p0 … p0+kc−1 of op(B), columns col0 … col0+32·panels−1, as panels of 32 columns, each k-major:
/// panel q element (p, j) at dst[q·kc·32 + p·32 + j] = op(B)[p0+p, col0+32q+j], zero for columns ≥ n.
/// A strip (a partial row tile): rows row0 … row0+rows−1 of op(A) over the same k range, 12 rows with zeros below
/// the last, laid out like the source: dst[r·kc + p] for A, dst[p·12 + r] for Aᵀ (see <see cref="PackAStrip"/>).
/// </remarks>
internal static unsafe class GemmPacking
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(GemmPath path, bool transposeB, float* b, int n, int k, int p0, int kc, int col0, int panels, float* dst)
    {
        for (int q = 0; q < panels; q++)
        {
            int c0 = col0 + (q * Gemm.PanelWidth);
            int width = Math.Min(Gemm.PanelWidth, n - c0);
            float* panel = dst + ((nint)q * kc * Gemm.PanelWidth);
            if (transposeB)
            {
                // op(B)[p, j] = B[j, p], B stored n×k.
                float* src = b + ((nint)c0 * k) + p0;
                if (path == GemmPath.Avx512)
                {
                    PackTransposedAvx512(src, k, kc, width, panel);
                }
                else if (path != GemmPath.Scalar && Avx.IsSupported)
                {
                    PackTransposedAvx(src, k, kc, width, panel);
                }
                else
                {
                    PackTransposedScalar(src, k, 0, kc, 0, width, panel);
                }
            }
            else
            {
                float* src = b + ((nint)p0 * n) + c0;
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.CopyBlockUnaligned(panel + (p * Gemm.PanelWidth), src, (uint)(width * sizeof(float)));
                    src += n;
                }
            }

            ZeroColumns(panel, kc, width);
        }
    }

    /// <summary>
    /// Copies the <paramref name="rows"/> (&lt; 12) rows of a partial row tile, K steps [p0, p0 + kc), into a 12-row
    /// strip whose missing rows are zero, laid out like the source so that each copy is contiguous: row-major
    /// (element (r, p) at dst[r·kc + p]) for A, k-major (at dst[p·12 + r]) for Aᵀ. Returns the strip's (row, step) strides.
    /// </summary>
    /// <remarks>
    /// Why the layout follows the source: the strip used to be k-major for both, so A's rows were gathered one element
    /// at a time (12 strided reads and a branch per K step), which for the 8-row edge of a 32-row batch cost as much as
    /// a full tile's product (32×784·784×256 on one thread: 106 µs against 85 for 36 rows).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (nint RowStride, nint StepStride) PackAStrip(bool transposeA, float* a, int m, int k, int row0, int rows, int p0, int kc, float* dst)
    {
        if (transposeA)
        {
            uint used = (uint)(rows * sizeof(float));
            uint unused = (uint)((Gemm.TileRows - rows) * sizeof(float));
            for (int p = 0; p < kc; p++)
            {
                float* d = dst + (p * Gemm.TileRows);
                Unsafe.CopyBlockUnaligned(d, a + ((nint)(p0 + p) * m) + row0, used);
                Unsafe.InitBlockUnaligned(d + rows, 0, unused);
            }

            return (1, Gemm.TileRows);
        }

        uint rowBytes = (uint)(kc * sizeof(float));
        for (int r = 0; r < rows; r++)
        {
            Unsafe.CopyBlockUnaligned(dst + ((nint)r * kc), a + ((nint)(row0 + r) * k) + p0, rowBytes);
        }

        Unsafe.InitBlockUnaligned(dst + ((nint)rows * kc), 0, (uint)(Gemm.TileRows - rows) * rowBytes);
        return (kc, 1);
    }

    private static void ZeroColumns(float* panel, int kc, int width)
    {
        if (width == Gemm.PanelWidth)
        {
            return;
        }

        for (int p = 0; p < kc; p++)
        {
            Unsafe.InitBlockUnaligned(panel + (p * Gemm.PanelWidth) + width, 0, (uint)((Gemm.PanelWidth - width) * sizeof(float)));
        }
    }

    /// <summary>panel[p·32 + j] = src[j·k + p] for j in [j0, width), p in [p0, kc), one element at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedScalar(float* src, int k, int p0, int kc, int j0, int width, float* panel)
    {
        for (int j = j0; j < width; j++)
        {
            float* column = src + ((nint)j * k);
            for (int p = p0; p < kc; p++)
            {
                panel[(p * Gemm.PanelWidth) + j] = column[p];
            }
        }
    }

    // Why: the transposing copy runs once per B block and would cost ~25% of an m = 128 product if done element
    // by element; 8×8 register transposes move it at a fraction of a cycle per element.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedAvx(float* src, int k, int kc, int width, float* panel)
    {
        int j = PackTransposedBlocks<Block8>(src, k, kc, 0, width, panel);
        PackTransposedScalar(src, k, 0, kc, j, width, panel);
    }

    /// <summary>
    /// As <see cref="PackTransposedAvx"/>, 16 columns at a time with 16×16 transposes in zmm registers; the columns
    /// left over (fewer than 16) take the 8×8 path, then the scalar one.
    /// </summary>
    /// <remarks>
    /// Why: the 8×8 transpose spends four shuffles per 8 elements on the one shuffle port; the 16×16 one spends four
    /// per 16. Packing Wᵀ for dY·Wᵀ at 128×256·256×784 took about 12 % of the product on one thread (141 GFLOP/s
    /// against 160 with the packing skipped).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedAvx512(float* src, int k, int kc, int width, float* panel)
    {
        int j = PackTransposedBlocks<Block16>(src, k, kc, 0, width, panel);
        j = PackTransposedBlocks<Block8>(src, k, kc, j, width, panel);
        PackTransposedScalar(src, k, 0, kc, j, width, panel);
    }

    /// <summary>
    /// Columns [j0, …) of the panel, <typeparamref name="TBlock"/>.Size at a time while whole blocks fit in
    /// <paramref name="width"/>, by register transposes over whole blocks of K steps and element by element over the
    /// rest; returns the first column left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackTransposedBlocks<TBlock>(float* src, int k, int kc, int j0, int width, float* panel)
        where TBlock : struct, ITransposeBlock
    {
        int j = j0;
        for (; j + TBlock.Size <= width; j += TBlock.Size)
        {
            float* s = src + ((nint)j * k);
            int p = 0;
            for (; p + TBlock.Size <= kc; p += TBlock.Size)
            {
                TBlock.Transpose(s + p, k, panel + (p * Gemm.PanelWidth) + j);
            }

            PackTransposedScalar(src, k, p, kc, j, j + TBlock.Size, panel); // the K steps after the last whole block
        }

        return j;
    }

    /// <summary>A square register transpose into a panel: dst[q·32 + r] = src[r·stride + q] for r, q in [0, Size).</summary>
    private interface ITransposeBlock
    {
        static abstract int Size { get; }

        static abstract void Transpose(float* src, nint stride, float* dst);
    }

    private readonly struct Block8 : ITransposeBlock
    {
        public static int Size => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transpose(float* src, nint stride, float* dst) => Transpose8x8(src, stride, dst);
    }

    private readonly struct Block16 : ITransposeBlock
    {
        public static int Size => 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transpose(float* src, nint stride, float* dst) => Transpose16x16(src, stride, dst);
    }

    /// <summary>dst[q·32 + r] = src[r·stride + q] for r, q in [0, 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16x16(float* src, nint stride, float* dst)
    {
        // Rows r0 … r15 → t: pairs of rows interleaved by element, u: by pairs of elements, so that u[4g + c] holds, in
        // its 128-bit lane L, column 4L + c of rows 4g … 4g+3; two rounds of 128-bit lane shuffles then gather the four
        // lanes of each column.
        Vector512<float> t0 = Avx512F.UnpackLow(Vector512.Load(src), Vector512.Load(src + stride));
        Vector512<float> t1 = Avx512F.UnpackHigh(Vector512.Load(src), Vector512.Load(src + stride));
        Vector512<float> t2 = Avx512F.UnpackLow(Vector512.Load(src + (2 * stride)), Vector512.Load(src + (3 * stride)));
        Vector512<float> t3 = Avx512F.UnpackHigh(Vector512.Load(src + (2 * stride)), Vector512.Load(src + (3 * stride)));
        Vector512<float> t4 = Avx512F.UnpackLow(Vector512.Load(src + (4 * stride)), Vector512.Load(src + (5 * stride)));
        Vector512<float> t5 = Avx512F.UnpackHigh(Vector512.Load(src + (4 * stride)), Vector512.Load(src + (5 * stride)));
        Vector512<float> t6 = Avx512F.UnpackLow(Vector512.Load(src + (6 * stride)), Vector512.Load(src + (7 * stride)));
        Vector512<float> t7 = Avx512F.UnpackHigh(Vector512.Load(src + (6 * stride)), Vector512.Load(src + (7 * stride)));
        Vector512<float> t8 = Avx512F.UnpackLow(Vector512.Load(src + (8 * stride)), Vector512.Load(src + (9 * stride)));
        Vector512<float> t9 = Avx512F.UnpackHigh(Vector512.Load(src + (8 * stride)), Vector512.Load(src + (9 * stride)));
        Vector512<float> t10 = Avx512F.UnpackLow(Vector512.Load(src + (10 * stride)), Vector512.Load(src + (11 * stride)));
        Vector512<float> t11 = Avx512F.UnpackHigh(Vector512.Load(src + (10 * stride)), Vector512.Load(src + (11 * stride)));
        Vector512<float> t12 = Avx512F.UnpackLow(Vector512.Load(src + (12 * stride)), Vector512.Load(src + (13 * stride)));
        Vector512<float> t13 = Avx512F.UnpackHigh(Vector512.Load(src + (12 * stride)), Vector512.Load(src + (13 * stride)));
        Vector512<float> t14 = Avx512F.UnpackLow(Vector512.Load(src + (14 * stride)), Vector512.Load(src + (15 * stride)));
        Vector512<float> t15 = Avx512F.UnpackHigh(Vector512.Load(src + (14 * stride)), Vector512.Load(src + (15 * stride)));
        ColumnsOfLanes(PairLow(t0, t2), PairLow(t4, t6), PairLow(t8, t10), PairLow(t12, t14), dst);
        ColumnsOfLanes(PairHigh(t0, t2), PairHigh(t4, t6), PairHigh(t8, t10), PairHigh(t12, t14), dst + Gemm.PanelWidth);
        ColumnsOfLanes(PairLow(t1, t3), PairLow(t5, t7), PairLow(t9, t11), PairLow(t13, t15), dst + (2 * Gemm.PanelWidth));
        ColumnsOfLanes(PairHigh(t1, t3), PairHigh(t5, t7), PairHigh(t9, t11), PairHigh(t13, t15), dst + (3 * Gemm.PanelWidth));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PairLow(Vector512<float> a, Vector512<float> b) =>
        Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PairHigh(Vector512<float> a, Vector512<float> b) =>
        Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();

    /// <summary>
    /// u0 … u3 hold, in lane L, one column (4L + c) of rows 0–3, 4–7, 8–11, 12–15; stores column 4L + c, all 16 rows,
    /// at dst + 4L·32 for L = 0 … 3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnsOfLanes(Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3, float* dst)
    {
        Vector512<float> evenA = Avx512F.Shuffle4x128(u0, u1, 0x88); // u0.l0, u0.l2, u1.l0, u1.l2
        Vector512<float> oddA = Avx512F.Shuffle4x128(u0, u1, 0xDD);  // u0.l1, u0.l3, u1.l1, u1.l3
        Vector512<float> evenB = Avx512F.Shuffle4x128(u2, u3, 0x88);
        Vector512<float> oddB = Avx512F.Shuffle4x128(u2, u3, 0xDD);
        Avx512F.Shuffle4x128(evenA, evenB, 0x88).Store(dst);
        Avx512F.Shuffle4x128(oddA, oddB, 0x88).Store(dst + (4 * Gemm.PanelWidth));
        Avx512F.Shuffle4x128(evenA, evenB, 0xDD).Store(dst + (8 * Gemm.PanelWidth));
        Avx512F.Shuffle4x128(oddA, oddB, 0xDD).Store(dst + (12 * Gemm.PanelWidth));
    }

    /// <summary>dst[q·32 + r] = src[r·stride + q] for r, q in [0, 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint stride, float* dst)
    {
        // Why: loading rows r and r+4 into the two 128-bit lanes up front leaves only in-lane shuffles.
        Vector256<float> t0 = Avx.InsertVector128(Vector128.Load(src).ToVector256Unsafe(), Vector128.Load(src + (4 * stride)), 1);
        Vector256<float> t1 = Avx.InsertVector128(Vector128.Load(src + stride).ToVector256Unsafe(), Vector128.Load(src + (5 * stride)), 1);
        Vector256<float> t2 = Avx.InsertVector128(Vector128.Load(src + (2 * stride)).ToVector256Unsafe(), Vector128.Load(src + (6 * stride)), 1);
        Vector256<float> t3 = Avx.InsertVector128(Vector128.Load(src + (3 * stride)).ToVector256Unsafe(), Vector128.Load(src + (7 * stride)), 1);
        Vector256<float> t4 = Avx.InsertVector128(Vector128.Load(src + 4).ToVector256Unsafe(), Vector128.Load(src + (4 * stride) + 4), 1);
        Vector256<float> t5 = Avx.InsertVector128(Vector128.Load(src + stride + 4).ToVector256Unsafe(), Vector128.Load(src + (5 * stride) + 4), 1);
        Vector256<float> t6 = Avx.InsertVector128(Vector128.Load(src + (2 * stride) + 4).ToVector256Unsafe(), Vector128.Load(src + (6 * stride) + 4), 1);
        Vector256<float> t7 = Avx.InsertVector128(Vector128.Load(src + (3 * stride) + 4).ToVector256Unsafe(), Vector128.Load(src + (7 * stride) + 4), 1);

        Vector256<float> u0 = Avx.UnpackLow(t0, t1);
        Vector256<float> u1 = Avx.UnpackHigh(t0, t1);
        Vector256<float> u2 = Avx.UnpackLow(t2, t3);
        Vector256<float> u3 = Avx.UnpackHigh(t2, t3);
        Vector256<float> u4 = Avx.UnpackLow(t4, t5);
        Vector256<float> u5 = Avx.UnpackHigh(t4, t5);
        Vector256<float> u6 = Avx.UnpackLow(t6, t7);
        Vector256<float> u7 = Avx.UnpackHigh(t6, t7);

        Vector256.Store(Avx.Shuffle(u0, u2, 0x44), dst);
        Vector256.Store(Avx.Shuffle(u0, u2, 0xEE), dst + Gemm.PanelWidth);
        Vector256.Store(Avx.Shuffle(u1, u3, 0x44), dst + (2 * Gemm.PanelWidth));
        Vector256.Store(Avx.Shuffle(u1, u3, 0xEE), dst + (3 * Gemm.PanelWidth));
        Vector256.Store(Avx.Shuffle(u4, u6, 0x44), dst + (4 * Gemm.PanelWidth));
        Vector256.Store(Avx.Shuffle(u4, u6, 0xEE), dst + (5 * Gemm.PanelWidth));
        Vector256.Store(Avx.Shuffle(u5, u7, 0x44), dst + (6 * Gemm.PanelWidth));
        Vector256.Store(Avx.Shuffle(u5, u7, 0xEE), dst + (7 * Gemm.PanelWidth));
    }
}
