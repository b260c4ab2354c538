using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>
/// Matrix multiply for any floating-point type, row by row with <see cref="TensorPrimitives"/>. It serves
/// the float64 path (gradient checks), where clarity matters more than speed; float32 goes to <see cref="Gemm"/>.
/// Shapes: C is m×n; A is m×k (k×m when transposed); B is k×n (n×k when transposed); all contiguous row-major.
/// </summary>
internal static class GemmGeneric
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int i = 0; i < m; i++)
        {
            Span<T> cRow = c.Slice(i * n, n);
            if (transposeB)
            {
                // c[i, j] += Σp A[i, p]·B[j, p]: a dot product of two contiguous rows when A is not transposed.
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    ReadOnlySpan<T> bRow = b.Slice(j * k, k);
                    for (int p = 0; p < k; p++)
                    {
                        sum += A(a, transposeA, m, k, i, p) * bRow[p];
                    }

                    cRow[j] += sum;
                }
            }
            else
            {
                for (int p = 0; p < k; p++)
                {
                    T aip = A(a, transposeA, m, k, i, p);
                    TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aip, cRow, cRow);
                }
            }
        }
    }

    /// <summary>op(A)[i, p] of an m×k product: A[i·k + p], or A[p·m + i] when A is stored transposed.</summary>
    internal static T A<T>(ReadOnlySpan<T> a, bool transposed, int m, int k, int i, int p) => transposed ? a[(p * m) + i] : a[(i * k) + p];
}
