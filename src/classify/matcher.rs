//! Term matching over normalised text, compiled once per policy.
//!
//! - Terms, exemption terms, code words and their context words are skeletonised
//!   ([`super::normalise::skeleton_phrase`]). A match counts when it is a whole token or
//!   phrase, found by a trie over the policy's words ([`super::words`]), or when it lies inside
//!   a run-together token (a hashtag, or letters glued back from `s.e.l.f`) and is at least
//!   `substring_min_len` long, found by an Aho-Corasick automaton scanned over those tokens
//!   only. Multi-word terms are also added run together (`self harm` → `selfharm`).
//! - Fuzzy matching: single-word terms of `fuzzy_min_len`+ letters match with one edit, two
//!   from `fuzzy_two_edits_min_len`. Edits are weighed in half-edits: one vowel written for
//!   another is half an edit ("syicyde" is one edit from "suicide"), a neighbouring key or a
//!   swap of two letters one, any other substitution two. Candidates share the word's first
//!   letter and a length within the budget (a sorted bucket), pass a letter-set filter, and
//!   are confirmed with a bounded optimal-string-alignment distance. Code words of
//!   `fuzzy_min_len`+ letters are matched fuzzily too (they still need their context).
//! - Phrases with a word misspelt: a token within one edit of a word of a multi-word term is
//!   read as that word, and multi-word terms are matched again over the corrected skeleton.
//!   Only phrases that take in a corrected word count, and only as whole phrases.
//! - Code words are harmful only with context: a whole-token match counts when one of its
//!   context words, or any plain term of its category, is also in the item.
//! - Emoji sequences match in the item's emoji string, with the same context rule.
//!
//! Matching is linear in the text (automata, hash lookups, bounded distances), never
//! backtracking.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::normalise::{Normalised, TokenKind, l_as_i, skeleton_phrase};
use super::words::{TextWord, WordTrie};

/// Classifier settings of a policy (`[classifier]`).
#[derive(Debug, Clone)]
pub struct Settings {
    pub fuzzy_min_len: usize,
    pub fuzzy_two_edits_min_len: usize,
    pub substring_min_len: usize,
    pub exemptions_override_labels: bool,
    /// Different recovery cues that clear a text match in a recovery category.
    pub recovery_min_cues: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            fuzzy_min_len: 6,
            fuzzy_two_edits_min_len: 9,
            substring_min_len: 5,
            exemptions_override_labels: false,
            recovery_min_cues: 2,
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
    /// Framing exemptions: they clear topic matches but never a first-person one (see
    /// [`Scratch::cleared_by_framing`]).
    pub framing_exempt_terms: Vec<String>,
    pub code_words: Vec<CodeWordSpec>,
    /// Recovery and danger cues ([`Scratch::recovery_cues`], [`Scratch::in_danger`]); empty
    /// outside the policy's recovery categories.
    pub recovery_cues: Vec<String>,
    pub danger_cues: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Term,
    Exempt,
    FramingExempt,
    Code(usize),
    Context(usize),
    /// A recovery cue, by its number: every form of one cue (glued, `l` read as `i`) has
    /// the same, so a cue counts once however many of its forms the text has.
    RecoveryCue(u16),
    DangerCue,
}

/// Whether, and as what, an entry is matched fuzzily.
#[derive(Debug, Clone, Copy)]
enum Fuzz {
    No,
    Term,
    Code(usize),
}

#[derive(Debug, Clone)]
struct Entry {
    kind: EntryKind,
    category: usize,
    /// The term as the policy wrote it, for explanations.
    source: Arc<str>,
    /// A term in the first person ("kill myself", "my cuts"): framing exemptions do not
    /// clear it.
    personal: bool,
    /// A term of several words, as written (not glued): matched again over the text with
    /// misspelt words corrected.
    phrase: bool,
}

/// Words that put a term, or the words just before a match, in the first person, as
/// skeletons ("i'm" is "im").
const FIRST_PERSON: &[&str] = &["i", "im", "ive", "me", "my", "myself", "mine"];

#[derive(Debug, Clone)]
struct FuzzyTerm {
    skeleton: Box<str>,
    category: usize,
    source: Arc<str>,
    /// A code word (it still needs its context) rather than a term.
    code: Option<usize>,
    personal: bool,
    /// A word of a multi-word term rather than a term: a token within its budget is read as
    /// that word when phrases are matched again ("daeth is all i think about").
    phrase_word: bool,
    /// Half-edits allowed against one token of the text.
    max_token: usize,
    /// Half-edits allowed against adjacent tokens glued together (a misspelt phrase, a split
    /// word).
    max_join: usize,
    /// Which letters a-z occur: a half-edit changes at most two of these bits, so most
    /// candidates are rejected with one XOR and a bit count ([`masks_within`]).
    mask: u32,
}

/// Vowels (with y), as letter-mask bits.
const VOWEL_BITS: u32 = 1 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24;

/// Whether `a` and `b` can be within `max` half-edits, from their letter masks alone. A
/// half-edit (a vowel for a vowel) changes two vowel bits and no other; every other edit
/// costs two half-edits and changes at most two bits. So the consonants differ in at most
/// `max` bits, all letters in at most `2 * max`.
fn masks_within(a: u32, b: u32, max: usize) -> bool {
    let d = a ^ b;
    (letter_count(d & !VOWEL_BITS) <= max) & (letter_count(d) <= 2 * max)
}

/// The bits set in a letter mask (26 bits), from a table of 13-bit halves. The build targets
/// baseline x86-64, which has no population-count instruction: `count_ones` is a dozen
/// instructions there, and every fuzzy candidate takes two counts. The table is 8 KiB.
#[inline(always)]
fn letter_count(mask: u32) -> usize {
    usize::from(BITS13[(mask & 0x1fff) as usize])
        + usize::from(BITS13[(mask >> 13 & 0x1fff) as usize])
}

static BITS13: [u8; 1 << 13] = {
    let mut t = [0u8; 1 << 13];
    let mut i = 0;
    while i < t.len() {
        t[i] = (i as u32).count_ones() as u8;
        i += 1;
    }
    t
};

/// Whether a fuzzy candidate can be within `max` half-edits of a word of `len` bytes with
/// letters `mask`: its length and letters allow it. Every candidate scan runs this, and most
/// candidates fail it, so it is computed without branches and the one branch on its result is
/// well predicted. Early exits that depended on the letters were not: they made a scan a
/// mispredicted branch a candidate.
#[inline(always)]
fn may_be_within(c: &Candidate, len: usize, mask: u32, max: usize) -> bool {
    (usize::from(c.len).abs_diff(len) * EDIT <= max) & masks_within(c.mask, mask, max)
}

fn letter_mask(s: &[u8]) -> u32 {
    s.iter().fold(0, |m, &b| m | letter_bit(b))
}

/// A byte's bit in a letter mask: `a`-`z` are bits 0-25, anything else none. Without a
/// branch, as it runs for every byte of every token.
#[inline(always)]
fn letter_bit(b: u8) -> u32 {
    u32::from(b.is_ascii_lowercase()) << (b.wrapping_sub(b'a') & 31)
}

/// How a text hit was made.
#[derive(Debug, Clone, PartialEq)]
pub enum HitKind {
    Term,
    /// Inside a run-together token.
    InToken,
    /// `distance` in edits, a vowel swap counting half (rounded up).
    Fuzzy {
        distance: usize,
    },
    CodeWord,
    Emoji,
    Pattern,
    /// A recovery or danger cue: evidence only, never a hit.
    Stance,
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
    /// Every entry's form, as whole words: entry `i` is phrase `i`.
    words: WordTrie,
    /// Forms of `substring_min_len`+ letters without a space, for matches inside run-together
    /// tokens; `sub_entries[k]` is the entry of pattern `k`.
    sub_ac: Option<AhoCorasick>,
    sub_entries: Vec<u32>,
    entries: Vec<Entry>,
    emoji_ac: Option<AhoCorasick>,
    emoji_entries: Vec<Entry>,
    /// Fuzzy terms a token may be a misspelling of (a budget above zero).
    token_buckets: Buckets,
    /// Fuzzy terms adjacent tokens glued together may misspell (a join budget above zero).
    join_buckets: Buckets,
    /// The rest of the forms a join must equal exactly, by [`poly_hash`]: one lookup a join
    /// rather than a scan, with a hash made from its parts' without writing the join.
    exact_joins: HashMap<u64, Vec<u32>, foldhash::fast::FixedState>,
    /// One bit per [`JOIN_FILTER_BITS`]-bit slice of those hashes: a join whose bit is clear
    /// has no exact form, and nearly every join is ruled out here without a map lookup.
    exact_join_filter: Box<[u64]>,
    /// Words of multi-word terms, for phrases with a word misspelt.
    phrase_buckets: Buckets,
    fuzzy_terms: Vec<FuzzyTerm>,
    /// Longest fuzzy term: longer tokens cannot be within its edits.
    fuzzy_max_len: usize,
    /// Every word of every term, code word and context word (skeletons), by length, words of
    /// terms first: what a masked word (`c*ts`) is resolved against.
    vocabulary: Vec<Vec<Box<[u8]>>>,
    code_count: usize,
    /// Recovery cues, numbered across categories ([`EntryKind::RecoveryCue`]).
    cue_count: usize,
    code_category: Vec<usize>,
    code_needs_context: Vec<bool>,
    code_alone: Vec<bool>,
    pub settings: Settings,
}

