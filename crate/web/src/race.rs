//! [`Race`]: the same network and data trained from each scheme of the depth sweep (one run
//! after the other, a few steps per frame, drawn together), and each run's outcome; then the share of seeds each scheme
//! trains, over many seeds.
//!
//! The network is one where the initialization decides: 8 hidden layers of 16 ReLU units,
//! α = 0.2, 300 steps on all 569 samples. There U(−1, 1) mostly collapses (and now and then
//! overflows) while Xavier, He and LeCun train. On the seed network (one unit per layer) the
//! schemes differ only by a constant, and about two seeds in three draw a dead ReLU whatever
//! the scheme: initialization cannot show its worth there.

use gradscope_charts::race::{self as chart, RaceRun};
use gradscope_charts::Style;
use gradscope_core::init::{initialize, rng_from_seed};
use gradscope_core::{Activation, Builtin, Dataset, Error, Network, Status, Trainer};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::canvas;
use crate::sweep::SCHEMES;

/// Hidden layers of the race's network.
pub const HIDDEN_LAYERS: usize = 8;
/// Units per hidden layer.
pub const WIDTH: usize = 16;
/// α.
pub const LEARNING_RATE: f64 = 0.2;
/// Steps each run trains.
pub const STEPS: usize = 300;
/// Seeds the success rate counts.
pub const RATE_SEEDS: u32 = 8;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Still running.
    Running,
    /// The loss ended below ¾ of the labels' entropy (the constant predictor's loss).
    Trained,
    /// A hidden layer went off for every sample: the same ŷ for everyone.
    Collapsed,
    /// The loss, a gradient or a parameter stopped being finite.
    Diverged,
    /// The loss rose in at least 5 of the last 20 steps and did not train.
    Oscillating,
    /// Finished above ¾ of the entropy without any of the above.
    Stalled,
}

impl Outcome {
    /// The word the page shows.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Running => "running",
            Outcome::Trained => "trained",
            Outcome::Collapsed => "collapsed (dead ReLUs)",
            Outcome::Diverged => "diverged (overflow)",
            Outcome::Oscillating => "oscillating",
            Outcome::Stalled => "stalled",
        }
    }
}

/// One run: its trainer, loss curve and (once done) its outcome.
struct Lane {
    trainer: Trainer,
    loss: Vec<f64>,
    outcome: Option<Outcome>,
}

fn lane(scheme: gradscope_core::Scheme, seed: u32, data: &Dataset) -> Result<Lane, Error> {
    let mut widths = vec![1];
    widths.extend(core::iter::repeat_n(WIDTH, HIDDEN_LAYERS));
    widths.push(1);
    let mut net = Network::new(&widths, Activation::Relu)?;
    initialize(&mut net, scheme, &mut rng_from_seed(u64::from(seed)))?;
    let trainer = Trainer::new(net, data.clone(), LEARNING_RATE)?;
    let loss = vec![trainer.loss()];
    Ok(Lane {
        trainer,
        loss,
        outcome: None,
    })
}

impl Lane {
    fn done(&self) -> bool {
        self.loss.len() > STEPS || self.trainer.status() != Status::Healthy
    }

    /// One step, then (once done) the outcome, decided once.
    fn step(&mut self, entropy: f64) {
        if !self.done() && self.trainer.step(1) == 1 {
            self.loss.push(self.trainer.loss());
        }
        if self.trainer.status() != Status::Healthy {
            self.loss.push(f64::NAN);
        }
        if self.done() && self.outcome.is_none() {
            self.outcome = Some(self.decide(entropy));
        }
    }

    fn outcome(&self) -> Outcome {
        self.outcome.unwrap_or(Outcome::Running)
    }

