//! The plain scalar reference: the per-sample loops a competent person writes for each workload
//! without any of the product's machinery, using std's `f64::exp` and `f64::ln_1p` (glibc's
//! natively, Rust's own port of musl's in wasm). Compiled from this one source for both targets.
//!
//! Every loop is the textbook one: forward one sample, the stable binary cross-entropy from the
//! logit, backpropagation of that sample into summed gradients, then the mean and the update
//! θ ← θ − α·∂L/∂θ (Rumelhart, Hinton & Williams 1986).

pub mod chain;
pub mod dense;
pub mod seed;

/// Binary cross-entropy of logit `z` against label `y` ∈ {0, 1} in nats, and ∂L/∂z, from one
/// `exp`: `L = max(z, 0) − z·y + ln(1 + e^(−|z|))`, `∂L/∂z = σ(z) − y` with σ(z) = 1/(1 + e)
/// for z ≥ 0 and e/(1 + e) below (e = e^(−|z|)), the forms that stay finite for every finite z
/// (Goodfellow, Bengio & Courville, *Deep Learning*, 2016, §6.2.2.2).
#[inline]
pub fn bce(z: f64, y: f64) -> (f64, f64) {
    let e = (-z.abs()).exp();
    let loss = z.max(0.0) - z * y + e.ln_1p();
    let sigma = if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    (loss, sigma - y)
}

/// ReLU(z) = max(z, 0).
#[inline]
pub fn relu(z: f64) -> f64 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// ReLU′(z): 1 for z > 0, else 0 (the kink counts as off, as in the reference cases).
#[inline]
pub fn relu_slope(z: f64) -> f64 {
    if z > 0.0 {
        1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bce_at_zero_is_ln_2_with_slope_one_half() {
        assert_eq!(bce(0.0, 1.0), (core::f64::consts::LN_2, -0.5));
        assert_eq!(bce(0.0, 0.0), (core::f64::consts::LN_2, 0.5));
    }

    #[test]
    fn bce_stays_finite_where_the_naive_form_overflows() {
        // z = −800, y = 1: L = 800 + ln(1 + e^−800) = 800 exactly in f64; ∂L/∂z = σ(−800) − 1 = −1.
        assert_eq!(bce(-800.0, 1.0), (800.0, -1.0));
        // z = 40, y = 1: L = ln(1 + e^−40) ≈ e^−40 = 4.248354255291589e-18.
        let (l, _) = bce(40.0, 1.0);
        assert!((l - 4.248354255291589e-18).abs() < 1e-30);
    }
}