/// Per-item scratch state, reused across items.
#[derive(Debug, Default)]
pub struct Scratch {
    pub norm: Normalised,
    toks: Vec<JoinPart>,
    code_seen: Vec<bool>,
    context_seen: Vec<bool>,
    join: String,
    /// Categories already hit: one hit per category is enough, and checking a list of every
    /// match made a megabyte of repeated terms quadratic.
    hit: Vec<bool>,
    /// Per category: a framing exemption was seen; a first-person match was seen.
    framing: Vec<bool>,
    personal: Vec<bool>,
    /// Per code word: seen right after a first-person word.
    code_speaker: Vec<bool>,
    /// Per category: different recovery cues seen, and whether a danger cue was.
    recovery: Vec<u8>,
    danger: Vec<bool>,
    /// Recovery cues counted, as a bitset of cue numbers, and per category where the last
    /// counted cue ended: a cue inside or across one already counted ("not alone" in "you are
    /// not alone") does not count again.
    cues: Vec<u64>,
    cue_end: Vec<usize>,
    cue_end_in_token: Vec<usize>,
    /// A join's candidate fuzzy terms: its exact forms, then the near ones its length and
    /// letters allow.
    join_ids: Vec<u32>,
    /// Tokens within a phrase word's budget: (token index, fuzzy term id, half-edits).
    corrections: Vec<(usize, u32, usize)>,
    /// The skeleton with those tokens replaced by the words they were read as.
    corrected: String,
    /// The text's words, for the word trie, and the corrected pass's phrase matches:
    /// (entry, start, end).
    words: Vec<TextWord>,
    found: Vec<(u32, u32, u32)>,
}

/// How many words before a match a first-person word makes it the speaker's own ("i want to
/// die", "im so suicidal"). Two, not more: "my essay on misogyny" is not about the writer.
const SPEAKER_WINDOW: usize = 2;

/// The index of the word a byte offset of the skeleton falls in.
fn word_at(n: &Normalised, at: usize) -> usize {
    n.tokens.partition_point(|t| t.span.end <= at)
}

/// Whether one of the [`SPEAKER_WINDOW`] words before word `word` is a first-person word.
fn speaker_before(n: &Normalised, word: usize) -> bool {
    let end = word.min(n.tokens.len());
    n.tokens[end.saturating_sub(SPEAKER_WINDOW)..end]
        .iter()
        .any(|t| FIRST_PERSON.contains(&&n.skeleton[t.span.clone()]))
}

impl Scratch {
    /// Whether framing exemptions clear a category's text matches: the item has one, and no
    /// match of the category is in the first person. "A news report on suicide" is cleared;
    /// "i will kill myself tonight #news" is not, since news and lessons do not speak as the
    /// person at risk, and a word tacked onto such a post must not clear it.
    pub fn cleared_by_framing(&self, category: usize) -> bool {
        self.framing.get(category).copied().unwrap_or(false)
            && !self.personal.get(category).copied().unwrap_or(false)
            && !self.in_danger(category)
    }

    /// Whether the item has a danger cue in this category: then nothing clears its text
    /// matches there.
    pub fn in_danger(&self, category: usize) -> bool {
        self.danger.get(category).copied().unwrap_or(false)
    }

    /// How many different recovery cues of this category the item has.
    pub fn recovery_cues(&self, category: usize) -> usize {
        self.recovery.get(category).copied().map_or(0, usize::from)
    }
}

/// Fuzzy matching and joins look at this many tokens of an item; exact matching covers all of
/// it. Real titles, captions and hashtags are tens of tokens; the bound keeps a hostile
/// megabyte item to a bounded number of hash probes.
pub const MAX_FUZZY_TOKENS: usize = 1024;

/// Explanations keep this many pieces of evidence; a hostile item can match thousands of times.
const MAX_EVIDENCE: usize = 200;

/// What [`Matcher::new`] gathers from the policy's lists before it builds its automata.
#[derive(Default)]
struct Built {
    /// Every entry's form, as whole words (entry `i` is pattern `i`).
    patterns: Vec<String>,
    entries: Vec<Entry>,
    emoji_patterns: Vec<String>,
    emoji_entries: Vec<Entry>,
    fuzzy_terms: Vec<FuzzyTerm>,
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
        let mut built = Built::default();
        let mut code_category = Vec::new();
        let mut cue_count = 0usize;
        let mut code_needs_context = Vec::new();
        let mut code_alone = Vec::new();

        let add = |text: &str, kind: EntryKind, category: usize, fuzzy: Fuzz, out: &mut Built| {
            let Built {
                patterns,
                entries,
                emoji_patterns,
                emoji_entries,
                fuzzy_terms,
            } = out;
            let source: Arc<str> = text.into();
            if has_emoji(text) {
                let e = emoji_only(text);
                emoji_entries.push(Entry {
                    kind,
                    category,
                    source,
                    phrase: false,
                    personal: false,
                });
                emoji_patterns.push(e);
                return;
            }
            let sk = skeleton_phrase(text);
            if sk.is_empty() {
                return;
            }
            let mut forms = vec![sk.clone()];
            // Forms matched exactly, as a whole token or inside one, never fuzzily or as a
            // join: "catchands" one edit from the join "catch and", "womencanthink" equal to
            // the join "women can think".
            let mut exact_only: Vec<String> = Vec::new();
            if sk.contains(' ') {
                let glued = sk.replace(' ', "");
                // Text collapses a letter repeated across the words it glues ("#wanttodie"
                // reads "wantodie"), so the glued form needs that spelling too. The
                // uncollapsed one stays for joins, which glue tokens as they are.
                let mut collapsed: Vec<char> = glued.chars().collect();
                collapsed.dedup();
                let collapsed: String = collapsed.into_iter().collect();
                forms.push(glued);
                if !forms.contains(&collapsed) {
                    exact_only.extend(l_as_i(&collapsed));
                    exact_only.push(collapsed.clone());
                    forms.push(collapsed);
                }
            }
            // Text maps 1, ! and | to i; a term with an l needs that form too. `l_as_i`
            // collapses repeats itself, so forms can coincide: each is added once.
            let with_i: Vec<String> = forms.iter().filter_map(|f| l_as_i(f)).collect();
            for f in with_i {
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
            let single_word = !sk.contains(' ');
            let personal =
                kind == EntryKind::Term && sk.split(' ').any(|w| FIRST_PERSON.contains(&w));
            // Terms spelled with digits ("secretsociety123") are codes: exact only.
            let codelike = text.chars().any(|c| c.is_ascii_digit());
            for f in forms {
                let chars = f.chars().count();
                let indexed = match fuzzy {
                    Fuzz::No => false,
                    Fuzz::Term => chars >= 4,
                    // A code word is matched fuzzily only as one long word: short codes
                    // ("cat", "sh") are ordinary words a typo away from others.
                    Fuzz::Code(_) => single_word && chars >= settings.fuzzy_min_len,
                };
                if indexed && !f.contains(' ') && !exact_only.contains(&f) {
                    // Every single-word form is indexed, for tokens an evader split apart
                    // ("suic idal"). A phrase glued together ("busfight", "lowcal") matches one
                    // token exactly below 8 letters, with one vowel swap from 8 and one edit
                    // from 10: short glued forms sit one edit from ordinary words
                    // ("bossfight", "local"). Against adjacent tokens glued back together
                    // ("body goels"), forms of 8+ letters allow one edit. Budgets are in
                    // half-edits.
                    let (max_token, max_join) = if codelike {
                        (0, 0)
                    } else if single_word {
                        let t = if chars >= settings.fuzzy_two_edits_min_len {
                            4
                        } else if chars >= settings.fuzzy_min_len {
                            2
                        } else {
                            0
                        };
                        (t, if chars >= 8 { 2 } else { 0 })
                    } else {
                        let t = if chars >= 10 {
                            2
                        } else {
                            usize::from(chars >= 8)
                        };
                        (t, if chars >= 8 { 2 } else { 0 })
                    };
                    fuzzy_terms.push(FuzzyTerm {
                        skeleton: f.clone().into(),
                        category,
                        source: source.clone(),
                        code: match fuzzy {
                            Fuzz::Code(c) => Some(c),
                            _ => None,
                        },
                        personal,
                        phrase_word: false,
                        max_token,
                        max_join,
                        mask: letter_mask(f.as_bytes()),
                    });
                }
                entries.push(Entry {
                    kind,
                    category,
                    source: source.clone(),
                    personal,
                    // Terms with digits are codes, exact only (`codelike`).
                    phrase: kind == EntryKind::Term && f.contains(' ') && !codelike,
                });
                patterns.push(f);
            }
        };

        for (cat, l) in lists.iter().enumerate() {
            let plain = [
                (&l.terms, EntryKind::Term, Fuzz::Term),
                (&l.exempt_terms, EntryKind::Exempt, Fuzz::No),
                (&l.framing_exempt_terms, EntryKind::FramingExempt, Fuzz::No),
                (&l.danger_cues, EntryKind::DangerCue, Fuzz::No),
            ];
            for (list, kind, fuzz) in plain {
                for t in list {
                    add(t, kind, cat, fuzz, &mut built);
                }
            }
            // One number a cue: its forms ("tell someone | told someone") and every entry of
            // the category with the same skeleton ("counsellor", "counselor") share it, so
            // one cue written two ways is still one cue.
            let mut numbers: HashMap<String, u16> = HashMap::new();
            for t in &l.recovery_cues {
                let forms: Vec<&str> = t
                    .split('|')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .collect();
                let id = match forms.iter().find_map(|f| numbers.get(&skeleton_phrase(f))) {
                    Some(&id) => id,
                    None => {
                        let id = u16::try_from(cue_count)
                            .map_err(|_| "more than 65,535 recovery cues".to_owned())?;
                        cue_count += 1;
                        id
                    }
                };
                for f in forms {
                    numbers.insert(skeleton_phrase(f), id);
                    add(f, EntryKind::RecoveryCue(id), cat, Fuzz::No, &mut built);
                }
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
                    Fuzz::Code(code),
                    &mut built,
                );
                for c in &cw.context {
                    add(c, EntryKind::Context(code), cat, Fuzz::No, &mut built);
                }
            }
        }

