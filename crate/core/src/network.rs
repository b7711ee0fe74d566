//! A dense feed-forward network with one input and one sigmoid output.
//!
//! Conventions (those of the reference cases): `a₀ = x`, `z_l = W_l a_(l−1) + b_l`,
//! `a_l = act(z_l)` for hidden layers, `ŷ = σ(z_L)`. `W_l` has `n_l` rows and `n_(l−1)` columns;
//! `W_l[j][k]` connects input unit k to output unit j. Parameters live in one flat vector in the
//! order `W1 (row-major), b1, W2, b2, …, WL, bL`; the seed network `[1, 1, 1, 1]` is
//! `[w1, b1, w2, b2, w3, b3]`.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::{loss, Activation, Dataset, Error, Result};

/// Largest number of weight layers a network may have.
pub const MAX_DEPTH: usize = 64;
/// Largest width of a hidden layer.
pub const MAX_WIDTH: usize = 64;

/// A dense network `[1, n1, …, n(L−1), 1]` with its parameters.
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
    /// Every layer has one unit (the seed network and the deep chains): a scalar fast path.
    chain: bool,
}

/// Forward-pass cache for one sample, reused across samples to avoid allocation.
///
/// `z` holds the pre-activations of layers 1..=L, `a` the activations of layers 0..L−1 (layer 0 is
/// the input); `delta` holds ∂L/∂z of the layer being back-propagated.
#[derive(Debug, Clone, Default)]
pub struct Tape {
    z: Vec<f64>,
    a: Vec<f64>,
    delta: Vec<f64>,
    delta_prev: Vec<f64>,
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
            chain: widths.iter().all(|&w| w == 1),
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

    /// Writes parameters without validation; for the trainer, which checks finiteness itself.
    pub(crate) fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// True when every layer has one unit (the seed network, the deep chains).
    pub fn is_chain(&self) -> bool {
        self.chain
    }

    /// The weight layer (1-based, 1..=L) that parameter `index` (< param_count) belongs to.
    pub(crate) fn layer_of(&self, index: usize) -> usize {
        self.offsets[1..].partition_point(|&end| end <= index) + 1
    }

    /// Range of flat indices holding `W_l` and `b_l` of the 1-based layer `l`.
    pub(crate) fn layer_ranges(
        &self,
        l: usize,
    ) -> (core::ops::Range<usize>, core::ops::Range<usize>) {
        let start = self.offsets[l - 1];
        let w_len = self.widths[l] * self.widths[l - 1];
        (start..start + w_len, start + w_len..self.offsets[l])
    }

    /// The name of parameter `index`: `w1, b1, …` when every layer has one unit (width-1
    /// chains), else `W2[j][k]` / `b2[j]` with 1-based layers and 0-based units, and `bL` for
    /// the single output bias (the reference cases' names).
    pub fn param_name(&self, index: usize) -> String {
        if index >= self.params.len() {
            return format!("parameter {index}");
        }
        let l = self.layer_of(index);
        let (w, b) = self.layer_ranges(l);
        if w.contains(&index) {
            if self.chain {
                return format!("w{l}");
            }
            let k = index - w.start;
            let n_in = self.widths[l - 1];
            format!("W{l}[{}][{}]", k / n_in, k % n_in)
        } else if self.chain || l == self.depth() {
            // The output layer has one unit: its bias is plain b_L.
            format!("b{l}")
        } else {
            format!("b{l}[{}]", index - b.start)
        }
    }

    /// Sizes the tape for this network; free when it already fits.
    #[inline]
    fn prepare(&self, tape: &mut Tape) {
        let n = self.units[self.widths.len()] - 1;
        if tape.z.len() != n || tape.delta.len() != self.max_width {
            tape.z.resize(n, 0.0);
            tape.a.resize(n, 0.0);
            tape.delta.resize(self.max_width, 0.0);
            tape.delta_prev.resize(self.max_width, 0.0);
        }
    }

    /// Start of layer l's units (l = 0..=L) in the `a` / `z` tape arrays: layer 0 (the input)
    /// at 0 in `a`; pre-activations of layer l ≥ 1 at `unit_offset(l) − 1` in `z`.
    #[inline]
    fn unit_offset(&self, l: usize) -> usize {
        self.units[l]
    }

    /// Forward pass for one input `x`; returns the output logit z_L and leaves every
    /// pre-activation and hidden activation in `tape` for [`Network::backward`].
    pub fn forward(&self, x: f64, tape: &mut Tape) -> f64 {
        self.prepare(tape);
        tape.a[0] = x;
        self.forward_layers(0, tape)
    }

