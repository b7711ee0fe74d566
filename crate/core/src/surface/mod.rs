//! The loss surface: the mean loss over a grid of two parameters with all others fixed
//! ([`grid`], the page's loss landscape), and the **profile**, the 1-D cut along one parameter
//! ([`profile`] on an evenly spaced [`Axis`], [`profile_at`] at given values).
//!
//! The activations of the layer below the lowest varied weight layer do not change across the
//! grid, so they are computed once per grid (N · width floats) and every grid point only runs the
//! layers from there up. For the seed network's (w3, b3) pair that is one multiply-add and one
//! loss per sample and point.

use alloc::format;
use alloc::vec::Vec;

use crate::{loss, Activation, Dataset, Error, Network, Result, Tape};

mod rows;

/// Largest number of points per grid axis.
pub const MAX_RESOLUTION: usize = 1024;

/// One axis of a grid or profile: parameter `index` from `min` to `max` in `points` evenly spaced
/// values (both ends included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    /// Flat parameter index.
    pub index: usize,
    /// First value.
    pub min: f64,
    /// Last value (> min).
    pub max: f64,
    /// Number of values, 2..=[`MAX_RESOLUTION`].
    pub points: usize,
}

impl Axis {
    /// The i-th value, `min·(1 − t) + max·t` with t = i/(points − 1): equal to
    /// `min + t·(max − min)` but without overflowing when max − min exceeds f64's range. An
    /// axis of fewer than two points (which every function here refuses) has only `min`.
    pub fn value(&self, i: usize) -> f64 {
        if self.points < 2 {
            return self.min;
        }
        let t = (i as f64) / ((self.points - 1) as f64);
        self.min * (1.0 - t) + self.max * t
    }

    fn validate(&self, net: &Network) -> Result<()> {
        if self.index >= net.param_count() {
            return Err(Error::BadShape(format!(
                "parameter index {} is out of range",
                self.index
            )));
        }
        if !(self.min.is_finite() && self.max.is_finite() && self.min < self.max) {
            return Err(Error::OutOfRange {
                what: format!(
                    "a parameter axis needs finite ends with min < max (max = {})",
                    self.max
                ),
                value: self.min,
            });
        }
        if !(2..=MAX_RESOLUTION).contains(&self.points) {
            return Err(Error::BadShape(format!(
                "a parameter axis needs 2 to {MAX_RESOLUTION} points (got {})",
                self.points
            )));
        }
        Ok(())
    }
}

/// Evaluates the mean loss over a grid: `out[iy·nx + ix]` = L(θ with θ[x.index] = x.value(ix),
/// θ[y.index] = y.value(iy)), nats (row 0 is y.min). `out` is resized to nx·ny.
/// Errors: an invalid axis, or both axes on the same parameter.
pub fn grid(net: &Network, data: &Dataset, x: Axis, y: Axis, out: &mut Vec<f64>) -> Result<()> {
    out.clear();
    grid_rows(net, data, x, y, 0..y.points, out)
}

