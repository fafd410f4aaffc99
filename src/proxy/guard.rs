//! `FeedGuard`: the tower service that applies the policy to the canonical feed methods and
//! passes every other call to the service it wraps. Wrapping a forwarder to the upstream makes
//! the proxy; wrapping a platform's own tonic server makes the embedded layer. Both run this
//! code, and both call the same engine as replay.
//!
//! Order on a feed call, and why:
//! 1. read and decode the request: the band is needed before anything else can be decided;
//! 2. run the request stage: minimise before the request leaves, answer a due break locally;
//! 3. take an in-flight permit: overload must be known before the upstream is asked;
//! 4. call the inner service inside the deadline, so a slow upstream cannot hold a child's
//!    call open past it;
//! 5. collect and rewrite the response; every failure on the way goes through `fail`, which
//!    never hands a child the upstream's bytes.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use http::{HeaderMap, HeaderValue};
use http_body::{Body as HttpBody, Frame};
use http_body_util::{BodyExt, StreamBody};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tonic::body::Body;
use tonic::{Code, Status};
use tower::{Layer, Service, ServiceExt};

use super::error::{BoxError, GuardError};
use super::frame::{self, FrameError};
use super::metrics::{self, Metrics};
use super::reload::PolicyHandle;
use crate::audit::{self, IdHasher};
use crate::binding::canonical::{self, GET_FEED_PATH, STREAM_FEED_PATH};
use crate::engine::{self, Decision, Exposure, Notice, NoticeKind, RequestOutcome};
use crate::policy::{AdultFailure, AgeBand, ChildFailure, Policy};
use crate::replay::format::{Exchange, Method};
use crate::replay::record::{Recorder, redact_request};
use crate::session::{SessionKey, SessionStore};

/// The source of "now". Injected so tests can stand at 23:00 or an hour into a session.
pub trait Clock: Send + Sync + fmt::Debug {
    fn now_ms(&self) -> i64;
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock that says what it is told.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(now_ms: i64) -> Self {
        Self(AtomicI64::new(now_ms))
    }
    pub fn set(&self, now_ms: i64) {
        self.0.store(now_ms, Ordering::SeqCst);
    }
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(by.as_millis() as i64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Limits that keep feedguard's resources bounded whatever the peers send.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request or response message, in bytes.
    pub max_message_bytes: usize,
    /// Feed calls processed at once; beyond it calls fail fast (closed for children).
    pub max_in_flight: usize,
    /// Deadline applied when the client sends none.
    pub default_deadline: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_bytes: 4 << 20,
            max_in_flight: 1024,
            default_deadline: Some(Duration::from_secs(10)),
        }
    }
}

/// State shared by every call.
#[derive(Debug)]
pub struct Shared {
    pub policy: Arc<PolicyHandle>,
    pub sessions: SessionStore,
    pub hasher: IdHasher,
    pub metrics: Arc<Metrics>,
    pub limits: Limits,
    pub clock: Arc<dyn Clock>,
    /// Where finished exchanges are recorded (`serve --record`), if anywhere.
    pub recorder: Option<Recorder>,
    in_flight: Arc<Semaphore>,
}

impl Shared {
    pub fn new(
        policy: Arc<PolicyHandle>,
        hasher: IdHasher,
        limits: Limits,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let p = policy.current();
        Self {
            sessions: SessionStore::new(p.session_ttl_seconds, p.session_max_entries),
            policy,
            hasher,
            metrics: Arc::new(Metrics::default()),
            in_flight: Arc::new(Semaphore::new(limits.max_in_flight.max(1))),
            limits,
            clock,
            recorder: None,
        }
    }
}

/// The tower layer: `FeedGuardLayer::new(shared).layer(inner)`.
#[derive(Debug, Clone)]
pub struct FeedGuardLayer {
    shared: Arc<Shared>,
}

impl FeedGuardLayer {
    pub fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }
}

