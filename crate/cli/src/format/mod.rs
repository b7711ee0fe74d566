//! The output formats of `gradscope trace`, one [`Sink`] each: JSON and CSV for programs (every
//! number reads back to the same float64), and a text table, Markdown and LaTeX for people
//! (numbers to `--digits` significant digits, the chain rule written out).

use std::io::Write;

use clap::ValueEnum;
use gradscope_core::chain_rule::Link;
use gradscope_core::Activation;

use crate::decimal::{Decimal, Digits};
use crate::trace::Sink;

mod csv;
mod json;
mod latex;
mod markdown;
mod table;

pub use self::csv::CsvSink;
pub use self::json::{number as json_number, JsonSink};
pub use self::latex::LatexSink;
pub use self::markdown::MarkdownSink;
pub use self::table::TableSink;

/// An output format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object `{"param_names": [...], "records": [...]}`.
    Json,
    /// An aligned text table with the chain rule written out.
    Table,
    /// One row per step: step, loss, every parameter, every gradient, grad norm, clip scale.
    Csv,
    /// Markdown (GitHub pipe tables).
    Md,
    /// LaTeX: `tabular` tables (no package needed) and the chain rule as display equations.
    Latex,
}

impl Format {
    /// Whether numbers are rounded for people (`--digits`, `--samples` apply).
    pub fn is_human(self) -> bool {
        matches!(self, Format::Table | Format::Md | Format::Latex)
    }
}

/// The sink writing `format` onto `out`, with numbers to `digits` significant digits where the
/// format rounds.
pub fn sink<'a, W: Write + 'a>(format: Format, out: W, digits: Digits) -> Box<dyn Sink + 'a> {
    match format {
        Format::Json => Box::new(JsonSink::new(out)),
        Format::Csv => Box::new(CsvSink::new(out)),
        Format::Table => Box::new(TableSink::new(out, digits)),
        Format::Md => Box::new(MarkdownSink::new(out, digits)),
        Format::Latex => Box::new(LatexSink::new(out, digits)),
    }
}

/// How a human format writes a power of ten and the non-finite values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `1.5e-7`, `inf`, `NaN`.
    Text,
    /// `1.5 × 10⁻⁷`, `∞`, `NaN`.
    Markdown,
    /// `1.5 \times 10^{-7}`, `\infty`, `\mathrm{NaN}` (math mode).
    Latex,
}

/// Unicode superscript digits and minus, for `10⁻⁷`.
fn superscript(n: i64) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s: String = n
        .unsigned_abs()
        .to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect();
    if n < 0 {
        s.insert(0, '⁻');
    }
    s
}

/// A rounded number as `style` writes it: plain when −4 ≤ exponent < min(6, digits) (so that no
/// zero is printed that is not significant), scientific otherwise; ASCII `-` for negatives; 0
/// for zero (never `-0`).
pub(crate) fn number(d: &Decimal, style: Style) -> String {
    let (negative, digits, exp10, sig) = match d {
        Decimal::Zero => return "0".into(),
        Decimal::NaN => {
            return match style {
                Style::Latex => r"\mathrm{NaN}".into(),
                _ => "NaN".into(),
            }
        }
        Decimal::Infinite { negative } => {
            let sign = if *negative { "-" } else { "" };
            return match style {
                Style::Text => format!("{sign}inf"),
                Style::Markdown => format!("{sign}∞"),
                Style::Latex => format!(r"{sign}\infty"),
            };
        }
        Decimal::Finite {
            negative,
            digits,
            exp10,
            sig,
        } => (*negative, digits.as_str(), *exp10, *sig),
    };
    let sign = if negative { "-" } else { "" };
    let limit = (sig as i64).min(6);
    if (-4..limit).contains(&exp10) {
        let body = if exp10 >= 0 {
            let int_len = exp10 as usize + 1;
            let mut int: String = digits.chars().take(int_len).collect();
            while int.len() < int_len {
                int.push('0');
            }
            let frac = digits.get(int_len..).unwrap_or("");
            if frac.is_empty() {
                int
            } else {
                format!("{int}.{frac}")
            }
        } else {
            format!("0.{}{digits}", "0".repeat((-exp10 - 1) as usize))
        };
        return format!("{sign}{body}");
    }
    let mantissa = match digits.split_at_checked(1) {
        Some((first, rest)) if !rest.is_empty() => format!("{first}.{rest}"),
        _ => digits.to_string(),
    };
    match style {
        Style::Text => format!("{sign}{mantissa}e{exp10}"),
        Style::Markdown => format!("{sign}{mantissa} × 10{}", superscript(exp10)),
        Style::Latex => format!(r"{sign}{mantissa} \times 10^{{{exp10}}}"),
    }
}

