//! The one gate for transcendental functions. Everything goes through `libm` on every target, so
//! native and wasm builds round identically (std's `exp` calls the platform C library natively
//! but a different implementation on wasm32).

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
