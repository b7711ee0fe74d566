//! The landscape one row at a time when the grid's column parameter θₓ belongs to the output
//! layer. Then every logit is affine in θₓ: zₖ(θₓ) = baseₖ + θₓ·coefₖ, with coefₖ the
//! activation that θₓ multiplies (1 for the output bias). Along a row the columns' θₓ are evenly
//! spaced by Δ, so zₖ moves by 4Δ·coefₖ from one group of four columns to the next, and
//! e^(−|z|) is multiplied by e^(∓4Δ·coefₖ) (the sign of z says which) instead of being
//! evaluated again. A direct evaluation starts every [`SEGMENT`] groups, and every group where z
//! changes sign in a lane, so a product carries the rounding of at most SEGMENT − 1
//! multiplications.
//!
//! Error: per sample and column the recurrence adds at most ≈ 2 units in the last place of e per
//! step, the spacing of the rounded θₓ values and of the rounded z changes e by at most
//! |z|·2⁻⁵¹·e ≤ 2⁻⁵¹/e_Euler, and ln ∏(1 + e) costs 2⁻⁵² per sample (see
//! [`crate::loss::lanes::affine_sum`]): below [`ERROR_PER_SAMPLE`] nats per sample in all. A
//! column whose loss that bound could move by more than 10⁻¹³ of its value (a nearly perfect fit)
//! is summed again term by term.

use alloc::vec::Vec;
use wide::f64x4;

use crate::float;
use crate::loss::lanes::{self, exp_nonpositive, LANES};

/// Groups of four columns between two direct evaluations of e^(−|z|). Measured in wasm on W2
/// (ratio to the plain loop in one run): 4 groups 8.3×, 8 groups 9.8×, 16 groups 11.4×.
const SEGMENT: usize = 16;

/// Bound on the fast path's error per sample, nats: 40 units of 2⁻⁵³ (15 steps of 2, the
/// direct exponential's 2, the product's 2 and the rounding of z; see the module docs).
const ERROR_PER_SAMPLE: f64 = 40.0 * f64::EPSILON / 2.0;

/// Per sample: 4Δ·slope, the factors e^(∓4Δ·slope) for z > 0 and z ≤ 0, and whether the
/// step is too large for the recurrence.
struct Ratio {
    s4: f64,
    up: f64,
    down: f64,
    direct: bool,
}

/// Largest departure `off` of |z|'s change from ±4Δ·slope that the first-order correction
/// e·(1 − off) takes: it differs from e·e^(−off) by off²/2 ≤ 1.2·10⁻¹⁶ of e, about one unit in
/// the last place. Rounding makes off ≈ 10⁻¹⁶·|z|; a larger one means z was not linear over
/// the step, and the group is evaluated directly.
const MAX_OFF: f64x4 = f64x4::splat(1.5e-8);

/// A step 4Δ·|coef| above this makes the recurrence's factor e^(4Δ·|coef|) too coarse a
/// lever; such samples are evaluated directly in every group.
const MAX_STEP: f64 = 64.0;

/// The logits of one row as functions of the column parameter θₓ, sample by sample: piecewise
/// linear in θₓ, with slope [`Logits::slope`] wherever [`Logits::logits`] reports the lane
/// active (every ReLU between θₓ and the output on), and constant elsewhere.
pub(super) trait Logits {
    /// Every lane is always active (an output-layer column).
    const ALWAYS_ACTIVE: bool;
    /// Number of samples N.
    fn len(&self) -> usize;
    /// Label yₖ of sample k.
    fn label(&self, k: usize) -> f64;
    /// ∂zₖ/∂θₓ where the lane is active.
    fn slope(&self, k: usize) -> f64;
    /// zₖ at four values of θₓ, and a mask of the lanes that are active.
    fn logits(&self, k: usize, x: f64x4) -> (f64x4, f64x4);
}

/// An output-layer column: zₖ = base[k] + θₓ·coef[k], labels y[k], every lane active.
pub(super) struct Row<'a> {
    pub base: &'a [f64],
    pub coef: &'a [f64],
    pub y: &'a [f64],
}

impl Logits for Row<'_> {
    const ALWAYS_ACTIVE: bool = true;
    fn len(&self) -> usize {
        self.base.len().min(self.coef.len()).min(self.y.len())
    }
    fn label(&self, k: usize) -> f64 {
        self.y[k]
    }
    fn slope(&self, k: usize) -> f64 {
        self.coef[k]
    }
    #[inline(always)]
    fn logits(&self, k: usize, x: f64x4) -> (f64x4, f64x4) {
        let z = f64x4::splat(self.base[k]) + x * f64x4::splat(self.coef[k]);
        (z, ALL)
    }
}

