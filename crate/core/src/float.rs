//! Floating-point functions: the gate for scalar transcendental functions, and the overflow-safe
//! sigmoid and Euclidean norm built on it. Everything goes through `libm` on every target, so
//! native and wasm builds round identically (std's `exp` calls the platform C library natively
//! but a different implementation on wasm32). The batch paths have their own, on SIMD lanes:
//! `loss::lanes` (the loss over many samples) and `surface::rows` (the landscape).

/// eˣ.
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// ln(1 + x), accurate for small x.
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// ln x (−∞ for 0, NaN below 0).
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// log₁₀ x (−∞ for 0, NaN below 0).
#[inline]
pub fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// Hyperbolic tangent.
#[inline]
pub fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

/// Square root.
#[inline]
pub fn sqrt(x: f64) -> f64 {
    libm::sqrt(x)
}

/// The logistic sigmoid σ(z) = 1 / (1 + e⁻ᶻ), evaluated without overflow for any finite z:
/// for z < 0 it uses eᶻ / (1 + eᶻ).
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + exp(-z))
    } else {
        let e = exp(z);
        e / (1.0 + e)
    }
}

/// The Euclidean norm ‖v‖₂ = √(Σ vᵢ²), computed without overflow for large components (scaled by
/// the largest |vᵢ|): 0 for an empty `v`, ∞ if a component is infinite, NaN if one is NaN.
pub fn norm(v: &[f64]) -> f64 {
    let scale = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return if v.iter().any(|x| x.is_nan()) {
            f64::NAN
        } else {
            scale
        };
    }
    let sum: f64 = v.iter().map(|x| (x / scale) * (x / scale)).sum();
    scale * sqrt(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_survives_huge_components() {
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
        assert!((norm(&[3e200, 4e200]) / 5e200 - 1.0).abs() < 1e-15);
        assert_eq!(norm(&[]), 0.0);
        assert_eq!(norm(&[f64::INFINITY, 1.0]), f64::INFINITY);
        assert!(norm(&[f64::NAN, 1.0]).is_nan());
    }
}
