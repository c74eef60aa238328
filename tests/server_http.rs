//! `lintas serve` end to end: the real binary on a loopback port.
//!
//! Endpoints, auth, bad input, durability across kill -9 and restart, and
//! hot reload with a broken file.

#[path = "common/server.rs"]
mod server;

use lintas::server::auth::hash_key;
use serde_json::{json, Value};
use server::{call, json_of, Server};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SCREEN_KEY: &str = "screen-secret-1";
const ADMIN_KEY: &str = "admin-secret-1";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> String {
    root().join("data-samples").join(name).display().to_string()
}

fn record(id: &str) -> Value {
    json!({
        "record_id": id, "direction": "departure", "crossing_time": "2026-10-02T08:00:00+07:00",
        "port": "CGK", "destination_country": "MYS", "full_name": "SITI NURHALIZA", "sex": "F",
        "birth_date": "2009-02-11", "nationality": "IDN", "document_number": "C123456", "booking_ref": "BK1"
    })
}

fn keys_file(dir: &Path) -> String {
    let p = dir.join("keys.txt");
    std::fs::write(
        &p,
        format!(
            "gate-1 screen {}\nops admin {}\n",
            hash_key(SCREEN_KEY),
            hash_key(ADMIN_KEY)
        ),
    )
    .unwrap();
    p.display().to_string()
}

fn base_args(dir: &Path) -> Vec<String> {
    vec![
        "--watchlist".into(),
        sample("watchlist.csv"),
        "--registry".into(),
        sample("registry.csv"),
        "--state".into(),
        dir.join("state").display().to_string(),
        "--keys".into(),
        keys_file(dir),
    ]
}

