using Npgsql;

namespace ContactImport.Storage.Postgres;

/// <summary>Turns what <c>--db</c> takes for PostgreSQL into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    /// <summary>Converts a <c>postgres://user:pass@host:port/db?sslmode=require</c> URL to an Npgsql connection
    /// string; a <c>Host=…</c> connection string passes through unchanged.</summary>
    public static string ToConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        database = database.Trim();
        if (!database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(database).ConnectionString;
        }

        if (!Uri.TryCreate(database, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException("Not a valid PostgreSQL URL: expected postgres://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var host = uri.Host;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1]; // IPv6 literal
        }

        if (!string.IsNullOrEmpty(host))
        {
            builder.Host = Uri.UnescapeDataString(host);
        }

        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "host":
                    builder.Host = value; // e.g. a Unix socket directory: postgres:///db?host=/var/run/postgresql
                    break;
                case "port":
                    builder.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "user":
                    builder.Username = value;
                    break;
                case "password":
                    builder.Password = value;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "options":
                    builder.Options = value;
                    break;
                default:
                    builder[key] = value; // Npgsql's own keywords (Pooling, Maximum Pool Size, …)
                    break;
            }
        }

        return builder.ConnectionString;
    }
}
