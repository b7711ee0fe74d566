//! Running a configuration step by step and writing the records as JSON.

use gradscope_core::chain::{chain, Chain};
use gradscope_core::{Status, Trainer};
use serde_json::{json, Value};

use crate::config::Run;

/// The state at one step t: θ_t and everything computed from it.
pub struct Record {
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
    /// For width-1 networks, the chain-rule factors of ∂Lᵢ/∂w₁ per sample (x, y, factors).
    pub chains: Vec<(f64, f64, Chain)>,
}

/// A whole trace.
pub struct Trace {
    /// Parameter names, flat order.
    pub param_names: Vec<String>,
    /// Records t = 0 … (steps, or the divergence step).
    pub records: Vec<Record>,
    /// The sentence saying where and why training diverged, if it did.
    pub diverged: Option<String>,
}

fn record(t: &Trainer, last: bool) -> Record {
    let net = t.network();
    let chains = if net.is_chain() {
        let d = t.data();
        d.xs()
            .iter()
            .zip(d.ys())
            .filter_map(|(&x, &y)| chain(net, x, y).ok().map(|c| (x, y, c)))
            .collect()
    } else {
        Vec::new()
    };
    Record {
        step: t.step_count(),
        loss: t.loss(),
        params: net.params().to_vec(),
        grads: t.grad().to_vec(),
        grad_norm: t.grad_norm(),
        layer_grad_norms: net.layer_norms(t.grad()).unwrap_or_default(),
        clip_scale: t.clip_scale(),
        update: (!last).then(|| t.next_update().collect()),
        chains,
    }
}

/// Runs the configured steps (stopping at a divergence) and records every state.
pub fn run(run: Run) -> Trace {
    let Run { mut trainer, steps } = run;
    let net = trainer.network();
    let param_names = (0..net.param_count()).map(|i| net.param_name(i)).collect();
    let mut records = Vec::new();
    for t in 0..=steps {
        let diverged = matches!(trainer.status(), Status::Diverged(_));
        records.push(record(&trainer, t == steps || diverged));
        if t == steps || diverged || trainer.step(1) == 0 {
            break;
        }
    }
    let diverged = match trainer.status() {
        Status::Diverged(d) => Some(d.describe(trainer.network())),
        Status::Healthy => None,
    };
    Trace {
        param_names,
        records,
        diverged,
    }
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

/// The trace as one JSON object.
pub fn to_json(trace: &Trace) -> Value {
    let records: Vec<Value> = trace
        .records
        .iter()
        .map(|r| {
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
            o
        })
        .collect();
    let mut out = json!({ "param_names": trace.param_names, "records": records });
    if let Some(d) = &trace.diverged {
        out["diverged"] = json!(d);
    }
    out
}
