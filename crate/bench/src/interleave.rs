//! The timing loop: product and reference alternate in many short rounds and each side's median
//! rate is reported.
//!
//! Written here rather than with criterion because criterion measures one function at a time:
//! on a shared two-core machine the load drifts by tens of percent over a minute, so two
//! benchmarks timed one after the other compare two different machines. Alternating short rounds
//! (A B, then B A, so that neither side always goes first after a reset) exposes both sides to
//! the same drift, and the ratio of their medians — taken in the same run — is the number worth
//! reading. Medians, not means: a round that the scheduler interrupts is an outlier, not data.

use serde::Serialize;

use crate::sides::{product, reference, Side};
use crate::workloads::Workload;

/// A monotonic clock, seconds (its origin is arbitrary).
pub trait Clock {
    /// The current time, seconds.
    fn now(&self) -> f64;
}

/// How long to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Target duration of one side's round, seconds (long against the clock's resolution,
    /// short against the drift).
    pub round_s: f64,
    /// Target duration of the whole measurement of one workload, seconds.
    pub budget_s: f64,
    /// Fewest rounds per side, whatever the budget.
    pub min_rounds: usize,
    /// Most rounds per side.
    pub max_rounds: usize,
}

impl Plan {
    /// The plan `make bench` uses: 20 ms rounds, about 2.5 s per workload, 9 to 41 rounds.
    pub const DEFAULT: Plan = Plan {
        round_s: 0.02,
        budget_s: 2.5,
        min_rounds: 9,
        max_rounds: 41,
    };
}

/// The outcome of one interleaved measurement.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// Workload id (`w1`, `w2`, `w2b`, `w3`, `w4`).
    pub workload: String,
    /// What the rates count: `steps` or `points`.
    pub unit: String,
    /// Calls of the workload (steps or grids) per round, the same for both sides.
    pub calls_per_round: u32,
    /// Rounds per side.
    pub rounds: usize,
    /// The product's median rate over the rounds, units per second.
    pub product_per_s: f64,
    /// The reference's median rate, units per second.
    pub reference_per_s: f64,
    /// `product_per_s / reference_per_s`: above 1 the product is faster.
    pub ratio: f64,
    /// The median over rounds of the ratio of the two sides' rates in that round (a second
    /// estimate of `ratio`, robust to drift between rounds).
    pub paired_ratio: f64,
    /// The product's checksum after the last round (see [`Side::run`]).
    pub product_check: f64,
    /// The reference's checksum after the last round.
    pub reference_check: f64,
}

/// The middle value of `xs` (the mean of the two middle ones for an even count; NaN if empty).
pub fn median(xs: &[f64]) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => 0.5 * (s[n / 2 - 1] + s[n / 2]),
    }
}

/// Seconds one round of `calls` calls of `side` takes, from its starting state; and the checksum.
fn round(clock: &dyn Clock, side: &mut dyn Side, calls: u32) -> Result<(f64, f64), String> {
    side.reset();
    let t0 = clock.now();
    let check = side.run(calls)?;
    Ok((clock.now() - t0, check))
}

/// Seconds of work each side does before its rate is estimated: wasm engines first run a
/// baseline compilation and switch hot functions to the optimizing tier only after a while
/// (V8's Liftoff, then TurboFan), and an estimate taken before the switch makes the rounds far
/// too short.
const WARM_UP_S: f64 = 0.3;

/// Seconds per call of `side`: doubling the calls until a round lasts a quarter of `round_s` and
/// the side has run for [`WARM_UP_S`]; then rounds of about `round_s` at the estimate until it
/// stops falling by more than 10 % (the optimized code can take a while to arrive when the
/// engine compiles it on a busy core), at most [`SETTLE_ROUNDS`].
fn seconds_per_call(clock: &dyn Clock, side: &mut dyn Side, round_s: f64) -> Result<f64, String> {
    let (mut calls, mut spent) = (1u32, 0.0);
    let mut per_call = loop {
        let (t, _) = round(clock, side, calls)?;
        spent += t;
        if (t >= 0.25 * round_s && spent >= WARM_UP_S) || calls >= 1 << 24 {
            break t / f64::from(calls);
        }
        if t < 0.25 * round_s {
            calls *= 2;
        }
    };
    for _ in 0..SETTLE_ROUNDS {
        let calls = calls_for(round_s, per_call);
        let (t, _) = round(clock, side, calls)?;
        let next = t / f64::from(calls);
        let settled = next > 0.9 * per_call;
        // The fastest round is the least disturbed one.
        per_call = per_call.min(next);
        if settled {
            break;
        }
    }
    Ok(per_call)
}

/// Most rounds [`seconds_per_call`] spends waiting for its estimate to settle.
const SETTLE_ROUNDS: usize = 10;

/// Calls that take about `round_s` at `per_call` seconds each (at least 1).
fn calls_for(round_s: f64, per_call: f64) -> u32 {
    (round_s / per_call.max(1e-9))
        .ceil()
        .clamp(1.0, f64::from(1u32 << 24)) as u32
}

/// Measures `workload`: calibrates one round's calls on the slower side, then runs the rounds
/// A B, B A, A B, … and takes medians. Errors: a side failed (see [`Side::run`]).
pub fn interleave(
    workload: Workload,
    clock: &dyn Clock,
    plan: Plan,
) -> Result<Measurement, String> {
    let mut a = product(workload)?;
    let mut b = reference(workload);
    let per_call = seconds_per_call(clock, a.as_mut(), plan.round_s)?
        .max(seconds_per_call(clock, b.as_mut(), plan.round_s)?)
        .max(1e-9);
    let calls = (plan.round_s / per_call)
        .ceil()
        .clamp(1.0, f64::from(1u32 << 24)) as u32;
    let pair_s = 2.0 * per_call * f64::from(calls);
    let rounds = ((plan.budget_s / pair_s) as usize).clamp(plan.min_rounds, plan.max_rounds);
    let units = workload.units_per_call() * f64::from(calls);
    let (mut rate_a, mut rate_b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut check_a, mut check_b) = (f64::NAN, f64::NAN);
    for r in 0..rounds {
        let ((ta, ca), (tb, cb)) = if r % 2 == 0 {
            let first = round(clock, a.as_mut(), calls)?;
            (first, round(clock, b.as_mut(), calls)?)
        } else {
            let first = round(clock, b.as_mut(), calls)?;
            (round(clock, a.as_mut(), calls)?, first)
        };
        // A round faster than the clock can see would divide by zero: count it at one tick.
        let (ta, tb) = (ta.max(1e-7), tb.max(1e-7));
        rate_a.push(units / ta);
        rate_b.push(units / tb);
        ratios.push(tb / ta);
        (check_a, check_b) = (ca, cb);
    }
    let (product_per_s, reference_per_s) = (median(&rate_a), median(&rate_b));
    Ok(Measurement {
        workload: workload.id().to_string(),
        unit: workload.unit().to_string(),
        calls_per_round: calls,
        rounds,
        product_per_s,
        reference_per_s,
        ratio: product_per_s / reference_per_s,
        paired_ratio: median(&ratios),
        product_check: check_a,
        reference_check: check_b,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }
}
