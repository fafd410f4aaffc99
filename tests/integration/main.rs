//! feedguard's integration tests: real tonic servers and real gRPC clients on loopback.

// A panic is how a test fails; helpers outside #[test] functions may unwrap too.
#![allow(clippy::unwrap_used)]

mod bad_input;
mod bench;
mod classifier;
mod cli;
mod fail_closed;
mod layer;
mod lifecycle;
mod passthrough;
mod python;
mod reload;
mod replay;
mod rules;
mod sessions;
mod support;
