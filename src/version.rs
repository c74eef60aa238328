//! Content hashes that name the rule pack and watchlists behind every flag.

use sha2::{Digest, Sha256};

/// `sha256:<hex>` over the given byte slices, each length-prefixed so that
/// moving bytes between parts changes the hash.
pub fn hash_bytes(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let digest = h.finalize();
    let mut s = String::with_capacity(71);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
