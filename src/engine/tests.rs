use super::*;
use crate::policy::{AssuranceMethod, NudgeKind, Targeting};

fn policy() -> Policy {
    Policy::default_policy()
}

fn viewer(age: Option<u32>) -> ViewerView<'static> {
    ViewerView {
        declared_age: age,
        time_zone: "Europe/London",
        ..Default::default()
    }
}

fn assured(band: AgeBand, method: AssuranceMethod, confidence: f32) -> Option<AssuranceView> {
    Some(AssuranceView {
        band: Some(band),
        estimated_age: None,
        method,
        confidence,
    })
}

/// 2026-11-24 12:00 UTC (London midday).
const NOON: i64 = 1_795_478_400_000 + 12 * 3_600_000;

#[test]
fn band_resolution_youngest_wins_and_unknown_is_strictest() {
    let p = policy();
    let band = |v: Option<ViewerView<'_>>| age::resolve_band(&p, v.as_ref()).0;
    assert_eq!(band(None), AgeBand::Under13);
    assert_eq!(band(Some(viewer(None))), AgeBand::Under13);
    assert_eq!(band(Some(viewer(Some(14)))), AgeBand::Teen13To15);
    assert_eq!(band(Some(viewer(Some(16)))), AgeBand::Teen16To17);
    // Declared adult alone is not enough under this policy.
    assert_eq!(
        age::resolve_band(&p, Some(&viewer(Some(30)))),
        (AgeBand::Under13, BandBasis::AdultUnverified)
    );
    let mut v = viewer(Some(30));
    v.assurance = assured(AgeBand::Adult, AssuranceMethod::IdDocument, 0.95);
    assert_eq!(band(Some(v.clone())), AgeBand::Adult);
    // An untrusted method cannot establish adulthood.
    v.assurance = assured(AgeBand::Adult, AssuranceMethod::SelfDeclaration, 0.95);
    assert_eq!(band(Some(v.clone())), AgeBand::Under13);
    // Low confidence assurance is ignored; the declared age still counts.
    let mut v = viewer(Some(15));
    v.assurance = assured(AgeBand::Adult, AssuranceMethod::IdDocument, 0.3);
    assert_eq!(band(Some(v)), AgeBand::Teen13To15);
    // Conflict: the youngest signal wins.
    let mut v = viewer(Some(17));
    v.assurance = Some(AssuranceView {
        band: None,
        estimated_age: Some(12.5),
        method: AssuranceMethod::FacialEstimation,
        confidence: 0.9,
    });
    assert_eq!(band(Some(v)), AgeBand::Under13);
    // Nonsense ages are not signals.
    assert_eq!(band(Some(viewer(Some(4_000)))), AgeBand::Under13);
    let mut v = viewer(None);
    v.assurance = Some(AssuranceView {
        band: None,
        estimated_age: Some(f32::NAN),
        method: AssuranceMethod::IdDocument,
        confidence: f32::NAN,
    });
    assert_eq!(band(Some(v)), AgeBand::Under13);
}

#[test]
fn no_stripped_profile_field_survives_for_any_child_whatever_is_present() {
    let p = policy();
    for bits in 0u32..(1 << ProfileField::ALL.len()) {
        let present = ProfileField::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .fold(ProfileFields::empty(), |s, (_, f)| s.with(*f));
        for age in [8, 14, 16] {
            let req = RequestView {
                viewer: Some(viewer(Some(age))),
                profile: present,
                ..Default::default()
            };
            let rd = decide_request(&p, &req, &Exposure::default(), NOON);
            let RequestOutcome::Forward(plan) = rd.outcome else {
                panic!("no break expected")
            };
            let must = p.band(rd.ctx.band).profile.as_ref().unwrap().strip;
            let left = present.difference(plan.strip);
            assert!(
                left.intersect(must).is_empty(),
                "age {age}: {left:?} left of {present:?}"
            );
            // Under 13 without consent: nothing at all survives.
            if age == 8 {
                assert!(left.is_empty(), "{left:?}");
            }
        }
    }
}

