//! `gradscope trace` on the reference cases, compared under the cases' tolerance rule, and on
//! bad configurations, which must exit with status 2 and name the field.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

#[path = "../../core/tests/support/case_json.rs"]
mod case_json;
use case_json::{check, num, nums, rtol};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/cases")
}

fn gradscope(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradscope"));
    cmd.args(args);
    match stdin {
        None => cmd.output().unwrap(),
        Some(text) => {
            use std::io::Write;
            cmd.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        }
    }
}

#[test]
fn traces_match_every_reference_case() {
    let mut checked = 0;
    for entry in std::fs::read_dir(cases_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if case.get("config").and_then(|c| c.get("layers")).is_none() {
            continue; // case 34 has no run
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let out = gradscope(&["trace", path.to_str().unwrap()], None);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let want = &case["expected"];
        assert_eq!(got["param_names"], want["param_names"], "{name}");
        let (got, want) = (
            got["records"].as_array().unwrap(),
            want["records"].as_array().unwrap(),
        );
        assert_eq!(got.len(), want.len(), "{name}: records");
        for (g, w) in got.iter().zip(want) {
            let t = w["step"].as_u64().unwrap();
            assert_eq!(g["step"].as_u64(), Some(t));
            for f in ["loss", "grad_norm", "clip_scale"] {
                if let Some(r) = rtol(&case["tolerance"], f, t) {
                    check(&name, f, t, &[num(&g[f])], &[num(&w[f])], 0.0, r.max(1e-12));
                }
            }
            for f in ["params", "grads", "update"] {
                if w[f].is_null() {
                    assert!(g[f].is_null(), "{name}: {f} at the last step");
                } else if let Some(r) = rtol(&case["tolerance"], f, t) {
                    check(&name, f, t, &nums(&g[f]), &nums(&w[f]), 0.0, r);
                }
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 13, "every run case was traced");
}

#[test]
fn bad_configurations_exit_2_naming_the_field() {
    let base = r#"{"layers": [1, 1, 1], "hidden_activation": "relu",
        "weights": [[[0.5]], [[1.0]]], "biases": [[0.1], [0.0]],
        "xs": [0.5, 1.5], "ys": [0, 1], "learning_rate": 0.1, "steps": 2,
        "clip_grad_norm": null, "loss_reduction": "mean"}"#;
    assert!(gradscope(&["trace", "-"], Some(base)).status.success());
    let cases = [
        (r#""layers": [1, 1, 1]"#, r#""layers": [2, 1, 1]"#, "layers"),
        (
            r#""hidden_activation": "relu""#,
            r#""hidden_activation": "gelu""#,
            "hidden_activation",
        ),
        (
            r#""weights": [[[0.5]], [[1.0]]]"#,
            r#""weights": [[[0.5, 1]], [[1.0]]]"#,
            "weights[0][0]",
        ),
        (
            r#""biases": [[0.1], [0.0]]"#,
            r#""biases": [[0.1]]"#,
            "biases",
        ),
        (r#""ys": [0, 1]"#, r#""ys": [0, 0.5]"#, "ys[1]"),
        (r#""ys": [0, 1]"#, r#""ys": [0]"#, "ys"),
        (
            r#""learning_rate": 0.1"#,
            r#""learning_rate": "fast""#,
            "learning_rate",
        ),
        (
            r#""learning_rate": 0.1"#,
            r#""learning_rate": 0"#,
            "learning_rate",
        ),
        (r#""steps": 2"#, r#""steps": -1"#, "steps"),
        (
            r#""clip_grad_norm": null"#,
            r#""clip_grad_norm": 0"#,
            "clip_grad_norm",
        ),
        (
            r#""loss_reduction": "mean""#,
            r#""loss_reduction": "sum""#,
            "loss_reduction",
        ),
        (
            r#""xs": [0.5, 1.5]"#,
            r#""xs": [0.5, 1e999]"#,
            "not valid JSON",
        ),
    ];
    for (from, to, field) in cases {
        let config = base.replace(from, to);
        assert_ne!(config, base, "{from}");
        let out = gradscope(&["trace", "-"], Some(&config));
        assert_eq!(out.status.code(), Some(2), "{to}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "{to}: {err}");
    }
    let out = gradscope(&["trace", "/nonexistent/config.json"], None);
    assert_eq!(out.status.code(), Some(2));
    // A byte-order mark before the JSON is accepted.
    assert!(gradscope(&["trace", "-"], Some(&format!("\u{feff}{base}")))
        .status
        .success());
}

#[test]
fn the_table_writes_out_the_chain_rule() {
    let path = cases_dir().join("19_deep_relu_chain_w2_depth5.json");
    let out = gradscope(&["trace", "--table", path.to_str().unwrap()], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // Case 19 by hand: every w = 2, b5 = −32, x = 1, y = 1, so z = 2, 4, 8, 16, 0, ŷ = ½ and
    // ∂L/∂w1 = (ŷ − y)·w5·w4·w3·w2·x = −½ · 16 = −8 with every ReLU′ = 1.
    assert!(text.contains("∂Lᵢ/∂w1 = (ŷᵢ − yᵢ) · w5 · ReLU′(z4) · w4 · ReLU′(z3) · w3 · ReLU′(z2) · w2 · ReLU′(z1) · xᵢ"), "{text}");
    assert!(
        text.contains("i = 0 (x = 1, y = 1):  -0.5 · 2 · 1 · 2 · 1 · 2 · 1 · 2 · 1 · 1 = -8\n"),
        "{text}"
    );
    // ∂L/∂b4 = (ŷ − y)·w5·ReLU′(z4)·1 = −1.
    assert!(
        text.contains("i = 0 (x = 1, y = 1):  -0.5 · 2 · 1 · 1 = -1\n"),
        "{text}"
    );
    assert!(text.contains("step 0"));
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    // Case 35's table is far longer than a pipe's buffer, so the writer meets the closed pipe.
    let path = cases_dir().join("35_breast_cancer_seed_good_lr.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradscope"))
        .args(["trace", "--table", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
