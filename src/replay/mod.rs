//! Replay testing: record what the proxy saw ([`record`]), read it back ([`format`]), and run
//! it through the same engine and binding calls the proxy makes ([`run`]), so a replay result is
//! what production would have done. [`report`] and [`html`] turn a run into the summary, the
//! JSON report and the page a reviewer reads; [`cases`] checks a policy against expected
//! verdicts.

pub mod cases;
pub mod driver;
pub mod format;
pub mod html;
pub mod record;
pub mod report;
pub mod run;
