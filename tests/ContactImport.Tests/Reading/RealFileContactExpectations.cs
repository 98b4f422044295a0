namespace ContactImport.Tests.Reading;

/// <summary>
/// What each real file yields under the lenient rule with the default country US (see
/// <see cref="RealFileContactsTests.Summarize"/> for the line format): every row with a valid e-mail, phone or external
/// id imports, its other invalid values (mostly national numbers of another country, placeholders such as "pager" or
/// "+49 MOBIL", unreadable birthdays) are warnings. The rows that fail hold no key at all, as their reason says:
/// Thunderbird's test exports use addresses without a dotted domain (<c>user@host</c>), several vCards carry only a
/// name, an address or a short test number, and LinkedIn's file is its header only.
/// </summary>
internal static class RealFileContactExpectations
{
    public static readonly Dictionary<string, string[]> Files = new()
    {
        ["csv/apple-addressbook-tab-german_tine_adb_mac_import.csv"] =
        [
            "row 1: max@muster.de [warnings: Geburtstag]",
        ],
        ["csv/generic-bom_roundcube_all.csv"] =
        [
            "row 1: home@example.com [warnings: Website Home Page, Website Work, Home Mobile, Home Phone, Home Phone 2, Business Phone, Business Phone 2, Primary Phone, Car Phone, Other Phone]",
        ],
        ["csv/google-legacy_roundcube_gmail.csv"] =
        [
            "row 1: home@aaa.pl [warnings: Phone 1 - Value, Phone 2 - Value, Phone 3 - Value, Phone 4 - Value, Phone 5 - Value, Phone 6 - Value, Phone 7 - Value]",
        ],
        ["csv/linkedin-connections_HEADER-ONLY_JasonToups.csv"] =
        [
            "fatal: The file has a header line (line 4, after 3 lines before it) but no data rows.",
        ],
        ["csv/lxoffice-erp-export_tine_importtest_lxoffice2.csv"] =
        [
            "row 1: 73029 [warnings: phone]",
            "row 2: 72810 [warnings: phone]",
            "row 3: 72911",
            "row 4: 73222 [warnings: phone]",
            "row 5: jr@schwimmbad-und-mehr.de [warnings: email, cp_mobile1, phone]",
            "row 6: 72811 [warnings: phone]",
        ],
        ["csv/outlook-emailcols_roundcube_outlook.csv"] =
        [
            "row 1: test1@domain.tld",
        ],
        ["csv/outlook2007-german-mojibake-fffd_tine_adb_outlook2007_default_de.csv"] =
        [
            "row 1: +4983242332 [warnings: Geburtstag]",
            "row 2: email@example.org [warnings: Geburtstag, Mobiltelefon, Mobiltelefon 2, Telefon gesch\uFFFDftlich, Autotelefon, Telefon privat]",
        ],
        ["csv/outlook2013-german-cp1252_tine_importtest_outlook2013.csv"] =
        [
            "row 1: c.baumann@unittest.de [warnings: Geburtstag]",
            "row 2: c.weiss@unittest.de [warnings: Geburtstag, Mobiltelefon, Telefon geschäftlich, Telefon (privat)]",
        ],
        ["csv/semicolon-cp1252_tine_importtest_win1252.csv"] =
        [
            "row 1: peter.pan@ecologic.eu",
            "row 2: maja.biene@bienenstock.de",
            "row 3: oezdemir@ueglue.tu",
            "row 4: c.weiss@metaways.de",
        ],
        ["csv/semicolon_tb_csv_semicolon.csv"] =
        [
            "row 1: john@doe.invalid",
            "row 2: jane@doe.invalid",
        ],
        ["csv/thunderbird-export-tab-separated_tb_export.txt"] =
        [
            "row 1: fails: invalid e-mail: the domain has no dot; the row has no other key (a valid e-mail, a valid phone or an external id)",
            "row 2: fails: invalid e-mail: the domain has no dot; the row has no other key (a valid e-mail, a valid phone or an external id)",
        ],
        ["csv/thunderbird-export_embedded-crlf-tab_tb_export.csv"] =
        [
            "row 1: fails: invalid e-mail: the domain has no dot; the row has no other key (a valid e-mail, a valid phone or an external id)",
            "row 2: fails: invalid e-mail: the domain has no dot; the row has no other key (a valid e-mail, a valid phone or an external id)",
        ],
        ["csv/thunderbird-quoted-crlf_tb_quote.csv"] =
        [
            "row 1: fails: invalid phone number: not a valid number for US; the row has no other key (a valid e-mail, a valid phone or an external id)",
        ],
        ["csv/thunderbird-shiftjis_tb_shiftjis_addressbook.csv"] =
        [
            "row 1: 名無しの権兵衛@host.invalid",
        ],
        ["csv/thunderbird-trailing-comma_tb_basic_addressbook.csv"] =
        [
            "row 1: johndoe@host.invalid",
        ],
        ["csv/thunderbird-utf16le-bom_tb_utf16_addressbook.csv"] =
        [
            "row 1: johndoe@host.invalid",
        ],
        ["csv/thunderbird_roundcube_tb_plain.csv"] =
        [
            "row 1: test@domain.tld [warnings: Mobile Number, Work Phone, Home Phone]",
        ],
        ["vcf/aosp_v21_adr_multiple_line.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/aosp_v21_blackberry_photo.vcf"] =
        [
            "row 1: forrestgump@walladalla.com [warnings: phone, phone 2]",
        ],
        ["vcf/aosp_v21_complicated.vcf"] =
        [
            "row 1: forrestgump@walladalla.com [warnings: phone, phone 2, phone 4, phone 5]",
        ],
        ["vcf/aosp_v21_japanese_2.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/aosp_v21_multiple_entry.vcf"] =
        [
            "row 1: fails: invalid phone number: too short; the row has no other key (a valid e-mail, a valid phone or an external id)",
            "row 2: fails: invalid phone number: too short; the row has no other key (a valid e-mail, a valid phone or an external id)",
            "row 3: fails: invalid phone number: too short; the row has no other key (a valid e-mail, a valid phone or an external id)",
        ],
        ["vcf/aosp_v21_winmo_65.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/aosp_v21_x_android_custom_after_photo.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/aosp_v30_ios_613_multiline.vcf"] =
        [
            "row 1: bob@smithauto.com",
        ],
        ["vcf/aosp_v40_sort_as.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/apple-addressbook-v30-photo_roundcube_apple.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/apple-v30-utf16be_roundcube_utf-16_sample.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/broken-label-latin1_tine_HerrFalkMuenchen.vcf"] =
        [
            "row 1: falk.muenchoen@landtag.xyz.de [warnings: phone, phone 2]",
        ],
        ["vcf/emclient-v30_tine_emclient_addressbook.vcf"] =
        [
            "row 1: business@email.de [warnings: phone, phone 2, phone 3, phone 4, phone 5, phone 6]",
        ],
        ["vcf/ezvcard_John_Doe_ANDROID.vcf"] =
        [
            "row 1: john.doe@company.com",
            "row 2: jane.doe@company.com",
            "row 3: fails: invalid phone number: too short for US (9 digits); the row has no other key (a valid e-mail, a valid phone or an external id)",
            "row 4: fails: invalid phone number: too short for US (6 digits); the row has no other key (a valid e-mail, a valid phone or an external id)",
            "row 5: bob@company.com [warnings: email 2, phone, phone 2, phone 3]",
            "row 6: henry@company.com [warnings: phone]",
        ],
        ["vcf/ezvcard_John_Doe_BLACK_BERRY.vcf"] =
        [
            "row 1: fails: invalid phone number: not a valid number for LB; the row has no other key (a valid e-mail, a valid phone or an external id)",
        ],
        ["vcf/ezvcard_John_Doe_EVOLUTION.vcf"] =
        [
            "row 1: john.doe@ibm.com",
        ],
        ["vcf/ezvcard_John_Doe_GMAIL.vcf"] =
        [
            "row 1: john.doe@ibm.com",
        ],
        ["vcf/ezvcard_John_Doe_IPHONE.vcf"] =
        [
            "row 1: john.doe@ibm.com [warnings: phone 6]",
        ],
        ["vcf/ezvcard_John_Doe_LOTUS_NOTES.vcf"] =
        [
            "row 1: john.doe@ibm.com [warnings: phone, phone 2]",
        ],
        ["vcf/ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf"] =
        [
            "row 1: john.doe@ibm.com [warnings: phone 6]",
        ],
        ["vcf/ezvcard_John_Doe_MS_OUTLOOK.vcf"] =
        [
            "row 1: john.doe@ibm.cm",
        ],
        ["vcf/ezvcard_gmail-list.vcf"] =
        [
            "row 1: asmithk@gmail.com",
            "row 2: chrisy55d@yahoo.com",
            "row 3: dwhite@gmail.com",
        ],
        ["vcf/ezvcard_gmail-single.vcf"] =
        [
            "row 1: gdartmouth@hotmail.com [warnings: phone, phone 2]",
        ],
        ["vcf/ezvcard_gmail-single2.vcf"] =
        [
            "row 1: email@example.com [warnings: phone, phone 2, phone 3, phone 4, phone 5, phone 6, phone 7, phone 8, phone 9, phone 10, phone 11]",
        ],
        ["vcf/ezvcard_outlook-2003.vcf"] =
        [
            "row 1: jdoe@hotmail.com [warnings: phone, phone 2, phone 3, phone 4]",
        ],
        ["vcf/ezvcard_outlook-2007.vcf"] =
        [
            "row 1: mike.angstadt@gmail.com [warnings: phone, phone 2, phone 3, phone 4]",
        ],
        ["vcf/ezvcard_rfc2426-example.vcf"] =
        [
            "row 1: frank_dawson@lotus.com",
            "row 2: howes@netscape.com",
        ],
        ["vcf/ezvcard_rfc6350-example.vcf"] =
        [
            "row 1: simon.perreault@viagenie.ca",
        ],
        ["vcf/ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf"] =
        [
            "row 1: doe.john@hotmail.com [warnings: phone, phone 2, phone 3, phone 4, phone 5]",
        ],
        ["vcf/ios5-v30_tine_ios_5_addressbook.vcf"] =
        [
            "row 1: lars@kneschke.de [warnings: phone, phone 2, phone 3, phone 4, phone 5, phone 6, phone 7, phone 8, phone 9]",
        ],
        ["vcf/macosx-v30-xablabel_tine_mac_os_x_addressbook.vcf"] =
        [
            "row 1: l.kneschke@metaways.de [warnings: email 3, email 4, phone, phone 2, phone 3, phone 4, phone 5, phone 6, phone 7, phone 8, phone 9, phone 10]",
        ],
        ["vcf/multi-card-encoding-preamble_tine_contacts.vcf"] =
        [
            "row 1: alex@spass.net [warnings: phone]",
            "row 2: gerber.jan@web.de [warnings: phone]",
        ],
        ["vcf/outlook-webdavcollaborator-v30_tine_WebDAVCollaborator.vcf"] =
        [
            "row 1: mail@example.com",
        ],
        ["vcf/sogo-connector-v30_tine_sogo_connector.vcf"] =
        [
            "row 1: l.kneschke@metaways.de [warnings: phone, phone 2, phone 3, phone 4, phone 5]",
        ],
        ["vcf/telefonbuch-v21_tine_telefonbuch.vcf"] =
        [
            "row 1: m.spahn@metaways.de [warnings: phone]",
        ],
        ["vcf/thebat-v21-qp-8bit_roundcube_thebat.vcf"] =
        [
            "row 1: piotr.iksinski@somedomain.com",
        ],
        ["vcf/thunderbird-v30-photo-binary-jpeg_tb.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/thunderbird-v40-export_tb_export.vcf"] =
        [
            "row 1: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx [warnings: email]",
            "row 2: yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy [warnings: email]",
        ],
        ["vcf/thunderbird-v40-photo-datauri-png_tb.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["vcf/v21-charset-windows1252_roundcube_johndoe.vcf"] =
        [
            "row 1: roundcube@gmail.com [warnings: phone, phone 2]",
        ],
        ["vcf/v21-leading-blank-lines_tb_emptylines.vcf"] =
        [
            "row 1: john.doe@genericemail.invalid",
            "row 2: jane.doe@genericemail.invalid",
        ],
        ["vcf/v30-crcrlf_tb_dos_vcard_addressbook.vcf"] =
        [
            "row 1: example@gmail.com",
        ],
        ["vcf/v30-photo-base64-folded_tine_jan.vcf"] =
        [
            "row 1: jan@web.de [warnings: phone]",
        ],
        ["vcf/v30-photo-encoding-b_roundcube_photo.vcf"] =
        [
            "row 1: fails: row has no e-mail, phone or external id",
        ],
        ["xlsx/akaunting-customers-import-template_excel-mac.xlsx"] =
        [
            "row 1: test@customer.com",
        ],
        ["xlsx/akaunting-vendors-import-template_excel-mac.xlsx"] =
        [
            "row 1: test@vendor.com",
        ],
    };
}
