//! The trace as aligned text for a terminal: per step the loss, each parameter, its gradient
//! and the update, and for one-unit-per-layer networks the chain rule of every parameter for
//! the written samples, with the mean that makes the gradient.

use std::io::{self, Write};

use crate::chain::{Chain, StepChains};
use crate::decimal::Digits;
use crate::format::{at, formula, index_list, link_symbol, num, number, plural, signed_sum, Style};
use crate::trace::{Sink, StepRecord, TraceInfo};

const S: Style = Style::Text;

/// Writes the trace as a text table, step by step.
pub struct TableSink<W: Write> {
    out: W,
    digits: Digits,
    names: Vec<String>,
    name_width: usize,
}

impl<W: Write> TableSink<W> {
    /// A table onto `out`, numbers to `digits` significant digits.
    pub fn new(out: W, digits: Digits) -> Self {
        TableSink {
            out,
            digits,
            names: Vec::new(),
            name_width: 2,
        }
    }

    fn n(&self, v: f64) -> String {
        num(v, self.digits, S)
    }
}

/// The header sentence shared by the three human formats (without markup).
pub(crate) fn header(info: &TraceInfo, digits: Digits) -> String {
    let clip = match info.clip {
        Some(c) => format!("gradients clipped to norm {}", num(c, digits, S)),
        None => "no clipping".into(),
    };
    format!(
        "Full-batch gradient descent on {}, {}, learning rate α = {}, {clip}. Numbers to {} \
         significant digits; c is the clip factor (1 unless clipping scales the step down).",
        plural(info.samples, "sample"),
        plural(info.param_names.len(), "parameter"),
        num(info.learning_rate, digits, S),
        digits.get()
    )
}

/// "for samples 0, 1, 2 and 3 (of 569; --samples i,j,… writes others)".
pub(crate) fn samples_sentence(c: &StepChains) -> String {
    let shown: Vec<usize> = c.samples.iter().map(|s| s.index).collect();
    let which = if shown.len() == 1 {
        format!("sample {}", shown[0])
    } else {
        format!("samples {}", index_list(&shown))
    };
    if shown.len() == c.samples_total {
        format!("for {which} (all of them)")
    } else {
        format!(
            "for {which} (of {}; --samples i,j,… writes others)",
            c.samples_total
        )
    }
}

impl<W: Write> TableSink<W> {
    fn chain(&mut self, c: &StepChains, chain: &Chain) -> io::Result<()> {
        let symbols: Vec<String> = chain
            .links
            .iter()
            .map(|&l| link_symbol(l, c.activation, S))
            .collect();
        writeln!(
            self.out,
            "  ∂Lᵢ/∂{} = {}",
            chain.name,
            formula(&symbols, " · ")
        )?;
        for (sample, row) in c.samples.iter().zip(&chain.rows) {
            let factors: Vec<String> = row
                .factors
                .iter()
                .enumerate()
                .map(|(k, f)| {
                    let s = number(f, S);
                    if k > 0 && s.starts_with('-') {
                        format!("({s})")
                    } else {
                        s
                    }
                })
                .collect();
            writeln!(
                self.out,
                "    i = {} (x = {}, y = {}):  {} = {}",
                sample.index,
                number(&sample.x, S),
                sample.y,
                factors.join(" · "),
                number(&row.result, S)
            )?;
            if let Some(z) = &row.rebuilt_at {
                writeln!(
                    self.out,
                    "      (ŷ − y of sample {} is below float64's range at z{} = {}: written from \
                     its logarithm; backprop counts it as 0)",
                    sample.index,
                    c.depth,
                    number(z, S)
                )?;
            }
        }
        writeln!(self.out, "    {}", mean_sentence(chain, c.samples_total, S))
    }
}

/// "∂L/∂w1 = (1/n) Σᵢ ∂Lᵢ/∂w1 = (1/n)·(a + b + R from the other k) = X, the ∂L/∂θ above".
pub(crate) fn mean_sentence(chain: &Chain, n: usize, style: Style) -> String {
    let mut terms: Vec<String> = chain
        .rows
        .iter()
        .map(|r| number(&r.result, style))
        .collect();
    let rest = chain.rest.as_ref().map(|r| {
        terms.push(number(&r.sum, style));
        format!(" from the other {}", plural(r.count, "sample"))
    });
    let agree = if chain.mean == chain.backprop {
        ", the ∂L/∂θ above".to_string()
    } else {
        format!(
            " (backprop in float64, above: {})",
            number(&chain.backprop, style)
        )
    };
    format!(
        "∂L/∂{name} = (1/{n}) Σᵢ ∂Lᵢ/∂{name} = (1/{n})·({}{}) = {}{agree}",
        signed_sum(&terms),
        rest.unwrap_or_default(),
        number(&chain.mean, style),
        name = chain.name,
    )
}

impl<W: Write> Sink for TableSink<W> {
    fn begin(&mut self, info: &TraceInfo) -> io::Result<()> {
        self.names = info.param_names.clone();
        self.name_width = self
            .names
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(2)
            .max(2);
        writeln!(self.out, "{}", header(info, self.digits))?;
        if !info.width_one {
            writeln!(
                self.out,
                "The chain rule is written out for networks with one unit per layer only."
            )?;
        }
        writeln!(self.out)
    }

    fn record(&mut self, r: &StepRecord) -> io::Result<()> {
        let col = (self.digits.get() + 8).max(20);
        let w = self.name_width;
        let head = format!(
            "step {:<6} loss {:<col$} ‖∇L‖ {:<col$} clip factor c = {}",
            r.step,
            self.n(r.loss),
            self.n(r.grad_norm),
            self.n(r.clip_scale)
        );
        writeln!(self.out, "{}", head.trim_end())?;
        writeln!(
            self.out,
            "  {:<w$}  {:>col$}  {:>col$}  {:>col$}",
            "θ", "value", "∂L/∂θ", "update −α·c·∂L/∂θ"
        )?;
        for (i, name) in self.names.iter().enumerate() {
            let update = match &r.update {
                Some(u) => self.n(at(u, i)),
                None => "—".into(),
            };
            let line = format!(
                "  {name:<w$}  {:>col$}  {:>col$}  {:>col$}",
                self.n(at(&r.params, i)),
                self.n(at(&r.grads, i)),
                update
            );
            writeln!(self.out, "{line}")?;
        }
        if let Some(c) = &r.chains {
            writeln!(
                self.out,
                "  chain rule through ∂Lᵢ/∂z{} = ŷᵢ − yᵢ, {}:",
                c.depth,
                samples_sentence(c)
            )?;
            for chain in &c.chains {
                self.chain(c, chain)?;
            }
        }
        writeln!(self.out)
    }

    fn end(&mut self, diverged: Option<&str>) -> io::Result<()> {
        if let Some(d) = diverged {
            writeln!(self.out, "{d}")?;
        }
        self.out.flush()
    }
}
