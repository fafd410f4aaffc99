//! What the engine did and why. A [`Decision`] carries rule ids, categories, references and
//! counts only: it is safe to log, export as metrics, put in a response, or hand to an auditor.

use std::sync::Arc;

use serde::Serialize;

use crate::policy::AgeBand;

/// How the viewer's band was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BandBasis {
    /// No usable age signal: the policy's unknown-age band.
    Unknown,
    /// The youngest of the usable signals.
    Signals,
    /// Signals said adult, but the policy requires trusted assurance for that and there was none.
    AdultUnverified,
}

/// One kind of action taken, with how many times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRecord {
    /// The rule's id, e.g. `category.self_harm` or `profile.minimise`.
    pub rule: Arc<str>,
    /// What was done: `block`, `downrank`, `limit`, `strip`, `drop`, `coarsen`, `disable`,
    /// `cap`, `remove`, `notice`, `break`, `band`.
    pub action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Arc<str>>,
    /// The regulation or standard the rule implements.
    pub reference: Arc<str>,
    pub count: u32,
}

impl ActionRecord {
    /// Whether this is the record of exactly these Arcs and this literal. Hinted records are
    /// made from the same Arcs and literals every time, so pointer equality is the whole test.
    #[inline]
    fn is_exactly(
        &self,
        rule: &Arc<str>,
        action: &'static str,
        category: Option<&Arc<str>>,
    ) -> bool {
        Arc::ptr_eq(&self.rule, rule)
            && std::ptr::eq(self.action, action)
            && match (&self.category, category) {
                (None, None) => true,
                (Some(x), Some(y)) => Arc::ptr_eq(x, y),
                _ => false,
            }
    }
}

/// The record of one request or response passing through the engine.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub policy_id: Arc<str>,
    pub policy_version: Arc<str>,
    #[serde(serialize_with = "band_str")]
    pub band: AgeBand,
    pub band_basis: BandBasis,
    pub items_in: u32,
    pub items_out: u32,
    pub actions: Vec<ActionRecord>,
}

fn band_str<S: serde::Serializer>(b: &AgeBand, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(b.as_str())
}

impl Decision {
    pub fn new(
        policy_id: Arc<str>,
        policy_version: Arc<str>,
        band: AgeBand,
        band_basis: BandBasis,
    ) -> Self {
        Self {
            policy_id,
            policy_version,
            band,
            band_basis,
            items_in: 0,
            items_out: 0,
            // Room for a child page's usual records (band, blocks and limits in a few
            // categories, stripped signals): pushing them one by one grew the vector thrice.
            actions: Vec::with_capacity(8),
        }
    }

    /// [`Decision::record`] for a rule recorded item after item. `hint` remembers where the
    /// record sits, so the next call adds to it without a search; a hint that no longer points
    /// at the record (another decision, say) just falls back to one.
    #[inline]
    pub fn record_hinted(
        &mut self,
        hint: &mut usize,
        rule: &Arc<str>,
        action: &'static str,
        category: Option<&Arc<str>>,
        reference: &Arc<str>,
        count: u32,
    ) {
        if let Some(a) = self.actions.get_mut(*hint)
            && a.is_exactly(rule, action, category)
        {
            a.count += count;
            return;
        }
        self.record_and_hint(hint, rule, action, category, reference, count);
    }

    /// The first record of a rule in a page. Kept out of line so the hinted path, run for
    /// almost every item, saves and restores no registers (that was 60% of its cost).
    #[cold]
    #[inline(never)]
    fn record_and_hint(
        &mut self,
        hint: &mut usize,
        rule: &Arc<str>,
        action: &'static str,
        category: Option<&Arc<str>>,
        reference: &Arc<str>,
        count: u32,
    ) {
        self.record(rule, action, category, reference, count);
        if let Some(i) = self
            .actions
            .iter()
            .position(|a| a.is_exactly(rule, action, category))
        {
            *hint = i;
        }
    }

    /// Adds `count` to the record for (rule, action, category), creating it if needed.
    pub fn record(
        &mut self,
        rule: &Arc<str>,
        action: &'static str,
        category: Option<&Arc<str>>,
        reference: &Arc<str>,
        count: u32,
    ) {
        if count == 0 {
            return;
        }
        // Rule ids and categories are shared Arcs and actions literals, so equal ones are
        // almost always the same pointer; the text is compared only when they are not.
        let same = |x: &str, y: &str| std::ptr::eq(x, y) || x == y;
        if let Some(a) = self.actions.iter_mut().find(|a| {
            same(&a.rule, rule)
                && same(a.action, action)
                && match (&a.category, category) {
                    (None, None) => true,
                    (Some(x), Some(y)) => same(x, y),
                    _ => false,
                }
        }) {
            a.count += count;
            return;
        }
        self.actions.push(ActionRecord {
            rule: rule.clone(),
            action,
            category: category.cloned(),
            reference: reference.clone(),
            count,
        });
    }

    /// Folds another decision's actions and counts into this one (a stream's messages into the
    /// stream's summary).
    pub fn merge(&mut self, other: &Decision) {
        self.items_in += other.items_in;
        self.items_out += other.items_out;
        for a in &other.actions {
            self.record(
                &a.rule,
                a.action,
                a.category.as_ref(),
                &a.reference,
                a.count,
            );
        }
    }

    /// Count of actions of one kind, over all rules.
    pub fn count(&self, action: &str) -> u32 {
        self.actions
            .iter()
            .filter(|a| a.action == action)
            .map(|a| a.count)
            .sum()
    }

    /// Whether anything was changed (a band record alone is not a change).
    pub fn changed_anything(&self) -> bool {
        self.actions.iter().any(|a| a.action != "band")
    }
}

/// A notice feedguard adds for the viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub message: Arc<str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    BreakReminder,
    QuietHours,
    ServiceDegraded,
}
