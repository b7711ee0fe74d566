//! A dense feed-forward network with one input and one sigmoid output.
//!
//! Conventions (those of the reference cases): `a₀ = x`, `z_l = W_l a_(l−1) + b_l`,
//! `a_l = act(z_l)` for hidden layers, `ŷ = σ(z_L)`. `W_l` has `n_l` rows and `n_(l−1)` columns;
//! `W_l[j][k]` connects input unit k to output unit j. Parameters live in one flat vector in the
//! order `W1 (row-major), b1, W2, b2, …, WL, bL`; the seed network `[1, 1, 1, 1]` is
//! `[w1, b1, w2, b2, w3, b3]`.
//!
//! The per-sample forward and backward passes live in the child module `propagation`, the
//! layer-major full-batch pass in `batch` (its matrix kernels in `kernels`).

mod batch;
mod kernels;
mod propagation;
mod stats;

pub use stats::LayerStats;

pub use propagation::Tape;

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::{float, Activation, Error, Result};

/// Largest number of weight layers a network may have.
pub const MAX_DEPTH: usize = 64;
/// Largest width of a hidden layer.
pub const MAX_WIDTH: usize = 64;

/// A dense network `[1, n1, …, n(L−1), 1]` with its parameters.
///
/// Every field is private: the widths are fixed by [`Network::new`], which also derives the
/// layout fields from them, so the two cannot go out of step; parameters change only through
/// setters that validate ([`Network::set_params`], [`Network::set_param`]) and the update step
/// [`Network::descend`].
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    widths: Vec<usize>,
    hidden: Activation,
    params: Vec<f64>,
    /// Start of `W_l` in `params` for l = 0..L, then `params.len()`.
    offsets: Vec<usize>,
    /// Start of layer l's units in the tape (prefix sums of `widths`), l = 0..=L+1.
    units: Vec<usize>,
    /// Widest layer.
    max_width: usize,
    /// Every layer has one unit (the seed network, the deep width-one networks): the names
    /// `w1, b1, …`.
    width_one: bool,
}

impl Network {
    /// A network of the given layer widths with every parameter 0.
    ///
    /// `widths = [n0, …, nL]` must have `n0 = nL = 1`, 1 ≤ L ≤ [`MAX_DEPTH`], and every hidden width
    /// in 1..=[`MAX_WIDTH`]; otherwise [`Error::BadShape`].
    pub fn new(widths: &[usize], hidden: Activation) -> Result<Self> {
        let depth = widths.len().saturating_sub(1);
        if !(1..=MAX_DEPTH).contains(&depth) {
            return Err(Error::BadShape(format!(
                "a network needs 1 to {MAX_DEPTH} weight layers (got {depth})"
            )));
        }
        if widths[0] != 1 || widths[depth] != 1 {
            return Err(Error::BadShape(String::from(
                "the input and output layers must each have exactly one unit",
            )));
        }
        if let Some(&w) = widths[1..depth]
            .iter()
            .find(|&&w| !(1..=MAX_WIDTH).contains(&w))
        {
            return Err(Error::BadShape(format!(
                "hidden layers need 1 to {MAX_WIDTH} units (got {w})"
            )));
        }
        let mut offsets = Vec::with_capacity(depth + 1);
        let mut total = 0;
        for l in 0..depth {
            offsets.push(total);
            total += widths[l + 1] * widths[l] + widths[l + 1];
        }
        offsets.push(total);
        let mut units = Vec::with_capacity(widths.len() + 1);
        units.push(0);
        for &w in widths {
            units.push(units[units.len() - 1] + w);
        }
        Ok(Network {
            widths: widths.to_vec(),
            hidden,
            params: vec![0.0; total],
            offsets,
            units,
            max_width: widths.iter().copied().max().unwrap_or(1),
            width_one: widths.iter().all(|&w| w == 1),
        })
    }

    /// The textbook seed network `x → ReLU → ReLU → σ` with `[w1, b1, w2, b2, w3, b3]`.
    ///
    /// Errors: [`Error::NonFinite`] if any value is not finite.
    pub fn seed(params: [f64; 6]) -> Result<Self> {
        let mut net = Network::new(&[1, 1, 1, 1], Activation::Relu)?;
        net.set_params(&params)?;
        Ok(net)
    }

    /// Layer widths `[n0, …, nL]`.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// Number of weight layers L.
    pub fn depth(&self) -> usize {
        self.widths.len() - 1
    }

    /// Activation of the hidden units.
    pub fn hidden_activation(&self) -> Activation {
        self.hidden
    }

