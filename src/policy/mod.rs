//! The policy: what each age band may receive. A TOML file ([`config`]) is validated and compiled
//! once into a [`Policy`] (every regex in a set, every band resolved); the engine only ever reads
//! the compiled form. Pure: no I/O except [`Policy::load`], which reads the file it is given.

mod compile;
pub mod config;
pub mod taxonomy;

use std::fmt;
use std::sync::Arc;

pub use compile::{PolicyError, PolicyIssue};
pub use config::{AdultFailure, ChildFailure};
pub use taxonomy::{Category, CategoryAction, Taxonomy};

/// The default policy shipped with feedguard (UK Children's code and Ofcom codes).
pub const DEFAULT_POLICY_TOML: &str = include_str!("../../policies/uk-childrens-code.toml");
/// The name the embedded default policy is reported under.
pub const DEFAULT_POLICY_ORIGIN: &str = "policies/uk-childrens-code.toml (embedded)";

/// Age bands, youngest first. The derived order is strictness: a smaller band is stricter, so
/// "the youngest wins" is `min`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBand {
    Under13 = 0,
    Teen13To15 = 1,
    Teen16To17 = 2,
    Adult = 3,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [
        AgeBand::Under13,
        AgeBand::Teen13To15,
        AgeBand::Teen16To17,
        AgeBand::Adult,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::Under13 => "under_13",
            AgeBand::Teen13To15 => "13_15",
            AgeBand::Teen16To17 => "16_17",
            AgeBand::Adult => "adult",
        }
    }

    pub fn parse(s: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn from_age(years: u32) -> AgeBand {
        match years {
            0..=12 => AgeBand::Under13,
            13..=15 => AgeBand::Teen13To15,
            16..=17 => AgeBand::Teen16To17,
            _ => AgeBand::Adult,
        }
    }

    pub fn is_child(self) -> bool {
        self != AgeBand::Adult
    }
}

impl fmt::Display for AgeBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value per age band, indexed by [`AgeBand`].
#[derive(Debug, Clone)]
pub struct Bands<T>(pub [T; 4]);

impl<T> Bands<T> {
    pub fn get(&self, band: AgeBand) -> &T {
        &self.0[band as usize]
    }
}

macro_rules! name_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),+ } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
            #[allow(dead_code)]
            fn bit(self) -> u32 { 1 << (self as u32) }
        }
    };
}

name_enum! {
    /// A behavioural-profile field of the request.
    ProfileField {
        WatchHistory = "watch_history",
        SearchQueries = "search_queries",
        EngagedItems = "engaged_item_ids",
        InferredInterests = "inferred_interests",
        Embedding = "embedding",
        AdSegments = "ad_segments",
        SocialGraph = "social_graph",
        ExplicitInterests = "explicit_interests",
        FollowedCreators = "followed_creator_ids",
    }
}

name_enum! {
    /// How a sponsored item was targeted.
    Targeting {
        Unspecified = "unspecified",
        Contextual = "contextual",
        Behavioural = "behavioural",
        Demographic = "demographic",
        Lookalike = "lookalike",
    }
}

name_enum! {
    /// Kinds of engagement nudge a response can carry.
    NudgeKind {
        Unspecified = "unspecified",
        Notification = "notification",
        Streak = "streak",
        FriendActivity = "friend_activity",
        ComeBack = "come_back",
    }
}

macro_rules! bit_set {
    ($set:ident, $elem:ident) => {
        /// A small set, stored as bits.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $set(u32);
        impl $set {
            pub const fn empty() -> Self {
                Self(0)
            }
            pub fn all() -> Self {
                $elem::ALL.iter().fold(Self(0), |s, e| s.with(*e))
            }
            pub fn with(self, e: $elem) -> Self {
                Self(self.0 | e.bit())
            }
            pub fn insert(&mut self, e: $elem) {
                self.0 |= e.bit();
            }
            pub fn contains(self, e: $elem) -> bool {
                self.0 & e.bit() != 0
            }
            pub fn is_empty(self) -> bool {
                self.0 == 0
            }
            pub fn union(self, o: Self) -> Self {
                Self(self.0 | o.0)
            }
            pub fn difference(self, o: Self) -> Self {
                Self(self.0 & !o.0)
            }
            pub fn intersect(self, o: Self) -> Self {
                Self(self.0 & o.0)
            }
            pub fn len(self) -> usize {
                self.0.count_ones() as usize
            }
            pub fn iter(self) -> impl Iterator<Item = $elem> {
                $elem::ALL
                    .iter()
                    .copied()
                    .filter(move |e| self.contains(*e))
            }
        }
    };
}

