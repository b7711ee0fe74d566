//! The jobs the race and the depth sweep are made of, for a Web Worker: plain numbers in and
//! plain numbers out, so that a worker holding its own instance of this module can run one and
//! post the results to the page, whose [`Race`](crate::Race) and [`Sweep`](crate::Sweep) keep
//! them for drawing. Where there are no workers the page runs the same jobs in slices per frame;
//! a job's numbers depend only on its inputs, so both give the same results bit for bit.
//!
//! - [`RaceJob`]: one run of the race's network from one scheme and seed, trained a few steps
//!   per call, with its loss curve and (once done) its [`Outcome`].
//! - [`SweepJob`]: ‖∂L/∂W₁‖ at initialization of a slice of the sweep's networks.
//! - [`landscape_rows`]: rows of a landscape grid, for the page's landscape workers.

use gradscope_core::init::{initialize, rng_from_seed};
use gradscope_core::surface::{self, Axis};
use gradscope_core::{Activation, Builtin, Dataset, Error, Network, Status, Trainer};
use wasm_bindgen::prelude::*;

use crate::race::{Outcome, HIDDEN_LAYERS, LEARNING_RATE, STEPS, WIDTH};
use crate::sweep::{self, SCHEMES};

/// A whole number from 0 to `max` in `value`, or a learner-readable message naming `what`.
pub(crate) fn whole(value: f64, max: u32, what: &str) -> Result<u32, String> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= f64::from(max) {
        Ok(value as u32)
    } else {
        Err(format!(
            "{what} must be a whole number from 0 to {max} (got {value})"
        ))
    }
}

/// The index of a scheme in [`SCHEMES`], checked.
pub(crate) fn scheme_index(value: f64) -> Result<usize, String> {
    Ok(whole(value, SCHEMES.len() as u32 - 1, "the scheme's index")? as usize)
}

/// A message (or anything displayable) as the `Error` JavaScript receives.
pub(crate) fn js_err(e: impl core::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// One run of the race: the race's network drawn from one scheme with one seed, trained by
/// full-batch gradient descent on all the breast-cancer samples for up to [`STEPS`] steps.
#[wasm_bindgen]
pub struct RaceJob {
    trainer: Trainer,
    /// The labels' entropy (nats): the loss of the constant predictor.
    entropy: f64,
    /// Loss at steps 0, 1, …; a final NaN once the run stopped being finite.
    loss: Vec<f64>,
    /// How many of `loss` the last [`RaceJob::advance`] calls have handed out.
    sent: usize,
    outcome: Option<Outcome>,
}

impl RaceJob {
    /// The run of scheme `SCHEMES[scheme]` from `seed` on `data`. Errors: `BadShape` for an
    /// index past [`SCHEMES`], or a shape or a scale the core refuses (none for these).
    pub fn with_data(scheme: usize, seed: u32, data: &Dataset) -> Result<RaceJob, Error> {
        let (scheme, _) = SCHEMES
            .get(scheme)
            .ok_or_else(|| Error::BadShape(format!("there is no scheme {scheme} in the race")))?;
        let mut widths = vec![1];
        widths.extend(core::iter::repeat_n(WIDTH, HIDDEN_LAYERS));
        widths.push(1);
        let mut net = Network::new(&widths, Activation::Relu)?;
        initialize(&mut net, *scheme, &mut rng_from_seed(u64::from(seed)))?;
        let trainer = Trainer::new(net, data.clone(), LEARNING_RATE)?;
        Ok(RaceJob {
            entropy: data.label_entropy(),
            loss: vec![trainer.loss()],
            trainer,
            sent: 0,
            outcome: None,
        })
    }

    /// Runs `steps` more steps (fewer once done) and decides the outcome when the run ends.
    pub fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            if self.is_done() {
                break;
            }
            if self.trainer.step(1) == 1 {
                self.loss.push(self.trainer.loss());
            }
            if self.trainer.status() != Status::Healthy {
                self.loss.push(f64::NAN);
            }
        }
        if self.is_done() && self.outcome.is_none() {
            self.outcome = Some(self.decide());
        }
    }

    /// The loss curve so far: steps 0, 1, …, then NaN if the run stopped being finite.
    pub fn loss(&self) -> &[f64] {
        &self.loss
    }

    /// The outcome, [`Outcome::Running`] until the run ends.
    pub fn current_outcome(&self) -> Outcome {
        self.outcome.unwrap_or(Outcome::Running)
    }

    fn is_done(&self) -> bool {
        self.loss.len() > STEPS || self.trainer.status() != Status::Healthy
    }

    /// How the finished run ended (the rules of [`Outcome`], checked in this order).
    pub(crate) fn decide(&self) -> Outcome {
        if self.trainer.status() != Status::Healthy {
            return Outcome::Diverged;
        }
        let t = &self.trainer;
        if t.network().dead_layer(t.data()).is_some() {
            return Outcome::Collapsed;
        }
        if t.loss() < 0.75 * self.entropy {
            return Outcome::Trained;
        }
        let tail = &self.loss[self.loss.len().saturating_sub(21)..];
        if tail.windows(2).filter(|w| w[1] > w[0]).count() >= 5 {
            Outcome::Oscillating
        } else {
            Outcome::Stalled
        }
    }
}

