//! The trace as an aligned text table: per step the loss, each parameter, its gradient and the
//! update, and for width-1 networks the chain-rule factors of ∂L/∂w1 sample by sample.

use std::fmt::Write;

use crate::trace::Trace;

/// Samples whose chain-rule factors are written out per step.
const CHAIN_SAMPLES: usize = 4;

/// A number in 10 significant digits, scientific outside 10⁻⁴ ≤ |v| < 10⁶.
fn n(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    if (1e-4..1e6).contains(&v.abs()) {
        let digits = (9 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
        let s = format!("{v:.digits$}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{v:.9e}")
    }
}

/// Renders the whole trace.
pub fn render(trace: &Trace) -> String {
    let mut out = String::new();
    let width = trace
        .param_names
        .iter()
        .map(|s| s.len())
        .max()
        .unwrap_or(2)
        .max(2);
    for r in &trace.records {
        let _ = writeln!(
            out,
            "step {:<6} loss {:<20} ‖∇L‖ {:<20} clip factor {}",
            r.step,
            n(r.loss),
            n(r.grad_norm),
            n(r.clip_scale)
        );
        let _ = writeln!(
            out,
            "  {:<width$}  {:>20}  {:>20}  {:>20}",
            "θ", "value", "∂L/∂θ", "update −α·c·∂L/∂θ"
        );
        for (i, name) in trace.param_names.iter().enumerate() {
            let update = r.update.as_ref().map_or(String::from("—"), |u| n(u[i]));
            let _ = writeln!(
                out,
                "  {name:<width$}  {:>20}  {:>20}  {:>20}",
                n(r.params[i]),
                n(r.grads[i]),
                update
            );
        }
        if !r.chains.is_empty() {
            let depth = r.chains[0].2.z.len();
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
            let _ = writeln!(out, "  ∂L/∂w1 = mean over samples of {}", names.join(" · "));
            for (i, (x, y, c)) in r.chains.iter().take(CHAIN_SAMPLES).enumerate() {
                let factors: Vec<String> = c.factors.iter().map(|&f| n(f)).collect();
                let _ = writeln!(
                    out,
                    "    sample {} (x = {}, y = {}): {} = {}",
                    i + 1,
                    n(*x),
                    y,
                    factors.join(" · "),
                    n(c.product)
                );
            }
            if r.chains.len() > CHAIN_SAMPLES {
                let _ = writeln!(
                    out,
                    "    … and {} more samples",
                    r.chains.len() - CHAIN_SAMPLES
                );
            }
            let mean = r.chains.iter().map(|c| c.2.product).sum::<f64>() / r.chains.len() as f64;
            let _ = writeln!(
                out,
                "    mean = {} (∂L/∂w1 above: {})",
                n(mean),
                n(r.grads[0])
            );
        }
        out.push('\n');
    }
    if let Some(d) = &trace.diverged {
        let _ = writeln!(out, "{d}");
    }
    out
}
