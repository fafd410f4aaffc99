//! The binding for feedguard's canonical protos (`feedguard.v1`). Requests are small and are
//! decoded whole with prost; responses are read at the wire level: split into items, each read
//! into a borrowed [`ItemView`], kept items copied through as bytes and re-encoded only where a
//! field must go.

use bytes::Bytes;
use prost::Message;

use super::BindError;
use super::wire::{self, Field, fields, put_len_field, put_message};
use crate::engine::ItemJudge;
use crate::engine::memo::{Entry, MemoPage};
use crate::engine::{
    Consent, Decision, Exposure, ItemFacts, ItemVerdict, ItemView, LocationView, Notice,
    NoticeKind, PagePlan, PageView, RequestContext, RequestPlan, RequestView, SessionView,
    ViewerView,
};
use crate::pb;
use crate::policy::{
    AgeBand, AssuranceMethod, EngagementPolicy, LocationAction, NudgeKind, NudgeSet, Policy,
    ProfileField, ProfileFields, Targeting,
};

/// gRPC paths of the canonical service's methods.
pub const GET_FEED_PATH: &str = "/feedguard.v1.Recommender/GetFeed";
pub const STREAM_FEED_PATH: &str = "/feedguard.v1.Recommender/StreamFeed";

// Field numbers the wire-level code reads (see proto/feedguard/v1/feed.proto).
mod tag {
    pub const RESP_ITEMS: u32 = 1;
    pub const RESP_NEXT_PAGE: u32 = 2;
    pub const RESP_AUTOPLAY_NEXT: u32 = 3;
    pub const RESP_NUDGES: u32 = 4;
    pub const RESP_NOTICES: u32 = 5;
    pub const RESP_DECISION: u32 = 6;

    pub const STREAM_ITEM: u32 = 1;
    pub const STREAM_NUDGES: u32 = 2;
    pub const STREAM_NOTICES: u32 = 3;
    pub const STREAM_DECISION: u32 = 4;

    pub const ITEM_ID: u32 = 1;
    pub const ITEM_TITLE: u32 = 2;
    pub const ITEM_CAPTION: u32 = 3;
    pub const ITEM_HASHTAGS: u32 = 4;
    pub const ITEM_LABELS: u32 = 5;
    pub const ITEM_SCORE: u32 = 7;
    pub const ITEM_SIGNALS: u32 = 8;
    pub const ITEM_SPONSORED: u32 = 9;
    pub const ITEM_AUTOPLAY: u32 = 10;

    pub const LABEL_CATEGORY: u32 = 1;
    pub const LABEL_CONFIDENCE: u32 = 2;
    pub const SIGNAL_NAME: u32 = 1;
    pub const SIGNAL_VALUE: u32 = 2;
    pub const SPONSORED_TARGETING: u32 = 2;
    pub const NUDGE_KIND: u32 = 1;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

pub fn decode_request(bytes: &[u8]) -> Result<pb::FeedRequest, BindError> {
    pb::FeedRequest::decode(bytes).map_err(BindError::Decode)
}

/// The parts of a request that key its session state: (account id, session id). They leave
/// this module only to be keyed-hashed.
pub fn session_identity(req: &pb::FeedRequest) -> (&str, &str) {
    (
        req.viewer.as_ref().map_or("", |v| v.account_id.as_str()),
        req.session.as_ref().map_or("", |s| s.session_id.as_str()),
    )
}

pub fn request_view(req: &pb::FeedRequest) -> RequestView<'_> {
    let viewer = req.viewer.as_ref().map(|v| ViewerView {
        declared_age: v.declared_age,
        assurance: v
            .age_assurance
            .as_ref()
            .map(|a| crate::engine::AssuranceView {
                band: band_from_pb(a.band),
                estimated_age: a.estimated_age,
                method: method_from_pb(a.method),
                confidence: a.confidence,
            }),
        consent: match pb::ConsentStatus::try_from(v.parental_consent) {
            Ok(pb::ConsentStatus::Granted) => Consent::Granted,
            Ok(pb::ConsentStatus::Denied) => Consent::Denied,
            Ok(pb::ConsentStatus::Pending) => Consent::Pending,
            _ => Consent::Unspecified,
        },
        time_zone: &v.time_zone,
    });
    let mut profile = ProfileFields::empty();
    if let Some(p) = &req.profile {
        let present = [
            (ProfileField::WatchHistory, !p.watch_history.is_empty()),
            (ProfileField::SearchQueries, !p.search_queries.is_empty()),
            (ProfileField::EngagedItems, !p.engaged_item_ids.is_empty()),
            (
                ProfileField::InferredInterests,
                !p.inferred_interests.is_empty(),
            ),
            (ProfileField::Embedding, !p.embedding.is_empty()),
            (ProfileField::AdSegments, !p.ad_segments.is_empty()),
            (ProfileField::SocialGraph, p.social_graph.is_some()),
            (
                ProfileField::ExplicitInterests,
                !p.explicit_interests.is_empty(),
            ),
            (
                ProfileField::FollowedCreators,
                !p.followed_creator_ids.is_empty(),
            ),
        ];
        for (f, here) in present {
            if here {
                profile.insert(f);
            }
        }
    }
    let location = req
        .location
        .as_ref()
        .map_or(LocationView::default(), |l| LocationView {
            precise: l.precise.is_some(),
            region: !l.region.is_empty(),
        });
    let session = req
        .session
        .as_ref()
        .map_or(SessionView::default(), |s| SessionView {
            start_unix_ms: (s.session_start_unix_ms > 0).then_some(s.session_start_unix_ms),
            items_served: s.items_served,
            autoplay: s.autoplay_enabled,
        });
    RequestView {
        viewer,
        profile,
        location,
        session,
        page_size: req.paging.as_ref().map_or(0, |p| p.page_size),
    }
}

