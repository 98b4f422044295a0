using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using Spectre.Console;

namespace ContactImport.Cli;

/// <summary>Human tables, always on stderr.</summary>
internal static class Tables
{
    private static IAnsiConsole Console(TextWriter err) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(err),
            Interactive = InteractionSupport.No,
            ColorSystem = ReferenceEquals(err, System.Console.Error) && !System.Console.IsErrorRedirected
                ? ColorSystemSupport.Detect
                : ColorSystemSupport.NoColors,
        });

    public static void WriteSummary(TextWriter err, ImportRecord r)
    {
        var table = new Table().Title($"Import {r.Id}").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        void Row(string name, object? value) => table.AddRow(Markup.Escape(name), Markup.Escape(value?.ToString() ?? ""));
        Row("file", r.FileName);
        Row("status", r.Status.ToWire());
        Row("total", r.Total);
        Row("inserted", r.Counts.Inserted);
        Row("updated", r.Counts.Updated);
        Row("merged", r.Counts.Merged);
        Row("unchanged", r.Counts.Unchanged);
        Row("skipped", r.Counts.Skipped);
        Row("failed", r.Counts.Failed);
        Row("duplicates", r.Counts.Duplicates);
        Row("warnings", r.Counts.Warnings);
        Row("duration", r.DurationMs is { } ms ? $"{ms / 1000.0:0.00} s" : "");
        if (r.Error is not null)
        {
            Row("error", r.Error);
        }

        Console(err).Write(table);
        foreach (var sentence in r.FileWarnings is null ? [] : Imports.ImportJson.Deserialize<string[]>(r.FileWarnings) ?? [])
        {
            err.WriteLine("warning: " + sentence);
        }

        if (r.Counts.Failed > 0 || r.Counts.Warnings > 0)
        {
            err.WriteLine($"{r.Counts.Failed} row(s) failed, {r.Counts.Warnings} imported with warnings: contactimport errors {r.Id}");
        }
    }

    public static void WriteHistory(TextWriter err, IEnumerable<ImportRecord> items)
    {
        var table = new Table();
        foreach (var h in new[] { "import_id", "file", "status", "total", "inserted", "updated", "merged", "unchanged", "skipped", "failed", "warnings", "created" })
        {
            table.AddColumn(h);
        }

        foreach (var r in items)
        {
            table.AddRow(new[]
            {
                r.Id.ToString(), r.FileName, r.Status.ToWire(), r.Total.ToString(), r.Counts.Inserted.ToString(),
                r.Counts.Updated.ToString(), r.Counts.Merged.ToString(), r.Counts.Unchanged.ToString(),
                r.Counts.Skipped.ToString(), r.Counts.Failed.ToString(), r.Counts.Warnings.ToString(), r.CreatedAt.ToString("u"),
            }.Select(Markup.Escape).ToArray());
        }

        Console(err).Write(table);
    }

    public static void WriteContacts(TextWriter err, IEnumerable<StoredContact> contacts)
    {
        var table = new Table();
        foreach (var h in new[] { "id", "name", "email", "phone", "company", "tags" })
        {
            table.AddColumn(h);
        }

        foreach (var c in contacts)
        {
            var v = c.Values;
            table.AddRow(new[]
            {
                c.Id.ToString(), $"{v.FirstName} {v.LastName}".Trim(), v.Email ?? "", v.Phone ?? "", v.Company ?? "",
                string.Join(", ", v.Tags),
            }.Select(Markup.Escape).ToArray());
        }

        Console(err).Write(table);
    }
}
