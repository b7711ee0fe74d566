//! Each output format on every reference case: CSV reads back to the JSON's bits, Markdown
//! tables are well formed, LaTeX is balanced ASCII, and no format writes `-0`, `inf` or `NaN`
//! where every value is finite.

mod support;

use serde_json::Value;
use support::{run_cases, stdout_of, width_one};

/// A JSON number of the trace (non-finite values are strings).
fn json_f64(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        other => panic!("not a number: {other}"),
    }
}

/// The records of a CSV text, read with csv-core.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv_core::Reader::new();
    let mut input = text.as_bytes();
    let (mut out, mut ends) = (vec![0u8; 1 << 16], vec![0usize; 4096]);
    let mut records = Vec::new();
    loop {
        let (result, n_in, n_out, n_ends) = reader.read_record(input, &mut out, &mut ends);
        input = &input[n_in..];
        match result {
            csv_core::ReadRecordResult::Record => {
                let mut start = 0;
                let fields = ends[..n_ends]
                    .iter()
                    .map(|&end| {
                        let f = String::from_utf8(out[start..end].to_vec()).unwrap();
                        start = end;
                        f
                    })
                    .collect();
                assert!(n_out <= out.len());
                records.push(fields);
            }
            csv_core::ReadRecordResult::End => break,
            csv_core::ReadRecordResult::InputEmpty => continue,
            other => panic!("{other:?}"),
        }
    }
    records
}

fn csv_f64(s: &str) -> f64 {
    match s {
        "NaN" => f64::NAN,
        "Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ => {
            assert!(s.bytes().all(|b| b.is_ascii()), "plain ASCII: {s}");
            s.parse().unwrap()
        }
    }
}

#[test]
fn csv_reads_back_to_the_json_bits() {
    for (name, _) in run_cases() {
        let path = support::cases_dir().join(&name);
        let path = path.to_str().unwrap();
        let json: Value = serde_json::from_str(&stdout_of(&["trace", path], None)).unwrap();
        let rows = csv_records(&stdout_of(&["trace", "--format", "csv", path], None));
        let names: Vec<&str> = json["param_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        let mut header = vec!["step".to_string(), "loss".to_string()];
        header.extend(names.iter().map(|n| n.to_string()));
        header.extend(names.iter().map(|n| format!("grad_{n}")));
        header.extend(["grad_norm".to_string(), "clip_scale".to_string()]);
        assert_eq!(rows[0], header, "{name}");
        let records = json["records"].as_array().unwrap();
        assert_eq!(rows.len(), records.len() + 1, "{name}: one row per step");
        for (row, r) in rows[1..].iter().zip(records) {
            let mut want = vec![json_f64(&r["step"]), json_f64(&r["loss"])];
            want.extend(r["params"].as_array().unwrap().iter().map(json_f64));
            want.extend(r["grads"].as_array().unwrap().iter().map(json_f64));
            want.extend([json_f64(&r["grad_norm"]), json_f64(&r["clip_scale"])]);
            assert_eq!(row.len(), want.len(), "{name}");
            for (field, w) in row.iter().zip(&want) {
                assert_eq!(
                    csv_f64(field).to_bits(),
                    w.to_bits(),
                    "{name}: {field} vs {w:e}"
                );
            }
        }
    }
}

#[test]
fn csv_of_case_13_carries_the_reference_numbers() {
    let path = support::cases_dir().join("13_gd_oscillate_w3_500.json");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let text = stdout_of(&["trace", "--format", "csv", path.to_str().unwrap()], None);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("step,loss,w1,b1,w2,b2,w3,b3,grad_w1,grad_b1,grad_w2,grad_b2,grad_w3,grad_b3,grad_norm,clip_scale")
    );
    let records = case["expected"]["records"].as_array().unwrap();
    // The case's tolerance: rtol 1e-9 on every field up to step 9 (looser after).
    for (line, r) in lines.zip(records).take(10) {
        let row: Vec<f64> = line.split(',').map(csv_f64).collect();
        let mut want = vec![json_f64(&r["step"]), json_f64(&r["loss"])];
        want.extend(r["params"].as_array().unwrap().iter().map(json_f64));
        want.extend(r["grads"].as_array().unwrap().iter().map(json_f64));
        want.extend([json_f64(&r["grad_norm"]), json_f64(&r["clip_scale"])]);
        for (got, w) in row.iter().zip(&want) {
            assert!(
                (got - w).abs() <= 1e-9 * w.abs().max(1.0),
                "{line}: {got} vs {w}"
            );
        }
    }
}

/// The cells of a pipe-table line.
fn cells(line: &str) -> Option<Vec<&str>> {
    let inner = line.strip_prefix("| ")?.strip_suffix(" |")?;
    Some(inner.split(" | ").collect())
}

