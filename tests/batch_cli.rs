//! `lintas batch` end to end: the real binary on the bundled samples and on
//! every kind of bad input the contract names.

mod common;

use common::*;
use serde_json::Value;

fn batch(dir: &std::path::Path, manifest: &str, extra: &[&str]) -> (std::process::Output, String) {
    let out = dir.join("flags.ndjson").display().to_string();
    let mut args = vec!["batch", "--manifest", manifest, "--out", &out, "--all"];
    args.extend_from_slice(extra);
    (run(&args), out)
}

/// `m.csv` in `dir`: the header and one valid row, `R1`.
fn one_row_manifest(dir: &std::path::Path) -> String {
    write(
        dir,
        "m.csv",
        format!("{HEADER}\n{}\n", row("R1")).as_bytes(),
    )
}

fn rejects(dir: &std::path::Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(dir.join("flags.rejects.csv")).expect("rejects file");
    r.records().map(|x| x.expect("rejects row")).collect()
}

#[test]
fn samples_follow_the_flag_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("flags.ndjson");
    let o = batch_samples(&out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let flags: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let departures = std::fs::read_to_string(sample("departures.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    let arrivals = std::fs::read_to_string(sample("arrivals.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(
        flags.len(),
        departures + arrivals,
        "--all writes one flag per record"
    );
    for f in &flags {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "record_id",
            "score",
            "level",
            "review",
            "reasons",
            "matches",
            "rules_version",
            "watchlists_version",
        ] {
            assert!(keys.contains(&k), "missing {k} in {f}");
        }
        let score = f["score"].as_i64().unwrap();
        assert!((0..=100).contains(&score));
        assert!(["clear", "low", "medium", "high"].contains(&f["level"].as_str().unwrap()));
        assert!(f["rules_version"].as_str().unwrap().starts_with("sha256:"));
        for r in f["reasons"].as_array().unwrap() {
            assert!(
                r["rule"].is_string() && r["points"].is_i64() && r["message"].is_string(),
                "{r}"
            );
        }
        for m in f["matches"].as_array().unwrap() {
            for k in [
                "entry_id",
                "list",
                "category",
                "name",
                "similarity",
                "evidence",
            ] {
                assert!(m.get(k).is_some(), "match lacks {k}: {m}");
            }
        }
    }
    let summary = stderr(&o);
    assert!(
        summary.contains(&format!(
            "read {}  screened {}  rejected 0",
            departures + arrivals,
            departures + arrivals
        )),
        "{summary}"
    );
    assert!(summary.contains("records/s"), "{summary}");
}

#[test]
fn csv_and_parquet_outputs() {
    let dir = tempfile::tempdir().unwrap();
    for (name, magic) in [
        ("flags.csv", b"record_id,score".as_slice()),
        ("flags.parquet", b"PAR1".as_slice()),
    ] {
        let out = dir.path().join(name);
        let o = run(&[
            "batch",
            "--manifest",
            &sample("departures.csv"),
            "--out",
            out.to_str().unwrap(),
            "--all",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{name} starts wrong");
    }
    let text = std::fs::read_to_string(dir.path().join("flags.csv")).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with(
            "record_id,score,level,review,rule_ids,match_entry_ids,top_similarity,summary"
        ),
        "{header}"
    );
}

/// A spreadsheet's semicolon-separated export of the departures, with
/// countries written as names (`MALAYSIA`, `Indonesia`), screens as the
/// comma-separated file with codes does.
#[test]
fn semicolon_separated_manifests_with_country_names_screen_alike() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = csv::Reader::from_path(sample("departures.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![]);
    w.write_record(&headers).unwrap();
    fn named(code: &str) -> &str {
        match code {
            "MYS" => "MALAYSIA",
            "IDN" => "Indonesia",
            "SGP" => "Singapura",
            other => other,
        }
    }
    let country_cols: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.ends_with("country") || *h == "nationality")
        .map(|(i, _)| i)
        .collect();
    let mut renamed = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let fields: Vec<&str> = rec
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if country_cols.contains(&i) && named(f) != f {
                    renamed += 1;
                    named(f)
                } else {
                    f
                }
            })
            .collect();
        w.write_record(&fields).unwrap();
    }
    assert!(renamed > 100, "{renamed}");
    let semi = write(dir.path(), "semi.csv", &w.into_inner().unwrap());
    let flags = |manifest: &str, out: &str| {
        let out = dir.path().join(out).display().to_string();
        let o = run(&["batch", "--manifest", manifest, "--out", &out, "--all"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = std::fs::read_to_string(&out).unwrap();
        text.lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (
                    v["record_id"].clone(),
                    v["score"].clone(),
                    v["rule_ids"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let want = flags(&sample("departures.csv"), "comma.ndjson");
    assert!(want.len() > 100);
    assert_eq!(flags(&semi, "semi.ndjson"), want);
}

/// A quote typed before a value and never closed (`"tourism`) made the
/// reader take the following rows into one field: the run read 10 rows
/// of 311 with exit 0. Now only that row is rejected.
#[test]
fn a_quote_never_closed_costs_only_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("departures.csv")).unwrap();
    let rows = text.lines().count() - 1;
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let at = lines
        .iter()
        .position(|l| l.contains(",tourism,") && !l.contains("D0000424"))
        .unwrap();
    lines[at] = lines[at].replacen(",tourism,", ",\"tourism,", 1);
    let m = write(dir.path(), "m.csv", (lines.join("\n") + "\n").as_bytes());
    let (o, out) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("read {rows}  screened {}  rejected 1", rows - 1)),
        "{}",
        stderr(&o)
    );
    let rj = rejects(dir.path());
    assert_eq!(&rj[0][1], at.to_string().as_str());
    assert!(
        rj[0][4].contains("quote opened in this row is not closed"),
        "{:?}",
        &rj[0][4]
    );
    let flags = std::fs::read_to_string(out).unwrap();
    assert!(flags.contains("\"D0000424\""), "the suspect is screened");
}

