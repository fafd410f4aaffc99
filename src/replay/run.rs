//! Replays exchanges through the engine, exactly as the proxy runs them: the same request
//! stage (`engine::decide_request`, `canonical::apply_request_plan`), the same response stage
//! (`canonical::rewrite_page` / `canonical::filter_stream_message`), and session state kept in
//! the same [`SessionStore`], advanced by the recorded timestamps instead of a clock.
//!
//! Synchronous and free of I/O: the command reads the inputs and feeds exchanges in; what comes
//! out is one [`ExchangeOutcome`] each, which [`super::report`] aggregates.

use std::sync::Arc;

use crate::audit::IdHasher;
use crate::binding::canonical;
use crate::engine::{
    self, Decision, Exposure, ItemVerdict, ItemView, RequestOutcome, VerdictReason,
};
use crate::policy::taxonomy::{MatchSource, item_text};
use crate::policy::{AgeBand, CategoryAction, Policy, ProfileField, Targeting};
use crate::session::{SessionKey, SessionStore};

use super::format::{Exchange, Method};

/// The replay of one exchange.
#[derive(Debug, Clone)]
pub struct ExchangeOutcome {
    pub band: AgeBand,
    pub method: Method,
    pub timestamp_ms: i64,
    pub session: SessionKey,
    /// "ok", "break" (the session break answered it), "no_response" (the recording has no
    /// response to filter: the recording proxy answered with a break, this policy would not
    /// have), "unreadable" (the proxy would have failed closed), or "served_unread" (an adult
    /// band that fails open got the unreadable response as it was).
    pub outcome: &'static str,
    /// Why the response could not be read, for "unreadable".
    pub error: Option<String>,
    pub decision: Decision,
    pub items: Vec<ItemOutcome>,
    /// Behavioural-profile fields still in the request after minimisation.
    pub forwarded_profile: Vec<ProfileField>,
    pub forwarded_precise_location: bool,
    /// `Some(true)` when the recording carries a decision of the same policy version and this
    /// replay reproduced it exactly.
    pub reproduces: Option<bool>,
    /// The session's exposure after this exchange.
    pub exposure_after: Exposure,
    /// The session had no state before this exchange (new, or expired).
    pub new_session: bool,
}

/// One input item's verdict.
#[derive(Debug, Clone)]
pub struct ItemOutcome {
    pub item_id: String,
    pub verdict: ItemVerdict,
    /// "allow", "block", "limit", "downrank", "drop" (an ad), "cap" (page size) or "break".
    pub action: &'static str,
    /// Categories the item is in on any evidence: every upstream label whatever its
    /// confidence, and its text. Computed for kept items of child bands only (the
    /// child-exposure check), empty otherwise.
    pub evidence: Vec<usize>,
    pub sponsored: Option<Targeting>,
}

impl ItemOutcome {
    pub fn kept(&self) -> bool {
        self.verdict.keep && self.action != "break"
    }
}

/// Fields the brief calls behavioural: inferred from what the viewer did. Interests the
/// viewer chose and creators they follow are not.
pub const BEHAVIOURAL: [ProfileField; 7] = [
    ProfileField::WatchHistory,
    ProfileField::SearchQueries,
    ProfileField::EngagedItems,
    ProfileField::InferredInterests,
    ProfileField::Embedding,
    ProfileField::AdSegments,
    ProfileField::SocialGraph,
];

/// A replay in progress over one policy.
pub struct Replayer {
    policy: Arc<Policy>,
    sessions: SessionStore,
    hasher: IdHasher,
    text: String,
}

