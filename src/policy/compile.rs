//! Validation of a [`PolicyConfig`] into a [`Policy`]. Every problem is collected, each with the
//! file, line, column and field at fault, so one run of `check-policy` shows them all.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use regex::{RegexSet, RegexSetBuilder};
use toml::Spanned;

use super::config::{self, PerBand, PolicyConfig};
use super::taxonomy::{Category, CategoryAction, Taxonomy, fold_label};
use super::*;

/// One problem in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyIssue {
    pub line: usize,
    pub column: usize,
    /// Dotted path of the field at fault, e.g. `category[2].patterns[0]`.
    pub field: String,
    pub message: String,
}

/// A policy that could not be loaded. Lists every issue found.
#[derive(Debug, thiserror::Error)]
pub struct PolicyError {
    pub origin: String,
    pub issues: Vec<PolicyIssue>,
}

impl PolicyError {
    pub(super) fn io(origin: &str, e: &std::io::Error) -> Self {
        PolicyError {
            origin: origin.to_owned(),
            issues: vec![PolicyIssue {
                line: 0,
                column: 0,
                field: String::new(),
                message: format!("cannot read policy file: {e}"),
            }],
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "policy {} is invalid ({} problem{})",
            self.origin,
            self.issues.len(),
            if self.issues.len() == 1 { "" } else { "s" }
        )?;
        for i in &self.issues {
            if i.line == 0 {
                write!(f, "\n  {}: {}", self.origin, i.message)?;
            } else if i.field.is_empty() {
                write!(
                    f,
                    "\n  {}:{}:{}: {}",
                    self.origin, i.line, i.column, i.message
                )?;
            } else {
                write!(
                    f,
                    "\n  {}:{}:{}: field `{}`: {}",
                    self.origin, i.line, i.column, i.field, i.message
                )?;
            }
        }
        Ok(())
    }
}

struct Issues<'a> {
    text: &'a str,
    list: Vec<PolicyIssue>,
}

impl Issues<'_> {
    fn at(&mut self, span: Range<usize>, field: impl Into<String>, message: impl Into<String>) {
        let (line, column) = if span.start == 0 && span.end == 0 {
            (0, 0)
        } else {
            line_col(self.text, span.start)
        };
        self.list.push(PolicyIssue {
            line,
            column,
            field: field.into(),
            message: message.into(),
        });
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, column)
}

/// The dotted key a byte offset sits in: the nearest `[table]` header above it plus the key on
/// its line. toml's own errors name the problem but not always the field.
fn field_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().to_owned())
        .unwrap_or_default();
    let header = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    match (header, key.is_empty()) {
        (Some(h), false) => format!("{h}.{key}"),
        (Some(h), true) => h,
        (None, _) => key,
    }
}

pub(super) fn compile(text: &str, origin: &str) -> Result<Policy, PolicyError> {
    let cfg: PolicyConfig = match toml::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let (line, column) = line_col(text, span.start);
            return Err(PolicyError {
                origin: origin.to_owned(),
                issues: vec![PolicyIssue {
                    line,
                    column,
                    field: field_at(text, span.start),
                    message: e.message().trim().to_owned(),
                }],
            });
        }
    };
    let mut issues = Issues {
        text,
        list: Vec::new(),
    };
    let policy = build(cfg, origin, &mut issues);
    if issues.list.is_empty()
        && let Some(p) = policy
    {
        return Ok(p);
    }
    Err(PolicyError {
        origin: origin.to_owned(),
        issues: issues.list,
    })
}

fn band_of(s: &Spanned<String>, field: &str, issues: &mut Issues) -> AgeBand {
    AgeBand::parse(s.get_ref()).unwrap_or_else(|| {
        issues.at(
            s.span(),
            field,
            format!(
                "unknown age band {:?}; expected one of under_13, 13_15, 16_17, adult",
                s.get_ref()
            ),
        );
        AgeBand::Under13
    })
}

