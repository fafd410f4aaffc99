//! The harm taxonomy, compiled: categories, the alias table for upstream labels, the term
//! matcher ([`crate::classify`]) and one `RegexSet` each for patterns and exemption patterns,
//! so an item's text is normalised once and scanned once per automaton, whatever the number of
//! categories. Everything runs in linear time: hostile captions cannot make matching backtrack.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;

use regex::RegexSet;

use crate::classify::matcher::{Evidence, HitKind, Matcher, Scratch};
use crate::classify::normalise::normalise;
use crate::classify::words::WordTrie;

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
    cache: ClassifyCache,
    matcher: Matcher,
    categories: Vec<Category>,
    /// Folded alias -> category index.
    aliases: HashMap<String, usize>,
    /// The same aliases keyed as [`label_words`] reads them, run together: what a run of a
    /// label's words is looked up in.
    word_aliases: HashMap<String, usize>,
    /// Each category's exempt terms read as label words, and their categories.
    label_exempt: WordTrie,
    label_exempt_category: Vec<usize>,
    patterns: Patterns,
    pattern_category: Vec<usize>,
    exemptions: Patterns,
    exemption_category: Vec<usize>,
}

/// A policy's regex patterns: a set, which says which of them match, behind one regex of them
/// all, which says whether any does. The set's overlapping search runs its lazy DFA over the
/// whole text; the one regex gets the literal prefilter a set does not, and most items match
/// no pattern, so the set runs only for the few that match one.
#[derive(Debug)]
struct Patterns {
    set: RegexSet,
    /// `None` when the alternation does not compile within limits: then the set always runs.
    any: Option<regex::Regex>,
}

impl Patterns {
    fn new(set: RegexSet) -> Self {
        if set.is_empty() {
            return Self { set, any: None };
        }
        // Categories share patterns (every recovery category has `\brecovery\b`): once each.
        let mut unique: Vec<&String> = set.patterns().iter().collect();
        unique.sort();
        unique.dedup();
        let alternation: Vec<String> = unique.iter().map(|p| format!("(?:{p})")).collect();
        let any = regex::RegexBuilder::new(&alternation.join("|"))
            .size_limit(64 << 20)
            .build()
            .ok();
        Self { set, any }
    }

    /// The indexes of the patterns that match `text`, in order.
    fn matches(&self, text: &str) -> impl Iterator<Item = usize> + use<> {
        let any = !self.set.is_empty() && self.any.as_ref().is_none_or(|r| r.is_match(text));
        any.then(|| self.set.matches(text).into_iter())
            .into_iter()
            .flatten()
    }

    /// Pattern `index`, matched for `category`, as evidence for an explanation.
    fn evidence(&self, index: usize, category: usize, exempt: bool) -> Evidence {
        Evidence {
            category,
            kind: HitKind::Pattern,
            rule: self.set.patterns()[index].trim_start_matches("(?i)").into(),
            matched: String::new(),
            exempt,
        }
    }
}

/// Everything behind a classification, for `feedguard classify` and audits of a decision.
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    pub clean: String,
    pub skeleton: String,
    pub emoji: String,
    /// (category index, label as written, confidence, counted).
    pub labels: Vec<(usize, String, f32, bool)>,
    pub evidence: Vec<Evidence>,
    /// Categories whose text matches an exemption cancelled.
    pub exempted: Vec<usize>,
    pub matches: Matches,
}

/// Slots of the classification cache (direct-mapped: a new item replaces whatever shared its
/// slot). With keys capped at [`MAX_CACHED_KEY`], the cache holds at most 32 MiB.
const CACHE_SLOTS: usize = 1 << 15;
/// Items with more text than this are classified every time rather than cached.
const MAX_CACHED_KEY: usize = 1024;

struct CacheEntry {
    hash: u64,
    key: Box<[u8]>,
    matches: Matches,
}

struct ClassifyCache {
    slots: Box<[std::sync::Mutex<Option<CacheEntry>>]>,
    state: foldhash::quality::RandomState,
}

impl fmt::Debug for ClassifyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClassifyCache")
    }
}

impl ClassifyCache {
    fn new() -> Self {
        Self {
            slots: (0..CACHE_SLOTS).map(|_| Default::default()).collect(),
            state: Default::default(),
        }
    }
}

thread_local! {
    /// The cache key being built: labels, then the item text.
    static CACHE_KEY: RefCell<Vec<u8>> = RefCell::default();
}

