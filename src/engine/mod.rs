//! The policy engine: pure and synchronous. A request view plus session state goes in, a
//! [`RequestDecision`] (band, minimisation plan, decision record) comes out; item views go in,
//! verdicts come out. The proxy, the tower layer and replay all call these functions, so what
//! replay reports is what the proxy does.
//!
//! Time is an argument (`now_ms`), never read from the clock here.

pub mod age;
pub mod decision;
pub mod memo;
pub mod view;

use std::sync::Arc;

use crate::policy::taxonomy::{MatchSource, Matches, item_text};
use crate::policy::{
    AgeBand, BandPolicy, CategoryAction, LocationAction, NudgeSet, Policy, ProfileField,
    ProfileFields,
};
pub use decision::{ActionRecord, BandBasis, Decision, Notice, NoticeKind};
pub use view::*;

/// Rule ids for the rules that are not categories. Constants, so decisions, metrics and tests
/// agree on the spelling.
pub mod rules {
    pub const AGE_BAND: &str = "age.band";
    pub const PROFILE: &str = "profile.minimise";
    pub const LOCATION: &str = "profile.location";
    pub const CONSENT: &str = "consent.no_personalisation";
    pub const AD_SEGMENTS: &str = "ads.segments";
    pub const AD_SPONSORED: &str = "ads.sponsored";
    pub const SIGNALS: &str = "engagement.signals";
    pub const RERANK: &str = "engagement.rerank";
    pub const AUTOPLAY: &str = "engagement.autoplay";
    pub const PAGE_SIZE: &str = "engagement.page_size";
    pub const NUDGES: &str = "engagement.nudges";
    pub const SESSION_BREAK: &str = "session.break";
    pub const QUIET_HOURS: &str = "quiet_hours";
}

/// The rule id as a shared string. Interned once per id: decisions record rules per item, and
/// an allocation per record showed up in the response-stage bench. The table is built once and
/// then only read, so recording a decision takes no lock.
fn rule(id: &'static str) -> Arc<str> {
    use std::sync::LazyLock;
    // Filled once with every rule id; read without a lock on the request path.
    static INTERNED: LazyLock<Vec<(&'static str, Arc<str>)>> = LazyLock::new(|| {
        use rules::*;
        [
            AGE_BAND,
            PROFILE,
            LOCATION,
            CONSENT,
            AD_SEGMENTS,
            AD_SPONSORED,
            SIGNALS,
            RERANK,
            AUTOPLAY,
            PAGE_SIZE,
            NUDGES,
            SESSION_BREAK,
            QUIET_HOURS,
        ]
        .into_iter()
        .map(|r| (r, Arc::from(r)))
        .collect()
    });
    INTERNED
        .iter()
        .find(|(r, _)| *r == id)
        .map_or_else(|| Arc::from(id), |(_, a)| a.clone())
}

/// Per-session exposure: what a session has been served so far. Kept by the caller (the proxy's
/// session store, or replay's simulation) and handed to the engine as a snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exposure {
    /// When the session was first seen (unix ms); 0 if never.
    pub first_seen_ms: i64,
    pub items_served: u32,
    /// Items served per category id.
    pub by_category: Vec<(Arc<str>, u32)>,
}

impl Exposure {
    pub fn count(&self, category: &str) -> u32 {
        self.by_category
            .iter()
            // A wide-pointer compare: same address and same length.
            .find(|(c, _)| std::ptr::eq(&**c, category) || &**c == category)
            .map_or(0, |(_, n)| *n)
    }

    pub fn add(&mut self, category: &Arc<str>, n: u32) {
        let same = |c: &Arc<str>| Arc::ptr_eq(c, category) || c == category;
        match self.by_category.iter_mut().find(|(c, _)| same(c)) {
            Some((_, count)) => *count += n,
            None => self.by_category.push((category.clone(), n)),
        }
    }

    /// Adds a delta produced by the engine.
    pub fn merge(&mut self, delta: &Exposure) {
        if self.first_seen_ms == 0
            || (delta.first_seen_ms != 0 && delta.first_seen_ms < self.first_seen_ms)
        {
            self.first_seen_ms = delta.first_seen_ms;
        }
        self.items_served += delta.items_served;
        for (c, n) in &delta.by_category {
            self.add(c, *n);
        }
    }
}

