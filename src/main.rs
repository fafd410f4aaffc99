//! The `feedguard` command: a thin layer over the library. Flags are parsed here; everything
//! else is in `feedguard::*`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use feedguard::audit::IdHasher;
use feedguard::policy::Policy;
use feedguard::proxy::{self, Limits, PolicyHandle, ProxyConfig, SystemClock};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A command's output on stdout. A reader that goes away (`feedguard eval … | head`, a pager
/// quit early) ends the output, not the command: the run still finishes, writes its report
/// files and exits with its own status, where `println!` would panic half-way. Any other write
/// error (a full disk) is a failure: the run finishes, and exits 1.
macro_rules! out {
    ($($t:tt)*) => { write_out(format_args!($($t)*)) };
}
macro_rules! outln {
    () => { write_out(format_args!("\n")) };
    ($($t:tt)*) => { write_out(format_args!("{}\n", format_args!($($t)*))) };
}

static STDOUT_GONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Output was lost for a reason other than a closed pipe.
static STDOUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    use std::sync::atomic::Ordering::Relaxed;
    if STDOUT_GONE.load(Relaxed) {
        return;
    }
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        STDOUT_GONE.store(true, Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            STDOUT_FAILED.store(true, Relaxed);
            eprintln!("error: cannot write to stdout ({e}); output stops here");
        }
    }
}

