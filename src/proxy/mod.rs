//! The inline gRPC proxy: a hyper HTTP/2 server whose service is the feed guard wrapped around
//! a forwarder to the upstream, plus the health service, an admin port for metrics, policy hot
//! reload and graceful shutdown. [`start`] is what the binary and the tests call.

pub mod error;
pub mod frame;
pub mod guard;
pub mod metrics;
pub mod reload;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::future::BoxFuture;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tonic::body::Body;
use tonic::transport::{Channel, Endpoint};
use tower::{Layer, Service};

pub use error::{BoxError, GuardError};
pub use guard::{Clock, FeedGuard, FeedGuardLayer, Limits, ManualClock, Shared, SystemClock};
pub use reload::PolicyHandle;

use crate::audit::IdHasher;

/// How to run a proxy.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    pub listen: SocketAddr,
    /// `http://host:port` of the recommender.
    pub upstream: String,
    /// Where to serve `/metrics`, `/healthz` and `/readyz`; `None` for no admin port.
    pub admin: Option<SocketAddr>,
    pub limits: Limits,
    /// How often the policy file is checked for changes; `None` to reload on SIGHUP only.
    pub reload_every: Option<Duration>,
    /// How long in-flight calls get to finish at shutdown.
    pub drain_timeout: Duration,
    /// Record exchanges for replay (`--record DIR`).
    pub record: Option<crate::replay::record::RecordConfig>,
    /// Connection workers: threads with a single-threaded runtime and their own upstream
    /// connection, each client connection served start to finish on one of them (as nginx
    /// and Envoy workers do; `feedguard serve` runs [`default_workers`]). 0, the default
    /// here, serves every connection on the caller's runtime, where a multi-thread runtime
    /// spreads one busy connection's calls over its threads.
    pub workers: usize,
}

impl ProxyConfig {
    pub fn new(listen: SocketAddr, upstream: impl Into<String>) -> Self {
        Self {
            listen,
            upstream: upstream.into(),
            admin: None,
            limits: Limits::default(),
            reload_every: Some(Duration::from_secs(2)),
            drain_timeout: Duration::from_secs(20),
            record: None,
            workers: 0,
        }
    }
}

/// Why the proxy could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Record(#[from] crate::replay::record::RecordStartError),
    #[error("invalid upstream URL {url:?}: {source}")]
    Upstream {
        url: String,
        source: tonic::transport::Error,
    },
    #[error("{0} connection workers is more than the {MAX_WORKERS} allowed")]
    TooManyWorkers(usize),
    #[error("cannot start connection worker {index}: {source}")]
    Worker {
        index: usize,
        source: std::io::Error,
    },
}

/// A running proxy.
pub struct ProxyHandle {
    pub addr: SocketAddr,
    pub admin_addr: Option<SocketAddr>,
    pub shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl ProxyHandle {
    /// Stops accepting, lets in-flight calls finish (up to the drain timeout), and waits.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
        flush_records(&self.shared).await;
    }

    /// Waits until the proxy stops (after a shutdown signal).
    pub async fn join(self) {
        let _ = self.task.await;
        flush_records(&self.shared).await;
    }

    /// A sender that triggers shutdown when sent `true`.
    pub fn shutdown_sender(&self) -> watch::Sender<bool> {
        self.shutdown.clone()
    }
}

/// Writes out what the recorder still holds, so the last exchanges survive a clean stop.
async fn flush_records(shared: &Arc<Shared>) {
    if shared.recorder.is_some() {
        let shared = shared.clone();
        let _ = tokio::task::spawn_blocking(move || {
            if let Some(r) = &shared.recorder
                && !r.flush(Duration::from_secs(5))
            {
                tracing::warn!("the recorder did not finish writing within 5 s");
            }
        })
        .await;
    }
}

/// The root service on the listener: health checks, then the guard (which forwards every
/// other method to the upstream unchanged).
#[derive(Clone)]
struct Root {
    health: HealthServer,
    guard: FeedGuard<Channel>,
}

/// The service name health checks ask about.
pub const RECOMMENDER_SERVICE: &str = "feedguard.v1.Recommender";

const HEALTH_PREFIX: &str = "/grpc.health.v1.Health/";

impl Service<http::Request<Incoming>> for Root {
    type Response = http::Response<Body>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<http::Response<Body>, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Incoming>) -> Self::Future {
        let req = req.map(Body::new);
        if req.uri().path().starts_with(HEALTH_PREFIX) {
            let mut h = self.health.clone();
            Box::pin(async move {
                let r: Result<_, Infallible> = h.call(req).await;
                r.map_err(Into::into)
            })
        } else {
            self.guard.call(req)
        }
    }
}

