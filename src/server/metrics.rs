//! Counters and histograms, exposed in the Prometheus text format.
//!
//! Hand-written: a handful of series, kept in sorted maps so the output is
//! stable. Label values are routes, levels and rule ids, never personal data.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Latency histogram bucket bounds, in seconds.
pub const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, d: Duration) {
        if self.counts.is_empty() {
            self.counts = vec![0; BUCKETS.len()];
        }
        let s = d.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if s <= *b {
                self.counts[i] += 1;
            }
        }
        self.sum += s;
        self.count += 1;
    }

    /// Writes the `_bucket`, `_sum` and `_count` lines of `name` with
    /// `label` (`key="value"`).
    fn render(&self, o: &mut String, name: &str, label: &str) {
        for (b, c) in BUCKETS.iter().zip(&self.counts) {
            let _ = writeln!(o, "{name}_bucket{{{label},le=\"{b}\"}} {c}");
        }
        let _ = writeln!(o, "{name}_bucket{{{label},le=\"+Inf\"}} {}", self.count);
        let _ = writeln!(o, "{name}_sum{{{label}}} {}", self.sum);
        let _ = writeln!(o, "{name}_count{{{label}}} {}", self.count);
    }
}

/// Where a screening request's time went, for
/// `lintas_screen_stage_seconds`: waiting for a screening thread, screening
/// (pattern features, matching, rules), and waiting for the commit group
/// that makes it durable.
#[derive(Clone, Copy, Debug)]
pub struct Stages {
    /// From handing the records over to a screening thread starting them.
    pub queue: Duration,
    /// Screening itself.
    pub screen: Duration,
    /// Waiting until the crossings were durable (zero when nothing was new).
    pub store: Duration,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    /// Per stage of a screening request: queue, screen, store.
    stages: [Histogram; 3],
    flags: BTreeMap<&'static str, u64>,
    rule_hits: BTreeMap<String, u64>,
    reloads_ok: u64,
    reload_failures: u64,
    reload_failing: bool,
}

/// The server's metrics.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

/// Gauges read from the live server at scrape time.
pub struct Gauges<'a> {
    /// Crossings in the history.
    pub history_records: usize,
    /// Watchlist entries loaded.
    pub watchlist_entries: usize,
    /// Rules loaded.
    pub rules: usize,
    /// Rules version serving.
    pub rules_version: &'a str,
    /// Watchlists version serving.
    pub watchlists_version: &'a str,
    /// True when the store failed.
    pub store_failed: bool,
}

impl Metrics {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts one request.
    pub fn request(&self, route: &str, status: u16, elapsed: Duration) {
        let mut m = self.lock();
        *m.requests.entry((route.to_string(), status)).or_default() += 1;
        m.latency
            .entry(route.to_string())
            .or_default()
            .observe(elapsed);
    }

    /// Records where one screening request's time went.
    pub fn stages(&self, st: Stages) {
        let mut m = self.lock();
        for (h, d) in m.stages.iter_mut().zip([st.queue, st.screen, st.store]) {
            h.observe(d);
        }
    }

    /// Counts one flag: its level and every rule that scored.
    pub fn flag(&self, f: &crate::model::Flag) {
        let mut m = self.lock();
        *m.flags.entry(f.level.as_str()).or_default() += 1;
        for r in &f.reasons {
            *m.rule_hits.entry(r.rule.clone()).or_default() += 1;
        }
    }

    /// Counts a reload attempt.
    pub fn reload(&self, ok: bool) {
        let mut m = self.lock();
        if ok {
            m.reloads_ok += 1;
        } else {
            m.reload_failures += 1;
        }
        m.reload_failing = !ok;
    }