#[derive(Parser)]
#[command(
    name = "feedguard",
    version,
    about = "Inline gRPC middleware that makes a recommender's feed safe for children",
    long_about = "feedguard sits between a recommender and its clients. For child accounts it strips \
behavioural-profile data from requests, removes harmful content from responses, caps engagement \
features, and records what it did and why. Start with `feedguard demo`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the sample recommender behind feedguard and show what a child, an under-13 without
    /// consent and an adult each get, and why.
    Demo {
        /// Policy to demonstrate (default: the embedded UK Children's code policy).
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Run the inline proxy.
    Serve {
        /// Address to accept gRPC clients on.
        #[arg(long, default_value = "127.0.0.1:50051", env = "FEEDGUARD_LISTEN")]
        listen: SocketAddr,
        /// The recommender, as http://host:port.
        #[arg(long, env = "FEEDGUARD_UPSTREAM")]
        upstream: String,
        /// Policy file (TOML). Reloaded on SIGHUP and when the file changes.
        #[arg(long, env = "FEEDGUARD_POLICY")]
        policy: PathBuf,
        /// Address for /metrics, /healthz and /readyz (HTTP).
        #[arg(long, env = "FEEDGUARD_ADMIN")]
        admin: Option<SocketAddr>,
        /// Log format.
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
        /// File holding the key for hashing account ids (at least 16 bytes). Without it a
        /// random key is used and hashed ids cannot be linked across restarts.
        #[arg(long, env = "FEEDGUARD_HASH_KEY_FILE")]
        hash_key_file: Option<PathBuf>,
        /// Largest request or response message, in bytes.
        #[arg(long, default_value_t = 4 << 20)]
        max_message_bytes: usize,
        /// Feed calls processed at once; beyond it calls fail fast (closed for children).
        #[arg(long, default_value_t = 1024)]
        max_in_flight: usize,
        /// Deadline for calls that carry no grpc-timeout, in milliseconds (0: none).
        #[arg(long, default_value_t = 10_000)]
        default_deadline_ms: u64,
        /// How often to check the policy file for changes, in seconds (0: SIGHUP only).
        #[arg(long, default_value_t = 2)]
        reload_interval_secs: u64,
        /// Connection workers: threads that each serve their share of client connections start
        /// to finish, with their own upstream connection, so a call never waits for a second
        /// thread to wake. 0 runs every connection on one shared work-stealing runtime instead,
        /// which suits a few busy client connections on many cores. Default: one per CPU.
        #[arg(long, env = "FEEDGUARD_WORKERS", value_parser = clap::value_parser!(u16).range(0..=proxy::MAX_WORKERS as i64))]
        workers: Option<u16>,
        #[command(flatten)]
        record: RecordArgs,
    },
    /// Replay recorded feeds through a policy: what would it have removed, and why? Reads the
    /// record files of `serve --record` and JSON Lines ({"request": .., "response": ..} in the
    /// proto3 JSON mapping); directories are read for *.fgrec and *.jsonl files.
    #[command(
        after_help = "Exit status: 0 when the run completed and no --fail-on check failed; 1 when a --fail-on check failed (the offenders are listed); 2 on bad usage, an unreadable policy, or a --strict failure.\n\nExample:\n  feedguard replay --policy policies/uk-childrens-code.toml \\\n    --report out/report.json --html out/report.html --verdicts out/verdicts.jsonl \\\n    --fail-on child-exposure testdata/replay/sample.fgrec"
    )]
    Replay {
        /// Policy to replay under (default: the embedded UK Children's code policy).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// A second policy to compare with: items newly removed and newly allowed.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Write the full report as JSON.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Write a self-contained HTML report with charts.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Write one JSON line per input item with its verdict.
        #[arg(long)]
        verdicts: Option<PathBuf>,
        /// Exit 1 when a check fails: child-exposure, child-profiling, malformed,
        /// decision-drift (comma-separated or repeated).
        #[arg(long, value_delimiter = ',')]
        fail_on: Vec<String>,
        /// Fail the run (exit 2, nothing written) at the first unreadable input instead of
        /// skipping it.
        #[arg(long)]
        strict: bool,
        /// Exchanges held to replay them in timestamp order; inputs more out of order than
        /// this are replayed late (and counted).
        #[arg(long, default_value_t = 100_000)]
        window: usize,
        /// Never show the progress bar.
        #[arg(long)]
        no_progress: bool,
        /// Record files, JSON Lines files, or directories of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Convert recorded exchanges between the binary record format and JSON Lines.
    Convert {
        /// Output file; its format follows its extension (.jsonl: JSON Lines, else binary)
        /// unless --to is given.
        #[arg(short, long)]
        output: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        to: Option<ConvertTo>,
        /// Fail (and write nothing) at the first unreadable input instead of skipping it.
        #[arg(long)]
        strict: bool,
        /// Record files, JSON Lines files, or directories of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Check a policy against expected verdicts: cases files (TOML or JSON) of items with the
    /// band and the action each should get.
    TestPolicy {
        /// Policy file (TOML).
        policy: PathBuf,
        /// Cases files (.toml or .json).
        #[arg(required = true)]
        cases: Vec<PathBuf>,
    },
    /// Validate a policy file and explain what it does; errors name file, line and field.
    CheckPolicy {
        /// Policy file (TOML).
        file: PathBuf,
    },
    /// Explain how the policy classifies a text or an item: the normalised forms, every term,
    /// code word, pattern and exemption that matched, and the action for each age band.
    Classify {
        /// Policy file (default: the embedded UK Children's code policy).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// An item as JSON: {"title", "caption", "hashtags": [..], "labels": [{"category",
        /// "confidence"}]}; `@FILE` reads it from a file.
        #[arg(long, conflicts_with = "text")]
        json: Option<String>,
        /// Text to classify (taken as a caption).
        text: Option<String>,
    },
    /// Score the classifier on labelled corpora (JSON Lines files, or directories of them):
    /// recall per category and evasion class, false flags per trap class, and the misses.
    Eval {
        /// Policy file (default: the embedded UK Children's code policy).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Thresholds (TOML) to check; the command fails when one is not met.
        #[arg(long)]
        thresholds: Option<PathBuf>,
        /// How many misses and false flags to list.
        #[arg(long, default_value_t = 50)]
        list: usize,
        /// Corpus files or directories.
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
    },
    /// Load-run feedguard over real gRPC on loopback: what it adds to p50/p99 against a direct
    /// call, a byte-forwarding hop and (with --peer) another proxy, at each concurrency.
    /// Starts the sample upstream, feedguard and the forwarding hop itself unless given.
    #[command(
        after_help = "Exit status: 0 when every budget holds; 1 when a --budget is exceeded \
or feedguard returned errors; 2 when the run could not start or complete (bad options, a process \
that would not start, an interrupt).\n\nExamples:\n  \
feedguard bench --duration 5s\n  feedguard bench --concurrency 1,8,32 --items 100 --budget-p99 5ms\n  \
feedguard bench --rate 2000 --concurrency 64   (fixed rate, latency from intended send time)\n  \
feedguard bench --upstream 127.0.0.1:50052 --peer 127.0.0.1:50060   (see BENCHMARKS.md for nginx)"
    )]
    Bench {
        /// Measured time per target and concurrency (e.g. 10s, 500ms, 1m).
        #[arg(long, default_value = "10s", value_parser = parse_duration)]
        duration: Duration,
        /// Unmeasured time before each target's first slice at each concurrency.
        #[arg(long, default_value = "1s", value_parser = parse_duration)]
        warmup: Duration,
        /// Concurrent streams, one run per level (comma-separated).
        #[arg(long, value_delimiter = ',', default_value = "1,32")]
        concurrency: Vec<usize>,
        /// HTTP/2 connections per target.
        #[arg(long, default_value_t = 4)]
        connections: usize,
        /// Items per response (the built-in upstream serves up to 300).
        #[arg(long, default_value_t = 100)]
        items: u32,
        /// Share of requests from child accounts, 0 to 1 (the rest are verified adults).
        #[arg(long, default_value_t = 0.5)]
        child_share: f64,
        /// Unary GetFeed or streaming StreamFeed calls.
        #[arg(long, value_enum, default_value_t = CallArg::Unary)]
        call: CallArg,
        /// Fixed rate in requests/s per slice, instead of closed loop.
        #[arg(long)]
        rate: Option<f64>,
        /// Times the targets alternate at each concurrency (each gets duration/rounds a turn).
        #[arg(long, default_value_t = 2)]
        rounds: u32,
        /// Distinct viewer sessions the requests cycle through.
        #[arg(long, default_value_t = 1000)]
        sessions: usize,
        /// Use this upstream (host:port) instead of starting the sample recommender.
        #[arg(long)]
        upstream: Option<String>,
        /// Use this running feedguard (host:port) instead of starting one.
        #[arg(long)]
        proxy: Option<String>,
        /// Also measure a peer proxy in front of the same upstream (host:port).
        #[arg(long)]
        peer: Option<String>,
        /// Leave out the built-in byte-forwarding hop.
        #[arg(long)]
        no_forward: bool,
        /// Policy for the feedguard this run starts (default: the embedded one).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Print the report as JSON instead of the table.
        #[arg(long)]
        json: bool,
        /// Fail when feedguard's p99 at any concurrency exceeds this (e.g. 5ms).
        #[arg(long, value_parser = parse_duration)]
        budget_p99: Option<Duration>,
        /// Fail when feedguard adds more than this at p99 over the direct call.
        #[arg(long, value_parser = parse_duration)]
        budget_added_p99: Option<Duration>,
    },
    /// A plain byte-forwarding gRPC hop (the baseline `feedguard bench` compares with). It
    /// applies no policy: never put it in front of real users.
    #[command(hide = true)]
    Forward {
        #[arg(long)]
        listen: SocketAddr,
        #[arg(long)]
        upstream: String,
    },
    /// Serve the built-in sample recommender (the canonical API) on its own.
    SampleUpstream {
        #[arg(long, default_value = "127.0.0.1:50052")]
        listen: SocketAddr,
    },
}

