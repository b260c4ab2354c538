using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NeuralSharp.Kernels.Bench;

/// <summary>For a GEMM benchmark class: adds <see cref="GflopsColumn"/> and widens the parameter column so shape names are not cut.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GemmConfigAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty()
        .AddColumn(new GflopsColumn())
        .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(32));
}

/// <summary>GFLOP/s of a case whose parameters include a <see cref="GemmShape"/>: its 2·m·n·k over the mean time.</summary>
internal sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Billions of floating-point operations per second: 2·m·n·k over the mean time";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        GemmShape? shape = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<GemmShape>().FirstOrDefault();
        double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return shape is null || nanoseconds is not > 0
            ? "-"
            : (shape.Flops / nanoseconds.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