/// Binds the listeners and starts the proxy in the background.
pub async fn start(
    config: ProxyConfig,
    policy: Arc<PolicyHandle>,
    hasher: IdHasher,
    clock: Arc<dyn Clock>,
) -> Result<ProxyHandle, ServeError> {
    if config.workers > MAX_WORKERS {
        return Err(ServeError::TooManyWorkers(config.workers));
    }
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.listen,
        source,
    })?;
    let admin = match config.admin {
        Some(a) => Some(
            TcpListener::bind(a)
                .await
                .map_err(|source| ServeError::Bind { addr: a, source })?,
        ),
        None => None,
    };
    let admin_addr = admin.as_ref().and_then(|l| l.local_addr().ok());
    let endpoint = Endpoint::from_shared(config.upstream.clone())
        .map_err(|source| ServeError::Upstream {
            url: config.upstream.clone(),
            source,
        })?
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5));

    let mut shared = Shared::new(policy.clone(), hasher, config.limits.clone(), clock);
    if let Some(rc) = &config.record {
        shared.recorder = Some(crate::replay::record::Recorder::start(
            rc.clone(),
            shared.metrics.clone(),
        )?);
    }
    let shared = Arc::new(shared);
    let (shutdown, shutdown_rx) = watch::channel(false);
    let reporter = tonic_health::server::HealthReporter::new();
    reporter
        .set_service_status(RECOMMENDER_SERVICE, tonic_health::ServingStatus::Serving)
        .await;
    let health = tonic_health::pb::health_server::HealthServer::new(
        tonic_health::server::HealthService::from_health_reporter(reporter.clone()),
    );
    let mut workers = Vec::with_capacity(config.workers);
    for index in 0..config.workers {
        let (e, h, s) = (endpoint.clone(), health.clone(), shared.clone());
        let w = Worker::start(index, e, h, s, config.drain_timeout).await;
        workers.push(w.map_err(|source| ServeError::Worker { index, source })?);
    }
    let root = Root {
        health,
        guard: FeedGuardLayer::new(shared.clone()).layer(endpoint.connect_lazy()),
    };
    let dispatch = Dispatch {
        root,
        workers,
        next: 0,
        http2: http2_builder(),
        graceful: GracefulShutdown::new(),
        reporter,
        metrics: shared.metrics.clone(),
    };
    let task = tokio::spawn(run(
        config,
        listener,
        admin,
        dispatch,
        shared.clone(),
        policy,
        shutdown_rx,
    ));
    Ok(ProxyHandle {
        addr,
        admin_addr,
        shared,
        shutdown,
        task,
    })
}

/// A connection worker: a thread running a single-threaded runtime with its own copy of the
/// service and its own upstream channel. A call's tasks (the client connection, the guard, the
/// upstream connection) then wake each other on one thread, where a work-stealing runtime
/// wakes a second worker for most hand-offs (futex and eventfd calls on every request).
struct Worker {
    /// Its number in thread names and the connections gauge.
    index: usize,
    conns: tokio::sync::mpsc::Sender<std::net::TcpStream>,
    thread: std::thread::JoinHandle<()>,
}

/// Accepted connections a worker may have queued. When every worker's queue is full the
/// accept loop waits, so stalled workers hold back new connections rather than pile them up.
const WORKER_QUEUE: usize = 256;

/// More connection workers than this is a configuration mistake, not a tuning choice.
pub const MAX_WORKERS: usize = 1024;

/// One connection worker per CPU: what `feedguard serve` runs unless told otherwise.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WORKERS))
}

type HealthServer =
    tonic_health::pb::health_server::HealthServer<tonic_health::server::HealthService>;