pub fn band_to_pb(b: AgeBand) -> i32 {
    (match b {
        AgeBand::Under13 => pb::AgeBand::Under13,
        AgeBand::Teen13To15 => pb::AgeBand::AgeBand1315,
        AgeBand::Teen16To17 => pb::AgeBand::AgeBand1617,
        AgeBand::Adult => pb::AgeBand::Adult,
    }) as i32
}

pub fn band_from_pb(b: i32) -> Option<AgeBand> {
    match pb::AgeBand::try_from(b) {
        Ok(pb::AgeBand::Under13) => Some(AgeBand::Under13),
        Ok(pb::AgeBand::AgeBand1315) => Some(AgeBand::Teen13To15),
        Ok(pb::AgeBand::AgeBand1617) => Some(AgeBand::Teen16To17),
        Ok(pb::AgeBand::Adult) => Some(AgeBand::Adult),
        _ => None,
    }
}

fn method_from_pb(m: i32) -> AssuranceMethod {
    match pb::AssuranceMethod::try_from(m) {
        Ok(pb::AssuranceMethod::SelfDeclaration) => AssuranceMethod::SelfDeclaration,
        Ok(pb::AssuranceMethod::FacialEstimation) => AssuranceMethod::FacialEstimation,
        Ok(pb::AssuranceMethod::IdDocument) => AssuranceMethod::IdDocument,
        Ok(pb::AssuranceMethod::CreditCard) => AssuranceMethod::CreditCard,
        Ok(pb::AssuranceMethod::DigitalId) => AssuranceMethod::DigitalId,
        Ok(pb::AssuranceMethod::Inferred) => AssuranceMethod::Inferred,
        _ => AssuranceMethod::Unspecified,
    }
}

/// Applies a minimisation plan to a decoded request.
pub fn apply_request_plan(req: &mut pb::FeedRequest, plan: &RequestPlan) {
    if let Some(p) = &mut req.profile {
        for f in plan.strip.iter() {
            match f {
                ProfileField::WatchHistory => p.watch_history = Vec::new(),
                ProfileField::SearchQueries => p.search_queries = Vec::new(),
                ProfileField::EngagedItems => p.engaged_item_ids = Vec::new(),
                ProfileField::InferredInterests => p.inferred_interests = Vec::new(),
                ProfileField::Embedding => p.embedding = Vec::new(),
                ProfileField::AdSegments => p.ad_segments = Vec::new(),
                ProfileField::SocialGraph => p.social_graph = None,
                ProfileField::ExplicitInterests => p.explicit_interests = Vec::new(),
                ProfileField::FollowedCreators => p.followed_creator_ids = Vec::new(),
            }
        }
        if plan.strip == ProfileFields::all() {
            req.profile = None;
        }
    }
    if let Some(l) = &mut req.location {
        match plan.location {
            LocationAction::Keep => {}
            LocationAction::Drop => l.precise = None,
            LocationAction::Coarsen(deg) => {
                if let Some(p) = &mut l.precise {
                    p.latitude = (p.latitude / deg).round() * deg;
                    p.longitude = (p.longitude / deg).round() * deg;
                    // One degree of latitude is about 111 km.
                    p.accuracy_m = p.accuracy_m.max((deg * 111_000.0) as f32);
                }
            }
        }
    }
    if plan.disable_autoplay
        && let Some(s) = &mut req.session
    {
        s.autoplay_enabled = false;
    }
    if let Some(size) = plan.page_size {
        req.paging.get_or_insert_with(Default::default).page_size = size;
    }
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/// One item as it sits in the response: its bytes and its view.
#[derive(Debug)]
pub struct RawItem<'a> {
    /// The whole `items` field (key, length, payload).
    pub field: &'a [u8],
    /// The item message.
    pub payload: &'a [u8],
    pub id: &'a str,
}