#[derive(clap::Args)]
struct RecordArgs {
    /// Record every exchange (request and upstream response as received, ids keyed-hashed,
    /// profile content reduced to its shape) to rotating files in DIR, for `feedguard replay`.
    #[arg(long, value_name = "DIR", env = "FEEDGUARD_RECORD")]
    record: Option<PathBuf>,
    /// Also record child bands (off by default: recording children's traffic must be a
    /// deliberate choice).
    #[arg(long, requires = "record")]
    record_children: bool,
    /// Start a new record file after this many MiB.
    #[arg(long, default_value_t = 64, requires = "record")]
    record_max_file_mib: u64,
    /// Start a new record file after this many seconds.
    #[arg(long, default_value_t = 3600, requires = "record")]
    record_max_file_age_secs: u64,
    /// Delete the oldest record files beyond this many MiB in DIR.
    #[arg(long, default_value_t = 1024, requires = "record")]
    record_max_total_mib: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum CallArg {
    Unary,
    Stream,
}

/// "10s", "500ms", "2m", "250us", or plain seconds.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?}: expected a number with a unit, e.g. 10s or 500ms"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1e3,
        "us" | "µs" => n / 1e6,
        "ns" => n / 1e9,
        "m" | "min" => n * 60.0,
        other => return Err(format!("{s:?}: unknown unit {other:?} (ns, us, ms, s, m)")),
    };
    if !secs.is_finite() || secs < 0.0 {
        return Err(format!("{s:?}: not a duration"));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[derive(Clone, Copy, ValueEnum)]
enum ConvertTo {
    Jsonl,
    Binary,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

/// The files named, directories expanded to their files with one of `extensions` (sorted).
/// With `required`, a directory holding none of them is an error.
fn expand_dirs(
    paths: &[PathBuf],
    extensions: &[&str],
    required: bool,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| extensions.contains(&x))
                })
                .collect();
            files.sort();
            if required && files.is_empty() {
                let want: Vec<String> = extensions.iter().map(|x| format!("*.{x}")).collect();
                anyhow::bail!("{} holds no {} files", p.display(), want.join(" or "));
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Corpus files: JSON Lines, directories expanded to their `*.jsonl` files.
fn corpus_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    expand_dirs(paths, &["jsonl"], false)
}