/// Rows `rows` (of y's 0..y.points, clamped) of [`grid`], appended to `out` in order:
/// `rows.len() · nx` values, the same numbers [`grid`] gives for those rows. A page computes a
/// fine grid a band of rows per frame with it. Errors: those of [`grid`].
pub fn grid_rows(
    net: &Network,
    data: &Dataset,
    x: Axis,
    y: Axis,
    rows: core::ops::Range<usize>,
    out: &mut Vec<f64>,
) -> Result<()> {
    x.validate(net)?;
    y.validate(net)?;
    if x.index == y.index {
        return Err(Error::BadShape(format!(
            "the landscape needs two different parameters (both are {})",
            net.param_name(x.index)
        )));
    }
    let rows = rows.start.min(y.points)..rows.end.min(y.points);
    let all_x = 0..x.points;
    let depth = net.depth();
    if net.layer_of(x.index) == depth {
        return output_layer_grid(net, data, (x, all_x), (y, rows), out);
    }
    if net.layer_of(y.index) == depth {
        let mut by_x = Vec::new();
        let band = rows.len();
        output_layer_grid(net, data, (y, rows), (x, all_x), &mut by_x)?;
        for iy in 0..band {
            out.extend((0..x.points).map(|ix| by_x[ix * band + iy]));
        }
        return Ok(());
    }
    if net.is_width_one() && net.hidden_activation() == Activation::Relu {
        return chain_grid(net, data, x, (y, rows), out);
    }
    let from = net.layer_of(x.index).min(net.layer_of(y.index)) - 1;
    let cache = Cache::new(net, data, from);
    out.reserve(x.points * rows.len());
    let mut probe = net.clone();
    let mut scratch = Scratch::default();
    for iy in rows {
        probe.set_param(y.index, y.value(iy))?;
        for ix in 0..x.points {
            probe.set_param(x.index, x.value(ix))?;
            out.push(cache.mean_loss(&probe, data, &mut scratch));
        }
    }
    Ok(())
}

/// An axis and the range of its indices to evaluate.
type Span = (Axis, core::ops::Range<usize>);

/// [`grid_rows`] when the column parameter `col` is in the output layer: per row, the
/// activations of layer L − 1 (once for all rows when `row` is in the output layer too), then
/// every logit as baseₖ + θₓ·coefₖ and the row in one pass of [`rows::mean_losses`]. Appends
/// the rows of `rows.1`, each over the columns of `cols.1`, to `out`.
fn output_layer_grid(
    net: &Network,
    data: &Dataset,
    cols: Span,
    rows: Span,
    out: &mut Vec<f64>,
) -> Result<()> {
    let ((col, col_range), (row, row_range)) = (cols, rows);
    let depth = net.depth();
    let (w_range, b_range) = net.layer_ranges(depth);
    let n_in = net.widths()[depth - 1];
    let n = data.len();
    let is_bias = b_range.contains(&col.index);
    let xs: Vec<f64> = col_range.map(|i| col.value(i)).collect();
    // Overflows to ∞ only for axes wider than f64's range; the rows then evaluate directly.
    let step = (col.max - col.min) / (col.points - 1) as f64;
    let x_max = col.min.abs().max(col.max.abs());
    let row_in_output = net.layer_of(row.index) == depth;
    let mut probe = net.clone();
    let mut tape = Tape::default();
    let mut acts = Vec::with_capacity(n * n_in);
    let (mut base, mut coef) = (alloc::vec![0.0; n], alloc::vec![0.0; n]);
    let start = out.len();
    out.resize(start + xs.len() * row_range.len(), 0.0);
    let band = out[start..].chunks_exact_mut(xs.len().max(1));
    for (line, (iy, out_row)) in row_range.zip(band).enumerate() {
        probe.set_param(row.index, row.value(iy))?;
        if line == 0 || !row_in_output {
            acts.clear();
            for &x in data.xs() {
                probe.activations_at(depth - 1, x, &mut tape, &mut acts);
            }
        }
        let p = probe.params();
        let (w, b) = (&p[w_range.clone()], p[b_range.start]);
        for (k, a) in acts.chunks_exact(n_in).enumerate() {
            // z = b + Σⱼ wⱼ·aⱼ in the forward pass's order, θₓ's own term left out.
            let mut s = if is_bias { 0.0 } else { b };
            for (j, (&wj, &aj)) in w.iter().zip(a).enumerate() {
                if w_range.start + j != col.index {
                    s += wj * aj;
                }
            }
            base[k] = s;
            coef[k] = if is_bias {
                1.0
            } else {
                a[col.index - w_range.start]
            };
        }
        let inputs = rows::Row {
            base: &base,
            coef: &coef,
            y: data.ys(),
        };
        // Without the per-step correction, the recurrence follows θₓ's ideal progression,
        // which the rounded zₖ = baseₖ + θₓ·coefₖ (and the rounded θₓ values) leave by at most
        // 2⁻⁵³·(|baseₖ| + 4·|θₓ|max·|coefₖ|); the loss moves by no more than z does.
        let drift: f64 = base
            .iter()
            .zip(&coef)
            .map(|(b, c)| b.abs() + 4.0 * x_max * c.abs())
            .sum::<f64>()
            * (f64::EPSILON / 2.0);
        // Take it where it costs at most 10⁻¹³ of a mean loss of 0.05 (else correct).
        let finite = base.iter().chain(&coef).all(|v| v.is_finite());
        let cheap = finite && drift <= 5e-15 * n as f64;
        rows::mean_losses(&inputs, &xs, step, cheap.then_some(drift), out_row);
    }
    Ok(())
}

