using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// A streaming training or evaluation metric: <see cref="Reset"/>, then <see cref="Update"/> once per batch, then
/// <see cref="Result"/> for the value over every row seen since the reset. Metrics are stateful, so each training
/// run or evaluation needs its own instance; the static factories return a new one on every call.
/// </summary>
/// <remarks>
/// <para><see cref="Update"/> does not allocate once a metric has seen its first batch (or, for metrics that keep
/// per-class or per-column counts, a batch of the current width), so it can run inside a training loop.</para>
/// <para>Classification metrics read predictions and targets as follows. One prediction column is binary: a
/// probability, class 1 when p &gt; threshold (default 0.5), or a logit when the metric is built with
/// <c>fromLogits: true</c> (class 1 when z &gt; 0 for the default threshold); the target is 0 or 1. C &gt; 1 prediction
/// columns give the argmax of the row (ties go to the lowest index); the target is one-hot (C columns, its argmax) or a
/// class index (1 column). Regression metrics compare predictions and targets element by element; both must have the
/// same rows and the same number of values per row.</para>
/// <para>Before any <see cref="Update"/>, <see cref="Result"/> is 0 (as in Keras), so a history never holds NaN.</para>
/// </remarks>
public abstract class Metric
{
    private static readonly string[] s_names =
    [
        "accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1",
        "mse", "rmse", "mae", "r2", "mean_error",
    ];

    /// <summary>Snake_case key used in training histories and JSON, e.g. <c>accuracy</c> or <c>mse</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether a larger <see cref="Result"/> means a better model (false for error metrics).</summary>
    public virtual bool HigherIsBetter => true;

    /// <summary>Names accepted by <see cref="FromName"/>, one per built-in metric.</summary>
    public static IReadOnlyList<string> Names => s_names;

    /// <summary>A new <see cref="Metrics.Accuracy"/>.</summary>
    public static Metric Accuracy => new Accuracy();

    /// <summary>A new <see cref="Metrics.Precision"/> (binary for one output column, macro-averaged otherwise).</summary>
    public static Metric Precision => new Precision();

    /// <summary>A new <see cref="Metrics.Recall"/> (binary for one output column, macro-averaged otherwise).</summary>
    public static Metric Recall => new Recall();

    /// <summary>A new <see cref="Metrics.F1"/> (binary for one output column, macro-averaged otherwise).</summary>
    public static Metric F1 => new F1();

    /// <summary>A new <see cref="Metrics.MacroPrecision"/>.</summary>
    public static Metric MacroPrecision => new MacroPrecision();

    /// <summary>A new <see cref="Metrics.MacroRecall"/>.</summary>
    public static Metric MacroRecall => new MacroRecall();

    /// <summary>A new <see cref="Metrics.MacroF1"/>.</summary>
    public static Metric MacroF1 => new MacroF1();

    /// <summary>A new <see cref="Metrics.MeanSquaredError"/>.</summary>
    public static Metric MeanSquaredError => new MeanSquaredError();

    /// <summary>A new <see cref="Metrics.RootMeanSquaredError"/>.</summary>
    public static Metric RootMeanSquaredError => new RootMeanSquaredError();

    /// <summary>A new <see cref="Metrics.MeanAbsoluteError"/>.</summary>
    public static Metric MeanAbsoluteError => new MeanAbsoluteError();

    /// <summary>A new <see cref="Metrics.R2"/>.</summary>
    public static Metric R2 => new R2();

    /// <summary>A new <see cref="Metrics.MeanError"/> (a bias diagnostic, not a loss).</summary>
    public static Metric MeanError => new MeanError();

    /// <summary>A new metric with default options whose <see cref="Name"/> is <paramref name="name"/>
    /// (compared ignoring case); see <see cref="Names"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of <see cref="Names"/>.</exception>
    public static Metric FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string known in s_names)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return Create(known);
            }
        }

        throw new ArgumentException($"Unknown metric '{name}'. Valid names: {string.Join(", ", s_names)}.", nameof(name));
    }

    /// <summary>
    /// A new instance with this one's options (threshold, logits) and no batch seen: what evaluation and validation
    /// score with, so that they neither disturb this instance's running result nor lose its options.
    /// </summary>
    /// <remarks>Every built-in metric returns a new instance of its own class. The default, for a metric defined
    /// elsewhere, is a new instance made with the class's public parameterless constructor; a metric with options and
    /// no such constructor must override this (a copy of the instance would share whatever arrays hold its state, and
    /// evaluating would then reset the training metric).</remarks>
    /// <exception cref="NotSupportedException">The class has no public parameterless constructor and does not override this.</exception>
    public virtual Metric Fresh() =>
        GetType().GetConstructor(Type.EmptyTypes) is { } constructor
            ? (Metric)constructor.Invoke(null)
            : throw new NotSupportedException($"Metric '{Name}' ({GetType().Name}) has no public parameterless constructor: override Metric.Fresh() to return a new, empty instance with the same options, so that Evaluate and validation can score with it.");

    /// <summary>
    /// <paramref name="metric"/>.<see cref="Update"/>, with the metric's name put before a refused batch's message:
    /// "Row 0 has target 69.2; binary targets must be 0 or 1" from a regression model compiled with accuracy otherwise
    /// sends the reader to the loss.
    /// </summary>
    internal static void UpdateNamed(Metric metric, Tensor predictions, Tensor targets)
    {
        try
        {
            metric.Update(predictions, targets);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Metric '{metric.Name}': {e.Message}", e);
        }
    }

    /// <summary>Forgets every batch seen so far.</summary>
    public abstract void Reset();

    /// <summary>Adds one batch. <paramref name="predictions"/> and <paramref name="targets"/> must have the same number of rows.</summary>
    /// <exception cref="ArgumentException">The shapes do not agree, or a target class index is out of range.</exception>
    public abstract void Update(Tensor predictions, Tensor targets);

    /// <summary>The metric over every row passed to <see cref="Update"/> since the last <see cref="Reset"/>.</summary>
    public abstract double Result();

    public override string ToString() => Name;

    private static Metric Create(string name) => name switch
    {
        "accuracy" => Accuracy,
        "precision" => Precision,
        "recall" => Recall,
        "f1" => F1,
        "macro_precision" => MacroPrecision,
        "macro_recall" => MacroRecall,
        "macro_f1" => MacroF1,
        "mse" => MeanSquaredError,
        "rmse" => RootMeanSquaredError,
        "mae" => MeanAbsoluteError,
        "r2" => R2,
        "mean_error" => MeanError,
        _ => throw new InvalidOperationException($"No factory for metric '{name}'."),
    };
}
