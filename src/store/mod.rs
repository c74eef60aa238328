//! The durable history store for stream and server.
//!
//! Every screened crossing is appended, as one JSON line, to
//! `STATE/history.ndjson`, and the file is `fsync`ed before the crossing is
//! acknowledged: a `kill -9` loses nothing that was answered. At start the
//! log is replayed into the pattern state, so travel-pattern features see
//! the whole history after a restart.
//!
//! Appends go through one writer thread that commits in groups: the
//! requests that arrive while a sync is running are written together and
//! share the next sync, so durability costs one `fsync` per group, not per
//! request. The same thread appends decision lines to the audit log.
//!
//! A torn last line (a crash in the middle of a write) was never
//! acknowledged; it is cut off at replay with a warning. Any other
//! unreadable line stops the start with its line number: history is never
//! dropped silently.

use crate::model::Traveller;
use anyhow::{bail, Context, Result};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::oneshot;

/// The history log's file name inside the state directory.
pub const HISTORY_FILE: &str = "history.ndjson";
/// The lock file that keeps two processes off one state directory.
pub const LOCK_FILE: &str = "lock";
/// At most this many appends share one sync.
const MAX_GROUP: usize = 4096;

/// Lines to make durable together: history records and audit lines.
#[derive(Debug, Default)]
pub struct Append {
    /// History lines (each a JSON traveller, newline-terminated).
    pub history: Vec<u8>,
    /// Audit lines (each a JSON object, newline-terminated).
    pub audit: Vec<u8>,
}

impl Append {
    /// Adds one traveller to the history part.
    pub fn push_traveller(&mut self, t: &Traveller) {
        // A Traveller always serialises (plain data, string keys).
        if serde_json::to_writer(&mut self.history, t).is_ok() {
            self.history.push(b'\n');
        }
    }

    /// Adds one audit object.
    pub fn push_audit(&mut self, v: &serde_json::Value) {
        self.audit.extend_from_slice(v.to_string().as_bytes());
        self.audit.push(b'\n');
    }

    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.history.is_empty() && self.audit.is_empty()
    }
}

/// The outcome of an append: `Ok` once durable, else why not.
pub type Ack = oneshot::Receiver<Result<(), String>>;

struct Job {
    append: Append,
    done: oneshot::Sender<Result<(), String>>,
}

/// An open history store (and audit log).
pub struct HistoryStore {
    tx: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    failed: Arc<AtomicBool>,
    dir: Option<PathBuf>,
    _lock: Option<File>,
}

impl HistoryStore {
    /// Opens (creating if needed) the store in `dir`, returning it with the
    /// recorded history in append order. `audit` is the audit log file, if any.
    pub fn open(dir: &Path, audit: Option<&Path>) -> Result<(HistoryStore, Vec<Traveller>)> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create state directory {}", dir.display()))?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))
            .with_context(|| format!("cannot open {}", dir.join(LOCK_FILE).display()))?;
        if lock.try_lock().is_err() {
            bail!(
                "state directory {} is in use by another lintas process",
                dir.display()
            );
        }
        let path = dir.join(HISTORY_FILE);
        let history = replay(&path)?;
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot open {} for appending", path.display()))?;
        // Make the file's directory entry durable too.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        let mut store = HistoryStore::start(Some(file), open_audit(audit)?)?;
        store.dir = Some(dir.to_path_buf());
        store._lock = Some(lock);
        Ok((store, history))
    }

    /// A store that keeps no history on disk (no `--state`); appends only
    /// write the audit log, if one is given.
    pub fn ephemeral(audit: Option<&Path>) -> Result<HistoryStore> {
        HistoryStore::start(None, open_audit(audit)?)
    }

    fn start(history: Option<File>, audit: Option<File>) -> Result<HistoryStore> {
        let failed = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel::<Job>();
        let f = failed.clone();
        let writer = std::thread::Builder::new()
            .name("lintas-store".into())
            .spawn(move || writer_loop(rx, history, audit, f))
            .context("cannot start the history writer thread")?;
        Ok(HistoryStore {
            tx: Mutex::new(Some(tx)),
            writer: Mutex::new(Some(writer)),
            failed,
            dir: None,
            _lock: None,
        })
    }

    /// The state directory, when history is kept on disk.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// True after a write or sync failed: the store accepts nothing more.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// Queues lines; the returned receiver resolves once they are durable.
    pub fn append(&self, append: Append) -> Ack {
        let (done, ack) = oneshot::channel();
        if self.failed() {
            let _ = done.send(Err("the history store failed earlier; see the log".into()));
            return ack;
        }
        let guard = self.tx.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(tx) => {
                if let Err(mpsc::SendError(job)) = tx.send(Job { append, done }) {
                    let _ = job.done.send(Err("the history store is closed".into()));
                }
            }
            None => {
                let _ = done.send(Err("the history store is closed".into()));
            }
        }
        ack
    }

    /// Appends and waits (for callers outside an async runtime).
    pub fn append_blocking(&self, append: Append) -> Result<(), String> {
        self.append(append)
            .blocking_recv()
            .unwrap_or_else(|_| Err("the history writer stopped".into()))
    }

    /// Stops the writer after it has written everything queued.
    pub fn close(&self) {
        self.tx.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = self.writer.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = h.join();
        }
    }
}

