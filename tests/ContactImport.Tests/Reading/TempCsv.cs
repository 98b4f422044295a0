using System.Text;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

/// <summary>A temp folder per test; files are written there only.</summary>
public sealed class TempCsv : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ci-reader-").FullName;
    private int _count;

    public string Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public string Write(byte[] bytes)
    {
        var path = Path.Combine(_dir, $"file{++_count}.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(Action<Stream> write)
    {
        var path = Path.Combine(_dir, $"file{++_count}.csv");
        using (var stream = File.Create(path))
        {
            write(stream);
        }

        return path;
    }

    public static async Task<List<SourceRow>> ReadAll(string path, ReadOptions? options = null, long skip = 0)
    {
        options ??= new ReadOptions();
        var inspection = ContactFileReader.Inspect(path, options);
        using var source = ContactFileReader.Open(path, inspection, options);
        var rows = new List<SourceRow>();
        await foreach (var row in source.ReadAsync(skip, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