/// Normaliser state, text hits, and per-category exemption flags.
type ItemScratch = (Scratch, Vec<(usize, HitKind)>, Vec<bool>);

thread_local! {
    /// Per-thread scratch for normalisation and matching: classification allocates nothing
    /// per item once warm.
    static SCRATCH: RefCell<ItemScratch> = RefCell::default();
}

impl Taxonomy {
    // One caller, the policy compiler, which has every part at hand.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        matcher: Matcher,
        categories: Vec<Category>,
        aliases: HashMap<String, usize>,
        patterns: RegexSet,
        pattern_category: Vec<usize>,
        exemptions: RegexSet,
        exemption_category: Vec<usize>,
        exempt_terms: &[(usize, &str)],
    ) -> Self {
        let mut words = Vec::new();
        let mut word_aliases = HashMap::new();
        // In a fixed order, so that which of two aliases read alike wins is the same on every
        // replica (the compiler already refuses two categories with one folded alias).
        let mut sorted: Vec<(&String, &usize)> = aliases.iter().collect();
        sorted.sort();
        for (alias, &c) in sorted {
            label_words(alias, &mut words);
            let key = words.concat();
            // An alias the word reading would shorten ("420friendly" read as "friendly")
            // stays whole-label only: shortened, it would name every label with that word.
            let alnum: String = alias.chars().filter(|c| c.is_alphanumeric()).collect();
            if key == alnum.to_lowercase() {
                word_aliases.entry(key).or_insert(c);
            }
        }
        let mut phrases = Vec::new();
        let mut label_exempt_category = Vec::new();
        for &(c, t) in exempt_terms {
            label_words(t, &mut words);
            if !words.is_empty() {
                phrases.push(words.join(" "));
                label_exempt_category.push(c);
            }
        }
        Self {
            cache: ClassifyCache::new(),
            matcher,
            categories,
            word_aliases,
            label_exempt: WordTrie::new(phrases.iter().map(String::as_str)),
            label_exempt_category,
            aliases,
            patterns: Patterns::new(patterns),
            pattern_category,
            exemptions: Patterns::new(exemptions),
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

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The category an upstream label names (the first, when it names several): see
    /// [`Taxonomy::label_categories`].
    pub fn label_category(&self, label: &str) -> Option<usize> {
        let mut buf = String::with_capacity(label.len());
        fold_label_into(label, &mut buf);
        let mut first = None;
        self.label_categories(label, &buf, |c| {
            first.get_or_insert(c);
        });
        first
    }

    /// Calls `found` with each category an upstream label names. `folded` is the label through
    /// [`fold_label_into`]. First the whole folded label, or with one neutral qualifier off an
    /// end (`alias_of`). Failing that, the label's words ([`label_words`]): platforms name
    /// their labels in their own vocabulary (`harm/self_injury`, `sh_content_v2`,
    /// `AntiWomenHate`, `street_fight_violence`), so every run of words that is an alias names
    /// a category, longer runs first and each word in one run at most. Every category found is
    /// reported; the engine then takes the strictest action. Not counted:
    /// - a run right after a negation (`non_violent`, `anti_bullying`, `quit_vaping`) or
    ///   before `free`/`false` (`nsfw_false`);
    /// - a run inside one of its category's exempt terms read the same way (`SuicideSquad`,
    ///   `GoreTex`, `DietCoke`, `pillow_fight`);
    /// - a one-word alias of three letters or fewer (`ed`, `sh`) unless every other word is a
    ///   neutral qualifier: `ED-promotion` is eating disorders, `EdSheeran` is not;
    /// - any run, when the label has a word of help or protection (`self_harm_support`,
    ///   `suicide_prevention`) and no word of promotion (`pro_ana_support`,
    ///   `graphic_violence_news` still count).
    pub fn label_categories(&self, label: &str, folded: &str, mut found: impl FnMut(usize)) {
        if let Some(c) = self.alias_of(folded) {
            found(c);
            return;
        }
        // Most labels are one plain word ("music", "gaming"): read as words, that is the one
        // word, so one lookup answers without splitting or allocating.
        let b = label.as_bytes();
        if b.len() > 1
            && b.iter().all(u8::is_ascii_alphabetic)
            && b[1..].iter().all(u8::is_ascii_lowercase)
        {
            if let Some(&c) = self.word_aliases.get(folded) {
                found(c);
            }
            return;
        }
        let mut words: Vec<String> = Vec::new();
        label_words(label, &mut words);
        if words.is_empty() {
            return;
        }
        let benign = |w: &String| LABEL_BENIGN.contains(&w.as_str());
        // "pro" before a word of help is the recovery community's own word
        // (`anorexia_pro_recovery`), not promotion.
        let promoting = words.iter().enumerate().any(|(i, w)| {
            LABEL_PROMOTING.contains(&w.as_str())
                && !(w == "pro" && words.get(i + 1).is_some_and(benign))
        });
        if words.iter().any(benign) && !promoting {
            return;
        }
        // Exempt phrases of each category, as word ranges of the label: found only once a run
        // is an alias, since most labels name nothing.
        let exempt_runs = || {
            let joined = words.join(" ");
            let mut starts = Vec::with_capacity(words.len());
            let mut at = 0;
            for w in &words {
                starts.push(at);
                at += w.len() + 1;
            }
            let word_of = |byte: usize| starts.partition_point(|&s| s <= byte) - 1;
            let mut exempt: Vec<(usize, usize, usize)> = Vec::new();
            self.label_exempt
                .for_each_match(&joined, &mut Vec::new(), |p, a, b| {
                    exempt.push((self.label_exempt_category[p], word_of(a), word_of(b - 1)));
                });
            exempt
        };
        let mut exempt: Option<Vec<(usize, usize, usize)>> = None;
        let mut covered = vec![false; words.len()];
        let mut reported: Vec<usize> = Vec::new();
        let mut run = String::new();
        for len in (1..=words.len().min(MAX_LABEL_RUN)).rev() {
            for start in 0..=words.len() - len {
                let end = start + len - 1;
                if covered[start..=end].iter().any(|&c| c) {
                    continue;
                }
                run.clear();
                for w in &words[start..=end] {
                    run.push_str(w);
                }
                let Some(&c) = self.word_aliases.get(run.as_str()) else {
                    continue;
                };
                let negated = start
                    .checked_sub(1)
                    .is_some_and(|i| LABEL_NEGATIONS_BEFORE.contains(&words[i].as_str()))
                    || words
                        .get(end + 1)
                        .is_some_and(|w| LABEL_NEGATIONS_AFTER.contains(&w.as_str()));
                let exempted = exempt
                    .get_or_insert_with(exempt_runs)
                    .iter()
                    .any(|&(ec, a, b)| ec == c && a <= end && start <= b);
                let short_alone = len == 1
                    && run.len() <= 3
                    && words
                        .iter()
                        .enumerate()
                        .any(|(i, w)| i != start && !LABEL_QUALIFIERS.contains(&w.as_str()));
                if negated || exempted || short_alone {
                    continue;
                }
                covered[start..=end].iter_mut().for_each(|c| *c = true);
                if !reported.contains(&c) {
                    reported.push(c);
                    found(c);
                }
            }
        }
    }

    /// Looks a folded label up: whole, or with one neutral qualifier taken off its front or
    /// back (`SuicidePromotion`, `violence_graphic`, `pro-eating-disorder`). Qualifiers that
    /// change the meaning (`support`, `recovery`, `prevention`) are deliberately not in the
    /// list, so `self_harm_support` stays unmatched.
    fn alias_of(&self, folded: &str) -> Option<usize> {
        if let Some(&c) = self.aliases.get(folded) {
            return Some(c);
        }
        for q in LABEL_QUALIFIERS {
            let rest = folded
                .strip_suffix(q)
                .or_else(|| folded.strip_prefix(q))
                .filter(|r| r.len() >= 3);
            if let Some(&c) = rest.and_then(|r| self.aliases.get(r)) {
                return Some(c);
            }
        }
        None
    }

    /// Every category an item is in. `labels` are (name, confidence) pairs from upstream;
    /// `text` is the item's title, caption and hashtags as [`item_text`] joins them.
    pub fn classify<'a>(
        &self,
        labels: impl IntoIterator<Item = (&'a str, f32)>,
        text: &str,
    ) -> Matches {
        self.run(labels, text, None)
    }

    /// [`Taxonomy::classify`], remembered by content. A recommender serves the same items to
    /// many viewers, so most items of a page were classified before: a hit costs a hash and a
    /// comparison of the item's text instead of normalising and matching it. The cache belongs
    /// to the compiled policy, so a reload starts a fresh one. A hit is exact: the stored text
    /// and labels are compared byte for byte, so no collision can give an item another item's
    /// verdict.
    pub fn classify_cached(&self, labels: &[(&str, f32)], text: &str) -> Matches {
        CACHE_KEY.with(|k| {
            let Ok(mut key) = k.try_borrow_mut() else {
                return self.classify(labels.iter().copied(), text);
            };
            // Every part is length-prefixed: label names are arbitrary UTF-8 (NUL included),
            // so a separator could be forged and two different items share a key.
            key.clear();
            key.extend_from_slice(&(labels.len() as u32).to_le_bytes());
            for (l, c) in labels {
                key.extend_from_slice(&(l.len() as u32).to_le_bytes());
                key.extend_from_slice(l.as_bytes());
                key.extend_from_slice(&c.to_bits().to_le_bytes());
            }
            key.extend_from_slice(text.as_bytes());
            if key.len() > MAX_CACHED_KEY {
                return self.classify(labels.iter().copied(), text);
            }
            let hash = self.cache.state.hash_one(&key[..]);
            let slot = &self.cache.slots[(hash as usize) & (CACHE_SLOTS - 1)];
            if let Ok(s) = slot.lock()
                && let Some(hit) = s.as_ref()
                && hit.hash == hash
                && *hit.key == key[..]
            {
                return hit.matches.clone();
            }
            let m = self.classify(labels.iter().copied(), text);
            if let Ok(mut s) = slot.lock() {
                *s = Some(CacheEntry {
                    hash,
                    key: key[..].into(),
                    matches: m.clone(),
                });
            }
            m
        })
    }

    /// [`Taxonomy::classify`], with every piece of evidence kept.
    pub fn explain<'a>(
        &self,
        labels: impl IntoIterator<Item = (&'a str, f32)>,
        text: &str,
    ) -> Explanation {
        let mut e = Explanation::default();
        e.matches = self.run(labels, text, Some(&mut e));
        e
    }

    fn run<'a>(
        &self,
        labels: impl IntoIterator<Item = (&'a str, f32)>,
        text: &str,
        mut explain: Option<&mut Explanation>,
    ) -> Matches {
        let mut m = Matches::default();
        let mut buf = String::new();
        for (label, confidence) in labels {
            buf.clear();
            fold_label_into(label, &mut buf);
            self.label_categories(label, &buf, |cat| {
                let counted = confidence >= self.categories[cat].min_label_confidence;
                if counted {
                    m.add(cat, MatchSource::Label);
                }
                if let Some(e) = explain.as_deref_mut() {
                    e.labels.push((cat, label.to_owned(), confidence, counted));
                }
            });
        }
        if text.is_empty() {
            return m;
        }
        SCRATCH.with(|cell| {
            // The per-thread scratch, or (if it is somehow in use) a fresh one: the text is
            // always scanned. Skipping it would return a label-only verdict.
            let mut guard;
            let mut fresh;
            let tuple: &mut ItemScratch = match cell.try_borrow_mut() {
                Ok(g) => {
                    guard = g;
                    &mut guard
                }
                Err(_) => {
                    fresh = ItemScratch::default();
                    &mut fresh
                }
            };
            let (scratch, hits, exempt) = tuple;
            normalise(text, &mut scratch.norm);
            hits.clear();
            exempt.clear();
            exempt.resize(self.categories.len(), false);
            let mut evidence = Vec::new();
            let mut framing_only: Vec<usize> = Vec::new();
            self.matcher
                .scan(scratch, explain.is_some(), hits, exempt, &mut evidence);
            let clean = &scratch.norm.clean;
            for p in self.patterns.matches(clean) {
                let cat = self.pattern_category[p];
                hits.push((cat, HitKind::Pattern));
                if explain.is_some() {
                    evidence.push(self.patterns.evidence(p, cat, false));
                }
            }
            // Exemption patterns are only looked for when something matched: most items
            // match nothing, and this keeps them at one scan.
            if !hits.is_empty() {
                for e in self.exemptions.matches(clean) {
                    let cat = self.exemption_category[e];
                    exempt[cat] = true;
                    if explain.is_some() {
                        evidence.push(self.exemptions.evidence(e, cat, true));
                    }
                }
            }
            // Stance, in the recovery categories: a danger cue keeps every exemption from
            // clearing the category (its labels too, where exemptions override labels);
            // without one, enough recovery cues clear its text matches, never a label: like
            // framing words, they say how the text speaks.
            for (c, e) in exempt.iter_mut().enumerate() {
                if scratch.in_danger(c) {
                    *e = false;
                }
            }
            let min_cues = self.matcher.settings.recovery_min_cues;
            let mut stance_only: Vec<usize> = Vec::new();
            for (cat, _) in hits.iter() {
                if !exempt[*cat]
                    && !scratch.in_danger(*cat)
                    && scratch.recovery_cues(*cat) >= min_cues
                {
                    exempt[*cat] = true;
                    stance_only.push(*cat);
                }
            }
            for (cat, _) in hits.iter() {
                let framed = scratch.cleared_by_framing(*cat);
                if !exempt[*cat] && !framed {
                    m.add(*cat, MatchSource::Text);
                } else if !exempt[*cat] {
                    // Cleared by framing words only: reported with the other exemptions.
                    exempt[*cat] = true;
                    framing_only.push(*cat);
                }
            }
            if self.matcher.settings.exemptions_override_labels {
                // Framing words say how the text speaks; they do not outweigh a label.
                m.hits.retain(|(c, _)| {
                    !exempt[*c] || framing_only.contains(c) || stance_only.contains(c)
                });
            }
            if let Some(e) = explain {
                e.clean = clean.clone();
                e.skeleton = scratch.norm.skeleton.trim().to_owned();
                e.emoji = scratch.norm.emoji.clone();
                e.evidence = evidence;
                e.exempted = (0..exempt.len()).filter(|&c| exempt[c]).collect();
            }
            // The scratch lives as long as its thread: after a hostile megabyte item its
            // buffers are let go rather than kept at that size.
            if text.len() > KEEP_SCRATCH_BELOW {
                *scratch = Scratch::default();
            }
        });
        m
    }
}

/// Items longer than this leave no scratch buffers behind (see `Taxonomy::run`). Real titles,
/// captions and hashtags are far shorter.
const KEEP_SCRATCH_BELOW: usize = 64 * 1024;

/// A label is read as at most this many words, in runs of at most [`MAX_LABEL_RUN`], from at
/// most [`MAX_LABEL_BYTES`] at each end: real labels are a few words, and a hostile one
/// stays a bounded amount of work. Both ends, since hierarchical labels put the specific part
/// last (`policy_v3/harmful/regulated_goods/drugs`).
const MAX_LABEL_WORDS: usize = 32;
const MAX_LABEL_RUN: usize = 4;
const MAX_LABEL_BYTES: usize = 256;
/// Longer words are no alias's and are skipped.
const MAX_LABEL_WORD: usize = 48;

/// Splits a label, alias or exempt term into lowercase words the same way, so their keys
/// agree: at anything not a letter or digit, at case changes and at letter/digit boundaries;
/// one-letter and digit-only words ("v2", "2024") are dropped.
pub(crate) fn label_words(text: &str, out: &mut Vec<String>) {
    out.clear();
    let (head, tail) = if text.len() > 2 * MAX_LABEL_BYTES {
        let mut h = MAX_LABEL_BYTES;
        while !text.is_char_boundary(h) {
            h -= 1;
        }
        let mut t = text.len() - MAX_LABEL_BYTES;
        while !text.is_char_boundary(t) {
            t += 1;
        }
        // A word cut at either edge is dropped: "pornography" must not be read as "porn".
        let (head, tail) = (&text[..h], &text[t..]);
        let cut_head = text[h..].starts_with(char::is_alphanumeric);
        let cut_tail = text[..t].ends_with(char::is_alphanumeric);
        (
            if cut_head {
                head.trim_end_matches(char::is_alphanumeric)
            } else {
                head
            },
            if cut_tail {
                tail.trim_start_matches(char::is_alphanumeric)
            } else {
                tail
            },
        )
    } else {
        (text, "")
    };
    let words = |end: &str, out: &mut Vec<String>| {
        let parts = end
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty());
        for part in parts {
            for w in crate::classify::normalise::camel_segments(part) {
                let word = w.len() <= MAX_LABEL_WORD && w.chars().nth(1).is_some();
                if word && w.chars().any(char::is_alphabetic) {
                    out.push(w.to_lowercase());
                }
            }
        }
    };
    // At most MAX_LABEL_BYTES each: a few hundred words at worst. The first half of the
    // words from the front and the last ones from the back, when both ends are read.
    words(head, out);
    if tail.is_empty() {
        out.truncate(MAX_LABEL_WORDS);
    } else {
        out.truncate(MAX_LABEL_WORDS / 2);
        let mut back = Vec::new();
        words(tail, &mut back);
        let skip = back.len().saturating_sub(MAX_LABEL_WORDS - out.len());
        out.extend(back.drain(skip..));
    }
}

