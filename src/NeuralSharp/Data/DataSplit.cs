using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>
/// Seeded train/validation splits of row indices. Stratified by class when groups are given: each class is shuffled
/// and split in proportion (round(count × fraction) validation rows), so both parts keep the class mix.
/// Both index arrays come back sorted ascending; the same seed gives the same split.
/// </summary>
public static class DataSplit
{
    /// <summary>Splits rows 0..<paramref name="rowCount"/>−1; <paramref name="groups"/> (one per row), when given, stratifies.</summary>
    public static (int[] Train, int[] Validation) Split(int rowCount, double validationFraction, ulong seed, IReadOnlyList<int>? groups = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        return Split(Enumerable.Range(0, rowCount).ToArray(), validationFraction, seed, groups);
    }

    /// <summary>
    /// Splits <paramref name="rows"/>; <paramref name="groups"/>, when given, holds the class of each entry of
    /// <paramref name="rows"/> (same length) and stratifies.
    /// </summary>
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<int> rows, double validationFraction, ulong seed, IReadOnlyList<int>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in [0, 1)");
        }

        if (groups is not null && groups.Count != rows.Count)
        {
            throw new ArgumentException($"{groups.Count} groups for {rows.Count} rows", nameof(groups));
        }

        var random = new RandomSource(seed);
        var train = new List<int>(rows.Count);
        var validation = new List<int>();
        var strata = groups is null
            ? [rows.ToArray()]
            : Enumerable.Range(0, rows.Count).GroupBy(i => groups[i]).OrderBy(g => g.Key).Select(g => g.Select(i => rows[i]).ToArray()).ToArray();
        int[]? largest = null;
        foreach (var stratum in strata)
        {
            random.Shuffle(stratum.AsSpan());
            int count = (int)Math.Round(stratum.Length * validationFraction, MidpointRounding.AwayFromZero);
            validation.AddRange(stratum.Take(count));
            train.AddRange(stratum.Skip(count));
            largest = largest is null || stratum.Length > largest.Length ? stratum : largest;
        }

        // A fraction asked for but rounded to no row at all (0.001 of 500) would quietly leave nothing to validate on:
        // like scikit-learn's train_test_split, hold out at least one row (the largest class's first, when stratified).
        if (validationFraction > 0 && validation.Count == 0 && train.Count > 1)
        {
            validation.Add(largest![0]);
            train.Remove(largest[0]);
        }

        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }

    /// <summary>
    /// Splits the rows of <paramref name="table"/>, stratified by the values of column <paramref name="stratifyBy"/>
    /// when given (missing values form their own group); use the target column for classification.
    /// </summary>
    public static (int[] Train, int[] Validation) Split(CsvTable table, double validationFraction, ulong seed, string? stratifyBy = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        int[]? groups = null;
        if (stratifyBy is not null)
        {
            var column = table[stratifyBy];
            if (column.Kind == ColumnKind.Categorical)
            {
                groups = column.Codes!; // only read
            }
            else
            {
                var codes = new Dictionary<float, int>();
                groups = column.Values!.Select(v => float.IsNaN(v) ? -1 : CodeOf(codes, v)).ToArray();
            }
        }

        return Split(table.RowCount, validationFraction, seed, groups);
    }

    private static int CodeOf(Dictionary<float, int> codes, float value)
    {
        if (!codes.TryGetValue(value, out int code))
        {
            code = codes.Count;
            codes[value] = code;
        }

        return code;
    }
}
