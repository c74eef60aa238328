//! The HTTP scorer (`lintas serve`): tokio + axum over one [`Screener`].
//!
//! Routes are listed once in [`ROUTES`]; the router is built from that list
//! and a test keeps it equal to the checked-in `docs/openapi.json`, which is
//! served at `/openapi.json`. See docs/server.md for the operator's view.

// Handlers return `Result<_, Response>`: the error is the finished HTTP
// answer, the axum idiom; boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod metrics;
pub mod reload;

use crate::engine::{Engine, EngineOptions};
use crate::ingest::json::StrictValue;
use crate::ingest::FieldError;
use crate::model::{Flag, Traveller};
use crate::pipeline::stream::{traveller_from_json, Caller, Screener};
use crate::store::HistoryStore;
use anyhow::{Context, Result};
use auth::{Denied, Keys, Role};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use metrics::{Gauges, Metrics, Stages};
use reload::Reloader;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The OpenAPI document, as checked in.
pub const OPENAPI: &str = include_str!("../../docs/openapi.json");

/// Every route: (method, path). The router is built from this list.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/v1/screen"),
    ("post", "/v1/screen/batch"),
    ("get", "/v1/rules"),
    ("get", "/v1/watchlists"),
    ("post", "/v1/reload"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
];

/// Most records in one `/v1/screen/batch` request.
pub const MAX_BATCH: usize = 1000;

/// How to run the server.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to listen on (port 0 picks a free one).
    pub listen: SocketAddr,
    /// Rules, lists and registry.
    pub engine: EngineOptions,
    /// State directory for the durable history; `None` keeps history in memory only.
    pub state: Option<PathBuf>,
    /// API keys file; `None` disables authentication.
    pub keys: Option<PathBuf>,
    /// Audit log; default `STATE/audit.ndjson` when a state directory is given.
    pub audit: Option<PathBuf>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Per-request time limit.
    pub timeout: Duration,
    /// How often watched files are polled; `None` disables the watcher.
    pub watch_interval: Option<Duration>,
}

/// Shared by every request.
pub struct AppState {
    screener: Arc<Screener>,
    keys: Option<Keys>,
    metrics: Metrics,
    reloader: Reloader,
    timeout: Duration,
}

type Shared = Arc<AppState>;

impl AppState {
    /// Builds the state: loads keys, opens the store and replays it.
    pub fn open(opts: &ServeOptions, engine: Engine) -> Result<AppState> {
        let keys = match &opts.keys {
            Some(p) => Some(Keys::load(p)?),
            None => {
                tracing::warn!(
                    "no --keys file: authentication is off, every caller may screen and reload"
                );
                None
            }
        };
        let audit = opts
            .audit
            .clone()
            .or_else(|| opts.state.as_ref().map(|d| d.join("audit.ndjson")));
        let (store, history) = match &opts.state {
            Some(dir) => HistoryStore::open(dir, audit.as_deref())?,
            None => {
                tracing::warn!("no --state directory: history is kept in memory and lost at exit");
                (HistoryStore::ephemeral(audit.as_deref())?, Vec::new())
            }
        };
        let replayed = history.len();
        let screener = Screener::new(engine, store, history, audit.is_some());
        tracing::info!(replayed, "history replayed");
        Ok(AppState {
            screener: Arc::new(screener),
            keys,
            metrics: Metrics::default(),
            reloader: Reloader::new(opts.engine.clone()),
            timeout: opts.timeout,
        })
    }

    fn authorize(&self, headers: &HeaderMap, role: Role) -> Result<Caller, Response> {
        let Some(keys) = &self.keys else {
            return Ok(Caller {
                key_id: "anonymous".into(),
            });
        };
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .or_else(|| headers.get("x-api-key").and_then(|v| v.to_str().ok()))
            .map(str::trim);
        match keys.check(presented, role) {
            Ok(k) => Ok(Caller {
                key_id: k.id.clone(),
            }),
            Err(Denied::Unauthenticated) => {
                tracing::info!("request refused: missing or unknown API key");
                Err(error(
                    StatusCode::UNAUTHORIZED,
                    "missing or unknown API key (send Authorization: Bearer KEY)",
                    &[],
                ))
            }
            Err(Denied::Forbidden(id)) => {
                tracing::info!(key_id = %id, needed = role.as_str(), "request refused: role");
                Err(error(
                    StatusCode::FORBIDDEN,
                    &format!("key '{id}' lacks the {} role", role.as_str()),
                    &[],
                ))
            }
        }
    }

