using ContactImport.Core.Contacts;

namespace ContactImport.Core.Merging;

/// <summary>The exact field rules of DESIGN.md for <c>update</c> and <c>merge</c>, applied to every single-valued
/// field of <see cref="ContactSchema"/> alike. An import never removes tags. An invalid value never replaces a valid
/// one: a phone without a key (kept as written under the lenient rule) becomes an extra phone of a contact whose
/// phone has one.</summary>
public static class ContactMergeRules
{
    /// <summary><c>update</c>: every non-empty field of the row overwrites, and the fields the row clears
    /// (<see cref="ContactValues.Cleared"/>, <c>clear_empty</c>) are emptied; lists are unioned.</summary>
    public static void ApplyUpdate(ContactValues target, ContactValues row)
    {
        foreach (var field in row.Cleared ?? [])
        {
            target[field] = null;
            if (field == ScalarField.Phone)
            {
                target.PhoneKey = null;
            }
        }

        var invalidPhone = row.Phone is not null && row.PhoneKey is null;
        foreach (var spec in ContactSchema.Scalars)
        {
            var field = spec.Slot!.Value;
            if (row[field] is { } value && !(field == ScalarField.Phone && invalidPhone && target.PhoneKey is not null))
            {
                target[field] = value;
            }
        }

        if (row.Phone is not null && !(invalidPhone && target.PhoneKey is not null))
        {
            target.PhoneKey = row.PhoneKey;
        }
        else if (invalidPhone && row.Phone != target.Phone)
        {
            AddUnique(target.ExtraPhones, row.Phone!, StringComparer.Ordinal);
        }

        foreach (var (key, value) in row.CustomOrNull ?? [])
        {
            target.Custom[key] = value;
        }

        UnionLists(target, row);
    }

    /// <summary><c>merge</c>: only empty fields are filled; a differing primary e-mail or phone of the row
    /// is kept as an additional value, so nothing the file holds is lost.</summary>
    public static void ApplyMerge(ContactValues target, ContactValues row)
    {
        foreach (var spec in ContactSchema.Scalars)
        {
            var field = spec.Slot!.Value;
            if (target[field] is null && row[field] is { } value)
            {
                target[field] = value;
                if (field == ScalarField.Phone)
                {
                    target.PhoneKey = row.PhoneKey;
                }
            }
        }

        foreach (var (key, value) in row.CustomOrNull ?? [])
        {
            target.Custom.TryAdd(key, value);
        }

        if (row.Email is { } email && email != target.Email)
        {
            AddUnique(target.ExtraEmails, email, StringComparer.Ordinal);
        }

        if (row.Phone is { } phone && phone != target.Phone && (row.PhoneKey is null || row.PhoneKey != target.PhoneKey))
        {
            AddUnique(target.ExtraPhones, phone, StringComparer.Ordinal);
        }

        UnionLists(target, row);
    }

    /// <summary>Empties <paramref name="fields"/> (the bulk API's <c>null</c>); clearing the phone drops its key.</summary>
    public static void Clear(ContactValues target, IReadOnlyCollection<ScalarField>? fields)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var field in fields)
        {
            target[field] = null;
            if (field == ScalarField.Phone)
            {
                target.PhoneKey = null;
            }
        }
    }

    private static void UnionLists(ContactValues target, ContactValues row)
    {
        foreach (var tag in row.TagsOrNull ?? [])
        {
            AddUnique(target.Tags, tag, StringComparer.OrdinalIgnoreCase);
        }

        foreach (var email in row.ExtraEmailsOrNull ?? [])
        {
            if (email != target.Email)
            {
                AddUnique(target.ExtraEmails, email, StringComparer.Ordinal);
            }
        }

        foreach (var phone in row.ExtraPhonesOrNull ?? [])
        {
            if (phone != target.Phone)
            {
                AddUnique(target.ExtraPhones, phone, StringComparer.Ordinal);
            }
        }

        // The primary value is never also an additional one.
        if (target.Email is { } primaryEmail)
        {
            target.ExtraEmailsOrNull?.Remove(primaryEmail);
        }

        if (target.Phone is { } primaryPhone)
        {
            target.ExtraPhonesOrNull?.Remove(primaryPhone);
        }
    }

    private static void AddUnique(List<string> list, string value, StringComparer comparer)
    {
        foreach (var existing in list)
        {
            if (comparer.Equals(existing, value))
            {
                return;
            }
        }

        list.Add(value);
    }
}