/// A list row whose name is only titles and an initial loads, but can match
/// nobody: the log says which entry, by its id, never its name.
#[test]
fn a_listed_name_of_titles_alone_is_named_on_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let wl = write(
        dir.path(),
        "wl.csv",
        b"entry_id,list,full_name,category\nT9,POLRI,Drs. H.,travel-ban\nT1,POLRI,Siti Aminah,travel-ban\n",
    );
    let m = one_row_manifest(dir.path());
    let (o, _) = batch(dir.path(), &m, &["--watchlist", &wl]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("no name left to match") && e.contains("T9"),
        "{e}"
    );
    assert!(!e.contains("T1"), "{e}");
}

#[test]
fn column_map_reads_another_layout() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = batch(
        dir.path(),
        &sample("departures-airline.csv"),
        &["--columns", &sample("columns-airline.toml")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        rejects(dir.path()).is_empty(),
        "airline layout rows rejected"
    );
    let flags = std::fs::read_to_string(out).unwrap();
    let expected = std::fs::read_to_string(sample("departures-airline.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(flags.lines().count(), expected);
}

#[test]
fn missing_required_column_names_column_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let m = write(
        dir.path(),
        "m.csv",
        b"record_id,direction,port,full_name\nR1,departure,CGK,X\n",
    );
    let (o, _) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("crossing_time") && e.contains("m.csv"), "{e}");
    assert!(
        e.contains("(the header has: 'record_id', 'direction', 'port', 'full_name')"),
        "{e}"
    );
    // Headers as spreadsheets write them are the same columns.
    let m = write(
        dir.path(),
        "caps.csv",
        format!(
            "{}\n{}\n",
            HEADER.to_uppercase().replace('_', " "),
            row("R1")
        )
        .as_bytes(),
    );
    let (o, _) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A workbook or UTF-16 text saved under a CSV name says so.
    let m = write(dir.path(), "book.csv", b"PK\x03\x04\x14\x00rest");
    let (o, _) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("book.csv: a zip archive"),
        "{}",
        stderr(&o)
    );
    let m = write(dir.path(), "u16.csv", b"\xFF\xFEr\x00e\x00");
    let (o, _) = batch(dir.path(), &m, &[]);
    assert!(
        stderr(&o).contains("u16.csv: UTF-16 text"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_rows_are_rejected_with_row_field_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{HEADER}\n{}\nR2,departure,02/10/2026,CGK,MYS,X,F,1990-01-01,IDN,C2\nR3,sideways,2026-10-02,CGK,MYS,Y,F,1990,IDN,C3\nR4,departure,2026-10-02,CGK,MYS,Z,F,2999-01-01,IDN,C4\n{}\n",
        row("R1"),
        row("R1")
    );
    let m = write(dir.path(), "m.csv", body.as_bytes());
    let (o, out) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rj = rejects(dir.path());
    let find = |row: &str| {
        rj.iter()
            .find(|r| &r[1] == row)
            .unwrap_or_else(|| panic!("row {row} not rejected: {rj:?}"))
    };
    assert_eq!(&find("2")[3], "crossing_time");
    assert!(find("2")[4].contains("02/10/2026"));
    // The terminal names the rows, ids and fields, never a value: the
    // reasons quote them (a birth date) and stay in the rejects file.
    let e = stderr(&o);
    assert!(e.contains("row 4 (record R4): birth_date rejected"), "{e}");
    assert!(
        !e.contains("2999-01-01") && !e.contains("02/10/2026"),
        "{e}"
    );
    assert_eq!(&find("3")[3], "direction");
    assert!(find("3")[4].contains("sideways"));
    assert_eq!(&find("4")[3], "birth_date");
    assert!(find("4")[4].contains("future"));
    assert_eq!(&find("5")[3], "record_id");
    assert!(find("5")[4].contains("duplicate"));
    assert!(rj.iter().all(|r| r[0].ends_with("m.csv")));
    assert_eq!(std::fs::read_to_string(out).unwrap().lines().count(), 1);
    assert!(
        stderr(&o).contains("read 5  screened 1  rejected 4"),
        "{}",
        stderr(&o)
    );

    let (o, _) = batch(dir.path(), &m, &["--fail-on-reject"]);
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn empty_file_is_an_error_and_header_only_is_zero_rows() {
    let dir = tempfile::tempdir().unwrap();
    let m = write(dir.path(), "empty.csv", b"");
    let (o, _) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("empty.csv") && stderr(&o).contains("empty file"),
        "{}",
        stderr(&o)
    );

    let m = write(dir.path(), "header.csv", format!("{HEADER}\n").as_bytes());
    let (o, out) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("read 0  screened 0  rejected 0"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(out).unwrap(), "");
}

