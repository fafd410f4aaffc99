//! Benchmark runs against latency budgets: `feedguard bench` ([`load`]) drives real gRPC on
//! loopback through feedguard and the hops it is compared with, and [`report`] turns the HDR
//! histograms into a table, JSON, and budget checks. [`forward`] is the byte-forwarding hop
//! used as the baseline. The engine's own benches are criterion benches in `benches/`.

pub mod forward;
pub mod load;
pub mod report;