#[test]
fn endpoints_answer_and_decisions_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&base_args(dir.path()));
    let k = Some(SCREEN_KEY);

    let (code, body) = call(
        "POST",
        &s.url("/v1/screen"),
        k,
        Some(&record("R1").to_string()),
    );
    assert_eq!(code, 200, "{body}");
    let flag = json_of(&body);
    assert_eq!(flag["record_id"], "R1");
    for f in [
        "score",
        "level",
        "review",
        "reasons",
        "matches",
        "rules_version",
        "watchlists_version",
    ] {
        assert!(flag.get(f).is_some(), "flag lacks {f}: {body}");
    }

    let batch = json!({"records": [record("R2"), record("R3")]}).to_string();
    let (code, body) = call("POST", &s.url("/v1/screen/batch"), k, Some(&batch));
    assert_eq!(code, 200, "{body}");
    // Each flag's fields in the contract's order, as `/v1/screen` writes them.
    assert!(
        body.starts_with("{\"flags\":[{\"record_id\":\"R2\""),
        "{body}"
    );
    let flags = json_of(&body)["flags"].as_array().unwrap().clone();
    assert_eq!(
        flags
            .iter()
            .map(|f| f["record_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["R2", "R3"]
    );

    let (code, body) = call("GET", &s.url("/v1/rules"), k, None);
    assert_eq!(code, 200, "{body}");
    assert!(json_of(&body)["rules_version"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    let (code, body) = call("GET", &s.url("/v1/watchlists"), k, None);
    assert_eq!(code, 200, "{body}");
    let w = json_of(&body);
    assert!(w["entries"].as_u64().unwrap() > 0, "{body}");
    assert_eq!(w["watchlists_version"], flag["watchlists_version"]);

    assert_eq!(call("GET", &s.url("/healthz"), None, None).0, 200);
    let (code, body) = call("GET", &s.url("/readyz"), None, None);
    assert_eq!(code, 200);
    assert_eq!(json_of(&body)["history_records"], 3);

    let (code, text) = call("GET", &s.url("/metrics"), None, None);
    assert_eq!(code, 200);
    assert!(
        text.contains("lintas_requests_total{route=\"/v1/screen\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(text.contains("# TYPE lintas_request_duration_seconds histogram"));
    // One single and one batch screening: two of each stage.
    for stage in ["queue", "screen", "store"] {
        assert!(
            text.contains(&format!(
                "lintas_screen_stage_seconds_count{{stage=\"{stage}\"}} 2"
            )),
            "{text}"
        );
    }
    assert!(text.contains("lintas_flags_total{level="));
    assert!(text.contains("lintas_reload_failures_total 0"));

    let (code, served) = call("GET", &s.url("/openapi.json"), None, None);
    assert_eq!(code, 200);
    assert_eq!(
        served,
        std::fs::read_to_string(root().join("docs/openapi.json")).unwrap()
    );
    // Every documented route is served (no 404/405 for it).
    let doc = json_of(&served);
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let (code, _) = call(
                &method.to_uppercase(),
                &s.url(path),
                Some(ADMIN_KEY),
                Some("{}"),
            );
            assert!(code != 404 && code != 405, "{method} {path} -> {code}");
        }
    }

    let audit = std::fs::read_to_string(dir.path().join("state/audit.ndjson")).unwrap();
    let lines: Vec<Value> = audit.lines().map(json_of).collect();
    assert!(lines.len() >= 3, "{audit}");
    assert_eq!(lines[0]["key_id"], "gate-1");
    assert_eq!(lines[0]["record_id"], "R1");
    for f in [
        "time",
        "rules_version",
        "watchlists_version",
        "score",
        "level",
    ] {
        assert!(lines[0].get(f).is_some(), "audit lacks {f}");
    }
    assert!(!audit.contains("SITI"), "audit log carries a name");
    let log = s.log();
    assert!(log.contains("R1"), "log should carry record ids:\n{log}");
    assert!(
        !log.contains("SITI") && !log.contains("C123456"),
        "log carries personal data:\n{log}"
    );
}

#[test]
fn keys_and_roles_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&base_args(dir.path()));
    let body = record("A1").to_string();
    let (code, text) = call("POST", &s.url("/v1/screen"), None, Some(&body));
    assert_eq!(code, 401, "{text}");
    assert!(json_of(&text)["error"]
        .as_str()
        .unwrap()
        .contains("API key"));
    assert_eq!(
        call("POST", &s.url("/v1/screen"), Some("wrong"), Some(&body)).0,
        401
    );
    assert_eq!(call("GET", &s.url("/v1/rules"), None, None).0, 401);
    assert_eq!(
        call("POST", &s.url("/v1/reload"), Some(SCREEN_KEY), None).0,
        403
    );
    let (code, text) = call("POST", &s.url("/v1/reload"), Some(ADMIN_KEY), None);
    assert_eq!(code, 200, "{text}");
    assert_eq!(json_of(&text)["reloaded"], true);
    // X-Api-Key works too, and admin may screen.
    let r = ureq::post(&s.url("/v1/screen"))
        .set("X-Api-Key", ADMIN_KEY)
        .send_string(&body)
        .expect("screen");
    assert_eq!(r.status(), 200);
}

#[test]
fn bad_input_gets_400_naming_the_field_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = base_args(dir.path());
    args.extend(["--max-body-bytes".into(), "20000".into()]);
    let s = Server::start(&args);
    let k = Some(SCREEN_KEY);
    let url = s.url("/v1/screen");

    let (code, text) = call(
        "POST",
        &url,
        k,
        Some("{\"record_id\": \"R1\", \"full_name\": }"),
    );
    assert_eq!(code, 400, "{text}");
    let e = json_of(&text);
    assert!(
        e["error"].as_str().unwrap().starts_with("malformed JSON"),
        "{text}"
    );
    assert_eq!(e["errors"][0]["field"], "full_name", "{text}");

    // A body declared as another type is refused as such (415), and a
    // method a route does not take gets a JSON 405, like every error.
    // (The record lacks its required fields: nothing reaches the history.)
    let typed = |content_type: &str| {
        let r = ureq::post(&url)
            .set("Authorization", &format!("Bearer {SCREEN_KEY}"))
            .set("Content-Type", content_type)
            .send_string("{\"record_id\": \"R9\"}");
        match r {
            Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
            Err(ureq::Error::Status(c, r)) => (c, r.into_string().unwrap_or_default()),
            Err(e) => panic!("{e}"),
        }
    };
    let (code, text) = typed("text/plain");
    assert_eq!(code, 415, "{text}");
    assert!(
        json_of(&text)["error"].as_str().unwrap().contains("JSON"),
        "{text}"
    );
    assert_eq!(
        typed("application/json; charset=utf-8").0,
        400,
        "read as JSON"
    );
    let (code, text) = call("GET", &url, k, None);
    assert_eq!(code, 405, "{text}");
    assert!(
        json_of(&text)["error"].as_str().unwrap().contains("method"),
        "{text}"
    );

    let mut bad = record("R1");
    bad["birth_date"] = json!("1987-13");
    bad["sex"] = json!(["F"]);
    let (code, text) = call("POST", &url, k, Some(&bad.to_string()));
    assert_eq!(code, 400, "{text}");
    assert_eq!(json_of(&text)["errors"][0]["field"], "sex", "{text}");

    let mut bad = record("R1");
    bad["birth_date"] = json!("1987-13");
    let batch = json!({"records": [record("R2"), bad]}).to_string();
    let (code, text) = call("POST", &s.url("/v1/screen/batch"), k, Some(&batch));
    assert_eq!(code, 400, "{text}");
    assert_eq!(
        json_of(&text)["errors"][0]["field"],
        "records[1].birth_date",
        "{text}"
    );

    let nested = "{\"records\": [{\"record_id\": \"R1\"}, {\"port\": tru}]}";
    let (code, text) = call("POST", &s.url("/v1/screen/batch"), k, Some(nested));
    assert_eq!(code, 400, "{text}");
    assert_eq!(
        json_of(&text)["errors"][0]["field"],
        "records[1].port",
        "{text}"
    );

    assert_eq!(call("POST", &url, k, Some("[1,2]")).0, 400);
    let big = format!("{{\"record_id\": \"{}\"}}", "x".repeat(30_000));
    let (code, text) = call("POST", &url, k, Some(&big));
    assert_eq!(code, 413, "{text}");
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"record_id": format!("M{i}")}))
        .collect();
    let (code, _) = call(
        "POST",
        &s.url("/v1/screen/batch"),
        k,
        Some(&json!({"records": many}).to_string()),
    );
    assert!(code == 400 || code == 413);

    // Nothing invalid reached the history, and the server still serves.
    let (code, body) = call("GET", &s.url("/readyz"), None, None);
    assert_eq!(code, 200);
    assert_eq!(json_of(&body)["history_records"], 0);
    assert_eq!(
        call("POST", &url, k, Some(&record("OK1").to_string())).0,
        200
    );
}