impl Replayer {
    pub fn new(policy: Arc<Policy>) -> Self {
        Self {
            sessions: SessionStore::new(policy.session_ttl_seconds, policy.session_max_entries),
            policy,
            // Replay keys sessions by the ids in the input (already hashed in a recording);
            // the key only has to be stable for the run.
            hasher: IdHasher::new(b"feedguard-replay-session-key").expect("a 28-byte key"),
            text: String::new(),
        }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Replays one exchange at its timestamp (`now_ms`).
    pub fn exchange(&mut self, ex: &Exchange, now_ms: i64) -> Result<ExchangeOutcome, String> {
        let policy = self.policy.clone();
        let mut req =
            canonical::decode_request(&ex.request).map_err(|e| format!("request: {e}"))?;
        let (account, session_id) = canonical::session_identity(&req);
        let key = self.hasher.session_key(account, session_id);
        let snapshot = self.sessions.snapshot(&key, now_ms);
        let rd = engine::decide_request(&policy, &canonical::request_view(&req), &snapshot, now_ms);
        let band = rd.ctx.band;
        let mut out = ExchangeOutcome {
            band,
            method: ex.method,
            timestamp_ms: now_ms,
            session: key,
            outcome: "ok",
            error: None,
            decision: rd.decision,
            items: Vec::new(),
            forwarded_profile: Vec::new(),
            forwarded_precise_location: false,
            reproduces: None,
            exposure_after: Exposure::default(),
            new_session: snapshot.first_seen_ms == 0,
        };
        let plan = match rd.outcome {
            RequestOutcome::Break(_) => {
                self.sessions.record(key, &Exposure::default(), now_ms);
                out.outcome = "break";
                // What the recommender would have sent is never fetched.
                for id in recorded_item_ids(ex) {
                    out.items.push(ItemOutcome {
                        item_id: id,
                        verdict: ItemVerdict::default(),
                        action: "break",
                        evidence: Vec::new(),
                        sponsored: None,
                    });
                }
                out.exposure_after = self.sessions.snapshot(&key, now_ms);
                self.check_reproduced(ex, &mut out);
                return Ok(out);
            }
            RequestOutcome::Forward(plan) => plan,
        };
        canonical::apply_request_plan(&mut req, &plan);
        let fwd = canonical::request_view(&req);
        out.forwarded_profile = BEHAVIOURAL
            .into_iter()
            .filter(|f| fwd.profile.contains(*f))
            .collect();
        // A coarsened location keeps its field but not its precision: under a kilometre is
        // what counts as precise (the sample recommender reads it the same way).
        out.forwarded_precise_location = fwd.location.precise
            && req
                .location
                .as_ref()
                .and_then(|l| l.precise.as_ref())
                .is_some_and(|p| p.accuracy_m < 1000.0);

        let child = band.is_child();
        let fails_open = !child && policy.adult_failure == crate::policy::AdultFailure::Open;
        let mut items = Vec::new();
        let text = &mut self.text;
        let mut trace = |id: &str, view: &ItemView<'_>, v: &ItemVerdict| {
            let evidence = if child && v.keep {
                evidence_of(&policy, view, text)
            } else {
                Vec::new()
            };
            items.push(ItemOutcome {
                item_id: id.to_owned(),
                verdict: *v,
                action: v.reason.action(),
                evidence,
                sponsored: view.sponsored,
            });
        };
        match ex.method {
            Method::GetFeed => match &ex.response {
                None => out.outcome = "no_response",
                Some(resp) => match canonical::rewrite_page_traced(
                    &policy,
                    &rd.ctx,
                    &snapshot,
                    &mut out.decision,
                    resp,
                    Some(&mut trace),
                ) {
                    Ok((_, exposure)) => self.sessions.record(key, &exposure, now_ms),
                    Err(e) => {
                        out.outcome = if fails_open {
                            "served_unread"
                        } else {
                            "unreadable"
                        };
                        out.error = Some(format!("response: {e}"));
                    }
                },
            },
            Method::StreamFeed => {
                if ex.stream.is_empty() && ex.outcome == "break" {
                    out.outcome = "no_response";
                }
                let mut filter =
                    engine::StreamFilter::new(&policy, rd.ctx.clone(), out.decision.clone());
                let mut session = snapshot.clone();
                for (i, msg) in ex.stream.iter().enumerate() {
                    let at = now_ms.saturating_add(i64::from(
                        ex.stream_offsets_ms.get(i).copied().unwrap_or(0),
                    ));
                    match canonical::filter_stream_message(&mut filter, msg, &session, at, true) {
                        Ok(o) => {
                            if let (Some((id, view)), Some(v)) = (&o.item, &o.step.verdict) {
                                trace(id, view, v);
                            }
                            session.merge(&o.delta);
                            self.sessions.record(key, &o.delta, at);
                            if o.step.end_with.is_some() {
                                out.outcome = "break";
                                break;
                            }
                        }
                        Err(e) => {
                            out.error = Some(format!("stream message {}: {e}", i + 1));
                            if fails_open {
                                // The proxy sends it on as it came and reads the next one.
                                out.outcome = "served_unread";
                                continue;
                            }
                            out.outcome = "unreadable";
                            break;
                        }
                    }
                }
                out.decision = filter.decision;
            }
        }
        out.items = items;
        out.exposure_after = self.sessions.snapshot(&key, now_ms);
        self.check_reproduced(ex, &mut out);
        Ok(out)
    }

