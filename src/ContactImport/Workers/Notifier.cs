using System.Net;
using System.Net.Mail;
using ContactImport.Core.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.Extensions.Options;

namespace ContactImport.Workers;

/// <summary>Tells people an import ended: always in-app; by e-mail when asked for and SMTP is configured.</summary>
public sealed class Notifier(Store store, IOptions<ServerOptions> options, ILogger<Notifier> logger)
{
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

        var smtp = options.Value.Smtp;
        if (email is null || smtp.Host is null)
        {
            return;
        }

        try
        {
            using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
            if (smtp.User is not null)
            {
                client.Credentials = new NetworkCredential(smtp.User, smtp.Password);
            }

            using var message = new MailMessage(smtp.From, email, title, body);
            await client.SendMailAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is SmtpException or InvalidOperationException or IOException)
        {
            // The import's result stands; a mail outage must not fail it. The in-app notification is there.
            logger.LogWarning(ex, "E-mail notification for import {ImportId} to {Email} failed", record.Id, email);
        }
    }
}