#[test]
fn kill_9_loses_no_acknowledged_record_and_restart_replays_history() {
    let dir = tempfile::tempdir().unwrap();
    let args = base_args(dir.path());
    let mut s = Server::start(&args);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut workers = Vec::new();
    for w in 0..4 {
        let (url, acked, stop) = (s.url("/v1/screen"), acked.clone(), stop.clone());
        workers.push(std::thread::spawn(move || {
            let agent = ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(10))
                .build();
            for i in 0.. {
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let id = format!("K{w}-{i}");
                let r = agent
                    .post(&url)
                    .set("Authorization", &format!("Bearer {SCREEN_KEY}"))
                    .send_string(&record(&id).to_string());
                match r {
                    Ok(r) if r.status() == 200 => acked.lock().unwrap().push(id),
                    _ => break,
                }
            }
        }));
    }
    let t0 = Instant::now();
    while acked.lock().unwrap().len() < 50 && t0.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    s.kill9();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in workers {
        let _ = w.join();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 50, "only {} acknowledged", acked.len());

    let log = std::fs::read_to_string(dir.path().join("state/history.ndjson")).unwrap();
    let stored: std::collections::HashSet<String> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| v["record_id"].as_str().unwrap().to_string())
        .collect();
    for id in &acked {
        assert!(stored.contains(id), "acknowledged {id} lost after kill -9");
    }

    let s2 = Server::start(&args);
    let (code, body) = call("GET", &s2.url("/readyz"), None, None);
    assert_eq!(code, 200);
    let n = json_of(&body)["history_records"].as_u64().unwrap() as usize;
    assert!(
        n >= acked.len(),
        "replayed {n} < acknowledged {}",
        acked.len()
    );
    // A retry of an acknowledged record is answered but not stored twice.
    let (code, _) = call(
        "POST",
        &s2.url("/v1/screen"),
        Some(SCREEN_KEY),
        Some(&record(&acked[0]).to_string()),
    );
    assert_eq!(code, 200);
    let (_, body) = call("GET", &s2.url("/readyz"), None, None);
    assert_eq!(
        json_of(&body)["history_records"].as_u64().unwrap() as usize,
        n
    );
}

