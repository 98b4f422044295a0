using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Storage.Sql;

/// <summary>
/// Lists and searches a company's contacts. The company comes first in every condition (and in the indexes); a key
/// is an index equality; text goes through the dialect's search index (<c>search_hits.sql</c>, kept by
/// <see cref="SqlSearchIndexStore"/>). The total is counted exactly only up to <see cref="ContactQuery.ExactTotalLimit"/>;
/// past it the dialect estimates.
/// </summary>
internal static class SqlContactList
{
    /// <summary>Which contacts match: SQL of their ids after <c>@after</c> in id order, at most <c>@n</c>, and SQL whose
    /// row count estimates how many match in all.</summary>
    private sealed record Matches(string Ids, string Estimate, (string, object?)[] Args);

    public static async Task<ContactPage> ListAsync(SqlDatabase db, long companyId, ContactQuery query,
        CancellationToken cancellationToken)
    {
        var matches = Match(db, companyId, query.Search);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var (total, estimated) = await TotalAsync(db, connection, matches, cancellationToken);

        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var offset = query.After is null ? (long)(Math.Max(1, query.Page) - 1) * pageSize : 0;
        await using var cmd = db.Command(connection, null,
            $"SELECT {ContactRows.Columns} FROM contacts WHERE company_id = @company AND id IN " +
            $"(SELECT id FROM ({matches.Ids}) m ORDER BY id LIMIT @limit OFFSET @offset) ORDER BY id",
            [.. matches.Args, ("after", query.After ?? 0L), ("n", offset + pageSize), ("limit", pageSize), ("offset", offset)]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredContact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ContactRows.Read(db, reader));
        }

        return new ContactPage(items, total, estimated, items.Count == pageSize ? items[^1].Id : null);
    }

    private static Matches Match(SqlDatabase db, long companyId, string? search)
    {
        (string, object?) company = ("company", companyId);
        switch (ContactSearchTerm.Parse(search))
        {
            case null:
                return ByCondition("", [company]);
            case { Kind: ContactSearchKind.Email } term:
                return ByCondition(" AND email = @key", [company, ("key", term.Value)]);
            case { Kind: ContactSearchKind.Phone } term:
                return ByCondition(" AND phone_e164 = @key", [company, ("key", term.Value)]);
            case { } term:
                (string, object?)[] args = [company, ("q", db.ContainsPattern(term.Value)), ("phrase", SearchPhrase(term.Value))];
                // A text too short for the dialect's index is looked for in the company's rows themselves.
                if (db.IndexesSearch(term.Value))
                {
                    var hits = db.Sql("search_hits");
                    return new Matches(hits, db.SearchEstimate(hits), args);
                }

                var scan = $"SELECT c.id FROM contacts c WHERE c.company_id = @company AND c.id > @after AND " +
                    $"{ContactSql.SearchText} {db.LikeOperator} @q ESCAPE '\\' ORDER BY c.id LIMIT @n";
                return new Matches(scan, $"SELECT id FROM ({scan}) m", args);
        }
    }

    private static Matches ByCondition(string condition, (string, object?)[] args) => new(
        $"SELECT id FROM contacts WHERE company_id = @company{condition} AND id > @after ORDER BY id LIMIT @n",
        $"SELECT 1 FROM contacts WHERE company_id = @company{condition}", args);

    /// <summary>The text as one FTS5 phrase (SQLite's trigram index finds it as a substring); PostgreSQL ignores it.</summary>
    private static string SearchPhrase(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<(long Total, bool Estimated)> TotalAsync(SqlDatabase db, System.Data.Common.DbConnection connection,
        Matches matches, CancellationToken cancellationToken)
    {
        var limited = Convert.ToInt64(await db.ScalarAsync(connection, null,
            $"SELECT COUNT(*) FROM ({matches.Ids}) t", cancellationToken,
            [.. matches.Args, ("after", 0L), ("n", ContactQuery.ExactTotalLimit + 1)]));
        if (limited <= ContactQuery.ExactTotalLimit)
        {
            return (limited, false);
        }

        // A text search's estimate counts its matches up to the dialect's cap; a list's is the company's whole count.
        var (rows, estimated) = await db.CountBeyondAsync(connection, matches.Estimate,
            [.. matches.Args, ("after", 0L), ("n", SqlDatabase.CountCap + 1)], cancellationToken);
        return (Math.Max(rows, limited), estimated);
    }
}
