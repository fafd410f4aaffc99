//! `feedguard replay`: reads the inputs, puts exchanges in timestamp order within a bounded
//! window, replays each under the policy (and the baseline), and writes the outputs. Outputs
//! are written to temporary files and renamed into place only when the run completes, so a
//! failed or interrupted run never leaves a half-written report.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::format::{Exchange, Reader};
use super::report::{Accumulator, Check, Report, Verdict};
use super::run::Replayer;
use crate::policy::Policy;

/// When an input has no timestamps at all: noon UTC on 2026-01-01, one second per exchange.
pub const DEFAULT_START_MS: i64 = 1_767_268_800_000;

#[derive(Debug, Clone)]
pub struct ReplayOptions {
    pub policy: Arc<Policy>,
    pub baseline: Option<Arc<Policy>>,
    pub inputs: Vec<PathBuf>,
    pub report: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub verdicts: Option<PathBuf>,
    pub fail_on: Vec<Check>,
    pub strict: bool,
    /// Exchanges held to put them in timestamp order.
    pub window: usize,
    /// Bytes of exchanges held, likewise: whichever bound is reached first.
    pub window_bytes: usize,
    /// Show a progress bar (when stderr is a terminal and the run takes a while).
    pub progress: bool,
}

impl ReplayOptions {
    /// A run of `inputs` under `policy` with the command's defaults: no outputs, no checks,
    /// unreadable inputs skipped, the default reorder window, no progress bar.
    pub fn new(policy: Arc<Policy>, inputs: Vec<PathBuf>) -> Self {
        Self {
            policy,
            baseline: None,
            inputs,
            report: None,
            html: None,
            verdicts: None,
            fail_on: Vec::new(),
            strict: false,
            window: 100_000,
            window_bytes: 512 << 20,
            progress: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("cannot read {path}: {source}")]
    Input {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{position}: {error} (--strict: no output was written)")]
    Strict { position: String, error: String },
    #[error("cannot write {path}: {source}")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The result of a run: the report, and the checks named in `--fail-on` that failed.
pub struct Outcome {
    pub report: Report,
    pub failed_checks: Vec<&'static str>,
}

/// A file written under a temporary name and renamed into place by [`Pending::commit`].
struct Pending {
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    fn new(path: &Path) -> Self {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        Self {
            tmp: path.with_file_name(name),
            path: path.to_owned(),
        }
    }

    fn create(&self) -> Result<std::fs::File, ReplayError> {
        std::fs::File::create(&self.tmp).map_err(|source| ReplayError::Output {
            path: self.tmp.clone(),
            source,
        })
    }

    fn write(&self, data: &[u8]) -> Result<(), ReplayError> {
        std::fs::write(&self.tmp, data).map_err(|source| ReplayError::Output {
            path: self.tmp.clone(),
            source,
        })
    }

    fn commit(&self) -> Result<(), ReplayError> {
        std::fs::rename(&self.tmp, &self.path).map_err(|source| ReplayError::Output {
            path: self.path.clone(),
            source,
        })
    }

    fn abandon(&self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

struct Held {
    exchange: Exchange,
    position: String,
}

struct Run<'a> {
    opts: &'a ReplayOptions,
    main: Replayer,
    baseline: Option<Replayer>,
    acc: Accumulator,
    verdicts: Option<BufWriter<std::fs::File>>,
    last_ms: i64,
    write_error: Option<std::io::Error>,
}

impl Run<'_> {
    fn process(&mut self, n: u64, ts: i64, held: Held) {
        if ts < self.last_ms {
            self.acc.out_of_order();
        }
        self.last_ms = self.last_ms.max(ts);
        let out = match self.main.exchange(&held.exchange, ts) {
            Ok(o) => o,
            Err(e) => {
                self.acc.skipped(held.position, e);
                return;
            }
        };
        let bout = self
            .baseline
            .as_mut()
            .and_then(|b| b.exchange(&held.exchange, ts).ok());
        if let Some(w) = self.verdicts.as_mut() {
            for item in &out.items {
                let v = Verdict::of(self.main.policy(), n, out.band, item);
                let r = serde_json::to_writer(&mut *w, &v)
                    .map_err(std::io::Error::other)
                    .and_then(|()| w.write_all(b"\n"));
                if let Err(e) = r {
                    self.write_error.get_or_insert(e);
                }
            }
        }
        let b = match (&self.baseline, &bout) {
            (Some(b), Some(o)) => Some((b, o)),
            _ => None,
        };
        self.acc.add(&self.main, n, &held.position, &out, b);
    }
}

/// Runs a replay. Errors are for inputs that cannot be opened, `--strict` failures and
/// outputs that cannot be written; everything else goes into the report.
pub fn replay(opts: &ReplayOptions) -> Result<Outcome, ReplayError> {
    let started = Instant::now();
    let mut readers = Vec::new();
    let mut total_bytes = 0u64;
    for p in &opts.inputs {
        let r = Reader::open(p).map_err(|source| ReplayError::Input {
            path: p.clone(),
            source,
        })?;
        total_bytes += std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        readers.push(r);
    }
    let verdicts_file = opts.verdicts.as_deref().map(Pending::new);
    let mut run = Run {
        opts,
        main: Replayer::new(opts.policy.clone()),
        baseline: opts.baseline.clone().map(Replayer::new),
        acc: Accumulator::new(
            &opts.policy,
            opts.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            opts.baseline.as_deref(),
        ),
        verdicts: match &verdicts_file {
            Some(p) => Some(BufWriter::new(p.create()?)),
            None => None,
        },
        last_ms: i64::MIN,
        write_error: None,
    };
    let abandon_all = || {
        if let Some(p) = &verdicts_file {
            p.abandon();
        }
    };

    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template(
            "replaying [{bar:32}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} ({msg} exchanges)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let show_after = Duration::from_secs(2);
    let mut shown = false;

    let mut heap: BinaryHeap<Reverse<(i64, u64)>> = BinaryHeap::new();
    let mut held: HashMap<u64, Held> = HashMap::new();
    let mut n = 0u64;
    let mut done_bytes = 0u64;
    let mut prev_ts = DEFAULT_START_MS - 1000;
    let mut held_bytes = 0usize;
    for reader in readers {
        let mut reader = reader;
        while let Some((pos, item)) = reader.next() {
            match item {
                Err(e) => {
                    if opts.strict {
                        abandon_all();
                        return Err(ReplayError::Strict {
                            position: pos.to_string(),
                            error: e.to_string(),
                        });
                    }
                    run.acc.skipped(pos.to_string(), e.to_string());
                }
                Ok(ex) => {
                    n += 1;
                    let ts = ex.timestamp_ms.unwrap_or(prev_ts.saturating_add(1000));
                    prev_ts = ts;
                    held_bytes += ex.size();
                    heap.push(Reverse((ts, n)));
                    held.insert(
                        n,
                        Held {
                            exchange: ex,
                            position: pos.to_string(),
                        },
                    );
                    while heap.len() > opts.window.max(1)
                        || (held_bytes > opts.window_bytes && heap.len() > 1)
                    {
                        if let Some(Reverse((ts, k))) = heap.pop()
                            && let Some(h) = held.remove(&k)
                        {
                            held_bytes = held_bytes.saturating_sub(h.exchange.size());
                            run.process(k, ts, h);
                        }
                    }
                }
            }
            if n.is_multiple_of(256) {
                bar.set_position(done_bytes + reader.offset());
                bar.set_message(n.to_string());
                if opts.progress
                    && !shown
                    && started.elapsed() > show_after
                    && std::io::stderr().is_terminal()
                {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    shown = true;
                }
            }
        }
        done_bytes += reader.offset();
    }
    while let Some(Reverse((ts, k))) = heap.pop() {
        if let Some(h) = held.remove(&k) {
            run.process(k, ts, h);
        }
    }
    bar.finish_and_clear();

    if run.opts.strict
        && let Some(first) = run.acc.first_unreadable()
    {
        abandon_all();
        return Err(ReplayError::Strict {
            position: first.0,
            error: first.1,
        });
    }
    if let Some(mut w) = run.verdicts.take() {
        let r = w.flush();
        if let Some(source) = run.write_error.take().or(r.err())
            && let Some(p) = &verdicts_file
        {
            p.abandon();
            return Err(ReplayError::Output {
                path: p.path.clone(),
                source,
            });
        }
    }
    let report = run.acc.finish(started.elapsed());

    // Every output is written under its temporary name first; only when all are written are
    // they renamed, and any failure removes every temporary file.
    let mut pending: Vec<(Pending, Option<Vec<u8>>)> = Vec::new();
    if let Some(p) = &opts.report {
        let json = serde_json::to_vec_pretty(&report).unwrap_or_default();
        pending.push((Pending::new(p), Some(json)));
    }
    if let Some(p) = &opts.html {
        pending.push((
            Pending::new(p),
            Some(super::html::render(&report).into_bytes()),
        ));
    }
    if let Some(p) = verdicts_file {
        pending.push((p, None));
    }
    let mut result = Ok(());
    for (p, data) in &pending {
        if let Some(d) = data
            && let Err(e) = p.write(d)
        {
            result = Err(e);
            break;
        }
    }
    if result.is_ok() {
        for (i, (p, _)) in pending.iter().enumerate() {
            if let Err(e) = p.commit() {
                for (q, _) in &pending[i..] {
                    q.abandon();
                }
                return Err(e);
            }
        }
    } else {
        for (p, _) in &pending {
            p.abandon();
        }
        result?;
    }
    let failed_checks = opts
        .fail_on
        .iter()
        .filter(|c| report.check(c.name()).is_some_and(|r| r.failures > 0))
        .map(|c| c.name())
        .collect();
    Ok(Outcome {
        report,
        failed_checks,
    })
}