/// [`grid_rows`] for a width-one ReLU network with the column parameter in hidden layer l: per row,
/// the activations of layer l − 1 (once when the row parameter is in layer l or above), then
/// the row in one pass of [`rows::mean_losses`] over [`rows::Chain`].
fn chain_grid(
    net: &Network,
    data: &Dataset,
    col: Axis,
    rows: Span,
    out: &mut Vec<f64>,
) -> Result<()> {
    let (row, row_range) = rows;
    let depth = net.depth();
    let l = net.layer_of(col.index);
    let xs: Vec<f64> = (0..col.points).map(|i| col.value(i)).collect();
    let step = (col.max - col.min) / (col.points - 1) as f64;
    let x_max = col.min.abs().max(col.max.abs());
    let row_below = net.layer_of(row.index) < l;
    let mut probe = net.clone();
    let mut tape = Tape::default();
    let mut below = Vec::with_capacity(data.len());
    let start = out.len();
    out.resize(start + col.points * row_range.len(), 0.0);
    let band = out[start..].chunks_exact_mut(col.points);
    for (line, (iy, out_row)) in row_range.zip(band).enumerate() {
        probe.set_param(row.index, row.value(iy))?;
        if line == 0 || row_below {
            below.clear();
            for &x in data.xs() {
                probe.activations_at(l - 1, x, &mut tape, &mut below);
            }
        }
        // With one unit per layer, layer m holds (w_m, b_m) at flat indices 2(m−1), 2(m−1)+1.
        let layers = &probe.params()[2 * (l - 1)..2 * depth];
        let gain = layers[2..].chunks_exact(2).fold(1.0, |g, wb| g * wb[0]);
        let chain = rows::Chain {
            below: &below,
            y: data.ys(),
            layers,
            is_weight: col.index % 2 == 0,
            gain,
        };
        let drift = chain.drift(x_max);
        let cheap = drift <= 5e-15 * data.len() as f64;
        rows::mean_losses(&chain, &xs, step, cheap.then_some(drift), out_row);
    }
    Ok(())
}

/// The profile along one parameter on an evenly spaced axis: `out[i]` = L(θ with
/// θ[axis.index] = axis.value(i)), nats, for i in 0..axis.points (`out` is overwritten).
/// Errors: an invalid axis.
pub fn profile(net: &Network, data: &Dataset, axis: Axis, out: &mut Vec<f64>) -> Result<()> {
    axis.validate(net)?;
    let values: Vec<f64> = (0..axis.points).map(|i| axis.value(i)).collect();
    profile_at(net, data, axis.index, &values, out)
}

/// The profile along one parameter at given values: `out[i]` = L(θ with `θ[index] =
/// values[i]`), nats, one loss per value (`out` is overwritten). Errors: an index out of range
/// or a non-finite value.
pub fn profile_at(
    net: &Network,
    data: &Dataset,
    index: usize,
    values: &[f64],
    out: &mut Vec<f64>,
) -> Result<()> {
    if index >= net.param_count() {
        return Err(Error::BadShape(format!(
            "parameter index {index} is out of range"
        )));
    }
    let mut probe = net.clone();
    let mut scratch = Scratch::default();
    let cache = Cache::new(net, data, net.layer_of(index) - 1);
    out.clear();
    for &v in values {
        probe.set_param(index, v)?;
        out.push(cache.mean_loss(&probe, data, &mut scratch));
    }
    Ok(())
}