#[test]
fn non_utf8_bytes_reject_only_their_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = format!("{HEADER}\n{}\n", row("R1")).into_bytes();
    body.extend_from_slice(b"R2,departure,2026-10-02,CGK,MYS,SIT\xff\xfeI,F,1990-01-01,IDN,C2\n");
    let m = write(dir.path(), "latin1.csv", &body);
    let (o, out) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rj = rejects(dir.path());
    assert_eq!(rj.len(), 1);
    assert_eq!(&rj[0][1], "2");
    assert_eq!(&rj[0][3], "full_name");
    assert!(rj[0][4].contains("UTF-8"));
    assert_eq!(std::fs::read_to_string(out).unwrap().lines().count(), 1);
}

#[test]
fn huge_field_and_quoted_newlines() {
    let dir = tempfile::tempdir().unwrap();
    let big = "A".repeat(1 << 20);
    let body = format!(
        "{HEADER},destination_address\n{},\"Jalan Mawar 3\nJohor Bahru\"\nR2,departure,2026-10-02,CGK,MYS,{big},F,1990-01-01,IDN,C2,x\n",
        row("R1")
    );
    let m = write(dir.path(), "odd.csv", body.as_bytes());
    let out = dir.path().join("flags.csv");
    let o = run(&[
        "batch",
        "--manifest",
        &m,
        "--out",
        out.to_str().unwrap(),
        "--all",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rj = rejects(dir.path());
    assert_eq!(rj.len(), 1, "{rj:?}");
    assert_eq!(&rj[0][1], "2");
    assert!(rj[0][4].contains("over the limit"), "{:?}", &rj[0][4]);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<_> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "R1");
}

#[test]
fn ndjson_input_rejects_bad_lines_by_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"record_id":"J1","direction":"arrival","crossing_time":"2026-10-02","port":"DPS","full_name":"I Made Wirawan"}"#;
    let body = format!("{good}\n{{not json\n\n{}\n", good.replace("J1", "J2"));
    let m = write(dir.path(), "m.ndjson", body.as_bytes());
    let (o, out) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rj = rejects(dir.path());
    assert_eq!(rj.len(), 1);
    assert_eq!(&rj[0][1], "2");
    assert_eq!(std::fs::read_to_string(out).unwrap().lines().count(), 2);
}

