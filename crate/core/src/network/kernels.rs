//! The matrix kernels of the layer-major full-batch pass ([`super::batch`]).
//!
//! A *layer matrix* holds one row per unit and one column per sample, row-major: unit r's n
//! samples are contiguous at `r·n .. (r+1)·n`. Two kernels do all the arithmetic:
//!
//! * [`affine`] — `out = init + Cᵀ·input`, the forward product `Z_l = W_l·A_(l−1) + b_l` and the
//!   backward product `Wᵀ·∂L/∂Z`, as axpy loops over samples blocked in registers
//!   ([`ROWS`] output rows × [`LANES`] samples at a time);
//! * [`dots`] — every dot product of a row of one layer matrix with a row of another, the weight
//!   gradient `∂L/∂W_l = ∂L/∂Z_l · A_(l−1)ᵀ` (and [`row_sum`] the bias gradient).
//!
//! Both work on `wide::f64x4` lanes, four consecutive samples at a time (two 128-bit registers
//! on x86-64 SSE2 and wasm `simd128`, four scalars elsewhere), and round every product and every
//! sum separately, in an order fixed here and not by the target: neither `wide` nor Rust fuses
//! `a * b + c` into a fused multiply-add, and a lane computes exactly what the scalar
//! `acc += a * b` would. Native and wasm builds agree bit for bit.

use wide::f64x4;

/// Samples per register block of [`affine`], and partial sums per dot product in [`dots`].
pub(super) const LANES: usize = 4;
/// Output rows per register block of [`affine`].
const ROWS: usize = 4;

/// `out[r][s] = init[r] + Σ_k coef[k·rows_out + r] · input[k][s]` for every output row r and
/// sample s: `coef` is the `rows_in × rows_out` coefficient matrix stored input-major (row k
/// holds the coefficients of input row k for each output row), `init` the per-row start
/// (a bias), or 0 when `None`.
///
/// Each value is summed over k = 0, 1, … in that order starting from `init[r]`, exactly as a
/// per-sample loop `z = b; for k { z += w[k] * a[k] }` does, so it is that loop's bits.
///
/// Shapes: `out` has at least `rows_out·n` values, `input` at least `rows_in·n`, `coef` at
/// least `rows_in·rows_out`, `init` at least `rows_out` (callers size them so; a shorter
/// slice would panic on indexing, which the buffers of [`super::batch`] rule out).
pub(super) fn affine(
    out: &mut [f64],
    input: &[f64],
    n: usize,
    coef: &[f64],
    shape: (usize, usize),
    init: Option<&[f64]>,
) {
    let (rows_in, rows_out) = shape;
    let start = |r: usize| init.map_or(0.0, |b| b[r]);
    let full = n - n % LANES;
    let mut s0 = 0;
    while s0 < full {
        let mut r0 = 0;
        while r0 + ROWS <= rows_out {
            let init: [f64; ROWS] = core::array::from_fn(|i| start(r0 + i));
            block4::<ROWS>(out, input, n, coef, (rows_in, rows_out), init, (r0, s0));
            r0 += ROWS;
        }
        for r in r0..rows_out {
            block4::<1>(
                out,
                input,
                n,
                coef,
                (rows_in, rows_out),
                [start(r)],
                (r, s0),
            );
        }
        s0 += LANES;
    }
    for s in full..n {
        for r in 0..rows_out {
            block1(out, input, n, coef, (rows_in, rows_out), start(r), (r, s));
        }
    }
}

/// One register block of [`affine`]: output rows `r0 .. r0+R`, samples `s0 .. s0+4` as one
/// [`f64x4`] per row (lane i = sample s0 + i; each lane rounds exactly as the scalar
/// `acc += c·x`).
#[inline(always)]
fn block4<const R: usize>(
    out: &mut [f64],
    input: &[f64],
    n: usize,
    coef: &[f64],
    (rows_in, rows_out): (usize, usize),
    init: [f64; R],
    (r0, s0): (usize, usize),
) {
    let mut acc = init.map(f64x4::splat);
    for k in 0..rows_in {
        let x = load4(&input[k * n + s0..]);
        let c = &coef[k * rows_out + r0..][..R];
        for (a, &c) in acc.iter_mut().zip(c) {
            *a += f64x4::splat(c) * x;
        }
    }
    for (r, a) in acc.iter().enumerate() {
        out[(r0 + r) * n + s0..][..LANES].copy_from_slice(&a.to_array());
    }
}