impl<S> Layer<S> for FeedGuardLayer {
    type Service = FeedGuard<S>;
    fn layer(&self, inner: S) -> FeedGuard<S> {
        FeedGuard {
            inner,
            shared: self.shared.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct FeedGuard<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S, B> Service<http::Request<Body>> for FeedGuard<S>
where
    S: Service<http::Request<Body>, Response = http::Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError> + Send,
{
    type Response = http::Response<Body>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Readiness is checked on the clone each call drives (`oneshot`), so this service is
        // always ready and never holds a slot of the inner one.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let inner = self.inner.clone();
        let shared = self.shared.clone();
        match req.uri().path() {
            GET_FEED_PATH => Box::pin(async move { Ok(unary(inner, shared, req).await) }),
            STREAM_FEED_PATH => Box::pin(async move { Ok(streaming(inner, shared, req).await) }),
            _ => Box::pin(async move {
                let resp = inner.oneshot(req).await.map_err(Into::into)?;
                Ok(resp.map(Body::new))
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Responses feedguard writes itself
// ---------------------------------------------------------------------------------------------

fn status_response(status: &Status) -> http::Response<Body> {
    Status::new(status.code(), status.message()).into_http()
}

/// Trailers that end a stream with `status`. Sent as trailers, not as a body error: a body
/// error resets the HTTP/2 stream and the client would see a transport failure instead.
fn status_trailers(status: &Status) -> HeaderMap {
    let mut t = HeaderMap::new();
    t.insert("grpc-status", HeaderValue::from(status.code() as i32));
    let mut msg = String::new();
    for b in status.message().bytes() {
        if (0x20..0x7f).contains(&b) && b != b'%' {
            msg.push(b as char);
        } else {
            msg.push_str(&format!("%{b:02X}"));
        }
    }
    if let Ok(v) = HeaderValue::from_str(&msg) {
        t.insert("grpc-message", v);
    }
    t
}

fn grpc_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/grpc"),
    );
    h
}

fn ok_trailers() -> HeaderMap {
    let mut t = HeaderMap::new();
    t.insert("grpc-status", HeaderValue::from_static("0"));
    t
}

fn message_response(
    mut headers: HeaderMap,
    msg: Bytes,
    trailers: HeaderMap,
) -> http::Response<Body> {
    headers.remove(http::header::CONTENT_LENGTH);
    let frames: Vec<Result<Frame<Bytes>, Infallible>> = vec![
        Ok(Frame::data(frame::encode(&msg))),
        Ok(Frame::trailers(trailers)),
    ];
    let mut resp = http::Response::new(Body::new(StreamBody::new(futures_util::stream::iter(
        frames,
    ))));
    *resp.headers_mut() = headers;
    resp
}

/// The grpc-status an upstream put in a header map, if any. Parsed here rather than with
/// `Status::from_header_map`, which panics on a malformed `grpc-status-details-bin`: a hostile
/// upstream must not be able to crash the proxy.
fn grpc_status_of(h: &HeaderMap) -> Option<Status> {
    let code = h.get("grpc-status")?;
    let code = Code::from_bytes(code.as_bytes());
    let message = h
        .get("grpc-message")
        .map(|m| percent_decode(m.as_bytes()))
        .unwrap_or_default();
    Some(Status::new(code, message))
}

fn percent_decode(b: &[u8]) -> String {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(&b[i + 1..i + 3]), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The deadline the client asked for (`grpc-timeout`), or the configured default.
fn deadline_of(h: &HeaderMap, default: Option<Duration>) -> Option<Duration> {
    let v = h.get("grpc-timeout").and_then(|v| v.to_str().ok());
    let parsed = v.and_then(|v| {
        if v.len() < 2 || v.len() > 9 {
            return None;
        }
        let (n, unit) = v.split_at(v.len() - 1);
        let n: u64 = n.parse().ok()?;
        Some(match unit {
            "H" => Duration::from_secs(n.saturating_mul(3600)),
            "M" => Duration::from_secs(n.saturating_mul(60)),
            "S" => Duration::from_secs(n),
            "m" => Duration::from_millis(n),
            "u" => Duration::from_micros(n),
            "n" => Duration::from_nanos(n),
            _ => return None,
        })
    });
    parsed.or(default)
}

fn timeout_header(d: Duration) -> HeaderValue {
    // grpc-timeout allows at most 8 digits; milliseconds cover 27 hours.
    let ms = d.as_millis().clamp(1, 99_999_999);
    HeaderValue::from_str(&format!("{ms}m")).unwrap_or(HeaderValue::from_static("1m"))
}

// ---------------------------------------------------------------------------------------------
// Reading bodies
// ---------------------------------------------------------------------------------------------

enum CollectError {
    Body(BoxError),
    Frame(FrameError),
}

/// A unary body, read whole: its messages, its raw data (for an adult's fail-open), trailers.
struct Collected {
    messages: Vec<Bytes>,
    raw: Vec<Bytes>,
    trailers: Option<HeaderMap>,
    frame_error: Option<FrameError>,
}

async fn collect<B>(body: B, limit: usize) -> Result<Collected, CollectError>
where
    B: HttpBody<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let mut body = Box::pin(body);
    let mut dec = frame::Decoder::new(limit);
    let mut c = Collected {
        messages: Vec::new(),
        raw: Vec::new(),
        trailers: None,
        frame_error: None,
    };
    let mut total = 0usize;
    while let Some(f) = body.as_mut().frame().await {
        let f = f.map_err(|e| CollectError::Body(e.into()))?;
        match f.into_data() {
            Ok(data) => {
                total += data.len();
                // Five bytes of framing per message; a unary call has one.
                if total > limit + 5 {
                    return Err(CollectError::Frame(FrameError::TooLarge {
                        len: total,
                        limit,
                    }));
                }
                if c.frame_error.is_none() {
                    dec.push(&data);
                    loop {
                        match dec.next_message() {
                            Ok(Some(m)) => c.messages.push(m),
                            Ok(None) => break,
                            Err(FrameError::TooLarge { len, limit }) => {
                                return Err(CollectError::Frame(FrameError::TooLarge {
                                    len,
                                    limit,
                                }));
                            }
                            Err(e) => {
                                c.frame_error = Some(e);
                                break;
                            }
                        }
                    }
                }
                c.raw.push(data);
            }
            Err(f) => {
                if let Ok(t) = f.into_trailers() {
                    c.trailers = Some(t);
                }
            }
        }
    }
    if c.frame_error.is_none()
        && let Err(e) = dec.finish()
    {
        c.frame_error = Some(e);
    }
    Ok(c)
}

async fn read_request(body: Body, limit: usize) -> Result<Bytes, GuardError> {
    match collect(body, limit).await {
        Err(CollectError::Frame(FrameError::TooLarge { len, limit })) => {
            Err(GuardError::RequestTooLarge { len, limit })
        }
        Err(CollectError::Frame(_)) => Err(GuardError::RequestFraming),
        Err(CollectError::Body(e)) => Err(GuardError::ClientBody(e)),
        Ok(c) => match (c.frame_error, c.messages.len()) {
            (Some(FrameError::Compressed), _) => Err(GuardError::CompressedRequest),
            (Some(_), _) => Err(GuardError::RequestFraming),
            (None, 1) => Ok(c.messages.into_iter().next().unwrap_or_default()),
            (None, _) => Err(GuardError::RequestFraming),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// The request stage, shared by unary and streaming calls
// ---------------------------------------------------------------------------------------------

/// Everything the response stage needs from the request stage.
struct CallState {
    policy: Arc<Policy>,
    ctx: engine::RequestContext,
    decision: Decision,
    key: SessionKey,
    account: String,
    snapshot: Exposure,
    now_ms: i64,
    deadline: Option<Duration>,
    started: Instant,
    /// The redacted request, when this exchange is to be recorded.
    record: Option<Bytes>,
}

impl CallState {
    /// Hands the finished exchange to the recorder (if this call is being recorded).
    fn submit_record(&mut self, shared: &Shared, body: RecordedBody, outcome: &str) {
        if let (Some(rec), Some(request)) = (&shared.recorder, self.record.take()) {
            let (method, response, stream, stream_offsets_ms, truncated) = match body {
                RecordedBody::Unary(r) => (Method::GetFeed, r, Vec::new(), Vec::new(), false),
                RecordedBody::Stream {
                    messages,
                    offsets_ms,
                    truncated,
                } => (Method::StreamFeed, None, messages, offsets_ms, truncated),
            };
            rec.submit(Exchange {
                method,
                timestamp_ms: Some(self.now_ms),
                band: Some(canonical::band_to_pb(self.ctx.band)),
                request,
                response,
                stream,
                stream_offsets_ms,
                decision: Some(canonical::decision_pb(&self.decision)),
                outcome: outcome.to_owned(),
                truncated,
            });
        }
    }
}

/// What the upstream answered, as the recorder keeps it.
enum RecordedBody {
    /// GetFeed: the response (none when a session break answered the call).
    Unary(Option<Bytes>),
    /// StreamFeed: the messages received (none at a break before the call).
    Stream {
        messages: Vec<Bytes>,
        offsets_ms: Vec<u32>,
        truncated: bool,
    },
}

enum RequestStage {
    /// Forward this request upstream.
    Forward {
        state: Box<CallState>,
        upstream: http::Request<Body>,
        permit: OwnedSemaphorePermit,
    },
    /// The answer is already known (break, overload, bad request).
    Respond(http::Response<Body>),
    /// Overloaded, adult, fail-open: forward as received without applying the policy.
    PassThrough(http::Request<Body>),
}

async fn request_stage(
    shared: &Arc<Shared>,
    req: http::Request<Body>,
    method: &'static str,
) -> RequestStage {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let reject = |e: GuardError| {
        shared.metrics.add(
            metrics::REQUESTS,
            &[
                ("method", method),
                ("band", "unknown"),
                ("outcome", "invalid"),
            ],
            1,
        );
        tracing::debug!(reason = e.reason(), error = %e, "feed request rejected");
        RequestStage::Respond(status_response(&e.to_status()))
    };
    if parts
        .headers
        .get("grpc-encoding")
        .is_some_and(|v| v.as_bytes() != b"identity")
    {
        return reject(GuardError::CompressedRequest);
    }
    let deadline = deadline_of(&parts.headers, shared.limits.default_deadline);
    let msg = match read_request(body, shared.limits.max_message_bytes).await {
        Ok(m) => m,
        Err(e) => return reject(e),
    };
    let mut req_pb = match canonical::decode_request(&msg) {
        Ok(r) => r,
        Err(e) => return reject(GuardError::BadRequest(e)),
    };

    let policy = shared.policy.current();
    let now_ms = shared.clock.now_ms();
    let (account_id, session_id) = canonical::session_identity(&req_pb);
    let key = shared.hasher.session_key(account_id, session_id);
    let account = shared.hasher.account(account_id);
    let snapshot = shared.sessions.snapshot(&key, now_ms);

    let engine_out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let rd = engine::decide_request(
            &policy,
            &canonical::request_view(&req_pb),
            &snapshot,
            now_ms,
        );
        // The record keeps the request as received, before minimisation (redacted).
        let record = shared.recorder.as_ref().and_then(|r| {
            if r.wants(rd.ctx.band) {
                Some(redact_request(&req_pb, &shared.hasher))
            } else {
                r.skipped_child();
                None
            }
        });
        if let RequestOutcome::Forward(plan) = &rd.outcome {
            canonical::apply_request_plan(&mut req_pb, plan);
        }
        (rd, record)
    }));
    let (rd, record) = match engine_out {
        Ok(rd) => rd,
        Err(_) => {
            // The band is unknown when the engine itself failed: treat the viewer as a child.
            let e = GuardError::Internal("request stage panicked".into());
            return RequestStage::Respond(fail(
                shared,
                &policy,
                method,
                policy.age.unknown_band,
                &e,
                None,
                None,
            ));
        }
    };
    let band = rd.ctx.band;
    let mut state = CallState {
        policy: policy.clone(),
        ctx: rd.ctx,
        decision: rd.decision,
        key,
        account,
        snapshot,
        now_ms,
        deadline,
        started,
        record,
    };

    if let RequestOutcome::Break(notice) = &rd.outcome {
        shared.sessions.record(key, &Exposure::default(), now_ms);
        let body = match method {
            "GetFeed" => canonical::empty_page(notice, Some(&state.decision)),
            _ => canonical::stream_closing(std::slice::from_ref(notice), &state.decision),
        };
        let rec_body = match method {
            "GetFeed" => RecordedBody::Unary(None),
            _ => RecordedBody::Stream {
                messages: Vec::new(),
                offsets_ms: Vec::new(),
                truncated: false,
            },
        };
        state.submit_record(shared, rec_body, "break");
        finish_audit(shared, method, &state, "break");
        return RequestStage::Respond(message_response(
            grpc_headers(),
            Bytes::from(body),
            ok_trailers(),
        ));
    }

    let permit = match shared.in_flight.clone().try_acquire_owned() {
        Ok(p) => p,
        Err(_) => {
            let e = GuardError::Overloaded;
            if !band.is_child() && policy.adult_failure == AdultFailure::Open {
                shared.metrics.add(
                    metrics::FAILURES,
                    &[
                        ("reason", e.reason()),
                        ("band", band.as_str()),
                        ("served", "unfiltered"),
                    ],
                    1,
                );
                let upstream =
                    http::Request::from_parts(parts, Body::new(single_message_body(msg)));
                return RequestStage::PassThrough(upstream);
            }
            state.decision.items_in = 0;
            return RequestStage::Respond(fail(
                shared,
                &policy,
                method,
                band,
                &e,
                None,
                Some(&state.decision),
            ));
        }
    };

    let rewritten = Bytes::from(prost::Message::encode_to_vec(&req_pb));
    let mut upstream = http::Request::from_parts(parts, Body::new(single_message_body(rewritten)));
    let h = upstream.headers_mut();
    h.remove(http::header::CONTENT_LENGTH);
    // Ask the upstream not to compress: feedguard must read every response message.
    h.remove("grpc-accept-encoding");
    if let Some(d) = deadline {
        h.insert(
            "grpc-timeout",
            timeout_header(d.saturating_sub(started.elapsed())),
        );
    }
    RequestStage::Forward {
        state: Box::new(state),
        upstream,
        permit,
    }
}

type OneMessageBody =
    StreamBody<futures_util::stream::Iter<std::vec::IntoIter<Result<Frame<Bytes>, Infallible>>>>;

fn single_message_body(msg: Bytes) -> OneMessageBody {
    StreamBody::new(futures_util::stream::iter(vec![Ok(Frame::data(
        frame::encode(&msg),
    ))]))
}

/// What a viewer gets when the policy cannot be applied. Children: an error status or, if the
/// policy says so, an empty feed with a notice; never `unfiltered`. Adults: `unfiltered` (the
/// upstream's own answer) when fail-open and there is one, else the error.
fn fail(
    shared: &Shared,
    policy: &Policy,
    method: &'static str,
    band: AgeBand,
    err: &GuardError,
    unfiltered: Option<http::Response<Body>>,
    decision: Option<&Decision>,
) -> http::Response<Body> {
    // An upstream error status carries no feed content: everyone gets it as it is.
    if let GuardError::UpstreamStatus(s) = err {
        shared.metrics.add(
            metrics::REQUESTS,
            &[
                ("method", method),
                ("band", band.as_str()),
                ("outcome", "upstream_error"),
            ],
            1,
        );
        return status_response(s);
    }
    let (served, resp) = if band.is_child() {
        match policy.child_failure {
            ChildFailure::SafeEmpty => {
                let notice = Notice {
                    kind: NoticeKind::ServiceDegraded,
                    message: "Your feed can't be shown right now. Try again in a moment.".into(),
                };
                let body = match method {
                    "GetFeed" => canonical::empty_page(&notice, decision),
                    _ => match decision {
                        Some(d) => canonical::stream_closing(std::slice::from_ref(&notice), d),
                        None => Vec::new(),
                    },
                };
                (
                    "safe_empty",
                    message_response(grpc_headers(), Bytes::from(body), ok_trailers()),
                )
            }
            ChildFailure::Error => ("error", status_response(&err.to_status())),
        }
    } else {
        match (policy.adult_failure, unfiltered) {
            (AdultFailure::Open, Some(r)) => ("unfiltered", r),
            _ => ("error", status_response(&err.to_status())),
        }
    };
    shared.metrics.add(
        metrics::FAILURES,
        &[
            ("reason", err.reason()),
            ("band", band.as_str()),
            ("served", served),
        ],
        1,
    );
    shared.metrics.add(
        metrics::REQUESTS,
        &[
            ("method", method),
            ("band", band.as_str()),
            ("outcome", "failed"),
        ],
        1,
    );
    tracing::warn!(
        target: audit::AUDIT_TARGET,
        event = "policy_not_applied",
        method,
        band = band.as_str(),
        reason = err.reason(),
        served,
        error = %err,
    );
    resp
}

fn finish_audit(shared: &Shared, method: &'static str, state: &CallState, outcome: &str) {
    shared.metrics.record_decision(&state.decision);
    shared.metrics.add(
        metrics::REQUESTS,
        &[
            ("method", method),
            ("band", state.ctx.band.as_str()),
            ("outcome", outcome),
        ],
        1,
    );
    audit::emit_decision(method, &state.account, &state.decision, outcome);
}

/// Classifies an error from the inner service. The upstream channel enforces the forwarded
/// `grpc-timeout` itself and may fire a moment before feedguard's own timer: that is a
/// deadline, not an unavailable upstream.
fn upstream_error(e: BoxError) -> GuardError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&*e);
    while let Some(err) = source {
        if err.is::<tonic::TimeoutExpired>() {
            return GuardError::Timeout;
        }
        source = err.source();
    }
    GuardError::UpstreamUnavailable(e)
}

/// Calls the inner service within the deadline and checks the response head.
async fn call_upstream<S, B>(
    inner: S,
    upstream: http::Request<Body>,
    state: &CallState,
) -> Result<(http::response::Parts, B, Option<tokio::time::Instant>), GuardError>
where
    S: Service<http::Request<Body>, Response = http::Response<B>>,
    S::Error: Into<BoxError>,
{
    let until = state
        .deadline
        .map(|d| tokio::time::Instant::now() + d.saturating_sub(state.started.elapsed()));
    let call = inner.oneshot(upstream);
    let resp = match until {
        Some(t) => tokio::time::timeout_at(t, call)
            .await
            .map_err(|_| GuardError::Timeout)?,
        None => call.await,
    }
    .map_err(|e| upstream_error(e.into()))?;
    let (parts, body) = resp.into_parts();
    if parts.status != http::StatusCode::OK {
        return Err(GuardError::UpstreamUnavailable(
            format!("upstream HTTP status {}", parts.status).into(),
        ));
    }
    // Trailers-only response: an error (or an empty OK) with no body to read.
    if let Some(s) = grpc_status_of(&parts.headers)
        && s.code() != Code::Ok
    {
        return Err(GuardError::UpstreamStatus(s));
    }
    Ok((parts, body, until))
}

// ---------------------------------------------------------------------------------------------
// Unary
// ---------------------------------------------------------------------------------------------

async fn unary<S, B>(
    inner: S,
    shared: Arc<Shared>,
    req: http::Request<Body>,
) -> http::Response<Body>
where
    S: Service<http::Request<Body>, Response = http::Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    const METHOD: &str = "GetFeed";
    let (mut state, upstream, _permit) = match request_stage(&shared, req, METHOD).await {
        RequestStage::Forward {
            state,
            upstream,
            permit,
        } => (*state, upstream, permit),
        RequestStage::Respond(r) => return r,
        RequestStage::PassThrough(r) => {
            return match inner.oneshot(r).await {
                Ok(r) => r.map(Body::new),
                Err(e) => status_response(&GuardError::UpstreamUnavailable(e.into()).to_status()),
            };
        }
    };
    let band = state.ctx.band;
    let policy = state.policy.clone();
    let upstream_started = Instant::now();
    let result = unary_response(inner, upstream, &shared, &mut state).await;
    let upstream_time = upstream_started.elapsed();
    shared.metrics.upstream_latency.observe(upstream_time);
    match result {
        Ok(resp) => {
            shared
                .metrics
                .added_latency
                .observe(state.started.elapsed().saturating_sub(upstream_time));
            finish_audit(&shared, METHOD, &state, "ok");
            resp
        }
        Err((e, unfiltered)) => fail(
            &shared,
            &policy,
            METHOD,
            band,
            &e,
            unfiltered,
            Some(&state.decision),
        ),
    }
}

type UnaryFailure = (GuardError, Option<http::Response<Body>>);

async fn unary_response<S, B>(
    inner: S,
    upstream: http::Request<Body>,
    shared: &Shared,
    state: &mut CallState,
) -> Result<http::Response<Body>, UnaryFailure>
where
    S: Service<http::Request<Body>, Response = http::Response<B>>,
    S::Error: Into<BoxError>,
    B: HttpBody<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let (parts, body, until) = call_upstream(inner, upstream, state)
        .await
        .map_err(|e| (e, None))?;
    let limit = shared.limits.max_message_bytes;
    let collected = match until {
        Some(t) => tokio::time::timeout_at(t, collect(body, limit))
            .await
            .map_err(|_| (GuardError::Timeout, None))?,
        None => collect(body, limit).await,
    };
    let c = match collected {
        Ok(c) => c,
        Err(CollectError::Frame(FrameError::TooLarge { len, limit })) => {
            return Err((GuardError::UpstreamTooLarge { len, limit }, None));
        }
        Err(CollectError::Frame(e)) => {
            return Err((GuardError::UpstreamMalformed(format!("{e:?}")), None));
        }
        Err(CollectError::Body(e)) => return Err((GuardError::UpstreamUnavailable(e), None)),
    };
    let trailers = c.trailers.clone().unwrap_or_default();
    match grpc_status_of(&trailers) {
        Some(s) if s.code() == Code::Ok => {}
        Some(s) => return Err((GuardError::UpstreamStatus(s), None)),
        None => {
            return Err((
                GuardError::UpstreamMalformed("response ended without grpc-status".into()),
                None,
            ));
        }
    }
    // From here on the upstream's own answer exists: an adult configured fail-open may get it.
    let unfiltered = || {
        let frames: Vec<Result<Frame<Bytes>, Infallible>> = c
            .raw
            .iter()
            .cloned()
            .map(|d| Ok(Frame::data(d)))
            .chain(std::iter::once(Ok(Frame::trailers(trailers.clone()))))
            .collect();
        let mut r = http::Response::new(Body::new(StreamBody::new(futures_util::stream::iter(
            frames,
        ))));
        *r.headers_mut() = parts.headers.clone();
        r
    };
    let msg = match (c.frame_error, c.messages.len()) {
        (Some(FrameError::Compressed), _) => {
            return Err((GuardError::UpstreamCompressed, Some(unfiltered())));
        }
        (Some(e), _) => {
            return Err((
                GuardError::UpstreamMalformed(format!("{e:?}")),
                Some(unfiltered()),
            ));
        }
        (None, 1) => c.messages[0].clone(),
        (None, n) => {
            return Err((
                GuardError::UpstreamMalformed(format!("{n} messages in a unary response")),
                Some(unfiltered()),
            ));
        }
    };

    let policy = state.policy.clone();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        canonical::rewrite_page(
            &policy,
            &state.ctx,
            &state.snapshot,
            &mut state.decision,
            &msg,
        )
    }));
    let (out, exposure) = match outcome {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            return Err((
                GuardError::UpstreamMalformed(e.to_string()),
                Some(unfiltered()),
            ));
        }
        Err(_) => {
            return Err((
                GuardError::Internal("response stage panicked".into()),
                Some(unfiltered()),
            ));
        }
    };
    shared.sessions.record(state.key, &exposure, state.now_ms);
    state.submit_record(shared, RecordedBody::Unary(Some(msg)), "ok");
    Ok(message_response(parts.headers, out, trailers))
}

