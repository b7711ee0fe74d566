//! Shared by the command-line tests: running the built binary, the reference cases, and an
//! exact reader of the numbers the human formats print with the chain check applied to them.
//! Nothing here calls the tool's library: the checks read only its output.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use num_bigint::BigUint;
use serde_json::Value;

pub fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/cases")
}

/// Every reference case with a run (case 34 has none), by file name.
pub fn run_cases() -> Vec<(String, Value)> {
    let mut cases: Vec<(String, Value)> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let case: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, case)
        })
        .filter(|(_, c)| c.get("config").and_then(|c| c.get("layers")).is_some())
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(cases.len(), 13, "the run cases");
    cases
}

/// Whether the case's network has one unit per layer.
pub fn width_one(case: &Value) -> bool {
    case["config"]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w.as_u64() == Some(1))
}

/// `gradscope ARGS`, with `stdin` piped in if given.
pub fn gradscope(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradscope"));
    cmd.args(args);
    match stdin {
        None => cmd.output().unwrap(),
        Some(text) => {
            use std::io::Write;
            cmd.stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
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

/// The standard output of a run that must succeed.
pub fn stdout_of(args: &[&str], stdin: Option<&str>) -> String {
    let out = gradscope(args, stdin);
    assert!(
        out.status.success(),
        "gradscope {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The case's rtol for the gradients at step t (1e-9 unless it loosens them).
pub fn grads_rtol(case: &Value, t: u64) -> f64 {
    let Some(segments) = case["tolerance"]["fields"]["grads"].as_array() else {
        return 1e-9;
    };
    segments
        .iter()
        .map(|s| s.as_array().unwrap())
        .find(|s| (s[0].as_u64().unwrap()..=s[1].as_u64().unwrap()).contains(&t))
        .and_then(|s| s[2].as_f64())
        .unwrap_or(1e-9)
}

/// A temporary file holding `text`, removed when dropped.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(name: &str, text: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("gradscope-cli-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A printed decimal `±mantissa · 10^exp` exactly as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Dec {
    pub negative: bool,
    pub mantissa: BigUint,
    pub exp: i64,
}

impl Dec {
    pub fn is_zero(&self) -> bool {
        self.mantissa == BigUint::from(0u32)
    }

    /// The decimal exponent of the first significant digit.
    pub fn lead_exp(&self) -> i64 {
        self.mantissa.to_str_radix(10).len() as i64 - 1 + self.exp
    }

    /// Its value as the nearest float64 (for tolerance comparisons, not for the check).
    pub fn to_f64(&self) -> f64 {
        let s = format!(
            "{}{}e{}",
            if self.negative { "-" } else { "" },
            self.mantissa,
            self.exp
        );
        s.parse().unwrap()
    }
}

/// Reads a number the way the table (`-1.5e-7`), Markdown (`-1.5 × 10⁻⁷`) or LaTeX
/// (`-1.5 \times 10^{-7}`) writes it, with optional parentheses. None for anything else.
pub fn parse_dec(text: &str) -> Option<Dec> {
    let t = text.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(t);
    let (mant, exp10): (&str, i64) = if let Some((m, e)) = t.split_once(" × 10") {
        let e: String = e
            .chars()
            .map(|c| match c {
                '⁻' => Some('-'),
                c => "⁰¹²³⁴⁵⁶⁷⁸⁹"
                    .chars()
                    .position(|s| s == c)
                    .map(|d| char::from(b'0' + d as u8)),
            })
            .collect::<Option<String>>()?;
        (m, e.parse().ok()?)
    } else if let Some((m, e)) = t.split_once(r" \times 10^{") {
        (m, e.strip_suffix('}')?.parse().ok()?)
    } else if let Some((m, e)) = t.split_once('e') {
        (m, e.parse().ok()?)
    } else {
        (t, 0)
    };
    let (negative, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    Some(Dec {
        negative,
        mantissa: digits.parse().ok()?,
        exp: exp10 - frac.len() as i64,
    })
}

/// `m · 10^k` for k ≥ 0.
fn times_ten(m: BigUint, k: i64) -> BigUint {
    m * BigUint::from(10u32).pow(k as u32)
}

/// The interval of a printed nonzero number at `sig` digits, as `(2a − 1, 2a + 1, q)`: it is
/// [(2a − 1)·10^q / 2, (2a + 1)·10^q / 2] with q the exponent of its last significant place.
fn interval(d: &Dec, sig: usize) -> (BigUint, BigUint, i64) {
    let q = d.lead_exp() - sig as i64 + 1;
    assert!(d.exp >= q, "{d:?} has more than {sig} significant digits");
    let a = times_ten(d.mantissa.clone(), d.exp - q);
    let two_a = a * 2u32;
    (two_a.clone() - 1u32, two_a + 1u32, q)
}

/// The chain check of `crate/cli/src/chain.rs`, from the printed text: a zero factor gives a
/// zero result; otherwise the product of the factors' rounding intervals meets the result's.
pub fn chain_consistent(factors: &[Dec], result: &Dec, sig: usize) -> bool {
    if factors.iter().any(Dec::is_zero) {
        return result.is_zero();
    }
    if result.is_zero() {
        return false;
    }
    let negative = factors.iter().filter(|f| f.negative).count() % 2 == 1;
    if negative != result.negative {
        return false;
    }
    // ∏ [(2aⱼ ∓ 1)·10^qⱼ / 2] against [(2A ∓ 1)·10^Q / 2], cleared of the powers of 2 and 10.
    let (mut lo, mut hi, mut q) = (BigUint::from(1u32), BigUint::from(1u32), 0i64);
    for f in factors {
        let (l, h, qf) = interval(f, sig);
        lo *= l;
        hi *= h;
        q += qf;
    }
    let (r_lo, r_hi, r_q) = interval(result, sig);
    let k = factors.len();
    let base = q.min(r_q);
    let scale = |m: BigUint, e: i64| times_ten(m, e - base);
    // lo·10^q / 2^k ≤ r_hi·10^Q / 2  ⇔  lo·10^(q−b)·2 ≤ r_hi·10^(Q−b)·2^k, and likewise for hi.
    let two_k = BigUint::from(2u32).pow(k as u32);
    let lo_ok = scale(lo, q) * 2u32 <= scale(r_hi, r_q) * two_k.clone();
    let hi_ok = scale(hi, q) * 2u32 >= scale(r_lo, r_q) * two_k;
    lo_ok && hi_ok
}

/// The literal product of the printed factors, rounded to `sig` digits, equals the printed
/// result (the stricter reading the chain check deliberately does not promise).
pub fn literal_product_rounds_to(factors: &[Dec], result: &Dec, sig: usize) -> bool {
    if factors.iter().any(Dec::is_zero) {
        return result.is_zero();
    }
    let mut m = BigUint::from(1u32);
    let mut e = 0;
    let mut negative = false;
    for f in factors {
        m *= f.mantissa.clone();
        e += f.exp;
        negative ^= f.negative;
    }
    let text = m.to_str_radix(10);
    let (kept, rest) = text.split_at(text.len().min(sig));
    let mut kept: BigUint = kept.parse().unwrap();
    let exp = e + rest.len() as i64;
    let rest = rest.as_bytes();
    if let Some(&first) = rest.first() {
        let tie = first == b'5' && rest[1..].iter().all(|&b| b == b'0');
        let odd = kept.bit(0);
        if first > b'5' || (first == b'5' && !tie) || (tie && odd) {
            kept += 1u32;
        }
    }
    let (rounded, exp) = (kept, exp);
    // Compare values: rounded·10^exp against the result's mantissa·10^exp.
    let base = exp.min(result.exp);
    negative == result.negative
        && times_ten(rounded, exp - base) == times_ten(result.mantissa.clone(), result.exp - base)
}

#[test]
fn the_check_accepts_what_rounding_allows_and_nothing_more() {
    let d = |s: &str| parse_dec(s).unwrap();
    // 1.5 · 1.5 = 2.25 (2.2 at two digits, ties to even); the factors may be 1.45 … 1.55, so
    // the product 2.1025 … 2.4025: a printed 2.4 is possible, 2.5 is not.
    assert!(chain_consistent(&[d("1.5"), d("1.5")], &d("2.2"), 2));
    assert!(chain_consistent(&[d("1.5"), d("1.5")], &d("2.4"), 2));
    assert!(!chain_consistent(&[d("1.5"), d("1.5")], &d("2.5"), 2));
    assert!(!chain_consistent(&[d("1.5"), d("1.5")], &d("2"), 2));
    assert!(!chain_consistent(&[d("1.5"), d("1.5")], &d("-2.2"), 2));
    // Factors 1.04 and 1.04 (3 digits) may be 1.035 … 1.045: product 1.071 … 1.092, so a
    // printed 1.09 is consistent although 1.04² = 1.0816 → 1.08 literally.
    assert!(chain_consistent(&[d("1.04"), d("1.04")], &d("1.09"), 3));
    assert!(!literal_product_rounds_to(
        &[d("1.04"), d("1.04")],
        &d("1.09"),
        3
    ));
    assert!(literal_product_rounds_to(
        &[d("1.04"), d("1.04")],
        &d("1.08"),
        3
    ));
    assert!(!chain_consistent(&[d("1.04"), d("1.04")], &d("1.1"), 3));
    // A zero factor needs a zero result, and only then.
    assert!(chain_consistent(&[d("0"), d("5e300")], &d("0"), 10));
    assert!(!chain_consistent(&[d("0"), d("5e300")], &d("1e-300"), 10));
    assert!(!chain_consistent(&[d("2"), d("3")], &d("0"), 10));
    // The other spellings.
    assert_eq!(d("-1.5 × 10⁻⁷"), d("-1.5e-7"));
    assert_eq!(d(r"(-1.5 \times 10^{-7})"), d("-0.00000015"));
    assert!(parse_dec("inf").is_none() && parse_dec("NaN").is_none());
}
