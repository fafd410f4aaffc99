//! Hot reload: a good file replaces the policy; a bad one is refused and the old one serves on.

use std::sync::Arc;
use std::time::Duration;

use feedguard::proxy::{Limits, PolicyHandle};

use crate::support::*;

async fn wait_for(mut cond: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if cond() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn file_change_reloads_and_a_bad_file_keeps_the_old_policy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, policy_text_with(&[])).unwrap();
    let handle = Arc::new(PolicyHandle::from_file(&path).unwrap());
    let up = sample_upstream().await;
    let p = start_proxy_with(up, handle.clone(), Limits::default(), midday()).await;
    let mut c = client(p.addr()).await;
    let version = |c: &mut feedguard::pb::recommender_client::RecommenderClient<_>| {
        let mut c = c.clone();
        async move {
            c.get_feed(request("r", Some(14)))
                .await
                .unwrap()
                .into_inner()
                .decision
                .unwrap()
                .policy_version
        }
    };
    assert_eq!(version(&mut c).await, "2026-11-24.2");

    // A good change is picked up by the file watcher.
    std::fs::write(
        &path,
        policy_text_with(&[("version = \"2026-11-24.2\"", "version = \"v2\"")]),
    )
    .unwrap();
    assert!(
        wait_for(|| &*handle.current().version == "v2").await,
        "good policy not reloaded"
    );
    assert_eq!(version(&mut c).await, "v2");

    // A bad change (unknown key) is refused; v2 keeps serving.
    std::fs::write(
        &path,
        policy_text_with(&[(
            "version = \"2026-11-24.2\"",
            "version = \"v3\"\nsurprise = true",
        )]),
    )
    .unwrap();
    let m = p.metrics();
    assert!(
        wait_for(|| m.get(feedguard::proxy::metrics::RELOADS, &[("result", "refused")]) == 1).await
    );
    assert_eq!(version(&mut c).await, "v2");
    assert!(handle.reload().is_err());
    assert_eq!(&*handle.current().version, "v2");
}

#[cfg(unix)]
#[tokio::test]
async fn sighup_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, policy_text_with(&[])).unwrap();
    let handle = Arc::new(PolicyHandle::from_file(&path).unwrap());
    let up = sample_upstream().await;
    let mut config =
        feedguard::proxy::ProxyConfig::new("127.0.0.1:0".parse().unwrap(), format!("http://{up}"));
    config.reload_every = None;
    let p = feedguard::proxy::start(
        config,
        handle.clone(),
        feedguard::audit::IdHasher::random(),
        Arc::new(feedguard::proxy::SystemClock),
    )
    .await
    .unwrap();
    std::fs::write(
        &path,
        policy_text_with(&[("version = \"2026-11-24.2\"", "version = \"hup\"")]),
    )
    .unwrap();
    // Give the signal listener a moment to be installed, then raise SIGHUP in this process.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let status = std::process::Command::new("kill")
        .args(["-HUP", &std::process::id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        wait_for(|| &*handle.current().version == "hup").await,
        "SIGHUP did not reload"
    );
    p.shutdown().await;
}
