//! [`Run`]: the training run an explorer owns — network, data, settings and where it started.

use gradscope_core::init::{initialize, rng_from_seed};
use gradscope_core::{Activation, Builtin, Error, Network, Scheme, Status, Trainer};

use crate::presets::{Preset, Start};

/// Everything a run depends on. Fields are private: every change goes through a method that
/// validates first and changes nothing on error.
pub struct Run {
    trainer: Trainer,
    /// θ₀ of the current run: what [`Run::reset`] returns to.
    start: Vec<f64>,
    /// The initialization last used (or offered, for a preset that starts from fixed values).
    scheme: Scheme,
    seed: u32,
    dataset: Builtin,
    /// The clipping threshold, kept while clipping is off so turning it on again restores it.
    clip_threshold: f64,
    /// The preset the run was loaded from, while no setting has changed since.
    preset: Option<Preset>,
}

impl Run {
    /// A run loaded from `preset`, with clipping off at threshold 1. Errors: a preset whose
    /// setting the core refuses (a test checks every preset loads).
    pub fn new(preset: Preset) -> Result<Run, Error> {
        let s = preset.setting();
        let net = Network::new(s.widths, s.hidden)?;
        let trainer = Trainer::new(net, s.dataset.load(), s.learning_rate)?;
        let mut run = Run {
            start: trainer.network().params().to_vec(),
            trainer,
            // What Initialize offers after a preset with fixed values (seed 2 draws w2 > 0 on
            // the seed network, a live one).
            scheme: Scheme::XavierUniform { gain: 1.0 },
            seed: 2,
            dataset: s.dataset,
            clip_threshold: 1.0,
            preset: None,
        };
        run.apply_preset(preset)?;
        Ok(run)
    }

    /// The trainer (network, data, history, status).
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The network at the current step.
    pub fn network(&self) -> &Network {
        self.trainer.network()
    }

    /// θ₀ of the current run.
    pub fn start(&self) -> &[f64] {
        &self.start
    }

    /// The initialization last used.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The seed of the initialization last used.
    pub fn seed(&self) -> u32 {
        self.seed
    }

    /// The data set trained on.
    pub fn dataset(&self) -> Builtin {
        self.dataset
    }

    /// The clipping threshold (also while clipping is off).
    pub fn clip_threshold(&self) -> f64 {
        self.clip_threshold
    }

    /// The preset loaded, if nothing has been changed since.
    pub fn preset(&self) -> Option<Preset> {
        self.preset
    }

    /// The last `count` recorded parameter vectors, oldest first.
    pub fn recent_params(&self, count: usize) -> impl Iterator<Item = &[f64]> {
        let recent = self.trainer.history().recent();
        let n = recent.len();
        recent
            .skip(n.saturating_sub(count))
            .map(|r| r.params.as_slice())
    }

    /// Loads `preset`: its network, data set, starting point and learning rate, clipping off
    /// (the threshold is kept). Errors: as [`Run::new`]; nothing changes then.
    pub fn apply_preset(&mut self, preset: Preset) -> Result<(), Error> {
        let s = preset.setting();
        let mut net = Network::new(s.widths, s.hidden)?;
        let (scheme, seed) = match s.start {
            Start::Params(p) => {
                net.set_params(p)?;
                (self.scheme, self.seed)
            }
            Start::Init(scheme, seed) => {
                initialize(&mut net, scheme, &mut rng_from_seed(u64::from(seed)))?;
                (scheme, seed)
            }
        };
        let trainer = Trainer::new(net, s.dataset.load(), s.learning_rate)?;
        self.start = trainer.network().params().to_vec();
        self.trainer = trainer;
        self.dataset = s.dataset;
        self.scheme = scheme;
        self.seed = seed;
        self.preset = Some(preset);
        Ok(())
    }

    /// A new network of `hidden_layers` hidden layers of `width` units with `hidden` units,
    /// initialized from the current scheme and seed; learning rate and clipping are kept.
    /// Errors: no hidden layer, or the core's shape errors; nothing changes then.
    pub fn set_shape(
        &mut self,
        hidden_layers: usize,
        width: usize,
        hidden: Activation,
    ) -> Result<(), Error> {
        if hidden_layers == 0 {
            return Err(Error::BadShape(
                "the explorer needs at least one hidden layer".into(),
            ));
        }
        let mut widths = Vec::with_capacity(hidden_layers + 2);
        widths.push(1);
        widths.extend(core::iter::repeat_n(width, hidden_layers));
        widths.push(1);
        let mut net = Network::new(&widths, hidden)?;
        initialize(
            &mut net,
            self.scheme,
            &mut rng_from_seed(u64::from(self.seed)),
        )?;
        self.replace_network(net)
    }

