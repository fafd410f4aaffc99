//! Hot reload: a good file replaces the policy; a bad one is refused and the old one serves on.

use std::sync::Arc;
use std::time::Duration;

use feedguard::proxy::{Limits, PolicyHandle};

use crate::support::*;

/// Replaces the file by rename, as a deployment would: a watcher tick in the middle of an
/// in-place write would read half a file and count a refusal the test did not make.
fn replace(path: &std::path::Path, text: String) {
    let tmp = path.with_extension("toml.new");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The policy version a child's feed call reports.
async fn served_version(
    c: &mut feedguard::pb::recommender_client::RecommenderClient<tonic::transport::Channel>,
) -> String {
    c.get_feed(request("r", Some(14)))
        .await
        .unwrap()
        .into_inner()
        .decision
        .unwrap()
        .policy_version
}

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
    assert_eq!(served_version(&mut c).await, "2026-11-25.1");

    // A good change is picked up by the file watcher.
    replace(
        &path,
        policy_text_with(&[("version = \"2026-11-25.1\"", "version = \"v2\"")]),
    );
    assert!(
        wait_for(|| &*handle.current().version == "v2").await,
        "good policy not reloaded"
    );
    assert_eq!(served_version(&mut c).await, "v2");

    // A bad change (unknown key) is refused; v2 keeps serving.
    replace(
        &path,
        policy_text_with(&[(
            "version = \"2026-11-25.1\"",
            "version = \"v3\"\nsurprise = true",
        )]),
    );
    let m = p.metrics();
    assert!(
        wait_for(|| m.get(feedguard::proxy::metrics::RELOADS, &[("result", "refused")]) == 1).await
    );
    assert_eq!(served_version(&mut c).await, "v2");
    assert!(handle.reload().is_err());
    assert_eq!(&*handle.current().version, "v2");
}

// SIGHUP goes to a `serve` child process: raised in this test process it would reach every
// proxy the other tests run here, and reload their policies under them.
#[cfg(unix)]
#[tokio::test]
async fn sighup_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, policy_text_with(&[])).unwrap();
    let up = sample_upstream().await;
    let port = free_port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--upstream", &format!("http://{up}")])
        // No file watching: only the signal can reload.
        .args(["--reload-interval-secs", "0", "--policy"])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut c = connect_when_up(format!("127.0.0.1:{port}").parse().unwrap()).await;
    assert_eq!(served_version(&mut c).await, "2026-11-25.1");
    std::fs::write(
        &path,
        policy_text_with(&[("version = \"2026-11-25.1\"", "version = \"hup\"")]),
    )
    .unwrap();
    // Not reloaded without the signal (the watcher is off).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(served_version(&mut c).await, "2026-11-25.1");
    let hup = |pid: u32| {
        std::process::Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    };
    let mut reloaded = false;
    // The signal listener is installed as the server starts; re-send until it is heard.
    for _ in 0..50 {
        assert!(hup(child.id()));
        tokio::time::sleep(Duration::from_millis(100)).await;
        if served_version(&mut c).await == "hup" {
            reloaded = true;
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(reloaded, "SIGHUP did not reload");
}
