//! Session state stays bounded when session ids are flooded over real gRPC.

use std::sync::Arc;

use feedguard::proxy::{Limits, PolicyHandle};

use crate::support::*;

#[tokio::test]
async fn flooding_session_ids_keeps_memory_bounded() {
    let policy = policy_with(&[("max_entries = 200000", "max_entries = 50")]);
    let up = sample_upstream().await;
    let p = start_proxy_with(
        up,
        Arc::new(PolicyHandle::fixed(policy)),
        Limits::default(),
        midday(),
    )
    .await;
    let mut c = client(p.addr()).await;
    for i in 0..400 {
        let mut req = request(&format!("flood-{i}"), Some(14));
        req.paging.as_mut().unwrap().page_size = 1;
        c.get_feed(req).await.unwrap();
        assert!(p.handle.shared.sessions.len() <= 50);
    }
    assert!(!p.handle.shared.sessions.is_empty());
    let m = reqwest_metrics(p.handle.admin_addr.unwrap()).await;
    assert!(m.contains("feedguard_sessions "), "{m}");
    // Every call got the same first page, so after the first call its items come from the
    // item memo: 399 later calls of `reads` items each. Half of that allows for items read
    // twice by calls that missed at the same moment.
    let memo = |result: &str| -> u64 {
        let prefix = format!("feedguard_item_memo_lookups_total{{result=\"{result}\"}} ");
        m.lines()
            .find_map(|l| l.strip_prefix(&prefix)?.parse().ok())
            .unwrap_or_else(|| panic!("no {prefix} in {m}"))
    };
    let (hits, reads) = (memo("hit"), memo("read"));
    assert!(
        reads >= 1 && hits >= 399 * reads / 2,
        "hits {hits}, reads {reads}"
    );
}

/// Reads the admin port's /metrics with a bare HTTP/1.1 request.
pub async fn reqwest_metrics(addr: std::net::SocketAddr) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}