/// What the request stage decided, carried to the response stage.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub band: AgeBand,
    pub basis: BandBasis,
    /// The viewer's local time is inside the band's quiet hours.
    pub quiet_hours: bool,
    /// When the session's break falls due (unix ms), if the band has a limit.
    pub break_due_ms: Option<i64>,
}

impl RequestContext {
    pub fn is_child(&self) -> bool {
        self.band.is_child()
    }
}

/// How to rewrite the request before it leaves feedguard.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPlan {
    pub strip: ProfileFields,
    pub location: LocationAction,
    pub disable_autoplay: bool,
    /// The page size to ask for, where the policy caps it.
    pub page_size: Option<u32>,
}

impl RequestPlan {
    pub fn is_identity(&self) -> bool {
        self.strip.is_empty()
            && self.location == LocationAction::Keep
            && !self.disable_autoplay
            && self.page_size.is_none()
    }
}

#[derive(Debug, Clone)]
pub enum RequestOutcome {
    /// Send the (rewritten) request upstream.
    Forward(RequestPlan),
    /// The session has reached its limit: answer with this notice and no items; do not ask the
    /// recommender.
    Break(Notice),
}

#[derive(Debug, Clone)]
pub struct RequestDecision {
    pub ctx: RequestContext,
    pub outcome: RequestOutcome,
    pub decision: Decision,
}

/// The request stage: resolves the band, plans minimisation, checks the session limit and
/// quiet hours.
pub fn decide_request(
    policy: &Policy,
    req: &RequestView<'_>,
    session: &Exposure,
    now_ms: i64,
) -> RequestDecision {
    let (band, basis) = age::resolve_band(policy, req.viewer.as_ref());
    let bp = policy.band(band);
    let mut decision = Decision::new(policy.id.clone(), policy.version.clone(), band, basis);
    if basis != BandBasis::Signals {
        decision.record(
            &rule(rules::AGE_BAND),
            "band",
            None,
            &policy.age.reference,
            1,
        );
    }

    let tz_name = req.viewer.as_ref().map_or("", |v| v.time_zone);
    let quiet_hours = bp
        .quiet_hours
        .as_ref()
        .is_some_and(|q| q.contains(local_minute_of_day(policy, tz_name, now_ms)));

    let start = session_start(req.session.start_unix_ms, session.first_seen_ms, now_ms);
    let break_due_ms = bp
        .session_limit
        .as_ref()
        .map(|l| start.saturating_add(l.break_after_ms));

    let ctx = RequestContext {
        band,
        basis,
        quiet_hours,
        break_due_ms,
    };

    if let (Some(due), Some(limit)) = (break_due_ms, &bp.session_limit)
        && now_ms >= due
    {
        decision.record(
            &rule(rules::SESSION_BREAK),
            "break",
            None,
            &limit.reference,
            1,
        );
        let notice = Notice {
            kind: NoticeKind::BreakReminder,
            message: limit.message.clone(),
        };
        return RequestDecision {
            ctx,
            outcome: RequestOutcome::Break(notice),
            decision,
        };
    }

    let plan = plan_request(policy, bp, band, req, &mut decision);
    RequestDecision {
        ctx,
        outcome: RequestOutcome::Forward(plan),
        decision,
    }
}

/// The earliest credible start of the session: the client's claim if it is in the past, or
/// when feedguard first saw it, whichever is earlier (a client cannot reset its own limit).
fn session_start(client_ms: Option<i64>, first_seen_ms: i64, now_ms: i64) -> i64 {
    let client = client_ms.filter(|&t| t > 0 && t <= now_ms);
    let seen = (first_seen_ms > 0).then_some(first_seen_ms);
    match (client, seen) {
        (Some(c), Some(s)) => c.min(s),
        (Some(c), None) => c,
        (None, Some(s)) => s,
        (None, None) => now_ms,
    }
}

