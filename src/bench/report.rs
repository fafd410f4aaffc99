//! What a load run measured: one [`Row`] per (target, concurrency) from its HDR histogram,
//! feedguard's added latency over the direct call and over the other hops, and the budget
//! checks. Printed as a table for people and as JSON (`--json`) for CI.

use std::fmt::Write;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

use super::load::BenchConfig;

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub target: &'static str,
    pub concurrency: usize,
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub requests_per_second: f64,
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
    pub p999_us: u64,
    pub max_us: u64,
    /// CPU seconds the target's process spent per 1000 requests (targets this run started).
    pub cpu_seconds_per_1k: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

impl Row {
    #[allow(clippy::too_many_arguments)]
    pub fn from_histogram(
        target: &'static str,
        concurrency: usize,
        h: &Histogram<u64>,
        requests: u64,
        errors: u64,
        seconds: f64,
        cpu: Option<f64>,
        first_error: Option<String>,
    ) -> Self {
        let q = |p: f64| {
            if h.is_empty() {
                0
            } else {
                h.value_at_quantile(p)
            }
        };
        Self {
            target,
            concurrency,
            requests,
            errors,
            seconds,
            requests_per_second: if seconds > 0.0 {
                requests as f64 / seconds
            } else {
                0.0
            },
            p50_us: q(0.50),
            p90_us: q(0.90),
            p99_us: q(0.99),
            p999_us: q(0.999),
            max_us: if h.is_empty() { 0 } else { h.max() },
            cpu_seconds_per_1k: cpu
                .filter(|_| requests > 0)
                .map(|c| c * 1000.0 / requests as f64),
            first_error,
        }
    }
}

/// feedguard against another target at one concurrency.
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    /// What feedguard is compared with: direct, forward or peer.
    pub versus: &'static str,
    pub concurrency: usize,
    pub p50_us: i64,
    pub p90_us: i64,
    pub p99_us: i64,
    pub p999_us: i64,
    /// feedguard's requests/s as a share of the other target's.
    pub throughput_ratio: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub config: BenchConfig,
    pub rows: Vec<Row>,
    pub added: Vec<Added>,
    pub budget_failures: Vec<String>,
}

fn row<'a>(rows: &'a [Row], target: &str, c: usize) -> Option<&'a Row> {
    rows.iter()
        .find(|r| r.target == target && r.concurrency == c)
}

impl BenchReport {
    pub fn new(config: BenchConfig, rows: Vec<Row>) -> Self {
        let mut added = Vec::new();
        for &c in &config.concurrency {
            let Some(fg) = row(&rows, "feedguard", c) else {
                continue;
            };
            for versus in ["direct", "forward", "peer"] {
                if let Some(o) = row(&rows, versus, c) {
                    let d = |a: u64, b: u64| a as i64 - b as i64;
                    added.push(Added {
                        versus,
                        concurrency: c,
                        p50_us: d(fg.p50_us, o.p50_us),
                        p90_us: d(fg.p90_us, o.p90_us),
                        p99_us: d(fg.p99_us, o.p99_us),
                        p999_us: d(fg.p999_us, o.p999_us),
                        throughput_ratio: if o.requests_per_second > 0.0 {
                            fg.requests_per_second / o.requests_per_second
                        } else {
                            0.0
                        },
                    });
                }
            }
        }
        Self {
            config,
            rows,
            added,
            budget_failures: Vec::new(),
        }
    }

