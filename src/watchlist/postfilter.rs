//! The other-token filter over a run of postings: which listed names may
//! pair another query token, told from what each posting carries.
//!
//! The candidate index reads most postings only to ask this (see
//! `NameIndex::gather`): about 4,800 postings a traveller on a
//! million-name list, of which about 5% pass. Each posting carries a
//! print (the low 16 bits of four token ids) and its joined pairs' codes
//! (four lanes of 11 bits, or [`ANY_PAIRS`]); a posting passes when one of
//! the print's ids is in the `others` bit set or one of the pairs' codes
//! is in the `reach` bit set. Eight bit tests a posting made this the
//! largest single cost of a batch, so on x86-64 with AVX2 the tests run
//! four postings at a time with vector gathers (about three times fewer
//! nanoseconds a posting); elsewhere a scalar loop gives the same answer.

/// Bits in the `others` set: one per value of a 16-bit token id.
pub const OTHER_WORDS: usize = (1 << 16) / 64;

/// Bits in the `reach` set: one per joined-pair code.
pub const REACH_WORDS: usize = 2048 / 64;

/// The pair lanes of a name with more pairs than four lanes hold: it may
/// pair any token, so it always passes.
pub const ANY_PAIRS: u64 = u64::MAX;

/// The sets a posting is tested against: the other query tokens' ids
/// (low 16 bits) and the joined-pair codes they may pair.
#[derive(Clone, Copy)]
pub struct Filter<'a> {
    /// One bit per 16-bit token id.
    pub others: &'a [u64; OTHER_WORDS],
    /// One bit per joined-pair code.
    pub reach: &'a [u64; REACH_WORDS],
}

impl Filter<'_> {
    /// Appends to `out` the place (`base` plus its offset) of each
    /// posting that passes: one of the four 16-bit ids in `prints[i]` is
    /// set in `others`, or `joined[i]` is [`ANY_PAIRS`], or one of its
    /// four 16-bit lanes (taken modulo 2,048) is set in `reach`. `prints`
    /// and `joined` have the same length.
    pub fn select(self, prints: &[u64], joined: &[u64], base: u32, out: &mut Vec<u32>) {
        assert_eq!(prints.len(), joined.len(), "one print per pair lanes");
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 is present, checked just above.
            unsafe { self.select_avx2(prints, joined, base, out) };
            return;
        }
        self.select_scalar(prints, joined, base, out);
    }

    /// Whether one posting passes (see [`select`](Self::select)), as 0
    /// or 1.
    fn passes(self, print: u64, lanes: u64) -> u64 {
        let other = |i: u32| bit(self.others, (print >> (16 * i)) as usize & 0xFFFF);
        pair_hit(self.reach, lanes) | other(0) | other(1) | other(2) | other(3)
    }

    /// [`select`](Self::select) one posting at a time. Every posting is
    /// written and kept by its result, without a branch: which pass is
    /// unpredictable.
    fn select_scalar(self, prints: &[u64], joined: &[u64], base: u32, out: &mut Vec<u32>) {
        let mut n = out.len();
        out.resize(n + prints.len(), 0);
        for (i, (&p, &l)) in prints.iter().zip(joined).enumerate() {
            out[n] = base + i as u32;
            n += self.passes(p, l) as usize;
        }
        out.truncate(n);
    }

    /// [`select`](Self::select) four postings at a time: their sixteen
    /// ids and sixteen pair codes are looked up with four 8-lane gathers
    /// of 32-bit words.
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn select_avx2(self, prints: &[u64], joined: &[u64], base: u32, out: &mut Vec<u32>) {
        use std::arch::x86_64::*;
        let whole = prints.len() / 4 * 4;
        let mut n = out.len();
        out.resize(n + whole, 0);
        let other_words = self.others.as_ptr().cast::<i32>();
        let reach_words = self.reach.as_ptr().cast::<i32>();
        let low16 = _mm256_set1_epi32(0xFFFF);
        let low11 = _mm256_set1_epi32(REACH_WORDS as i32 * 64 - 1);
        let low5 = _mm256_set1_epi32(31);
        let one = _mm256_set1_epi32(1);
        let all = _mm256_set1_epi64x(-1);
        // Bit `b` of a set of 32-bit words, per 32-bit lane, for the
        // lanes' bit numbers `b` (each below the set's size, so every
        // gathered word lies inside it).
        let bits = |words: *const i32, b: __m256i| {
            let w = _mm256_i32gather_epi32::<4>(words, _mm256_srli_epi32::<5>(b));
            _mm256_and_si256(_mm256_srlv_epi32(w, _mm256_and_si256(b, low5)), one)
        };
        for at in (0..whole).step_by(4) {
            // SAFETY: `at + 4 <= whole <= len` for both slices (same
            // length), and unaligned loads are allowed.
            let p = _mm256_loadu_si256(prints.as_ptr().add(at).cast());
            let l = _mm256_loadu_si256(joined.as_ptr().add(at).cast());
            // Each 32-bit lane holds two 16-bit fields: the low and the
            // high.
            let ids = _mm256_or_si256(
                bits(other_words, _mm256_and_si256(p, low16)),
                bits(other_words, _mm256_srli_epi32::<16>(p)),
            );
            let pairs = _mm256_or_si256(
                bits(reach_words, _mm256_and_si256(l, low11)),
                bits(
                    reach_words,
                    _mm256_and_si256(_mm256_srli_epi32::<16>(l), low11),
                ),
            );
            let hit = _mm256_or_si256(ids, pairs);
            // A posting passes when its 64-bit lane has a bit set, or its
            // pair lanes are `ANY_PAIRS`.
            let none = _mm256_cmpeq_epi64(hit, _mm256_setzero_si256());
            let pass = _mm256_or_si256(_mm256_xor_si256(none, all), _mm256_cmpeq_epi64(l, all));
            let mask = _mm256_movemask_pd(_mm256_castsi256_pd(pass)) as u32;
            for k in 0..4 {
                out[n] = base + (at + k) as u32;
                n += (mask >> k & 1) as usize;
            }
        }
        out.truncate(n);
        self.select_scalar(&prints[whole..], &joined[whole..], base + whole as u32, out);
    }
}

