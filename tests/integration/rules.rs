//! Every rule of the default policy, end to end: sample recommender, feedguard, typed client.

use std::time::Duration;

use feedguard::pb;
use feedguard::policy::{AgeBand, CategoryAction, Policy};
use prost::Message;

use crate::support::*;

const PROFILE_SEEN: &str = feedguard::sample::PROFILE_SEEN_HEADER;
const LOCATION_SEEN: &str = feedguard::sample::LOCATION_SEEN_HEADER;

fn seen(md: &tonic::metadata::MetadataMap, k: &str) -> String {
    md.get(k).unwrap().to_str().unwrap().to_owned()
}

#[tokio::test]
async fn child_profile_is_minimised_before_it_reaches_the_recommender() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;

    let r = c.get_feed(request("teen", Some(14))).await.unwrap();
    assert_eq!(
        seen(r.metadata(), PROFILE_SEEN),
        "explicit_interests,followed_creator_ids"
    );
    assert_eq!(
        seen(r.metadata(), LOCATION_SEEN),
        "coarse",
        "13-15: precise location coarsened"
    );
    let d = r.into_inner().decision;
    assert_eq!(actions(&d, "profile.minimise", "strip"), 7);
    assert_eq!(actions(&d, "profile.location", "coarsen"), 1);

    let r = c.get_feed(request("small", Some(9))).await.unwrap();
    assert_eq!(
        seen(r.metadata(), LOCATION_SEEN),
        "region",
        "under 13: precise location dropped"
    );

    // The same request for a verified adult reaches the recommender whole.
    let r = c.get_feed(adult_request("grown")).await.unwrap();
    assert_eq!(seen(r.metadata(), PROFILE_SEEN).split(',').count(), 9);
    assert_eq!(seen(r.metadata(), LOCATION_SEEN), "precise");
}

#[tokio::test]
async fn under_13_without_parental_consent_gets_no_personalisation() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;

    let mut req = request("kid", Some(11));
    req.viewer.as_mut().unwrap().parental_consent = pb::ConsentStatus::Denied as i32;
    let r = c.get_feed(req.clone()).await.unwrap();
    assert_eq!(seen(r.metadata(), PROFILE_SEEN), "none");
    assert!(
        actions(
            &r.into_inner().decision,
            "consent.no_personalisation",
            "strip"
        ) >= 1
    );

    // With consent, the explicit choices the profile rule keeps come through.
    req.viewer.as_mut().unwrap().parental_consent = pb::ConsentStatus::Granted as i32;
    let r = c.get_feed(req).await.unwrap();
    assert_eq!(
        seen(r.metadata(), PROFILE_SEEN),
        "explicit_interests,followed_creator_ids"
    );
}

#[tokio::test]
async fn unknown_age_and_conflicting_signals_get_the_strictest_band() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;

    let mut no_viewer = request("x", None);
    no_viewer.viewer = None;
    let d = c
        .get_feed(no_viewer)
        .await
        .unwrap()
        .into_inner()
        .decision
        .unwrap();
    assert_eq!(d.age_band, "under_13");

    // Declared adult, assurance says 15: the youngest wins.
    let mut conflict = request("y", Some(30));
    conflict.viewer.as_mut().unwrap().age_assurance = Some(pb::AgeAssurance {
        band: pb::AgeBand::AgeBand1315 as i32,
        estimated_age: None,
        method: pb::AssuranceMethod::FacialEstimation as i32,
        confidence: 0.9,
    });
    let d = c
        .get_feed(conflict)
        .await
        .unwrap()
        .into_inner()
        .decision
        .unwrap();
    assert_eq!(d.age_band, "13_15");

    // Declared adult with no assurance: the default policy requires assurance for adulthood.
    let d = c
        .get_feed(request("z", Some(30)))
        .await
        .unwrap()
        .into_inner()
        .decision
        .unwrap();
    assert_eq!(d.age_band, "under_13");
    assert!(d.actions.iter().any(|a| a.rule == "age.band"));

    // Unknown enum values read as "no signal", not as an error.
    let mut odd = request("w", None);
    odd.viewer.as_mut().unwrap().age_assurance = Some(pb::AgeAssurance {
        band: 99,
        estimated_age: None,
        method: 77,
        confidence: 0.99,
    });
    odd.viewer.as_mut().unwrap().parental_consent = 42;
    let d = c
        .get_feed(odd)
        .await
        .unwrap()
        .into_inner()
        .decision
        .unwrap();
    assert_eq!(d.age_band, "under_13");
}

