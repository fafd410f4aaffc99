//! Scoring the classifier on a labelled corpus (`feedguard eval`, and the thresholds test).
//!
//! A corpus is JSON Lines; each line an item with `title`, `caption`, `hashtags`, `labels`,
//! `expect` (`block`, `limit` or `allow`), `category` (the category a block or limit item is
//! in) and `class` (its evasion class, or for allow items the kind of trap). An item that must
//! be caught is caught when its category is among those the policy finds; an allow item is
//! falsely flagged when the policy finds any category in it at all, which is stricter than
//! "blocked for some band" and so an upper bound on false blocks.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Deserialize;

use super::explain::ItemInput;
use crate::policy::Policy;
use crate::policy::taxonomy::item_text;

#[derive(Debug, Clone, Deserialize)]
pub struct CorpusLabel {
    pub category: String,
    #[serde(default = "one")]
    pub confidence: f32,
}

fn one() -> f32 {
    1.0
}

/// One corpus item: the item, and what a classifier should make of it. Unknown keys are
/// allowed (`note`, `source`), so corpora can carry provenance.
#[derive(Debug, Clone, Deserialize)]
pub struct CorpusItem {
    pub id: String,
    #[serde(flatten)]
    pub item: ItemInput,
    pub expect: String,
    #[serde(default)]
    pub category: Option<String>,
    pub class: String,
}

/// Parses a JSON Lines corpus; blank lines and `//` comments are skipped. Errors name the line.
pub fn parse_corpus(text: &str, origin: &str) -> Result<Vec<CorpusItem>, String> {
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let item: CorpusItem =
            serde_json::from_str(line).map_err(|e| format!("{origin}:{}: {e}", i + 1))?;
        if !matches!(item.expect.as_str(), "block" | "limit" | "allow") {
            return Err(format!(
                "{origin}:{}: expect must be block, limit or allow",
                i + 1
            ));
        }
        if item.expect != "allow" && item.category.is_none() {
            return Err(format!(
                "{origin}:{}: a {} item needs a category",
                i + 1,
                item.expect
            ));
        }
        items.push(item);
    }
    Ok(items)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub total: usize,
    pub hit: usize,
}

impl Tally {
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hit as f64 / self.total as f64
        }
    }
}

/// The result of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub must_catch: Tally,
    pub by_category: BTreeMap<String, Tally>,
    pub by_class: BTreeMap<String, Tally>,
    pub allow: Tally,
    /// Falsely flagged allow items per trap class (`hit` = flagged).
    pub false_by_class: BTreeMap<String, Tally>,
    /// (id, class, expected category, categories found).
    pub misses: Vec<(String, String, String, Vec<String>)>,
    /// (id, class, categories found).
    pub false_flags: Vec<(String, String, Vec<String>)>,
    /// Items whose category the policy does not have.
    pub unknown_categories: Vec<String>,
}

impl Report {
    pub fn recall(&self) -> f64 {
        self.must_catch.rate()
    }

    pub fn false_flag_rate(&self) -> f64 {
        self.allow.rate()
    }

    pub fn render(&self, list: usize) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "must catch: {}/{} caught, recall {:.4}",
            self.must_catch.hit,
            self.must_catch.total,
            self.recall()
        );
        let _ = writeln!(o, "\nrecall by category:");
        for (k, t) in &self.by_category {
            let _ = writeln!(o, "  {k:<22} {:>4}/{:<4} {:.4}", t.hit, t.total, t.rate());
        }
        let _ = writeln!(o, "\nrecall by evasion class:");
        for (k, t) in &self.by_class {
            let _ = writeln!(o, "  {k:<22} {:>4}/{:<4} {:.4}", t.hit, t.total, t.rate());
        }
        let _ = writeln!(
            o,
            "\nallow items: {}/{} falsely flagged, rate {:.4}",
            self.allow.hit,
            self.allow.total,
            self.false_flag_rate()
        );
        for (k, t) in &self.false_by_class {
            let _ = writeln!(o, "  {k:<22} {:>4}/{:<4} {:.4}", t.hit, t.total, t.rate());
        }
        if !self.misses.is_empty() {
            let _ = writeln!(o, "\nmisses ({}):", self.misses.len());
            for (id, class, cat, found) in self.misses.iter().take(list) {
                let _ = writeln!(
                    o,
                    "  {id:<8} {class:<12} expected {cat:<18} found [{}]",
                    found.join(", ")
                );
            }
        }
        if !self.false_flags.is_empty() {
            let _ = writeln!(o, "\nfalse flags ({}):", self.false_flags.len());
            for (id, class, found) in self.false_flags.iter().take(list) {
                let _ = writeln!(o, "  {id:<8} {class:<16} found [{}]", found.join(", "));
            }
        }
        if !self.unknown_categories.is_empty() {
            let _ = writeln!(
                o,
                "\nitems naming categories the policy lacks: {}",
                self.unknown_categories.join(", ")
            );
        }
        o
    }
}

