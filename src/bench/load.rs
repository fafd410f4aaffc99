//! The load run of `feedguard bench`: real gRPC on loopback against the direct upstream, a
//! byte-forwarding hop, feedguard, and optionally a peer proxy, alternating slice by slice in
//! one run so they share the machine's noise. Closed-loop by default; with a rate, each request
//! has an intended send time and its latency counts from then, so a stall shows up as the
//! latency every queued request really saw (no coordinated omission).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::{Buf, BufMut, Bytes};
use hdrhistogram::Histogram;
use prost::Message;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::transport::{Channel, Endpoint};

use super::report::{BenchReport, Row};
use crate::pb;

/// How the requests are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    Unary,
    Stream,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchConfig {
    /// Measured time per (target, concurrency), split over the rounds.
    pub duration: Duration,
    /// Unmeasured time before each target's first slice at each concurrency.
    pub warmup: Duration,
    pub concurrency: Vec<usize>,
    /// HTTP/2 connections per target; streams are spread over them.
    pub connections: usize,
    /// Items per response.
    pub items: u32,
    /// Share of requests from child accounts (0.0-1.0); the rest are ID-verified adults.
    pub child_share: f64,
    pub call: CallKind,
    /// Requests per second per slice (fixed-rate mode); `None` for closed loop.
    pub rate: Option<f64>,
    /// Times the targets alternate at each concurrency.
    pub rounds: u32,
    /// Distinct viewer sessions the requests cycle through.
    pub sessions: usize,
    /// An upstream to use instead of starting the sample recommender.
    pub upstream: Option<String>,
    /// A running feedguard to use instead of starting one.
    pub proxy: Option<String>,
    /// A peer proxy in front of the same upstream (nginx grpc_pass, haproxy, ...).
    pub peer: Option<String>,
    /// Include the built-in byte-forwarding hop.
    pub forward: bool,
    /// Policy for the feedguard this run starts (default: the embedded one).
    #[serde(skip)]
    pub policy: Option<PathBuf>,
}

/// A process this run started; killed when dropped.
struct Spawned {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<SocketAddr> {
    // Bound and released: another process could take it in between, which the readiness
    // check below would notice as a start failure.
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?)
}

async fn wait_listening(addr: SocketAddr, what: &str, child: &mut Child) -> anyhow::Result<()> {
    let until = Instant::now() + Duration::from_secs(15);
    loop {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return Ok(());
        }
        if let Some(status) = child.try_wait()? {
            anyhow::bail!("{what} exited at start ({status})");
        }
        if Instant::now() > until {
            anyhow::bail!("{what} did not start listening on {addr} within 15 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn spawn(what: &str, args: &[String]) -> anyhow::Result<Spawned> {
    let exe = std::env::current_exe().context("cannot find the feedguard executable")?;
    let addr = free_port()?;
    let mut cmd = std::process::Command::new(exe);
    // The bench's processes take their settings from their arguments only: an inherited
    // FEEDGUARD_RECORD would record synthetic traffic into a real directory, FEEDGUARD_ADMIN
    // would fight over a port.
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("FEEDGUARD_") {
            cmd.env_remove(k);
        }
    }
    cmd.args(args)
        .arg("--listen")
        .arg(addr.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // Audit events stay on (a real deployment logs them) and go nowhere.
        .stderr(Stdio::null());
    let child = cmd
        .spawn()
        .with_context(|| format!("cannot start {what}"))?;
    // Owned by `Spawned` from here, so a start that fails still kills it.
    let mut s = Spawned { child, addr };
    wait_listening(addr, what, &mut s.child).await?;
    // The port was free a moment ago; if another process took it, ours has exited by now
    // and the connection above reached a stranger.
    tokio::time::sleep(Duration::from_millis(100)).await;
    if let Some(status) = s.child.try_wait()? {
        anyhow::bail!("{what} exited at start ({status}); port {addr} may have been taken");
    }
    Ok(s)
}

/// CPU time (user + system) of a process, from /proc; `None` where there is no /proc.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    // USER_HZ is 100 on every Linux ABI.
    Some((utime + stime) / 100.0)
}

// ---------------------------------------------------------------------------------------------
// A bytes-in, bytes-out client: the load generator must not spend the shared cores decoding
// responses it does not look at.
// ---------------------------------------------------------------------------------------------

/// A gRPC codec that passes message bytes through: requests are sent as given, responses
/// come back undecoded.
#[derive(Debug, Clone, Default)]
pub struct RawCodec;

#[derive(Debug, Clone, Default)]
pub struct RawCoder;

impl Encoder for RawCoder {
    type Item = Bytes;
    type Error = tonic::Status;
    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), tonic::Status> {
        dst.put(item);
        Ok(())
    }
}

