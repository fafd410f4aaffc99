//! `feedguard demo`: the built-in sample recommender behind feedguard on loopback, three viewers
//! sent through a real gRPC client, and what each one got, side by side, with the reasons.

use std::fmt::Write;
use std::sync::Arc;
use std::time::Duration;

use prost::Message;

use crate::audit::IdHasher;
use crate::binding::canonical;
use crate::engine;
use crate::pb;
use crate::pb::recommender_client::RecommenderClient;
use crate::policy::{AgeBand, Policy};
use crate::proxy::{self, PolicyHandle, ProxyConfig, SystemClock};
use crate::sample;

/// A viewer the demo sends through.
struct Viewer {
    label: &'static str,
    request: pb::FeedRequest,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A request as a personalising client sends it: full behavioural profile, precise location.
pub fn sample_request(
    account: &str,
    declared_age: Option<u32>,
    session_minutes_ago: i64,
) -> pb::FeedRequest {
    pb::FeedRequest {
        viewer: Some(pb::Viewer {
            account_id: account.into(),
            declared_age,
            age_assurance: None,
            parental_consent: pb::ConsentStatus::Unspecified as i32,
            jurisdiction: "GB".into(),
            time_zone: "Europe/London".into(),
        }),
        profile: Some(pb::BehaviouralProfile {
            watch_history: vec![pb::WatchEvent {
                item_id: "itm-042".into(),
                watch_ms: 38_000,
                watched_at_unix_ms: now_ms() - 3_600_000,
            }],
            search_queries: vec!["how to get a flat stomach".into()],
            engaged_item_ids: vec!["itm-017".into(), "itm-003".into()],
            inferred_interests: vec![pb::InterestWeight {
                interest: "fitness".into(),
                weight: 0.82,
            }],
            embedding: vec![0.12, -0.4, 0.33, 0.05],
            ad_segments: vec!["seg-teen-fashion".into()],
            social_graph: Some(pb::SocialGraphFeatures {
                follower_count: 210,
                following_count: 340,
                close_friend_ids: vec!["acct-9".into()],
                graph_embedding: vec![0.2, 0.1],
            }),
            explicit_interests: vec!["football".into(), "science".into()],
            followed_creator_ids: vec!["cr-007".into()],
        }),
        location: Some(pb::Location {
            precise: Some(pb::PreciseLocation {
                latitude: 51.50135,
                longitude: -0.14189,
                accuracy_m: 12.0,
            }),
            region: "GB-LND".into(),
        }),
        session: Some(pb::SessionContext {
            session_id: format!("sess-{account}"),
            session_start_unix_ms: now_ms() - session_minutes_ago * 60_000,
            items_served: 0,
            autoplay_enabled: true,
        }),
        surface: pb::Surface::Home as i32,
        paging: Some(pb::Paging {
            page_token: String::new(),
            page_size: 20,
        }),
        search_query: String::new(),
    }
}

struct Outcome {
    direct: Vec<pb::FeedItem>,
    served: pb::FeedResponse,
    profile_seen: String,
    location_seen: String,
}

async fn run_viewer(
    direct: &mut RecommenderClient<tonic::transport::Channel>,
    guarded: &mut RecommenderClient<tonic::transport::Channel>,
    req: &pb::FeedRequest,
) -> anyhow::Result<Outcome> {
    let unfiltered = direct.get_feed(req.clone()).await?.into_inner();
    let resp = guarded.get_feed(req.clone()).await?;
    let md = resp.metadata();
    let seen = |k: &str| {
        md.get(k)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("(not asked)")
            .to_owned()
    };
    Ok(Outcome {
        profile_seen: seen(sample::PROFILE_SEEN_HEADER),
        location_seen: seen(sample::LOCATION_SEEN_HEADER),
        direct: unfiltered.items,
        served: resp.into_inner(),
    })
}

fn count(d: &Option<pb::DecisionSummary>, rule_prefix: &str, action: &str) -> u32 {
    d.iter()
        .flat_map(|d| &d.actions)
        .filter(|a| a.rule.starts_with(rule_prefix) && a.action == action)
        .map(|a| a.count)
        .sum()
}

fn notice_kinds(r: &pb::FeedResponse) -> String {
    let kinds: Vec<_> = r
        .notices
        .iter()
        .map(|n| match pb::NoticeKind::try_from(n.kind) {
            Ok(pb::NoticeKind::BreakReminder) => "break reminder",
            Ok(pb::NoticeKind::QuietHours) => "quiet hours",
            Ok(pb::NoticeKind::ServiceDegraded) => "degraded",
            _ => "other",
        })
        .collect();
    if kinds.is_empty() {
        "none".into()
    } else {
        kinds.join(", ")
    }
}

fn signals_in(items: &[pb::FeedItem]) -> usize {
    items.iter().map(|i| i.ranking_signals.len()).sum()
}

/// Runs the demo and returns the report text.
pub async fn run(policy: Policy) -> anyhow::Result<String> {
    let policy_id = format!("{} {}", policy.id, policy.version);
    let explain_policy = Arc::new(policy);

    let upstream_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let upstream_addr = upstream_listener.local_addr()?;
    let (stop_up, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let upstream = tokio::spawn(sample::serve(upstream_listener, async {
        let _ = stop_rx.await;
    }));

    // As `feedguard serve` runs it.
    let mut config = ProxyConfig::new("127.0.0.1:0".parse()?, format!("http://{upstream_addr}"));
    config.workers = proxy::default_workers();
    let handle = proxy::start(
        config,
        Arc::new(PolicyHandle::shared(explain_policy.clone())),
        IdHasher::random(),
        Arc::new(SystemClock),
    )
    .await?;
    let mut direct = RecommenderClient::connect(format!("http://{upstream_addr}")).await?;
    let mut guarded = RecommenderClient::connect(format!("http://{}", handle.addr)).await?;

    let mut child = sample_request("acct-teen-14", Some(14), 10);
    child.viewer.get_or_insert_default().age_assurance = Some(pb::AgeAssurance {
        band: pb::AgeBand::AgeBand1315 as i32,
        estimated_age: Some(14.2),
        method: pb::AssuranceMethod::FacialEstimation as i32,
        confidence: 0.92,
    });
    let mut under13 = sample_request("acct-child-11", Some(11), 5);
    under13.viewer.get_or_insert_default().parental_consent = pb::ConsentStatus::Denied as i32;
    let mut adult = sample_request("acct-adult-34", Some(34), 20);
    adult.viewer.get_or_insert_default().age_assurance = Some(pb::AgeAssurance {
        band: pb::AgeBand::Adult as i32,
        estimated_age: Some(33.0),
        method: pb::AssuranceMethod::IdDocument as i32,
        confidence: 0.98,
    });
    let viewers = [
        Viewer {
            label: "child, 14",
            request: child.clone(),
        },
        Viewer {
            label: "under 13, no consent",
            request: under13,
        },
        Viewer {
            label: "adult, ID-verified",
            request: adult,
        },
    ];

    let mut outcomes = Vec::new();
    for v in &viewers {
        outcomes.push(run_viewer(&mut direct, &mut guarded, &v.request).await?);
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "feedguard demo: sample recommender (127.0.0.1:{}) behind feedguard ({}), policy {policy_id}\n",
        upstream_addr.port(),
        handle.addr
    );
    let o = &outcomes;
    let d = |i: usize| &o[i].served.decision;
    let rows: Vec<(&str, [String; 3])> = vec![
        ("", viewers.each_ref().map(|v| v.label.to_owned())),
        (
            "age band",
            [0, 1, 2].map(|i| {
                d(i).as_ref()
                    .map_or("adult (untouched)".into(), |d| d.age_band.clone())
            }),
        ),
        (
            "items upstream would serve",
            [0, 1, 2].map(|i| o[i].direct.len().to_string()),
        ),
        (
            "items served via feedguard",
            [0, 1, 2].map(|i| o[i].served.items.len().to_string()),
        ),
        (
            "  blocked (harm category)",
            [0, 1, 2].map(|i| count(d(i), "category.", "block").to_string()),
        ),
        (
            "  limited (sensitive, capped)",
            [0, 1, 2].map(|i| count(d(i), "category.", "limit").to_string()),
        ),
        (
            "  downranked",
            [0, 1, 2].map(|i| count(d(i), "category.", "downrank").to_string()),
        ),
        (
            "  behavioural ads dropped",
            [0, 1, 2].map(|i| count(d(i), engine::rules::AD_SPONSORED, "drop").to_string()),
        ),
        (
            "profile fields at recommender",
            [0, 1, 2].map(|i| {
                if o[i].profile_seen == "none" {
                    "0".to_owned()
                } else {
                    o[i].profile_seen.split(',').count().to_string()
                }
            }),
        ),
        (
            "location at recommender",
            [0, 1, 2].map(|i| o[i].location_seen.clone()),
        ),
        (
            "ranking signals (in -> out)",
            [0, 1, 2].map(|i| {
                format!(
                    "{} -> {}",
                    signals_in(&o[i].direct),
                    signals_in(&o[i].served.items)
                )
            }),
        ),
        (
            "autoplay next",
            [0, 1, 2].map(|i| o[i].served.autoplay_next.to_string()),
        ),
        (
            "nudges (streaks, notifications)",
            [0, 1, 2].map(|i| o[i].served.nudges.len().to_string()),
        ),
        ("notices", [0, 1, 2].map(|i| notice_kinds(&o[i].served))),
    ];
    let widths: [usize; 3] =
        [0, 1, 2].map(|c| rows.iter().map(|r| r.1[c].len()).max().unwrap_or(0) + 3);
    for (i, (name, vals)) in rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "{name:<33}{:<w0$}{:<w1$}{}",
            vals[0],
            vals[1],
            vals[2],
            w0 = widths[0],
            w1 = widths[1]
        );
        if i == 0 {
            let _ = writeln!(
                out,
                "{:<33}{:<w0$}{:<w1$}{}",
                "",
                "-".repeat(widths[0] - 3),
                "-".repeat(widths[1] - 3),
                "-".repeat(widths[2] - 3),
                w0 = widths[0],
                w1 = widths[1]
            );
        }
    }
    let _ = writeln!(
        out,
        "\nprofile fields that reached the recommender (as it reported them):"
    );
    for (v, o) in viewers.iter().zip(&outcomes) {
        let _ = writeln!(out, "  {:<22} {}", v.label, o.profile_seen);
    }

