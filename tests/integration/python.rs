//! A real non-Rust gRPC client (Python grpcio) against the proxy. `.ci/run` makes the virtualenv;
//! on a machine without it, this test makes one under target/ (PyPI must be reachable).

use std::path::PathBuf;
use std::process::Command;

use feedguard::policy::Policy;

use crate::support::*;

fn python() -> PathBuf {
    if let Ok(p) = std::env::var("FEEDGUARD_PYTHON") {
        return p.into();
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/pyenv");
    let py = venv.join("bin/python");
    if !py.exists() {
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "python3 -m venv failed: install python3-venv, or run .ci/run"
        );
    }
    let ok = Command::new(&py)
        .args([
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "grpcio==1.*",
            "grpcio-tools==1.*",
            "grpcio-health-checking==1.*",
        ])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "pip install grpcio failed");
    py
}

#[tokio::test]
async fn python_grpcio_client_through_the_proxy() {
    let up = sample_upstream().await;
    let p = start_proxy(up, Policy::default_policy()).await;
    let py = python();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/feed_client.py");
    let addr = p.addr().to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(py).arg(script).arg(addr).output().unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "python client failed: {stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    assert_eq!(v["health"], "SERVING");
    assert_eq!(v["child"]["age_band"], "13_15");
    assert_eq!(v["child"]["sample_profile_fields"], "explicit_interests");
    assert_eq!(v["child"]["autoplay_next"], false);
    assert_eq!(v["child"]["nudge_count"], 0);
    let blocked: u64 = v["child"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a[1] == "block")
        .map(|a| a[3].as_u64().unwrap())
        .sum();
    assert!(blocked > 0, "{v}");
    assert_eq!(
        v["adult"]["has_decision"], false,
        "adult response passed through untouched"
    );
    assert_eq!(v["adult"]["item_count"], 20);
    assert_eq!(v["stream"]["age_band"], "13_15");
    assert!(v["stream"]["item_messages"].as_u64().unwrap() > 0);
    assert_eq!(v["feedback_error"]["code"], "INVALID_ARGUMENT");
    assert_eq!(v["garbage_error"], "INVALID_ARGUMENT");
}
