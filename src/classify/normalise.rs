//! Text normalisation for matching, one pure step per function. Two forms come out, next to the
//! original:
//!
//! - **clean**: readable. Compatibility-folded (NFKD, so fullwidth and mathematical letters
//!   become ASCII and accents split off), combining marks and default-ignorable code points
//!   (zero-width characters, soft hyphens, variation selectors) removed, homoglyphs from other
//!   scripts folded to Latin (`decancer`), lowercased. Regex patterns run here.
//! - **skeleton**: for term matching. The clean text split into tokens; inside a token,
//!   leetspeak mapped (`th1nspo` → `thinspo`), separators and masks removed (`self-harm`,
//!   `s.e.l.f`) and repeated letters collapsed (`selfharmmm` → `selfharm`; see
//!   [`skeleton_word`]). Runs of single letters are joined
//!   (`s e l f h a r m`). Hashtags keep their run-together form and add their CamelCase
//!   segments. Terms in the policy go through the same function, so both sides agree.
//!
//! Everything here is linear in the input: one pass per step, no backtracking.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// How a token came to be; in-token (substring) matching is allowed only for run-together
/// tokens, where words are glued on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// From a `#hashtag`: run-together by design.
    Hashtag,
    /// Single letters or separated pieces joined back into one word.
    Joined,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in [`Normalised::skeleton`].
    pub span: Range<usize>,
    pub kind: TokenKind,
}

/// The forms of one text. Reused across items to avoid allocation ([`Normalised::clear`]).
#[derive(Debug, Clone, Default)]
pub struct Normalised {
    /// Readable folded form (lowercase).
    pub clean: String,
    /// Space-separated skeleton tokens, with a space before the first and after the last, so a
    /// match bounded by spaces is a whole-token match.
    pub skeleton: String,
    pub tokens: Vec<Token>,
    /// Emoji and pictographs, in order, variation selectors removed.
    pub emoji: String,
    /// Scratch: the case-preserving clean text, for CamelCase segmentation.
    cased: String,
    word: String,
    /// Scratch: per whitespace-separated word, whether it is leetspeak.
    leet_words: Vec<bool>,
    /// Scratch: the whitespace-separated words of `cased`.
    spans: Vec<Range<usize>>,
}

impl Normalised {
    pub fn clear(&mut self) {
        self.clean.clear();
        self.skeleton.clear();
        self.tokens.clear();
        self.emoji.clear();
        self.cased.clear();
        self.word.clear();
        self.leet_words.clear();
    }

    pub fn token_text(&self, t: &Token) -> &str {
        &self.skeleton[t.span.clone()]
    }
}

/// Default-ignorable code points (Unicode `Default_Ignorable_Code_Point`): invisible, so an
/// evader can put them inside a word.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// Combining marks: accents, and the overlays used for strike-through and "zalgo" text.
pub fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Emoji and pictographs (the blocks emoji live in; close enough for matching codes).
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF)
}

/// Step 1-3: compatibility folding, mark and ignorable removal, homoglyph folding. Writes the
/// case-preserving result to `out` and emoji to `emoji`. ASCII is copied as it is: it is
/// already NFKD-stable and has no homoglyphs.
pub fn fold(text: &str, out: &mut String, emoji: &mut String) {
    // ASCII is copied as it is and only the runs between go through NFKD. That is the same
    // result: ASCII characters decompose to themselves and have combining class 0, and
    // canonical reordering never moves a mark across such a character, so NFKD of a text is
    // NFKD of its pieces split before each ASCII character. Most non-ASCII posts are ASCII
    // with a few emoji, and NFKD's iterator costs tens of instructions a character.
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        // A UTF-8 sequence has no ASCII bytes in it, so the first one is a char boundary.
        let run = rest
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(rest.len());
        fold_run(&rest[..run], out, emoji);
        rest = &rest[run..];
    }
}

