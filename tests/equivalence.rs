//! Batch, stream and server give the same flags for the same records (one
//! engine, one feature code path). The samples are fed to stream and
//! server in crossing-time order, as a checkpoint would see them.

mod common;

use common::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The sample records as JSON objects, in crossing-time order.
fn sample_records() -> Vec<Value> {
    let mut out = Vec::new();
    for file in ["departures.csv", "arrivals.csv"] {
        let mut r = csv::Reader::from_path(sample(file)).unwrap();
        let headers = r.headers().unwrap().clone();
        for rec in r.records() {
            let rec = rec.unwrap();
            let obj: Map<String, Value> = headers
                .iter()
                .zip(rec.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
                .collect();
            out.push(Value::Object(obj));
        }
    }
    // All sample times carry the same +07:00 offset, so text order is time order.
    out.sort_by(|a, b| {
        (a["crossing_time"].as_str(), a["record_id"].as_str())
            .cmp(&(b["crossing_time"].as_str(), b["record_id"].as_str()))
    });
    out
}

fn engine_args() -> Vec<String> {
    vec![
        "--watchlist".into(),
        sample("watchlist.csv"),
        "--registry".into(),
        sample("registry.csv"),
    ]
}

fn by_id(flags: impl IntoIterator<Item = Value>) -> BTreeMap<String, Value> {
    flags
        .into_iter()
        .map(|f| (f["record_id"].as_str().expect("record_id").to_string(), f))
        .collect()
}

fn batch_flags(dir: &std::path::Path, records: &[Value]) -> BTreeMap<String, Value> {
    let input = dir.join("records.ndjson");
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&input, text).unwrap();
    let out = dir.join("flags.ndjson");
    let mut args = vec![
        "batch".to_string(),
        "--manifest".into(),
        input.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--all".into(),
    ];
    args.extend(engine_args());
    let o = bin().args(&args).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    by_id(
        std::fs::read_to_string(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap()),
    )
}

fn stream_flags(records: &[Value]) -> BTreeMap<String, Value> {
    let mut child = bin()
        .arg("stream")
        .args(engine_args())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
    let writer = std::thread::spawn(move || {
        stdin.write_all(lines.as_bytes()).unwrap();
    });
    let stdout = child.stdout.take().unwrap();
    let flags: Vec<Value> = BufReader::new(stdout)
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(flags.len(), records.len());
    by_id(flags)
}

fn server_flags(records: &[Value]) -> BTreeMap<String, Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lintas"))
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(engine_args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(addr) = line.split("listening on ").nth(1) {
                let _ = tx.send(addr.trim().to_string());
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("server started");
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();
    let mut flags = Vec::new();
    for r in records {
        let resp = agent
            .post(&format!("{base}/v1/screen"))
            .set("Content-Type", "application/json")
            .send_string(&r.to_string());
        let body = match resp {
            Ok(x) => x.into_string().unwrap(),
            Err(e) => {
                let _ = child.kill();
                panic!("screen {}: {e}", r["record_id"]);
            }
        };
        flags.push(serde_json::from_str(&body).unwrap());
    }
    let _ = child.kill();
    let _ = child.wait();
    by_id(flags)
}

#[test]
fn batch_stream_and_server_give_identical_flags() {
    let records = sample_records();
    let dir = tempfile::tempdir().unwrap();
    let batch = batch_flags(dir.path(), &records);
    let stream = stream_flags(&records);
    let server = server_flags(&records);
    assert_eq!(batch.len(), records.len());
    let mut reviewed = 0;
    for (id, b) in &batch {
        assert_eq!(Some(b), stream.get(id), "batch and stream differ for {id}");
        assert_eq!(Some(b), server.get(id), "batch and server differ for {id}");
        reviewed += b["review"].as_bool().unwrap() as usize;
    }
    // The comparison is only meaningful if some flags carry reasons.
    assert!(reviewed > 10, "only {reviewed} reviewed");
}
