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
    jaro_bytes(a, b)
}

/// [`jaro_of`] for bytes: bit-parallel where both keys fit in a 64-bit word
/// and hold only bytes from 64 to 127 (capital letters, the usual case),
/// so that their low six bits tell them apart.
fn jaro_bytes(a: &[u8], b: &[u8]) -> f64 {
    let fits = |s: &[u8]| s.len() <= 64 && s.iter().all(|&c| c & 0xC0 == 0x40);
    if a.is_empty() || b.is_empty() || a == b || !fits(a) || !fits(b) {
        return jaro_of(a, b);
    }
    let (a, b) = if a.len() > b.len() { (b, a) } else { (a, b) };
    let window = (b.len() / 2).saturating_sub(1);
    // Per letter, where it stands in the longer key.
    let mut at = [0u64; 64];
    for (j, &c) in b.iter().enumerate() {
        at[usize::from(c & 63)] |= 1 << j;
    }
    let below = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    // As jaro_of: each letter of the shorter key takes the first unused
    // match in its window (the lowest bit left). Without a branch: whether
    // a letter matches is unpredictable.
    let (mut b_used, mut a_used) = (0u64, 0u64);
    let in_b = below(b.len());
    for (i, &c) in a.iter().enumerate() {
        let near = below(i + window + 1) & !below(i.saturating_sub(window)) & in_b;
        let free = at[usize::from(c & 63)] & !b_used & near;
        b_used |= free & free.wrapping_neg();
        a_used |= u64::from(free != 0) << i;
    }
    let matches = b_used.count_ones() as usize;
    if matches == 0 {
        return 0.0;
    }
    // Matched letters in order on both sides; each disagreement is half a
    // transposition.
    let mut transpositions = 0usize;
    let (mut x, mut y) = (a_used, b_used);
    while y != 0 {
        let (i, j) = (x.trailing_zeros() as usize, y.trailing_zeros() as usize);
        transpositions += usize::from(a[i] != b[j]);
        x &= x - 1;
        y &= y - 1;
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0
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
        let (a, b) = (a.as_bytes(), b.as_bytes());
        winkler(a, b, jaro_bytes(a, b))
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        winkler(&a, &b, jaro_of(&a, &b))
    }
}

/// Jaro-Winkler from the Jaro similarity `j` of `a` and `b`.
fn winkler<T: Copy + Eq + Default>(a: &[T], b: &[T], j: f64) -> f64 {
    if j <= 0.7 {
        return j;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    j + 0.1 * prefix * (1.0 - j)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The bit-parallel path gives the classic loop's answer, on keys
        /// of few letters (many matches and transpositions) and long ones.
        #[test]
        fn bit_parallel_jaro_is_the_classic_loop(
            a in "[ABCDE]{0,12}|[A-Z]{0,64}",
            b in "[ABCDE]{0,12}|[A-Z]{0,70}",
        ) {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            proptest::prop_assert_eq!(jaro_bytes(a, b).to_bits(), jaro_of(a, b).to_bits());
            proptest::prop_assert_eq!(jaro_bytes(b, a).to_bits(), jaro_of(b, a).to_bits());
        }
    }

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
