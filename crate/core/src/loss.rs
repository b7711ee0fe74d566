//! Binary cross-entropy from the logit, value next to its derivative.
//!
//! For a logit z and a label y ∈ {0, 1}, with ŷ = σ(z):
//! `L = −y ln ŷ − (1 − y) ln(1 − ŷ) = max(z, 0) − z·y + ln(1 + e^(−|z|))`,
//! the form that stays finite for every finite z (`ln σ(z)` would give −∞ once σ rounds to 0).
//! Its derivative is `∂L/∂z = σ(z) − y` (e.g. Goodfellow, Bengio & Courville, *Deep Learning*,
//! 2016, §6.2.2.2), bounded by 1 in magnitude: a saturated output kills the gradient only when the
//! prediction is right.

use crate::float;

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
    let (relu, sigma) = if z >= 0.0 {
        (z, 1.0 / (1.0 + e))
    } else {
        (0.0, e / (1.0 + e))
    };
    (relu - z * y + float::ln_1p(e), sigma - y)
}

/// ∂L/∂z of [`bce_from_logit`]: `σ(z) − y`.
#[inline]
pub fn bce_from_logit_derivative(z: f64, y: f64) -> f64 {
    float::sigmoid(z) - y
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
