//! The [`Explorer`] handle.

use gradscope_charts::{landscape, loss_history, param_history, slice, Style};
use gradscope_core::init::{self, Scheme};
use gradscope_core::landscape::{self as grid, Axis};
use gradscope_core::{float, Dataset, DivergenceCause, Network, Status, Trainer};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::canvas;
use crate::presets::{Preset, Start};
use crate::view::AxisView;

/// Landscape grid points per axis at rest (fine), and the bounds while training (fast), when
/// the resolution is chosen so that one grid costs about [`FAST_BUDGET_MS`].
const GRID_FINE: usize = 120;
const GRID_FAST_MIN: usize = 24;
const GRID_FAST_MAX: usize = 72;
const FAST_BUDGET_MS: f64 = 7.0;
/// Points on the overshoot view's curve.
const SLICE_POINTS: usize = 240;
/// Iterates drawn on the landscape path and the overshoot view.
const PATH_LEN: usize = 200;
const SLICE_ITERATES: usize = 40;

/// Initialization schemes, as in [`gradscope_core::init`] (the scale is the uniform limit for
/// `Uniform`, the value for `Constant`, and a gain on the standard deviation otherwise).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitScheme {
    /// U(−a, a) whatever the fan-in.
    Uniform,
    /// Every weight equal to the scale.
    Constant,
    /// Xavier/Glorot uniform (Glorot & Bengio 2010).
    XavierUniform,
    /// Xavier/Glorot normal.
    XavierNormal,
    /// He uniform (He et al. 2015).
    HeUniform,
    /// He normal.
    HeNormal,
    /// LeCun uniform (LeCun et al. 1998).
    LecunUniform,
    /// LeCun normal.
    LecunNormal,
}

impl InitScheme {
    fn with_scale(self, s: f64) -> Scheme {
        match self {
            InitScheme::Uniform => Scheme::Uniform { limit: s },
            InitScheme::Constant => Scheme::Constant { value: s },
            InitScheme::XavierUniform => Scheme::XavierUniform { gain: s },
            InitScheme::XavierNormal => Scheme::XavierNormal { gain: s },
            InitScheme::HeUniform => Scheme::HeUniform { gain: s },
            InitScheme::HeNormal => Scheme::HeNormal { gain: s },
            InitScheme::LecunUniform => Scheme::LecunUniform { gain: s },
            InitScheme::LecunNormal => Scheme::LecunNormal { gain: s },
        }
    }

    fn of(s: Scheme) -> Self {
        match s {
            Scheme::Uniform { .. } => InitScheme::Uniform,
            Scheme::Constant { .. } => InitScheme::Constant,
            Scheme::XavierUniform { .. } => InitScheme::XavierUniform,
            Scheme::XavierNormal { .. } => InitScheme::XavierNormal,
            Scheme::HeUniform { .. } => InitScheme::HeUniform,
            Scheme::HeNormal { .. } => InitScheme::HeNormal,
            Scheme::LecunUniform { .. } => InitScheme::LecunUniform,
            Scheme::LecunNormal { .. } => InitScheme::LecunNormal,
        }
    }
}

/// The landscape grid last computed, reused while nothing it depends on changes.
struct GridCache {
    params: Vec<f64>,
    x: Axis,
    y: Axis,
    loss: Vec<f64>,
}

/// One explorer: the seed network `x → ReLU → ReLU → σ` on a data set, trained by full-batch
/// gradient descent, with its history and chart views. Several may live on one page.
#[wasm_bindgen]
pub struct Explorer {
    trainer: Trainer,
    /// θ₀ of the current run: what [`Explorer::reset`] returns to.
    start: Vec<f64>,
    scheme: Scheme,
    seed: u32,
    axes: (usize, usize),
    slice_param: usize,
    view_x: AxisView,
    view_y: AxisView,
    view_slice: AxisView,
    grid: Option<GridCache>,
    /// Measured cost of one landscape point, milliseconds (from the last grid computed).
    ms_per_point: Option<f64>,
}

/// Milliseconds from the page's high-resolution clock, if there is a window.
fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

