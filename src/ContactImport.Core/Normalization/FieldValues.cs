using System.Text;
using ContactImport.Core.Contacts;

namespace ContactImport.Core.Normalization;

/// <summary>Normalizes one cell of a single-valued text field by its schema entry (form, type); e-mail and phone
/// have their own rules in <see cref="EmailAddress"/> and <see cref="PhoneNumbers"/>.</summary>
public static class FieldValues
{
    /// <param name="monthFirst">The import's default country writes dates month first (see <see cref="Birthdays.MonthFirst"/>).</param>
    public static bool TryNormalize(ContactFieldSpec field, string value, bool monthFirst, out string normalized, out string? reason)
    {
        if (field.Type == FieldType.Date)
        {
            return Birthdays.TryNormalize(value, monthFirst, out normalized, out reason);
        }

        normalized = field.Form switch
        {
            TextForm.Collapse => TextValues.Clean(value),
            TextForm.Trim => value.Trim(),
            TextForm.Lines => Lines(value),
            _ => value,
        };

        if (field.Type == FieldType.Url)
        {
            return Websites.IsValid(normalized, out reason);
        }

        reason = null;
        return true;
    }

    /// <summary>Each line trimmed and collapsed, blank lines dropped, joined with <c>\n</c> (an address keeps its lines).</summary>
    public static string Lines(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return TextValues.Clean(value);
        }

        var sb = new StringBuilder(value.Length);
        foreach (var line in value.Split(['\r', '\n']))
        {
            var clean = TextValues.Clean(line);
            if (clean.Length > 0)
            {
                if (sb.Length > 0)
                {
                    sb.Append('\n');
                }

                sb.Append(clean);
            }
        }

        return sb.ToString();
    }
}
