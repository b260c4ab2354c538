using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

/// <summary>
/// C[m×n] (+)= op(A)·op(B) for a handful of rows (m ≤ <see cref="MaxRows"/>): single-example prediction and
/// tiny last batches. Why: the blocked kernel pads m to its 12-row tile and packs all of B on every call (unless it
/// reads it in place), which for m = 1 costs ~12× the arithmetic plus a copy of B; here B is streamed once, in place,
/// with the output strip held in registers. Each C element is one fused multiply-add chain in k order, whatever the vector width.
/// </summary>
internal static unsafe class GemmSmall
{
    public const int MaxRows = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        int kc = Gemm.SplitsK(transposeB, k) ? Gemm.FirstKHalf(k) : k; // the first K half, or all of K
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * n, n);
            if (!accumulate)
            {
                row.Clear();
            }

            if (transposeB)
            {
                // c[i, j] += Σp A[i, p]·B[j, p]: a dot product with row j of B.
                for (int j = 0; j < n; j++)
                {
                    ReadOnlySpan<float> bRow = b.Slice(j * k, k);
                    float sum = 0;
                    if (!transposeA)
                    {
                        sum = TensorPrimitives.Dot(a.Slice(i * k, k), bRow);
                    }
                    else
                    {
                        for (int p = 0; p < k; p++)
                        {
                            sum = MathF.FusedMultiplyAdd(GemmGeneric.A(a, transposeA, m, k, i, p), bRow[p], sum);
                        }
                    }

                    row[j] += sum;
                }

                continue;
            }

            AxpyRows(transposeA, m, n, k, i, 0, kc, a, b, row);
            if (kc == k)
            {
                continue;
            }

            // As the blocked product: the two K halves summed separately, then added (C = C₀ + C₁).
            float* second = GemmScratch.Current.Reserve(n);
            var secondRow = new Span<float>(second, n);
            secondRow.Clear();
            AxpyRows(transposeA, m, n, k, i, kc, k, a, b, secondRow);
            fixed (float* pRow = row)
            {
                GemmKHalves.AddInto(pRow, second, n, Gemm.CurrentPath);
            }
        }
    }

    /// <summary>row += Σ over p in [p0, p1) of A[i, p]·B[p, :], the row of C kept in registers 64 columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyRows(bool transposeA, int m, int n, int k, int i, int p0, int p1, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> row)
    {
        int j = 0;
        GemmPath path = Gemm.CurrentPath; // the shared instruction-set switch, so tests reach every branch
        if (path == GemmPath.Avx512)
        {
            for (; j + 64 <= n; j += 64)
            {
                var c0 = Vector512.Create(row.Slice(j, 16));
                var c1 = Vector512.Create(row.Slice(j + 16, 16));
                var c2 = Vector512.Create(row.Slice(j + 32, 16));
                var c3 = Vector512.Create(row.Slice(j + 48, 16));
                for (int p = p0; p < p1; p++)
                {
                    var ap = Vector512.Create(GemmGeneric.A(a, transposeA, m, k, i, p));
                    ReadOnlySpan<float> bp = b.Slice((p * n) + j, 64);
                    c0 = Vector512.FusedMultiplyAdd(ap, Vector512.Create(bp[..16]), c0);
                    c1 = Vector512.FusedMultiplyAdd(ap, Vector512.Create(bp.Slice(16, 16)), c1);
                    c2 = Vector512.FusedMultiplyAdd(ap, Vector512.Create(bp.Slice(32, 16)), c2);
                    c3 = Vector512.FusedMultiplyAdd(ap, Vector512.Create(bp.Slice(48, 16)), c3);
                }

                c0.CopyTo(row.Slice(j, 16));
                c1.CopyTo(row.Slice(j + 16, 16));
                c2.CopyTo(row.Slice(j + 32, 16));
                c3.CopyTo(row.Slice(j + 48, 16));
            }

            for (; j + 16 <= n; j += 16)
            {
                var c0 = Vector512.Create(row.Slice(j, 16));
                for (int p = p0; p < p1; p++)
                {
                    var ap = Vector512.Create(GemmGeneric.A(a, transposeA, m, k, i, p));
                    c0 = Vector512.FusedMultiplyAdd(ap, Vector512.Create(b.Slice((p * n) + j, 16)), c0);
                }

                c0.CopyTo(row.Slice(j, 16));
            }
        }
        else if (path == GemmPath.Vector256)
        {
            for (; j + 8 <= n; j += 8)
            {
                var c0 = Vector256.Create(row.Slice(j, 8));
                for (int p = p0; p < p1; p++)
                {
                    var ap = Vector256.Create(GemmGeneric.A(a, transposeA, m, k, i, p));
                    c0 = Vector256.FusedMultiplyAdd(ap, Vector256.Create(b.Slice((p * n) + j, 8)), c0);
                }

                c0.CopyTo(row.Slice(j, 8));
            }
        }

        for (; j < n; j++)
        {
            float sum = row[j];
            for (int p = p0; p < p1; p++)
            {
                sum = MathF.FusedMultiplyAdd(GemmGeneric.A(a, transposeA, m, k, i, p), b[(p * n) + j], sum);
            }

            row[j] = sum;
        }
    }
}