impl Worker {
    /// Starts the thread and returns once its runtime is up (or could not be built).
    async fn start(
        index: usize,
        endpoint: Endpoint,
        health: HealthServer,
        shared: Arc<Shared>,
        drain_timeout: Duration,
    ) -> std::io::Result<Worker> {
        let (conns, mut rx) = tokio::sync::mpsc::channel::<std::net::TcpStream>(WORKER_QUEUE);
        let (up, is_up) = tokio::sync::oneshot::channel();
        // At zero from the start: an idle worker is what uneven load looks like.
        shared.metrics.track_connections(&index.to_string());
        let thread = std::thread::Builder::new()
            .name(format!("feedguard-worker-{index}"))
            .spawn(move || {
                // Built here, not by the caller: a runtime dropped inside the caller's async
                // context (if this thread could not start) panics.
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = up.send(Err(e));
                        return;
                    }
                };
                let _ = up.send(Ok(()));
                rt.block_on(async move {
                    let (metrics, label) = (shared.metrics.clone(), index.to_string());
                    // The channel's connection task must live on this runtime.
                    let root = Root {
                        health,
                        guard: FeedGuardLayer::new(shared).layer(endpoint.connect_lazy()),
                    };
                    let graceful = GracefulShutdown::new();
                    let http2 = http2_builder();
                    // Ends when the accept loop closes the queue at shutdown, after every
                    // connection queued before it: each is served, then told to go away.
                    while let Some(conn) = rx.recv().await {
                        match tokio::net::TcpStream::from_std(conn) {
                            Ok(s) => adopt(s, &label, &http2, &graceful, &root, &metrics),
                            Err(e) => tracing::debug!(error = %e, "cannot adopt a connection"),
                        }
                    }
                    drain(graceful, drain_timeout).await;
                })
            })?;
        match is_up.await {
            Ok(Ok(())) => Ok(Worker {
                index,
                conns,
                thread,
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(std::io::Error::other("the worker thread ended at start")),
        }
    }
}

/// Where accepted connections go: round robin over the workers, or the caller's runtime when
/// there are none (or a worker has gone), with what serving them there takes.
struct Dispatch {
    root: Root,
    workers: Vec<Worker>,
    next: usize,
    http2: hyper::server::conn::http2::Builder<TokioExecutor>,
    /// Connections served on the caller's runtime; each worker drains its own.
    graceful: GracefulShutdown,
    reporter: tonic_health::server::HealthReporter,
    metrics: Arc<metrics::Metrics>,
}

impl Dispatch {
    /// Hands `stream` to the next worker with room in its queue (see [`place`]), or serves
    /// it here when no worker is left. At shutdown a connection no queue would take is
    /// dropped.
    async fn hand_off(
        &mut self,
        stream: tokio::net::TcpStream,
        shutdown: &mut watch::Receiver<bool>,
    ) {
        if self.workers.is_empty() {
            return self.adopt_here(stream);
        }
        let mut conn = match stream.into_std() {
            Ok(c) => c,
            Err(e) => {
                tracing::debug!(error = %e, "cannot hand off a connection");
                return;
            }
        };
        while !self.workers.is_empty() {
            let workers = &self.workers;
            match place(
                workers.len(),
                |i| &workers[i].conns,
                self.next,
                conn,
                shutdown,
            )
            .await
            {
                Placed::Sent(i) => {
                    self.next = i + 1;
                    return;
                }
                Placed::Shutdown => return,
                Placed::Closed(i, c) => {
                    conn = c;
                    self.lost_worker(i);
                }
            }
        }
        match tokio::net::TcpStream::from_std(conn) {
            Ok(s) => self.adopt_here(s),
            Err(e) => tracing::debug!(error = %e, "cannot adopt a connection"),
        }
    }

    fn adopt_here(&self, stream: tokio::net::TcpStream) {
        let (http2, graceful) = (&self.http2, &self.graceful);
        adopt(stream, "shared", http2, graceful, &self.root, &self.metrics);
    }

    /// A worker's queue closes before shutdown only when its thread has ended: a panic.
    fn lost_worker(&mut self, i: usize) {
        let w = self.workers.swap_remove(i);
        tracing::error!(
            worker = w.index,
            left = self.workers.len(),
            "connection worker stopped; its share goes to the workers left, or is served on the accepting runtime if none is"
        );
        // Joined off this thread: a runtime being dropped can wait on its blocking tasks.
        tokio::task::spawn_blocking(move || join_workers(vec![w.thread]));
    }
}

/// Where [`place`] put an item.
#[derive(Debug)]
enum Placed<T> {
    Sent(usize),
    /// This queue's receiver is gone; the item comes back.
    Closed(usize, T),
    Shutdown,
}

/// Puts `item` on the first of `n` queues, from `start` round, with room. When every queue
/// is full, waits for whichever frees first, so one stalled worker holds back only its own
/// share; gives up when `shutdown` is (or becomes) true.
async fn place<'q, T>(
    n: usize,
    queue: impl Fn(usize) -> &'q tokio::sync::mpsc::Sender<T>,
    start: usize,
    mut item: T,
    shutdown: &mut watch::Receiver<bool>,
) -> Placed<T>
where
    T: 'q,
{
    use tokio::sync::mpsc::error::TrySendError;
    for k in 0..n {
        let i = (start + k) % n;
        match queue(i).try_send(item) {
            Ok(()) => return Placed::Sent(i),
            Err(TrySendError::Full(c)) => item = c,
            Err(TrySendError::Closed(c)) => return Placed::Closed(i, c),
        }
    }
    let room = futures_util::future::select_all((0..n).map(|i| Box::pin(queue(i).reserve())));
    tokio::select! {
        biased;
        // `wait_for`, not `changed`: the accept loop watches the same receiver, and
        // `changed` would mark the shutdown seen and hide it from the loop.
        _ = shutdown.wait_for(|&stop| stop) => Placed::Shutdown,
        (permit, i, _) = room => match permit {
            Ok(permit) => {
                permit.send(item);
                Placed::Sent(i)
            }
            Err(_) => Placed::Closed(i, item),
        },
    }
}

