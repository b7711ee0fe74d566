//! The chain rule the human formats write, read back from their text: on every reference case,
//! for every parameter, every sample and several `--digits`, the printed factors multiply to
//! the printed result (the chain check, exactly, in big integers); the factors and results agree
//! with values derived from the cases' own forward passes; the means agree with the cases'
//! gradients.

mod support;

use serde_json::Value;
use support::{
    chain_consistent, grads_rtol, literal_product_rounds_to, parse_dec, run_cases, stdout_of,
    width_one, Dec, TempFile,
};

/// One written chain: ∂L_sample/∂param at a step.
#[derive(Debug)]
struct Row {
    step: u64,
    param: String,
    sample: usize,
    factors: Vec<Dec>,
    result: Dec,
}

/// One written mean ∂L/∂param at a step.
#[derive(Debug)]
struct Mean {
    step: u64,
    param: String,
    value: Dec,
}

fn dec(s: &str, context: &str) -> Dec {
    parse_dec(s).unwrap_or_else(|| panic!("not a number: {s:?} in {context}"))
}

/// The number after the last ") = " of a mean sentence.
fn mean_value(line: &str) -> &str {
    let tail = line.rsplit_once(") = ").unwrap().1;
    let end = tail
        .find(", the")
        .or_else(|| tail.find(" (backprop"))
        .unwrap_or(tail.len());
    &tail[..end]
}

fn parse_table(text: &str) -> (Vec<Row>, Vec<Mean>) {
    let (mut rows, mut means, mut step, mut param) = (vec![], vec![], 0, String::new());
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("step ") {
            step = rest.split_whitespace().next().unwrap().parse().unwrap();
        } else if let Some(rest) = line.strip_prefix("  ∂Lᵢ/∂") {
            param = rest.split_once(" = ").unwrap().0.to_string();
        } else if let Some(rest) = line.strip_prefix("    i = ") {
            let (index, rest) = rest.split_once(" (").unwrap();
            let body = rest.split_once("):  ").unwrap().1;
            let (factors, result) = body.rsplit_once(" = ").unwrap();
            rows.push(Row {
                step,
                param: param.clone(),
                sample: index.parse().unwrap(),
                factors: factors.split(" · ").map(|f| dec(f, line)).collect(),
                result: dec(result, line),
            });
        } else if line.starts_with("    ∂L/∂") {
            means.push(Mean {
                step,
                param: param.clone(),
                value: dec(mean_value(line), line),
            });
        }
    }
    (rows, means)
}

fn parse_markdown(text: &str) -> (Vec<Row>, Vec<Mean>) {
    let (mut rows, mut means, mut step, mut param) = (vec![], vec![], 0, String::new());
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("### Step ") {
            step = rest.parse().unwrap();
        } else if let Some(rest) = line.strip_prefix("**∂Lᵢ/∂") {
            param = rest.split_once("**").unwrap().0.to_string();
        } else if let Some(inner) = line.strip_prefix("| ").and_then(|l| l.strip_suffix(" |")) {
            let cells: Vec<&str> = inner.split(" | ").collect();
            let Ok(sample) = cells[0].parse::<usize>() else {
                continue; // a header, a separator or the parameter table
            };
            let n = cells.len();
            rows.push(Row {
                step,
                param: param.clone(),
                sample,
                factors: cells[3..n - 1].iter().map(|f| dec(f, line)).collect(),
                result: dec(cells[n - 1], line),
            });
        } else if line.starts_with("∂L/∂") {
            means.push(Mean {
                step,
                param: param.clone(),
                value: dec(mean_value(line), line),
            });
        }
    }
    (rows, means)
}

/// `w_{1}` → `w1`.
fn latex_name(s: &str) -> String {
    s.replace(['_', '{', '}'], "")
}

