//! Prometheus metrics, one registry per proxy instance (so tests can run several proxies in one
//! process and read each one's counters). Label values are policy vocabulary (rule, category,
//! band, outcome), never ids.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use dashmap::DashMap;

use crate::engine::Decision;

pub const REQUESTS: &str = "feedguard_requests_total";
pub const DECISIONS: &str = "feedguard_decisions_total";
pub const FAILURES: &str = "feedguard_failures_total";
pub const RELOADS: &str = "feedguard_policy_reloads_total";
pub const UPSTREAM_LATENCY: &str = "feedguard_upstream_latency_seconds";
pub const ADDED_LATENCY: &str = "feedguard_added_latency_seconds";
pub const SESSIONS: &str = "feedguard_sessions";
pub const RECORDS: &str = "feedguard_records_total";
pub const ITEM_MEMO: &str = "feedguard_item_memo_lookups_total";
pub const CONNECTIONS: &str = "feedguard_connections";

const HELP: &[(&str, &str, &str)] = &[
    (
        REQUESTS,
        "counter",
        "Feed calls by method, age band and outcome.",
    ),
    (
        DECISIONS,
        "counter",
        "Policy actions taken, by rule, action, category and age band.",
    ),
    (
        FAILURES,
        "counter",
        "Calls where the policy could not be applied, by reason, band and what the viewer got.",
    ),
    (RELOADS, "counter", "Policy reload attempts by result."),
    (
        UPSTREAM_LATENCY,
        "histogram",
        "Time the upstream recommender took to answer.",
    ),
    (
        ADDED_LATENCY,
        "histogram",
        "Time feedguard added to a call, upstream time excluded.",
    ),
    (SESSIONS, "gauge", "Sessions held in the session store."),
    (
        RECORDS,
        "counter",
        "Exchanges offered to the recorder, by result (written, dropped, skipped, errors).",
    ),
    (
        ITEM_MEMO,
        "counter",
        "Response items looked up in the policy's item memo, by result: hit (answered from \
         memory) or read (parsed and classified). Starts again at a policy reload.",
    ),
    (
        CONNECTIONS,
        "gauge",
        "Client connections open, by the connection worker serving them (\"shared\": the \
         accepting runtime, with --workers 0). A connection stays on its worker, so a few busy \
         connections show here as uneven load.",
    ),
];

/// Bucket bounds in seconds: fine at the low end, where feedguard's own cost lives.
const BUCKETS: [f64; 16] = [
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
    1.0, 2.5, 5.0,
];

#[derive(Debug, Default)]
pub struct Histogram {
    counts: [AtomicU64; BUCKETS.len() + 1],
    sum_ns: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, d: Duration) {
        let s = d.as_secs_f64();
        let i = BUCKETS
            .iter()
            .position(|b| s <= *b)
            .unwrap_or(BUCKETS.len());
        self.counts[i].fetch_add(1, Ordering::Relaxed);
        self.sum_ns.fetch_add(
            u64::try_from(d.as_nanos()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    pub fn count(&self) -> u64 {
        self.counts.iter().map(|c| c.load(Ordering::Relaxed)).sum()
    }

    fn render(&self, name: &str, out: &mut String) {
        let mut cum = 0;
        for (i, b) in BUCKETS.iter().enumerate() {
            cum += self.counts[i].load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{b}\"}} {cum}");
        }
        cum += self.counts[BUCKETS.len()].load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {cum}");
        let sum = self.sum_ns.load(Ordering::Relaxed) as f64 / 1e9;
        let _ = writeln!(out, "{name}_sum {sum}");
        let _ = writeln!(out, "{name}_count {cum}");
    }
}

#[derive(Debug, Default)]
pub struct Metrics {
    /// Series (`name{labels}`) to value.
    counters: DashMap<String, AtomicU64>,
    /// Open client connections by worker label.
    connections: DashMap<String, std::sync::Arc<AtomicU64>>,
    pub upstream_latency: Histogram,
    pub added_latency: Histogram,
}

/// A label value as the exposition format writes it. Values are policy vocabulary, which
/// almost never needs escaping: checked first, since this runs several times a call.
fn escape(v: &str) -> std::borrow::Cow<'_, str> {
    if !v.contains(['\\', '"', '\n']) {
        return v.into();
    }
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .into()
}

