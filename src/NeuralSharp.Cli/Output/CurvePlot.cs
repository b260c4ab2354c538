using NeuralSharp.Training;

namespace NeuralSharp.Cli.Output;

/// <summary>Writes training curves — loss and one metric, training and validation, per epoch — to a PNG.</summary>
internal static class CurvePlot
{
    public static void Save(History history, string metric, string path)
    {
        var plot = new ScottPlot.Multiplot();
        plot.AddPlots(2);
        Draw(plot.GetPlot(0), history, "loss", "loss");
        Draw(plot.GetPlot(1), history, metric, metric);
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp";
        plot.SavePng(temp, 1000, 420);
        File.Move(temp, full, overwrite: true);
    }

    private static void Draw(ScottPlot.Plot plot, History history, string key, string title)
    {
        double[] epochs = [.. Enumerable.Range(1, history.Epochs).Select(e => (double)e)];
        foreach (var (name, label) in new[] { (key, "training"), ("val_" + key, "validation") })
        {
            if (history.Contains(name))
            {
                var line = plot.Add.Scatter(epochs, [.. history[name]]);
                line.LegendText = label;
            }
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.ShowLegend();
    }
}
