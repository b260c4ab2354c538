using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

/// <summary>
/// y = x·W for one row x (length k) and a row-major k × n matrix W: single-example prediction.
/// </summary>
/// <remarks>
/// <para>Why a kernel of its own: one example's product reads every weight once and does one multiply-add with it, so
/// it is bound by how fast W streams from the cache, not by arithmetic. This kernel (1) walks each row of W once,
/// front to back, keeping up to 256 outputs in 16 AVX-512 registers, so the hardware prefetcher sees one sequential
/// stream; (2) skips the rows of W whose input is exactly zero (a ReLU layer's output, an image's background), which
/// on Fashion-MNIST halves the weights read; and (3) splits the columns over threads (see <see cref="ParallelGemv"/>).
/// No software prefetch: with the weights 64-byte aligned, prefetching each listed row four entries ahead made the
/// median Fashion-MNIST prediction slower (4.6–4.7 µs without against 4.7–4.9 with, four interleaved runs; its p99 was
/// 7.1–7.2 with against 7.3–8.7 without). It had helped while every load split two cache lines.</para>
/// <para>Each output is one fused multiply-add chain in k order starting from zero, as in <see cref="Gemm"/>, so the
/// result equals the batch product's row bit for bit: a skipped term is x·w = ±0, and adding ±0 to a sum changes
/// nothing (it can only turn a −0 sum into +0). The one difference: an infinite or NaN weight facing a zero input
/// gives NaN in the batch product and is skipped here.</para>
/// </remarks>
internal static unsafe partial class Gemv
{
    /// <summary>
    /// y[j] = Σ over p in <paramref name="rows"/> (strictly ascending, as <see cref="NonZeroRows(ReadOnlySpan{float}, Span{int})"/> lists them) of x[p]·W[p, j], for columns j in
    /// [<paramref name="columnStart"/>, <paramref name="columnEnd"/>) of the n-column matrix <paramref name="w"/>.
    /// </summary>
    /// <remarks>The code path is <see cref="Gemm"/>'s: its best for this CPU, or the one forced on this thread.</remarks>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<int> rows, ReadOnlySpan<float> w, int n, Span<float> y, int columnStart, int columnEnd)
        => Multiply(x, rows, w, n, y, columnStart, columnEnd, Gemm.CurrentPath);

    /// <summary>As above, on the given code path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<int> rows, ReadOnlySpan<float> w, int n, Span<float> y, int columnStart, int columnEnd, GemmPath path)
    {
        CheckOperands(x, rows, w, n, y, columnStart, columnEnd);
        MultiplyPrechecked(x, rows, w, n, y, columnStart, columnEnd, path);
    }

    /// <summary>Throws unless the columns lie within n, y holds n outputs, w holds x.Length × n values and every row index is an input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CheckOperands(ReadOnlySpan<float> x, ReadOnlySpan<int> rows, ReadOnlySpan<float> w, int n, ReadOnlySpan<float> y, int columnStart, int columnEnd)
    {
        if ((uint)columnStart > (uint)columnEnd || columnEnd > n || y.Length < n || (long)x.Length * n > w.Length)
        {
            throw new ArgumentException($"Columns [{columnStart}, {columnEnd}) of a {x.Length}×{n} matrix with {w.Length} values into {y.Length} outputs.");
        }

        foreach (int p in rows)
        {
            if ((uint)p >= (uint)x.Length)
            {
                throw new ArgumentException($"Row index {p} is outside the {x.Length} inputs.");
            }
        }
    }

    /// <summary>
    /// The product on operands <see cref="CheckOperands"/> has accepted (for all of the columns it is asked for): a
    /// parallel product checks once and hands each helper its columns and its caller's code path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyPrechecked(ReadOnlySpan<float> x, ReadOnlySpan<int> rows, ReadOnlySpan<float> w, int n, Span<float> y, int columnStart, int columnEnd, GemmPath path)
    {
        if (!Gemm.SplitsK(transposeB: false, x.Length))
        {
            Product(x, rows, w, n, y, columnStart, columnEnd, path);
            return;
        }

        // As the batch product: the two K halves summed separately, then added (y = y₀ + y₁).
        // Where the second half's rows start, by bisection (the list ascends strictly: with a repeated index at the
        // cut, either copy could be found): a scan of a 784-pixel image's list took about 0.1 µs on each thread of a
        // split prediction.
        int split = rows.BinarySearch(Gemm.FirstKHalf(x.Length));
        split = split >= 0 ? split : ~split;

        Product(x, rows[..split], w, n, y, columnStart, columnEnd, path);
        float* second = GemmScratch.Current.Reserve(columnEnd); // indexed like y; only [columnStart, columnEnd) is used
        Product(x, rows[split..], w, n, new Span<float>(second, columnEnd), columnStart, columnEnd, path);
        fixed (float* py = y)
        {
            GemmKHalves.AddInto(py + columnStart, second + columnStart, columnEnd - columnStart, path);
        }
    }

