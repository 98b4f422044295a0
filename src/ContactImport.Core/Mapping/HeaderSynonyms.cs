namespace ContactImport.Core.Mapping;

/// <summary>
/// The headers that exports really use, per contact field (keyed by the field's wire name): generic English,
/// snake_case and camelCase forms, Google Contacts (current and legacy), Outlook desktop and Outlook.com in
/// English, German, French, Spanish, Italian, Portuguese, Dutch and Japanese, Apple Address Book, Thunderbird,
/// LinkedIn, Mailchimp, HubSpot and Salesforce. Matching ignores case, spacing, punctuation and accents
/// (<see cref="HeaderMapper"/>), so each header is written once as the tool spells it. A wire name the schema
/// does not know is skipped when the table is read, so synonyms may precede their field.
/// </summary>
public static class HeaderSynonyms
{
    /// <summary>Wire name → headers. For <c>phone</c>, see also <see cref="MobilePhone"/>.</summary>
    public static IReadOnlyList<(string WireName, string[] Headers)> Table { get; } =
    [
        ("first_name", [
            "First Name", "First", "Given Name", "FName", "Forename", "firstName", "given_name", "FIRSTNAME", "FNAME",
            "Vorname", "Prénom", "Nombre", "Nome", "Primeiro Nome", "Voornaam", "名", "名前", "Given name",
            "cp_givenname", "Contact First Name",
        ]),
        ("last_name", [
            "Last Name", "Last", "Surname", "Family Name", "LName", "lastName", "family_name", "LASTNAME", "LNAME",
            "Nachname", "Nom", "Nom de famille", "Apellidos", "Apellido", "Cognome", "Sobrenome", "Último Nome",
            "Achternaam", "姓", "cp_name", "Contact Last Name",
        ]),
        ("full_name", [
            "Name", "Full Name", "Contact Name", "Display Name", "fullName", "displayName", "Contact", "Contact Person",
            "Anzeigename", "Nom complet", "Nombre completo", "Nome completo", "Volledige naam", "表示名", "氏名",
        ]),
        ("email", [
            "Email", "E-mail", "Email Address", "E-mail Address", "Mail", "Email Addr", "Email Value", "Email ID",
            "Mail Address", "Work Email", "Personal Email", "Home Email", "Business Email", "Primary Email",
            "Other Email", "Secondary Email", "Email Home", "Email Work", "Email Other", "emailAddress", "EMAIL",
            "Email Address (Work)", "E-mail 1 - Value", "E-mail Value",
            "E-Mail-Adresse", "E-Mail Adresse", "E-Mail", "Arbeit E-Mail", "Privat E-Mail", "Andere E-Mail",
            "E-Mail 2: Adresse", "Adresse de messagerie", "Adresse e-mail", "Courriel", "Adresse électronique",
            "Dirección de correo electrónico", "Correo electrónico", "Indirizzo posta elettronica", "Indirizzo e-mail",
            "Posta elettronica", "Endereço de email", "Endereço de correio eletrónico", "Endereço de e-mail",
            "E-mailadres", "E-mail-adres", "電子メール アドレス", "電子メール", "メールアドレス", "cp_email",
        ]),
        ("phone", [
            "Phone", "Telephone", "Tel", "Phone Number", "Telephone Number", "Phone Value", "Phone No",
            "Business Phone", "Home Phone", "Work Phone", "Other Phone", "Primary Phone", "Company Main Phone",
            "Car Phone", "Landline", "Office Phone", "Direct Phone", "Home Number", "Work Number", "phoneNumber",
            "Phone 1 - Value", "PHONE", "Main Phone", "Hauptnummer", "Haupttelefon",
            "Telefon", "Telefon geschäftlich", "Telefon (privat)", "Telefon privat", "Telefon Firma", "Arbeit Telefon",
            "Privat Telefon", "Weiteres Telefon", "Andere Telefonnummer", "Autotelefon", "Telefonnummer",
            "Téléphone", "Téléphone bureau", "Téléphone (bureau)", "Téléphone domicile", "Téléphone (domicile)",
            "Teléfono", "Teléfono del trabajo", "Teléfono particular", "Teléfono de la organización",
            "Telefono", "Telefono ufficio", "Telefono abitazione", "Telefone", "Telefone comercial",
            "Telefone residencial", "Telefoon", "Telefoon op werk", "Telefoon thuis", "Telefoonnummer",
            "電話", "電話番号", "会社電話", "自宅電話", "勤務先電話", "cp_phone1", "cp_phone2",
        ]),
        ("company", [
            "Company", "Company Name", "Organization", "Organisation", "Organization Name", "Organisation Name",
            "Employer", "Account", "Account Name", "companyName", "Organization 1 - Name", "COMPANY",
            "Firma", "Unternehmen", "Société", "Entreprise", "Organisation (société)", "Compañía", "Empresa",
            "Organización", "Società", "Azienda", "Organizzazione", "Bedrijf", "Organisatie", "会社名", "会社",
        ]),
        ("job_title", [
            "Job Title", "Position", "Role", "Organization Title", "Organisation Title", "Designation", "Job Role",
            "Job Position", "jobTitle", "Organization 1 - Title", "Berufsbezeichnung", "Funktion",
            "Stellenbezeichnung", "Fonction", "Poste", "Puesto", "Cargo", "Qualifica", "Posizione",
            "Funzione", "Função", "Functie", "役職", "Occupation",
        ]),
        ("street", [
            "Street", "Address", "Street Address", "Address Street", "Address Line 1", "Address 1", "Business Street",
            "Home Street", "Other Street", "Work Street", "Home Address", "Work Address", "Mailing Street",
            "Billing Street", "Address 1 - Street", "streetAddress", "address_line_1", "ADDRESS",
            "Straße", "Strasse", "Straße geschäftlich", "Straße privat", "Weitere Straße", "Arbeitsadresse Strasse",
            "Privatadresse Strasse", "Andere Adr. Strasse", "Adresse", "Rue (bureau)", "Rue (domicile)", "Rue",
            "Calle del trabajo", "Calle del domicilio particular", "Calle", "Dirección", "Via (uff.)", "Via (ab.)",
            "Via", "Indirizzo", "Rua comercial", "Rua residencial", "Rua", "Morada", "Endereço",
            "Werkadres, straat", "Huisadres, straat", "Straat", "Adres", "番地 (会社)", "番地 (自宅)", "番地", "住所",
        ]),
        ("city", [
            "City", "Town", "Business City", "Home City", "Other City", "Address City", "Work City", "Locality",
            "Mailing City", "Billing City", "Address 1 - City", "CITY",
            "Stadt", "Ort geschäftlich", "Ort privat", "Weiterer Ort", "Arbeitsadresse Stadt", "Privatadresse Stadt",
            "Andere Adr. Stadt", "Wohnort", "Ville", "Ville (bureau)", "Ville (domicile)", "Ciudad",
            "Ciudad de trabajo", "Ciudad del domicilio particular", "Città", "Città (uff.)", "Città (ab.)", "Cidade",
            "Cidade comercial", "Cidade residencial", "Localidade", "Plaats", "Werkadres, plaats", "Huisadres, plaats",
            "Woonplaats", "市区町村 (会社)", "市区町村 (自宅)", "市区町村", "都市",
        ]),
        ("region", [
            "Region", "State", "Province", "State/Province", "Business State", "Home State", "Other State",
            "Work State", "Mailing State", "Billing State", "Address 1 - Region", "State Code", "County",
            "Bundesland", "Region geschäftlich", "Bundesland/Kanton privat", "Weiteres/r Bundesland/Kanton",
            "Arbeitsadresse Bundesland", "Privatadresse Bundesland", "Andere Adr. Bundesland", "Kanton",
            "Département/Région", "État/Province (bureau)", "État/Province (domicile)", "Région", "Provincia",
            "Estado o provincia del trabajo", "Estado o provincia del domicilio particular", "Provincia (uff.)",
            "Provincia (ab.)", "Estado", "Estado comercial", "Estado residencial", "Provincie", "Werkadres, provincie",
            "Huisadres, provincie", "都道府県 (会社)", "都道府県 (自宅)", "都道府県",
        ]),
        ("postal_code", [
            "Postal Code", "Zip", "Zip Code", "ZipCode", "Postcode", "Post Code", "Business Postal Code",
            "Home Postal Code", "Other Postal Code", "Home Zip", "Work Zip", "Home ZipCode", "Work ZipCode",
            "Mailing Zip/Postal Code", "Billing Zip/Postal Code", "Address 1 - Postal Code", "postalCode", "ZIP",
            "PLZ", "Postleitzahl", "Postleitzahl geschäftlich", "Postleitzahl privat", "Weitere Postleitzahl",
            "Arbeitsadresse PLZ", "Privatadresse PLZ", "Andere Adr. PLZ", "Code postal", "Code postal (bureau)",
            "Code postal (domicile)", "Código postal", "Código postal del trabajo",
            "Código postal del domicilio particular", "CAP", "CAP (uff.)", "CAP (ab.)", "Código postal comercial",
            "Código postal residencial", "CEP", "Postcode werk", "Postcode thuis", "Werkadres, postcode",
            "Huisadres, postcode", "郵便番号 (会社)", "郵便番号 (自宅)", "郵便番号",
        ]),
        ("country", [
            "Country", "Country/Region", "Business Country/Region", "Home Country/Region", "Other Country/Region",
            "Address Country", "Country Name", "Work Country", "Home Country", "Mailing Country", "Billing Country",
            "Address 1 - Country", "Country Code", "COUNTRY",
            "Land", "Land/Region geschäftlich", "Land/Region privat", "Weiteres/e Land/Region", "Arbeitsadresse Land",
            "Privatadresse Land", "Andere Adr. Land", "Pays", "Pays/Région", "Pays/Région (bureau)",
            "Pays/Région (domicile)", "País", "País o región del trabajo", "País o región del domicilio particular",
            "Paese", "Paese/Area geografica (uff.)", "Paese/Area geografica (ab.)", "País/Região comercial",
            "País/Região residencial", "Land/regio", "Werkadres, land", "Huisadres, land", "国/地域 (会社)",
            "国/地域 (自宅)", "国/地域", "国",
        ]),
        ("birthday", [
            "Birthday", "Birth Date", "Birthdate", "Date of Birth", "DOB", "birthDate", "Geburtstag", "Geburtsdatum",
            "Anniversaire", "Date de naissance", "Cumpleaños", "Fecha de nacimiento", "Compleanno",
            "Data di nascita", "Aniversário", "Data de nascimento", "Verjaardag", "Geboortedatum", "誕生日",
        ]),
        ("website", [
            "Website", "Web Site", "Web Page", "Web Page 1", "Homepage", "Home Page", "URL", "Web", "Web Address",
            "Website Home Page", "Website Work", "Personal Web Page", "Business Web Page", "Website 1 - Value",
            "Company Website", "Website URL", "websiteUrl", "Webseite", "Internetseite", "Page Web", "Site Web",
            "Página web", "Sitio web", "Pagina Web", "Sito Web", "Página da Web", "Webpagina", "Website (werk)",
            "Web ページ", "ホームページ", "LinkedIn Profile",
        ]),
        ("notes", [
            "Notes", "Note", "Comments", "Comment", "Description", "Remarks", "Notizen", "Notiz", "Bemerkungen",
            "Kommentar", "Commentaires", "Remarques", "Notas", "Comentarios", "Note (ital.)", "Annotazioni",
            "Observações", "Notities", "Opmerkingen", "メモ", "備考",
        ]),
        ("tags", [
            "Tags", "Tag", "Labels", "Label", "Groups", "Group", "Categories", "Category", "Group Membership",
            "Kategorien", "Stichwörter", "Catégories", "Categorías", "Categorie", "Categorias", "Categorieën",
            "分類", "分類項目", "TAGS", "Lists",
        ]),
        ("external_id", [
            "External ID", "ID", "Contact ID", "CRM ID", "Record ID", "Customer ID", "UID", "externalId",
            "Contact Id", "Record Id", "Customer Number", "customernumber", "Kundennummer", "LEID", "EUID",
            "Unique Email ID",
        ]),
    ];

    /// <summary>Phone headers that name a mobile number (preferred as the primary phone).</summary>
    public static IReadOnlyList<string> MobilePhone { get; } =
    [
        "Mobile", "Mobile Phone", "Mobile Number", "Mobile Phone Number", "Mobile No", "Cell", "Cell Phone",
        "Cellular", "Cell Number", "Cell Phone Number", "WhatsApp", "WhatsApp Number", "Home Mobile", "Work Mobile",
        "mobilePhone", "mobile_phone", "Handy", "Mobiltelefon", "Mobiltelefon 2", "Mobilnummer", "Mobil",
        "Téléphone mobile", "Portable", "Mobile (portable)", "Teléfono móvil", "Móvil", "Celular", "Cellulare",
        "Telefono cellulare", "Telemóvel", "Telefone celular", "Mobiele telefoon", "Mobiel", "携帯電話", "携帯",
        "cp_mobile1", "cp_mobile2",
    ];
}
