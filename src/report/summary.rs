//! The end-of-run summary printed on stderr.

use crate::pipeline::batch::Summary;
use std::fmt::Write;

/// Renders the summary as a few aligned lines.
pub fn render(s: &Summary, written: usize, out: &str, rejects: Option<&str>) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "read {}  screened {}  rejected {}  (history {})",
        s.read, s.screened, s.rejected, s.history
    );
    let levels: Vec<String> = s.levels.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let _ = writeln!(t, "levels: {}  review {}", levels.join("  "), s.review);
    if !s.top_rules.is_empty() {
        let top: Vec<String> = s
            .top_rules
            .iter()
            .take(8)
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        let _ = writeln!(t, "top rules: {}", top.join(", "));
    }
    let _ = writeln!(
        t,
        "elapsed {:.2}s  {:.0} records/s",
        s.elapsed_secs,
        s.records_per_sec()
    );
    let _ = writeln!(t, "wrote {written} flags to {out}");
    if let Some(r) = rejects {
        let _ = writeln!(t, "wrote {} rejects to {r}", s.rejected);
    }
    t
}