#[test]
fn markdown_tables_have_a_header_a_separator_and_even_rows() {
    for (name, case) in run_cases() {
        let path = support::cases_dir().join(&name);
        let text = stdout_of(&["trace", "--format", "md", path.to_str().unwrap()], None);
        let lines: Vec<&str> = text.lines().collect();
        let mut tables = 0;
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].starts_with('|') {
                i += 1;
                continue;
            }
            // A table: a blank line before it, a header, a separator, rows, a blank line after.
            assert!(i == 0 || lines[i - 1].is_empty(), "{name}: line {i}");
            let head = cells(lines[i]).unwrap();
            let sep = cells(lines[i + 1]).unwrap_or_else(|| panic!("{name}: {}", lines[i + 1]));
            assert_eq!(sep.len(), head.len(), "{name}: {}", lines[i]);
            assert!(
                sep.iter().all(|c| *c == "---" || *c == "---:"),
                "{name}: {sep:?}"
            );
            let mut j = i + 2;
            while j < lines.len() && lines[j].starts_with('|') {
                let row = cells(lines[j]).unwrap();
                assert_eq!(row.len(), head.len(), "{name}: {}", lines[j]);
                j += 1;
            }
            assert!(j > i + 2, "{name}: a table with no rows");
            assert!(
                j == lines.len() || lines[j].is_empty(),
                "{name}: {}",
                lines[j]
            );
            tables += 1;
            i = j;
        }
        let steps = case["expected"]["records"].as_array().unwrap().len();
        let params = case["expected"]["param_names"].as_array().unwrap().len();
        let per_step = if width_one(&case) { 1 + params } else { 1 };
        assert_eq!(tables, steps * per_step, "{name}: tables");
    }
    // Case 13's first table, by the case file: w3 = 500, ∂L/∂w3 = 0.085, update −8.5e−5.
    let path = support::cases_dir().join("13_gd_oscillate_w3_500.json");
    let text = stdout_of(&["trace", "--format", "md", path.to_str().unwrap()], None);
    assert!(text.contains("| θ | value | ∂L/∂θ | update −α·c·∂L/∂θ |\n| --- | ---: | ---: | ---: |\n| w1 | 0.5 | 50 | -0.05 |"), "{text}");
    assert!(
        text.contains("| w3 | 500 | 0.085 | -8.5 × 10⁻⁵ |"),
        "{text}"
    );
}

#[test]
fn latex_is_balanced_ascii() {
    for (name, case) in run_cases() {
        let path = support::cases_dir().join(&name);
        let text = stdout_of(
            &["trace", "--format", "latex", path.to_str().unwrap()],
            None,
        );
        assert!(text.is_ascii(), "{name}: not ASCII");
        let mut depth = 0i64;
        let mut prev = ' ';
        for (k, c) in text.chars().enumerate() {
            if prev != '\\' {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            assert!(depth >= 0, "{name}: unbalanced at char {k}");
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        assert_eq!(depth, 0, "{name}: braces");
        let count = |s: &str| text.matches(s).count();
        let steps = case["expected"]["records"].as_array().unwrap().len();
        assert_eq!(count(r"\begin{tabular}"), steps, "{name}");
        assert_eq!(count(r"\end{tabular}"), steps, "{name}");
        for (open, close) in text
            .match_indices(r"\begin{tabular}")
            .map(|(i, _)| i)
            .zip(text.match_indices(r"\end{tabular}").map(|(i, _)| i))
        {
            assert!(open < close, "{name}: tabular order");
        }
        assert_eq!(count(r"\["), count(r"\]"), "{name}: display math");
        for line in text.lines() {
            assert_eq!(line.matches('$').count() % 2, 0, "{name}: {line}");
        }
    }
    // Case 13's first rows, by the case file.
    let path = support::cases_dir().join("13_gd_oscillate_w3_500.json");
    let text = stdout_of(
        &["trace", "--format", "latex", path.to_str().unwrap()],
        None,
    );
    assert!(
        text.contains(r"$w_{3}$ & $500$ & $0.085$ & $-8.5 \times 10^{-5}$ \\"),
        "{text}"
    );
    // Sample 1 of case 13 (z3 = 155): ŷ − y rounds to 1, so ∂L₁/∂w1 = 1·500·1·0.4·1·1 = 200.
    assert!(text.contains(
        r"\[ \frac{\partial L_{1}}{\partial w_{1}} = 1 \cdot 500 \cdot 1 \cdot 0.4 \cdot 1 \cdot 1 = 200 \qquad (x_{1} = 1,\ y_{1} = 0) \]"
    ), "{text}");
}

/// Every token that is a written negative zero: `-0`, `-0.0`, `-0e5`, `-0 × 10…`.
fn negative_zeros(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('-') {
        let token: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if !token.is_empty() && token.chars().all(|c| c == '0' || c == '.') {
            found.push(text[i..(i + 1 + token.len() + 6).min(text.len())].to_string());
        }
    }
    found
}

#[test]
fn no_format_writes_negative_zero_or_non_finite_values_for_finite_runs() {
    // Case 09 has a dead ReLU: −(ŷ − y)·0 gradients, whose float64 value is −0.
    let mut zeros_seen = 0;
    for (name, _) in run_cases() {
        let path = support::cases_dir().join(&name);
        let path = path.to_str().unwrap();
        for format in ["json", "csv", "table", "md", "latex"] {
            for digits in ["1", "10", "17"] {
                let mut args = vec!["trace", "--format", format];
                if format != "json" && format != "csv" {
                    args.extend(["--digits", digits]);
                } else if digits != "10" {
                    continue;
                }
                args.push(path);
                let text = stdout_of(&args, None);
                assert_eq!(
                    negative_zeros(&text),
                    Vec::<String>::new(),
                    "{name} {format}"
                );
                for bad in ["inf", "Inf", "NaN", "nan", "∞", r"\infty"] {
                    assert!(!text.contains(bad), "{name} {format}: {bad}");
                }
                zeros_seen += text.matches(" 0 ").count() + text.matches(",0.0,").count();
            }
        }
    }
    assert!(zeros_seen > 0);
}
