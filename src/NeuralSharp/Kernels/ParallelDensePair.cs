using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>
/// One example through two dense layers on two threads with one hand-off: h = f₁(x·W₁ + b₁), y = f₂(h·W₂ + b₂).
/// </summary>
/// <remarks>
/// <para>Why: split column by column, each layer costs a hand-off between the cores and back, and the second layer
/// (Fashion-MNIST's 256×128) is too small to gain from its own split. But the second layer's product is computed in two
/// K halves, summed separately and then added (<see cref="Gemm.SplitsK"/>, as the batch GEMM does), and when the first
/// layer's two column shares are exactly those halves, each thread already holds the h values its half needs. So each
/// thread computes its columns of h (list, product, bias, activation) and then its K half of the second product into a
/// partial row of its own; the caller adds the two partials, the bias and the activation. The sums are the same
/// chains in the same order as two <see cref="Gemv"/> calls', so the bits equal <see cref="ParallelGemv"/> followed
/// by a single-threaded second layer, and the batch path's.</para>
/// <para>Applies when the first layer is split over two threads, its activation is element-wise and exact, and its
/// column boundary (a multiple of 16) is the second layer's K boundary: widths 256 to 1,024 that are multiples of 32.</para>
/// </remarks>
internal sealed unsafe class ParallelDensePair : IWorkShare
{
    [ThreadStatic]
    private static ParallelDensePair? t_instance;

    /// <summary>What the shares read besides x. Why it is kept after the call, and written only when it changes: each
    /// line the caller writes is one the helper must fetch back before it can start (see <see cref="GemmWorkers"/>), and
    /// a stream of predictions runs the same layers again and again. So the last weights used on this thread stay
    /// referenced by this thread's instance, and by the worker pool until it runs a job of another kind.</summary>
    private Operands _operands;

    /// <summary>The two partial rows of the second product, each on its own cache lines (from _partialsStart).</summary>
    private float[] _partials = [];
    private int _partialsStart;

    /// <summary>Whether a k × <paramref name="n1"/> layer followed by any layer of <paramref name="n1"/> inputs runs as a pair on <paramref name="threads"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Applies(int k, int n1, ActivationFunction f1, int threads) =>
        ParallelGemv.Splits(k, n1, threads) && Math.Min(threads, Environment.ProcessorCount) == 2
        && ParallelGemv.IsElementwise(f1) && Gemm.SplitsK(transposeB: false, n1)
        && WorkShares.Range(n1, 0, 2, align: 16).End == Gemm.FirstKHalf(n1);

    /// <summary>Runs the pair; false (nothing done) when it does not apply or the worker pool is busy. The operands'
    /// shapes are the caller's to check; h must overlap neither x nor y, and y may overlap x. x is read where it lies
    /// (the caller's input, in place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRun(
        ReadOnlySpan<float> x, ArraySegment<float> w1, int n1, ArraySegment<float> b1, ActivationFunction f1, float a1, Span<float> h,
        ArraySegment<float> w2, int n2, ArraySegment<float> b2, ActivationFunction f2, float a2, Span<float> y, int threads)
    {
        if (!Applies(x.Length, n1, f1, threads))
        {
            return false;
        }

        Gemv.CheckOperands(x, [], w1, n1, h, 0, n1);
        Gemv.CheckOperands(h, [], w2, n2, y, 0, n2);
        var job = t_instance ??= new ParallelDensePair();
        int stride = (n2 + 15) & ~15;
        if (job._partials.Length - job._partialsStart < 2 * stride)
        {
            job._partials = AlignedArray.Allocate<float>(2 * stride, zeroed: true, out job._partialsStart);
        }

        bool ran;
        fixed (float* px = x, ph = h)
        {
            var operands = new Operands(x.Length, (nint)ph, w1, n1, b1, f1, BitConverter.SingleToInt32Bits(a1), w2, n2, stride, Gemm.CurrentPath);
            if (!job._operands.Equals(operands))
            {
                job._operands = operands;
            }

            ran = GemmWorkers.TryRun(job, 2, (nint)px); // x travels with the start signal
        }

        if (!ran)
        {
            return false;
        }

        // Only now is y written: it may share its buffer with x, which both threads read until they are done.
        var output = y[..n2];
        var partials = job._partials.AsSpan(job._partialsStart, 2 * stride);
        TensorPrimitives.Add(partials[..n2], partials.Slice(stride, n2), output);
        if (b2.Array is not null)
        {
            RowKernels.AddRowVector(output, b2.AsSpan(0, n2), 1);
        }

        if (f2 != ActivationFunction.Linear)
        {
            ActivationKernels.Forward(f2, a2, output, output, n2);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunShare(int index, int count, nint argument)
    {
        ref readonly var o = ref _operands;
        var (start, end) = WorkShares.Range(o.N1, index, count, align: 16);
        int[] rows = ParallelGemv.RowList(Math.Max(o.Inputs, o.N1)); // the nonzero inputs of x, then of this half of h

        // This thread's columns of h, as ParallelGemv computes them.
        var x = new ReadOnlySpan<float>((float*)argument, o.Inputs);
        var columns = ParallelGemv.DenseColumns(x, rows, o.W1, o.N1, o.B1, o.F1, BitConverter.Int32BitsToSingle(o.A1Bits), new Span<float>((float*)o.H, o.N1), start, end, o.Path);

        // The second product over the K half those columns are: rows start … end − 1 of W₂.
        int listed = Gemv.NonZeroRows(columns, rows, o.Path);
        Gemv.Product(columns, rows.AsSpan(0, listed), o.W2.AsSpan(start * o.N2), o.N2, _partials.AsSpan(_partialsStart + (index * o.Stride), o.N2), 0, o.N2, o.Path);
    }

    /// <summary>The pair's operands but x; h is pinned by <see cref="TryRun"/> for as long as the shares run. The
    /// activation's α is kept as its bits, so that a change between +0 and −0 (or of a NaN's payload), which float
    /// equality does not see, is written too.</summary>
    private readonly record struct Operands(int Inputs, nint H, ArraySegment<float> W1, int N1, ArraySegment<float> B1, ActivationFunction F1, int A1Bits,
        ArraySegment<float> W2, int N2, int Stride, GemmPath Path);
}
