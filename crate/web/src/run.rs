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
    /// When (step) and where (hidden layer) every unit of a layer went off for every sample.
    collapse: Option<Collapse>,
    /// Bumped by every change: views cache what they compute from one state under it.
    version: u64,
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

/// A small number in scientific notation with a typographic minus, as the page writes them.
fn short_e(v: f64) -> String {
    format!("{v:.1e}").replace('-', "−")
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
            clip_threshold: 1.0,
            preset: None,
            collapse: None,
            version: 0,
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
    /// Errors: no hidden layer, or the core's shape errors; nothing changes then.
    pub fn set_shape(
        &mut self,
        hidden_layers: usize,
        width: usize,
        hidden: Activation,
    ) -> Result<(), Error> {
        self.version += 1;
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
        self.version += 1;
        let mut net = self.trainer.network().clone();
        net.set_params(&self.start)?;
        let mut trainer = Trainer::new(net, dataset.load(), self.trainer.learning_rate())?;
        trainer.set_clip(self.trainer.clip())?;
        self.trainer = trainer;
        self.dataset = dataset;
        self.preset = None;
        self.started();
        Ok(())
    }

    fn replace_network(&mut self, net: Network) -> Result<(), Error> {
        let mut trainer = Trainer::new(net, self.dataset.load(), self.trainer.learning_rate())?;
        trainer.set_clip(self.trainer.clip())?;
        self.start = trainer.network().params().to_vec();
        self.trainer = trainer;
        self.preset = None;
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
        self.preset = None;
        Ok(())
    }

    /// Sets the clipping threshold (validated whether or not clipping is on).
    pub fn set_clip_threshold(&mut self, threshold: f64) -> Result<(), Error> {
        self.version += 1;
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
        self.version += 1;
        self.trainer.set_clip(on.then_some(self.clip_threshold))?;
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

    /// After a restart: forget the last run's collapse and look at the new start.
    fn started(&mut self) {
        self.collapse = None;
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

    /// A sentence for the learner when the network has collapsed (a layer off for every
    /// sample), naming the step, the layer and what the network now predicts.
    pub fn collapse_message(&self) -> Option<String> {
        let c = self.collapse?;
        if self.trainer.status() != Status::Healthy {
            // Once the run has overflowed, the divergence banner says what happened.
            return None;
        }
        let data = self.trainer.data();
        let entropy = data.label_entropy();
        // The layers above the dead one still learn their constant: ŷ now, not at the collapse.
        let yhat = gradscope_core::float::sigmoid(self.trainer.network().logit(data.xs()[0]));
        let when = if c.step == 0 {
            "The run starts collapsed".to_string()
        } else {
            format!("Collapsed at step {}", c.step)
        };
        Some(format!(
            "{when}: every unit of hidden layer {} is off for all {} samples, so the network \
             gives every input the same ŷ = {:.3} and no gradient reaches the layers below it. \
             However long it trains, the loss cannot go below the entropy of the labels, {:.3}. A huge step \
             usually does this to a ReLU network long before anything overflows. Press Reset \
             and lower α, or pick another seed.",
            c.layer,
            data.len(),
            yhat,
            entropy
        ))
    }

    /// A sentence when the backward signal reaching layer 1 is below [`VANISHING_RATIO`] of
    /// the output layer's, and the run has not collapsed. The signal is measured by the bias
    /// gradients ‖∂L/∂b₁‖ / ‖∂L/∂b_L‖ (∂L/∂b_l is the batch mean of ∂L/∂z_l): on a
    /// one-unit-per-layer ReLU network with every unit on, that ratio is exactly ∏_{k≥2}|w_k|
    /// however well the output bias fits, where the weight gradients also carry each layer's
    /// input and can level out.
    pub fn vanishing_message(&self) -> Option<String> {
        if self.collapse.is_some() {
            return None;
        }
        let net = self.trainer.network();
        let norms = net.layer_norms(self.trainer.grad()).ok()?;
        let first = norms.first()?.1;
        let last = norms.last()?.1;
        // Written so that a NaN norm counts as "not vanishing".
        let vanished = last > 0.0 && first < VANISHING_RATIO * last;
        if net.depth() < 2 || !vanished {
            return None;
        }
        Some(format!(
            "Vanishing gradient: the signal reaching layer 1, ‖∂L/∂b1‖, is {} times the \
             output layer's, so the first layers barely learn. Going down, each layer \
             multiplies it by act′(z)·w: small weights, or σ′ ≤ 1/4 and tanh′ ≤ 1, shrink it \
             layer after layer.",
            short_e(first / last)
        ))
    }

    /// Back to θ₀, step 0, empty history.
    pub fn reset(&mut self) {
        self.version += 1;
        // `start` was validated when it was set, so this cannot fail.
        let start = core::mem::take(&mut self.start);
        let _ = self.trainer.restart_from(&start);
        self.start = start;
        self.started();
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

    /// Entropy of the labels of the breast-cancer set, by hand: 212 of 569 are malignant.
    fn label_entropy_by_hand() -> f64 {
        let p = 212.0 / 569.0;
        -(p * f64::ln(p) + (1.0 - p) * f64::ln(1.0 - p))
    }

    /// Losses at steps 0..=n.
    fn losses(run: &mut Run, n: usize) -> Vec<f64> {
        let mut out = vec![run.trainer().loss()];
        for _ in 0..n {
            run.step(1);
            out.push(run.trainer().loss());
        }
        out
    }

    #[test]
    fn w3_500_oscillates_in_its_first_ten_steps() {
        let mut run = Run::new(Preset::W3Is500).unwrap();
        let l = losses(&mut run, 10);
        let rises = l.windows(2).filter(|w| w[1] > w[0]).count();
        let falls = l.windows(2).filter(|w| w[1] < w[0]).count();
        assert!(rises >= 2 && falls >= 2, "{l:?}");
        assert!(run.collapse().is_none() && run.divergence().is_none());
    }

    #[test]
    fn dead_relu_collapses_at_step_one_to_the_label_entropy() {
        let mut run = Run::new(Preset::DeadRelu).unwrap();
        assert!(run.collapse().is_none(), "the start is alive");
        run.step(1);
        let c = run.collapse().expect("one update kills layer 2");
        assert_eq!((c.step, c.layer), (1, 2));
        assert!(run.collapse_message().unwrap().contains("step 1"));
        run.step(200);
        assert!((run.trainer().loss() - label_entropy_by_hand()).abs() < 1e-4);
        assert!((run.trainer().data().label_entropy() - label_entropy_by_hand()).abs() < 1e-12);
    }

    #[test]
    fn deep_explode_follows_the_product_law_then_blows_up_the_loss() {
        let mut run = Run::new(Preset::DeepExplode).unwrap();
        let net = run.network();
        let g = run.trainer().grad();
        // Every unit is on for every sample (z1 = 2x + 5 > 0 on this data), so
        // ∂L/∂b_l = ∂L/∂b6 · ∏_{k>l} w_k = 2^(6−l) · ∂L/∂b6.
        assert!(net
            .layer_stats(run.trainer().data())
            .iter()
            .all(|s| s.active == 1.0));
        let b6 = g[11];
        for l in 1..=6 {
            let expected = b6 * f64::powi(2.0, 6 - l as i32);
            assert!(
                (g[2 * (l - 1) + 1] - expected).abs() <= 1e-12 * expected.abs(),
                "b{l}"
            );
        }
        let l = losses(&mut run, 2);
        assert!(
            l[1] > 5.0 * l[0] && l[2] > 5.0 * l[1],
            "the loss grows step after step: {l:?}"
        );
        run.step(20);
        assert!(run.divergence().is_none(), "nothing overflows");
        assert!(run.collapse().is_some(), "the ReLUs die instead");
    }

    #[test]
    fn deep_sigmoid_vanishes_at_layer_one() {
        let run = Run::new(Preset::DeepSigmoid).unwrap();
        let norms = run.network().layer_norms(run.trainer().grad()).unwrap();
        let first = norms[0].0.hypot(norms[0].1);
        let last = norms[10].0.hypot(norms[10].1);
        assert!(first < 1e-5 * last, "{first} vs {last}");
        assert!(run.vanishing_message().is_some());
        assert!(run.collapse().is_none());
    }

    #[test]
    fn clipping_rescues_what_its_unclipped_twin_cannot() {
        let mut clipped = Run::new(Preset::ClipRescue).unwrap();
        assert_eq!(clipped.trainer().clip(), Some(1.0));
        clipped.step(200);
        assert!(
            clipped.trainer().loss() < 1.0,
            "{}",
            clipped.trainer().loss()
        );
        assert!(clipped.collapse().is_none());
        let mut twin = Run::new(Preset::ClipRescue).unwrap();
        twin.set_clipping(false).unwrap();
        twin.step(200);
        assert!(twin.collapse().is_some());
        assert!(twin.trainer().loss() > 100.0, "{}", twin.trainer().loss());
    }

    #[test]
    fn deep_vanish_halves_the_gradient_per_layer_and_layer_one_barely_moves() {
        let mut run = Run::new(Preset::DeepVanish).unwrap();
        let g = run.trainer().grad().to_vec();
        // Every unit on (z1 = 0.5x + 2 > 0 here, later z_l > 1), so ∂L/∂b_l = 2^(l−16)·∂L/∂b16.
        for l in 1..=16 {
            let expected = g[31] * f64::powi(0.5, 16 - l as i32);
            assert!(
                (g[2 * (l - 1) + 1] - expected).abs() <= 1e-12 * expected.abs(),
                "b{l}"
            );
        }
        assert!(run.vanishing_message().is_some());
        let w1 = run.network().params()[0];
        run.step(200);
        assert!(
            (run.network().params()[0] - w1).abs() < 1e-3,
            "w1 barely moves"
        );
    }

    #[test]
    fn deep_diverge_grows_every_step_until_it_overflows() {
        let mut run = Run::new(Preset::DeepDiverge).unwrap();
        let l = losses(&mut run, 10);
        let status = run.trainer().status();
        let gradscope_core::Status::Diverged(d) = status else {
            panic!("no divergence: {l:?}");
        };
        assert_eq!(d.step, 7);
        // L(0) … L(6) rise every step.
        assert!(l[..7].windows(2).all(|w| w[1] > w[0]), "{l:?}");
        assert!(l[6] > 1e200);
    }

    #[test]
    fn saturated_presets_show_a_right_and_a_wrong_sample() {
        for (preset, sample) in [(Preset::SaturatedRight, 0), (Preset::SaturatedWrong, 3)] {
            assert_eq!(preset.setting().sample, sample);
            let run = Run::new(preset).unwrap();
            let data = run.trainer().data();
            let (x, y) = (data.xs()[sample], data.ys()[sample]);
            let c = gradscope_core::chain_rule::for_param(run.network(), x, y, 0).unwrap();
            assert!(c.z_out.abs() > 100.0, "saturated: z3 = {}", c.z_out);
            let right = (c.yhat > 0.5) == (y == 1.0);
            if preset == Preset::SaturatedRight {
                assert!(right && c.product.abs() < 1e-40, "{}", c.product);
            } else {
                assert!(!right && c.product.abs() > 100.0, "{}", c.product);
            }
        }
    }

    #[test]
    fn w3_1000_bounces_and_large_uniform_starts_in_the_thousands() {
        let mut run = Run::new(Preset::W3Is1000).unwrap();
        let l = losses(&mut run, 10);
        assert!(l.windows(2).filter(|w| w[1] > w[0]).count() >= 2, "{l:?}");
        assert!(run.collapse().is_none());
        let mut run = Run::new(Preset::LargeUniform).unwrap();
        assert!(run.trainer().loss() > 1000.0 && run.trainer().grad_norm() > 100.0);
        run.step(200);
        assert!(run.trainer().loss() < 1.0, "{}", run.trainer().loss());
    }
}