        let Built {
            patterns,
            entries,
            emoji_patterns,
            emoji_entries,
            mut fuzzy_terms,
        } = built;

        // The words of multi-word terms, for phrases with one word misspelt. One edit, from
        // one letter shorter than single-word terms: the whole phrase must still match.
        let mut phrase_words = std::collections::HashSet::new();
        for e in entries.iter().filter(|e| e.phrase) {
            for w in skeleton_phrase(&e.source).split(' ') {
                if w.len() + 1 >= settings.fuzzy_min_len
                    && w.len() <= MAX_FUZZY_LEN
                    && w.is_ascii()
                    && phrase_words.insert(w.to_owned())
                {
                    fuzzy_terms.push(FuzzyTerm {
                        skeleton: w.into(),
                        category: 0,
                        source: w.into(),
                        code: None,
                        personal: false,
                        phrase_word: true,
                        max_token: 2,
                        max_join: 0,
                        mask: letter_mask(w.as_bytes()),
                    });
                }
            }
        }

        let mut vocabulary: Vec<Vec<Box<[u8]>>> = vec![Vec::new(); MAX_FUZZY_LEN + 1];
        let mut seen: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
        let mut by_kind: Vec<&Entry> = entries.iter().collect();
        by_kind.sort_by_key(|e| !matches!(e.kind, EntryKind::Term));
        for e in by_kind {
            for w in skeleton_phrase(&e.source).split(' ') {
                let w = w.as_bytes();
                if w.len() >= 3
                    && w.len() <= MAX_FUZZY_LEN
                    && w.is_ascii()
                    && seen.insert(w.to_vec())
                {
                    vocabulary[w.len()].push(w.into());
                }
            }
        }

        let build = |p: &[String]| -> Result<Option<AhoCorasick>, String> {
            if p.is_empty() {
                return Ok(None);
            }
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                // A full DFA: more memory at compile, the fastest scan per byte.
                .kind(Some(AhoCorasickKind::DFA))
                .build(p)
                .map(Some)
                .map_err(|e| e.to_string())
        };
        let words = WordTrie::new(patterns.iter().map(String::as_str));
        let (sub_patterns, sub_entries): (Vec<String>, Vec<u32>) = patterns
            .iter()
            .enumerate()
            .filter(|(_, p)| p.len() >= settings.substring_min_len && !p.contains(' '))
            .map(|(i, p)| (p.clone(), i as u32))
            .unzip();
        let sub_ac = build(&sub_patterns)?;
        let emoji_ac = build(&emoji_patterns)?;