    /// <summary>The product over the listed rows, for one K half or all of K: one multiply-add chain per column from
    /// zero, in list order, with no K split of its own (the caller decides the halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Product(ReadOnlySpan<float> x, ReadOnlySpan<int> rows, ReadOnlySpan<float> w, int n, Span<float> y, int columnStart, int columnEnd, GemmPath path)
    {
        fixed (float* px = x, pw = w, py = y)
        fixed (int* pr = rows)
        {
            int j = columnStart;
            if (path == GemmPath.Avx512)
            {
                for (; j + 256 <= columnEnd; j += 256)
                {
                    Columns<Sixteen>(px, pr, rows.Length, pw + j, n, py + j);
                }

                // The rest of the 16-column blocks in one pass over the rows, whatever their number: each further pass
                // would read the list and x again, and a pass of one or two registers waits on its multiply-add chain.
                int blocks = (columnEnd - j) / 16;
                switch (blocks)
                {
                    case 1: Columns<One>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 2: Columns<Two>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 3: Columns<Three>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 4: Columns<Four>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 5: Columns<Five>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 6: Columns<Six>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 7: Columns<Seven>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 8: Columns<Eight>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 9: Columns<Nine>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 10: Columns<Ten>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 11: Columns<Eleven>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 12: Columns<Twelve>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 13: Columns<Thirteen>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 14: Columns<Fourteen>(px, pr, rows.Length, pw + j, n, py + j); break;
                    case 15: Columns<Fifteen>(px, pr, rows.Length, pw + j, n, py + j); break;
                }

                j += blocks * 16;

                if (j < columnEnd)
                {
                    PartialColumns(px, pr, rows.Length, pw, w.Length, n, j, columnEnd - j, py + j);
                    j = columnEnd;
                }
            }
            else if (path == GemmPath.Vector256)
            {
                for (; j + 64 <= columnEnd; j += 64)
                {
                    Columns64(px, pr, rows.Length, pw + j, n, py + j);
                }
            }

            for (; j < columnEnd; j += 8)
            {
                ColumnsScalar(px, pr, rows.Length, pw + j, n, py + j, Math.Min(8, columnEnd - j));
            }
        }
    }

    /// <summary>16·<typeparamref name="TWidth"/> columns, one AVX-512 register each, through every listed row of W. The JIT
    /// compiles one copy per width with the unused registers and branches removed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns<TWidth>(float* x, int* rows, int count, float* w, int n, float* y)
        where TWidth : struct, IVectorCount
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        for (int t = 0; t < count; t++)
        {
            int p = rows[t];
            var a = Vector512.Create(x[p]);
            float* b = w + ((long)p * n);
            c0 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b), c0);
            if (TWidth.Count > 1)
            {
                c1 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 16), c1);
            }

            if (TWidth.Count > 2)
            {
                c2 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 32), c2);
            }

            if (TWidth.Count > 3)
            {
                c3 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 48), c3);
            }

            if (TWidth.Count > 4)
            {
                c4 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 64), c4);
            }

            if (TWidth.Count > 5)
            {
                c5 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 80), c5);
            }

            if (TWidth.Count > 6)
            {
                c6 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 96), c6);
            }

            if (TWidth.Count > 7)
            {
                c7 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 112), c7);
            }

            if (TWidth.Count > 8)
            {
                c8 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 128), c8);
            }

            if (TWidth.Count > 9)
            {
                c9 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 144), c9);
            }

            if (TWidth.Count > 10)
            {
                c10 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 160), c10);
            }

            if (TWidth.Count > 11)
            {
                c11 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 176), c11);
            }

            if (TWidth.Count > 12)
            {
                c12 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 192), c12);
            }

            if (TWidth.Count > 13)
            {
                c13 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 208), c13);
            }

            if (TWidth.Count > 14)
            {
                c14 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 224), c14);
            }

            if (TWidth.Count > 15)
            {
                c15 = Vector512.FusedMultiplyAdd(a, Vector512.Load(b + 240), c15);
            }
        }

        c0.Store(y);
        if (TWidth.Count > 1)
        {
            c1.Store(y + 16);
        }

        if (TWidth.Count > 2)
        {
            c2.Store(y + 32);
        }

        if (TWidth.Count > 3)
        {
            c3.Store(y + 48);
        }

        if (TWidth.Count > 4)
        {
            c4.Store(y + 64);
        }

        if (TWidth.Count > 5)
        {
            c5.Store(y + 80);
        }

        if (TWidth.Count > 6)
        {
            c6.Store(y + 96);
        }

        if (TWidth.Count > 7)
        {
            c7.Store(y + 112);
        }

        if (TWidth.Count > 8)
        {
            c8.Store(y + 128);
        }

        if (TWidth.Count > 9)
        {
            c9.Store(y + 144);
        }

        if (TWidth.Count > 10)
        {
            c10.Store(y + 160);
        }

        if (TWidth.Count > 11)
        {
            c11.Store(y + 176);
        }

        if (TWidth.Count > 12)
        {
            c12.Store(y + 192);
        }

        if (TWidth.Count > 13)
        {
            c13.Store(y + 208);
        }

        if (TWidth.Count > 14)
        {
            c14.Store(y + 224);
        }

        if (TWidth.Count > 15)
        {
            c15.Store(y + 240);
        }
    }

    /// <summary>
    /// The last 1–15 columns on the AVX-512 path: a full 16-wide load of each weight row runs on into the next row,
    /// whose values land in lanes that are never stored. Rows so near the end of W that the load would leave it
    /// continue the same chains in scalar code (the row list is ascending, so the order of each sum is kept).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PartialColumns(float* x, int* rows, int count, float* w, int wLength, int n, int j, int width, float* y)
    {
        Vector512<float> c = default;
        int t = 0;
        for (; t < count && ((long)rows[t] * n) + j + 16 <= wLength; t++)
        {
            int p = rows[t];
            c = Vector512.FusedMultiplyAdd(Vector512.Create(x[p]), Vector512.Load(w + ((long)p * n) + j), c);
        }

        float* lanes = stackalloc float[16];
        c.Store(lanes);
        for (; t < count; t++)
        {
            int p = rows[t];
            float* b = w + ((long)p * n) + j;
            for (int q = 0; q < width; q++)
            {
                lanes[q] = MathF.FusedMultiplyAdd(x[p], b[q], lanes[q]);
            }
        }

        for (int q = 0; q < width; q++)
        {
            y[q] = lanes[q];
        }
    }
}
