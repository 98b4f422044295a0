namespace ContactImport.Server;

/// <summary>Service settings: appsettings.json section <c>ContactImport</c>, or environment variables with the
/// prefix <c>CONTACTIMPORT_</c> and <c>__</c> between sections, e.g. <c>CONTACTIMPORT_ContactImport__Uploads__MaxBytes</c>,
/// <c>CONTACTIMPORT_ContactImport__Smtp__Host</c>, <c>CONTACTIMPORT_ContactImport__Workers__LeaseSeconds</c>.</summary>
public sealed class ServerOptions
{
    public const string Section = "ContactImport";

    /// <summary>Links in e-mails point here, e.g. <c>https://contacts.example.com</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    public UploadOptions Uploads { get; set; } = new();

    public WorkerOptions Workers { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class UploadOptions
{
    public long MaxBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Uploaded files (personal data) are deleted this long after their import was created.</summary>
    public double RetentionDays { get; set; } = 7;
}

public sealed class WorkerOptions
{
    /// <summary>Imports run concurrently per process (each uses both stages of the pipeline).</summary>
    public int Count { get; set; } = 1;

    public double LeaseSeconds { get; set; } = 30;

    public double PollSeconds { get; set; } = 1;
}

public sealed class SmtpOptions
{
    /// <summary>Null: no e-mail notifications (in-app only).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string From { get; set; } = "contactimport@localhost";

    public bool EnableSsl { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }
}
