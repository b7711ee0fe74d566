//! The overshoot view along the update: the loss on the line L(θ − s·c·∇L) for s from 0 to 2α
//! (c the clip factor, so the step lands at s = α), the line's lowest point s*, and the numbers
//! the page quotes beside it.

use gradscope_charts::{overshoot, Style};
use gradscope_core::line;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsError;
use web_sys::HtmlCanvasElement;

use super::{js_err, Views, OVERSHOOT_POINTS};
use crate::canvas;
use crate::run::Run;

/// The numbers of one update's line, all from the core.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpdateLine {
    /// α, the step size the update takes along −c·∇L.
    pub alpha: f64,
    /// L at s = 0 (the current loss), nats.
    pub loss_start: f64,
    /// L at s = α, where the step lands, nats.
    pub loss_landing: f64,
    /// s*, the lowest point of the line on [0, 2α].
    pub s_min: f64,
    /// L(s*), nats.
    pub loss_min: f64,
}

impl UpdateLine {
    /// The line of the run's next update, or `None` when there is none to draw (a diverged
    /// run, or a zero gradient).
    pub fn of(run: &Run) -> Option<UpdateLine> {
        let t = run.trainer();
        let c = t.clip_scale();
        let direction: Vec<f64> = t.grad().iter().map(|g| c * g).collect();
        if !direction.iter().all(|d| d.is_finite()) || direction.iter().all(|&d| d == 0.0) {
            return None;
        }
        let alpha = t.learning_rate();
        let (net, data) = (run.network(), t.data());
        let mut at = Vec::new();
        line::along(net, data, &direction, &[0.0, alpha], &mut at).ok()?;
        let m = line::minimum(net, data, &direction, 2.0 * alpha).ok()?;
        Some(UpdateLine {
            alpha,
            loss_start: at[0],
            loss_landing: at[1],
            s_min: m.s,
            loss_min: m.loss,
        })
    }
}

impl Views {
    /// Draws the loss on the line of the next update for s ∈ [0, 2α], with the start, the
    /// landing point and the line's minimum. Errors: a canvas that cannot be drawn on.
    pub(super) fn draw_update_line(
        &self,
        run: &Run,
        canvas: &HtmlCanvasElement,
        dpr: f64,
    ) -> Result<(), JsError> {
        let t = run.trainer();
        let alpha = t.learning_rate();
        let mut curve = Vec::new();
        let mut iterates = Vec::new();
        let mut minimum = None;
        if let Some(u) = UpdateLine::of(run) {
            let c = t.clip_scale();
            let direction: Vec<f64> = t.grad().iter().map(|g| c * g).collect();
            let steps: Vec<f64> = (0..OVERSHOOT_POINTS)
                .map(|i| 2.0 * alpha * i as f64 / (OVERSHOOT_POINTS - 1) as f64)
                .collect();
            line::along(run.network(), t.data(), &direction, &steps, &mut curve).map_err(js_err)?;
            iterates = vec![(0.0, u.loss_start), (alpha, u.loss_landing)];
            minimum = Some((u.s_min, u.loss_min));
        }
        let chart = overshoot::Overshoot {
            label: "step size s along −∇L",
            range: (0.0, 2.0 * alpha),
            loss: &curve,
            iterates: &iterates,
            minimum,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        overshoot::draw(&area, &chart, &Style::new(dpr).without_captions()).map_err(js_err)
    }
}