#[test]
fn adult_request_is_untouched() {
    let p = policy();
    let mut v = viewer(Some(40));
    v.assurance = assured(AgeBand::Adult, AssuranceMethod::CreditCard, 0.99);
    let req = RequestView {
        viewer: Some(v),
        profile: ProfileFields::all(),
        location: LocationView {
            precise: true,
            region: true,
        },
        session: SessionView {
            autoplay: true,
            ..Default::default()
        },
        page_size: 50,
    };
    let rd = decide_request(&p, &req, &Exposure::default(), NOON);
    let RequestOutcome::Forward(plan) = rd.outcome else {
        panic!()
    };
    assert!(plan.is_identity(), "{plan:?}");
    assert!(!rd.decision.changed_anything());
}

fn item<'a>(title: &'a str, labels: Vec<(&'a str, f32)>) -> ItemView<'a> {
    ItemView {
        title,
        labels,
        signals: vec![("relevance", 0.5), ("predicted_watch_time_ms", 40_000.0)],
        autoplay: true,
        ..Default::default()
    }
}

fn ctx(p: &Policy, age: u32, now: i64) -> RequestContext {
    let req = RequestView {
        viewer: Some(viewer(Some(age))),
        ..Default::default()
    };
    decide_request(p, &req, &Exposure::default(), now).ctx
}

#[test]
fn page_blocks_limits_strips_and_never_adds_items() {
    let p = policy();
    let items = vec![
        item("Puppy video", vec![]),
        item("x", vec![("SelfInjury", 0.9)]),
        item("What I eat in a day", vec![]),
        item("calorie deficit tips", vec![]),
        item("Maths revision", vec![("self_harm_support", 0.99)]),
        ItemView {
            title: "Trainers",
            sponsored: Some(Targeting::Behavioural),
            ..Default::default()
        },
    ];
    let page = PageView {
        has_next_page: true,
        autoplay_next: true,
        nudges: vec![NudgeKind::Streak, NudgeKind::Notification],
    };
    let c = ctx(&p, 14, NOON);
    let mut d = Decision::new(p.id.clone(), p.version.clone(), c.band, c.basis);
    let plan = filter_page(&p, &c, &Exposure::default(), &items, &page, &mut d);
    let kept: Vec<_> = plan.order.iter().map(|&i| items[i].title).collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(kept.contains(&"Puppy video") && kept.contains(&"Maths revision"));
    assert_eq!(
        kept.iter()
            .filter(|t| ["What I eat in a day", "calorie deficit tips"].contains(t))
            .count(),
        1,
        "dieting: 1 per page"
    );
    assert!(plan.order.len() <= items.len());
    assert!(plan.order.iter().all(|&i| plan.verdicts[i].strip_signals
        && plan.verdicts[i].clear_autoplay
        || items[i].signals.is_empty()));
    assert!(plan.clear_autoplay_next);
    assert!(plan.remove_nudges.contains(NudgeKind::Streak));
    assert_eq!(d.count("block"), 1);
    assert_eq!(d.count("limit"), 1);
    assert_eq!((d.items_in, d.items_out), (6, 3));
    assert_eq!(plan.exposure.count("dieting"), 1);

    // The session already had its 3 dieting items: none more.
    let mut session = Exposure::default();
    session.add(&"dieting".into(), 3);
    let mut d = Decision::new(p.id.clone(), p.version.clone(), c.band, c.basis);
    let plan = filter_page(&p, &c, &session, &items, &page, &mut d);
    assert_eq!(d.count("limit"), 2);
    assert!(
        plan.order
            .iter()
            .all(|&i| !items[i].title.contains("eat") && !items[i].title.contains("calorie"))
    );
}

#[test]
fn adult_page_with_nothing_to_change_is_identity() {
    let p = policy();
    let items = vec![
        item("Puppy video", vec![]),
        item("x", vec![("SelfInjury", 0.9)]),
    ];
    let mut v = viewer(Some(40));
    v.assurance = assured(AgeBand::Adult, AssuranceMethod::IdDocument, 0.99);
    let req = RequestView {
        viewer: Some(v),
        ..Default::default()
    };
    let c = decide_request(&p, &req, &Exposure::default(), NOON).ctx;
    let mut d = Decision::new(p.id.clone(), p.version.clone(), c.band, c.basis);
    let plan = filter_page(
        &p,
        &c,
        &Exposure::default(),
        &items,
        &PageView::default(),
        &mut d,
    );
    assert!(plan.is_identity());
    assert!(!d.changed_anything());
}

#[test]
fn session_break_and_quiet_hours_follow_the_injected_clock() {
    let p = policy();
    let req = RequestView {
        viewer: Some(viewer(Some(14))),
        session: SessionView {
            start_unix_ms: Some(NOON - 59 * 60_000),
            ..Default::default()
        },
        ..Default::default()
    };
    let rd = decide_request(&p, &req, &Exposure::default(), NOON);
    assert!(matches!(rd.outcome, RequestOutcome::Forward(_)));
    let rd = decide_request(&p, &req, &Exposure::default(), NOON + 2 * 60_000);
    assert!(matches!(rd.outcome, RequestOutcome::Break(_)));
    // The store's first-seen time wins over a later client claim.
    let late_claim = RequestView {
        session: SessionView {
            start_unix_ms: Some(NOON),
            ..Default::default()
        },
        ..req.clone()
    };
    let seen = Exposure {
        first_seen_ms: NOON - 90 * 60_000,
        ..Default::default()
    };
    assert!(matches!(
        decide_request(&p, &late_claim, &seen, NOON).outcome,
        RequestOutcome::Break(_)
    ));

    let night = NOON + 11 * 3_600_000; // 23:00 London
    assert!(ctx(&p, 14, night).quiet_hours);
    assert!(!ctx(&p, 14, NOON).quiet_hours);
}

#[test]
fn stream_filter_blocks_and_ends_at_the_break() {
    let p = policy();
    let c = ctx(&p, 15, NOON);
    let d = Decision::new(p.id.clone(), p.version.clone(), c.band, c.basis);
    let mut f = StreamFilter::new(&p, c, d);
    let mut delta = Exposure::default();
    let s = f.step(
        Some(&item("x", vec![("nssi", 0.9)])),
        &[],
        &Exposure::default(),
        &mut delta,
        NOON,
    );
    assert!(!s.emit_now && !s.verdict.unwrap().keep);
    let s = f.step(
        Some(&item("Puppy", vec![])),
        &[NudgeKind::Streak],
        &Exposure::default(),
        &mut delta,
        NOON,
    );
    assert!(s.emit_now && s.remove_nudges.contains(NudgeKind::Streak));
    let s = f.step(
        Some(&item("Puppy", vec![])),
        &[],
        &Exposure::default(),
        &mut delta,
        NOON + 61 * 60_000,
    );
    assert!(s.end_with.is_some());
    assert_eq!(f.decision.count("block"), 1);
}

#[test]
fn rerank_puts_the_highest_relevance_first_and_keeps_ties_in_upstream_order() {
    let p = policy();
    let titles = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let relevance = [
        Some(0.5),
        None,
        Some(-1.0),
        Some(2.0),
        Some(0.5),
        Some(f64::NAN),
        None,
        Some(-0.0),
    ];
    let items: Vec<ItemView<'_>> = titles
        .iter()
        .zip(relevance)
        .map(|(t, r)| ItemView {
            title: t,
            signals: r.map(|v| ("relevance", v)).into_iter().collect(),
            ..Default::default()
        })
        .collect();
    let c = ctx(&p, 14, NOON);
    let mut d = Decision::new(p.id.clone(), p.version.clone(), c.band, c.basis);
    let plan = filter_page(
        &p,
        &c,
        &Exposure::default(),
        &items,
        &PageView::default(),
        &mut d,
    );
    let order: Vec<_> = plan.order.iter().map(|&i| items[i].title).collect();
    // total_cmp order, highest first: NaN, 2.0, the two 0.5s in upstream order, -0.0, -1.0,
    // then the items without the signal in upstream order.
    assert_eq!(order, ["f", "d", "a", "e", "h", "c", "b", "g"]);
    assert!(total_order_bits(-0.0) < total_order_bits(0.0));
    assert!(total_order_bits(f64::NEG_INFINITY) < total_order_bits(-1.0));
}