/// Words that negate the alias right after them (`non_violent`, `anti_bullying`), and right
/// before them (`self_harm_free`, `nsfw_false`).
const LABEL_NEGATIONS_BEFORE: &[&str] = &["non", "not", "no", "anti", "quit", "without"];
const LABEL_NEGATIONS_AFTER: &[&str] = &["free", "false"];

/// Words that make a label promote what it names, which a word of help beside them does not
/// undo (`pro_ana_support` is a pro-anorexia community).
const LABEL_PROMOTING: &[&str] = &[
    "pro",
    "promotion",
    "promoting",
    "glorification",
    "glorifying",
    "graphic",
    "explicit",
    "encouragement",
    "tips",
];

/// Words that make a label about help, protection or the absence of harm rather than harm:
/// `suicide_prevention`, `SelfHarmRecovery`, `ed_support_resources`. Negations are not here
/// but beside the alias they negate ([`LABEL_NEGATIONS_BEFORE`]): `non_consensual_sexual`
/// is harm.
const LABEL_BENIGN: &[&str] = &[
    "support",
    "supportive",
    "recovery",
    "recovering",
    "prevention",
    "awareness",
    "education",
    "educational",
    "news",
    "resource",
    "resources",
    "help",
    "helpline",
];

/// Words other taxonomies put before or after a category name without changing it.
const LABEL_QUALIFIERS: &[&str] = &[
    "content",
    "promotion",
    "promoting",
    "glorification",
    "glorifying",
    "graphic",
    "explicit",
    "extreme",
    "severe",
    "pro",
    "negative",
    "ideation",
    "encouragement",
    "material",
    "media",
];

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
    fn the_any_pattern_gate_agrees_with_the_set() {
        // Shared patterns (as categories share them), flags, anchors, a pattern only
        // non-ASCII text matches, and word boundaries next to letters of other scripts.
        let pats = [
            r"(?i)\brecovery\b",
            r"\brecovery\b",
            r"\b\d+ (days|weeks) (clean|free)\b",
            r"^#vape\b",
            r"\bcafé\b",
            r"\bheil hitler\b",
        ];
        let p = Patterns::new(RegexSet::new(pats).unwrap());
        assert!(p.any.is_some());
        for text in [
            "",
            "nothing here",
            "my Recovery story",
            "recoveryyy",
            "30 days clean",
            "#vape tricks",
            "a #vape",
            "le café ouvert",
            "cafés",
            "écafé",
            "heil hitler",
            "heil hitlerx",
        ] {
            let from_set: Vec<usize> = p.set.matches(text).into_iter().collect();
            let gated: Vec<usize> = p.matches(text).collect();
            assert_eq!(gated, from_set, "{text:?}");
        }
        assert_eq!(p.matches("my recovery story").count(), 2);
        let empty = Patterns::new(RegexSet::empty());
        assert!(empty.any.is_none());
        assert_eq!(empty.matches("recovery").count(), 0);
    }

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

    #[test]
    fn neutral_qualifiers_are_peeled_but_meaningful_ones_are_not() {
        let p = crate::policy::Policy::default_policy();
        let t = &p.taxonomy;
        let id = |l: &str| t.label_category(l).map(|c| t.category(c).id.to_string());
        assert_eq!(id("SuicidePromotion").as_deref(), Some("suicide"));
        assert_eq!(id("violence_graphic").as_deref(), Some("violence"));
        assert_eq!(
            id("pro-eating-disorder").as_deref(),
            Some("eating_disorder")
        );
        assert_eq!(id("self_harm_support"), None);
        assert_eq!(id("suicide_prevention"), None);
        assert_eq!(id("eating_disorder_recovery"), None);
    }

    #[test]
    fn a_label_in_another_vocabulary_is_read_by_its_words() {
        let p = crate::policy::Policy::default_policy();
        let t = &p.taxonomy;
        let ids = |l: &str| {
            let mut out = Vec::new();
            t.label_categories(l, &fold_label(l), |c| {
                out.push(t.category(c).id.to_string())
            });
            out
        };
        // The longest run of words that is an alias names the label.
        assert_eq!(ids("harm/self_injury"), ["self_harm"]);
        assert_eq!(ids("sh_content_v2"), ["self_harm"]);
        assert_eq!(ids("ProEatingDisorder"), ["eating_disorder"]);
        assert_eq!(ids("AntiWomenHate"), ["misogyny", "abuse_hate"]);
        assert_eq!(ids("suicidality.high"), ["suicide"]);
        // Two categories named as one: both, and the engine takes the stricter action. A
        // longer run does not hide a shorter one elsewhere in the label.
        assert_eq!(ids("violence/fight"), ["violence", "fights"]);
        assert_eq!(ids("street_fight_violence"), ["fights", "violence"]);
        // Short aliases only beside neutral qualifiers.
        assert_eq!(ids("ED-promotion"), ["eating_disorder"]);
        assert!(ids("EdSheeran").is_empty());
        assert!(ids("DriversEd").is_empty());
        // Negated, or inside one of the category's exempt terms.
        for l in [
            "non_violent",
            "AntiBullying",
            "quit_vaping",
            "nsfw_false",
            "SuicideSquad",
        ] {
            assert!(ids(l).is_empty(), "{l}: {:?}", ids(l));
        }
        for l in [
            "GoreTex",
            "DietCoke",
            "pillow_fight",
            "FoodPorn",
            "sexual_health",
        ] {
            assert!(ids(l).is_empty(), "{l}: {:?}", ids(l));
        }
        assert_eq!(ids("non_consensual_sexual"), ["pornography"]);
        // Words of help or protection: content that must stay reachable, unless the label
        // also promotes.
        assert!(ids("SelfHarmRecoveryStories").is_empty());
        assert!(ids("suicide_prevention_resources").is_empty());
        assert!(ids("ed-support").is_empty());
        assert_eq!(ids("pro_ana_support"), ["eating_disorder"]);
        assert!(ids("anorexia_pro_recovery").is_empty());
        assert_eq!(ids("graphic_violence_news"), ["violence"]);
        // An alias with punctuation the word reading drops.
        assert_eq!(ids("hate_speech:gender_v2"), ["misogyny"]);
        // A long CamelCase label is read word by word, not dropped for its length.
        assert_eq!(
            ids("GraphicViolenceAndGoreIncludingBloodAndInjuryContent"),
            ["violence"]
        );
        // Nothing of the taxonomy in it.
        assert!(ids("music_video_v2").is_empty());
        assert!(ids("Cooking.Baking").is_empty());
        // Hierarchical labels put the specific part last.
        assert_eq!(
            ids("trust_safety/policy_v3/harmful_or_dangerous/regulated_goods/drugs"),
            ["harmful_substance"]
        );
        // A hostile label: a bounded part of each end is read, the middle never.
        let long = format!("suicide_{}", "ab_".repeat(100_000));
        assert_eq!(ids(&long), ["suicide"]);
        let long = format!("{}_self_harm", "ab_".repeat(100_000));
        assert_eq!(ids(&long), ["self_harm"]);
        let mut words = Vec::new();
        label_words(&"ab_cd_".repeat(100_000), &mut words);
        assert_eq!(words.len(), MAX_LABEL_WORDS);
    }

    #[test]
    fn any_label_is_read_without_panic_and_names_few_categories() {
        // Labels glued from aliases, negations, help words, separators, digits and
        // multi-byte letters (whose lowercase changes length), by a fixed generator.
        let p = crate::policy::Policy::default_policy();
        let t = &p.taxonomy;
        let parts = [
            "self", "Harm", "SH", "non", "anti", "support", "pro", "ana", "ĞÖRE", "İ", "ß", "ǅ",
            "_", "/", ".", "-", ":", " ", "2", "v3", "Violence", "fight", "street", "suicide",
            "squad", "😀", "\u{301}", "hate", "gender", "ED", "x",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let mut label = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 9) {
                label.push_str(parts[((seed >> (k * 5)) % parts.len() as u64) as usize]);
            }
            let mut found = Vec::new();
            t.label_categories(&label, &fold_label(&label), |c| found.push(c));
            let mut unique = found.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), found.len(), "{label:?}: a category twice");
            assert!(found.len() <= MAX_LABEL_WORDS, "{label:?}");
        }
    }
}
