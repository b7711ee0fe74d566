//! Property tests of the guarded ranges every chart is built on (`range.rs`, `heat.rs`): for
//! any inputs — NaN, ±∞, huge, tiny, subnormal, empty, all equal, zeros, a few ulps apart —
//! every range is finite and non-empty (lo < hi), positive where logarithmic, and plotters
//! can lay out an axis over it.

use gradscope_charts::heat::{colour, contours, image, log_extent, NON_FINITE};
use gradscope_charts::range::{linear, log, log_ticks, pad_linear, MAX_ABS};
use plotters::prelude::*;
use proptest::collection::vec;
use proptest::prelude::*;

/// Fixed seed and no regression files, as in the core's property tests.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(cases);
    config.failure_persistence = None;
    config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x6772_6164);
    config
}

/// Any f64, with the values that break ranges drawn often.
fn any_f64() -> BoxedStrategy<f64> {
    let specials = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
        1e308,
        -1e308,
        MAX_ABS,
        1e300,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        1e-300,
        0.0,
        -0.0,
        1.0,
        1e15,
        1e10,
    ];
    prop_oneof![
        prop::sample::select(specials.to_vec()),
        -10.0..10.0f64,
        (-320.0..308.0f64).prop_map(|e| 10f64.powf(e)),
        any::<f64>(),
    ]
    .boxed()
}

/// Values that are all equal, or a few ulps apart, or anything.
fn values() -> BoxedStrategy<Vec<f64>> {
    let near = (any_f64(), vec(0u64..4, 1..4)).prop_map(|(v, ulps)| {
        ulps.iter()
            .map(|&k| f64::from_bits(v.to_bits().wrapping_add(k)))
            .collect::<Vec<_>>()
    });
    prop_oneof![vec(any_f64(), 0..8), near].boxed()
}

fn valid_linear((lo, hi): (f64, f64)) -> Result<(), TestCaseError> {
    prop_assert!(lo.is_finite() && hi.is_finite(), "({}, {})", lo, hi);
    prop_assert!(lo < hi && (hi - lo).is_finite(), "({}, {})", lo, hi);
    Ok(())
}

fn valid_log((lo, hi): (f64, f64)) -> Result<(), TestCaseError> {
    prop_assert!(lo > 0.0 && hi.is_finite(), "({}, {})", lo, hi);
    prop_assert!(
        hi / lo >= 3.9,
        "({}, {}) is narrower than a factor 4",
        lo,
        hi
    );
    Ok(())
}