    /// Reloads the engine; on failure the old one keeps serving.
    pub async fn reload(&self, trigger: &str) -> Result<Arc<Engine>, String> {
        match self.reloader.load(trigger).await {
            Ok(engine) => {
                let (rv, wv) = (
                    engine.pack.version.clone(),
                    engine.watchlists.version().to_string(),
                );
                self.screener.engine.swap(engine);
                self.metrics.reload(true);
                tracing::warn!(trigger, rules_version = %rv, watchlists_version = %wv, "reloaded rules and lists");
                Ok(self.screener.engine.get())
            }
            Err(e) => {
                self.metrics.reload(false);
                tracing::error!(trigger, error = %e, "reload failed; the previous version keeps serving");
                Err(e)
            }
        }
    }

    /// Screens validated records and waits until they are durable.
    async fn decide(
        self: &Arc<Self>,
        records: Vec<Traveller>,
        caller: Caller,
    ) -> Result<Vec<Flag>, Response> {
        if self.screener.store.failed() {
            return Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the history store failed; screening is refused",
                &[],
            ));
        }
        let screener = self.screener.clone();
        let c = caller.clone();
        let handed = std::time::Instant::now();
        let (flags, append, queue, screen) = tokio::task::spawn_blocking(move || {
            let queue = handed.elapsed();
            let started = std::time::Instant::now();
            let (flags, append) = screener.screen(&records, &c);
            (flags, append, queue, started.elapsed())
        })
        .await
        .map_err(|e| {
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("screening task failed: {e}"),
                &[],
            )
        })?;
        let stored = std::time::Instant::now();
        if !append.is_empty() {
            let ack = self.screener.store.append(append).await;
            if let Err(e) = ack.unwrap_or_else(|_| Err("the history writer stopped".into())) {
                return Err(error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &format!("not stored durably: {e}"),
                    &[],
                ));
            }
        }
        self.metrics.stages(Stages {
            queue,
            screen,
            store: stored.elapsed(),
        });
        for f in &flags {
            self.metrics.flag(f);
            tracing::info!(record_id = %f.record_id, key_id = %caller.key_id, score = f.score, level = %f.level, "screened");
        }
        Ok(flags)
    }
}

/// A JSON error body: `{"error": ..., "errors": [{"field", "reason"}]}`.
pub fn error(status: StatusCode, message: &str, errors: &[FieldError]) -> Response {
    let mut body = json!({ "error": message });
    if !errors.is_empty() {
        body["errors"] = errors
            .iter()
            .map(|e| json!({"field": e.field, "reason": e.reason}))
            .collect();
    }
    (status, Json(body)).into_response()
}

/// Builds the router from [`ROUTES`].
pub fn router(state: Shared, max_body_bytes: usize) -> Router {
    let mut r = Router::new();
    for (method, path) in ROUTES {
        if let Some(h) = handler(method, path) {
            r = r.route(path, h);
        } else {
            tracing::error!(method, path, "route without a handler");
        }
    }
    r.fallback(|| async {
        error(
            StatusCode::NOT_FOUND,
            "no such route; see /openapi.json",
            &[],
        )
    })
    .method_not_allowed_fallback(|| async {
        error(
            StatusCode::METHOD_NOT_ALLOWED,
            "this route does not take that method; see /openapi.json",
            &[],
        )
    })
    .layer(axum::middleware::from_fn_with_state(state.clone(), observe))
    .layer(DefaultBodyLimit::max(max_body_bytes))
    .with_state(state)
}