/// [`fold`] of text with no ASCII in it.
fn fold_run(text: &str, out: &mut String, emoji: &mut String) {
    for c in text.nfkd() {
        if c.is_ascii() {
            out.push(c);
        } else if is_default_ignorable(c) || is_combining_mark(c) {
            continue;
        } else if is_emoji(c) {
            emoji.push(c);
            // Emoji separate words, as a space would.
            out.push(' ');
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            match decancer::cure_char(c, decancer::Options::default().retain_capitalization()) {
                decancer::Translation::Character(t) => out.push(t),
                decancer::Translation::String(s) => out.push_str(&s),
                decancer::Translation::None => {}
            }
        }
    }
}

/// Leetspeak: the letter a digit or symbol stands for inside a word.
pub fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => return None,
    })
}

/// Characters that separate or mask letters inside a word and are dropped there.
fn is_inner_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '.'
            | '_'
            | '*'
            | '/'
            | '\\'
            | '\''
            | '`'
            | '~'
            | '^'
            | ':'
            | ','
            | '"'
            | '—'
            | '–'
            | '='
    )
}

/// The skeleton of one raw word (already folded and lowercased): leet mapped where the word
/// has letters, separators dropped, `l` folded into `i`, repeated letters collapsed. Returns
/// whether separators were removed (the word was glued back together).
pub fn skeleton_word(raw: &str, out: &mut String) -> bool {
    skeleton_word_leet(raw, out, false)
}

/// [`skeleton_word`], with digits read as letters even in a word of digits alone when
/// `digits_are_leet` (a number standing next to a leetspeak word: "want 70 d1e").
pub fn skeleton_word_leet(raw: &str, out: &mut String, digits_are_leet: bool) -> bool {
    // Most words of most posts are plain letters (text reaches here with its case, for
    // hashtag segmentation): their skeleton is the word lowercased with repeats collapsed,
    // and nothing was glued.
    if raw.bytes().all(|c| c.is_ascii_alphabetic()) {
        out.reserve(raw.len());
        let mut last = 0;
        for c in raw.bytes() {
            let c = c.to_ascii_lowercase();
            if c != last {
                out.push(char::from(c));
                last = c;
            }
        }
        return false;
    }
    let has_letter = digits_are_leet || raw.bytes().any(|c| c.is_ascii_alphabetic());
    // Almost every word is ASCII and is read byte by byte.
    if raw.is_ascii() {
        return skeleton_ascii(raw.as_bytes(), out, has_letter);
    }
    // Words are short; a stack buffer keeps this allocation-free for all but giant tokens.
    let mut buf = ['\0'; 64];
    let heap: Vec<char>;
    let chars: &[char] = if raw.len() <= buf.len() {
        let mut n = 0;
        for c in raw.chars() {
            buf[n] = c;
            n += 1;
        }
        &buf[..n]
    } else {
        heap = raw.chars().collect();
        &heap
    };
    skeleton_units(chars, out, has_letter)
}

/// [`skeleton_units`] for an ASCII word, the same steps on bytes: most words, and the char
/// decoding and per-character calls of the general form were most of normalisation's time.
/// `the_ascii_skeleton_is_the_general_one` holds the two together.
fn skeleton_ascii(raw: &[u8], out: &mut String, has_letter: bool) -> bool {
    let leet = |c: u8| leet(char::from(c)).map(|l| l as u8);
    let letterish = |c: u8| c.is_ascii_alphanumeric() || leet(c).is_some();
    let mut joined = false;
    let start_len = out.len();
    let mut last: Option<u8> = None;
    let mut prev = false;
    let mut here = raw.first().is_some_and(|&c| letterish(c));
    for i in 0..raw.len() {
        let c = raw[i];
        let next = raw.get(i + 1).is_some_and(|&c| letterish(c));
        let mapped = if c.is_ascii_alphabetic() {
            Some(c.to_ascii_lowercase())
        } else if c.is_ascii_digit() {
            if has_letter { leet(c) } else { Some(c) }
        } else if let Some(l) = leet(c) {
            let inside = if c == b'!' || c == b'|' {
                prev && next
            } else {
                prev || next
            };
            (has_letter && inside).then_some(l)
        } else if c == b'*' && prev && next {
            joined = true;
            Some(b'*')
        } else {
            if is_inner_separator(char::from(c)) && prev && next {
                joined = true;
            }
            None
        };
        if let Some(m) = mapped {
            if last != Some(m) {
                out.push(char::from(m));
            }
            last = Some(m);
        }
        prev = here;
        here = next;
    }
    joined && out.len() > start_len
}