    fn check_reproduced(&self, ex: &Exchange, out: &mut ExchangeOutcome) {
        // A stream cut short by the recorder was decided on messages replay does not have.
        if ex.truncated {
            return;
        }
        if let Some(rec) = &ex.decision
            && rec.policy_id == *self.policy.id
            && rec.policy_version == *self.policy.version
        {
            out.reproduces = Some(*rec == canonical::decision_pb(&out.decision));
        }
    }

    /// Whether a category is blocked for a band under this policy.
    pub fn blocks(&self, category: &str, band: AgeBand) -> bool {
        self.policy.taxonomy.index_of(category).is_some_and(|c| {
            *self.policy.taxonomy.category(c).actions.get(band) == CategoryAction::Block
        })
    }
}

/// Every category an item is in, counting labels of any confidence.
fn evidence_of(policy: &Policy, view: &ItemView<'_>, text: &mut String) -> Vec<usize> {
    item_text(view.title, view.caption, &view.hashtags, text);
    policy
        .taxonomy
        .classify(view.labels.iter().map(|(c, _)| (*c, 1.0)), text)
        .hits
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// The ids of the items a recording holds (for an exchange this policy answers with a break).
fn recorded_item_ids(ex: &Exchange) -> Vec<String> {
    let mut ids = Vec::new();
    let mut push = |id: &str, _: &ItemView<'_>, _: &ItemVerdict| ids.push(id.to_owned());
    match (&ex.response, ex.method) {
        (Some(r), Method::GetFeed) => {
            if let Ok(p) = canonical::parse_page(r) {
                for it in &p.items {
                    push(it.id, &ItemView::default(), &ItemVerdict::default());
                }
            }
        }
        _ => {
            for m in &ex.stream {
                if let Ok(p) = canonical::parse_stream_message(m)
                    && let Some(raw) = &p.item
                {
                    push(raw.id, &ItemView::default(), &ItemVerdict::default());
                }
            }
        }
    }
    ids
}

/// (rule, reference, category id, source) of an item verdict.
pub type VerdictRule = (
    Option<Arc<str>>,
    Option<Arc<str>>,
    Option<Arc<str>>,
    Option<&'static str>,
);

/// How an item verdict reads in reports: (rule, reference, category id, source).
pub fn verdict_rule(policy: &Policy, band: AgeBand, item: &ItemOutcome) -> VerdictRule {
    let v = &item.verdict;
    let source = v.source.map(|s| match s {
        MatchSource::Label => "label",
        MatchSource::Text => "text",
    });
    let bp = policy.band(band);
    match (item.action, v.reason, v.category) {
        ("break", _, _) => (
            Some(engine::rules::SESSION_BREAK.into()),
            bp.session_limit.as_ref().map(|l| l.reference.clone()),
            None,
            None,
        ),
        (_, VerdictReason::AdDropped, _) => (
            Some(engine::rules::AD_SPONSORED.into()),
            bp.ads.as_ref().map(|a| a.reference.clone()),
            None,
            None,
        ),
        (_, VerdictReason::PageCap, _) => (
            Some(engine::rules::PAGE_SIZE.into()),
            bp.engagement.as_ref().map(|e| e.reference.clone()),
            None,
            None,
        ),
        (_, VerdictReason::Allow, _) | (_, _, None) => (None, None, None, None),
        (_, _, Some(c)) => {
            let c = policy.taxonomy.category(c);
            (
                Some(c.rule_id.clone()),
                Some(c.reference.clone()),
                Some(c.id.clone()),
                source,
            )
        }
    }
}
