using System.Globalization;
using System.Text;

namespace NeuralSharp.Training.Callbacks;

/// <summary>Writes one line per epoch — epoch, every logged value, seconds — to a <see cref="TextWriter"/> (stdout by default).</summary>
public sealed class ProgressLogger(TextWriter? writer = null) : ITrainingCallback
{
    private readonly TextWriter _writer = writer ?? Console.Out;
    private long _epochStart;

    public void OnEpochBegin(TrainingContext context, int epoch) => _epochStart = System.Diagnostics.Stopwatch.GetTimestamp();

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logs);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{context.Epochs}");
        foreach (var (key, value) in logs)
        {
            line.Append(CultureInfo.InvariantCulture, $"  {key} {value:0.0000}");
        }

        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_epochStart).TotalSeconds;
        line.Append(CultureInfo.InvariantCulture, $"  {seconds:0.00}s");
        _writer.WriteLine(line.ToString());
    }

    public void OnTrainEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.History.StopReason is string reason)
        {
            _writer.WriteLine($"stopped: {reason}");
        }
    }
}