impl Decoder for RawCoder {
    type Item = Bytes;
    type Error = tonic::Status;
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, tonic::Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawCoder;
    type Decoder = RawCoder;
    fn encoder(&mut self) -> RawCoder {
        RawCoder
    }
    fn decoder(&mut self) -> RawCoder {
        RawCoder
    }
}

const GET_FEED: &str = "/feedguard.v1.Recommender/GetFeed";
const STREAM_FEED: &str = "/feedguard.v1.Recommender/StreamFeed";

async fn call(channel: Channel, kind: CallKind, body: Bytes) -> Result<usize, tonic::Status> {
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready()
        .await
        .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
    match kind {
        CallKind::Unary => {
            let r = grpc
                .unary(
                    tonic::Request::new(body),
                    http::uri::PathAndQuery::from_static(GET_FEED),
                    RawCodec,
                )
                .await?;
            Ok(r.into_inner().len())
        }
        CallKind::Stream => {
            let mut s = grpc
                .server_streaming(
                    tonic::Request::new(body),
                    http::uri::PathAndQuery::from_static(STREAM_FEED),
                    RawCodec,
                )
                .await?
                .into_inner();
            let mut n = 0;
            while let Some(m) = s.message().await? {
                n += m.len();
            }
            Ok(n)
        }
    }
}

/// The requests the run cycles through: `sessions` viewers, children and adults in the
/// configured mix, each asking for `items` items from a different point of the catalogue.
pub fn requests(cfg: &BenchConfig, now_ms: i64) -> Vec<Bytes> {
    let n = cfg.sessions.max(1);
    let children = ((n as f64) * cfg.child_share.clamp(0.0, 1.0)).round() as usize;
    (0..n)
        .map(|i| {
            let child = i < children;
            let mut r = crate::demo::sample_request(
                &format!("bench-acct-{i}"),
                Some(if child { 14 } else { 35 }),
                0,
            );
            if let Some(v) = r.viewer.as_mut()
                && !child
            {
                v.age_assurance = Some(pb::AgeAssurance {
                    band: pb::AgeBand::Adult as i32,
                    estimated_age: Some(35.0),
                    method: pb::AssuranceMethod::IdDocument as i32,
                    confidence: 0.99,
                });
            }
            if let Some(s) = r.session.as_mut() {
                s.session_start_unix_ms = now_ms;
            }
            let span = crate::sample::CATALOGUE_LEN
                .saturating_sub(cfg.items as usize)
                .max(1);
            r.paging = Some(pb::Paging {
                page_token: ((i * 37) % span).to_string(),
                page_size: cfg.items,
            });
            Bytes::from(r.encode_to_vec())
        })
        .collect()
}

struct Slice {
    hist: Histogram<u64>,
    requests: u64,
    errors: u64,
    first_error: Option<String>,
    seconds: f64,
}

