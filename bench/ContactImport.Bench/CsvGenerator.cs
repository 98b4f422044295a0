using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ContactImport.Bench;

/// <summary>What importing the generated file (strategy skip, empty company) must produce.</summary>
internal sealed record GeneratedFile(string Path, long Rows, long UniqueValid, long Duplicates, long Bad, long Bytes)
{
    /// <summary>Rows with an invalid e-mail (half of <see cref="Bad"/>): the baseline, which checks only e-mails, fails exactly these.</summary>
    public long BadEmails { get; init; }

    /// <summary>Bad-e-mail rows without a phone: the only rows with no key, so under the lenient value rule the only
    /// rows that fail (a bad phone beside a good e-mail, or a bad e-mail beside a good phone, imports with a warning).
    /// -1 in a cache written before it was counted, which makes the file be generated again.</summary>
    public long Keyless { get; init; } = -1;

    /// <summary>Rows that import into an empty company: every distinct row with a key.</summary>
    public long Keyed => UniqueValid + Bad - Keyless;
}

/// <summary>
/// Writes a realistic contacts CSV row by row (never the whole file in memory). Every per-contact value is a pure
/// function of the contact id, so an in-file duplicate can re-create an earlier contact from its id alone; only a
/// fixed-size ring of recent ids is kept, so generating 50 million rows takes as little memory as 1,000.
/// </summary>
internal static class CsvGenerator
{
    private const double DuplicateShare = 0.05;
    private const double BadShare = 0.02;

    public static GeneratedFile Ensure(string workDir, long rows, int seed, bool regenerate)
    {
        Directory.CreateDirectory(workDir);
        var path = System.IO.Path.Combine(workDir, FormattableString.Invariant($"contacts-{rows}-s{seed}.csv"));
        var metaPath = path + ".json";
        if (!regenerate && File.Exists(path) && File.Exists(metaPath))
        {
            var cached = JsonSerializer.Deserialize<GeneratedFile>(File.ReadAllText(metaPath));
            if (cached is not null && cached.Keyless >= 0 && cached.Bytes == new FileInfo(path).Length)
            {
                return cached with { Path = path };
            }
        }

        var tmp = path + ".tmp";
        var file = Write(tmp, rows, seed) with { Path = path };
        File.Move(tmp, path, overwrite: true);
        File.WriteAllText(metaPath, JsonSerializer.Serialize(file));
        return file;
    }

    private static GeneratedFile Write(string path, long rows, int seed)
    {
        var rng = new Random(seed);
        var recentGood = new long[1 << 16];
        long goodCount = 0, nextId = 1, unique = 0, duplicates = 0, badEmails = 0, badPhones = 0, keyless = 0;

        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
        {
            w.Write("first_name,last_name,email,phone,company,job_title,city,country,tags,notes\r\n");
            for (long row = 0; row < rows; row++)
            {
                var roll = rng.NextDouble();
                if (roll < DuplicateShare && goodCount > 0)
                {
                    // A contact seen earlier (recently, as in real exports), maybe with its e-mail in another case.
                    var id = recentGood[rng.NextInt64(Math.Min(goodCount, recentGood.Length))];
                    WriteContact(w, id, seed, RowKind.Duplicate, rng);
                    duplicates++;
                }
                else if (roll < DuplicateShare + BadShare)
                {
                    var kind = rng.Next(2) == 0 ? RowKind.BadEmail : RowKind.BadPhone;
                    var hasPhone = WriteContact(w, nextId++, seed, kind, rng);
                    if (kind == RowKind.BadEmail)
                    {
                        badEmails++;
                        keyless += hasPhone ? 0 : 1;
                    }
                    else
                    {
                        badPhones++;
                    }
                }
                else
                {
                    var id = nextId++;
                    WriteContact(w, id, seed, RowKind.New, rng);
                    recentGood[goodCount++ % recentGood.Length] = id;
                    unique++;
                }
            }
        }

        return new GeneratedFile(path, rows, unique, duplicates, badEmails + badPhones, new FileInfo(path).Length)
        {
            BadEmails = badEmails,
            Keyless = keyless,
        };
    }

    private enum RowKind { New, Duplicate, BadEmail, BadPhone }

