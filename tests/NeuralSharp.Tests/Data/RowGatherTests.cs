using NeuralSharp.Compute;
using NeuralSharp.Data;
using NeuralSharp.Tensors;
using NeuralSharp.Tests.Kernels;

namespace NeuralSharp.Tests.Data;

/// <summary>The mini-batch gather against a naive row copy, on one thread and split over threads.</summary>
[Collection(nameof(WorkerPoolCollection))]
public sealed class RowGatherTests
{
    [Theory]
    [InlineData(0, 5, 1)]
    [InlineData(1, 1, 2)]
    [InlineData(7, 33, 3)]
    [InlineData(130, 257, 1)] // 33,410 values: large enough to be split over threads
    [InlineData(130, 257, 2)]
    [InlineData(131, 257, 3)]
    [InlineData(3, 12000, 8)] // more threads than rows
    public void Gathers_the_indexed_rows_on_any_number_of_threads(int rows, int cols, int threads)
    {
        var random = new RandomSource(5);
        int sourceRows = rows + 17;
        var source = Tensor.Zeros(sourceRows, cols);
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = (float)random.NextUniform(-1, 1);
        }

        int[] indices = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            indices[i] = random.NextInt(sourceRows);
        }

        var destination = Tensor.Zeros(rows + 2, cols);
        destination.AsSpan<float>().Fill(9);
        RowGather.Gather(source, indices, destination, threads);

        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(source.Row(indices[r]), destination.Row(r));
        }

        // Rows past the batch are left alone.
        Assert.All(destination.Row(rows), v => Assert.Equal(9f, v));
    }

    [Fact]
    public void The_backend_gathers_float64_rows_and_rejects_a_mismatched_destination()
    {
        var source = Tensor.From(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, DType.Float64);
        var destination = Tensor.Zeros(new Shape(2, 2), DType.Float64);
        var backend = new CpuBackend(2);
        backend.GatherRows(source, [2, 0], destination);
        Assert.Equal([5.0, 6, 1, 2], destination.ToDoubleArray());

        var ex = Assert.Throws<ArgumentException>(() => backend.GatherRows(source, [0], Tensor.Zeros(new Shape(1, 3), DType.Float64)));
        Assert.Contains("Cannot gather 1 rows", ex.Message, StringComparison.Ordinal);
    }
}