bit_set!(ProfileFields, ProfileField);
bit_set!(TargetingSet, Targeting);
bit_set!(NudgeSet, NudgeKind);

/// What happens to precise location.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LocationAction {
    Keep,
    /// Round coordinates to this many degrees (0.1 is about 11 km).
    Coarsen(f64),
    Drop,
}

/// A compiled, validated policy. Cheap to share (`Arc`); replaced whole on reload.
#[derive(Debug)]
pub struct Policy {
    pub id: Arc<str>,
    pub version: Arc<str>,
    pub description: String,
    /// Where it was loaded from, for messages.
    pub origin: String,
    pub age: AgePolicy,
    pub child_failure: ChildFailure,
    pub adult_failure: AdultFailure,
    pub session_ttl_seconds: u64,
    pub session_max_entries: usize,
    pub default_time_zone: jiff::tz::TimeZone,
    pub bands: Bands<BandPolicy>,
    pub taxonomy: Taxonomy,
    /// What items read to under this policy, remembered by their bytes. It belongs to the
    /// compiled policy so that a reload, which may change any fact, starts an empty one.
    pub memo: crate::engine::memo::FactsMemo,
}

#[derive(Debug)]
pub struct AgePolicy {
    pub unknown_band: AgeBand,
    pub min_assurance_confidence: f32,
    pub adult_requires_assurance: bool,
    pub trusted_methods: Vec<AssuranceMethod>,
    pub reference: Arc<str>,
}

name_enum! {
    /// How an age-assurance result was obtained.
    AssuranceMethod {
        Unspecified = "unspecified",
        SelfDeclaration = "self_declaration",
        FacialEstimation = "facial_estimation",
        IdDocument = "id_document",
        CreditCard = "credit_card",
        DigitalId = "digital_id",
        Inferred = "inferred",
    }
}

/// Everything a policy says about one band. A missing section means "no rule of this kind".
#[derive(Debug, Clone, Default)]
pub struct BandPolicy {
    pub profile: Option<ProfilePolicy>,
    pub ads: Option<AdsPolicy>,
    pub engagement: Option<EngagementPolicy>,
    pub session_limit: Option<SessionLimitPolicy>,
    pub quiet_hours: Option<QuietHoursPolicy>,
    pub consent: Option<ConsentPolicy>,
}

