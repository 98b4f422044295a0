using System.Text;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>Writes test files into the test's own temp folder.</summary>
public static class CsvFiles
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="lines"/> joined with <c>\n</c> (and a final newline) as UTF-8.</summary>
    public static string Csv(this StoreDatabase db, params string[] lines) =>
        db.Text(string.Join("\n", lines) + "\n");

    /// <summary>A header line, then <paramref name="rows"/>, streamed to the file (large generated files).</summary>
    public static string Lines(this StoreDatabase db, string header, IEnumerable<string> rows)
    {
        var path = NewPath(db, ".csv");
        using var writer = new StreamWriter(path, false, Utf8NoBom);
        writer.WriteLine(header);
        foreach (var row in rows)
        {
            writer.WriteLine(row);
        }

        return path;
    }

    public static string Text(this StoreDatabase db, string content, string extension = ".csv")
    {
        var path = NewPath(db, extension);
        File.WriteAllText(path, content, Utf8NoBom);
        return path;
    }

    public static string Bytes(this StoreDatabase db, byte[] content, string extension = ".csv")
    {
        var path = NewPath(db, extension);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A file of the repository's <c>samples/</c> folder.</summary>
    public static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/{name} not found above {AppContext.BaseDirectory}");
    }

    private static string NewPath(StoreDatabase db, string extension) =>
        Path.Combine(db.Folder, "file-" + Guid.NewGuid().ToString("N")[..8] + extension);
}
