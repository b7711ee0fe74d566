//! The [`Explorer`] handle: what JavaScript calls. Each method validates what JS passed (JS
//! passes every number as f64), then hands over to the [`Run`] or the [`Views`].

use gradscope_core::float;
use gradscope_core::{Activation, Builtin, SchemeKind};
use js_sys::Object;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::catalog::{self, MAX_STEPS_PER_CALL, PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_WIDTH};
use crate::chain_panel;
use crate::presets::Preset;
use crate::run::Run;
use crate::views::Views;

/// One explorer: a dense network `[1, n1, …, 1]` on a data set, trained by full-batch gradient
/// descent, with its history and chart views. Several may live on one page.
#[wasm_bindgen]
pub struct Explorer {
    run: Run,
    views: Views,
    /// The sample whose numbers the page shows (0-based).
    sample: usize,
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
    /// step 0, empty history.
    pub fn reset(&mut self) {
        self.run.reset();
        self.views.reframe();
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
    /// sample 0), keeping only the measured cost of the charts: what an element does before
    /// it applies its attributes afresh.
    #[wasm_bindgen(js_name = loadDefaults)]
    pub fn load_defaults(&mut self) -> Result<(), JsError> {
        let preset = Preset::DEFAULT;
        self.run = Run::new(preset).map_err(js_err)?;
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

    /// Trains on the built-in data set `id` from the run's start. Throws for an unknown id.
    #[wasm_bindgen(js_name = setDataset)]
    pub fn set_dataset(&mut self, id: &str) -> Result<(), JsError> {
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

    /// The landscape's (x, y) parameter indices.
    #[wasm_bindgen(js_name = landscapeAxes)]
    pub fn landscape_axes(&self) -> Vec<u32> {
        let (x, y) = self.views.axes();
        vec![x as u32, y as u32]
    }

    /// Chooses the landscape's parameters. Throws (and changes nothing) unless both are flat
    /// parameter indices and different.
    #[wasm_bindgen(js_name = setLandscapeAxes)]
    pub fn set_landscape_axes(&mut self, x: f64, y: f64) -> Result<(), JsError> {
        let (x, y) = (self.param_index(x)?, self.param_index(y)?);
        let count = self.run.network().param_count();
        self.views.set_axes(x, y, count).map_err(js_err)
    }

    /// Whether the landscape holds its frame and colour scale for the run (the default).
    #[wasm_bindgen(js_name = holdLandscape)]
    pub fn hold_landscape(&self) -> bool {
        self.views.hold()
    }

    /// Holds or releases the landscape's frame and colour scale for the run.
    #[wasm_bindgen(js_name = setHoldLandscape)]
    pub fn set_hold_landscape(&mut self, hold: bool) {
        self.views.set_hold(hold);
    }

    /// The overshoot view's parameter index, or `undefined` while it is along the update.
    #[wasm_bindgen(js_name = overshootParam)]
    pub fn overshoot_param(&self) -> Option<u32> {
        (!self.views.along_update()).then(|| self.views.overshoot_param() as u32)
    }

    /// Puts the overshoot view on the line of the next update, L(θ − s·∇L) for s ∈ [0, 2α].
    #[wasm_bindgen(js_name = setOvershootAlongUpdate)]
    pub fn set_overshoot_along_update(&mut self) {
        self.views.set_along_update();
    }

    /// The numbers of the next update's line, from the core: `{ step, alpha, lossStart,
    /// lossLanding, sMin, lossMin, verdict }` (the step they belong to; α; L at s = 0 and
    /// s = α; the lowest point s* of the line on [0, 2α] and L there; "overshoots", "lands",
    /// "short", "still-falling" or "rises-at-once"), or `undefined` when there is no update
    /// to look at (a diverged run or a zero gradient).
    #[wasm_bindgen(js_name = updateLine)]
    pub fn update_line(&mut self, fast: bool) -> Option<Object> {
        let u = self.views.update_line(&self.run, fast)?;
        Some(catalog::object(&[
            ("step", JsValue::from_f64(u.step as f64)),
            ("alpha", JsValue::from_f64(u.alpha)),
            ("lossStart", JsValue::from_f64(u.loss_start)),
            ("lossLanding", JsValue::from_f64(u.loss_landing)),
            ("sMin", JsValue::from_f64(u.s_min)),
            ("lossMin", JsValue::from_f64(u.loss_min)),
            ("ratio", JsValue::from_f64(u.alpha / u.s_min)),
            ("verdict", JsValue::from_str(u.verdict.id())),
        ]))
    }

    /// Chooses the overshoot view's parameter. Throws (and changes nothing) for an index that
    /// is not a parameter's.
    #[wasm_bindgen(js_name = setOvershootParam)]
    pub fn set_overshoot_param(&mut self, index: f64) -> Result<(), JsError> {
        let index = self.param_index(index)?;
        let count = self.run.network().param_count();
        self.views.set_overshoot_param(index, count).map_err(js_err)
    }

    /// Draws the loss landscape over the chosen pair on `canvas` (backing size already set to
    /// CSS size × `dpr`). `fast` uses a coarser grid, for frames while training runs.
    #[wasm_bindgen(js_name = drawLandscape)]
    pub fn draw_landscape(
        &mut self,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        fast: bool,
    ) -> Result<(), JsError> {
        self.views.draw_landscape(&self.run, canvas, dpr, fast)
    }

    /// Draws the overshoot view (along the update, or along the chosen parameter with the
    /// iterates on the curve); `fast` uses a coarser curve, for frames while training runs.
    #[wasm_bindgen(js_name = drawOvershoot)]
    pub fn draw_overshoot(
        &mut self,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        fast: bool,
    ) -> Result<(), JsError> {
        self.views.draw_overshoot(&self.run, canvas, dpr, fast)
    }

    /// Draws loss vs step (log scale).
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        self.views.draw_loss(&self.run, canvas, dpr)
    }

    /// Draws parameters vs step: those at the flat indices `shown` (a `Uint32Array`), or every
    /// one when it is `undefined`. Throws for an index that is not a parameter's.
    #[wasm_bindgen(js_name = drawParams)]
    pub fn draw_params(
        &self,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        shown: Option<Vec<u32>>,
    ) -> Result<(), JsError> {
        self.views
            .draw_params(&self.run, canvas, dpr, shown.as_deref())
    }

    /// The chain rule of ∂Lᵢ/∂θ for parameter `index` and the chosen sample, factor by factor,
    /// with the batch mean beside it (see [`chain_panel::describe`]). Throws for an index that
    /// is not a parameter's, or on a network with more than one unit in a layer (where ∂L/∂θ
    /// is a sum over paths, not one product).
    #[wasm_bindgen(js_name = chainRule)]
    pub fn chain_rule(&self, index: f64) -> Result<Object, JsError> {
        let index = self.param_index(index)?;
        chain_panel::describe(&self.run, self.sample, index).map_err(js_err)
    }

    /// Draws σ′(z) with its 1/4 ceiling, the chosen sample's output logit and every sample's.
    #[wasm_bindgen(js_name = drawSigmoidSlope)]
    pub fn draw_sigmoid_slope(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        self.views
            .draw_sigmoid_slope(&self.run, self.sample, canvas, dpr)
    }

    /// The per-layer numbers, from the core: `{ weightGrad, biasGrad, law, spread, active }`
    /// (‖∂L/∂W_l‖ and ‖∂L/∂b_l‖ for l = 1..=L; the ∏|wᵢ| prediction of ‖∂L/∂b_l‖, empty unless
    /// it is exact; the standard deviation of each hidden layer's pre-activations and the
    /// fraction of its units that are on).
    #[wasm_bindgen(js_name = layerNumbers)]
    pub fn layer_numbers(&mut self) -> Result<Object, JsError> {
        let n = self.views.layer_numbers(&self.run).map_err(js_err)?;
        let arr = |v: &[f64]| JsValue::from(js_sys::Float64Array::from(v));
        Ok(catalog::object(&[
            ("weightGrad", arr(&n.weight_grad)),
            ("biasGrad", arr(&n.bias_grad)),
            ("law", arr(&n.law)),
            ("spread", arr(&n.spread)),
            ("active", arr(&n.active)),
        ]))
    }

    /// Draws the per-layer chart: gradient magnitude per layer (with the ∏|wᵢ| law where it is
    /// exact) and the spread of each hidden layer's pre-activations.
    #[wasm_bindgen(js_name = drawLayers)]
    pub fn draw_layers(&mut self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        self.views.draw_layers(&self.run, canvas, dpr)
    }

    /// Draws the network diagram (edge thickness from |w|, or |∂L/∂w|; dead units marked).
    #[wasm_bindgen(js_name = drawDiagram)]
    pub fn draw_diagram(&mut self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        self.views.draw_diagram(&self.run, canvas, dpr)
    }

    /// The flat index of the weight under CSS pixel (`x`, `y`) of the diagram's canvas, whose
    /// CSS size is `width × height`; `undefined` when no edge is within a few pixels. The
    /// weight is then marked on the diagram.
    #[wasm_bindgen(js_name = pickWeight)]
    pub fn pick_weight(&mut self, x: f64, y: f64, width: f64, height: f64) -> Option<u32> {
        if ![x, y, width, height].iter().all(|v| v.is_finite()) || width <= 0.0 || height <= 0.0 {
            return None;
        }
        let index = self
            .views
            .diagram_pick(&self.run, (x, y), (width, height))?;
        self.views.select_weight(Some(index));
        Some(index as u32)
    }

    /// Shows gradients (true) or weights (false) on the diagram.
    #[wasm_bindgen(js_name = setDiagramGradients)]
    pub fn set_diagram_gradients(&mut self, on: bool) {
        self.views.set_diagram_gradients(on);
    }

    /// Whether the diagram shows gradients.
    #[wasm_bindgen(js_name = diagramGradients)]
    pub fn diagram_gradients(&self) -> bool {
        self.views.diagram_gradients()
    }

    /// A fresh random seed from the browser's cryptographic generator.
    #[wasm_bindgen(js_name = freshSeed)]
    pub fn fresh_seed() -> Result<u32, JsError> {
        getrandom::u32().map_err(|e| JsError::new(&format!("no random source: {e}")))
    }
}