/// Every lane set (a mask).
const ALL: f64x4 = f64x4::splat(f64::from_bits(u64::MAX));

/// A column θₓ in hidden layer l of a width-one ReLU network: zₖ is the forward pass from
/// layer l up, and ∂zₖ/∂θₓ = (aₗ₋₁ for a weight, 1 for a bias) · ∏ₘ₌ₗ₊₁..L wₘ while every
/// ReLU on the way is on.
pub(super) struct Chain<'a> {
    /// Activation of layer l − 1 (the input to θₓ's layer) per sample.
    pub below: &'a [f64],
    /// Labels per sample.
    pub y: &'a [f64],
    /// (w, b) of layers l..=L, flat: [w_l, b_l, w_l+1, b_l+1, …, w_L, b_L].
    pub layers: &'a [f64],
    /// θₓ is w_l (else b_l).
    pub is_weight: bool,
    /// ∏ₘ₌ₗ₊₁..L wₘ.
    pub gain: f64,
}

impl Chain<'_> {
    /// A bound (nats, summed over samples) on how far the rounding of the forward pass and of
    /// the θₓ values can move the loss off the recurrence's ideal progression, for |θₓ| ≤
    /// `x_max`: per sample, |zₘ| ≤ Mₘ = |bₘ| + |wₘ|·Mₘ₋₁ bounds every pre-activation, each layer
    /// rounds by at most 2⁻⁵²·Mₘ, and an error in zₘ reaches z_L times ∏ⱼ₌ₘ₊₁..L |wⱼ|.
    pub fn drift(&self, x_max: f64) -> f64 {
        let u = f64::EPSILON / 2.0;
        let (w_l, b_l) = (self.layers[0], self.layers[1]);
        let mut sum = 0.0;
        for &a in self.below {
            let mut m = if self.is_weight {
                b_l.abs() + x_max * a.abs()
            } else {
                x_max + (w_l * a).abs()
            };
            // z_l: the product, the sum and θₓ's own rounding.
            let mut d = 4.0 * u * m;
            for wb in self.layers[2..].chunks_exact(2) {
                m = wb[1].abs() + wb[0].abs() * m;
                d = wb[0].abs() * d + 2.0 * u * m;
            }
            sum += d;
        }
        sum
    }
}

impl Logits for Chain<'_> {
    const ALWAYS_ACTIVE: bool = false;
    fn len(&self) -> usize {
        self.below.len().min(self.y.len())
    }
    fn label(&self, k: usize) -> f64 {
        self.y[k]
    }
    fn slope(&self, k: usize) -> f64 {
        if self.is_weight {
            self.below[k] * self.gain
        } else {
            self.gain
        }
    }
    #[inline(always)]
    fn logits(&self, k: usize, x: f64x4) -> (f64x4, f64x4) {
        let a = f64x4::splat(self.below[k]);
        // The forward pass's rounding: z = b + w·a, with θₓ in place of w_l or b_l.
        let mut z = if self.is_weight {
            f64x4::splat(self.layers[1]) + x * a
        } else {
            x + f64x4::splat(self.layers[0]) * a
        };
        let mut active = ALL;
        for wb in self.layers[2..].chunks_exact(2) {
            let on = z.simd_gt(f64x4::ZERO);
            active &= on;
            // ReLU as `Activation::apply`: 0 for z ≤ 0, z otherwise (a NaN stays NaN).
            let a = z.simd_le(f64x4::ZERO).select(f64x4::ZERO, z);
            z = f64x4::splat(wb[1]) + f64x4::splat(wb[0]) * a;
        }
        (z, active)
    }
}

/// Writes `out[i]` = (1/N) Σₖ BCE(zₖ(xs[i]), yₖ) for every column i, nats. `xs` must be evenly
/// spaced by `step` (> 0) up to rounding; `out.len() == xs.len()`.
///
/// `drift` chooses the kernel: `None` corrects every step for the rounding of z (see
/// [`MAX_OFF`]); `Some(d)` skips the correction (about half the work per step), given a bound
/// `d` (nats, summed over samples) on what the rounding of z can move the loss. For an
/// always-active row, `Some` also requires every logit to be finite (finite base and coef
/// give finite or infinite z, never NaN), labels 0 or 1.
pub(super) fn mean_losses<L: Logits>(
    row: &L,
    xs: &[f64],
    step: f64,
    drift: Option<f64>,
    out: &mut [f64],
) {
    match drift {
        Some(d) => kernel::<L, false>(row, xs, step, d, out),
        None => kernel::<L, true>(row, xs, step, 0.0, out),
    }
}