impl Drop for HistoryStore {
    fn drop(&mut self) {
        self.close();
    }
}

fn open_audit(path: Option<&Path>) -> Result<Option<File>> {
    let Some(p) = path else { return Ok(None) };
    if let Some(d) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    let f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(p)
        .with_context(|| format!("cannot open audit log {}", p.display()))?;
    Ok(Some(f))
}

fn writer_loop(
    rx: mpsc::Receiver<Job>,
    mut history: Option<File>,
    mut audit: Option<File>,
    failed: Arc<AtomicBool>,
) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let result = if failed.load(Ordering::SeqCst) {
            Err("the history store failed earlier; see the log".to_string())
        } else {
            let r = commit(&jobs, history.as_mut(), audit.as_mut());
            if let Err(e) = &r {
                tracing::error!(error = %e, "history store write failed; refusing further screening");
                failed.store(true, Ordering::SeqCst);
            }
            r
        };
        for j in jobs {
            let _ = j.done.send(result.clone());
        }
    }
}

fn commit(
    jobs: &[Job],
    history: Option<&mut File>,
    audit: Option<&mut File>,
) -> Result<(), String> {
    if let Some(f) = history {
        let buf: Vec<u8> = jobs
            .iter()
            .flat_map(|j| j.append.history.iter().copied())
            .collect();
        if !buf.is_empty() {
            f.write_all(&buf)
                .map_err(|e| format!("cannot append to the history log: {e}"))?;
            f.sync_data()
                .map_err(|e| format!("cannot sync the history log: {e}"))?;
        }
    }
    if let Some(f) = audit {
        let buf: Vec<u8> = jobs
            .iter()
            .flat_map(|j| j.append.audit.iter().copied())
            .collect();
        if !buf.is_empty() {
            f.write_all(&buf)
                .map_err(|e| format!("cannot append to the audit log: {e}"))?;
            f.sync_data()
                .map_err(|e| format!("cannot sync the audit log: {e}"))?;
        }
    }
    Ok(())
}

/// Reads the history log; cuts off a torn last line.
fn replay(path: &Path) -> Result<Vec<Traveller>> {
    let mut bytes = Vec::new();
    match File::open(path) {
        Ok(mut f) => {
            f.read_to_end(&mut bytes)
                .with_context(|| format!("cannot read {}", path.display()))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot open {}", path.display())),
    }
    let complete = bytes
        .iter()
        .rposition(|b| *b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    if complete < bytes.len() {
        tracing::warn!(
            bytes = bytes.len() - complete,
            "history log ends in a torn line (crash during a write, never acknowledged); cutting it off"
        );
        let f = OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot repair {}", path.display()))?;
        f.set_len(complete as u64)
            .with_context(|| format!("cannot repair {}", path.display()))?;
        f.sync_all()
            .with_context(|| format!("cannot repair {}", path.display()))?;
    }
    let mut out = Vec::new();
    for (n, line) in bytes[..complete].split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let t: Traveller = serde_json::from_slice(line).with_context(|| {
            format!(
                "{} line {} is not a history record; repair or move the file aside",
                path.display(),
                n + 1
            )
        })?;
        out.push(t);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{validate, ValidateOptions};
    use crate::model::RawRecord;

    fn traveller(id: &str) -> Traveller {
        let fields = [
            ("record_id", id),
            ("direction", "departure"),
            ("crossing_time", "2026-05-01T08:30:00+07:00"),
            ("port", "CGK"),
            ("destination_country", "MYS"),
            ("full_name", "SITI AMINAH"),
            ("birth_date", "1999-02"),
        ];
        let raw = RawRecord {
            source: "t".into(),
            row: 1,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        validate(&raw, &ValidateOptions::default()).expect("valid")
    }

    #[test]
    fn appended_records_replay_and_torn_tail_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, h) = HistoryStore::open(dir.path(), None).unwrap();
            assert!(h.is_empty());
            for id in ["R1", "R2"] {
                let mut a = Append::default();
                a.push_traveller(&traveller(id));
                store.append_blocking(a).unwrap();
            }
        }
        // A crash in the middle of a write.
        let path = dir.path().join(HISTORY_FILE);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"record_id\":\"R3\",\"dir").unwrap();
        drop(f);
        let (_store, h) = HistoryStore::open(dir.path(), None).unwrap();
        let ids: Vec<_> = h.iter().map(|t| t.record_id.as_str()).collect();
        assert_eq!(ids, ["R1", "R2"]);
        assert_eq!(h[0], traveller("R1"));
    }

    #[test]
    fn corrupt_middle_line_stops_the_start() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(HISTORY_FILE), b"not json\n").unwrap();
        let err = HistoryStore::open(dir.path(), None)
            .err()
            .expect("error")
            .to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn a_second_process_cannot_share_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let (_a, _) = HistoryStore::open(dir.path(), None).unwrap();
        assert!(HistoryStore::open(dir.path(), None).is_err());
    }
}
