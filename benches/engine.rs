//! Engine benches: the per-call cost feedguard adds, without the network.
//!
//! ```sh
//! cargo bench --bench engine
//! ```
//! `response/*` is the whole unary response stage the proxy runs (`canonical::rewrite_page`:
//! split the upstream bytes into items, find each item's facts in the policy's memo or read
//! them, judge, copy kept items through), for child and adult viewers over feeds built from the
//! sample catalogue. Each repeats one page, so it measures a warm page; `split_only` is what an
//! unseen item costs before classification; `engine_only` is the policy engine's share of a
//! warm page (judging remembered facts, caps, order, the decision record).
//! `request/minimise` is decode, decide, strip and re-encode of a personalised request.
//! `session/*`, `policy/*` and `replay/*` are what their names say. The figures, what they
//! mean and how noisy the reference machine is are in BENCHMARKS.md.

// A panic is how a bench reports broken input.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

// The allocator the feedguard binary runs with, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use feedguard::binding::canonical;
use feedguard::engine::{self, Decision, Exposure};
use feedguard::pb;
use feedguard::policy::Policy;
use prost::Message;

/// 2026-11-24 12:00 UTC.
const NOON: i64 = 1_795_478_400_000 + 12 * 3_600_000;

fn feed(n: usize) -> Bytes {
    let cat = feedguard::sample::catalogue();
    let items = cat.iter().cycle().take(n).map(|s| s.item.clone()).collect();
    Bytes::from(
        pb::FeedResponse {
            items,
            next_page_token: "20".into(),
            autoplay_next: true,
            ..Default::default()
        }
        .encode_to_vec(),
    )
}

fn request(age: u32, adult: bool) -> pb::FeedRequest {
    let mut r = feedguard::demo::sample_request("bench", Some(age), 5);
    if adult {
        r.viewer.as_mut().unwrap().age_assurance = Some(pb::AgeAssurance {
            band: pb::AgeBand::Adult as i32,
            estimated_age: Some(40.0),
            method: pb::AssuranceMethod::IdDocument as i32,
            confidence: 0.99,
        });
    }
    r
}

fn response_stage(c: &mut Criterion) {
    let policy = Policy::default_policy();
    let mut g = c.benchmark_group("response");
    for n in [50usize, 100, 500] {
        let msg = feed(n);
        g.throughput(Throughput::Elements(n as u64));
        for (name, age, adult) in [("child", 14, false), ("adult", 40, true)] {
            let req = request(age, adult);
            let rd = engine::decide_request(
                &policy,
                &canonical::request_view(&req),
                &Exposure::default(),
                NOON,
            );
            g.bench_with_input(BenchmarkId::new(name, n), &msg, |b, msg| {
                b.iter(|| {
                    let mut d = rd.decision.clone();
                    let out = canonical::rewrite_page(
                        &policy,
                        &rd.ctx,
                        &Exposure::default(),
                        &mut d,
                        msg,
                    )
                    .unwrap();
                    black_box(out)
                })
            });
        }
    }
    // The wire-level split alone: items into borrowed views, no rules.
    let msg = feed(100);
    g.throughput(Throughput::Elements(100));
    g.bench_function("split_only/100", |b| {
        b.iter(|| black_box(canonical::parse_page(&msg).unwrap().views.len()))
    });
    // The policy engine alone on a child's page of remembered facts: judging, caps, order and
    // the decision record, without the wire split, the memo lookups or the output copy.
    let parsed = canonical::parse_page(&msg).unwrap();
    let rd = engine::decide_request(
        &policy,
        &canonical::request_view(&request(14, false)),
        &Exposure::default(),
        NOON,
    );
    let mut judge = engine::ItemJudge::new(&policy, rd.ctx.band);
    let facts: Vec<_> = parsed.views.iter().map(|v| judge.facts(v)).collect();
    let refs: Vec<_> = facts.iter().collect();
    g.bench_function("engine_only/child/100", |b| {
        b.iter(|| {
            let mut d = rd.decision.clone();
            let plan = engine::filter_page_facts(
                &policy,
                &rd.ctx,
                &Exposure::default(),
                &refs,
                &parsed.page,
                &mut d,
            );
            black_box((plan, d))
        })
    });
    g.finish();
}

fn request_stage(c: &mut Criterion) {
    let policy = Policy::default_policy();
    let bytes = Bytes::from(request(14, false).encode_to_vec());
    c.bench_function("request/minimise", |b| {
        b.iter(|| {
            let mut req = canonical::decode_request(&bytes).unwrap();
            let rd = engine::decide_request(
                &policy,
                &canonical::request_view(&req),
                &Exposure::default(),
                NOON,
            );
            if let engine::RequestOutcome::Forward(plan) = &rd.outcome {
                canonical::apply_request_plan(&mut req, plan);
            }
            black_box(req.encode_to_vec())
        })
    });
}

