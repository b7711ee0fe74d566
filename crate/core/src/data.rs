//! Data sets of `(x, y)` pairs: one real-valued input, a binary label; the built-in sets as one
//! list ([`Builtin`]); and a strict CSV parser ([`Dataset::from_csv`]) for programs that use this
//! library (neither the page nor the command-line tool reads CSV yet).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::{Error, Result};

/// The bundled breast-cancer CSV (see `crate/core/data/README.md` for provenance and licence).
const BREAST_CANCER_CSV: &[u8] = include_bytes!("../data/breast_cancer_mean_radius.csv");

/// A row limit for [`Dataset::from_csv`] when the caller has none of its own (the bundled
/// breast-cancer file is read with it).
pub const DEFAULT_MAX_ROWS: usize = 10_000;

/// The data sets built into the library: the one list the explorer and its controls are built
/// from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// [`Dataset::breast_cancer`]: 569 tumours, x = standardized mean radius, y = 1 if
    /// malignant.
    BreastCancer,
    /// [`Dataset::threshold`]: 8 synthetic samples whose minimum loss is known.
    Threshold,
}

impl Builtin {
    /// Every built-in set, in the order the explorer lists them.
    pub const ALL: [Builtin; 2] = [Builtin::BreastCancer, Builtin::Threshold];

    /// The stable identifier (for URLs, attributes and configuration files): "breast-cancer"
    /// or "threshold".
    pub fn id(self) -> &'static str {
        match self {
            Builtin::BreastCancer => "breast-cancer",
            Builtin::Threshold => "threshold",
        }
    }

    /// The set whose [`Builtin::id`] is `id` (exactly), if any.
    pub fn from_id(id: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.id() == id)
    }

    /// The name a reader sees.
    pub fn label(self) -> &'static str {
        match self {
            Builtin::BreastCancer => "Breast cancer (Wisconsin), mean radius",
            Builtin::Threshold => "Synthetic threshold",
        }
    }

    /// What the input x is.
    pub fn x_meaning(self) -> &'static str {
        match self {
            Builtin::BreastCancer => "mean radius, standardized",
            Builtin::Threshold => "−1 or +1, four samples each",
        }
    }

    /// What the label y = 1 means.
    pub fn y_meaning(self) -> &'static str {
        match self {
            Builtin::BreastCancer => "1 = malignant",
            Builtin::Threshold => {
                "1 for one of the four samples at x = −1, three of the four at +1"
            }
        }
    }

    /// The data set itself.
    pub fn load(self) -> Dataset {
        match self {
            Builtin::BreastCancer => Dataset::breast_cancer(),
            Builtin::Threshold => Dataset::threshold(),
        }
    }
}

