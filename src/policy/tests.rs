use super::*;

fn with(replacements: &[(&str, &str)]) -> Result<Policy, PolicyError> {
    let mut t = DEFAULT_POLICY_TOML.to_owned();
    for (a, b) in replacements {
        assert!(t.contains(a), "{a:?} not in the default policy");
        t = t.replacen(a, b, 1);
    }
    Policy::from_toml(&t, "p.toml")
}

#[test]
fn default_policy_compiles_and_blocks_primary_priority_content_for_every_child_band() {
    let p = Policy::default_policy();
    for id in [
        "suicide",
        "self_harm",
        "eating_disorder",
        "pornography",
        "misogyny",
    ] {
        let c = p.taxonomy.category(p.taxonomy.index_of(id).unwrap());
        for band in [AgeBand::Under13, AgeBand::Teen13To15, AgeBand::Teen16To17] {
            assert_eq!(
                *c.actions.get(band),
                CategoryAction::Block,
                "{id} for {band}"
            );
        }
        assert!(!c.reference.is_empty());
    }
    for id in ["body_image", "dieting", "fights"] {
        let c = p.taxonomy.category(p.taxonomy.index_of(id).unwrap());
        assert!(
            matches!(
                c.actions.get(AgeBand::Teen13To15),
                CategoryAction::Limit { .. }
            ),
            "{id}"
        );
    }
    let b = p.band(AgeBand::Teen16To17);
    assert_eq!(
        b.session_limit.as_ref().unwrap().break_after_ms,
        60 * 60_000
    );
    let q = b.quiet_hours.as_ref().unwrap();
    assert_eq!((q.start_minute, q.end_minute), (22 * 60, 7 * 60));
    assert_eq!(p.age.unknown_band, AgeBand::Under13);
    assert!(p.explain().contains("category") || p.explain().contains("categories"));
}

#[test]
fn every_problem_is_reported_at_once_with_line_and_field() {
    let e = with(&[
        ("unknown_band = \"under_13\"", "unknown_band = \"under_12\""),
        ("'\\b(kill|gas|deport|exterminate) (all )?(the )?(jews|muslims|gays|immigrants|migrants|blacks|refugees|trans people)\\b'", "'(unclosed'"),
        ("start = \"22:00\"", "start = \"25:00\""),
        (
            "min_assurance_confidence = 0.8",
            "min_assurance_confidence = 1.8",
        ),
    ])
    .unwrap_err();
    let text = e.to_string();
    assert_eq!(e.issues.len(), 4, "{text}");
    let fields: Vec<_> = e.issues.iter().map(|i| i.field.as_str()).collect();
    assert!(fields.contains(&"age.unknown_band"), "{fields:?}");
    assert!(
        fields.contains(&"age.min_assurance_confidence"),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|f| f.starts_with("category[5] (abuse_hate).patterns[0]")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"bands.under_13.quiet_hours.start"),
        "{fields:?}"
    );
    assert!(
        e.issues.iter().all(|i| i.line > 0 && i.column > 0),
        "{text}"
    );
    assert!(text.contains("p.toml:25:"), "{text}");
}

#[test]
fn syntax_and_unknown_keys_name_the_line_and_key() {
    let e = with(&[("[session]", "[session]\nsurprise = 1")]).unwrap_err();
    assert_eq!(e.issues.len(), 1);
    assert!(
        e.issues[0].message.contains("unknown field `surprise`"),
        "{e}"
    );
    assert_eq!(e.issues[0].field, "session.surprise");
    let e = Policy::from_toml("[policy\nid = 1", "x.toml").unwrap_err();
    assert_eq!(e.issues[0].line, 1);
}

#[test]
fn semantic_errors_are_caught() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "id = \"self_harm\"",
            "id = \"suicide\"",
            "duplicate category id",
        ),
        (
            "aliases = [ \"suicidality\"",
            "aliases = [\"self-harm\", \"suicidality\"",
            "already used by category",
        ),
        (
            "under_13 = \"block\"",
            "under_13 = \"obliterate\"",
            "unknown action",
        ),
        (
            "location = \"drop\"",
            "location = \"teleport\"",
            "unknown location action",
        ),
        (
            "break_after_minutes = 60",
            "break_after_minutes = 0",
            "at least 1",
        ),
        (
            "default_time_zone = \"Europe/London\"",
            "default_time_zone = \"Mars/Olympus\"",
            "unknown time zone",
        ),
        (
            "recovery_categories = [\"suicide\",",
            "recovery_categories = [\"suicid\",",
            "`classifier.recovery_categories[0]`: no category has the id \"suicid\"",
        ),
        (
            "recovery_min_cues = 2",
            "recovery_min_cues = 0",
            "at least 1",
        ),
        (
            "danger_cues = [",
            "danger_cues = [\"...\",",
            "`classifier.danger_cues[0]`: term has no letters",
        ),
        (
            "'\\b(kill|gas|deport|exterminate) (all )?(the )?(jews|muslims|gays|immigrants|migrants|blacks|refugees|trans people)\\b'",
            "'x*'",
            "matches the empty string",
        ),
    ];
    for (from, to, msg) in cases {
        let e = with(&[(from, to)]).unwrap_err();
        assert!(e.to_string().contains(msg), "{from} -> {to}: {e}");
    }
}

