using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

/// <summary>
/// What a product does to each finished block of C: C[i, j] = f(C[i, j] + bias[j]), with no bias when the pointer is
/// null and f = ReLU or the identity. The same operations, in the same order, as <see cref="RowKernels.AddRowVector{T}"/>
/// followed by <see cref="ActivationKernels.Forward{T}"/>, so the values are bitwise those of the separate passes.
/// </summary>
internal readonly unsafe struct GemmEpilogue(float* bias, bool relu, GemmPath path)
{
    /// <summary>Whether there is anything to do.</summary>
    public bool Active => bias != null || relu;

    /// <summary>The epilogue over a whole m × n C (for the products that do not go through tiles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ApplyAll(Span<float> c, int m, int n, ReadOnlySpan<float> bias, bool relu, GemmPath path)
    {
        if (bias.IsEmpty && !relu)
        {
            return;
        }

        fixed (float* pc = c, pbias = bias)
        {
            new GemmEpilogue(pbias, relu, path).Apply(pc, n, m, 0, n);
        }
    }

    /// <summary>Rows [0, <paramref name="rows"/>) × columns [<paramref name="col0"/>, col0 + <paramref name="cols"/>) of C,
    /// where <paramref name="c"/> points at column col0 of the first row and rows are <paramref name="ldc"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(float* c, int ldc, int rows, int col0, int cols)
    {
        float* b = bias == null ? null : bias + col0;
        bool vectors = path != GemmPath.Scalar && Vector256.IsHardwareAccelerated;
        for (int r = 0; r < rows; r++)
        {
            float* row = c + ((nint)r * ldc);
            int j = 0;
            if (vectors)
            {
                for (; j <= cols - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    var v = Vector256.Load(row + j);
                    if (b != null)
                    {
                        v += Vector256.Load(b + j);
                    }

                    if (relu)
                    {
                        v = Vector256.Max(v, Vector256<float>.Zero);
                    }

                    v.Store(row + j);
                }
            }

            for (; j < cols; j++)
            {
                float v = row[j];
                if (b != null)
                {
                    v += b[j];
                }

                row[j] = relu ? float.Max(v, 0) : v;
            }
        }
    }
}
