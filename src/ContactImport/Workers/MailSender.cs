using ContactImport.Server;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Microsoft.Extensions.Options;

namespace ContactImport.Workers;

/// <summary>Sends one plain-text mail through the configured SMTP server (MailKit; <c>System.Net.Mail</c> is not
/// recommended for new code). Failures throw: the notify job decides whether to retry.</summary>
public sealed class MailSender(IOptions<ServerOptions> options)
{
    public bool IsConfigured => options.Value.Smtp.Host is not null;

    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (smtp.Host is null)
        {
            throw new InvalidOperationException("SMTP is not configured (ContactImport:Smtp:Host).");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient { Timeout = 30_000 };
        // EnableSsl keeps its old meaning (TLS required), implicit on the SMTPS port and STARTTLS elsewhere.
        var security = !smtp.EnableSsl ? SecureSocketOptions.None
            : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (smtp.User is not null)
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
