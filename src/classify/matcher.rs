//! Term matching over normalised text, compiled once per policy.
//!
//! - Terms, exemption terms, code words and their context words are skeletonised
//!   ([`super::normalise::skeleton_phrase`]) into one Aho-Corasick automaton, scanned once over
//!   the item's skeleton. A match counts when it is a whole token or phrase, or when it lies
//!   inside a run-together token (a hashtag, or letters glued back from `s.e.l.f`) and is at
//!   least `substring_min_len` long. Multi-word terms are also added run together
//!   (`self harm` → `seifharm`).
//! - Fuzzy matching: single-word terms of `fuzzy_min_len`+ letters are indexed by their
//!   deletion neighbourhood (SymSpell), one edit for shorter terms, two from
//!   `fuzzy_two_edits_min_len`; candidates are confirmed with a bounded optimal-string-alignment
//!   distance (so a swap of two letters is one edit).
//! - Code words are harmful only with context: a whole-token match counts when one of its
//!   context words, or any plain term of its category, is also in the item.
//! - Emoji sequences match in the item's emoji string, with the same context rule.
//!
//! Matching is linear in the text (automata, hash lookups, bounded distances), never
//! backtracking.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::normalise::{Normalised, TokenKind, l_as_i, skeleton_phrase};

/// Classifier settings of a policy (`[classifier]`).
#[derive(Debug, Clone)]
pub struct Settings {
    pub fuzzy_min_len: usize,
    pub fuzzy_two_edits_min_len: usize,
    pub substring_min_len: usize,
    pub exemptions_override_labels: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            fuzzy_min_len: 6,
            fuzzy_two_edits_min_len: 9,
            substring_min_len: 5,
            exemptions_override_labels: false,
        }
    }
}

/// A code word or emoji code and what it needs around it.
#[derive(Debug, Clone)]
pub struct CodeWordSpec {
    pub category: usize,
    pub word: String,
    /// Empty: the code counts on its own.
    pub context: Vec<String>,
    /// Also counts without context in a post with almost no words (an emoji-only post).
    pub alone: bool,
}

/// What a category's lists say, as the compiler hands them over.
#[derive(Debug, Clone, Default)]
pub struct CategoryLists {
    pub terms: Vec<String>,
    pub exempt_terms: Vec<String>,
    pub code_words: Vec<CodeWordSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Term,
    Exempt,
    Code(usize),
    Context(usize),
}

#[derive(Debug, Clone)]
struct Entry {
    kind: EntryKind,
    category: usize,
    /// The term as the policy wrote it, for explanations.
    source: Arc<str>,
    skeleton_len: usize,
}

#[derive(Debug, Clone)]
struct FuzzyTerm {
    skeleton: Box<str>,
    category: usize,
    source: Arc<str>,
    /// Edits allowed against one token of the text.
    max_token: usize,
    /// Edits allowed against adjacent tokens glued together (a misspelt phrase, a split word).
    max_join: usize,
}

/// How a text hit was made.
#[derive(Debug, Clone, PartialEq)]
pub enum HitKind {
    Term,
    /// Inside a run-together token.
    InToken,
    Fuzzy {
        distance: usize,
    },
    CodeWord,
    Emoji,
    Pattern,
}

/// One piece of evidence, for explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub category: usize,
    pub kind: HitKind,
    /// The policy's term, code word or pattern.
    pub rule: Arc<str>,
    /// What it matched in the skeleton, emoji or clean text.
    pub matched: String,
    /// True for an exemption.
    pub exempt: bool,
}

#[derive(Debug)]
pub struct Matcher {
    ac: Option<AhoCorasick>,
    entries: Vec<Entry>,
    emoji_ac: Option<AhoCorasick>,
    emoji_entries: Vec<Entry>,
    fuzzy_index: HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState>,
    fuzzy_terms: Vec<FuzzyTerm>,
    code_count: usize,
    code_category: Vec<usize>,
    code_needs_context: Vec<bool>,
    code_alone: Vec<bool>,
    pub settings: Settings,
}

