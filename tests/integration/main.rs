//! feedguard's integration tests: real tonic servers and real gRPC clients on loopback.

mod bad_input;
mod cli;
mod fail_closed;
mod layer;
mod passthrough;
mod python;
mod reload;
mod rules;
mod sessions;
mod support;
