//! Hot reload of rules, watchlists and registry.
//!
//! Triggers: SIGHUP, `POST /v1/reload`, and a change to any watched file
//! (polled every second: rules directory, list files, registry). The new
//! engine is loaded and checked on a blocking thread while the old one keeps
//! serving; only a complete, valid engine is swapped in. A broken file keeps
//! the old version, and the failure shows in the log, in `/readyz` and in
//! `lintas_reload_failures_total`.
//!
//! The pattern state is kept across reloads; changed pattern windows take
//! effect at the next start.

use crate::engine::{Engine, EngineOptions};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// The outcome of the last reload, for `/readyz`.
#[derive(Clone, Debug, Serialize)]
pub struct ReloadStatus {
    /// True when the new version was installed.
    pub ok: bool,
    /// When it finished (RFC 3339, UTC).
    pub at: String,
    /// What triggered it: `sighup`, `api`, `file-change`.
    pub trigger: String,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Loads engines from the configured files, one reload at a time.
pub struct Reloader {
    opts: EngineOptions,
    running: tokio::sync::Mutex<()>,
    last: Mutex<Option<ReloadStatus>>,
}

impl Reloader {
    /// A reloader for these files.
    pub fn new(opts: EngineOptions) -> Reloader {
        Reloader {
            opts,
            running: tokio::sync::Mutex::new(()),
            last: Mutex::new(None),
        }
    }

    /// The files whose change triggers a reload.
    pub fn options(&self) -> &EngineOptions {
        &self.opts
    }

    /// The last reload's outcome.
    pub fn last(&self) -> Option<ReloadStatus> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Loads and checks a new engine in the background. Reloads never overlap.
    pub async fn load(&self, trigger: &str) -> Result<Engine, String> {
        let _guard = self.running.lock().await;
        let opts = self.opts.clone();
        let result = tokio::task::spawn_blocking(move || Engine::load(&opts))
            .await
            .map_err(|e| format!("reload task failed: {e}"))
            .and_then(|r| r.map_err(|e| format!("{e:#}")));
        let status = ReloadStatus {
            ok: result.is_ok(),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            trigger: trigger.to_string(),
            error: result.as_ref().err().cloned(),
        };
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(status);
        result
    }
}

/// Size and modification time of every watched file, in a stable order.
pub type Fingerprint = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

/// Takes the fingerprint of the files an engine is loaded from.
pub fn fingerprint(opts: &EngineOptions) -> Fingerprint {
    let mut files: Vec<PathBuf> = opts.watchlists.clone();
    files.extend(opts.registry.clone());
    if let Some(dir) = &opts.rules {
        walk(dir, &mut files, 0);
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let meta = std::fs::metadata(&p)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (p, meta)
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 8 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out, depth + 1);
        } else {
            out.push(p);
        }
    }
}