/// A `FeedResponse`, split. Items are read into views by [`parse_page`]; [`split_page`] leaves
/// `views` empty and item ids unread, for callers that read items through the memo.
#[derive(Debug, Default)]
pub struct ParsedPage<'a> {
    pub items: Vec<RawItem<'a>>,
    pub views: Vec<ItemView<'a>>,
    pub page: PageView,
    /// Fields other than items, in order, with the nudge kind where the field is a nudge.
    rest: Vec<(Field<'a>, Option<NudgeKind>)>,
}

/// Reads one item into its view. Every field the engine reads is validated; the rest is
/// skipped and copied through untouched.
pub fn parse_item(buf: &[u8]) -> Result<(&str, ItemView<'_>), BindError> {
    let mut id = "";
    let mut v = ItemView::default();
    for f in fields(buf) {
        let f = f?;
        match f.number {
            tag::ITEM_ID => id = f.as_str("item.item_id")?,
            tag::ITEM_TITLE => v.title = f.as_str("item.title")?,
            tag::ITEM_CAPTION => v.caption = f.as_str("item.caption")?,
            tag::ITEM_HASHTAGS => v.hashtags.push(f.as_str("item.hashtags")?),
            tag::ITEM_LABELS => {
                let (mut cat, mut conf) = ("", 0.0f32);
                for lf in fields(f.as_message("item.labels")?) {
                    let lf = lf?;
                    match lf.number {
                        tag::LABEL_CATEGORY => cat = lf.as_str("label.category")?,
                        tag::LABEL_CONFIDENCE => conf = lf.as_f32("label.confidence")?,
                        _ => {}
                    }
                }
                v.labels.push((cat, conf));
            }
            tag::ITEM_SCORE => v.score = f.as_f64("item.score")?,
            tag::ITEM_SIGNALS => {
                let (name, value) = parse_signal(f.as_message("item.ranking_signals")?)?;
                v.signals.push((name, value));
            }
            tag::ITEM_SPONSORED => {
                let mut basis = Targeting::Unspecified;
                for sf in fields(f.as_message("item.sponsored")?) {
                    let sf = sf?;
                    if sf.number == tag::SPONSORED_TARGETING {
                        basis = targeting_from_pb(sf.as_varint("sponsored.targeting")?);
                    }
                }
                v.sponsored = Some(basis);
            }
            tag::ITEM_AUTOPLAY => v.autoplay = f.as_varint("item.autoplay")? != 0,
            _ => {}
        }
    }
    Ok((id, v))
}

fn parse_signal(buf: &[u8]) -> Result<(&str, f64), BindError> {
    let (mut name, mut value) = ("", 0.0);
    for sf in fields(buf) {
        let sf = sf?;
        match sf.number {
            tag::SIGNAL_NAME => name = sf.as_str("signal.name")?,
            tag::SIGNAL_VALUE => value = sf.as_f64("signal.value")?,
            _ => {}
        }
    }
    Ok((name, value))
}

/// Unknown targeting values are treated as unspecified: not known to be profiling, so only a
/// policy that drops `unspecified` drops them.
fn targeting_from_pb(v: u64) -> Targeting {
    match i32::try_from(v)
        .ok()
        .and_then(|v| pb::TargetingBasis::try_from(v).ok())
    {
        Some(pb::TargetingBasis::Contextual) => Targeting::Contextual,
        Some(pb::TargetingBasis::Behavioural) => Targeting::Behavioural,
        Some(pb::TargetingBasis::Demographic) => Targeting::Demographic,
        Some(pb::TargetingBasis::Lookalike) => Targeting::Lookalike,
        _ => Targeting::Unspecified,
    }
}

