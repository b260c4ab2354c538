namespace NeuralSharp.Data;

/// <summary>Delimiter detection for <see cref="CsvReader"/>.</summary>
internal static class CsvDelimiter
{
    private const int DetectLines = 20;

    /// <summary>
    /// Picks the delimiter among <c>,</c> <c>;</c> and tab that occurs most often (outside quotes) on the first
    /// lines of <paramref name="sample"/>, preferring one that occurs the same number of times on every line.
    /// Comma when none occurs.
    /// </summary>
    public static char Detect(ReadOnlySpan<char> sample)
    {
        ReadOnlySpan<char> candidates = [',', ';', '\t'];
        Span<int> counts = stackalloc int[3];
        var perLine = new List<int[]>();
        bool quoted = false;
        for (int i = 0; i < sample.Length && perLine.Count < DetectLines; i++)
        {
            char c = sample[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                if (c == '\r' && i + 1 < sample.Length && sample[i + 1] == '\n')
                {
                    i++;
                }

                perLine.Add(counts.ToArray());
                counts.Clear();
            }
            else if (!quoted)
            {
                int k = candidates.IndexOf(c);
                if (k >= 0)
                {
                    counts[k]++;
                }
            }
        }

        if (perLine.Count < DetectLines && counts.IndexOfAnyExcept(0) >= 0)
        {
            perLine.Add(counts.ToArray());
        }

        char best = ',';
        long bestScore = 0;
        for (int k = 0; k < 3; k++)
        {
            int first = perLine.Count > 0 ? perLine[0][k] : 0;
            if (first == 0)
            {
                continue;
            }

            bool consistent = perLine.TrueForAll(line => line[k] == first);
            long score = ((consistent ? 1L : 0L) << 40) + perLine.Sum(line => (long)line[k]);
            if (score > bestScore)
            {
                bestScore = score;
                best = candidates[k];
            }
        }

        return best;
    }
}