/// [`block4`] for one output row and one sample, in scalars (the samples past the last full
/// group of four).
#[inline(always)]
fn block1(
    out: &mut [f64],
    input: &[f64],
    n: usize,
    coef: &[f64],
    (rows_in, rows_out): (usize, usize),
    init: f64,
    (r, s): (usize, usize),
) {
    let mut acc = init;
    for k in 0..rows_in {
        acc += coef[k * rows_out + r] * input[k * n + s];
    }
    out[r * n + s] = acc;
}

/// The first four values of `v` as lanes (`v` has at least four).
#[inline(always)]
fn load4(v: &[f64]) -> f64x4 {
    let v = &v[..LANES];
    f64x4::from([v[0], v[1], v[2], v[3]])
}

/// `out[r·cols + c] = ⟨x_r, y_c⟩ = Σ_s x[r][s] · y[c][s]` for every row r of the `rows × n`
/// layer matrix `x` and every row c of the `cols × n` layer matrix `y`.
///
/// Each dot product is [`LANES`] independent partial sums — partial i collects the samples
/// s ≡ i (mod 4) in increasing s — combined as `(p₀ + p₁) + (p₂ + p₃)`, whatever the blocking.
/// Its rounding error is the usual one of a sum (at most about `n·ε·Σ_s |x_s·y_s|`, Higham,
/// *Accuracy and Stability of Numerical Algorithms*, 2002, §4.2), not larger.
///
/// Shapes: `out` at least `rows·cols`, `x` at least `rows·n`, `y` at least `cols·n`.
pub(super) fn dots(out: &mut [f64], x: &[f64], y: &[f64], n: usize, (rows, cols): (usize, usize)) {
    let mut r = 0;
    while r + 2 <= rows {
        let (x0, x1) = (&x[r * n..][..n], &x[(r + 1) * n..][..n]);
        let mut c = 0;
        while c + 2 <= cols {
            let (y0, y1) = (&y[c * n..][..n], &y[(c + 1) * n..][..n]);
            let [[a, b], [d, e]] = dots_2x2([x0, x1], [y0, y1]);
            out[r * cols + c] = a;
            out[r * cols + c + 1] = b;
            out[(r + 1) * cols + c] = d;
            out[(r + 1) * cols + c + 1] = e;
            c += 2;
        }
        if c < cols {
            let y0 = &y[c * n..][..n];
            out[r * cols + c] = dot(x0, y0);
            out[(r + 1) * cols + c] = dot(x1, y0);
        }
        r += 2;
    }
    if r < rows {
        let x0 = &x[r * n..][..n];
        for c in 0..cols {
            out[r * cols + c] = dot(x0, &y[c * n..][..n]);
        }
    }
}

/// The four dot products of two rows with two rows (equal lengths), each in the order of
/// [`dots`]: eight independent accumulator pairs the compiler keeps in registers.
#[inline(always)]
fn dots_2x2([x0, x1]: [&[f64]; 2], [y0, y1]: [&[f64]; 2]) -> [[f64; 2]; 2] {
    let mut v = [[f64x4::ZERO; 2]; 2];
    let chunks = x0
        .chunks_exact(LANES)
        .zip(x1.chunks_exact(LANES))
        .zip(y0.chunks_exact(LANES).zip(y1.chunks_exact(LANES)));
    for ((a0, a1), (b0, b1)) in chunks {
        let (b0, b1) = (load4(b0), load4(b1));
        for (vr, a) in v.iter_mut().zip([a0, a1]) {
            let a = load4(a);
            vr[0] += a * b0;
            vr[1] += a * b1;
        }
    }
    let mut p = v.map(|row| row.map(|l| l.to_array()));
    let tail = x0.len() - x0.len() % LANES;
    for (i, s) in (tail..x0.len()).enumerate() {
        p[0][0][i] += x0[s] * y0[s];
        p[0][1][i] += x0[s] * y1[s];
        p[1][0][i] += x1[s] * y0[s];
        p[1][1][i] += x1[s] * y1[s];
    }
    p.map(|row| row.map(combine))
}

/// ⟨x, y⟩ over equal-length rows, in the order of [`dots`].
fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut v = f64x4::ZERO;
    for (a, b) in x.chunks_exact(LANES).zip(y.chunks_exact(LANES)) {
        v += load4(a) * load4(b);
    }
    let mut p = v.to_array();
    let tail = x.len() - x.len() % LANES;
    for (i, (a, b)) in x[tail..].iter().zip(&y[tail..]).enumerate() {
        p[i] += a * b;
    }
    combine(p)
}

