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
//!
//! # Compaction
//!
//! The pattern state only needs crossings inside its longest window, so the
//! log is rewritten now and then without the crossings older than a cutoff
//! ([`HistoryStore::compact`]). Appends never wait for the bulk of it:
//!
//! 1. on its own thread, copy every line among the log's first `N` bytes
//!    (its length when the compaction began) whose `crossing_time` is at or
//!    after the cutoff to `history.ndjson.tmp`, and `fsync` it; meanwhile
//!    the writer goes on appending to the old log;
//! 2. on the writer thread, between two commit groups: append the lines
//!    written since (from byte `N`) to the copy and `fsync` it;
//! 3. rename the copy over `history.ndjson` (atomic) and `fsync` the
//!    directory;
//! 4. reopen `history.ndjson` for appending.
//!
//! Only steps 2 to 4 hold up appends, and step 2 copies only the lines
//! appended during step 1. One compaction runs at a time; one asked for
//! meanwhile runs after it (a third supersedes the second).
//!
//! There is only ever one log, so recovery is unambiguous: a crash before
//! step 2 leaves the old, complete log (the leftover `.tmp` is deleted at
//! the next start); a crash after it leaves the compacted log, which holds
//! every acknowledged crossing inside the window. No record is ever in two
//! files, so none is replayed twice.

use crate::model::Traveller;
use anyhow::{bail, Context, Result};
use chrono::{DateTime, FixedOffset};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::oneshot;

/// The history log's file name inside the state directory.
pub const HISTORY_FILE: &str = "history.ndjson";
/// The compacted copy of the log while it is being written; renamed over
/// [`HISTORY_FILE`] once durable, deleted at start if a crash left it.
pub const COMPACT_TMP_FILE: &str = "history.ndjson.tmp";
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

/// What one compaction did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactStats {
    /// Lines kept (crossing at or after the cutoff).
    pub kept: u64,
    /// Lines dropped (crossing before the cutoff).
    pub dropped: u64,
    /// Size of the log before, in bytes.
    pub bytes_before: u64,
    /// Size of the log after, in bytes.
    pub bytes_after: u64,
}

/// The outcome of a compaction, once it is done (or why it was not).
pub type CompactAck = oneshot::Receiver<Result<CompactStats, String>>;

/// Work for the writer thread, done in the order queued.
enum Msg {
    Append(Job),
    Compact {
        /// Unix seconds: crossings before it are dropped.
        cutoff: i64,
        done: oneshot::Sender<Result<CompactStats, String>>,
    },
}

