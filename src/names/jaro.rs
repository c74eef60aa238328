//! Jaro-Winkler over bytes, the token-level primitive of the matcher.
//!
//! Same definition as `strsim::jaro_winkler` (prefix scale 0.1, prefix up to
//! four characters, prefix bonus only above 0.7) but over bytes and without
//! allocation: comparison keys are upper-case ASCII after folding, so bytes
//! are characters. Non-ASCII keys (names in other scripts) are still
//! compared, byte by byte, which only makes them match less readily.

/// Jaro similarity of two byte strings, 0..1.
pub fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let (a, b) = if a.len() > b.len() { (b, a) } else { (a, b) };
    let window = (b.len() / 2).saturating_sub(1);
    // Names are short; a fixed buffer covers almost all of them.
    let mut b_used_buf = [false; 64];
    let mut b_used_vec;
    let b_used: &mut [bool] = if b.len() <= 64 {
        &mut b_used_buf[..b.len()]
    } else {
        b_used_vec = vec![false; b.len()];
        &mut b_used_vec
    };
    let mut a_match_buf = [0u8; 64];
    let mut a_match_vec = Vec::new();
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == ca {
                b_used[j] = true;
                if matches < 64 {
                    a_match_buf[matches] = ca;
                } else {
                    if a_match_vec.is_empty() {
                        a_match_vec.extend_from_slice(&a_match_buf);
                    }
                    a_match_vec.push(ca);
                }
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_matched: &[u8] = if matches <= 64 {
        &a_match_buf[..matches]
    } else {
        &a_match_vec
    };
    let mut transpositions = 0usize;
    let mut k = 0usize;
    for (j, &used) in b_used.iter().enumerate() {
        if used {
            if b[j] != a_matched[k] {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0
}

/// Jaro-Winkler similarity, 0..1.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let j = jaro(a, b);
    if j <= 0.7 {
        return j;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    j + 0.1 * prefix * (1.0 - j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_strsim() {
        let words = [
            "MARTHA",
            "MARHTA",
            "DIXON",
            "DICKSONX",
            "RIZKI",
            "RIZKY",
            "A",
            "",
            "ABDURAHMAN",
            "RAHMAN",
            "JOKO",
            "YOKO",
            "SUPARMI",
            "SUPARNI",
            "AAAA",
        ];
        for a in words {
            for b in words {
                let ours = jaro_winkler(a, b);
                let theirs = strsim::jaro_winkler(a, b);
                assert!((ours - theirs).abs() < 1e-9, "{a} {b}: {ours} vs {theirs}");
            }
        }
    }
}