fn handler(method: &str, path: &str) -> Option<MethodRouter<Shared>> {
    Some(match (method, path) {
        ("post", "/v1/screen") => post(screen_one),
        ("post", "/v1/screen/batch") => post(screen_batch),
        ("get", "/v1/rules") => get(rules),
        ("get", "/v1/watchlists") => get(watchlists),
        ("post", "/v1/reload") => post(reload_api),
        ("get", "/healthz") => get(|| async { (StatusCode::OK, Json(json!({"status": "ok"}))) }),
        ("get", "/readyz") => get(readyz),
        ("get", "/metrics") => get(metrics_text),
        ("get", "/openapi.json") => {
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) })
        }
        _ => return None,
    })
}

/// Time limit, request metrics.
async fn observe(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "other".into());
    let resp = match tokio::time::timeout(s.timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => {
            tracing::warn!(route, "request timed out");
            error(StatusCode::SERVICE_UNAVAILABLE, "request timed out", &[])
        }
    };
    s.metrics
        .request(&route, resp.status().as_u16(), start.elapsed());
    resp
}

/// The request body as JSON: refused with 415 when declared as something
/// else, with its read error's status when it cannot be read (413 when too
/// large), with 400 naming the path where it stops being JSON.
fn json_body(headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<Value, Response> {
    json_declared(headers)?;
    parse_json(&body_or_error(body)?)
}

/// Refuses a body declared as something other than JSON (a form, plain
/// text) with 415, before it is read as JSON: a client that sends the
/// wrong thing learns so. A body with no declared type is read as JSON.
fn json_declared(headers: &HeaderMap) -> Result<(), Response> {
    let Some(declared) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let media = declared
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media == "application/json" || media.ends_with("+json") {
        Ok(())
    } else {
        Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the body must be JSON (Content-Type: application/json)",
            &[],
        ))
    }
}

fn body_or_error(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Response> {
    body.map_err(|e| {
        let status = e.status();
        let msg = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "request body too large".to_string()
        } else {
            format!("cannot read the request body: {e}")
        };
        error(status, &msg, &[])
    })
}

/// Parses JSON, naming the path where a syntax error was found.
fn parse_json(body: &[u8]) -> Result<Value, Response> {
    let body = crate::ingest::without_bom(body);
    let mut de = serde_json::Deserializer::from_slice(body);
    let v = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // An error where a key was due (a trailing comma, a key that is
        // no string) ends the path in serde_path_to_error's unknown
        // segment, `?`: the object is where it stopped.
        let field = match path.as_str() {
            "." | "?" => "$".to_string(),
            p => p.strip_suffix(".?").unwrap_or(p).to_string(),
        };
        error(
            StatusCode::BAD_REQUEST,
            &format!("malformed JSON: {inner}"),
            &[FieldError {
                field,
                reason: inner.to_string(),
            }],
        )
    })?;
    let StrictValue(v) = v;
    de.end().map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            &format!("malformed JSON: {e}"),
            &[FieldError {
                field: "$".into(),
                reason: e.to_string(),
            }],
        )
    })?;
    Ok(v)
}

fn prefixed(prefix: &str, errs: Vec<FieldError>) -> Vec<FieldError> {
    errs.into_iter()
        .map(|e| FieldError {
            field: if e.field == "$" {
                prefix.trim_end_matches('.').to_string()
            } else {
                format!("{prefix}{}", e.field)
            },
            reason: e.reason,
        })
        .collect()
}

async fn screen_one(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let caller = s.authorize(&headers, Role::Screen)?;
        let value = json_body(&headers, body)?;
        let t = traveller_from_json(&value, "http", 1).map_err(|errs| {
            tracing::info!(key_id = %caller.key_id, "invalid record refused");
            error(StatusCode::BAD_REQUEST, "invalid record", &errs)
        })?;
        let mut flags = s.decide(vec![t], caller).await?;
        let flag = flags
            .pop()
            .ok_or_else(|| error(StatusCode::INTERNAL_SERVER_ERROR, "no flag produced", &[]))?;
        Ok::<_, Response>(Json(flag).into_response())
    };
    run.await.unwrap_or_else(|r| r)
}