fn local_minute_of_day(policy: &Policy, tz_name: &str, now_ms: i64) -> u16 {
    let tz = if tz_name.is_empty() {
        None
    } else {
        jiff::tz::TimeZone::get(tz_name).ok()
    };
    let tz = tz.as_ref().unwrap_or(&policy.default_time_zone);
    let Ok(ts) = jiff::Timestamp::from_millisecond(now_ms) else {
        return 0;
    };
    let dt = tz.to_datetime(ts);
    (dt.hour() as u16) * 60 + dt.minute() as u16
}

fn plan_request(
    policy: &Policy,
    bp: &BandPolicy,
    band: AgeBand,
    req: &RequestView<'_>,
    decision: &mut Decision,
) -> RequestPlan {
    let mut strip = ProfileFields::empty();
    let mut location = LocationAction::Keep;

    if let Some(p) = &bp.profile {
        let hit = p.strip.intersect(req.profile);
        strip = strip.union(hit);
        decision.record(
            &rule(rules::PROFILE),
            "strip",
            None,
            &p.reference,
            hit.len() as u32,
        );
        if req.location.precise && p.location != LocationAction::Keep {
            location = p.location;
            let action = match p.location {
                LocationAction::Coarsen(_) => "coarsen",
                _ => "drop",
            };
            decision.record(&rule(rules::LOCATION), action, None, &p.reference, 1);
        }
    }
    if let Some(a) = &bp.ads
        && a.strip_segments
        && req.profile.contains(ProfileField::AdSegments)
        && !strip.contains(ProfileField::AdSegments)
    {
        strip.insert(ProfileField::AdSegments);
        decision.record(&rule(rules::AD_SEGMENTS), "strip", None, &a.reference, 1);
    }
    // Under-13s without parental consent get no personalisation at all: every profile field
    // goes, whatever the profile rule kept.
    if let Some(c) = &bp.consent {
        let consented = req
            .viewer
            .as_ref()
            .is_some_and(|v| v.consent == Consent::Granted);
        if c.require_parental_consent && band == AgeBand::Under13 && !consented {
            let rest = ProfileFields::all().intersect(req.profile);
            let newly = rest.difference(strip);
            strip = strip.union(rest);
            decision.record(
                &rule(rules::CONSENT),
                "strip",
                None,
                &c.reference,
                newly.len().max(1) as u32,
            );
            if req.location.precise {
                location = LocationAction::Drop;
            }
        }
    }

    let mut disable_autoplay = false;
    let mut page_size = None;
    if let Some(e) = &bp.engagement {
        if e.disable_autoplay && req.session.autoplay {
            disable_autoplay = true;
            decision.record(&rule(rules::AUTOPLAY), "disable", None, &e.reference, 1);
        }
        if let Some(max) = e.max_page_size
            && (req.page_size == 0 || req.page_size > max)
        {
            page_size = Some(max);
            decision.record(&rule(rules::PAGE_SIZE), "cap", None, &e.reference, 1);
        }
    }
    let _ = policy;
    RequestPlan {
        strip,
        location,
        disable_autoplay,
        page_size,
    }
}

/// The verdict on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemVerdict {
    pub keep: bool,
    pub downranked: bool,
    /// Some of its ranking signals must be removed.
    pub strip_signals: bool,
    /// Its autoplay flag must be cleared.
    pub clear_autoplay: bool,
    /// The category that decided a block, limit or downrank (index into the taxonomy).
    pub category: Option<usize>,
    /// Why the item was removed or demoted; `Allow` when it goes out as it came.
    pub reason: VerdictReason,
    /// What put the item in `category`: an upstream label or its text.
    pub source: Option<MatchSource>,
}

/// Why an item was removed or demoted. Replay reports it per item; the proxy needs only `keep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerdictReason {
    #[default]
    Allow,
    /// In a category the band blocks.
    Block,
    /// In a limited category that had reached its per-page or per-session cap.
    Limit,
    /// Kept, but moved after every other kept item.
    Downrank,
    /// A sponsored item targeted in a way the band forbids.
    AdDropped,
    /// Cut by the band's page-size cap.
    PageCap,
}

