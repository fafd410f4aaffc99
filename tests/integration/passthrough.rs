//! Methods feedguard does not rewrite are forwarded byte-for-byte: metadata, status, message.

use feedguard::pb;
use feedguard::pb::feedback_client::FeedbackClient;
use feedguard::policy::Policy;
use prost::Message;
use tonic::Code;

use crate::support::*;

#[tokio::test]
async fn unrelated_methods_are_forwarded_unchanged() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = FeedbackClient::connect(format!("http://{}", p.addr()))
        .await
        .unwrap();

    let mut req = tonic::Request::new(pb::FeedbackRequest {
        item_id: "itm-007".into(),
        kind: pb::FeedbackKind::NotInterested as i32,
    });
    req.metadata_mut()
        .insert("x-request-tag", "tag-123".parse().unwrap());
    let r = c.submit_feedback(req).await.unwrap();
    assert_eq!(
        r.metadata().get("x-request-tag").unwrap(),
        "tag-123",
        "metadata travels both ways"
    );
    assert!(r.into_inner().accepted);

    let e = c
        .submit_feedback(pb::FeedbackRequest::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(e.message(), "feedback needs an item_id");

    // Byte-for-byte: the raw answer via feedguard equals the raw answer direct.
    let body = pb::FeedbackRequest {
        item_id: "x".into(),
        kind: 2,
    }
    .encode_to_vec();
    let path = "/feedguard.v1.Feedback/SubmitFeedback";
    let via = raw_unary(p.addr(), path, body.clone().into())
        .await
        .unwrap();
    let direct = raw_unary(up, path, body.into()).await.unwrap();
    assert_eq!(via, direct);

    // An unknown method is the upstream's to refuse.
    let e = raw_unary(p.addr(), "/feedguard.v1.Nope/Nothing", bytes::Bytes::new())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unimplemented);
}

#[tokio::test]
async fn health_service_answers_on_the_proxy_port() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let channel = tonic::transport::Channel::from_shared(format!("http://{}", p.addr()))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut h = tonic_health::pb::health_client::HealthClient::new(channel);
    for service in ["", feedguard::proxy::RECOMMENDER_SERVICE] {
        let r = h
            .check(tonic_health::pb::HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(
            r.status(),
            tonic_health::pb::health_check_response::ServingStatus::Serving,
            "{service:?}"
        );
    }
}