#[wasm_bindgen]
impl RaceJob {
    /// The run of the scheme at index `scheme` of the race's list (0 to 3: U(−1, 1), Xavier/Glorot
    /// uniform, He normal, LeCun normal) from `seed` (a whole number below 2³²). Throws for
    /// another index or seed.
    #[wasm_bindgen(constructor)]
    pub fn new(scheme: f64, seed: f64) -> Result<RaceJob, JsError> {
        let k = scheme_index(scheme).map_err(js_err)?;
        let seed = whole(seed, u32::MAX, "the seed").map_err(js_err)?;
        RaceJob::with_data(k, seed, &Builtin::BreastCancer.load()).map_err(js_err)
    }

    /// Trains up to `steps` more steps (a whole number); returns the losses recorded since the
    /// previous call (the first call's start with the loss at step 0; a run that stops being
    /// finite ends with one NaN). Throws for a count that is not a whole number.
    pub fn advance(&mut self, steps: f64) -> Result<Vec<f64>, JsError> {
        let steps = whole(steps, u32::MAX, "the number of steps").map_err(js_err)?;
        self.run(steps as usize);
        let new = self.loss[self.sent..].to_vec();
        self.sent = self.loss.len();
        Ok(new)
    }

    /// True once the run has ended (all steps done, or no longer finite).
    pub fn done(&self) -> bool {
        self.outcome.is_some()
    }

    /// The outcome's code for [`Race::record`](crate::Race::record) and
    /// [`Race::count`](crate::Race::count) (0 while running; see [`Outcome::code`]).
    pub fn outcome(&self) -> u32 {
        self.current_outcome().code()
    }
}

/// The sweep's data, for computing slices of its networks.
#[wasm_bindgen]
pub struct SweepJob {
    data: Dataset,
}

#[wasm_bindgen]
impl SweepJob {
    /// Loads the sweep's samples (the first [`sweep::SAMPLES`] of the breast-cancer set).
    #[wasm_bindgen(constructor)]
    pub fn new() -> SweepJob {
        SweepJob {
            data: sweep::data(),
        }
    }

    /// ‖∂L/∂W₁‖ of the sweep's networks `start`, `start + 1`, … (`count` of them, fewer past
    /// the last; in [`Sweep::record`](crate::Sweep::record)'s order: depth, then scheme, then
    /// seed). Throws for a start or count that is not a whole number.
    pub fn norms(&self, start: f64, count: f64) -> Result<Vec<f64>, JsError> {
        let total = sweep::total();
        let start = whole(start, total as u32, "the first network").map_err(js_err)? as usize;
        let count = whole(count, u32::MAX, "the number of networks").map_err(js_err)? as usize;
        (start..(start.saturating_add(count)).min(total))
            .map(|i| {
                let (hidden_layers, scheme, seed) = sweep::network(i);
                sweep::layer1_grad_norm(hidden_layers, sweep::WIDTH, scheme, seed, &self.data)
                    .map_err(js_err)
            })
            .collect()
    }
}

