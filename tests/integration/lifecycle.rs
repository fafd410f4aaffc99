//! Cancellation, graceful shutdown and the `serve` binary as an operator runs it.

use std::pin::Pin;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use feedguard::pb;
use feedguard::policy::Policy;
use prost::Message;
use tokio_stream::Stream;
use tonic::{Request, Response, Status};

use crate::support::*;

/// Sets its flag when dropped: tells the test the upstream's handler was cancelled.
struct DropFlag(Arc<AtomicBool>);
impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// An upstream whose calls never finish on their own.
#[derive(Clone)]
struct Endless {
    unary_dropped: Arc<AtomicBool>,
    stream_dropped: Arc<AtomicBool>,
}

#[tonic::async_trait]
impl pb::recommender_server::Recommender for Endless {
    async fn get_feed(
        &self,
        _: Request<pb::FeedRequest>,
    ) -> Result<Response<pb::FeedResponse>, Status> {
        let _flag = DropFlag(self.unary_dropped.clone());
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(Response::new(pb::FeedResponse::default()))
    }

    type StreamFeedStream =
        Pin<Box<dyn Stream<Item = Result<pb::StreamFeedResponse, Status>> + Send>>;

    async fn stream_feed(
        &self,
        _: Request<pb::FeedRequest>,
    ) -> Result<Response<Self::StreamFeedStream>, Status> {
        let flag = DropFlag(self.stream_dropped.clone());
        let item = feedguard::sample::catalogue()[0].item.clone();
        let s = futures_util::stream::unfold((flag, item), |(flag, item)| async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            let msg = pb::StreamFeedResponse {
                item: Some(item.clone()),
                ..Default::default()
            };
            Some((Ok(msg), (flag, item)))
        });
        Ok(Response::new(Box::pin(s)))
    }
}

async fn wait_true(flag: &AtomicBool) -> bool {
    for _ in 0..100 {
        if flag.load(Ordering::SeqCst) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn client_cancellation_reaches_the_upstream() {
    let up = Endless {
        unary_dropped: Arc::default(),
        stream_dropped: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(pb::recommender_server::RecommenderServer::new(up.clone()))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let p = start_proxy(addr, Policy::default_policy()).await;
    let mut c = client(p.addr()).await;

    // A stream: read a few items, then walk away.
    let mut s = c
        .stream_feed(request("c", Some(14)))
        .await
        .unwrap()
        .into_inner();
    for _ in 0..3 {
        assert!(s.message().await.unwrap().unwrap().item.is_some());
    }
    drop(s);
    assert!(
        wait_true(&up.stream_dropped).await,
        "upstream stream not cancelled"
    );

    // A unary call abandoned by the client.
    let call = c.get_feed(request("c", Some(14)));
    assert!(
        tokio::time::timeout(Duration::from_millis(300), call)
            .await
            .is_err()
    );
    assert!(
        wait_true(&up.unary_dropped).await,
        "upstream unary call not cancelled"
    );
}

#[tokio::test]
async fn shutdown_drains_in_flight_calls() {
    let slow = raw_upstream(Misbehaviour::Slow(
        Duration::from_millis(500),
        sample_response(5).encode_to_vec().into(),
    ))
    .await;
    let p = start_proxy(slow, Policy::default_policy()).await;
    let addr = p.addr();
    let mut c = client(addr).await;
    let call = tokio::spawn(async move { c.get_feed(request("c", Some(14))).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    p.handle.shutdown().await;
    let r = call
        .await
        .unwrap()
        .expect("in-flight call completes during drain");
    assert_eq!(r.into_inner().decision.unwrap().age_band, "13_15");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "listener closed after shutdown"
    );
}

#[tokio::test]
async fn serve_binary_logs_json_audit_without_personal_data_and_stops_on_sigterm() {
    let up = sample_upstream().await;
    let port = free_port();
    let key = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(key.path(), "0123456789abcdef0123456789abcdef").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--upstream",
            &format!("http://{up}"),
        ])
        .args([
            "--policy",
            "policies/uk-childrens-code.toml",
            "--log-format",
            "json",
            "--hash-key-file",
        ])
        .arg(key.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut c = connect_when_up(addr).await;
    let mut req = request("acct-secret-4242", Some(14));
    req.session.as_mut().unwrap().session_id = "session-secret-777".into();
    let d = c
        .get_feed(req)
        .await
        .unwrap()
        .into_inner()
        .decision
        .unwrap();
    assert_eq!(d.age_band, "13_15");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "exit status after SIGTERM: {:?}",
        out.status
    );
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(
        !logs.contains("acct-secret-4242") && !logs.contains("session-secret-777"),
        "personal data in logs:\n{logs}"
    );
    let audit: Vec<serde_json::Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["event"] == "feed_decision")
        .collect();
    assert_eq!(audit.len(), 1, "{logs}");
    let a = &audit[0];
    assert_eq!(a["band"], "13_15");
    assert_eq!(
        a["account"].as_str().unwrap().len(),
        32,
        "a 128-bit keyed digest"
    );
    assert!(
        a["actions"]
            .as_str()
            .unwrap()
            .contains("category.eating_disorder")
    );
    assert!(logs.contains("feedguard stopped"), "{logs}");
}

#[test]
fn demo_binary_prints_the_side_by_side() {
    let out = Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .arg("demo")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "child, 14",
        "under 13, no consent",
        "adult, ID-verified",
        "items served via feedguard",
        "category.eating_disorder",
        "ads.sponsored",
        "Ofcom PCU: primary priority content",
        "61 minutes into the session: 0 items",
        "passed through as the recommender sent it",
    ] {
        assert!(s.contains(needle), "demo output lacks {needle:?}:\n{s}");
    }
}

