using System.Collections.Concurrent;
using System.Reflection;

namespace ContactImport.Storage.Sql;

/// <summary>Loads a dialect's SQL from its embedded <c>.sql</c> files (Sqlite/, Postgres/), with the contact column
/// placeholders expanded from the schema (<see cref="ContactSql"/>); each file is read and expanded once.</summary>
internal static class SqlText
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Get(string dialect, string name) => Cache.GetOrAdd($"{dialect}/{name}.sql", static key =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(key)
            ?? throw new InvalidOperationException($"Missing embedded SQL '{key}'.");
        using var reader = new StreamReader(stream);
        return ContactSql.Expand(key[..key.IndexOf('/', StringComparison.Ordinal)], reader.ReadToEnd());
    });

    /// <summary>Versioned migrations of a dialect, in order: files named <c>NNN_name.sql</c>.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations(string dialect) =>
        [.. Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(dialect + "/", StringComparison.Ordinal) && char.IsDigit(n[dialect.Length + 1]))
            .Order(StringComparer.Ordinal)
            .Select(n => (int.Parse(n.AsSpan(dialect.Length + 1, 3)), Get(dialect, n[(dialect.Length + 1)..^4])))];
}