fn nudge_kind(buf: &[u8]) -> Result<NudgeKind, BindError> {
    let mut kind = NudgeKind::Unspecified;
    for f in fields(buf) {
        let f = f?;
        if f.number == tag::NUDGE_KIND {
            kind = match i32::try_from(f.as_varint("nudge.kind")?)
                .ok()
                .and_then(|v| pb::NudgeKind::try_from(v).ok())
            {
                Some(pb::NudgeKind::Notification) => NudgeKind::Notification,
                Some(pb::NudgeKind::Streak) => NudgeKind::Streak,
                Some(pb::NudgeKind::FriendActivity) => NudgeKind::FriendActivity,
                Some(pb::NudgeKind::ComeBack) => NudgeKind::ComeBack,
                _ => NudgeKind::Unspecified,
            };
        }
    }
    Ok(kind)
}

/// Splits a `FeedResponse` into items and page fields, and reads every item into its view.
pub fn parse_page(buf: &[u8]) -> Result<ParsedPage<'_>, BindError> {
    let mut p = split_page(buf)?;
    p.views.reserve(p.items.len());
    for it in &mut p.items {
        let (id, view) = parse_item(it.payload)?;
        it.id = id;
        p.views.push(view);
    }
    Ok(p)
}

/// Splits a `FeedResponse` into items and page fields without reading the items.
pub fn split_page(buf: &[u8]) -> Result<ParsedPage<'_>, BindError> {
    // Room for items of 200 bytes or more: a 100-item page otherwise grows its vector (and
    // copies it) six times.
    let mut p = ParsedPage {
        items: Vec::with_capacity(buf.len() / 200 + 4),
        ..Default::default()
    };
    for f in fields(buf) {
        let f = f?;
        match f.number {
            tag::RESP_ITEMS => {
                let payload = f.as_message("response.items")?;
                p.items.push(RawItem {
                    field: f.raw,
                    payload,
                    id: "",
                });
            }
            tag::RESP_NEXT_PAGE => {
                p.page.has_next_page = !f.as_str("response.next_page_token")?.is_empty();
                p.rest.push((f, None));
            }
            tag::RESP_AUTOPLAY_NEXT => {
                p.page.autoplay_next = f.as_varint("response.autoplay_next")? != 0;
                p.rest.push((f, None));
            }
            tag::RESP_NUDGES => {
                let kind = nudge_kind(f.as_message("response.nudges")?)?;
                p.page.nudges.push(kind);
                p.rest.push((f, Some(kind)));
            }
            // A decision summary is feedguard's to write; one from upstream is dropped so it
            // cannot be mistaken for ours.
            tag::RESP_DECISION => {}
            _ => p.rest.push((f, None)),
        }
    }
    Ok(p)
}

/// An item's payload without the fields the band removes: the signals it strips, and the
/// autoplay flag.
fn rewrite_item(payload: &[u8], facts: &ItemFacts, e: Option<&EngagementPolicy>) -> Vec<u8> {
    let (strip_signals, clear_autoplay) = (facts.signals_stripped > 0, facts.clear_autoplay);
    let mut body = Vec::with_capacity(payload.len());
    for f in fields(payload).flatten() {
        let drop = match f.number {
            tag::ITEM_AUTOPLAY => clear_autoplay,
            tag::ITEM_SIGNALS => {
                strip_signals
                    && e.is_some_and(|e| {
                        parse_signal(f.payload).is_ok_and(|(name, _)| e.strips_signal(name))
                    })
            }
            _ => false,
        };
        if !drop {
            body.extend_from_slice(f.raw);
        }
    }
    body
}

fn notice_pb(n: &Notice) -> pb::ViewerNotice {
    pb::ViewerNotice {
        kind: match n.kind {
            NoticeKind::BreakReminder => pb::NoticeKind::BreakReminder,
            NoticeKind::QuietHours => pb::NoticeKind::QuietHours,
            NoticeKind::ServiceDegraded => pb::NoticeKind::ServiceDegraded,
        } as i32,
        message: n.message.to_string(),
    }
}

/// The decision as it goes on the wire.
pub fn decision_pb(d: &Decision) -> pb::DecisionSummary {
    pb::DecisionSummary {
        policy_id: d.policy_id.to_string(),
        policy_version: d.policy_version.to_string(),
        age_band: d.band.as_str().to_owned(),
        items_in: d.items_in,
        items_out: d.items_out,
        actions: d
            .actions
            .iter()
            .map(|a| pb::DecisionAction {
                rule: a.rule.to_string(),
                action: a.action.to_owned(),
                category: a.category.as_deref().unwrap_or("").to_owned(),
                reference: a.reference.to_string(),
                count: a.count,
            })
            .collect(),
    }
}

