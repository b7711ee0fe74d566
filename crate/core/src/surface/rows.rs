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

/// Groups of four columns between two direct evaluations of e^(−|z|).
const SEGMENT: usize = 8;

/// Bound on the fast path's error per sample, nats (20 units of 2⁻⁵³; see the module docs).
const ERROR_PER_SAMPLE: f64 = 20.0 * f64::EPSILON / 2.0;

/// A step 4Δ·|coef| above this makes the recurrence's factor e^(4Δ·|coef|) too coarse a
/// lever; such samples are evaluated directly in every group.
const MAX_STEP: f64 = 64.0;

/// Per-sample inputs of one row: zₖ = base[k] + θₓ·coef[k], labels y[k].
pub(super) struct Row<'a> {
    pub base: &'a [f64],
    pub coef: &'a [f64],
    pub y: &'a [f64],
}

/// Writes `out[i]` = (1/N) Σₖ BCE(base[k] + xs[i]·coef[k], y[k]) for every column i, nats.
/// `xs` must be evenly spaced by `step` (> 0) up to rounding; `out.len() == xs.len()`.
pub(super) fn mean_losses(row: &Row, xs: &[f64], step: f64, out: &mut [f64]) {
    let n = row.base.len().min(row.coef.len()).min(row.y.len());
    let groups = xs.len().div_ceil(LANES);
    let ratios: Vec<(f64, f64, bool)> = row.coef[..n]
        .iter()
        .map(|&c| {
            let s = 4.0 * step * c;
            // (factor while z > 0, factor while z ≤ 0, evaluate directly instead)
            (float::exp(-s), float::exp(s), !(s.abs() <= MAX_STEP))
        })
        .collect();
    let mut g0 = 0;
    while g0 < groups {
        let g1 = (g0 + SEGMENT).min(groups);
        let w: Vec<f64x4> = (g0..g1).map(|g| lanes::load(xs, g * LANES, 0.0)).collect();
        let mut linear = [f64x4::ZERO; SEGMENT];
        let mut product = [f64x4::ONE; SEGMENT];
        let mut logs = [f64x4::ZERO; SEGMENT];
        for (k, &(r_pos, r_neg, direct)) in ratios.iter().enumerate() {
            let (b, c, y) = (
                f64x4::splat(row.base[k]),
                f64x4::splat(row.coef[k]),
                f64x4::splat(row.y[k]),
            );
            let (r_pos, r_neg) = (f64x4::splat(r_pos), f64x4::splat(r_neg));
            let mut e = f64x4::ZERO;
            let mut was_pos = f64x4::ZERO;
            for (g, wg) in w.iter().enumerate() {
                let z = b + *wg * c;
                let pos = z.simd_gt(f64x4::ZERO);
                linear[g] += pos.select(z, f64x4::ZERO) - z * y;
                e = if g == 0 || direct || (pos ^ was_pos).any() {
                    exp_nonpositive(-z.abs())
                } else {
                    e * pos.select(r_pos, r_neg)
                };
                was_pos = pos;
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
                let bound = n as f64 * ERROR_PER_SAMPLE;
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

/// Σₖ BCE(base[k] + x·coef[k], y[k]) one `ln_1p` per sample (the accurate path).
fn sum_by_terms(row: &Row, n: usize, x: f64) -> f64 {
    let xv = f64x4::splat(x);
    let mut acc = f64x4::ZERO;
    let mut k = 0;
    while k < n {
        let z = lanes::load(&row.base[..n], k, 0.0) + xv * lanes::load(&row.coef[..n], k, 0.0);
        let l = lanes::loss(z, lanes::load(&row.y[..n], k, 0.0));
        acc += l * lanes::keep_first((n - k).min(LANES));
        k += LANES;
    }
    lanes::total(acc)
}