fn build(cfg: PolicyConfig, origin: &str, issues: &mut Issues) -> Option<Policy> {
    let age = &cfg.age;
    let unknown_band = band_of(&age.unknown_band, "age.unknown_band", issues);
    let conf = *age.min_assurance_confidence.get_ref();
    if !(0.0..=1.0).contains(&conf) {
        issues.at(
            age.min_assurance_confidence.span(),
            "age.min_assurance_confidence",
            format!("confidence {conf} is outside 0.0..=1.0"),
        );
    }
    let mut trusted_methods = Vec::new();
    for (i, m) in age.trusted_methods.iter().enumerate() {
        match AssuranceMethod::parse(m.get_ref()) {
            Some(m) => trusted_methods.push(m),
            None => issues.at(
                m.span(),
                format!("age.trusted_methods[{i}]"),
                format!(
                    "unknown assurance method {:?}; expected one of {}",
                    m.get_ref(),
                    names(AssuranceMethod::ALL.iter().map(|m| m.as_str()))
                ),
            ),
        }
    }

    let default_time_zone = match jiff::tz::TimeZone::get(cfg.time.default_time_zone.get_ref()) {
        Ok(tz) => tz,
        Err(_) => {
            issues.at(
                cfg.time.default_time_zone.span(),
                "time.default_time_zone",
                format!(
                    "unknown time zone {:?}",
                    cfg.time.default_time_zone.get_ref()
                ),
            );
            jiff::tz::TimeZone::UTC
        }
    };
    if cfg.session.max_entries == 0 {
        issues.at(
            0..0,
            "session.max_entries",
            "session.max_entries must be at least 1",
        );
    }

    let bands = per_band(&cfg.bands, |band, b| build_band(band, b, issues));
    let taxonomy = build_taxonomy(&cfg.categories, &cfg.classifier, issues)?;

    Some(Policy {
        id: cfg.policy.id.into(),
        version: cfg.policy.version.into(),
        description: cfg.policy.description,
        origin: origin.to_owned(),
        age: AgePolicy {
            unknown_band,
            min_assurance_confidence: conf,
            adult_requires_assurance: age.adult_requires_assurance,
            trusted_methods,
            reference: age.reference.as_str().into(),
        },
        child_failure: cfg.failure.child,
        adult_failure: cfg.failure.adult,
        session_ttl_seconds: cfg.session.ttl_seconds,
        session_max_entries: cfg.session.max_entries,
        default_time_zone,
        bands,
        taxonomy,
        memo: Default::default(),
    })
}