/// A data set: inputs `xs` and labels `ys ∈ {0, 1}`, same length N ≥ 1, every value finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl Dataset {
    /// A data set from parallel slices. Errors: [`Error::BadShape`] if the lengths differ or are
    /// 0, [`Error::NonFinite`] for a non-finite x, [`Error::OutOfRange`] for a label not 0 or 1.
    pub fn new(xs: Vec<f64>, ys: Vec<f64>) -> Result<Self> {
        if xs.is_empty() || xs.len() != ys.len() {
            return Err(Error::BadShape(format!(
                "a data set needs as many labels as inputs, at least one (got {} and {})",
                xs.len(),
                ys.len()
            )));
        }
        if let Some(&x) = xs.iter().find(|x| !x.is_finite()) {
            return Err(Error::NonFinite {
                what: "x".to_string(),
                value: x,
            });
        }
        if let Some(&y) = ys.iter().find(|&&y| y != 0.0 && y != 1.0) {
            return Err(Error::OutOfRange {
                what: "a label must be 0 or 1".to_string(),
                value: y,
            });
        }
        Ok(Dataset { xs, ys })
    }

    /// Breast Cancer Wisconsin (Diagnostic), Wolberg, Street & Mangasarian 1995 (CC BY 4.0):
    /// x = standardized mean radius, y = 1 if malignant. 569 rows, 212 malignant.
    pub fn breast_cancer() -> Self {
        // The bundled file is fixed and tested below; an error here would be a build defect,
        // and falling back to a one-row set keeps the explorer alive rather than panicking.
        Dataset::from_csv(BREAST_CANCER_CSV, DEFAULT_MAX_ROWS).unwrap_or(Dataset {
            xs: alloc::vec![0.0],
            ys: alloc::vec![0.0],
        })
    }

    /// The first `n` samples (all of them if `n` ≥ N; at least one).
    pub fn head(&self, n: usize) -> Dataset {
        let n = n.clamp(1, self.len());
        Dataset {
            xs: self.xs[..n].to_vec(),
            ys: self.ys[..n].to_vec(),
        }
    }

    /// A synthetic set whose minimum is known: four samples at x = −1 (one labelled 1) and four
    /// at x = +1 (three labelled 1). The best any model can do is predict ŷ = ¼ and ¾ there, i.e.
    /// logits ∓ln 3, for a mean loss of H(¼) = −¼ln¼ − ¾ln¾ = 0.5623351446188083 nats; the
    /// seed network reaches it with w1 = 1, b1 = 1, w2 = 1, b2 = 0, w3 = ln 3, b3 = −ln 3.
    pub fn threshold() -> Self {
        Dataset {
            xs: alloc::vec![-1.0, -1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0],
            ys: alloc::vec![1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0],
        }
    }

    /// Inputs, length N.
    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// Labels (0.0 or 1.0), length N.
    pub fn ys(&self) -> &[f64] {
        &self.ys
    }

    /// The entropy of the labels, nats: −p ln p − (1 − p) ln(1 − p) with p the fraction of
    /// ones, the binary cross-entropy of the best constant prediction ŷ = p (0 when every label
    /// is the same).
    pub fn label_entropy(&self) -> f64 {
        let p = self.ys().iter().sum::<f64>() / self.len() as f64;
        if p <= 0.0 || p >= 1.0 {
            return 0.0;
        }
        -(p * libm::log(p) + (1.0 - p) * libm::log(1.0 - p))
    }

    /// Number of samples N.
    pub fn len(&self) -> usize {
        self.xs.len()
    }

    /// Always false: a data set has at least one sample.
    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    /// Parses CSV text with two columns `x,y` (an optional header line first; a UTF-8 BOM, CRLF
    /// line ends and blank lines are accepted). Errors, each [`Error::Csv`] with the 1-based line:
    /// text in a number field, a missing or extra column, a non-finite number (`inf`, `NaN`,
    /// `1e999`), a label other than 0 or 1, no data rows, only one class, more than `max_rows` rows.
    pub fn from_csv(text: &[u8], max_rows: usize) -> Result<Self> {
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        let mut reader = csv_core::Reader::new();
        let mut input = text;
        let mut field_buf = [0u8; 256];
        let mut ends = [0usize; 3];
        // What the record being read has written so far: csv-core resumes a record across
        // calls only if it is handed the rest of the same buffers.
        let (mut out_len, mut ends_len) = (0, 0);
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        // Line numbers are counted here (csv-core's own count lags behind on CRLF and ignores
        // lone CR): `lines.at(pos)` is the 1-based line holding byte `pos` of `text`.
        let mut lines = LineCounter::default();
        let mut record_line = 1;
        loop {
            if out_len == 0 && ends_len == 0 {
                // A new record starts at the first byte that is not a line break.
                let pos = text.len() - input.len();
                let skip = input
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
                record_line = lines.at(text, pos + skip);
            }
            let (result, n_in, n_out, n_ends) =
                reader.read_record(input, &mut field_buf[out_len..], &mut ends[ends_len..]);
            input = &input[n_in..];
            // csv-core counts field ends from the start of the record, across calls.
            out_len += n_out;
            ends_len += n_ends;
            match result {
                csv_core::ReadRecordResult::InputEmpty => continue,
                csv_core::ReadRecordResult::OutputFull => {
                    return Err(csv_err(record_line, "a field is too long to be a number"))
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    return Err(csv_err(record_line, "too many columns: expected two, x,y"))
                }
                csv_core::ReadRecordResult::End => break,
                csv_core::ReadRecordResult::Record => {}
            }
            let fields = split_fields(&field_buf[..out_len], &ends[..ends_len]);
            (out_len, ends_len) = (0, 0);
            if fields.len() == 1 && fields[0].trim().is_empty() {
                continue;
            }
            if xs.is_empty() && is_header(&fields) {
                continue;
            }
            if fields.len() != 2 {
                return Err(csv_err(
                    record_line,
                    &format!("expected two columns, x,y (found {})", fields.len()),
                ));
            }
            let x = parse_number(fields[0], "x", record_line)?;
            let y = parse_number(fields[1], "y", record_line)?;
            if y != 0.0 && y != 1.0 {
                return Err(csv_err(
                    record_line,
                    &format!("the label y must be 0 or 1 (found {})", fields[1].trim()),
                ));
            }
            if xs.len() == max_rows {
                return Err(csv_err(
                    record_line,
                    &format!("too many rows: at most {max_rows} are accepted"),
                ));
            }
            xs.push(x);
            ys.push(y);
        }
        if xs.is_empty() {
            return Err(csv_err(0, "the file has no data rows"));
        }
        let positives = ys.iter().filter(|&&y| y == 1.0).count();
        if positives == 0 || positives == ys.len() {
            return Err(csv_err(
                0,
                "every row has the same label: a classifier needs both 0 and 1",
            ));
        }
        Ok(Dataset { xs, ys })
    }
}