/// [`skeleton_word_leet`] over a word's characters.
fn skeleton_units(chars: &[char], out: &mut String, has_letter: bool) -> bool {
    // Letters, digits, and leet symbols all count as parts of a word.
    let letterish = |i: usize| {
        chars
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || leet(*c).is_some())
    };
    let mut joined = false;
    let start_len = out.len();
    let mut last: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i > 0 && letterish(i - 1);
        let next = letterish(i + 1);
        let mapped = if c.is_ascii_alphabetic() {
            Some(c.to_ascii_lowercase())
        } else if c.is_ascii_digit() {
            // Pure numbers stay numbers ("5 kms", "116 123"); digits inside words are leet.
            if has_letter { leet(c) } else { Some(c) }
        } else if let Some(l) = leet(c) {
            // Symbols count as letters only inside a word ("k!ll", "$elf", "pro-@n@"), not as
            // punctuation: "!" needs a letter after it ("help!" stays "help").
            let inside = if c == '!' || c == '|' {
                prev && next
            } else {
                prev || next
            };
            (has_letter && inside).then_some(l)
        } else if c == '*' && prev && next {
            // An asterisk between letters masks a letter, usually a vowel ("c*ts"). It stays
            // in the skeleton for the matcher to resolve against the policy's words.
            joined = true;
            Some('*')
        } else if is_inner_separator(c) {
            if prev && next {
                joined = true;
            }
            None
        } else if c.is_alphanumeric() {
            // A letter decancer could not fold (another script): kept as is.
            Some(c)
        } else {
            None
        };
        if let Some(m) = mapped {
            if last != Some(m) {
                out.push(m);
            }
            last = Some(m);
        }
    }
    joined && out.len() > start_len
}

/// The same skeleton with `l` read as `i`: text writes `1`, `!` and `|` for either letter and
/// leet maps them to `i`, so a term with an `l` also needs this form. Applied to terms only:
/// folding text the same way would make ordinary words meet terms ("fold" and "foid").
pub fn l_as_i(skeleton: &str) -> Option<String> {
    if !skeleton.contains('l') {
        return None;
    }
    let mut out = String::with_capacity(skeleton.len());
    let mut last = None;
    for c in skeleton.chars().map(|c| if c == 'l' { 'i' } else { c }) {
        if last != Some(c) || c == ' ' {
            out.push(c);
        }
        last = Some(c);
    }
    Some(out)
}

/// A word written in leetspeak: letters mixed with digits or with `@`/`$` standing for letters
/// ("d1e", "5k1nny", "@m", "h@rm"). Numbers next to such a word are read as letters too: an
/// evader writes the whole phrase in leet ("want 70 d1e", "5k1nny 1395"), while an ordinary
/// number ("ran 5 kms", "116 123") has plain words around it.
pub fn is_leet_word(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.iter().any(u8::is_ascii_alphabetic)
        && b.iter().enumerate().any(|(i, &c)| match c {
            // "@m", "h@rm", "@n0r3x1@"; not the @ of a mention ("@someone").
            b'@' => i > 0 || b.len() <= 3 || b[1..].contains(&b'@'),
            b'$' => true,
            b'0' | b'1' | b'3' | b'4' | b'5' | b'7' | b'8' | b'9' => {
                // A digit counts when a letter touches it: "d1e", "5k1nny"; not "mp3"-style
                // suffixes alone, which the letter test above lets through anyway.
                (i > 0 && b[i - 1].is_ascii_alphabetic())
                    || b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            }
            _ => false,
        })
}