/// Writes the decision as field `number` of the enclosing message: the bytes prost would write
/// for [`decision_pb`], without building the message (one string allocation per action, on
/// every child page, showed in the response-stage bench).
fn put_decision(out: &mut Vec<u8>, number: u32, d: &Decision) {
    use prost::encoding::encoded_len_varint as vlen;
    // proto3: empty strings and zeros are not written. Every field number here is below 16,
    // so every key is one byte.
    let str_len = |s: &str| {
        if s.is_empty() {
            0
        } else {
            1 + vlen(s.len() as u64) + s.len()
        }
    };
    let u32_len = |v: u32| if v == 0 { 0 } else { 1 + vlen(u64::from(v)) };
    let action_len = |a: &crate::engine::ActionRecord| {
        str_len(&a.rule)
            + str_len(a.action)
            + str_len(a.category.as_deref().unwrap_or(""))
            + str_len(&a.reference)
            + u32_len(a.count)
    };
    let put_str = |out: &mut Vec<u8>, n: u32, s: &str| {
        if !s.is_empty() {
            put_len_field(out, n, s.as_bytes());
        }
    };
    let put_u32 = |out: &mut Vec<u8>, n: u32, v: u32| {
        if v != 0 {
            wire::put_key(out, n, prost::encoding::WireType::Varint);
            wire::put_varint(out, u64::from(v));
        }
    };
    let body = str_len(&d.policy_id)
        + str_len(&d.policy_version)
        + str_len(d.band.as_str())
        + u32_len(d.items_in)
        + u32_len(d.items_out)
        + d.actions
            .iter()
            .map(|a| {
                let n = action_len(a);
                1 + vlen(n as u64) + n
            })
            .sum::<usize>();
    wire::put_key(out, number, prost::encoding::WireType::LengthDelimited);
    wire::put_varint(out, body as u64);
    put_str(out, 1, &d.policy_id);
    put_str(out, 2, &d.policy_version);
    put_str(out, 3, d.band.as_str());
    put_u32(out, 4, d.items_in);
    put_u32(out, 5, d.items_out);
    for a in &d.actions {
        wire::put_key(out, 6, prost::encoding::WireType::LengthDelimited);
        wire::put_varint(out, action_len(a) as u64);
        put_str(out, 1, &a.rule);
        put_str(out, 2, a.action);
        put_str(out, 3, a.category.as_deref().unwrap_or(""));
        put_str(out, 4, &a.reference);
        put_u32(out, 5, a.count);
    }
}

