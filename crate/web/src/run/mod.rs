//! [`Run`]: the training run an explorer owns — network, data, settings and where it started.

use gradscope_core::init::{initialize, rng_from_seed};
use gradscope_core::{
    Activation, Builtin, Dataset, Error, Network, Scheme, Status, Trainer, MAX_DEPTH,
};

use crate::presets::{Preset, Start};

mod data;
mod states;

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
    /// Samples the learner loaded from a CSV file, kept while other data is in use.
    own: Option<Dataset>,
    /// The run trains on `own` rather than on `dataset`.
    using_own: bool,
    /// The first step at which α or clipping changed in the middle of this run: from then on
    /// replaying the run's steps with today's settings does not retrace it.
    changed_mid_run: Option<u64>,
    /// The clipping threshold, kept while clipping is off so turning it on again restores it.
    clip_threshold: f64,
    /// The preset the run was loaded from, while no setting has changed since.
    preset: Option<Preset>,
    /// When (step) and where (hidden layer) every unit of a layer went off for every sample.
    collapse: Option<Collapse>,
    /// Bumped by every change: views cache what they compute from one state under it.
    version: u64,
    /// The last start of this network's shape that did not diverge at step 0: where
    /// [`Run::reset`] goes when the current start itself diverges at once.
    last_good_start: Option<Vec<f64>>,
}

/// The run's network stopped passing signal: a hidden layer is off for the whole data set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Collapse {
    /// The first step at which it was seen (0: the run started that way).
    pub step: u64,
    /// The dead hidden layer (1-based).
    pub layer: usize,
    /// The ŷ every input now gets.
    pub yhat: f64,
}

