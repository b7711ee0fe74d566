//! The [`Explorer`] handle: what JavaScript calls. Each method validates what JS passed (JS
//! passes every number as f64), then hands over to the [`Run`] or the [`Views`].

use gradscope_core::float;
use gradscope_core::{Activation, Builtin, SchemeKind};
use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::catalog::{self, MAX_STEPS_PER_CALL, PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_WIDTH};
use crate::presets::Preset;
use crate::run::Run;
use crate::views::Views;

mod charts;
mod data;
mod grids;

/// One explorer: a dense network `[1, n1, …, 1]` on a data set, trained by full-batch gradient
/// descent, with its history and chart views. Several may live on one page.
#[wasm_bindgen]
pub struct Explorer {
    run: Run,
    views: Views,
    /// The sample whose numbers the page shows (0-based).
    sample: usize,
    /// Where the last landscape drawn with a heatmap layer put that layer (`None`: that drawing
    /// had no heatmap). The layer itself is never kept here: a canvas held by the module would
    /// keep its element, and so this handle, alive.
    heat_placed: Option<crate::canvas::Placement>,
}

/// A core error as a thrown JS `Error` with the core's message.
fn js_err(e: impl core::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A whole number in 0..=max from JS: NaN, fractions, negatives and values past `max` are
/// refused with a message naming `what`.
fn whole(v: f64, max: f64, what: &str) -> Result<f64, JsError> {
    if v.is_finite() && v.fract() == 0.0 && (0.0..=max).contains(&v) {
        Ok(v)
    } else {
        Err(JsError::new(&format!(
            "{what} must be a whole number from 0 to {max} (got {v})"
        )))
    }
}

/// Rust-side accessors (for tests and the benchmark).
impl Explorer {
    /// The run: network, data, trainer and settings.
    pub fn run(&self) -> &Run {
        &self.run
    }

    fn param_index(&self, index: f64) -> Result<usize, JsError> {
        let n = self.run.network().param_count();
        whole(index, n as f64 - 1.0, "a parameter index").map(|i| i as usize)
    }

    /// After anything that restarts the run: views reframe, a changed shape resets indices,
    /// and the sample stays inside the data.
    fn restarted(&mut self) {
        let net = self.run.network();
        self.views.fit(net.widths(), net.param_count());
        self.sample = self.sample.min(self.run.trainer().data().len() - 1);
    }
}

#[wasm_bindgen]
impl Explorer {
    /// The seed network on the breast-cancer data, at the "healthy start" preset.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Explorer, JsError> {
        let preset = Preset::DEFAULT;
        let s = preset.setting();
        Ok(Explorer {
            run: Run::new(preset).map_err(js_err)?,
            views: Views::new(s.axes, s.overshoot, s.widths),
            sample: 0,
            heat_placed: None,
        })
    }

    /// The lists and constants the page builds its controls from (see [`catalog::catalog`]):
    /// presets, schemes, activations, data sets, limits and view constants.
    pub fn catalog() -> Object {
        catalog::catalog()
    }

    /// This explorer's network: widths, activation and every parameter's name and address
    /// (see [`catalog::shape`]). Changes only when the shape does.
    pub fn shape(&self) -> Object {
        catalog::shape(self.run.network())
    }

    /// Parameter names in flat order (`["w1", "b1", "w2", "b2", "w3", "b3"]` for the seed).
    #[wasm_bindgen(js_name = paramNames)]
    pub fn param_names(&self) -> Vec<String> {
        let net = self.run.network();
        (0..net.param_count()).map(|i| net.param_name(i)).collect()
    }

    /// θ at the current step, flat order.
    pub fn params(&self) -> Vec<f64> {
        self.run.network().params().to_vec()
    }

    /// θ₀, where the run started (what Reset returns to and a link records), flat order.
    #[wasm_bindgen(js_name = startParams)]
    pub fn start_params(&self) -> Vec<f64> {
        self.run.start().to_vec()
    }

    /// ∂L/∂θ at the current step (mean over the data set), flat order.
    pub fn grads(&self) -> Vec<f64> {
        self.run.trainer().grad().to_vec()
    }

    /// The next update −α·c·∂L/∂θ (c the clip factor, 1 without clipping), flat order.
    pub fn updates(&self) -> Vec<f64> {
        self.run.trainer().next_update().collect()
    }

    /// Mean binary cross-entropy at the current step, nats.
    pub fn loss(&self) -> f64 {
        self.run.trainer().loss()
    }

    /// ‖∂L/∂θ‖₂ at the current step.
    #[wasm_bindgen(js_name = gradNorm)]
    pub fn grad_norm(&self) -> f64 {
        self.run.trainer().grad_norm()
    }

    /// Updates applied since the run started.
    #[wasm_bindgen(js_name = stepCount)]
    pub fn step_count(&self) -> f64 {
        self.run.trainer().step_count() as f64
    }

    /// α.
    #[wasm_bindgen(js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.run.trainer().learning_rate()
    }

    /// The id of the initialization scheme last used (`"xavier-uniform"`, …).
    #[wasm_bindgen(js_name = initScheme)]
    pub fn init_scheme(&self) -> String {
        self.run.scheme().kind().id().into()
    }

    /// The scale of the initialization last used.
    #[wasm_bindgen(js_name = initScale)]
    pub fn init_scale(&self) -> f64 {
        self.run.scheme().scale()
    }

    /// The seed of the initialization last used.
    pub fn seed(&self) -> u32 {
        self.run.seed()
    }

    /// The id of the preset loaded, while no setting of the run has changed since; else
    /// `undefined`. (Choosing views or a sample keeps it.)
    pub fn preset(&self) -> Option<String> {
        self.run.preset().map(|p| p.id().into())
    }

    /// The id of the data set trained on.
    pub fn dataset(&self) -> String {
        if self.run.using_own_data() {
            return catalog::OWN_DATA_ID.into();
        }
        self.run.dataset().id().into()
    }

    /// A sentence for the learner when training has diverged, else `undefined`.
    pub fn divergence(&self) -> Option<String> {
        self.run.divergence()
    }

    /// A sentence when the network has collapsed (a hidden layer off for every sample: the
    /// same ŷ for every input), with the step it happened; else `undefined`.
    pub fn collapse(&self) -> Option<String> {
        self.run.collapse_message()
    }

    /// A sentence while layer 1's gradient is below 10⁻⁴ of the output layer's; else
    /// `undefined`.
    pub fn vanishing(&self) -> Option<String> {
        self.run.vanishing_message()
    }

    /// A sentence once the loss has stopped moving (see `Run::convergence_message`), else
    /// `undefined`.
    pub fn convergence(&self) -> Option<String> {
        self.run.convergence_message()
    }

    /// Number of samples N in the data set.
    #[wasm_bindgen(js_name = sampleCount)]
    pub fn sample_count(&self) -> u32 {
        self.run.trainer().data().len() as u32
    }

    /// The sample whose numbers are shown (0-based).
    pub fn sample(&self) -> u32 {
        self.sample as u32
    }

    /// Chooses the sample whose numbers are shown. Throws unless `i` is a whole number below
    /// the sample count.
    #[wasm_bindgen(js_name = setSample)]
    pub fn set_sample(&mut self, i: f64) -> Result<(), JsError> {
        let n = self.run.trainer().data().len();
        self.sample = whole(i, (n - 1) as f64, "the sample index")? as usize;
        Ok(())
    }

    /// Input x of the chosen sample.
    #[wasm_bindgen(js_name = sampleX)]
    pub fn sample_x(&self) -> f64 {
        self.run.trainer().data().xs()[self.sample]
    }

    /// Label y (0 or 1) of the chosen sample.
    #[wasm_bindgen(js_name = sampleY)]
    pub fn sample_y(&self) -> f64 {
        self.run.trainer().data().ys()[self.sample]
    }

    /// ŷ = σ(z_L) for the chosen sample at the current parameters.
    pub fn prediction(&self) -> f64 {
        float::sigmoid(self.run.network().logit(self.sample_x()))
    }

    /// Runs up to `n` gradient-descent steps (stops at divergence); returns how many ran.
    /// Throws unless `n` is a whole number from 0 to [`MAX_STEPS_PER_CALL`].
    pub fn step(&mut self, n: f64) -> Result<u32, JsError> {
        let n = whole(n, f64::from(MAX_STEPS_PER_CALL), "the number of steps")?;
        Ok(self.run.step(n as u32))
    }

    /// Back to the start of the run (the last initialization, preset or edit): same weights,
    /// step 0, empty history. When that start itself diverges at step 0, back to the last
    /// start that did not instead; returns true then.
    pub fn reset(&mut self) -> bool {
        let further = self.run.reset();
        self.views.reframe();
        further
    }

    /// Loads the preset with link name `id`: its network, starting point, learning rate and
    /// views (clipping off). Throws for an unknown id; nothing changes then.
    #[wasm_bindgen(js_name = applyPreset)]
    pub fn apply_preset(&mut self, id: &str) -> Result<(), JsError> {
        let preset = Preset::from_id(id)
            .ok_or_else(|| JsError::new(&format!("there is no preset called “{id}”")))?;
        self.run.apply_preset(preset).map_err(js_err)?;
        let s = preset.setting();
        self.views.load(s.axes, s.overshoot, s.widths);
        self.sample = s.sample;
        self.restarted();
        Ok(())
    }

    /// Back to a new explorer's state (the default preset, clipping off at threshold 1,
    /// sample 0), keeping only the measured cost of the charts and any CSV samples loaded: what an element does before
    /// it applies its attributes afresh.
    #[wasm_bindgen(js_name = loadDefaults)]
    pub fn load_defaults(&mut self) -> Result<(), JsError> {
        let preset = Preset::DEFAULT;
        let own = self.run.own_data().cloned();
        self.run = Run::new(preset).map_err(js_err)?;
        self.run.keep_own_data(own);
        let s = preset.setting();
        self.views.load(s.axes, s.overshoot, s.widths);
        self.sample = 0;
        Ok(())
    }

    /// Replaces the network by one with `hidden_layers` hidden layers of `width` units with
    /// the activation `activation` (an id from the catalog), weights from the current scheme
    /// and seed. Throws (and changes nothing) for a shape outside the catalog's limits
    /// (1–[`PAGE_MAX_HIDDEN_LAYERS`] hidden layers of 1–[`PAGE_MAX_WIDTH`] units) or an
    /// unknown id.
    #[wasm_bindgen(js_name = setShape)]
    pub fn set_shape(
        &mut self,
        hidden_layers: f64,
        width: f64,
        activation: &str,
    ) -> Result<(), JsError> {
        let hidden_layers = whole(
            hidden_layers,
            PAGE_MAX_HIDDEN_LAYERS as f64,
            "the number of hidden layers",
        )?;
        let width = whole(width, PAGE_MAX_WIDTH as f64, "the width")?;
        let activation = Activation::from_id(activation).ok_or_else(|| {
            JsError::new(&format!("there is no activation called “{activation}”"))
        })?;
        self.run
            .set_shape(hidden_layers as usize, width as usize, activation)
            .map_err(js_err)?;
        self.restarted();
        Ok(())
    }

    /// Trains on the built-in data set `id` from the run's start, or on the samples loaded by
    /// `loadCsv` for the catalog's `ownData.id`. Throws for an unknown id, or for the own id
    /// before any CSV was loaded.
    #[wasm_bindgen(js_name = setDataset)]
    pub fn set_dataset(&mut self, id: &str) -> Result<(), JsError> {
        if id == catalog::OWN_DATA_ID {
            self.run.use_own_data().map_err(js_err)?;
            self.restarted();
            return Ok(());
        }
        let dataset = Builtin::from_id(id)
            .ok_or_else(|| JsError::new(&format!("there is no data set called “{id}”")))?;
        self.run.set_dataset(dataset).map_err(js_err)?;
        self.restarted();
        Ok(())
    }

    /// Draws new weights from the scheme `scheme` (an id from the catalog) with `scale` and
    /// `seed` (biases 0) and restarts the run from them. Throws (and changes nothing) for an
    /// unknown scheme, a seed that is not a whole number below 2³², or a scale the scheme
    /// refuses (not finite, not above 0 except for `constant`, or above 10⁶).
    #[wasm_bindgen(js_name = setInit)]
    pub fn set_init(&mut self, scheme: &str, scale: f64, seed: f64) -> Result<(), JsError> {
        let kind = SchemeKind::from_id(scheme)
            .ok_or_else(|| JsError::new(&format!("there is no scheme called “{scheme}”")))?;
        let seed = whole(seed, f64::from(u32::MAX), "the seed")? as u32;
        self.run
            .set_init(kind.with_scale(scale), seed)
            .map_err(js_err)?;
        self.restarted();
        Ok(())
    }

    /// Sets parameter `index` (flat order) to `value` and restarts the run from there: the
    /// edited point becomes step 0 and what Reset returns to. Throws (and changes nothing) for
    /// an index out of range or a value that is not finite. Any finite value is accepted:
    /// typing 1e300 is how a learner sees a non-finite divergence on the seed network, whose
    /// ReLUs otherwise die before anything overflows.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, index: f64, value: f64) -> Result<(), JsError> {
        let index = self.param_index(index)?;
        self.run.set_param(index, value).map_err(js_err)?;
        self.views.reframe();
        Ok(())
    }

    /// Sets α (kept for the rest of the run). Throws (and changes nothing) outside the
    /// catalog's `limits.learningRate`.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), JsError> {
        self.run.set_learning_rate(learning_rate).map_err(js_err)
    }

    /// Sets the clipping threshold C (finite, > 0), used whenever clipping is on. Throws (and
    /// changes nothing) otherwise.
    #[wasm_bindgen(js_name = setClipThreshold)]
    pub fn set_clip_threshold(&mut self, threshold: f64) -> Result<(), JsError> {
        self.run.set_clip_threshold(threshold).map_err(js_err)
    }

    /// Turns clipping by global norm at the threshold on or off.
    #[wasm_bindgen(js_name = setClipping)]
    pub fn set_clipping(&mut self, on: bool) -> Result<(), JsError> {
        self.run.set_clipping(on).map_err(js_err)
    }

    /// The clipping threshold in force, or `undefined` when clipping is off.
    pub fn clip(&self) -> Option<f64> {
        self.run.trainer().clip()
    }

    /// The clipping threshold, also while clipping is off.
    #[wasm_bindgen(js_name = clipThreshold)]
    pub fn clip_threshold(&self) -> f64 {
        self.run.clip_threshold()
    }

    /// A fresh random seed from the browser's cryptographic generator.
    #[wasm_bindgen(js_name = freshSeed)]
    pub fn fresh_seed() -> Result<u32, JsError> {
        getrandom::u32().map_err(|e| JsError::new(&format!("no random source: {e}")))
    }
}
