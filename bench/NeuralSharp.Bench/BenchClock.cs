using System.Diagnostics;

namespace NeuralSharp.Bench;

/// <summary>Elapsed time at the clock's full resolution.</summary>
/// <remarks>
/// Why not <see cref="Stopwatch.GetElapsedTime(long)"/>: it returns a <see cref="TimeSpan"/>, whose 100 ns ticks
/// truncate every single-example sample (3–4 µs) by 0–0.1 µs, so medians came out up to 0.1 µs low and always on a
/// 0.1 µs step, while the peers' scripts time at full resolution.
/// </remarks>
internal static class BenchClock
{
    private static readonly double MicrosecondsPerTick = 1e6 / Stopwatch.Frequency;

    public static double MicrosecondsSince(long start) => (Stopwatch.GetTimestamp() - start) * MicrosecondsPerTick;
}