/// Classifies every item with the policy and tallies the results.
pub fn evaluate(policy: &Policy, items: &[CorpusItem]) -> Report {
    let mut r = Report::default();
    let mut text = String::new();
    for it in items {
        let i = &it.item;
        let tags: Vec<&str> = i.hashtags.iter().map(String::as_str).collect();
        item_text(&i.title, &i.caption, &tags, &mut text);
        let m = policy.taxonomy.classify(
            i.labels.iter().map(|l| (l.category.as_str(), l.confidence)),
            &text,
        );
        let found: Vec<String> = m
            .hits
            .iter()
            .map(|(c, _)| policy.taxonomy.category(*c).id.to_string())
            .collect();
        if it.expect == "allow" {
            let flagged = !found.is_empty();
            r.allow.total += 1;
            let t = r.false_by_class.entry(it.class.clone()).or_default();
            t.total += 1;
            if flagged {
                r.allow.hit += 1;
                t.hit += 1;
                r.false_flags.push((it.id.clone(), it.class.clone(), found));
            }
            continue;
        }
        let cat = it.category.clone().unwrap_or_default();
        if policy.taxonomy.index_of(&cat).is_none() && !r.unknown_categories.contains(&cat) {
            r.unknown_categories.push(cat.clone());
        }
        let caught = found.contains(&cat);
        for t in [
            &mut r.must_catch,
            r.by_category.entry(cat.clone()).or_default(),
            r.by_class.entry(it.class.clone()).or_default(),
        ] {
            t.total += 1;
            t.hit += usize::from(caught);
        }
        if !caught {
            r.misses.push((it.id.clone(), it.class.clone(), cat, found));
        }
    }
    r
}

/// Quality bars a corpus run must clear (`testdata/classifier/thresholds.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub min_items: usize,
    pub min_recall: f64,
    pub min_recall_per_class: f64,
    pub max_false_flag_rate: f64,
    /// Trap classes in which no item may be flagged at all (e.g. `recovery`).
    #[serde(default)]
    pub zero_false_flags_in: Vec<String>,
}

impl Thresholds {
    /// Every threshold the report fails, as sentences; empty when it passes.
    pub fn check(&self, r: &Report) -> Vec<String> {
        let mut fails = Vec::new();
        let n = r.must_catch.total + r.allow.total;
        if n < self.min_items {
            fails.push(format!(
                "corpus has {n} items, fewer than {}",
                self.min_items
            ));
        }
        if r.recall() < self.min_recall {
            fails.push(format!(
                "recall {:.4} is below {}",
                r.recall(),
                self.min_recall
            ));
        }
        for (class, t) in &r.by_class {
            if t.rate() < self.min_recall_per_class {
                fails.push(format!(
                    "recall in class {class} is {:.4}, below {}",
                    t.rate(),
                    self.min_recall_per_class
                ));
            }
        }
        if r.false_flag_rate() > self.max_false_flag_rate {
            fails.push(format!(
                "false-flag rate {:.4} is above {}",
                r.false_flag_rate(),
                self.max_false_flag_rate
            ));
        }
        for class in &self.zero_false_flags_in {
            if let Some(t) = r.false_by_class.get(class).filter(|t| t.hit > 0) {
                fails.push(format!("{} {class} items flagged; none may be", t.hit));
            }
        }
        fails
    }
}
