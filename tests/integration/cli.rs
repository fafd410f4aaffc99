//! The binary: check-policy explains good policies and names file, line and field for bad ones.

use std::process::Command;

fn feedguard() -> Command {
    Command::new(env!("CARGO_BIN_EXE_feedguard"))
}

#[test]
fn check_policy_accepts_the_shipped_policy() {
    let out = feedguard()
        .args(["check-policy", "policies/uk-childrens-code.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("self_harm") && s.contains("block"), "{s}");
}

#[test]
fn check_policy_names_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // (replacement, expected fragments)
        (
            (
                "ttl_seconds = 14400",
                "ttl_seconds = 14400\nttl_minutes = 3",
            ),
            vec!["unknown field `ttl_minutes`", ":39:"],
        ),
        (
            ("unknown_band = \"under_13\"", "unknown_band = \"under_12\""),
            vec!["age.unknown_band", "under_12", ":25:"],
        ),
    ];
    for ((from, to), expect) in cases {
        let path = dir.path().join("p.toml");
        std::fs::write(
            &path,
            feedguard::policy::DEFAULT_POLICY_TOML.replacen(from, to, 1),
        )
        .unwrap();
        let out = feedguard().arg("check-policy").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        for e in expect {
            assert!(err.contains(e), "expected {e:?} in:\n{err}");
        }
        assert!(err.contains("p.toml"), "{err}");
    }
}

#[test]
fn serve_refuses_a_bad_policy_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        feedguard::policy::DEFAULT_POLICY_TOML.replacen(
            "'\\b(kill|gas|deport|exterminate) (all )?(the )?(jews|muslims|gays|immigrants|migrants|blacks|refugees|trans people)\\b'",
            "'(unclosed'",
            1,
        ),
    )
    .unwrap();
    let out = feedguard()
        .args([
            "serve",
            "--upstream",
            "http://127.0.0.1:1",
            "--listen",
            "127.0.0.1:0",
            "--policy",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid regex") && err.contains("(abuse_hate).patterns[0]"),
        "{err}"
    );
}