/// Per-item scratch state, reused across items.
#[derive(Debug, Default)]
pub struct Scratch {
    pub norm: Normalised,
    code_seen: Vec<bool>,
    context_seen: Vec<bool>,
    variant: String,
    join: String,
    candidates: Vec<u32>,
}

fn has_emoji(s: &str) -> bool {
    s.chars().any(super::normalise::is_emoji)
}

fn emoji_only(s: &str) -> String {
    s.chars()
        .filter(|c| super::normalise::is_emoji(*c))
        .collect()
}

impl Matcher {
    /// Builds the matcher. `lists[i]` belongs to category `i`.
    pub fn new(lists: &[CategoryLists], settings: Settings) -> Result<Self, String> {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        let mut emoji_patterns: Vec<String> = Vec::new();
        let mut emoji_entries = Vec::new();
        let mut fuzzy_terms = Vec::new();
        let mut code_category = Vec::new();
        let mut code_needs_context = Vec::new();
        let mut code_alone = Vec::new();

        let add = |text: &str,
                   kind: EntryKind,
                   category: usize,
                   fuzzy: bool,
                   patterns: &mut Vec<String>,
                   entries: &mut Vec<Entry>,
                   emoji_patterns: &mut Vec<String>,
                   emoji_entries: &mut Vec<Entry>,
                   fuzzy_terms: &mut Vec<FuzzyTerm>| {
            let source: Arc<str> = text.into();
            if has_emoji(text) {
                let e = emoji_only(text);
                emoji_entries.push(Entry {
                    kind,
                    category,
                    source,
                    skeleton_len: e.len(),
                });
                emoji_patterns.push(e);
                return;
            }
            let sk = skeleton_phrase(text);
            if sk.is_empty() {
                return;
            }
            let mut forms = vec![sk.clone()];
            if sk.contains(' ') {
                forms.push(sk.replace(' ', ""));
            }
            // Text maps 1, ! and | to i; a term with an l needs that form too.
            let with_i: Vec<String> = forms.iter().filter_map(|f| l_as_i(f)).collect();
            forms.extend(with_i);
            let single_word = !sk.contains(' ');
            // Terms spelled with digits ("secretsociety123") are codes: exact only.
            let codelike = text.chars().any(|c| c.is_ascii_digit());
            for f in forms {
                let chars = f.chars().count();
                if fuzzy && !f.contains(' ') && chars >= 4 {
                    // Every single-word form is indexed, for tokens an evader split apart
                    // ("suic idal"). A phrase glued together ("busfight", "lowcal") matches one
                    // token only exactly, or with one edit from 12 letters: short glued forms
                    // sit one edit from ordinary words ("bossfight", "local"). Against adjacent
                    // tokens glued back together ("body goels"), long forms allow one edit.
                    let (max_token, max_join) = if codelike {
                        (0, 0)
                    } else if single_word {
                        let t = if chars >= settings.fuzzy_two_edits_min_len {
                            2
                        } else if chars >= settings.fuzzy_min_len {
                            1
                        } else {
                            0
                        };
                        (t, usize::from(chars >= 8))
                    } else {
                        (usize::from(chars >= 12), usize::from(chars >= 8))
                    };
                    fuzzy_terms.push(FuzzyTerm {
                        skeleton: f.clone().into(),
                        category,
                        source: source.clone(),
                        max_token,
                        max_join,
                    });
                }
                entries.push(Entry {
                    kind,
                    category,
                    source: source.clone(),
                    skeleton_len: f.len(),
                });
                patterns.push(f);
            }
        };

        for (cat, l) in lists.iter().enumerate() {
            for t in &l.terms {
                add(
                    t,
                    EntryKind::Term,
                    cat,
                    true,
                    &mut patterns,
                    &mut entries,
                    &mut emoji_patterns,
                    &mut emoji_entries,
                    &mut fuzzy_terms,
                );
            }
            for t in &l.exempt_terms {
                add(
                    t,
                    EntryKind::Exempt,
                    cat,
                    false,
                    &mut patterns,
                    &mut entries,
                    &mut emoji_patterns,
                    &mut emoji_entries,
                    &mut fuzzy_terms,
                );
            }
            for cw in &l.code_words {
                let code = code_category.len();
                code_category.push(cat);
                code_needs_context.push(!cw.context.is_empty());
                code_alone.push(cw.alone);
                add(
                    &cw.word,
                    EntryKind::Code(code),
                    cat,
                    false,
                    &mut patterns,
                    &mut entries,
                    &mut emoji_patterns,
                    &mut emoji_entries,
                    &mut fuzzy_terms,
                );
                for c in &cw.context {
                    add(
                        c,
                        EntryKind::Context(code),
                        cat,
                        false,
                        &mut patterns,
                        &mut entries,
                        &mut emoji_patterns,
                        &mut emoji_entries,
                        &mut fuzzy_terms,
                    );
                }
            }
        }

        let build = |p: &[String]| -> Result<Option<AhoCorasick>, String> {
            if p.is_empty() {
                return Ok(None);
            }
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(p)
                .map(Some)
                .map_err(|e| e.to_string())
        };
        let ac = build(&patterns)?;
        let emoji_ac = build(&emoji_patterns)?;

        let mut fuzzy_index: HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState> =
            HashMap::default();
        for (i, t) in fuzzy_terms.iter().enumerate() {
            let mut variants = Vec::new();
            deletions(&t.skeleton, t.max_token.max(t.max_join), &mut variants);
            for v in variants {
                let ids = fuzzy_index.entry(v.into_boxed_str()).or_default();
                if !ids.contains(&(i as u32)) {
                    ids.push(i as u32);
                }
            }
        }
        Ok(Self {
            ac,
            entries,
            emoji_ac,
            emoji_entries,
            fuzzy_index,
            fuzzy_terms,
            code_count: code_category.len(),
            code_category,
            code_needs_context,
            code_alone,
            settings,
        })
    }