#[tokio::test]
async fn harmful_items_are_blocked_for_children_labelled_or_not() {
    let up = sample_upstream().await;
    let policy = Policy::default_policy();
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let catalogue = feedguard::sample::catalogue();

    for (age, band) in [
        (9, AgeBand::Under13),
        (14, AgeBand::Teen13To15),
        (17, AgeBand::Teen16To17),
    ] {
        // The categories this band blocks, read from the policy itself.
        let blocked: Vec<String> = policy
            .taxonomy
            .categories()
            .iter()
            .filter(|c| *c.actions.get(band) == CategoryAction::Block)
            .map(|c| c.id.to_string())
            .collect();
        // Page through the whole catalogue, one session per page so session caps do not end it.
        let mut served = Vec::new();
        let mut token = String::new();
        for page in 0.. {
            let mut req = request(&format!("pager-{age}"), Some(age));
            req.viewer.as_mut().unwrap().parental_consent = pb::ConsentStatus::Granted as i32;
            req.paging = Some(pb::Paging {
                page_token: token.clone(),
                page_size: 15,
            });
            req.session.as_mut().unwrap().session_id = format!("page-{page}");
            let r = c.get_feed(req).await.unwrap().into_inner();
            served.extend(item_ids(&r.items));
            token = r.next_page_token;
            if token.is_empty() {
                break;
            }
        }
        assert!(
            served.len() > 100,
            "{age}: only {} items served",
            served.len()
        );
        for s in &catalogue {
            let cat = s.expected_category.as_deref();
            if cat.is_some_and(|c| blocked.iter().any(|b| b == c)) {
                assert!(
                    !served.contains(&s.item.item_id),
                    "{} ({:?}, {}) reached a {band} child",
                    s.item.item_id,
                    cat,
                    s.kind
                );
            }
            if s.kind == "help" || s.kind == "collision" {
                assert!(
                    served.contains(&s.item.item_id),
                    "{} ({}) was wrongly removed for {band}",
                    s.item.item_id,
                    s.kind
                );
            }
        }
    }
    assert!(
        p.metrics().get(
            feedguard::proxy::metrics::DECISIONS,
            &[
                ("rule", "category.self_harm"),
                ("action", "block"),
                ("category", "self_harm"),
                ("band", "13_15")
            ]
        ) > 0
    );
}

#[tokio::test]
async fn sensitive_categories_are_limited_per_page_and_per_session() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let catalogue = feedguard::sample::catalogue();
    let cat_of = |id: &str| {
        catalogue
            .iter()
            .find(|s| s.item.item_id == id)
            .and_then(|s| s.expected_category.clone())
    };

    let mut per_session = std::collections::HashMap::<String, u32>::new();
    let mut token = String::new();
    loop {
        let mut req = request("limits", Some(15));
        req.paging = Some(pb::Paging {
            page_token: token.clone(),
            page_size: 20,
        });
        let r = c.get_feed(req).await.unwrap().into_inner();
        let mut per_page = std::collections::HashMap::<String, u32>::new();
        for id in item_ids(&r.items) {
            if let Some(cat) =
                cat_of(&id).filter(|c| ["body_image", "dieting", "fights"].contains(&c.as_str()))
            {
                *per_page.entry(cat.clone()).or_default() += 1;
                *per_session.entry(cat).or_default() += 1;
            }
        }
        assert!(
            per_page.values().all(|&n| n <= 1),
            "per-page cap exceeded: {per_page:?}"
        );
        token = r.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    assert!(
        per_session.values().all(|&n| n <= 3),
        "per-session cap exceeded: {per_session:?}"
    );
    assert!(
        per_session.values().sum::<u32>() > 0,
        "limited categories are limited, not blocked"
    );
}

#[tokio::test]
async fn engagement_features_are_capped_for_children() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;

    let mut req = request("eng", Some(16));
    req.paging = Some(pb::Paging {
        page_token: String::new(),
        page_size: 80,
    });
    let r = c.get_feed(req).await.unwrap().into_inner();
    assert!(
        r.items.len() <= 20,
        "page size capped at 20, got {}",
        r.items.len()
    );
    assert!(!r.autoplay_next);
    assert!(
        r.nudges.is_empty(),
        "streak and notification nudges removed"
    );
    for item in &r.items {
        assert!(!item.autoplay);
        let names: Vec<_> = item
            .ranking_signals
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert!(
            !names.iter().any(|n| [
                "predicted_watch_time_ms",
                "session_extension",
                "predicted_engagement",
                "predicted_rewatch"
            ]
            .contains(n)),
            "{} kept {names:?}",
            item.item_id
        );
        assert!(
            item.sponsored
                .as_ref()
                .is_none_or(|s| s.targeting == pb::TargetingBasis::Contextual as i32)
        );
    }
    // Re-ranked by relevance, descending, among items that were not downranked.
    let rel: Vec<f64> = r
        .items
        .iter()
        .filter_map(|i| {
            i.ranking_signals
                .iter()
                .find(|s| s.name == "relevance")
                .map(|s| s.value)
        })
        .collect();
    assert!(
        rel.windows(2).all(|w| w[0] >= w[1])
            || actions(&r.decision, "category.violence", "downrank") > 0,
        "{rel:?}"
    );
}