/// Counts line breaks (LF, CRLF or a lone CR) from the start of a text, incrementally.
#[derive(Default)]
struct LineCounter {
    pos: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of byte `pos` (positions must not decrease between calls).
    fn at(&mut self, text: &[u8], pos: usize) -> usize {
        let pos = pos.min(text.len());
        for i in self.pos..pos {
            let lone_cr = text[i] == b'\r' && text.get(i + 1) != Some(&b'\n');
            if text[i] == b'\n' || lone_cr {
                self.line += 1;
            }
        }
        self.pos = self.pos.max(pos);
        self.line + 1
    }
}

fn csv_err(line: usize, reason: &str) -> Error {
    Error::Csv {
        line,
        reason: reason.to_string(),
    }
}

fn split_fields<'a>(buf: &'a [u8], ends: &[usize]) -> Vec<&'a str> {
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let field = buf
                .get(start..end)
                .and_then(|b| core::str::from_utf8(b).ok())
                .unwrap_or("\u{FFFD}");
            start = end;
            field
        })
        .collect()
}

fn is_header(fields: &[&str]) -> bool {
    fields.iter().any(|f| f.trim().parse::<f64>().is_err())
        && fields.iter().all(|f| {
            f.trim()
                .chars()
                .all(|c| c.is_alphabetic() || c == '_' || c == ' ')
        })
}

fn parse_number(field: &str, column: &str, line: usize) -> Result<f64> {
    let text = field.trim();
    if text.is_empty() {
        return Err(csv_err(line, &format!("the {column} field is empty")));
    }
    // Rust's parser accepts `inf`, `NaN` and `infinity`; only plain decimal numbers are data.
    let plain = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
    let value: Option<f64> = if plain { text.parse().ok() } else { None };
    match value {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(csv_err(
            line,
            &format!("{column} = {text} is too large to be a finite number"),
        )),
        None => Err(csv_err(
            line,
            &format!("{column} must be a number (found \"{}\")", shorten(text)),
        )),
    }
}

