//! `feedguard classify`: why an item is (or is not) removed, in words a trust-and-safety
//! reviewer can check: the normalised forms, each matching term, code word, fuzzy match,
//! pattern and exemption, and the action for every age band. Uses the engine's own code.

use std::fmt::Write;

use serde::Deserialize;

use super::eval::CorpusLabel;
use super::matcher::HitKind;
use crate::engine::{self, ItemView};
use crate::policy::taxonomy::item_text;
use crate::policy::{AgeBand, Policy};

/// An item to explain. Unknown keys are ignored, so a corpus line or a sample item works.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ItemInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub hashtags: Vec<String>,
    #[serde(default)]
    pub labels: Vec<CorpusLabel>,
}

impl ItemInput {
    pub fn caption(text: String) -> Self {
        Self {
            caption: text,
            ..Default::default()
        }
    }
}

pub fn explain_item(policy: &Policy, item: &ItemInput) -> String {
    let tags: Vec<&str> = item.hashtags.iter().map(String::as_str).collect();
    let mut text = String::new();
    item_text(&item.title, &item.caption, &tags, &mut text);
    let labels: Vec<(&str, f32)> = item
        .labels
        .iter()
        .map(|l| (l.category.as_str(), l.confidence))
        .collect();
    let e = policy.taxonomy.explain(labels.iter().copied(), &text);
    let tax = &policy.taxonomy;
    let name = |c: usize| tax.category(c).id.to_string();

    let mut o = String::new();
    let _ = writeln!(o, "policy    {} {}", policy.id, policy.version);
    let _ = writeln!(o, "text      {:?}", text.trim_end());
    let _ = writeln!(o, "clean     {:?}", e.clean.trim_end());
    let _ = writeln!(o, "skeleton  {:?}", e.skeleton);
    if !e.emoji.is_empty() {
        let _ = writeln!(o, "emoji     {}", e.emoji);
    }
    if !e.labels.is_empty() {
        let _ = writeln!(o, "\nupstream labels:");
        for (c, l, conf, counted) in &e.labels {
            let _ = writeln!(
                o,
                "  {l:?} ({conf:.2}) -> {}{}",
                name(*c),
                if *counted {
                    ""
                } else {
                    "  (below the category's confidence floor: ignored)"
                }
            );
        }
    }
    let _ = writeln!(o, "\nevidence:");
    if e.evidence.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for ev in &e.evidence {
        let how = match &ev.kind {
            HitKind::Term => "term".to_owned(),
            HitKind::InToken => "term inside a run-together word".to_owned(),
            HitKind::Fuzzy { distance } => format!(
                "fuzzy term, {distance} edit{}",
                if *distance == 1 { "" } else { "s" }
            ),
            HitKind::CodeWord => "code word, with context".to_owned(),
            HitKind::Emoji => "emoji code".to_owned(),
            HitKind::Pattern => "pattern".to_owned(),
            HitKind::Stance => "stance".to_owned(),
        };
        let what = if ev.exempt {
            "EXEMPTION"
        } else if ev.kind == HitKind::Stance {
            "cue"
        } else {
            "match"
        };
        let matched = if ev.matched.is_empty() {
            String::new()
        } else {
            format!(" on {:?}", ev.matched)
        };
        let _ = writeln!(
            o,
            "  {:<20} {what:<9} {how}: {:?}{matched}",
            name(ev.category),
            &*ev.rule
        );
    }
    if !e.exempted.is_empty() {
        let cats: Vec<_> = e.exempted.iter().map(|c| name(*c)).collect();
        let _ = writeln!(
            o,
            "\nexempted (text matches cancelled{}): {}",
            if tax.matcher().settings.exemptions_override_labels {
                ", labels too unless only framing words or recovery cues cleared it"
            } else {
                "; labels still count"
            },
            cats.join(", ")
        );
    }
    let cats: Vec<_> = e
        .matches
        .hits
        .iter()
        .map(|(c, s)| format!("{} ({:?})", name(*c), s).to_lowercase())
        .collect();
    let _ = writeln!(
        o,
        "\ncategories: {}",
        if cats.is_empty() {
            "none".to_owned()
        } else {
            cats.join(", ")
        }
    );

    let view = ItemView {
        title: &item.title,
        caption: &item.caption,
        hashtags: tags.clone(),
        labels: labels.clone(),
        ..Default::default()
    };
    let _ = writeln!(o, "\naction by band:");
    for band in AgeBand::ALL {
        match engine::explain_item(policy, band, &view) {
            Some(x) => {
                let _ = writeln!(
                    o,
                    "  {:<9} {:<9} {:<28} {}",
                    band.as_str(),
                    x.action,
                    &*x.rule,
                    &*x.reference
                );
            }
            None => {
                let _ = writeln!(o, "  {:<9} allow", band.as_str());
            }
        }
    }
    o
}
