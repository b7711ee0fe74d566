//! Data sets of `(x, y)` pairs: one real-valued input, a binary label; the built-in sets as one
//! list ([`Builtin`]); and a strict CSV parser ([`Dataset::from_csv`]) for programs that use this
//! library and for `gradscope trace --data` (the page does not read CSV yet).

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use crate::{Error, Result};

mod csv;

/// The bundled breast-cancer CSV (see `crate/core/data/README.md` for provenance and licence).
const BREAST_CANCER_CSV: &[u8] = include_bytes!("../../data/breast_cancer_mean_radius.csv");

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
