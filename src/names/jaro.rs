//! Jaro-Winkler, the token-level primitive of the matcher.
//!
//! Same definition as `strsim::jaro_winkler` (prefix scale 0.1, prefix up to
//! four characters, prefix bonus only above 0.7) but without allocation for
//! ASCII keys, the usual case after folding: bytes are characters there.
//! Keys in other scripts are compared character by character (bytes would
//! make every pair of Devanagari or Hangul names look alike: their
//! characters share lead bytes).

/// Jaro similarity of two byte strings, 0..1.
pub fn jaro(a: &[u8], b: &[u8]) -> f64 {
    jaro_of(a, b)
}

/// Jaro similarity of two sequences, 0..1.
fn jaro_of<T: Copy + Eq + Default>(a: &[T], b: &[T]) -> f64 {
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
    let mut a_match_buf = [T::default(); 64];
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
    let a_matched: &[T] = if matches <= 64 {
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
    if a.is_ascii() && b.is_ascii() {
        winkler(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        winkler(&a, &b)
    }
}

fn winkler<T: Copy + Eq + Default>(a: &[T], b: &[T]) -> f64 {
    let j = jaro_of(a, b);
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
            "ОЛЕСЬ",
            "ОЛСЬ",
            "सैनी",
            "शनि",
            "KUWARI숙자",
            "숙자",
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
