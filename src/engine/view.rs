//! The narrow view of a feed that the engine reads. A schema binding (the canonical protos in
//! [`crate::binding`], or a platform's own) fills these from its messages; the engine never sees
//! a message type, an account id or any other personal data.

use crate::policy::{AgeBand, AssuranceMethod, NudgeKind, ProfileFields, Targeting};

/// Parental consent as the request states it. Unknown values read as `Unspecified`, which the
/// engine treats as "no consent".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Consent {
    #[default]
    Unspecified,
    Granted,
    Denied,
    Pending,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssuranceView {
    pub band: Option<AgeBand>,
    pub estimated_age: Option<f32>,
    pub method: AssuranceMethod,
    pub confidence: f32,
}

/// The viewer's age and consent signals.
#[derive(Debug, Clone, Default)]
pub struct ViewerView<'a> {
    pub declared_age: Option<u32>,
    pub assurance: Option<AssuranceView>,
    pub consent: Consent,
    /// IANA time zone name; empty if the client did not say.
    pub time_zone: &'a str,
}

/// Which parts of the location are present.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocationView {
    pub precise: bool,
    pub region: bool,
}

/// Session context as the request states it.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionView {
    /// Session start the client reports (unix ms), if any.
    pub start_unix_ms: Option<i64>,
    pub items_served: u32,
    pub autoplay: bool,
}

/// What the engine reads of a feed request.
#[derive(Debug, Clone, Default)]
pub struct RequestView<'a> {
    /// `None` when the request carries no viewer at all.
    pub viewer: Option<ViewerView<'a>>,
    /// Profile fields that are present and non-empty.
    pub profile: ProfileFields,
    pub location: LocationView,
    pub session: SessionView,
    /// Requested page size; 0 when unspecified.
    pub page_size: u32,
}

/// What the engine reads of one item.
#[derive(Debug, Clone, Default)]
pub struct ItemView<'a> {
    pub title: &'a str,
    pub caption: &'a str,
    pub hashtags: Vec<&'a str>,
    /// Upstream labels: (category name in the upstream's taxonomy, confidence).
    pub labels: Vec<(&'a str, f32)>,
    /// Named ranking signals with their values.
    pub signals: Vec<(&'a str, f64)>,
    pub score: f64,
    /// `Some` for a sponsored item: how it was targeted.
    pub sponsored: Option<Targeting>,
    pub autoplay: bool,
}

/// Page-level parts of a response.
#[derive(Debug, Clone, Default)]
pub struct PageView {
    pub has_next_page: bool,
    pub autoplay_next: bool,
    pub nudges: Vec<NudgeKind>,
}