/// Record and JSON Lines files, directories expanded to their `*.fgrec` and `*.jsonl` files.
fn record_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    expand_dirs(paths, &["fgrec", "jsonl"], true)
}

fn load_policy(path: Option<&std::path::Path>) -> anyhow::Result<Policy> {
    match path {
        Some(p) => Policy::load(p).map_err(|e| anyhow::anyhow!("{e}")),
        None => Ok(Policy::default_policy()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    // With connection workers (any count but 0; the default is at least one), this runtime
    // only accepts connections and runs the admin port, reloads and the session sweep. Two
    // threads, so a reload's policy compile (about 25 ms) never holds up accepting; the CPUs
    // are the workers'.
    if let Command::Serve { workers, .. } = &cli.command
        && *workers != Some(0)
    {
        rt.worker_threads(2);
    }
    let rt = match rt.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    };
    // A report cut short by a full disk must not look like a finished one.
    if STDOUT_FAILED.load(std::sync::atomic::Ordering::Relaxed) {
        return ExitCode::FAILURE;
    }
    code
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo { policy } => {
            let policy = match policy {
                Some(p) => Policy::load(&p)?,
                None => Policy::default_policy(),
            };
            out!("{}", feedguard::demo::run(policy).await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::CheckPolicy { file } => match Policy::load(&file) {
            Ok(p) => {
                out!("{}", p.explain());
                outln!("\n{}: ok", file.display());
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("{e}");
                Ok(ExitCode::from(2))
            }
        },
        Command::Classify { policy, json, text } => {
            let policy = load_policy(policy.as_deref())?;
            let item = match (json, text) {
                (Some(j), _) => {
                    let raw = match j.strip_prefix('@') {
                        Some(path) => std::fs::read_to_string(path)
                            .with_context(|| format!("cannot read {path}"))?,
                        None => j,
                    };
                    serde_json::from_str::<feedguard::classify::explain::ItemInput>(&raw)
                        .context("--json is not an item")?
                }
                (None, Some(t)) => feedguard::classify::explain::ItemInput::caption(t),
                (None, None) => {
                    anyhow::bail!("give a TEXT or --json ITEM (see feedguard classify --help)")
                }
            };
            out!(
                "{}",
                feedguard::classify::explain::explain_item(&policy, &item)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            policy,
            thresholds,
            list,
            corpus,
        } => {
            let policy = load_policy(policy.as_deref())?;
            let mut items = Vec::new();
            for path in corpus_files(&corpus)? {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                items.extend(
                    feedguard::classify::eval::parse_corpus(&text, &path.display().to_string())
                        .map_err(anyhow::Error::msg)?,
                );
            }
            let report = feedguard::classify::eval::evaluate(&policy, &items);
            outln!(
                "policy {} {}; {} items",
                policy.id,
                policy.version,
                items.len()
            );
            out!("{}", report.render(list));
            if let Some(t) = thresholds {
                let text = std::fs::read_to_string(&t)
                    .with_context(|| format!("cannot read {}", t.display()))?;
                let th: feedguard::classify::eval::Thresholds = toml::from_str(&text)
                    .with_context(|| format!("{} is not a thresholds file", t.display()))?;
                let fails = th.check(&report);
                if fails.is_empty() {
                    outln!(
                        "
thresholds ({}): all met",
                        t.display()
                    );
                } else {
                    outln!(
                        "
thresholds ({}) NOT met:",
                        t.display()
                    );
                    for f in fails {
                        outln!("  - {f}");
                    }
                    return Ok(ExitCode::from(1));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Replay {
            policy,
            baseline,
            report,
            html,
            verdicts,
            fail_on,
            strict,
            window,
            no_progress,
            inputs,
        } => {
            let mut checks = Vec::new();
            for name in &fail_on {
                match feedguard::replay::report::Check::parse(name) {
                    Some(c) => checks.push(c),
                    None => {
                        eprintln!(
                            "error: unknown check {name:?}; checks are: {}",
                            feedguard::replay::report::Check::ALL
                                .map(|c| c.name())
                                .join(", ")
                        );
                        return Ok(ExitCode::from(2));
                    }
                }
            }
            let policy = match load_policy(policy.as_deref()) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let baseline = match baseline {
                Some(b) => match Policy::load(&b) {
                    Ok(p) => Some(Arc::new(p)),
                    Err(e) => {
                        eprintln!("{e}");
                        return Ok(ExitCode::from(2));
                    }
                },
                None => None,
            };
            let opts = feedguard::replay::driver::ReplayOptions {
                policy: Arc::new(policy),
                baseline,
                inputs: match record_files(&inputs) {
                    Ok(f) => f,
                    Err(e) => {
                        eprintln!("error: {e:#}");
                        return Ok(ExitCode::from(2));
                    }
                },
                report,
                html,
                verdicts,
                fail_on: checks,
                strict,
                window,
                window_bytes: 512 << 20,
                progress: !no_progress,
            };
            let out = match feedguard::replay::driver::replay(&opts) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            out!("{}", out.report.summary());
            for (name, path) in [
                ("report", &opts.report),
                ("html", &opts.html),
                ("verdicts", &opts.verdicts),
            ] {
                if let Some(p) = path {
                    outln!("wrote {name}: {}", p.display());
                }
            }
            if out.failed_checks.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            for name in &out.failed_checks {
                if let Some(c) = out.report.check(name) {
                    eprintln!(
                        "\nFAILED {name}: {} ({} failure(s))",
                        c.description, c.failures
                    );
                    for o in &c.offenders {
                        eprintln!(
                            "  exchange {} ({}) {} {}: {}",
                            o.exchange,
                            o.position,
                            o.band,
                            o.item_id.as_deref().unwrap_or("-"),
                            o.what
                        );
                    }
                    if c.failures as usize > c.offenders.len() {
                        eprintln!("  ... and {} more", c.failures as usize - c.offenders.len());
                    }
                }
            }
            Ok(ExitCode::from(1))
        }
        Command::Convert {
            output,
            to,
            strict,
            inputs,
        } => {
            let jsonl = match to {
                Some(ConvertTo::Jsonl) => true,
                Some(ConvertTo::Binary) => false,
                None => output
                    .extension()
                    .is_some_and(|e| e == "jsonl" || e == "ndjson" || e == "json"),
            };
            let files = match record_files(&inputs) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return Ok(ExitCode::from(2));
                }
            };
            match feedguard::replay::format::convert(&files, &output, jsonl, strict) {
                Ok(stats) => {
                    outln!(
                        "wrote {} exchanges to {} ({}){}",
                        stats.written,
                        output.display(),
                        if jsonl {
                            "JSON Lines"
                        } else {
                            "binary records"
                        },
                        if stats.skipped.is_empty() {
                            String::new()
                        } else {
                            format!("; skipped {} unreadable", stats.skipped.len())
                        }
                    );
                    for (pos, e) in stats.skipped.iter().take(20) {
                        eprintln!("  skipped {pos}: {e}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::TestPolicy { policy, cases } => {
            let policy = match Policy::load(&policy) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let mut all = Vec::new();
            for f in &cases {
                match feedguard::replay::cases::load(f) {
                    Ok(c) => all.extend(c),
                    Err(e) => {
                        eprintln!("{e}");
                        return Ok(ExitCode::from(2));
                    }
                }
            }
            let result = feedguard::replay::cases::run(&policy, &all);
            if result.checked == 0 {
                eprintln!("error: the cases files hold no case to check");
                return Ok(ExitCode::from(2));
            }
            out!("{}", result.render());
            Ok(if result.failed() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Bench {
            duration,
            warmup,
            concurrency,
            connections,
            items,
            child_share,
            call,
            rate,
            rounds,
            sessions,
            upstream,
            proxy,
            peer,
            no_forward,
            policy,
            json,
            budget_p99,
            budget_added_p99,
        } => {
            use feedguard::bench::load::{BenchConfig, CallKind};
            if !(0.0..=1.0).contains(&child_share) {
                eprintln!("error: --child-share must be between 0 and 1");
                return Ok(ExitCode::from(2));
            }
            let cfg = BenchConfig {
                duration,
                warmup,
                concurrency,
                connections,
                items,
                child_share,
                call: match call {
                    CallArg::Unary => CallKind::Unary,
                    CallArg::Stream => CallKind::Stream,
                },
                rate,
                rounds,
                sessions,
                upstream,
                proxy,
                peer,
                forward: !no_forward,
                policy,
            };
            // Ctrl-C drops the run, and with it the processes it started.
            let run = tokio::select! {
                r = feedguard::bench::load::run(&cfg, |m| eprintln!("{m}")) => r,
                _ = proxy::shutdown_signal() => Err(anyhow::anyhow!("interrupted")),
            };
            let mut report = match run {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return Ok(ExitCode::from(2));
                }
            };
            report.check_budgets(budget_p99, budget_added_p99);
            if json {
                match serde_json::to_string_pretty(&report) {
                    Ok(j) => outln!("{j}"),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return Ok(ExitCode::from(2));
                    }
                }
            } else {
                out!("{}", report.table());
            }
            Ok(if report.budget_failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Forward { listen, upstream } => {
            init_logs(LogFormat::Text);
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            tokio::select! {
                r = feedguard::bench::forward::serve(listener, upstream) => r?,
                _ = proxy::shutdown_signal() => {}
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::SampleUpstream { listen } => {
            init_logs(LogFormat::Text);
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            tracing::info!(%listen, "sample recommender serving");
            feedguard::sample::serve(listener, proxy::shutdown_signal()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            listen,
            upstream,
            policy,
            admin,
            log_format,
            hash_key_file,
            max_message_bytes,
            max_in_flight,
            default_deadline_ms,
            reload_interval_secs,
            workers,
            record,
        } => {
            init_logs(log_format);
            let handle = match PolicyHandle::from_file(&policy) {
                Ok(h) => Arc::new(h),
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let hasher = match hash_key_file {
                Some(f) => {
                    let key = std::fs::read(&f)
                        .with_context(|| format!("cannot read hash key file {}", f.display()))?;
                    IdHasher::new(key.trim_ascii())
                        .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?
                }
                None => {
                    tracing::warn!(
                        "no --hash-key-file: account ids are hashed with a random key that changes on restart"
                    );
                    IdHasher::random()
                }
            };
            let mut config = ProxyConfig::new(listen, upstream);
            config.admin = admin;
            config.limits = Limits {
                max_message_bytes,
                max_in_flight,
                default_deadline: (default_deadline_ms > 0)
                    .then(|| Duration::from_millis(default_deadline_ms)),
            };
            config.reload_every =
                (reload_interval_secs > 0).then(|| Duration::from_secs(reload_interval_secs));
            config.workers = workers.map_or_else(proxy::default_workers, usize::from);
            if let Some(dir) = record.record {
                let mut rc = feedguard::replay::record::RecordConfig::new(dir);
                rc.children = record.record_children;
                let mib = |n: u64, flag: &str| {
                    n.max(1)
                        .checked_mul(1 << 20)
                        .ok_or_else(|| anyhow::anyhow!("{flag} {n} is too large"))
                };
                rc.max_file_bytes = mib(record.record_max_file_mib, "--record-max-file-mib")?;
                rc.max_total_bytes = mib(record.record_max_total_mib, "--record-max-total-mib")?;
                rc.max_file_age = Duration::from_secs(record.record_max_file_age_secs.max(1));
                if rc.children {
                    tracing::warn!(dir = %rc.dir.display(), "recording includes child bands (--record-children)");
                }
                config.record = Some(rc);
            }
            let p = handle.current();
            let proxy = proxy::start(config, handle, hasher, Arc::new(SystemClock)).await?;
            tracing::info!(
                listen = %proxy.addr,
                admin = ?proxy.admin_addr,
                policy = &*p.id,
                version = &*p.version,
                "feedguard serving"
            );
            proxy::serve_until(proxy, proxy::shutdown_signal()).await;
            tracing::info!("feedguard stopped");
            Ok(ExitCode::SUCCESS)
        }
    }
}
