namespace NeuralSharp.Data;

/// <summary>
/// Whether two paths name the same file: full paths with every symbolic link resolved, compared ordinally on
/// Linux and ignoring case elsewhere (Windows and macOS file systems usually do). Hard links are not detected:
/// .NET exposes no inode numbers, and they are rare for data and model files.
/// </summary>
internal static class SamePath
{
    private const int MaxLinks = 32;

    private static StringComparison Comparison => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    public static bool Equal(string resolvedA, string resolvedB) => string.Equals(resolvedA, resolvedB, Comparison);

    /// <summary>Whether <paramref name="resolvedFile"/> lies somewhere below <paramref name="resolvedFolder"/>.</summary>
    public static bool IsUnder(string resolvedFile, string resolvedFolder) =>
        resolvedFile.StartsWith(Path.TrimEndingDirectorySeparator(resolvedFolder) + Path.DirectorySeparatorChar, Comparison);

    /// <summary>The full path of <paramref name="path"/> with symbolic links resolved in every component, like
    /// <c>realpath</c>, but also for a file that does not exist yet (its existing folders are still resolved).</summary>
    public static string Resolve(string path) => Resolve(Path.GetFullPath(path), 0);

    private static string Resolve(string full, int links)
    {
        string root = Path.GetPathRoot(full) ?? string.Empty;
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(current, part);
            string? target = null;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable: compare the path as written.
            }

            // Why the limit: a cycle of links would otherwise never end (the OS gives up at 40 too).
            current = target is not null && links < MaxLinks ? Resolve(Path.GetFullPath(target, current), links + 1) : next;
        }

        return current;
    }
}