        // The byte-level distance below needs ASCII terms of bounded length.
        fuzzy_terms.retain(|t| t.skeleton.is_ascii() && t.skeleton.len() <= MAX_FUZZY_LEN);
        // A candidate is only where it can match: a budget of zero against tokens is the exact
        // match the automaton already made, and against joins is an exact lookup.
        let buckets = |keep: &dyn Fn(&FuzzyTerm) -> bool| {
            Buckets::new(fuzzy_terms.iter().enumerate().filter(|(_, t)| keep(t)))
        };
        let token_buckets = buckets(&|t| !t.phrase_word && t.max_token > 0);
        let join_buckets = buckets(&|t| !t.phrase_word && t.max_join > 0);
        let phrase_buckets = buckets(&|t| t.phrase_word);
        let mut exact_joins: HashMap<u64, Vec<u32>, _> = HashMap::default();
        for (i, t) in fuzzy_terms.iter().enumerate() {
            if !t.phrase_word && t.max_join == 0 {
                exact_joins
                    .entry(poly_hash(t.skeleton.as_bytes()).0)
                    .or_default()
                    .push(i as u32);
            }
        }
        let mut exact_join_filter = vec![0u64; (1 << JOIN_FILTER_BITS) / 64].into_boxed_slice();
        for &h in exact_joins.keys() {
            let bit = join_filter_bit(h);
            exact_join_filter[bit / 64] |= 1 << (bit % 64);
        }
        let fuzzy_max_len = fuzzy_terms
            .iter()
            .map(|t| t.skeleton.len())
            .max()
            .unwrap_or(0);
        Ok(Self {
            fuzzy_max_len,
            vocabulary,
            words,
            sub_ac,
            sub_entries,
            entries,
            emoji_ac,
            emoji_entries,
            token_buckets,
            join_buckets,
            exact_joins,
            exact_join_filter,
            phrase_buckets,
            fuzzy_terms,
            code_count: code_category.len(),
            cue_count,
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

    /// Resolves masked letters (`*`, kept by normalisation) against the policy's vocabulary:
    /// `c*ts` becomes `cuts` when a term has that word, the first such word (words of terms
    /// before context words) when several fit. A mask no word fits is dropped, as any other
    /// separator inside a word. Rare, so this rebuilds the skeleton only when a mask is there;
    /// bounded by [`MAX_FUZZY_TOKENS`] tokens, each against the words of its length.
    fn resolve_masks(&self, n: &mut Normalised) {
        if !n.skeleton.contains('*') {
            return;
        }
        let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        let old = std::mem::take(&mut n.skeleton);
        n.skeleton.reserve(old.len());
        n.skeleton.push(' ');
        for (i, t) in n.tokens.iter_mut().enumerate() {
            let tok = &old.as_bytes()[t.span.clone()];
            let start = n.skeleton.len();
            if !tok.contains(&b'*') {
                n.skeleton.push_str(&old[t.span.clone()]);
            } else {
                let fit = (i < MAX_FUZZY_TOKENS)
                    .then(|| self.vocabulary.get(tok.len()))
                    .flatten()
                    .and_then(|words| {
                        words.iter().find(|w| {
                            w.iter()
                                .zip(tok)
                                .all(|(&a, &b)| a == b || (b == b'*' && vowel(a)))
                        })
                    });
                match fit {
                    Some(w) => n
                        .skeleton
                        .push_str(std::str::from_utf8(w).unwrap_or_default()),
                    None => n
                        .skeleton
                        .extend(old[t.span.clone()].chars().filter(|&c| c != '*')),
                }
            }
            t.span = start..n.skeleton.len();
            n.skeleton.push(' ');
        }
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
        s.hit.clear();
        s.hit.resize(exempt.len(), false);
        s.framing.clear();
        s.framing.resize(exempt.len(), false);
        s.personal.clear();
        s.personal.resize(exempt.len(), false);
        s.code_speaker.clear();
        s.code_speaker.resize(self.code_count, false);
        s.recovery.clear();
        s.recovery.resize(exempt.len(), 0);
        s.danger.clear();
        s.danger.resize(exempt.len(), false);
        s.cues.clear();
        s.cues.resize(self.cue_count.div_ceil(64), 0);
        s.cue_end.clear();
        s.cue_end.resize(exempt.len(), 0);
        s.cue_end_in_token.clear();
        s.cue_end_in_token.resize(exempt.len(), 0);
        s.corrections.clear();
        self.resolve_masks(&mut s.norm);
        let n = &s.norm;
        let mut code_evidence: Vec<(usize, String)> = Vec::new();

        // Each match is acted on as it is found: collecting them first cost 16 bytes a match,
        // and a shared word (in every category) repeated through a megabyte caption is
        // millions of matches.
        let mut on_match = |index: usize, a: usize, b: usize, whole: bool| {
            let e = &self.entries[index];
            match e.kind {
                EntryKind::Term => {
                    let kind = if whole {
                        HitKind::Term
                    } else {
                        HitKind::InToken
                    };
                    if explain {
                        let rule = if e.personal {
                            // Why a framing exemption beside it did not clear it.
                            format!("{} (first person)", e.source).into()
                        } else {
                            e.source.clone()
                        };
                        evidence.push(Evidence {
                            category: e.category,
                            kind: kind.clone(),
                            rule,
                            matched: n.skeleton[a..b].to_owned(),
                            exempt: false,
                        });
                    }
                    push_hit(&mut s.hit, hits, e.category, kind);
                    s.personal[e.category] |= e.personal || speaker_before(n, word_at(n, a));
                }
                EntryKind::FramingExempt => {
                    s.framing[e.category] = true;
                    if explain {
                        evidence.push(Evidence {
                            category: e.category,
                            kind: HitKind::Term,
                            rule: format!("{} (framing)", e.source).into(),
                            matched: n.skeleton[a..b].to_owned(),
                            exempt: true,
                        });
                    }
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
                        s.code_speaker[c] |= speaker_before(n, word_at(n, a));
                        if explain {
                            code_evidence.push((c, e.source.to_string()));
                        }
                    }
                }
                EntryKind::Context(c) => s.context_seen[c] = true,
                EntryKind::RecoveryCue(id) => {
                    // In-token matches come in a pass of their own, in order within each
                    // token: their overlaps are judged among themselves, not against where the
                    // word pass's last cue ended.
                    let end = if whole {
                        &mut s.cue_end[..]
                    } else {
                        &mut s.cue_end_in_token[..]
                    };
                    let stance = (&mut s.cues[..], end, &mut s.recovery[..]);
                    let counted = count_cue(stance, id, e.category, Some(a..b));
                    if explain && counted && evidence.len() < MAX_EVIDENCE {
                        evidence.push(Evidence {
                            category: e.category,
                            kind: HitKind::Stance,
                            rule: format!(
                                "{} (recovery cue; {} different ones clear the category)",
                                e.source, self.settings.recovery_min_cues
                            )
                            .into(),
                            matched: n.skeleton[a..b].to_owned(),
                            exempt: false,
                        });
                    }
                }
                EntryKind::DangerCue => {
                    let first = !s.danger[e.category];
                    s.danger[e.category] = true;
                    if explain && first && evidence.len() < MAX_EVIDENCE {
                        evidence.push(Evidence {
                            category: e.category,
                            kind: HitKind::Stance,
                            rule: format!(
                                "{} (danger cue: no exemption clears the category)",
                                e.source
                            )
                            .into(),
                            matched: n.skeleton[a..b].to_owned(),
                            exempt: false,
                        });
                    }
                }
            }
        };
        self.words
            .for_each_match(&n.skeleton, &mut s.words, |e, a, b| on_match(e, a, b, true));
        if let Some(ac) = &self.sub_ac {
            // Inside run-together tokens only; a match that is the whole token is whole, and
            // the trie has it.
            for t in n.tokens.iter().filter(|t| t.kind != TokenKind::Word) {
                for m in ac.find_overlapping_iter(&n.skeleton[t.span.clone()]) {
                    let (a, b) = (t.span.start + m.start(), t.span.start + m.end());
                    if a != t.span.start || b != t.span.end {
                        let e = self.sub_entries[m.pattern().as_usize()] as usize;
                        on_match(e, a, b, false);
                    }
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
                        push_hit(&mut s.hit, hits, e.category, HitKind::Emoji);
                    }
                    EntryKind::Exempt => exempt[e.category] = true,
                    EntryKind::FramingExempt => s.framing[e.category] = true,
                    EntryKind::Code(c) => {
                        s.code_seen[c] = true;
                        if explain {
                            code_evidence.push((c, e.source.to_string()));
                        }
                    }
                    EntryKind::Context(c) => s.context_seen[c] = true,
                    EntryKind::DangerCue => s.danger[e.category] = true,
                    // Emoji offsets are in another string: counted by number only.
                    EntryKind::RecoveryCue(id) => {
                        let stance = (&mut s.cues[..], &mut s.cue_end[..], &mut s.recovery[..]);
                        count_cue(stance, id, e.category, None);
                    }
                }
            }
        }

        // Fuzzy: each token long enough, against the terms sharing its first letter.
        if !self.fuzzy_terms.is_empty() {
            let min = self.settings.fuzzy_min_len.saturating_sub(1);
            for (i, t) in n.tokens.iter().enumerate().take(MAX_FUZZY_TOKENS) {
                let tok = n.skeleton[t.span.clone()].as_bytes();
                // Phrase words start a letter shorter than terms, so a letter shorter again
                // for them ("deth" for "death").
                if tok.len() + 1 < min || tok.len() > self.fuzzy_max_len + 2 || !tok.is_ascii() {
                    continue;
                }
                let mask = letter_mask(tok);
                let terms = if tok.len() >= min {
                    self.token_buckets.get(tok, 2)
                } else {
                    &[]
                };
                for c in terms {
                    if !may_be_within(c, tok.len(), mask, usize::from(c.max_token)) {
                        continue;
                    }
                    let ft = &self.fuzzy_terms[c.id as usize];
                    if s.hit[ft.category] && !needs_person(s, ft.category) {
                        continue;
                    }
                    if let Some(d) = osa_bytes(ft.skeleton.as_bytes(), tok, ft.max_token) {
                        if d == 0 {
                            continue;
                        }
                        let matched = || String::from_utf8_lossy(tok).into_owned();
                        if let Some(c) = ft.code {
                            code_seen(ft, c, explain, &mut s.code_seen, &mut code_evidence);
                            s.code_speaker[c] |= speaker_before(n, i);
                            continue;
                        }
                        fuzzy_hit(ft, d, explain.then(matched), &mut s.hit, hits, evidence);
                        s.personal[ft.category] |= ft.personal || speaker_before(n, i);
                    }
                }
                // The word of a phrase this token is within one edit of; none if it is one
                // as written. Between two as near, the one of the token's length: a slipped
                // key ("fightz", "fights") is likelier than a letter added to "fight".
                let mut best: Option<(u32, usize, bool)> = None;
                for c in self.phrase_buckets.get(tok, 1) {
                    if !may_be_within(c, tok.len(), mask, EDIT) {
                        continue;
                    }
                    let word = self.fuzzy_terms[c.id as usize].skeleton.as_bytes();
                    let same_len = word.len() == tok.len();
                    match osa_bytes(word, tok, EDIT) {
                        Some(0) => {
                            best = None;
                            break;
                        }
                        Some(d) if best.is_none_or(|b| d < b.1 || d == b.1 && same_len && !b.2) => {
                            best = Some((c.id, d, same_len));
                        }
                        _ => {}
                    }
                }
                if let Some((id, d, _)) = best {
                    s.corrections.push((i, id, d));
                }
            }
        }

        // Joins: two adjacent tokens, or three where one is a fragment, glued back together
        // ("suic idal", "thi gh gap", "kilp myself"), exactly or within one edit.
        if !self.fuzzy_terms.is_empty() {
            s.toks.clear();
            s.toks.extend(
                n.tokens
                    .iter()
                    .filter(|t| t.kind != TokenKind::Hashtag)
                    .take(MAX_FUZZY_TOKENS)
                    .map(|t| JoinPart::new(&n.skeleton.as_bytes()[t.span.clone()], t.span.clone())),
            );
            // Taken out of the scratch for the pass, so the loop can borrow the rest of it.
            let mut ids = std::mem::take(&mut s.join_ids);
            for i in 0..s.toks.len() {
                for j in i + 1..(i + 3).min(s.toks.len()) {
                    let parts = &s.toks[i..=j];
                    if j == i + 2 && !parts.iter().any(|p| p.span.len() <= 3) {
                        continue;
                    }
                    // The join's length, letters and hash come from its parts': most joins
                    // are ruled out without being written down.
                    let len: usize = parts.iter().map(|p| p.span.len()).sum();
                    if len < 4 || len > self.fuzzy_max_len + 1 || !parts.iter().all(|p| p.ascii) {
                        continue;
                    }
                    let mask = parts.iter().fold(0, |m, p| m | p.mask);
                    let hash = parts
                        .iter()
                        .fold(0u64, |h, p| h.wrapping_mul(p.pow).wrapping_add(p.hash));
                    let first = n.skeleton.as_bytes()[parts[0].span.start];
                    ids.clear();
                    let bit = join_filter_bit(hash);
                    if self.exact_join_filter[bit / 64] & (1 << (bit % 64)) != 0
                        && let Some(exact) = self.exact_joins.get(&hash)
                    {
                        ids.extend_from_slice(exact);
                    }
                    for c in self.join_buckets.get_by(first, len, 1) {
                        if may_be_within(c, len, mask, usize::from(c.max_join)) {
                            ids.push(c.id);
                        }
                    }
                    let mut written = false;
                    for &id in ids.iter() {
                        let ft = &self.fuzzy_terms[id as usize];
                        if s.hit[ft.category] && !needs_person(s, ft.category) {
                            continue;
                        }
                        if !written {
                            s.join.clear();
                            for p in parts {
                                s.join.push_str(&n.skeleton[p.span.clone()]);
                            }
                            written = true;
                        }
                        let join = s.join.as_bytes();
                        // An exact form's hash may be another join's: the distance decides.
                        if let Some(d) = osa_bytes(ft.skeleton.as_bytes(), join, ft.max_join) {
                            let speaker = speaker_before(n, word_at(n, parts[0].span.start));
                            if let Some(c) = ft.code {
                                code_seen(ft, c, explain, &mut s.code_seen, &mut code_evidence);
                                s.code_speaker[c] |= speaker;
                                continue;
                            }
                            s.personal[ft.category] |= ft.personal || speaker;
                            let matched = || {
                                let words: Vec<&str> =
                                    parts.iter().map(|p| &n.skeleton[p.span.clone()]).collect();
                                words.join(" ")
                            };
                            fuzzy_hit(ft, d, explain.then(matched), &mut s.hit, hits, evidence);
                        }
                    }
                }
            }
            s.join_ids = ids;
        }

        if !s.corrections.is_empty() {
            self.corrected_phrases(s, explain, hits, evidence);
        }

        // A post with almost no words: codes marked `alone` need no context there.
        let wordless = s
            .norm
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Hashtag)
            .count()
            <= 2;

