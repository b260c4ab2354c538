namespace NeuralSharp.Training.Callbacks;

/// <summary>A logged quantity that callbacks watch, and whether smaller values are better.</summary>
internal readonly record struct MonitoredQuantity(string Key, bool LowerIsBetter)
{
    /// <summary>Losses and errors go down; accuracy, precision, recall, F1 and R² go up.</summary>
    public static MonitoredQuantity For(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        string bare = key.StartsWith("val_", StringComparison.Ordinal) ? key[4..] : key;
        bool lower = bare is "loss" or "mse" or "rmse" or "mae" or "mean_error" || bare.EndsWith("loss", StringComparison.Ordinal);
        return new MonitoredQuantity(key, lower);
    }

    /// <summary>The value from <paramref name="logs"/>, or an explanation of why it is missing.</summary>
    public double Read(IReadOnlyDictionary<string, double> logs) => logs.TryGetValue(Key, out double v)
        ? v
        : throw new InvalidOperationException(
            $"Callback monitors '{Key}', which training does not log (logged: {string.Join(", ", logs.Keys)}). " +
            (Key.StartsWith("val_", StringComparison.Ordinal) ? "Give validation data or a validation split." : "Add the metric in Compile."));

    public bool Improves(double candidate, double best, double minDelta) => LowerIsBetter
        ? candidate < best - minDelta
        : candidate > best + minDelta;

    public double Worst => LowerIsBetter ? double.PositiveInfinity : double.NegativeInfinity;
}
