//! The recorder behind `feedguard serve --record DIR`: the proxy hands it each finished
//! exchange and a writer thread appends them to rotating files. Serving never waits on the disk:
//! the hand-off is a bounded queue that drops (and counts) when full, and a write error is
//! counted, logged and dropped, never returned to a call.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

use bytes::Bytes;
use prost::Message;

use super::format::{Exchange, write_framed};
use crate::audit::IdHasher;
use crate::pb;
use crate::policy::AgeBand;
use crate::proxy::metrics::{self, Metrics};

/// File name suffix of record files.
pub const EXTENSION: &str = "fgrec";

/// How and where to record.
#[derive(Debug, Clone)]
pub struct RecordConfig {
    pub dir: PathBuf,
    /// Record child bands too. Off by default: recording children's traffic is a decision a
    /// platform makes on purpose (and writes into its DPIA), not a side effect of a flag.
    pub children: bool,
    /// Start a new file when the current one would pass this size...
    pub max_file_bytes: u64,
    /// ...or is this old.
    pub max_file_age: Duration,
    /// Delete the oldest files when the directory's record files pass this total.
    pub max_total_bytes: u64,
    /// Messages of one stream kept; the rest are cut and the record marked `truncated`.
    pub max_stream_messages: usize,
    /// Bytes of one stream kept, likewise.
    pub max_stream_bytes: usize,
    /// Exchanges waiting for the writer; beyond it new ones are dropped and counted.
    pub queue: usize,
    /// Bytes waiting for the writer, likewise: a slow disk costs records, never memory.
    pub queue_bytes: usize,
}

impl RecordConfig {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            children: false,
            max_file_bytes: 64 << 20,
            max_file_age: Duration::from_secs(3600),
            max_total_bytes: 1 << 30,
            max_stream_messages: 1000,
            max_stream_bytes: 16 << 20,
            queue: 4096,
            queue_bytes: 64 << 20,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecordStartError {
    #[error("cannot record to {dir}: {source}")]
    Dir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("--record-max-file-bytes ({file}) must be at most --record-max-total-bytes ({total})")]
    Limits { file: u64, total: u64 },
}

/// The proxy's side of the recorder.
#[derive(Debug)]
pub struct Recorder {
    tx: SyncSender<Msg>,
    config: RecordConfig,
    metrics: Arc<Metrics>,
    queued_bytes: Arc<std::sync::atomic::AtomicUsize>,
}

impl Recorder {
    /// Checks the directory can be written (a bad `--record` fails at start, not at the first
    /// call) and starts the writer thread.
    pub fn start(config: RecordConfig, metrics: Arc<Metrics>) -> Result<Self, RecordStartError> {
        if config.max_file_bytes > config.max_total_bytes {
            return Err(RecordStartError::Limits {
                file: config.max_file_bytes,
                total: config.max_total_bytes,
            });
        }
        let dir_err = |source| RecordStartError::Dir {
            dir: config.dir.clone(),
            source,
        };
        std::fs::create_dir_all(&config.dir).map_err(dir_err)?;
        let probe = config.dir.join(".feedguard-write-check");
        File::create(&probe).map_err(dir_err)?;
        let _ = std::fs::remove_file(&probe);
        let (tx, rx) = sync_channel(config.queue.max(1));
        let queued_bytes = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let writer = Writer {
            queued_bytes: queued_bytes.clone(),
            config: config.clone(),
            metrics: metrics.clone(),
            current: None,
            seq: 0,
            errors: 0,
        };
        std::thread::Builder::new()
            .name("feedguard-recorder".into())
            .spawn(move || writer.run(rx))
            .map_err(dir_err)?;
        Ok(Self {
            tx,
            config,
            metrics,
            queued_bytes,
        })
    }

    /// Whether exchanges of this band are recorded.
    pub fn wants(&self, band: AgeBand) -> bool {
        self.config.children || !band.is_child()
    }

    pub fn max_stream_messages(&self) -> usize {
        self.config.max_stream_messages
    }

    pub fn max_stream_bytes(&self) -> usize {
        self.config.max_stream_bytes
    }