        // Code words: on their own only where they need no context.
        // Most items see no code word: the flags are tested sixteen at a time.
        let mut seen_codes: Vec<usize> = Vec::new();
        for (k, chunk) in s.code_seen.chunks(16).enumerate() {
            if chunk.iter().fold(false, |a, &b| a | b) {
                seen_codes.extend((0..chunk.len()).filter(|&j| chunk[j]).map(|j| k * 16 + j));
            }
        }
        for &c in &seen_codes {
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
                push_hit(&mut s.hit, hits, cat, HitKind::CodeWord);
                s.personal[cat] |= s.code_speaker[c];
            }
        }
        evidence.truncate(MAX_EVIDENCE);
    }
}

impl Matcher {
    /// Matches multi-word terms again over the skeleton with each misspelt word read as the
    /// phrase word it is within one edit of ("daeth is all i think about"). Only matches that
    /// take in a corrected word count: the rest were found in the first pass.
    fn corrected_phrases(
        &self,
        s: &mut Scratch,
        explain: bool,
        hits: &mut Vec<(usize, HitKind)>,
        evidence: &mut Vec<Evidence>,
    ) {
        let Scratch {
            norm: n,
            corrections,
            corrected,
            hit,
            framing,
            personal,
            words,
            found,
            ..
        } = s;
        let sk = n.skeleton.as_str();
        // In order: (start, end) in `corrected`, the token's span in the skeleton, half-edits,
        // and how much longer the skeleton is than `corrected` up to this region's end.
        let mut regions: Vec<(usize, usize, std::ops::Range<usize>, usize, isize)> = Vec::new();
        corrected.clear();
        let mut last = 0;
        let mut shift = 0isize;
        for &(i, id, d) in corrections.iter() {
            let span = n.tokens[i].span.clone();
            if span.start < last {
                continue;
            }
            corrected.push_str(&sk[last..span.start]);
            let start = corrected.len();
            corrected.push_str(&self.fuzzy_terms[id as usize].skeleton);
            shift += span.len() as isize - (corrected.len() - start) as isize;
            regions.push((start, corrected.len(), span.clone(), d, shift));
            last = span.end;
        }
        corrected.push_str(&sk[last..]);
        // The first region ending after `at`: regions are sorted, so a match finds its own
        // with a binary search, and a hostile item's thousand corrections stay logarithmic.
        let after = |at: usize| regions.partition_point(|r| r.1 <= at);
        // A position in `corrected` back in the skeleton, for words before a match.
        let original = |at: usize| -> usize {
            let k = after(at);
            match regions.get(k) {
                Some(r) if r.0 < at => r.2.start,
                _ => {
                    let shift = k.checked_sub(1).map_or(0, |k| regions[k].4);
                    at.saturating_add_signed(shift)
                }
            }
        };
        // Only phrases that take in a corrected word are kept, so what is gathered is bounded by
        // the corrections (at most MAX_FUZZY_TOKENS), not by the text.
        found.clear();
        self.words.for_each_match(corrected, words, |e, a, b| {
            let takes_correction = regions.get(after(a)).is_some_and(|r| r.0 < b);
            if self.entries[e].phrase && takes_correction {
                found.push((e as u32, a as u32, b as u32));
            }
        });
        for &(e, a, b) in found.iter() {
            let e = &self.entries[e as usize];
            let (a, b) = (a as usize, b as usize);
            // Already hit, and not waiting for a first-person match (`needs_person`).
            if hit[e.category] && (personal[e.category] || !framing[e.category]) {
                continue;
            }
            let edits: usize = regions[after(a)..]
                .iter()
                .take_while(|r| r.0 < b)
                .map(|r| r.3)
                .sum();
            // One edit in all, as for a phrase glued together: one word misspelt, or a vowel
            // swapped in each of two.
            if edits == 0 || edits > EDIT {
                continue;
            }
            let (oa, ob) = (original(a), original(b));
            personal[e.category] |= e.personal || speaker_before(n, word_at(n, oa));
            let distance = edits.div_ceil(2);
            if explain {
                let rule = if e.personal {
                    format!("{} (first person)", e.source).into()
                } else {
                    e.source.clone()
                };
                evidence.push(Evidence {
                    category: e.category,
                    kind: HitKind::Fuzzy { distance },
                    rule,
                    matched: sk[oa..ob.max(oa)].trim().to_owned(),
                    exempt: false,
                });
            }
            push_hit(hit, hits, e.category, HitKind::Fuzzy { distance });
        }
    }
}

/// Marks a code word seen through a fuzzy match or a join; it still needs its context.
fn code_seen(
    ft: &FuzzyTerm,
    code: usize,
    explain: bool,
    seen: &mut [bool],
    evidence: &mut Vec<(usize, String)>,
) {
    seen[code] = true;
    if explain {
        evidence.push((code, ft.source.to_string()));
    }
}

/// Records a fuzzy hit, and its evidence when explaining.
fn fuzzy_hit(
    ft: &FuzzyTerm,
    distance: usize,
    matched: Option<String>,
    hit: &mut [bool],
    hits: &mut Vec<(usize, HitKind)>,
    evidence: &mut Vec<Evidence>,
) {
    // Half-edits to edits, a lone vowel swap showing as one.
    let distance = distance.div_ceil(2);
    if let Some(matched) = matched {
        evidence.push(Evidence {
            category: ft.category,
            kind: HitKind::Fuzzy { distance },
            rule: ft.source.clone(),
            matched,
            exempt: false,
        });
    }
    push_hit(hit, hits, ft.category, HitKind::Fuzzy { distance });
}

/// Whether a category already hit must still be searched: a framing exemption clears it
/// unless a first-person match turns up, so a misspelt first-person match still counts.
fn needs_person(s: &Scratch, category: usize) -> bool {
    s.framing[category] && !s.personal[category]
}

/// Counts recovery cue `id` of `category` found at `span` of the skeleton (`None` for an
/// emoji cue, whose offsets are in another string), unless it was counted already or overlaps
/// the last cue counted there (matches arrive in order of start). Returns whether it counted.
fn count_cue(
    (cues, cue_end, recovery): (&mut [u64], &mut [usize], &mut [u8]),
    id: u16,
    category: usize,
    span: Option<std::ops::Range<usize>>,
) -> bool {
    let (word, bit) = (usize::from(id) / 64, 1u64 << (id % 64));
    let seen = cues.get(word).is_none_or(|w| w & bit != 0);
    let inside = span.as_ref().is_some_and(|s| s.start < cue_end[category]);
    if seen || inside {
        return false;
    }
    cues[word] |= bit;
    if let Some(s) = span {
        cue_end[category] = s.end;
    }
    recovery[category] = recovery[category].saturating_add(1);
    true
}

/// Records a hit once per category.
fn push_hit(hit: &mut [bool], hits: &mut Vec<(usize, HitKind)>, category: usize, kind: HitKind) {
    if let Some(h) = hit.get_mut(category) {
        if *h {
            return;
        }
        *h = true;
    }
    hits.push((category, kind));
}

/// Longest skeleton a fuzzy term may have (distance rows live on the stack).
const MAX_FUZZY_LEN: usize = 40;