    /// Runs weight layers `from+1 ..= to` given the activations of layer `from` already in
    /// `tape.a`; hidden layers also store their activations.
    fn run_layers(&self, from: usize, to: usize, tape: &mut Tape) {
        let depth = self.depth();
        let mut in_off = self.unit_offset(from);
        for l in from + 1..=to {
            let n_in = self.widths[l - 1];
            let out_off = in_off + n_in;
            let (w, b) = self.layer_ranges(l);
            let w = &self.params[w];
            let b = &self.params[b];
            for j in 0..self.widths[l] {
                let row = &w[j * n_in..(j + 1) * n_in];
                let mut z = b[j];
                for (wk, ak) in row.iter().zip(&tape.a[in_off..in_off + n_in]) {
                    z += wk * ak;
                }
                tape.z[out_off - 1 + j] = z;
                if l < depth {
                    tape.a[out_off + j] = self.hidden.apply(z);
                }
            }
            in_off = out_off;
        }
    }

    /// Runs layers `from+1 ..= L`; returns the logit z_L.
    fn forward_layers(&self, from: usize, tape: &mut Tape) -> f64 {
        let depth = self.depth();
        self.run_layers(from, depth, tape);
        tape.z[self.unit_offset(depth) - 1]
    }

    /// The output logit for input `x` (allocates a tape; use [`Network::forward`] in loops).
    pub fn logit(&self, x: f64) -> f64 {
        self.forward(x, &mut Tape::default())
    }