    /// Hands an exchange to the writer without waiting.
    pub fn submit(&self, ex: Exchange) {
        use std::sync::atomic::Ordering;
        let size = ex.size();
        if self.queued_bytes.fetch_add(size, Ordering::Relaxed) + size > self.config.queue_bytes {
            self.queued_bytes.fetch_sub(size, Ordering::Relaxed);
            self.count("dropped_queue_full");
            return;
        }
        let r = self.tx.try_send(Msg::Record(Box::new(ex)));
        if r.is_err() {
            self.queued_bytes.fetch_sub(size, Ordering::Relaxed);
        }
        match r {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => self.count("dropped_queue_full"),
            Err(TrySendError::Disconnected(_)) => self.count("dropped_writer_gone"),
        }
    }

    /// Waits (up to `timeout`) until everything handed over so far is written and flushed:
    /// at shutdown, so the last exchanges are not lost with the process.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (ack, done) = std::sync::mpsc::channel();
        let deadline = Instant::now() + timeout;
        let mut msg = Msg::Flush(ack);
        loop {
            match self.tx.try_send(msg) {
                Ok(()) => break,
                Err(TrySendError::Full(m)) if Instant::now() < deadline => {
                    msg = m;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return false,
            }
        }
        done.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .is_ok()
    }

    /// Counts a child exchange not recorded because `--record-children` is off.
    pub fn skipped_child(&self) {
        self.count("skipped_child");
    }

    fn count(&self, result: &str) {
        self.metrics.add(metrics::RECORDS, &[("result", result)], 1);
    }
}

/// The request as it is written to a record: ids keyed-hashed, personal content reduced to the
/// shape the engine reads (which profile fields are present, whether a precise location is).
/// Replaying the result gives the same decision as the original, which the record → replay test
/// checks.
pub fn redact_request(req: &pb::FeedRequest, hasher: &IdHasher) -> Bytes {
    let mut r = req.clone();
    if let Some(v) = r.viewer.as_mut() {
        v.account_id = hasher.account(&v.account_id);
        // The engine reads ages only as bands: keep the band, not the birthday.
        v.declared_age = v.declared_age.map(|a| band_age(a).unwrap_or(a));
        if let Some(a) = v.age_assurance.as_mut() {
            a.estimated_age = a.estimated_age.map(|e| {
                if e.is_finite() && e >= 0.0 {
                    band_age(e.floor() as u32).map_or(e, |b| b as f32)
                } else {
                    e
                }
            });
        }
    }
    if let Some(p) = r.paging.as_mut()
        && !p.page_token.is_empty()
    {
        // Cursors often encode who is asking; the engine never reads them.
        p.page_token = "[redacted]".into();
    }
    if let Some(s) = r.session.as_mut()
        && !s.session_id.is_empty()
    {
        s.session_id = hasher.record_session(&s.session_id);
    }
    if let Some(p) = r.profile.as_mut() {
        fn shape<T: Default>(v: &mut Vec<T>) {
            if !v.is_empty() {
                *v = vec![T::default()];
            }
        }
        shape(&mut p.watch_history);
        shape(&mut p.search_queries);
        shape(&mut p.engaged_item_ids);
        shape(&mut p.inferred_interests);
        shape(&mut p.embedding);
        shape(&mut p.ad_segments);
        shape(&mut p.explicit_interests);
        shape(&mut p.followed_creator_ids);
        if p.social_graph.is_some() {
            p.social_graph = Some(Default::default());
        }
    }
    if let Some(l) = r.location.as_mut()
        && let Some(p) = l.precise.as_mut()
    {
        // Only whether it was precise (under a kilometre) survives.
        *p = pb::PreciseLocation {
            latitude: 0.0,
            longitude: 0.0,
            accuracy_m: if p.accuracy_m < 1000.0 { 0.0 } else { 1000.0 },
        };
    }
    if !r.search_query.is_empty() {
        r.search_query = "[redacted]".into();
    }
    Bytes::from(r.encode_to_vec())
}

enum Msg {
    Record(Box<Exchange>),
    /// Flush, then answer.
    Flush(std::sync::mpsc::Sender<()>),
}

/// The youngest age of the band an age falls in; `None` past the credible range (the engine
/// ignores those, so they are kept as they are).
fn band_age(age: u32) -> Option<u32> {
    match age {
        0..=12 => Some(12),
        13..=15 => Some(13),
        16..=17 => Some(16),
        18..=120 => Some(18),
        _ => None,
    }
}

struct Open {
    file: BufWriter<File>,
    path: PathBuf,
    bytes: u64,
    opened: Instant,
}