/// One token as joins see it: what a join's filters need, made once per token.
#[derive(Debug, Clone)]
struct JoinPart {
    span: std::ops::Range<usize>,
    mask: u32,
    /// [`poly_hash`] of the token and the multiplier that appends it to another.
    hash: u64,
    pow: u64,
    ascii: bool,
}

impl JoinPart {
    /// One pass over the bytes for the hash, the letters and whether they are ASCII: every
    /// token of every item comes through here.
    fn new(bytes: &[u8], span: std::ops::Range<usize>) -> Self {
        let (mut hash, mut pow, mut mask, mut high) = (0u64, 1u64, 0u32, 0u8);
        for &b in bytes {
            (hash, pow) = poly_step((hash, pow), b);
            mask |= letter_bit(b);
            high |= b;
        }
        Self {
            span,
            mask,
            hash,
            pow,
            ascii: high < 0x80,
        }
    }
}

/// A polynomial hash of `bytes`, and the base to the power of their length: the hash of `a`
/// followed by `b` is `hash(a) * pow(b) + hash(b)`, so a join's hash comes from its parts'.
fn poly_hash(bytes: &[u8]) -> (u64, u64) {
    bytes.iter().fold((0, 1), |hp, &b| poly_step(hp, b))
}

/// [`poly_hash`] of some bytes and one more.
#[inline(always)]
fn poly_step((h, p): (u64, u64), b: u8) -> (u64, u64) {
    const BASE: u64 = 0x100_0000_01b3;
    (
        h.wrapping_mul(BASE).wrapping_add(u64::from(b) + 1),
        p.wrapping_mul(BASE),
    )
}

/// The exact-join filter has `2^JOIN_FILTER_BITS` bits: 8 KiB, a few thousand forms in it.
const JOIN_FILTER_BITS: u32 = 16;

/// A join hash's bit in the exact-join filter: its top bits, which the polynomial's
/// multiplications mix best.
fn join_filter_bit(hash: u64) -> usize {
    (hash >> (64 - JOIN_FILTER_BITS)) as usize
}

/// Lengths a bucket indexes: every fuzzy term, and the slack above the longest.
const LEN_SLOTS: usize = MAX_FUZZY_LEN + 4;

/// Fuzzy candidates by first byte, each list sorted by length, with where each length starts.
/// Human misspellings almost always keep the first letter; requiring it keeps fuzzy matching
/// off ordinary words one edit away ("lights" is not "fights"). Candidates are compact records
/// in one array per first letter, so the filters run over contiguous memory and touch a term
/// only when its mask passes.
#[derive(Debug)]
struct Buckets {
    lists: Vec<Vec<Candidate>>,
    /// `starts[b][len]`: the first candidate of bucket `b` at least `len` long.
    starts: Vec<[u32; LEN_SLOTS]>,
}

impl Buckets {
    fn new<'a>(terms: impl Iterator<Item = (usize, &'a FuzzyTerm)>) -> Self {
        let mut lists: Vec<Vec<Candidate>> = vec![Vec::new(); 128];
        for (i, t) in terms {
            if let Some(&b) = t.skeleton.as_bytes().first() {
                lists[usize::from(b & 0x7f)].push(Candidate {
                    mask: t.mask,
                    id: i as u32,
                    // Bounded by MAX_FUZZY_LEN (40) and the budgets (4): all fit a byte.
                    len: t.skeleton.len() as u8,
                    max_token: t.max_token as u8,
                    max_join: t.max_join as u8,
                });
            }
        }
        for l in &mut lists {
            l.sort_by_key(|c| c.len);
        }
        let starts = lists
            .iter()
            .map(|l| {
                std::array::from_fn(|len| l.partition_point(|c| usize::from(c.len) < len) as u32)
            })
            .collect();
        Self { lists, starts }
    }

    /// Candidates that start with the word's first byte and whose length is within `slack`
    /// of the word's.
    fn get(&self, word: &[u8], slack: usize) -> &[Candidate] {
        match word.first() {
            Some(&b) => self.get_by(b, word.len(), slack),
            None => &[],
        }
    }

    /// Candidates that start with `first` and whose length is within `slack` of `len`.
    fn get_by(&self, first: u8, len: usize, slack: usize) -> &[Candidate] {
        let b = usize::from(first & 0x7f);
        let lo = len.saturating_sub(slack).min(LEN_SLOTS - 1);
        let hi = (len + slack + 1).min(LEN_SLOTS - 1).max(lo);
        let s = &self.starts[b];
        &self.lists[b][s[lo] as usize..s[hi] as usize]
    }
}

/// A fuzzy term as the candidate scan sees it: what the filters need, and its index.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    mask: u32,
    id: u32,
    len: u8,
    /// Half-edit budgets, as in [`FuzzyTerm`].
    max_token: u8,
    max_join: u8,
}

/// Neighbours on a QWERTY keyboard, a-z.
const KEY_NEIGHBOURS: [&[u8]; 26] = [
    b"qwsz", b"vghn", b"xdfv", b"serfcx", b"wsdr", b"drtgvc", b"ftyhbv", b"gyujnb", b"ujko",
    b"huikmn", b"jiolm", b"kop", b"njk", b"bhjm", b"iklp", b"ol", b"wa", b"edft", b"awedxz",
    b"rfgy", b"yhji", b"cfgb", b"qase", b"zsdc", b"tghu", b"asx",
];

/// What replacing one letter costs, in half-edits. Misspellings and algospeak write one vowel
/// for another ("thynspo", "syicyde": half an edit each) or hit a neighbouring key
/// ("selfharn": one edit); any other substitution costs two edits, so "staying" is not one
/// edit from "stabing" (stabbing). Insertions, deletions and swaps cost one edit.
fn substitution_cost(x: u8, y: u8) -> usize {
    if x == y {
        0
    } else if x.is_ascii_lowercase() && y.is_ascii_lowercase() {
        usize::from(SUBSTITUTION[usize::from(x - b'a')][usize::from(y - b'a')])
    } else {
        4
    }
}

/// [`substitution_cost`] between letters, as a table: the distance tables look it up for every
/// cell, where searching the neighbour lists was a call a cell.
static SUBSTITUTION: [[u8; 26]; 26] = substitution_table();

const fn substitution_table() -> [[u8; 26]; 26] {
    const fn vowel(c: u8) -> bool {
        matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
    }
    let mut t = [[4u8; 26]; 26];
    let mut x = 0;
    while x < 26 {
        let near = KEY_NEIGHBOURS[x];
        let mut k = 0;
        while k < near.len() {
            t[x][(near[k] - b'a') as usize] = 2;
            k += 1;
        }
        let mut y = 0;
        while y < 26 {
            if vowel(b'a' + x as u8) && vowel(b'a' + y as u8) {
                t[x][y] = 1;
            }
            y += 1;
        }
        t[x][x] = 0;
        x += 1;
    }
    t
}

/// One insertion, deletion or swap, in half-edits.
const EDIT: usize = 2;

/// Optimal string alignment distance (Levenshtein plus adjacent swaps) of two ASCII strings in
/// half-edits ([`substitution_cost`]), if it is at most `max`. Bounded: stops as soon as every
/// cell of a row exceeds `max`, and allocates nothing (the rows live on the stack).
fn osa_bytes(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) * EDIT > max
        || a.len() > MAX_FUZZY_LEN
        || b.len() > MAX_FUZZY_LEN + 2
    {
        return None;
    }
    if max <= EDIT {
        return within_one_edit(a, b).filter(|&d| d <= max);
    }
    osa_table(a, b, max)
}

/// [`osa_bytes`] for budgets up to one edit, without the table: once the common prefix and
/// suffix are stripped, what is left must be one substitution, one swap, two vowel swaps, or
/// one extra letter. Most calls have this budget, and this is linear with an early exit.
fn within_one_edit(a: &[u8], b: &[u8]) -> Option<usize> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return None;
    }
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let q = short[p..]
        .iter()
        .rev()
        .zip(long[p..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (s, l) = (&short[p..short.len() - q], &long[p..long.len() - q]);
    if short.len() != long.len() {
        return s.is_empty().then_some(EDIT);
    }
    match s.len() {
        0 => Some(0),
        1 => Some(substitution_cost(s[0], l[0])).filter(|&c| c <= EDIT),
        n => {
            let swap = n == 2 && s[0] == l[1] && s[1] == l[0];
            let vowels = s[1..n - 1] == l[1..n - 1]
                && substitution_cost(s[0], l[0]) == 1
                && substitution_cost(s[n - 1], l[n - 1]) == 1;
            (swap || vowels).then_some(EDIT)
        }
    }
}

/// The bounded dynamic-programming form of [`osa_bytes`], for budgets above one edit. The
/// common prefix and suffix cost nothing and are stripped first, so the table covers only
/// where the words differ: a candidate that got this far usually shares most of its letters.
fn osa_table(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..], &b[p..]);
    let q = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    osa_full(&a[..a.len() - q], &b[..b.len() - q], max)
}

