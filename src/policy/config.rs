//! The policy file as written: serde structs with `deny_unknown_fields`, spans kept where a later
//! validation step must point at a line. Nothing here is used on the request path; `compile`
//! turns it into a [`super::Policy`].

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    pub policy: PolicyMeta,
    pub age: AgeConfig,
    #[serde(default)]
    pub failure: FailureConfig,
    #[serde(default)]
    pub session: SessionConfig,
    #[serde(default)]
    pub time: TimeConfig,
    pub bands: PerBand<BandConfig>,
    #[serde(default)]
    pub classifier: ClassifierConfig,
    #[serde(default, rename = "category")]
    pub categories: Vec<CategoryConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    pub id: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
}

/// One value for each age band. Every band must be spelled out: a policy an auditor reads should
/// not depend on defaults hidden in code.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PerBand<T> {
    pub under_13: T,
    #[serde(rename = "13_15")]
    pub teen_13_15: T,
    #[serde(rename = "16_17")]
    pub teen_16_17: T,
    pub adult: T,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeConfig {
    /// Band for a viewer whose age is unknown or cannot be verified.
    #[serde(default = "default_unknown_band")]
    pub unknown_band: Spanned<String>,
    /// Age-assurance results below this confidence are ignored.
    #[serde(default = "default_min_confidence")]
    pub min_assurance_confidence: Spanned<f32>,
    /// If true, a viewer is only treated as an adult when an age-assurance result from a
    /// trusted method says so; a declared age alone is not enough.
    #[serde(default)]
    pub adult_requires_assurance: bool,
    /// Assurance methods trusted to establish adulthood.
    #[serde(default = "default_trusted_methods")]
    pub trusted_methods: Vec<Spanned<String>>,
    /// Reference cited when the band was set by the unknown-age rule.
    #[serde(default = "default_age_reference")]
    pub reference: String,
}

fn default_unknown_band() -> Spanned<String> {
    Spanned::new(0..0, "under_13".to_owned())
}
fn default_min_confidence() -> Spanned<f32> {
    Spanned::new(0..0, 0.8)
}
fn default_trusted_methods() -> Vec<Spanned<String>> {
    [
        "facial_estimation",
        "id_document",
        "credit_card",
        "digital_id",
    ]
    .into_iter()
    .map(|m| Spanned::new(0..0, m.to_owned()))
    .collect()
}
fn default_age_reference() -> String {
    "ICO Children's code std 3 (age appropriate application)".to_owned()
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FailureConfig {
    /// What a child gets when the policy cannot be applied: an error status, or an empty feed
    /// with a notice. Never the upstream response.
    #[serde(default)]
    pub child: ChildFailure,
    /// What an adult gets: the unfiltered upstream response (`open`) or an error (`closed`).
    #[serde(default)]
    pub adult: AdultFailure,
}

#[derive(Debug, Deserialize, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ChildFailure {
    #[default]
    Error,
    SafeEmpty,
}

