//! The trace as one JSON object, for programs: every number reads back to the same float64.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::trace::{Sink, StepRecord, TraceInfo};

/// A number as JSON: non-finite values as the strings "NaN", "Infinity", "-Infinity" (JSON has
/// no such numbers), −0 as 0 (equal to it; the sign of a zero carries no meaning here). Finite
/// values print in the shortest form that reads back to the same bits.
pub fn number(v: f64) -> Value {
    if v.is_nan() {
        json!("NaN")
    } else if v == f64::INFINITY {
        json!("Infinity")
    } else if v == f64::NEG_INFINITY {
        json!("-Infinity")
    } else if v == 0.0 {
        json!(0.0)
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
    fn begin(&mut self, info: &TraceInfo) -> io::Result<()> {
        write!(
            self.out,
            "{{\"param_names\":{},\"records\":[",
            json!(info.param_names)
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
