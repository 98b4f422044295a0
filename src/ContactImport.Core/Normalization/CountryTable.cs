namespace ContactImport.Core.Normalization;

/// <summary>
/// ISO 3166-1 (every alpha-2 with its alpha-3 and English short name), plus Kosovo's user-assigned XK, which
/// phone numbering knows. After a <c>|</c>: other spellings people write in a Country column, chiefly the
/// country's own name(s) in its own language(s), and a few common English and German variants.
/// </summary>
internal static class CountryTable
{
    /// <summary>One country per line: <c>alpha-2 alpha-3 English name|alias|alias…</c>.</summary>
    public const string Data = """
        AD AND Andorra
        AE ARE United Arab Emirates|UAE|U.A.E.|Emirates|الإمارات|الإمارات العربية المتحدة
        AF AFG Afghanistan|افغانستان
        AG ATG Antigua and Barbuda|Antigua & Barbuda
        AI AIA Anguilla
        AL ALB Albania|Shqipëri|Shqipëria|Albanien
        AM ARM Armenia|Հայաստան
        AO AGO Angola
        AQ ATA Antarctica
        AR ARG Argentina
        AS ASM American Samoa
        AT AUT Austria|Österreich
        AU AUS Australia
        AW ABW Aruba
        AX ALA Åland Islands|Åland
        AZ AZE Azerbaijan|Azərbaycan
        BA BIH Bosnia and Herzegovina|Bosnia & Herzegovina|Bosnia|Bosna i Hercegovina|Босна и Херцеговина
        BB BRB Barbados
        BD BGD Bangladesh|বাংলাদেশ
        BE BEL Belgium|België|Belgique|Belgien
        BF BFA Burkina Faso
        BG BGR Bulgaria|България|Bulgarien
        BH BHR Bahrain|البحرين
        BI BDI Burundi
        BJ BEN Benin|Bénin
        BL BLM Saint Barthélemy|St. Barthélemy|St Barts
        BM BMU Bermuda
        BN BRN Brunei Darussalam|Brunei
        BO BOL Bolivia|Bolivia, Plurinational State of
        BQ BES Bonaire, Sint Eustatius and Saba|Caribbean Netherlands|Bonaire
        BR BRA Brazil|Brasil|Brasilien
        BS BHS Bahamas|The Bahamas
        BT BTN Bhutan
        BV BVT Bouvet Island
        BW BWA Botswana
        BY BLR Belarus|Беларусь|Belarus'|Weißrussland
        BZ BLZ Belize
        CA CAN Canada|Kanada
        CC CCK Cocos (Keeling) Islands|Cocos Islands
        CD COD Congo, Democratic Republic of the|Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa|République démocratique du Congo|RD Congo
        CF CAF Central African Republic|République centrafricaine
        CG COG Congo|Republic of the Congo|Congo-Brazzaville|Congo, Republic of the
        CH CHE Switzerland|Schweiz|Suisse|Svizzera|Svizra|Confoederatio Helvetica
        CI CIV Côte d'Ivoire|Ivory Coast|Cote d’Ivoire
        CK COK Cook Islands
        CL CHL Chile
        CM CMR Cameroon|Cameroun
        CN CHN China|中国|中國|People's Republic of China|PRC
        CO COL Colombia
        CR CRI Costa Rica
        CU CUB Cuba
        CV CPV Cabo Verde|Cape Verde
        CW CUW Curaçao
        CX CXR Christmas Island
        CY CYP Cyprus|Κύπρος|Kıbrıs|Zypern
        CZ CZE Czechia|Czech Republic|Česko|Česká republika|Tschechien
        DE DEU Germany|Deutschland|Allemagne|Alemania|Germania|Duitsland|ドイツ
        DJ DJI Djibouti
        DK DNK Denmark|Danmark|Dänemark
        DM DMA Dominica
        DO DOM Dominican Republic|República Dominicana
        DZ DZA Algeria|Algérie|الجزائر
        EC ECU Ecuador
        EE EST Estonia|Eesti|Estland
        EG EGY Egypt|مصر|Ägypten
        EH ESH Western Sahara
        ER ERI Eritrea
        ES ESP Spain|España|Espana|Spanien|Espagne|Spagna|Espanha
        ET ETH Ethiopia|ኢትዮጵያ
        FI FIN Finland|Suomi|Finnland
        FJ FJI Fiji
        FK FLK Falkland Islands|Falkland Islands (Malvinas)|Falklands
        FM FSM Micronesia|Micronesia, Federated States of|Federated States of Micronesia
        FO FRO Faroe Islands|Føroyar|Færøerne
        FR FRA France|Frankreich|Francia|Frankrijk|フランス
        GA GAB Gabon
        GB GBR United Kingdom|UK|U.K.|Great Britain|Britain|England|Scotland|Wales|Northern Ireland|United Kingdom of Great Britain and Northern Ireland|Vereinigtes Königreich|Großbritannien|Royaume-Uni|Reino Unido|Regno Unito|Verenigd Koninkrijk|イギリス
        GD GRD Grenada
        GE GEO Georgia|საქართველო
        GF GUF French Guiana|Guyane|Guyane française
        GG GGY Guernsey
        GH GHA Ghana
        GI GIB Gibraltar
        GL GRL Greenland|Kalaallit Nunaat|Grønland
        GM GMB Gambia|The Gambia
        GN GIN Guinea|Guinée
        GP GLP Guadeloupe
        GQ GNQ Equatorial Guinea|Guinea Ecuatorial
        GR GRC Greece|Ελλάδα|Ελλάς|Hellas|Griechenland
        GS SGS South Georgia and the South Sandwich Islands
        GT GTM Guatemala
        GU GUM Guam
        GW GNB Guinea-Bissau|Guiné-Bissau
        GY GUY Guyana
        HK HKG Hong Kong|香港|Hongkong
        HM HMD Heard Island and McDonald Islands
        HN HND Honduras
        HR HRV Croatia|Hrvatska|Kroatien
        HT HTI Haiti|Haïti
        HU HUN Hungary|Magyarország|Ungarn
        ID IDN Indonesia|Indonesien
        IE IRL Ireland|Éire|Irland|Republic of Ireland
        IL ISR Israel|ישראל
        IM IMN Isle of Man
        IN IND India|भारत|Bharat|Indien
        IO IOT British Indian Ocean Territory
        IQ IRQ Iraq|العراق|Irak
        IR IRN Iran|Iran, Islamic Republic of|ایران
        IS ISL Iceland|Ísland
        IT ITA Italy|Italia|Italien|Italie|イタリア
        JE JEY Jersey
        JM JAM Jamaica
        JO JOR Jordan|الأردن|Jordanien
        JP JPN Japan|日本|Nippon|Nihon|Japon|Japón|Giappone
        KE KEN Kenya|Kenia
        KG KGZ Kyrgyzstan|Кыргызстан
        KH KHM Cambodia|Kampuchea|កម្ពុជា
        KI KIR Kiribati
        KM COM Comoros|Comores
        KN KNA Saint Kitts and Nevis|St. Kitts and Nevis|St Kitts & Nevis
        KP PRK North Korea|Korea, Democratic People's Republic of|DPRK|조선
        KR KOR South Korea|Korea, Republic of|Republic of Korea|Korea|대한민국|한국|Südkorea
        KW KWT Kuwait|الكويت
        KY CYM Cayman Islands
        KZ KAZ Kazakhstan|Қазақстан|Казахстан
        LA LAO Laos|Lao People's Democratic Republic|ລາວ
        LB LBN Lebanon|لبنان|Liban|Libanon
        LC LCA Saint Lucia|St. Lucia
        LI LIE Liechtenstein
        LK LKA Sri Lanka|ශ්‍රී ලංකාව|இலங்கை
        LR LBR Liberia
        LS LSO Lesotho
        LT LTU Lithuania|Lietuva|Litauen
        LU LUX Luxembourg|Lëtzebuerg|Luxemburg
        LV LVA Latvia|Latvija|Lettland
        LY LBY Libya|ليبيا|Libyen
        MA MAR Morocco|Maroc|المغرب|Marokko|Marruecos
        MC MCO Monaco
        MD MDA Moldova|Moldova, Republic of|Republica Moldova
        ME MNE Montenegro|Crna Gora|Црна Гора
        MF MAF Saint Martin (French part)|Saint-Martin|St. Martin
        MG MDG Madagascar|Madagasikara
        MH MHL Marshall Islands
        MK MKD North Macedonia|Macedonia|Северна Македонија|Nordmazedonien
        ML MLI Mali
        MM MMR Myanmar|Burma|မြန်မာ
        MN MNG Mongolia|Монгол Улс|Монгол
        MO MAC Macao|Macau|澳門|澳门
        MP MNP Northern Mariana Islands
        MQ MTQ Martinique
        MR MRT Mauritania|Mauritanie|موريتانيا
        MS MSR Montserrat
        MT MLT Malta
        MU MUS Mauritius|Maurice
        MV MDV Maldives
        MW MWI Malawi
        MX MEX Mexico|México|Mexiko|Mexique|Messico
        MY MYS Malaysia
        MZ MOZ Mozambique|Moçambique
        NA NAM Namibia
        NC NCL New Caledonia|Nouvelle-Calédonie
        NE NER Niger
        NF NFK Norfolk Island
        NG NGA Nigeria
        NI NIC Nicaragua
        NL NLD Netherlands|The Netherlands|Nederland|Holland|Niederlande|Pays-Bas|Países Bajos|Paesi Bassi
        NO NOR Norway|Norge|Noreg|Norwegen
        NP NPL Nepal|नेपाल
        NR NRU Nauru
        NU NIU Niue
        NZ NZL New Zealand|Aotearoa|Neuseeland
        OM OMN Oman|عمان
        PA PAN Panama|Panamá
        PE PER Peru|Perú
        PF PYF French Polynesia|Polynésie française
        PG PNG Papua New Guinea
        PH PHL Philippines|Pilipinas|Filipinas|Philippinen
        PK PAK Pakistan|پاکستان
        PL POL Poland|Polska|Polen|Pologne|Polonia
        PM SPM Saint Pierre and Miquelon|Saint-Pierre-et-Miquelon
        PN PCN Pitcairn|Pitcairn Islands
        PR PRI Puerto Rico
        PS PSE Palestine|Palestine, State of|فلسطين
        PT PRT Portugal
        PW PLW Palau
        PY PRY Paraguay
        QA QAT Qatar|قطر|Katar
        RE REU Réunion|La Réunion
        RO ROU Romania|România|Rumänien|Roumanie
        RS SRB Serbia|Srbija|Србија|Serbien
        RU RUS Russia|Russian Federation|Россия|Российская Федерация|Russland|Russie|Rusia
        RW RWA Rwanda
        SA SAU Saudi Arabia|السعودية|المملكة العربية السعودية|KSA|Saudi-Arabien
        SB SLB Solomon Islands
        SC SYC Seychelles
        SD SDN Sudan|السودان
        SE SWE Sweden|Sverige|Schweden|Suède|Suecia
        SG SGP Singapore|Singapura|新加坡|Singapur
        SH SHN Saint Helena, Ascension and Tristan da Cunha|Saint Helena|St. Helena
        SI SVN Slovenia|Slovenija|Slowenien
        SJ SJM Svalbard and Jan Mayen|Svalbard
        SK SVK Slovakia|Slovensko|Slowakei
        SL SLE Sierra Leone
        SM SMR San Marino
        SN SEN Senegal|Sénégal
        SO SOM Somalia|Soomaaliya
        SR SUR Suriname
        SS SSD South Sudan
        ST STP Sao Tome and Principe|São Tomé e Príncipe
        SV SLV El Salvador
        SX SXM Sint Maarten (Dutch part)|Sint Maarten
        SY SYR Syria|Syrian Arab Republic|سوريا|Syrien
        SZ SWZ Eswatini|Swaziland
        TC TCA Turks and Caicos Islands
        TD TCD Chad|Tchad
        TF ATF French Southern Territories
        TG TGO Togo
        TH THA Thailand|ประเทศไทย|ไทย
        TJ TJK Tajikistan|Тоҷикистон
        TK TKL Tokelau
        TL TLS Timor-Leste|East Timor
        TM TKM Turkmenistan|Türkmenistan
        TN TUN Tunisia|Tunisie|تونس|Tunesien
        TO TON Tonga
        TR TUR Türkiye|Turkey|Türkei|Turquie|Turquía
        TT TTO Trinidad and Tobago|Trinidad & Tobago
        TV TUV Tuvalu
        TW TWN Taiwan|台灣|台湾|Taiwan, Province of China
        TZ TZA Tanzania|Tanzania, United Republic of
        UA UKR Ukraine|Україна|Ucrania
        UG UGA Uganda
        UM UMI United States Minor Outlying Islands
        US USA United States|United States of America|U.S.A.|U.S.|US of A|America|Vereinigte Staaten|USA|États-Unis|Estados Unidos|Stati Uniti|Verenigde Staten|アメリカ|アメリカ合衆国|美国|미국
        UY URY Uruguay
        UZ UZB Uzbekistan|Oʻzbekiston|O‘zbekiston|Ўзбекистон
        VA VAT Holy See|Vatican|Vatican City|Città del Vaticano
        VC VCT Saint Vincent and the Grenadines|St. Vincent and the Grenadines
        VE VEN Venezuela|Venezuela, Bolivarian Republic of
        VG VGB Virgin Islands (British)|British Virgin Islands
        VI VIR Virgin Islands (U.S.)|U.S. Virgin Islands|US Virgin Islands
        VN VNM Viet Nam|Vietnam|Việt Nam
        VU VUT Vanuatu
        WF WLF Wallis and Futuna|Wallis-et-Futuna
        WS WSM Samoa
        XK XKX Kosovo|Kosova|Косово
        YE YEM Yemen|اليمن
        YT MYT Mayotte
        ZA ZAF South Africa|Suid-Afrika|Südafrika|Afrique du Sud
        ZM ZMB Zambia
        ZW ZWE Zimbabwe
        """;
}
