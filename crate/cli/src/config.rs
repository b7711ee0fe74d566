//! The trace configuration: the `config` object of the reference cases, read field by field so
//! that every rejection names the field it is about.

use gradscope_core::{Activation, Dataset, Network, Trainer};
use serde_json::Value;

/// Most steps a trace runs.
pub const MAX_STEPS: u64 = 1_000_000;

/// Every field a configuration may have.
const FIELDS: [&str; 11] = [
    "layers",
    "hidden_activation",
    "weights",
    "biases",
    "xs",
    "ys",
    "learning_rate",
    "steps",
    "clip_grad_norm",
    "loss_reduction",
    "loss_form",
];

/// A run described by a configuration.
pub struct Run {
    /// The trainer at step 0.
    pub trainer: Trainer,
    /// Number of gradient-descent steps to trace.
    pub steps: u64,
}

/// A configuration error: the field and what is wrong with it.
#[derive(Debug)]
pub struct ConfigError(pub String);

type Res<T> = Result<T, ConfigError>;

fn err<T>(field: &str, reason: impl std::fmt::Display) -> Res<T> {
    Err(ConfigError(format!("{field}: {reason}")))
}

fn number(v: &Value, field: &str) -> Res<f64> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        _ => err(field, format!("expected a finite number, found {v}")),
    }
}

fn numbers(v: &Value, field: &str) -> Res<Vec<f64>> {
    let Some(items) = v.as_array() else {
        return err(field, "expected an array of numbers");
    };
    items
        .iter()
        .enumerate()
        .map(|(i, x)| number(x, &format!("{field}[{i}]")))
        .collect()
}

fn get<'a>(config: &'a Value, field: &str) -> Res<&'a Value> {
    config
        .get(field)
        .ok_or_else(|| ConfigError(format!("{field}: missing")))
}

/// Reads a configuration from JSON text: either the `config` object itself or a whole reference
/// case that holds one under `"config"`. With `data` (from `--data FILE.csv`) the samples are
/// those and the configuration's `xs` and `ys` are ignored (they may be left out). Errors name
/// the field.
pub fn parse(text: &str, data: Option<Dataset>) -> Res<Run> {
    // Editors on some systems save a byte-order mark first; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value =
        serde_json::from_str(text).map_err(|e| ConfigError(format!("not valid JSON: {e}")))?;
    let config = root.get("config").unwrap_or(&root);
    let Some(fields) = config.as_object() else {
        return err("config", "expected a JSON object");
    };
    // A misspelt optional field ("clip_grad_nrom") would otherwise change the run silently.
    if let Some(unknown) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return err(
            unknown,
            format!("unknown field; the fields are {}", FIELDS.join(", ")),
        );
    }
    let widths: Vec<usize> = match get(config, "layers")?.as_array() {
        Some(items) => items
            .iter()
            .enumerate()
            .map(|(i, w)| match w.as_u64() {
                Some(n) => Ok(n as usize),
                None => err(&format!("layers[{i}]"), "expected a whole number of units"),
            })
            .collect::<Res<_>>()?,
        None => return err("layers", "expected an array such as [1, 1, 1, 1]"),
    };
    let activation = match get(config, "hidden_activation")?
        .as_str()
        .and_then(Activation::from_id)
    {
        Some(a) => a,
        None => {
            let ids: Vec<String> = Activation::ALL
                .iter()
                .map(|a| format!("\"{}\"", a.id()))
                .collect();
            return err(
                "hidden_activation",
                format!("expected one of {}", ids.join(", ")),
            );
        }
    };
    let mut net = Network::new(&widths, activation).or_else(|e| err("layers", e))?;
    let params = read_params(config, &widths)?;
    net.set_params(&params).or_else(|e| err("weights", e))?;
    let data = match data {
        Some(data) => data,
        None => read_samples(config)?,
    };
    let learning_rate = number(get(config, "learning_rate")?, "learning_rate")?;
    let steps = match get(config, "steps")?.as_u64() {
        Some(n) if n <= MAX_STEPS => n,
        _ => {
            return err(
                "steps",
                format!("expected a whole number from 0 to {MAX_STEPS}"),
            )
        }
    };
    match config.get("loss_reduction").map(Value::as_str) {
        None | Some(Some("mean")) => {}
        _ => return err("loss_reduction", "only \"mean\" is supported"),
    }
    match config.get("loss_form").map(Value::as_str) {
        None | Some(Some("logits")) => {}
        _ => return err("loss_form", "only \"logits\" is supported"),
    }
    let mut trainer =
        Trainer::new(net, data, learning_rate).or_else(|e| err("learning_rate", e))?;
    match config.get("clip_grad_norm") {
        None | Some(Value::Null) => {}
        Some(c) => {
            let c = number(c, "clip_grad_norm")?;
            trainer
                .set_clip(Some(c))
                .or_else(|e| err("clip_grad_norm", e))?;
        }
    }
    Ok(Run { trainer, steps })
}

/// The samples of the configuration's `xs` and `ys`.
fn read_samples(config: &Value) -> Res<Dataset> {
    let xs = numbers(get(config, "xs")?, "xs")?;
    let ys = numbers(get(config, "ys")?, "ys")?;
    if xs.len() != ys.len() || xs.is_empty() {
        return err(
            "ys",
            format!(
                "expected as many labels as inputs, at least one (xs has {}, ys {})",
                xs.len(),
                ys.len()
            ),
        );
    }
    if let Some(i) = ys.iter().position(|&y| y != 0.0 && y != 1.0) {
        return err(
            &format!("ys[{i}]"),
            format!("a label must be 0 or 1, found {}", ys[i]),
        );
    }
    Dataset::new(xs, ys).or_else(|e| err("xs", e))
}

/// "1 number", "3 numbers".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `weights[l][j][k]` and `biases[l][j]` in the flat order W1 (row-major), b1, W2, b2, ….
fn read_params(config: &Value, widths: &[usize]) -> Res<Vec<f64>> {
    let depth = widths.len() - 1;
    let (Some(weights), Some(biases)) = (
        get(config, "weights")?.as_array(),
        get(config, "biases")?.as_array(),
    ) else {
        return err(
            "weights",
            "expected arrays \"weights\" and \"biases\", one entry per layer",
        );
    };
    if weights.len() != depth {
        return err(
            "weights",
            format!("expected {depth} layers, found {}", weights.len()),
        );
    }
    if biases.len() != depth {
        return err(
            "biases",
            format!("expected {depth} layers, found {}", biases.len()),
        );
    }
    let mut params = Vec::new();
    for l in 0..depth {
        let (n_in, n_out) = (widths[l], widths[l + 1]);
        let field = format!("weights[{l}]");
        let rows = weights[l].as_array().filter(|r| r.len() == n_out);
        let Some(rows) = rows else {
            return err(
                &field,
                format!(
                    "expected {} of {}",
                    count(n_out, "row"),
                    count(n_in, "number")
                ),
            );
        };
        for (j, row) in rows.iter().enumerate() {
            let row = numbers(row, &format!("{field}[{j}]"))?;
            if row.len() != n_in {
                return err(
                    &format!("{field}[{j}]"),
                    format!("expected {}", count(n_in, "number")),
                );
            }
            params.extend(row);
        }
        let b = numbers(&biases[l], &format!("biases[{l}]"))?;
        if b.len() != n_out {
            return err(
                &format!("biases[{l}]"),
                format!("expected {}", count(n_out, "number")),
            );
        }
        params.extend(b);
    }
    Ok(params)
}
