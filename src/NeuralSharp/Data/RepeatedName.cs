namespace NeuralSharp.Data;

/// <summary>Finds a name given twice in a list read from a file (features, levels, class labels).</summary>
internal static class RepeatedName
{
    /// <summary>The first of <paramref name="names"/> that an earlier one equals (ordinal), or null when all differ.</summary>
    public static string? First(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!seen.Add(name))
            {
                return name;
            }
        }

        return null;
    }
}
