//! Axis ranges built from data, guarded against everything that breaks plotters 0.3.7:
//! NaN bounds (panic), infinite bounds or spans (hang), empty ranges, and log axes over
//! non-positive values or narrower than a decade (no tick labels).

/// Largest magnitude an axis bound may have; beyond it a span would overflow.
pub const MAX_ABS: f64 = 1e306;

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

/// A log range covering the positive finite values with a 25 % margin and at least a factor 4
/// wide, within 1e−300 … 1e300: no positive values → `(1e-3, 1)`. Charts must pass explicit
/// ticks ([`log_ticks`]): plotters' own tick search does not finish over hundreds of decades.
pub fn log(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = finite_bounds(values, |v| v > 0.0);
    if lo > hi {
        return (1e-3, 1.0);
    }
    let (mut lo, mut hi) = (lo.log10() - 0.1, hi.log10() + 0.1);
    if hi - lo < 0.6 {
        let mid = 0.5 * (lo + hi);
        (lo, hi) = (mid - 0.3, mid + 0.3);
    }
    let hi = hi.clamp(-299.4, 300.0);
    let lo = lo.clamp(-300.0, hi - 0.6);
    (10f64.powf(lo), 10f64.powf(hi))
}

/// Tick values for a log axis over `(lo, hi)`: powers of ten, with 2× and 5× (then 1.5×, 3×,
/// …) added when fewer than three would show; over many decades every 2nd, 5th, 10th, 20th, …
/// power of ten (exponents that are multiples of the step), at most eight. Only the positive
/// normal part of the range gets ticks, and an empty or NaN range none.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if lo.is_nan() || hi.is_nan() || lo > hi {
        return Vec::new();
    }
    // log₁₀ of 0 or ∞ would turn the exponents below into i32::MIN or i32::MAX: a loop over
    // every i32, after an overflow negating i32::MIN.
    let lo = lo.max(f64::MIN_POSITIVE);
    let hi = hi.min(f64::MAX);
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let within = |mantissas: &[f64]| -> Vec<f64> {
        (first..=last)
            // Dividing by an exact power of ten gives the nearest double to 0.3, not 0.30…04.
            .flat_map(|e| {
                mantissas.iter().map(move |m| {
                    if e < 0 {
                        m / 10f64.powi(-e)
                    } else {
                        m * 10f64.powi(e)
                    }
                })
            })
            .filter(|v| *v >= lo && *v <= hi)
            .collect()
    };
    let mut ticks = within(&[1.0]);
    for mantissas in [
        &[1.0, 2.0, 5.0][..],
        &[1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0],
    ] {
        if ticks.len() >= 3 {
            break;
        }
        ticks = within(mantissas);
    }
    if ticks.len() <= 8 {
        return ticks;
    }
    let step = [2, 5, 10, 20, 25, 50, 100, 200]
        .into_iter()
        .find(|s| ticks.iter().filter(|t| exponent(**t) % s == 0).count() <= 8)
        .unwrap_or(300);
    ticks.retain(|t| exponent(*t) % step == 0);
    ticks
}

/// The exponent of a power of ten.
fn exponent(v: f64) -> i32 {
    v.log10().round() as i32
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
            assert!(lo > 0.0 && hi.is_finite() && hi / lo >= 3.9);
        }
    }

    #[test]
    fn log_range_pads_and_caps() {
        let (lo, hi) = log([0.3, 0.7]);
        assert!(lo < 0.3 && hi > 0.7 && hi / lo >= 3.9);
        let (lo, hi) = log([1e-320, 1e300]);
        assert!((lo.log10() + 300.0).abs() < 1e-9 && (hi.log10() - 300.0).abs() < 1e-9);
    }

    #[test]
    fn log_ticks_always_show_at_least_two_labels() {
        assert_eq!(log_ticks(0.25, 0.75), vec![0.3, 0.4, 0.5, 0.6]);
        assert_eq!(
            log_ticks(0.2, 30.0),
            vec![0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
        );
        assert_eq!(log_ticks(1e-3, 1e5), vec![1e-2, 1.0, 100.0, 1e4]);
        let wide = log_ticks(0.5, 1e300);
        let exps: Vec<i32> = wide.iter().map(|t| t.log10().round() as i32).collect();
        assert_eq!(&exps[..6], &[0, 50, 100, 150, 200, 250]);
        for (lo, hi) in [(0.29, 0.62), (1.0, 4.0), (1e-300, 1e-276)] {
            assert!(log_ticks(lo, hi).len() >= 2, "{lo}..{hi}");
        }
    }

    /// Found by `tests/range_properties.rs`: log₁₀ 0 = −∞ became exponent i32::MIN, whose
    /// negation overflowed (and over ∞ the loop ran over every i32).
    #[test]
    fn log_ticks_of_hostile_bounds_return_at_once() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        for (lo, hi) in [
            (0.0, nan),
            (0.0, 1.0),
            (-1.0, 10.0),
            (1.0, inf),
            (nan, 1.0),
            (2.0, 1.0),
        ] {
            let ticks = log_ticks(lo, hi);
            assert!(ticks.len() <= 8, "{lo}..{hi}: {ticks:?}");
            assert!(ticks
                .iter()
                .all(|&t| t > 0.0 && t.is_finite() && lo <= t && t <= hi));
        }
        assert_eq!(log_ticks(0.0, 1.0).last(), Some(&1.0));
        assert!(log_ticks(1.0, inf).len() >= 2);
        assert!(log_ticks(nan, nan).is_empty() && log_ticks(2.0, 1.0).is_empty());
    }

    #[test]
    fn linear_range_pads() {
        assert_eq!(linear([0.0, 10.0], 0.1), (-1.0, 11.0));
        assert_eq!(linear([5.0], 0.1), (4.0, 6.0));
    }
}