/// Runs `concurrency` workers against one target for `length`.
async fn slice(
    channels: &[Channel],
    cfg: &BenchConfig,
    reqs: &Arc<Vec<Bytes>>,
    concurrency: usize,
    length: Duration,
) -> Slice {
    let start = Instant::now();
    let deadline = start + length;
    let next = Arc::new(AtomicU64::new(0));
    let period = cfg
        .rate
        .map(|r| Duration::from_secs_f64(1.0 / r.max(0.001)));
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..concurrency.max(1) {
        let channel = channels[w % channels.len()].clone();
        let reqs = reqs.clone();
        let next = next.clone();
        let kind = cfg.call;
        tasks.spawn(async move {
            let mut hist = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)
                .expect("static histogram bounds are valid");
            let (mut requests, mut errors, mut first_error) = (0u64, 0u64, None);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                // Closed loop: send now. Fixed rate: at the intended time, and measure from it.
                let intended = match period {
                    Some(p) => start + p.mul_f64(i as f64),
                    None => Instant::now(),
                };
                if intended >= deadline {
                    break;
                }
                if period.is_some() {
                    tokio::time::sleep_until(intended.into()).await;
                }
                let body = reqs[(i as usize) % reqs.len()].clone();
                let r = call(channel.clone(), kind, body).await;
                let micros = intended.elapsed().as_micros() as u64;
                requests += 1;
                match r {
                    // Only answered calls are latencies: a fast failure would flatter them.
                    Ok(_) => hist.saturating_record(micros.max(1)),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert_with(|| format!("{}: {}", e.code(), e.message()));
                    }
                }
            }
            (hist, requests, errors, first_error)
        });
    }
    let mut out = Slice {
        hist: Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)
            .expect("static histogram bounds are valid"),
        requests: 0,
        errors: 0,
        first_error: None,
        seconds: 0.0,
    };
    while let Some(r) = tasks.join_next().await {
        if let Ok((h, n, e, fe)) = r {
            let _ = out.hist.add(&h);
            out.requests += n;
            out.errors += e;
            if out.first_error.is_none() {
                out.first_error = fe;
            }
        }
    }
    out.seconds = start.elapsed().as_secs_f64();
    out
}

struct Target {
    name: &'static str,
    addr: String,
    pid: Option<u32>,
    channels: Vec<Channel>,
}

async fn connect(addr: &str, n: usize) -> anyhow::Result<Vec<Channel>> {
    let url = if addr.starts_with("http") {
        addr.to_owned()
    } else {
        format!("http://{addr}")
    };
    let mut out = Vec::new();
    for _ in 0..n.max(1) {
        let ch = Endpoint::from_shared(url.clone())?
            .tcp_nodelay(true)
            .connect_timeout(Duration::from_secs(5))
            .connect()
            .await
            .with_context(|| format!("cannot connect to {url}"))?;
        out.push(ch);
    }
    Ok(out)
}