/// Splits a hashtag into words at case changes and letter/digit boundaries:
/// `SelfHarmRecovery2024` → `Self`, `Harm`, `Recovery`, `2024`.
pub fn camel_segments(tag: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = tag.as_bytes();
    let mut start = 0;
    for i in 1..b.len() {
        let (p, c) = (b[i - 1], b[i]);
        let boundary = (p.is_ascii_lowercase() && c.is_ascii_uppercase())
            || (p.is_ascii_alphabetic() && c.is_ascii_digit())
            || (p.is_ascii_digit() && c.is_ascii_alphabetic())
            || (p.is_ascii_uppercase()
                && c.is_ascii_uppercase()
                && b.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
        if boundary && tag.is_char_boundary(i) {
            out.push(&tag[start..i]);
            start = i;
        }
    }
    out.push(&tag[start..]);
    out.retain(|s| !s.is_empty());
    out
}

/// Normalises `text` (title, caption and `#hashtags`, as [`crate::policy::taxonomy::item_text`]
/// joins them) into `n`.
pub fn normalise(text: &str, n: &mut Normalised) {
    n.clear();
    let mut cased = std::mem::take(&mut n.cased);
    fold(text, &mut cased, &mut n.emoji);
    if cased.is_ascii() {
        n.clean.push_str(&cased);
        n.clean.make_ascii_lowercase();
    } else {
        n.clean.reserve(cased.len());
        for c in cased.chars() {
            n.clean.extend(c.to_lowercase());
        }
    }

    let mut word = std::mem::take(&mut n.word);
    n.skeleton.push(' ');
    // Pending single-letter tokens, joined when three or more come in a row ("s e l f").
    let mut singles = String::new();
    let flush_singles = |n: &mut Normalised, singles: &mut String| {
        if singles.is_empty() {
            return;
        }
        if singles.len() >= 3 {
            let start = n.skeleton.len();
            let mut collapsed = String::new();
            skeleton_word(singles, &mut collapsed);
            n.skeleton.push_str(&collapsed);
            n.tokens.push(Token {
                span: start..n.skeleton.len(),
                kind: TokenKind::Joined,
            });
            n.skeleton.push(' ');
        } else {
            for c in singles.chars() {
                let start = n.skeleton.len();
                n.skeleton.push(c);
                n.tokens.push(Token {
                    span: start..n.skeleton.len(),
                    kind: TokenKind::Word,
                });
                n.skeleton.push(' ');
            }
        }
        singles.clear();
    };

    // The whitespace-separated words, found once. In ASCII text whitespace is one of six
    // bytes, and finding them byte by byte spares decoding every character.
    let mut spans = std::mem::take(&mut n.spans);
    spans.clear();
    if cased.is_ascii() {
        let b = cased.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // What char::is_whitespace is in ASCII.
            let space = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
            while i < b.len() && space(b[i]) {
                i += 1;
            }
            let start = i;
            while i < b.len() && !space(b[i]) {
                i += 1;
            }
            if start < i {
                spans.push(start..i);
            }
        }
    } else {
        spans.extend(
            cased
                .split(|c: char| c.is_whitespace())
                .filter(|r| !r.is_empty())
                .map(|r| {
                    let start = r.as_ptr() as usize - cased.as_ptr() as usize;
                    start..start + r.len()
                }),
        );
    }
    // Which words are leetspeak, so the numbers beside them can be read as letters. Only
    // text with a digit can have a number to read; most has none and skips this pass.
    n.leet_words.clear();
    if cased.bytes().any(|b| b.is_ascii_digit()) {
        n.leet_words.extend(spans.iter().map(|s| {
            let r = &cased[s.clone()];
            !r.starts_with('#') && is_leet_word(r)
        }));
    }
    for (i, span) in spans.iter().enumerate() {
        let raw = &cased[span.clone()];
        let (is_tag, body) = match raw.strip_prefix('#') {
            Some(b) => (true, b),
            // An @handle is a mention and its @ is dropped, unless another @ shows it is
            // leetspeak ("@n0r3x1@").
            None => (
                false,
                raw.strip_prefix('@')
                    .filter(|b| b.len() > 2 && !b.contains('@'))
                    .unwrap_or(raw),
            ),
        };
        let beside_leet = !is_tag
            && body.bytes().all(|c| c.is_ascii_digit())
            && ((i > 0 && n.leet_words.get(i - 1) == Some(&true))
                || n.leet_words.get(i + 1) == Some(&true));
        // skeleton_word lowercases ASCII itself; only other scripts need a lowercased copy.
        let lower: std::borrow::Cow<'_, str> = if body.is_ascii() {
            std::borrow::Cow::Borrowed(body)
        } else {
            std::borrow::Cow::Owned(body.to_lowercase())
        };
        // A lone leet character inside a run of single letters is a letter: "h 4 r m".
        if !is_tag
            && !singles.is_empty()
            && one_char(&lower)
            && let Some(l) = lower.chars().next().and_then(leet)
        {
            singles.push(l);
            continue;
        }
        word.clear();
        let joined = skeleton_word_leet(&lower, &mut word, beside_leet);
        if word.is_empty() {
            continue;
        }
        if !is_tag && one_char(&word) && word.chars().all(|c| c.is_ascii_alphabetic()) {
            singles.push_str(&word);
            continue;
        }
        flush_singles(n, &mut singles);
        let start = n.skeleton.len();
        n.skeleton.push_str(&word);
        let kind = if is_tag {
            TokenKind::Hashtag
        } else if joined || word.len() >= 14 {
            TokenKind::Joined
        } else {
            TokenKind::Word
        };
        n.tokens.push(Token {
            span: start..n.skeleton.len(),
            kind,
        });
        n.skeleton.push(' ');
        if is_tag {
            // CamelCase segments become words of their own, so phrases and exemptions that
            // span the parts ("self harm", "recovery") match as words.
            let segs = camel_segments(body);
            if segs.len() > 1 {
                for s in segs {
                    word.clear();
                    // skeleton_word lowercases ASCII itself.
                    if s.is_ascii() {
                        skeleton_word(s, &mut word);
                    } else {
                        skeleton_word(&s.to_lowercase(), &mut word);
                    }
                    if word.is_empty() {
                        continue;
                    }
                    let start = n.skeleton.len();
                    n.skeleton.push_str(&word);
                    n.tokens.push(Token {
                        span: start..n.skeleton.len(),
                        kind: TokenKind::Word,
                    });
                    n.skeleton.push(' ');
                }
            }
        }
    }
    flush_singles(n, &mut singles);
    n.cased = cased;
    n.word = word;
    n.spans = spans;
}

