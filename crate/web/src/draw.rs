//! Drawing: the four charts of an [`Explorer`], each onto a canvas the page hands in.

use gradscope_charts::{landscape, loss_history, param_history, slice, Style};
use gradscope_core::landscape::{self as grid, Axis};
use gradscope_core::Status;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::canvas;
use crate::explorer::{js_err, Explorer};

/// Landscape grid points per axis at rest (fine), and the bounds while training (fast), when
/// the resolution is chosen so that one grid costs about [`FAST_BUDGET_MS`].
const GRID_FINE: usize = 96;
const GRID_FAST_MIN: usize = 24;
const GRID_FAST_MAX: usize = 72;
const FAST_BUDGET_MS: f64 = 6.0;
/// Points on the overshoot view's curve.
const SLICE_POINTS: usize = 160;
/// Iterates drawn on the landscape path and the overshoot view.
const PATH_LEN: usize = 200;
const SLICE_ITERATES: usize = 40;

/// The landscape grid last computed, reused while nothing it depends on changes.
pub(crate) struct GridCache {
    params: Vec<f64>,
    x: Axis,
    y: Axis,
    loss: Vec<f64>,
}

/// Milliseconds from the page's high-resolution clock, if there is a window.
fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

#[wasm_bindgen]
impl Explorer {
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
            start: Some((self.start[ix], self.start[iy])),
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        landscape::draw(
            &area,
            &data,
            &Style::new(dpr).without_captions(),
            &mut |img, rect| canvas::blit(canvas, img, rect),
        )
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