/// Bit `b` of a bit set, as 0 or 1 (to combine without branches).
pub fn bit<const N: usize>(words: &[u64; N], b: usize) -> u64 {
    words[b / 64 % N] >> (b % 64) & 1
}

/// Whether pair lanes (four 16-bit codes, taken modulo 2,048, or
/// [`ANY_PAIRS`]) have a code in `reach`, as 0 or 1: the lanes are tested
/// without a branch (an empty lane is code 0, which no set holds).
pub fn pair_hit(reach: &[u64; REACH_WORDS], lanes: u64) -> u64 {
    let lane = |i: u32| bit(reach, (lanes >> (16 * i)) as usize % (REACH_WORDS * 64));
    u64::from(lanes == ANY_PAIRS) | lane(0) | lane(1) | lane(2) | lane(3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sets(other_bits: &[u16], reach_bits: &[u16]) -> ([u64; OTHER_WORDS], [u64; REACH_WORDS]) {
        let mut others = [0; OTHER_WORDS];
        for &b in other_bits {
            others[usize::from(b) / 64] |= 1 << (b % 64);
        }
        let mut reach = [0; REACH_WORDS];
        for &b in reach_bits {
            let b = usize::from(b) % 2048;
            reach[b / 64] |= 1 << (b % 64);
        }
        (others, reach)
    }

    #[test]
    fn a_posting_passes_by_an_id_a_pair_or_any_pairs() {
        let (others, reach) = sets(&[7, 65_535], &[300]);
        let prints = [
            7 << 48,     // the fourth id is in `others`
            65_535,      // the first, the highest id
            8 | 9 << 16, // neither
            1,           // neither
            0,           // neither
        ];
        let joined = [0, 0, 300 << 32, ANY_PAIRS, 301];
        let mut out = vec![99];
        let filter = Filter {
            others: &others,
            reach: &reach,
        };
        filter.select(&prints, &joined, 10, &mut out);
        assert_eq!(out, vec![99, 10, 11, 12, 13]);
    }

    proptest! {
        /// The vector loop (where the CPU has it) and the scalar loop
        /// keep the same postings, for every length (whole groups of
        /// four and a remainder).
        #[test]
        fn vector_and_scalar_loops_agree(
            other_bits in prop::collection::vec(any::<u16>(), 0..200),
            reach_bits in prop::collection::vec(any::<u16>(), 0..60),
            postings in prop::collection::vec((any::<u64>(), any::<u64>(), any::<bool>()), 0..40),
            base in 0u32..1_000_000,
        ) {
            let (others, reach) = sets(&other_bits, &reach_bits);
            let prints: Vec<u64> = postings.iter().map(|p| p.0).collect();
            let joined: Vec<u64> = postings
                .iter()
                .map(|p| if p.2 { ANY_PAIRS } else { p.1 & 0x07FF_07FF_07FF_07FF })
                .collect();
            let (mut fast, mut slow) = (vec![], vec![]);
            let filter = Filter { others: &others, reach: &reach };
            filter.select(&prints, &joined, base, &mut fast);
            filter.select_scalar(&prints, &joined, base, &mut slow);
            prop_assert_eq!(&fast, &slow);
            let expected: Vec<u32> = (0..prints.len())
                .filter(|&i| {
                    joined[i] == ANY_PAIRS
                        || (0..4).any(|k| {
                            let id = (prints[i] >> (16 * k)) as u16;
                            let code = (joined[i] >> (16 * k)) as u16 % 2048;
                            other_bits.contains(&id)
                                || reach_bits.iter().any(|&b| b % 2048 == code)
                        })
                })
                .map(|i| base + i as u32)
                .collect();
            prop_assert_eq!(fast, expected);
        }
    }
}
