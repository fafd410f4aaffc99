//! Whole-word matching of phrases: a trie over word ids rather than bytes.
//!
//! Terms, exemptions, code words and context words count as whole words (or, long enough,
//! inside a run-together token, which [`super::matcher`] scans separately). A byte automaton
//! over thousands of phrases is megabytes of transitions, and walking it cost a cache miss a
//! byte of text; it also reported every phrase inside every word ("ana" in "banana") only for
//! the matcher to throw most away. Here each word of the text is looked up once in a table of
//! the policy's words, and only runs of known words walk the trie, so the work is a hash probe
//! a word and the matches reported are exactly the whole ones.
//!
//! Linear in the text: each word starts at most one walk, and a walk is at most as long as the
//! longest phrase in words.

use std::collections::HashMap;

const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub struct WordTrie {
    /// Every word of every phrase longer than seven bytes, by its bytes (while the trie is
    /// built, every word: it hands out the ids).
    ids: HashMap<Box<[u8]>, u32, foldhash::fast::RandomState>,
    /// The ids of words of up to seven bytes, keyed by [`short_key`]: most words of a text are
    /// short, and a `u64` key is hashed and compared in a few instructions where a byte string
    /// takes a string hash and a `memcmp` call.
    short: HashMap<u64, u32, foldhash::fast::FixedState>,
    /// The state after a phrase's first word, by word id (most walks end here).
    root: Vec<u32>,
    /// (state, word id) → state, for second and later words.
    next: HashMap<(u32, u32), u32, foldhash::fast::FixedState>,
    /// Per state: the phrases that end there, as a range of `outputs`.
    ends: Vec<(u32, u32)>,
    outputs: Vec<u32>,
}

/// One word of a text: its id (or none) and where it is.
#[derive(Debug, Clone, Copy)]
pub struct TextWord {
    id: u32,
    start: u32,
    end: u32,
}

impl WordTrie {
    /// Builds the trie. A phrase is its words separated by single spaces; phrase `i` is
    /// reported as `i`. Empty phrases are never reported.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Self {
        let mut t = Self::default();
        // Outputs are gathered per state first, then laid out in one array.
        let mut ends: Vec<Vec<u32>> = Vec::new();
        for (i, phrase) in phrases.into_iter().enumerate() {
            let mut state = NONE;
            for w in phrase.split(' ').filter(|w| !w.is_empty()) {
                let next_id = t.ids.len() as u32;
                let id = *t.ids.entry(w.as_bytes().into()).or_insert(next_id);
                if id as usize == t.root.len() {
                    t.root.push(NONE);
                }
                let slot = if state == NONE {
                    &mut t.root[id as usize]
                } else {
                    t.next.entry((state, id)).or_insert(NONE)
                };
                if *slot == NONE {
                    *slot = ends.len() as u32;
                    ends.push(Vec::new());
                }
                state = *slot;
            }
            if state != NONE {
                ends[state as usize].push(i as u32);
            }
        }
        t.short = t
            .ids
            .iter()
            .filter_map(|(w, &id)| short_key(w).map(|k| (k, id)))
            .collect();
        t.ids.retain(|w, _| short_key(w).is_none());
        for e in ends {
            let start = t.outputs.len() as u32;
            t.outputs.extend(e);
            t.ends.push((start, t.outputs.len() as u32));
        }
        t
    }

    /// Calls `found(phrase, start, end)` for every phrase equal to a run of whole words of
    /// `text` (words are separated by spaces), with the run's byte range. `words` is scratch.
    pub fn for_each_match(
        &self,
        text: &str,
        words: &mut Vec<TextWord>,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        words.clear();
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b' ' {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i] != b' ' {
                i += 1;
            }
            let word = &b[start..i];
            let id = match short_key(word) {
                Some(k) => self.short.get(&k),
                None => self.ids.get(word),
            };
            let id = id.copied().unwrap_or(NONE);
            words.push(TextWord {
                id,
                start: start as u32,
                end: i as u32,
            });
        }
        for (k, first) in words.iter().enumerate() {
            if first.id == NONE {
                continue;
            }
            let mut state = self.root[first.id as usize];
            let mut at = k;
            while state != NONE {
                let (a, z) = self.ends[state as usize];
                for &p in &self.outputs[a as usize..z as usize] {
                    found(p as usize, first.start as usize, words[at].end as usize);
                }
                at += 1;
                state = match words.get(at) {
                    Some(w) if w.id != NONE => {
                        self.next.get(&(state, w.id)).copied().unwrap_or(NONE)
                    }
                    _ => NONE,
                };
            }
        }
    }
}

