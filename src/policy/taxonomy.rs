//! The harm taxonomy, compiled: categories, the alias table for upstream labels, and one
//! `RegexSet` each for text patterns and exemptions, so an item's text is scanned once per set,
//! whatever the number of categories. `regex` runs in linear time: hostile captions cannot make
//! matching backtrack.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use regex::RegexSet;

use super::Bands;

/// What a category's rule does to an item for one band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryAction {
    Allow,
    /// Kept, moved after every item that is not downranked.
    Downrank,
    /// Kept while the page and the session are under their caps; removed after.
    Limit {
        per_page: u32,
        per_session: u32,
    },
    Block,
}

impl CategoryAction {
    /// Larger is more severe; the most severe action of all matched categories applies.
    pub fn severity(self) -> u8 {
        match self {
            CategoryAction::Allow => 0,
            CategoryAction::Downrank => 1,
            CategoryAction::Limit { .. } => 2,
            CategoryAction::Block => 3,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CategoryAction::Allow => "allow",
            CategoryAction::Downrank => "downrank",
            CategoryAction::Limit { .. } => "limit",
            CategoryAction::Block => "block",
        }
    }
}

impl fmt::Display for CategoryAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CategoryAction::Limit {
                per_page,
                per_session,
            } => write!(f, "limit ({per_page}/page, {per_session}/session)"),
            other => f.write_str(other.name()),
        }
    }
}

#[derive(Debug)]
pub struct Category {
    pub id: Arc<str>,
    pub name: String,
    pub tier: String,
    pub reference: Arc<str>,
    /// `category.<id>`: the rule id decisions cite.
    pub rule_id: Arc<str>,
    pub min_label_confidence: f32,
    pub actions: Bands<CategoryAction>,
    pub alias_count: usize,
    pub pattern_count: usize,
    pub exempt_count: usize,
}

/// Why an item was put in a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchSource {
    /// An upstream label named it.
    Label,
    /// The title, caption or hashtags matched one of its patterns.
    Text,
}

/// The categories an item was found in, as indexes into [`Taxonomy::categories`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Matches {
    pub hits: Vec<(usize, MatchSource)>,
}

impl Matches {
    fn add(&mut self, cat: usize, source: MatchSource) {
        if !self.hits.iter().any(|(c, _)| *c == cat) {
            self.hits.push((cat, source));
        }
    }
}

#[derive(Debug)]
pub struct Taxonomy {
    categories: Vec<Category>,
    /// Folded alias -> category index.
    aliases: HashMap<String, usize>,
    patterns: RegexSet,
    pattern_category: Vec<usize>,
    exemptions: RegexSet,
    exemption_category: Vec<usize>,
}

impl Taxonomy {
    pub(super) fn new(
        categories: Vec<Category>,
        aliases: HashMap<String, usize>,
        patterns: RegexSet,
        pattern_category: Vec<usize>,
        exemptions: RegexSet,
        exemption_category: Vec<usize>,
    ) -> Self {
        Self {
            categories,
            aliases,
            patterns,
            pattern_category,
            exemptions,
            exemption_category,
        }
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn category(&self, index: usize) -> &Category {
        &self.categories[index]
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| &*c.id == id)
    }

    /// The category an upstream label names, if its folded form is one of the aliases.
    pub fn label_category(&self, label: &str) -> Option<usize> {
        let mut buf = String::with_capacity(label.len());
        fold_label_into(label, &mut buf);
        self.aliases.get(&buf).copied()
    }

    /// Every category an item is in. `labels` are (name, confidence) pairs from upstream;
    /// `text` is the item's title, caption and hashtags joined by newlines.
    pub fn classify<'a>(
        &self,
        labels: impl IntoIterator<Item = (&'a str, f32)>,
        text: &str,
    ) -> Matches {
        let mut m = Matches::default();
        let mut buf = String::new();
        for (label, confidence) in labels {
            buf.clear();
            fold_label_into(label, &mut buf);
            if let Some(&cat) = self.aliases.get(&buf)
                && confidence >= self.categories[cat].min_label_confidence
            {
                m.add(cat, MatchSource::Label);
            }
        }
        if !text.is_empty() && !self.patterns.is_empty() {
            let hits = self.patterns.matches(text);
            if hits.matched_any() {
                // Exemptions are only looked for when some pattern matched: most items match
                // nothing, and this keeps them at one scan.
                let exempt = self.exemptions.matches(text);
                for p in hits.iter() {
                    let cat = self.pattern_category[p];
                    let exempted = exempt.iter().any(|e| self.exemption_category[e] == cat);
                    if !exempted {
                        m.add(cat, MatchSource::Text);
                    }
                }
            }
        }
        m
    }
}

/// Folds a label for whole-label comparison: lowercase, with spaces, hyphens, underscores,
/// slashes and dots removed, so "eating-disorder", "Eating Disorder" and "EatingDisorder" are
/// one label while "self_harm_support" stays distinct from "self_harm".
pub fn fold_label(label: &str) -> String {
    let mut s = String::with_capacity(label.len());
    fold_label_into(label, &mut s);
    s
}

fn fold_label_into(label: &str, out: &mut String) {
    for c in label.trim().chars() {
        if c.is_whitespace() || matches!(c, '-' | '_' | '/' | '.') {
            continue;
        }
        out.extend(c.to_lowercase());
    }
}

/// Joins an item's text fields into the one string the pattern sets scan. Hashtags keep their
/// `#` so patterns can anchor on it.
pub fn item_text(title: &str, caption: &str, hashtags: &[&str], out: &mut String) {
    out.clear();
    out.push_str(title);
    out.push('\n');
    out.push_str(caption);
    out.push('\n');
    for (i, tag) in hashtags.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !tag.starts_with('#') {
            out.push('#');
        }
        out.push_str(tag);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_unifies_separators_and_case() {
        for l in [
            "eating-disorder",
            "EatingDisorder",
            "eating_disorder",
            "Eating Disorder",
            "eating/disorder",
        ] {
            assert_eq!(fold_label(l), "eatingdisorder", "{l}");
        }
        assert_ne!(fold_label("self_harm_support"), fold_label("self_harm"));
    }
}