/// `f64` rounded to `digits` and written in `style`.
pub(crate) fn num(v: f64, digits: Digits, style: Style) -> String {
    number(&Decimal::of(v, digits), style)
}

/// `v[i]`, or NaN past the end (the records' vectors all have one entry per parameter).
pub(crate) fn at(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(f64::NAN)
}

/// The symbolic product `(ŷᵢ − yᵢ) · w3 · … · xᵢ` from the factors' symbols.
pub(crate) fn formula(symbols: &[String], times: &str) -> String {
    let mut parts = symbols.to_vec();
    if let Some(first) = parts.first_mut() {
        *first = format!("({first})");
    }
    parts.join(times)
}

/// The activation's name in a formula: ReLU, σ, tanh.
pub(crate) fn activation_symbol(a: Activation, style: Style) -> &'static str {
    match (a, style) {
        (Activation::Relu, Style::Latex) => r"\mathrm{ReLU}",
        (Activation::Sigmoid, Style::Latex) => r"\sigma",
        (Activation::Tanh, Style::Latex) => r"\tanh",
        (Activation::Relu, _) => "ReLU",
        (Activation::Sigmoid, _) => "σ",
        (Activation::Tanh, _) => "tanh",
    }
}

/// A factor's symbol: `ŷᵢ − yᵢ`, `w3`, `ReLU′(z2)`, `xᵢ`, `o1`, `1` (LaTeX: `\hat y_i - y_i`,
/// `w_{3}`, `\mathrm{ReLU}'(z_{2})`, `x_i`, `o_{1}`, `1`).
pub(crate) fn link_symbol(link: Link, a: Activation, style: Style) -> String {
    let act = activation_symbol(a, style);
    match (link, style) {
        (Link::OutputError, Style::Latex) => r"\hat y_i - y_i".into(),
        (Link::OutputError, _) => "ŷᵢ − yᵢ".into(),
        (Link::Weight(k), Style::Latex) => format!("w_{{{k}}}"),
        (Link::Weight(k), _) => format!("w{k}"),
        (Link::Slope(k), Style::Latex) => format!("{act}'(z_{{{k}}})"),
        (Link::Slope(k), _) => format!("{act}′(z{k})"),
        (Link::Input(1), Style::Latex) => "x_i".into(),
        (Link::Input(1), _) => "xᵢ".into(),
        (Link::Input(l), Style::Latex) => format!("o_{{{}}}", l - 1),
        (Link::Input(l), _) => format!("o{}", l - 1),
        (Link::Bias(_), _) => "1".into(),
    }
}

/// The numbers in a sum `a + b - c`, each already written: the sign of a negative term
/// becomes the operator.
pub(crate) fn signed_sum(terms: &[String]) -> String {
    let mut s = String::new();
    for (i, t) in terms.iter().enumerate() {
        match (i, t.strip_prefix('-')) {
            (0, _) => s.push_str(t),
            (_, Some(abs)) => {
                s.push_str(" - ");
                s.push_str(abs);
            }
            (_, None) => {
                s.push_str(" + ");
                s.push_str(t);
            }
        }
    }
    s
}

/// "sample" or "samples".
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The written samples as a list, `0, 1, 2 and 3`.
pub(crate) fn index_list(indices: &[usize]) -> String {
    let items: Vec<String> = indices.iter().map(usize::to_string).collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u8) -> Digits {
        Digits::new(n).unwrap_or_default()
    }

    #[test]
    fn numbers_in_each_style() {
        assert_eq!(
            num(-5.152884045475507e-7, d(10), Style::Text),
            "-5.152884045e-7"
        );
        assert_eq!(
            num(-5.152884045475507e-7, d(4), Style::Markdown),
            "-5.153 × 10⁻⁷"
        );
        assert_eq!(num(2.5e12, d(4), Style::Latex), r"2.5 \times 10^{12}");
        assert_eq!(num(500.0, d(10), Style::Text), "500");
        assert_eq!(num(500.0, d(2), Style::Text), "5e2");
        assert_eq!(num(123456.7, d(10), Style::Text), "123456.7");
        assert_eq!(num(0.00012, d(10), Style::Text), "0.00012");
        assert_eq!(num(-0.0, d(10), Style::Text), "0");
        assert_eq!(num(f64::NEG_INFINITY, d(3), Style::Latex), r"-\infty");
    }

    #[test]
    fn sums_and_lists_read_as_written() {
        let terms = ["1.5".to_string(), "-2".to_string(), "3e-7".to_string()];
        assert_eq!(signed_sum(&terms), "1.5 - 2 + 3e-7");
        assert_eq!(index_list(&[0, 1, 2, 3]), "0, 1, 2 and 3");
        assert_eq!(index_list(&[7]), "7");
    }
}
