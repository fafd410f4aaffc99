//! Every path on which feedguard cannot apply its policy: a child never gets the upstream's
//! unfiltered answer; an adult gets it only when the policy says fail-open.

use std::time::Duration;

use bytes::Bytes;
use feedguard::pb;
use feedguard::policy::Policy;
use feedguard::proxy::Limits;
use prost::Message;
use tonic::Code;

use crate::support::*;

const GET_FEED: &str = "/feedguard.v1.Recommender/GetFeed";

fn child_bytes() -> Bytes {
    request("child", Some(14)).encode_to_vec().into()
}

fn adult_bytes() -> Bytes {
    adult_request("adult").encode_to_vec().into()
}

/// An item whose title is not UTF-8: valid framing, unreadable content.
fn garbage_item_response() -> Bytes {
    let mut item = Vec::new();
    feedguard::binding::wire::put_len_field(&mut item, 1, b"itm-bad");
    feedguard::binding::wire::put_len_field(&mut item, 2, &[0xff, 0xfe, 0xfd]);
    let mut resp = Vec::new();
    feedguard::binding::wire::put_len_field(&mut resp, 1, &item);
    resp.into()
}

#[tokio::test]
async fn upstream_down() {
    let p = start_proxy(dead_address().await, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let e = c.get_feed(request("c", Some(14))).await.unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
    let e = c.get_feed(adult_request("a")).await.unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
    let e = c.stream_feed(request("c", Some(14))).await.unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
}

#[tokio::test]
async fn upstream_timeout_fails_with_deadline_exceeded() {
    let slow = raw_upstream(Misbehaviour::Slow(
        Duration::from_secs(3),
        sample_response(5).encode_to_vec().into(),
    ))
    .await;
    // No client deadline: feedguard's own default deadline applies and its status is what the
    // client sees (a client-side timer would race it).
    let limits = Limits {
        default_deadline: Some(Duration::from_millis(200)),
        ..Limits::default()
    };
    let p = start_proxy_limited(slow, limits).await;
    let mut c = client(p.addr()).await;
    let e = c.get_feed(request("c", Some(14))).await.unwrap_err();
    assert_eq!(e.code(), Code::DeadlineExceeded, "{e:?}");
    let e = c.stream_feed(request("c", Some(14))).await.unwrap_err();
    assert_eq!(e.code(), Code::DeadlineExceeded, "{e:?}");
}

#[tokio::test]
async fn client_deadline_is_propagated_upstream() {
    let (up, seen) = raw_upstream_capturing(Misbehaviour::Messages(vec![
        sample_response(2).encode_to_vec().into(),
    ]))
    .await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let mut req = tonic::Request::new(request("c", Some(14)));
    req.set_timeout(Duration::from_secs(5));
    c.get_feed(req).await.unwrap();
    let headers = seen.lock().unwrap().pop().unwrap();
    let t = headers
        .get("grpc-timeout")
        .expect("grpc-timeout forwarded")
        .to_str()
        .unwrap()
        .to_owned();
    let ms: u64 = t.trim_end_matches('m').parse().unwrap();
    assert!(ms > 0 && ms <= 5_000, "{t}");
    assert!(
        headers.get("grpc-accept-encoding").is_none(),
        "feedguard asks for uncompressed responses"
    );
}

#[tokio::test]
async fn garbage_from_upstream() {
    let garbage = raw_upstream(Misbehaviour::Messages(vec![Bytes::from_static(&[
        0xff, 0xff, 0xff, 0x07,
    ])]))
    .await;
    let p = start_proxy(garbage, Policy::default_policy()).await;
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
    // The default policy is fail-open for adults: they get the upstream's own bytes.
    let got = raw_unary(p.addr(), GET_FEED, adult_bytes()).await.unwrap();
    assert_eq!(&got[..], &[0xff, 0xff, 0xff, 0x07]);

    // Fail-closed for adults too, when configured.
    let closed = policy_with(&[("adult = \"open\"", "adult = \"closed\"")]);
    let p = start_proxy(garbage, closed).await;
    let e = raw_unary(p.addr(), GET_FEED, adult_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
}

#[tokio::test]
async fn unreadable_item_withholds_the_whole_page_from_children() {
    let bad = raw_upstream(Misbehaviour::Messages(vec![garbage_item_response()])).await;
    let p = start_proxy(bad, Policy::default_policy()).await;
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
    assert_eq!(
        p.metrics().get(
            feedguard::proxy::metrics::FAILURES,
            &[
                ("reason", "upstream_malformed"),
                ("band", "13_15"),
                ("served", "error")
            ]
        ),
        1
    );
}

#[tokio::test]
async fn safe_empty_feed_instead_of_an_error_when_configured() {
    let garbage = raw_upstream(Misbehaviour::Messages(vec![Bytes::from_static(&[
        0xff, 0xff,
    ])]))
    .await;
    let policy = policy_with(&[("child = \"error\"", "child = \"safe_empty\"")]);
    let p = start_proxy(garbage, policy).await;
    let mut c = client(p.addr()).await;
    let r = c
        .get_feed(request("c", Some(14)))
        .await
        .unwrap()
        .into_inner();
    assert!(r.items.is_empty());
    assert!(
        r.notices
            .iter()
            .any(|n| n.kind == pb::NoticeKind::ServiceDegraded as i32)
    );
}

#[tokio::test]
async fn oversized_upstream_response() {
    let big = raw_upstream(Misbehaviour::Messages(vec![
        sample_response(100).encode_to_vec().into(),
    ]))
    .await;
    let limits = Limits {
        max_message_bytes: 2_000,
        ..Limits::default()
    };
    let p = start_proxy_limited(big, limits).await;
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
    // A length prefix that lies (claims 1 GB) is refused before anything is buffered.
    let liar = raw_upstream(Misbehaviour::RawBody(Bytes::from_static(&[
        0, 0x40, 0, 0, 0, 1, 2, 3,
    ])))
    .await;
    let p = start_proxy(liar, Policy::default_policy()).await;
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unavailable);
}

#[tokio::test]
async fn compressed_or_truncated_or_trailerless_upstream_responses() {
    for body in [
        Bytes::from_static(&[1, 0, 0, 0, 2, 0x1f, 0x8b]), // compressed flag set
        Bytes::from_static(&[0, 0, 0, 0, 10, 0x0a, 0x02]), // truncated frame
    ] {
        let up = raw_upstream(Misbehaviour::RawBody(body)).await;
        let p = start_proxy(up, Policy::default_policy()).await;
        let e = raw_unary(p.addr(), GET_FEED, child_bytes())
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::Unavailable);
    }
    let up = raw_upstream(Misbehaviour::NoTrailers(vec![
        sample_response(3).encode_to_vec().into(),
    ]))
    .await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_ne!(e.code(), Code::Ok);
}

