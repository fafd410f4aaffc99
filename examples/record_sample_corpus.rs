//! Makes `testdata/replay/sample.fgrec` (and `jsonl/sample.jsonl`, its first exchanges as JSON
//! Lines, kept in a directory of its own so replaying `testdata/replay/` reads each once):
//! the built-in sample recommender behind a real feedguard proxy with `--record` on, driven by
//! a scripted week of sessions. Deterministic: the clock is a `ManualClock` and the script a
//! seeded generator, so running it again gives the same exchanges (the record key is fixed).
//!
//!     cargo run --release --example record_sample_corpus -- testdata/replay
//!
//! See testdata/replay/README.md for what the sessions are.

use std::sync::Arc;
use std::time::Duration;

use feedguard::audit::IdHasher;
use feedguard::pb;
use feedguard::pb::recommender_client::RecommenderClient;
use feedguard::policy::Policy;
use feedguard::proxy::{self, ManualClock, PolicyHandle, ProxyConfig};
use feedguard::replay::record::{RecordConfig, list_records};

/// Exchanges kept in `sample.jsonl`.
const JSONL_EXCHANGES: usize = 40;

/// A small deterministic generator (xorshift64*): the corpus must not change between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Who the sessions belong to: (label, declared age, assured band, consent).
const VIEWERS: &[(&str, Option<u32>, Option<pb::AgeBand>, pb::ConsentStatus)] = &[
    ("u11-consent", Some(11), None, pb::ConsentStatus::Granted),
    ("u12-no-consent", Some(12), None, pb::ConsentStatus::Denied),
    ("t13", Some(13), None, pb::ConsentStatus::Unspecified),
    (
        "t14-assured",
        Some(14),
        Some(pb::AgeBand::AgeBand1315),
        pb::ConsentStatus::Unspecified,
    ),
    ("t15", Some(15), None, pb::ConsentStatus::Unspecified),
    ("t16", Some(16), None, pb::ConsentStatus::Unspecified),
    (
        "t17-says-adult",
        Some(19),
        Some(pb::AgeBand::AgeBand1617),
        pb::ConsentStatus::Unspecified,
    ),
    ("unknown-age", None, None, pb::ConsentStatus::Unspecified),
    (
        "adult-unverified",
        Some(30),
        None,
        pb::ConsentStatus::Unspecified,
    ),
    (
        "adult-id",
        Some(34),
        Some(pb::AgeBand::Adult),
        pb::ConsentStatus::Unspecified,
    ),
    (
        "adult-id-2",
        Some(52),
        Some(pb::AgeBand::Adult),
        pb::ConsentStatus::Unspecified,
    ),
];

/// The demo's personalising request (full profile, precise location), for this viewer,
/// session and page.
fn request(
    account: &str,
    v: &(&str, Option<u32>, Option<pb::AgeBand>, pb::ConsentStatus),
    session: &str,
    start_ms: i64,
    token: usize,
    size: u32,
) -> pb::FeedRequest {
    let mut r = feedguard::demo::sample_request(account, v.1, 0);
    if let Some(viewer) = r.viewer.as_mut() {
        viewer.age_assurance = v.2.map(|b| pb::AgeAssurance {
            band: b as i32,
            estimated_age: None,
            method: if b == pb::AgeBand::Adult {
                pb::AssuranceMethod::IdDocument as i32
            } else {
                pb::AssuranceMethod::FacialEstimation as i32
            },
            confidence: 0.93,
        });
        viewer.parental_consent = v.3 as i32;
    }
    if let Some(s) = r.session.as_mut() {
        s.session_id = session.into();
        s.session_start_unix_ms = start_ms;
    }
    r.paging = Some(pb::Paging {
        page_token: token.to_string(),
        page_size: size,
    });
    r
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let out_dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "testdata/replay".into()),
    );
    let rec_dir = tempfile::tempdir()?;
    // Monday 2026-11-16 07:00 UTC.
    let week_start: i64 = 1_763_276_400_000;
    let clock = Arc::new(ManualClock::new(week_start));

    let up = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let up_addr = up.local_addr()?;
    tokio::spawn(feedguard::sample::serve(up, std::future::pending()));
    let mut cfg = ProxyConfig::new("127.0.0.1:0".parse()?, format!("http://{up_addr}"));
    let mut rc = RecordConfig::new(rec_dir.path());
    rc.children = true;
    cfg.record = Some(rc);
    let handle = proxy::start(
        cfg,
        Arc::new(PolicyHandle::shared(Arc::new(Policy::default_policy()))),
        IdHasher::new(b"sample-corpus-record-key-0001").map_err(anyhow::Error::msg)?,
        clock.clone(),
    )
    .await?;
    let mut client = RecommenderClient::connect(format!("http://{}", handle.addr)).await?;

    let mut rng = Rng(0x5eed_f00d_cafe_1234);
    let mut calls = 0u64;
    let sessions = 48;
    for s in 0..sessions {
        let v = &VIEWERS[s % VIEWERS.len()];
        let account = format!("acct-{}", v.0);
        let session = format!("s{s}");
        // Sessions spread over the week; some late in the evening (quiet hours start 22:00).
        let day = rng.below(7) as i64;
        let hour = [8, 12, 16, 17, 19, 20, 21, 22, 23][rng.below(9) as usize];
        let start =
            week_start + day * 86_400_000 + (hour - 7) * 3_600_000 + rng.below(50) as i64 * 60_000;
        clock.set(start);
        let pages = 2 + rng.below(7) as usize;
        let mut token = (rng.below(15) * 20) as usize;
        for p in 0..pages {
            let size = [10u32, 20, 20, 30][rng.below(4) as usize];
            let req = request(&account, v, &session, start, token % 300, size);
            if rng.below(5) == 0 {
                let mut st = client.stream_feed(req).await?.into_inner();
                while st.message().await?.is_some() {}
            } else {
                client.get_feed(req).await?;
            }
            calls += 1;
            token += size as usize;
            // Long sessions cross the one-hour break of the younger bands.
            let gap = if p == 2 && s % 4 == 0 {
                55
            } else {
                3 + rng.below(9) as i64
            };
            clock.advance(Duration::from_secs(gap as u64 * 60));
        }
    }
    // The recorder writes on its own thread: wait until every call is on disk.
    let written = || {
        handle
            .shared
            .metrics
            .render(0, Default::default())
            .lines()
            .find(|l| l.starts_with("feedguard_records_total{result=\"written\"}"))
            .and_then(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    for _ in 0..500 {
        if written() >= calls {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    anyhow::ensure!(
        written() == calls,
        "recorded {} of {calls} calls",
        written()
    );
    handle.shutdown().await;

    let files: Vec<_> = list_records(rec_dir.path())?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    std::fs::create_dir_all(&out_dir)?;
    let bin = out_dir.join("sample.fgrec");
    std::fs::create_dir_all(out_dir.join("jsonl"))?;
    let jsonl = out_dir.join("jsonl/sample.jsonl");
    feedguard::replay::format::convert(&files, &bin, false, true)?;
    feedguard::replay::format::convert(&files, &jsonl, true, true)?;
    // The JSON Lines copy is for reading and for editing by hand: keep its first exchanges only.
    let text = std::fs::read_to_string(&jsonl)?;
    let head: Vec<&str> = text.lines().take(JSONL_EXCHANGES).collect();
    std::fs::write(&jsonl, head.join("\n") + "\n")?;
    println!(
        "{calls} exchanges from {sessions} sessions -> {} and {}",
        bin.display(),
        jsonl.display()
    );
    Ok(())
}
