//! The files of a rule pack: read from a directory, or embedded in the binary.

use super::diag::SourceFile;
use std::path::Path;

/// The default pack, embedded at build time (`rules/` in the repository).
const EMBEDDED: &[(&str, &str)] = &[
    ("ruleset.toml", include_str!("../../rules/ruleset.toml")),
    ("age.toml", include_str!("../../rules/age.toml")),
    (
        "destination.toml",
        include_str!("../../rules/destination.toml"),
    ),
    ("purpose.toml", include_str!("../../rules/purpose.toml")),
    ("document.toml", include_str!("../../rules/document.toml")),
    ("recruiter.toml", include_str!("../../rules/recruiter.toml")),
    ("pattern.toml", include_str!("../../rules/pattern.toml")),
    ("watchlist.toml", include_str!("../../rules/watchlist.toml")),
    (
        "tables/ports.csv",
        include_str!("../../rules/tables/ports.csv"),
    ),
    (
        "tables/sending-regions.csv",
        include_str!("../../rules/tables/sending-regions.csv"),
    ),
    (
        "tables/names.toml",
        include_str!("../../rules/tables/names.toml"),
    ),
    (
        "tables/matching.toml",
        include_str!("../../rules/tables/matching.toml"),
    ),
    (
        "tables/patterns.toml",
        include_str!("../../rules/tables/patterns.toml"),
    ),
];

/// Table files a pack may hold under `tables/`.
pub const TABLE_FILES: &[&str] = &[
    "tables/ports.csv",
    "tables/sending-regions.csv",
    "tables/names.toml",
    "tables/matching.toml",
    "tables/patterns.toml",
];

/// All files of one pack, sorted by name.
#[derive(Clone, Debug, Default)]
pub struct PackFiles {
    /// The files.
    pub files: Vec<SourceFile>,
}

impl PackFiles {
    /// The embedded default pack.
    pub fn embedded() -> PackFiles {
        let mut files: Vec<SourceFile> = EMBEDDED
            .iter()
            .map(|(n, t)| SourceFile {
                name: n.to_string(),
                text: t.to_string(),
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        PackFiles { files }
    }

    /// Reads `ruleset.toml`, every other `*.toml` (theme files) and the
    /// known files under `tables/`.
    pub fn read_dir(dir: &Path) -> std::io::Result<PackFiles> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "toml") {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push(SourceFile {
                    name,
                    text: std::fs::read_to_string(&path)?,
                });
            }
        }
        for t in TABLE_FILES {
            let path = dir.join(t);
            if path.is_file() {
                files.push(SourceFile {
                    name: t.to_string(),
                    text: std::fs::read_to_string(&path)?,
                });
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(PackFiles { files })
    }

    /// A file by name.
    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// Theme files: every top-level `*.toml` except `ruleset.toml`.
    pub fn themes(&self) -> impl Iterator<Item = &SourceFile> {
        self.files
            .iter()
            .filter(|f| !f.name.contains('/') && f.name != "ruleset.toml")
    }

    /// `sha256:` over every file's name and text.
    pub fn version(&self) -> String {
        let parts: Vec<&[u8]> = self
            .files
            .iter()
            .flat_map(|f| [f.name.as_bytes(), f.text.as_bytes()])
            .collect();
        crate::version::hash_bytes(&parts)
    }
}