/// Layer 1's gradient below this fraction of the output layer's counts as vanished.
pub const VANISHING_RATIO: f64 = 1e-4;

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
            own: None,
            using_own: false,
            changed_mid_run: None,
            clip_threshold: 1.0,
            preset: None,
            collapse: None,
            version: 0,
            last_good_start: None,
        };
        run.apply_preset(preset)?;
        Ok(run)
    }

    /// A number that changes whenever anything about the run does (a step, an edit, a
    /// restart): what a cache of numbers computed from the current state is keyed by.
    pub fn version(&self) -> u64 {
        self.version
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

    /// The step at which α or clipping first changed while this run had taken steps, if they
    /// did: replaying `step_count` steps under the current settings retraces the run exactly
    /// only when this is `None` (training is otherwise deterministic).
    pub fn changed_mid_run(&self) -> Option<u64> {
        self.changed_mid_run
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

    /// Loads `preset`: its network, data set, starting point, learning rate and clipping (off
    /// unless the preset clips; the threshold is kept then). Errors: as [`Run::new`]; nothing changes then.
    pub fn apply_preset(&mut self, preset: Preset) -> Result<(), Error> {
        self.version += 1;
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
        let mut trainer = Trainer::new(net, s.dataset.load(), s.learning_rate)?;
        trainer.set_clip(s.clip)?;
        self.start = trainer.network().params().to_vec();
        self.trainer = trainer;
        self.dataset = s.dataset;
        self.using_own = false;
        if let Some(c) = s.clip {
            self.clip_threshold = c;
        }
        self.scheme = scheme;
        self.seed = seed;
        self.preset = Some(preset);
        self.started();
        Ok(())
    }

    /// A new network of `hidden_layers` hidden layers of `width` units with `hidden` units,
    /// initialized from the current scheme and seed; learning rate and clipping are kept.
    /// Errors: no hidden layer or more than the core's [`MAX_DEPTH`] − 1, or the core's shape
    /// errors; nothing changes then.
    pub fn set_shape(
        &mut self,
        hidden_layers: usize,
        width: usize,
        hidden: Activation,
    ) -> Result<(), Error> {
        self.version += 1;
        // Checked before the widths are allocated: a count near usize::MAX must be refused,
        // not overflow or abort on an impossible allocation.
        if !(1..MAX_DEPTH).contains(&hidden_layers) {
            return Err(Error::BadShape(format!(
                "the explorer needs 1 to {} hidden layers (got {hidden_layers})",
                MAX_DEPTH - 1
            )));
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

    fn replace_network(&mut self, net: Network) -> Result<(), Error> {
        let mut trainer = Trainer::new(net, self.samples(), self.trainer.learning_rate())?;
        trainer.set_clip(self.trainer.clip())?;
        self.start = trainer.network().params().to_vec();
        self.trainer = trainer;
        self.preset = None;
        // A good start of another shape is no way back for this one.
        self.last_good_start = None;
        self.started();
        Ok(())
    }

    /// Draws new weights from `scheme` with `seed` (biases 0) and restarts from them. Errors:
    /// a scale the scheme refuses ([`Scheme::validate`]); nothing changes then.
    pub fn set_init(&mut self, scheme: Scheme, seed: u32) -> Result<(), Error> {
        self.version += 1;
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
        self.version += 1;
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
        self.started();
        Ok(())
    }

    /// Sets α for the rest of the run.
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), Error> {
        self.version += 1;
        self.trainer.set_learning_rate(learning_rate)?;
        self.note_mid_run_change();
        self.preset = None;
        Ok(())
    }

    /// Sets the clipping threshold (validated whether or not clipping is on).
    pub fn set_clip_threshold(&mut self, threshold: f64) -> Result<(), Error> {
        self.version += 1;
        Trainer::check_clip_threshold(threshold)?;
        if self.trainer.clip().is_some() {
            self.trainer.set_clip(Some(threshold))?;
            self.note_mid_run_change();
        }
        self.clip_threshold = threshold;
        self.preset = None;
        Ok(())
    }

    /// Turns clipping at the kept threshold on or off.
    pub fn set_clipping(&mut self, on: bool) -> Result<(), Error> {
        self.version += 1;
        self.trainer.set_clip(on.then_some(self.clip_threshold))?;
        self.note_mid_run_change();
        self.preset = None;
        Ok(())
    }

    /// Runs up to `n` steps (fewer after a divergence); returns how many ran. Watches for a
    /// collapse after every step.
    pub fn step(&mut self, n: u32) -> u32 {
        self.version += 1;
        let mut done = 0;
        while done < n && self.trainer.step(1) == 1 {
            done += 1;
            if self.collapse.is_none() {
                self.watch_collapse();
            }
        }
        done
    }

    /// Remembers the first step at which a training setting changed after the run had moved.
    fn note_mid_run_change(&mut self) {
        let step = self.trainer.step_count();
        if step > 0 && self.changed_mid_run.is_none() {
            self.changed_mid_run = Some(step);
        }
    }

    /// After a restart: forget the last run's collapse and look at the new start.
    fn started(&mut self) {
        self.changed_mid_run = None;
        self.collapse = None;
        if self.trainer.status() == Status::Healthy {
            self.last_good_start = Some(self.start.clone());
        }
        self.watch_collapse();
    }

    /// Records a collapse if one has happened. No gradient reaches layer 1 whenever a layer
    /// is dead, so the (cheap) all-zero check on layer 1's gradient comes first and the
    /// forward pass over the data only when it passes.
    fn watch_collapse(&mut self) {
        let net = self.trainer.network();
        let Some((w, b)) = net.layer_params(1) else {
            return;
        };
        let g = self.trainer.grad();
        // Only a ReLU that is off outputs the same 0 for every sample; a saturated tanh or
        // sigmoid unit has a slope that rounds to 0 but still passes ±1 or 0/1 by sample.
        if net.depth() < 2
            || net.hidden_activation() != Activation::Relu
            || g[w].iter().chain(&g[b]).any(|&v| v != 0.0)
        {
            return;
        }
        let data = self.trainer.data();
        if let Some(layer) = net.dead_layer(data) {
            self.collapse = Some(Collapse {
                step: self.trainer.step_count(),
                layer,
                yhat: gradscope_core::float::sigmoid(net.logit(data.xs()[0])),
            });
        }
    }

    /// The collapse of this run, if it has collapsed.
    pub fn collapse(&self) -> Option<Collapse> {
        self.collapse
    }

    /// Back to θ₀, step 0, empty history.
    ///
    /// A start that diverges before any step (w3 = −1e308, say) would bring Reset straight back
    /// to the same divergence: then Reset goes to the last start that did not, and returns
    /// true. Returns false for an ordinary reset.
    pub fn reset(&mut self) -> bool {
        self.version += 1;
        let diverges_at_once = matches!(self.trainer.status(), Status::Diverged(d) if d.step == 0);
        let good = self
            .last_good_start
            .clone()
            .filter(|g| diverges_at_once && g.len() == self.start.len());
        if let Some(good) = good {
            if self.trainer.restart_from(&good).is_ok() {
                self.start = good;
                self.started();
                return true;
            }
        }
        // `start` was validated when it was set, so this cannot fail.
        let start = core::mem::take(&mut self.start);
        let _ = self.trainer.restart_from(&start);
        self.start = start;
        self.started();
        false
    }

    /// A sentence for the learner when training has diverged.
    pub fn divergence(&self) -> Option<String> {
        let Status::Diverged(d) = self.trainer.status() else {
            return None;
        };
        let advice = if d.step == 0 && self.last_good_start.is_some() {
            "This start diverges before any step: Reset goes back to the last start that did \
             not."
        } else if d.step == 0 {
            "This start diverges before any step: change the parameter that overflows, or pick \
             a preset."
        } else {
            "Press Reset, then lower the learning rate, turn on clipping, or pick a scaled \
             initialization."
        };
        Some(format!("{} {advice}", d.describe(self.trainer.network())))
    }
}
