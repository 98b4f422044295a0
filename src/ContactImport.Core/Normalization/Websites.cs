namespace ContactImport.Core.Normalization;

/// <summary>A website is kept as written (trimmed); it is valid when it names a host with a dot. The scheme is optional.</summary>
public static class Websites
{
    public static bool IsValid(string value, out string? reason)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                reason = "a website has no spaces";
                return false;
            }
        }

        var rest = value.AsSpan();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            if (!IsScheme(rest[..scheme]))
            {
                reason = "not a website: the part before :// is no scheme";
                return false;
            }

            rest = rest[(scheme + 3)..];
        }

        var end = rest.IndexOfAny("/?#");
        var host = end >= 0 ? rest[..end] : rest;
        if (host.Contains('@'))
        {
            reason = "an e-mail address is not a website";
            return false;
        }

        var port = host.LastIndexOf(':');
        if (port >= 0)
        {
            foreach (var c in host[(port + 1)..])
            {
                if (!char.IsAsciiDigit(c))
                {
                    reason = "not a website: the port is not a number";
                    return false;
                }
            }

            host = host[..port];
        }

        if (!IsHost(host))
        {
            reason = "not a website: expected a host with a dot, such as example.com";
            return false;
        }

        reason = null;
        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (scheme.IsEmpty || !char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Labels of letters (any script), digits and hyphens, at least two of them, none empty.</summary>
    private static bool IsHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host[0] == '.' || host[^1] == '.' || !host.Contains('.'))
        {
            return false;
        }

        var previous = '.';
        foreach (var c in host)
        {
            if (c == '.' && previous == '.')
            {
                return false;
            }

            if (!(char.IsLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }
}