    /// Checks feedguard's p99 and its added p99 (over direct) at every concurrency.
    pub fn check_budgets(&mut self, p99: Option<Duration>, added_p99: Option<Duration>) {
        for r in self.rows.iter().filter(|r| r.target == "feedguard") {
            if r.requests == r.errors {
                self.budget_failures.push(format!(
                    "feedguard answered no call at concurrency {}: nothing was measured",
                    r.concurrency
                ));
            }
            if let Some(b) = p99
                && r.p99_us as u128 > b.as_micros()
            {
                self.budget_failures.push(format!(
                    "feedguard p99 at concurrency {} is {} µs, over the budget of {} µs",
                    r.concurrency,
                    r.p99_us,
                    b.as_micros()
                ));
            }
            if r.errors > 0 {
                self.budget_failures.push(format!(
                    "feedguard had {} errors at concurrency {}",
                    r.errors, r.concurrency
                ));
            }
        }
        if let Some(b) = added_p99 {
            // An added latency is only meaningful if the other side answered too.
            for r in self
                .rows
                .iter()
                .filter(|r| r.target == "direct" && r.errors > 0)
            {
                self.budget_failures.push(format!(
                    "direct calls failed ({} errors at concurrency {}): the added latency is not measured",
                    r.errors, r.concurrency
                ));
            }
            for a in self.added.iter().filter(|a| a.versus == "direct") {
                if a.p99_us > 0 && a.p99_us as u128 > b.as_micros() {
                    self.budget_failures.push(format!(
                        "feedguard adds {} µs at p99 at concurrency {}, over the budget of {} µs",
                        a.p99_us,
                        a.concurrency,
                        b.as_micros()
                    ));
                }
            }
        }
    }

    pub fn table(&self) -> String {
        let mut s = String::new();
        let c = &self.config;
        let _ = writeln!(
            s,
            "{} calls, {} items per response, {:.0}% children, {} connection(s) per target, {} per (target, concurrency){}",
            match c.call {
                super::load::CallKind::Unary => "unary",
                super::load::CallKind::Stream => "streaming",
            },
            c.items,
            c.child_share * 100.0,
            c.connections,
            humanize(c.duration),
            match c.rate {
                Some(r) => format!(", fixed rate {r:.0} req/s (latency from intended send time)"),
                None => ", closed loop".into(),
            }
        );
        let _ = writeln!(
            s,
            "\n{:<10} {:>5} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>10}",
            "target",
            "conc",
            "req/s",
            "p50 µs",
            "p90 µs",
            "p99 µs",
            "p99.9 µs",
            "max µs",
            "errors",
            "cpu-s/1k"
        );
        for r in &self.rows {
            let _ = writeln!(
                s,
                "{:<10} {:>5} {:>10.0} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>10}",
                r.target,
                r.concurrency,
                r.requests_per_second,
                r.p50_us,
                r.p90_us,
                r.p99_us,
                r.p999_us,
                r.max_us,
                r.errors,
                r.cpu_seconds_per_1k
                    .map(|c| format!("{c:.3}"))
                    .unwrap_or_else(|| "-".into())
            );
        }
        if !self.added.is_empty() {
            let _ = writeln!(
                s,
                "\nfeedguard added latency (µs) and throughput share, against each other target:"
            );
            let _ = writeln!(
                s,
                "{:<10} {:>5} {:>9} {:>9} {:>9} {:>9} {:>11}",
                "versus", "conc", "p50", "p90", "p99", "p99.9", "throughput"
            );
            for a in &self.added {
                let _ = writeln!(
                    s,
                    "{:<10} {:>5} {:>+9} {:>+9} {:>+9} {:>+9} {:>10.0}%",
                    a.versus,
                    a.concurrency,
                    a.p50_us,
                    a.p90_us,
                    a.p99_us,
                    a.p999_us,
                    a.throughput_ratio * 100.0
                );
            }
        }
        for r in self.rows.iter().filter(|r| r.errors > 0) {
            let _ = writeln!(
                s,
                "\n{} at concurrency {}: {} errors, first: {}",
                r.target,
                r.concurrency,
                r.errors,
                r.first_error.as_deref().unwrap_or("?")
            );
        }
        if !self.budget_failures.is_empty() {
            let _ = writeln!(s, "\nOVER BUDGET:");
            for f in &self.budget_failures {
                let _ = writeln!(s, "  {f}");
            }
        }
        s
    }
}

fn humanize(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}
