using System.Text;
using System.Text.RegularExpressions;
using ContactImport.Core.Reading;
using FluentAssertions;

namespace ContactImport.Tests.Reading;

/// <summary>
/// FastCSV's RFC 4180 conformance cases (csv-conformance/fastcsv/spec/*.yaml) run through our record parser.
/// Two deliberate differences are applied to the expected records, not hidden: the parser always skips blank
/// records (no field holds anything but spaces or tabs: empty lines and Excel's trailing <c>,,,</c> rows), as
/// FastCSV's <c>skipEmptyLines</c>; and <c>comments-read</c> / <c>comments-skip</c> are not run, because they need a
/// comment mode (<c>#</c> lines) that contact files do not use and the parser does not have (<c>comments-none</c>,
/// which treats <c>#</c> as text, is run).
/// </summary>
public sealed partial class CsvConformanceTests
{
    private static readonly string[] NotRun = ["comments-read.yaml", "comments-skip.yaml"];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        if (RealFiles.Root is null)
        {
            data.Add("absent", "absent", 0);
            return data;
        }

        foreach (var file in Directory.GetFiles(RealFiles.Path("csv-conformance/fastcsv/spec"), "*.yaml").Order())
        {
            if (NotRun.Contains(Path.GetFileName(file)))
            {
                continue;
            }

            foreach (var check in SpecFile.Read(file).Checks)
            {
                for (var variant = 0; variant < (check.Input.Contains('⏎') ? LineBreaks.Length : 1); variant++)
                {
                    data.Add(Path.GetFileName(file), check.Id, variant);
                }
            }
        }

        return data;
    }

    private static readonly string[] LineBreaks = ["\n", "\r", "\r\n"];

    [RealFileTheory]
    [MemberData(nameof(Cases))]
    public void Fastcsv_spec_case_reads_as_specified(string file, string id, int variant)
    {
        var spec = SpecFile.Read(RealFiles.Path("csv-conformance/fastcsv/spec/" + file));
        var check = spec.Checks.Single(c => c.Id == id);
        var input = Expand(check.Input, variant);
        var expected = check.Records.Select(r => r.Select(f => Expand(f, variant)).ToArray())
            .Where(r => !r.All(f => f.Trim(' ', '\t').Length == 0))
            .ToList();

        var (records, error) = Parse(input);

        if (spec.ExceptionAllowed && error is not null)
        {
            return; // the spec allows refusing the input; we report it as a row error
        }

        error.Should().BeNull($"{id} ({Describe(input)}) is well-formed");
        records.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), $"{id} reads {Describe(input)}");
    }

    private static (List<string[]> Records, string? Error) Parse(string input)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        using var parser = new CsvRecordParser(offset => new MemoryStream(bytes, (int)offset, bytes.Length - (int)offset), (byte)',', 1 << 20);
        var records = new List<string[]>();
        string? error = null;
        while (parser.ReadRecord())
        {
            error ??= parser.Error;
            records.Add(Enumerable.Range(0, parser.FieldCount).Select(i => Encoding.UTF8.GetString(parser.Field(i))).ToArray());
        }

        return (records, error);
    }

    private static string Expand(string text, int variant) =>
        text.Replace("␤", "\r\n", StringComparison.Ordinal).Replace("␍", "\r", StringComparison.Ordinal)
            .Replace("␊", "\n", StringComparison.Ordinal).Replace("␠", " ", StringComparison.Ordinal)
            .Replace("⏎", LineBreaks[variant], StringComparison.Ordinal);

    private static string Describe(string input) => "\"" + input.Replace("\r", "\\r").Replace("\n", "\\n") + "\"";

    private sealed record Check(string Id, string Input, List<string[]> Records);

    /// <summary>The few YAML shapes the spec files use: settings flags, and checks with id, input and flow-list records.</summary>
    private sealed partial record SpecFile(bool ExceptionAllowed, List<Check> Checks)
    {
        public static SpecFile Read(string path)
        {
            var checks = new List<Check>();
            var exceptionAllowed = false;
            string? id = null;
            string? input = null;
            List<string[]>? records = null;
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.StartsWith("exceptionAllowed:", StringComparison.Ordinal))
                {
                    exceptionAllowed = line.EndsWith("true", StringComparison.Ordinal);
                }
                else if (line.StartsWith("- id:", StringComparison.Ordinal))
                {
                    Flush();
                    id = line["- id:".Length..].Trim();
                }
                else if (line.StartsWith("input:", StringComparison.Ordinal))
                {
                    input = Scalar(line["input:".Length..].Trim());
                }
                else if (line.StartsWith("records:", StringComparison.Ordinal))
                {
                    records = [];
                }
                else if (records is not null && line.StartsWith("- [", StringComparison.Ordinal))
                {
                    records.Add(Quoted().Matches(line).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)).ToArray());
                }
            }

            Flush();
            return new SpecFile(exceptionAllowed, checks);

            void Flush()
            {
                if (id is not null)
                {
                    checks.Add(new Check(id, input ?? throw new InvalidDataException($"{id} has no input"), records ?? []));
                }

                (id, input, records) = (null, null, null);
            }
        }

        private static string Scalar(string value) => value switch
        {
            ['\'', .., '\''] => value[1..^1].Replace("''", "'", StringComparison.Ordinal),
            ['"', .., '"'] => value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal),
            _ => value,
        };

        [GeneratedRegex("'((?:[^']|'')*)'")]
        private static partial Regex Quoted();
    }
}
