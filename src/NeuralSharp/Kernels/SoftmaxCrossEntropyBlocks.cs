using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// Softmax + cross-entropy of float32 logits with 2–16 classes, 16 rows at a time on AVX-512: the fast path of
/// <see cref="LossKernels.CategoricalCrossEntropy{T}"/> for classification heads.
/// </summary>
/// <remarks>
/// <para>Why: row by row, a 10-class row is a chain of dependent steps (its maximum, ten additions in order, a
/// logarithm, ten divisions) with little to overlap, about 7 µs for a 128-row batch. Here a block of 16 rows is 16·C
/// contiguous floats, that is C full registers. The per-row quantities (the maximum, the sum of exponentials, the
/// logarithm, the label) are computed with one row per lane, from columns gathered across the 16 rows, and are
/// spread back over the row-major registers by a permutation. The exponentials, divisions and gradient then run on
/// full registers.</para>
/// <para>It gives <see cref="LossKernels.CrossEntropyRow{T}"/>'s bits for the probabilities, the gradient and the
/// cost:
/// <list type="bullet">
/// <item>the maximum is the IEEE maximum, so its order does not matter;</item>
/// <item>the exponential and the logarithm are the runtime's vector algorithms, the same at every width;</item>
/// <item>each row's sum adds its classes in order from zero, as the scalar loop does;</item>
/// <item>divisions, subtractions and products are single IEEE operations per lane;</item>
/// <item>the cost is added to the double sum row by row, in the same order of terms.</item>
/// </list></para>
/// </remarks>
internal static unsafe class SoftmaxCrossEntropyBlocks
{
    private const int Block = 16;

    /// <summary>Whether this path runs for <paramref name="cols"/> classes on this CPU (and was not turned off for a test).</summary>
    public static bool Applies(int cols) =>
        cols is >= 2 and <= Block && Avx512F.IsSupported && Avx2.IsSupported && Vector512.IsHardwareAccelerated && KernelDispatch.UseVectors<float>();

    /// <summary>
    /// The whole blocks of 16 rows: probabilities into <paramref name="work"/>, (p − t)/N into <paramref name="grad"/>
    /// when it is not empty (it may be <paramref name="work"/> itself), each row's cost added to <paramref name="sum"/>
    /// in row order. Class indices must already be checked. Returns how many rows it did (a multiple of 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Run(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> work, Span<float> grad, float invN, int rows, int cols, bool sparse, ref double sum)
    {
        int blocks = rows / Block;
        if (blocks == 0)
        {
            return 0;
        }

        // For register k of a block (flat positions 16k … 16k + 15): the row (0–15) and the class of each lane.
        int* rowOf = stackalloc int[Block * Block];
        int* classOf = stackalloc int[Block * Block];
        for (int i = 0, row = 0, column = 0; i < Block * cols; i++)
        {
            // Counted rather than divided: 2 × 16·C integer divisions took longer than the rest of a 128-row batch.
            rowOf[i] = row;
            classOf[i] = column;
            if (++column == cols)
            {
                column = 0;
                row++;
            }
        }

        // Lane l of a gathered column reads row l of the block.
        var firstRows = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * cols;
        var lastRows = Vector256.Create(8, 9, 10, 11, 12, 13, 14, 15) * cols;
        var scale = Vector512.Create(invN);
        float* lanes = stackalloc float[Block * (Block + 2)];
        double cost = sum; // a local: through the ref, every addition went to memory and back
        fixed (float* pz = z, pt = t, pw = work, pg = grad)
        {
            for (int b = 0; b < blocks; b++)
            {
                int offset = b * Block * cols;
                float* zb = pz + offset, wb = pw + offset;

                var max = Gather(zb, firstRows, lastRows);
                for (int j = 1; j < cols; j++)
                {
                    max = Vector512.Max(max, Gather(zb + j, firstRows, lastRows));
                }

                for (int k = 0; k < cols; k++)
                {
                    var shifted = Vector512.Load(zb + (Block * k)) - Avx512F.PermuteVar16x32(max, Vector512.Load(rowOf + (Block * k)));
                    Vector512.Exp(shifted).Store(wb + (Block * k));
                }

                // Each row's sum of exponentials in class order from zero, and its logarithm.
                var sumExp = Vector512<float>.Zero;
                for (int j = 0; j < cols; j++)
                {
                    sumExp += Gather(wb + j, firstRows, lastRows);
                }

                var logSum = Vector512.Log(sumExp);
                Vector512<int> labels = default;
                if (sparse)
                {
                    labels = Avx512F.ConvertToVector512Int32WithTruncation(Vector512.Load(pt + (b * Block)));
                    var labelTerm = Gather(zb, firstRows + labels.GetLower(), lastRows + labels.GetUpper()) - max;
                    labelTerm.Store(lanes);
                    logSum.Store(lanes + Block);
                    for (int l = 0; l < Block; l++)
                    {
                        cost -= lanes[l];
                        cost += lanes[Block + l];
                    }
                }
                else
                {
                    // −(t · (z − max)) class by class, then + log Σ · Σ t, row by row.
                    float* tb = pt + offset;
                    var targetSum = Vector512<float>.Zero;
                    for (int j = 0; j < cols; j++)
                    {
                        var target = Gather(tb + j, firstRows, lastRows);
                        (target * (Gather(zb + j, firstRows, lastRows) - max)).Store(lanes + (Block * j));
                        targetSum += target;
                    }

                    (logSum * targetSum).Store(lanes + (Block * Block));
                    for (int l = 0; l < Block; l++)
                    {
                        for (int j = 0; j < cols; j++)
                        {
                            cost -= lanes[(Block * j) + l];
                        }

                        cost += lanes[(Block * Block) + l];
                    }
                }

                for (int k = 0; k < cols; k++)
                {
                    var rowIndex = Vector512.Load(rowOf + (Block * k));
                    var p = Vector512.Load(wb + (Block * k)) / Avx512F.PermuteVar16x32(sumExp, rowIndex);
                    p.Store(wb + (Block * k));
                    if (pg is not null)
                    {
                        var target = sparse
                            ? Vector512.ConditionalSelect(
                                Vector512.Equals(Vector512.Load(classOf + (Block * k)), Avx512F.PermuteVar16x32(labels, rowIndex)).AsSingle(),
                                Vector512<float>.One,
                                Vector512<float>.Zero)
                            : Vector512.Load(pt + offset + (Block * k));
                        ((p - target) * scale).Store(pg + offset + (Block * k));
                    }
                }
            }
        }

        sum = cost;
        return blocks * Block;
    }

    /// <summary>One column across a block's 16 rows: lanes 0–7 at <paramref name="first"/>, 8–15 at <paramref name="last"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Gather(float* column, Vector256<int> first, Vector256<int> last) =>
        Vector512.Create(Avx2.GatherVector256(column, first, 4), Avx2.GatherVector256(column, last, 4));
}
