//! Binary cross-entropy from the logit, value next to its derivative.
//!
//! For a logit z and a label y ∈ {0, 1}, with ŷ = σ(z):
//! `L = −y ln ŷ − (1 − y) ln(1 − ŷ) = max(z, 0) − z·y + ln(1 + e^(−|z|))`,
//! the form that stays finite for every finite z (`ln σ(z)` would give −∞ once σ rounds to 0).
//! Its derivative is `∂L/∂z = σ(z) − y` (e.g. Goodfellow, Bengio & Courville, *Deep Learning*,
//! 2016, §6.2.2.2), bounded by 1 in magnitude: a saturated output kills the gradient only when the
//! prediction is right. For y = 1 it is evaluated as −σ(−z), which keeps the tiny gradient of a
//! confidently right prediction (−4.2e−18 at z = 40) that `σ(z) − 1` would round to 0.

use crate::float;

pub(crate) mod lanes;

/// Per-sample binary cross-entropy of logit `z` against label `y`, in nats.
#[inline]
pub fn bce_from_logit(z: f64, y: f64) -> f64 {
    let relu = if z > 0.0 { z } else { 0.0 };
    relu - z * y + float::ln_1p(float::exp(-z.abs()))
}

/// The loss and ∂L/∂z = σ(z) − y together, sharing one `exp(−|z|)` (bit-identical to
/// calling [`bce_from_logit`] and [`bce_from_logit_derivative`] separately).
#[inline]
pub fn bce_and_derivative(z: f64, y: f64) -> (f64, f64) {
    let e = float::exp(-z.abs());
    let relu = if z > 0.0 { z } else { 0.0 };
    (relu - z * y + float::ln_1p(e), derivative_from(z, y, e))
}

/// ∂L/∂z of [`bce_from_logit`]: `σ(z) − y`.
#[inline]
pub fn bce_from_logit_derivative(z: f64, y: f64) -> f64 {
    derivative_from(z, y, float::exp(-z.abs()))
}

/// σ(z) − y given e = exp(−|z|): σ(z) = 1/(1+e) for z ≥ 0 and e/(1+e) below; for y = 1 the
/// difference is −σ(−z), computed without cancellation.
#[inline]
fn derivative_from(z: f64, y: f64, e: f64) -> f64 {
    let (sigma_z, sigma_minus_z) = if z >= 0.0 {
        (1.0 / (1.0 + e), e / (1.0 + e))
    } else {
        (e / (1.0 + e), 1.0 / (1.0 + e))
    };
    if y == 1.0 {
        -sigma_minus_z
    } else {
        sigma_z - y
    }
}

/// Σᵢ BCE(zᵢ, yᵢ) over a batch of logits `z` and labels `y` (nats, **not** divided by N),
/// writing ∂Lᵢ/∂zᵢ = σ(zᵢ) − yᵢ to `dz[i]`. Runs over the shortest of the three slices.
///
/// The batch form of [`bce_and_derivative`], four samples at a time on SIMD lanes (see
/// [`lanes`]): every element agrees with the scalar form to within a few units in the last
/// place, and the sum is taken as four partial sums in a fixed order, so the result has the
/// same bits on every target.
pub fn bce_sum_and_derivatives(z: &[f64], y: &[f64], dz: &mut [f64]) -> f64 {
    lanes::sum_and_derivatives(z, y, dz)
}

/// Σᵢ BCE(zᵢ, yᵢ) over a batch (nats, not divided by N; the shorter slice's length):
/// [`bce_sum_and_derivatives`] without the derivatives, the same lanes and summation order.
pub fn bce_sum(z: &[f64], y: &[f64]) -> f64 {
    lanes::sum(z, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_zero_logit_loss_is_ln2() {
        assert_eq!(bce_from_logit(0.0, 1.0), core::f64::consts::LN_2);
        assert_eq!(bce_from_logit(0.0, 0.0), core::f64::consts::LN_2);
    }

    #[test]
    fn confidently_wrong_is_linear_not_infinite() {
        // z = −1000, y = 1: L = 1000 + ln(1 + e^−1000) = 1000 exactly in float64.
        assert_eq!(bce_from_logit(-1000.0, 1.0), 1000.0);
        assert_eq!(bce_from_logit(1000.0, 0.0), 1000.0);
        assert_eq!(bce_from_logit_derivative(-1000.0, 1.0), -1.0);
    }

    #[test]
    fn fused_form_is_bit_identical() {
        for &z in &[0.0, -0.0, 0.28, -3.5, 40.0, -800.0, 1e300] {
            for &y in &[0.0, 1.0] {
                let (l, d) = bce_and_derivative(z, y);
                assert_eq!(l.to_bits(), bce_from_logit(z, y).to_bits(), "z={z} y={y}");
                assert_eq!(d.to_bits(), bce_from_logit_derivative(z, y).to_bits());
            }
        }
    }

    #[test]
    fn confidently_right_keeps_its_tiny_gradient() {
        // e^−40 / (1 + e^−40) = 4.248354255291589e−18 (e^−40 = 4.248354255291589e−18).
        let d = bce_from_logit_derivative(40.0, 1.0);
        assert!((d + 4.248354255291589e-18).abs() < 1e-30, "{d:e}");
        let d = bce_from_logit_derivative(-40.0, 0.0);
        assert!((d - 4.248354255291589e-18).abs() < 1e-30, "{d:e}");
    }

    #[test]
    fn derivative_matches_central_difference() {
        for &(z, y) in &[(0.3, 1.0), (-2.0, 0.0), (5.0, 1.0), (-0.7, 1.0)] {
            let h = 1e-6;
            let fd = (bce_from_logit(z + h, y) - bce_from_logit(z - h, y)) / (2.0 * h);
            assert!(
                (fd - bce_from_logit_derivative(z, y)).abs() < 1e-8,
                "z={z} y={y}"
            );
        }
    }
}