    fn decide(&self, entropy: f64) -> Outcome {
        if self.trainer.status() != Status::Healthy {
            return Outcome::Diverged;
        }
        let t = &self.trainer;
        if t.network().dead_layer(t.data()).is_some() {
            return Outcome::Collapsed;
        }
        if t.loss() < 0.75 * entropy {
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

/// The race for one seed, then the success rates over [`RATE_SEEDS`] seeds.
#[wasm_bindgen]
pub struct Race {
    data: Dataset,
    entropy: f64,
    seed: u32,
    lanes: Vec<Lane>,
    /// Runs over the rate seeds: (scheme index, seed) of the one in progress.
    rate_lane: Option<(usize, u32, Lane)>,
    /// `trained[k]` of `counted[k]` seeds trained, per scheme.
    trained: Vec<u32>,
    counted: Vec<u32>,
}

impl Race {
    fn lanes_for(seed: u32, data: &Dataset) -> Result<Vec<Lane>, Error> {
        SCHEMES.iter().map(|(s, _)| lane(*s, seed, data)).collect()
    }

    /// The outcome of each scheme's run, in [`SCHEMES`] order.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.lanes.iter().map(Lane::outcome).collect()
    }

    /// (trained, counted) seeds per scheme so far.
    pub fn rates(&self) -> Vec<(u32, u32)> {
        self.trained
            .iter()
            .copied()
            .zip(self.counted.iter().copied())
            .collect()
    }

    fn js_err(e: impl core::fmt::Display) -> JsError {
        JsError::new(&e.to_string())
    }
}

#[wasm_bindgen]
impl Race {
    /// A race from `seed` (a whole number below 2³²) on the breast-cancer data. Throws for
    /// another seed.
    #[wasm_bindgen(constructor)]
    pub fn new(seed: f64) -> Result<Race, JsError> {
        if !(seed.is_finite() && seed >= 0.0 && seed.fract() == 0.0 && seed <= f64::from(u32::MAX))
        {
            return Err(JsError::new(&format!(
                "the seed must be a whole number from 0 to {} (got {seed})",
                u32::MAX
            )));
        }
        let seed = seed as u32;
        let data = Builtin::BreastCancer.load();
        Ok(Race {
            entropy: data.label_entropy(),
            lanes: Race::lanes_for(seed, &data).map_err(Race::js_err)?,
            data,
            seed,
            rate_lane: None,
            trained: vec![0; SCHEMES.len()],
            counted: vec![0; SCHEMES.len()],
        })
    }

    /// The seed of the race.
    pub fn seed(&self) -> u32 {
        self.seed
    }

    /// Runs up to `steps` more steps (a whole number), first of the race, then of the
    /// success-rate runs; returns `[race done 0–1, rates done 0–1]`.
    pub fn advance(&mut self, steps: f64) -> Result<Vec<f64>, JsError> {
        if !(steps.is_finite() && steps >= 0.0 && steps.fract() == 0.0) {
            return Err(JsError::new(&format!(
                "the number of steps must be a whole number (got {steps})"
            )));
        }
        let mut budget = steps.min(1e9) as usize;
        while budget > 0 {
            if let Some(lane) = self.lanes.iter_mut().find(|l| !l.done()) {
                lane.step(self.entropy);
                budget -= 1;
                continue;
            }
            let total = SCHEMES.len() as u32 * RATE_SEEDS;
            let counted: u32 = self.counted.iter().sum();
            if counted >= total {
                break;
            }
            let (k, seed, mut lane) = match self.rate_lane.take() {
                Some(x) => x,
                None => {
                    let k = (counted % SCHEMES.len() as u32) as usize;
                    let seed = counted / SCHEMES.len() as u32;
                    (
                        k,
                        seed,
                        lane(SCHEMES[k].0, seed, &self.data).map_err(Race::js_err)?,
                    )
                }
            };
            lane.step(self.entropy);
            budget -= 1;
            if lane.done() {
                self.counted[k] += 1;
                if lane.outcome() == Outcome::Trained {
                    self.trained[k] += 1;
                }
            } else {
                self.rate_lane = Some((k, seed, lane));
            }
        }
        let race = self
            .lanes
            .iter()
            .map(|l| l.loss.len().min(STEPS + 1))
            .sum::<usize>() as f64
            / (SCHEMES.len() * (STEPS + 1)) as f64;
        let race = if self.lanes.iter().all(Lane::done) {
            1.0
        } else {
            race
        };
        let rates = f64::from(self.counted.iter().sum::<u32>())
            / f64::from(SCHEMES.len() as u32 * RATE_SEEDS);
        Ok(vec![race, rates])
    }

    /// Each scheme's label and outcome, e.g. `["U(−1, 1)", "collapsed (dead ReLUs)", …]`
    /// (label, outcome pairs flattened, in the sweep's scheme order).
    #[wasm_bindgen(js_name = outcomeLabels)]
    pub fn outcome_labels(&self) -> Vec<String> {
        SCHEMES
            .iter()
            .zip(self.outcomes())
            .flat_map(|((_, l), o)| [(*l).to_string(), o.label().to_string()])
            .collect()
    }

    /// Seeds trained and seeds counted per scheme, flattened: `[t₁, n₁, t₂, n₂, …]`.
    #[wasm_bindgen(js_name = successCounts)]
    pub fn success_counts(&self) -> Vec<u32> {
        self.rates().into_iter().flat_map(|(t, n)| [t, n]).collect()
    }

    /// The settings the page quotes: hidden layers, width, α, steps, rate seeds.
    pub fn settings() -> Vec<f64> {
        vec![
            HIDDEN_LAYERS as f64,
            WIDTH as f64,
            LEARNING_RATE,
            STEPS as f64,
            f64::from(RATE_SEEDS),
        ]
    }

    /// Draws the loss curves so far.
    pub fn draw(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let labels: Vec<String> = SCHEMES
            .iter()
            .zip(self.outcomes())
            .map(|((_, l), o)| format!("{l}: {}", o.label()))
            .collect();
        let runs: Vec<RaceRun> = labels
            .iter()
            .zip(&self.lanes)
            .map(|(label, lane)| RaceRun {
                label,
                loss: &lane.loss,
            })
            .collect();
        let area = canvas::backend(canvas)?.into_drawing_area();
        chart::draw(&area, &runs, STEPS, &Style::new(dpr).without_captions()).map_err(Race::js_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialization_decides_the_race() {
        // Seed 0: U(−1, 1) collapses, Xavier, He and LeCun train (measured on this network;
        // over 6 seeds U(−1, 1) collapsed or overflowed in 5, the scaled schemes trained in 6).
        let mut race = Race::new(0.0).unwrap();
        while race.advance(500.0).unwrap()[0] < 1.0 {}
        assert_eq!(
            race.outcomes(),
            [
                Outcome::Collapsed,
                Outcome::Trained,
                Outcome::Trained,
                Outcome::Trained
            ]
        );
    }

    #[test]
    fn entropy_by_hand() {
        // 212 of 569 malignant: H = −p ln p − q ln q = 0.66032 nats.
        let p: f64 = 212.0 / 569.0;
        let h = -(p * p.ln() + (1.0 - p) * (1.0 - p).ln());
        assert!((Builtin::BreastCancer.load().label_entropy() - h).abs() < 1e-12);
    }

    #[test]
    fn outcome_rules() {
        let data = Builtin::BreastCancer.load();
        let h = data.label_entropy();
        // w3 = 0: ŷ = ½ for everyone, L = ln 2 > ¾·H, and the ReLUs are on for x > −1.
        let alive = Network::seed([1.0, 1.0, 1.0, 1.0, 0.0, 0.0]).unwrap();
        let lane = |net: Network, loss: Vec<f64>| Lane {
            trainer: Trainer::new(net, data.clone(), 0.1).unwrap(),
            loss,
            outcome: None,
        };
        let zigzag: Vec<f64> = (0..=STEPS).map(|i| 0.7 + 0.01 * (i % 2) as f64).collect();
        let flat: Vec<f64> = (0..=STEPS).map(|i| 0.7 - 1e-6 * i as f64).collect();
        assert_eq!(lane(alive.clone(), zigzag).decide(h), Outcome::Oscillating);
        assert_eq!(lane(alive, flat.clone()).decide(h), Outcome::Stalled);
        // w2 < 0 with zero biases: layer 2 is off for every sample.
        let dead = Network::seed([1.0, 0.0, -1.0, 0.0, 1.0, 0.0]).unwrap();
        assert_eq!(lane(dead, flat).decide(h), Outcome::Collapsed);
    }

    #[test]
    fn over_seeds_the_scaled_schemes_train_and_large_uniform_does_not() {
        // Seeds 0–3 of the race's network: measured U(−1, 1) trains 1 (seed 1), each scaled
        // scheme 4.
        let data = Builtin::BreastCancer.load();
        let h = data.label_entropy();
        for (k, (scheme, label)) in SCHEMES.iter().enumerate() {
            let trained = (0..4)
                .filter(|&seed| {
                    let mut l = lane(*scheme, seed, &data).unwrap();
                    while !l.done() {
                        l.step(h);
                    }
                    l.outcome() == Outcome::Trained
                })
                .count();
            if k == 0 {
                assert!(trained <= 1, "{label}: {trained} of 4");
            } else {
                assert_eq!(trained, 4, "{label}");
            }
        }
    }
}
