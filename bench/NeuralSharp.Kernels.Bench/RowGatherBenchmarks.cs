using BenchmarkDotNet.Attributes;
using NeuralSharp.Data;
using NeuralSharp.Tensors;

namespace NeuralSharp.Kernels.Bench;

/// <summary>
/// <see cref="RowGather.Gather(Tensor, ReadOnlySpan{int}, Tensor)"/>: a 128-row mini-batch from a 60,000×784 float32
/// set (Fashion-MNIST's size, 188 MB) in shuffled order.
/// </summary>
/// <remarks>
/// Why walk a permutation: the trainer visits each row once per epoch in shuffled order, so its batches come from
/// memory rather than cache. Repeating one fixed set of 128 rows would time cache hits.
/// </remarks>
[MemoryDiagnoser]
public class RowGatherBenchmarks
{
    private const int SetRows = 60_000;
    private const int Features = 784;
    private const int BatchSize = 128;

    private readonly Tensor _batch = Tensor.Zeros(BatchSize, Features);
    private Tensor _set = Tensor.Zeros(1, Features);
    private int[] _order = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _set = Tensor.FromArray(BenchData.Uniform(SetRows * Features, 1), SetRows, Features);
        _order = [.. Enumerable.Range(0, SetRows)];
        new Random(7).Shuffle(_order);
    }

    [Benchmark]
    public void Gather128RandomRows()
    {
        if (_next + BatchSize > SetRows)
        {
            _next = 0;
        }

        RowGather.Gather(_set, _order.AsSpan(_next, BatchSize), _batch);
        _next += BatchSize;
    }
}