#[derive(Debug, Clone)]
pub struct ProfilePolicy {
    pub strip: ProfileFields,
    pub location: LocationAction,
    pub reference: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct AdsPolicy {
    pub strip_segments: bool,
    pub drop_targeting: TargetingSet,
    pub reference: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct EngagementPolicy {
    pub strip_signals: Vec<Box<str>>,
    pub rank_by_signal: Option<Box<str>>,
    pub disable_autoplay: bool,
    pub max_page_size: Option<u32>,
    pub remove_nudges: NudgeSet,
    pub reference: Arc<str>,
}

impl EngagementPolicy {
    pub fn strips_signal(&self, name: &str) -> bool {
        self.strip_signals.iter().any(|s| &**s == name)
    }
}

#[derive(Debug, Clone)]
pub struct SessionLimitPolicy {
    pub break_after_ms: i64,
    pub message: Arc<str>,
    pub reference: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct QuietHoursPolicy {
    /// Minutes after local midnight.
    pub start_minute: u16,
    pub end_minute: u16,
    pub message: Arc<str>,
    pub reference: Arc<str>,
}

impl QuietHoursPolicy {
    /// Whether a local minute-of-day falls in the window, which may cross midnight.
    pub fn contains(&self, minute_of_day: u16) -> bool {
        if self.start_minute <= self.end_minute {
            (self.start_minute..self.end_minute).contains(&minute_of_day)
        } else {
            minute_of_day >= self.start_minute || minute_of_day < self.end_minute
        }
    }
}

#[derive(Debug, Clone)]
pub struct ConsentPolicy {
    pub require_parental_consent: bool,
    pub reference: Arc<str>,
}

impl Policy {
    /// Parses and compiles policy text. `origin` names the source in error messages.
    pub fn from_toml(text: &str, origin: &str) -> Result<Policy, PolicyError> {
        compile::compile(text, origin)
    }

    /// Reads and compiles a policy file.
    pub fn load(path: &std::path::Path) -> Result<Policy, PolicyError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PolicyError::io(&origin, &e))?;
        Self::from_toml(&text, &origin)
    }

    /// The embedded default policy.
    pub fn default_policy() -> Policy {
        // The embedded policy is validated by a unit test, so failure here is a build defect.
        #[allow(clippy::expect_used)]
        Self::from_toml(DEFAULT_POLICY_TOML, DEFAULT_POLICY_ORIGIN)
            .expect("embedded default policy is valid (checked by tests)")
    }

    pub fn band(&self, band: AgeBand) -> &BandPolicy {
        self.bands.get(band)
    }

    /// True when no rule of the band can change a response: no ads or engagement rule, no
    /// session limit or quiet hours, and every category `allow`.
    pub fn is_passthrough(&self, band: AgeBand) -> bool {
        let b = self.band(band);
        b.ads.as_ref().is_none_or(|a| a.drop_targeting.is_empty())
            && b.engagement.is_none()
            && b.session_limit.is_none()
            && b.quiet_hours.is_none()
            && self
                .taxonomy
                .categories()
                .iter()
                .all(|c| *c.actions.get(band) == CategoryAction::Allow)
    }

    /// A human-readable account of the compiled policy, for `check-policy`.
    pub fn explain(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "policy {} version {} ({})",
            self.id, self.version, self.origin
        );
        if !self.description.is_empty() {
            let _ = writeln!(out, "  {}", self.description);
        }
        let _ = writeln!(
            out,
            "age: unknown or unverifiable age -> {}; assurance counts from confidence {:.2}; adult needs assurance: {}",
            self.age.unknown_band,
            self.age.min_assurance_confidence,
            self.age.adult_requires_assurance
        );
        let _ = writeln!(
            out,
            "on failure: children get {:?}, adults fail {:?}; sessions: ttl {}s, at most {}",
            self.child_failure,
            self.adult_failure,
            self.session_ttl_seconds,
            self.session_max_entries
        );
        for band in AgeBand::ALL {
            let b = self.band(band);
            let _ = writeln!(out, "\nband {band}:");
            if let Some(p) = &b.profile {
                let fields: Vec<_> = p.strip.iter().map(|f| f.as_str()).collect();
                let _ = writeln!(
                    out,
                    "  profile: strip [{}]; location {:?}  [{}]",
                    fields.join(", "),
                    p.location,
                    p.reference
                );
            }
            if let Some(c) = &b.consent {
                let _ = writeln!(
                    out,
                    "  consent: without parental consent no personalisation: {}  [{}]",
                    c.require_parental_consent, c.reference
                );
            }
            if let Some(a) = &b.ads {
                let t: Vec<_> = a.drop_targeting.iter().map(|t| t.as_str()).collect();
                let _ = writeln!(
                    out,
                    "  ads: strip segments {}; drop sponsored items targeted by [{}]  [{}]",
                    a.strip_segments,
                    t.join(", "),
                    a.reference
                );
            }
            if let Some(e) = &b.engagement {
                let n: Vec<_> = e.remove_nudges.iter().map(|t| t.as_str()).collect();
                let _ = writeln!(
                    out,
                    "  engagement: strip signals [{}]; rank by {}; autoplay off {}; page size cap {}; remove nudges [{}]  [{}]",
                    e.strip_signals.join(", "),
                    e.rank_by_signal.as_deref().unwrap_or("(upstream order)"),
                    e.disable_autoplay,
                    e.max_page_size.map_or("none".to_owned(), |m| m.to_string()),
                    n.join(", "),
                    e.reference
                );
            }
            if let Some(s) = &b.session_limit {
                let _ = writeln!(
                    out,
                    "  session: break after {} min  [{}]",
                    s.break_after_ms / 60_000,
                    s.reference
                );
            }
            if let Some(q) = &b.quiet_hours {
                let _ = writeln!(
                    out,
                    "  quiet hours: {:02}:{:02}-{:02}:{:02} local  [{}]",
                    q.start_minute / 60,
                    q.start_minute % 60,
                    q.end_minute / 60,
                    q.end_minute % 60,
                    q.reference
                );
            }
            for cat in self.taxonomy.categories() {
                let _ = writeln!(out, "  {:<22} {}", cat.id, cat.actions.get(band));
            }
        }
        let _ = writeln!(out, "\ncategories:");
        for cat in self.taxonomy.categories() {
            let _ = writeln!(
                out,
                "  {} ({}): {} aliases, {} patterns, {} exemptions  [{}]",
                cat.id,
                cat.name,
                cat.alias_count,
                cat.pattern_count,
                cat.exempt_count,
                cat.reference
            );
        }
        out
    }
}

#[cfg(test)]
mod tests;
