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

/// A reader that goes away (`feedguard replay … | head`) stops the output, not the run: the
/// report file is still written and the exit status is the run's, where `println!` panicked
/// with "failed printing to stdout" and exit status 101.
#[test]
fn a_closed_stdout_stops_the_output_not_the_run() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let mut child = feedguard()
        .args(["replay", "testdata/replay/sample.fgrec", "--report"])
        .arg(&report)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the child can have written anything: compiling the policy alone takes
    // longer than this, so every write it makes finds no reader.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(written.contains("\"exchanges\""), "{written}");
}

/// Output lost for another reason than a closed pipe (here a full device) fails the run, so
/// a cut-off report never comes with exit status 0.
#[test]
fn output_lost_to_a_full_device_fails_the_run() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = feedguard()
        .args(["check-policy", "policies/uk-childrens-code.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("cannot write to stdout"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}