/// An open history store (and audit log).
pub struct HistoryStore {
    tx: Mutex<Option<mpsc::Sender<Msg>>>,
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
        remove_leftover_tmp(dir)?;
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
        let mut store = HistoryStore::start(Some((path, file)), open_audit(audit)?)?;
        store.dir = Some(dir.to_path_buf());
        store._lock = Some(lock);
        Ok((store, history))
    }

    /// A store that keeps no history on disk (no `--state`); appends only
    /// write the audit log, if one is given.
    pub fn ephemeral(audit: Option<&Path>) -> Result<HistoryStore> {
        HistoryStore::start(None, open_audit(audit)?)
    }

    fn start(history: Option<(PathBuf, File)>, audit: Option<File>) -> Result<HistoryStore> {
        let failed = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel::<Msg>();
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
                if let Err(mpsc::SendError(Msg::Append(job))) =
                    tx.send(Msg::Append(Job { append, done }))
                {
                    let _ = job.done.send(Err("the history store is closed".into()));
                }
            }
            None => {
                let _ = done.send(Err("the history store is closed".into()));
            }
        }
        ack
    }

    /// Queues a compaction: the log is rewritten without the crossings
    /// before `cutoff` (see the module documentation). Appends go on while
    /// it copies, and every append acknowledged before or during it is in
    /// the new log. The receiver resolves when it is done; it may be dropped (the outcome is logged either way). A
    /// failed compaction leaves the old log in place and the store working,
    /// unless the new log cannot be reopened (then the store fails).
    pub fn compact(&self, cutoff: DateTime<FixedOffset>) -> CompactAck {
        let (done, ack) = oneshot::channel();
        let guard = self.tx.lock().unwrap_or_else(|p| p.into_inner());
        let msg = Msg::Compact {
            cutoff: cutoff.timestamp(),
            done,
        };
        match guard.as_ref() {
            Some(tx) => {
                if let Err(mpsc::SendError(Msg::Compact { done, .. })) = tx.send(msg) {
                    let _ = done.send(Err("the history store is closed".into()));
                }
            }
            None => {
                if let Msg::Compact { done, .. } = msg {
                    let _ = done.send(Err("the history store is closed".into()));
                }
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

/// Deletes a compacted copy left by a crash before its rename: the log
/// itself is complete then, and the copy is a subset of it.
fn remove_leftover_tmp(dir: &Path) -> Result<()> {
    let tmp = dir.join(COMPACT_TMP_FILE);
    match std::fs::remove_file(&tmp) {
        Ok(()) => {
            tracing::warn!(
                file = %tmp.display(),
                "removed an unfinished compaction (crash before its rename); the log is complete"
            );
            sync_dir(dir).with_context(|| format!("cannot sync {}", dir.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", tmp.display())),
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

fn writer_loop(
    rx: mpsc::Receiver<Msg>,
    mut history: Option<(PathBuf, File)>,
    mut audit: Option<File>,
    failed: Arc<AtomicBool>,
) {
    let mut next = None;
    // The compaction copying in the background, and one asked for
    // meanwhile (started when the running one is done).
    let mut running: Option<Running> = None;
    let mut queued: Option<(i64, CompactDone)> = None;
    // Without it (a thread that cannot start) the two logs sync one after
    // the other.
    let audit_sync = audit.as_ref().and_then(|f| match Syncer::start(f) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!(error = %e, "cannot start the audit sync thread; syncing the logs one after the other");
            None
        }
    });
    loop {
        let copied = running.as_ref().and_then(|r| match r.copied.try_recv() {
            Ok(copied) => Some(copied),
            Err(mpsc::TryRecvError::Empty) => None,
            // The copy thread died without an answer (a panic): the old
            // log is untouched; give up this compaction.
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err("the compaction thread stopped".to_string()))
            }
        });
        if let Some(copied) = copied {
            let r = running.take().expect("a running compaction");
            let outcome = finish_logged(&mut history, &r, copied, &failed);
            let _ = r.done.send(outcome);
            if let Some((cutoff, done)) = queued.take() {
                running = start_compaction(&history, cutoff, done, &failed);
            }
        }
        let msg = match next.take() {
            Some(m) => m,
            // While a copy runs, wake up now and then to finish it.
            None if running.is_some() => match rx.recv_timeout(COMPACT_POLL) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(m) => m,
                Err(_) => break,
            },
        };
        let first = match msg {
            Msg::Append(j) => j,
            Msg::Compact { cutoff, done } => {
                if running.is_some() {
                    // The newest cutoff wins; the older request is answered
                    // by the compaction that will run.
                    if let Some((_, old)) = queued.replace((cutoff, done)) {
                        let _ = old.send(Err("superseded by a later compaction".into()));
                    }
                } else {
                    running = start_compaction(&history, cutoff, done, &failed);
                }
                continue;
            }
        };
        // A group: appends queued meanwhile, up to a compaction.
        let mut jobs = vec![first];
        while jobs.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(Msg::Append(j)) => jobs.push(j),
                Ok(other) => {
                    next = Some(other);
                    break;
                }
                Err(_) => break,
            }
        }
        let result = if failed.load(Ordering::SeqCst) {
            Err("the history store failed earlier; see the log".to_string())
        } else {
            let r = commit(
                &jobs,
                history.as_mut().map(|(_, f)| f),
                audit.as_mut(),
                audit_sync.as_ref(),
            );
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
    // Closing: let a running compaction finish (the old log is complete
    // either way).
    if let Some(r) = running.take() {
        let copied = r
            .copied
            .recv()
            .unwrap_or_else(|_| Err("the compaction thread stopped".into()));
        let outcome = finish_logged(&mut history, &r, copied, &failed);
        let _ = r.done.send(outcome);
    }
    if let Some((_, done)) = queued {
        let _ = done.send(Err("the history store is closed".into()));
    }
}

/// How often the writer looks whether a background copy is done while no
/// append arrives.
const COMPACT_POLL: std::time::Duration = std::time::Duration::from_millis(2);

type CompactDone = oneshot::Sender<Result<CompactStats, String>>;

/// A compaction whose bulk copy runs on its own thread: the first `upto`
/// bytes of the log (every line there when it started) are filtered into
/// the temporary file while appends go on to the old log. The writer then
/// copies the lines appended since, and swaps the logs
/// ([`finish_compaction`]).
struct Running {
    upto: u64,
    started: std::time::Instant,
    copied: mpsc::Receiver<Result<CompactStats, String>>,
    done: CompactDone,
}

/// Starts a compaction's bulk copy; answers at once when there is nothing
/// to compact (no log) or it cannot start.
fn start_compaction(
    history: &Option<(PathBuf, File)>,
    cutoff: i64,
    done: CompactDone,
    failed: &AtomicBool,
) -> Option<Running> {
    if failed.load(Ordering::SeqCst) {
        let _ = done.send(Err("the history store failed earlier; see the log".into()));
        return None;
    }
    let Some((path, file)) = history.as_ref() else {
        let _ = done.send(Ok(CompactStats::default()));
        return None;
    };
    // The writer is the only one appending, and only whole lines, so the
    // length now ends a line.
    let upto = match file.metadata() {
        Ok(m) => m.len(),
        Err(e) => {
            let e = format!("cannot read the size of {}: {e}", path.display());
            tracing::error!(error = %e, "history log compaction failed; the old log stays in use");
            let _ = done.send(Err(e));
            return None;
        }
    };
    let (tx, copied) = mpsc::channel();
    let (src, tmp) = (path.clone(), tmp_path(path));
    let spawned = std::thread::Builder::new()
        .name("lintas-compact".into())
        .spawn(move || {
            let r = write_compacted(&src, &tmp, cutoff, upto);
            if r.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        let e = format!("cannot start the compaction thread: {e}");
        tracing::error!(error = %e, "history log compaction failed; the old log stays in use");
        let _ = done.send(Err(e));
        return None;
    }
    Some(Running {
        upto,
        started: std::time::Instant::now(),
        copied,
        done,
    })
}

/// Finishes a compaction whose copy is done and logs the outcome.
fn finish_logged(
    history: &mut Option<(PathBuf, File)>,
    r: &Running,
    copied: Result<CompactStats, String>,
    failed: &AtomicBool,
) -> Result<CompactStats, String> {
    let Some((path, file)) = history.as_mut() else {
        return Ok(CompactStats::default());
    };
    let outcome = match copied {
        Err(e) => {
            // The copy thread removes its file on an error it returns, not
            // on one it died of.
            let _ = std::fs::remove_file(tmp_path(path));
            Err(CompactError::Skipped(e))
        }
        Ok(_) if failed.load(Ordering::SeqCst) => {
            let _ = std::fs::remove_file(tmp_path(path));
            Err(CompactError::Skipped(
                "the history store failed meanwhile; compaction abandoned".into(),
            ))
        }
        Ok(stats) => finish_compaction(path, r.upto, stats),
    };
    match outcome {
        Ok((stats, new)) => {
            *file = new;
            tracing::info!(
                kept = stats.kept,
                dropped = stats.dropped,
                bytes_before = stats.bytes_before,
                bytes_after = stats.bytes_after,
                ms = r.started.elapsed().as_millis() as u64,
                "history log compacted"
            );
            Ok(stats)
        }
        Err(CompactError::Skipped(e)) => {
            tracing::error!(error = %e, "history log compaction failed; the old log stays in use");
            Err(e)
        }
        Err(CompactError::Fatal(e)) => {
            tracing::error!(error = %e, "history log compaction failed after the rename; refusing further screening");
            failed.store(true, Ordering::SeqCst);
            Err(e)
        }
    }
}

enum CompactError {
    /// Nothing changed: the old log is still the log and still open.
    Skipped(String),
    /// The new log is in place but could not be opened or made durable.
    Fatal(String),
}

/// Only the field compaction needs (serde skips the rest of the line).
#[derive(serde::Deserialize)]
struct Stamp {
    crossing_time: DateTime<FixedOffset>,
}

fn log_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn tmp_path(path: &Path) -> PathBuf {
    log_dir(path).join(COMPACT_TMP_FILE)
}

/// The writer's part of a compaction, between two commit groups: appends
/// the lines written to the log since the copy began (from byte `upto`)
/// to the copy, syncs it, renames it over `path`, syncs the directory and
/// returns the new log opened for appending.
fn finish_compaction(
    path: &Path,
    upto: u64,
    mut stats: CompactStats,
) -> Result<(CompactStats, File), CompactError> {
    let tmp = tmp_path(path);
    let skipped = |e: String| {
        let _ = std::fs::remove_file(&tmp);
        CompactError::Skipped(e)
    };
    let tail = (|| -> std::io::Result<Vec<u8>> {
        let mut src = File::open(path)?;
        std::io::Seek::seek(&mut src, std::io::SeekFrom::Start(upto))?;
        let mut tail = Vec::new();
        src.read_to_end(&mut tail)?;
        Ok(tail)
    })()
    .map_err(|e| skipped(format!("cannot read the end of {}: {e}", path.display())))?;
    if tail.last().is_some_and(|b| *b != b'\n') {
        return Err(skipped(format!(
            "{} ends in an incomplete line; not compacting",
            path.display()
        )));
    }
    let lines = tail.iter().filter(|b| **b == b'\n').count() as u64;
    stats.kept += lines;
    stats.bytes_before = upto + tail.len() as u64;
    stats.bytes_after += tail.len() as u64;
    (|| -> std::io::Result<()> {
        let mut out = OpenOptions::new().append(true).open(&tmp)?;
        out.write_all(&tail)?;
        out.sync_all()
    })()
    .map_err(|e| skipped(format!("cannot finish {}: {e}", tmp.display())))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        return Err(skipped(format!(
            "cannot rename {} over {}: {e}",
            tmp.display(),
            path.display()
        )));
    }
    let dir = log_dir(path);
    let fatal = |what: &str, e: std::io::Error| CompactError::Fatal(format!("{what}: {e}"));
    sync_dir(dir).map_err(|e| fatal(&format!("cannot sync {}", dir.display()), e))?;
    let file = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| fatal(&format!("cannot reopen {}", path.display()), e))?;
    Ok((stats, file))
}

/// Writes the lines among the first `upto` bytes of `path` whose crossing
/// is at or after `cutoff` to `tmp`, and syncs it (the compaction's bulk,
/// on its own thread).
fn write_compacted(
    path: &Path,
    tmp: &Path,
    cutoff: i64,
    upto: u64,
) -> Result<CompactStats, String> {
    let src = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut stats = CompactStats {
        bytes_before: upto,
        ..CompactStats::default()
    };
    let out = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .open(tmp)
        .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut src = BufReader::with_capacity(1 << 20, src.take(upto));
    let mut line = Vec::new();
    let mut n = 0u64;
    loop {
        line.clear();
        let read = src
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if read == 0 {
            break;
        }
        n += 1;
        if line.last() != Some(&b'\n') {
            // Only a failed write leaves a partial line, and then the store
            // has stopped; never drop or complete it here.
            return Err(format!(
                "{} line {n} is incomplete; not compacting",
                path.display()
            ));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let stamp: Stamp = serde_json::from_slice(&line).map_err(|e| {
            format!(
                "{} line {n} has no readable crossing_time ({e}); not compacting",
                path.display()
            )
        })?;
        if stamp.crossing_time.timestamp() >= cutoff {
            out.write_all(&line)
                .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
            stats.kept += 1;
            stats.bytes_after += line.len() as u64;
        } else {
            stats.dropped += 1;
        }
    }
    let out = out
        .into_inner()
        .map_err(|e| format!("cannot write {}: {}", tmp.display(), e.error()))?;
    out.sync_all()
        .map_err(|e| format!("cannot sync {}: {e}", tmp.display()))?;
    Ok(stats)
}

/// A thread that `fdatasync`s one file (the audit log) when asked, so that a
/// commit group syncs the history and audit logs at the same time and
/// waits for the slower of the two syncs instead of their sum.
struct Syncer {
    go: mpsc::Sender<()>,
    done: mpsc::Receiver<std::io::Result<()>>,
}

impl Syncer {
    /// Starts the thread on a second handle of `file`.
    fn start(file: &File) -> std::io::Result<Syncer> {
        let f = file.try_clone()?;
        let (go, asked) = mpsc::channel::<()>();
        let (answer, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("lintas-sync".into())
            .spawn(move || {
                for () in asked {
                    if answer.send(f.sync_data()).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Syncer { go, done })
    }

    /// Asks for a sync; false when the thread is gone.
    fn begin(&self) -> bool {
        self.go.send(()).is_ok()
    }

    /// Waits for the sync asked for by [`begin`](Self::begin).
    fn wait(&self) -> std::io::Result<()> {
        self.done
            .recv()
            .unwrap_or_else(|_| Err(std::io::Error::other("the sync thread stopped")))
    }
}

/// Writes a group's lines (history first, then audit) and makes both
/// durable, the two syncs running at once when `audit_sync` is there. So a
/// group whose history sync fails may leave audit lines for decisions that
/// were never acknowledged (the store then fails and they get 503).
fn commit(
    jobs: &[Job],
    history: Option<&mut File>,
    audit: Option<&mut File>,
    audit_sync: Option<&Syncer>,
) -> Result<(), String> {
    let history = write_lines(history, jobs, |a| &a.history, "history log")?;
    let audit = write_lines(audit, jobs, |a| &a.audit, "audit log")?;
    // The audit log's sync on its thread, if both need one.
    let aside = history.is_some() && audit.is_some() && audit_sync.is_some_and(Syncer::begin);
    let synced_history = history.map(|f| f.sync_data()).unwrap_or(Ok(()));
    let synced_audit = match (aside, audit_sync, audit) {
        (true, Some(s), _) => s.wait(),
        (_, _, Some(f)) => f.sync_data(),
        _ => Ok(()),
    };
    synced_history.map_err(|e| format!("cannot sync the history log: {e}"))?;
    synced_audit.map_err(|e| format!("cannot sync the audit log: {e}"))
}

/// Appends the group's lines of one part (`part` of each job) to `file`;
/// returns the file when there was something to write (so to sync).
fn write_lines<'f>(
    file: Option<&'f mut File>,
    jobs: &[Job],
    part: fn(&Append) -> &Vec<u8>,
    what: &str,
) -> Result<Option<&'f mut File>, String> {
    let Some(f) = file else { return Ok(None) };
    let buf: Vec<u8> = jobs
        .iter()
        .flat_map(|j| part(&j.append).iter().copied())
        .collect();
    if buf.is_empty() {
        return Ok(None);
    }
    f.write_all(&buf)
        .map_err(|e| format!("cannot append to the {what}: {e}"))?;
    Ok(Some(f))
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
        traveller_at(id, "2026-05-01T08:30:00+07:00")
    }

    fn traveller_at(id: &str, time: &str) -> Traveller {
        let fields = [
            ("record_id", id),
            ("direction", "departure"),
            ("crossing_time", time),
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

    fn append(store: &HistoryStore, ts: &[Traveller]) {
        let mut a = Append::default();
        for t in ts {
            a.push_traveller(t);
        }
        store.append_blocking(a).unwrap();
    }

    fn ids(h: &[Traveller]) -> Vec<&str> {
        h.iter().map(|t| t.record_id.as_str()).collect()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// Three crossings in January, March and May.
    fn three() -> Vec<Traveller> {
        vec![
            traveller_at("JAN", "2026-01-10T08:00:00+07:00"),
            traveller_at("MAR", "2026-03-10T08:00:00+07:00"),
            traveller_at("MAY", "2026-05-10T08:00:00+07:00"),
        ]
    }

    #[test]
    fn compaction_keeps_the_window_and_appends_go_to_the_new_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(HISTORY_FILE);
        {
            let (store, _) = HistoryStore::open(dir.path(), None).unwrap();
            append(&store, &three());
            // Queued before the compaction: must be in the compacted log.
            let before = store.append({
                let mut a = Append::default();
                a.push_traveller(&traveller_at("APR", "2026-04-01T00:00:00+00:00"));
                a
            });
            let stats = store
                .compact(at("2026-02-01T00:00:00+07:00"))
                .blocking_recv()
                .unwrap()
                .unwrap();
            before.blocking_recv().unwrap().unwrap();
            assert_eq!((stats.kept, stats.dropped), (3, 1));
            assert!(stats.bytes_after < stats.bytes_before, "{stats:?}");
            assert_eq!(std::fs::metadata(&path).unwrap().len(), stats.bytes_after);
            // After it: appended to the new log, not to the unlinked old one.
            append(&store, &[traveller("LATE")]);
            assert!(!dir.path().join(COMPACT_TMP_FILE).exists());
        }
        let (_store, h) = HistoryStore::open(dir.path(), None).unwrap();
        assert_eq!(ids(&h), ["MAR", "MAY", "APR", "LATE"]);
        assert_eq!(h[0], three()[1]);
    }

    #[test]
    fn appends_during_a_compaction_land_once_in_the_new_log() {
        // A log long enough that its copy takes a while; appends acknowledged
        // while it runs go to the old log and are carried over at the swap.
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = HistoryStore::open(dir.path(), None).unwrap();
        let old: Vec<Traveller> = (0..20_000)
            .map(|i| traveller_at(&format!("OLD{i}"), "2026-01-01T00:00:00Z"))
            .collect();
        append(&store, &old);
        append(&store, &three()[1..]);
        let ack = store.compact(at("2026-02-01T00:00:00Z"));
        let late: Vec<Traveller> = (0..50)
            .map(|i| traveller_at(&format!("LATE{i}"), "2026-06-01T00:00:00Z"))
            .collect();
        for t in &late {
            append(&store, std::slice::from_ref(t));
        }
        // Queued while the first may still run: answered, never lost.
        let again = store.compact(at("2026-02-01T00:00:00Z"));
        let stats = ack.blocking_recv().unwrap();
        let again = again.blocking_recv().unwrap();
        if let Ok(stats) = &stats {
            assert_eq!(stats.dropped, 20_000);
        }
        assert!(
            again.is_ok() || stats.is_ok(),
            "no compaction ran: {again:?}"
        );
        append(&store, &[traveller_at("LAST", "2026-07-01T00:00:00Z")]);
        drop(store);
        let (_s, h) = HistoryStore::open(dir.path(), None).unwrap();
        let mut want = vec!["MAR".to_string(), "MAY".to_string()];
        want.extend((0..50).map(|i| format!("LATE{i}")));
        want.push("LAST".into());
        assert_eq!(ids(&h), want);
        assert!(!dir.path().join(COMPACT_TMP_FILE).exists());
    }

    #[test]
    fn history_and_audit_lines_are_both_written_by_each_group() {
        let dir = tempfile::tempdir().unwrap();
        let audit = dir.path().join("audit.ndjson");
        {
            let (store, _) = HistoryStore::open(dir.path(), Some(&audit)).unwrap();
            for (i, t) in three().iter().enumerate() {
                let mut a = Append::default();
                a.push_traveller(t);
                a.push_audit(&serde_json::json!({ "record_id": t.record_id, "n": i }));
                store.append_blocking(a).unwrap();
            }
            // An audit line alone (a retry: scored again, not stored).
            let mut a = Append::default();
            a.push_audit(&serde_json::json!({ "record_id": "JAN", "n": 3 }));
            store.append_blocking(a).unwrap();
        }
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(&audit)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let n: Vec<u64> = lines.iter().map(|v| v["n"].as_u64().unwrap()).collect();
        assert_eq!(n, [0, 1, 2, 3]);
        let (_s, h) = HistoryStore::open(dir.path(), Some(&audit)).unwrap();
        assert_eq!(ids(&h), ["JAN", "MAR", "MAY"]);
    }

    #[test]
    fn the_cutoff_is_inclusive_and_compacting_twice_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = HistoryStore::open(dir.path(), None).unwrap();
        append(&store, &three());
        let cutoff = three()[1].crossing_time;
        let first = store.compact(cutoff).blocking_recv().unwrap().unwrap();
        let second = store.compact(cutoff).blocking_recv().unwrap().unwrap();
        assert_eq!((first.kept, first.dropped), (2, 1));
        assert_eq!((second.kept, second.dropped), (2, 0));
        assert_eq!(second.bytes_before, second.bytes_after);
        drop(store);
        let (_s, h) = HistoryStore::open(dir.path(), None).unwrap();
        assert_eq!(ids(&h), ["MAR", "MAY"]);
    }

    #[test]
    fn a_crash_before_the_rename_leaves_the_old_log_and_the_copy_is_removed() {
        // Two crash points before the rename: the copy half written, and
        // the copy complete but not yet renamed. Either way the log is the
        // whole history, read once, and the copy is deleted.
        let torn_copy = b"{\"record_id\":\"MAR\",\"direc".to_vec();
        let mut whole_copy = Vec::new();
        for t in &three()[1..] {
            serde_json::to_writer(&mut whole_copy, t).unwrap();
            whole_copy.push(b'\n');
        }
        for copy in [torn_copy, whole_copy] {
            let dir = tempfile::tempdir().unwrap();
            {
                let (store, _) = HistoryStore::open(dir.path(), None).unwrap();
                append(&store, &three());
            }
            let tmp = dir.path().join(COMPACT_TMP_FILE);
            std::fs::write(&tmp, &copy).unwrap();
            let (store, h) = HistoryStore::open(dir.path(), None).unwrap();
            assert_eq!(ids(&h), ["JAN", "MAR", "MAY"]);
            assert!(!tmp.exists(), "leftover copy not removed");
            // And the store goes on: appends, then a compaction, work.
            append(&store, &[traveller("NEXT")]);
            store
                .compact(at("2026-02-01T00:00:00Z"))
                .blocking_recv()
                .unwrap()
                .unwrap();
            drop(store);
            let (_s, h) = HistoryStore::open(dir.path(), None).unwrap();
            assert_eq!(ids(&h), ["MAR", "MAY", "NEXT"]);
        }
    }

    #[test]
    fn a_crash_after_the_rename_replays_the_compacted_log_once() {
        // The rename is the commit point: once it happened the compacted log
        // is the log, whatever else the crash interrupted.
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, _) = HistoryStore::open(dir.path(), None).unwrap();
            append(&store, &three());
            store
                .compact(at("2026-02-01T00:00:00Z"))
                .blocking_recv()
                .unwrap()
                .unwrap();
            // No close: the process "dies" with the store open.
            std::mem::forget(store);
        }
        // The lock died with the "process" only in a real crash; here the
        // forgotten handle still holds it, so read the log directly.
        let h = replay(&dir.path().join(HISTORY_FILE)).unwrap();
        assert_eq!(ids(&h), ["MAR", "MAY"]);
    }

    #[test]
    fn an_unreadable_line_stops_the_compaction_not_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(HISTORY_FILE);
        let (store, _) = HistoryStore::open(dir.path(), None).unwrap();
        append(&store, &three());
        // A line written behind the store's back, without a crossing time.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"record_id\":\"ODD\"}\n").unwrap();
        drop(f);
        let before = std::fs::read(&path).unwrap();
        let err = store
            .compact(at("2026-02-01T00:00:00Z"))
            .blocking_recv()
            .unwrap()
            .unwrap_err();
        assert!(err.contains("line 4"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "log changed");
        assert!(!dir.path().join(COMPACT_TMP_FILE).exists());
        assert!(!store.failed());
        append(&store, &[traveller("NEXT")]);
        assert!(std::fs::read(&path).unwrap().len() > before.len());
    }

    #[test]
    fn an_ephemeral_store_compacts_to_nothing() {
        let store = HistoryStore::ephemeral(None).unwrap();
        let stats = store
            .compact(at("2026-02-01T00:00:00Z"))
            .blocking_recv()
            .unwrap()
            .unwrap();
        assert_eq!(stats, CompactStats::default());
    }

    #[test]
    fn a_second_process_cannot_share_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let (_a, _) = HistoryStore::open(dir.path(), None).unwrap();
        assert!(HistoryStore::open(dir.path(), None).is_err());
    }
}
