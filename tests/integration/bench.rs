//! `feedguard bench` end to end: it starts the sample upstream, feedguard and the forwarding
//! hop as processes, loads them over gRPC, and reports. These tests check the report's shape
//! and the exit codes, never the timings.

use std::process::Command;

fn bench(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_feedguard"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("bench")
        .args([
            "--warmup",
            "0s",
            "--rounds",
            "1",
            "--sessions",
            "20",
            "--connections",
            "1",
        ])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_short_run_reports_every_target_at_every_concurrency() {
    let out = bench(&["--duration", "1s", "--concurrency", "1,2", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = r["rows"].as_array().unwrap();
    for c in [1, 2] {
        for t in ["direct", "forward", "feedguard"] {
            let row = rows
                .iter()
                .find(|x| x["target"] == t && x["concurrency"] == c)
                .unwrap_or_else(|| panic!("no row for {t} at {c}: {r}"));
            assert!(row["requests"].as_u64().unwrap() > 0, "{row}");
            assert_eq!(row["errors"], 0, "{row}");
            let p = |k: &str| row[k].as_u64().unwrap();
            assert!(
                p("p50_us") <= p("p90_us")
                    && p("p90_us") <= p("p99_us")
                    && p("p99_us") <= p("p999_us")
            );
            assert!(p("p999_us") <= p("max_us"));
        }
        let fg = rows
            .iter()
            .find(|x| x["target"] == "feedguard" && x["concurrency"] == c)
            .unwrap();
        // The run started feedguard itself, so it can read its CPU time.
        assert!(fg["cpu_seconds_per_1k"].is_number(), "{fg}");
        for versus in ["direct", "forward"] {
            assert!(
                r["added"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a["versus"] == versus && a["concurrency"] == c),
                "no added latency against {versus} at {c}"
            );
        }
    }
    assert_eq!(r["budget_failures"].as_array().unwrap().len(), 0);
}

#[test]
fn an_impossible_budget_fails_the_run() {
    let out = bench(&[
        "--duration",
        "300ms",
        "--concurrency",
        "1",
        "--no-forward",
        "--budget-p99",
        "1ns",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("OVER BUDGET") && table.contains("feedguard p99"),
        "{table}"
    );
    assert!(
        table.contains("req/s") && table.contains("p99.9"),
        "{table}"
    );
}

#[test]
fn a_streaming_fixed_rate_run_works_and_bad_options_are_refused() {
    let out = bench(&[
        "--duration",
        "500ms",
        "--concurrency",
        "4",
        "--call",
        "stream",
        "--rate",
        "200",
        "--no-forward",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["config"]["call"], "stream");
    assert_eq!(r["config"]["rate"], 200.0);
    // A fixed rate of 200/s for half a second: about 100 requests per target, whatever the
    // latency (a slow target shows it as latency, not as fewer requests).
    for row in r["rows"].as_array().unwrap() {
        let n = row["requests"].as_u64().unwrap();
        assert!((90..=101).contains(&n), "{row}");
    }
    let out = bench(&["--duration", "ten seconds"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a number with a unit"));
    for (args, says) in [
        (&["--concurrency", "0"][..], "at least 1"),
        (&["--duration", "0s"][..], "long enough"),
        (&["--rate", "0"][..], "--rate must be"),
    ] {
        let out = bench(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{args:?}"
        );
    }
}