fn shorten(text: &str) -> String {
    text.chars().take(24).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(err: Error) -> usize {
        match err {
            Error::Csv { line, .. } => line,
            other => panic!("expected a CSV error, got {other:?}"),
        }
    }

    #[test]
    fn builtin_ids_round_trip_and_all_lists_each_once() {
        // Exhaustive: a new set fails to compile here until it is placed in `ALL`.
        let position = |b: Builtin| match b {
            Builtin::BreastCancer => 0,
            Builtin::Threshold => 1,
        };
        for (i, b) in Builtin::ALL.into_iter().enumerate() {
            assert_eq!(position(b), i);
            assert_eq!(Builtin::from_id(b.id()), Some(b));
            assert!(!b.label().is_empty() && !b.x_meaning().is_empty());
            assert!(!b.y_meaning().is_empty());
        }
        assert_eq!(
            Builtin::ALL.map(Builtin::id),
            ["breast-cancer", "threshold"]
        );
        assert_eq!(Builtin::from_id("breast_cancer"), None);
        assert_eq!(Builtin::BreastCancer.load(), Dataset::breast_cancer());
        assert_eq!(Builtin::Threshold.load(), Dataset::threshold());
    }

    #[test]
    fn bundled_set_matches_its_metadata() {
        let d = Dataset::breast_cancer();
        assert_eq!(d.len(), 569);
        assert_eq!(d.ys().iter().filter(|&&y| y == 1.0).count(), 212);
        assert_eq!(d.xs()[0], 1.0970639814699839);
        let min = d.xs().iter().cloned().fold(f64::INFINITY, f64::min);
        let max = d.xs().iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(min, -2.0296483039857525);
        assert_eq!(max, 3.9712876465451097);
    }

    #[test]
    fn threshold_set_minimum_is_where_the_docs_say() {
        let ln3 = 3f64.ln();
        let net = crate::Network::seed([1.0, 1.0, 1.0, 0.0, ln3, -ln3]).unwrap();
        let mut grad = Vec::new();
        let loss = net.loss_and_gradient(
            &Dataset::threshold(),
            &mut crate::Tape::default(),
            &mut grad,
        );
        // H(1/4) = ln 4 − (3/4)·ln 3 = 0.5623351446188083.
        assert!((loss - 0.5623351446188083).abs() < 1e-15, "{loss}");
        assert!(grad.iter().all(|g| g.abs() < 1e-15), "{grad:?}");
    }

    #[test]
    fn accepts_bom_crlf_header_and_trailing_blank_lines() {
        let d = Dataset::from_csv(b"\xEF\xBB\xBFx,y\r\n0.5,0\r\n1.5,1\r\n\r\n\r\n", 10).unwrap();
        assert_eq!(d.xs(), &[0.5, 1.5]);
        assert_eq!(d.ys(), &[0.0, 1.0]);
    }

    #[test]
    fn last_line_without_newline_is_read() {
        let d = Dataset::from_csv(b"x,y\n1,0\n2,1", 10).unwrap();
        assert_eq!(d.xs(), &[1.0, 2.0]);
        assert_eq!(d.ys(), &[0.0, 1.0]);
        assert_eq!(
            line_of(Dataset::from_csv(b"x,y\n1,0\n2,1\nz,1", 10).unwrap_err()),
            4
        );
    }

    #[test]
    fn rejections_name_the_line() {
        assert_eq!(
            line_of(Dataset::from_csv(b"x,y\n1,0\nabc,1\n", 10).unwrap_err()),
            3
        );
        assert_eq!(line_of(Dataset::from_csv(b"1,0\n2\n", 10).unwrap_err()), 2);
        assert_eq!(
            line_of(Dataset::from_csv(b"1,0\n2,0.5\n", 10).unwrap_err()),
            2
        );
        assert_eq!(
            line_of(Dataset::from_csv(b"1,0\ninf,1\n", 10).unwrap_err()),
            2
        );
        assert_eq!(
            line_of(Dataset::from_csv(b"1,0\n1e999,1\n", 10).unwrap_err()),
            2
        );
        assert_eq!(
            line_of(Dataset::from_csv(b"1,0\n2,1\n3,1\n", 2).unwrap_err()),
            3
        );
        assert_eq!(
            line_of(Dataset::from_csv(b"1,1\n2,1\n", 10).unwrap_err()),
            0
        );
        assert_eq!(line_of(Dataset::from_csv(b"", 10).unwrap_err()), 0);
        assert_eq!(line_of(Dataset::from_csv(b"x,y\n", 10).unwrap_err()), 0);
        assert_eq!(line_of(Dataset::from_csv(b"1,0,3\n", 10).unwrap_err()), 1);
    }
}
