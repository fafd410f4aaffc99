//! Malformed and hostile requests get the right status, never a panic, and nothing reaches the
//! upstream.

use bytes::Bytes;
use feedguard::pb;
use feedguard::policy::Policy;
use feedguard::proxy::Limits;
use prost::Message;
use tonic::Code;

use crate::support::*;

const GET_FEED: &str = "/feedguard.v1.Recommender/GetFeed";

#[tokio::test]
async fn malformed_requests_get_invalid_argument() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    // Not protobuf.
    let e = raw_unary(p.addr(), GET_FEED, Bytes::from_static(&[0xff, 0xff, 0xff]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // Invalid UTF-8 in a string field (viewer.account_id).
    let mut viewer = Vec::new();
    feedguard::binding::wire::put_len_field(&mut viewer, 1, &[0xc3, 0x28]);
    let mut req = Vec::new();
    feedguard::binding::wire::put_len_field(&mut req, 1, &viewer);
    let e = raw_unary(p.addr(), GET_FEED, req.into()).await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // The proxy still serves afterwards.
    let mut c = client(p.addr()).await;
    assert!(c.get_feed(request("ok", Some(14))).await.is_ok());
    assert_eq!(
        p.metrics().get(
            feedguard::proxy::metrics::REQUESTS,
            &[
                ("method", "GetFeed"),
                ("band", "unknown"),
                ("outcome", "invalid")
            ]
        ),
        2
    );
}

#[tokio::test]
async fn empty_request_is_a_viewer_of_unknown_age() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let raw = raw_unary(p.addr(), GET_FEED, Bytes::new()).await.unwrap();
    let r = pb::FeedResponse::decode(raw).unwrap();
    assert_eq!(r.decision.unwrap().age_band, "under_13");
}

#[tokio::test]
async fn oversized_request_is_refused() {
    let up = sample_upstream().await;
    let limits = Limits {
        max_message_bytes: 1_000,
        ..Limits::default()
    };
    let p = start_proxy_limited(up, limits).await;
    let mut req = request("big", Some(14));
    req.profile.as_mut().unwrap().embedding = vec![0.5; 2_000];
    let e = raw_unary(p.addr(), GET_FEED, req.encode_to_vec().into())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::ResourceExhausted);
}

#[tokio::test]
async fn compressed_request_is_refused_with_unimplemented() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let channel = tonic::transport::Channel::from_shared(format!("http://{}", p.addr()))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    let mut req = tonic::Request::new(Bytes::from(request("z", Some(14)).encode_to_vec()));
    req.metadata_mut()
        .insert("grpc-encoding", "gzip".parse().unwrap());
    let e = grpc
        .unary::<Bytes, Bytes, RawCodec>(
            req,
            http::uri::PathAndQuery::from_static(GET_FEED),
            RawCodec,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unimplemented);
}

#[tokio::test]
async fn same_session_id_on_two_accounts_keeps_two_sessions() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let a = request("acct-a", Some(14));
    let mut b = request("acct-b", Some(14));
    b.session = a.session.clone();
    c.get_feed(a).await.unwrap();
    c.get_feed(b).await.unwrap();
    assert_eq!(p.handle.shared.sessions.len(), 2);
}