async fn screen_batch(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let caller = s.authorize(&headers, Role::Screen)?;
        let value = json_body(&headers, body)?;
        let Some(records) = value.get("records").and_then(Value::as_array) else {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "expected an object {\"records\": [...]}",
                &[FieldError {
                    field: "records".into(),
                    reason: "missing or not an array".into(),
                }],
            ));
        };
        if records.len() > MAX_BATCH {
            return Err(error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "{} records in one batch; at most {MAX_BATCH}",
                    records.len()
                ),
                &[FieldError {
                    field: "records".into(),
                    reason: format!("more than {MAX_BATCH} records"),
                }],
            ));
        }
        let mut travellers = Vec::with_capacity(records.len());
        let mut errs = Vec::new();
        let mut ids = HashSet::new();
        for (i, r) in records.iter().enumerate() {
            match traveller_from_json(r, "http", i as u64 + 1) {
                Ok(t) => {
                    if !ids.insert(t.record_id.clone()) {
                        errs.push(FieldError {
                            field: format!("records[{i}].record_id"),
                            reason: "duplicate record_id in this batch".into(),
                        });
                    }
                    travellers.push(t);
                }
                Err(e) => errs.extend(prefixed(&format!("records[{i}]."), e)),
            }
        }
        if !errs.is_empty() {
            tracing::info!(key_id = %caller.key_id, errors = errs.len(), "invalid batch refused; nothing screened");
            return Err(error(
                StatusCode::BAD_REQUEST,
                "invalid records; nothing was screened",
                &errs,
            ));
        }
        let flags = s.decide(travellers, caller).await?;
        // Serialised as the flags are, not through a `Value`, whose map
        // would sort each flag's keys (`/v1/screen` starts with
        // `record_id`, as the contract writes a flag).
        #[derive(serde::Serialize)]
        struct Flags {
            flags: Vec<Flag>,
        }
        Ok(Json(Flags { flags }).into_response())
    };
    run.await.unwrap_or_else(|r| r)
}

async fn rules(State(s): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(r) = s.authorize(&headers, Role::Screen) {
        return r;
    }
    let e = s.screener.engine.get();
    let rules: Vec<Value> = e
        .pack
        .rules
        .iter()
        .map(|r| {
            let status = match r.status {
                crate::rules::Status::Active => "active",
                crate::rules::Status::Shadow => "shadow",
                crate::rules::Status::Disabled => "disabled",
            };
            json!({"id": r.id, "version": r.version, "status": status})
        })
        .collect();
    Json(json!({"rules_version": e.pack.version, "rules": rules})).into_response()
}

async fn watchlists(State(s): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(r) = s.authorize(&headers, Role::Screen) {
        return r;
    }
    let e = s.screener.engine.get();
    let files: Vec<Value> = e
        .watchlists
        .lists()
        .iter()
        .map(|l| {
            let file = std::path::Path::new(&l.path)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            json!({"file": file, "lists": l.lists, "entries": l.entries, "version": l.version})
        })
        .collect();
    Json(json!({"watchlists_version": e.watchlists.version(), "entries": e.watchlists.len(), "files": files})).into_response()
}

async fn reload_api(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let caller = match s.authorize(&headers, Role::Admin) {
        Ok(c) => c,
        Err(r) => return r,
    };
    tracing::warn!(key_id = %caller.key_id, "reload requested");
    match s.reload("api").await {
        Ok(e) => Json(json!({
            "reloaded": true,
            "rules_version": e.pack.version,
            "watchlists_version": e.watchlists.version(),
        }))
        .into_response(),
        Err(msg) => {
            let e = s.screener.engine.get();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "reloaded": false,
                    "error": msg,
                    "serving": {"rules_version": e.pack.version, "watchlists_version": e.watchlists.version()},
                })),
            )
                .into_response()
        }
    }
}

