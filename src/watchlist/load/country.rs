//! Nationalities as lists write them, to ISO 3166-1 alpha-3.

use crate::model::alpha3_of;

/// Alpha-3 for a nationality as a list writes it: an alpha-3 (or ICAO)
/// code, an alpha-2 code, or a country's name or demonym in any of the
/// forms [`alpha3_of`] knows (`Korea, North`, `Iran (Islamic Republic
/// of)`, `Indonesian`). Anything else is kept upper case, so the entry
/// still shows it; as no traveller's nationality is such a text, it is no
/// evidence either way (see `Facts::nationality_differs`).
pub fn country_code(s: &str) -> String {
    alpha3_of(s).map_or_else(|| s.trim().to_ascii_uppercase(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::country_code;

    #[test]
    fn codes_names_and_demonyms_read_as_alpha_3() {
        for (written, code) in [
            ("Indonesia", "IDN"),
            ("idn", "IDN"),
            ("my", "MYS"),
            ("Mexico", "MEX"),
            ("Korea, North", "PRK"),
            ("Democratic People's Republic of Korea", "PRK"),
            ("Congo, Democratic Republic of the", "COD"),
            ("Filipino", "PHL"),
            ("XXA", "XXA"),
        ] {
            assert_eq!(country_code(written), code, "{written}");
        }
    }

    #[test]
    fn unknown_names_and_placeholders_stay_text() {
        assert_eq!(country_code("Ruritania"), "RURITANIA");
        assert_eq!(country_code("na"), "NA");
        assert_eq!(country_code("possibly Palestinian"), "POSSIBLY PALESTINIAN");
    }
}
