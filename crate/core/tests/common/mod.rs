//! Strategies and helpers shared by the property tests.
#![allow(dead_code)] // each test file uses its own subset

use gradscope_core::{Activation, Dataset, Network};
use proptest::collection::vec;
use proptest::prelude::*;

pub const INF: f64 = f64::INFINITY;
pub const MAX: f64 = f64::MAX;
pub const NAN: f64 = f64::NAN;

/// No `proptest-regressions/` files: a failure prints its minimal input instead. The seed is
/// fixed so that CI runs the same cases every time (change it to explore further).
pub fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(cases);
    config.failure_persistence = None;
    config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x6772_6164);
    config
}

/// Any f64, with the values that break naive code drawn often.
pub fn any_f64() -> BoxedStrategy<f64> {
    let specials = [
        NAN, INF, -INF, MAX, -MAX, 1e308, -1e308, 5e-324, -5e-324, 0.0, -0.0, 1.0,
    ];
    let special = prop::sample::select(specials.to_vec());
    prop_oneof![special, -10.0..10.0f64, any::<f64>()].boxed()
}

/// Mostly moderate values, now and then anything.
pub fn mostly_finite() -> BoxedStrategy<f64> {
    prop_oneof![10 => -2.0..2.0f64, 1 => any_f64()].boxed()
}

/// 10^e for e drawn uniformly from `exponents`.
pub fn pow10(exponents: std::ops::Range<f64>) -> BoxedStrategy<f64> {
    exponents.prop_map(|e| 10f64.powf(e)).boxed()
}

/// A length `n + delta − 1`: mostly right, sometimes one short or one long.
pub fn len_delta() -> impl Strategy<Value = usize> {
    prop_oneof![4 => Just(1usize), 1 => Just(0usize), 1 => Just(2usize)]
}

pub fn param_count(widths: &[usize]) -> usize {
    widths.windows(2).map(|w| w[1] * w[0] + w[1]).sum()
}

/// A network `[1, n1, …, 1]` with 1–5 weight layers, hidden widths 1–6, any hidden activation,
/// and parameters from `param` (non-finite draws are redrawn).
pub fn network(param: BoxedStrategy<f64>) -> impl Strategy<Value = Network> {
    let widths = vec(1..=6usize, 0..=4).prop_map(|hidden| [&[1][..], &hidden, &[1]].concat());
    let acts = [Activation::Relu, Activation::Sigmoid, Activation::Tanh];
    (widths, prop::sample::select(acts.to_vec())).prop_flat_map(move |(widths, act)| {
        let finite = param.clone().prop_filter("finite", |v| v.is_finite());
        vec(finite, param_count(&widths)).prop_map(move |params| {
            let mut net = Network::new(&widths, act).unwrap();
            net.set_params(&params).unwrap();
            net
        })
    })
}

/// `len` samples with x ∈ [−2, 2] and any labels.
pub fn data(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Dataset> {
    vec((-2.0..2.0f64, 0..=1u8), len).prop_map(|samples| {
        let xs = samples.iter().map(|s| s.0).collect();
        let ys = samples.iter().map(|s| f64::from(s.1)).collect();
        Dataset::new(xs, ys).unwrap()
    })
}

pub fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}