#[tokio::test]
async fn upstream_error_status_passes_through_and_bad_details_do_not_panic() {
    let denied = raw_upstream(Misbehaviour::TrailersOnly(vec![
        ("grpc-status", "7"),
        ("grpc-message", "no%20feed%20for%20you"),
    ]))
    .await;
    let p = start_proxy(denied, Policy::default_policy()).await;
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    assert_eq!(e.message(), "no feed for you");

    // tonic's Status::from_header_map panics on invalid base64 here; feedguard must not.
    let hostile = raw_upstream(Misbehaviour::TrailersOnly(vec![
        ("grpc-status", "13"),
        ("grpc-status-details-bin", "!!not base64!!"),
    ]))
    .await;
    let p = start_proxy(hostile, Policy::default_policy()).await;
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Internal);
    // And the proxy is still serving.
    let e = raw_unary(p.addr(), GET_FEED, child_bytes())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Internal);
}

#[tokio::test]
async fn overload_fails_closed_for_children_and_open_for_adults() {
    let slow = raw_upstream(Misbehaviour::Slow(
        Duration::from_millis(600),
        sample_response(3).encode_to_vec().into(),
    ))
    .await;
    let limits = Limits {
        max_in_flight: 1,
        ..Limits::default()
    };
    let p = start_proxy_limited(slow, limits).await;
    let addr = p.addr();
    let holder = tokio::spawn(async move { raw_unary(addr, GET_FEED, adult_bytes()).await });
    // Wait until the first call holds the only permit.
    for _ in 0..100 {
        if p.metrics().upstream_latency.count() > 0
            || tokio::time::timeout(Duration::from_millis(10), std::future::pending::<()>())
                .await
                .is_err()
        {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    let e = raw_unary(addr, GET_FEED, child_bytes()).await.unwrap_err();
    assert_eq!(e.code(), Code::ResourceExhausted);
    // An adult under overload with fail-open is forwarded without the policy.
    let got = raw_unary(addr, GET_FEED, adult_bytes()).await.unwrap();
    assert_eq!(got, Bytes::from(sample_response(3).encode_to_vec()));
    holder.await.unwrap().unwrap();
}

#[tokio::test]
async fn stream_that_turns_to_garbage_ends_in_an_error_for_children() {
    let good = pb::StreamFeedResponse {
        item: Some(feedguard::sample::catalogue()[0].item.clone()),
        ..Default::default()
    }
    .encode_to_vec();
    let up = raw_upstream(Misbehaviour::Messages(vec![
        good.into(),
        Bytes::from_static(&[0xff, 0xff, 0xff]),
    ]))
    .await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let mut s = c
        .stream_feed(request("c", Some(14)))
        .await
        .unwrap()
        .into_inner();
    let first = s.message().await.unwrap().unwrap();
    assert_eq!(first.item.unwrap().item_id, "itm-001");
    let e = s.message().await.unwrap_err();
    assert_eq!(e.code(), Code::Unavailable, "{e:?}");
}

/// The proxy holds one connection to the upstream and makes a new one when it fails: calls
/// fail closed while the upstream is gone and succeed again once it is back on its address.
#[tokio::test]
async fn the_upstream_connection_is_made_again_after_the_upstream_restarts() {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let first = tokio::spawn(feedguard::sample::serve(l, async {
        let _ = stopped.await;
    }));
    let p = start_proxy(addr, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;
    let served = c.get_feed(request("c", Some(14))).await.unwrap();
    assert!(!served.into_inner().items.is_empty());

    let _ = stop.send(());
    first.await.unwrap().unwrap();
    let e = c.get_feed(request("c", Some(14))).await.unwrap_err();
    assert_eq!(e.code(), Code::Unavailable, "{e:?}");

    let l = tokio::net::TcpListener::bind(addr).await.unwrap();
    tokio::spawn(feedguard::sample::serve(l, std::future::pending()));
    let served = c.get_feed(request("c", Some(14))).await.unwrap();
    assert!(!served.into_inner().items.is_empty());
    let served = c.get_feed(adult_request("a")).await.unwrap();
    assert!(!served.into_inner().items.is_empty());
}