fn per_band<T, U>(pb: &PerBand<T>, mut f: impl FnMut(AgeBand, &T) -> U) -> Bands<U> {
    Bands([
        f(AgeBand::Under13, &pb.under_13),
        f(AgeBand::Teen13To15, &pb.teen_13_15),
        f(AgeBand::Teen16To17, &pb.teen_16_17),
        f(AgeBand::Adult, &pb.adult),
    ])
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

fn build_band(band: AgeBand, b: &config::BandConfig, issues: &mut Issues) -> BandPolicy {
    let path = |section: &str| format!("bands.{band}.{section}");
    let profile = b.profile.as_ref().map(|p| {
        let mut strip = ProfileFields::empty();
        for (i, f) in p.strip.iter().enumerate() {
            match (f.get_ref().as_str(), ProfileField::parse(f.get_ref())) {
                ("all", _) => strip = ProfileFields::all(),
                (_, Some(field)) => strip.insert(field),
                (_, None) => issues.at(
                    f.span(),
                    format!("{}.strip[{i}]", path("profile")),
                    format!(
                        "unknown profile field {:?}; expected `all` or one of {}",
                        f.get_ref(),
                        names(ProfileField::ALL.iter().map(|f| f.as_str()))
                    ),
                ),
            }
        }
        let location = match p.location.get_ref().as_str() {
            "keep" => LocationAction::Keep,
            "drop" => LocationAction::Drop,
            "coarsen" => {
                if !(p.coarsen_degrees > 0.0 && p.coarsen_degrees <= 10.0) {
                    issues.at(
                        p.location.span(),
                        path("profile.coarsen_degrees"),
                        "coarsen_degrees must be in (0, 10]",
                    );
                }
                LocationAction::Coarsen(p.coarsen_degrees)
            }
            other => {
                issues.at(
                    p.location.span(),
                    path("profile.location"),
                    format!("unknown location action {other:?}; expected keep, coarsen or drop"),
                );
                LocationAction::Drop
            }
        };
        ProfilePolicy {
            strip,
            location,
            reference: p.reference.as_str().into(),
        }
    });
    let ads = b.ads.as_ref().map(|a| {
        let mut drop_targeting = TargetingSet::empty();
        for (i, t) in a.drop_targeting.iter().enumerate() {
            match Targeting::parse(t.get_ref()) {
                Some(t) => drop_targeting.insert(t),
                None => issues.at(
                    t.span(),
                    format!("{}.drop_targeting[{i}]", path("ads")),
                    format!(
                        "unknown targeting basis {:?}; expected one of {}",
                        t.get_ref(),
                        names(Targeting::ALL.iter().map(|t| t.as_str()))
                    ),
                ),
            }
        }
        AdsPolicy {
            strip_segments: a.strip_segments,
            drop_targeting,
            reference: a.reference.as_str().into(),
        }
    });
    let engagement = b.engagement.as_ref().map(|e| {
        let mut remove_nudges = NudgeSet::empty();
        for (i, n) in e.remove_nudges.iter().enumerate() {
            match (n.get_ref().as_str(), NudgeKind::parse(n.get_ref())) {
                ("all", _) => remove_nudges = NudgeSet::all(),
                (_, Some(k)) => remove_nudges.insert(k),
                (_, None) => issues.at(
                    n.span(),
                    format!("{}.remove_nudges[{i}]", path("engagement")),
                    format!(
                        "unknown nudge kind {:?}; expected `all` or one of {}",
                        n.get_ref(),
                        names(NudgeKind::ALL.iter().map(|n| n.as_str()))
                    ),
                ),
            }
        }
        if e.max_page_size == Some(0) {
            issues.at(
                0..0,
                path("engagement.max_page_size"),
                "max_page_size must be at least 1",
            );
        }
        EngagementPolicy {
            strip_signals: e.strip_signals.iter().map(|s| s.as_str().into()).collect(),
            rank_by_signal: e.rank_by_signal.as_deref().map(Into::into),
            disable_autoplay: e.disable_autoplay,
            max_page_size: e.max_page_size,
            remove_nudges,
            reference: e.reference.as_str().into(),
        }
    });
    let session_limit = b.session_limit.as_ref().map(|s| {
        if s.break_after_minutes == 0 {
            issues.at(
                0..0,
                path("session_limit.break_after_minutes"),
                "break_after_minutes must be at least 1",
            );
        }
        SessionLimitPolicy {
            break_after_ms: i64::from(s.break_after_minutes) * 60_000,
            message: s.message.as_str().into(),
            reference: s.reference.as_str().into(),
        }
    });
    let quiet_hours = b.quiet_hours.as_ref().map(|q| {
        let start = parse_hhmm(&q.start, &path("quiet_hours.start"), issues);
        let end = parse_hhmm(&q.end, &path("quiet_hours.end"), issues);
        if start == end {
            issues.at(
                q.start.span(),
                path("quiet_hours"),
                "quiet hours start and end are equal: an empty window",
            );
        }
        QuietHoursPolicy {
            start_minute: start,
            end_minute: end,
            message: q.message.as_str().into(),
            reference: q.reference.as_str().into(),
        }
    });
    let consent = b.consent.as_ref().map(|c| ConsentPolicy {
        require_parental_consent: c.require_parental_consent,
        reference: c.reference.as_str().into(),
    });
    BandPolicy {
        profile,
        ads,
        engagement,
        session_limit,
        quiet_hours,
        consent,
    }
}

fn parse_hhmm(s: &Spanned<String>, field: &str, issues: &mut Issues) -> u16 {
    let parsed = s.get_ref().split_once(':').and_then(|(h, m)| {
        let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
        (h < 24 && m < 60 && s.get_ref().len() == 5).then_some(h * 60 + m)
    });
    parsed.unwrap_or_else(|| {
        issues.at(
            s.span(),
            field,
            format!(
                "{:?} is not a time of day as HH:MM (00:00 to 23:59)",
                s.get_ref()
            ),
        );
        0
    })
}

fn build_taxonomy(
    cats: &[config::CategoryConfig],
    classifier: &config::ClassifierConfig,
    issues: &mut Issues,
) -> Option<Taxonomy> {
    let mut lists: Vec<crate::classify::matcher::CategoryLists> = Vec::with_capacity(cats.len());
    let mut categories = Vec::with_capacity(cats.len());
    let mut aliases: HashMap<String, usize> = HashMap::new();
    let mut patterns = Vec::new();
    let mut pattern_category = Vec::new();
    let mut exemptions = Vec::new();
    let mut exemption_category = Vec::new();
    let mut pattern_sources: Vec<(&Spanned<String>, String)> = Vec::new();
    let mut exemption_sources: Vec<(&Spanned<String>, String)> = Vec::new();

    for (ci, c) in cats.iter().enumerate() {
        let id = c.id.get_ref();
        let at = |f: &str| format!("category[{ci}] ({id}).{f}");
        let valid_id = !id.is_empty()
            && id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !valid_id {
            issues.at(
                c.id.span(),
                at("id"),
                "category id must be non-empty lowercase ascii, digits and `_`",
            );
        }
        if cats[..ci].iter().any(|o| o.id.get_ref() == id) {
            issues.at(
                c.id.span(),
                at("id"),
                format!("duplicate category id {id:?}"),
            );
        }
        if !(0.0..=1.0).contains(&c.min_label_confidence) {
            issues.at(
                c.id.span(),
                at("min_label_confidence"),
                "min_label_confidence is outside 0.0..=1.0",
            );
        }
        // The category's own id is always one of its aliases.
        for (ai, a) in std::iter::once(&c.id).chain(c.aliases.iter()).enumerate() {
            let folded = fold_label(a.get_ref());
            if folded.is_empty() {
                issues.at(
                    a.span(),
                    at(&format!("aliases[{}]", ai.saturating_sub(1))),
                    "empty alias",
                );
                continue;
            }
            match aliases.get(&folded) {
                Some(&other) if other != ci => issues.at(
                    a.span(),
                    at(&format!("aliases[{}]", ai.saturating_sub(1))),
                    format!(
                        "alias {:?} is already used by category {:?}",
                        a.get_ref(),
                        cats[other].id.get_ref()
                    ),
                ),
                _ => {
                    aliases.insert(folded, ci);
                }
            }
        }
        // Regexes are compiled once, as sets, below; each is compiled on its own only when a
        // set fails, to name the one at fault (compiling every pattern twice cost a third of
        // the policy's compile time).
        for (pi, p) in c.patterns.iter().enumerate() {
            patterns.push(format!("(?i){}", p.get_ref()));
            pattern_category.push(ci);
            pattern_sources.push((p, at(&format!("patterns[{pi}]"))));
        }
        for (pi, p) in c.exempt_patterns.iter().enumerate() {
            exemptions.push(format!("(?i){}", p.get_ref()));
            exemption_category.push(ci);
            exemption_sources.push((p, at(&format!("exempt_patterns[{pi}]"))));
        }
        let mut l = crate::classify::matcher::CategoryLists::default();
        let term = |t: &Spanned<String>, field: String, issues: &mut Issues| -> Option<String> {
            let has_emoji = t
                .get_ref()
                .chars()
                .any(crate::classify::normalise::is_emoji);
            if !has_emoji && crate::classify::normalise::skeleton_phrase(t.get_ref()).is_empty() {
                issues.at(
                    t.span(),
                    field,
                    "term has no letters, digits or emoji left after normalisation",
                );
                return None;
            }
            Some(t.get_ref().clone())
        };
        for (i, t) in c.terms.iter().enumerate() {
            if let Some(t) = term(t, at(&format!("terms[{i}]")), issues) {
                l.terms.push(t);
            }
        }
        for (i, t) in classifier.shared_exempt_terms.iter().enumerate() {
            if let Some(t) = term(t, format!("classifier.shared_exempt_terms[{i}]"), issues) {
                l.exempt_terms.push(t);
            }
        }
        for (i, t) in c.exempt_terms.iter().enumerate() {
            if let Some(t) = term(t, at(&format!("exempt_terms[{i}]")), issues) {
                l.exempt_terms.push(t);
            }
        }
        for (i, t) in classifier.shared_framing_exempt_terms.iter().enumerate() {
            let field = format!("classifier.shared_framing_exempt_terms[{i}]");
            if let Some(t) = term(t, field, issues) {
                l.framing_exempt_terms.push(t);
            }
        }
        if classifier
            .recovery_categories
            .iter()
            .any(|r| r.get_ref() == id)
        {
            for (i, t) in classifier.recovery_cues.iter().enumerate() {
                if let Some(t) = term(t, format!("classifier.recovery_cues[{i}]"), issues) {
                    l.recovery_cues.push(t);
                }
            }
            for (i, t) in classifier.danger_cues.iter().enumerate() {
                if let Some(t) = term(t, format!("classifier.danger_cues[{i}]"), issues) {
                    l.danger_cues.push(t);
                }
            }
        }
        for (i, cw) in c.code_words.iter().enumerate() {
            if let Some(w) = term(&cw.word, at(&format!("code_words[{i}].word")), issues) {
                l.code_words.push(crate::classify::matcher::CodeWordSpec {
                    category: ci,
                    word: w,
                    // A code word in its own context would always find it. Emoji have an
                    // empty skeleton, so their emoji are compared too: comparing skeletons
                    // alone dropped every emoji context of an emoji code.
                    context: cw
                        .context
                        .iter()
                        .filter(|c| match_key(c) != match_key(cw.word.get_ref()))
                        .cloned()
                        .collect(),
                    alone: cw.alone,
                });
            }
        }
        lists.push(l);
        let actions = per_band(&c.actions, |band, a| {
            let field = at(&format!("actions.{band}"));
            match a.get_ref().as_str() {
                "allow" => CategoryAction::Allow,
                "downrank" => CategoryAction::Downrank,
                "block" => CategoryAction::Block,
                "limit" => match c.limit {
                    Some(l) => CategoryAction::Limit {
                        per_page: l.per_page,
                        per_session: l.per_session,
                    },
                    None => {
                        issues.at(
                            a.span(),
                            field,
                            "action `limit` needs a `limit = { per_page = N, per_session = M }` in the category",
                        );
                        CategoryAction::Block
                    }
                },
                other => {
                    issues.at(
                        a.span(),
                        field,
                        format!(
                            "unknown action {other:?}; expected block, downrank, limit or allow"
                        ),
                    );
                    CategoryAction::Block
                }
            }
        });
        categories.push(Category {
            id: id.as_str().into(),
            name: c.name.clone(),
            tier: c.tier.clone(),
            reference: c.reference.as_str().into(),
            rule_id: format!("category.{id}").into(),
            min_label_confidence: c.min_label_confidence,
            actions,
            alias_count: c.aliases.len(),
            pattern_count: c.patterns.len() + c.terms.len() + c.code_words.len(),
            exempt_count: c.exempt_patterns.len() + c.exempt_terms.len(),
        });
    }

    let patterns = build_regex_set(&patterns, &pattern_sources, "category.patterns", issues)?;
    let exemptions = build_regex_set(
        &exemptions,
        &exemption_sources,
        "category.exempt_patterns",
        issues,
    )?;
    for (i, r) in classifier.recovery_categories.iter().enumerate() {
        if !cats.iter().any(|c| c.id.get_ref() == r.get_ref()) {
            issues.at(
                r.span(),
                format!("classifier.recovery_categories[{i}]"),
                format!("no category has the id {:?}", r.get_ref()),
            );
        }
    }
    if classifier.recovery_min_cues == 0 {
        issues.at(
            0..0,
            "classifier.recovery_min_cues",
            "recovery_min_cues must be at least 1: with 0 every match in a recovery category would be cleared",
        );
    }
    if classifier.fuzzy_min_len < 4 || classifier.substring_min_len < 3 {
        issues.at(0..0, "classifier", "fuzzy_min_len must be at least 4 and substring_min_len at least 3: shorter terms collide with ordinary words");
    }
    let settings = crate::classify::matcher::Settings {
        fuzzy_min_len: classifier.fuzzy_min_len,
        fuzzy_two_edits_min_len: classifier.fuzzy_two_edits_min_len,
        substring_min_len: classifier.substring_min_len,
        exemptions_override_labels: classifier.exemptions_override_labels,
        recovery_min_cues: classifier.recovery_min_cues,
    };
    let matcher = match crate::classify::matcher::Matcher::new(&lists, settings) {
        Ok(m) => m,
        Err(e) => {
            issues.at(
                0..0,
                "category.terms",
                format!("cannot build the term matcher: {e}"),
            );
            return None;
        }
    };
    let exempt_terms: Vec<(usize, &str)> = lists
        .iter()
        .enumerate()
        .flat_map(|(c, l)| l.exempt_terms.iter().map(move |t| (c, t.as_str())))
        .collect();
    Some(Taxonomy::new(
        matcher,
        categories,
        aliases,
        patterns,
        pattern_category,
        exemptions,
        exemption_category,
        &exempt_terms,
    ))
}

/// Builds one `RegexSet`. On failure, or when a pattern matches the empty string, each
/// pattern is checked on its own so every problem is reported with its line and field.
fn build_regex_set(
    pats: &[String],
    sources: &[(&Spanned<String>, String)],
    field: &str,
    issues: &mut Issues,
) -> Option<RegexSet> {
    let set = RegexSetBuilder::new(pats).size_limit(64 << 20).build();
    let needs_detail = match &set {
        Ok(s) => s.is_match("") || sources.iter().any(|(p, _)| p.get_ref().is_empty()),
        Err(_) => true,
    };
    if needs_detail {
        let before = issues.list.len();
        for (p, f) in sources {
            check_regex(p, f, issues);
        }
        if issues.list.len() == before
            && let Err(e) = &set
        {
            issues.at(0..0, field, format!("pattern set too large: {e}"));
        }
        return None;
    }
    set.ok()
}

fn check_regex(p: &Spanned<String>, field: &str, issues: &mut Issues) -> bool {
    if p.get_ref().is_empty() {
        issues.at(p.span(), field, "empty pattern would match every item");
        return false;
    }
    match regex::Regex::new(&format!("(?i){}", p.get_ref())) {
        Ok(r) if r.is_match("") => {
            issues.at(
                p.span(),
                field,
                "pattern matches the empty string, so every item",
            );
            false
        }
        Ok(_) => true,
        Err(e) => {
            // regex's message spans several lines with a caret diagram; keep its last line.
            let msg = e.to_string();
            let last = msg.lines().last().unwrap_or("invalid").trim().to_owned();
            issues.at(p.span(), field, format!("invalid regex: {last}"));
            false
        }
    }
}

/// What the matcher sees of a term: its skeleton and its emoji.
fn match_key(term: &str) -> (String, String) {
    (
        crate::classify::normalise::skeleton_phrase(term),
        term.chars()
            .filter(|c| crate::classify::normalise::is_emoji(*c))
            .collect(),
    )
}
