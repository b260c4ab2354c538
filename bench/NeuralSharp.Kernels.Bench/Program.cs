using BenchmarkDotNet.Running;

namespace NeuralSharp.Kernels.Bench;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the internal kernels. Run in Release, e.g.
/// <c>dotnet run -c Release --project bench/NeuralSharp.Kernels.Bench -- --filter '*Gemm*'</c>;
/// whole-run tasks (epoch time, accuracy, latency) are in <c>bench/NeuralSharp.Bench</c>.
/// </summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
