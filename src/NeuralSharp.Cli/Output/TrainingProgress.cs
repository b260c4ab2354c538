using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Output;

/// <summary>How much the command line says while training.</summary>
internal enum Verbosity
{
    /// <summary>Nothing but results.</summary>
    Quiet,

    /// <summary>One line per epoch (standard error is not a terminal, or --json).</summary>
    Lines,

    /// <summary>A live bar per epoch: batches, loss, speed, time left.</summary>
    Live,
}

/// <summary>
/// Training progress on standard error (standard output stays for results and --json): a live Spectre bar
/// per epoch on a terminal, one line per epoch otherwise, nothing with --quiet.
/// </summary>
internal sealed class TrainingProgress(Verbosity verbosity, TextWriter? lines = null) : ITrainingCallback
{
    private readonly TextWriter _lines = lines ?? Console.Error;
    private long _epochStart;
    private long _lastDraw;
    private double _lossSum;
    private int _batches;

    public void OnEpochBegin(TrainingContext context, int epoch)
    {
        _epochStart = Stopwatch.GetTimestamp();
        _lastDraw = 0;
        _lossSum = 0;
        _batches = 0;
    }

    public void OnBatchEnd(TrainingContext context, int batch, double loss)
    {
        _lossSum += loss;
        _batches++;
        if (verbosity != Verbosity.Live)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        if (batch + 1 < context.BatchesPerEpoch && Stopwatch.GetElapsedTime(_lastDraw, now).TotalMilliseconds < 100)
        {
            return;
        }

        _lastDraw = now;
        double seconds = Stopwatch.GetElapsedTime(_epochStart, now).TotalSeconds;
        double fraction = (double)(batch + 1) / context.BatchesPerEpoch;
        int width = 30;
        int filled = (int)(fraction * width);
        double left = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
        double speed = seconds > 0 ? (batch + 1) * ((double)context.TrainingExamples / context.BatchesPerEpoch) / seconds : 0;
        string bar = new string('━', filled) + new string('─', width - filled);
        AnsiConsole.Console.Write(new Markup(string.Create(CultureInfo.InvariantCulture,
            $"\r[blue]{bar}[/] {batch + 1}/{context.BatchesPerEpoch}  loss {_lossSum / _batches:0.0000}  {speed:0} ex/s  {left:0.0}s left ")));
    }

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (verbosity == Verbosity.Quiet)
        {
            return;
        }

        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"epoch {epoch + 1,3}/{context.Epochs}");
        foreach (var (key, value) in logs)
        {
            if (key != "lr")
            {
                line.Append(CultureInfo.InvariantCulture, $"  {key} {value:0.0000}");
            }
        }

        line.Append(CultureInfo.InvariantCulture, $"  {Stopwatch.GetElapsedTime(_epochStart).TotalSeconds:0.00}s");
        if (verbosity == Verbosity.Live)
        {
            AnsiConsole.Console.Write("\r" + new string(' ', Math.Max(0, Console.IsErrorRedirected ? 0 : 100)) + "\r");
            AnsiConsole.Console.WriteLine(line.ToString());
        }
        else
        {
            _lines.WriteLine(line.ToString());
        }
    }

    public void OnTrainEnd(TrainingContext context)
    {
        if (verbosity != Verbosity.Quiet && context.History.StopReason is string reason)
        {
            _lines.WriteLine($"stopped: {reason}");
        }
    }
}