/// Writes the rewritten `FeedResponse`. `items` are the page's items as the memo holds them:
/// a kept item goes out as its re-encoding when it has one, else as it came.
fn render_page(
    parsed: &ParsedPage<'_>,
    items: &[Entry<'_>],
    plan: &PagePlan,
    decision: Option<&Decision>,
    input_len: usize,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(input_len + 256);
    for &i in &plan.order {
        match &items[i].encoded {
            Some(field) => out.extend_from_slice(field),
            None => out.extend_from_slice(parsed.items[i].field),
        }
    }
    for (f, nudge) in &parsed.rest {
        let drop = match (f.number, nudge) {
            (tag::RESP_AUTOPLAY_NEXT, _) => plan.clear_autoplay_next,
            (_, Some(kind)) => plan.remove_nudges.contains(*kind),
            _ => false,
        };
        if !drop {
            out.extend_from_slice(f.raw);
        }
    }
    for n in &plan.notices {
        put_message(&mut out, tag::RESP_NOTICES, &notice_pb(n));
    }
    if let Some(d) = decision {
        put_decision(&mut out, tag::RESP_DECISION, d);
    }
    out
}

/// The whole response stage for one `FeedResponse`: split, judge, rewrite. Returns the bytes to
/// send and what they add to the session's exposure. An adult page with nothing to change comes
/// back as the same bytes (a reference-counted clone, no copy). The proxy, the embedded layer and
/// replay all call this.
pub fn rewrite_page(
    policy: &Policy,
    ctx: &RequestContext,
    session: &Exposure,
    decision: &mut Decision,
    msg: &Bytes,
) -> Result<(Bytes, Exposure), BindError> {
    rewrite_page_traced(policy, ctx, session, decision, msg, None)
}

/// Receives each input item of a page with its verdict (replay): id, view, verdict.
pub type Trace<'t> = &'t mut dyn FnMut(&str, &ItemView<'_>, &ItemVerdict);

/// [`rewrite_page`], also reporting each input item's verdict into `trace` (replay). Taking the
/// same path with or without a trace is what makes a replay result the proxy's result.
pub fn rewrite_page_traced(
    policy: &Policy,
    ctx: &RequestContext,
    session: &Exposure,
    decision: &mut Decision,
    msg: &Bytes,
    trace: Option<Trace<'_>>,
) -> Result<(Bytes, Exposure), BindError> {
    if !ctx.is_child()
        && policy.adult_failure == crate::policy::AdultFailure::Open
        && policy.is_passthrough(ctx.band)
    {
        // No rule of the band can change anything, and an unreadable response would go out
        // as it came anyway (fail-open): the upstream's bytes go out unread. Fail-closed adults
        // still have every response read, so garbage is refused.
        if let Some(trace) = trace {
            // Replay still wants the item ids; what the proxy does is unchanged.
            trace_unread(msg, trace);
        }
        return Ok((msg.clone(), Exposure::default()));
    }
    let parsed = split_page(msg)?;
    let memo = policy.memo.page();
    let items = read_items(&memo, policy, ctx.band, &parsed.items)?;
    let facts: Vec<&ItemFacts> = items.iter().map(|e| &e.facts).collect();
    let plan =
        crate::engine::filter_page_facts(policy, ctx, session, &facts, &parsed.page, decision);
    if let Some(trace) = trace {
        for (it, v) in parsed.items.iter().zip(&plan.verdicts) {
            // Read a second time for the trace alone; the verdict came from the memo's facts.
            let (id, view) = parse_item(it.payload)?;
            trace(id, &view, v);
        }
    }
    if !ctx.is_child() && plan.is_identity() && !decision.changed_anything() {
        return Ok((msg.clone(), plan.exposure));
    }
    let out = render_page(&parsed, &items, &plan, Some(decision), msg.len());
    Ok((Bytes::from(out), plan.exposure))
}

/// Each item's facts for `band` and its re-encoding, from the policy's memo or read now. An
/// item that cannot be read fails the page, as it always has: the memo only holds items that
/// were read without error.
fn read_items<'m>(
    memo: &'m MemoPage<'_>,
    policy: &Policy,
    band: AgeBand,
    items: &[RawItem<'_>],
) -> Result<Vec<Entry<'m>>, BindError> {
    // Streams send the same field as pages, so one encoding serves both.
    const _: () = assert!(tag::RESP_ITEMS == tag::STREAM_ITEM);
    // Made on the first miss: a page of items seen before needs no judge.
    let mut judge = None;
    let e = policy.band(band).engagement.as_ref();
    let probes: Vec<_> = items
        .iter()
        .map(|it| memo.probe(band, it.payload))
        .collect();
    // Sized up front: collecting through `?` cannot know the length, and the vector grew
    // (and was copied) seven times on a 100-item page.
    let mut out = Vec::with_capacity(items.len());
    for (it, probe) in items.iter().zip(probes) {
        out.push(memo.get_or_read_probed(probe, it.payload, || {
            let (_, view) = parse_item(it.payload)?;
            let judge = judge.get_or_insert_with(|| ItemJudge::new(policy, band));
            let facts = judge.facts(&view);
            // The whole field, so a page is written with one copy per item.
            let encoded = facts.needs_rewrite().then(|| {
                let body = rewrite_item(it.payload, &facts, e);
                let mut field = Vec::with_capacity(body.len() + 6);
                put_len_field(&mut field, tag::RESP_ITEMS, &body);
                field
            });
            Ok::<_, BindError>((facts, encoded))
        })?);
    }
    Ok(out)
}

/// Every item of a page that passes unread is allowed. An item that cannot be read is
/// reported with an empty view: the proxy sent it on as it came.
fn trace_unread(msg: &[u8], trace: Trace<'_>) {
    let keep = ItemVerdict {
        keep: true,
        ..Default::default()
    };
    for f in fields(msg).map_while(Result::ok) {
        if f.number == tag::RESP_ITEMS {
            match parse_item(f.payload) {
                Ok((id, view)) => trace(id, &view, &keep),
                Err(_) => trace("", &ItemView::default(), &keep),
            }
        }
    }
}

/// A response with no items: what a child gets at a session break, or when feedguard fails
/// closed with `safe_empty`.
pub fn empty_page(notice: &Notice, decision: Option<&Decision>) -> Vec<u8> {
    let msg = pb::FeedResponse {
        notices: vec![notice_pb(notice)],
        decision: decision.map(decision_pb),
        ..Default::default()
    };
    msg.encode_to_vec()
}

/// A `StreamFeedResponse`, split. [`parse_stream_message`] also reads the item's id into the
/// raw item; [`split_stream_message`] leaves the item unread.
#[derive(Debug, Default)]
pub struct ParsedStreamMessage<'a> {
    pub item: Option<RawItem<'a>>,
    pub nudges: Vec<NudgeKind>,
    rest: Vec<(Field<'a>, Option<NudgeKind>)>,
}

pub fn parse_stream_message(buf: &[u8]) -> Result<ParsedStreamMessage<'_>, BindError> {
    let mut m = split_stream_message(buf)?;
    if let Some(raw) = &mut m.item {
        raw.id = parse_item(raw.payload)?.0;
    }
    Ok(m)
}

