using ContactImport.Core.Bulk;
using ContactImport.Core.Contacts;

namespace ContactImport.Storage.Sql;

/// <summary>
/// The conditions and assignments of one <c>update-where</c> as SQL over <c>contacts c</c>: only fixed fragments
/// chosen by the whitelisted filter and the schema's columns, every value a parameter. What differs per dialect
/// (JSON tags, the e-mail's domain) comes from the dialect's <c>change_set_*.sql</c> files.
/// </summary>
internal sealed class ChangeSetSql
{
    private ChangeSetSql(string where, string differs, string assignments, IReadOnlyList<(string, object?)> parameters)
    {
        Where = where;
        Differs = differs;
        Assignments = assignments;
        Parameters = parameters;
    }

    /// <summary>The company and the filter's conditions.</summary>
    public string Where { get; }

    /// <summary>True when <see cref="Assignments"/> would change the contact.</summary>
    public string Differs { get; }

    /// <summary>The SET list (bare column names, as PostgreSQL's UPDATE requires).</summary>
    public string Assignments { get; }

    public IReadOnlyList<(string, object?)> Parameters { get; }

    public static ChangeSetSql For(SqlDatabase db, long companyId, ContactFilter filter, ContactSet set)
    {
        var conditions = new List<string> { "c.company_id = @company" };
        var args = new List<(string, object?)> { ("company", companyId) };

        void Add(string condition, string name, object? value)
        {
            conditions.Add(condition);
            args.Add((name, value));
        }

        if (filter.Tag is { } tag)
        {
            Add(db.Sql("change_set_where_tag"), "w_tag", tag);
        }

        if (filter.Company is { } company)
        {
            Add("lower(c.company) = lower(@w_company)", "w_company", company);
        }

        if (filter.City is { } city)
        {
            Add("lower(c.city) = lower(@w_city)", "w_city", city);
        }

        if (filter.Country is { } country)
        {
            Add("lower(c.country) = lower(@w_country)", "w_country", country);
        }

        if (filter.EmailDomain is { } domain)
        {
            Add(db.Sql("change_set_where_email_domain"), "w_email_domain", domain);
        }

        if (filter.ImportedFrom is { } import)
        {
            Add("c.imported_from = @w_imported_from", "w_imported_from", import);
        }

        if (filter.CreatedFrom is { } createdFrom)
        {
            Add("c.created_at >= @w_created_from", "w_created_from", createdFrom);
        }

        if (filter.CreatedTo is { } createdTo)
        {
            Add("c.created_at < @w_created_to", "w_created_to", createdTo);
        }

        if (filter.UpdatedFrom is { } updatedFrom)
        {
            Add("c.updated_at >= @w_updated_from", "w_updated_from", updatedFrom);
        }

        if (filter.UpdatedTo is { } updatedTo)
        {
            Add("c.updated_at < @w_updated_to", "w_updated_to", updatedTo);
        }

        var differs = new List<string>();
        var assignments = new List<string>();
        foreach (var (field, value) in set.Scalars)
        {
            var parameter = "s_" + field.Column;
            differs.Add($"c.{field.Column} IS DISTINCT FROM @{parameter}");
            assignments.Add($"{field.Column} = @{parameter}");
            args.Add((parameter, value));
        }

        if (set.AddTags.Count > 0)
        {
            differs.Add(db.Sql("change_set_tags_missing"));
            assignments.Add($"tags = {db.Sql("change_set_tags_add")}");
            args.Add(("s_tags", set.AddTagsJson));
        }

        return new ChangeSetSql(string.Join("\n AND ", conditions.Select(c => $"({c})")),
            string.Join("\n OR ", differs.Select(d => $"({d})")), string.Join(",\n ", assignments), args);
    }

    /// <summary>The before-image columns, in <see cref="ContactColumns"/> order.</summary>
    public static string Columns => ContactColumns.List;
}