    /// Number of indexed terms (after adding run-together forms), for `check-policy`.
    pub fn size(&self) -> (usize, usize, usize) {
        (
            self.entries.len(),
            self.emoji_entries.len(),
            self.fuzzy_terms.len(),
        )
    }

    /// Finds text evidence in an already normalised item. Calls `hit(category, evidence)` for
    /// every match and sets `exempt[category]` for exemptions. `evidence` is built only when
    /// `explain` is set, so the hot path does not allocate.
    pub fn scan(
        &self,
        s: &mut Scratch,
        explain: bool,
        hits: &mut Vec<(usize, HitKind)>,
        exempt: &mut [bool],
        evidence: &mut Vec<Evidence>,
    ) {
        s.code_seen.clear();
        s.code_seen.resize(self.code_count, false);
        s.context_seen.clear();
        s.context_seen.resize(self.code_count, false);
        let n = &s.norm;
        let sk = n.skeleton.as_bytes();
        let mut code_evidence: Vec<(usize, String)> = Vec::new();

        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(&n.skeleton) {
                let e = &self.entries[m.pattern().as_usize()];
                let (a, b) = (m.start(), m.end());
                let whole = a > 0 && sk[a - 1] == b' ' && sk.get(b) == Some(&b' ');
                let in_token = !whole
                    && e.skeleton_len >= self.settings.substring_min_len
                    && n.token_containing(&(a..b))
                        .is_some_and(|t| t.kind != TokenKind::Word);
                if !whole && !in_token {
                    continue;
                }
                match e.kind {
                    EntryKind::Term => {
                        let kind = if whole {
                            HitKind::Term
                        } else {
                            HitKind::InToken
                        };
                        if explain {
                            evidence.push(Evidence {
                                category: e.category,
                                kind: kind.clone(),
                                rule: e.source.clone(),
                                matched: n.skeleton[a..b].to_owned(),
                                exempt: false,
                            });
                        }
                        hits.push((e.category, kind));
                    }
                    EntryKind::Exempt => {
                        exempt[e.category] = true;
                        if explain {
                            evidence.push(Evidence {
                                category: e.category,
                                kind: HitKind::Term,
                                rule: e.source.clone(),
                                matched: n.skeleton[a..b].to_owned(),
                                exempt: true,
                            });
                        }
                    }
                    EntryKind::Code(c) => {
                        if whole {
                            s.code_seen[c] = true;
                            if explain {
                                code_evidence.push((c, e.source.to_string()));
                            }
                        }
                    }
                    EntryKind::Context(c) => s.context_seen[c] = true,
                }
            }
        }
        if let Some(ac) = &self.emoji_ac {
            for m in ac.find_overlapping_iter(&n.emoji) {
                let e = &self.emoji_entries[m.pattern().as_usize()];
                match e.kind {
                    EntryKind::Term => {
                        if explain {
                            evidence.push(Evidence {
                                category: e.category,
                                kind: HitKind::Emoji,
                                rule: e.source.clone(),
                                matched: n.emoji[m.start()..m.end()].to_owned(),
                                exempt: false,
                            });
                        }
                        hits.push((e.category, HitKind::Emoji));
                    }
                    EntryKind::Exempt => exempt[e.category] = true,
                    EntryKind::Code(c) => {
                        s.code_seen[c] = true;
                        if explain {
                            code_evidence.push((c, e.source.to_string()));
                        }
                    }
                    EntryKind::Context(c) => s.context_seen[c] = true,
                }
            }
        }