fn classification(c: &mut Criterion) {
    let policy = Policy::default_policy();
    let cat = feedguard::sample::catalogue();
    let encoded: Vec<Vec<u8>> = cat.iter().map(|s| s.item.encode_to_vec()).collect();
    let views: Vec<_> = encoded
        .iter()
        .map(|b| canonical::parse_item(b).unwrap().1)
        .collect();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(views.len() as u64));
    g.bench_function("labels_and_text", |b| {
        let mut text = String::new();
        b.iter(|| {
            for v in &views {
                feedguard::policy::taxonomy::item_text(v.title, v.caption, &v.hashtags, &mut text);
                black_box(policy.taxonomy.classify(v.labels.iter().copied(), &text));
            }
        })
    });
    // The open corpus: harmful items in every evasion class and allow traps, ~1,000 items.
    let mut corpus = Vec::new();
    for f in ["corpus_block.jsonl", "corpus_allow.jsonl"] {
        let text = std::fs::read_to_string(format!(
            "{}/testdata/classifier/{f}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        corpus.extend(feedguard::classify::eval::parse_corpus(&text, f).unwrap());
    }
    let texts: Vec<(String, Vec<(String, f32)>)> = corpus
        .iter()
        .map(|c| {
            let it = &c.item;
            let tags: Vec<&str> = it.hashtags.iter().map(String::as_str).collect();
            let mut t = String::new();
            feedguard::policy::taxonomy::item_text(&it.title, &it.caption, &tags, &mut t);
            (
                t,
                it.labels
                    .iter()
                    .map(|l| (l.category.clone(), l.confidence))
                    .collect(),
            )
        })
        .collect();
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("open_corpus_mix", |b| {
        b.iter(|| {
            for (t, labels) in &texts {
                black_box(
                    policy
                        .taxonomy
                        .classify(labels.iter().map(|(c, v)| (c.as_str(), *v)), t),
                );
            }
        })
    });
    g.throughput(Throughput::Elements(views.len() as u64));
    g.bench_function("labels_only", |b| {
        b.iter(|| {
            for v in &views {
                black_box(policy.taxonomy.classify(v.labels.iter().copied(), ""));
            }
        })
    });
    g.finish();
    let _ = Decision::new;
}

fn policy_compile(c: &mut Criterion) {
    c.bench_function("policy/compile_default", |b| {
        b.iter(|| {
            black_box(Policy::from_toml(feedguard::policy::DEFAULT_POLICY_TOML, "bench").unwrap())
        })
    });
}

/// Replay of the sample recorded corpus (testdata/replay/sample.fgrec) under the default policy,
/// one core, input already in memory: what `feedguard replay` costs per item beyond reading.
fn replay_throughput(c: &mut Criterion) {
    use feedguard::replay::format::Reader;
    use feedguard::replay::run::Replayer;
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/replay/sample.fgrec");
    let exchanges: Vec<_> = Reader::open(&path)
        .unwrap()
        .map(|(_, e)| e.unwrap())
        .collect();
    let policy = std::sync::Arc::new(Policy::default_policy());
    let mut probe = Replayer::new(policy.clone());
    let n_items: usize = exchanges
        .iter()
        .map(|e| {
            probe
                .exchange(e, e.timestamp_ms.unwrap())
                .unwrap()
                .items
                .len()
        })
        .sum();
    let mut g = c.benchmark_group("replay");
    g.throughput(Throughput::Elements(n_items as u64));
    g.sample_size(20);
    g.bench_function("sample_corpus", |b| {
        b.iter(|| {
            let mut r = Replayer::new(policy.clone());
            for e in &exchanges {
                black_box(r.exchange(e, e.timestamp_ms.unwrap()).unwrap());
            }
        })
    });
    g.finish();
}

/// The session store's part of a call: a snapshot before the engine runs and the record of
/// what was served after, over 10,000 live sessions.
fn session_update(c: &mut Criterion) {
    use feedguard::session::{SessionKey, SessionStore};
    let store = SessionStore::new(3600, 100_000);
    let mut delta = Exposure::default();
    for cat in ["body_image", "dieting", "fights"] {
        delta.add(&std::sync::Arc::from(cat), 1);
    }
    delta.items_served = 12;
    let key = |i: u32| {
        let mut k = [0u8; 16];
        k[..4].copy_from_slice(&i.to_le_bytes());
        SessionKey(k)
    };
    for i in 0..10_000 {
        store.record(key(i), &delta, NOON);
    }
    let mut i = 0u32;
    c.bench_function("session/snapshot_and_record", |b| {
        b.iter(|| {
            i = (i + 7919) % 10_000;
            let snap = store.snapshot(&key(i), NOON);
            store.record(key(i), &delta, NOON);
            black_box(snap)
        })
    });
}

criterion_group!(
    benches,
    session_update,
    response_stage,
    request_stage,
    classification,
    policy_compile,
    replay_throughput
);
criterion_main!(benches);