/// Σ_s x[s], with the partial sums and the combining order of [`dots`].
pub(super) fn row_sum(x: &[f64]) -> f64 {
    let mut v = f64x4::ZERO;
    for a in x.chunks_exact(LANES) {
        v += load4(a);
    }
    let mut p = v.to_array();
    let tail = x.len() - x.len() % LANES;
    for (i, a) in x[tail..].iter().enumerate() {
        p[i] += a;
    }
    combine(p)
}

/// `(⟨x, y⟩, Σ_s x[s])` over equal-length rows in one pass, each in the order of [`dots`] and
/// [`row_sum`] (so the same bits as calling them separately).
pub(super) fn dot_and_sum(x: &[f64], y: &[f64]) -> (f64, f64) {
    let (mut v, mut w) = (f64x4::ZERO, f64x4::ZERO);
    for (a, b) in x.chunks_exact(LANES).zip(y.chunks_exact(LANES)) {
        let a = load4(a);
        v += a * load4(b);
        w += a;
    }
    let (mut p, mut q) = (v.to_array(), w.to_array());
    let tail = x.len() - x.len() % LANES;
    for (i, (a, b)) in x[tail..].iter().zip(&y[tail..]).enumerate() {
        p[i] += a * b;
        q[i] += a;
    }
    (combine(p), combine(q))
}

/// The fixed combining order of the partial sums: `(p₀ + p₁) + (p₂ + p₃)`.
#[inline(always)]
fn combine(p: [f64; LANES]) -> f64 {
    (p[0] + p[1]) + (p[2] + p[3])
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Small integers: every product and sum below is exact, so any summation order gives the
    /// same value and the expected values are plain arithmetic.
    fn ints(len: usize, seed: i64) -> Vec<f64> {
        (0..len as i64)
            .map(|i| ((i * 7 + seed) % 11 - 5) as f64)
            .collect()
    }

    #[test]
    fn affine_matches_the_definition_on_every_block_shape() {
        // 1..=9 output rows (full blocks of 4 and leftovers), 1..=7 samples (full chunks of 4
        // and a tail), 1..=3 inputs.
        for rows_out in 1..=9 {
            for rows_in in 1..=3 {
                for n in 1..=7 {
                    let input = ints(rows_in * n, 3);
                    let coef = ints(rows_in * rows_out, 1);
                    let bias = ints(rows_out, 5);
                    let mut out = alloc::vec![f64::NAN; rows_out * n];
                    affine(&mut out, &input, n, &coef, (rows_in, rows_out), Some(&bias));
                    for r in 0..rows_out {
                        for s in 0..n {
                            let mut want = bias[r];
                            for k in 0..rows_in {
                                want += coef[k * rows_out + r] * input[k * n + s];
                            }
                            assert_eq!(out[r * n + s], want, "{rows_out}×{rows_in}, n={n}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn dots_and_row_sums_match_the_definition() {
        for rows in 1..=5 {
            for cols in 1..=5 {
                for n in 1..=9 {
                    let x = ints(rows * n, 2);
                    let y = ints(cols * n, 4);
                    let mut out = alloc::vec![f64::NAN; rows * cols];
                    dots(&mut out, &x, &y, n, (rows, cols));
                    for r in 0..rows {
                        for c in 0..cols {
                            let want: f64 = (0..n).map(|s| x[r * n + s] * y[c * n + s]).sum();
                            assert_eq!(out[r * cols + c], want);
                        }
                    }
                }
            }
        }
        assert_eq!(row_sum(&[1.0, 2.0, 3.0, 4.0, 5.0, -6.0]), 9.0);
    }

    #[test]
    fn partial_sums_follow_the_stated_order() {
        // Samples 0..6 with 1e16 at s = 0 and 1.0 elsewhere: partial 0 = 1e16 + 1 (s = 0, 4)
        // rounds to 1e16; partial 1 = 1 + 1 = 2 (s = 1, 5); partials 2, 3 = 1. Then
        // (1e16 + 2) + (1 + 1) = 1e16 + 4 exactly, where a sequential sum gives 1e16 + 6 rounded
        // at each step to 1e16 (each +1 is half an ulp, ties to even).
        let x = [1e16, 1.0, 1.0, 1.0, 1.0, 1.0];
        assert_eq!(row_sum(&x), 1e16 + 4.0);
        let ones = [1.0; 6];
        let mut out = [0.0; 4];
        dots(
            &mut out,
            &[x, x].concat(),
            &[ones, ones].concat(),
            6,
            (2, 2),
        );
        assert_eq!(out, [1e16 + 4.0; 4]);
        assert_eq!(dot(&x, &ones), 1e16 + 4.0);
        assert_eq!(dot_and_sum(&x, &ones), (1e16 + 4.0, 1e16 + 4.0));
    }
}
