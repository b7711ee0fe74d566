use alloc::string::String;
use core::fmt;

/// Every way an input can be rejected. Validation happens where data enters (constructors,
/// setters, the CSV parser); nothing in this crate panics on user input.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Layer widths, parameter counts or indices that do not fit the network.
    BadShape(String),
    /// A number that must be finite (or in a range) was not; `what` names it.
    NonFinite {
        /// The quantity, e.g. "learning rate" or "w3".
        what: String,
        /// The offending value.
        value: f64,
    },
    /// A number out of its allowed range; `what` says which and the range.
    OutOfRange {
        /// The quantity and its allowed range, readable by a learner.
        what: String,
        /// The offending value.
        value: f64,
    },
    /// A CSV file was rejected at 1-based `line` for `reason`.
    Csv {
        /// 1-based line number in the file (0 when the file as a whole is wrong).
        line: usize,
        /// What is wrong, readable by a learner.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadShape(msg) => write!(f, "{msg}"),
            Error::NonFinite { what, value } => {
                write!(f, "{what} must be a finite number (got {})", Short(*value))
            }
            Error::OutOfRange { what, value } => write!(f, "{what} (got {})", Short(*value)),
            Error::Csv { line: 0, reason } => write!(f, "CSV: {reason}"),
            Error::Csv { line, reason } => write!(f, "CSV line {line}: {reason}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// A number as a learner would write it: plain between 10⁻⁴ and 10⁶, else scientific, so that
/// 1e−320 does not print as 320 digits.
struct Short(f64);

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v == 0.0 || !v.is_finite() || (1e-4..1e6).contains(&v.abs()) {
            write!(f, "{v}")
        } else {
            write!(f, "{v:e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn messages_keep_numbers_short() {
        let e = Error::OutOfRange {
            what: "the learning rate must be between 1e-8 and 1e3".to_string(),
            value: 1e-320,
        };
        assert_eq!(
            e.to_string(),
            "the learning rate must be between 1e-8 and 1e3 (got 1e-320)"
        );
        let e = Error::NonFinite {
            what: "w3".to_string(),
            value: f64::NAN,
        };
        assert_eq!(e.to_string(), "w3 must be a finite number (got NaN)");
        let e = Error::OutOfRange {
            what: "x".to_string(),
            value: 0.5,
        };
        assert_eq!(e.to_string(), "x (got 0.5)");
    }
}
