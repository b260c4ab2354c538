using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>Argument checks shared by every metric's <c>Update</c>. They allocate only when they throw.</summary>
internal static class MetricArguments
{
    /// <summary>Throws unless <paramref name="predictions"/> and <paramref name="targets"/> have the same number of rows.</summary>
    public static void RequireSameRows(Tensor predictions, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.Rows != targets.Rows)
        {
            throw new ArgumentException(
                $"Predictions {predictions.Shape} have {predictions.Rows} rows but targets {targets.Shape} have {targets.Rows}.",
                nameof(targets));
        }
    }

    /// <summary>Throws unless the tensors have the same rows and the same number of values per row (regression metrics).</summary>
    public static void RequireSameLayout(Tensor predictions, Tensor targets)
    {
        RequireSameRows(predictions, targets);
        if (predictions.RowSize != targets.RowSize)
        {
            throw new ArgumentException(
                $"Predictions {predictions.Shape} have {predictions.RowSize} values per row but targets {targets.Shape} have {targets.RowSize}.",
                nameof(targets));
        }
    }

    /// <summary>Throws when a stateful metric that has already seen <paramref name="seen"/> columns or classes
    /// since its last reset is given a batch with <paramref name="now"/>.</summary>
    public static void RequireSameWidth(int seen, int now, string what, Tensor predictions)
    {
        if (seen != 0 && seen != now)
        {
            throw new ArgumentException(
                $"This metric has accumulated {seen} {what} since its last Reset, but predictions {predictions.Shape} have {now}. Call Reset before changing the output width.",
                nameof(predictions));
        }
    }
}
