//! Evasion-resistant text classification: normalisation ([`normalise`]) and matching
//! ([`matcher`]) of titles, captions and hashtags against the policy's terms, code words, emoji
//! and exemptions. Pure; compiled once per policy; used by the engine through
//! [`crate::policy::Taxonomy`].

pub mod eval;
pub mod explain;
pub mod matcher;
pub mod normalise;
pub mod words;