// ---------------------------------------------------------------------------------------------
// Server streaming
// ---------------------------------------------------------------------------------------------

/// How many kept items pass before a held (downranked) item is released.
const DOWNRANK_DEFER: u32 = 5;
/// Most downranked items held at once; beyond it the oldest is released early.
const MAX_HELD: usize = 8;

async fn streaming<S, B>(
    inner: S,
    shared: Arc<Shared>,
    req: http::Request<Body>,
) -> http::Response<Body>
where
    S: Service<http::Request<Body>, Response = http::Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError> + Send,
{
    const METHOD: &str = "StreamFeed";
    let (state, upstream, permit) = match request_stage(&shared, req, METHOD).await {
        RequestStage::Forward {
            state,
            upstream,
            permit,
        } => (*state, upstream, permit),
        RequestStage::Respond(r) => return r,
        RequestStage::PassThrough(r) => {
            return match inner.oneshot(r).await {
                Ok(r) => r.map(Body::new),
                Err(e) => status_response(&GuardError::UpstreamUnavailable(e.into()).to_status()),
            };
        }
    };
    let policy = state.policy.clone();
    let band = state.ctx.band;
    let (mut parts, body, until) = match call_upstream(inner, upstream, &state).await {
        Ok(v) => v,
        Err(e) => {
            return fail(
                &shared,
                &policy,
                METHOD,
                band,
                &e,
                None,
                Some(&state.decision),
            );
        }
    };
    if !band.is_child()
        && policy.adult_failure == AdultFailure::Open
        && policy.is_passthrough(band)
        && state.record.is_none()
    {
        // As for a unary page: no rule of the band can change a message, and an unreadable
        // one would go out as it came (fail-open), so the stream is forwarded unread, frame by
        // frame. The call still holds its in-flight permit and its deadline.
        let (tx, rx) = mpsc::channel::<Result<Frame<Bytes>, Status>>(16);
        tokio::spawn(async move {
            let _permit = permit;
            let mut body = Box::pin(body);
            let outcome = loop {
                let next = match until {
                    Some(t) => match tokio::time::timeout_at(t, body.as_mut().frame()).await {
                        Ok(f) => f,
                        Err(_) => break Err(GuardError::Timeout),
                    },
                    None => body.as_mut().frame().await,
                };
                match next {
                    None => break Ok(()),
                    Some(Err(e)) => break Err(GuardError::UpstreamUnavailable(e.into())),
                    Some(Ok(f)) => {
                        if tx.send(Ok(f)).await.is_err() {
                            return;
                        }
                    }
                }
            };
            match outcome {
                Ok(()) => finish_audit(&shared, METHOD, &state, "ok"),
                Err(e) => {
                    shared.metrics.add(
                        metrics::REQUESTS,
                        &[
                            ("method", METHOD),
                            ("band", band.as_str()),
                            ("outcome", "failed"),
                        ],
                        1,
                    );
                    let _ = tx
                        .send(Ok(Frame::trailers(status_trailers(&e.to_status()))))
                        .await;
                }
            }
        });
        let mut resp = http::Response::new(Body::new(StreamBody::new(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )));
        parts.headers.remove(http::header::CONTENT_LENGTH);
        *resp.headers_mut() = parts.headers;
        return resp;
    }
    parts.headers.remove(http::header::CONTENT_LENGTH);
    let (tx, rx) = mpsc::channel::<Result<Frame<Bytes>, Status>>(16);
    tokio::spawn(async move {
        let _permit = permit;
        pump_stream(shared, state, body, until, tx).await;
    });
    let mut resp = http::Response::new(Body::new(StreamBody::new(
        tokio_stream::wrappers::ReceiverStream::new(rx),
    )));
    *resp.headers_mut() = parts.headers;
    resp
}

