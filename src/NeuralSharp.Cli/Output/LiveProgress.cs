using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Output;

/// <summary>
/// A live Spectre.Console bar per epoch on standard error: batches done, running loss, examples per second and
/// time left; when the epoch ends its row keeps the epoch's logged values.
/// </summary>
internal sealed class LiveProgress(ProgressContext progress) : ITrainingCallback
{
    private ProgressTask? _task;
    private string _epochLabel = string.Empty;
    private long _epochStart;
    private long _lastDescription;
    private double _lossSum;
    private int _batches;

    /// <summary>Runs <paramref name="train"/> under a live display on standard error.</summary>
    public static T Run<T>(Func<LiveProgress, T> train)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => train(new LiveProgress(ctx)));
    }

    public void OnEpochBegin(TrainingContext context, int epoch)
    {
        _epochLabel = $"{epoch + 1}/{context.Epochs}";
        _task = progress.AddTask($"epoch {_epochLabel}", maxValue: Math.Max(1, context.BatchesPerEpoch));
        _epochStart = Stopwatch.GetTimestamp();
        _lastDescription = 0;
        _lossSum = 0;
        _batches = 0;
    }

    public void OnBatchEnd(TrainingContext context, int batch, double loss)
    {
        _lossSum += loss;
        _batches++;
        _task?.Increment(1);
        long now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastDescription, now).TotalMilliseconds < 200)
        {
            return;
        }

        _lastDescription = now;
        double seconds = Stopwatch.GetElapsedTime(_epochStart, now).TotalSeconds;
        double examples = (double)_batches * context.TrainingExamples / Math.Max(1, context.BatchesPerEpoch);
        _task!.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {_epochLabel}  loss {Reports.Number(_lossSum / _batches)}  {examples / Math.Max(seconds, 1e-9):0} ex/s");
    }

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (_task is null)
        {
            return;
        }

        _task.Description = Markup.Escape(EpochLines.Describe(context, epoch, logs, Stopwatch.GetElapsedTime(_epochStart).TotalSeconds));
        _task.Value = _task.MaxValue;
        _task.StopTask();
    }

    public void OnTrainEnd(TrainingContext context)
    {
        if (context.History.StopReason is string reason)
        {
            progress.AddTask(Markup.Escape($"stopped: {reason}"), autoStart: false, maxValue: 1).Value = 1;
        }
    }
}
