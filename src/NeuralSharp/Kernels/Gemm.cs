namespace NeuralSharp.Kernels;

/// <summary>Single-precision matrix multiply: C[m×n] (+)= op(A)·op(B), contiguous row-major operands.</summary>
internal static class Gemm
{
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, int maxThreads)
    {
        _ = maxThreads;
        GemmGeneric.Multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate);
    }
}
