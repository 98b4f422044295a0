using ContactImport.Core.Normalization;

namespace ContactImport.Core.Contacts;

/// <summary>How a search is answered: a full e-mail or an international phone number by its match key (an index
/// equality), anything else as a substring of the searchable fields.</summary>
public enum ContactSearchKind
{
    Text,
    Email,
    Phone,
}

/// <summary>A search as typed, classified once: <see cref="Value"/> is the normalized key, or the text to look for.</summary>
public sealed record ContactSearchTerm(ContactSearchKind Kind, string Value)
{
    /// <summary>Null for no search (empty or blank).</summary>
    public static ContactSearchTerm? Parse(string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Contains('@', StringComparison.Ordinal) && EmailAddress.TryNormalize(text, out var email, out _))
        {
            return new ContactSearchTerm(ContactSearchKind.Email, email);
        }

        // Only numbers written internationally: a national number means something else in every country.
        if (text.StartsWith('+') && text.All(IsPhoneCharacter) && Phones.TryNormalize(text, "US", out var e164, out _))
        {
            return new ContactSearchTerm(ContactSearchKind.Phone, e164);
        }

        return new ContactSearchTerm(ContactSearchKind.Text, text);
    }

    private static bool IsPhoneCharacter(char c) => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.' or '/';
}
