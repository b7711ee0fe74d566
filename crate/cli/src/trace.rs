//! Running a configuration step by step and writing the records as JSON.

use gradscope_core::chain_rule::{self, Factors};
use gradscope_core::{Status, Trainer};
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::config::Run;

/// The state at one step t: θ_t and everything computed from it.
pub struct StepRecord {
    /// t.
    pub step: u64,
    /// L(θ_t), nats.
    pub loss: f64,
    /// θ_t, flat order.
    pub params: Vec<f64>,
    /// ∂L/∂θ at θ_t.
    pub grads: Vec<f64>,
    /// ‖∂L/∂θ‖₂.
    pub grad_norm: f64,
    /// (‖∂L/∂W_l‖, ‖∂L/∂b_l‖) per layer.
    pub layer_grad_norms: Vec<(f64, f64)>,
    /// The clip factor c_t.
    pub clip_scale: f64,
    /// −α·c_t·∂L/∂θ, for every step but the last.
    pub update: Option<Vec<f64>>,
    /// For width-one networks, the chain-rule factors of ∂Lᵢ/∂w₁ per sample (x, y, factors).
    pub chain_rule: Vec<(f64, f64, Factors)>,
}

/// The record of the trainer's current state; `last` leaves out the update.
fn record(t: &Trainer, last: bool) -> StepRecord {
    let net = t.network();
    let chain_rule = if net.is_width_one() {
        let d = t.data();
        d.xs()
            .iter()
            .zip(d.ys())
            .filter_map(|(&x, &y)| chain_rule::factors(net, x, y).ok().map(|c| (x, y, c)))
            .collect()
    } else {
        Vec::new()
    };
    StepRecord {
        step: t.step_count(),
        loss: t.loss(),
        params: net.params().to_vec(),
        grads: t.grad().to_vec(),
        grad_norm: t.grad_norm(),
        layer_grad_norms: net.layer_norms(t.grad()).unwrap_or_default(),
        clip_scale: t.clip_scale(),
        update: (!last).then(|| t.next_update().collect()),
        chain_rule,
    }
}

/// Where records go as they are computed: the JSON writer or the table.
pub trait Sink {
    /// Called once, before the first record, with the parameter names in flat order.
    fn begin(&mut self, param_names: &[String]) -> io::Result<()>;
    /// Called for t = 0 … (steps, or the divergence step).
    fn record(&mut self, record: &StepRecord) -> io::Result<()>;
    /// Called once at the end with the divergence sentence, if training diverged.
    fn end(&mut self, diverged: Option<&str>) -> io::Result<()>;
}

/// Runs the configured steps (stopping at a divergence), handing every state to `sink` as it
/// is computed, so memory stays that of one record however long the run.
pub fn run(run: Run, sink: &mut dyn Sink) -> io::Result<()> {
    let Run { mut trainer, steps } = run;
    let net = trainer.network();
    let param_names: Vec<String> = (0..net.param_count()).map(|i| net.param_name(i)).collect();
    sink.begin(&param_names)?;
    for t in 0..=steps {
        let diverged = matches!(trainer.status(), Status::Diverged(_));
        sink.record(&record(&trainer, t == steps || diverged))?;
        if t == steps || diverged || trainer.step(1) == 0 {
            break;
        }
    }
    let diverged = match trainer.status() {
        Status::Diverged(d) => Some(d.describe(trainer.network())),
        Status::Healthy => None,
    };
    sink.end(diverged.as_deref())
}

/// A number as JSON: non-finite values as the strings "NaN", "Infinity", "-Infinity" (JSON has
/// no such numbers). Finite values print in the shortest form that reads back to the same bits.
pub fn number(v: f64) -> Value {
    if v.is_nan() {
        json!("NaN")
    } else if v == f64::INFINITY {
        json!("Infinity")
    } else if v == f64::NEG_INFINITY {
        json!("-Infinity")
    } else {
        json!(v)
    }
}

fn numbers(v: &[f64]) -> Value {
    Value::Array(v.iter().map(|&x| number(x)).collect())
}

/// Writes the trace as one JSON object `{"param_names": [...], "records": [...]}` (plus
/// `"diverged"` when training diverged), record by record.
pub struct JsonSink<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> JsonSink<W> {
    /// A writer onto `out`.
    pub fn new(out: W) -> Self {
        JsonSink { out, first: true }
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn begin(&mut self, param_names: &[String]) -> io::Result<()> {
        write!(
            self.out,
            "{{\"param_names\":{},\"records\":[",
            json!(param_names)
        )
    }

    fn record(&mut self, r: &StepRecord) -> io::Result<()> {
        let mut o = json!({
            "step": r.step,
            "loss": number(r.loss),
            "params": numbers(&r.params),
            "grads": numbers(&r.grads),
            "grad_norm": number(r.grad_norm),
            "layer_grad_norms": r.layer_grad_norms.iter()
                .map(|&(w, b)| json!({"W": number(w), "b": number(b)}))
                .collect::<Vec<_>>(),
            "clip_scale": number(r.clip_scale),
        });
        if let Some(u) = &r.update {
            o["update"] = numbers(u);
        }
        let comma = if self.first { "" } else { "," };
        self.first = false;
        write!(self.out, "{comma}{o}")
    }

    fn end(&mut self, diverged: Option<&str>) -> io::Result<()> {
        match diverged {
            Some(d) => writeln!(self.out, "],\"diverged\":{}}}", json!(d)),
            None => writeln!(self.out, "]}}"),
        }?;
        self.out.flush()
    }
}