/// The activations of layer `from` for every sample, which the varied parameters cannot change.
struct Cache {
    from: usize,
    width: usize,
    /// True for width-one networks (the seed network), which take a scalar path.
    width_one: bool,
    activations: Vec<f64>,
}

impl Cache {
    fn new(net: &Network, data: &Dataset, from: usize) -> Self {
        let mut tape = Tape::default();
        let width = net.widths()[from];
        let mut activations = Vec::with_capacity(data.len() * width);
        for &x in data.xs() {
            net.activations_at(from, x, &mut tape, &mut activations);
        }
        Cache {
            from,
            width,
            width_one: net.is_width_one(),
            activations,
        }
    }

    fn mean_loss(&self, net: &Network, data: &Dataset, scratch: &mut Scratch) -> f64 {
        if self.width_one {
            return self.width_one_mean_loss(net, data, scratch);
        }
        scratch.z.clear();
        for a in self.activations.chunks_exact(self.width) {
            let z = net.logit_from(self.from, a, &mut scratch.tape);
            scratch.z.push(z);
        }
        loss::bce_sum(&scratch.z, data.ys()) / data.len() as f64
    }

    /// The same mean for a width-one network, layer by layer over all samples: per layer above
    /// `from`, one multiply-add `b + w·a` per sample (the forward pass's rounding), and the
    /// output layer fused into the four-lane loss.
    fn width_one_mean_loss(&self, net: &Network, data: &Dataset, scratch: &mut Scratch) -> f64 {
        let depth = net.depth();
        let hidden = net.hidden_activation();
        // With one unit per layer, layer l holds (w_l, b_l) at flat indices 2(l−1), 2(l−1)+1.
        let layers = &net.params()[2 * self.from..2 * depth];
        let (hidden_layers, out) = layers.split_at(layers.len() - 2);
        let n = data.len() as f64;
        if hidden_layers.is_empty() {
            return loss::lanes::affine_sum(out[0], &self.activations, out[1], data.ys()) / n;
        }
        let a = &mut scratch.z;
        a.clear();
        a.extend_from_slice(&self.activations);
        for wb in hidden_layers.chunks_exact(2) {
            let (w, b) = (wb[0], wb[1]);
            match hidden {
                // Written out so that the loop has no call and vectorizes; the same comparison
                // as `Activation::apply` (a NaN stays NaN).
                Activation::Relu => {
                    for v in a.iter_mut() {
                        let z = b + w * *v;
                        *v = if z <= 0.0 { 0.0 } else { z };
                    }
                }
                act => {
                    let (wv, bv) = (wide::f64x4::splat(w), wide::f64x4::splat(b));
                    let mut chunks = a.chunks_exact_mut(4);
                    for c in &mut chunks {
                        let v = wide::f64x4::from([c[0], c[1], c[2], c[3]]);
                        c.copy_from_slice(&act.apply_lanes(bv + wv * v).to_array());
                    }
                    for v in chunks.into_remainder() {
                        let z = wide::f64x4::splat(b + w * *v);
                        *v = act.apply_lanes(z).to_array()[0];
                    }
                }
            }
        }
        loss::lanes::affine_sum(out[0], a, out[1], data.ys()) / n
    }
}

/// Buffers reused across the points of one grid or profile.
#[derive(Default)]
struct Scratch {
    tape: Tape,
    /// Logits (general path) or the activations of the current layer (width-one path), N.
    z: Vec<f64>,
}

#[cfg(test)]
mod tests;
