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
/// (The tests' lane-by-lane form; the batch takes e from [`exp_minus_abs`].)
#[cfg(test)]
#[inline(always)]
pub(crate) fn loss_and_derivative(z: f64x4, y: f64x4) -> (f64x4, f64x4) {
    let (l, e) = loss_and_e(z, y);
    (l, derivative(z, y, e))
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

/// ∂L/∂z per lane given e = e^(−|z|) (see [`loss_and_derivative`]).
#[inline(always)]
fn derivative(z: f64x4, y: f64x4, e: f64x4) -> f64x4 {
    let one = f64x4::ONE;
    let big = one / (one + e);
    let small = e / (one + e);
    let nonneg = z.simd_gt(f64x4::ZERO) | z.simd_eq(f64x4::ZERO);
    let sigma_z = nonneg.select(big, small);
    let sigma_minus_z = nonneg.select(small, big);
    y.simd_eq(one).select(-sigma_minus_z, sigma_z - y)
}

/// e^(−|z|) per lane: [`exp_nonpositive`], or `wide`'s `exp` when a lane is below −708 (where
/// the lean one flushes to 0 but a gradient still wants the subnormal value).
#[inline(always)]
fn exp_minus_abs(z: f64x4) -> f64x4 {
    let x = -z.abs();
    if x.simd_lt(f64x4::splat(-708.0)).any() {
        x.exp()
    } else {
        exp_nonpositive(x)
    }
}

/// The loss part of a batch sum, as [`affine_sum`] takes it: Σ (max(z, 0) − z·y) plus
/// ln ∏ (1 + e^(−|z|)), one `ln` per [`BLOCK`] groups; `each(group, z, e)` sees every group's
/// e^(−|z|) (padding lanes have z = 0 and are masked out of the sums).
#[inline(always)]
fn sum_by_products(z: &[f64], y: &[f64], mut each: impl FnMut(usize, f64x4, f64x4, f64x4)) -> f64 {
    let n = z.len().min(y.len());
    let mut linear = f64x4::ZERO;
    let mut logs = 0.0;
    let mut product = f64x4::ONE;
    let groups = n.div_ceil(LANES);
    for g in 0..groups {
        let i = g * LANES;
        let (zv, yv) = if i + LANES <= n {
            (
                f64x4::from([z[i], z[i + 1], z[i + 2], z[i + 3]]),
                f64x4::from([y[i], y[i + 1], y[i + 2], y[i + 3]]),
            )
        } else {
            (load(&z[..n], i, 0.0), load(&y[..n], i, 0.0))
        };
        let keep = keep_first((n - i).min(LANES));
        let e = exp_minus_abs(zv);
        let relu = zv.simd_gt(f64x4::ZERO).select(zv, f64x4::ZERO);
        linear += (relu - zv * yv) * keep;
        product *= f64x4::ONE + e * keep;
        each(g, zv, yv, e);
        if (g + 1) % BLOCK == 0 || g + 1 == groups {
            let [p0, p1, p2, p3] = product.to_array();
            logs += crate::float::ln((p0 * p1) * (p2 * p3));
            product = f64x4::ONE;
        }
    }
    total(linear) + logs
}

/// True when a sum by products (`fast`, over `n` samples) is within 10⁻¹³ of its value: the
/// products and the lean exponential cost at most 4·2⁻⁵³ nats per sample (see
/// [`affine_sum`]).
#[inline]
fn products_suffice(fast: f64, n: usize) -> bool {
    fast.is_finite() && 2.0 * n as f64 * f64::EPSILON <= 1e-13 * fast
}

/// Σᵢ BCE(zᵢ, yᵢ) and ∂Lᵢ/∂zᵢ into `dz`; see [`super::bce_sum_and_derivatives`]. The sum is
/// taken by products (as [`affine_sum`]), or term by term where that could miss 10⁻¹³.
pub(crate) fn sum_and_derivatives(z: &[f64], y: &[f64], dz: &mut [f64]) -> f64 {
    let n = z.len().min(y.len()).min(dz.len());
    let (z, y, dz) = (&z[..n], &y[..n], &mut dz[..n]);
    let fast = sum_by_products(z, y, |g, zv, yv, e| {
        let d = derivative(zv, yv, e).to_array();
        let i = g * LANES;
        let m = (n - i).min(LANES);
        dz[i..i + m].copy_from_slice(&d[..m]);
    });
    if products_suffice(fast, n) {
        fast
    } else {
        sum_by_terms(z, y)
    }
}

/// Σᵢ BCE(zᵢ, yᵢ); see [`super::bce_sum`]: [`sum_and_derivatives`]'s sum, the same bits.
pub(crate) fn sum(z: &[f64], y: &[f64]) -> f64 {
    let n = z.len().min(y.len());
    let fast = sum_by_products(&z[..n], &y[..n], |_, _, _, _| {});
    if products_suffice(fast, n) {
        fast
    } else {
        sum_by_terms(&z[..n], &y[..n])
    }
}

/// Σᵢ BCE(zᵢ, yᵢ) one `ln_1p` per sample (four partial sums).
fn sum_by_terms(z: &[f64], y: &[f64]) -> f64 {
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
/// and the exponential's 2 units in the last place of e another 2·2⁻⁵³, so the sum is off by
/// at most `n·2⁻⁵¹` nats plus a few units in its last place. Where that
/// could exceed 10⁻¹³ of the result (a mean loss below ≈ 0.002, a nearly perfect fit), or the
/// result is not finite, the sum is taken again term by term with `ln_1p`.
pub(crate) fn affine_sum(w: f64, a: &[f64], b: f64, y: &[f64]) -> f64 {
    let n = a.len().min(y.len());
    let fast = affine_sum_by_products(w, &a[..n], b, &y[..n]);
    if products_suffice(fast, n) {
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
mod tests;