/// Splits a `StreamFeedResponse` without reading its item.
pub fn split_stream_message(buf: &[u8]) -> Result<ParsedStreamMessage<'_>, BindError> {
    let mut m = ParsedStreamMessage::default();
    for f in fields(buf) {
        let f = f?;
        match f.number {
            tag::STREAM_ITEM => {
                let payload = f.as_message("stream.item")?;
                m.item = Some(RawItem {
                    field: f.raw,
                    payload,
                    id: "",
                });
            }
            tag::STREAM_NUDGES => {
                let kind = nudge_kind(f.as_message("stream.nudges")?)?;
                m.nudges.push(kind);
                m.rest.push((f, Some(kind)));
            }
            tag::STREAM_DECISION => {}
            _ => m.rest.push((f, None)),
        }
    }
    Ok(m)
}

/// Writes a streamed message: `item` (the field to send) if given, the nudges not removed,
/// other fields as they came, and feedguard's notices. Returns `None` when nothing is left.
fn render_stream_message(
    m: &ParsedStreamMessage<'_>,
    item: Option<&[u8]>,
    remove_nudges: NudgeSet,
    notices: &[Notice],
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    if let Some(field) = item {
        out.extend_from_slice(field);
    }
    for (f, nudge) in &m.rest {
        if nudge.is_some_and(|k| remove_nudges.contains(k)) {
            continue;
        }
        out.extend_from_slice(f.raw);
    }
    for n in notices {
        put_message(&mut out, tag::STREAM_NOTICES, &notice_pb(n));
    }
    (!out.is_empty()).then_some(out)
}

/// The closing message of a stream: notices and the decision summary.
pub fn stream_closing(notices: &[Notice], decision: &Decision) -> Vec<u8> {
    pb::StreamFeedResponse {
        item: None,
        nudges: Vec::new(),
        notices: notices.iter().map(notice_pb).collect(),
        decision: Some(decision_pb(decision)),
    }
    .encode_to_vec()
}

/// What one upstream stream message becomes.
#[derive(Debug)]
pub struct StreamMessageOut<'a> {
    pub step: crate::engine::StreamStep,
    /// What the message adds to the session's exposure.
    pub delta: Exposure,
    /// Messages to send, in order; `true` marks a downranked item to hold back.
    pub out: Vec<(Vec<u8>, bool)>,
    /// The item (id and view), if the message carried one.
    pub item: Option<(&'a str, ItemView<'a>)>,
}

