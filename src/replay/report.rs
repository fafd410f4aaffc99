//! What a replay found: [`Report`] aggregates [`ExchangeOutcome`]s into the summary printed at
//! the end, the `--report` JSON and the data behind the HTML page. It holds counts, rule and
//! category names, item ids and pseudonymous session numbers only; never an account id.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::run::{ExchangeOutcome, ItemOutcome, Replayer, verdict_rule};
use crate::engine::{ActionRecord, VerdictReason};
use crate::policy::{AgeBand, CategoryAction, Policy, Targeting};
use crate::session::SessionKey;

/// Sample decisions kept per (category, action).
const SAMPLES_PER_KIND: usize = 3;
/// Offenders and diff examples listed per check or category.
const EXAMPLES: usize = 20;
/// Child sessions whose exposure is charted over time.
const CHARTED_SESSIONS: usize = 24;
/// Points kept per charted session.
const POINTS_PER_SESSION: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct PolicyId {
    pub id: String,
    pub version: String,
}

impl PolicyId {
    pub fn of(p: &Policy) -> Self {
        Self {
            id: p.id.to_string(),
            version: p.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BandTotals {
    pub exchanges: u64,
    pub sessions: u64,
    pub items_in: u64,
    pub items_out: u64,
    pub blocked: u64,
    pub limited: u64,
    pub downranked: u64,
    pub ads_dropped: u64,
    pub capped: u64,
    pub breaks: u64,
    /// Requests that reached the recommender with a behavioural-profile field removed.
    pub requests_minimised: u64,
}

impl BandTotals {
    /// The counts in column order, as the summary and the HTML table show them.
    pub fn columns(&self) -> [u64; 11] {
        [
            self.exchanges,
            self.sessions,
            self.items_in,
            self.items_out,
            self.blocked,
            self.limited,
            self.downranked,
            self.ads_dropped,
            self.capped,
            self.breaks,
            self.requests_minimised,
        ]
    }
}

/// Items removed or demoted in one category for one band.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryCounts {
    pub blocked: u64,
    pub limited: u64,
    pub downranked: u64,
    /// Of blocked + limited + downranked, how many only the text showed (no upstream label).
    pub by_text_only: u64,
}

/// One rule's actions, summed over the run (from the decisions, like the proxy's metrics).
#[derive(Debug, Clone, Serialize)]
pub struct ActionCount {
    pub band: String,
    pub rule: String,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub reference: String,
    pub count: u64,
}

/// One item's verdict, as written to `--verdicts` and listed as a sample.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub exchange: u64,
    pub item_id: String,
    pub band: &'static str,
    pub action: &'static str,
    pub category: Option<String>,
    pub rule: Option<String>,
    pub reference: Option<String>,
    /// "label" or "text": what put the item in `category`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
}

impl Verdict {
    pub fn of(policy: &Policy, exchange: u64, band: AgeBand, item: &ItemOutcome) -> Self {
        let (rule, reference, category, source) = verdict_rule(policy, band, item);
        Self {
            exchange,
            item_id: item.item_id.clone(),
            band: band.as_str(),
            action: item.action,
            category: category.map(|c| c.to_string()),
            rule: rule.map(|r| r.to_string()),
            reference: reference.map(|r| r.to_string()),
            source,
        }
    }
}

/// An item that fails a check.
#[derive(Debug, Clone, Serialize)]
pub struct Offender {
    pub exchange: u64,
    pub position: String,
    pub item_id: Option<String>,
    pub band: &'static str,
    pub what: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub name: &'static str,
    pub description: &'static str,
    pub failures: u64,
    pub offenders: Vec<Offender>,
}

/// A policy-against-baseline difference, per category.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DiffCounts {
    pub newly_blocked: u64,
    pub newly_allowed: u64,
    pub examples_newly_blocked: Vec<Verdict>,
    pub examples_newly_allowed: Vec<Verdict>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    pub baseline: Option<PolicyId>,
    pub items_compared: u64,
    pub newly_blocked: u64,
    pub newly_allowed: u64,
    /// Keyed by category id, or by rule for removals that are not about a category.
    pub by_category: BTreeMap<String, DiffCounts>,
}

