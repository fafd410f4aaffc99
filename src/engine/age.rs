//! Age-band resolution. Every usable signal votes for a band and the youngest wins; no usable
//! signal means the policy's unknown-age band (by default the strictest). A viewer reaches the
//! adult band only as far as the policy trusts the evidence for it.

use super::decision::BandBasis;
use super::view::ViewerView;
use crate::policy::{AgeBand, Policy};

/// Oldest declared age taken at face value; beyond it the declaration is noise.
const MAX_CREDIBLE_AGE: u32 = 120;

pub fn resolve_band(policy: &Policy, viewer: Option<&ViewerView<'_>>) -> (AgeBand, BandBasis) {
    let unknown = (policy.age.unknown_band, BandBasis::Unknown);
    let Some(v) = viewer else {
        return unknown;
    };
    let mut youngest: Option<AgeBand> = None;
    let mut vote = |b: AgeBand| youngest = Some(youngest.map_or(b, |y| y.min(b)));

    if let Some(age) = v.declared_age.filter(|&a| a <= MAX_CREDIBLE_AGE) {
        vote(AgeBand::from_age(age));
    }
    let mut trusted_adult = false;
    if let Some(a) = &v.assurance {
        let usable =
            a.confidence.is_finite() && a.confidence >= policy.age.min_assurance_confidence;
        if usable {
            let mut says_adult = None;
            if let Some(b) = a.band {
                vote(b);
                says_adult = Some(b == AgeBand::Adult);
            }
            if let Some(est) = a.estimated_age.filter(|e| e.is_finite() && *e >= 0.0) {
                let b = AgeBand::from_age(est.floor() as u32);
                vote(b);
                says_adult = Some(says_adult.unwrap_or(true) && b == AgeBand::Adult);
            }
            trusted_adult =
                says_adult == Some(true) && policy.age.trusted_methods.contains(&a.method);
        }
    }
    match youngest {
        None => unknown,
        Some(AgeBand::Adult) if policy.age.adult_requires_assurance && !trusted_adult => {
            (policy.age.unknown_band, BandBasis::AdultUnverified)
        }
        Some(b) => (b, BandBasis::Signals),
    }
}