fn js_err(e: impl core::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Plain-Rust accessors (also used by tests).
impl Explorer {
    /// The trainer.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    fn check_index(&self, index: usize) -> Result<(), JsError> {
        let n = self.trainer.network().param_count();
        if index < n {
            Ok(())
        } else {
            Err(JsError::new(&format!(
                "there is no parameter number {index} (the network has {n})"
            )))
        }
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

    fn recent_params(&self, count: usize) -> impl Iterator<Item = &[f64]> {
        let recent = self.trainer.history().recent();
        let n = recent.len();
        recent
            .skip(n.saturating_sub(count))
            .map(|r| r.params.as_slice())
    }

    fn name(&self, i: usize) -> String {
        self.trainer.network().param_name(i)
    }

    /// The divergence message, if training has diverged.
    pub fn divergence_message(&self) -> Option<String> {
        let Status::Diverged(d) = self.trainer.status() else {
            return None;
        };
        let what = match d.cause {
            DivergenceCause::Parameter { index, value } => {
                format!(
                    "{} became {} after the update",
                    self.name(index),
                    show(value)
                )
            }
            DivergenceCause::Gradient { index, value } => {
                format!("∂L/∂{} overflowed to {}", self.name(index), show(value))
            }
            DivergenceCause::Loss { value } => format!(
                "the loss became {} (a pre-activation overflowed past ±1.8e308)",
                show(value)
            ),
        };
        Some(format!(
            "Training diverged at step {}: {what}. Every step multiplied the error instead of \
             shrinking it. Press Reset, then lower the learning rate, clip, or pick a scaled \
             initialization.",
            d.step
        ))
    }
}

fn show(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v > 0.0 {
        "+∞".into()
    } else {
        "−∞".into()
    }
}

#[wasm_bindgen]
impl Explorer {
    /// The seed network on the breast-cancer data, at the "healthy start" preset.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Explorer, JsError> {
        let setting = Preset::Healthy.setting();
        let Start::Params(params) = setting.start else {
            return Err(JsError::new(
                "the healthy preset must start from parameters",
            ));
        };
        let net = Network::seed(params).map_err(js_err)?;
        let trainer =
            Trainer::new(net, Dataset::breast_cancer(), setting.learning_rate).map_err(js_err)?;
        Ok(Explorer {
            start: trainer.network().params().to_vec(),
            trainer,
            scheme: Scheme::XavierUniform { gain: 1.0 },
            seed: 1,
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
    pub fn sample_x(&self, i: u32) -> Result<f64, JsError> {
        self.sample(i).map(|(x, _)| x)
    }

    /// Label y (0 or 1) of sample `i`.
    #[wasm_bindgen(js_name = sampleY)]
    pub fn sample_y(&self, i: u32) -> Result<f64, JsError> {
        self.sample(i).map(|(_, y)| y)
    }

    fn sample(&self, i: u32) -> Result<(f64, f64), JsError> {
        let d = self.trainer.data();
        let i = i as usize;
        if i < d.len() {
            Ok((d.xs()[i], d.ys()[i]))
        } else {
            Err(JsError::new(&format!(
                "sample {i} does not exist: choose 0 to {}",
                d.len() - 1
            )))
        }
    }

    /// ŷ = σ(z_L) for sample `i` at the current parameters.
    pub fn prediction(&self, i: u32) -> Result<f64, JsError> {
        let (x, _) = self.sample(i)?;
        Ok(float::sigmoid(self.trainer.network().logit(x)))
    }

    /// Runs up to `n` gradient-descent steps (stops at divergence); returns how many ran.
    pub fn step(&mut self, n: u32) -> u32 {
        self.trainer.step(n)
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
    pub fn set_init(&mut self, scheme: InitScheme, scale: f64, seed: u32) -> Result<(), JsError> {
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
    pub fn set_param(&mut self, index: usize, value: f64) -> Result<(), JsError> {
        self.check_index(index)?;
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

    /// Loads a preset: its starting point, learning rate and views.
    #[wasm_bindgen(js_name = applyPreset)]
    pub fn apply_preset(&mut self, preset: Preset) {
        let s = preset.setting();
        let applied = match s.start {
            Start::Params(p) => self.restart_from(p.to_vec()),
            Start::Init(scheme, seed) => {
                self.set_init(InitScheme::of(scheme), scheme.scale(), seed)
            }
        };
        // Every preset is valid by construction; a failure leaves the previous state.
        if applied.is_ok() {
            let _ = self.trainer.set_learning_rate(s.learning_rate);
            let _ = self.trainer.set_clip(None);
            self.axes = s.axes;
            self.slice_param = s.slice;
        }
    }

    /// The landscape's (x, y) parameter indices.
    #[wasm_bindgen(js_name = landscapeAxes)]
    pub fn landscape_axes(&self) -> Vec<u32> {
        vec![self.axes.0 as u32, self.axes.1 as u32]
    }

    /// Chooses the landscape's parameters (two different flat indices).
    #[wasm_bindgen(js_name = setLandscapeAxes)]
    pub fn set_landscape_axes(&mut self, x: usize, y: usize) -> Result<(), JsError> {
        self.check_index(x)?;
        self.check_index(y)?;
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
    pub fn set_slice_param(&mut self, index: usize) -> Result<(), JsError> {
        self.check_index(index)?;
        self.slice_param = index;
        self.view_slice.invalidate();
        Ok(())
    }

    /// A fresh random seed from the browser's cryptographic generator.
    #[wasm_bindgen(js_name = freshSeed)]
    pub fn fresh_seed() -> Result<u32, JsError> {
        getrandom::u32().map_err(|e| JsError::new(&format!("no random source: {e}")))
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
        let (ix, iy) = self.axes;
        let current = self.trainer.network().params().to_vec();
        let path: Vec<(f64, f64)> = self
            .recent_params(PATH_LEN)
            .map(|p| (p[ix], p[iy]))
            .collect();
        let cx = current[ix];
        let cy = current[iy];
        let xr = self
            .view_x
            .fit(path.iter().map(|p| p.0).chain([self.start[ix]]), cx);
        let yr = self
            .view_y
            .fit(path.iter().map(|p| p.1).chain([self.start[iy]]), cy);
        let points = match (fast, self.ms_per_point) {
            (false, _) => GRID_FINE,
            (true, None) => GRID_FAST_MIN,
            (true, Some(ms)) => {
                ((FAST_BUDGET_MS / ms).sqrt() as usize).clamp(GRID_FAST_MIN, GRID_FAST_MAX)
            }
        };
        let x = Axis {
            index: ix,
            min: xr.0,
            max: xr.1,
            points,
        };
        let y = Axis {
            index: iy,
            min: yr.0,
            max: yr.1,
            points,
        };
        let fresh = match &self.grid {
            Some(g) => !(g.x == x && g.y == y && same_except(&g.params, &current, ix, iy)),
            None => true,
        };
        if fresh && current.iter().all(|p| p.is_finite()) {
            let mut loss = Vec::new();
            let t0 = now_ms();
            grid::grid(self.trainer.network(), self.trainer.data(), x, y, &mut loss)
                .map_err(js_err)?;
            if let (Some(t0), Some(t1)) = (t0, now_ms()) {
                // The clock may be coarsened (0.1 ms or more): learn only from grids that took
                // long enough to time.
                if t1 - t0 >= 1.0 {
                    self.ms_per_point = Some((t1 - t0) / (points * points) as f64);
                }
            }
            self.grid = Some(GridCache {
                params: current,
                x,
                y,
                loss,
            });
        }
        let names = (self.name(ix), self.name(iy));
        let empty = Vec::new();
        let (loss, gx, gy) = match &self.grid {
            Some(g) => (&g.loss, g.x, g.y),
            None => (&empty, x, y),
        };
        let data = landscape::Landscape {
            x_label: &names.0,
            y_label: &names.1,
            x_range: (gx.min, gx.max),
            y_range: (gy.min, gy.max),
            nx: gx.points,
            ny: gy.points,
            loss,
            path: &path,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        landscape::draw(&area, &data, &Style::new(dpr).without_captions(), &mut |img, rect| {
            canvas::blit(canvas, img, rect)
        })
        .map_err(js_err)
    }

    /// Draws the overshoot view (loss along the chosen parameter, iterates on the curve).
    #[wasm_bindgen(js_name = drawSlice)]
    pub fn draw_slice(&mut self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let p = self.slice_param;
        let net = self.trainer.network();
        let current = net.params()[p];
        let values: Vec<f64> = self.recent_params(SLICE_ITERATES).map(|q| q[p]).collect();
        let r = self
            .view_slice
            .fit(values.iter().copied().chain([self.start[p]]), current);
        let mut curve = Vec::new();
        let mut on_curve = Vec::new();
        if net.params().iter().all(|v| v.is_finite()) {
            let axis = Axis {
                index: p,
                min: r.0,
                max: r.1,
                points: SLICE_POINTS,
            };
            grid::slice(net, self.trainer.data(), axis, &mut curve).map_err(js_err)?;
            let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            grid::along(net, self.trainer.data(), p, &finite, &mut on_curve).map_err(js_err)?;
        }
        let iterates: Vec<(f64, f64)> = values
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .zip(on_curve)
            .collect();
        let name = self.name(p);
        let data = slice::Slice {
            label: &name,
            range: r,
            loss: &curve,
            iterates: &iterates,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        slice::draw(&area, &data, &Style::new(dpr).without_captions()).map_err(js_err)
    }

    /// Draws loss vs step (log scale).
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let h = self.trainer.history();
        let steps: Vec<f64> = h.all().map(|r| r.step as f64).collect();
        let loss: Vec<f64> = h.all().map(|r| r.loss).collect();
        let diverged_at = match self.trainer.status() {
            Status::Diverged(d) => Some(d.step as f64),
            Status::Healthy => None,
        };
        let data = loss_history::LossHistory {
            steps: &steps,
            loss: &loss,
            diverged_at,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        loss_history::draw(&area, &data, &Style::new(dpr).without_captions()).map_err(js_err)
    }

    /// Draws every parameter vs step.
    #[wasm_bindgen(js_name = drawParams)]
    pub fn draw_params(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let h = self.trainer.history();
        let steps: Vec<f64> = h.all().map(|r| r.step as f64).collect();
        let values: Vec<f64> = h.all().flat_map(|r| r.params.iter().copied()).collect();
        let names = self.param_names();
        let data = param_history::ParamHistory {
            steps: &steps,
            names: &names,
            values: &values,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        param_history::draw(&area, &data, &Style::new(dpr).without_captions()).map_err(js_err)
    }
}

/// True when `a` and `b` agree everywhere except possibly at indices `i` and `j`.
fn same_except(a: &[f64], b: &[f64], i: usize, j: usize) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .enumerate()
            .all(|(k, (x, y))| k == i || k == j || x.to_bits() == y.to_bits())
}
