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

use wide::bytemuck::cast;
use wide::{f64x4, u64x4};

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

/// Σᵢ BCE(w·aᵢ + b, yᵢ): the loss of a last layer with one unit, weight `w` and bias `b`, over
/// the activations `a` below it (the landscape's inner loop, without storing the logits). The
/// logit is formed as `b + w·aᵢ`, the same rounding as the forward pass.
///
/// The landscape needs no derivative, so the logarithms are taken of products:
/// Σᵢ ln(1 + eᵢ) = ln ∏ᵢ (1 + eᵢ) with eᵢ = e^(−|zᵢ|) ∈ [0, 1], one `ln` per [`BLOCK`] lane
/// groups instead of one per sample (each factor is in [1, 2], so a block's product stays below
/// 2^(4·BLOCK)). Rounding each factor and each product costs at most 2·2⁻⁵³ in ln per sample,
/// so the sum is off by at most `n·2⁻⁵²` nats plus a few units in its last place. Where that
/// could exceed 10⁻¹³ of the result (a mean loss below ≈ 0.002, a nearly perfect fit), or the
/// result is not finite, the sum is taken again term by term with `ln_1p`.
pub(crate) fn affine_sum(w: f64, a: &[f64], b: f64, y: &[f64]) -> f64 {
    let n = a.len().min(y.len());
    let fast = affine_sum_by_products(w, &a[..n], b, &y[..n]);
    let bound = n as f64 * f64::EPSILON;
    if fast.is_finite() && bound <= 1e-13 * fast {
        return fast;
    }
    affine_sum_by_terms(w, &a[..n], b, &y[..n])
}

/// e^x per lane for x ≤ 0, flushed to 0 below −708 (where e^x < 2⁻¹⁰²², so 1 + e^x rounds to
/// 1 either way); NaN stays NaN. The landscape's exponential: Cody & Waite's reduction
/// x = k·ln 2 + r, |r| ≤ ln 2 / 2 (Cody & Waite, *Software Manual for the Elementary
/// Functions*, 1980, ch. 6), ln 2 split in two so that k·ln2_hi is exact; e^r by its Taylor
/// series to r¹³/13! (the first term left out is below 2⁻⁵⁷ of the result), and 2^k written
/// straight into the exponent bits. `wide`'s general `exp` also handles overflow, subnormal
/// results and infinities with masks, which costs twice as much here; within 2 units in the
/// last place of libm's (tested below).
#[inline(always)]
pub(crate) fn exp_nonpositive(x: f64x4) -> f64x4 {
    // 1.5·2⁵²: adding it rounds x/ln 2 to an integer k held in the low mantissa bits.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    // ln 2 = LN2_HI + LN2_LO, LN2_HI with its low 32 bits zero (fdlibm's split).
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let t = x * f64x4::splat(core::f64::consts::LOG2_E) + f64x4::splat(SHIFT);
    let k = t - f64x4::splat(SHIFT);
    let r = (x - k * f64x4::splat(LN2_HI)) - k * f64x4::splat(LN2_LO);
    let mut p = f64x4::splat(1.0 / 6_227_020_800.0);
    for c in [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = p * r + f64x4::splat(c);
    }
    // k is in the low bits of t's pattern; (k + 1023) << 52 is 2^k for k ≥ −1022.
    let scale: f64x4 = cast((cast::<f64x4, u64x4>(t) + u64x4::splat(1023)) << 52);
    x.simd_lt(f64x4::splat(-708.0))
        .select(f64x4::ZERO, p * scale)
}

/// Lane groups whose factors (each in [1, 2]) one product collects before its logarithm is
/// taken: 4·240 factors keep the product below 2⁹⁶⁰.
pub(crate) const BLOCK: usize = 240;

