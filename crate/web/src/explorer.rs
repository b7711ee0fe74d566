//! The [`Explorer`] handle.

use gradscope_core::init::{self, Scheme};
use gradscope_core::{float, Dataset, Network, Status, Trainer};
use wasm_bindgen::prelude::*;

use crate::draw::GridCache;
use crate::presets::{Preset, Start, HEALTHY_PARAMS};
use crate::scheme::InitScheme;
use crate::view::AxisView;

/// Most gradient-descent steps one `step(n)` call runs: a call blocks the page until it returns.
pub const MAX_STEPS_PER_CALL: u32 = 100_000;

/// One explorer: the seed network `x → ReLU → ReLU → σ` on a data set, trained by full-batch
/// gradient descent, with its history and chart views. Several may live on one page.
#[wasm_bindgen]
pub struct Explorer {
    pub(crate) trainer: Trainer,
    /// θ₀ of the current run: what [`Explorer::reset`] returns to.
    pub(crate) start: Vec<f64>,
    scheme: Scheme,
    seed: u32,
    /// Flat indices of the landscape's (x, y) parameters.
    pub(crate) axes: (usize, usize),
    /// Flat index of the overshoot view's parameter.
    pub(crate) slice_param: usize,
    pub(crate) view_x: AxisView,
    pub(crate) view_y: AxisView,
    pub(crate) view_slice: AxisView,
    pub(crate) grid: Option<GridCache>,
    /// Measured cost of one landscape point, milliseconds (from the last grid computed).
    pub(crate) ms_per_point: Option<f64>,
}

