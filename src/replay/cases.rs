//! `feedguard test-policy`: expected verdicts kept next to a policy. A cases file lists items
//! (text, labels, sponsorship) with the bands they are shown to and the action each band must
//! take; the check is the engine's own [`engine::explain_item`], the per-item judgement the
//! proxy makes before page and session caps.

use std::fmt::Write;
use std::path::Path;

use serde::Deserialize;

use crate::engine::{self, ItemView};
use crate::policy::{AgeBand, Policy, Targeting};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelInput {
    pub category: String,
    #[serde(default = "one")]
    pub confidence: f32,
}

fn one() -> f32 {
    1.0
}

/// One expected verdict.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    /// The bands the expectation holds for (`under_13`, `13_15`, `16_17`, `adult`), or
    /// `children` for the three child bands, `all` for every band.
    #[serde(default)]
    pub band: Option<String>,
    #[serde(default)]
    pub bands: Vec<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub hashtags: Vec<String>,
    #[serde(default)]
    pub labels: Vec<LabelInput>,
    /// How the item is targeted, if it is an ad: contextual, behavioural, demographic,
    /// lookalike.
    #[serde(default)]
    pub sponsored: Option<String>,
    /// allow, block, limit, downrank or drop.
    pub expect: String,
    /// The category that must decide it, when it is not `allow`.
    #[serde(default)]
    pub category: Option<String>,
    /// Where the case was read from (filled in by [`load`]).
    #[serde(skip)]
    pub origin: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CasesFile {
    case: Vec<Case>,
}

#[derive(Debug, thiserror::Error)]
pub enum CasesError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
}

const ACTIONS: [&str; 5] = ["allow", "block", "limit", "downrank", "drop"];

/// Reads a cases file: TOML (`[[case]]` tables) or JSON (`{"case": [...]}` or an array).
pub fn load(path: &Path) -> Result<Vec<Case>, CasesError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CasesError::Read {
        path: p.clone(),
        source,
    })?;
    let parse = |message: String| CasesError::Parse {
        path: p.clone(),
        message,
    };
    let mut cases = if path.extension().is_some_and(|e| e == "json") {
        match serde_json::from_str::<CasesFile>(&text) {
            Ok(f) => f.case,
            Err(_) => serde_json::from_str::<Vec<Case>>(&text)
                .map_err(|e| parse(format!("line {} column {}: {e}", e.line(), e.column())))?,
        }
    } else {
        toml::from_str::<CasesFile>(&text)
            .map_err(|e| {
                let at = e
                    .span()
                    .map(|s| {
                        let line = text[..s.start].matches('\n').count() + 1;
                        format!("line {line}: ")
                    })
                    .unwrap_or_default();
                parse(format!("{at}{}", e.message()))
            })?
            .case
    };
    for (i, c) in cases.iter_mut().enumerate() {
        c.origin = format!("{p} case {}", i + 1);
        if !ACTIONS.contains(&c.expect.as_str()) {
            return Err(parse(format!(
                "case {:?}: expect = {:?}; expected one of {}",
                c.name,
                c.expect,
                ACTIONS.join(", ")
            )));
        }
        bands_of(c).map_err(|e| parse(format!("case {:?}: {e}", c.name)))?;
        if let Some(s) = &c.sponsored
            && Targeting::parse(s).is_none()
        {
            return Err(parse(format!(
                "case {:?}: unknown sponsored = {s:?}",
                c.name
            )));
        }
    }
    Ok(cases)
}

fn bands_of(c: &Case) -> Result<Vec<AgeBand>, String> {
    let names: Vec<&str> = c
        .band
        .iter()
        .map(String::as_str)
        .chain(c.bands.iter().map(String::as_str))
        .collect();
    if names.is_empty() {
        return Err("no band: give band = \"13_15\" (or bands = [...], children, all)".into());
    }
    let mut out = Vec::new();
    for n in names {
        match n {
            "children" => out.extend(AgeBand::ALL.into_iter().filter(|b| b.is_child())),
            "all" => out.extend(AgeBand::ALL),
            _ => out.push(AgeBand::parse(n).ok_or_else(|| {
                format!("unknown band {n:?} (under_13, 13_15, 16_17, adult, children, all)")
            })?),
        }
    }
    Ok(out)
}

/// One case in one band that did not get its expected verdict.
#[derive(Debug, Clone)]
pub struct Failure {
    pub origin: String,
    pub name: String,
    pub band: AgeBand,
    pub expected: String,
    pub got: String,
}

#[derive(Debug, Default)]
pub struct CasesResult {
    pub checked: usize,
    pub failures: Vec<Failure>,
}

impl CasesResult {
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        for f in &self.failures {
            let _ = writeln!(
                s,
                "FAIL {} ({}), band {}: expected {}, got {}",
                f.name, f.origin, f.band, f.expected, f.got
            );
        }
        let _ = writeln!(
            s,
            "{} checks, {} passed, {} failed",
            self.checked,
            self.checked - self.failures.len(),
            self.failures.len()
        );
        s
    }
}

fn describe(action: &str, category: Option<&str>) -> String {
    match category {
        Some(c) => format!("{action} ({c})"),
        None => action.to_owned(),
    }
}

/// Runs every case in every band it names.
pub fn run(policy: &Policy, cases: &[Case]) -> CasesResult {
    let mut r = CasesResult::default();
    for c in cases {
        let view = ItemView {
            title: &c.title,
            caption: &c.caption,
            hashtags: c.hashtags.iter().map(String::as_str).collect(),
            labels: c
                .labels
                .iter()
                .map(|l| (l.category.as_str(), l.confidence))
                .collect(),
            sponsored: c.sponsored.as_deref().and_then(Targeting::parse),
            ..Default::default()
        };
        for band in bands_of(c).unwrap_or_default() {
            r.checked += 1;
            let got = engine::explain_item(policy, band, &view);
            let (action, category) = match &got {
                Some(e) => (e.action, e.category.as_deref()),
                None => ("allow", None),
            };
            let ok = action == c.expect
                && c.category
                    .as_deref()
                    .is_none_or(|want| category == Some(want));
            if !ok {
                r.failures.push(Failure {
                    origin: c.origin.clone(),
                    name: c.name.clone(),
                    band,
                    expected: describe(&c.expect, c.category.as_deref()),
                    got: describe(action, category),
                });
            }
        }
    }
    r
}