/// Serves an accepted connection on the current runtime, counted under `label` while it
/// lasts.
fn adopt(
    stream: tokio::net::TcpStream,
    label: &str,
    http2: &hyper::server::conn::http2::Builder<TokioExecutor>,
    graceful: &GracefulShutdown,
    root: &Root,
    metrics: &metrics::Metrics,
) {
    let open = metrics.open_connection(label);
    let conn = http2.serve_connection(TokioIo::new(stream), TowerToHyperService::new(root.clone()));
    let conn = graceful.watch(conn);
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            tracing::debug!(error = %e, "connection ended with an error");
        }
        drop(open);
    });
}

/// Joins worker threads, logging any that panicked.
fn join_workers(threads: Vec<std::thread::JoinHandle<()>>) {
    for t in threads {
        if t.join().is_err() {
            tracing::error!("a connection worker panicked");
        }
    }
}

fn http2_builder() -> hyper::server::conn::http2::Builder<TokioExecutor> {
    let mut http2 = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
    http2.max_concurrent_streams(1024);
    http2
}

async fn drain(graceful: GracefulShutdown, timeout: Duration) {
    if tokio::time::timeout(timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("drain timeout reached; closing remaining connections");
    }
}

async fn run(
    config: ProxyConfig,
    listener: TcpListener,
    admin: Option<TcpListener>,
    mut dispatch: Dispatch,
    shared: Arc<Shared>,
    policy: Arc<PolicyHandle>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut background = tokio::task::JoinSet::new();
    if let Some(admin) = admin {
        background.spawn(serve_admin(admin, shared.clone()));
    }
    if let Some(every) = config.reload_every {
        background.spawn(policy.clone().watch(shared.metrics.clone(), every));
    }
    // Registered before the first accept, so a SIGHUP sent once the port answers reloads the
    // policy instead of meeting the default action (termination).
    background.spawn(reload_on_sighup(policy.clone(), shared.clone()));
    let sweeper = shared.clone();
    background.spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            sweeper.sessions.sweep(sweeper.clock.now_ms());
        }
    });

    loop {
        let stream = tokio::select! {
            biased;
            // `wait_for`, not `changed`: a hand-off waiting on full queues watches the same
            // receiver, and either must see a shutdown the other saw first.
            _ = shutdown.wait_for(|&stop| stop) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
        };
        let _ = stream.set_nodelay(true);
        dispatch.hand_off(stream, &mut shutdown).await;
    }
    drop(listener);
    let reporter = &dispatch.reporter;
    reporter
        .set_service_status(RECOMMENDER_SERVICE, tonic_health::ServingStatus::NotServing)
        .await;
    reporter
        .set_service_status("", tonic_health::ServingStatus::NotServing)
        .await;
    tracing::info!("shutting down: draining in-flight calls");
    // Closing a worker's queue is its signal to drain: it serves what was queued, then sends
    // every connection a GOAWAY and waits for their calls, with the same timeout as here.
    let threads: Vec<_> = dispatch.workers.into_iter().map(|w| w.thread).collect();
    drain(dispatch.graceful, config.drain_timeout).await;
    let _ = tokio::task::spawn_blocking(move || join_workers(threads)).await;
    background.abort_all();
}

#[cfg(unix)]
fn reload_on_sighup(
    policy: Arc<PolicyHandle>,
    shared: Arc<Shared>,
) -> impl std::future::Future<Output = ()> + Send {
    use tokio::signal::unix::{SignalKind, signal};
    let hup = signal(SignalKind::hangup());
    async move {
        let Ok(mut hup) = hup else {
            tracing::warn!("no SIGHUP handler: the policy reloads on file change only");
            return;
        };
        while hup.recv().await.is_some() {
            policy.reload_logged(&shared.metrics, "sighup");
        }
    }
}

#[cfg(not(unix))]
fn reload_on_sighup(
    _: Arc<PolicyHandle>,
    _: Arc<Shared>,
) -> impl std::future::Future<Output = ()> + Send {
    std::future::ready(())
}

