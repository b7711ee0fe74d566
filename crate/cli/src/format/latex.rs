//! The trace as LaTeX to paste into a document: plain ASCII that needs no package. Tables are
//! `tabular` with `\hline` rules (no booktabs), scientific numbers `m \times 10^{k}`, and the
//! chain rule of each parameter as display equations `\[ … \]`: the symbolic product, then one
//! equation per written sample with its factors joined by `\cdot`, then the mean over samples.

use std::io::{self, Write};

use crate::chain::{Chain, StepChains};
use crate::decimal::Digits;
use crate::format::{at, formula, link_symbol, num, number, plural, signed_sum, Style};
use crate::trace::{Sink, StepRecord, TraceInfo};

const S: Style = Style::Latex;

/// Writes the trace as LaTeX, step by step.
pub struct LatexSink<W: Write> {
    out: W,
    digits: Digits,
    names: Vec<String>,
}

/// A parameter name in math mode: `w1` → `w_{1}`, `W2[0][3]` → `W_{2}[0][3]`.
fn param(name: &str) -> String {
    let letter_len = name.chars().next().map_or(0, char::len_utf8);
    let (letter, rest) = name.split_at(letter_len);
    let digits_len = rest.chars().take_while(char::is_ascii_digit).count();
    let (layer, tail) = rest.split_at(digits_len);
    if layer.is_empty() {
        name.to_string()
    } else {
        format!("{letter}_{{{layer}}}{tail}")
    }
}

