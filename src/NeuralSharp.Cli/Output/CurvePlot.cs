using NeuralSharp.Training;

namespace NeuralSharp.Cli.Output;

/// <summary>Writes training curves to a PNG: loss (left axis) and one metric (right axis, dashed), training
/// and validation, per epoch.</summary>
internal static class CurvePlot
{
    public static void Save(History history, string metric, string path)
    {
        var plot = new ScottPlot.Plot();
        double[] epochs = [.. Enumerable.Range(1, history.Epochs).Select(e => (double)e)];
        foreach (var (key, label, right) in new[]
        {
            ("loss", "training loss", false), ("val_loss", "validation loss", false),
            (metric, "training " + metric, true), ("val_" + metric, "validation " + metric, true),
        })
        {
            if (!history.Contains(key))
            {
                continue;
            }

            var line = plot.Add.Scatter(epochs, [.. history[key]]);
            line.LegendText = label;
            if (right)
            {
                line.Axes.YAxis = plot.Axes.Right;
                line.LinePattern = ScottPlot.LinePattern.Dashed;
            }
        }

        plot.Title("Training curves");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.Axes.Right.Label.Text = metric;
        plot.ShowLegend(ScottPlot.Alignment.UpperCenter);
        CheckPath(path);
        string full = Path.GetFullPath(path);

        string temp = full[..^4] + ".tmp.png";
        plot.SavePng(temp, 900, 500);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>A usage error unless <paramref name="path"/> ends in .png (the plot is written as PNG).</summary>
    public static void CheckPath(string path)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--plot writes a PNG; give a file name ending in .png, not '{path}'.");
        }
    }
}
