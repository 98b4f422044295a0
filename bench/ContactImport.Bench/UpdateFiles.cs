using System.Text;

namespace ContactImport.Bench;

/// <summary>
/// The second files of the update suite, derived record by record from the generated one (streamed, like it):
/// <see cref="Changed"/> with two columns changed in every row (job title and city), <see cref="Sparse"/> with a
/// third of the non-key fields of every row left empty (the database a merge then fills).
/// </summary>
internal static class UpdateFiles
{
    // first_name,last_name,email,phone,company,job_title,city,country,tags,notes
    private const int JobTitle = 5, City = 6;
    private static readonly int[] Blankable = [0, 1, 4, 5, 6, 7, 8, 9];

    public static string Changed(GeneratedFile file) => Derive(file, "changed", (row, fields) =>
    {
        fields[JobTitle] = fields[JobTitle].Length == 0 ? "Team Lead" : "Senior " + fields[JobTitle];
        fields[City] = fields[City].Length == 0 ? "Springfield" : fields[City] + " North";
    });

    public static string Sparse(GeneratedFile file) => Derive(file, "sparse", (row, fields) =>
    {
        // Three of the eight non-key fields, a different three per row.
        for (var k = 0; k < 3; k++)
        {
            fields[Blankable[(int)((row * 3 + k) % Blankable.Length)]] = "";
        }
    });

    private static string Derive(GeneratedFile file, string kind, Action<long, string[]> change)
    {
        var path = Path.ChangeExtension(file.Path, $".{kind}.csv");
        if (File.Exists(path) && File.GetLastWriteTimeUtc(path) >= File.GetLastWriteTimeUtc(file.Path))
        {
            return path;
        }

        var tmp = path + ".tmp";
        using (var reader = new StreamReader(file.Path, new UTF8Encoding(false), false, 1 << 16))
        using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 16))
        {
            var header = ReadRecord(reader)!;
            WriteRecord(writer, header);
            long row = 0;
            while (ReadRecord(reader) is { } fields)
            {
                change(row++, fields);
                WriteRecord(writer, fields);
            }
        }

        File.Move(tmp, path, overwrite: true);
        return path;
    }

    /// <summary>One RFC 4180 record (quoted fields may hold commas, quotes and line breaks); null at the end.</summary>
    private static string[]? ReadRecord(StreamReader reader)
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (c >= 0)
                {
                    field.Append((char)c);
                }
                else
                {
                    break;
                }

                continue;
            }

            if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r')
            {
                // part of the record's \r\n
            }
            else if (c == '\n' || c < 0)
            {
                break;
            }
            else
            {
                field.Append((char)c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    private static void WriteRecord(StreamWriter writer, string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var value = fields[i];
            if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                writer.Write(value);
            }
            else
            {
                writer.Write('"');
                writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
        }

        writer.Write("\r\n");
    }
}
