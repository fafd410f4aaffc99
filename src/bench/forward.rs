//! The byte-forwarding baseline of `feedguard bench`: the same hyper HTTP/2 server and tonic
//! channel feedguard uses, with nothing in between. What feedguard adds over this hop is the
//! cost of applying the policy; what this hop adds over a direct call is the cost of any proxy.

use std::convert::Infallible;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tonic::body::Body;
use tonic::transport::Endpoint;
use tower::ServiceExt;

/// Forwards every call on `listener` to `upstream` (`http://host:port`) unread, until the
/// future is dropped.
pub async fn serve(listener: TcpListener, upstream: String) -> anyhow::Result<()> {
    let channel = Endpoint::from_shared(upstream)?
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5))
        .connect_lazy();
    let mut http2 = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
    http2.max_concurrent_streams(1024);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of descriptors, say: wait rather than spin on the cores being measured.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let channel = channel.clone();
        let svc = hyper::service::service_fn(move |req: http::Request<Incoming>| {
            let channel = channel.clone();
            async move {
                let resp = match channel.oneshot(req.map(Body::new)).await {
                    Ok(r) => r.map(Body::new),
                    Err(e) => tonic::Status::unavailable(e.to_string()).into_http(),
                };
                Ok::<_, Infallible>(resp)
            }
        });
        let conn = http2.serve_connection(TokioIo::new(stream), svc);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
}