        // Fuzzy: each token long enough, against the deletion index.
        if !self.fuzzy_terms.is_empty() {
            let min = self.settings.fuzzy_min_len.saturating_sub(1);
            for t in &n.tokens {
                let tok = &n.skeleton[t.span.clone()];
                let len = tok.chars().count();
                if len < min || len > 40 || !tok.is_ascii() {
                    continue;
                }
                let depth = if len + 1 >= self.settings.fuzzy_two_edits_min_len {
                    2
                } else {
                    1
                };
                s.candidates.clear();
                lookup_deletions(
                    tok,
                    depth,
                    &self.fuzzy_index,
                    &mut s.variant,
                    &mut s.candidates,
                );
                s.candidates.sort_unstable();
                s.candidates.dedup();
                for &id in &s.candidates {
                    let ft = &self.fuzzy_terms[id as usize];
                    if ft.max_token == 0
                        || !same_first(&ft.skeleton, tok)
                        || hits.iter().any(|(c, _)| *c == ft.category)
                    {
                        continue;
                    }
                    if let Some(d) = osa_within(&ft.skeleton, tok, ft.max_token) {
                        if d == 0 {
                            continue;
                        }
                        if explain {
                            evidence.push(Evidence {
                                category: ft.category,
                                kind: HitKind::Fuzzy { distance: d },
                                rule: ft.source.clone(),
                                matched: tok.to_owned(),
                                exempt: false,
                            });
                        }
                        hits.push((ft.category, HitKind::Fuzzy { distance: d }));
                    }
                }
            }
        }

