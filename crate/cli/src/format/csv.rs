//! The trace as CSV, for spreadsheets and scripts: one row per step with `step`, `loss`, every
//! parameter, every gradient (`grad_<name>`), `grad_norm` and `clip_scale`. Numbers are written
//! like the JSON's (shortest form that reads back to the same float64, ASCII minus, −0 as 0,
//! `NaN` / `Infinity` / `-Infinity`); fields are quoted by csv-core where CSV needs it.

use std::io::{self, Write};

use crate::format::json_number;
use crate::trace::{Sink, StepRecord, TraceInfo};

/// Writes one CSV row per step; the divergence sentence, if any, goes to standard error (CSV
/// has no place for prose).
pub struct CsvSink<W: Write> {
    out: W,
    writer: csv_core::Writer,
}

impl<W: Write> CsvSink<W> {
    /// A CSV writer onto `out`.
    pub fn new(out: W) -> Self {
        CsvSink {
            out,
            writer: csv_core::Writer::new(),
        }
    }

    fn row(&mut self, fields: &[String]) -> io::Result<()> {
        let mut line = Vec::new();
        for (i, field) in fields.iter().enumerate() {
            // csv-core writes at most 2 + 2·len bytes for a field (every byte a quote) and 2
            // for a delimiter or terminator (a closing quote first).
            let mut buf = vec![0u8; 2 * field.len() + 4];
            let mut n = 0;
            if i > 0 {
                n += self.writer.delimiter(&mut buf).1;
            }
            let (_, _, written) = self.writer.field(field.as_bytes(), &mut buf[n..]);
            n += written;
            line.extend_from_slice(&buf[..n]);
        }
        let mut buf = [0u8; 4];
        let (_, n) = self.writer.terminator(&mut buf);
        line.extend_from_slice(&buf[..n]);
        self.out.write_all(&line)
    }
}

/// A number as the JSON writes it, without the quotes of the non-finite strings.
fn field(v: f64) -> String {
    match json_number(v) {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn begin(&mut self, info: &TraceInfo) -> io::Result<()> {
        let mut header = vec!["step".to_string(), "loss".to_string()];
        header.extend(info.param_names.iter().cloned());
        header.extend(info.param_names.iter().map(|n| format!("grad_{n}")));
        header.extend(["grad_norm".to_string(), "clip_scale".to_string()]);
        self.row(&header)
    }

    fn record(&mut self, r: &StepRecord) -> io::Result<()> {
        let mut row = vec![r.step.to_string(), field(r.loss)];
        row.extend(r.params.iter().map(|&v| field(v)));
        row.extend(r.grads.iter().map(|&v| field(v)));
        row.extend([field(r.grad_norm), field(r.clip_scale)]);
        self.row(&row)
    }

    fn end(&mut self, diverged: Option<&str>) -> io::Result<()> {
        if let Some(d) = diverged {
            eprintln!("gradscope: {d}");
        }
        self.out.flush()
    }
}
