//! [`Race`]: the same network and data trained from each scheme of the depth sweep (drawn
//! together as they train), and each run's outcome; then the share of seeds each scheme trains,
//! over many seeds. The runs themselves are [`RaceJob`]s, which the page hands to Web Workers
//! (or runs in slices per frame where there are none); the `Race` keeps what they report.
//!
//! The network is one where the initialization decides: 8 hidden layers of 16 ReLU units,
//! α = 0.2, 300 steps on all 569 samples. There U(−1, 1) mostly collapses (and now and then
//! overflows) while Xavier, He and LeCun train. On the seed network (one unit per layer) the
//! schemes differ only by a constant, and about two seeds in three draw a dead ReLU whatever
//! the scheme: initialization cannot show its worth there.

use gradscope_charts::race::{self as chart, RaceRun};
use gradscope_charts::Style;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::canvas;
#[cfg(doc)]
use crate::jobs::RaceJob;
use crate::jobs::{js_err, scheme_index, whole};
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

/// How a run ended. Its [`code`](Outcome::code) is the variant's position in this list, from 0
/// (running).
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

/// Every outcome, in code order.
const OUTCOMES: [Outcome; 6] = [
    Outcome::Running,
    Outcome::Trained,
    Outcome::Collapsed,
    Outcome::Diverged,
    Outcome::Oscillating,
    Outcome::Stalled,
];

impl Outcome {
    /// The number that stands for the outcome between a worker and the page.
    pub fn code(self) -> u32 {
        OUTCOMES.iter().position(|&o| o == self).unwrap_or(0) as u32
    }

    /// The outcome whose [`code`](Outcome::code) is `code`, if any.
    pub fn from_code(code: f64) -> Option<Outcome> {
        let k = whole(code, OUTCOMES.len() as u32 - 1, "").ok()?;
        OUTCOMES.get(k as usize).copied()
    }

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

/// The race for one seed, then the success rates over [`RATE_SEEDS`] seeds: what the runs have
/// reported so far, for drawing.
#[wasm_bindgen]
pub struct Race {
    seed: u32,
    /// Loss curve of each scheme's run with the race's seed, in [`SCHEMES`] order.
    curves: Vec<Vec<f64>>,
    /// Outcome of each of those runs, once reported.
    outcomes: Vec<Option<Outcome>>,
    /// `rates[k][seed]`: the outcome of scheme `k` from `seed`, once reported.
    rates: Vec<Vec<Option<Outcome>>>,
}

impl Race {
    /// The outcome of each scheme's run, in [`SCHEMES`] order.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes
            .iter()
            .map(|o| o.unwrap_or(Outcome::Running))
            .collect()
    }

    /// (trained, counted) seeds per scheme so far.
    pub fn rates(&self) -> Vec<(u32, u32)> {
        self.rates
            .iter()
            .map(|seeds| {
                let count = |keep: fn(&Outcome) -> bool| {
                    seeds.iter().flatten().filter(|o| keep(o)).count() as u32
                };
                (count(|o| *o == Outcome::Trained), count(|_| true))
            })
            .collect()
    }

    /// The outcome a worker reported as `code`, checked.
    fn outcome_of(code: f64) -> Result<Outcome, JsError> {
        Outcome::from_code(code)
            .ok_or_else(|| JsError::new(&format!("{code} is not the code of an outcome")))
    }
}

#[wasm_bindgen]
impl Race {
    /// A race from `seed` (a whole number below 2³²), with nothing reported yet. Throws for
    /// another seed.
    #[wasm_bindgen(constructor)]
    pub fn new(seed: f64) -> Result<Race, JsError> {
        let seed = whole(seed, u32::MAX, "the seed").map_err(js_err)?;
        Ok(Race {
            seed,
            curves: vec![Vec::new(); SCHEMES.len()],
            outcomes: vec![None; SCHEMES.len()],
            rates: vec![vec![None; RATE_SEEDS as usize]; SCHEMES.len()],
        })
    }

    /// The seed of the race.
    pub fn seed(&self) -> u32 {
        self.seed
    }

    /// The runs that make up the race, in the order worth running them, as triples flattened:
    /// `[scheme index, seed, curve, …]` — first each scheme with the race's seed (curve 1: report
    /// its losses with [`Race::record`]), then each seed of the success rates (curve 0: report
    /// only its outcome with [`Race::count`]).
    pub fn jobs(&self) -> Vec<u32> {
        let race = (0..SCHEMES.len() as u32).flat_map(|k| [k, self.seed, 1]);
        let rates = (0..RATE_SEEDS)
            .flat_map(|seed| (0..SCHEMES.len() as u32).flat_map(move |k| [k, seed, 0]));
        race.chain(rates).collect()
    }

    /// Records what the run of scheme index `scheme` with the race's seed reported: its losses
    /// from step `from` on (a run started again reports from 0, and replaces what it had), and
    /// its outcome code (0 while it runs). Throws for an index, step or code out of range, or
    /// for more than [`STEPS`] + 2 losses in all; nothing changes then.
    pub fn record(
        &mut self,
        scheme: f64,
        from: f64,
        losses: &[f64],
        outcome: f64,
    ) -> Result<(), JsError> {
        let k = scheme_index(scheme).map_err(js_err)?;
        let from =
            whole(from, self.curves[k].len() as u32, "the first step").map_err(js_err)? as usize;
        let outcome = Race::outcome_of(outcome)?;
        if from + losses.len() > STEPS + 2 {
            return Err(JsError::new(&format!(
                "a run has at most {} losses",
                STEPS + 2
            )));
        }
        self.curves[k].truncate(from);
        self.curves[k].extend_from_slice(losses);
        self.outcomes[k] = (outcome != Outcome::Running).then_some(outcome);
        Ok(())
    }

