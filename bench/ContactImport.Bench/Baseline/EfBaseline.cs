using System.ComponentModel.DataAnnotations.Schema;
using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration.Attributes;
using Microsoft.EntityFrameworkCore;

namespace ContactImport.Bench.Baseline;

/// <summary>
/// The baseline: what a C# developer would write from the usual web examples. CsvHelper 33 <c>GetRecords&lt;T&gt;</c>,
/// a simple e-mail check, the company's existing e-mails pre-loaded into a HashSet, <c>AddRange</c> +
/// <c>SaveChanges</c> per 1,000 rows with a fresh DbContext per chunk. Deliberately not tuned: it is the yardstick.
/// Runs as <c>bench --child ef FILE CONNECTION</c> and prints one JSON line with its counts.
/// </summary>
internal static class EfBaseline
{
    private const int ChunkSize = 1000;
    private const long CompanyId = 1;

    public static async Task<int> RunAsync(string file, string connectionString)
    {
        var options = new DbContextOptionsBuilder<BaselineDb>().UseNpgsql(connectionString).Options;

        HashSet<string> seen;
        await using (var db = new BaselineDb(options))
        {
            await db.Database.EnsureCreatedAsync();
            seen = new HashSet<string>(
                await db.Contacts.Where(c => c.CompanyId == CompanyId).Select(c => c.Email).ToListAsync(),
                StringComparer.OrdinalIgnoreCase);
        }

        long inserted = 0, skipped = 0, failed = 0;
        var chunk = new List<Contact>(ChunkSize);
        using var reader = new StreamReader(file);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        foreach (var row in csv.GetRecords<ContactRow>())
        {
            var email = row.Email?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(email) || !IsValidEmail(email))
            {
                failed++;
                continue;
            }

            if (!seen.Add(email))
            {
                skipped++;
                continue;
            }

            var now = DateTime.UtcNow;
            chunk.Add(new Contact
            {
                CompanyId = CompanyId,
                FirstName = row.FirstName,
                LastName = row.LastName,
                Email = email,
                Phone = row.Phone,
                Company = row.Company,
                JobTitle = row.JobTitle,
                City = row.City,
                Country = row.Country,
                Tags = row.Tags,
                Notes = row.Notes,
                CreatedAt = now,
                UpdatedAt = now,
            });
            if (chunk.Count == ChunkSize)
            {
                inserted += await SaveAsync(options, chunk);
            }
        }

        inserted += await SaveAsync(options, chunk);
        Console.WriteLine(JsonSerializer.Serialize(new { inserted, skipped, failed }));
        return 0;
    }

    private static async Task<int> SaveAsync(DbContextOptions<BaselineDb> options, List<Contact> chunk)
    {
        if (chunk.Count == 0)
        {
            return 0;
        }

        await using var db = new BaselineDb(options);
        db.Contacts.AddRange(chunk);
        await db.SaveChangesAsync();
        var count = chunk.Count;
        chunk.Clear();
        return count;
    }

    private static bool IsValidEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && email.Contains('.', StringComparison.Ordinal);
}

/// <summary>The CSV row, mapped by header name the way the CsvHelper 33 docs show.</summary>
internal sealed class ContactRow
{
    [Name("first_name")] public string? FirstName { get; set; }
    [Name("last_name")] public string? LastName { get; set; }
    [Name("email")] public string? Email { get; set; }
    [Name("phone")] public string? Phone { get; set; }
    [Name("company")] public string? Company { get; set; }
    [Name("job_title")] public string? JobTitle { get; set; }
    [Name("city")] public string? City { get; set; }
    [Name("country")] public string? Country { get; set; }
    [Name("tags")] public string? Tags { get; set; }
    [Name("notes")] public string? Notes { get; set; }
}

/// <summary>An equivalent contacts table: the same columns that matter, a unique (company, e-mail) index.</summary>
[Table("contacts")]
internal sealed class Contact
{
    [Column("id")] public long Id { get; set; }
    [Column("company_id")] public long CompanyId { get; set; }
    [Column("first_name")] public string? FirstName { get; set; }
    [Column("last_name")] public string? LastName { get; set; }
    [Column("email")] public required string Email { get; set; }
    [Column("phone")] public string? Phone { get; set; }
    [Column("company")] public string? Company { get; set; }
    [Column("job_title")] public string? JobTitle { get; set; }
    [Column("city")] public string? City { get; set; }
    [Column("country")] public string? Country { get; set; }
    [Column("tags")] public string? Tags { get; set; }
    [Column("notes")] public string? Notes { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
    [Column("updated_at")] public DateTime UpdatedAt { get; set; }
}

internal sealed class BaselineDb(DbContextOptions<BaselineDb> options) : DbContext(options)
{
    public DbSet<Contact> Contacts => Set<Contact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Contact>().HasIndex(c => new { c.CompanyId, c.Email }).IsUnique();
}