#[test]
fn quiet_hours_window_may_cross_midnight() {
    let q = QuietHoursPolicy {
        start_minute: 22 * 60,
        end_minute: 7 * 60,
        message: "".into(),
        reference: "".into(),
    };
    assert!(q.contains(23 * 60));
    assert!(q.contains(0));
    assert!(q.contains(6 * 60 + 59));
    assert!(!q.contains(7 * 60));
    assert!(!q.contains(12 * 60));
    assert!(q.contains(22 * 60));
}

#[test]
fn labels_match_whole_and_folded_never_as_substrings() {
    let p = Policy::default_policy();
    let t = &p.taxonomy;
    let id = |l: &str| t.label_category(l).map(|c| t.category(c).id.to_string());
    assert_eq!(id("EatingDisorder").as_deref(), Some("eating_disorder"));
    assert_eq!(id("eating-disorder").as_deref(), Some("eating_disorder"));
    assert_eq!(id("SELF_HARM").as_deref(), Some("self_harm"));
    assert_eq!(id("self_harm_support"), None);
    assert_eq!(id("animals"), None);
    // Below the category's confidence floor, a label does not count.
    let m = t.classify([("self_harm", 0.1)], "");
    assert!(m.hits.is_empty());
    let m = t.classify([("self_harm", 0.9)], "");
    assert_eq!(m.hits.len(), 1);
}

#[test]
fn the_classification_cache_answers_exactly_what_classification_would() {
    let p = Policy::default_policy();
    let t = &p.taxonomy;
    // 0.9f32 is the bytes "fff?": with a plain separator these two label lists made one key.
    let forged = "self_harm\0fff?x";
    let items: [(&[(&str, f32)], &str); 7] = [
        (&[(forged, 0.5)], "puppy"),
        (&[("self_harm", 0.9), ("x", 0.5)], "puppy"),
        (&[], "thinspo goals, skip dinner"),
        (&[], "thinspo goals, skip dinnerX"),
        (&[], "puppy's first snow"),
        (&[("self_harm", 0.9)], "puppy's first snow"),
        (&[("self_harm", 0.1)], "puppy's first snow"),
    ];
    // Twice round: the first fills the cache, the second must hit it with the same answers,
    // and items differing by one byte or one label must never share one.
    for _ in 0..2 {
        for (labels, text) in items {
            assert_eq!(
                t.classify_cached(labels, text),
                t.classify(labels.iter().copied(), text),
                "{labels:?} {text:?}"
            );
        }
    }
    assert!(
        !t.classify_cached(&[], "thinspo goals, skip dinner")
            .hits
            .is_empty()
    );
    assert!(t.classify_cached(&[], "puppy's first snow").hits.is_empty());
    assert!(
        !t.classify_cached(&[("self_harm", 0.9)], "puppy's first snow")
            .hits
            .is_empty()
    );
}

