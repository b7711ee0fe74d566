//! [`Views`]: what the charts show of a [`Run`] — the landscape's two parameters and their
//! sticky axes, the overshoot view's parameter, the landscape grid cache and its cost model —
//! and the drawing of each chart onto a canvas the page hands in.

mod axis;
mod diagram;
mod history;
mod layers;
mod sigmoid;
mod update_line;

pub use layers::LayerNumbers;
pub use update_line::{UpdateLine, Verdict};

use gradscope_charts::{heat, landscape, overshoot, Style};
use gradscope_core::surface::{self, Axis};
use gradscope_core::Error;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsError;
use web_sys::HtmlCanvasElement;

use crate::canvas;
use crate::run::Run;
use axis::AxisView;

/// Landscape grid points per axis at rest (fine), and the bounds while training (fast), when
/// the resolution is chosen so that one grid costs about [`FAST_BUDGET_MS`].
const GRID_FINE: usize = 96;
const GRID_FAST_MIN: usize = 24;
const GRID_FAST_MAX: usize = 72;
const FAST_BUDGET_MS: f64 = 6.0;
/// Points on the overshoot view's curve.
const OVERSHOOT_POINTS: usize = 160;
/// Iterates drawn on the landscape path.
pub const PATH_LEN: usize = 200;
/// Iterates drawn on the overshoot view.
pub const OVERSHOOT_ITERATES: usize = 40;

/// The landscape frame and colour scale held for a run (see [`Views::set_hold`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Held {
    x: (f64, f64),
    y: (f64, f64),
    /// log₁₀ loss bounds of the colour scale.
    extent: Option<(f64, f64)>,
}

/// The landscape grid last computed, reused while nothing it depends on changes.
struct GridCache {
    params: Vec<f64>,
    x: Axis,
    y: Axis,
    loss: Vec<f64>,
}

/// The chart views of one explorer. Indices are flat parameter indices of the run's network;
/// [`Views::fit`] keeps them valid when the network changes shape.
pub struct Views {
    /// The landscape's (x, y) parameters.
    axes: (usize, usize),
    /// The overshoot view's parameter, when it is along a parameter.
    overshoot_param: usize,
    /// The overshoot view is along the next update (else along `overshoot_param`).
    along_update: bool,
    view_x: AxisView,
    view_y: AxisView,
    view_overshoot: AxisView,
    grid: Option<GridCache>,
    /// Measured cost of one landscape point, milliseconds (from the last grid timed).
    ms_per_point: Option<f64>,
    /// The layer widths the indices refer to.
    widths: Vec<usize>,
    /// Hold the landscape's frame and colour scale for the run.
    hold: bool,
    /// What is held, from the first landscape drawn after the run (re)started.
    held: Option<Held>,
    /// The diagram shows |∂L/∂w| rather than |w|.
    diagram_gradients: bool,
    /// The weight marked on the diagram (flat index).
    selected_weight: Option<usize>,
    /// The update line and the per-layer numbers of one state of the run (its version).
    line_cache: Option<(u64, usize, Option<UpdateLine>)>,
    layer_cache: Option<(u64, LayerNumbers)>,
}