#[test]
fn a_broken_list_keeps_the_old_version_serving() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    std::fs::copy(sample("watchlist.csv"), &list).unwrap();
    let mut args = base_args(dir.path());
    args[1] = list.display().to_string();
    args.extend(["--watch-ms".into(), "200".into()]);
    let s = Server::start(&args);
    let k = Some(SCREEN_KEY);
    let version = |s: &Server| {
        json_of(&call("GET", &s.url("/v1/watchlists"), k, None).1)["watchlists_version"].clone()
    };
    let v0 = version(&s);

    // An emptied file (a rewrite truncates first) is refused like a
    // broken one: loaded, it would screen nobody.
    for (body, why) in [
        ("", "the file is empty"),
        ("this is not a watchlist\n", "not a list format"),
    ] {
        std::fs::write(&list, body).unwrap();
        let (code, text) = call("POST", &s.url("/v1/reload"), Some(ADMIN_KEY), None);
        assert_eq!(code, 422, "{text}");
        let r = json_of(&text);
        assert_eq!(r["reloaded"], false);
        let error = r["error"].as_str().unwrap();
        assert!(error.contains("list.csv") && error.contains(why), "{text}");
        assert_eq!(version(&s), v0);
    }
    let (code, body) = call(
        "POST",
        &s.url("/v1/screen"),
        k,
        Some(&record("B1").to_string()),
    );
    assert_eq!(code, 200, "{body}");
    assert_eq!(json_of(&body)["watchlists_version"], v0);
    let (code, body) = call("GET", &s.url("/readyz"), None, None);
    assert_eq!(code, 200);
    assert_eq!(json_of(&body)["last_reload"]["ok"], false, "{body}");
    let metrics = call("GET", &s.url("/metrics"), None, None).1;
    assert!(
        !metrics.contains("lintas_reload_failures_total 0"),
        "{metrics}"
    );
    assert!(metrics.contains("lintas_reload_failing 1"), "{metrics}");
    assert!(s.log().contains("reload failed"));

    // A fixed file is picked up by the watcher.
    let mut fixed = std::fs::read_to_string(sample("watchlist.csv")).unwrap();
    fixed.push_str("NEW-1,POLRI-DPO,BUDI HARTONO,,1970-01-01,IDN,,trafficking-suspect\n");
    std::fs::write(&list, fixed).unwrap();
    let t0 = Instant::now();
    while version(&s) == v0 && t0.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let v1 = version(&s);
    assert_ne!(v1, v0, "file change was not reloaded");
    let (_, body) = call("GET", &s.url("/readyz"), None, None);
    assert_eq!(json_of(&body)["last_reload"]["ok"], true, "{body}");

    // SIGHUP reloads too.
    let _ = Command::new("kill")
        .args(["-HUP", &s.child.id().to_string()])
        .status();
    let t0 = Instant::now();
    loop {
        let (_, body) = call("GET", &s.url("/readyz"), None, None);
        if json_of(&body)["last_reload"]["trigger"] == "sighup" {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "SIGHUP did not reload: {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_broken_rule_file_keeps_the_old_rules_serving() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&root().join("rules"), &rules);
    let mut args = base_args(dir.path());
    args.extend([
        "--rules".into(),
        rules.display().to_string(),
        "--watch-ms".into(),
        "0".into(),
    ]);
    let s = Server::start(&args);
    let k = Some(SCREEN_KEY);
    let before = json_of(&call("GET", &s.url("/v1/rules"), k, None).1);
    std::fs::write(
        rules.join("zz-broken.toml"),
        "[[rule]]\nid = \"broken\"\ncondition = \"age <<< 3\"\n",
    )
    .unwrap();
    let (code, text) = call("POST", &s.url("/v1/reload"), Some(ADMIN_KEY), None);
    assert_eq!(code, 422, "{text}");
    let after = json_of(&call("GET", &s.url("/v1/rules"), k, None).1);
    assert_eq!(before, after);
    let (code, body) = call(
        "POST",
        &s.url("/v1/screen"),
        k,
        Some(&record("RB1").to_string()),
    );
    assert_eq!(code, 200, "{body}");
    assert_eq!(json_of(&body)["rules_version"], before["rules_version"]);
    let (_, body) = call("GET", &s.url("/readyz"), None, None);
    assert_eq!(json_of(&body)["last_reload"]["ok"], false, "{body}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
