//! `lintas generate`: deterministic output, and the committed samples are
//! exactly what the generator writes.

mod common;

use common::*;

#[test]
fn samples_are_reproducible_from_the_generator() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["generate", "samples", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "departures.csv",
        "arrivals.csv",
        "watchlist.csv",
        "registry.csv",
        "departures-airline.csv",
        "columns-airline.toml",
    ] {
        let fresh = std::fs::read(dir.path().join(f)).unwrap();
        let committed = std::fs::read(sample(f)).unwrap();
        assert!(
            fresh == committed,
            "data-samples/{f} differs from `lintas generate samples` output; regenerate it"
        );
    }
}

#[test]
fn manifests_are_deterministic_per_seed() {
    let dir = tempfile::tempdir().unwrap();
    let gen = |name: &str, seed: &str| {
        let p = dir.path().join(name);
        let o = run(&[
            "generate",
            "manifest",
            "--rows",
            "500",
            "--seed",
            seed,
            "--out",
            p.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read(p).unwrap()
    };
    let a = gen("a.csv", "5");
    assert_eq!(a, gen("b.csv", "5"));
    assert_ne!(a, gen("c.csv", "6"));
    assert_eq!(String::from_utf8(a).unwrap().lines().count(), 501);
}
