using ContactImport.Core.Contacts;

namespace ContactImport.Storage.Sql;

/// <summary>
/// The contact column lists of both dialects, derived once from <see cref="ContactColumns"/>. The <c>.sql</c> files
/// name them with placeholders (<c>{contact_columns}</c>, …) that <see cref="SqlText"/> expands when it loads a file,
/// so no file repeats the columns and a new field needs no SQL edit.
/// </summary>
internal static class ContactSql
{
    /// <summary>What <see cref="ContactRows.Read"/> reads, in its order: id, the value columns, the bookkeeping.</summary>
    public static readonly string SelectColumns = $"id, {ContactColumns.List}, imported_from, created_at, updated_at, version";

    private static readonly string[] Placeholders =
        ["{contact_select}", "{contact_columns}", "{contact_values}", "{contact_set}", "{contact_set_from_staging}", "{contact_staging_columns}",
         "{contact_set_from_before}", "{contact_set_values}", "{contact_keys_unchanged}", "{contact_search_text}"];

    /// <summary>The indexed match keys: an update that leaves them as they are touches none of their indexes.</summary>
    private static readonly string[] KeyColumns =
        [.. ContactSchema.Fields.Where(f => f.IsKey).Select(f => f.Slot == ScalarField.Phone ? ContactColumns.PhoneKey : f.Column)];

    /// <summary>
    /// The searchable fields of the contact row <c>c</c> as one text, in the schema's order, with the phone key too
    /// (so "+4917" finds numbers written "0171 …"): what the search index holds and what a search rechecks.
    /// </summary>
    public static readonly string SearchText = string.Join(" || ' ' || ",
        ContactSchema.Fields.Where(f => f.Searchable).Select(f => f.Column).Append(ContactColumns.PhoneKey)
            .Select(column => $"coalesce(c.{column}, '')"));

    /// <summary>A value column's parameter name (prefixed: <c>@company</c> is the company's id, not its column).</summary>
    public static string Parameter(ContactColumn column) => "v_" + column.Name;

    public static string Expand(string dialect, string sql)
    {
        if (!sql.Contains("{contact_", StringComparison.Ordinal))
        {
            return sql;
        }

        var postgres = dialect == "postgres";
        var expanded = sql
            .Replace("{contact_select}", SelectColumns, StringComparison.Ordinal)
            .Replace("{contact_columns}", ContactColumns.List, StringComparison.Ordinal)
            .Replace("{contact_values}", Join(c => "@" + Parameter(c) + Cast(c, postgres)), StringComparison.Ordinal)
            .Replace("{contact_set}", Join(c => $"{c.Name} = @{Parameter(c)}{Cast(c, postgres)}"), StringComparison.Ordinal)
            .Replace("{contact_set_values}", Join(c => $"{c.Name} = @{Parameter(c)}{Cast(c, postgres)}", c => !KeyColumns.Contains(c.Name)),
                StringComparison.Ordinal)
            .Replace("{contact_keys_unchanged}", string.Join(" AND ", KeyColumns.Select(k =>
                $"{k} {(postgres ? "IS NOT DISTINCT FROM" : "IS")} @{Parameter(ContactColumns.All.Single(c => c.Name == k))}")),
                StringComparison.Ordinal)
            .Replace("{contact_set_from_staging}", Join(c => $"{c.Name} = s.{c.Name}"), StringComparison.Ordinal)
            .Replace("{contact_staging_columns}", Join(c => $"{c.Name} {(c.Kind == ColumnKind.Text ? "text" : "jsonb")}"),
                StringComparison.Ordinal)
            .Replace("{contact_set_from_before}", Join(c => $"{c.Name} = {FromBefore(c)}"), StringComparison.Ordinal)
            .Replace("{contact_search_text}", SearchText, StringComparison.Ordinal);
        if (expanded.Contains("{contact_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Unknown contact placeholder in SQL; known: {string.Join(", ", Placeholders)}.");
        }

        return expanded;
    }

    /// <summary>
    /// A column's value in a before-image (<see cref="ContactJson.SnapshotToJson"/>, jsonb <c>r.before</c>): text by
    /// the field's wire name; lists and custom fields are always written there, as [] and {} when empty, which the
    /// column stores as NULL. A partial image (<see cref="ContactJson.ChangeImageToJson"/>) that does not name the
    /// column leaves the contact's value (<c>c</c>). PostgreSQL only (SQLite restores through
    /// <see cref="ContactJson.SnapshotFromJson"/>).
    /// </summary>
    private static string FromBefore(ContactColumn column)
    {
        var value = column.Kind switch
        {
            ColumnKind.Text => $"r.before->>'{column.ImageKey}'",
            ColumnKind.JsonList => $"NULLIF(r.before->'{column.ImageKey}', '[]'::jsonb)",
            _ => $"NULLIF(r.before->'{column.ImageKey}', '{{}}'::jsonb)",
        };
        return $"CASE WHEN r.before ? '{ContactJson.PartialImageKey}' AND NOT r.before ? '{column.ImageKey}' " +
            $"THEN c.{column.Name} ELSE {value} END";
    }

    private static string Cast(ContactColumn column, bool postgres) =>
        postgres && column.Kind != ColumnKind.Text ? "::jsonb" : "";

    private static string Join(Func<ContactColumn, string> part, Func<ContactColumn, bool>? only = null) =>
        string.Join(", ", ContactColumns.All.Where(only ?? (_ => true)).Select(part));
}