/// Appends one gRPC-framed message.
fn put_frame(out: &mut bytes::BytesMut, msg: &[u8]) {
    out.extend_from_slice(&[0]);
    out.extend_from_slice(&(msg.len() as u32).to_be_bytes());
    out.extend_from_slice(msg);
}

/// Reads the upstream stream, filters each message and sends what may pass. Ends the stream
/// with an error status (children) when a message cannot be checked; a client that goes away
/// closes the channel, which ends this task and drops (so cancels) the upstream call.
async fn pump_stream<B>(
    shared: Arc<Shared>,
    mut state: CallState,
    body: B,
    until: Option<tokio::time::Instant>,
    tx: mpsc::Sender<Result<Frame<Bytes>, Status>>,
) where
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError> + Send,
{
    const METHOD: &str = "StreamFeed";
    let policy = state.policy.clone();
    let band = state.ctx.band;
    let decision = std::mem::replace(
        &mut state.decision,
        Decision::new(
            policy.id.clone(),
            policy.version.clone(),
            band,
            state.ctx.basis,
        ),
    );
    let mut filter = engine::StreamFilter::new(&policy, state.ctx.clone(), decision);
    let mut session = state.snapshot.clone();
    let mut held: VecDeque<(Bytes, u32)> = VecDeque::new();
    // The upstream's messages as received, for the recorder.
    let record_max_bytes = shared.recorder.as_ref().map_or(0, |r| r.max_stream_bytes());
    let mut recorded_bytes = 0usize;
    let record_max = shared
        .recorder
        .as_ref()
        .map_or(0, |r| r.max_stream_messages());
    let mut recorded: Vec<Bytes> = Vec::new();
    let mut offsets: Vec<u32> = Vec::new();
    let mut truncated = false;
    let mut dec = frame::Decoder::new(shared.limits.max_message_bytes);
    let mut batch = bytes::BytesMut::new();
    let mut body = Box::pin(body);

    // Every way a stream ends is recorded, a cancelled or failed one included: what it served
    // before the end is in the session's exposure, and replay must see it too.
    let ended: &'static str = async {
        let outcome: Result<HeaderMap, GuardError> = 'pump: loop {
            let next = match until {
                Some(t) => match tokio::time::timeout_at(t, body.as_mut().frame()).await {
                    Ok(f) => f,
                    Err(_) => break 'pump Err(GuardError::Timeout),
                },
                None => body.as_mut().frame().await,
            };
            let frame = match next {
                None => match dec.finish() {
                    Ok(()) => {
                        break 'pump Err(GuardError::UpstreamMalformed(
                            "stream ended without trailers".into(),
                        ));
                    }
                    Err(e) => break 'pump Err(GuardError::UpstreamMalformed(format!("{e:?}"))),
                },
                Some(Err(e)) => break 'pump Err(GuardError::UpstreamUnavailable(e.into())),
                Some(Ok(f)) => f,
            };
            let data = match frame.into_data() {
                Ok(d) => d,
                Err(f) => {
                    let trailers = f.into_trailers().unwrap_or_default();
                    if let Err(e) = dec.finish() {
                        break 'pump Err(GuardError::UpstreamMalformed(format!("{e:?}")));
                    }
                    match grpc_status_of(&trailers) {
                        Some(s) if s.code() == Code::Ok => break 'pump Ok(trailers),
                        Some(s) => break 'pump Err(GuardError::UpstreamStatus(s)),
                        None => {
                            break 'pump Err(GuardError::UpstreamMalformed(
                                "trailers without grpc-status".into(),
                            ));
                        }
                    }
                }
            };
            dec.push(&data);
            loop {
                let msg = match dec.next_message() {
                    Ok(Some(m)) => m,
                    Ok(None) => break,
                    Err(FrameError::TooLarge { len, limit }) => {
                        break 'pump Err(GuardError::UpstreamTooLarge { len, limit });
                    }
                    Err(e) => break 'pump Err(GuardError::UpstreamMalformed(format!("{e:?}"))),
                };
                let now = shared.clock.now_ms();
                if state.record.is_some() {
                    if recorded.len() < record_max
                        && recorded_bytes + msg.len() <= record_max_bytes
                    {
                        recorded_bytes += msg.len();
                        recorded.push(msg.clone());
                        offsets.push(u32::try_from((now - state.now_ms).max(0)).unwrap_or(u32::MAX));
                    } else {
                        truncated = true;
                    }
                }
                let step = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    canonical::filter_stream_message(&mut filter, &msg, &session, now, false)
                    .map(|o| (o.step, o.delta, o.out))
                }));
                let (step, delta, out) = match step {
                    Ok(Ok(v)) => v,
                    Ok(Err(e)) => {
                        if !band.is_child() && policy.adult_failure == AdultFailure::Open {
                            shared.metrics.add(
                                metrics::FAILURES,
                                &[
                                    ("reason", "upstream_malformed"),
                                    ("band", band.as_str()),
                                    ("served", "unfiltered"),
                                ],
                                1,
                            );
                            // Recorded as received: replay passes it on the same way.
                            put_frame(&mut batch, &msg);
                            continue;
                        }
                        break 'pump Err(GuardError::UpstreamMalformed(e.to_string()));
                    }
                    Err(_) => break 'pump Err(GuardError::Internal("stream stage panicked".into())),
                };
                session.merge(&delta);
                shared.sessions.record(state.key, &delta, now);
                if let Some(notice) = step.end_with {
                    for (b, _) in held.drain(..) {
                        put_frame(&mut batch, &b);
                    }
                    let closing =
                        canonical::stream_closing(std::slice::from_ref(&notice), &filter.decision);
                    put_frame(&mut batch, &closing);
                    let _ = tx.send(Ok(Frame::data(batch.split().freeze()))).await;
                    let _ = tx.send(Ok(Frame::trailers(ok_trailers()))).await;
                    state.decision = filter.decision.clone();
                    finish_audit(&shared, METHOD, &state, "break");
                    return "break";
                }
                for (b, hold) in out {
                    if hold {
                        if held.len() >= MAX_HELD
                            && let Some((old, _)) = held.pop_front()
                        {
                            put_frame(&mut batch, &old);
                        }
                        held.push_back((Bytes::from(b), DOWNRANK_DEFER));
                        continue;
                    }
                    put_frame(&mut batch, &b);
                    if step.emit_now {
                        for h in held.iter_mut() {
                            h.1 = h.1.saturating_sub(1);
                        }
                        while held.front().is_some_and(|h| h.1 == 0) {
                            if let Some((b, _)) = held.pop_front() {
                                put_frame(&mut batch, &b);
                            }
                        }
                    }
                }
            }
            // Everything one upstream chunk produced goes out as one body frame: a frame
            // per message cost more than the filtering did.
            if !batch.is_empty() && tx.send(Ok(Frame::data(batch.split().freeze()))).await.is_err()
            {
                return "cancelled";
            }
        };

        state.decision = filter.decision.clone();
        match outcome {
            Ok(trailers) => {
                for (b, _) in held.drain(..) {
                    put_frame(&mut batch, &b);
                }
                let closing = canonical::stream_closing(&[], &state.decision);
                put_frame(&mut batch, &closing);
                if tx.send(Ok(Frame::data(batch.split().freeze()))).await.is_err() {
                    return "cancelled";
                }
                let _ = tx.send(Ok(Frame::trailers(trailers))).await;
                finish_audit(&shared, METHOD, &state, "ok");
                "ok"
            }
            Err(e) => {
                // Mid-stream, the only safe ending for a child is an error status: what was sent
                // so far was filtered; nothing after the failure is.
                let status = match &e {
                    GuardError::UpstreamStatus(s) => s.clone(),
                    other => other.to_status(),
                };
                shared.metrics.add(
                    metrics::FAILURES,
                    &[
                        ("reason", e.reason()),
                        ("band", band.as_str()),
                        ("served", "error"),
                    ],
                    1,
                );
                shared.metrics.add(
                    metrics::REQUESTS,
                    &[
                        ("method", METHOD),
                        ("band", band.as_str()),
                        ("outcome", "failed"),
                    ],
                    1,
                );
                tracing::warn!(target: audit::AUDIT_TARGET, event = "policy_not_applied", method = METHOD, band = band.as_str(), reason = e.reason(), error = %e);
                // What was filtered before the failure still goes; nothing after it.
            if !batch.is_empty() {
                let _ = tx.send(Ok(Frame::data(batch.split().freeze()))).await;
            }
            let _ = tx.send(Ok(Frame::trailers(status_trailers(&status)))).await;
                "error"
            }
        }
    }
    .await;
    state.decision = filter.decision.clone();
    state.submit_record(
        &shared,
        RecordedBody::Stream {
            messages: recorded,
            offsets_ms: offsets,
            truncated,
        },
        ended,
    );
}
