//! The strict CSV reader of [`Dataset::from_csv`] (csv-core underneath), with errors that name
//! the line.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::Dataset;
use crate::{Error, Result};

impl Dataset {
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