/// One point of a child session's exposure curve.
#[derive(Debug, Clone, Serialize)]
pub struct ExposurePoint {
    /// Minutes since the session's first exchange.
    pub minute: f64,
    /// Items served so far in the session's limited (sensitive) categories.
    pub sensitive_served: u64,
    /// Items removed so far (blocked, limited or dropped).
    pub removed: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionSeries {
    /// "session 1", ... in order of first appearance; no id.
    pub label: String,
    pub band: &'static str,
    pub points: Vec<ExposurePoint>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Reproduction {
    /// Exchanges recorded with a decision of the replayed policy's id and version.
    pub compared: u64,
    pub matched: u64,
    pub differed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub position: String,
    pub error: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub policy: PolicyId,
    pub inputs: Vec<String>,
    pub exchanges: u64,
    pub items_in: u64,
    pub items_out: u64,
    pub by_band: BTreeMap<&'static str, BandTotals>,
    /// category -> band -> counts.
    pub by_category: BTreeMap<String, BTreeMap<&'static str, CategoryCounts>>,
    pub actions: Vec<ActionCount>,
    pub checks: Vec<CheckResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Diff>,
    pub reproduction: Reproduction,
    pub skipped_count: u64,
    pub skipped: Vec<Skipped>,
    /// Exchanges that arrived later than the reorder window allowed and were replayed out of
    /// timestamp order.
    pub out_of_order: u64,
    /// Recorded upstream responses the engine cannot read (well-formed records).
    pub unreadable_responses: u64,
    pub unreadable_examples: Vec<Skipped>,
    pub exposure_over_time: Vec<SessionSeries>,
    pub samples: Vec<Verdict>,
    pub elapsed_seconds: f64,
    pub items_per_second: f64,
}

/// The named checks of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    ChildExposure,
    ChildProfiling,
    Malformed,
    DecisionDrift,
}

impl Check {
    pub const ALL: [Check; 4] = [
        Check::ChildExposure,
        Check::ChildProfiling,
        Check::Malformed,
        Check::DecisionDrift,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Check::ChildExposure => "child-exposure",
            Check::ChildProfiling => "child-profiling",
            Check::Malformed => "malformed",
            Check::DecisionDrift => "decision-drift",
        }
    }

    pub fn parse(s: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == s)
    }

    pub fn description(self) -> &'static str {
        match self {
            Check::ChildExposure => {
                "an item reaches a child band although it is in a category blocked for that band (by the policy or the baseline), on any evidence: an upstream label of any confidence, or its text"
            }
            Check::ChildProfiling => {
                "a child's request reaches the recommender with a behavioural-profile field or a precise location, or a child is served an ad targeted on behaviour, demographics or lookalikes"
            }
            Check::Malformed => "an input record or line could not be read",
            Check::DecisionDrift => {
                "an exchange recorded under this policy version replays to a different decision"
            }
        }
    }
}

struct SessionTrack {
    label: String,
    band: AgeBand,
    first_ms: i64,
    removed: u64,
    points: Vec<ExposurePoint>,
}