fn kernel<L: Logits, const CORRECT: bool>(
    row: &L,
    xs: &[f64],
    step: f64,
    drift: f64,
    out: &mut [f64],
) {
    let n = row.len();
    let groups = xs.len().div_ceil(LANES);
    let ratios: Vec<Ratio> = (0..n)
        .map(|k| {
            let s4 = 4.0 * step * row.slope(k);
            Ratio {
                s4,
                up: float::exp(-s4),
                down: float::exp(s4),
                // Also for a NaN or infinite slope.
                direct: s4.is_nan() || s4.abs() > MAX_STEP,
            }
        })
        .collect();
    let mut g0 = 0;
    while g0 < groups {
        let g1 = (g0 + SEGMENT).min(groups);
        let w: Vec<f64x4> = (g0..g1).map(|g| lanes::load(xs, g * LANES, 0.0)).collect();
        let mut linear = [f64x4::ZERO; SEGMENT];
        let mut product = [f64x4::ONE; SEGMENT];
        let mut logs = [f64x4::ZERO; SEGMENT];
        for (k, r) in ratios.iter().enumerate() {
            let y = f64x4::splat(row.label(k));
            let s = f64x4::splat(1.0 - 2.0 * row.label(k));
            let (up, down, s4) = (f64x4::splat(r.up), f64x4::splat(r.down), f64x4::splat(r.s4));
            let mut e = f64x4::ZERO;
            let (mut was_z, mut was_pos, mut was_active) = (f64x4::ZERO, f64x4::ZERO, f64x4::ZERO);
            for (g, wg) in w.iter().enumerate() {
                let (z, active) = row.logits(k, *wg);
                let pos = z.simd_gt(f64x4::ZERO);
                linear[g] += if !CORRECT && L::ALWAYS_ACTIVE {
                    // With y ∈ {0, 1}, max(z, 0) − z·y = max(s·z, 0) for s = 1 − 2y, bit for
                    // bit (s·z is exact); z is finite here (see `mean_losses`).
                    let sz = s * z;
                    sz.simd_gt(f64x4::ZERO).select(sz, f64x4::ZERO)
                } else {
                    pos.select(z, f64x4::ZERO) - z * y
                };
                e = if !CORRECT {
                    let changed = if L::ALWAYS_ACTIVE {
                        pos ^ was_pos
                    } else {
                        (pos ^ was_pos) | (active ^ was_active)
                    };
                    if g == 0 || r.direct || changed.any() {
                        exp_nonpositive(-z.abs())
                    } else if L::ALWAYS_ACTIVE {
                        e * pos.select(up, down)
                    } else {
                        e * active.select(pos.select(up, down), f64x4::ONE)
                    }
                } else {
                    // |z| moved by ±4Δ·slope where active, 0 elsewhere; `off` is how far the
                    // computed z strayed from that (rounding), applied to first order.
                    let nominal = active.select(pos.select(s4, -s4), f64x4::ZERO);
                    let off = (z.abs() - was_z.abs()) - nominal;
                    let changed = (pos ^ was_pos) | (active ^ was_active);
                    if g == 0 || r.direct || (changed | off.abs().simd_gt(MAX_OFF)).any() {
                        exp_nonpositive(-z.abs())
                    } else {
                        let factor = active.select(pos.select(up, down), f64x4::ONE);
                        e * factor * (f64x4::ONE - off)
                    }
                };
                (was_z, was_pos, was_active) = (z, pos, active);
                product[g] *= f64x4::ONE + e;
            }
            if (k + 1) % lanes::BLOCK == 0 {
                for (l, p) in logs.iter_mut().zip(product.iter_mut()) {
                    *l += ln_lanes(*p);
                    *p = f64x4::ONE;
                }
            }
        }
        let inv_n = 1.0 / n as f64;
        for (g, wg) in w.iter().enumerate() {
            let sums = (linear[g] + logs[g] + ln_lanes(product[g])).to_array();
            for (lane, (&sum, &x)) in sums.iter().zip(&wg.to_array()).enumerate() {
                let Some(slot) = out.get_mut((g0 + g) * LANES + lane) else {
                    break;
                };
                let bound = n as f64 * ERROR_PER_SAMPLE + drift;
                let sum = if sum.is_finite() && bound <= 1e-13 * sum {
                    sum
                } else {
                    sum_by_terms(row, n, x)
                };
                *slot = sum * inv_n;
            }
        }
        g0 = g1;
    }
}

