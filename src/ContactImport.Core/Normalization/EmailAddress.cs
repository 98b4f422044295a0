namespace ContactImport.Core.Normalization;

/// <summary>E-mail normalization: trimmed and lower-cased; that string is also the match key.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;

    /// <summary>
    /// Valid when: exactly one <c>@</c>, local part 1–64 characters, a domain with a dot that neither starts nor
    /// ends it and no empty labels, no whitespace, at most 254 characters. Unicode letters are allowed.
    /// On failure <paramref name="reason"/> is a complete message ("invalid e-mail: missing @").
    /// </summary>
    public static bool TryNormalize(string raw, out string normalized, out string? reason)
    {
        normalized = string.Empty;
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty)
        {
            reason = "invalid e-mail: empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            reason = $"invalid e-mail: {text.Length} characters, the limit is {MaxLength}";
            return false;
        }

        var at = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '@')
            {
                if (at >= 0)
                {
                    reason = "invalid e-mail: more than one @";
                    return false;
                }

                at = i;
            }
            else if (char.IsWhiteSpace(c))
            {
                reason = "invalid e-mail: contains whitespace";
                return false;
            }
            else if (char.IsControl(c) || c is ',' or ';' or '<' or '>' or '(' or ')' or '[' or ']' or '\\' or '"')
            {
                // Usually a paste of "Name <a@b.c>" or of a list of addresses.
                reason = $"invalid e-mail: contains '{c}'";
                return false;
            }
        }

        if (at < 0)
        {
            reason = "invalid e-mail: missing @";
            return false;
        }

        if (at == 0)
        {
            reason = "invalid e-mail: nothing before @";
            return false;
        }

        if (at > MaxLocalPartLength)
        {
            reason = $"invalid e-mail: the part before @ is {at} characters, the limit is {MaxLocalPartLength}";
            return false;
        }

        var domain = text[(at + 1)..];
        if (domain.IsEmpty)
        {
            reason = "invalid e-mail: nothing after @";
            return false;
        }

        if (!domain.Contains('.'))
        {
            reason = "invalid e-mail: the domain has no dot";
            return false;
        }

        if (domain[0] == '.' || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal))
        {
            reason = "invalid e-mail: the domain has an empty part";
            return false;
        }

        // Reuse the input string when it is already normalized (the common case): no allocation.
        normalized = text.Length == raw.Length && !HasUpper(text) ? raw : text.ToString().ToLowerInvariant();
        reason = null;
        return true;
    }

    private static bool HasUpper(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }
}
