//! The trace as Markdown for course notes: GitHub pipe tables (a header row, a separator row,
//! numbers right-aligned), `×10ⁿ` for scientific numbers, one table per parameter's chain rule
//! with a column per factor and a row per written sample, and the mean under it.

use std::io::{self, Write};

use gradscope_core::chain_rule::Link;

use crate::chain::StepChains;
use crate::decimal::Digits;
use crate::format::table::{header, mean_sentence, samples_sentence};
use crate::format::{at, formula, link_symbol, num, number, Style};
use crate::trace::{Sink, StepRecord, TraceInfo};

const S: Style = Style::Markdown;

/// Writes the trace as Markdown, step by step.
pub struct MarkdownSink<W: Write> {
    out: W,
    digits: Digits,
    names: Vec<String>,
}

impl<W: Write> MarkdownSink<W> {
    /// Markdown onto `out`, numbers to `digits` significant digits.
    pub fn new(out: W, digits: Digits) -> Self {
        MarkdownSink {
            out,
            digits,
            names: Vec::new(),
        }
    }

    fn n(&self, v: f64) -> String {
        num(v, self.digits, S)
    }

    fn table_row(&mut self, cells: &[String]) -> io::Result<()> {
        writeln!(self.out, "| {} |", cells.join(" | "))
    }

    /// A header row and its separator: the first column left-aligned, the rest right-aligned.
    fn table_head(&mut self, cells: &[String]) -> io::Result<()> {
        self.table_row(cells)?;
        let mut sep = vec!["---".to_string()];
        sep.extend((1..cells.len()).map(|_| "---:".to_string()));
        self.table_row(&sep)
    }

    fn chains(&mut self, c: &StepChains) -> io::Result<()> {
        let sentence = samples_sentence(c).replace("--samples i,j,…", "`--samples i,j,…`");
        writeln!(
            self.out,
            "Chain rule through ∂Lᵢ/∂z{} = ŷᵢ − yᵢ, {sentence}.\n",
            c.depth
        )?;
        for chain in &c.chains {
            let symbols: Vec<String> = chain
                .links
                .iter()
                .map(|&l| link_symbol(l, c.activation, S))
                .collect();
            writeln!(
                self.out,
                "**∂Lᵢ/∂{}** = {}\n",
                chain.name,
                formula(&symbols, " · ")
            )?;
            let mut head = vec!["i".to_string(), "x".to_string(), "y".to_string()];
            // A column headed "1" would puzzle: the bias factor is named by its derivative.
            head.extend(chain.links.iter().zip(symbols).map(|(link, s)| match link {
                Link::Bias(l) => format!("∂z{l}/∂b{l}"),
                _ => s,
            }));
            head.push(format!("∂Lᵢ/∂{}", chain.name));
            self.table_head(&head)?;
            let mut notes = Vec::new();
            for (sample, row) in c.samples.iter().zip(&chain.rows) {
                let mut cells = vec![
                    sample.index.to_string(),
                    number(&sample.x, S),
                    sample.y.to_string(),
                ];
                cells.extend(row.factors.iter().map(|f| number(f, S)));
                cells.push(number(&row.result, S));
                self.table_row(&cells)?;
                if let Some(z) = &row.rebuilt_at {
                    notes.push(format!(
                        "Sample {}: ŷ − y is below float64's range at z{} = {}; it is written \
                         from its logarithm, and backprop counts it as 0.",
                        sample.index,
                        c.depth,
                        number(z, S)
                    ));
                }
            }
            writeln!(self.out)?;
            for note in notes {
                writeln!(self.out, "{note}\n")?;
            }
            writeln!(self.out, "{}\n", mean_sentence(chain, c.samples_total, S))?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for MarkdownSink<W> {
    fn begin(&mut self, info: &TraceInfo) -> io::Result<()> {
        self.names = info.param_names.clone();
        writeln!(self.out, "{}\n", header(info, self.digits))?;
        if !info.width_one {
            writeln!(
                self.out,
                "The chain rule is written out for networks with one unit per layer only.\n"
            )?;
        }
        Ok(())
    }

    fn record(&mut self, r: &StepRecord) -> io::Result<()> {
        writeln!(self.out, "### Step {}\n", r.step)?;
        writeln!(
            self.out,
            "Loss L = {}, ‖∇L‖ = {}, clip factor c = {}.\n",
            self.n(r.loss),
            self.n(r.grad_norm),
            self.n(r.clip_scale)
        )?;
        let head = ["θ", "value", "∂L/∂θ", "update −α·c·∂L/∂θ"].map(String::from);
        self.table_head(&head)?;
        for i in 0..self.names.len() {
            let update = match &r.update {
                Some(u) => self.n(at(u, i)),
                None => "—".into(),
            };
            let cells = [
                self.names[i].clone(),
                self.n(at(&r.params, i)),
                self.n(at(&r.grads, i)),
                update,
            ];
            self.table_row(&cells)?;
        }
        writeln!(self.out)?;
        if let Some(c) = &r.chains {
            self.chains(c)?;
        }
        Ok(())
    }

    fn end(&mut self, diverged: Option<&str>) -> io::Result<()> {
        if let Some(d) = diverged {
            writeln!(self.out, "**{d}**")?;
        }
        self.out.flush()
    }
}
