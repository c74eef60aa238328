//! `lintas stream` end to end: NDJSON in, one NDJSON line out per record.

mod common;

use common::sample;
use serde_json::{Map, Value};
use std::io::Write;
use std::process::{Command, Stdio};

/// The sample departures as NDJSON lines (empty cells left out).
fn sample_lines() -> Vec<String> {
    let mut rdr = csv::Reader::from_path(sample("departures.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let mut m = Map::new();
            for (h, v) in headers.iter().zip(r.iter()) {
                if !v.is_empty() {
                    m.insert(h.to_string(), Value::String(v.to_string()));
                }
            }
            Value::Object(m).to_string()
        })
        .collect()
}

fn stream(args: &[&str], input: &str) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lintas"))
        .arg("stream")
        .args([
            "--watchlist",
            &sample("watchlist.csv"),
            "--registry",
            &sample("registry.csv"),
        ])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lintas stream");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_line_gets_an_answer_and_bad_lines_carry_their_number() {
    let mut lines = sample_lines();
    lines.truncate(40);
    lines.insert(5, "{\"record_id\": \"X1\", oops".into());
    lines.insert(10, "{\"record_id\":\"X2\",\"direction\":\"sideways\",\"crossing_time\":\"2026-10-01\",\"port\":\"CGK\",\"full_name\":\"A\"}".into());
    lines.insert(12, String::new());
    // A record that names a field twice says two things about it.
    lines.insert(
        15,
        "{\"record_id\":\"X3\",\"full_name\":\"SITI\",\"full_name\":\"\"}".into(),
    );
    let input = lines.join("\n") + "\n";
    let (out, err, code) = stream(&[], &input);
    assert_eq!(code, 0, "{err}");
    let answers: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 43, "one answer per non-blank line");
    assert_eq!(answers[14]["line"], 16);
    assert!(
        answers[14]["error"]
            .as_str()
            .unwrap()
            .contains("key \"full_name\" written twice"),
        "{}",
        answers[14]
    );
    assert_eq!(answers[5]["line"], 6);
    assert!(answers[5]["error"]
        .as_str()
        .unwrap()
        .starts_with("malformed JSON"));
    assert_eq!(answers[10]["line"], 11);
    assert_eq!(answers[10]["record_id"], "X2");
    assert_eq!(answers[10]["errors"][0]["field"], "direction");
    let flags: Vec<&Value> = answers
        .iter()
        .filter(|a| a.get("error").is_none())
        .collect();
    assert_eq!(flags.len(), 40);
    assert!(flags
        .iter()
        .all(|f| f["rules_version"].as_str().unwrap().starts_with("sha256:")));

    // With --fail-on-error the same answers end in exit 3; input with no
    // bad line still exits 0.
    let (strict, err, code) = stream(&["--fail-on-error"], &input);
    assert_eq!(code, 3, "{err}");
    assert_eq!(strict.lines().count(), 43);
    let good = sample_lines()[..3].join("\n") + "\n";
    let (_, err, code) = stream(&["--fail-on-error"], &good);
    assert_eq!(code, 0, "{err}");

    // Same input, same output.
    let (again, _, _) = stream(&[], &input);
    assert_eq!(out, again);
}

#[test]
fn state_persists_between_runs_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state").display().to_string();
    let lines = sample_lines();
    let first = lines[..20].join("\n") + "\n";
    let (out, err, code) = stream(&["--state", &state], &first);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 20);
    // The second run repeats 10 records and adds 10.
    let second = lines[10..30].join("\n") + "\n";
    let (out2, err, code) = stream(&["--state", &state], &second);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out2.lines().count(), 20);
    let history = std::fs::read_to_string(dir.path().join("state/history.ndjson")).unwrap();
    assert_eq!(history.lines().count(), 30);
    // A repeated record gets the same flag.
    assert_eq!(out.lines().nth(15), out2.lines().nth(5));
}
