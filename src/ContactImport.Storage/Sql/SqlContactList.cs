using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Storage.Sql;

/// <summary>
/// Lists and searches a company's contacts. The company comes first in every condition (and in the indexes); a key
/// is an index equality; text goes through the dialect's search index (<see cref="SqlDatabase.ContactTextMatch"/>).
/// The total is counted exactly only up to <see cref="ContactQuery.ExactTotalLimit"/>; past it the dialect estimates.
/// </summary>
internal static class SqlContactList
{
    public static async Task<ContactPage> ListAsync(SqlDatabase db, long companyId, ContactQuery query,
        CancellationToken cancellationToken)
    {
        var where = "company_id = @company";
        var args = new List<(string, object?)> { ("company", companyId) };
        switch (ContactSearchTerm.Parse(query.Search))
        {
            case { Kind: ContactSearchKind.Email } term:
                where += " AND email = @key";
                args.Add(("key", term.Value));
                break;
            case { Kind: ContactSearchKind.Phone } term:
                where += " AND phone_e164 = @key";
                args.Add(("key", term.Value));
                break;
            case { } term:
                where += " AND " + db.ContactTextMatch("@q");
                args.Add(("q", db.ContainsPattern(term.Value)));
                break;
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var (total, estimated) = await TotalAsync(db, connection, where, args, cancellationToken);

        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var pageArgs = new List<(string, object?)>(args) { ("limit", pageSize) };
        if (query.After is { } after)
        {
            where += " AND id > @after";
            pageArgs.Add(("after", after));
            pageArgs.Add(("offset", 0L));
        }
        else
        {
            pageArgs.Add(("offset", (long)(Math.Max(1, query.Page) - 1) * pageSize));
        }

        await using var cmd = db.Command(connection, null,
            $"SELECT {ContactRows.Columns} FROM contacts WHERE {where} ORDER BY id LIMIT @limit OFFSET @offset", [.. pageArgs]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredContact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ContactRows.Read(db, reader));
        }

        return new ContactPage(items, total, estimated, items.Count == pageSize ? items[^1].Id : null);
    }

    private static async Task<(long Total, bool Estimated)> TotalAsync(SqlDatabase db, System.Data.Common.DbConnection connection,
        string where, List<(string, object?)> args, CancellationToken cancellationToken)
    {
        var limited = Convert.ToInt64(await db.ScalarAsync(connection, null,
            $"SELECT COUNT(*) FROM (SELECT 1 FROM contacts WHERE {where} LIMIT @cap) t", cancellationToken,
            [.. args, ("cap", ContactQuery.ExactTotalLimit + 1)]));
        if (limited <= ContactQuery.ExactTotalLimit)
        {
            return (limited, false);
        }

        var (rows, estimated) = await db.CountBeyondAsync(connection, $"SELECT 1 FROM contacts WHERE {where}", [.. args],
            cancellationToken);
        return (Math.Max(rows, limited), estimated);
    }
}