/// Lays out a chart over `x` × `y` with plotters' own ticks (as the linear charts do) and
/// explicit log ticks on a second chart: it must return, whatever the ranges.
fn lay_out(x: (f64, f64), y: (f64, f64), log_y: (f64, f64)) {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (240, 160)).into_drawing_area();
        let (top, bottom) = area.split_vertically(80);
        let mut chart = ChartBuilder::on(&top)
            .x_label_area_size(12)
            .y_label_area_size(24)
            .build_cartesian_2d(x.0..x.1, y.0..y.1)
            .expect("a valid range");
        chart.configure_mesh().draw().expect("the mesh draws");
        let log_axis = (log_y.0..log_y.1)
            .log_scale()
            .with_key_points(log_ticks(log_y.0, log_y.1));
        let mut chart = ChartBuilder::on(&bottom)
            .y_label_area_size(24)
            .build_cartesian_2d(x.0..x.1, log_axis)
            .expect("a valid log range");
        chart.configure_mesh().draw().expect("the log mesh draws");
    }
    assert!(svg.contains("<svg"));
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn linear_ranges_are_finite_and_cover_the_finite_values(v in values(), pad in any_f64()) {
        let (lo, hi) = linear(v.iter().copied(), pad);
        valid_linear((lo, hi))?;
        for &x in v.iter().filter(|x| x.is_finite()) {
            let x = x.clamp(-MAX_ABS, MAX_ABS);
            prop_assert!(lo <= x && x <= hi, "{} outside ({}, {})", x, lo, hi);
        }
    }

    #[test]
    fn padded_ranges_are_finite_and_cover_their_ends(a in any_f64(), b in any_f64(), pad in any_f64()) {
        let (lo, hi) = pad_linear(a, b, pad);
        valid_linear((lo, hi))?;
        for x in [a, b].into_iter().filter(|x| x.is_finite()) {
            let x = x.clamp(-MAX_ABS, MAX_ABS);
            prop_assert!(lo <= x && x <= hi, "{} outside ({}, {})", x, lo, hi);
        }
    }

    #[test]
    fn log_ranges_are_positive_wide_and_cover_the_positive_values(v in values()) {
        let (lo, hi) = log(v.iter().copied());
        valid_log((lo, hi))?;
        for &x in v.iter().filter(|x| (1e-299..=1e299).contains(*x)) {
            prop_assert!(lo <= x && x <= hi, "{} outside ({}, {})", x, lo, hi);
        }
    }

    #[test]
    fn log_ticks_are_few_sorted_and_inside_any_range(lo in any_f64(), hi in any_f64()) {
        let ticks = log_ticks(lo, hi);
        prop_assert!(ticks.len() <= 8, "{} ticks over ({}, {})", ticks.len(), lo, hi);
        prop_assert!(ticks.iter().all(|&t| t > 0.0 && t.is_finite() && lo <= t && t <= hi));
        prop_assert!(ticks.windows(2).all(|w| w[0] < w[1]), "{:?}", ticks);
    }

    #[test]
    fn every_log_range_gets_at_least_two_ticks(v in values()) {
        let (lo, hi) = log(v.iter().copied());
        let ticks = log_ticks(lo, hi);
        prop_assert!(ticks.len() >= 2, "{:?} over ({}, {})", ticks, lo, hi);
    }

    #[test]
    fn log_extents_are_finite_and_non_empty(v in values()) {
        let any_positive = v.iter().any(|x| x.is_finite() && *x > 0.0);
        match log_extent(&v) {
            Some((lo, hi)) => {
                prop_assert!(any_positive);
                prop_assert!(lo.is_finite() && hi.is_finite() && lo < hi, "({}, {})", lo, hi);
            }
            None => prop_assert!(!any_positive),
        }
    }

    #[test]
    fn colours_exist_for_any_value_on_any_scale(v in any_f64(), a in any_f64(), b in any_f64(), data in values()) {
        let c = colour(v, (a, b));
        prop_assert_eq!(c == NON_FINITE, !v.is_finite());
        if let Some(extent) = log_extent(&data) {
            for &x in &data {
                prop_assert_eq!(colour(x, extent) == NON_FINITE, !x.is_finite());
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn heatmaps_and_contours_take_any_grid_on_any_scale(
        loss in vec(any_f64(), 0..30),
        (nx, ny) in (0..6usize, 0..6usize),
        extent in (any_f64(), any_f64()),
        levels in 0..12usize,
    ) {
        let img = image(&loss, nx, ny, extent);
        let cells = if nx * ny == loss.len() { loss.len() } else { 0 };
        prop_assert_eq!(img.rgba.len(), 4 * cells);
        prop_assert_eq!(img.width as usize * img.height as usize, cells);
        for line in contours(&loss, nx, ny, extent, levels) {
            prop_assert!(line.len() >= 2);
            prop_assert!(line.iter().all(|&(x, y)| x.is_finite() && y.is_finite()));
        }
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn plotters_lays_out_axes_over_every_range(x in values(), y in values(), pad in any_f64()) {
        lay_out(linear(x.iter().copied(), pad), linear(y.iter().copied(), pad), log(y.iter().copied()));
    }
}

/// Ranges a few ulps wide at every magnitude (a parameter at 10¹⁵ with a landscape of ±1 ulp):
/// plotters' own tick search over them must still return.
#[test]
fn plotters_lays_out_axes_a_few_ulps_wide() {
    for base in [
        1.0, -1.0, 1e10, 1e15, 1e300, -1e300, MAX_ABS, 1e-300, 5e-324, 0.0,
    ] {
        for ulps in 1..4u64 {
            let hi = f64::from_bits(f64::to_bits(base) + ulps);
            for pad in [0.0, 0.05] {
                let r = pad_linear(base, hi, pad);
                lay_out(r, r, log([base.abs(), hi.abs()]));
            }
        }
    }
}
