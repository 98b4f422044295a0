using System.Text;

namespace ContactImport.Bench;

/// <summary>Small value lists for the generator: accents, apostrophes and commas on purpose.</summary>
internal static class Names
{
    public static readonly string[] First =
    [
        "James", "Mary", "José", "Zoë", "François", "Björn", "Siobhán", "Renée", "Łukasz", "Chloé", "Mohammed", "Aisha",
        "Wei", "Yuki", "Olga", "Jürgen", "Søren", "Ana", "Noël", "Seán", "Ingrid", "Raúl", "Mia", "Liam", "Emma",
        "Noah", "Olivia", "Lucas", "Sofía", "Mateo", "Hannah", "Élodie", "Dmitri", "Priya", "Kwame", "Fatima",
        "Connor", "Beyoncé", "André", "Małgorzata",
    ];

    public static readonly string[] Last =
    [
        "Smith", "O'Brien", "Müller", "García", "D'Angelo", "Nguyễn", "Johnson", "Williams", "Brown", "Jones",
        "Martínez", "López", "Schröder", "Øvergaard", "Kowalski", "Dubois", "Rossi", "Novák", "Sánchez", "O'Neill",
        "McDonald", "Van der Berg", "Fernández", "Yılmaz", "Andersson", "Kim", "Patel", "Okafor", "Silva", "Weiß",
        "Lefèvre", "Hernández", "Clarke", "Ó Súilleabháin", "Murphy", "Tanaka", "Ivanov", "Cohen", "Costa", "Jäger",
    ];

    public static readonly string[] Domains =
    [
        "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "example.com", "acme.io",
        "globex.co.uk", "initech.com", "umbrella-corp.de", "mail.fr", "web.de",
    ];

    public static readonly string[] Companies =
    [
        "Acme, Inc.", "Globex Corporation", "Initech", "Umbrella GmbH", "Stark Industries", "Wayne Enterprises",
        "Smith & Sons, LLC", "Müller Bau AG", "Café Olé", "O'Reilly Auto Parts", "Soylent Corp", "Hooli",
        "Pied Piper", "Vandelay Industries", "Dunder Mifflin, Scranton", "Tyrell Corporation",
    ];

    public static readonly string[] JobTitles =
    [
        "CEO", "CTO", "Head of Sales", "Account Executive", "Software Engineer", "Marketing Manager",
        "VP, Operations", "Office Manager", "Procurement Lead", "Data Scientist", "Customer Success Manager",
        "Directeur général", "Geschäftsführer",
    ];

    public static readonly (string City, string Country)[] Places =
    [
        ("New York", "United States"), ("San Francisco", "United States"), ("Austin", "United States"),
        ("Montréal", "Canada"), ("Toronto", "Canada"), ("London", "United Kingdom"), ("Dublin", "Ireland"),
        ("Zürich", "Switzerland"), ("München", "Germany"), ("Kraków", "Poland"), ("São Paulo", "Brazil"),
        ("México, D.F.", "Mexico"), ("Paris", "France"), ("Malmö", "Sweden"), ("Reykjavík", "Iceland"),
        ("Tokyo", "Japan"),
    ];

    public static readonly string[] Tags =
    [
        "customer", "lead", "vip", "newsletter", "partner", "trade-show 2024", "churned", "beta", "vip:gold",
        "investor", "press",
    ];

    public static readonly string[] Events = ["SaaStr", "Web Summit, Lisbon", "CES", "our webinar", "the Berlin meetup"];

    public static readonly string[] Streets = ["Main St", "Rue de l'Église", "Königsallee", "Elm Street, Apt 4", "Calle Mayor"];

    /// <summary>Real NANP area codes (first digit 2–9).</summary>
    public static readonly int[] AreaCodes =
    [
        212, 213, 202, 206, 303, 305, 312, 313, 404, 415, 469, 503, 512, 602, 617, 646, 702, 713, 718, 720, 801,
        858, 917, 949, 978,
    ];

    // Folding table: invariant globalization (Directory.Build.props) has no Unicode decomposition.
    private const string Accented = "áàâäãåāąçćčéèêëēęěíìîïłñńňóòôöõøőśšşúùûüůűýÿźżžđðß";
    private const string Folded = "aaaaaaaaccceeeeeeeiiiilnnnooooooosssuuuuuuyyzzzdds";

    /// <summary>"Zoë O'Brien" → "zoe", "obrien": the ASCII an e-mail address would use.</summary>
    public static string Ascii(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            var c = char.ToLowerInvariant(ch);
            if (c is >= 'a' and <= 'z')
            {
                sb.Append(c);
            }
            else if (Accented.IndexOf(c, StringComparison.Ordinal) is var i and >= 0)
            {
                sb.Append(Folded[i]);
            }
            else if (c == 'ễ')
            {
                sb.Append('e');
            }
        }

        return sb.Length > 0 ? sb.ToString() : "x";
    }
}
