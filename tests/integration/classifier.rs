//! The classifier on the open corpus (testdata/classifier): thresholds, the `eval` command,
//! `classify` explanations, and linear time on hostile input.

use std::path::PathBuf;
use std::process::Command;

use feedguard::classify::eval::{Thresholds, evaluate, parse_corpus};
use feedguard::policy::Policy;

fn data(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/classifier")
        .join(p)
}

fn corpus() -> Vec<feedguard::classify::eval::CorpusItem> {
    let mut items = Vec::new();
    for f in ["corpus_block.jsonl", "corpus_allow.jsonl"] {
        let text = std::fs::read_to_string(data(f)).unwrap();
        items.extend(parse_corpus(&text, f).unwrap());
    }
    items
}

#[test]
fn open_corpus_meets_the_thresholds() {
    let th: Thresholds =
        toml::from_str(&std::fs::read_to_string(data("thresholds.toml")).unwrap()).unwrap();
    let report = evaluate(&Policy::default_policy(), &corpus());
    let fails = th.check(&report);
    assert!(
        fails.is_empty(),
        "thresholds not met:\n{}\n\n{}",
        fails.join("\n"),
        report.render(40)
    );
    assert!(
        report.unknown_categories.is_empty(),
        "{:?}",
        report.unknown_categories
    );
}

/// The first held-out corpus, written by someone who saw neither the policy's lists nor the
/// development corpus. Tuned on since policy 2026-11-24.5, so now a second development set:
/// a floor on what was learnt from it.
#[test]
fn first_held_out_corpus_stays_above_its_floor() {
    held_out_floor("testdata/classifier-holdout-1", 40);
}

/// The second held-out corpus, written blind like the first and never tuned on: a floor on
/// how well the classifier generalises.
#[test]
fn second_held_out_corpus_stays_above_its_floor() {
    // Its misses are not printed: whoever reads them is tempted to tune on them.
    held_out_floor("testdata/classifier-holdout-2", 0);
}

/// Recovery told in the posters' own words, and harm dressed in recovery's words: the
/// development set of the stance cues (policy 2026-11-24.6). Policy 2026-11-24.5 fails it
/// (18 of 32 recovery posts flagged, 5 of 12 harmful caught).
#[test]
fn own_words_development_set_stays_above_its_floor() {
    let report = corpus_floor("testdata/classifier-own-words", "corpus.jsonl", 40);
    assert_eq!((report.must_catch.total, report.allow.total), (12, 32));
}

/// Emoji codes, misspellings and code words in every category, weighted to body image and
/// violence (the weakest categories of the third held-out set), with recovery, news and
/// collision traps: the development set of policy 2026-11-25.1. Policy 2026-11-24.6 fails it
/// (87 of 210 caught, 28 of 120 flagged).
#[test]
fn weak_classes_development_set_stays_above_its_floor() {
    let report = corpus_floor("testdata/classifier-weak-classes", "corpus.jsonl", 40);
    assert_eq!((report.must_catch.total, report.allow.total), (210, 120));
}

/// The third held-out corpus, written blind after policy 2026-11-24.6 was finished and
/// measured once: the blind reference now that the second one's failure classes have been
/// worked on.
#[test]
fn third_held_out_corpus_stays_above_its_floor() {
    held_out_floor("testdata/classifier-holdout-3", 0);
}

fn held_out_floor(corpus: &str, misses_shown: usize) {
    let report = corpus_floor(corpus, "holdout.jsonl", misses_shown);
    assert!(
        report.must_catch.total >= 250,
        "{}",
        report.must_catch.total
    );
}

/// Evaluates `corpus/file` with the default policy and fails below `corpus/thresholds.toml`,
/// listing at most `misses_shown` misses.
fn corpus_floor(
    corpus: &str,
    file: &str,
    misses_shown: usize,
) -> feedguard::classify::eval::Report {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(corpus);
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let items = parse_corpus(&text, file).unwrap();
    let th: Thresholds =
        toml::from_str(&std::fs::read_to_string(dir.join("thresholds.toml")).unwrap()).unwrap();
    let report = evaluate(&Policy::default_policy(), &items);
    let fails = th.check(&report);
    assert!(
        fails.is_empty(),
        "{corpus}: floor not met:\n{}\n\n{}",
        fails.join("\n"),
        report.render(misses_shown)
    );
    report
}