/// A chart error as a thrown JS `Error`.
fn js_err(e: impl core::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Milliseconds from the page's high-resolution clock, if there is a window.
fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

impl Views {
    /// Views of the landscape over `axes` and the overshoot view along `overshoot_param` of a
    /// network with these layer `widths`.
    pub fn new(axes: (usize, usize), overshoot_param: usize, widths: &[usize]) -> Views {
        Views {
            axes,
            overshoot_param,
            along_update: true,
            view_x: AxisView::new(),
            view_y: AxisView::new(),
            view_overshoot: AxisView::new(),
            grid: None,
            ms_per_point: None,
            widths: widths.to_vec(),
            hold: true,
            held: None,
            diagram_gradients: false,
            selected_weight: None,
            line_cache: None,
            layer_cache: None,
        }
    }

    /// The landscape's (x, y) parameter indices.
    pub fn axes(&self) -> (usize, usize) {
        self.axes
    }

    /// The overshoot view's parameter index.
    pub fn overshoot_param(&self) -> usize {
        self.overshoot_param
    }

    /// Shows what `setting` asks for (after a preset), keeping the measured grid cost.
    pub fn load(&mut self, axes: (usize, usize), overshoot_param: usize, widths: &[usize]) {
        let (ms_per_point, hold) = (self.ms_per_point, self.hold);
        *self = Views::new(axes, overshoot_param, widths);
        self.ms_per_point = ms_per_point;
        self.hold = hold;
    }

    /// Whether the landscape holds its frame and colour scale for the run.
    pub fn hold(&self) -> bool {
        self.hold
    }

    /// Holds (the default) or releases the landscape's frame and colour scale. Held, they are
    /// fixed from the first landscape of a run until the run restarts or the current point
    /// leaves the frame, so the point travels across a still map; released, the frame follows
    /// the path and the colours fit each grid.
    pub fn set_hold(&mut self, hold: bool) {
        self.hold = hold;
        self.held = None;
    }

    /// Forgets every range, so the next draw frames the run afresh (after a restart).
    pub fn reframe(&mut self) {
        self.held = None;
        self.view_x.invalidate();
        self.view_y.invalidate();
        self.view_overshoot.invalidate();
        self.grid = None;
    }

    /// Chooses the landscape's parameters. Errors ([`Error::BadShape`]): the same index twice
    /// or one out of range of `param_count`; nothing changes then.
    pub fn set_axes(&mut self, x: usize, y: usize, param_count: usize) -> Result<(), Error> {
        check_index(x, param_count)?;
        check_index(y, param_count)?;
        if x == y {
            return Err(Error::BadShape(
                "choose two different parameters for the landscape".into(),
            ));
        }
        self.axes = (x, y);
        self.view_x.invalidate();
        self.view_y.invalidate();
        self.held = None;
        Ok(())
    }

    /// True when the overshoot view is along the next update, false when along a parameter.
    pub fn along_update(&self) -> bool {
        self.along_update
    }

    /// Puts the overshoot view on the line of the next update.
    pub fn set_along_update(&mut self) {
        self.along_update = true;
    }

    /// Puts the overshoot view along parameter `index`. Errors: an index out of range.
    pub fn set_overshoot_param(&mut self, index: usize, param_count: usize) -> Result<(), Error> {
        check_index(index, param_count)?;
        self.overshoot_param = index;
        self.along_update = false;
        self.view_overshoot.invalidate();
        Ok(())
    }

    /// Follows the run's network: after a change of shape (other `widths` than last time) the
    /// landscape moves to the last two parameters (the output weight and bias) and the
    /// overshoot view to the output weight, since old indices would name other parameters.
    pub fn fit(&mut self, widths: &[usize], param_count: usize) {
        if self.widths != widths {
            self.widths = widths.to_vec();
            self.selected_weight = None;
            self.axes = (param_count.saturating_sub(2), param_count - 1);
            self.overshoot_param = param_count.saturating_sub(2);
        }
        self.reframe();
    }

    /// Draws the loss landscape over the chosen pair on `canvas` (backing size already set to
    /// CSS size × `dpr`). `fast` uses a coarser grid, for frames while training runs. Errors:
    /// a canvas with no size or no 2D context, or a drawing error from plotters.
    pub fn draw_landscape(
        &mut self,
        run: &Run,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        fast: bool,
    ) -> Result<(), JsError> {
        let (ix, iy) = self.axes;
        let net = run.network();
        let current = net.params().to_vec();
        let path: Vec<(f64, f64)> = run
            .recent_params(PATH_LEN)
            .map(|p| (p[ix], p[iy]))
            .collect();
        let start = run.start();
        let within = |r: (f64, f64), v: f64| r.0 <= v && v <= r.1;
        let (xr, yr) = match self.held {
            Some(h) if self.hold && within(h.x, current[ix]) && within(h.y, current[iy]) => {
                (h.x, h.y)
            }
            _ => {
                self.held = None;
                let xr = self
                    .view_x
                    .fit(path.iter().map(|p| p.0).chain([start[ix]]), current[ix]);
                let yr = self
                    .view_y
                    .fit(path.iter().map(|p| p.1).chain([start[iy]]), current[iy]);
                (xr, yr)
            }
        };
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
            surface::grid(net, run.trainer().data(), x, y, &mut loss).map_err(js_err)?;
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
        // A held colour scale the surface has left (under a tenth of its cells inside) would
        // paint one flat colour: hold the current one instead.
        if let (Some(h), Some(g)) = (self.held, &self.grid) {
            if let Some((lo, hi)) = h.extent {
                let finite = g.loss.iter().filter(|v| v.is_finite() && **v > 0.0);
                let (inside, all) = finite.fold((0usize, 0usize), |(i, a), v| {
                    let l = v.log10();
                    (i + usize::from(l >= lo && l <= hi), a + 1)
                });
                if all > 0 && inside * 10 < all {
                    self.held = None;
                }
            }
        }
        if self.hold && self.held.is_none() {
            if let Some(g) = &self.grid {
                self.held = Some(Held {
                    x: xr,
                    y: yr,
                    extent: heat::log_extent(&g.loss),
                });
            }
        }
        let names = (net.param_name(ix), net.param_name(iy));
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
            start: Some((start[ix], start[iy])),
            extent: self.held.and_then(|h| h.extent),
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

    /// Draws the overshoot view: along the next update, or the loss along the chosen
    /// parameter (the others at their current values) with the recent iterates placed on the
    /// curve. Errors: a canvas that cannot be drawn on.
    pub fn draw_overshoot(
        &mut self,
        run: &Run,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        fast: bool,
    ) -> Result<(), JsError> {
        if self.along_update {
            return self.draw_update_line(run, canvas, dpr, fast);
        }
        let p = self.overshoot_param;
        let net = run.network();
        let data = run.trainer().data();
        let values: Vec<f64> = run
            .recent_params(OVERSHOOT_ITERATES)
            .map(|q| q[p])
            .collect();
        let r = self.view_overshoot.fit(
            values.iter().copied().chain([run.start()[p]]),
            net.params()[p],
        );
        let mut curve = Vec::new();
        let mut on_curve = Vec::new();
        if net.params().iter().all(|v| v.is_finite()) {
            let axis = Axis {
                index: p,
                min: r.0,
                max: r.1,
                points: OVERSHOOT_POINTS,
            };
            surface::profile(net, data, axis, &mut curve).map_err(js_err)?;
            let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            surface::profile_at(net, data, p, &finite, &mut on_curve).map_err(js_err)?;
        }
        let iterates: Vec<(f64, f64)> = values
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .zip(on_curve)
            .collect();
        let name = net.param_name(p);
        let chart = overshoot::Overshoot {
            label: &name,
            range: r,
            loss: &curve,
            iterates: &iterates,
            minimum: None,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        overshoot::draw(&area, &chart, &Style::new(dpr).without_captions()).map_err(js_err)
    }
}

fn check_index(i: usize, count: usize) -> Result<(), Error> {
    if i < count {
        Ok(())
    } else {
        Err(Error::BadShape(format!(
            "parameter index {i} is out of range (the network has {count})"
        )))
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
