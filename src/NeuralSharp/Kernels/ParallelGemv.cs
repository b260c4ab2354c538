using System.Runtime.CompilerServices;
using NeuralSharp.Compute;

namespace NeuralSharp.Kernels;

/// <summary>
/// One example through a dense layer, y = f(x·W + b), split over the GEMM worker threads by column ranges (multiples
/// of 16). Why: one example's product is bound by how fast the weights stream from cache, and each core streams its
/// own columns from its own L2, where they stay between calls. Each column's sum is computed by one thread in the same
/// order, so the bits do not depend on the thread count.
/// </summary>
/// <remarks>
/// Each share does all of its columns' work: it lists the nonzero inputs itself, multiplies, adds the bias and applies
/// an element-wise activation. Why: whatever the caller writes for every example and a helper reads (a list of
/// nonzero inputs, say) travels to the helper's core and back each time, and the caller's next fenced instruction
/// waits for it. Listing again from x costs a helper 0.2 µs and no cache line changes hands but x and the helper's
/// outputs. A row-wise activation (softmax) is applied by the caller after the join.
/// </remarks>
internal sealed unsafe class ParallelGemv : IWorkShare
{
    /// <summary>Below this many weights the hand-off costs more than it saves.</summary>
    /// <remarks>Measured with <c>bench -- gemv</c>, 1 thread against 2, medians (µs): 784×256 with 100/50/30 % nonzero
    /// inputs 7.9/4.4/2.7 against 4.8/2.8/2.1; 256×128 (32,768 weights) 1.5/0.9/0.5 against 1.3/1.0/0.8, a loss at
    /// the densities a ReLU layer's outputs have. The split is decided on the weights, not on the nonzero inputs, so
    /// that the helper can start before the caller has listed them.</remarks>
    public const int MinWork = 1 << 16;

    [ThreadStatic]
    private static ParallelGemv? t_instance;

    /// <summary>This thread's list of the nonzero inputs.</summary>
    [ThreadStatic]
    private static int[]? t_rows;

    /// <summary>What the shares read besides x, written only when it changes and kept after the call (see
    /// <see cref="ParallelDensePair"/>'s operands for why).</summary>
    private Operands _operands;

    /// <summary>Whether <paramref name="inputs"/> × <paramref name="n"/> weights are split over <paramref name="threads"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Splits(int inputs, int n, int threads) => Shares(n, threads) >= 2 && (long)inputs * n >= MinWork;

    /// <summary>How many column shares <paramref name="n"/> outputs take on up to <paramref name="threads"/> threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Shares(int n, int threads) => Math.Min(Math.Min(threads, Environment.ProcessorCount), n / 32);

    /// <summary>This thread's room for a list of <paramref name="length"/> row indices, grown once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] RowList(int length) => t_rows is { } r && r.Length >= length ? r : (t_rows = new int[length]);

    /// <summary>
    /// One thread's columns [<paramref name="start"/>, <paramref name="end"/>) of y = f(x·W + b) for an element-wise f
    /// (any other f is left to the caller): the nonzero inputs listed into <paramref name="rows"/>, the product, the
    /// bias, the activation. Returns those columns of y.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Span<float> DenseColumns(ReadOnlySpan<float> x, int[] rows, ArraySegment<float> w, int n, ArraySegment<float> bias,
        ActivationFunction function, float alpha, Span<float> y, int start, int end, GemmPath path)
    {
        int listed = Gemv.NonZeroRows(x, rows, path);
        Gemv.MultiplyPrechecked(x, rows.AsSpan(0, listed), w, n, y, start, end, path);
        var columns = y.Slice(start, end - start);
        if (bias.Array is not null)
        {
            RowKernels.AddRowVector(columns, bias.AsSpan(start, end - start), 1);
        }

        if (IsElementwise(function) && function != ActivationFunction.Linear)
        {
            ActivationKernels.Forward(function, alpha, columns, columns, columns.Length);
        }

        return columns;
    }

    /// <summary>
    /// y = f(x·W + b) (no bias when <paramref name="bias"/> has no array) on up to <paramref name="threads"/> threads;
    /// false (nothing done) when it was not split. The operands' lengths are the caller's to check; x and y must not
    /// overlap. x is read where it lies: the helpers read the caller's input in place, not a copy the caller made.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRun(ReadOnlySpan<float> x, ArraySegment<float> w, int n, ArraySegment<float> bias, ActivationFunction function, float alpha, Span<float> y, int threads)
    {
        if (!Splits(x.Length, n, threads))
        {
            return false;
        }

        Gemv.CheckOperands(x, [], w, n, y, 0, n); // once, not per share; each share's list comes from x itself
        var job = t_instance ??= new ParallelGemv();
        bool ran;
        fixed (float* px = x, py = y)
        {
            var operands = new Operands(x.Length, (nint)py, w, n, bias, function, BitConverter.SingleToInt32Bits(alpha), Gemm.CurrentPath);
            if (!job._operands.Equals(operands))
            {
                job._operands = operands;
            }

            ran = GemmWorkers.TryRun(job, Shares(n, threads), (nint)px); // x travels with the start signal
        }

        if (ran && !IsElementwise(function))
        {
            ActivationKernels.Forward(function, alpha, y, y, n);
        }

        return ran;
    }

    /// <summary>
    /// y = f(x·W + b) on up to <paramref name="threads"/> threads when <see cref="TryRun"/> splits it, else on this
    /// thread through the same column work (<see cref="DenseColumns"/> over all columns), so both give the same bits.
    /// The operands' lengths are the caller's to check; x and y must not overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> x, ArraySegment<float> w, int n, ArraySegment<float> bias, ActivationFunction function, float alpha, Span<float> y, int threads)
    {
        if (TryRun(x, w, n, bias, function, alpha, y, threads))
        {
            return;
        }

        Gemv.CheckOperands(x, [], w, n, y, 0, n);
        DenseColumns(x, RowList(x.Length), w, n, bias, function, alpha, y, 0, n, Gemm.CurrentPath);
        if (!IsElementwise(function))
        {
            ActivationKernels.Forward(function, alpha, y, y, n);
        }
    }

    /// <summary>Activations computed element by element with one exact operation, whose bits cannot depend on how the
    /// columns are split; the others (vectorised approximations, softmax) are applied to the whole row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsElementwise(ActivationFunction function) =>
        function is ActivationFunction.Linear or ActivationFunction.ReLU or ActivationFunction.LeakyReLU or ActivationFunction.Step;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunShare(int index, int count, nint argument)
    {
        ref readonly var o = ref _operands;
        var (start, end) = WorkShares.Range(o.N, index, count, align: 16);
        if (start >= end)
        {
            return;
        }

        DenseColumns(new ReadOnlySpan<float>((float*)argument, o.Inputs), RowList(o.Inputs), o.W, o.N, o.Bias, o.Function, BitConverter.Int32BitsToSingle(o.AlphaBits), new Span<float>((float*)o.Y, o.N), start, end, o.Path);
    }

    /// <summary>The operands but x; y is pinned by <see cref="TryRun"/> for as long as the shares run. α is kept as its
    /// bits (see <see cref="ParallelDensePair"/>'s operands).</summary>
    private readonly record struct Operands(int Inputs, nint Y, ArraySegment<float> W, int N, ArraySegment<float> Bias, ActivationFunction Function, int AlphaBits, GemmPath Path);
}
