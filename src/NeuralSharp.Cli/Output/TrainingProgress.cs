using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuralSharp.Training;

namespace NeuralSharp.Cli.Output;

/// <summary>How much the command line says while training.</summary>
internal enum Verbosity
{
    /// <summary>Nothing but results.</summary>
    Quiet,

    /// <summary>One line per epoch (standard error is not a terminal, or --json).</summary>
    Lines,

    /// <summary>A live bar per epoch: batches, loss, speed, time left (see <see cref="LiveProgress"/>).</summary>
    Live,
}

/// <summary>One line per epoch on standard error (standard output stays for results and --json).</summary>
internal sealed class EpochLines(TextWriter? writer = null) : ITrainingCallback
{
    private readonly TextWriter _writer = writer ?? Console.Error;
    private long _epochStart;

    public void OnEpochBegin(TrainingContext context, int epoch) => _epochStart = Stopwatch.GetTimestamp();

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs) =>
        _writer.WriteLine(Describe(context, epoch, logs, Stopwatch.GetElapsedTime(_epochStart).TotalSeconds));

    public void OnTrainEnd(TrainingContext context)
    {
        if (context.History.StopReason is string reason)
        {
            _writer.WriteLine($"stopped: {reason}");
        }
    }

    /// <summary>"epoch  3/20  loss 0.3775  accuracy 0.8481  val_loss …  0.05s".</summary>
    internal static string Describe(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs, double seconds)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"epoch {epoch + 1,3}/{context.Epochs}");
        foreach (var (key, value) in logs)
        {
            if (key != "lr")
            {
                line.Append(CultureInfo.InvariantCulture, $"  {key} {Reports.Number(value)}");
            }
        }

        return line.Append(CultureInfo.InvariantCulture, $"  {seconds:0.00}s").ToString();
    }
}