/// The response stage for one `StreamFeedResponse`. The proxy and replay both call this; the
/// item's facts come from the policy's item memo, as a page's do. `trace` also reads the item
/// into its view for replay's per-item report.
pub fn filter_stream_message<'a>(
    filter: &mut crate::engine::StreamFilter<'_>,
    msg: &'a [u8],
    session: &Exposure,
    now_ms: i64,
    trace: bool,
) -> Result<StreamMessageOut<'a>, BindError> {
    let m = split_stream_message(msg)?;
    let policy = filter.policy();
    let memo = policy.memo.page();
    let entry = match &m.item {
        Some(raw) => read_items(&memo, policy, filter.ctx().band, std::slice::from_ref(raw))?.pop(),
        None => None,
    };
    let mut delta = Exposure::default();
    let facts = entry.as_ref().map(|e| &e.facts);
    let step = filter.step_facts(facts, &m.nudges, session, &mut delta, now_ms);
    // The item as it goes out: re-encoded for the band, or as it came.
    let field = match (&m.item, &entry) {
        (Some(raw), Some(e)) => Some(e.encoded.as_deref().unwrap_or(raw.field)),
        _ => None,
    };
    let mut out = Vec::new();
    if step.end_with.is_none() {
        let keep = step.verdict.is_some_and(|v| v.keep);
        if step.emit_now || step.verdict.is_none() {
            let item = field.filter(|_| keep);
            if let Some(b) = render_stream_message(&m, item, step.remove_nudges, &step.notices) {
                out.push((b, false));
            }
        } else {
            if let (Some(v), Some(field)) = (step.verdict, field)
                && v.keep
                && v.downranked
            {
                out.push((field.to_vec(), true));
            }
            // Whatever else the message carried (nudges, notices) still goes now.
            if let Some(b) = render_stream_message(&m, None, step.remove_nudges, &step.notices) {
                out.push((b, false));
            }
        }
    }
    let item = match (&m.item, trace) {
        (Some(raw), true) => Some(parse_item(raw.payload)?),
        _ => None,
    };
    Ok(StreamMessageOut {
        step,
        delta,
        out,
        item,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// The memo must never change an answer: a page rewritten from remembered items is the page
    /// rewritten from items read afresh, byte for byte, and keeps the items the engine keeps
    /// when it judges their views directly.
    #[test]
    fn remembered_items_give_the_same_page_as_items_read_afresh() {
        let policy = Policy::default_policy();
        let items: Vec<pb::FeedItem> = crate::sample::catalogue()
            .into_iter()
            .take(120)
            .map(|s| s.item)
            .collect();
        let msg = Bytes::from(
            pb::FeedResponse {
                items,
                autoplay_next: true,
                ..Default::default()
            }
            .encode_to_vec(),
        );
        let req = crate::demo::sample_request("memo", Some(14), 5);
        let rd = crate::engine::decide_request(
            &policy,
            &request_view(&req),
            &Exposure::default(),
            1_795_478_400_000 + 12 * 3_600_000,
        );
        let run = || {
            let mut d = rd.decision.clone();
            let (out, exposure) =
                rewrite_page(&policy, &rd.ctx, &Exposure::default(), &mut d, &msg).unwrap();
            (out, exposure, decision_pb(&d))
        };
        let cold = run();
        let warm = run();
        assert_eq!(cold, warm);

        let parsed = parse_page(&msg).unwrap();
        let mut d = rd.decision.clone();
        let plan = crate::engine::filter_page(
            &policy,
            &rd.ctx,
            &Exposure::default(),
            &parsed.views,
            &parsed.page,
            &mut d,
        );
        let by_views: Vec<&str> = plan.order.iter().map(|&i| parsed.items[i].id).collect();
        let out = pb::FeedResponse::decode(&cold.0[..]).unwrap();
        let by_memo: Vec<&str> = out.items.iter().map(|i| i.item_id.as_str()).collect();
        assert!(by_memo.len() < 120 && !by_memo.is_empty());
        assert_eq!(by_memo, by_views);
        assert_eq!(decision_pb(&d), cold.2);
        assert!(out.items.iter().all(|i| !i.autoplay));
    }

    #[test]
    fn the_decision_is_written_as_prost_would_write_it() {
        let arc = |s: &str| -> Arc<str> { Arc::from(s) };
        let mut d = Decision::new(
            arc("uk"),
            arc("2026.1"),
            AgeBand::Teen13To15,
            crate::engine::BandBasis::Signals,
        );
        d.items_in = 300;
        d.items_out = 0;
        d.record(
            &arc("category.self_harm"),
            "block",
            Some(&arc("self_harm")),
            &arc("ref"),
            2,
        );
        d.record(&arc("engagement.signals"), "strip", None, &arc(""), 170);
        d.record(&arc(&"r".repeat(200)), "cap", None, &arc("x"), 1);
        for d in [
            d,
            Decision::new(
                arc(""),
                arc(""),
                AgeBand::Adult,
                crate::engine::BandBasis::Signals,
            ),
        ] {
            let mut ours = Vec::new();
            put_decision(&mut ours, tag::RESP_DECISION, &d);
            let prost = pb::FeedResponse {
                decision: Some(decision_pb(&d)),
                ..Default::default()
            }
            .encode_to_vec();
            assert_eq!(ours, prost);
        }
    }
}