impl VerdictReason {
    pub fn action(self) -> &'static str {
        match self {
            VerdictReason::Allow => "allow",
            VerdictReason::Block => "block",
            VerdictReason::Limit => "limit",
            VerdictReason::Downrank => "downrank",
            VerdictReason::AdDropped => "drop",
            VerdictReason::PageCap => "cap",
        }
    }
}

impl ItemVerdict {
    pub fn needs_rewrite(&self) -> bool {
        self.strip_signals || self.clear_autoplay
    }
}

/// What judging needs of one item, read from its view alone: a pure function of the item, the
/// policy and the band. Page and session caps are applied afterwards, by
/// [`ItemJudge::judge_facts`]. Because nothing else goes in, a binding may remember facts by the
/// item's encoded bytes ([`memo::FactsMemo`]) and skip reading an item it has seen before.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemFacts {
    /// Sponsored, and targeted in a way the band forbids.
    pub ad_dropped: bool,
    /// Every category the item is in. Empty when the band allows every category, or when the
    /// item is a dropped ad (it goes whatever its content).
    pub matches: Matches,
    /// How many of its ranking signals the band strips.
    pub signals_stripped: u32,
    /// It autoplays and the band disables autoplay.
    pub clear_autoplay: bool,
    /// Its value of the signal the band re-ranks by, if the band re-ranks and the item has it.
    pub rank_key: Option<f64>,
}

impl ItemFacts {
    /// A kept item must be re-encoded (a field removed) rather than copied through.
    pub fn needs_rewrite(&self) -> bool {
        self.signals_stripped > 0 || self.clear_autoplay
    }
}

/// Per-item judging, shared by pages and streams. Holds the scratch buffer for item text so a
/// page reuses one allocation.
pub struct ItemJudge<'p> {
    policy: &'p Policy,
    band: AgeBand,
    /// Every category is `allow` for this band: classification cannot change a verdict.
    all_allow: bool,
    bp: &'p BandPolicy,
    text: String,
    /// Items kept per category in the current page (or stream window).
    page_counts: Vec<u32>,
    /// The rule ids recorded per item, looked up once per page rather than once per item.
    rule_ads: Arc<str>,
    rule_signals: Arc<str>,
    rule_autoplay: Arc<str>,
    /// Where the per-item records sit in the decision (see [`Decision::record_hinted`]).
    hint_ads: usize,
    hint_signals: usize,
    hint_autoplay: usize,
    /// Per category: block, limit, downrank.
    hint_category: Vec<[usize; 3]>,
}

impl<'p> ItemJudge<'p> {
    pub fn new(policy: &'p Policy, band: AgeBand) -> Self {
        Self {
            policy,
            band,
            all_allow: policy
                .taxonomy
                .categories()
                .iter()
                .all(|c| *c.actions.get(band) == CategoryAction::Allow),
            bp: policy.band(band),
            text: String::new(),
            page_counts: vec![0; policy.taxonomy.categories().len()],
            rule_ads: rule(rules::AD_SPONSORED),
            rule_signals: rule(rules::SIGNALS),
            rule_autoplay: rule(rules::AUTOPLAY),
            hint_ads: usize::MAX,
            hint_signals: usize::MAX,
            hint_autoplay: usize::MAX,
            hint_category: vec![[usize::MAX; 3]; policy.taxonomy.categories().len()],
        }
    }

    /// Starts a new page for the per-page caps.
    pub fn new_page(&mut self) {
        self.page_counts.iter_mut().for_each(|c| *c = 0);
    }

    /// Reads what judging needs of one item for this judge's band.
    pub fn facts(&mut self, item: &ItemView<'_>) -> ItemFacts {
        let mut f = ItemFacts::default();
        if let (Some(basis), Some(ads)) = (item.sponsored, &self.bp.ads)
            && ads.drop_targeting.contains(basis)
        {
            f.ad_dropped = true;
            return f;
        }
        if !self.all_allow {
            item_text(item.title, item.caption, &item.hashtags, &mut self.text);
            f.matches = self
                .policy
                .taxonomy
                .classify_cached(&item.labels, &self.text);
        }
        if let Some(e) = &self.bp.engagement {
            f.signals_stripped = item
                .signals
                .iter()
                .filter(|(n, _)| e.strips_signal(n))
                .count() as u32;
            f.clear_autoplay = e.disable_autoplay && item.autoplay;
            if let Some(signal) = e.rank_by_signal.as_deref() {
                f.rank_key = item
                    .signals
                    .iter()
                    .find(|(n, _)| *n == signal)
                    .map(|(_, v)| *v);
            }
        }
        f
    }