/// (band, rule, action, category) of summed decision actions.
type ActionKey = (AgeBand, String, &'static str, Option<String>);

/// Builds a [`Report`] one exchange at a time.
pub struct Accumulator {
    report: Report,
    actions: HashMap<ActionKey, (String, u64)>,
    /// Sessions counted so far (a session whose state expired counts again).
    sessions_started: u64,
    tracks: HashMap<SessionKey, SessionTrack>,
    sample_counts: HashMap<(Option<String>, &'static str), usize>,
    checks: Vec<Check>,
    check_results: Vec<CheckResult>,
    diff: Option<Diff>,
}

impl Report {
    /// A report of nothing yet.
    pub fn empty(policy: PolicyId, inputs: Vec<String>) -> Self {
        Report {
            policy,
            inputs,
            exchanges: 0,
            items_in: 0,
            items_out: 0,
            by_band: BTreeMap::new(),
            by_category: BTreeMap::new(),
            actions: Vec::new(),
            checks: Vec::new(),
            diff: None,
            reproduction: Reproduction::default(),
            skipped_count: 0,
            skipped: Vec::new(),
            out_of_order: 0,
            unreadable_responses: 0,
            unreadable_examples: Vec::new(),
            exposure_over_time: Vec::new(),
            samples: Vec::new(),
            elapsed_seconds: 0.0,
            items_per_second: 0.0,
        }
    }
}

impl Accumulator {
    pub fn new(policy: &Policy, inputs: Vec<String>, baseline: Option<&Policy>) -> Self {
        Self {
            report: Report::empty(PolicyId::of(policy), inputs),
            actions: HashMap::new(),
            sessions_started: 0,
            tracks: HashMap::new(),
            sample_counts: HashMap::new(),
            checks: Check::ALL.to_vec(),
            check_results: Check::ALL
                .iter()
                .map(|c| CheckResult {
                    name: c.name(),
                    description: c.description(),
                    failures: 0,
                    offenders: Vec::new(),
                })
                .collect(),
            diff: baseline.map(|b| Diff {
                baseline: Some(PolicyId::of(b)),
                ..Default::default()
            }),
        }
    }

    fn fail(&mut self, check: Check, o: impl FnOnce() -> Offender) {
        let i = self.checks.iter().position(|c| *c == check).unwrap_or(0);
        let r = &mut self.check_results[i];
        r.failures += 1;
        if r.offenders.len() < EXAMPLES {
            r.offenders.push(o());
        }
    }

    pub fn skipped(&mut self, position: String, error: String) {
        self.report.skipped_count += 1;
        if self.report.skipped.len() < EXAMPLES * 5 {
            self.report.skipped.push(Skipped {
                position: position.clone(),
                error: error.clone(),
            });
        }
        self.fail(Check::Malformed, || Offender {
            exchange: 0,
            position,
            item_id: None,
            band: "",
            what: error,
        });
    }

    /// The first input that could not be read, if any (for `--strict`).
    pub fn first_unreadable(&self) -> Option<(String, String)> {
        self.report
            .skipped
            .first()
            .map(|k| (k.position.clone(), k.error.clone()))
    }

    pub fn out_of_order(&mut self) {
        self.report.out_of_order += 1;
    }

    /// Adds one replayed exchange. `baseline` is the same exchange under the baseline policy.
    pub fn add(
        &mut self,
        replayer: &Replayer,
        n: u64,
        position: &str,
        out: &ExchangeOutcome,
        baseline: Option<(&Replayer, &ExchangeOutcome)>,
    ) {
        let policy = replayer.policy();
        let band = out.band;
        let r = &mut self.report;
        r.exchanges += 1;
        let is_new_session = out.new_session;
        if is_new_session {
            self.sessions_started += 1;
        }
        let session_no = self.sessions_started;
        let bt = r.by_band.entry(band.as_str()).or_default();
        bt.exchanges += 1;
        if is_new_session {
            bt.sessions += 1;
        }
        if out.outcome == "break" {
            bt.breaks += 1;
        }
        if matches!(out.outcome, "unreadable" | "served_unread") {
            r.unreadable_responses += 1;
            if r.unreadable_examples.len() < EXAMPLES {
                r.unreadable_examples.push(Skipped {
                    position: position.to_owned(),
                    error: format!(
                        "{} ({})",
                        out.error.as_deref().unwrap_or("unreadable"),
                        if out.outcome == "unreadable" {
                            "the proxy fails closed"
                        } else {
                            "served unread: the adult band fails open"
                        }
                    ),
                });
            }
        }
        if out
            .decision
            .actions
            .iter()
            .any(|a| &*a.rule == crate::engine::rules::PROFILE)
        {
            bt.requests_minimised += 1;
        }
        let mut removed_now = 0u64;
        for item in &out.items {
            bt.items_in += 1;
            r.items_in += 1;
            if item.kept() {
                bt.items_out += 1;
                r.items_out += 1;
            }
            match (item.action, item.verdict.reason) {
                ("break", _) => removed_now += 1,
                (_, VerdictReason::Block) => bt.blocked += 1,
                (_, VerdictReason::Limit) => bt.limited += 1,
                (_, VerdictReason::Downrank) => bt.downranked += 1,
                (_, VerdictReason::AdDropped) => bt.ads_dropped += 1,
                (_, VerdictReason::PageCap) => bt.capped += 1,
                (_, VerdictReason::Allow) => {}
            }
            if !item.kept() {
                removed_now += 1;
            }
            if let (Some(c), true) = (
                item.verdict.category,
                matches!(
                    item.verdict.reason,
                    VerdictReason::Block | VerdictReason::Limit | VerdictReason::Downrank
                ),
            ) {
                let cat = policy.taxonomy.category(c).id.to_string();
                let cc = r
                    .by_category
                    .entry(cat)
                    .or_default()
                    .entry(band.as_str())
                    .or_default();
                match item.verdict.reason {
                    VerdictReason::Block => cc.blocked += 1,
                    VerdictReason::Limit => cc.limited += 1,
                    _ => cc.downranked += 1,
                }
                if item.verdict.source == Some(crate::policy::taxonomy::MatchSource::Text) {
                    cc.by_text_only += 1;
                }
            }
            // Samples: the first few of each (category, action) that is not a plain allow.
            if item.action != "allow" {
                let v = Verdict::of(policy, n, band, item);
                let k = (v.category.clone(), item.action);
                let c = self.sample_counts.entry(k).or_insert(0);
                if *c < SAMPLES_PER_KIND {
                    *c += 1;
                    r.samples.push(v);
                }
            }
        }
        for a in &out.decision.actions {
            self.add_action(band, a);
        }
        if let Some(rep) = out.reproduces {
            self.report.reproduction.compared += 1;
            if rep {
                self.report.reproduction.matched += 1;
            } else {
                if self.report.reproduction.differed.len() < EXAMPLES {
                    self.report.reproduction.differed.push(position.to_owned());
                }
                self.fail(Check::DecisionDrift, || Offender {
                    exchange: n,
                    position: position.to_owned(),
                    item_id: None,
                    band: band.as_str(),
                    what: "the replayed decision differs from the recorded one".into(),
                });
            }
        }
        self.checks_for(replayer, n, position, out, baseline.map(|b| b.0));
        if let Some((b, bout)) = baseline {
            self.diff_with(policy, n, out, b, bout);
        }
        self.track(policy, session_no, out, removed_now);
    }

    fn add_action(&mut self, band: AgeBand, a: &ActionRecord) {
        let k = (
            band,
            a.rule.to_string(),
            a.action,
            a.category.as_ref().map(|c| c.to_string()),
        );
        let e = self
            .actions
            .entry(k)
            .or_insert_with(|| (a.reference.to_string(), 0));
        e.1 += u64::from(a.count);
    }

    fn checks_for(
        &mut self,
        replayer: &Replayer,
        n: u64,
        position: &str,
        out: &ExchangeOutcome,
        baseline: Option<&Replayer>,
    ) {
        let band = out.band;
        if !band.is_child() {
            return;
        }
        let policy = replayer.policy();
        if !out.forwarded_profile.is_empty() || out.forwarded_precise_location {
            let mut what: Vec<&str> = out.forwarded_profile.iter().map(|f| f.as_str()).collect();
            if out.forwarded_precise_location {
                what.push("precise_location");
            }
            let what = format!("request forwarded with {}", what.join(", "));
            self.fail(Check::ChildProfiling, || Offender {
                exchange: n,
                position: position.to_owned(),
                item_id: None,
                band: band.as_str(),
                what,
            });
        }
        for item in out.items.iter().filter(|i| i.kept()) {
            if let Some(t) = item.sponsored
                && matches!(
                    t,
                    Targeting::Behavioural | Targeting::Demographic | Targeting::Lookalike
                )
            {
                self.fail(Check::ChildProfiling, || Offender {
                    exchange: n,
                    position: position.to_owned(),
                    item_id: Some(item.item_id.clone()),
                    band: band.as_str(),
                    what: format!("ad targeted on {} served", t.as_str()),
                });
            }
            for &c in &item.evidence {
                let cat = &policy.taxonomy.category(c).id;
                let blocked = *policy.taxonomy.category(c).actions.get(band)
                    == CategoryAction::Block
                    || baseline.is_some_and(|b| b.blocks(cat, band));
                if blocked {
                    let what = format!("in blocked category {cat}, served");
                    self.fail(Check::ChildExposure, || Offender {
                        exchange: n,
                        position: position.to_owned(),
                        item_id: Some(item.item_id.clone()),
                        band: band.as_str(),
                        what,
                    });
                    break;
                }
            }
        }
    }

    fn diff_with(
        &mut self,
        policy: &Policy,
        n: u64,
        out: &ExchangeOutcome,
        b: &Replayer,
        bout: &ExchangeOutcome,
    ) {
        let Some(diff) = self.diff.as_mut() else {
            return;
        };
        // The same input items, in the same order, unless one policy broke the session and
        // the other did not: then the ids still line up, as both list the recorded items.
        for (item, bitem) in out.items.iter().zip(&bout.items) {
            diff.items_compared += 1;
            let (now_kept, was_kept) = (item.kept(), bitem.kept());
            if now_kept == was_kept {
                continue;
            }
            let (key, v) = if !now_kept {
                let v = Verdict::of(policy, n, out.band, item);
                (v.category.clone().or(v.rule.clone()), v)
            } else {
                let v = Verdict::of(b.policy(), n, bout.band, bitem);
                (v.category.clone().or(v.rule.clone()), v)
            };
            let e = diff
                .by_category
                .entry(key.unwrap_or_else(|| "other".into()))
                .or_default();
            if !now_kept {
                diff.newly_blocked += 1;
                e.newly_blocked += 1;
                if e.examples_newly_blocked.len() < 5 {
                    e.examples_newly_blocked.push(v);
                }
            } else {
                diff.newly_allowed += 1;
                e.newly_allowed += 1;
                if e.examples_newly_allowed.len() < 5 {
                    e.examples_newly_allowed.push(v);
                }
            }
        }
    }

    fn track(&mut self, policy: &Policy, session_no: u64, out: &ExchangeOutcome, removed: u64) {
        if !out.band.is_child() {
            return;
        }
        if !self.tracks.contains_key(&out.session) {
            if self.tracks.len() >= CHARTED_SESSIONS {
                return;
            }
            self.tracks.insert(
                out.session,
                SessionTrack {
                    label: format!("session {session_no}"),
                    band: out.band,
                    first_ms: out.timestamp_ms,
                    removed: 0,
                    points: Vec::new(),
                },
            );
        }
        let Some(t) = self.tracks.get_mut(&out.session) else {
            return;
        };
        t.removed += removed;
        if t.points.len() >= POINTS_PER_SESSION {
            return;
        }
        let sensitive: u64 = policy
            .taxonomy
            .categories()
            .iter()
            .filter(|c| matches!(c.actions.get(t.band), CategoryAction::Limit { .. }))
            .map(|c| u64::from(out.exposure_after.count(&c.id)))
            .sum();
        t.points.push(ExposurePoint {
            minute: (out.timestamp_ms - t.first_ms) as f64 / 60_000.0,
            sensitive_served: sensitive,
            removed: t.removed,
        });
    }

    pub fn finish(mut self, elapsed: std::time::Duration) -> Report {
        let mut actions: Vec<ActionCount> = self
            .actions
            .into_iter()
            .map(
                |((band, rule, action, category), (reference, count))| ActionCount {
                    band: band.as_str().to_owned(),
                    rule,
                    action: action.to_owned(),
                    category,
                    reference,
                    count,
                },
            )
            .collect();
        actions.sort_by(|a, b| {
            (&a.band, &a.rule, &a.action, &a.category).cmp(&(
                &b.band,
                &b.rule,
                &b.action,
                &b.category,
            ))
        });
        self.report.actions = actions;
        self.report.checks = self.check_results;
        self.report.diff = self.diff;
        let mut tracks: Vec<SessionTrack> = self.tracks.into_values().collect();
        tracks.sort_by_key(|t| t.label[8..].parse::<u64>().unwrap_or(0));
        self.report.exposure_over_time = tracks
            .into_iter()
            .map(|t| SessionSeries {
                label: t.label,
                band: t.band.as_str(),
                points: t.points,
            })
            .collect();
        self.report.elapsed_seconds = elapsed.as_secs_f64();
        self.report.items_per_second = if elapsed.as_secs_f64() > 0.0 {
            self.report.items_in as f64 / elapsed.as_secs_f64()
        } else {
            0.0
        };
        self.report
    }
}

impl Report {
    pub fn check(&self, name: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.name == name)
    }

    /// The summary printed at the end of a run.
    pub fn summary(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "replayed {} exchanges, {} items, under policy {} {} ({:.0} items/s)",
            self.exchanges,
            self.items_in,
            self.policy.id,
            self.policy.version,
            self.items_per_second
        );
        let _ = writeln!(
            s,
            "\n{:<9} {:>9} {:>8} {:>9} {:>9} {:>8} {:>8} {:>10} {:>8} {:>5} {:>7} {:>10}",
            "band",
            "exchanges",
            "sessions",
            "items in",
            "items out",
            "blocked",
            "limited",
            "downranked",
            "ads",
            "cap",
            "breaks",
            "minimised"
        );
        for (band, t) in &self.by_band {
            let c = t.columns();
            let _ = writeln!(
                s,
                "{:<9} {:>9} {:>8} {:>9} {:>9} {:>8} {:>8} {:>10} {:>8} {:>5} {:>7} {:>10}",
                band, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]
            );
        }
        if !self.by_category.is_empty() {
            let _ = writeln!(
                s,
                "\nremoved or demoted, by category (blocked/limited/downranked; of which text only):"
            );
            for (cat, bands) in &self.by_category {
                let parts: Vec<String> = bands
                    .iter()
                    .map(|(b, c)| {
                        format!(
                            "{b} {}/{}/{} ({} text)",
                            c.blocked, c.limited, c.downranked, c.by_text_only
                        )
                    })
                    .collect();
                let _ = writeln!(s, "  {cat:<22} {}", parts.join("  "));
            }
        }
        let _ = writeln!(s, "\nactions by rule:");
        let mut by_rule: BTreeMap<(&str, &str), BTreeMap<&str, u64>> = BTreeMap::new();
        for a in &self.actions {
            if a.category.is_some() {
                continue;
            }
            *by_rule
                .entry((a.rule.as_str(), a.action.as_str()))
                .or_default()
                .entry(a.band.as_str())
                .or_default() += a.count;
        }
        for ((rule, action), bands) in by_rule {
            let parts: Vec<String> = bands.iter().map(|(b, n)| format!("{b} {n}")).collect();
            let _ = writeln!(s, "  {rule:<28} {action:<9} {}", parts.join("  "));
        }
        if self.reproduction.compared > 0 {
            let _ = writeln!(
                s,
                "\nrecorded decisions reproduced: {} of {}",
                self.reproduction.matched, self.reproduction.compared
            );
        }
        if let Some(d) = &self.diff {
            let b = d
                .baseline
                .as_ref()
                .map(|b| format!("{} {}", b.id, b.version))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "\nagainst baseline {b}: {} items newly removed, {} newly allowed (of {})",
                d.newly_blocked, d.newly_allowed, d.items_compared
            );
            for (cat, c) in &d.by_category {
                let ex: Vec<&str> = c
                    .examples_newly_blocked
                    .iter()
                    .chain(&c.examples_newly_allowed)
                    .take(3)
                    .map(|v| v.item_id.as_str())
                    .collect();
                let _ = writeln!(
                    s,
                    "  {cat:<22} +{} removed  -{} allowed   e.g. {}",
                    c.newly_blocked,
                    c.newly_allowed,
                    ex.join(", ")
                );
            }
        }
        if self.skipped_count > 0 {
            let _ = writeln!(s, "\nskipped {} unreadable input(s):", self.skipped_count);
            for k in self.skipped.iter().take(10) {
                let _ = writeln!(s, "  {}: {}", k.position, k.error);
            }
        }
        if self.unreadable_responses > 0 {
            let _ = writeln!(
                s,
                "\n{} recorded response(s) the engine cannot read:",
                self.unreadable_responses
            );
            for k in self.unreadable_examples.iter().take(10) {
                let _ = writeln!(s, "  {}: {}", k.position, k.error);
            }
        }
        if self.out_of_order > 0 {
            let _ = writeln!(
                s,
                "\n{} exchange(s) arrived after the reorder window and were replayed out of timestamp order (raise --window)",
                self.out_of_order
            );
        }
        let _ = writeln!(s, "\nchecks:");
        for c in &self.checks {
            let _ = writeln!(
                s,
                "  {:<16} {}",
                c.name,
                if c.failures == 0 {
                    "pass".to_owned()
                } else {
                    format!("{} failure(s)", c.failures)
                }
            );
        }
        s
    }
}