fn affine_sum_by_products(w: f64, a: &[f64], b: f64, y: &[f64]) -> f64 {
    let n = a.len();
    let (wv, bv) = (f64x4::splat(w), f64x4::splat(b));
    let mut linear = f64x4::ZERO;
    let mut logs = 0.0;
    let full = n - n % LANES;
    for (ab, yb) in a[..full]
        .chunks(LANES * BLOCK)
        .zip(y[..full].chunks(LANES * BLOCK))
    {
        let mut product = f64x4::ONE;
        for (ac, yc) in ab.chunks_exact(LANES).zip(yb.chunks_exact(LANES)) {
            let av = f64x4::from([ac[0], ac[1], ac[2], ac[3]]);
            let yv = f64x4::from([yc[0], yc[1], yc[2], yc[3]]);
            let z = bv + wv * av;
            let relu = z.simd_gt(f64x4::ZERO).select(z, f64x4::ZERO);
            linear += relu - z * yv;
            product *= f64x4::ONE + exp_nonpositive(-z.abs());
        }
        let [p0, p1, p2, p3] = product.to_array();
        logs += crate::float::ln((p0 * p1) * (p2 * p3));
    }
    if full < n {
        let keep = keep_first(n - full);
        let z = bv + wv * load(a, full, 0.0);
        let yv = load(y, full, 0.0);
        let relu = z.simd_gt(f64x4::ZERO).select(z, f64x4::ZERO);
        linear += (relu - z * yv) * keep;
        let [p0, p1, p2, p3] = (f64x4::ONE + exp_nonpositive(-z.abs()) * keep).to_array();
        logs += crate::float::ln((p0 * p1) * (p2 * p3));
    }
    total(linear) + logs
}

/// [`affine_sum`] one `ln_1p` per sample.
pub(crate) fn affine_sum_by_terms(w: f64, a: &[f64], b: f64, y: &[f64]) -> f64 {
    let n = a.len();
    let (wv, bv) = (f64x4::splat(w), f64x4::splat(b));
    let mut acc = f64x4::ZERO;
    let full = n - n % LANES;
    for (ac, yc) in a[..full]
        .chunks_exact(LANES)
        .zip(y[..full].chunks_exact(LANES))
    {
        let av = f64x4::from([ac[0], ac[1], ac[2], ac[3]]);
        let yv = f64x4::from([yc[0], yc[1], yc[2], yc[3]]);
        acc += loss(bv + wv * av, yv);
    }
    if full < n {
        let z = bv + wv * load(a, full, 0.0);
        acc += loss(z, load(y, full, 0.0)) * keep_first(n - full);
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
    fn the_landscape_exponential_is_within_two_ulps_of_libm() {
        let mut worst = 0;
        for &z in &logits() {
            let x = -z.abs();
            let got = exp_nonpositive(f64x4::splat(x)).to_array()[0];
            let want = if x < -708.0 { 0.0 } else { libm::exp(x) };
            worst = worst.max(ulps(got, want));
        }
        assert!(worst <= 2, "{worst}");
        assert!(exp_nonpositive(f64x4::splat(f64::NAN)).to_array()[0].is_nan());
        assert_eq!(
            exp_nonpositive(f64x4::splat(-f64::INFINITY)).to_array()[0],
            0.0
        );
        assert_eq!(exp_nonpositive(f64x4::splat(0.0)).to_array()[0], 1.0);
    }

    /// Neumaier's compensated sum, a reference nearly free of rounding.
    fn compensated_sum(terms: impl Iterator<Item = f64>) -> f64 {
        let (mut s, mut c) = (0.0f64, 0.0f64);
        for t in terms {
            let u = s + t;
            c += if s.abs() >= t.abs() {
                (s - u) + t
            } else {
                (t - u) + s
            };
            s = u;
        }
        s + c
    }

    #[test]
    fn products_of_factors_match_the_sum_of_terms() {
        let z = logits();
        let a: Vec<f64> = z.iter().map(|v| v * 0.01).collect();
        let y: Vec<f64> = (0..a.len()).map(|i| (i % 2) as f64).collect();
        for n in [1, 3, 4, 9, 64, 569, 960, 961, 5000, a.len()] {
            for (w, b) in [(1.0, 0.0), (-2.5, 0.3), (40.0, -7.0)] {
                let fast = affine_sum_by_products(w, &a[..n], b, &y[..n]);
                let exact = compensated_sum((0..n).map(|i| bce_from_logit(b + w * a[i], y[i])));
                // The products' n·2⁻⁵² plus the partial sums' own rounding, n·2⁻⁵² relative.
                let bound = n as f64 * f64::EPSILON * (1.0 + exact);
                assert!(
                    (fast - exact).abs() <= bound,
                    "n={n} w={w}: {fast} vs {exact}"
                );
                let chosen = affine_sum(w, &a[..n], b, &y[..n]);
                assert!((chosen - exact).abs() <= 1e-12 * exact, "n={n} w={w}");
            }
        }
        // A perfect fit: every term below 1e−20, so the product is 1 and the terms are needed.
        let tiny = affine_sum(1.0, &[50.0, -50.0], 0.0, &[1.0, 0.0]);
        assert!(
            (tiny - 2.0 * libm::exp(-50.0)).abs() <= 1e-15 * tiny,
            "{tiny:e}"
        );
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