    /// Renders the exposition text.
    pub fn render(&self, g: &Gauges<'_>) -> String {
        let m = self.lock();
        let mut o = String::new();
        let _ = writeln!(
            o,
            "# HELP lintas_requests_total HTTP requests by route and status code."
        );
        let _ = writeln!(o, "# TYPE lintas_requests_total counter");
        for ((route, status), n) in &m.requests {
            let _ = writeln!(
                o,
                "lintas_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                esc(route)
            );
        }
        let _ = writeln!(
            o,
            "# HELP lintas_request_duration_seconds Request latency by route."
        );
        let _ = writeln!(o, "# TYPE lintas_request_duration_seconds histogram");
        for (route, h) in &m.latency {
            h.render(
                &mut o,
                "lintas_request_duration_seconds",
                &format!("route=\"{}\"", esc(route)),
            );
        }
        let _ = writeln!(
            o,
            "# HELP lintas_screen_stage_seconds Where screening requests spend their time: queue (waiting for a screening thread), screen, store (waiting until durable)."
        );
        let _ = writeln!(o, "# TYPE lintas_screen_stage_seconds histogram");
        for (stage, h) in ["queue", "screen", "store"].iter().zip(&m.stages) {
            if h.count > 0 {
                h.render(
                    &mut o,
                    "lintas_screen_stage_seconds",
                    &format!("stage=\"{stage}\""),
                );
            }
        }
        let _ = writeln!(o, "# HELP lintas_flags_total Flags returned, by level.");
        let _ = writeln!(o, "# TYPE lintas_flags_total counter");
        for l in crate::model::Level::ALL {
            let _ = writeln!(
                o,
                "lintas_flags_total{{level=\"{l}\"}} {}",
                m.flags.get(l.as_str()).copied().unwrap_or(0)
            );
        }
        let _ = writeln!(
            o,
            "# HELP lintas_rule_hits_total Scored rule hits, by rule id."
        );
        let _ = writeln!(o, "# TYPE lintas_rule_hits_total counter");
        for (rule, n) in &m.rule_hits {
            let _ = writeln!(o, "lintas_rule_hits_total{{rule=\"{}\"}} {n}", esc(rule));
        }
        let _ = writeln!(
            o,
            "# HELP lintas_reloads_total Successful reloads of rules and lists."
        );
        let _ = writeln!(o, "# TYPE lintas_reloads_total counter");
        let _ = writeln!(o, "lintas_reloads_total {}", m.reloads_ok);
        let _ = writeln!(o, "# HELP lintas_reload_failures_total Reloads refused because a file was broken (old version kept).");
        let _ = writeln!(o, "# TYPE lintas_reload_failures_total counter");
        let _ = writeln!(o, "lintas_reload_failures_total {}", m.reload_failures);
        let _ = writeln!(o, "# HELP lintas_reload_failing 1 while the last reload failed and an older version serves.");
        let _ = writeln!(o, "# TYPE lintas_reload_failing gauge");
        let _ = writeln!(o, "lintas_reload_failing {}", m.reload_failing as u8);
        let _ = writeln!(
            o,
            "# HELP lintas_history_records Crossings in the pattern history window (older ones are pruned)."
        );
        let _ = writeln!(o, "# TYPE lintas_history_records gauge");
        let _ = writeln!(o, "lintas_history_records {}", g.history_records);
        let _ = writeln!(
            o,
            "# HELP lintas_watchlist_entries Watchlist entries loaded."
        );
        let _ = writeln!(o, "# TYPE lintas_watchlist_entries gauge");
        let _ = writeln!(o, "lintas_watchlist_entries {}", g.watchlist_entries);
        let _ = writeln!(o, "# HELP lintas_rules Rules loaded.");
        let _ = writeln!(o, "# TYPE lintas_rules gauge");
        let _ = writeln!(o, "lintas_rules {}", g.rules);
        let _ = writeln!(
            o,
            "# HELP lintas_store_failed 1 after the history store failed (screening refused)."
        );
        let _ = writeln!(o, "# TYPE lintas_store_failed gauge");
        let _ = writeln!(o, "lintas_store_failed {}", g.store_failed as u8);
        let _ = writeln!(o, "# HELP lintas_info Versions serving now.");
        let _ = writeln!(o, "# TYPE lintas_info gauge");
        let _ = writeln!(
            o,
            "lintas_info{{rules_version=\"{}\",watchlists_version=\"{}\"}} 1",
            esc(g.rules_version),
            esc(g.watchlists_version)
        );
        o
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.request("/v1/screen", 200, Duration::from_micros(700));
        m.request("/v1/screen", 200, Duration::from_millis(30));
        let g = Gauges {
            history_records: 2,
            watchlist_entries: 0,
            rules: 0,
            rules_version: "sha256:a",
            watchlists_version: "sha256:b",
            store_failed: false,
        };
        let text = m.render(&g);
        assert!(text.contains("lintas_requests_total{route=\"/v1/screen\",status=\"200\"} 2"));
        assert!(text.contains(
            "lintas_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"0.001\"} 1"
        ));
        assert!(text.contains(
            "lintas_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"0.05\"} 2"
        ));
        assert!(text.contains(
            "lintas_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"+Inf\"} 2"
        ));
        assert!(text.contains("lintas_request_duration_seconds_count{route=\"/v1/screen\"} 2"));
        assert!(!text.contains("lintas_screen_stage_seconds_bucket"));
    }

    #[test]
    fn stages_get_one_histogram_each() {
        let m = Metrics::default();
        m.stages(Stages {
            queue: Duration::from_micros(100),
            screen: Duration::from_millis(3),
            store: Duration::from_millis(20),
        });
        let g = Gauges {
            history_records: 0,
            watchlist_entries: 0,
            rules: 0,
            rules_version: "a",
            watchlists_version: "b",
            store_failed: false,
        };
        let text = m.render(&g);
        for (stage, first_bucket) in [("queue", "0.0005"), ("screen", "0.005"), ("store", "0.025")]
        {
            assert!(
                text.contains(&format!(
                    "lintas_screen_stage_seconds_bucket{{stage=\"{stage}\",le=\"{first_bucket}\"}} 1"
                )),
                "{stage}: {text}"
            );
            assert!(text.contains(&format!(
                "lintas_screen_stage_seconds_count{{stage=\"{stage}\"}} 1"
            )));
        }
        assert!(text.contains("lintas_screen_stage_seconds_bucket{stage=\"store\",le=\"0.01\"} 0"));
    }
}