fn osa_full(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    const W: usize = MAX_FUZZY_LEN + 4;
    let w = b.len() + 1;
    // Cells are at most (40 + 42) edits of two half-edits: a byte holds them. The rows are
    // rotated, not copied: copying rows of machine words cost more than filling them.
    let (mut r0, mut r1, mut r2) = ([0u8; W], [0u8; W], [0u8; W]);
    let (mut prev2, mut prev, mut cur) = (&mut r0, &mut r1, &mut r2);
    for (j, p) in prev.iter_mut().enumerate().take(w) {
        *p = (j * EDIT) as u8;
    }
    let edit = EDIT as u8;
    for i in 1..=a.len() {
        cur[0] = (i * EDIT) as u8;
        let mut row_min = cur[0];
        for j in 1..w {
            let cost = substitution_cost(a[i - 1], b[j - 1]) as u8;
            let mut v = (prev[j] + edit)
                .min(cur[j - 1] + edit)
                .min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + edit);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = usize::from(prev[b.len()]);
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
                framing_exempt_terms: vec![],
                recovery_cues: vec![],
                danger_cues: vec![],
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
                framing_exempt_terms: vec![],
                recovery_cues: vec![],
                danger_cues: vec![],
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

    /// Whether a text hits one category of these terms.
    fn hits_terms(terms: &[&str]) -> impl Fn(&str) -> bool {
        let lists = vec![CategoryLists {
            terms: terms.iter().map(|t| t.to_string()).collect(),
            exempt_terms: vec![],
            framing_exempt_terms: vec![],
            recovery_cues: vec![],
            danger_cues: vec![],
            code_words: vec![],
        }];
        let m = Matcher::new(&lists, Settings::default()).unwrap();
        move |text: &str| {
            let mut s = Scratch::default();
            normalise(text, &mut s.norm);
            let mut hits = Vec::new();
            m.scan(&mut s, false, &mut hits, &mut [false], &mut Vec::new());
            !hits.is_empty()
        }
    }

    #[test]
    fn a_phrase_glued_into_a_hashtag_matches_with_its_repeated_letter_collapsed() {
        let hit = hits_terms(&["want to die", "log off forever"]);
        // Text reads "#wanttodie" as "wantodie" and "#logoffforever" as "logoforever": the
        // letter repeated where the words meet collapses like any other repeat.
        assert!(hit("#wanttodie"));
        assert!(hit("#logoffforever"));
        assert!(hit("#w4nt7od1e"));
        // Split apart and glued back, as written.
        assert!(hit("wantt odie"));
        assert!(!hit("#wantodds"));
        // The collapsed form is matched exactly, never against tokens glued together: it
        // would be one edit from, or equal to, ordinary phrases.
        let hit = hits_terms(&["catch hands", "women cant think"]);
        assert!(hit("#catchands"));
        assert!(hit("#catchhands"));
        assert!(!hit("catch and release"));
        assert!(!hit("play catch and then home"));
    }

    #[test]
    fn framing_exemptions_clear_topic_matches_but_not_first_person_ones() {
        let lists = vec![CategoryLists {
            terms: vec!["suicide".into(), "kill myself".into(), "suicidal".into()],
            exempt_terms: vec!["samaritans".into()],
            framing_exempt_terms: vec!["news".into()],
            recovery_cues: vec![],
            danger_cues: vec![],
            code_words: vec![],
        }];
        let m = Matcher::new(&lists, Settings::default()).unwrap();
        // (hit, cleared by framing, cleared by a global exemption)
        let judge = |text: &str| {
            let mut s = Scratch::default();
            normalise(text, &mut s.norm);
            let mut hits = Vec::new();
            let mut exempt = vec![false; 1];
            m.scan(&mut s, false, &mut hits, &mut exempt, &mut Vec::new());
            (!hits.is_empty(), s.cleared_by_framing(0), exempt[0])
        };
        assert_eq!(judge("news: suicide rates fall"), (true, true, false));
        assert_eq!(
            judge("suicide rates fall, the news says"),
            (true, true, false)
        );
        assert_eq!(judge("suicide rates fall"), (true, false, false));
        // First person: a framing word does not clear it, tacked on or leading.
        assert_eq!(
            judge("i want to kill myself tonight #news"),
            (true, false, false)
        );
        assert_eq!(
            judge("news on suicide. k1ll mys3lf tonight"),
            (true, false, false)
        );
        // A topic word the speaker applies to themselves is theirs too; two words back only.
        assert_eq!(
            judge("im so suicidal, the news is full of it"),
            (true, false, false)
        );
        assert_eq!(judge("news: my essay on suicide"), (true, true, false));
        // ... found even misspelt and glued, after the category already had a topic hit.
        assert_eq!(
            judge("news on suicide. gonna kilmyself"),
            (true, false, false)
        );
        // A global exemption clears anywhere, first person included.
        let (_, _, global) = judge("i wanted to kill myself that year, then i rang the samaritans");
        assert!(global);
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
    fn a_phrase_matches_with_a_word_misspelt_but_only_as_a_whole() {
        let lists = vec![CategoryLists {
            terms: vec![
                "death is all i think about".into(),
                "fight club".into(),
                "fights every single night".into(),
            ],
            exempt_terms: vec![],
            framing_exempt_terms: vec![],
            recovery_cues: vec![],
            danger_cues: vec![],
            code_words: vec![],
        }];
        let m = Matcher::new(&lists, Settings::default()).unwrap();
        let fuzzy = vec![(0, HitKind::Fuzzy { distance: 1 })];
        assert_eq!(scan(&m, "daeth is all i think about now").0, fuzzy);
        assert_eq!(scan(&m, "death is all i thnik about").0, fuzzy);
        assert_eq!(
            scan(&m, "death is all i think about").0,
            vec![(0, HitKind::Term)]
        );
        // The rest of the phrase must still be there, and the word within one edit.
        assert!(scan(&m, "daeth is all i worry about").0.is_empty());
        assert!(scan(&m, "depth is all i think about").0.is_empty());
        // "fight" is a phrase word as written, so it is not read as "fights".
        assert!(scan(&m, "fight every single night").0.is_empty());
        assert_eq!(scan(&m, "fihgts every single night").0, fuzzy);
        // As near to "fight" (a letter added) as to "fights" (a slipped key): the word of the
        // token's length is the reading.
        assert_eq!(scan(&m, "fightz every single night").0, fuzzy);
        // A letter dropped from a five-letter word leaves four, still read.
        assert_eq!(scan(&m, "deth is all i think about").0, fuzzy);
        // One edit in all: two words misspelt are not the phrase.
        assert!(scan(&m, "daeth is all i thnik about").0.is_empty());

        let mut s = Scratch::default();
        normalise("ok daeth is all i think about now", &mut s.norm);
        let (mut hits, mut evidence) = (Vec::new(), Vec::new());
        m.scan(&mut s, true, &mut hits, &mut [false], &mut evidence);
        assert_eq!(evidence.len(), 1);
        assert_eq!(evidence[0].matched, "daeth is al i think about");
        // Marked as the first pass marks it: a framing word beside it would not clear it.
        assert_eq!(
            &*evidence[0].rule,
            "death is all i think about (first person)"
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
        // Budgets and distances are in half-edits.
        assert_eq!(
            osa_bytes(b"abcd", b"abdc", 2),
            Some(2),
            "a swap is one edit"
        );
        assert_eq!(osa_bytes(b"abcdef", b"ghijkl", 4), None);
        assert_eq!(
            osa_bytes(b"selfharn", b"selfharm", 2),
            Some(2),
            "keyboard neighbour"
        );
        assert_eq!(
            osa_bytes(b"thynspo", b"thinspo", 2),
            Some(1),
            "vowel for vowel is half an edit"
        );
        assert_eq!(
            osa_bytes(b"syicyde", b"suicide", 2),
            Some(2),
            "two vowel swaps are one edit"
        );
        assert_eq!(
            osa_bytes(b"staying", b"stabing", 2),
            None,
            "b and y are far apart"
        );
        assert_eq!(
            scan(&m, "thynspyration").0,
            vec![(0, HitKind::Fuzzy { distance: 1 })],
            "two vowel swaps show as one edit"
        );
    }

    #[test]
    fn stripping_common_ends_never_changes_a_distance() {
        // Pseudo-random pairs over a few letters (vowels, neighbouring keys, far ones), so
        // common ends, swaps beside them and repeated letters come up often.
        let letters = b"aeysdbx";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut differ = 0;
        for _ in 0..200_000 {
            let a: Vec<u8> = (0..next(9)).map(|_| letters[next(letters.len())]).collect();
            let mut b = a.clone();
            for _ in 0..next(4) {
                let i = next(b.len() + 1);
                match next(3) {
                    0 => b.insert(i, letters[next(letters.len())]),
                    1 if i < b.len() => b[i] = letters[next(letters.len())],
                    _ if i + 1 < b.len() => b.swap(i, i + 1),
                    _ => {}
                }
            }
            for max in 0..=6 {
                let full = osa_full(&a, &b, max);
                assert_eq!(osa_table(&a, &b, max), full, "{a:?} {b:?} {max}");
                differ += usize::from(full.is_some_and(|d| d > 0));
            }
        }
        assert!(
            differ > 100_000,
            "most pairs are near but not equal: {differ}"
        );
    }

    #[test]
    fn the_one_edit_shortcut_agrees_with_the_table() {
        // Every word below, every single edit of it and every pair of vowel swaps: the
        // shortcut must give the table's distance, both ways round.
        let words = [
            "suicide", "thinspo", "death", "about", "selfharm", "cutting", "aeiou",
        ];
        let letters = b"abcdefghijklmnopqrstuvwxyz";
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for w in words {
            let w = w.as_bytes();
            variants.push(w.to_vec());
            for i in 0..=w.len() {
                for &c in letters {
                    let mut v = w.to_vec();
                    v.insert(i, c);
                    variants.push(v);
                    if i < w.len() {
                        let mut v = w.to_vec();
                        v[i] = c;
                        variants.push(v);
                    }
                }
                if i < w.len() {
                    let mut v = w.to_vec();
                    v.remove(i);
                    variants.push(v);
                }
                if i + 1 < w.len() {
                    let mut v = w.to_vec();
                    v.swap(i, i + 1);
                    variants.push(v);
                    let mut v = w.to_vec();
                    v.remove(i);
                    v.remove(i);
                    variants.push(v);
                }
                for j in i + 1..w.len() {
                    for (x, y) in [(b'a', b'o'), (b'e', b'y'), (b'b', b'n')] {
                        let mut v = w.to_vec();
                        v[i] = x;
                        v[j] = y;
                        variants.push(v);
                    }
                }
            }
        }
        let mut near = 0;
        for w in words {
            for v in &variants {
                for (a, b) in [(w.as_bytes(), v.as_slice()), (v.as_slice(), w.as_bytes())] {
                    for max in [0, 1, 2] {
                        let table = osa_table(a, b, max);
                        assert_eq!(
                            within_one_edit(a, b).filter(|&d| d <= max),
                            table,
                            "{} / {} within {max}",
                            String::from_utf8_lossy(a),
                            String::from_utf8_lossy(b)
                        );
                        near += usize::from(table.is_some_and(|d| d > 0));
                    }
                }
            }
        }
        assert!(near > 1000, "the variants include near pairs: {near}");
    }

    #[test]
    fn a_join_hash_is_the_hash_of_the_joined_word() {
        for parts in [
            &["suic", "idal"][..],
            &["thi", "gh", "gap"],
            &["a", ""],
            &["kilp", "myself"],
        ] {
            let joined: String = parts.concat();
            let folded = parts.iter().fold(0u64, |h, p| {
                let (ph, pp) = poly_hash(p.as_bytes());
                h.wrapping_mul(pp).wrapping_add(ph)
            });
            assert_eq!(folded, poly_hash(joined.as_bytes()).0, "{parts:?}");
        }
        for w in [
            "",
            "suicidal",
            "Thin",
            "th1n$po",
            "ünï",
            "zz\u{7f}a",
            "\u{80}",
        ] {
            let p = JoinPart::new(w.as_bytes(), 0..w.len());
            let (h, pow) = poly_hash(w.as_bytes());
            assert_eq!((p.hash, p.pow), (h, pow), "{w:?}");
            assert_eq!(p.mask, letter_mask(w.as_bytes()), "{w:?}");
            assert_eq!(p.ascii, w.is_ascii(), "{w:?}");
        }
        assert_ne!(poly_hash(b"ab").0, poly_hash(b"ba").0);
        assert_ne!(poly_hash(b"a").0, poly_hash(b"a\0").0, "length counts");
    }

    #[test]
    fn the_letter_count_table_counts_bits() {
        // Every 13-bit half on its own and beside a full other half, and a walk through
        // the rest of the 26-bit masks.
        for h in 0..1u32 << 13 {
            for m in [h, h << 13, h | 0x1fff << 13, 0x1fff | h << 13] {
                assert_eq!(letter_count(m), m.count_ones() as usize, "{m:#x}");
            }
        }
        let mut m = 1u32;
        for _ in 0..100_000 {
            m = m.wrapping_mul(0x9e37_79b9).wrapping_add(7) & 0x3ff_ffff;
            assert_eq!(letter_count(m), m.count_ones() as usize, "{m:#x}");
        }
    }

    #[test]
    fn the_letter_mask_filter_never_rejects_a_real_match() {
        // Every pair within the budget must pass the filter, or fuzzy matching would miss it.
        let words = [
            "suicide",
            "syicyde",
            "suicdie",
            "suiside",
            "sucide",
            "suicidal",
            "thinspo",
            "thynspo",
            "thinspoo",
            "thnspo",
            "selfharm",
            "selfharn",
            "seifharm",
            "selfhram",
            "overweight",
            "overwaight",
            "ovrweight",
            "bodygoals",
            "bodygoels",
            "flatstomach",
            "flatstomch",
            "stabbing",
            "stubbing",
            "staying",
            "cutting",
            "cuttign",
            "kutting",
        ];
        let mut pairs = 0;
        for a in words {
            for b in words {
                for max in [1, 2, 4] {
                    if osa_bytes(a.as_bytes(), b.as_bytes(), max).is_some() {
                        pairs += 1;
                        assert!(
                            masks_within(letter_mask(a.as_bytes()), letter_mask(b.as_bytes()), max),
                            "{a} / {b} within {max} half-edits, rejected by the filter"
                        );
                    }
                }
            }
        }
        assert!(pairs > words.len() * 3, "the list has near pairs to check");
    }

    #[test]
    fn masked_letters_resolve_against_the_policy_words() {
        let lists = vec![CategoryLists {
            terms: vec!["my cuts".into(), "suicide".into()],
            exempt_terms: vec![],
            framing_exempt_terms: vec![],
            recovery_cues: vec![],
            danger_cues: vec![],
            code_words: vec![],
        }];
        let m = Matcher::new(&lists, Settings::default()).unwrap();
        let mut s = Scratch::default();
        let mut scan = |t: &str| {
            normalise(t, &mut s.norm);
            let mut hits = Vec::new();
            m.scan(&mut s, false, &mut hits, &mut [false], &mut Vec::new());
            (hits, s.norm.skeleton.clone())
        };
        assert_eq!(scan("my c*ts are healing").0, vec![(0, HitKind::Term)]);
        assert_eq!(scan("s*ic*de").0, vec![(0, HitKind::Term)]);
        // No word fits: the mask is dropped, and other tokens keep their places.
        let (hits, skeleton) = scan("b*rk my c*ts");
        assert_eq!(skeleton, " brk my cuts ");
        assert_eq!(hits, vec![(0, HitKind::Term)]);
    }

    #[test]
    fn emoji_codes_see_each_other_as_context() {
        let code = |word: &str, context: &[&str]| CodeWordSpec {
            category: 0,
            word: word.into(),
            context: context.iter().map(|c| c.to_string()).collect(),
            alone: true,
        };
        let lists = vec![CategoryLists {
            terms: vec![],
            exempt_terms: vec![],
            framing_exempt_terms: vec![],
            recovery_cues: vec![],
            danger_cues: vec![],
            code_words: vec![code("🤡", &["women", "👠"]), code("👠", &["🤡", "💸"])],
        }];
        let m = Matcher::new(&lists, Settings::default()).unwrap();
        let mut s = Scratch::default();
        normalise("👠🤡💸 all of them", &mut s.norm);
        let mut hits = Vec::new();
        m.scan(&mut s, false, &mut hits, &mut [false], &mut Vec::new());
        assert_eq!(hits, vec![(0, HitKind::CodeWord)]);
    }

    #[test]
    fn long_code_words_match_fuzzily_but_still_need_context() {
        let lists = vec![CategoryLists {
            terms: vec![],
            exempt_terms: vec![],
            framing_exempt_terms: vec![],
            recovery_cues: vec![],
            danger_cues: vec![],
            code_words: vec![CodeWordSpec {
                category: 0,
                word: "overweight".into(),
                context: vec!["do i look".into()],
                alone: false,
            }],
        }];
        let m = Matcher::new(&lists, Settings::default()).unwrap();
        let hits = |t: &str| {
            let mut s = Scratch::default();
            normalise(t, &mut s.norm);
            let mut hits = Vec::new();
            m.scan(&mut s, false, &mut hits, &mut [false], &mut Vec::new());
            hits
        };
        assert_eq!(hits("do i look overwaight"), vec![(0, HitKind::CodeWord)]);
        assert_eq!(hits("do i look over weight"), vec![(0, HitKind::CodeWord)]);
        assert!(hits("the overwaight bag fee").is_empty(), "no context");
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
