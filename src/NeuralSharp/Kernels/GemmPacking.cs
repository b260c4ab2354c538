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
/// A strip: rows row0 … row0+rows−1 of op(A) over the same k range, k-major 12 wide:
/// dst[p·12 + r] = op(A)[row0+r, p0+p], zero for r ≥ rows.
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
                if (path != GemmPath.Scalar && Avx.IsSupported)
                {
                    PackTransposedAvx(src, k, kc, width, panel);
                }
                else
                {
                    PackTransposedScalar(src, k, kc, 0, width, panel);
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

    /// <summary>panel[p·32 + j] = src[j·k + p] for j in [j0, width), p in [0, kc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedScalar(float* src, int k, int kc, int j0, int width, float* panel)
    {
        for (int j = j0; j < width; j++)
        {
            float* column = src + ((nint)j * k);
            for (int p = 0; p < kc; p++)
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
        int j = 0;
        for (; j + 8 <= width; j += 8)
        {
            float* s = src + ((nint)j * k);
            int p = 0;
            for (; p + 8 <= kc; p += 8)
            {
                Transpose8x8(s + p, k, panel + (p * Gemm.PanelWidth) + j);
            }

            for (; p < kc; p++)
            {
                float* d = panel + (p * Gemm.PanelWidth) + j;
                for (int jj = 0; jj < 8; jj++)
                {
                    d[jj] = s[((nint)jj * k) + p];
                }
            }
        }

        PackTransposedScalar(src, k, kc, j, width, panel);
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