#[test]
fn thresholds_fail_a_policy_that_cannot_see_text() {
    // The same policy with every term list removed: recall collapses and the check says so.
    let mut out = Vec::new();
    let mut skipping = false;
    for l in feedguard::policy::DEFAULT_POLICY_TOML.lines() {
        if l.starts_with("terms = [") || l.starts_with("code_words = [") {
            skipping = true;
            continue;
        }
        if skipping {
            if l == "]" {
                skipping = false;
            }
            continue;
        }
        out.push(l);
    }
    let policy = Policy::from_toml(&out.join("\n"), "no-terms").unwrap();
    let th: Thresholds =
        toml::from_str(&std::fs::read_to_string(data("thresholds.toml")).unwrap()).unwrap();
    let report = evaluate(&policy, &corpus());
    assert!(
        report.recall() < 0.9,
        "recall without terms: {}",
        report.recall()
    );
    assert!(!th.check(&report).is_empty());
}

#[test]
fn eval_command_reports_and_gates() {
    let out = Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .arg("eval")
        .arg(data(""))
        .arg("--thresholds")
        .arg(data("thresholds.toml"))
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{s}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "recall by category",
        "recall by evasion class",
        "leetspeak",
        "homoglyph",
        "allow items",
        "recovery",
        "all met",
    ] {
        assert!(s.contains(needle), "{needle:?} missing:\n{s}");
    }
    // An impossible bar fails the run.
    let dir = tempfile::tempdir().unwrap();
    let strict = dir.path().join("t.toml");
    std::fs::write(&strict, "min_items = 1000000\nmin_recall = 1.0\nmin_recall_per_class = 1.0\nmax_false_flag_rate = 0.0\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .arg("eval")
        .arg(data(""))
        .arg("--thresholds")
        .arg(&strict)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("NOT met"));
}

#[test]
fn classify_explains_matches_exemptions_and_actions() {
    let out = Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .args([
            "classify",
            "--json",
            r##"{"caption": "s e l f h 4 r m tonight", "hashtags": ["th1nspo"]}"##,
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(s.contains("skeleton") && s.contains("selfharm"), "{s}");
    assert!(
        s.contains("self_harm") && s.contains("eating_disorder"),
        "{s}"
    );
    assert!(s.contains("13_15") && s.contains("block"), "{s}");

    let out = Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .args([
            "classify",
            "2 years self-harm free today, if you're struggling call Samaritans on 116 123",
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("EXEMPTION"), "{s}");
    assert!(s.contains("categories: none"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.trim_start().starts_with("13_15") && l.contains("allow")),
        "{s}"
    );
}

#[test]
fn hostile_input_completes() {
    // Linear-time matching: a 1 MiB caption of near-misses and a 10,000-hashtag item finish.
    // No timing is asserted; a backtracking engine would not come back.
    let policy = Policy::default_policy();
    let caption = "s3lf h4rmm th1nsp0 \u{200B}ana ".repeat((1 << 20) / 20);
    // Letters, not digits: "tag988..." would contain the exemption "988" (a crisis line).
    let tags: Vec<String> = (0..10_000u32)
        .map(|i| {
            format!(
                "tag{}{}selfharm",
                char::from(b'a' + (i % 26) as u8),
                char::from(b'a' + (i / 26 % 26) as u8)
            )
        })
        .collect();
    let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    let mut text = String::new();
    feedguard::policy::taxonomy::item_text("", &caption, &tag_refs, &mut text);
    assert!(text.len() > 1 << 20);
    let m = policy.taxonomy.classify(std::iter::empty(), &text);
    assert!(!m.hits.is_empty());

    // A megabyte of masked words (each resolved against the policy's words) and of numbers
    // beside leetspeak.
    let masked = "c*ts b*rk 70 d1e 5k1nny 1395 ".repeat((1 << 20) / 28);
    let m = policy.taxonomy.classify(std::iter::empty(), &masked);
    assert!(!m.hits.is_empty());

    // A framing word, a thousand misspelt phrase words (each read as a phrase word), then a
    // megabyte of phrase matches: the phrases are matched again over the corrected text, and
    // every match there must stay cheap.
    let corrected = format!(
        "news {} {}",
        "daeth ".repeat(1_000),
        "suicidal thoughts ".repeat((1 << 20) / 18)
    );
    let m = policy.taxonomy.classify(std::iter::empty(), &corrected);
    // "news" clears topic matches that are not in the first person, so the category stays
    // open and every match is looked at: the slow case this checks.
    assert!(m.hits.is_empty(), "{:?}", m.hits);
}