async fn readyz(State(s): State<Shared>) -> Response {
    let e = s.screener.engine.get();
    let failed = s.screener.store.failed();
    let body = json!({
        "ready": !failed,
        "rules_version": e.pack.version,
        "watchlists_version": e.watchlists.version(),
        "rules": e.pack.rules.len(),
        "watchlist_entries": e.watchlists.len(),
        "history_records": s.screener.history_len(),
        "store": if failed { "failed" } else { "ok" },
        "durable": s.screener.store.dir().is_some(),
        "last_reload": s.reloader.last(),
    });
    let status = if failed {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (status, Json(body)).into_response()
}

async fn metrics_text(State(s): State<Shared>) -> Response {
    let e = s.screener.engine.get();
    let text = s.metrics.render(&Gauges {
        history_records: s.screener.history_len(),
        watchlist_entries: e.watchlists.len(),
        rules: e.pack.rules.len(),
        rules_version: &e.pack.version,
        watchlists_version: e.watchlists.version(),
        store_failed: s.screener.store.failed(),
    });
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// Loads everything, binds, prints the address on stderr, and serves until
/// SIGTERM or Ctrl-C. SIGHUP and file changes reload rules and lists.
pub async fn serve(opts: ServeOptions) -> Result<()> {
    let engine_opts = opts.engine.clone();
    let engine = tokio::task::spawn_blocking(move || Engine::load(&engine_opts))
        .await
        .context("engine load task")??;
    let state: Shared = Arc::new(AppState::open(&opts, engine)?);
    let listener = tokio::net::TcpListener::bind(opts.listen)
        .await
        .with_context(|| format!("cannot listen on {}", opts.listen))?;
    let addr = listener.local_addr()?;
    spawn_sighup(state.clone())?;
    if let Some(every) = opts.watch_interval {
        spawn_watcher(state.clone(), every);
    }
    let app = router(state.clone(), opts.max_body_bytes);
    eprintln!("lintas serve: listening on http://{addr}");
    tracing::info!(%addr, "listening");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
        .context("server failed")?;
    state.screener.store.close();
    Ok(())
}

fn spawn_sighup(state: Shared) -> Result<()> {
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .context("cannot listen for SIGHUP")?;
    tokio::spawn(async move {
        while hup.recv().await.is_some() {
            let _ = state.reload("sighup").await;
        }
    });
    Ok(())
}

fn spawn_watcher(state: Shared, every: Duration) {
    tokio::spawn(async move {
        let opts = state.reloader.options().clone();
        let o = opts.clone();
        let mut last = tokio::task::spawn_blocking(move || reload::fingerprint(&o))
            .await
            .unwrap_or_default();
        loop {
            tokio::time::sleep(every).await;
            let o = opts.clone();
            let now = tokio::task::spawn_blocking(move || reload::fingerprint(&o))
                .await
                .unwrap_or_default();
            if now != last {
                last = now;
                let _ = state.reload("file-change").await;
            }
        }
    });
}

async fn shutdown() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        _ = term => {},
    }
    tracing::warn!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_the_openapi_document() {
        let doc: Value = serde_json::from_str(OPENAPI).expect("docs/openapi.json is JSON");
        let mut documented: Vec<(String, String)> = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                documented.push((method.clone(), path.clone()));
            }
        }
        let mut served: Vec<(String, String)> = ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        documented.sort();
        served.sort();
        assert_eq!(documented, served);
        for (m, p) in ROUTES {
            assert!(handler(m, p).is_some(), "{m} {p} has no handler");
        }
    }

    /// The answer's body, as JSON.
    fn body_of(r: Response) -> Value {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let bytes = rt
            .block_on(axum::body::to_bytes(r.into_body(), usize::MAX))
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn a_key_written_twice_is_refused_naming_where() {
        let r = parse_json(br#"{"travellers": [{"sex": "F", "sex": "M"}]}"#).unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let e = body_of(r);
        assert!(
            e["error"]
                .as_str()
                .unwrap()
                .contains("key \"sex\" written twice"),
            "{e}"
        );
        assert_eq!(e["errors"][0]["field"], "travellers[0]", "{e}");
        assert!(parse_json(br#"{"travellers": [{"sex": "F"}, {"sex": "M"}]}"#).is_ok());
        assert!(parse_json(b"\xEF\xBB\xBF{\"travellers\": []}").is_ok());
        // Where a key was due, the object is named (never `?`).
        for (body, field) in [
            (&br#"{"records": [{"x": 1,}]}"#[..], "records[0]"),
            (br#"{"a": 1, }"#, "$"),
            (br#"{1: 2}"#, "$"),
        ] {
            let e = body_of(parse_json(body).unwrap_err());
            assert_eq!(e["errors"][0]["field"], field, "{e}");
        }
    }
}
