//! API keys: loaded from `--keys FILE` as SHA-256 hashes, checked in
//! constant time, each with a role.
//!
//! The keys file has one key per line, `KEY_ID ROLE SHA256_HEX`, where the
//! hash is of the key itself (`printf %s "$KEY" | sha256sum`); `#` starts a
//! comment. The server never sees or stores a key in clear.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;
use subtle::ConstantTimeEq;

/// What a key may do. `Admin` includes everything `Screen` may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Screen travellers and read rule and list versions.
    Screen,
    /// Also reload rules and lists.
    Admin,
}

impl Role {
    /// Parses `screen` or `admin`.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "screen" => Some(Role::Screen),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The spelling used in the keys file.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Screen => "screen",
            Role::Admin => "admin",
        }
    }
}

/// One key: its id (safe to log), role and hash.
#[derive(Clone, Debug)]
pub struct Key {
    /// Identifier written to logs and the audit trail.
    pub id: String,
    /// What it may do.
    pub role: Role,
    hash: [u8; 32],
}

/// Why a request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denied {
    /// No key, or an unknown one (401).
    Unauthenticated,
    /// A valid key without the role needed (403), with the key id.
    Forbidden(String),
}

/// The loaded keys.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    keys: Vec<Key>,
}

impl Keys {
    /// Reads a keys file.
    pub fn load(path: &Path) -> Result<Keys> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read keys file {}", path.display()))?;
        Keys::parse(&text).with_context(|| format!("keys file {}", path.display()))
    }

    /// Parses the keys file format.
    pub fn parse(text: &str) -> Result<Keys> {
        let mut keys: Vec<Key> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [id, role, hash] = parts.as_slice() else {
                bail!(
                    "line {}: expected `KEY_ID ROLE SHA256_HEX`, found {} fields",
                    n + 1,
                    parts.len()
                );
            };
            let role = Role::parse(role)
                .with_context(|| format!("line {}: role '{role}' is not screen or admin", n + 1))?;
            let hex = hash.strip_prefix("sha256:").unwrap_or(hash);
            let hash = decode_hex32(hex).with_context(|| {
                format!("line {}: the key hash must be 64 hex digits (SHA-256 of the key), not the key itself", n + 1)
            })?;
            if keys.iter().any(|k| k.id == *id) {
                bail!("line {}: key id '{id}' appears twice", n + 1);
            }
            keys.push(Key {
                id: id.to_string(),
                role,
                hash,
            });
        }
        if keys.is_empty() {
            bail!("no keys defined");
        }
        Ok(Keys { keys })
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no keys are loaded.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Finds the key presented and checks its role. Every stored hash is
    /// compared, in constant time, whatever matches.
    pub fn check(&self, presented: Option<&str>, needed: Role) -> Result<&Key, Denied> {
        let presented = presented.ok_or(Denied::Unauthenticated)?;
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let mut found = None;
        for k in &self.keys {
            if bool::from(k.hash.ct_eq(&digest)) {
                found = Some(k);
            }
        }
        let key = found.ok_or(Denied::Unauthenticated)?;
        if key.role >= needed {
            Ok(key)
        } else {
            Err(Denied::Forbidden(key.id.clone()))
        }
    }
}

fn decode_hex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
        let text = std::str::from_utf8(chunk).ok()?;
        out[i] = u8::from_str_radix(text, 16).ok()?;
    }
    Some(out)
}

/// The hex SHA-256 of a key, as the keys file wants it.
pub fn hash_key(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked_by_hash_and_role() {
        let text = format!(
            "# comment\ngate-1 screen {}\nops admin sha256:{}\n",
            hash_key("s3cret"),
            hash_key("adm1n")
        );
        let keys = Keys::parse(&text).unwrap();
        assert_eq!(
            keys.check(Some("s3cret"), Role::Screen).unwrap().id,
            "gate-1"
        );
        assert_eq!(
            keys.check(Some("s3cret"), Role::Admin).unwrap_err(),
            Denied::Forbidden("gate-1".into())
        );
        assert_eq!(keys.check(Some("adm1n"), Role::Screen).unwrap().id, "ops");
        assert_eq!(
            keys.check(Some("nope"), Role::Screen).unwrap_err(),
            Denied::Unauthenticated
        );
        assert_eq!(
            keys.check(None, Role::Screen).unwrap_err(),
            Denied::Unauthenticated
        );
    }

    #[test]
    fn a_clear_key_in_the_file_is_refused() {
        let err = format!("{:#}", Keys::parse("gate-1 screen s3cret").unwrap_err());
        assert!(err.contains("64 hex digits"), "{err}");
    }
}
