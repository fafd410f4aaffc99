//! feedguard: an inline gRPC middleware that makes a recommender's feed safe for children.
pub mod pb {
    //! Generated types of the canonical feed API (`proto/feedguard/v1`).
    #![allow(clippy::all)]
    tonic::include_proto!("feedguard.v1");
}
pub mod audit;
pub mod bench;
pub mod binding;
pub mod classify;
pub mod demo;
pub mod engine;
pub mod policy;
pub mod proxy;
pub mod replay;
pub mod sample;
pub mod session;