    /// Backward pass after [`Network::forward`]: given `dz_out` = ∂Lᵢ/∂z_L of one sample
    /// (σ(z_L) − y for binary cross-entropy), adds ∂Lᵢ/∂θ to `grad` (flat order, length
    /// [`Network::param_count`]).
    pub(crate) fn backward(&self, dz_out: f64, tape: &mut Tape, grad: &mut [f64]) {
        let depth = self.depth();
        tape.delta[0] = dz_out;
        for l in (1..=depth).rev() {
            let n_in = self.widths[l - 1];
            let n_out = self.widths[l];
            let in_off = self.unit_offset(l - 1);
            let (w_range, b_range) = self.layer_ranges(l);
            for j in 0..n_out {
                let d = tape.delta[j];
                let g_row = &mut grad[w_range.start + j * n_in..w_range.start + (j + 1) * n_in];
                for (g, a) in g_row.iter_mut().zip(&tape.a[in_off..in_off + n_in]) {
                    *g += d * a;
                }
                grad[b_range.start + j] += d;
            }
            if l > 1 {
                let w = &self.params[w_range];
                for k in 0..n_in {
                    let mut s = 0.0;
                    for j in 0..n_out {
                        s += w[j * n_in + k] * tape.delta[j];
                    }
                    let z = tape.z[in_off - 1 + k];
                    let a = tape.a[in_off + k];
                    tape.delta_prev[k] = s * self.hidden.derivative(z, a);
                }
                core::mem::swap(&mut tape.delta, &mut tape.delta_prev);
            }
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
                (crate::train::norm(&v[w]), crate::train::norm(&v[b]))
            })
            .collect())
    }

    /// Mean binary cross-entropy over `data`, in nats.
    pub fn loss(&self, data: &Dataset) -> f64 {
        let mut tape = Tape::default();
        let mut sum = 0.0;
        for (&x, &y) in data.xs().iter().zip(data.ys()) {
            sum += loss::bce_from_logit(self.forward(x, &mut tape), y);
        }
        sum / data.len() as f64
    }

    /// Mean loss and its full-batch gradient `∂L/∂θ = (1/N) Σᵢ ∂Lᵢ/∂θ`, written to `grad`
    /// (resized to [`Network::param_count`]).
    pub fn loss_and_gradient(&self, data: &Dataset, tape: &mut Tape, grad: &mut Vec<f64>) -> f64 {
        grad.clear();
        grad.resize(self.params.len(), 0.0);
        if self.chain {
            return self.chain_loss_and_gradient(data, tape, grad);
        }
        let mut sum = 0.0;
        for (&x, &y) in data.xs().iter().zip(data.ys()) {
            let (loss, dz) = loss::bce_and_derivative(self.forward(x, tape), y);
            sum += loss;
            self.backward(dz, tape, grad);
        }
        let n = data.len() as f64;
        for g in grad.iter_mut() {
            *g /= n;
        }
        sum / n
    }

    /// [`Network::loss_and_gradient`] for width-1 chains: the same operations in the same order
    /// (so the same bits), without the per-layer index arithmetic of the general path.
    /// `params = [w1, b1, …, wL, bL]`; `tape.z[l]` holds z_(l+1), `tape.a[l]` holds a_l.
    fn chain_loss_and_gradient(&self, data: &Dataset, tape: &mut Tape, grad: &mut [f64]) -> f64 {
        self.prepare(tape);
        let depth = self.depth();
        let p = &self.params[..2 * depth];
        let z = &mut tape.z[..depth];
        let a = &mut tape.a[..depth];
        let g = &mut grad[..2 * depth];
        let mut sum = 0.0;
        for (&x, &y) in data.xs().iter().zip(data.ys()) {
            a[0] = x;
            for l in 0..depth {
                z[l] = p[2 * l + 1] + p[2 * l] * a[l];
                if l + 1 < depth {
                    a[l + 1] = self.hidden.apply(z[l]);
                }
            }
            let (loss, dz) = loss::bce_and_derivative(z[depth - 1], y);
            sum += loss;
            let mut delta = dz;
            for l in (0..depth).rev() {
                g[2 * l] += delta * a[l];
                g[2 * l + 1] += delta;
                if l > 0 {
                    delta = (p[2 * l] * delta) * self.hidden.derivative(z[l - 1], a[l]);
                }
            }
        }
        let n = data.len() as f64;
        for v in g.iter_mut() {
            *v /= n;
        }
        sum / n
    }

    /// The activations `a_l` of layer `l` (0 = the input) for input `x`, appended to `out`;
    /// used by the landscape to cache everything below the lowest parameter it varies.
    pub(crate) fn activations_at(&self, l: usize, x: f64, tape: &mut Tape, out: &mut Vec<f64>) {
        self.prepare(tape);
        tape.a[0] = x;
        if l > 0 {
            self.run_layers(0, l, tape);
        }
        let off = self.unit_offset(l);
        out.extend_from_slice(&tape.a[off..off + self.widths[l]]);
    }

    /// The logit given the activations `a` of layer `from` (length `widths[from]`).
    pub(crate) fn logit_from(&self, from: usize, a: &[f64], tape: &mut Tape) -> f64 {
        self.prepare(tape);
        let off = self.unit_offset(from);
        tape.a[off..off + a.len()].copy_from_slice(a);
        self.forward_layers(from, tape)
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
    fn hand_checked_forward() {
        // Case 01 by hand: z1 = 0.5·1 + 0.1 = 0.6; z2 = −0.3·0.6 + 0.5 = 0.32;
        // z3 = 1.5·0.32 − 0.2 = 0.28.
        let net = Network::seed([0.5, 0.1, -0.3, 0.5, 1.5, -0.2]).unwrap();
        assert!((net.logit(1.0) - 0.28).abs() < 1e-15);
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
    fn chain_fast_path_is_bit_identical_to_the_general_path() {
        // The general path, forced by summing per-sample backward passes by hand.
        let data = Dataset::new(
            alloc::vec![-1.5, -0.2, 0.0, 0.7, 2.0],
            alloc::vec![0.0, 1.0, 0.0, 1.0, 1.0],
        )
        .unwrap();
        for act in [Activation::Relu, Activation::Sigmoid, Activation::Tanh] {
            let mut net = Network::new(&[1, 1, 1, 1, 1], act).unwrap();
            net.set_params(&[0.9, 0.1, -1.3, 0.4, 2.0, -0.2, 0.7, 0.05])
                .unwrap();
            let mut tape = Tape::default();
            let mut fast = Vec::new();
            let fast_loss = net.loss_and_gradient(&data, &mut tape, &mut fast);
            let mut slow = alloc::vec![0.0; 8];
            let mut slow_sum = 0.0;
            for (&x, &y) in data.xs().iter().zip(data.ys()) {
                let (l, dz) = loss::bce_and_derivative(net.forward(x, &mut tape), y);
                slow_sum += l;
                net.backward(dz, &mut tape, &mut slow);
            }
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            let slow: Vec<f64> = slow.iter().map(|g| g / 5.0).collect();
            assert_eq!(bits(&fast), bits(&slow), "{act:?}");
            assert_eq!(fast_loss.to_bits(), (slow_sum / 5.0).to_bits());
        }
    }

    #[test]
    fn setters_reject_non_finite_and_keep_state() {
        let mut net = Network::seed([1.0; 6]).unwrap();
        assert!(net.set_param(2, f64::NAN).is_err());
        assert!(net.set_param(6, 1.0).is_err());
        assert!(net.set_params(&[1.0, 2.0]).is_err());
        assert_eq!(net.params(), &[1.0; 6]);
    }
}