/// A word of up to seven bytes as one number: its bytes, and its length in the top byte, so
/// no two words share a key (a word's NUL bytes cannot pass for a shorter word).
fn short_key(word: &[u8]) -> Option<u64> {
    if word.len() > 7 {
        return None;
    }
    let mut k = [0u8; 8];
    k[..word.len()].copy_from_slice(word);
    k[7] = word.len() as u8;
    Some(u64::from_le_bytes(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(t: &WordTrie, text: &str) -> Vec<(usize, &'static str)> {
        let mut out = Vec::new();
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        t.for_each_match(text, &mut Vec::new(), |p, a, b| out.push((p, &text[a..b])));
        out.sort();
        out
    }

    #[test]
    fn whole_words_and_phrases_only() {
        let t = WordTrie::new(["ana", "pro ana", "pro ana tips", "kill myself", "ana"]);
        assert_eq!(
            matches(&t, " pro ana tips "),
            [(0, "ana"), (1, "pro ana"), (2, "pro ana tips"), (4, "ana")]
        );
        // Never inside a word, and a phrase needs all its words in a row.
        assert!(matches(&t, " banana anagram kill the myself ").is_empty());
        assert_eq!(matches(&t, "kill myself"), [(3, "kill myself")]);
        // Overlapping and repeated runs are all reported.
        assert_eq!(
            matches(&t, "pro pro ana ana"),
            [
                (0, "ana"),
                (0, "ana"),
                (1, "pro ana"),
                (4, "ana"),
                (4, "ana")
            ]
        );
    }

    #[test]
    fn short_and_long_words_are_looked_up_alike() {
        // Either side of the seven-byte line, words that differ only by a trailing NUL or by
        // length, and multi-byte letters.
        let t = WordTrie::new([
            "a",
            "abcdefg",
            "abcdefgh",
            "abcdefghijk",
            "ab\0",
            "é",
            "ünïcödé",
            "x abcdefgh a",
        ]);
        assert_eq!(matches(&t, "a"), [(0, "a")]);
        assert_eq!(matches(&t, "abcdefg"), [(1, "abcdefg")]);
        assert_eq!(matches(&t, "abcdefgh"), [(2, "abcdefgh")]);
        assert_eq!(matches(&t, "abcdefghijk"), [(3, "abcdefghijk")]);
        assert_eq!(matches(&t, "ab\0"), [(4, "ab\0")]);
        assert!(matches(&t, "ab").is_empty());
        assert!(matches(&t, "ab\0\0").is_empty());
        assert!(matches(&t, "abcdef").is_empty());
        assert!(matches(&t, "abcdefgi").is_empty());
        assert_eq!(matches(&t, "é"), [(5, "é")]);
        assert_eq!(matches(&t, "ünïcödé"), [(6, "ünïcödé")]);
        assert_eq!(
            matches(&t, "x abcdefgh a"),
            [(0, "a"), (2, "abcdefgh"), (7, "x abcdefgh a")]
        );
        assert_eq!(short_key(b"ab"), short_key(b"ab"));
        assert_ne!(short_key(b"ab"), short_key(b"ab\0"));
        assert_eq!(short_key(b"abcdefgh"), None);
    }

    #[test]
    fn a_prefix_that_is_not_a_phrase_reports_nothing() {
        let t = WordTrie::new(["end it all", ""]);
        assert!(matches(&t, "end it now").is_empty());
        assert_eq!(matches(&t, "i will end it all"), [(0, "end it all")]);
        assert!(matches(&t, "").is_empty());
    }

    #[test]
    fn a_long_text_of_phrase_prefixes_stays_linear() {
        // Every word starts a walk that ends one word later: work is a few steps a word.
        let t = WordTrie::new(["a b c d e f g h"]);
        let text = "a b ".repeat(200_000);
        let mut n = 0;
        t.for_each_match(&text, &mut Vec::new(), |_, _, _| n += 1);
        assert_eq!(n, 0);
    }
}