    /// Judges one item on its facts (read by [`ItemJudge::facts`], perhaps remembered from an
    /// earlier call). `session` is the exposure before this item (snapshot plus what this call
    /// has already served); `delta` receives what keeping the item adds.
    pub fn judge_facts(
        &mut self,
        facts: &ItemFacts,
        session: &Exposure,
        delta: &mut Exposure,
        decision: &mut Decision,
    ) -> ItemVerdict {
        let tax = &self.policy.taxonomy;
        decision.items_in += 1;

        if facts.ad_dropped
            && let Some(ads) = &self.bp.ads
        {
            let h = &mut self.hint_ads;
            decision.record_hinted(h, &self.rule_ads, "drop", None, &ads.reference, 1);
            return ItemVerdict {
                reason: VerdictReason::AdDropped,
                ..Default::default()
            };
        }
        let matches = &facts.matches;

        // The most severe action over every category the item is in decides.
        let mut worst: Option<(usize, CategoryAction, MatchSource)> = None;
        for &(cat, source) in &matches.hits {
            let action = *tax.category(cat).actions.get(self.band);
            if worst.is_none_or(|(_, w, _)| action.severity() > w.severity()) {
                worst = Some((cat, action, source));
            }
        }
        let mut verdict = ItemVerdict {
            keep: true,
            ..Default::default()
        };
        if let Some((cat, action, source)) = worst {
            let c = tax.category(cat);
            match action {
                CategoryAction::Block => {
                    let h = &mut self.hint_category[cat][0];
                    decision.record_hinted(h, &c.rule_id, "block", Some(&c.id), &c.reference, 1);
                    verdict.keep = false;
                    verdict.category = Some(cat);
                    verdict.reason = VerdictReason::Block;
                    verdict.source = Some(source);
                    return verdict;
                }
                CategoryAction::Limit { .. } | CategoryAction::Downrank | CategoryAction::Allow => {
                }
            }
            // Every limited category the item is in must have room; the item counts against all.
            for &(lc, lsource) in &matches.hits {
                let lcat = tax.category(lc);
                if let CategoryAction::Limit {
                    per_page,
                    per_session,
                } = *lcat.actions.get(self.band)
                {
                    let served = session.count(&lcat.id) + delta.count(&lcat.id);
                    if self.page_counts[lc] >= per_page || served >= per_session {
                        let h = &mut self.hint_category[lc][1];
                        let (r, id) = (&lcat.rule_id, Some(&lcat.id));
                        decision.record_hinted(h, r, "limit", id, &lcat.reference, 1);
                        verdict.keep = false;
                        verdict.category = Some(lc);
                        verdict.reason = VerdictReason::Limit;
                        verdict.source = Some(lsource);
                        return verdict;
                    }
                }
            }
            if action == CategoryAction::Downrank {
                let h = &mut self.hint_category[cat][2];
                decision.record_hinted(h, &c.rule_id, "downrank", Some(&c.id), &c.reference, 1);
                verdict.downranked = true;
                verdict.category = Some(cat);
                verdict.reason = VerdictReason::Downrank;
                verdict.source = Some(source);
            }
        }

        // Kept: count it against its categories.
        for &(cat, _) in &matches.hits {
            self.page_counts[cat] += 1;
            delta.add(&tax.category(cat).id, 1);
        }
        delta.items_served += 1;

        if let Some(e) = &self.bp.engagement {
            if facts.signals_stripped > 0 {
                verdict.strip_signals = true;
                let n = facts.signals_stripped;
                let (r, h) = (&self.rule_signals, &mut self.hint_signals);
                decision.record_hinted(h, r, "strip", None, &e.reference, n);
            }
            if facts.clear_autoplay {
                verdict.clear_autoplay = true;
                let (r, h) = (&self.rule_autoplay, &mut self.hint_autoplay);
                decision.record_hinted(h, r, "disable", None, &e.reference, 1);
            }
        }
        verdict
    }
}

