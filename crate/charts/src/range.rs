//! Axis ranges built from data, guarded against everything that breaks plotters 0.3.7:
//! NaN bounds (panic), infinite bounds or spans (hang), empty ranges, and log axes over
//! non-positive values or narrower than a decade (no tick labels).

/// Largest magnitude an axis bound may have; beyond it a span would overflow.
pub const MAX_ABS: f64 = 1e300;

/// A linear range covering the finite values of `values`, padded by `pad` (fraction of the
/// span) on each side. No finite values → `(0, 1)`; a single value v → v ± max(1, |v|/10).
pub fn linear(values: impl IntoIterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = finite_bounds(values, |_| true);
    if lo > hi {
        return (0.0, 1.0);
    }
    pad_linear(lo, hi, pad)
}

/// `(lo, hi)` widened by `pad`·span per side, or around the value when `lo == hi`; always
/// finite with `lo < hi`.
pub fn pad_linear(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let lo = clamp_finite(lo);
    let hi = clamp_finite(hi);
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let span = hi - lo;
    if span > 0.0 && span.is_finite() {
        let p = span * pad.clamp(0.0, 1.0);
        let (a, b) = (clamp_finite(lo - p), clamp_finite(hi + p));
        if a < b && (b - a).is_finite() {
            return (a, b);
        }
        return (lo, hi);
    }
    let half = (lo.abs() / 10.0).max(1.0);
    (lo - half, hi + half)
}

/// Most decades a log axis spans: plotters' tick search does not finish on hundreds.
pub const MAX_DECADES: f64 = 24.0;

/// A log range covering the positive finite values, widened to whole decades with at least
/// one and at most [`MAX_DECADES`] decades (the top is kept; smaller values sit on the bottom
/// edge): no positive values → `(1e-3, 1)`.
pub fn log(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = finite_bounds(values, |v| v > 0.0);
    if lo > hi {
        return (1e-3, 1.0);
    }
    let lo_exp = lo.log10().floor().max(-300.0);
    let mut hi_exp = hi.log10().ceil().min(300.0);
    if hi_exp <= lo_exp {
        hi_exp = lo_exp + 1.0;
    }
    let lo_exp = lo_exp.max(hi_exp - MAX_DECADES);
    (10f64.powf(lo_exp), 10f64.powf(hi_exp))
}

fn finite_bounds(values: impl IntoIterator<Item = f64>, keep: impl Fn(f64) -> bool) -> (f64, f64) {
    values
        .into_iter()
        .filter(|v| v.is_finite() && keep(*v))
        .map(clamp_finite)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
}

fn clamp_finite(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-MAX_ABS, MAX_ABS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_inputs_give_valid_ranges() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        for vals in [
            vec![],
            vec![nan],
            vec![inf, -inf],
            vec![3.0],
            vec![0.0, 0.0],
            vec![-1e308, 1e308],
            vec![f64::MIN_POSITIVE],
        ] {
            let (lo, hi) = linear(vals.clone(), 0.05);
            assert!(lo.is_finite() && hi.is_finite() && lo < hi && (hi - lo).is_finite());
            let (lo, hi) = log(vals);
            assert!(lo > 0.0 && hi.is_finite() && hi / lo >= 10.0);
        }
    }

    #[test]
    fn log_range_snaps_to_decades() {
        assert_eq!(log([0.3, 0.7]), (0.1, 1.0));
        assert_eq!(log([0.29, 242.5]), (0.1, 1000.0));
        assert_eq!(log([1.0]), (1.0, 10.0));
        assert_eq!(log([1e-320, 1e300]), (1e276, 1e300));
    }

    #[test]
    fn linear_range_pads() {
        assert_eq!(linear([0.0, 10.0], 0.1), (-1.0, 11.0));
        assert_eq!(linear([5.0], 0.1), (4.0, 6.0));
    }
}