impl Default for SweepJob {
    fn default() -> Self {
        SweepJob::new()
    }
}

/// Rows `from..to` (clamped to the grid) of a landscape grid, for a worker: the mean binary
/// cross-entropy (nats) of the network `widths` (hidden units `activation`, an id of the
/// catalog's activations) with parameters `params` on the samples (`xs`, `ys`), over the axes
/// `axes = [x index, x min, x max, x points, y index, y min, y max, y points]`, row-major —
/// the numbers [`gradscope_core::surface::grid_rows`] gives for them, bit for bit, since it
/// is what runs. Throws what the core refuses (a shape, a parameter count, samples, an axis)
/// with its message.
#[wasm_bindgen(js_name = landscapeRows)]
#[allow(clippy::too_many_arguments)]
pub fn landscape_rows(
    widths: Vec<u32>,
    activation: &str,
    params: &[f64],
    xs: &[f64],
    ys: &[f64],
    axes: &[f64],
    from: f64,
    to: f64,
) -> Result<Vec<f64>, JsError> {
    let hidden = Activation::from_id(activation)
        .ok_or_else(|| js_err(format!("there is no activation called “{activation}”")))?;
    let widths: Vec<usize> = widths.iter().map(|&w| w as usize).collect();
    let mut net = Network::new(&widths, hidden).map_err(js_err)?;
    net.set_params(params).map_err(js_err)?;
    let data = Dataset::new(xs.to_vec(), ys.to_vec()).map_err(js_err)?;
    let [xi, x0, x1, xn, yi, y0, y1, yn] = axes else {
        return Err(js_err(
            "the axes are 8 numbers: index, min, max, points for x, then y",
        ));
    };
    let index = |v: f64| whole(v, u32::MAX, "an axis's parameter index");
    let points = |v: f64| whole(v, u32::MAX, "an axis's number of points");
    let axis = |i, min, max, n| -> Result<Axis, JsError> {
        Ok(Axis {
            index: index(i).map_err(js_err)? as usize,
            min,
            max,
            points: points(n).map_err(js_err)? as usize,
        })
    };
    let (x, y) = (axis(*xi, *x0, *x1, *xn)?, axis(*yi, *y0, *y1, *yn)?);
    let from = whole(from, u32::MAX, "the first row").map_err(js_err)? as usize;
    let to = whole(to, u32::MAX, "the end row").map_err(js_err)? as usize;
    let mut out = Vec::new();
    surface::grid_rows(&net, &data, x, y, from..to, &mut out).map_err(js_err)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(k: usize, seed: u32, data: &Dataset) -> RaceJob {
        let mut job = RaceJob::with_data(k, seed, data).unwrap();
        job.run(STEPS + 1);
        job
    }

    #[test]
    fn initialization_decides_the_race() {
        // Seed 0: U(−1, 1) collapses, Xavier, He and LeCun train (measured on this network;
        // over 6 seeds U(−1, 1) collapsed or overflowed in 5, the scaled schemes trained in 6).
        let data = Builtin::BreastCancer.load();
        let outcomes: Vec<Outcome> = (0..SCHEMES.len())
            .map(|k| finished(k, 0, &data).current_outcome())
            .collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Collapsed,
                Outcome::Trained,
                Outcome::Trained,
                Outcome::Trained
            ]
        );
    }

    #[test]
    fn a_curve_handed_out_in_slices_is_the_curve_of_one_go() {
        // A worker posts a few steps at a time, the page's fallback one step per call: the
        // pieces must join into the curve of a single run, bit for bit.
        let data = Builtin::BreastCancer.load();
        let whole_run = finished(2, 5, &data);
        let mut sliced = RaceJob::new(2.0, 5.0).unwrap();
        let mut joined = Vec::new();
        for steps in [0.0, 1.0, 7.0, 50.0, 1000.0] {
            joined.extend(sliced.advance(steps).unwrap());
        }
        assert_eq!(joined.len(), STEPS + 1);
        assert!(joined
            .iter()
            .zip(whole_run.loss())
            .all(|(a, b)| a.to_bits() == b.to_bits()));
        assert_eq!(sliced.outcome(), whole_run.current_outcome().code());
        assert!(sliced.done() && sliced.advance(10.0).unwrap().is_empty());
    }

    #[test]
    fn outcome_rules() {
        let data = Builtin::BreastCancer.load();
        // w3 = 0: ŷ = ½ for everyone, L = ln 2 > ¾·H, and the ReLUs are on for x > −1.
        let alive = Network::seed([1.0, 1.0, 1.0, 1.0, 0.0, 0.0]).unwrap();
        let job = |net: Network, loss: Vec<f64>| RaceJob {
            trainer: Trainer::new(net, data.clone(), 0.1).unwrap(),
            entropy: data.label_entropy(),
            loss,
            sent: 0,
            outcome: None,
        };
        let zigzag: Vec<f64> = (0..=STEPS).map(|i| 0.7 + 0.01 * (i % 2) as f64).collect();
        let flat: Vec<f64> = (0..=STEPS).map(|i| 0.7 - 1e-6 * i as f64).collect();
        assert_eq!(job(alive.clone(), zigzag).decide(), Outcome::Oscillating);
        assert_eq!(job(alive, flat.clone()).decide(), Outcome::Stalled);
        // w2 < 0 with zero biases: layer 2 is off for every sample.
        let dead = Network::seed([1.0, 0.0, -1.0, 0.0, 1.0, 0.0]).unwrap();
        assert_eq!(job(dead, flat).decide(), Outcome::Collapsed);
    }

    #[test]
    fn over_seeds_the_scaled_schemes_train_and_large_uniform_does_not() {
        // Seeds 0–3 of the race's network: measured U(−1, 1) trains 1 (seed 1), each scaled
        // scheme 4.
        let data = Builtin::BreastCancer.load();
        for (k, (_, label)) in SCHEMES.iter().enumerate() {
            let trained = (0..4)
                .filter(|&seed| finished(k, seed, &data).current_outcome() == Outcome::Trained)
                .count();
            if k == 0 {
                assert!(trained <= 1, "{label}: {trained} of 4");
            } else {
                assert_eq!(trained, 4, "{label}");
            }
        }
    }

    #[test]
    fn sweep_slices_are_the_networks_they_name() {
        // Network 130 = depth index 1 (2 hidden layers; 128 networks per depth), scheme 0
        // (U(−1, 1)), seed 2; the slice's norm is that network's, computed directly.
        let job = SweepJob::new();
        let direct = sweep::layer1_grad_norm(2, sweep::WIDTH, SCHEMES[0].0, 2, &sweep::data());
        assert_eq!(
            job.norms(130.0, 1.0).unwrap()[0].to_bits(),
            direct.unwrap().to_bits()
        );
        // Past the end: only what exists; an empty slice at the end.
        let total = sweep::total() as f64;
        assert_eq!(job.norms(total - 2.0, 10.0).unwrap().len(), 2);
        assert!(job.norms(total, 10.0).unwrap().is_empty());
    }

    #[test]
    fn inputs_that_are_not_whole_numbers_are_refused() {
        assert!(whole(-1.0, 10, "x").is_err() && whole(1.5, 10, "x").is_err());
        assert!(whole(f64::NAN, 10, "x").is_err() && whole(11.0, 10, "x").is_err());
        assert_eq!(whole(10.0, 10, "x").ok(), Some(10));
        assert!(scheme_index(4.0).is_err());
    }
}
