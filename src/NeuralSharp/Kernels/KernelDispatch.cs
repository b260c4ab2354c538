using System.Numerics;

namespace NeuralSharp.Kernels;

/// <summary>
/// Hardware dispatch for the element-wise kernels, in one place: they take the <see cref="Vector{T}"/> path when
/// the CPU accelerates it, unless <see cref="ForceScalar"/> is set (tests run both paths and compare them bit for
/// bit). The matrix multiply has its own switch, <see cref="Gemm.ForcedPath"/>.
/// </summary>
internal static class KernelDispatch
{
    /// <summary>Forces the scalar loops on the calling thread.</summary>
    [ThreadStatic]
    internal static bool ForceScalar;

    public static bool UseVectors<T>()
        where T : struct => Vector.IsHardwareAccelerated && Vector<T>.IsSupported && !ForceScalar;
}