fn parse_latex(text: &str) -> (Vec<Row>, Vec<Mean>) {
    let (mut rows, mut means, mut step) = (vec![], vec![], 0);
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(r"\paragraph{Step ") {
            step = rest.split_once('.').unwrap().0.parse().unwrap();
        } else if let Some(rest) = line.strip_prefix(r"\[ \frac{\partial L_{") {
            let (sample, rest) = rest.split_once("}}{\\partial ").unwrap();
            let (name, body) = rest.split_once("} = ").unwrap();
            let body = body.split_once(r" \qquad").unwrap().0;
            let (factors, result) = body.rsplit_once(" = ").unwrap();
            rows.push(Row {
                step,
                param: latex_name(&format!("{name}}}")),
                sample: sample.parse().unwrap(),
                factors: factors.split(r" \cdot ").map(|f| dec(f, line)).collect(),
                result: dec(result, line),
            });
        } else if let Some(rest) = line.strip_prefix(r"\[ \frac{\partial L}{\partial ") {
            let name = rest.split_once("} = ").unwrap().0;
            let value = rest
                .rsplit_once(" = ")
                .unwrap()
                .1
                .strip_suffix(r" \]")
                .unwrap();
            means.push(Mean {
                step,
                param: latex_name(&format!("{name}}}")),
                value: dec(value, line),
            });
        }
    }
    (rows, means)
}

/// The case's configuration as a file, with at most `max_steps` steps (case 35's 200 steps
/// of 569 samples make long texts).
fn config_file(name: &str, case: &Value, max_steps: u64) -> TempFile {
    let mut config = case["config"].clone();
    let steps = config["steps"].as_u64().unwrap().min(max_steps);
    config["steps"] = steps.into();
    TempFile::new(name, config.to_string().as_bytes())
}

/// The samples to write: all of a small set, a spread of a large one.
fn samples_of(case: &Value) -> Vec<usize> {
    let n = case["config"]["xs"].as_array().unwrap().len();
    if n <= 8 {
        (0..n).collect()
    } else {
        vec![0, 1, 2, 3, 100, 211, n - 1]
    }
}

type Parser = fn(&str) -> (Vec<Row>, Vec<Mean>);
const FORMATS: [(&str, Parser); 3] = [
    ("table", parse_table),
    ("md", parse_markdown),
    ("latex", parse_latex),
];

#[test]
fn printed_factors_multiply_to_the_printed_result_everywhere() {
    let (mut checked, mut literal) = (0usize, 0usize);
    for (name, case) in run_cases() {
        let file = config_file(&name, &case, 3);
        let steps = case["config"]["steps"].as_u64().unwrap().min(3) + 1;
        let params = case["expected"]["param_names"].as_array().unwrap().len();
        let samples = samples_of(&case);
        let list: Vec<String> = samples.iter().map(usize::to_string).collect();
        for digits in [1usize, 2, 3, 6, 10, 15, 17] {
            for (format, parse) in FORMATS {
                let text = stdout_of(
                    &[
                        "trace",
                        "--format",
                        format,
                        "--digits",
                        &digits.to_string(),
                        "--samples",
                        &list.join(","),
                        file.path(),
                    ],
                    None,
                );
                let (rows, means) = parse(&text);
                let chains = if width_one(&case) { params } else { 0 };
                let want = steps as usize * chains * samples.len();
                assert_eq!(rows.len(), want, "{name} {format} --digits {digits}: rows");
                assert_eq!(
                    means.len(),
                    steps as usize * chains,
                    "{name} {format}: means"
                );
                for r in &rows {
                    assert!(
                        chain_consistent(&r.factors, &r.result, digits),
                        "{name} {format} --digits {digits}: {r:?}"
                    );
                    assert!(samples.contains(&r.sample));
                    checked += 1;
                    literal +=
                        usize::from(literal_product_rounds_to(&r.factors, &r.result, digits));
                }
            }
        }
    }
    // Measured, not asserted: how often the literal product of the printed factors also
    // rounds to the printed result (it need not: see the chain check).
    eprintln!(
        "chain check: {checked} chains; the literal product rounds to the result in {literal}"
    );
    assert!(checked > 5000, "{checked}");
}

/// act(z) and act′(z) of the hidden layers, from the case's forward pass.
fn activation(case: &Value) -> fn(f64) -> (f64, f64) {
    match case["config"]["hidden_activation"].as_str().unwrap() {
        "relu" => |z: f64| if z > 0.0 { (z, 1.0) } else { (0.0, 0.0) },
        "tanh" => |z: f64| (z.tanh(), 1.0 - z.tanh() * z.tanh()),
        other => panic!("no reference case uses {other}"),
    }
}

/// |printed − want| within half a unit of the printed last digit plus `rtol`·|want|.
fn close(printed: &Dec, want: f64, digits: usize, rtol: f64) -> bool {
    if want == 0.0 {
        return printed.is_zero();
    }
    let unit = if printed.is_zero() {
        0.0
    } else {
        0.5 * 10f64.powi((printed.lead_exp() - digits as i64 + 1) as i32)
    };
    (printed.to_f64() - want).abs() <= unit + rtol * want.abs() + 1e-300
}