/// Starts what is not given, runs every slice, and reports. `progress` is told each slice.
pub async fn run(cfg: &BenchConfig, mut progress: impl FnMut(&str)) -> anyhow::Result<BenchReport> {
    anyhow::ensure!(
        !cfg.concurrency.is_empty(),
        "--concurrency needs at least one level"
    );
    anyhow::ensure!(cfg.items >= 1, "--items must be at least 1");
    anyhow::ensure!(
        cfg.concurrency.iter().all(|&c| c >= 1),
        "--concurrency levels must be at least 1"
    );
    anyhow::ensure!(
        !(cfg.duration / cfg.rounds.max(1)).is_zero(),
        "--duration must be long enough for every round"
    );
    if let Some(r) = cfg.rate {
        anyhow::ensure!(
            r.is_finite() && (0.001..=1e6).contains(&r),
            "--rate must be between 0.001 and 1,000,000 requests/s"
        );
    }
    let mut spawned = Vec::new();
    let upstream = match &cfg.upstream {
        Some(u) => u.trim_start_matches("http://").to_owned(),
        None => {
            let s = spawn("the sample upstream", &["sample-upstream".into()]).await?;
            let a = s.addr.to_string();
            spawned.push(s);
            a
        }
    };
    // The embedded policy goes to a temporary file for the feedguard process; it is removed
    // when the run ends, however it ends.
    let mut policy_file = None;
    let (proxy, proxy_pid) = match &cfg.proxy {
        Some(p) => (p.trim_start_matches("http://").to_owned(), None),
        None => {
            let policy = match &cfg.policy {
                Some(p) => p.display().to_string(),
                None => {
                    let f = tempfile::Builder::new()
                        .prefix("feedguard-bench-policy-")
                        .suffix(".toml")
                        .tempfile()?;
                    std::fs::write(f.path(), crate::policy::DEFAULT_POLICY_TOML)?;
                    let path = f.path().display().to_string();
                    policy_file = Some(f);
                    path
                }
            };
            let s = spawn(
                "feedguard",
                &[
                    "serve".into(),
                    "--upstream".into(),
                    format!("http://{upstream}"),
                    "--policy".into(),
                    policy,
                    "--reload-interval-secs".into(),
                    "0".into(),
                    "--log-format".into(),
                    "json".into(),
                ],
            )
            .await?;
            let r = (s.addr.to_string(), Some(s.child.id()));
            spawned.push(s);
            r
        }
    };
    let mut targets = vec![Target {
        name: "direct",
        addr: upstream.clone(),
        pid: None,
        channels: Vec::new(),
    }];
    if cfg.forward {
        let s = spawn(
            "the byte-forwarding hop",
            &[
                "forward".into(),
                "--upstream".into(),
                format!("http://{upstream}"),
            ],
        )
        .await?;
        targets.push(Target {
            name: "forward",
            addr: s.addr.to_string(),
            pid: Some(s.child.id()),
            channels: Vec::new(),
        });
        spawned.push(s);
    }
    if let Some(p) = &cfg.peer {
        targets.push(Target {
            name: "peer",
            addr: p.trim_start_matches("http://").to_owned(),
            pid: None,
            channels: Vec::new(),
        });
    }
    targets.push(Target {
        name: "feedguard",
        addr: proxy,
        pid: proxy_pid,
        channels: Vec::new(),
    });
    for t in &mut targets {
        t.channels = connect(&t.addr, cfg.connections).await?;
    }
    let rounds = cfg.rounds.max(1);
    let per_slice = cfg.duration / rounds;

    let mut rows = Vec::new();
    for &c in &cfg.concurrency {
        // Sessions start afresh at each level: a long run would otherwise reach the child
        // bands' session break and measure cheap break answers instead of feeds.
        let now_ms = jiff::Timestamp::now().as_millisecond();
        let reqs = Arc::new(requests(cfg, now_ms));
        let mut acc: Vec<(Slice, Option<f64>)> = Vec::new();
        for _ in &targets {
            acc.push((
                Slice {
                    hist: Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?,
                    requests: 0,
                    errors: 0,
                    first_error: None,
                    seconds: 0.0,
                },
                None,
            ));
        }
        for round in 0..rounds {
            for (ti, t) in targets.iter().enumerate() {
                if round == 0 && !cfg.warmup.is_zero() {
                    progress(&format!("warm-up  {:<9} concurrency {c}", t.name));
                    slice(&t.channels, cfg, &reqs, c, cfg.warmup).await;
                }
                progress(&format!(
                    "measure  {:<9} concurrency {c}, round {}/{rounds}",
                    t.name,
                    round + 1
                ));
                let cpu0 = t.pid.and_then(cpu_seconds);
                let s = slice(&t.channels, cfg, &reqs, c, per_slice).await;
                let cpu1 = t.pid.and_then(cpu_seconds);
                let (a, cpu) = &mut acc[ti];
                let _ = a.hist.add(&s.hist);
                a.requests += s.requests;
                a.errors += s.errors;
                a.seconds += s.seconds;
                if a.first_error.is_none() {
                    a.first_error = s.first_error;
                }
                if let (Some(x), Some(y)) = (cpu0, cpu1) {
                    *cpu = Some(cpu.unwrap_or(0.0) + (y - x));
                }
            }
        }
        for (t, (s, cpu)) in targets.iter().zip(acc) {
            rows.push(Row::from_histogram(
                t.name,
                c,
                &s.hist,
                s.requests,
                s.errors,
                s.seconds,
                cpu,
                s.first_error,
            ));
        }
    }
    drop(spawned);
    drop(policy_file);
    Ok(BenchReport::new(cfg.clone(), rows))
}