/// The default policy's framing words ("news", "parents", "essay") clear topic words, but a
/// first-person post with one tacked on stays flagged.
/// The stance cues of the default policy, with the minimum and one list changed where a rule
/// needs it: different recovery cues clear a text match in a recovery category, below the
/// minimum they do not; a cue counts once whatever its form (glued in a hashtag, split into
/// words) and however often, and a cue inside another counts with it; a danger cue keeps every
/// exemption from clearing; cues never clear a label; other categories are untouched.
#[test]
fn recovery_cues_clear_and_danger_cues_keep_matches() {
    let policy = |min: usize, extra_cue: &str| {
        for anchor in [
            "recovery_min_cues = 2",
            "\"glad i stayed\",",
            "exemptions_override_labels = false",
        ] {
            assert!(
                DEFAULT_POLICY_TOML.contains(anchor),
                "{anchor} is not in the policy"
            );
        }
        let t = DEFAULT_POLICY_TOML
            .replacen(
                "recovery_min_cues = 2",
                &format!("recovery_min_cues = {min}"),
                1,
            )
            .replacen(
                "\"glad i stayed\",",
                &format!("\"glad i stayed\", {extra_cue}"),
                1,
            )
            .replacen(
                "exemptions_override_labels = false",
                "exemptions_override_labels = true",
                1,
            );
        Policy::from_toml(&t, "p.toml").unwrap()
    };
    let found_with = |p: &Policy, labels: &[(&str, f32)], text: &str| -> Vec<String> {
        p.taxonomy
            .classify(labels.iter().copied(), text)
            .hits
            .iter()
            .map(|(c, _)| p.taxonomy.category(*c).id.to_string())
            .collect()
    };
    let found = |p: &Policy, text: &str| found_with(p, &[], text);
    let (p, p1) = (policy(2, ""), policy(1, ""));
    let milestone = "90 days since i last self harmed. told my counsellor today";
    assert!(
        found(&p, milestone).is_empty(),
        "{:?}",
        found(&p, milestone)
    );
    let one = "self harm again, i have a safety plan";
    assert_eq!(
        found(&p, one),
        ["self_harm"],
        "one cue is below the minimum"
    );
    assert!(
        found(&p1, one).is_empty(),
        "one cue clears when one is enough"
    );
    // One cue in several forms and places: the hashtag's glued form, its split words, the
    // caption's phrase.
    let forms = "self harm again. safety plan, safety plan #SafetyPlan";
    assert_eq!(found(&p, forms), ["self_harm"], "a cue counts once");
    assert!(found(&p1, forms).is_empty());
    // Forms the policy joins with " | " are one cue, and so are two entries with one skeleton.
    let joined = "want to die. everyone says tell someone. i told someone";
    assert_eq!(found(&p, joined), ["suicide"]);
    let spelt = policy(2, "\"told my counselor\",");
    // (In the first person: "counsellor" is also a framing word, which clears topic words.)
    let twice = "i self harm again. told my counsellor, told my counselor";
    assert_eq!(found(&spelt, twice), ["self_harm"]);
    // In-token matches are judged among themselves: a cue in a later hashtag is not lost
    // behind the word pass's last cue, whichever order the tags come in.
    for text in [
        "self harm again #safetyplanworks #tellsomeone",
        "self harm again #tellsomeone #safetyplanworks",
    ] {
        assert!(found(&p, text).is_empty(), "{text}: {:?}", found(&p, text));
    }
    // A cue inside another counts with it, once.
    let nested = policy(2, "\"stayed\",");
    assert_eq!(
        found(&nested, "self harm again, glad i stayed"),
        ["self_harm"]
    );
    assert!(found(&nested, "self harm again, glad i stayed, told my gp").is_empty());
    // "recovery" is an exemption term; a danger cue keeps it from clearing.
    assert!(found(&p, "starving myself again, recovery is good for others").is_empty());
    assert_eq!(
        found(&p, "starving myself again, recovery is a lie"),
        ["eating_disorder"]
    );
    let danger = "self harm again, told my counsellor, since i last cut, still cutting";
    assert_eq!(found(&p, danger), ["self_harm"], "danger outweighs cues");
    // Framing words do not clear a category with a danger cue either.
    assert_eq!(
        found(&p, "news report on self harm: how to hide it from parents"),
        ["self_harm"]
    );
    // This policy lets exemptions cancel labels: cues still never do, and a danger cue keeps
    // an exemption term from doing it.
    let label = [("self_harm", 0.9f32)];
    assert_eq!(found_with(&p, &label, milestone), ["self_harm"]);
    assert!(found_with(&p, &label, "recovery").is_empty());
    assert_eq!(found_with(&p, &label, "recovery is a lie"), ["self_harm"]);
    // Outside the recovery categories the cues do nothing.
    let fight = "street fight compilation, since i last cut, it gets better";
    assert!(!found(&p1, fight).is_empty(), "{:?}", found(&p1, fight));

    // The explanation names the cues and what they do.
    let e = p.taxonomy.explain(std::iter::empty(), milestone);
    assert!(
        e.evidence
            .iter()
            .any(|v| v.rule.starts_with("told my counsellor (recovery cue")),
        "{:?}",
        e.evidence
    );
    let e = p.taxonomy.explain(std::iter::empty(), danger);
    assert!(
        e.evidence
            .iter()
            .any(|v| v.rule.starts_with("still cutting (danger cue") && !v.exempt),
        "{:?}",
        e.evidence
    );
}

#[test]
fn default_policy_framing_words_do_not_clear_first_person_harm() {
    let p = Policy::default_policy();
    let t = &p.taxonomy;
    let categories = |text: &str| -> Vec<String> {
        t.classify(std::iter::empty(), text)
            .hits
            .iter()
            .map(|(c, _)| t.category(*c).id.to_string())
            .collect()
    };
    assert!(categories("BBC news: suicide rates among teens fall").is_empty());
    assert!(categories("my GCSE english essay on misogyny in Macbeth").is_empty());
    let tacked = "planning to kill myself tonight, i have everything ready, goodbye #parents";
    assert_eq!(categories(tacked), ["suicide"]);
    assert_eq!(
        categories("i want to kill myself tonight, nobody would even notice. #news #bbc"),
        ["suicide"]
    );
    // Specific signposts still clear wherever they are.
    assert!(
        categories("last year i wanted to kill myself. i rang the samaritans on 116 123")
            .is_empty()
    );
}