        // Joins: two adjacent tokens, or three where one is a fragment, glued back together
        // ("suic idal", "thi gh gap", "kilp myself"), exactly or within the term's edits.
        if !self.fuzzy_terms.is_empty() {
            let toks: Vec<&str> = n
                .tokens
                .iter()
                .filter(|t| t.kind != TokenKind::Hashtag)
                .map(|t| &n.skeleton[t.span.clone()])
                .collect();
            for i in 0..toks.len() {
                for j in i + 1..(i + 3).min(toks.len()) {
                    let parts = &toks[i..=j];
                    if j == i + 2 && !parts.iter().any(|p| p.len() <= 3) {
                        continue;
                    }
                    s.join.clear();
                    for p in parts {
                        s.join.push_str(p);
                    }
                    let len = s.join.len();
                    if !(4..=30).contains(&len) || !s.join.is_ascii() {
                        continue;
                    }
                    let depth = if len + 1 >= self.settings.fuzzy_two_edits_min_len {
                        2
                    } else {
                        1
                    };
                    s.candidates.clear();
                    lookup_deletions(
                        &s.join,
                        depth,
                        &self.fuzzy_index,
                        &mut s.variant,
                        &mut s.candidates,
                    );
                    s.candidates.sort_unstable();
                    s.candidates.dedup();
                    for &id in &s.candidates {
                        let ft = &self.fuzzy_terms[id as usize];
                        if !same_first(&ft.skeleton, &s.join)
                            || hits.iter().any(|(c, _)| *c == ft.category)
                        {
                            continue;
                        }
                        if let Some(d) = osa_within(&ft.skeleton, &s.join, ft.max_join) {
                            if explain {
                                evidence.push(Evidence {
                                    category: ft.category,
                                    kind: HitKind::Fuzzy { distance: d },
                                    rule: ft.source.clone(),
                                    matched: parts.join(" "),
                                    exempt: false,
                                });
                            }
                            hits.push((ft.category, HitKind::Fuzzy { distance: d }));
                        }
                    }
                }
            }
        }

        // A post with almost no words: codes marked `alone` need no context there.
        let wordless = n
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Hashtag)
            .count()
            <= 2;

        // Code words: on their own only where they need no context.
        for c in 0..self.code_count {
            if !s.code_seen[c] {
                continue;
            }
            let cat = self.code_category[c];
            let context = !self.code_needs_context[c]
                || s.context_seen[c]
                || (self.code_alone[c] && wordless)
                || hits
                    .iter()
                    .any(|(h, k)| *h == cat && !matches!(k, HitKind::CodeWord));
            if context {
                if explain && let Some((_, w)) = code_evidence.iter().find(|(cc, _)| *cc == c) {
                    evidence.push(Evidence {
                        category: cat,
                        kind: HitKind::CodeWord,
                        rule: w.as_str().into(),
                        matched: w.clone(),
                        exempt: false,
                    });
                }
                hits.push((cat, HitKind::CodeWord));
            }
        }
    }
}

/// All strings obtained by deleting up to `depth` characters (the word itself included).
fn deletions(word: &str, depth: usize, out: &mut Vec<String>) {
    out.push(word.to_owned());
    let mut frontier = vec![word.to_owned()];
    for _ in 0..depth {
        let mut next = Vec::new();
        for w in &frontier {
            let chars: Vec<char> = w.chars().collect();
            for i in 0..chars.len() {
                let v: String = chars
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, c)| *c)
                    .collect();
                if !out.contains(&v) {
                    out.push(v.clone());
                    next.push(v);
                }
            }
        }
        frontier = next;
    }
}

/// Looks up the word and its deletions (up to `depth`) in the index, without allocating per
/// variant. ASCII only (callers check), so byte positions are characters.
fn lookup_deletions(
    word: &str,
    depth: usize,
    index: &HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState>,
    buf: &mut String,
    out: &mut Vec<u32>,
) {
    let b = word.as_bytes();
    let mut probe = |buf: &str| {
        if let Some(ids) = index.get(buf) {
            out.extend_from_slice(ids);
        }
    };
    probe(word);
    for i in 0..b.len() {
        buf.clear();
        buf.push_str(&word[..i]);
        buf.push_str(&word[i + 1..]);
        probe(buf);
        if depth >= 2 {
            for j in i + 1..b.len() {
                buf.clear();
                buf.push_str(&word[..i]);
                buf.push_str(&word[i + 1..j]);
                buf.push_str(&word[j + 1..]);
                probe(buf);
            }
        }
    }
}

