//! The full-batch loss and gradient, layer-major: every layer's pre-activations and activations
//! for all N samples at once, as `[units × N]` layer matrices (see [`super::kernels`]).
//!
//! Forward, for l = 1..=L: `Z_l = W_l·A_(l−1) + b_l` and `A_l = act(Z_l)`, with `A_0 = x` (one
//! row). The loss `Σᵢ BCE(z_L,i, yᵢ)` and `∂Lᵢ/∂z_L,i = σ(z_L,i) − yᵢ` come from
//! [`loss::bce_sum_and_derivatives`] over the output row. Backward (Rumelhart, Hinton & Williams
//! 1986), for l = L..=1: `∂L/∂W_l = ∂L/∂Z_l · A_(l−1)ᵀ`, `∂L/∂b_l = ∂L/∂Z_l · 1`, and for l > 1
//! `∂L/∂Z_(l−1) = (W_lᵀ · ∂L/∂Z_l) ⊙ act′(Z_(l−1))`. Finally everything is divided by N.
//!
//! Every pre-activation and every back-propagated ∂L/∂z is summed in the order of the
//! per-sample pass ([`Network::forward`] and its backward pass); what differs is the output's
//! ∂L/∂z (the loss's SIMD lanes, within a few units in the last place of the scalar form) and
//! the sums over samples (the loss, the gradient), taken as fixed partial sums (see
//! [`super::kernels::dots`]). The results are the same bits on every target.

use alloc::vec::Vec;

use super::kernels::{affine, dot_and_sum, dots, row_sum};
use crate::{loss, Activation, Dataset, Network};

/// The layer matrices of one full-batch pass, kept between calls so that a training step
/// allocates nothing once they are sized.
///
/// Layout for N samples (`units` as in [`Network`]): `a` holds `A_l` for l = 0..L−1 at
/// `units[l]·N`; `z` holds `Z_l` for l = 1..=L at `(units[l] − 1)·N`; `dz` and `dz_prev` hold
/// ∂L/∂Z of the layer being back-propagated and of the one below (per sample, **not** yet
/// divided by N); `wt` holds `W_lᵀ` for the forward product.
#[derive(Debug, Clone, Default)]
pub(super) struct Batch {
    a: Vec<f64>,
    z: Vec<f64>,
    dz: Vec<f64>,
    dz_prev: Vec<f64>,
    wt: Vec<f64>,
}

impl Batch {
    /// Sizes the buffers for `net` and `n` samples; free when they already fit.
    fn prepare(&mut self, net: &Network, n: usize) {
        let units = net.units[net.widths.len()] - 1;
        let widest = net.max_width * n;
        let largest_w = net.widths.windows(2).map(|w| w[0] * w[1]).max();
        for (buf, len) in [
            (&mut self.a, units * n),
            (&mut self.z, units * n),
            (&mut self.dz, widest),
            (&mut self.dz_prev, widest),
            (&mut self.wt, largest_w.unwrap_or(1)),
        ] {
            if buf.len() != len {
                buf.resize(len, 0.0);
            }
        }
    }
}

impl Network {
    /// Mean loss over `data` and `∂L/∂θ` written to `grad` (length [`Network::param_count`],
    /// overwritten), by the layer-major pass of this module.
    pub(super) fn batch_loss_and_gradient(
        &self,
        data: &Dataset,
        batch: &mut Batch,
        grad: &mut [f64],
    ) -> f64 {
        let n = data.len();
        let depth = self.depth();
        let out = self.batch_forward(data, batch);
        let sum =
            loss::bce_sum_and_derivatives(&batch.z[out..out + n], data.ys(), &mut batch.dz[..n]);
        for l in (1..=depth).rev() {
            if self.width_one {
                self.backward_unit(l, n, batch, grad);
            } else {
                self.backward_layer(l, n, batch, grad);
            }
        }
        let count = n as f64;
        for g in grad.iter_mut() {
            *g /= count;
        }
        sum / count
    }

    /// Mean loss over `data` by the forward half of this pass: the same bits as the loss
    /// [`Network::batch_loss_and_gradient`] returns ([`loss::bce_sum`] sums in the lanes and
    /// order of [`loss::bce_sum_and_derivatives`]).
    pub(super) fn batch_loss(&self, data: &Dataset, batch: &mut Batch) -> f64 {
        let n = data.len();
        let out = self.batch_forward(data, batch);
        loss::bce_sum(&batch.z[out..out + n], data.ys()) / n as f64
    }