/// How to rewrite one page of a response.
#[derive(Debug, Clone, Default)]
pub struct PagePlan {
    /// Per input item.
    pub verdicts: Vec<ItemVerdict>,
    /// Indexes of the kept items, in output order.
    pub order: Vec<usize>,
    pub clear_autoplay_next: bool,
    pub remove_nudges: NudgeSet,
    pub notices: Vec<Notice>,
    /// What keeping these items adds to the session's exposure.
    pub exposure: Exposure,
}

impl PagePlan {
    /// True when the page goes out exactly as it came in.
    pub fn is_identity(&self) -> bool {
        self.order.len() == self.verdicts.len()
            && self.order.iter().enumerate().all(|(i, &o)| i == o)
            && self.verdicts.iter().all(|v| !v.needs_rewrite())
            && !self.clear_autoplay_next
            && self.remove_nudges.is_empty()
            && self.notices.is_empty()
    }
}

/// The response stage for a page.
pub fn filter_page(
    policy: &Policy,
    ctx: &RequestContext,
    session: &Exposure,
    items: &[ItemView<'_>],
    page: &PageView,
    decision: &mut Decision,
) -> PagePlan {
    let mut judge = ItemJudge::new(policy, ctx.band);
    let facts: Vec<ItemFacts> = items.iter().map(|i| judge.facts(i)).collect();
    let facts: Vec<&ItemFacts> = facts.iter().collect();
    filter_page_facts(policy, ctx, session, &facts, page, decision)
}

/// [`filter_page`] on the items' facts, read with [`ItemJudge::facts`] for `ctx.band` or
/// remembered from an earlier call.
pub fn filter_page_facts(
    policy: &Policy,
    ctx: &RequestContext,
    session: &Exposure,
    items: &[&ItemFacts],
    page: &PageView,
    decision: &mut Decision,
) -> PagePlan {
    let bp = policy.band(ctx.band);
    let mut judge = ItemJudge::new(policy, ctx.band);
    let mut plan = PagePlan {
        verdicts: Vec::with_capacity(items.len()),
        ..Default::default()
    };
    for item in items {
        let v = judge.judge_facts(item, session, &mut plan.exposure, decision);
        plan.verdicts.push(v);
    }

    // Sized up front: a filtered collect grows from nothing.
    let mut kept: Vec<usize> = Vec::with_capacity(items.len());
    kept.extend((0..items.len()).filter(|&i| plan.verdicts[i].keep));
    if let Some(e) = &bp.engagement
        && e.rank_by_signal.is_some()
    {
        // Highest signal first; items without the signal after every item with it. Ties keep
        // their upstream order: the index breaks them, so an unstable sort gives the stable
        // order. Keys are read once into one integer each, that sorts as (has the signal,
        // signal descending, index) would.
        let mut keyed: Vec<u128> = kept
            .iter()
            .map(|&i| {
                let (missing, key) = match items[i].rank_key {
                    Some(v) => (0u128, !total_order_bits(v)),
                    None => (1, u64::MAX),
                };
                missing << 96 | u128::from(key) << 32 | i as u128
            })
            .collect();
        keyed.sort_unstable();
        let mut moved = 0;
        for (k, &key) in kept.iter_mut().zip(&keyed) {
            let i = key as u32 as usize;
            moved += u32::from(*k != i);
            *k = i;
        }
        decision.record(&rule(rules::RERANK), "reorder", None, &e.reference, moved);
    }
    // Downranked items go after every other kept item, in their relative order.
    if kept.iter().any(|&i| plan.verdicts[i].downranked) {
        let (mut up, down): (Vec<usize>, Vec<usize>) =
            kept.iter().partition(|&&i| !plan.verdicts[i].downranked);
        up.extend(down);
        kept = up;
    }
    if let Some(max) = bp.engagement.as_ref().and_then(|e| e.max_page_size)
        && kept.len() > max as usize
    {
        let e = bp
            .engagement
            .as_ref()
            .map(|e| e.reference.clone())
            .unwrap_or_else(|| rule(""));
        let cut = kept.split_off(max as usize);
        for &i in &cut {
            plan.verdicts[i].keep = false;
            plan.verdicts[i].reason = VerdictReason::PageCap;
            // Truncated items were counted as served; take them back out.
            undo_exposure(policy, &items[i].matches, &mut plan.exposure);
        }
        decision.record(&rule(rules::PAGE_SIZE), "cap", None, &e, cut.len() as u32);
    }
    decision.items_out += kept.len() as u32;
    plan.order = kept;

    if let Some(e) = &bp.engagement
        && e.disable_autoplay
        && page.autoplay_next
    {
        plan.clear_autoplay_next = true;
        decision.record(&rule(rules::AUTOPLAY), "disable", None, &e.reference, 1);
    }
    apply_nudges_and_notices(
        bp,
        ctx,
        &page.nudges,
        &mut plan.remove_nudges,
        &mut plan.notices,
        decision,
    );
    plan
}

/// `v`'s bits as an integer that orders as `f64::total_cmp` orders the values.
fn total_order_bits(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

fn undo_exposure(policy: &Policy, m: &Matches, exposure: &mut Exposure) {
    for &(cat, _) in &m.hits {
        let id = &policy.taxonomy.category(cat).id;
        if let Some((_, n)) = exposure.by_category.iter_mut().find(|(c, _)| c == id) {
            *n = n.saturating_sub(1);
        }
    }
    exposure.items_served = exposure.items_served.saturating_sub(1);
}

fn apply_nudges_and_notices(
    bp: &BandPolicy,
    ctx: &RequestContext,
    nudges: &[crate::policy::NudgeKind],
    remove: &mut NudgeSet,
    notices: &mut Vec<Notice>,
    decision: &mut Decision,
) {
    if let Some(e) = &bp.engagement {
        let n = nudges
            .iter()
            .filter(|k| e.remove_nudges.contains(**k))
            .count() as u32;
        if n > 0 {
            *remove = remove.union(e.remove_nudges);
            decision.record(&rule(rules::NUDGES), "remove", None, &e.reference, n);
        }
    }
    if ctx.quiet_hours
        && let Some(q) = &bp.quiet_hours
    {
        // Quiet hours silence every nudge, whatever the engagement rule keeps.
        let n = nudges.iter().filter(|k| !remove.contains(**k)).count() as u32;
        *remove = NudgeSet::all();
        decision.record(&rule(rules::QUIET_HOURS), "remove", None, &q.reference, n);
        decision.record(&rule(rules::QUIET_HOURS), "notice", None, &q.reference, 1);
        notices.push(Notice {
            kind: NoticeKind::QuietHours,
            message: q.message.clone(),
        });
    }
}

/// What to do with one message of a stream.
#[derive(Debug, Clone, Default)]
pub struct StreamStep {
    /// Item verdict, if the message carried an item.
    pub verdict: Option<ItemVerdict>,
    /// Emit the message's item now (false when blocked, or held back because downranked).
    pub emit_now: bool,
    pub remove_nudges: NudgeSet,
    /// Notices to attach to this message.
    pub notices: Vec<Notice>,
    /// The session reached its limit: send the break notice and end the stream.
    pub end_with: Option<Notice>,
}

/// The response stage for a stream: one item at a time, with state across messages.
pub struct StreamFilter<'p> {
    judge: ItemJudge<'p>,
    policy: &'p Policy,
    ctx: RequestContext,
    window: u32,
    emitted_in_window: u32,
    quiet_notice_sent: bool,
    pub decision: Decision,
}

impl<'p> StreamFilter<'p> {
    pub fn new(policy: &'p Policy, ctx: RequestContext, decision: Decision) -> Self {
        let window = policy
            .band(ctx.band)
            .engagement
            .as_ref()
            .and_then(|e| e.max_page_size)
            .unwrap_or(20);
        Self {
            judge: ItemJudge::new(policy, ctx.band),
            policy,
            ctx,
            window,
            emitted_in_window: 0,
            quiet_notice_sent: false,
            decision,
        }
    }

    /// Judges one streamed message. `session` is the stored exposure plus what this stream has
    /// added so far; `delta` receives what this message adds.
    pub fn step(
        &mut self,
        item: Option<&ItemView<'_>>,
        nudges: &[crate::policy::NudgeKind],
        session: &Exposure,
        delta: &mut Exposure,
        now_ms: i64,
    ) -> StreamStep {
        let facts = item.map(|i| self.judge.facts(i));
        self.step_facts(facts.as_ref(), nudges, session, delta, now_ms)
    }

    /// [`StreamFilter::step`] on the item's facts, read for this stream's band or remembered.
    pub fn step_facts(
        &mut self,
        item: Option<&ItemFacts>,
        nudges: &[crate::policy::NudgeKind],
        session: &Exposure,
        delta: &mut Exposure,
        now_ms: i64,
    ) -> StreamStep {
        let bp = self.policy.band(self.ctx.band);
        let mut step = StreamStep::default();
        if let (Some(due), Some(limit)) = (self.ctx.break_due_ms, &bp.session_limit)
            && now_ms >= due
        {
            self.decision.record(
                &rule(rules::SESSION_BREAK),
                "break",
                None,
                &limit.reference,
                1,
            );
            step.end_with = Some(Notice {
                kind: NoticeKind::BreakReminder,
                message: limit.message.clone(),
            });
            return step;
        }
        if let Some(item) = item {
            // Per-page caps apply per window of `max_page_size` delivered items.
            if self.emitted_in_window >= self.window {
                self.judge.new_page();
                self.emitted_in_window = 0;
            }
            let v = self
                .judge
                .judge_facts(item, session, delta, &mut self.decision);
            if v.keep {
                self.emitted_in_window += 1;
                self.decision.items_out += 1;
            }
            step.emit_now = v.keep && !v.downranked;
            step.verdict = Some(v);
        }
        // Quiet hours: the notice goes out once per stream; nudges are silenced throughout.
        let mut ctx = self.ctx.clone();
        ctx.quiet_hours &= !self.quiet_notice_sent;
        apply_nudges_and_notices(
            bp,
            &ctx,
            nudges,
            &mut step.remove_nudges,
            &mut step.notices,
            &mut self.decision,
        );
        if self.ctx.quiet_hours && bp.quiet_hours.is_some() {
            step.remove_nudges = NudgeSet::all();
            self.quiet_notice_sent = true;
        }
        step
    }

    pub fn ctx(&self) -> &RequestContext {
        &self.ctx
    }

    pub fn policy(&self) -> &'p Policy {
        self.policy
    }
}