/// Human misspellings almost always keep the first letter; requiring it keeps fuzzy matching
/// off ordinary words one edit away ("lights" is not "fights").
fn same_first(a: &str, b: &str) -> bool {
    a.as_bytes().first() == b.as_bytes().first()
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps) if it is at most
/// `max`; `None` otherwise. Bounded: stops as soon as every cell of a row exceeds `max`.
pub fn osa_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::normalise::normalise;

    fn matcher() -> Matcher {
        let lists = vec![
            CategoryLists {
                terms: vec!["self harm".into(), "thinspiration".into()],
                exempt_terms: vec!["recovery".into()],
                code_words: vec![CodeWordSpec {
                    category: 0,
                    word: "cat".into(),
                    context: vec!["relapse".into()],
                    alone: false,
                }],
            },
            CategoryLists {
                terms: vec!["thinspo".into(), "🍽🚫".into()],
                exempt_terms: vec![],
                code_words: vec![CodeWordSpec {
                    category: 1,
                    word: "ana".into(),
                    context: vec!["fasting".into(), "goal weight".into()],
                    alone: false,
                }],
            },
        ];
        Matcher::new(&lists, Settings::default()).unwrap()
    }

    fn scan(m: &Matcher, text: &str) -> (Vec<(usize, HitKind)>, Vec<bool>) {
        let mut s = Scratch::default();
        normalise(text, &mut s.norm);
        let mut hits = Vec::new();
        let mut exempt = vec![false; 2];
        m.scan(&mut s, false, &mut hits, &mut exempt, &mut Vec::new());
        (hits, exempt)
    }

    #[test]
    fn whole_words_phrases_and_run_together_forms() {
        let m = matcher();
        assert_eq!(scan(&m, "so much self harm").0, vec![(0, HitKind::Term)]);
        assert_eq!(scan(&m, "SELF-HARM").0, vec![(0, HitKind::Term)]);
        assert_eq!(scan(&m, "#thinspogoals").0, vec![(1, HitKind::InToken)]);
        assert!(
            scan(&m, "myselfharmony").0.is_empty(),
            "plain words are not searched inside"
        );
    }

    #[test]
    fn fuzzy_matches_long_terms_within_bounds() {
        let m = matcher();
        assert_eq!(
            scan(&m, "thinspiraton").0,
            vec![(0, HitKind::Fuzzy { distance: 1 })]
        );
        assert_eq!(
            scan(&m, "thnspiratoin").0,
            vec![(0, HitKind::Fuzzy { distance: 2 })]
        );
        assert_eq!(
            scan(&m, "thynspo").0,
            vec![(1, HitKind::Fuzzy { distance: 1 })]
        );
        assert!(scan(&m, "things").0.is_empty());
        assert_eq!(osa_within("abcd", "abdc", 1), Some(1));
        assert_eq!(osa_within("abcdef", "ghijkl", 2), None);
    }

    #[test]
    fn code_words_need_context_and_exemptions_are_reported() {
        let m = matcher();
        assert!(scan(&m, "Ana's birthday party").0.is_empty());
        assert_eq!(
            scan(&m, "ana says fasting until goal weight").0,
            vec![(1, HitKind::CodeWord)]
        );
        assert!(scan(&m, "my cat is cute").0.is_empty());
        assert_eq!(
            scan(&m, "cat again, relapse").0,
            vec![(0, HitKind::CodeWord)]
        );
        let (hits, exempt) = scan(&m, "self harm recovery");
        assert_eq!(hits.len(), 1);
        assert!(exempt[0]);
        assert_eq!(scan(&m, "tonight 🍽️🚫").0, vec![(1, HitKind::Emoji)]);
    }

    #[test]
    fn split_words_are_joined_and_leet_l_meets_terms() {
        let m = matcher();
        assert_eq!(scan(&m, "thin spo").0.len(), 1);
        assert_eq!(scan(&m, "se1f harm").0, vec![(0, HitKind::Term)]);
        assert_eq!(
            scan(&m, "seof harm").0,
            vec![(0, HitKind::Fuzzy { distance: 1 })]
        );
        assert!(scan(&m, "fold the towels").0.is_empty());
    }
}