    /// <returns>Whether the row has a phone.</returns>
    private static bool WriteContact(StreamWriter w, long id, int seed, RowKind kind, Random rowRng)
    {
        var r = new IdRandom(id, seed);
        var first = Pick(r, Names.First);
        var last = Pick(r, Names.Last);
        var email = Email(r, id, first, last);
        var phone = r.Chance(0.9) ? Phone(r, id) : "";
        var company = r.Chance(0.8) ? Pick(r, Names.Companies) : "";
        var job = r.Chance(0.7) ? Pick(r, Names.JobTitles) : "";
        var (city, country) = r.Chance(0.85) ? Pick(r, Names.Places) : ("", "");
        var tags = r.Chance(0.5) ? Tags(r) : "";
        var notes = r.Chance(0.4) ? Notes(r, first) : "";

        switch (kind)
        {
            case RowKind.Duplicate:
                // Same person again: e-mail in another case now and then, a newer job title, sometimes no phone.
                email = rowRng.Next(3) switch
                {
                    0 => email.ToUpperInvariant(),
                    1 => char.ToUpperInvariant(email[0]) + email[1..],
                    _ => email,
                };
                if (rowRng.Next(4) == 0)
                {
                    job = Names.JobTitles[rowRng.Next(Names.JobTitles.Length)];
                }

                if (rowRng.Next(5) == 0)
                {
                    phone = "";
                }

                break;
            case RowKind.BadEmail:
                email = email.Replace('@', '.'); // "jose.garcia123.example.com": no @
                break;
            case RowKind.BadPhone:
                phone = FormattableString.Invariant($"555-{id % 10000:D4}"); // 7 digits: too short for NANP
                break;
        }

        // A number without + is read in the row's own country (DESIGN.md), so outside North America the
        // generated NANP numbers carry their +1, as people abroad write them.
        if (phone.Length > 0 && phone[0] != '+' && country is not ("" or "United States" or "Canada"))
        {
            phone = "+1 " + phone;
        }

        Field(w, first);
        w.Write(',');
        Field(w, last);
        w.Write(',');
        Field(w, email);
        w.Write(',');
        Field(w, phone);
        w.Write(',');
        Field(w, company);
        w.Write(',');
        Field(w, job);
        w.Write(',');
        Field(w, city);
        w.Write(',');
        Field(w, country);
        w.Write(',');
        Field(w, tags);
        w.Write(',');
        Field(w, notes);
        w.Write("\r\n");
        return phone.Length > 0;
    }

    private static string Email(IdRandom r, long id, string first, string last)
    {
        var f = Names.Ascii(first);
        var l = Names.Ascii(last);
        var domain = Pick(r, Names.Domains);
        var n = id.ToString(CultureInfo.InvariantCulture); // keeps every contact's e-mail unique
        return r.Next(4) switch
        {
            0 => $"{f}.{l}{n}@{domain}",
            1 => $"{f[0]}{l}{n}@{domain}",
            2 => $"{f}_{l}.{n}@{domain}",
            _ => $"{l}.{f}{n}@{domain}",
        };
    }

    /// <summary>A NANP number unique per id (a different phone would match another contact by phone).</summary>
    private static string Phone(IdRandom r, long id)
    {
        const long perArea = 8_000_000; // exchanges 200–999 × lines 0000–9999
        var space = Names.AreaCodes.Length * perArea;
        // Multiplying by a prime coprime with the space permutes it: unique, but not sequential-looking.
        var x = (long)((UInt128)(ulong)id * 2_654_435_761UL % (ulong)space);
        var area = Names.AreaCodes[x / perArea];
        var rest = x % perArea;
        var exchange = 200 + rest / 10_000;
        var line = rest % 10_000;
        return r.Next(5) switch
        {
            0 => FormattableString.Invariant($"{area}-{exchange}-{line:D4}"),
            1 => FormattableString.Invariant($"+1 {area} {exchange} {line:D4}"),
            2 => FormattableString.Invariant($"{area}.{exchange}.{line:D4}"),
            _ => FormattableString.Invariant($"({area}) {exchange}-{line:D4}"),
        };
    }

    private static string Tags(IdRandom r)
    {
        var count = 1 + r.Next(3);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(';');
            }

            sb.Append(Pick(r, Names.Tags));
        }

        return sb.ToString();
    }

    private static string Notes(IdRandom r, string first) => r.Next(6) switch
    {
        0 => $"Met at {Pick(r, Names.Events)}, follow up in {2 + r.Next(6)} weeks",
        1 => $"Said \"great product\", wants a demo for {1 + r.Next(40)} seats",
        2 => $"Prefers e-mail.\nDo not call before 10am.\nAssistant: {Pick(r, Names.First)}",
        3 => $"Billing address:\n{100 + r.Next(9000)} {Pick(r, Names.Streets)}\n{Pick(r, Names.Places).City}",
        4 => $"{first} asked about pricing; budget approved, decision in Q{1 + r.Next(4)}",
        _ => "Imported from the old CRM (2019); duplicates merged by hand",
    };

    private static T Pick<T>(IdRandom r, T[] items) => items[r.Next(items.Length)];

    private static void Field(StreamWriter w, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            w.Write(value);
            return;
        }

        w.Write('"');
        w.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        w.Write('"');
    }

    /// <summary>SplitMix64 seeded by (id, seed): the same contact id always yields the same values. A class, so helpers
    /// that take it advance the one sequence.</summary>
    private sealed class IdRandom(long id, int seed)
    {
        private ulong _state = (ulong)id * 0x9E3779B97F4A7C15UL ^ (ulong)seed;

        public int Next(int max) => (int)(NextUInt64() % (ulong)max);

        public bool Chance(double p) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < p;

        private ulong NextUInt64()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
