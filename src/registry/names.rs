//! Normalisation and comparison of company names and licence numbers.

/// Legal forms dropped from the front of a company name (token sequences).
const PREFIXES: &[&[&str]] = &[
    &["PERSEROAN", "TERBATAS"],
    &["P", "T"],
    &["PT"],
    &["C", "V"],
    &["CV"],
    &["PD"],
    &["UD"],
];
/// Legal forms dropped from the end of a company name.
const SUFFIXES: &[&[&str]] = &[
    &["SDN", "BHD"],
    &["PTE", "LTD"],
    &["TBK"],
    &["BHD"],
    &["LTD"],
    &["INC"],
    &["PT"],
];

/// Licence numbers compare without case, spaces or punctuation.
pub fn normalise_license(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Company names compare without case, punctuation or the legal form
/// (`PT`, `P.T.`, `PT.`, `CV`, `Tbk`, `Sdn Bhd`, ...).
pub fn normalise_company(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_uppercase)
        .collect();
    let mut toks: Vec<&str> = cleaned.split_whitespace().collect();
    if let Some(p) = PREFIXES
        .iter()
        .find(|p| toks.len() > p.len() && toks.starts_with(p))
    {
        toks.drain(..p.len());
    }
    if let Some(p) = SUFFIXES
        .iter()
        .find(|p| toks.len() > p.len() && toks.ends_with(p))
    {
        toks.truncate(toks.len() - p.len());
    }
    toks.join(" ")
}

/// Trigrams of a normalised name padded with a space at each end.
pub(crate) fn trigrams(name: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(name.chars())
        .chain(std::iter::once(' '))
        .collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Similarity of two normalised company names in 0..=1: normalised
/// Damerau-Levenshtein, and 0 when their numbers differ (`AGENSI 12` is not
/// `AGENSI 13`).
pub fn company_similarity(a: &str, b: &str) -> f64 {
    let digits = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .map(String::from)
            .collect()
    };
    if digits(a) != digits(b) {
        return 0.0;
    }
    strsim::normalized_damerau_levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_are_dropped() {
        for s in [
            "PT Maju Jaya",
            "P.T. Maju Jaya",
            "PT. MAJU JAYA",
            "Maju Jaya, Tbk",
            "Perseroan Terbatas Maju Jaya",
        ] {
            assert_eq!(normalise_company(s), "MAJU JAYA", "{s}");
        }
        assert_eq!(normalise_company("Maju Jaya Sdn. Bhd."), "MAJU JAYA");
        // A name that is only a legal form stays as it is.
        assert_eq!(normalise_company("PT"), "PT");
        assert_eq!(normalise_company("PT."), "PT");
    }

    #[test]
    fn similarity() {
        assert!(company_similarity("SINAR HARAPAN", "SINAR HARAPAM") > 0.9);
        assert_eq!(company_similarity("AGENSI 12", "AGENSI 13"), 0.0);
        assert!(company_similarity("MAJU JAYA", "MAJU JAYA ABADI") < 0.88);
    }
}