    /// Counts the outcome (its code) of scheme index `scheme` from `seed` (below
    /// [`RATE_SEEDS`]) towards the success rates; a run reported twice counts once. Throws for
    /// an index, seed or code out of range, or the code of a run still going.
    pub fn count(&mut self, scheme: f64, seed: f64, outcome: f64) -> Result<(), JsError> {
        let k = scheme_index(scheme).map_err(js_err)?;
        let seed = whole(seed, RATE_SEEDS - 1, "the seed").map_err(js_err)? as usize;
        match Race::outcome_of(outcome)? {
            Outcome::Running => Err(JsError::new("a run still going has no outcome to count")),
            o => {
                self.rates[k][seed] = Some(o);
                Ok(())
            }
        }
    }

    /// `[race done 0–1, rates done 0–1]`: the share of the race's steps reported (1 once every
    /// run has its outcome), and the share of the success-rate runs counted.
    pub fn progress(&self) -> Vec<f64> {
        let race = if self.outcomes.iter().all(Option::is_some) {
            1.0
        } else {
            self.curves
                .iter()
                .map(|c| c.len().min(STEPS + 1))
                .sum::<usize>() as f64
                / (SCHEMES.len() * (STEPS + 1)) as f64
        };
        let counted: u32 = self.rates().iter().map(|(_, n)| n).sum();
        vec![
            race,
            f64::from(counted) / f64::from(SCHEMES.len() as u32 * RATE_SEEDS),
        ]
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
            .zip(&self.curves)
            .map(|(label, loss)| RaceRun { label, loss })
            .collect();
        let area = canvas::backend(canvas)?.into_drawing_area();
        chart::draw(&area, &runs, STEPS, &Style::new(dpr).without_captions()).map_err(js_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::RaceJob;
    use gradscope_core::Builtin;

    #[test]
    fn entropy_by_hand() {
        // 212 of 569 malignant: H = −p ln p − q ln q = 0.66032 nats.
        let p: f64 = 212.0 / 569.0;
        let h = -(p * p.ln() + (1.0 - p) * (1.0 - p).ln());
        assert!((Builtin::BreastCancer.load().label_entropy() - h).abs() < 1e-12);
    }

    #[test]
    fn codes_go_there_and_back() {
        for (i, o) in OUTCOMES.iter().enumerate() {
            assert_eq!(o.code(), i as u32);
            assert_eq!(Outcome::from_code(i as f64), Some(*o));
        }
        assert_eq!(Outcome::from_code(6.0), None);
        assert_eq!(Outcome::from_code(0.5), None);
        assert_eq!(Outcome::from_code(f64::NAN), None);
    }

    #[test]
    fn the_jobs_list_the_race_then_every_rate_seed() {
        let jobs = Race::new(9.0).unwrap().jobs();
        assert_eq!(jobs.len(), 3 * (4 + 4 * RATE_SEEDS as usize));
        assert_eq!(jobs[..12], [0, 9, 1, 1, 9, 1, 2, 9, 1, 3, 9, 1]);
        assert_eq!(jobs[12..18], [0, 0, 0, 1, 0, 0]);
        assert_eq!(jobs[jobs.len() - 3..], [3, RATE_SEEDS - 1, 0]);
    }

    #[test]
    fn what_the_jobs_report_in_any_order_and_slicing_is_the_race() {
        // Seed 0, each run reported in uneven slices, the schemes interleaved and the last
        // run started over half way: the outcomes the page shows (README, chain.test.mjs).
        let data = Builtin::BreastCancer.load();
        let mut race = Race::new(0.0).unwrap();
        let mut runs: Vec<(RaceJob, usize)> = (0..4)
            .map(|k| (RaceJob::with_data(k, 0, &data).unwrap(), 0))
            .collect();
        for round in 0..120 {
            for (k, (job, sent)) in runs.iter_mut().enumerate().rev() {
                job.run(1 + (round + k) % 9);
                let new = &job.loss()[*sent..];
                race.record(
                    k as f64,
                    *sent as f64,
                    new,
                    f64::from(job.current_outcome().code()),
                )
                .unwrap();
                *sent = job.loss().len();
            }
            if round == 20 {
                runs[3] = (RaceJob::with_data(3, 0, &data).unwrap(), 0);
            }
        }
        assert_eq!(race.progress()[0], 1.0);
        assert_eq!(
            race.outcome_labels()[1..]
                .iter()
                .step_by(2)
                .collect::<Vec<_>>(),
            ["collapsed (dead ReLUs)", "trained", "trained", "trained"]
        );
        for (k, (job, _)) in runs.iter().enumerate() {
            assert!(race.curves[k]
                .iter()
                .zip(job.loss())
                .all(|(a, b)| a.to_bits() == b.to_bits()));
            assert_eq!(race.curves[k].len(), job.loss().len());
        }
    }

    #[test]
    fn rates_count_each_seed_once() {
        let mut race = Race::new(0.0).unwrap();
        let trained = f64::from(Outcome::Trained.code());
        race.count(1.0, 3.0, trained).unwrap();
        race.count(1.0, 3.0, trained).unwrap();
        race.count(1.0, 4.0, f64::from(Outcome::Stalled.code()))
            .unwrap();
        assert_eq!(race.success_counts(), [0, 0, 1, 2, 0, 0, 0, 0]);
        assert_eq!(race.progress()[1], 2.0 / 32.0);
    }
}
