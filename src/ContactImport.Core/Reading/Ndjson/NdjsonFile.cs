using System.Text;
using System.Text.Json;
using ContactImport.Core.Reading.VCard;

namespace ContactImport.Core.Reading.Ndjson;

/// <summary>Reading an NDJSON file (one JSON object per line): tell it by content, the pre-pass, the row source.</summary>
internal static class NdjsonFile
{
    /// <summary>Beyond this many distinct keys, further ones are dropped with a warning.</summary>
    public const int MaxColumns = 200;

    /// <summary>The first non-blank line is a JSON object (or the start of one, when it is longer than the sample).</summary>
    public static bool Looks(TextSample sample)
    {
        foreach (var (line, complete) in sample.Lines())
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (text[0] != '{')
            {
                return false;
            }

            var bytes = sample.TwoByteEncoding is null ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
            var reader = new Utf8JsonReader(bytes, isFinalBlock: complete, default);
            try
            {
                while (reader.Read())
                {
                }

                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return false;
    }

    public static FileInspection Inspect(string path, TextSample sample, ReadOptions options)
    {
        var headers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        var preview = new List<List<KeyValuePair<string, string>>>();
        var members = new List<KeyValuePair<string, string>>();
        long total = 0;
        using (var lines = Open(path, sample, options))
        {
            while (lines.Next())
            {
                total++;
                if (lines.IsOversize || NdjsonRecord.Parse(lines.Line, members) is not null)
                {
                    continue;
                }

                foreach (var (key, _) in members)
                {
                    if (!seen.Contains(key))
                    {
                        if (headers.Count < MaxColumns)
                        {
                            seen.Add(key);
                            headers.Add(key);
                        }
                        else
                        {
                            dropped.Add(key);
                        }
                    }
                }

                if (preview.Count < ContactFileReader.PreviewRows)
                {
                    preview.Add([.. members]);
                }
            }
        }

        if (headers.Count == 0)
        {
            throw new ImportFileException("No line of the NDJSON file is a JSON object with members.");
        }

        var warnings = new List<string>();
        if (dropped.Count > 0)
        {
            warnings.Add($"The objects have {dropped.Count} more keys than the {MaxColumns} kept as columns; their values are not imported.");
        }

        var rows = preview.Select(members => (IReadOnlyList<string>)headers
                .Select(h => members.LastOrDefault(m => m.Key == h).Value ?? string.Empty)
                .ToArray())
            .ToArray();
        return new FileInspection(FileFormat.Ndjson, TextEncodings.NameOf(sample.TwoByteEncoding ?? TextEncodings.Utf8), ',',
            headers, total, rows, warnings);
    }

    public static IRowSource Open(string path, FileInspection inspection, ReadOptions options)
    {
        var sample = TextSample.Read(path) ?? throw new ImportFileException("The file is empty.");
        return new NdjsonRowSource(() => Open(path, sample, options), inspection, options.MaxRecordBytes);
    }

    private static NdjsonLines Open(string path, TextSample sample, ReadOptions options) =>
        new(TextSample.Open(path, sample.BomLength, sample.TwoByteEncoding), options.MaxRecordBytes);
}
