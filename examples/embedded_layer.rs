//! Embedding feedguard in your own tonic server as a tower layer, with no proxy hop.
//!
//! ```sh
//! cargo run --example embedded_layer            # serves the sample recommender on 127.0.0.1:50061
//! ```
//! Replace `SampleRecommender` with your own `Recommender` implementation; every call to
//! `feedguard.v1.Recommender` then goes through the policy, and other services pass untouched.

use std::sync::Arc;

use feedguard::audit::IdHasher;
use feedguard::pb;
use feedguard::policy::Policy;
use feedguard::proxy::{FeedGuardLayer, Limits, PolicyHandle, Shared, SystemClock};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let policy = match std::env::args().nth(1) {
        Some(path) => PolicyHandle::from_file(path.as_ref())?,
        None => PolicyHandle::fixed(Policy::default_policy()),
    };
    let shared = Arc::new(Shared::new(
        Arc::new(policy),
        IdHasher::random(),
        Limits::default(),
        Arc::new(SystemClock),
    ));
    let addr = "127.0.0.1:50061".parse()?;
    println!("sample recommender with feedguard embedded on {addr}");
    tonic::transport::Server::builder()
        // The layer sees every call first: it rewrites feed calls and passes the rest through.
        .layer(FeedGuardLayer::new(shared))
        .add_service(pb::recommender_server::RecommenderServer::new(
            feedguard::sample::SampleRecommender::default(),
        ))
        .serve_with_shutdown(addr, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