/// One open client connection, counted in [`CONNECTIONS`] until dropped.
pub struct OpenConnection(std::sync::Arc<AtomicU64>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    pub fn add(&self, name: &str, labels: &[(&str, &str)], n: u64) {
        let mut key = String::with_capacity(64);
        key.push_str(name);
        key.push('{');
        for (i, (k, v)) in labels.iter().enumerate() {
            if i > 0 {
                key.push(',');
            }
            let _ = write!(key, "{k}=\"{}\"", escape(v));
        }
        key.push('}');
        if let Some(c) = self.counters.get(&key) {
            c.fetch_add(n, Ordering::Relaxed);
            return;
        }
        self.counters
            .entry(key)
            .or_default()
            .fetch_add(n, Ordering::Relaxed);
    }

    /// Counts a client connection served by `worker` until the returned guard is dropped.
    pub fn open_connection(&self, worker: &str) -> OpenConnection {
        let open = self
            .connections
            .entry(worker.to_owned())
            .or_default()
            .clone();
        open.fetch_add(1, Ordering::Relaxed);
        OpenConnection(open)
    }

    /// Shows `worker` in the gauge before its first connection.
    pub fn track_connections(&self, worker: &str) {
        self.connections.entry(worker.to_owned()).or_default();
    }

    /// Client connections `worker` serves now.
    pub fn open_connections(&self, worker: &str) -> u64 {
        self.connections
            .get(worker)
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// Current value of one series, for tests and the demo.
    pub fn get(&self, name: &str, labels: &[(&str, &str)]) -> u64 {
        let key = format!(
            "{name}{{{}}}",
            labels
                .iter()
                .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
                .collect::<Vec<_>>()
                .join(",")
        );
        self.counters
            .get(&key)
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    pub fn record_decision(&self, d: &Decision) {
        for a in &d.actions {
            self.add(
                DECISIONS,
                &[
                    ("rule", &a.rule),
                    ("action", a.action),
                    ("category", a.category.as_deref().unwrap_or("")),
                    ("band", d.band.as_str()),
                ],
                u64::from(a.count),
            );
        }
    }

    /// The Prometheus text exposition. `sessions` and `memo` are read from the session store
    /// and the current policy at the time of the scrape.
    pub fn render(&self, sessions: usize, memo: crate::engine::memo::MemoStats) -> String {
        let mut by_name: BTreeMap<&str, Vec<(String, u64)>> = BTreeMap::new();
        for e in self.counters.iter() {
            let name = e.key().split('{').next().unwrap_or("");
            let name = HELP
                .iter()
                .find(|(n, _, _)| *n == name)
                .map_or("", |(n, _, _)| *n);
            by_name
                .entry(name)
                .or_default()
                .push((e.key().clone(), e.value().load(Ordering::Relaxed)));
        }
        let mut out = String::new();
        for (name, kind, help) in HELP {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
            match *name {
                UPSTREAM_LATENCY => self.upstream_latency.render(name, &mut out),
                ADDED_LATENCY => self.added_latency.render(name, &mut out),
                SESSIONS => {
                    let _ = writeln!(out, "{name} {sessions}");
                }
                ITEM_MEMO => {
                    let _ = writeln!(out, "{name}{{result=\"hit\"}} {}", memo.hits);
                    let _ = writeln!(out, "{name}{{result=\"read\"}} {}", memo.reads);
                }
                CONNECTIONS => {
                    let mut open: Vec<(String, u64)> = self
                        .connections
                        .iter()
                        .map(|e| (e.key().clone(), e.value().load(Ordering::Relaxed)))
                        .collect();
                    open.sort();
                    for (worker, n) in open {
                        let _ = writeln!(out, "{name}{{worker=\"{}\"}} {n}", escape(&worker));
                    }
                }
                _ => {
                    let mut series = by_name.remove(name).unwrap_or_default();
                    series.sort();
                    for (k, v) in series {
                        let _ = writeln!(out, "{k} {v}");
                    }
                }
            }
        }
        out
    }
}