/// Prose for a LaTeX paragraph: its special characters escaped and the symbols the core's
/// sentences use written in math mode.
fn prose(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str(r"\textbackslash{}"),
            '{' | '}' | '%' | '$' | '&' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '^' => out.push_str(r"\^{}"),
            '~' => out.push_str(r"\~{}"),
            '∞' => out.push_str(r"$\infty$"),
            '−' => out.push_str("$-$"),
            '±' => out.push_str(r"$\pm$"),
            '∂' => out.push_str(r"$\partial$"),
            '‖' => out.push_str(r"$\|$"),
            'θ' => out.push_str(r"$\theta$"),
            c if c.is_ascii() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// `\frac{\partial L_i}{\partial w_{1}}`.
fn partial(top: &str, name: &str) -> String {
    format!(r"\frac{{\partial {top}}}{{\partial {}}}", param(name))
}

impl<W: Write> LatexSink<W> {
    /// LaTeX onto `out`, numbers to `digits` significant digits.
    pub fn new(out: W, digits: Digits) -> Self {
        LatexSink {
            out,
            digits,
            names: Vec::new(),
        }
    }

    fn n(&self, v: f64) -> String {
        num(v, self.digits, S)
    }

    fn chain(&mut self, c: &StepChains, chain: &Chain) -> io::Result<()> {
        let symbols: Vec<String> = chain
            .links
            .iter()
            .map(|&l| link_symbol(l, c.activation, S))
            .collect();
        writeln!(
            self.out,
            r"\[ {} = {} \]",
            partial("L_i", &chain.name),
            formula(&symbols, r"\, ")
        )?;
        for (sample, row) in c.samples.iter().zip(&chain.rows) {
            let factors: Vec<String> = row
                .factors
                .iter()
                .map(|f| {
                    let s = number(f, S);
                    if s.starts_with('-') {
                        format!("({s})")
                    } else {
                        s
                    }
                })
                .collect();
            writeln!(
                self.out,
                r"\[ {} = {} = {} \qquad (x_{{{i}}} = {},\ y_{{{i}}} = {}) \]",
                partial(&format!("L_{{{}}}", sample.index), &chain.name),
                factors.join(r" \cdot "),
                number(&row.result, S),
                number(&sample.x, S),
                sample.y,
                i = sample.index,
            )?;
            if let Some(z) = &row.rebuilt_at {
                writeln!(
                    self.out,
                    "For sample {}, $\\hat y - y$ is below the float64 range at $z_{{{}}} = {}$: \
                     it is written from its logarithm, and backprop counts it as 0.\n",
                    sample.index,
                    c.depth,
                    number(z, S)
                )?;
            }
        }
        let n = c.samples_total;
        let mut terms: Vec<String> = chain.rows.iter().map(|r| number(&r.result, S)).collect();
        if let Some(rest) = &chain.rest {
            let sum = number(&rest.sum, S);
            let (sign, abs) = match sum.strip_prefix('-') {
                Some(abs) => ("-", abs.to_string()),
                None => ("", sum.clone()),
            };
            terms.push(format!(
                r"{sign}\underbrace{{{abs}}}_{{\mathrm{{{}\ other{}}}}}",
                rest.count,
                if rest.count == 1 { "" } else { "s" }
            ));
        }
        writeln!(
            self.out,
            r"\[ {} = \frac{{1}}{{n}} \sum_{{i=0}}^{{n-1}} {} = \frac{{1}}{{{n}}} \left({}\right) = {} \]",
            partial("L", &chain.name),
            partial("L_i", &chain.name),
            signed_sum(&terms),
            number(&chain.mean, S),
        )?;
        if chain.mean == chain.backprop {
            writeln!(
                self.out,
                "This is $\\partial L/\\partial {}$ of the table.\n",
                param(&chain.name)
            )
        } else {
            writeln!(
                self.out,
                "Backpropagation in float64 gives $\\partial L/\\partial {} = {}$.\n",
                param(&chain.name),
                number(&chain.backprop, S)
            )
        }
    }
}

impl<W: Write> Sink for LatexSink<W> {
    fn begin(&mut self, info: &TraceInfo) -> io::Result<()> {
        self.names = info.param_names.clone();
        let clip = match info.clip {
            Some(c) => format!("gradients clipped to norm ${}$", self.n(c)),
            None => "no clipping".into(),
        };
        writeln!(
            self.out,
            "% gradscope trace: plain LaTeX, no package needed.\n\
             Full-batch gradient descent on {}, {}, learning rate $\\alpha = {}$, {clip}. \
             Numbers to {} significant digits; $c$ is the clip factor (1 unless clipping scales \
             the step down).\n",
            plural(info.samples, "sample"),
            plural(info.param_names.len(), "parameter"),
            self.n(info.learning_rate),
            self.digits.get()
        )?;
        if !info.width_one {
            writeln!(
                self.out,
                "The chain rule is written out for networks with one unit per layer only.\n"
            )?;
        }
        Ok(())
    }

    fn record(&mut self, r: &StepRecord) -> io::Result<()> {
        writeln!(
            self.out,
            "\\paragraph{{Step {}.}} $L = {}$, $\\|\\nabla L\\| = {}$, clip factor $c = {}$.\n",
            r.step,
            self.n(r.loss),
            self.n(r.grad_norm),
            self.n(r.clip_scale)
        )?;
        writeln!(self.out, "\\begin{{tabular}}{{lrrr}}\n\\hline")?;
        writeln!(
            self.out,
            "$\\theta$ & value & $\\partial L/\\partial\\theta$ & update \
             $-\\alpha c\\,\\partial L/\\partial\\theta$ \\\\\n\\hline"
        )?;
        for i in 0..self.names.len() {
            let update = match &r.update {
                Some(u) => format!("${}$", self.n(at(u, i))),
                None => "---".into(),
            };
            writeln!(
                self.out,
                "${}$ & ${}$ & ${}$ & {update} \\\\",
                param(&self.names[i]),
                self.n(at(&r.params, i)),
                self.n(at(&r.grads, i)),
            )?;
        }
        writeln!(self.out, "\\hline\n\\end{{tabular}}\n")?;
        if let Some(c) = &r.chains {
            let shown: Vec<String> = c.samples.iter().map(|s| s.index.to_string()).collect();
            let others = if shown.len() == c.samples_total {
                " (all of them)".to_string()
            } else {
                format!(
                    " of {} (\\texttt{{-{{}}-samples i,j,\\dots}} writes others)",
                    c.samples_total
                )
            };
            writeln!(
                self.out,
                "Chain rule through $\\partial L_i/\\partial z_{{{}}} = \\hat y_i - y_i$, for \
                 {} {}{others}.\n",
                c.depth,
                if shown.len() == 1 {
                    "sample"
                } else {
                    "samples"
                },
                shown.join(", "),
            )?;
            for chain in &c.chains {
                self.chain(c, chain)?;
            }
        }
        Ok(())
    }

    fn end(&mut self, diverged: Option<&str>) -> io::Result<()> {
        if let Some(d) = diverged {
            writeln!(self.out, "\\textbf{{{}}}", prose(d))?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_prose_are_latex() {
        assert_eq!(param("w1"), "w_{1}");
        assert_eq!(param("W12[0][3]"), "W_{12}[0][3]");
        assert_eq!(
            prose("∂L/∂w1 overflowed to −∞ (50% of b_1)"),
            r"$\partial$L/$\partial$w1 overflowed to $-$$\infty$ (50\% of b\_1)"
        );
    }
}
