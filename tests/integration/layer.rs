//! The embedded form: FeedGuardLayer inside a platform's own tonic server, no proxy hop.

use std::sync::Arc;

use feedguard::audit::IdHasher;
use feedguard::pb;
use feedguard::policy::Policy;
use feedguard::proxy::{FeedGuardLayer, Limits, PolicyHandle, Shared, SystemClock};

use crate::support::*;

#[tokio::test]
async fn layer_filters_a_tonic_server_in_process() {
    let shared = Arc::new(Shared::new(
        Arc::new(PolicyHandle::fixed(Policy::default_policy())),
        IdHasher::random(),
        Limits::default(),
        Arc::new(SystemClock),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .layer(FeedGuardLayer::new(shared.clone()))
            .add_service(pb::recommender_server::RecommenderServer::new(
                feedguard::sample::SampleRecommender::default(),
            ))
            .add_service(pb::feedback_server::FeedbackServer::new(
                feedguard::sample::SampleFeedback,
            ))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let mut c = client(addr).await;
    let r = c.get_feed(request("embedded", Some(14))).await.unwrap();
    assert_eq!(
        r.metadata()
            .get(feedguard::sample::PROFILE_SEEN_HEADER)
            .unwrap(),
        "explicit_interests,followed_creator_ids"
    );
    let d = r.into_inner().decision.unwrap();
    assert_eq!(d.age_band, "13_15");
    assert!(actions(&Some(d), "category.eating_disorder", "block") > 0);
    // Other services of the same server are untouched.
    let mut f = pb::feedback_client::FeedbackClient::connect(format!("http://{addr}"))
        .await
        .unwrap();
    assert!(
        f.submit_feedback(pb::FeedbackRequest {
            item_id: "x".into(),
            kind: 1
        })
        .await
        .unwrap()
        .into_inner()
        .accepted
    );
    assert!(
        shared.metrics.get(
            feedguard::proxy::metrics::REQUESTS,
            &[("method", "GetFeed"), ("band", "13_15"), ("outcome", "ok")]
        ) == 1
    );
}
