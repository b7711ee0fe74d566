//! Forward and backward passes: pre-activations and activations layer by layer, and the
//! gradient of the binary cross-entropy by backpropagation (Rumelhart, Hinton & Williams 1986),
//! one sample at a time; the full-batch gradient is the layer-major pass of [`super::batch`].

use alloc::vec::Vec;

use super::batch::Batch;
use crate::{Dataset, Network};

/// Work space of the passes, reused across samples and calls to avoid allocation: the cache of
/// one sample's forward pass, and the layer matrices of the full-batch pass
/// ([`Network::loss_and_gradient`]).
///
/// `z` holds one sample's pre-activations of layers 1..=L, `a` its activations of layers
/// 0..L−1 (layer 0 is the input); `delta` holds ∂L/∂z of the layer being back-propagated.
#[derive(Debug, Clone, Default)]
pub struct Tape {
    pub(super) z: Vec<f64>,
    pub(super) a: Vec<f64>,
    delta: Vec<f64>,
    delta_prev: Vec<f64>,
    batch: Batch,
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
    ///
    /// Training uses the layer-major pass of [`super::batch`]; this per-sample pass is kept as
    /// the independent path its tests compare against.
    #[cfg(test)]
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

    /// Mean binary cross-entropy over `data`, in nats: the forward half of
    /// [`Network::loss_and_gradient`], so the same bits as the loss it returns.
    pub fn loss(&self, data: &Dataset) -> f64 {
        self.batch_loss(data, &mut Batch::default())
    }

    /// Mean loss and its full-batch gradient `∂L/∂θ = (1/N) Σᵢ ∂Lᵢ/∂θ`, written to `grad`
    /// (resized to [`Network::param_count`]), by the layer-major pass of [`super::batch`].
    pub fn loss_and_gradient(&self, data: &Dataset, tape: &mut Tape, grad: &mut Vec<f64>) -> f64 {
        grad.clear();
        grad.resize(self.params.len(), 0.0);
        self.batch_loss_and_gradient(data, &mut tape.batch, grad)
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

    #[test]
    fn hand_checked_forward() {
        // Case 01 by hand: z1 = 0.5·1 + 0.1 = 0.6; z2 = −0.3·0.6 + 0.5 = 0.32;
        // z3 = 1.5·0.32 − 0.2 = 0.28.
        let net = Network::seed([0.5, 0.1, -0.3, 0.5, 1.5, -0.2]).unwrap();
        assert!((net.logit(1.0) - 0.28).abs() < 1e-15);
    }
}
