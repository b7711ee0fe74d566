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
            // The batch takes e from the landscape's lean exponential.
            assert!(ulps(dz[i], d) <= 2, "batch ∂L/∂z at z={zi}");
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
