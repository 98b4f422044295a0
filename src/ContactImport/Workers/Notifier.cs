using ContactImport.Core.Imports;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using MailKit;
using MailKit.Security;
using MimeKit;
using Microsoft.Extensions.Options;

namespace ContactImport.Workers;

/// <summary>
/// Tells people an import ended: in-app at once; by e-mail when asked for and SMTP is configured, through a
/// <c>notify</c> job of its own so a dead SMTP server never holds the import or its worker.
/// </summary>
public sealed class Notifier(Store store, MailSender mail, IOptions<ServerOptions> options, ILogger<Notifier> logger)
{
    private const string To = "to";
    private const string Subject = "subject";
    private const string Body = "body";

    public async Task ImportEndedAsync(ImportRecord record, string? email, CancellationToken cancellationToken)
    {
        var title = $"Import of {record.FileName} {record.Status.ToWire().Replace('_', ' ')}";
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var body =
            $"{record.FileName}: {record.Total} rows — {record.Counts.Inserted} inserted, {record.Counts.Updated} updated, " +
            $"{record.Counts.Merged} merged, {record.Counts.Unchanged} unchanged, {record.Counts.Skipped} skipped, " +
            $"{record.Counts.Failed} failed." + (record.Error is null ? "" : $" Error: {record.Error}") +
            $"\nDetails: {baseUrl}/api/imports/{record.Id}" +
            (record.Counts.Failed > 0 ? $"\nError report: {baseUrl}/api/imports/{record.Id}/errors" : "");
        var kind = record.Status is ImportStatus.Failed ? "import_failed" : "import_completed";
        await store.Notifications.AddAsync(record.CompanyId, record.Id, kind, title, body, cancellationToken);

        if (email is null || !mail.IsConfigured)
        {
            return;
        }

        // The mail is written now (the import's result as it ended) and sent by a job with retries.
        var payload = ImportJson.Serialize(new Dictionary<string, string?> { [To] = email, [Subject] = title, [Body] = body });
        await store.Jobs.EnqueueAsync(JobKinds.Notify, record.Id, record.CompanyId, payload, cancellationToken);
    }

    /// <summary>Runs a <c>notify</c> job: done when the mail is sent; otherwise queued again with backoff, or failed
    /// with the SMTP error after its last attempt.</summary>
    public async Task<(JobState State, DateTimeOffset? RetryAt, string? Error)> SendAsync(ClaimedJob job,
        Func<int, TimeSpan> backoff, CancellationToken cancellationToken)
    {
        var fields = job.Payload is null ? null : ImportJson.Deserialize<Dictionary<string, string?>>(job.Payload);
        if (fields?.GetValueOrDefault(To) is not { } to)
        {
            return (JobState.Failed, null, "notify job without a recipient");
        }

        try
        {
            await mail.SendAsync(to, fields.GetValueOrDefault(Subject) ?? "", fields.GetValueOrDefault(Body) ?? "",
                cancellationToken);
            return (JobState.Done, null, null);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ProtocolException
                                       or CommandException or AuthenticationException or SslHandshakeException
                                       or ParseException or InvalidOperationException or TimeoutException
                                       or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = $"SMTP: {ex.Message}";
            if (job.Attempts < job.MaxAttempts)
            {
                logger.LogWarning("E-mail for import {ImportId} failed (attempt {Attempt} of {Max}), retrying: {Error}",
                    job.ImportId, job.Attempts, job.MaxAttempts, error);
                return (JobState.Queued, DateTimeOffset.UtcNow + backoff(job.Attempts), error);
            }

            logger.LogError("E-mail for import {ImportId} failed for good after {Attempts} attempts: {Error}",
                job.ImportId, job.Attempts, error);
            return (JobState.Failed, null, error);
        }
    }
}
