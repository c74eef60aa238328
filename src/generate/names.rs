//! Name and place pools for generated travellers.

/// Indonesian and Malay female given names.
pub const FEMALE: &[&str] = &[
    "SITI", "NUR", "DEWI", "SRI", "RATNA", "INDAH", "AYU", "PUTRI", "WULAN", "LESTARI", "RINA", "YULI",
    "FITRI", "NOVI", "MAYA", "LINDA", "EKA", "DIAN", "SUPARMI", "SUMIATI", "WATI", "MARYAM", "AISYAH",
    "FATIMAH", "NURUL", "RAHMAWATI", "KARTINI", "ANGGUN", "MELATI", "YANTI", "ERNA", "TUTI", "ROSMINI",
    "HALIMAH", "ZAINAB", "NOVITA", "SUSANTI", "MARIA", "YOHANA", "AGNES", "FRANSISKA", "ELISABETH",
];

/// Indonesian and Malay male given names.
pub const MALE: &[&str] = &[
    "AGUS", "BUDI", "JOKO", "ANDI", "RUDI", "HENDRA", "DEDI", "EKO", "ARIF", "BAMBANG", "SUGENG",
    "AHMAD", "MUHAMMAD", "ABDUL", "RAHMAN", "IRWAN", "YUSUF", "HASAN", "HUSAIN", "RIZKI", "FAJAR",
    "WAHYU", "SUPRIYADI", "SLAMET", "HERU", "TEGUH", "DANI", "IMAM", "ALI", "YOHANES", "PETRUS",
    "MARKUS", "STEFANUS", "ISMAIL", "ZULKIFLI", "HAMZAH", "ILHAM", "KURNIAWAN", "SETIAWAN",
];

/// Family or second names.
pub const FAMILY: &[&str] = &[
    "SANTOSO", "WIJAYA", "PRATAMA", "SAPUTRA", "HIDAYAT", "NUGROHO", "KUSUMA", "SETIADI", "HARAHAP",
    "SIREGAR", "NASUTION", "LUBIS", "SIMANJUNTAK", "TAMBUNAN", "NDRUWEH", "LAKA", "TEFA", "BANUNAEK",
    "MANAFE", "NDUN", "HAMID", "ABDULLAH", "IBRAHIM", "RAHAYU", "PURNOMO", "SUSILO", "WIBOWO",
    "HARTONO", "GUNAWAN", "SUDIRMAN", "MULYADI", "SYAHPUTRA", "RAMADHAN", "LESTARI", "HANDAYANI",
    "MAHARANI", "PERMATA", "ANGGRAINI", "KURNIASIH", "WULANDARI", "SARI", "UTAMI",
];

/// Regions of residence; the first ones are known sending regions.
pub const SENDING_REGIONS: &[&str] = &[
    "Nusa Tenggara Timur/Kupang",
    "Nusa Tenggara Timur/Timor Tengah Selatan",
    "Nusa Tenggara Timur/Sumba Barat Daya",
    "Nusa Tenggara Barat/Lombok Timur",
    "Nusa Tenggara Barat/Lombok Tengah",
    "Jawa Barat/Indramayu",
    "Jawa Barat/Cianjur",
    "Jawa Tengah/Cilacap",
    "Jawa Timur/Ponorogo",
    "Kalimantan Barat/Sambas",
];

/// Regions that are not typical sending regions.
pub const OTHER_REGIONS: &[&str] = &[
    "DKI Jakarta/Jakarta Selatan",
    "DKI Jakarta/Jakarta Pusat",
    "Jawa Barat/Bandung",
    "Jawa Timur/Surabaya",
    "Bali/Denpasar",
    "Sumatera Utara/Medan",
    "Daerah Istimewa Yogyakarta/Sleman",
    "Banten/Tangerang Selatan",
    "Sulawesi Selatan/Makassar",
];

/// Airports (IATA).
pub const AIRPORTS: &[&str] = &["CGK", "SUB", "DPS", "KNO", "UPG", "YIA"];

/// Destinations for ordinary tourism and business.
pub const TOURIST_DESTINATIONS: &[&str] = &["SGP", "MYS", "THA", "JPN", "KOR", "AUS", "SAU", "TUR", "CHN"];

/// Addresses abroad for ordinary travellers.
pub const HOTELS: &[&str] = &[
    "Hotel Grand Bukit Bintang, Kuala Lumpur",
    "Marina Bay Hotel, Singapore",
    "Sukhumvit Soi 11 Hotel, Bangkok",
    "Shinjuku Station Hotel, Tokyo",
    "Myeongdong Guesthouse, Seoul",
    "Pullman Zamzam, Makkah",
    "Citadines Melbourne",
];
