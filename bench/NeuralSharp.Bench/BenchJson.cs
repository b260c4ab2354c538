using System.Text.Json;

namespace NeuralSharp.Bench;

/// <summary>Results as JSON files shaped like the peers' (bench/peers/*.py), for bench/summarize_side_by_side.py.</summary>
internal static class BenchJson
{
    public static void Write(string? path, Dictionary<string, object> result)
    {
        result["peak_rss_mib"] = PeakRssMib();
        if (path is not null)
        {
            File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>Peak resident memory of this process (VmHWM), MiB.</summary>
    public static double PeakRssMib()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }
}
