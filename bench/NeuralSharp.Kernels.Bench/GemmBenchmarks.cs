using BenchmarkDotNet.Attributes;

namespace NeuralSharp.Kernels.Bench;

/// <summary>One product C[m×n] = op(A)·op(B) as <see cref="Gemm.Multiply"/> takes it.</summary>
/// <param name="Name">How the summary table shows it.</param>
public sealed record GemmShape(string Name, bool TransposeA, bool TransposeB, int M, int N, int K)
{
    /// <summary>2·m·n·k: one multiply and one add per term.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>The FMNIST-MLP (784-256-128-10, batch 128) products of one training step, and 1024³.</summary>
    public static IEnumerable<GemmShape> MlpAndSquare { get; } =
    [
        new("X·W 128×784·784×256", false, false, 128, 256, 784),
        new("H·W 128×256·256×128", false, false, 128, 128, 256),
        new("Xᵀ·dY 784×128·128×256", true, false, 784, 256, 128),
        new("dY·Wᵀ 128×256·256×784", false, true, 128, 784, 256),
        new("1024³", false, false, 1024, 1024, 1024),
    ];

    public override string ToString() => Name;
}

/// <summary><see cref="Gemm.Multiply"/> at the MLP's shapes and 1024³ on 1 and 2 threads, fastest path the CPU has.</summary>
[MemoryDiagnoser]
[GemmConfig]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.MlpAndSquare.First();

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<GemmShape> Shapes => GemmShape.MlpAndSquare;

    [GlobalSetup]
    public void Setup()
    {
        _a = BenchData.Uniform(Shape.M * Shape.K, 1);
        _b = BenchData.Uniform(Shape.K * Shape.N, 2);
        _c = new float[Shape.M * Shape.N];
    }

    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(Shape.TransposeA, Shape.TransposeB, Shape.M, Shape.N, Shape.K, _a, _b, _c, accumulate: false, Threads);
}

/// <summary>The instruction-set paths of <see cref="Gemm"/> (mirrors the internal <see cref="GemmPath"/>, which a public parameter cannot expose).</summary>
public enum KernelPath
{
    Avx512,
    Vector256,
    Scalar,
}

/// <summary>Each GEMM path this CPU supports, forced through <see cref="Gemm.ForcedPath"/>, at the first layer's forward shape on one thread.</summary>
[MemoryDiagnoser]
[GemmConfig]
public class GemmPathBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private GemmPath _path;

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.MlpAndSquare.First();

    [ParamsSource(nameof(SupportedPaths))]
    public KernelPath Path { get; set; }

    public static IEnumerable<GemmShape> Shapes => GemmShape.MlpAndSquare.Take(1);

    /// <summary>Only the paths this CPU runs: a forced unsupported path throws <see cref="PlatformNotSupportedException"/>.</summary>
    public static IEnumerable<KernelPath> SupportedPaths => Enum.GetValues<KernelPath>().Where(p => Gemm.IsSupported(ToGemmPath(p)));

    [GlobalSetup]
    public void Setup()
    {
        _path = ToGemmPath(Path);
        _a = BenchData.Uniform(Shape.M * Shape.K, 1);
        _b = BenchData.Uniform(Shape.K * Shape.N, 2);
        _c = new float[Shape.M * Shape.N];
    }

    [Benchmark]
    public void Multiply()
    {
        // Why set per call: ForcedPath is [ThreadStatic], and BenchmarkDotNet does not promise that setup and
        // workload share a thread. One thread-static write is nanoseconds against a ~100 µs product.
        Gemm.ForcedPath = _path;
        Gemm.Multiply(Shape.TransposeA, Shape.TransposeB, Shape.M, Shape.N, Shape.K, _a, _b, _c, accumulate: false, maxThreads: 1);
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.ForcedPath = GemmPath.Auto;

    private static GemmPath ToGemmPath(KernelPath path) => path switch
    {
        KernelPath.Avx512 => GemmPath.Avx512,
        KernelPath.Vector256 => GemmPath.Vector256,
        _ => GemmPath.Scalar,
    };
}