/// ln of each lane (libm, so the same bits on every target).
fn ln_lanes(p: f64x4) -> f64x4 {
    let [a, b, c, d] = p.to_array();
    f64x4::from([float::ln(a), float::ln(b), float::ln(c), float::ln(d)])
}

/// Σₖ BCE(zₖ(x), yₖ) one `ln_1p` per sample (the accurate path), sample by sample.
fn sum_by_terms<L: Logits>(row: &L, n: usize, x: f64) -> f64 {
    let mut sum = 0.0;
    for k in 0..n {
        let (z, _) = row.logits(k, f64x4::splat(x));
        sum += crate::loss::bce_from_logit(z.to_array()[0], row.label(k));
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::bce_from_logit;

    #[test]
    fn both_kernels_match_the_loss_sample_by_sample() {
        let n = 97;
        let base: Vec<f64> = (0..n).map(|k| ((k * 37) % 11) as f64 / 4.0 - 1.3).collect();
        let coef: Vec<f64> = (0..n).map(|k| ((k * 53) % 17) as f64 / 5.0 - 0.9).collect();
        let y: Vec<f64> = (0..n).map(|k| (k % 3 == 0) as u8 as f64).collect();
        let row = Row {
            base: &base,
            coef: &coef,
            y: &y,
        };
        // 75 columns: nine full segments and a partial group; z changes sign in many rows.
        let points = 75;
        let xs: Vec<f64> = (0..points)
            .map(|i| -4.0 * (1.0 - i as f64 / 74.0) + 4.0 * (i as f64 / 74.0))
            .collect();
        let step = 8.0 / 74.0;
        for correct in [false, true] {
            let mut out = alloc::vec![0.0; points];
            if correct {
                kernel::<Row, true>(&row, &xs, step, 0.0, &mut out);
            } else {
                kernel::<Row, false>(&row, &xs, step, 1e-13, &mut out);
            }
            for (i, &x) in xs.iter().enumerate() {
                let want: f64 = (0..n)
                    .map(|k| bce_from_logit(base[k] + x * coef[k], y[k]))
                    .sum::<f64>()
                    / n as f64;
                assert!(
                    (out[i] - want).abs() <= 1e-13 * want,
                    "{correct} {i}: {} vs {want}",
                    out[i]
                );
            }
        }
    }

    #[test]
    fn both_kernels_follow_a_relu_chain_through_its_kinks() {
        // θₓ = w1 of a 1-1-1-1 ReLU network; (b1, w2, b2, w3, b3) fixed. Each sample's logit has
        // up to two kinks along the row, where a ReLU turns on or off.
        let layers = [0.0, 0.3, -1.2, 0.9, 1.7, -0.4];
        let n = 61;
        let below: Vec<f64> = (0..n).map(|k| k as f64 / 10.0 - 3.0).collect();
        let y: Vec<f64> = (0..n).map(|k| (k % 2) as f64).collect();
        let chain = Chain {
            below: &below,
            y: &y,
            layers: &layers,
            is_weight: true,
            gain: layers[2] * layers[4],
        };
        let points = 70;
        let xs: Vec<f64> = (0..points)
            .map(|i| -3.0 * (1.0 - i as f64 / 69.0) + 3.0 * (i as f64 / 69.0))
            .collect();
        let drift = chain.drift(3.0);
        assert!(drift > 0.0 && drift < 1e-12, "{drift}");
        for correct in [false, true] {
            let mut out = alloc::vec![0.0; points];
            if correct {
                kernel::<Chain, true>(&chain, &xs, 6.0 / 69.0, 0.0, &mut out);
            } else {
                kernel::<Chain, false>(&chain, &xs, 6.0 / 69.0, drift, &mut out);
            }
            for (i, &x) in xs.iter().enumerate() {
                let relu = |z: f64| if z <= 0.0 { 0.0 } else { z };
                let want: f64 = (0..n)
                    .map(|k| {
                        let a1 = relu(layers[1] + x * below[k]);
                        let a2 = relu(layers[3] + layers[2] * a1);
                        bce_from_logit(layers[5] + layers[4] * a2, y[k])
                    })
                    .sum::<f64>()
                    / n as f64;
                assert!((out[i] - want).abs() <= 1e-13 * want, "{correct} {i}");
            }
        }
    }
}
