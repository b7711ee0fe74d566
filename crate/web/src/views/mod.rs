//! [`Views`]: what the charts show of a [`Run`] — the landscape's two parameters and their
//! sticky axes, the overshoot view's parameter, the landscape grid cache and its cost model —
//! and the drawing of each chart onto any plotters drawing area (the page's canvases, an SVG
//! string, a bitmap). Nothing here calls JavaScript, so the views run natively too.

mod axis;
mod diagram;
mod history;
mod landscape;
mod layers;
mod sigmoid;
mod update_line;
mod worker_grid;

pub use layers::LayerNumbers;
pub use update_line::{UpdateLine, Verdict};
pub use worker_grid::{GridMode, GridRequest};

use core::fmt;

use gradscope_charts::{overshoot, ChartError, Style};
use gradscope_core::surface::{self, Axis};
use gradscope_core::Error;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use crate::run::Run;
use axis::AxisView;

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

/// The landscape grid last computed, reused while nothing it depends on changes (also a
/// request for one a worker computes, with `loss` empty).
struct GridCache {
    /// Which request it answers (0: computed here, not requested).
    key: u64,
    params: Vec<f64>,
    x: Axis,
    y: Axis,
    loss: Vec<f64>,
}

impl GridCache {
    /// True when this is the grid (or the request for it) of frame (`x`, `y`) at θ = `current`,
    /// the two axes' own parameters aside.
    fn is_for(&self, x: Axis, y: Axis, current: &[f64]) -> bool {
        self.x == x
            && self.y == y
            && landscape::same_except(&self.params, current, x.index, y.index)
    }
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
    /// A fine grid being computed a band of rows per frame: the rows so far in `loss`.
    pending: Option<GridCache>,
    /// Where grids are computed: whole here, a band per frame here, or by workers.
    mode: GridMode,
    /// The newest grid wanted from the workers, not yet handed out.
    wanted: Option<GridCache>,
    /// Requests handed out, not yet delivered (oldest first, at most a few).
    inflight: Vec<GridCache>,
    /// The key of the last request made (keys only grow, across restarts too).
    last_key: u64,
    /// Measured cost of one landscape point, milliseconds (from the last grid timed).
    ms_per_point: Option<f64>,
    /// The layer widths the indices refer to.
    widths: Vec<usize>,
    /// Hold the landscape's frame and colour scale for the run.
    hold: bool,
    /// What is held, from the first landscape drawn after the run (re)started.
    held: Option<Held>,
    /// Take the next hold only from a fine grid of the current state (after
    /// [`Views::reframe_landscape`]), not from whichever grid a frame happens to draw.
    hold_from_fine: bool,
    /// The diagram shows |∂L/∂w| rather than |w|.
    diagram_gradients: bool,
    /// The weight marked on the diagram (flat index).
    selected_weight: Option<usize>,
    /// The update line and the per-layer numbers of one state of the run (its version).
    line_cache: Option<(u64, usize, Option<UpdateLine>)>,
    layer_cache: Option<(u64, LayerNumbers)>,
}

/// Why a view could not be drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum DrawError {
    /// The core refused a computation the view needs (a parameter index out of range, …).
    Core(Error),
    /// plotters could not draw on the backend (its message: a canvas with no size, …).
    Chart(ChartError),
}

impl fmt::Display for DrawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DrawError::Core(e) => e.fmt(f),
            DrawError::Chart(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DrawError {}

impl From<Error> for DrawError {
    fn from(e: Error) -> Self {
        DrawError::Core(e)
    }
}

impl From<ChartError> for DrawError {
    fn from(e: ChartError) -> Self {
        DrawError::Chart(e)
    }
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
            pending: None,
            mode: GridMode::Whole,
            wanted: None,
            inflight: Vec::new(),
            last_key: 0,
            ms_per_point: None,
            widths: widths.to_vec(),
            hold: true,
            held: None,
            hold_from_fine: false,
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
        let (ms_per_point, hold, mode, last_key) =
            (self.ms_per_point, self.hold, self.mode, self.last_key);
        *self = Views::new(axes, overshoot_param, widths);
        self.ms_per_point = ms_per_point;
        self.hold = hold;
        self.mode = mode;
        self.last_key = last_key;
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

    /// Frames the landscape afresh around the state reached, as if the run were drawn for the
    /// first time now: the held frame and colour scale, and the unheld frame's memory of earlier
    /// draws, are forgotten, and the next hold is taken from the fine grid of the current state
    /// (frames drawn before it comes fit their own). For the end of a link's replay: the
    /// picture then depends on the state the link reopens, not on which of the replay's
    /// states a frame happened to draw (which varies from one load to the next).
    pub fn reframe_landscape(&mut self) {
        self.held = None;
        self.hold_from_fine = true;
        self.view_x.invalidate();
        self.view_y.invalidate();
    }

    /// Forgets every range, so the next draw frames the run afresh (after a restart).
    pub fn reframe(&mut self) {
        self.held = None;
        self.hold_from_fine = false;
        self.view_x.invalidate();
        self.view_y.invalidate();
        self.view_overshoot.invalidate();
        self.grid = None;
        // Grids the workers compute for the run before are of no use now.
        self.forget_requests();
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
        self.forget_requests();
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

    /// Draws the overshoot view: along the next update, or the loss along the chosen
    /// parameter (the others at their current values) with the recent iterates placed on the
    /// curve, onto `area` in `style`; `fast` uses a coarser curve, for frames while training
    /// runs. Errors: the backend's.
    pub fn draw_overshoot<DB: DrawingBackend>(
        &mut self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        fast: bool,
    ) -> Result<(), DrawError> {
        if self.along_update {
            return self.draw_update_line(run, area, style, fast);
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
            surface::profile(net, data, axis, &mut curve)?;
            let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            surface::profile_at(net, data, p, &finite, &mut on_curve)?;
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
        Ok(overshoot::draw(area, &chart, style)?)
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
