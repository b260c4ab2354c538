namespace NeuralSharp.Training;

/// <summary>
/// What happened in <c>Fit</c>: one value per epoch for each logged quantity — <c>loss</c> (the training cost),
/// each metric by name, and with validation data <c>val_loss</c> and <c>val_{metric}</c> — plus why training stopped.
/// </summary>
public sealed class History
{
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    /// <summary>Number of epochs run.</summary>
    public int Epochs { get; private set; }

    /// <summary>Names of the logged quantities, in first-logged order.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Why training stopped before the requested epochs (null when it ran them all).</summary>
    public string? StopReason { get; internal set; }

    /// <summary>Values of <paramref name="key"/> per epoch.</summary>
    public IReadOnlyList<double> this[string key] => _values.TryGetValue(key, out var v)
        ? v
        : throw new KeyNotFoundException($"History has no '{key}'. Logged: {string.Join(", ", _keys)}.");

    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The last epoch's value of <paramref name="key"/>.</summary>
    public double Last(string key) => this[key][^1];

    internal void Add(IReadOnlyDictionary<string, double> logs)
    {
        foreach (var (key, value) in logs)
        {
            if (!_values.TryGetValue(key, out var list))
            {
                list = [];
                for (int i = 0; i < Epochs; i++)
                {
                    list.Add(double.NaN);
                }

                _values[key] = list;
                _keys.Add(key);
            }

            list.Add(value);
        }

        Epochs++;
        foreach (var list in _values.Values)
        {
            while (list.Count < Epochs)
            {
                list.Add(double.NaN);
            }
        }
    }
}
