//! Real parts for the integration tests: the sample recommender and feedguard on loopback,
//! misbehaving upstreams built on hyper, and a raw-bytes gRPC client for sending and reading
//! what a typed client cannot.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{BufMut, Bytes};
use feedguard::audit::IdHasher;
use feedguard::pb;
use feedguard::pb::recommender_client::RecommenderClient;
use feedguard::policy::{DEFAULT_POLICY_TOML, Policy};
use feedguard::proxy::{self, Limits, ManualClock, PolicyHandle, ProxyConfig, ProxyHandle};
use http_body::Frame;
use http_body_util::StreamBody;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tonic::transport::Channel;

/// 2026-11-24 at `h:m` in London (GMT in November, so UTC), as unix ms.
pub fn london(h: i64, m: i64) -> i64 {
    // 2026-11-24T00:00:00Z
    1_795_478_400_000 + (h * 60 + m) * 60_000
}

/// Midday: outside quiet hours.
pub fn midday() -> i64 {
    london(12, 0)
}

pub fn policy_text_with(replacements: &[(&str, &str)]) -> String {
    let mut t = DEFAULT_POLICY_TOML.to_owned();
    for (from, to) in replacements {
        assert!(
            t.contains(from),
            "default policy no longer contains {from:?}"
        );
        t = t.replacen(from, to, 1);
    }
    t
}

pub fn policy_with(replacements: &[(&str, &str)]) -> Policy {
    Policy::from_toml(&policy_text_with(replacements), "test").expect("test policy is valid")
}

/// Serves the sample recommender; returns its address.
pub async fn sample_upstream() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(feedguard::sample::serve(l, std::future::pending()));
    addr
}

pub struct Proxy {
    pub handle: ProxyHandle,
    pub clock: Arc<ManualClock>,
}

impl Proxy {
    pub fn addr(&self) -> SocketAddr {
        self.handle.addr
    }
    pub fn metrics(&self) -> &feedguard::proxy::metrics::Metrics {
        &self.handle.shared.metrics
    }
}

pub async fn start_proxy_with(
    upstream: SocketAddr,
    policy: Arc<PolicyHandle>,
    limits: Limits,
    now_ms: i64,
) -> Proxy {
    start_proxy_configured(upstream, policy, now_ms, |c| c.limits = limits).await
}

/// A proxy with the tests' settings, then `tweak` applied to its config.
pub async fn start_proxy_configured(
    upstream: SocketAddr,
    policy: Arc<PolicyHandle>,
    now_ms: i64,
    tweak: impl FnOnce(&mut ProxyConfig),
) -> Proxy {
    let clock = Arc::new(ManualClock::new(now_ms));
    let mut config = ProxyConfig::new("127.0.0.1:0".parse().unwrap(), format!("http://{upstream}"));
    config.admin = Some("127.0.0.1:0".parse().unwrap());
    config.reload_every = Some(Duration::from_millis(100));
    config.drain_timeout = Duration::from_secs(5);
    // As `feedguard serve` runs it, with two workers whatever the machine.
    config.workers = 2;
    tweak(&mut config);
    let handle = proxy::start(
        config,
        policy,
        IdHasher::new(b"integration-test-key").unwrap(),
        clock.clone(),
    )
    .await
    .unwrap();
    Proxy { handle, clock }
}

/// The default policy with other limits.
pub async fn start_proxy_limited(upstream: SocketAddr, limits: Limits) -> Proxy {
    start_proxy_with(
        upstream,
        Arc::new(PolicyHandle::fixed(Policy::default_policy())),
        limits,
        midday(),
    )
    .await
}

pub async fn start_proxy(upstream: SocketAddr, policy: Policy) -> Proxy {
    start_proxy_with(
        upstream,
        Arc::new(PolicyHandle::fixed(policy)),
        Limits::default(),
        midday(),
    )
    .await
}

pub async fn client(addr: SocketAddr) -> RecommenderClient<Channel> {
    RecommenderClient::connect(format!("http://{addr}"))
        .await
        .unwrap()
}

pub fn request(account: &str, declared_age: Option<u32>) -> pb::FeedRequest {
    let mut r = feedguard::demo::sample_request(account, declared_age, 0);
    r.session.as_mut().unwrap().session_start_unix_ms = 0;
    r
}

pub fn adult_request(account: &str) -> pb::FeedRequest {
    let mut r = request(account, Some(35));
    r.viewer.as_mut().unwrap().age_assurance = Some(pb::AgeAssurance {
        band: pb::AgeBand::Adult as i32,
        estimated_age: Some(35.0),
        method: pb::AssuranceMethod::IdDocument as i32,
        confidence: 0.99,
    });
    r
}

pub fn actions(d: &Option<pb::DecisionSummary>, rule: &str, action: &str) -> u32 {
    d.iter()
        .flat_map(|d| &d.actions)
        .filter(|a| a.rule == rule && a.action == action)
        .map(|a| a.count)
        .sum()
}

pub fn item_ids(items: &[pb::FeedItem]) -> Vec<String> {
    items.iter().map(|i| i.item_id.clone()).collect()
}

