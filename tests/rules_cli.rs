//! `lintas rules` through the real binary: every error code has a broken
//! rule file, the default pack checks, tests and formats clean, explain
//! shows the arithmetic, diff back-tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lintas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lintas"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run lintas")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// The codes documented in docs/error-codes.md (`## L001 ...` headings).
fn documented_codes() -> Vec<String> {
    let doc =
        std::fs::read_to_string(root().join("docs/error-codes.md")).expect("docs/error-codes.md");
    doc.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|l| l[..4].to_string())
        .collect()
}

#[test]
fn every_error_code_has_a_broken_rule_file_that_reports_it() {
    let codes = documented_codes();
    assert!(codes.len() >= 15, "{codes:?}");
    let broken = root().join("tests/rules/broken");
    for code in &codes {
        let dir = std::fs::read_dir(&broken)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(code.as_str())
            })
            .unwrap_or_else(|| panic!("no tests/rules/broken/{code}-* directory"));
        let out = lintas(&["rules", "check", dir.to_str().unwrap()]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{code}: {text}");
        assert!(
            text.contains(&format!("error[{code}]")),
            "{code} not reported:\n{text}"
        );
        // file:line:col, a snippet with a caret.
        let first = text.lines().next().unwrap();
        let place = first.split(": error").next().unwrap();
        let parts: Vec<&str> = place.rsplitn(3, ':').collect();
        assert!(
            parts.len() == 3
                && parts[0].parse::<usize>().is_ok()
                && parts[1].parse::<usize>().is_ok(),
            "{code}: {first}"
        );
        assert!(text.contains("   | "), "{code}: no snippet\n{text}");
    }
}

#[test]
fn check_reports_all_errors_at_once_with_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        r#"[[rule]]
id = "a"
title = "t"
category = "age"
points = 5
when = "agee < 18 || purpse == 'work'"
requires = ["is_minr"]
reason = "{agee}"
source = "s"
colour = "red"
"#,
    )
    .unwrap();
    let out = lintas(&["rules", "check", dir.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    for needle in [
        "error[L006]: unknown field `agee`",
        "error[L006]: unknown field `purpse`",
        "error[L010]",
        "error[L011]",
        "error[L012]",
        "did you mean `age`?",
        "did you mean `purpose`?",
        "5 error(s)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(text.contains("bad.toml:6:9: error[L006]"), "{text}");
}

#[test]
fn default_pack_checks_tests_and_is_formatted() {
    let out = lintas(&["rules", "check", "rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = lintas(&[
        "rules",
        "test",
        "rules",
        "--coverage",
        "--min-coverage",
        "100",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 failed"), "{text}");
    assert!(
        text.contains("ordinary.toml") && text.contains("risk.toml"),
        "case files ran: {text}"
    );
    let out = lintas(&["rules", "fmt", "rules", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_failing_test_and_low_coverage_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.toml"),
        r#"[[rule]]
id = "minor"
title = "t"
category = "age"
points = 5
when = "is_minor"
requires = ["is_minor"]
reason = "age {age}"
source = "s"

[[rule.test]]
name = "adult expected to hit"
record = { birth_date = "1980-01-01" }
expect = "hit"
"#,
    )
    .unwrap();
    let out = lintas(&[
        "rules",
        "test",
        dir.path().to_str().unwrap(),
        "--cases",
        "none",
        "--coverage",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAIL  adult expected to hit") && text.contains("expected hit, got no-hit"),
        "{text}"
    );
    assert!(
        text.contains("minor") && text.contains("insufficient"),
        "{text}"
    );
}

#[test]
fn explain_prints_outcomes_values_and_arithmetic() {
    let record = r#"{"record_id":"X1","direction":"departure","crossing_time":"2026-05-01T08:00:00+07:00","port":"IDBTH","destination_country":"MYS","full_name":"YULI NDUN","birth_date":"2011-01-20","purpose":"tourism","origin_region":"Nusa Tenggara Timur/Kupang","document_issue_date":"2026-04-11","document_expiry_date":"2036-04-11"}"#;
    let out = lintas(&["rules", "explain", "--record", record]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for needle in [
        "minor-unaccompanied",
        "HIT",
        "is_minor=true",
        "no hit",
        "score arithmetic",
        "+45  minor-unaccompanied",
        "level: high",
        "review: yes",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn explain_takes_a_record_from_a_manifest() {
    let out = lintas(&[
        "rules",
        "explain",
        "--manifest",
        "data-samples/departures.csv",
        "--id",
        "D0000435",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("record D0000435") && text.contains("level:"),
        "{text}"
    );
}

#[test]
fn diff_shows_records_that_change_level() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new");
    copy_dir(&root().join("rules"), &new);
    let f = new.join("destination.toml");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replacen("points = 15", "points = 45", 1);
    std::fs::write(&f, text).unwrap();
    let out = lintas(&[
        "rules",
        "diff",
        "rules",
        new.to_str().unwrap(),
        "--manifest",
        "data-samples/departures.csv",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("change level"), "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("malaysia-sea-land-crossing"))
        .expect("per-rule counts");
    assert!(
        line.trim_end().ends_with("+0"),
        "same hits, more points: {line}"
    );
    let changed: usize = text
        .lines()
        .next()
        .unwrap()
        .split(", ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(changed > 0, "{text}");
}

#[test]
fn a_folder_without_rules_is_refused_not_run_as_a_pack_of_none() {
    // A pack of no rules would clear every record: `--rules docs` by
    // mistake screened the sample's trafficking suspect as nothing.
    let dir = tempfile::tempdir().unwrap();
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let d = dir.path().display().to_string();
    let o = lintas(&["rules", "check", &d]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("no rules"), "{}", stdout(&o));
    std::fs::write(dir.path().join("ruleset.toml"), "").unwrap();
    std::fs::write(dir.path().join("age.toml"), "# nothing yet\n").unwrap();
    let o = lintas(&["rules", "check", &d]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("no rules (theme files"),
        "{}",
        stdout(&o)
    );
    let out = dir.path().join("flags.ndjson").display().to_string();
    let o = lintas(&[
        "batch",
        "--manifest",
        "data-samples/departures.csv",
        "--rules",
        &d,
        "--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no rules (theme files"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_theme_file_that_is_not_toml_reports_that_and_no_echo() {
    // Its rules are lost with it, so the ruleset's cap for their category
    // would read as unused: one error, not two.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ruleset.toml"), "[caps]\nage = 70\n").unwrap();
    std::fs::write(dir.path().join("age.toml"), "[[rule]]\nid = \"x\n").unwrap();
    let o = lintas(&["rules", "check", &dir.path().display().to_string()]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("error[L001]"), "{text}");
    assert!(!text.contains("L014"), "{text}");
    // A condition that does not parse says "syntax error" once.
    let rule = "[[rule]]\nid = \"x\"\nversion = \"1\"\nstatus = \"active\"\ntitle = \"t\"\ncategory = \"age\"\npoints = 5\nwhen = \"age +\"\nreason = \"r\"\nsource = \"s\"\n";
    std::fs::write(dir.path().join("age.toml"), rule).unwrap();
    let text = stdout(&lintas(&[
        "rules",
        "check",
        &dir.path().display().to_string(),
    ]));
    assert!(text.contains("error[L005]"), "{text}");
    assert!(
        !text.to_lowercase().contains("syntax error: syntax error"),
        "{text}"
    );
}