/// Polls `f` until it holds, for up to five seconds.
async fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !f() {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Connections are served by connection workers (what `serve` runs) or, with `workers = 0`,
/// on the caller's runtime. Whichever serves a connection, its calls get the policy, a
/// shutdown lets the calls in flight on every worker finish, and the connections gauge
/// shows who held them.
#[tokio::test]
async fn every_worker_layout_applies_the_policy_and_drains() {
    let page = sample_response(20).encode_to_vec();
    let catalogue = feedguard::sample::catalogue();
    let harmful = [&catalogue[4].item.item_id, &catalogue[13].item.item_id];
    for workers in [0, 1, 3] {
        let (slow, seen) = raw_upstream_capturing(Misbehaviour::Slow(
            Duration::from_secs(1),
            page.clone().into(),
        ))
        .await;
        let p = start_proxy_configured(
            slow,
            Arc::new(feedguard::proxy::PolicyHandle::fixed(
                Policy::default_policy(),
            )),
            midday(),
            |c| c.workers = workers,
        )
        .await;
        let addr = p.addr();
        // More connections than workers, so each worker holds calls at the shutdown.
        let mut calls = Vec::new();
        for i in 0..7 {
            let mut c = client(addr).await;
            calls.push(tokio::spawn(async move {
                c.get_feed(request(&format!("child-{i}"), Some(14))).await
            }));
        }
        // Every call has reached the upstream, so all seven are in flight in the proxy.
        eventually("seven calls upstream", || seen.lock().unwrap().len() == 7).await;
        let labels: Vec<String> = match workers {
            0 => vec!["shared".into()],
            n => (0..n).map(|i| i.to_string()).collect(),
        };
        let open = || -> Vec<u64> {
            labels
                .iter()
                .map(|l| p.metrics().open_connections(l))
                .collect()
        };
        eventually("seven connections counted", || {
            open().iter().sum::<u64>() == 7
        })
        .await;
        // Handed out in turn: no worker holds more than one connection more than another.
        let held = open();
        assert!(
            held.iter().max().unwrap() - held.iter().min().unwrap() <= 1,
            "workers = {workers}: {held:?}"
        );
        let text = p.metrics().render(0, Default::default());
        let line = format!(
            "feedguard_connections{{worker=\"{}\"}} {}",
            labels[0], held[0]
        );
        assert!(text.contains(&line), "{line} not in:\n{text}");
        let metrics = p.handle.shared.metrics.clone();
        p.handle.shutdown().await;
        for call in calls {
            let r = call
                .await
                .unwrap()
                .unwrap_or_else(|e| panic!("workers = {workers}: {e}"))
                .into_inner();
            let ids = item_ids(&r.items);
            assert!(
                !ids.is_empty() && harmful.iter().all(|h| !ids.contains(h)),
                "workers = {workers}: {ids:?}"
            );
            assert!(
                actions(&r.decision, "category.eating_disorder", "block") > 0
                    && actions(&r.decision, "category.self_harm", "block") > 0,
                "workers = {workers}: {:?}",
                r.decision
            );
        }
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "workers = {workers}: listener closed after shutdown"
        );
        eventually("no connection left open", || {
            labels.iter().all(|l| metrics.open_connections(l) == 0)
        })
        .await;
    }
}

#[tokio::test]
async fn an_absurd_worker_count_is_refused_at_start() {
    let mut config =
        feedguard::proxy::ProxyConfig::new("127.0.0.1:0".parse().unwrap(), "http://127.0.0.1:9");
    config.workers = feedguard::proxy::MAX_WORKERS + 1;
    let r = feedguard::proxy::start(
        config,
        Arc::new(feedguard::proxy::PolicyHandle::fixed(
            Policy::default_policy(),
        )),
        feedguard::audit::IdHasher::new(b"integration-test-key").unwrap(),
        Arc::new(feedguard::proxy::SystemClock),
    )
    .await;
    let e = r.err().expect("refused");
    assert!(
        matches!(e, feedguard::proxy::ServeError::TooManyWorkers(n) if n == feedguard::proxy::MAX_WORKERS + 1),
        "{e}"
    );
    // And on the command line, before anything starts.
    let out = Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "serve",
            "--upstream",
            "http://127.0.0.1:9",
            "--workers",
            "1025",
        ])
        .args(["--policy", "policies/uk-childrens-code.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--workers") && err.contains("0..=1024"),
        "{err}"
    );
}