#[derive(Debug, Deserialize, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AdultFailure {
    #[default]
    Open,
    Closed,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionConfig {
    #[serde(default = "default_ttl")]
    pub ttl_seconds: u64,
    #[serde(default = "default_max_sessions")]
    pub max_entries: usize,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            ttl_seconds: default_ttl(),
            max_entries: default_max_sessions(),
        }
    }
}
fn default_ttl() -> u64 {
    4 * 3600
}
fn default_max_sessions() -> usize {
    200_000
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeConfig {
    /// Time zone assumed when a viewer's is missing or unknown.
    #[serde(default = "default_tz")]
    pub default_time_zone: Spanned<String>,
}

impl Default for TimeConfig {
    fn default() -> Self {
        Self {
            default_time_zone: default_tz(),
        }
    }
}
fn default_tz() -> Spanned<String> {
    Spanned::new(0..0, "UTC".to_owned())
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct BandConfig {
    #[serde(default)]
    pub profile: Option<ProfileRule>,
    #[serde(default)]
    pub ads: Option<AdsRule>,
    #[serde(default)]
    pub engagement: Option<EngagementRule>,
    #[serde(default)]
    pub session_limit: Option<SessionLimitRule>,
    #[serde(default)]
    pub quiet_hours: Option<QuietHoursRule>,
    #[serde(default)]
    pub consent: Option<ConsentRule>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ProfileRule {
    /// Profile fields removed before the request leaves feedguard.
    #[serde(default)]
    pub strip: Vec<Spanned<String>>,
    /// `keep`, `coarsen` (precise coordinates rounded to `coarsen_degrees`) or `drop`.
    #[serde(default = "default_location")]
    pub location: Spanned<String>,
    #[serde(default = "default_coarsen_degrees")]
    pub coarsen_degrees: f64,
    pub reference: String,
}
fn default_location() -> Spanned<String> {
    Spanned::new(0..0, "keep".to_owned())
}
fn default_coarsen_degrees() -> f64 {
    0.1
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct AdsRule {
    /// Remove `profile.ad_segments` from the request.
    #[serde(default)]
    pub strip_segments: bool,
    /// Sponsored items whose targeting basis is one of these are dropped from the response.
    #[serde(default)]
    pub drop_targeting: Vec<Spanned<String>>,
    pub reference: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct EngagementRule {
    /// Ranking signals removed from every item.
    #[serde(default)]
    pub strip_signals: Vec<String>,
    /// Re-order kept items by this ranking signal (descending); items without it keep their
    /// upstream score.
    #[serde(default)]
    pub rank_by_signal: Option<String>,
    /// Turn autoplay off in the request and the response.
    #[serde(default)]
    pub disable_autoplay: bool,
    /// The largest page a viewer of this band gets.
    #[serde(default)]
    pub max_page_size: Option<u32>,
    /// Nudge kinds removed from responses: `notification`, `streak`, `friend_activity`,
    /// `come_back`, or `all`.
    #[serde(default)]
    pub remove_nudges: Vec<Spanned<String>>,
    pub reference: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SessionLimitRule {
    /// After this long in one session, paging stops and a break notice is returned.
    pub break_after_minutes: u32,
    #[serde(default = "default_break_message")]
    pub message: String,
    pub reference: String,
}
fn default_break_message() -> String {
    "You've been scrolling for a while. Time for a break?".to_owned()
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursRule {
    /// Local time `HH:MM`; the window may cross midnight.
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    #[serde(default = "default_quiet_message")]
    pub message: String,
    pub reference: String,
}
fn default_quiet_message() -> String {
    "It's late. Notifications are paused until morning.".to_owned()
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ConsentRule {
    /// Without parental consent, every profile field is stripped (no personalisation).
    pub require_parental_consent: bool,
    pub reference: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    pub id: Spanned<String>,
    pub name: String,
    /// E.g. "primary_priority", "priority", "sensitive": informational.
    #[serde(default)]
    pub tier: String,
    pub reference: String,
    /// Names other taxonomies use for this category, matched as whole labels after folding case
    /// and separators.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Words and phrases, matched after normalisation (case, homoglyphs, leetspeak, spacing,
    /// repeated letters), whole or inside hashtags, and fuzzily when long.
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    /// Words (or emoji) that are harmful only in context: `{ word = "ana", context = [...] }`.
    /// With an empty context the code counts on its own.
    #[serde(default)]
    pub code_words: Vec<CodeWordConfig>,
    /// Regular expressions over the normalised (readable, lowercase) title, caption and
    /// hashtags, for what terms cannot say.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Terms that make a text match not count (help, recovery, news, education).
    #[serde(default)]
    pub exempt_terms: Vec<Spanned<String>>,
    /// Regular expressions that make a text match not count.
    #[serde(default)]
    pub exempt_patterns: Vec<Spanned<String>>,
    /// Upstream labels below this confidence are ignored.
    #[serde(default = "default_label_confidence")]
    pub min_label_confidence: f32,
    pub actions: PerBand<Spanned<String>>,
    #[serde(default)]
    pub limit: Option<LimitConfig>,
}
fn default_label_confidence() -> f32 {
    0.5
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct CodeWordConfig {
    pub word: Spanned<String>,
    #[serde(default)]
    pub context: Vec<String>,
    /// Also counts without context in a post with almost no words (two or fewer).
    #[serde(default)]
    pub alone: bool,
}

/// Settings of the text classifier.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifierConfig {
    /// Terms this long (after normalisation) or longer also match with one edit.
    #[serde(default = "default_fuzzy_min")]
    pub fuzzy_min_len: usize,
    /// Terms this long or longer match with up to two edits.
    #[serde(default = "default_fuzzy_two")]
    pub fuzzy_two_edits_min_len: usize,
    /// Terms this long or longer also match inside hashtags and glued-together words.
    #[serde(default = "default_substring_min")]
    pub substring_min_len: usize,
    /// Whether an exemption (recovery, news) also cancels an upstream label. Default: the
    /// label wins.
    #[serde(default)]
    pub exemptions_override_labels: bool,
    /// Exemption terms every category shares (help-seeking, news, education).
    #[serde(default)]
    pub shared_exempt_terms: Vec<Spanned<String>>,
    /// Framing words every category shares ("news", "parents", "essay"): they clear a
    /// category's text matches on topic words ("a news report on suicide") but never a match
    /// in the first person ("kill myself", "my cuts"), so one tacked onto a post by someone at
    /// risk, or posing as them, does not clear it.
    #[serde(default)]
    pub shared_framing_exempt_terms: Vec<Spanned<String>>,
    /// Categories the stance cues below act in: those where someone in recovery names the
    /// harm in their own words (suicide, self-harm, eating disorders).
    #[serde(default)]
    pub recovery_categories: Vec<Spanned<String>>,
    /// Recovery and help-seeking as people write it about themselves ("safety plan", "told my
    /// gp", "glad i stayed", "fear food"). `recovery_min_cues` different ones clear a text
    /// match in a recovery category, unless a danger cue is there too.
    #[serde(default)]
    pub recovery_cues: Vec<Spanned<String>>,
    #[serde(default = "default_recovery_min")]
    pub recovery_min_cues: usize,
    /// Present danger, or help dismissed ("this weekend", "recovery is a lie", "felt so
    /// good"): with one of these nothing clears a text match in a recovery category, not an
    /// exemption term or pattern, a framing word or recovery cues.
    #[serde(default)]
    pub danger_cues: Vec<Spanned<String>>,
}

impl Default for ClassifierConfig {
    fn default() -> Self {
        Self {
            fuzzy_min_len: default_fuzzy_min(),
            fuzzy_two_edits_min_len: default_fuzzy_two(),
            substring_min_len: default_substring_min(),
            exemptions_override_labels: false,
            shared_exempt_terms: Vec::new(),
            shared_framing_exempt_terms: Vec::new(),
            recovery_categories: Vec::new(),
            recovery_cues: Vec::new(),
            recovery_min_cues: default_recovery_min(),
            danger_cues: Vec::new(),
        }
    }
}
fn default_recovery_min() -> usize {
    2
}
fn default_fuzzy_min() -> usize {
    6
}
fn default_fuzzy_two() -> usize {
    9
}
fn default_substring_min() -> usize {
    5
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct LimitConfig {
    pub per_page: u32,
    pub per_session: u32,
}