// ---------------------------------------------------------------------------------------------
// Raw gRPC client: bytes in, bytes out.
// ---------------------------------------------------------------------------------------------

/// The load run's bytes-in, bytes-out codec.
pub use feedguard::bench::load::RawCodec;

/// Sends raw bytes as a unary call and returns the raw response message.
pub async fn raw_unary(
    addr: SocketAddr,
    path: &'static str,
    body: Bytes,
) -> Result<Bytes, tonic::Status> {
    let channel = Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    grpc.unary(
        tonic::Request::new(body),
        http::uri::PathAndQuery::from_static(path),
        RawCodec,
    )
    .await
    .map(|r| r.into_inner())
}

// ---------------------------------------------------------------------------------------------
// Misbehaving upstreams
// ---------------------------------------------------------------------------------------------

/// What a raw upstream does with every call.
#[derive(Debug, Clone)]
pub enum Misbehaviour {
    /// Answers with these message bytes (framed), then grpc-status 0.
    Messages(Vec<Bytes>),
    /// Answers with this raw body data (framing included), then grpc-status 0.
    RawBody(Bytes),
    /// Waits this long, then answers with the message.
    Slow(Duration, Bytes),
    /// A trailers-only response with these headers.
    TrailersOnly(Vec<(&'static str, &'static str)>),
    /// Sends the messages, then ends the body with no trailers.
    NoTrailers(Vec<Bytes>),
}

pub fn framed(msg: &[u8]) -> Bytes {
    let mut b = bytes::BytesMut::with_capacity(msg.len() + 5);
    b.put_u8(0);
    b.put_u32(msg.len() as u32);
    b.put_slice(msg);
    b.freeze()
}

pub type Seen = Arc<std::sync::Mutex<Vec<http::HeaderMap>>>;

/// Starts a raw HTTP/2 server that misbehaves as told; returns its address.
pub async fn raw_upstream(behaviour: Misbehaviour) -> SocketAddr {
    raw_upstream_capturing(behaviour).await.0
}

/// Like [`raw_upstream`], also recording the request headers of every call.
pub async fn raw_upstream_capturing(behaviour: Misbehaviour) -> (SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let seen_out = seen.clone();
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((s, _)) = l.accept().await else {
                continue;
            };
            let b = behaviour.clone();
            let seen = seen.clone();
            tokio::spawn(async move {
                let svc =
                    hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                        let b = b.clone();
                        seen.lock().unwrap().push(req.headers().clone());
                        async move {
                            // Drain the request so the client sees a normal exchange.
                            let _ = http_body_util::BodyExt::collect(req.into_body()).await;
                            let mut frames: Vec<Result<Frame<Bytes>, Infallible>> = Vec::new();
                            let mut trailers = http::HeaderMap::new();
                            trailers.insert("grpc-status", "0".parse().unwrap());
                            let mut headers = vec![("content-type", "application/grpc")];
                            let mut with_trailers = true;
                            match b {
                                Misbehaviour::Messages(ms) => {
                                    frames.extend(ms.iter().map(|m| Ok(Frame::data(framed(m)))))
                                }
                                Misbehaviour::RawBody(d) => frames.push(Ok(Frame::data(d))),
                                Misbehaviour::Slow(d, m) => {
                                    tokio::time::sleep(d).await;
                                    frames.push(Ok(Frame::data(framed(&m))));
                                }
                                Misbehaviour::TrailersOnly(h) => {
                                    headers.extend(h);
                                    with_trailers = false;
                                }
                                Misbehaviour::NoTrailers(ms) => {
                                    frames.extend(ms.iter().map(|m| Ok(Frame::data(framed(m)))));
                                    with_trailers = false;
                                }
                            }
                            if with_trailers {
                                frames.push(Ok(Frame::trailers(trailers)));
                            }
                            let mut resp = http::Response::new(StreamBody::new(
                                futures_util::stream::iter(frames),
                            ));
                            for (k, v) in headers {
                                resp.headers_mut().insert(k, v.parse().unwrap());
                            }
                            Ok::<_, Infallible>(resp)
                        }
                    });
                let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(s), svc)
                    .await;
            });
        }
    });
    (addr, seen_out)
}

/// An address with nothing listening on it.
pub async fn dead_address() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    addr
}

/// A valid `FeedResponse` from the sample catalogue's first `n` items.
pub fn sample_response(n: usize) -> pb::FeedResponse {
    pb::FeedResponse {
        items: feedguard::sample::catalogue()
            .into_iter()
            .take(n)
            .map(|s| s.item)
            .collect(),
        next_page_token: "20".into(),
        autoplay_next: true,
        ..Default::default()
    }
}

/// A free loopback port for a `feedguard serve` child process to listen on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Connects to a server that is still starting (a child process), retrying for up to 5 s.
pub async fn connect_when_up(addr: SocketAddr) -> RecommenderClient<Channel> {
    for _ in 0..100 {
        if let Ok(c) = RecommenderClient::connect(format!("http://{addr}")).await {
            return c;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("nothing answered on {addr}");
}