/// Why an item would be removed or demoted for a band, judged on the item alone (no page or
/// session caps): used to explain decisions item by item (`demo`, `classify`).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemExplanation {
    pub action: &'static str,
    pub rule: Arc<str>,
    pub category: Option<Arc<str>>,
    pub reference: Arc<str>,
}

pub fn explain_item(
    policy: &Policy,
    band: AgeBand,
    item: &ItemView<'_>,
) -> Option<ItemExplanation> {
    let bp = policy.band(band);
    if let (Some(basis), Some(ads)) = (item.sponsored, &bp.ads)
        && ads.drop_targeting.contains(basis)
    {
        return Some(ItemExplanation {
            action: "drop",
            rule: rule(rules::AD_SPONSORED),
            category: None,
            reference: ads.reference.clone(),
        });
    }
    let mut text = String::new();
    item_text(item.title, item.caption, &item.hashtags, &mut text);
    let m = policy.taxonomy.classify(item.labels.iter().copied(), &text);
    let tax = &policy.taxonomy;
    m.hits
        .iter()
        .map(|(c, _)| (tax.category(*c), *tax.category(*c).actions.get(band)))
        .filter(|(_, a)| *a != CategoryAction::Allow)
        .max_by_key(|(_, a)| a.severity())
        .map(|(c, a)| ItemExplanation {
            action: a.name(),
            rule: c.rule_id.clone(),
            category: Some(c.id.clone()),
            reference: c.reference.clone(),
        })
}

#[cfg(test)]
mod tests;