#[tokio::test]
async fn adult_responses_with_nothing_to_change_pass_through_as_bytes() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let req = adult_request("bytes").encode_to_vec();
    let via = raw_unary(
        p.addr(),
        "/feedguard.v1.Recommender/GetFeed",
        req.clone().into(),
    )
    .await
    .unwrap();
    let direct = raw_unary(up, "/feedguard.v1.Recommender/GetFeed", req.into())
        .await
        .unwrap();
    assert_eq!(
        via, direct,
        "adult response is byte-for-byte the upstream's"
    );
}

#[tokio::test]
async fn quiet_hours_remove_nudges_and_add_a_wind_down_notice() {
    let up = sample_upstream().await;
    let p = start_proxy_with(
        up,
        std::sync::Arc::new(feedguard::proxy::PolicyHandle::fixed(
            Policy::default_policy(),
        )),
        Default::default(),
        london(23, 30),
    )
    .await;
    let mut c = client(p.addr()).await;
    let r = c
        .get_feed(request("night", Some(17)))
        .await
        .unwrap()
        .into_inner();
    assert!(r.nudges.is_empty());
    assert!(
        r.notices
            .iter()
            .any(|n| n.kind == pb::NoticeKind::QuietHours as i32)
    );
    assert_eq!(actions(&r.decision, "quiet_hours", "notice"), 1);

    // The viewer's own time zone counts: 23:30 in London is 08:30 in Tokyo, after quiet hours.
    let mut tokyo = request("tokyo", Some(17));
    tokyo.viewer.as_mut().unwrap().time_zone = "Asia/Tokyo".into();
    let r = c.get_feed(tokyo).await.unwrap().into_inner();
    assert!(r.notices.is_empty(), "{:?}", r.notices);

    // Adults are not subject to quiet hours.
    let r = c
        .get_feed(adult_request("night-adult"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.nudges.len(), 2);
}

#[tokio::test]
async fn long_sessions_get_a_break_and_paging_stops() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let req = request("long", Some(14));
    let first = c.get_feed(req.clone()).await.unwrap().into_inner();
    assert!(!first.items.is_empty());
    assert!(!first.next_page_token.is_empty());

    // 61 minutes later, in the same session: the client cannot reset the clock by claiming a
    // later session start, because feedguard remembers when it first saw the session.
    p.clock.advance(Duration::from_secs(61 * 60));
    let mut later = req.clone();
    later.session.as_mut().unwrap().session_start_unix_ms = p.clock_now() - 1_000;
    let r = c.get_feed(later).await.unwrap().into_inner();
    assert!(r.items.is_empty());
    assert!(r.next_page_token.is_empty());
    assert!(
        r.notices
            .iter()
            .any(|n| n.kind == pb::NoticeKind::BreakReminder as i32)
    );
    assert_eq!(actions(&r.decision, "session.break", "break"), 1);

    // Another account is unaffected.
    let r = c
        .get_feed(request("fresh", Some(14)))
        .await
        .unwrap()
        .into_inner();
    assert!(!r.items.is_empty());
}

trait ClockNow {
    fn clock_now(&self) -> i64;
}

impl ClockNow for Proxy {
    fn clock_now(&self) -> i64 {
        use feedguard::proxy::Clock;
        self.clock.now_ms()
    }
}

#[tokio::test]
async fn streamed_feeds_are_filtered_item_by_item() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let mut req = request("stream", Some(14));
    // Asking for 60: the 13-15 page cap (20) also bounds a stream, so scrolling ends.
    req.paging = Some(pb::Paging {
        page_token: String::new(),
        page_size: 60,
    });
    let mut stream = c.stream_feed(req).await.unwrap().into_inner();
    let mut ids = Vec::new();
    let mut last_decision = None;
    let mut nudges = 0;
    while let Some(m) = stream.message().await.unwrap() {
        if let Some(item) = m.item {
            assert!(item.ranking_signals.iter().all(|s| s.name == "relevance"));
            assert!(!item.autoplay);
            ids.push(item.item_id);
        }
        nudges += m.nudges.len();
        if m.decision.is_some() {
            last_decision = m.decision;
        }
    }
    assert_eq!(nudges, 0);
    let d = last_decision.expect("the stream closes with a decision summary");
    assert_eq!(d.age_band, "13_15");
    assert_eq!(d.items_in, 20);
    assert_eq!(d.items_out as usize, ids.len());
    let catalogue = feedguard::sample::catalogue();
    for id in &ids {
        let s = catalogue.iter().find(|s| &s.item.item_id == id).unwrap();
        assert!(
            !matches!(
                s.expected_category.as_deref(),
                Some("suicide" | "self_harm" | "eating_disorder" | "misogyny" | "pornography")
            ),
            "{id} streamed to a child"
        );
    }
    assert!(actions(&Some(d), "category.eating_disorder", "block") > 0);
}
