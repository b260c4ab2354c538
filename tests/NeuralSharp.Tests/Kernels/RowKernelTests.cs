using NeuralSharp.Kernels;
using static NeuralSharp.Tests.Kernels.KernelTestData;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Row-broadcast and reduction kernels in float32 against scalar references computed in double.</summary>
public sealed class RowKernelTests
{
    public static TheoryData<int, int> AllShapes()
    {
        var data = new TheoryData<int, int>();
        foreach (var (rows, cols) in (ReadOnlySpan<(int, int)>)[(1, 1), (7, 33), (33, 7), (3, 257), (0, 5), (1, 0), (1, 7), (1, 33), (257, 1)])
        {
            data.Add(rows, cols);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void Add_row_vector_matches_reference(int rows, int cols)
    {
        float[] y = Random(rows * cols, 1);
        float[] bias = Random(cols, 2);
        double[] expected = new double[y.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                expected[(r * cols) + c] = (double)y[(r * cols) + c] + bias[c];
            }
        }

        RowKernels.AddRowVector<float>(y, bias, rows);

        Close(expected, y, what: "y + bias");
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void Sum_rows_matches_reference_with_and_without_accumulate(int rows, int cols)
    {
        float[] x = Random(rows * cols, 3);
        float[] start = Random(cols, 4);
        double[] column = new double[cols];
        double[] magnitude = new double[cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                column[c] += x[(r * cols) + c];
                magnitude[c] += Math.Abs(x[(r * cols) + c]);
            }
        }

        float[] sums = (float[])start.Clone();
        RowKernels.SumRows<float>(x, sums, rows, accumulate: false);
        float[] accumulated = (float[])start.Clone();
        RowKernels.SumRows<float>(x, accumulated, rows, accumulate: true);

        for (int c = 0; c < cols; c++)
        {
            double tolerance = 1e-6 * (magnitude[c] + Math.Abs(start[c]) + 1);
            Assert.True(Math.Abs(sums[c] - column[c]) <= tolerance, $"sums[{c}]: expected {column[c]}, got {sums[c]}");
            Assert.True(Math.Abs(accumulated[c] - (column[c] + start[c])) <= tolerance, $"accumulated[{c}]: expected {column[c] + start[c]}, got {accumulated[c]}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths), MemberType = typeof(KernelTestData))]
    public void Sum_of_squares_matches_reference(int n)
    {
        float[] x = Random(n, 5);
        double expected = x.Sum(v => (double)v * v);

        Close(expected, RowKernels.SumOfSquares<float>(x), what: "Σx²");
    }

    [Fact]
    public void Cpu_backend_rejects_a_bias_of_the_wrong_size()
    {
        var backend = new Compute.CpuBackend(1);
        Assert.Throws<ArgumentException>(() => backend.AddRowVector(Tensors.Tensor.Zeros(3, 4), Tensors.Tensor.Zeros(1, 3)));
        Assert.Throws<ArgumentException>(() => backend.SumRows(Tensors.Tensor.Zeros(3, 4), Tensors.Tensor.Zeros(1, 5), accumulate: false));
    }
}
