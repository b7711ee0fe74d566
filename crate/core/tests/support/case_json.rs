//! Reading the reference cases' JSON and applying their tolerance rule; shared by the core's
//! reference tests and the command-line tool's trace tests (included with `#[path]`).

use serde_json::Value;

/// A number of a case file: JSON numbers, or the strings "NaN", "Infinity", "-Infinity".
pub fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        other => panic!("not a number: {other}"),
    }
}

/// An array of such numbers.
pub fn nums(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

/// rtol for field `f` at step `t` from the case's `tolerance.fields` segments (1e-9 when the
/// field has none), or None when the case says not to compare.
pub fn rtol(tolerance: &Value, f: &str, t: u64) -> Option<f64> {
    let Some(segments) = tolerance["fields"][f].as_array() else {
        return Some(1e-9);
    };
    for seg in segments {
        let s = seg.as_array().unwrap();
        if (s[0].as_u64().unwrap()..=s[1].as_u64().unwrap()).contains(&t) {
            return s[2].as_f64();
        }
    }
    Some(1e-9)
}

/// The cases' rule: each finite expected value within `atol + rtol · max_j |e_j|` (max over the
/// finite values of the field), non-finite ones matched exactly.
pub fn check(
    case: &str,
    field: &str,
    t: u64,
    actual: &[f64],
    expected: &[f64],
    atol: f64,
    rtol: f64,
) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "{case} {field} step {t}: length"
    );
    let scale = expected
        .iter()
        .filter(|e| e.is_finite())
        .fold(0.0f64, |m, e| m.max(e.abs()));
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        if e.is_finite() {
            assert!(
                (a - e).abs() <= atol + rtol * scale,
                "{case} {field}[{i}] step {t}: got {a:e}, expected {e:e} (rtol {rtol:e})"
            );
        } else {
            assert!(
                (a.is_nan() && e.is_nan()) || a == e,
                "{case} {field}[{i}] step {t}: got {a}, expected {e}"
            );
        }
    }
}
