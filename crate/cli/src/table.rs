//! The trace as an aligned text table: per step the loss, each parameter, its gradient and the
//! update, and for width-one networks the chain-rule factors of ∂L/∂w1 sample by sample.

use std::io::{self, Write};

use crate::trace::{Sink, StepRecord};

/// Samples whose chain-rule factors are written out per step.
const CHAIN_SAMPLES: usize = 4;

/// A number in 10 significant digits without trailing zeros, scientific outside
/// 10⁻⁴ ≤ |v| < 10⁶.
fn n(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let trim = |s: &str| s.trim_end_matches('0').trim_end_matches('.').to_string();
    if (1e-4..1e6).contains(&v.abs()) {
        let digits = (9 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
        trim(&format!("{v:.digits$}"))
    } else {
        let s = format!("{v:.9e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        format!("{}e{exp}", trim(mantissa))
    }
}

/// Writes the trace as a table, step by step.
pub struct TableSink<W: Write> {
    out: W,
    names: Vec<String>,
    width: usize,
}

impl<W: Write> TableSink<W> {
    /// A table onto `out`.
    pub fn new(out: W) -> Self {
        TableSink {
            out,
            names: Vec::new(),
            width: 2,
        }
    }
}

impl<W: Write> Sink for TableSink<W> {
    fn begin(&mut self, param_names: &[String]) -> io::Result<()> {
        self.names = param_names.to_vec();
        self.width = self
            .names
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(2)
            .max(2);
        writeln!(
            self.out,
            "c is the clip factor: 1 unless clipping scales the step down.\n"
        )
    }

    fn record(&mut self, r: &StepRecord) -> io::Result<()> {
        let (out, width) = (&mut self.out, self.width);
        writeln!(
            out,
            "step {:<6} loss {:<20} ‖∇L‖ {:<20} clip factor c = {}",
            r.step,
            n(r.loss),
            n(r.grad_norm),
            n(r.clip_scale)
        )?;
        writeln!(
            out,
            "  {:<width$}  {:>20}  {:>20}  {:>20}",
            "θ", "value", "∂L/∂θ", "update −α·c·∂L/∂θ"
        )?;
        for (i, name) in self.names.iter().enumerate() {
            let update = r.update.as_ref().map_or(String::from("—"), |u| n(u[i]));
            writeln!(
                out,
                "  {name:<width$}  {:>20}  {:>20}  {:>20}",
                n(r.params[i]),
                n(r.grads[i]),
                update
            )?;
        }
        if !r.chain_rule.is_empty() {
            let depth = r.chain_rule[0].2.z.len();
            let names: Vec<String> = if depth == 1 {
                vec!["∂Lᵢ/∂o1".into(), "∂o1/∂w1".into()]
            } else {
                let mut v = vec![format!("∂Lᵢ/∂o{depth}")];
                for l in (1..depth).rev() {
                    v.push(format!("∂o{}/∂o{l}", l + 1));
                }
                v.push("∂o1/∂w1".into());
                v
            };
            writeln!(out, "  ∂L/∂w1 = mean over samples of {}", names.join(" · "))?;
            for (i, (x, y, c)) in r.chain_rule.iter().take(CHAIN_SAMPLES).enumerate() {
                let factors: Vec<String> = c.factors.iter().map(|&f| n(f)).collect();
                writeln!(
                    out,
                    "    sample {} (x = {}, y = {}): {} = {}",
                    i + 1,
                    n(*x),
                    y,
                    factors.join(" · "),
                    n(c.product)
                )?;
            }
            if r.chain_rule.len() > CHAIN_SAMPLES {
                writeln!(
                    out,
                    "    … and {} more samples",
                    r.chain_rule.len() - CHAIN_SAMPLES
                )?;
            }
            let mean =
                r.chain_rule.iter().map(|c| c.2.product).sum::<f64>() / r.chain_rule.len() as f64;
            writeln!(
                out,
                "    mean = {} (∂L/∂w1 above: {})",
                n(mean),
                n(r.grads[0])
            )?;
        }
        writeln!(out)
    }

    fn end(&mut self, diverged: Option<&str>) -> io::Result<()> {
        if let Some(d) = diverged {
            writeln!(self.out, "{d}")?;
        }
        self.out.flush()
    }
}