    /// Sizes `batch` and runs the forward pass over `data`; returns where the output row z_L
    /// starts in `batch.z`.
    fn batch_forward(&self, data: &Dataset, batch: &mut Batch) -> usize {
        let n = data.len();
        batch.prepare(self, n);
        batch.a[..n].copy_from_slice(data.xs());
        for l in 1..=self.depth() {
            if self.width_one {
                self.forward_unit(l, n, batch);
            } else {
                self.forward_layer(l, n, batch);
            }
        }
        (self.units[self.depth()] - 1) * n
    }

    /// `Z_l = W_l·A_(l−1) + b_l`, and `A_l = act(Z_l)` below the output layer.
    fn forward_layer(&self, l: usize, n: usize, batch: &mut Batch) {
        let (n_in, n_out) = (self.widths[l - 1], self.widths[l]);
        let (w, b) = self.layer_ranges(l);
        let w = &self.params[w];
        let wt = &mut batch.wt[..n_in * n_out];
        for (j, row) in w.chunks_exact(n_in).enumerate() {
            for (k, &wjk) in row.iter().enumerate() {
                wt[k * n_out + j] = wjk;
            }
        }
        let input = &batch.a[self.units[l - 1] * n..][..n_in * n];
        let z = &mut batch.z[(self.units[l] - 1) * n..][..n_out * n];
        affine(z, input, n, wt, (n_in, n_out), Some(&self.params[b]));
        if l < self.depth() {
            let a = &mut batch.a[self.units[l] * n..][..n_out * n];
            apply_all(self.hidden, z, a);
        }
    }

    /// Given ∂L/∂Z_l in `batch.dz`: writes the per-sample sums ∂L/∂W_l and ∂L/∂b_l to `grad`
    /// and, for l > 1, ∂L/∂Z_(l−1) to `batch.dz` (swapped in from `batch.dz_prev`).
    fn backward_layer(&self, l: usize, n: usize, batch: &mut Batch, grad: &mut [f64]) {
        let (n_in, n_out) = (self.widths[l - 1], self.widths[l]);
        let (w_range, b_range) = self.layer_ranges(l);
        let dz = &batch.dz[..n_out * n];
        let a_in = &batch.a[self.units[l - 1] * n..][..n_in * n];
        dots(&mut grad[w_range.clone()], dz, a_in, n, (n_out, n_in));
        for (g, row) in grad[b_range].iter_mut().zip(dz.chunks_exact(n)) {
            *g = row_sum(row);
        }
        if l > 1 {
            let dz_prev = &mut batch.dz_prev[..n_in * n];
            affine(dz_prev, dz, n, &self.params[w_range], (n_out, n_in), None);
            let z_in = &batch.z[(self.units[l - 1] - 1) * n..][..n_in * n];
            scale_by_derivative(self.hidden, dz_prev, z_in, a_in);
            core::mem::swap(&mut batch.dz, &mut batch.dz_prev);
        }
    }

    /// [`Network::forward_layer`] for a layer of one unit fed by one unit, in one loop:
    /// `z = b + w·a` per sample (the per-sample pass's `b`, then `+ w·a`), and `act(z)`.
    fn forward_unit(&self, l: usize, n: usize, batch: &mut Batch) {
        let (w, b) = (self.params[2 * l - 2], self.params[2 * l - 1]);
        let (below, above) = batch.a.split_at_mut(l * n);
        let a_in = &below[(l - 1) * n..];
        let z = &mut batch.z[(l - 1) * n..][..n];
        for (z, &a) in z.iter_mut().zip(a_in) {
            *z = b + w * a;
        }
        if l < self.depth() {
            apply_all(self.hidden, z, &mut above[..n]);
        }
    }

    /// [`Network::backward_layer`] for a layer of one unit fed by one unit: ∂L/∂w = Σ dz·a
    /// and ∂L/∂b = Σ dz in one pass, and for l > 1 ∂L/∂z of the unit below,
    /// `(0 + w·dz)·act′` per sample (the per-sample pass's sum over its one term).
    fn backward_unit(&self, l: usize, n: usize, batch: &mut Batch, grad: &mut [f64]) {
        let w = self.params[2 * l - 2];
        let dz = &batch.dz[..n];
        let a_in = &batch.a[(l - 1) * n..][..n];
        (grad[2 * l - 2], grad[2 * l - 1]) = dot_and_sum(dz, a_in);
        if l > 1 {
            let dz_prev = &mut batch.dz_prev[..n];
            for (d, &g) in dz_prev.iter_mut().zip(dz) {
                *d = 0.0 + w * g;
            }
            let z_in = &batch.z[(l - 2) * n..][..n];
            scale_by_derivative(self.hidden, dz_prev, z_in, a_in);
            core::mem::swap(&mut batch.dz, &mut batch.dz_prev);
        }
    }
}

