using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace ContactImport.Bench;

/// <summary>
/// The generated CSV's contacts as NDJSON (one object per row, keyed by the CSV's header, empty cells left out), for
/// the <c>ours-*-ndjson</c> contenders: the work of a bulk job (<c>POST /api/contacts/bulk/jobs</c>), which runs as an
/// import of format ndjson, on the same rows as the CSV contenders. Streamed row by row, written once per CSV.
/// </summary>
internal static class NdjsonGenerator
{
    public static GeneratedFile Ensure(GeneratedFile csv, bool regenerate)
    {
        var path = Path.ChangeExtension(csv.Path, ".ndjson");
        if (regenerate || !File.Exists(path) || File.GetLastWriteTimeUtc(path) < File.GetLastWriteTimeUtc(csv.Path))
        {
            var tmp = path + ".tmp";
            Write(csv.Path, tmp);
            File.Move(tmp, path, overwrite: true);
        }

        return csv with { Path = path, Bytes = new FileInfo(path).Length };
    }

    private static void Write(string csvPath, string path)
    {
        using var reader = new StreamReader(csvPath);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        while (csv.Read())
        {
            json.WriteStartObject();
            for (var i = 0; i < header.Length; i++)
            {
                var value = csv.GetField(i);
                if (!string.IsNullOrEmpty(value))
                {
                    json.WriteString(header[i], value);
                }
            }

            json.WriteEndObject();
            json.Flush();
            output.WriteByte((byte)'\n');
            json.Reset();
        }
    }
}
