using System.Text.Json;
using ContactImport.Cli;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>What one in-process CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as exactly one JSON object (fails if there is anything else on stdout).</summary>
    public JsonElement Json
    {
        get
        {
            var text = Stdout.Trim();
            text.Should().StartWith("{", "stdout must be exactly one JSON object; stderr was: " + Stderr);
            using var doc = JsonDocument.Parse(text); // throws on trailing content
            doc.RootElement.ValueKind.Should().Be(JsonValueKind.Object);
            return doc.RootElement.Clone();
        }
    }

    public long Long(string name) => Json.GetProperty(name).GetInt64();

    public string? Str(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public Guid ImportId => Json.GetProperty("import_id").GetGuid();

    public string? Status => Str("status");

    /// <summary>The six outcome counts of an import result.</summary>
    public Counts Counts
    {
        get
        {
            var j = Json;
            return new Counts(
                j.GetProperty("total").GetInt64(), j.GetProperty("inserted").GetInt64(), j.GetProperty("updated").GetInt64(),
                j.GetProperty("merged").GetInt64(), j.GetProperty("unchanged").GetInt64(), j.GetProperty("skipped").GetInt64(),
                j.GetProperty("failed").GetInt64(), j.GetProperty("duplicates").GetInt64());
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>Import counts as printed by <c>import --json</c>.</summary>
public sealed record Counts(
    long Total, long Inserted, long Updated, long Merged, long Unchanged, long Skipped, long Failed, long Duplicates)
{
    /// <summary>Builds the expected counts; total and duplicates are derived as DESIGN.md defines them.</summary>
    public static Counts Of(long inserted = 0, long updated = 0, long merged = 0, long unchanged = 0, long skipped = 0,
        long failed = 0) =>
        new(inserted + updated + merged + unchanged + skipped + failed, inserted, updated, merged, unchanged, skipped,
            failed, updated + merged + unchanged + skipped);

    /// <summary>The invariants of DESIGN.md hold.</summary>
    public Counts ShouldBeConsistent()
    {
        Total.Should().Be(Inserted + Updated + Merged + Unchanged + Skipped + Failed, "total = sum of outcomes");
        Duplicates.Should().Be(Updated + Merged + Unchanged + Skipped, "duplicates = updated + merged + unchanged + skipped");
        return this;
    }
}

/// <summary>Runs the real CLI (<see cref="CliApp.RunAsync"/>) in-process against a test database.</summary>
public static class TestCli
{
    /// <summary>Runs <paramref name="args"/> with <c>--db</c> of <paramref name="db"/> appended.</summary>
    public static async Task<CliResult> RunAsync(StoreDatabase db, params string[] args) =>
        await RunAsync(db, CancellationToken.None, args);

    public static async Task<CliResult> RunAsync(StoreDatabase db, CancellationToken ct, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--db", db.Db], stdout, stderr, ct);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary><c>import FILE --json …</c>; asserts exit 0 and consistent counts.</summary>
    public static async Task<CliResult> ImportAsync(StoreDatabase db, string file, params string[] options)
    {
        var result = await RunAsync(db, ["import", file, "--json", .. options]);
        result.ExitCode.Should().Be(0, result.ToString());
        result.Counts.ShouldBeConsistent();
        return result;
    }

    /// <summary><c>errors ID --json</c>: the failed rows.</summary>
    public static async Task<List<JsonElement>> ErrorsAsync(StoreDatabase db, Guid importId, string company = "default")
    {
        var result = await RunAsync(db, "errors", importId.ToString(), "--json", "--company", company);
        result.ExitCode.Should().Be(0, result.ToString());
        var json = result.Json;
        var errors = json.GetProperty("errors").EnumerateArray().ToList();
        json.GetProperty("count").GetInt32().Should().Be(errors.Count);
        return errors;
    }
}