/// Whether `s` is one character: without counting all of a long word's.
fn one_char(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some() && c.next().is_none()
}

/// The skeleton of a policy term or phrase: each word through [`skeleton_word`], joined by
/// single spaces.
pub fn skeleton_phrase(phrase: &str) -> String {
    let mut emoji = String::new();
    let mut folded = String::new();
    fold(phrase, &mut folded, &mut emoji);
    let lower = folded.to_lowercase();
    let mut out = String::new();
    for w in lower.split_whitespace() {
        let mut s = String::new();
        skeleton_word(w.trim_start_matches('#'), &mut s);
        if s.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(t: &str) -> Normalised {
        let mut n = Normalised::default();
        normalise(t, &mut n);
        n
    }

    fn words(t: &str) -> Vec<String> {
        let n = norm(t);
        n.tokens
            .iter()
            .map(|tok| n.token_text(tok).to_owned())
            .collect()
    }

    #[test]
    fn compatibility_folding_handles_fullwidth_math_and_accents() {
        let mut out = String::new();
        let mut e = String::new();
        fold("ｔｈｉｎｓｐｏ 𝐬𝐞𝐥𝐟 café", &mut out, &mut e);
        assert_eq!(out, "thinspo self cafe");
    }

    #[test]
    fn folding_ascii_apart_from_the_runs_between_is_folding_the_whole() {
        // The whole text through NFKD, as `fold` did before it copied ASCII around the runs.
        fn whole(text: &str) -> (String, String) {
            let (mut out, mut emoji) = (String::new(), String::new());
            for c in text.nfkd() {
                let mut one = String::new();
                one.push(c);
                if c.is_ascii() {
                    out.push(c);
                } else {
                    // Each NFKD output character is NFKD-stable: folding it alone is
                    // folding it in place.
                    fold_run(&one, &mut out, &mut emoji);
                }
            }
            (out, emoji)
        }
        let pool = [
            "a",
            "e",
            " ",
            "-",
            "1",
            "é",
            "e\u{301}",
            "\u{316}",
            "\u{301}",
            "\u{5b4}",
            "\u{5bf}",
            "ﬁ",
            "ｔ",
            "𝐬",
            "가",
            "\u{1100}",
            "\u{1161}",
            "ά",
            "ο",
            "а",
            "\u{200d}",
            "\u{fe0f}",
            "💊",
            "🔴",
            "ᴛ",
            "\u{ad}",
            "ß",
            "İ",
            "ǅ",
            "\u{e0041}",
            "ช",
            "\u{e31}",
            "ن",
            "\u{64b}",
        ];
        let mut cases: Vec<String> = vec![
            "a\u{316}\u{301}".into(),
            "a\u{301}\u{316}".into(),
            "e\u{301}\u{5b4}x".into(),
            "caf\u{e9}\u{316} ok".into(),
            "ﬁ\u{316}n".into(),
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..(seed % 9) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pool[(seed % pool.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(1);
            cases.push(s);
        }
        for text in &cases {
            let (mut out, mut emoji) = (String::new(), String::new());
            fold(text, &mut out, &mut emoji);
            assert_eq!((out, emoji), whole(text), "{text:?}");
        }
    }

    #[test]
    fn homoglyphs_from_other_scripts_fold_to_latin() {
        // Cyrillic а, е, о and Greek ο; small capitals.
        assert_eq!(norm("prо-аnа").clean, "pro-ana");
        assert_eq!(norm("sеlf hαrm").clean, "self harm");
        assert_eq!(norm("ᴛʜɪɴsᴘᴏ").clean, "thinspo");
    }

    #[test]
    fn invisible_characters_and_combining_marks_are_removed() {
        assert_eq!(norm("sel\u{200B}f\u{00AD}harm").clean, "selfharm");
        assert_eq!(norm("s\u{0336}u\u{0336}icide").clean, "suicide");
        assert_eq!(norm("th\u{0301}inspo").clean, "thinspo");
        assert_eq!(norm("🍽\u{FE0F}🚫").emoji, "🍽🚫");
    }

    #[test]
    fn the_ascii_skeleton_is_the_general_one() {
        // Every word of up to four of these bytes (letters, digits, leet symbols, masks,
        // separators, other punctuation), with and without letters counted: the byte form
        // must write what the char form writes and say the same about joining.
        let alphabet = b"aAb10!|@*-.5$+#?";
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = words.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|w| {
                    alphabet.iter().map(move |&c| {
                        let mut w = w.clone();
                        w.push(c);
                        w
                    })
                })
                .collect();
            words.extend(last.iter().cloned());
        }
        assert!(words.len() > 60_000);
        let (mut a, mut b) = (String::new(), String::new());
        for w in &words {
            let chars: Vec<char> = w.iter().map(|&c| char::from(c)).collect();
            for has_letter in [false, true] {
                a.clear();
                b.clear();
                let ja = skeleton_ascii(w, &mut a, has_letter);
                let jb = skeleton_units(&chars, &mut b, has_letter);
                assert_eq!(
                    (&a, ja),
                    (&b, jb),
                    "{:?} {has_letter}",
                    String::from_utf8_lossy(w)
                );
            }
            // The public form (with its plain-letters shortcut) writes the same.
            let w = std::str::from_utf8(w).unwrap();
            for digits_are_leet in [false, true] {
                a.clear();
                b.clear();
                let ja = skeleton_word_leet(w, &mut a, digits_are_leet);
                let has_letter = digits_are_leet || w.bytes().any(|c| c.is_ascii_alphabetic());
                let jb = skeleton_units(&chars, &mut b, has_letter);
                assert_eq!((&a, ja), (&b, jb), "{w:?} {digits_are_leet}");
            }
        }
    }

    #[test]
    fn leetspeak_maps_inside_words_only() {
        assert_eq!(words("th1nspo"), vec!["thinspo"]);
        assert_eq!(words("d34th"), vec!["death"]);
        assert_eq!(words("$elf h@rm"), vec!["self", "harm"]);
        assert_eq!(words("pro-@n@"), vec!["proana"]);
        assert_eq!(words("cu771n9"), vec!["cuting"]);
        assert_eq!(words("k!ll"), words("kill"));
        // Numbers stay numbers; punctuation stays punctuation.
        assert_eq!(words("ran 5 kms"), vec!["ran", "5", "kms"]);
        assert_eq!(words("help!"), vec!["help"]);
        assert_eq!(words("@someone hi"), vec!["someone", "hi"]);
    }

    #[test]
    fn numbers_beside_leetspeak_are_read_as_letters() {
        assert_eq!(words("i just want 70 d1e"), words("i just want to die"));
        assert_eq!(words("5k1nny 1395"), vec!["skiny", "iegs"]);
        assert_eq!(words("@m 1 fat"), vec!["am", "i", "fat"]);
        // A second @ makes a handle leetspeak; an ordinary handle stays a mention.
        assert_eq!(words("i want @n0r3x1@"), vec!["i", "want", "anorexia"]);
        assert_eq!(words("@someone 100 likes"), words("someone 100 likes"));
        // Numbers among plain words stay numbers, hashtags included.
        assert_eq!(words("call 116 123 now"), vec!["cal", "16", "123", "now"]);
        assert_eq!(words("#d1e 70").last().map(String::as_str), Some("70"));
    }

    #[test]
    fn repeated_letters_collapse_and_terms_get_an_l_as_i_form() {
        let mut s = String::new();
        skeleton_word("selfharmmm", &mut s);
        assert_eq!(s, "selfharm");
        let mut u = String::new();
        skeleton_word("se1f", &mut u);
        assert_eq!(l_as_i("self").as_deref(), Some(u.as_str()));
        // Text is not folded: "fold" stays apart from the term "foid".
        assert_eq!(words("fold"), vec!["fold"]);
        assert_eq!(l_as_i("kill").as_deref(), Some("ki"));
    }

    #[test]
    fn separators_and_masks_inside_words_are_joined() {
        assert_eq!(words("self-harm"), vec!["selfharm"]);
        assert_eq!(words("s.e.l.f.h.a.r.m"), vec!["selfharm"]);
        assert_eq!(words("s e l f h a r m"), vec!["selfharm"]);
        assert_eq!(words("s e l f h 4 r m"), vec!["selfharm"]);
        assert_eq!(words("ran 5 kms"), vec!["ran", "5", "kms"]);
        assert_eq!(words("pro—ana"), vec!["proana"]);
        // A masked letter stays marked for the matcher to resolve.
        assert_eq!(words("su*cide"), vec!["su*cide"]);
        let n = norm("s e l f");
        assert_eq!(n.tokens[0].kind, TokenKind::Joined);
        // Two single letters are not a spelled-out word.
        assert_eq!(words("a b"), vec!["a", "b"]);
    }

    #[test]
    fn hashtags_keep_run_together_form_and_add_camel_case_segments() {
        assert_eq!(
            camel_segments("SelfHarmRecovery2024"),
            vec!["Self", "Harm", "Recovery", "2024"]
        );
        assert_eq!(camel_segments("thinspo"), vec!["thinspo"]);
        let n = norm("#SelfHarmRecovery");
        let w: Vec<_> = n
            .tokens
            .iter()
            .map(|t| (n.token_text(t).to_owned(), t.kind))
            .collect();
        assert_eq!(w[0], ("selfharmrecovery".to_owned(), TokenKind::Hashtag));
        assert!(
            w.iter()
                .any(|(s, k)| s == "recovery" && *k == TokenKind::Word)
        );
    }

    #[test]
    fn terms_and_text_share_one_skeleton() {
        assert_eq!(skeleton_phrase("Self Harm"), "self harm");
        assert_eq!(skeleton_phrase("#thinspo"), "thinspo");
        assert!(norm("SELF HARM").skeleton.contains(" self harm "));
    }

    #[test]
    fn hostile_input_is_handled_in_one_pass() {
        let big = format!("{}{}", "a\u{200B}".repeat(200_000), " #x".repeat(10_000));
        let n = norm(&big);
        assert!(!n.tokens.is_empty());
    }
}