/// The admin port: Prometheus metrics and liveness/readiness, over HTTP/1.1.
async fn serve_admin(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req: http::Request<Incoming>| {
                let shared = shared.clone();
                async move {
                    let (status, body) = match req.uri().path() {
                        "/metrics" => {
                            let memo = shared.policy.current().memo.stats();
                            (200, shared.metrics.render(shared.sessions.len(), memo))
                        }
                        "/healthz" => (200, "ok\n".to_owned()),
                        "/readyz" => {
                            let p = shared.policy.current();
                            (
                                200,
                                format!("ready: policy {} version {}\n", p.id, p.version),
                            )
                        }
                        _ => (
                            404,
                            "not found: try /metrics, /healthz or /readyz\n".to_owned(),
                        ),
                    };
                    let mut resp =
                        http::Response::new(http_body_util::Full::new(bytes::Bytes::from(body)));
                    *resp.status_mut() =
                        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
                    resp.headers_mut().insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static("text/plain; version=0.0.4"),
                    );
                    Ok::<_, Infallible>(resp)
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

/// Resolves when SIGTERM or ctrl-c arrives.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Runs until `stop` resolves, then shuts down gracefully.
pub async fn serve_until(handle: ProxyHandle, stop: impl Future<Output = ()>) {
    stop.await;
    handle.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::mpsc;

    fn queues(n: usize) -> (Vec<mpsc::Sender<u32>>, Vec<mpsc::Receiver<u32>>) {
        (0..n).map(|_| mpsc::channel(1)).unzip()
    }

    #[tokio::test]
    async fn place_goes_round_from_start_and_skips_full_queues() {
        let (tx, mut rx) = queues(3);
        let (_stop, mut shutdown) = watch::channel(false);
        let r = place(3, |i| &tx[i], 1, 7, &mut shutdown).await;
        assert!(matches!(r, Placed::Sent(1)), "{r:?}");
        // Queue 1 is full now: the next item from 1 goes to 2, then round to 0.
        let r = place(3, |i| &tx[i], 1, 8, &mut shutdown).await;
        assert!(matches!(r, Placed::Sent(2)), "{r:?}");
        let r = place(3, |i| &tx[i], 1, 9, &mut shutdown).await;
        assert!(matches!(r, Placed::Sent(0)), "{r:?}");
        assert_eq!(
            [rx[0].try_recv(), rx[1].try_recv(), rx[2].try_recv()],
            [Ok(9), Ok(7), Ok(8)]
        );
    }

    #[tokio::test]
    async fn with_every_queue_full_place_takes_the_first_to_free() {
        let (tx, mut rx) = queues(3);
        let (_stop, mut shutdown) = watch::channel(false);
        for (i, q) in tx.iter().enumerate() {
            q.try_send(i as u32).unwrap();
        }
        let mut last = rx.pop().unwrap();
        let freed = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let first = last.recv().await;
            (first, last.recv().await)
        });
        // Start at 0: a wait on queue 0 alone would never end.
        let r = place(3, |i| &tx[i], 0, 99, &mut shutdown).await;
        assert!(matches!(r, Placed::Sent(2)), "{r:?}");
        drop(tx);
        assert_eq!(freed.await.unwrap(), (Some(2), Some(99)));
        assert_eq!(rx[0].try_recv(), Ok(0));
    }

    #[tokio::test]
    async fn a_shutdown_ends_the_wait_and_a_later_hand_off_gives_up_at_once() {
        let (tx, _rx) = queues(2);
        for q in &tx {
            q.try_send(0).unwrap();
        }
        let (stop, mut shutdown) = watch::channel(false);
        let stopper = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            stop.send(true).unwrap();
            stop
        });
        let r = place(2, |i| &tx[i], 0, 5, &mut shutdown).await;
        assert!(matches!(r, Placed::Shutdown), "{r:?}");
        let _stop = stopper.await.unwrap();
        // The shutdown has been seen on this receiver now; a wait must not miss it.
        let later = place(2, |i| &tx[i], 0, 6, &mut shutdown);
        let r = tokio::time::timeout(Duration::from_secs(5), later).await;
        assert!(matches!(r, Ok(Placed::Shutdown)), "{r:?}");
    }

    #[tokio::test]
    async fn a_closed_queue_gives_the_item_back() {
        let (tx, mut rx) = queues(2);
        drop(rx.remove(0));
        let (_stop, mut shutdown) = watch::channel(false);
        let r = place(2, |i| &tx[i], 0, 4, &mut shutdown).await;
        assert!(matches!(r, Placed::Closed(0, 4)), "{r:?}");
    }
}
