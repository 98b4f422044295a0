namespace ContactImport.Tests.Reading;

/// <summary>
/// What each real vCard in real-files/vcf/ must yield, written from reading the files byte by byte: per card its
/// BEGIN line and every non-empty column (<c>header=value</c>; <c>header^=prefix</c> for long texts). Notable
/// choices: The Bat!'s QP byte <c>=F1</c> has no CHARSET and reads as Windows-1252 "ñ" (the tool meant
/// Windows-1250 "ń"; nothing in the file says so); placeholder phones such as "+49 MOBIL" are rows' values here
/// and the mapping decides whether they are valid; PHOTO, SOUND (Japanese name readings) and KEY data is skipped.
/// </summary>
internal static class VCardRealFileExpectations
{
    public sealed record Card(long Line, (string Column, string Value, bool Prefix)[] Values);

    public static readonly Dictionary<string, Card[]> Cards = new()
    {
        ["aosp_v21_adr_multiple_line.vcf"] =
        [
            Row(1, "last_name=bogus", "street=Grindelberg 999", "city=Hamburg", "postal_code=99999",
                "country=Deutschland", "birthday=2008-12-03", "website=http://bogus.com/",
                "ADR=home: Hermann v. Brevern 9999999 Packstation 999, Hamburg, 99999, Deutschland"),
        ],
        ["aosp_v21_blackberry_photo.vcf"] =
        [
            Row(1, "full_name=boogie", "last_name=boogie", "email=forrestgump@walladalla.com", "phone=+5555556",
                "phone 2=+5555555"),
        ],
        ["aosp_v21_complicated.vcf"] =
        [
            Row(1, "full_name=Joe Due", "first_name=Forrest", "last_name=Gump", "email=forrestgump@walladalla.com",
                "email 2=cell@example.com", "phone=0311111111", "phone 2=(111) 555-1212", "phone 3=(404) 555-1212",
                "phone 4=0322222222", "phone 5=0333333333", "company=Gump Shrimp Co.", "job_title=Shrimp Man",
                "street=100 Waters Edge", "city=Baytown", "region=LA", "postal_code=30314",
                "country=United States of America", "birthday=1980-01-01", "website=http://www.example.com/",
                "notes=The following note is the example from RFC 2045.\nNow's the time for all folk to come to the aid of their country.",
                "middle_name=Hoge", "name_prefix=Pos", "name_suffix=Tao",
                "department=Sales Dept.;Manager, Fish keeper", "vCard ROLE=Fish Cake Keeper!", "X-CLASS=PUBLIC",
                "vCard LABEL^=work: 100 Waters Edge\nBaytown, LA 30314\n", "X-ATTRIBUTE=Some String",
                "GEO=35.6563854,139.6994233",
                "ADR=home: 42 Plantation St., Baytown, LA, 30314, United States of America"),
        ],
        ["aosp_v21_japanese_2.vcf"] =
        [
            Row(1, "full_name=安藤 ロイド 1", "first_name=ロイド1", "last_name=安藤", "street=東京都渋谷区桜丘町26-1セルリアンタワー6階",
                "postal_code=150-8512", "notes=メモ"),
        ],
        ["aosp_v21_multiple_entry.vcf"] =
        [
            Row(1, "last_name=安藤ロイド3", "phone=9", "phone 2=10", "phone 3=11", "phone 4=12"),
            Row(12, "last_name=安藤ロイド4", "phone=13", "phone 2=14", "phone 3=15", "phone 4=16"),
            Row(23, "last_name=安藤ロイド5", "phone=17", "phone 2=18", "phone 3=19", "phone 4=20"),
        ],
        ["aosp_v21_winmo_65.vcf"] =
        [
            Row(1, "full_name=Example", "last_name=Example", "ANNIVERSARY=20091010",
                "AGENT=Invalid line which must be handled correctly.", "X-CLASS=PUBLIC"),
        ],
        ["aosp_v21_x_android_custom_after_photo.vcf"] =
        [
            Row(1, "first_name=Roid", "last_name=Ando", "birthday=1975-08-20",
                "X-ANDROID-CUSTOM=vnd.android.cursor.item/contact_event;1999-07-10;1;;;;;;;;;;;;;"),
        ],
        ["aosp_v30_ios_613_multiline.vcf"] =
        [
            Row(1, "full_name=Bob Smith", "first_name=Bob", "last_name=Smith", "email=bob@smithauto.com",
                "phone=(650) 555-1212", "company=Smith Auto Repair", "website=www.smithauto.com"),
        ],
        ["aosp_v40_sort_as.vcf"] =
        [
            Row(1, "full_name=安藤 ロイド", "first_name=ロイド", "last_name=安藤", "company=グーグル", "department=検索部門"),
        ],
        ["apple-addressbook-v30-photo_roundcube_apple.vcf"] =
        [
            Row(1, "full_name=Apple Computer AG", "company=Apple Computer AG", "street=Birgistrasse 4a",
                "city=Wallisellen-Zürich", "postal_code=8304", "country=Switzerland", "website=http://www.apple.ch",
                "X-ABSHOWAS=COMPANY", "X-ABUID=2E4CB084-4767-4C85-BBCA-805B1DCB1C8E:ABPerson"),
        ],
        ["apple-v30-utf16be_roundcube_utf-16_sample.vcf"] =
        [
            Row(1, "full_name=Ǽgean ĽdaMonté", "first_name=Ǽgean", "last_name=ĽdaMonté", "street=169 Mária Canal",
                "city=LaPaz", "region=Conceptión", "postal_code=245-876", "country=Perú",
                "X-ABUID=DC88726E-3E31-4B75-AEB5-C51BC6326779:ABPerson"),
        ],
        ["broken-label-latin1_tine_HerrFalkMuenchen.vcf"] =
        [
            Row(1, "full_name=München, Falk", "first_name=Falk", "last_name=München",
                "email=falk.muenchoen@landtag.xyz.de", "phone=0171-9394461", "phone 2=12212/1212",
                "job_title=Landtagsabgeordneter", "street=Klippe 58", "city=Bad Vilbel", "postal_code=21255",
                "website=http://falk-muenchoen.de", "ADR=work: Platz der Republik 1, Düsseldorf, 40222"),
        ],
        ["emclient-v30_tine_emclient_addressbook.vcf"] =
        [
            Row(1, "full_name=Prefix Vor Nach Suffix", "first_name=Vor", "last_name=Nach", "email=business@email.de",
                "email 2=privat@email.de", "phone=+49 MOBIL", "phone 2=+49 PRIVAT", "phone 3=+49 MOBIL2",
                "phone 4=+49 FAX", "phone 5=+49 PRIVATFAX", "phone 6=+49 BUSINESS", "company=Firma",
                "job_title=Position", "street=Address Business", "city=City Business", "postal_code=12345",
                "country=COUNTRY BUSINESS", "birthday=1950-01-26", "website=www.business.de",
                "notes=Notes\nwith\nbreaks", "external_id=b41b1529-bfd2-437f-b441-19dc97b44d11", "name_prefix=Prefix",
                "department=Abteilung", "SORT-STRING=Nach, Vor",
                "ADR=home: Address Privat, City Privat, 98765, COUNTRY PRIVAT"),
        ],
        ["ezvcard_John_Doe_ANDROID.vcf"] =
        [
            Row(1, "email=john.doe@company.com", "tags=My Contacts"),
            Row(6, "email=jane.doe@company.com", "tags=My Contacts"),
            Row(11, "full_name=Ñ Ñ Ñ Ñ Ñ", "last_name=Ñ Ñ Ñ Ñ", "phone=123456789", "tags=My Contacts"),
            Row(18, "full_name=Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "last_name=Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "phone=123456",
                "phone 2=234567", "phone 3=3456789", "phone 4=45678901",
                "notes=Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ \nÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ ",
                "tags=My Contacts"),
            Row(36, "full_name=Ñ Ñ Ñ Ñ", "first_name=Ñ Ñ Ñ", "last_name=Ñ Ñ", "email=bob@company.com",
                "email 2=ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ", "phone=123456", "phone 2=123456", "phone 3=123456", "company=ÑÑÑÑÑÑÑÑÑÑÑÑ",
                "website=www.company.com", "ORG=ÑÑÑÑÑÑÑÑÑÑÑÑ", "vCard URL=http://www.company.com"),
            Row(71, "full_name=ÑÑÑÑ", "last_name=ÑÑÑÑ", "email=henry@company.com", "phone=55556666",
                "company=ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ", "tags=My Contacts",
                "ORG=ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ\uFFFD\nÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ"),
        ],
        ["ezvcard_John_Doe_BLACK_BERRY.vcf"] =
        [
            Row(1, "full_name=John Doe", "first_name=john", "last_name=Doe", "phone=+96123456789",
                "company=Acme Solutions"),
        ],
        ["ezvcard_John_Doe_EVOLUTION.vcf"] =
        [
            Row(1, "full_name=Mr. John Richter, James Doe Sr.", "first_name=John", "last_name=Doe",
                "email=john.doe@ibm.com", "phone=905-666-1234", "phone 2=905-555-1234", "company=IBM",
                "job_title=Money Counter", "street=15 Crescent moon drive\nASB-123", "city=Albaney", "region=New York",
                "postal_code=12345", "country=United States of America", "birthday=1980-03-22",
                "website=http://www.ibm.com", "notes^=THIS SOFTWARE IS PROVIDED BY THE COPYRIG", "tags=VIP",
                "external_id=477343c8e6bf375a9bac1f96a5000837", "middle_name=Richter, James", "name_prefix=Mr.",
                "name_suffix=Sr.", "department=Accounting, Dungeon",
                "X-COUCHDB-APPLICATION-ANNOTATIONS={\"Evolution\":{\"revision\":\"2012-03-05T13:32:54Z\"}}",
                "X-AIM=home: johnny5@aol.com", "X-EVOLUTION-FILE-AS=Doe, John", "NICKNAME=Johny",
                "X-EVOLUTION-SPOUSE=Maria", "X-EVOLUTION-MANAGER=Big Blue", "X-EVOLUTION-ASSISTANT=Little Red",
                "X-EVOLUTION-ANNIVERSARY=1980-03-22"),
        ],
        ["ezvcard_John_Doe_GMAIL.vcf"] =
        [
            Row(1, "full_name=Mr. John Richter, James Doe Sr.", "first_name=John", "last_name=Doe",
                "email=john.doe@ibm.com", "phone=905-555-1234", "phone 2=905-666-1234", "company=IBM",
                "job_title=Money Counter",
                "street=Crescent moon drive\n555-asd\nNice Area, Albaney, New York 12345\nUnited States of America",
                "birthday=1980-03-22", "website=http://www.ibm.com", "notes^=THIS SOFTWARE IS PROVIDED BY THE COPYRIG",
                "middle_name=Richter, James", "name_prefix=Mr.", "name_suffix=Sr.", "X-PHONETIC-FIRST-NAME=Jon",
                "X-PHONETIC-LAST-NAME=Dow", "X-ABDATE=Anniversary: 1975-03-01", "X-ABRELATEDNAMES=Spouse: Jenny"),
        ],
        ["ezvcard_John_Doe_IPHONE.vcf"] =
        [
            Row(1, "full_name=Mr. John Richter James Doe Sr.", "first_name=John", "last_name=Doe",
                "email=john.doe@ibm.com", "phone=905-555-1234", "phone 2=905-666-1234", "phone 3=905-777-1234",
                "phone 4=905-888-1234", "phone 5=905-999-1234", "phone 6=905-111-1234", "phone 7=905-222-1234",
                "company=IBM", "job_title=Money Counter", "street=Silicon Alley 5,", "city=New York",
                "region=New York", "postal_code=12345", "country=United States of America", "birthday=2012-06-06",
                "website=http://www.ibm.com", "middle_name=Richter,James", "name_prefix=Mr.", "name_suffix=Sr.",
                "department=Accounting", "NICKNAME=Johny",
                "ADR=work: Street4 Building 6 Floor 8, New York, 12345, USA"),
        ],
        ["ezvcard_John_Doe_LOTUS_NOTES.vcf"] =
        [
            Row(1, "full_name=Mr. Doe John I Johny", "first_name=John", "last_name=Doe", "email=john.doe@ibm.com",
                "email 2=billy_bob@gmail.com", "phone=+1 (212) 204-34456", "phone 2=00-1-212-555-7777", "company=IBM",
                "job_title=Generic Accountant", "street=25334\nSouth cresent drive, Building 5, 3rd floo r",
                "city=New York", "region=New York", "postal_code=NYC887", "country=U.S.A.", "birthday=1980-05-21",
                "website=http://www.sun.com", "notes^=THIS SOFTWARE IS PROVIDED BY THE COPYRIG",
                "external_id=0e7602cc-443e-4b82-b4b1-90f62f99a199", "middle_name=Johny", "name_prefix=Mr.",
                "name_suffix=I", "department=SUN", "NICKNAME=Johny,JayJay",
                "X-ABUID=0E7602CC-443E-4B82-B4B1-90F62F99A199:ABPerson", "GEO=-2.600000;3.400000", "CLASS=Public",
                "PROFILE=VCard", "TZ=1:00",
                "vCard LABEL=home,parcel: John Doe\nNew York, NewYork,\nSouth Crecent Dr ive,\nBuilding 5, floor 3,\nUSA",
                "SORT-STRING=JOHN", "vCard ROLE=Counting Money", "X-GENERATOR=Cardme Generator", "SOURCE=Whatever",
                "MAILER=Mozilla Thunderbird", "vCard NAME=VCard for John Doe",
                "X-LONG-STRING=12345678901234567890123456789012345678901234567890123456789012 34567890123456789012345678901234567890"),
        ],
        ["ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf"] =
        [
            Row(1, "full_name=Mr. John Richter,James Doe Sr.", "first_name=John", "last_name=Doe",
                "email=john.doe@ibm.com", "phone=905-555-1234", "phone 2=905-777-1234", "phone 3=905-666-1234",
                "phone 4=905-888-1234", "phone 5=905-999-1234", "phone 6=905-111-1234", "phone 7=905-222-1234",
                "company=IBM", "job_title=Money Counter", "street=Silicon Alley 5,", "city=New York",
                "region=New York", "postal_code=12345", "country=United States of America", "birthday=2012-06-06",
                "website=http://www.ibm.com", "notes^=THIS SOFTWARE IS PROVIDED BY THE COPYRIG",
                "middle_name=Richter,James", "name_prefix=Mr.", "name_suffix=Sr.", "department=Accounting",
                "NICKNAME=Johny", "X-PHONETIC-FIRST-NAME=Jon", "X-PHONETIC-LAST-NAME=Dow",
                "X-ABRELATEDNAMES=Spouse: Jenny", "X-ABUID=6B29A774-D124-4822-B8D0-2780EC117F60:ABPerson",
                "ADR=work: Street4 Building 6 Floor 8, New York, 12345, USA"),
        ],
        ["ezvcard_John_Doe_MS_OUTLOOK.vcf"] =
        [
            Row(1, "full_name=Mr. John Richter James Doe Sr.", "first_name=John", "last_name=Doe",
                "email=john.doe@ibm.cm", "phone=(905) 555-1234", "phone 2=(905) 666-1234", "company=IBM",
                "job_title=Money Counter", "street=Cresent moon drive", "city=Albaney", "region=New York",
                "postal_code=12345", "country=United States of America", "birthday=1980-03-22",
                "website=http://www.ibm.com", "notes^=THIS SOFTWARE IS PROVIDED BY GEORGE EL-H",
                "middle_name=Richter,James", "name_prefix=Mr.", "name_suffix=Sr.", "department=Accounting",
                "NICKNAME=Johny",
                "vCard LABEL=work: Cresent moon drive\nAlbaney, New York  12345\nhome: Silicon Alley 5,\nNew York, New York  12345",
                "X-MS-OL-DEFAULT-POSTAL-ADDRESS=2", "vCard ROLE=Counting Money", "X-MS-ANNIVERSARY=20110113",
                "X-MS-IMADDRESS=johny5@aol.com", "X-MS-MANAGER=Big Blue", "X-MS-ASSISTANT=Jenny",
                "ADR=home: Silicon Alley 5,, New York, New York, 12345, United States of America"),
        ],
        ["ezvcard_gmail-list.vcf"] =
        [
            Row(1, "full_name=Arnold Smith", "first_name=Arnold", "last_name=Smith", "email=asmithk@gmail.com"),
            Row(7, "full_name=Chris Beatle", "first_name=Chris", "last_name=Beatle", "email=chrisy55d@yahoo.com"),
            Row(13, "full_name=Doug White", "first_name=Doug", "last_name=White", "email=dwhite@gmail.com"),
        ],
        ["ezvcard_gmail-single.vcf"] =
        [
            Row(1, "full_name=Greg Dartmouth", "first_name=Greg", "last_name=Dartmouth",
                "email=gdartmouth@hotmail.com", "phone=555 555 1111", "phone 2=555 555 2222", "company=TheCompany",
                "job_title=TheJobTitle", "street=123 Home St\nHome City, HM 12345", "birthday=1960-09-10",
                "website=http://TheProfile.com",
                "notes=This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField",
                "NICKNAME=Gman", "X-PHONETIC-FIRST-NAME=Grregg", "X-PHONETIC-LAST-NAME=Dart-mowth", "X-ICQ=123456789",
                "X-ABDATE=Anniversary: 1970-06-02", "X-ABRELATEDNAMES=Spouse: MySpouse\nCustomRelationship: MyCustom",
                "ADR=CustomAdrType: 321 Custom St, Custom City, TX, 98765, USA"),
        ],
        ["ezvcard_gmail-single2.vcf"] =
        [
            Row(1, "full_name=VCard Test", "first_name=VCard", "last_name=Test", "email=email@example.com",
                "email 2=homeemail@example.com", "email 3=workemail@example.com", "email 4=otheremail@example.com",
                "email 5=customcategory@example.com", "phone=5555551115", "phone 2=5555551111", "phone 3=5555551112",
                "phone 4=5555551113", "phone 5=5555551114", "phone 6=5555551116", "phone 7=5555551117",
                "phone 8=5555551118", "phone 9=5555551119", "phone 10=5555551120", "phone 11=5555551121",
                "company=TheCompany", "job_title=TheJobTitle", "street=111 Main St", "city=NY", "region=New York",
                "postal_code=10011", "birthday=1912-06-23", "website=http://www.example1.com",
                "notes=note line 1\nnote line 2\nCustomField: field value", "NICKNAME=TheNickname",
                "X-PHONETIC-FIRST-NAME=ThePhoneticFirstName", "X-PHONETIC-LAST-NAME=ThePhoneticLastName",
                "X-GTALK=IM2", "X-AIM=IM3", "X-YAHOO=IM4", "X-SKYPE=IM5", "X-QQ=IM6", "X-MSN=IM7", "X-ICQ=IM8",
                "X-JABBER=IM9", "X-ABDATE=Anniversary: 1930-03-20\n1776-07-04\nCustomDateCategory: 2000-09-12",
                "X-ABRELATEDNAMES^=Name1\nSpouse: Name2\nChild: Name3\nMother:",
                "ADR^=home: 112 Main St, NY, New York, 10011\nw", "vCard URL^=PROFILE: http://www.example2.com\nBLOG: h"),
        ],
        ["ezvcard_outlook-2003.vcf"] =
        [
            Row(1, "full_name=John Doe III", "first_name=John", "last_name=Doe", "email=jdoe@hotmail.com",
                "phone=MobilePhone", "phone 2=BusinessPhone", "phone 3=HomePhone", "phone 4=BusinessFaxPhone",
                "company=Company, The", "job_title=The Job Title", "street=123 Main St\nTheOffice", "city=Austin",
                "region=TX", "postal_code=12345", "country=United States of America", "birthday=1980-03-21",
                "website=http://web-page-address.com",
                "notes=This is the note field!!\nSecond line\n\nThird line is empty\n", "name_prefix=Mr.",
                "name_suffix=III", "department=TheDepartment", "NICKNAME=Joey",
                "vCard LABEL=work: TheOffice\n123 Main St\nAustin, TX 12345\nUnited States of America",
                "vCard ROLE=TheProfession", "FBURL=????????????????s????????????"),
        ],
        ["ezvcard_outlook-2007.vcf"] =
        [
            Row(1, "full_name=Mr. Michael Angstadt Jr.", "first_name=Michael", "last_name=Angstadt",
                "email=mike.angstadt@gmail.com", "phone=(111) 555-4444", "phone 2=(111) 555-1111",
                "phone 3=(111) 555-2222", "phone 4=(111) 555-3333", "company=TheCompany", "job_title=TheJobTitle",
                "street=222 Broadway\nTheOffice", "city=New York", "region=NY", "postal_code=99999", "country=USA",
                "birthday=1922-03-10", "website=http://mikeangstadt.name",
                "notes^=This is the NOTE field\t\nI assume it enco", "name_prefix=Mr.", "name_suffix=Jr.",
                "department=TheDepartment", "NICKNAME=Mike", "X-MS-TEL=callback: (111) 555-4444",
                "vCard LABEL=work: 222 Broadway\nNew York, NY 99999\nUSA", "X-MS-OL-DEFAULT-POSTAL-ADDRESS=2",
                "vCard ROLE=TheProfession", "X-MS-ANNIVERSARY=20120801", "X-MS-IMADDRESS=im@aim.com",
                "X-MS-MANAGER=TheManagerName", "X-MS-ASSISTANT=TheAssistantName", "X-MS-SPOUSE=TheSpouse",
                "FBURL=http://website.com/mycal", "vCard URL=work: http://mikeangstadt.name"),
        ],
        ["ezvcard_rfc2426-example.vcf"] =
        [
            Row(1, "full_name=Frank Dawson", "email=Frank_Dawson@Lotus.com", "email 2=fdawson@earthlink.net",
                "phone=+1-919-676-9515", "phone 2=+1-919-676-9564", "company=Lotus Development Corporation",
                "street=6544 Battleford Drive", "city=Raleigh", "region=NC", "postal_code=27613-3502",
                "country=U.S.A.", "website=http://home.earthlink.net/~fdawson"),
            Row(13, "full_name=Tim Howes", "email=howes@netscape.com", "phone=+1-415-937-3419",
                "phone 2=+1-415-528-4164", "company=Netscape Communications Corp.", "street=501 E. Middlefield Rd.",
                "city=Mountain View", "region=CA", "postal_code=94043", "country=U.S.A."),
        ],
        ["ezvcard_rfc6350-example.vcf"] =
        [
            Row(1, "full_name=Simon Perreault", "first_name=Simon", "last_name=Perreault",
                "email=simon.perreault@viagenie.ca", "phone=+1-418-262-6501", "phone 2=+1-418-656-9254 ext. 102",
                "company=Viagenie", "street=2875 Laurier\nSuite D2-630", "city=Quebec", "region=QC",
                "postal_code=G1V 2M2", "country=Canada", "birthday=--02-03", "website=http://nomis80.org",
                "name_suffix=ing. jr,M.Sc.", "ANNIVERSARY=20090808T1430-0500", "GENDER=M", "LANG=fr\nen",
                "GEO=work: geo:46.772673,-71.282945", "TZ=-0500"),
        ],
        ["ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf"] =
        [
            Row(1, "full_name=John Doe", "first_name=John", "last_name=Doe", "email=doe.john@hotmail.com",
                "email 2=additional-email@company.com", "email 3=additional-email1@company.com",
                "email 4=additional-email2@company.com", "email 5=additional-email3@company.com", "phone=555-555-5555",
                "phone 2=555-555-1111", "phone 3=555-555-2222", "phone 4=555-555-3333", "phone 5=555-555-4444",
                "company=TheOrganization", "job_title=TheTitle", "street=Suite 100\n222 Broadway", "city=New York",
                "region=NY", "postal_code=98765", "country=USA", "birthday=1970-09-21",
                "website=http://www.private-webpage.com",
                "notes=This is the notes field.\nSecond Line\n\nFourth Line\nYou can put anything in the \"note\" field; even curse words.",
                "tags=category1, category2, category3", "department=TheDepartment", "NICKNAME=Johnny",
                "X-SPOUSE=TheSpouse", "X-ANNIVERSARY=1990-04-30",
                "ADR=home,postal: Apt 10 123 Main St, Austin, TX, 12345, USA", "vCard URL=work: http://www.work-webpage.com"),
        ],
        ["ios5-v30_tine_ios_5_addressbook.vcf"] =
        [
            Row(1, "full_name=Titel AAASync AAASync", "first_name=Lars", "last_name=Kneschke",
                "email=lars@kneschke.de", "email 2=l.kneschke@metaways.de", "email 3=andere@mail.de",
                "phone=+49 MOBIL", "phone 2=Tel Iphone", "phone 3=+49 PRIVAT", "phone 4=+49 BUSINESS",
                "phone 5=zentrale", "phone 6=+49 FAX PRIVAT", "phone 7=+49 FAX", "phone 8=anderesfax",
                "phone 9=+49 PAGER", "company=Organisation", "job_title=Team Leader", "street=Address Privat 1",
                "city=City Privat", "postal_code=12345", "country=COUNTRY PRIVAT", "website=www.heise.de",
                "notes=Notes\nwith\nLine Break", "external_id=20485418136d9bfbe50cecb587cb12afb0a0cec9",
                "middle_name=Paul", "name_prefix=Prefix", "name_suffix=Suffix", "department=Department",
                "ADR=work: Pickhuben 2, Hamburg, 20457, COUNTRY BUSINESS",
                "vCard URL=home: www.private.de\nwork: www.work.de"),
        ],
        ["macosx-v30-xablabel_tine_mac_os_x_addressbook.vcf"] =
        [
            Row(1, "full_name=Vorname Nachname", "first_name=Lars", "last_name=Kneschke",
                "email=l.kneschke@metaways.de", "email 2=lars@kneschke.de", "email 3=email other",
                "email 4=email other", "phone=+49 MOBIL", "phone 2=+49 BUSINESS", "phone 3=+49 PRIVAT",
                "phone 4=Tel Iphone", "phone 5=Tel Zentrale", "phone 6=+49 FAX PRIVAT", "phone 7=+49 FAX",
                "phone 8=+49 PAGER", "phone 9=Tel other", "phone 10=Tel other", "company=ORGANI,SATION",
                "street=Address Business 1", "city=City Business", "postal_code=12345", "country=COUNTRY BUSINESS",
                "notes=Notes\nwith\nLine Break and , and ; yeah!", "external_id=2d935ec3-c22d-4aa5-aa80-66ea39bd9703",
                "department=UN;IT",
                "X-AIM=work: Messenger Work (AIM)\nhome: Messenger Private (AIM)\nOther: Messenger Other (AIM)",
                "IMPP=work: aim:Messenger%20Work%20(AIM)\nhome: aim:Messenger%20Private%20(AIM)\nOther: aim:Messenger%20Other%20(AIM)",
                "X-ABRELATEDNAMES^=Friend: Kontakt?\nAssistant: Assistent?\nF",
                "ADR=home: Address Privat 1, City Privat, 12345, COUNTRY PRIVAT\nother: andere sta..e, andere stan..e, andere plz, andere land"),
        ],
        ["multi-card-encoding-preamble_tine_contacts.vcf"] =
        [
            Row(2, "full_name=alex spass", "first_name=alex", "last_name=spass", "email=alex@spass.net",
                "phone=+4913232153769", "phone 2=+49732121258035", "street=Eisenhüttenstraße 723",
                "city=Eisenhüttenstadt", "postal_code=23139", "website=http://www.vcard.de", "notes=mitbewohner"),
            Row(13, "full_name=jan gerber", "first_name=jan", "last_name=gerber", "email=gerber.jan@web.de",
                "email 2=gerber@home.org", "phone=0123233838592"),
        ],
        ["outlook-webdavcollaborator-v30_tine_WebDAVCollaborator.vcf"] =
        [
            Row(1, "full_name=Nachname;  salutation Vorname Middle name suffix", "first_name=Vorname",
                "last_name=Nachname", "email=mail@example.com", "email 2=mail2@example.com",
                "email 3=mail3@example.com", "phone=+49 (040) 12345 - 3", "phone 2=+49 (040) 12345 - 0",
                "phone 3=+49 (040) 12345 - 1", "phone 4=+49 (040) 12345 - 2", "company=Firma", "job_title=Position",
                "street=business street 2\nOffice", "city=businesscity", "region=businessarea", "postal_code=45734",
                "country=Deutschland", "birthday=1980-08-09", "website=websi.te", "notes=Nots \nWith \nLine\nBreaks\n",
                "external_id=93e1e937b15c5df61fb87348861855e692640ef3", "middle_name=Middle", "name_prefix=salutation",
                "name_suffix=name suffix", "department=department", "NICKNAME=nickname", "vCard ROLE=job description",
                "AGENT=BEGIN:VCARD\nVERSION:3.0\nFN:assistent\nN:assistent\nEND:VCARD", "X-OUTLOOK-INITIALS=V.M.N.",
                "OFFICE=office", "X-OUTLOOK-OFFICE-LOCATION=office", "ASSNAME=assistent", "MANNAME=boss",
                "X-OUTLOOK-MANAGER-NAME=boss", "SPOUSNAME=partner", "X-OUTLOOK-SPOUSE-NAME=partner",
                "ANNIVERSARY=2013-08-16", "X-OUTLOOK-WEDDING-ANNIVERSARY=2013-08-16",
                "X-OUTLOOK-EMAIL-DISPLAY=Nachname, Vorname (mail@example.com)", "X-OUTLOOK-EMAIL-FLAG=32769",
                "X-OUTLOOK-EMAIL-2=mail2@example.com",
                "X-OUTLOOK-EMAIL-2-DISPLAY=Vorname Middle Nachname name suffix (mail2@example.com)",
                "X-OUTLOOK-EMAIL-3=mail3@example.com",
                "X-OUTLOOK-EMAIL-3-DISPLAY=Vorname Middle Nachname name suffix (mail3@example.com)",
                "X-OUTLOOK-CREATE-TIME=20130826T102228Z",
                "ADR=home: private street 44, private cyty, private area, 44322, Deutschland"),
        ],
        ["sogo-connector-v30_tine_sogo_connector.vcf"] =
        [
            Row(1, "full_name=Lars Kneschke", "first_name=Lars", "last_name=Kneschke", "email=l.kneschke@metaways.de",
                "email 2=lars@kneschke.de", "phone=+49 MOBIL", "phone 2=+49 BUSINESS", "phone 3=+49 PRIVAT",
                "phone 4=+49 FAX", "phone 5=+49 PAGER", "company=Organisation", "job_title=Titel",
                "street=Address Business 1\nAddress Business 2", "city=City Business", "region=Region Business",
                "postal_code=12345", "country=Country Business", "birthday=1975-01-16",
                "website=http://www.tine20.com", "notes=Notes\nwith\nLine Break", "tags=CATEGORY 1, CATEGORY 2",
                "external_id=0134ac4e9974ee39937eb08659f774e4c6d6f061.vcf", "department=Business Unit",
                "X-MOZILLA-HTML=FALSE",
                "ADR=home: Address Privat 1 Address Privat 2, City Privat, Region Privat, 12345, Country Privat",
                "vCard URL=home: http://www.tine20.org"),
        ],
        ["telefonbuch-v21_tine_telefonbuch.vcf"] =
        [
            Row(1, "full_name=Michael", "last_name=Spahn", "email=m.spahn@metaways.de", "phone=040 12345",
                "street=Teststraße 1", "city=Hamburg", "postal_code=12345", "website=http://michaelspahn.de"),
        ],
        ["thebat-v21-qp-8bit_roundcube_thebat.vcf"] =
        [
            Row(1, "full_name=Piotr Iksiñski", "first_name=Piotr", "last_name=Iksiñski",
                "email=piotr.iksinski@somedomain.com", "X-GENDER=Male"),
        ],
        ["thunderbird-v30-photo-binary-jpeg_tb.vcf"] =
        [
            Row(1, "full_name=Binary JPEG",
                "notes=This v3.0 card has a JPEG photo as binary data and binary valuetype."),
        ],
        ["thunderbird-v40-export_tb_export.vcf"] =
        [
            Row(1, "full_name=contact number one", "first_name=contact", "last_name=one", "email=contact1@invalid",
                "external_id=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
            Row(8, "full_name=contact number two", "first_name=contact", "last_name=two", "email=contact2@invalid",
                "job_title=\"worker\"", "notes=here's some unicode text…",
                "external_id=yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", "X-CUSTOM1=custom, 1", "X-CUSTOM2=custom\t2",
                "X-CUSTOM3=custom\n3", "X-CUSTOM4=custom\n4"),
        ],
        ["thunderbird-v40-photo-datauri-png_tb.vcf"] =
        [
            Row(1, "full_name=URI PNG, version 4.0",
                "notes=This v4.0 card has a PNG photo as a URI and URI valuetype."),
        ],
        ["v21-charset-windows1252_roundcube_johndoe.vcf"] =
        [
            Row(1, "full_name=John Doë", "first_name=John", "last_name=Doë", "email=roundcube@gmail.com",
                "email 2=inbox@roundcube.net", "phone=+987654321", "phone 2=+123456789", "company=roundcube.net",
                "street=The street", "city=Hometown", "postal_code=5555", "country=Cayman Islands",
                "notes=The notes..."),
        ],
        ["v21-leading-blank-lines_tb_emptylines.vcf"] =
        [
            Row(3, "full_name=John Doe", "first_name=John", "last_name=Doe", "email=john.doe@genericemail.invalid"),
            Row(11, "full_name=Jane Doe", "first_name=Jane", "last_name=Doe", "email=jane.doe@genericemail.invalid"),
        ],
        ["v30-crcrlf_tb_dos_vcard_addressbook.vcf"] =
        [
            Row(1, "full_name=Name Surname", "first_name=Name", "last_name=Surname", "email=example@gmail.com"),
        ],
        ["v30-photo-base64-folded_tine_jan.vcf"] =
        [
            Row(1, "full_name=jan gerber", "first_name=jan", "last_name=gerber", "email=jan@web.de",
                "email 2=jan@home.org", "phone=0123233838592"),
        ],
        ["v30-photo-encoding-b_roundcube_photo.vcf"] =
        [
            Row(1, "full_name=Apple Computer AG", "first_name=Jörg", "last_name=Müller", "company=Apple Computer AG",
                "X-ABSHOWAS=COMPANY", "X-ABUID=2E4CB084-4767-4C85-BBCA-805B1DCB1C8E:ABPerson"),
        ],
    };

    private static Card Row(long line, params string[] values) =>
        new(line, values.Select(Parse).ToArray());

    private static (string, string, bool) Parse(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        var prefix = eq > 0 && pair[eq - 1] == '^';
        return (pair[..(prefix ? eq - 1 : eq)], pair[(eq + 1)..], prefix);
    }
}
