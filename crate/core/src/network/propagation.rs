//! Forward and backward passes: pre-activations and activations layer by layer, and the
//! gradient of the binary cross-entropy by backpropagation (Rumelhart, Hinton & Williams 1986),
//! with a scalar fast path for width-one networks (one unit per layer).

use alloc::vec::Vec;

use crate::{loss, Dataset, Network};

/// Forward-pass cache for one sample, reused across samples to avoid allocation.
///
/// `z` holds the pre-activations of layers 1..=L, `a` the activations of layers 0..L−1 (layer 0 is
/// the input); `delta` holds ∂L/∂z of the layer being back-propagated.
#[derive(Debug, Clone, Default)]
pub struct Tape {
    pub(super) z: Vec<f64>,
    pub(super) a: Vec<f64>,
    delta: Vec<f64>,
    delta_prev: Vec<f64>,
}

impl Network {
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
    /// pre-activation and hidden activation in `tape` for the backward pass.
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
        if self.width_one {
            return self.width_one_loss_and_gradient(data, tape, grad);
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

    /// [`Network::loss_and_gradient`] for width-one networks: the same operations in the same order
    /// (so the same bits), without the per-layer index arithmetic of the general path.
    /// `params = [w1, b1, …, wL, bL]`; `tape.z[l]` holds z_(l+1), `tape.a[l]` holds a_l.
    fn width_one_loss_and_gradient(
        &self,
        data: &Dataset,
        tape: &mut Tape,
        grad: &mut [f64],
    ) -> f64 {
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
    /// used by [`crate::surface`] to cache everything below the lowest parameter it varies.
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
    use crate::Activation;

    #[test]
    fn hand_checked_forward() {
        // Case 01 by hand: z1 = 0.5·1 + 0.1 = 0.6; z2 = −0.3·0.6 + 0.5 = 0.32;
        // z3 = 1.5·0.32 − 0.2 = 0.28.
        let net = Network::seed([0.5, 0.1, -0.3, 0.5, 1.5, -0.2]).unwrap();
        assert!((net.logit(1.0) - 0.28).abs() < 1e-15);
    }

    #[test]
    fn width_one_fast_path_is_bit_identical_to_the_general_path() {
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
}