struct Writer {
    queued_bytes: Arc<std::sync::atomic::AtomicUsize>,
    config: RecordConfig,
    metrics: Arc<Metrics>,
    current: Option<Open>,
    seq: u64,
    errors: u64,
}

impl Writer {
    fn run(mut self, rx: Receiver<Msg>) {
        loop {
            // Flush whenever the queue runs dry, so a quiet proxy has everything on disk.
            let msg = match rx.try_recv() {
                Ok(m) => m,
                Err(_) => {
                    self.flush();
                    match rx.recv() {
                        Ok(m) => m,
                        Err(_) => break,
                    }
                }
            };
            let ex = match msg {
                Msg::Record(ex) => ex,
                Msg::Flush(ack) => {
                    self.flush();
                    let _ = ack.send(());
                    continue;
                }
            };
            let r = self.write(&ex);
            self.queued_bytes
                .fetch_sub(ex.size(), std::sync::atomic::Ordering::Relaxed);
            match r {
                Ok(()) => self.count("written"),
                Err(e) => {
                    self.errors += 1;
                    self.count("write_error");
                    // One line per error would flood the log when the disk is full.
                    if self.errors.is_power_of_two() {
                        tracing::warn!(error = %e, errors = self.errors, "recording failed; the exchange was dropped and serving goes on");
                    }
                    // Start afresh on the next record: the file may be unusable.
                    self.current = None;
                }
            }
        }
        self.flush();
    }

    fn count(&self, result: &str) {
        self.metrics.add(metrics::RECORDS, &[("result", result)], 1);
    }

    fn flush(&mut self) {
        if let Some(c) = self.current.as_mut()
            && c.file.flush().is_err()
        {
            self.current = None;
        }
    }

    fn write(&mut self, ex: &Exchange) -> std::io::Result<()> {
        let body = ex.encode();
        let need = body.len() as u64 + 10;
        let rotate = match &self.current {
            None => true,
            Some(c) => {
                (c.bytes > 0 && c.bytes + need > self.config.max_file_bytes)
                    || c.opened.elapsed() >= self.config.max_file_age
            }
        };
        if rotate {
            self.rotate()?;
        }
        let c = self.current.as_mut().expect("rotate opened a file");
        let n = write_framed(&mut c.file, &body)?;
        c.bytes += n as u64;
        Ok(())
    }

    fn rotate(&mut self) -> std::io::Result<()> {
        if let Some(mut c) = self.current.take() {
            c.file.flush()?;
        }
        self.seq += 1;
        let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
        let path = self.config.dir.join(format!(
            "feedguard-{stamp}-{pid}-{seq:06}.{EXTENSION}",
            pid = std::process::id(),
            seq = self.seq
        ));
        let file = OpenOptions::new()
            .create_new(true)
            .write(true)
            .open(&path)?;
        self.current = Some(Open {
            file: BufWriter::with_capacity(1 << 16, file),
            path,
            bytes: 0,
            opened: Instant::now(),
        });
        self.enforce_total();
        Ok(())
    }

    /// Deletes the oldest record files (by name, which starts with the time) until the rest
    /// fit in `max_total_bytes` together with a full current file. Another process's file is
    /// deleted only once it has not been written for `max_file_age` (it is finished): replicas
    /// may share a directory.
    fn enforce_total(&self) {
        let own = format!("-{}-", std::process::id());
        let current = self.current.as_ref().map(|c| c.path.clone());
        let Ok(files) = list_records(&self.config.dir) else {
            return;
        };
        let mut total: u64 =
            files.iter().map(|(_, len)| len).sum::<u64>() + self.config.max_file_bytes;
        for (path, len) in files {
            if total <= self.config.max_total_bytes {
                break;
            }
            if Some(&path) == current.as_ref() {
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let finished = name.contains(&own)
                || std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age >= self.config.max_file_age);
            if !finished {
                continue;
            }
            if std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
                self.count("file_deleted");
            }
        }
    }
}

/// The record files in a directory, oldest first, with their sizes.
pub fn list_records(dir: &Path) -> std::io::Result<Vec<(PathBuf, u64)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) == Some(EXTENSION) {
            out.push((p, e.metadata().map(|m| m.len()).unwrap_or(0)));
        }
    }
    out.sort();
    Ok(out)
}