    for (v, o) in viewers.iter().zip(&outcomes) {
        let band = o
            .served
            .decision
            .as_ref()
            .and_then(|d| AgeBand::parse(&d.age_band))
            .unwrap_or(AgeBand::Adult);
        let served: std::collections::HashSet<_> =
            o.served.items.iter().map(|i| i.item_id.as_str()).collect();
        let _ = writeln!(
            out,
            "\n{} ({band}): what feedguard removed or moved, and why",
            v.label
        );
        let mut any = false;
        for item in &o.direct {
            let bytes = item.encode_to_vec();
            let Ok((_, view)) = canonical::parse_item(&bytes) else {
                continue;
            };
            let removed = !served.contains(item.item_id.as_str());
            let why = engine::explain_item(&explain_policy, band, &view);
            let (action, rule, cat, reference) = match (&why, removed) {
                (Some(e), true) => (
                    e.action,
                    e.rule.to_string(),
                    e.category.as_deref().unwrap_or("-").to_owned(),
                    e.reference.to_string(),
                ),
                (None, true) => (
                    "cap",
                    engine::rules::PAGE_SIZE.into(),
                    "-".into(),
                    "page size cap".into(),
                ),
                (Some(e), false) if e.action == "downrank" || e.action == "limit" => (
                    if e.action == "limit" {
                        "kept (within limit)"
                    } else {
                        "downrank"
                    },
                    e.rule.to_string(),
                    e.category.as_deref().unwrap_or("-").to_owned(),
                    e.reference.to_string(),
                ),
                _ => continue,
            };
            any = true;
            let title: String = item.title.chars().take(34).collect();
            let _ = writeln!(
                out,
                "  {:<8} {:<36} {:<20} {:<28} {}",
                item.item_id,
                format!("{title:?}"),
                action,
                format!("{rule}"),
                reference
            );
            let _ = cat;
        }
        if !any {
            let _ = writeln!(
                out,
                "  nothing: the response passed through as the recommender sent it"
            );
        }
    }

    // The same child, an hour and a bit into the session.
    let mut late = child;
    late.session.get_or_insert_default().session_start_unix_ms = now_ms() - 61 * 60_000;
    late.viewer.get_or_insert_default().account_id = "acct-teen-14-late".into();
    let r = guarded.get_feed(late).await?.into_inner();
    let _ = writeln!(
        out,
        "\nchild, 14, 61 minutes into the session: {} items, next page token {:?}, notice: {}",
        r.items.len(),
        r.next_page_token,
        r.notices
            .first()
            .map_or("none".into(), |n| format!("{:?}", n.message))
    );
    let _ = writeln!(
        out,
        "\nEvery response to a child carries its decision summary (rules, categories, references, counts);\n`feedguard serve` also writes it as an audit event with the account id keyed-hashed."
    );

    handle.shutdown().await;
    let _ = stop_up.send(());
    let _ = tokio::time::timeout(Duration::from_secs(5), upstream).await;
    Ok(out)
}