    /// The parameters in flat order (`W1` row-major, `b1`, …, `WL`, `bL`).
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// Number of parameters.
    pub fn param_count(&self) -> usize {
        self.params.len()
    }

    /// Replaces every parameter. Errors: [`Error::BadShape`] on a wrong length,
    /// [`Error::NonFinite`] on a non-finite value (the network is then unchanged).
    pub fn set_params(&mut self, params: &[f64]) -> Result<()> {
        if params.len() != self.params.len() {
            return Err(Error::BadShape(format!(
                "expected {} parameters, got {}",
                self.params.len(),
                params.len()
            )));
        }
        if let Some(i) = params.iter().position(|v| !v.is_finite()) {
            return Err(Error::NonFinite {
                what: self.param_name(i),
                value: params[i],
            });
        }
        self.params.copy_from_slice(params);
        Ok(())
    }

    /// Sets parameter `index` (flat order). Errors: [`Error::BadShape`] for an index out of range,
    /// [`Error::NonFinite`] for a non-finite value.
    pub fn set_param(&mut self, index: usize, value: f64) -> Result<()> {
        if index >= self.params.len() {
            return Err(Error::BadShape(format!(
                "parameter index {index} is out of range (the network has {})",
                self.params.len()
            )));
        }
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what: self.param_name(index),
                value,
            });
        }
        self.params[index] = value;
        Ok(())
    }

    /// One gradient-descent update: `θᵢ ← θᵢ + k·gradᵢ` for every parameter (flat order), e.g.
    /// `k = −α·c` with `grad = ∂L/∂θ`; each sum is rounded once, as `θᵢ + (k·gradᵢ)`.
    ///
    /// Errors, with the network then unchanged: [`Error::BadShape`] unless `grad` has
    /// [`Network::param_count`] values; [`Error::NonFinite`] for a non-finite `k` or gradient
    /// component.
    ///
    /// The results are *not* checked: finite inputs can still overflow, leaving ±∞ (or NaN)
    /// in θ. That is deliberate and the only way a non-finite parameter arises: the trainer's
    /// divergence detection looks for it right after the update and reports
    /// [`Status::Diverged`](crate::Status::Diverged) with the first non-finite parameter
    /// ([`DivergenceCause::Parameter`](crate::DivergenceCause::Parameter)).
    pub fn descend(&mut self, k: f64, grad: &[f64]) -> Result<()> {
        if grad.len() != self.params.len() {
            return Err(Error::BadShape(format!(
                "expected a gradient of {} values, got {}",
                self.params.len(),
                grad.len()
            )));
        }
        if !k.is_finite() {
            return Err(Error::NonFinite {
                what: String::from("the step factor"),
                value: k,
            });
        }
        if let Some(i) = grad.iter().position(|g| !g.is_finite()) {
            return Err(Error::NonFinite {
                what: format!("∂L/∂{}", self.param_name(i)),
                value: grad[i],
            });
        }
        for (p, g) in self.params.iter_mut().zip(grad) {
            *p += k * g;
        }
        Ok(())
    }

    /// True when every layer has one unit (the seed network, the deep width-one networks).
    pub fn is_width_one(&self) -> bool {
        self.width_one
    }

    /// The weight layer (1-based, 1..=L) that parameter `index` (< param_count) belongs to.
    pub(crate) fn layer_of(&self, index: usize) -> usize {
        self.offsets[1..].partition_point(|&end| end <= index) + 1
    }

    /// Ranges of flat indices holding `W_l` (row-major, `n_l × n_(l−1)`) and `b_l` (`n_l`) of
    /// the 1-based layer `l`, or `None` unless 1 ≤ l ≤ L.
    pub fn layer_params(
        &self,
        l: usize,
    ) -> Option<(core::ops::Range<usize>, core::ops::Range<usize>)> {
        (1..=self.depth())
            .contains(&l)
            .then(|| self.layer_ranges(l))
    }

    /// [`Network::layer_params`] for a layer known to exist (1 ≤ l ≤ L).
    pub(crate) fn layer_ranges(
        &self,
        l: usize,
    ) -> (core::ops::Range<usize>, core::ops::Range<usize>) {
        let start = self.offsets[l - 1];
        let w_len = self.widths[l] * self.widths[l - 1];
        (start..start + w_len, start + w_len..self.offsets[l])
    }

    /// The name of parameter `index`: `w1, b1, …` when every layer has one unit (width-one
    /// networks), else `W2[j][k]` / `b2[j]` with 1-based layers and 0-based units, and `bL` for
    /// the single output bias (the reference cases' names).
    pub fn param_name(&self, index: usize) -> String {
        if index >= self.params.len() {
            return format!("parameter {index}");
        }
        let l = self.layer_of(index);
        let (w, b) = self.layer_ranges(l);
        if w.contains(&index) {
            if self.width_one {
                return format!("w{l}");
            }
            let k = index - w.start;
            let n_in = self.widths[l - 1];
            format!("W{l}[{}][{}]", k / n_in, k % n_in)
        } else if self.width_one || l == self.depth() {
            // The output layer has one unit: its bias is plain b_L.
            format!("b{l}")
        } else {
            format!("b{l}[{}]", index - b.start)
        }
    }

    /// Frobenius norms `(‖W_l‖, ‖b_l‖)` of each layer's part of a flat vector `v` in parameter
    /// order (e.g. ∂L/∂θ), l = 1..=L. Errors: [`Error::BadShape`] on a wrong length.
    pub fn layer_norms(&self, v: &[f64]) -> Result<Vec<(f64, f64)>> {
        if v.len() != self.params.len() {
            return Err(Error::BadShape(format!(
                "expected {} values, got {}",
                self.params.len(),
                v.len()
            )));
        }
        Ok((1..=self.depth())
            .map(|l| {
                let (w, b) = self.layer_ranges(l);
                (float::norm(&v[w]), float::norm(&v[b]))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_layout_and_names() {
        let net = Network::seed([0.5, 0.1, -0.3, 0.5, 1.5, -0.2]).unwrap();
        let names: Vec<String> = (0..6).map(|i| net.param_name(i)).collect();
        assert_eq!(names, ["w1", "b1", "w2", "b2", "w3", "b3"]);
        assert_eq!(
            (0..6).map(|i| net.layer_of(i)).collect::<Vec<_>>(),
            [1, 1, 2, 2, 3, 3]
        );
    }

    #[test]
    fn wide_names_and_shape_errors() {
        let net = Network::new(&[1, 3, 1], Activation::Tanh).unwrap();
        assert_eq!(net.param_count(), 3 + 3 + 3 + 1);
        assert_eq!(net.param_name(1), "W1[1][0]");
        assert_eq!(net.param_name(3), "b1[0]");
        assert_eq!(net.param_name(8), "W2[0][2]");
        assert_eq!(net.param_name(9), "b2");
        assert!(Network::new(&[1], Activation::Relu).is_err());
        assert!(Network::new(&[2, 1], Activation::Relu).is_err());
        assert!(Network::new(&[1, 0, 1], Activation::Relu).is_err());
        assert!(Network::new(&[1, 65, 1], Activation::Relu).is_err());
    }

    #[test]
    fn setters_reject_non_finite_and_keep_state() {
        let mut net = Network::seed([1.0; 6]).unwrap();
        assert!(net.set_param(2, f64::NAN).is_err());
        assert!(net.set_param(6, 1.0).is_err());
        assert!(net.set_params(&[1.0, 2.0]).is_err());
        assert_eq!(net.params(), &[1.0; 6]);
    }

    #[test]
    fn descend_adds_k_times_grad_and_refuses_bad_input() {
        let mut net = Network::seed([1.0, 0.0, 1.0, 0.0, 1.0, 0.0]).unwrap();
        net.descend(-0.5, &[2.0, 4.0, 0.0, -2.0, 1.0, 0.5]).unwrap();
        assert_eq!(net.params(), &[0.0, -2.0, 1.0, 1.0, 0.5, -0.25]);
        let before = net.clone();
        assert!(net.descend(1.0, &[1.0; 5]).is_err());
        assert!(net.descend(f64::NAN, &[1.0; 6]).is_err());
        assert!(net
            .descend(1.0, &[1.0, f64::INFINITY, 1.0, 1.0, 1.0, 1.0])
            .is_err());
        assert_eq!(net, before);
        // An update that overflows is written: the trainer detects it as a divergence.
        net.descend(f64::MAX, &[0.0, 0.0, 0.0, 0.0, 4.0, 0.0])
            .unwrap();
        assert_eq!(net.params()[4], f64::INFINITY);
    }

    #[test]
    fn width_one_flag_follows_the_widths() {
        assert!(Network::new(&[1, 1, 1, 1], Activation::Relu)
            .unwrap()
            .is_width_one());
        assert!(!Network::new(&[1, 2, 1], Activation::Relu)
            .unwrap()
            .is_width_one());
    }
}