#[test]
fn parquet_input_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let pq = dir.path().join("gen.parquet");
    let o = run(&[
        "generate",
        "manifest",
        "--rows",
        "300",
        "--out",
        pq.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (o, out) = batch(dir.path(), pq.to_str().unwrap(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(out).unwrap().lines().count(), 300);
}

#[test]
fn a_trafficking_suspect_behind_stronger_namesakes_reaches_review() {
    // Five exact sanctions namesakes fill `max_matches`; the trafficking
    // suspect's name is a letter off. The suspect must still be reported
    // and must force the flag to review.
    let dir = tempfile::tempdir().unwrap();
    let m = one_row_manifest(dir.path());
    let mut list = String::from("entry_id,list,full_name,birth_date,category\n");
    for i in 1..=5 {
        list.push_str(&format!("SDN-{i},OFAC-SDN,BUDI SANTOSO,,sanctions\n"));
    }
    list.push_str("DPO-9,POLRI-DPO,BUDI SANTOSA,,trafficking-suspect\n");
    let w = write(dir.path(), "wl.csv", list.as_bytes());
    let (o, out) = batch(dir.path(), &m, &["--watchlist", &w]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let flag: Value = serde_json::from_str(std::fs::read_to_string(out).unwrap().trim()).unwrap();
    let ids: Vec<&str> = flag["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["entry_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["SDN-1", "SDN-2", "SDN-3", "SDN-4", "SDN-5", "DPO-9"],
        "{flag}"
    );
    assert_eq!(flag["level"], "high", "{flag}");
    assert_eq!(flag["review"], true, "{flag}");
    let forced = flag["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "forced:watchlist-trafficking-or-missing")
        .unwrap_or_else(|| panic!("not forced: {flag}"));
    let msg = forced["message"].as_str().unwrap();
    assert!(msg.contains("trafficking-suspect on POLRI-DPO"), "{msg}");
}

#[test]
fn watchlist_without_entry_id_fails_naming_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let m = one_row_manifest(dir.path());
    let w = write(
        dir.path(),
        "wl.csv",
        b"entry_id,list,full_name\nT1,POLRI,A B\n,POLRI,C D\n",
    );
    let (o, _) = batch(dir.path(), &m, &["--watchlist", &w]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("wl.csv") && e.contains("entry_id") && e.contains("row 2"),
        "{e}"
    );
}

#[test]
fn a_row_cut_short_or_split_by_a_stray_comma_is_rejected_not_padded() {
    // A file cut in the middle of its last row, and a row with a comma in
    // an unquoted name: each is one reject kept as written, the rows
    // between them are screened, and no value reaches the terminal.
    let dir = tempfile::tempdir().unwrap();
    let cut: String = row("R3").chars().take(60).collect();
    let stray = row("R2").replace("BUDI SANTOSO", "SANTOSO, BUDI");
    let body = format!("{HEADER}\n{}\n\n{stray}\n{}\n{cut}", row("R1"), row("R4"));
    let m = write(dir.path(), "m.csv", body.as_bytes());
    let (o, out) = batch(dir.path(), &m, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rj = rejects(dir.path());
    assert_eq!(rj.len(), 2, "{rj:?}");
    assert_eq!((&rj[0][1], &rj[0][3]), ("2", "row"));
    assert!(
        rj[0][4].starts_with("row: 11 fields, the header has 10"),
        "{:?}",
        rj[0]
    );
    assert_eq!(&rj[0][5], stray.as_str(), "the row as written");
    assert_eq!(&rj[1][1], "4");
    assert!(
        rj[1][4].contains("fields, the header has 10 (a row cut short"),
        "{:?}",
        rj[1]
    );
    assert_eq!(&rj[1][5], cut.as_str());
    let flags = std::fs::read_to_string(out).unwrap();
    let ids: Vec<String> = flags
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["record_id"].to_string())
        .collect();
    assert_eq!(ids, ["\"R1\"", "\"R4\""]);
    let e = stderr(&o);
    assert!(!e.contains("SANTOSO") && !e.contains("BUDI"), "{e}");
    // With --fail-on-reject the run says so by its exit code.
    let (o, _) = batch(dir.path(), &m, &["--fail-on-reject"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
}

#[test]
fn a_list_that_would_load_empty_or_in_part_fails_the_run() {
    // Read as before, each of these loaded no entry (or half the UN list)
    // and the batch screened against nothing without a word.
    let dir = tempfile::tempdir().unwrap();
    let m = one_row_manifest(dir.path());
    let un = "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>\
              <FIRST_NAME>ABU</FIRST_NAME></INDIVIDUAL><INDIVIDUAL><REFERENCE_NUMBER>QDi.2</REFERENCE_NUMBER>";
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.csv", b"", "the file is empty"),
        ("un.xml", un.as_bytes(), "the file ends inside <INDIVIDUAL>"),
        (
            "other.csv",
            b"id,source,entity_number,type,programs,name\n1,X,2,Individual,X,RIM ABBAS\n",
            "not a list format lintas reads",
        ),
        ("header.csv", b"entry_id,list,full_name\n", "no entries"),
    ];
    for (name, body, why) in cases {
        let w = write(dir.path(), name, body);
        let (o, _) = batch(dir.path(), &m, &["--watchlist", &w]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(name) && e.contains(why), "{name}: {e}");
    }
}

#[test]
fn outputs_that_would_overwrite_each_other_or_an_input_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let m = one_row_manifest(dir.path());
    let before = std::fs::read(&m).unwrap();
    let out = dir.path().join("flags.csv").display().to_string();
    let same = dir.path().join(".").join("flags.csv").display().to_string();
    for (args, says) in [
        (vec!["--out", &out, "--rejects", &same], "--rejects"),
        (vec!["--out", &m], "is also the --manifest file"),
    ] {
        let mut all = vec!["batch", "--manifest", &m];
        all.extend(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    assert_eq!(
        std::fs::read(&m).unwrap(),
        before,
        "the manifest is untouched"
    );
}

#[test]
fn missing_paths_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (o, _) = batch(dir.path(), "/nonexistent/manifest.csv", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent/manifest.csv"),
        "{}",
        stderr(&o)
    );
    let (o, _) = batch(dir.path(), "/nonexistent/*.csv", &[]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["batch", "--manifest", &sample("departures.csv")]);
    assert_eq!(o.status.code(), Some(2), "missing --out is a usage error");
}

#[test]
fn history_files_give_the_same_flags_as_one_run() {
    // Split the samples at 15 October: the first half becomes --history
    // for the second. Every record of the second half must get the flag it
    // gets when both halves are screened in one run.
    let dir = tempfile::tempdir().unwrap();
    let mut early = String::new();
    let mut late = String::new();
    let mut header = String::new();
    for f in ["departures.csv", "arrivals.csv"] {
        let text = std::fs::read_to_string(sample(f)).unwrap();
        let mut lines = text.lines();
        header = lines.next().unwrap().to_string();
        for l in lines {
            let time = l.split(',').nth(2).unwrap();
            let target = if time < "2026-10-15" {
                &mut early
            } else {
                &mut late
            };
            target.push_str(l);
            target.push('\n');
        }
    }
    let hist = write(
        dir.path(),
        "early.csv",
        format!("{header}\n{early}").as_bytes(),
    );
    let run_file = write(
        dir.path(),
        "late.csv",
        format!("{header}\n{late}").as_bytes(),
    );
    let common = [
        "--watchlist",
        &sample("watchlist.csv"),
        "--registry",
        &sample("registry.csv"),
        "--all",
    ];
    let one = dir.path().join("one.ndjson");
    let mut args = vec![
        "batch",
        "--manifest",
        &hist,
        "--manifest",
        &run_file,
        "--out",
        one.to_str().unwrap(),
    ];
    args.extend(common);
    assert_eq!(run(&args).status.code(), Some(0));
    let split = dir.path().join("split.ndjson");
    let mut args = vec![
        "batch",
        "--history",
        &hist,
        "--manifest",
        &run_file,
        "--out",
        split.to_str().unwrap(),
    ];
    args.extend(common);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("(history {})", early.lines().count())),
        "{}",
        stderr(&o)
    );
    let read = |p: &std::path::Path| -> std::collections::HashMap<String, Value> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|f| (f["record_id"].as_str().unwrap().to_string(), f))
            .collect()
    };
    let (one, split) = (read(&one), read(&split));
    assert_eq!(split.len(), late.lines().count());
    let mut with_history = 0;
    for (id, f) in &split {
        assert_eq!(Some(f), one.get(id), "record {id} differs with --history");
        with_history += f["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule"] == "repeat-escort") as usize;
    }
    assert!(
        with_history > 0,
        "the repeat escort needs the early weeks as history"
    );
}