/// `a[i] = act(z[i])`, one loop per activation so that the compiler sees a plain map.
fn apply_all(act: Activation, z: &[f64], a: &mut [f64]) {
    fn run(a: &mut [f64], z: &[f64], f: impl Fn(f64) -> f64) {
        a.iter_mut().zip(z).for_each(|(a, &z)| *a = f(z));
    }
    match act {
        Activation::Relu => run(a, z, |z| Activation::Relu.apply(z)),
        Activation::Sigmoid => run(a, z, |z| Activation::Sigmoid.apply(z)),
        Activation::Tanh => run(a, z, |z| Activation::Tanh.apply(z)),
    }
}

/// `d[i] ← d[i] · act′(z[i], a[i])`, one loop per activation.
fn scale_by_derivative(act: Activation, d: &mut [f64], z: &[f64], a: &[f64]) {
    fn run(d: &mut [f64], z: &[f64], a: &[f64], f: impl Fn(f64, f64) -> f64) {
        for ((d, &z), &a) in d.iter_mut().zip(z).zip(a) {
            *d *= f(z, a);
        }
    }
    match act {
        Activation::Relu => run(d, z, a, |z, a| Activation::Relu.derivative(z, a)),
        Activation::Sigmoid => run(d, z, a, |z, a| Activation::Sigmoid.derivative(z, a)),
        Activation::Tanh => run(d, z, a, |z, a| Activation::Tanh.derivative(z, a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tape;
    use alloc::vec;
    use proptest::prelude::*;

    /// The per-sample path, the independent one: [`Network::forward`], [`loss::bce_and_derivative`]
    /// and [`Network::backward`] sample by sample. Returns the mean loss, the mean gradient and
    /// `(1/N) Σᵢ |∂Lᵢ/∂θ|` per parameter (the scale of each sum's rounding error).
    fn per_sample(net: &Network, data: &Dataset) -> (f64, Vec<f64>, Vec<f64>) {
        let p = net.param_count();
        let (mut tape, mut one) = (Tape::default(), vec![0.0; p]);
        let (mut sum, mut grad, mut scale) = (0.0, vec![0.0; p], vec![0.0; p]);
        for (&x, &y) in data.xs().iter().zip(data.ys()) {
            let (l, dz) = loss::bce_and_derivative(net.forward(x, &mut tape), y);
            sum += l;
            one.iter_mut().for_each(|g| *g = 0.0);
            net.backward(dz, &mut tape, &mut one);
            for ((g, s), o) in grad.iter_mut().zip(&mut scale).zip(&one) {
                *g += o;
                *s += o.abs();
            }
        }
        let n = data.len() as f64;
        (
            sum / n,
            grad.iter().map(|g| g / n).collect(),
            scale.iter().map(|s| s / n).collect(),
        )
    }

    /// The batched loss and gradient agree with the per-sample path: the loss (a sum of positive
    /// terms) within 1e−12 relative, each gradient component within 1e−12 of its error scale
    /// `(1/N) Σᵢ |∂Lᵢ/∂θ|` (plus 1e−300 for sums that underflow), the bound a sum's rounding
    /// error obeys whatever its order.
    fn assert_agrees(net: &Network, data: &Dataset) -> Result<(), TestCaseError> {
        let (want_loss, want, scale) = per_sample(net, data);
        let mut grad = Vec::new();
        let got_loss = net.loss_and_gradient(data, &mut Tape::default(), &mut grad);
        prop_assert!(
            (got_loss - want_loss).abs() <= 1e-12 * want_loss.abs() + 1e-300,
            "loss {got_loss:e} vs {want_loss:e}"
        );
        prop_assert_eq!(grad.len(), want.len());
        for (i, ((g, w), s)) in grad.iter().zip(&want).zip(&scale).enumerate() {
            prop_assert!(
                (g - w).abs() <= 1e-12 * s + 1e-300,
                "{}: {g:e} vs {w:e} (scale {s:e})",
                net.param_name(i)
            );
        }
        Ok(())
    }

    fn activation() -> impl Strategy<Value = Activation> {
        prop_oneof![
            Just(Activation::Relu),
            Just(Activation::Sigmoid),
            Just(Activation::Tanh)
        ]
    }

    /// Widths `[1, n1, …, 1]` with 1 to 5 hidden layers of 1 to 9 units (full register blocks
    /// and every leftover), or one layer of 17.
    fn widths() -> impl Strategy<Value = Vec<usize>> {
        prop_oneof![
            4 => prop::collection::vec(1usize..=9, 0..=5),
            1 => Just(vec![17]),
        ]
        .prop_map(|hidden| {
            let mut w = vec![1];
            w.extend(hidden);
            w.push(1);
            w
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn batched_pass_matches_the_per_sample_path(
            widths in widths(),
            act in activation(),
            seed_params in prop::collection::vec(-1.0f64..1.0, 600),
            magnitude in prop_oneof![Just(0.3), Just(1.5), Just(20.0)],
            samples in prop::collection::vec((-3.0f64..3.0, any::<bool>()), 1..=41),
        ) {
            let mut net = Network::new(&widths, act).unwrap();
            let p: Vec<f64> = seed_params.iter().cycle().take(net.param_count())
                .map(|v| v * magnitude).collect();
            net.set_params(&p).unwrap();
            let (xs, ys) = samples.iter().map(|&(x, y)| (x, f64::from(u8::from(y)))).unzip();
            assert_agrees(&net, &Dataset::new(xs, ys).unwrap())?;
        }
    }

    #[test]
    fn batched_pass_matches_on_the_built_in_data_sets() {
        let nets: [(&[usize], Activation, f64); 4] = [
            (&[1, 1, 1, 1], Activation::Relu, 0.9),
            (&[1; 21], Activation::Relu, 1.05),
            (&[1, 16, 16, 16, 1], Activation::Relu, 0.4),
            (&[1, 8, 5, 1], Activation::Tanh, 1.3),
        ];
        for data in [Dataset::breast_cancer(), Dataset::threshold()] {
            for (widths, act, scale) in nets {
                let mut net = Network::new(widths, act).unwrap();
                // A fixed, irregular parameter vector: every sign and size, no symmetry.
                let p: Vec<f64> = (0..net.param_count())
                    .map(|i| scale * (((i * 37 + 11) % 23) as f64 / 11.0 - 1.0))
                    .collect();
                net.set_params(&p).unwrap();
                assert_agrees(&net, &data).unwrap();
            }
        }
    }

    #[test]
    fn width_one_networks_match_the_per_sample_path() {
        // The networks the scalar fast path used to serve: now layer-major like the others.
        let data = Dataset::new(
            vec![-1.5, -0.2, 0.0, 0.7, 2.0],
            vec![0.0, 1.0, 0.0, 1.0, 1.0],
        )
        .unwrap();
        for act in [Activation::Relu, Activation::Sigmoid, Activation::Tanh] {
            let mut net = Network::new(&[1, 1, 1, 1, 1], act).unwrap();
            net.set_params(&[0.9, 0.1, -1.3, 0.4, 2.0, -0.2, 0.7, 0.05])
                .unwrap();
            assert_agrees(&net, &data).unwrap();
        }
    }

    #[test]
    fn buffers_are_reused_and_resized_between_networks() {
        // One tape through a wide then a narrow network and a smaller data set: the second
        // result must not see the first one's buffers.
        let mut tape = Tape::default();
        let mut grad = Vec::new();
        let mut wide = Network::new(&[1, 6, 6, 1], Activation::Tanh).unwrap();
        let p: Vec<f64> = (0..wide.param_count())
            .map(|i| (i as f64 * 0.37).sin())
            .collect();
        wide.set_params(&p).unwrap();
        wide.loss_and_gradient(&Dataset::breast_cancer(), &mut tape, &mut grad);
        let narrow = Network::seed([0.5, 1.0, 0.8, 0.2, 1.5, -1.0]).unwrap();
        let data = Dataset::breast_cancer().head(7);
        let loss = narrow.loss_and_gradient(&data, &mut tape, &mut grad);
        let (want_loss, want, _) = per_sample(&narrow, &data);
        assert!((loss - want_loss).abs() <= 1e-12 * want_loss);
        assert_eq!(grad.len(), 6);
        for (g, w) in grad.iter().zip(&want) {
            assert!(
                (g - w).abs() <= 1e-12 * w.abs().max(1e-300),
                "{g:e} vs {w:e}"
            );
        }
    }
}