#[test]
fn factors_and_results_match_the_reference_forward_passes() {
    let mut compared = 0;
    for (name, case) in run_cases() {
        if !width_one(&case) || case["expected"]["records"][0]["chain"].is_null() {
            continue;
        }
        let path = support::cases_dir().join(&name);
        let samples = samples_of(&case);
        let list: Vec<String> = samples.iter().map(usize::to_string).collect();
        let text = stdout_of(
            &[
                "trace",
                "--table",
                "--samples",
                &list.join(","),
                path.to_str().unwrap(),
            ],
            None,
        );
        let (rows, _) = parse_table(&text);
        let act = activation(&case);
        let names: Vec<String> = case["expected"]["param_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        for r in &rows {
            let record = &case["expected"]["records"][r.step as usize];
            let rtol = grads_rtol(&case, r.step).max(1e-9);
            let ps = &record["chain"]["per_sample"][r.sample];
            let theta: Vec<f64> = record["params"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let z: Vec<f64> = ps["z"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let x = ps["x"].as_f64().unwrap();
            let depth = z.len();
            let p = names.iter().position(|n| *n == r.param).unwrap();
            let layer = p / 2 + 1;
            // (ŷ − y) · w_L · act′(z_(L−1)) · … · act′(z_l) · (o_(l−1) or 1), from the case.
            let mut want = vec![ps["dLi_dzL"].as_f64().unwrap()];
            for k in (layer + 1..=depth).rev() {
                want.push(theta[2 * (k - 1)]);
                want.push(act(z[k - 2]).1);
            }
            want.push(match (p % 2, layer) {
                (1, _) => 1.0,
                (_, 1) => x,
                (_, l) => act(z[l - 2]).0,
            });
            assert_eq!(r.factors.len(), want.len(), "{name} {r:?}");
            for (f, &w) in r.factors.iter().zip(&want) {
                assert!(
                    close(f, w, 10, rtol),
                    "{name} step {} {} sample {}: factor {f:?} vs {w:e}",
                    r.step,
                    r.param,
                    r.sample
                );
            }
            let product: f64 = want.iter().product();
            assert!(
                close(&r.result, product, 10, rtol + 1e-14),
                "{name}: {r:?} vs {product:e}"
            );
            if r.param == "w1" {
                let via = ps["dLi_dw1_via_dzL"].as_f64().unwrap();
                assert!(close(&r.result, via, 10, rtol), "{name}: {r:?} vs {via:e}");
            }
            compared += 1;
        }
    }
    assert!(compared > 1000, "{compared}");
}

#[test]
fn the_means_of_the_chains_are_the_reference_gradients() {
    let mut compared = 0;
    for (name, case) in run_cases() {
        if !width_one(&case) {
            continue;
        }
        let path = support::cases_dir().join(&name);
        let names = case["expected"]["param_names"].as_array().unwrap();
        for (format, parse) in FORMATS {
            let text = stdout_of(&["trace", "--format", format, path.to_str().unwrap()], None);
            let (_, means) = parse(&text);
            let steps = case["expected"]["records"].as_array().unwrap().len();
            assert_eq!(means.len(), steps * names.len(), "{name} {format}");
            for m in &means {
                let record = &case["expected"]["records"][m.step as usize];
                let grads: Vec<f64> = record["grads"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g.as_f64().unwrap())
                    .collect();
                let p = names
                    .iter()
                    .position(|n| n.as_str() == Some(&m.param))
                    .unwrap();
                // The cases' rule: within rtol · max |grad| of the step.
                let scale = grads.iter().fold(0f64, |a, g| a.max(g.abs()));
                let rtol = grads_rtol(&case, m.step).max(1e-9);
                let unit = if m.value.is_zero() {
                    0.0
                } else {
                    0.5 * 10f64.powi((m.value.lead_exp() - 9) as i32)
                };
                assert!(
                    (m.value.to_f64() - grads[p]).abs() <= unit + rtol * scale,
                    "{name} {format} step {} {}: {:?} vs {:e}",
                    m.step,
                    m.param,
                    m.value,
                    grads[p]
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 3000, "{compared}");
}
