using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Storage.Sql;

/// <summary>A contact row in both dialects: its column list, its named parameters and how to read it back.</summary>
internal static class ContactRows
{
    internal const string Columns =
        "id, external_id, email, phone, phone_e164, first_name, last_name, company, job_title, city, country, " +
        "notes, tags, extra_emails, extra_phones, custom_fields, imported_from, created_at, updated_at, version";

    /// <summary>The named values of a contact row, shared by inserts, updates and restores.</summary>
    internal static IEnumerable<(string, object?)> Parameters(long companyId, ContactValues v,
        Guid? importedFrom, DateTimeOffset createdAt, DateTimeOffset updatedAt, int version) =>
    [
        ("company", companyId), ("external_id", v.ExternalId), ("email", v.Email), ("phone", v.Phone),
        ("phone_e164", v.PhoneKey), ("first_name", v.FirstName), ("last_name", v.LastName),
        ("company_name", v.Company), ("job_title", v.JobTitle), ("city", v.City), ("country", v.Country),
        ("notes", v.Notes), ("tags", ContactJson.ListToJson(v.Tags)), ("extra_emails", ContactJson.ListToJson(v.ExtraEmails)),
        ("extra_phones", ContactJson.ListToJson(v.ExtraPhones)), ("custom_fields", ContactJson.CustomToJson(v.Custom)),
        ("imported_from", importedFrom), ("created_at", createdAt), ("updated_at", updatedAt), ("version", version),
    ];

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    internal static StoredContact Read(SqlDatabase db, DbDataReader r)
    {
        var values = new ContactValues
        {
            ExternalId = SqlDatabase.NullableString(r, 1),
            Email = SqlDatabase.NullableString(r, 2),
            Phone = SqlDatabase.NullableString(r, 3),
            PhoneKey = SqlDatabase.NullableString(r, 4),
            FirstName = SqlDatabase.NullableString(r, 5),
            LastName = SqlDatabase.NullableString(r, 6),
            Company = SqlDatabase.NullableString(r, 7),
            JobTitle = SqlDatabase.NullableString(r, 8),
            City = SqlDatabase.NullableString(r, 9),
            Country = SqlDatabase.NullableString(r, 10),
            Notes = SqlDatabase.NullableString(r, 11),
            Tags = ContactJson.ListFromJson(SqlDatabase.NullableString(r, 12)),
            ExtraEmails = ContactJson.ListFromJson(SqlDatabase.NullableString(r, 13)),
            ExtraPhones = ContactJson.ListFromJson(SqlDatabase.NullableString(r, 14)),
            Custom = ContactJson.CustomFromJson(SqlDatabase.NullableString(r, 15)),
        };
        return new StoredContact(r.GetInt64(0), values, r.IsDBNull(16) ? null : db.ReadGuid(r, 16), db.ReadTime(r, 17),
            db.ReadTime(r, 18), r.GetInt32(19));
    }
}