/// A core error as a thrown JS `Error` with the core's message.
pub(crate) fn js_err(e: impl core::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Plain-Rust accessors (also used by tests).
impl Explorer {
    /// The trainer.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// A parameter index from JS: a whole number below the parameter count.
    fn param_index(&self, index: f64) -> Result<usize, JsError> {
        let n = self.trainer.network().param_count();
        whole(index, n as f64 - 1.0, "a parameter index").map(|i| i as usize)
    }

    fn invalidate_views(&mut self) {
        self.view_x.invalidate();
        self.view_y.invalidate();
        self.view_slice.invalidate();
    }

    fn restart_from(&mut self, params: Vec<f64>) -> Result<(), JsError> {
        self.trainer.restart_from(&params).map_err(js_err)?;
        self.start = params;
        self.invalidate_views();
        Ok(())
    }

    pub(crate) fn recent_params(&self, count: usize) -> impl Iterator<Item = &[f64]> {
        let recent = self.trainer.history().recent();
        let n = recent.len();
        recent
            .skip(n.saturating_sub(count))
            .map(|r| r.params.as_slice())
    }

    pub(crate) fn name(&self, i: usize) -> String {
        self.trainer.network().param_name(i)
    }

    /// The divergence message, if training has diverged.
    pub fn divergence_message(&self) -> Option<String> {
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

/// A whole number in 0..=max from JS (which passes every number as f64): NaN, fractions,
/// negatives and values past `max` are refused with a message naming `what`.
fn whole(v: f64, max: f64, what: &str) -> Result<f64, JsError> {
    if v.is_finite() && v.fract() == 0.0 && (0.0..=max).contains(&v) {
        Ok(v)
    } else {
        Err(JsError::new(&format!(
            "{what} must be a whole number from 0 to {max} (got {v})"
        )))
    }
}

#[wasm_bindgen]
impl Explorer {
    /// The seed network on the breast-cancer data, at the "healthy start" preset.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Explorer, JsError> {
        let setting = Preset::Healthy.setting();
        let net = Network::seed(HEALTHY_PARAMS).map_err(js_err)?;
        let trainer =
            Trainer::new(net, Dataset::breast_cancer(), setting.learning_rate).map_err(js_err)?;
        Ok(Explorer {
            start: trainer.network().params().to_vec(),
            trainer,
            // What the Initialize button offers (seed 2 draws w2 > 0, a live network); the run
            // itself starts from the preset's weights.
            scheme: Scheme::XavierUniform { gain: 1.0 },
            seed: 2,
            axes: setting.axes,
            slice_param: setting.slice,
            view_x: AxisView::new(),
            view_y: AxisView::new(),
            view_slice: AxisView::new(),
            grid: None,
            ms_per_point: None,
        })
    }

    /// Parameter names in flat order: `["w1", "b1", "w2", "b2", "w3", "b3"]`.
    #[wasm_bindgen(js_name = paramNames)]
    pub fn param_names(&self) -> Vec<String> {
        (0..self.trainer.network().param_count())
            .map(|i| self.name(i))
            .collect()
    }

    /// θ at the current step, flat order.
    pub fn params(&self) -> Vec<f64> {
        self.trainer.network().params().to_vec()
    }

    /// ∂L/∂θ at the current step (mean over the data set), flat order.
    pub fn grads(&self) -> Vec<f64> {
        self.trainer.grad().to_vec()
    }

    /// The next update −α·c·∂L/∂θ (c the clip factor, 1 without clipping), flat order.
    pub fn updates(&self) -> Vec<f64> {
        self.trainer.next_update().collect()
    }

    /// Mean binary cross-entropy at the current step, nats.
    pub fn loss(&self) -> f64 {
        self.trainer.loss()
    }

    /// ‖∂L/∂θ‖₂ at the current step.
    #[wasm_bindgen(js_name = gradNorm)]
    pub fn grad_norm(&self) -> f64 {
        self.trainer.grad_norm()
    }

    /// Updates applied since the run started.
    #[wasm_bindgen(js_name = stepCount)]
    pub fn step_count(&self) -> f64 {
        self.trainer.step_count() as f64
    }

    /// α.
    #[wasm_bindgen(js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.trainer.learning_rate()
    }

    /// The initialization scheme last used.
    #[wasm_bindgen(js_name = initScheme)]
    pub fn init_scheme(&self) -> InitScheme {
        InitScheme::of(self.scheme)
    }

    /// The scale of the initialization last used.
    #[wasm_bindgen(js_name = initScale)]
    pub fn init_scale(&self) -> f64 {
        self.scheme.scale()
    }

    /// The seed of the initialization last used.
    pub fn seed(&self) -> u32 {
        self.seed
    }

    /// A human-readable sentence when training has diverged, else `undefined`.
    pub fn divergence(&self) -> Option<String> {
        self.divergence_message()
    }

    /// Number of samples N in the data set.
    #[wasm_bindgen(js_name = sampleCount)]
    pub fn sample_count(&self) -> u32 {
        self.trainer.data().len() as u32
    }

    /// Input x of sample `i` (0-based). Throws for an index out of range.
    #[wasm_bindgen(js_name = sampleX)]
    pub fn sample_x(&self, i: f64) -> Result<f64, JsError> {
        self.sample(i).map(|(x, _)| x)
    }

    /// Label y (0 or 1) of sample `i`.
    #[wasm_bindgen(js_name = sampleY)]
    pub fn sample_y(&self, i: f64) -> Result<f64, JsError> {
        self.sample(i).map(|(_, y)| y)
    }

    fn sample(&self, i: f64) -> Result<(f64, f64), JsError> {
        let d = self.trainer.data();
        let i = whole(i, (d.len() - 1) as f64, "a sample index")? as usize;
        Ok((d.xs()[i], d.ys()[i]))
    }

    /// ŷ = σ(z_L) for sample `i` at the current parameters.
    pub fn prediction(&self, i: f64) -> Result<f64, JsError> {
        let (x, _) = self.sample(i)?;
        Ok(float::sigmoid(self.trainer.network().logit(x)))
    }

    /// Runs up to `n` gradient-descent steps (stops at divergence); returns how many ran.
    /// Throws unless `n` is a whole number from 0 to [`MAX_STEPS_PER_CALL`].
    pub fn step(&mut self, n: f64) -> Result<u32, JsError> {
        let n = whole(n, f64::from(MAX_STEPS_PER_CALL), "the number of steps")?;
        Ok(self.trainer.step(n as u32))
    }

    /// Back to the start of the run (the last initialization, preset or edit): same weights,
    /// step 0, empty history.
    pub fn reset(&mut self) {
        // `start` was validated when it was set.
        if self.trainer.restart_from(&self.start).is_ok() {
            self.invalidate_views();
        }
    }

    /// Draws new weights from `scheme` with `scale` and `seed` (biases 0) and restarts the run
    /// from them. Throws (and changes nothing) for a scale that is not finite, not above 0
    /// (except `Constant`), or above 10⁶.
    #[wasm_bindgen(js_name = setInit)]
    pub fn set_init(&mut self, scheme: InitScheme, scale: f64, seed: f64) -> Result<(), JsError> {
        let seed = whole(seed, f64::from(u32::MAX), "the seed")? as u32;
        let scheme = scheme.with_scale(scale);
        let mut net = self.trainer.network().clone();
        init::initialize(&mut net, scheme, &mut init::rng_from_seed(u64::from(seed)))
            .map_err(js_err)?;
        self.restart_from(net.params().to_vec())?;
        self.scheme = scheme;
        self.seed = seed;
        Ok(())
    }

    /// Sets parameter `index` (flat order) to `value` and restarts the run from there: the
    /// edited point becomes step 0 and what Reset returns to. Throws (and changes nothing) for
    /// an index out of range or a value that is not finite. Any finite value is
    /// accepted: typing 1e300 is how a learner sees a non-finite divergence on this network,
    /// whose ReLUs otherwise die before anything overflows.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, index: f64, value: f64) -> Result<(), JsError> {
        let index = self.param_index(index)?;
        let name = self.name(index);
        if !value.is_finite() {
            return Err(JsError::new(&format!("{name} must be a finite number")));
        }
        let current = self.trainer.network().params();
        let mut params = if current.iter().all(|p| p.is_finite()) {
            current.to_vec()
        } else {
            self.start.clone()
        };
        params[index] = value;
        self.restart_from(params)
    }

    /// Sets α (kept for the rest of the run). Throws (and changes nothing) unless
    /// 1e−8 ≤ α ≤ 1000.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), JsError> {
        self.trainer
            .set_learning_rate(learning_rate)
            .map_err(js_err)
    }

    /// Clipping by global norm at `threshold` (> 0), or off for `undefined`.
    #[wasm_bindgen(js_name = setClip)]
    pub fn set_clip(&mut self, threshold: Option<f64>) -> Result<(), JsError> {
        self.trainer.set_clip(threshold).map_err(js_err)
    }

    /// The clipping threshold, or `undefined` when clipping is off.
    pub fn clip(&self) -> Option<f64> {
        self.trainer.clip()
    }

    /// Loads a preset: its starting point, learning rate and views (clipping off).
    #[wasm_bindgen(js_name = applyPreset)]
    pub fn apply_preset(&mut self, preset: Preset) -> Result<(), JsError> {
        let s = preset.setting();
        match s.start {
            Start::Params(p) => self.restart_from(p.to_vec())?,
            Start::Init(scheme, seed) => {
                self.set_init(InitScheme::of(scheme), scheme.scale(), f64::from(seed))?
            }
        }
        self.trainer
            .set_learning_rate(s.learning_rate)
            .map_err(js_err)?;
        self.trainer.set_clip(None).map_err(js_err)?;
        self.axes = s.axes;
        self.slice_param = s.slice;
        Ok(())
    }

    /// The landscape's (x, y) parameter indices.
    #[wasm_bindgen(js_name = landscapeAxes)]
    pub fn landscape_axes(&self) -> Vec<u32> {
        vec![self.axes.0 as u32, self.axes.1 as u32]
    }

    /// Chooses the landscape's parameters (two different flat indices).
    #[wasm_bindgen(js_name = setLandscapeAxes)]
    pub fn set_landscape_axes(&mut self, x: f64, y: f64) -> Result<(), JsError> {
        let x = self.param_index(x)?;
        let y = self.param_index(y)?;
        if x == y {
            return Err(JsError::new(
                "choose two different parameters for the landscape",
            ));
        }
        self.axes = (x, y);
        self.view_x.invalidate();
        self.view_y.invalidate();
        Ok(())
    }

    /// The overshoot view's parameter index.
    #[wasm_bindgen(js_name = sliceParam)]
    pub fn slice_param(&self) -> u32 {
        self.slice_param as u32
    }

    /// Chooses the overshoot view's parameter.
    #[wasm_bindgen(js_name = setSliceParam)]
    pub fn set_slice_param(&mut self, index: f64) -> Result<(), JsError> {
        let index = self.param_index(index)?;
        self.slice_param = index;
        self.view_slice.invalidate();
        Ok(())
    }

    /// A fresh random seed from the browser's cryptographic generator.
    #[wasm_bindgen(js_name = freshSeed)]
    pub fn fresh_seed() -> Result<u32, JsError> {
        getrandom::u32().map_err(|e| JsError::new(&format!("no random source: {e}")))
    }
}