    /// Trains on `dataset` from the current run's start, keeping α and clipping. Errors: none
    /// in practice (the start was validated); the core's if the data set were refused.
    pub fn set_dataset(&mut self, dataset: Builtin) -> Result<(), Error> {
        let mut net = self.trainer.network().clone();
        net.set_params(&self.start)?;
        let mut trainer = Trainer::new(net, dataset.load(), self.trainer.learning_rate())?;
        trainer.set_clip(self.trainer.clip())?;
        self.trainer = trainer;
        self.dataset = dataset;
        self.preset = None;
        Ok(())
    }

    fn replace_network(&mut self, net: Network) -> Result<(), Error> {
        let mut trainer = Trainer::new(net, self.dataset.load(), self.trainer.learning_rate())?;
        trainer.set_clip(self.trainer.clip())?;
        self.start = trainer.network().params().to_vec();
        self.trainer = trainer;
        self.preset = None;
        Ok(())
    }

    /// Draws new weights from `scheme` with `seed` (biases 0) and restarts from them. Errors:
    /// a scale the scheme refuses ([`Scheme::validate`]); nothing changes then.
    pub fn set_init(&mut self, scheme: Scheme, seed: u32) -> Result<(), Error> {
        let mut net = self.trainer.network().clone();
        initialize(&mut net, scheme, &mut rng_from_seed(u64::from(seed)))?;
        self.restart_from(net.params().to_vec())?;
        self.scheme = scheme;
        self.seed = seed;
        Ok(())
    }

    /// Sets parameter `index` to `value` and restarts the run from there (the edited point is
    /// step 0). After a divergence the edit applies to the run's start instead of the
    /// non-finite current point.
    pub fn set_param(&mut self, index: usize, value: f64) -> Result<(), Error> {
        let current = self.trainer.network().params();
        let mut params = if current.iter().all(|p| p.is_finite()) {
            current.to_vec()
        } else {
            self.start.clone()
        };
        let mut probe = self.trainer.network().clone();
        probe.set_param(index, value)?;
        params[index] = value;
        self.restart_from(params)
    }

    fn restart_from(&mut self, params: Vec<f64>) -> Result<(), Error> {
        self.trainer.restart_from(&params)?;
        self.start = params;
        self.preset = None;
        Ok(())
    }

    /// Sets α for the rest of the run.
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), Error> {
        self.trainer.set_learning_rate(learning_rate)?;
        self.preset = None;
        Ok(())
    }

    /// Sets the clipping threshold (validated whether or not clipping is on).
    pub fn set_clip_threshold(&mut self, threshold: f64) -> Result<(), Error> {
        Trainer::check_clip_threshold(threshold)?;
        if self.trainer.clip().is_some() {
            self.trainer.set_clip(Some(threshold))?;
        }
        self.clip_threshold = threshold;
        self.preset = None;
        Ok(())
    }

    /// Turns clipping at the kept threshold on or off.
    pub fn set_clipping(&mut self, on: bool) -> Result<(), Error> {
        self.trainer.set_clip(on.then_some(self.clip_threshold))?;
        self.preset = None;
        Ok(())
    }

    /// Runs up to `n` steps; returns how many ran.
    pub fn step(&mut self, n: u32) -> u32 {
        self.trainer.step(n)
    }

    /// Back to θ₀, step 0, empty history.
    pub fn reset(&mut self) {
        // `start` was validated when it was set, so this cannot fail.
        let start = core::mem::take(&mut self.start);
        let _ = self.trainer.restart_from(&start);
        self.start = start;
    }

    /// A sentence for the learner when training has diverged.
    pub fn divergence(&self) -> Option<String> {
        let Status::Diverged(d) = self.trainer.status() else {
            return None;
        };
        Some(format!(
            "{} Press Reset, then lower the learning rate, turn on clipping, or pick a scaled \
             initialization.",
            d.describe(self.trainer.network())
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference case 35: the healthy start reaches L = 0.2936006243383755 after 200 steps.
    const CASE_35_LOSS_AT_200: f64 = 0.293_600_624_338_375_5;

    #[test]
    fn healthy_preset_is_reference_case_35() {
        let mut run = Run::new(Preset::Healthy).unwrap();
        run.step(200);
        assert!((run.trainer().loss() - CASE_35_LOSS_AT_200).abs() < 1e-9);
    }

    #[test]
    fn scaled_presets_train_as_far_as_the_healthy_start() {
        for p in [Preset::Xavier, Preset::He, Preset::Lecun] {
            let mut run = Run::new(p).unwrap();
            assert!(run.trainer().loss() > 0.6, "{p:?} starts untrained");
            run.step(200);
            let l = run.trainer().loss();
            assert!(l < CASE_35_LOSS_AT_200 + 1e-3, "{p:?}: L(200) = {l}");
        }
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let mut run = Run::new(Preset::W3Is500).unwrap();
        run.step(3);
        assert!(run.set_param(9, 1.0).is_err());
        assert!(run.set_param(0, f64::NAN).is_err());
        assert!(run.set_clip_threshold(-1.0).is_err());
        assert!(run.set_shape(0, 1, Activation::Relu).is_err());
        assert_eq!(run.trainer().step_count(), 3);
        assert_eq!(run.preset(), Some(Preset::W3Is500));
    }
}
