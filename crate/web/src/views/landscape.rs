//! The loss landscape view: a grid of the mean loss over the chosen pair of parameters, its
//! cost model (the grid's resolution is chosen from the measured cost per point while training
//! runs), the held frame and colour scale, and the drawing.

use gradscope_charts::heat::{self, Image};
use gradscope_charts::{landscape, PixelRect, Style};
use gradscope_core::surface::{self, Axis};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::{DrawError, GridCache, GridMode, GridRequest, Held, Views, PATH_LEN};
use crate::run::Run;

/// Landscape grid points per axis at rest (fine), and the bounds while training (fast), when
/// the resolution is chosen so that one grid costs about [`FAST_BUDGET_MS`].
const GRID_FINE: usize = 96;
const GRID_FAST_MIN: usize = 24;
const GRID_FAST_MAX: usize = 72;
/// Points per axis of the grid while training runs when workers compute it. The workers share
/// the machine's cores with the page's thread and the compositor: on 2 cores, 32² instead of
/// 48² (2.25 × less of their work) played at 40.0 instead of 36.0 frames a second (medians of
/// 8 alternating runs, 1280 × 800, DPR 2), and the coarse picture, smoothed by the compositor,
/// looks the same while it moves; at rest the fine 96² grid replaces it.
const GRID_FAST_WORKERS: usize = 32;
const FAST_BUDGET_MS: f64 = 6.0;

/// Milliseconds from the page's high-resolution clock, if there is a window.
#[cfg(target_arch = "wasm32")]
fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

/// Milliseconds since the first call (natively there is no page clock, and calling an
/// imported JS function would panic).
#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> Option<f64> {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    Some(ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3)
}

impl Views {
    /// Draws the loss landscape over the chosen pair onto `area` in `style`; `heat` shows the
    /// heatmap's RGBA image in a pixel rectangle (the page's canvas puts it on a layer of its
    /// own or scales it on, an SVG embeds one PNG). `fast` uses a coarser grid, for frames while
    /// training runs.
    /// Errors: the core's (a grid it refuses), `heat`'s, or the backend's.
    pub fn draw_landscape<DB: DrawingBackend>(
        &mut self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        fast: bool,
        heat: &mut dyn FnMut(&Image, PixelRect) -> Result<(), String>,
    ) -> Result<(), DrawError> {
        self.draw_landscape_when(run, area, style, fast, false, heat)
            .map(|_| ())
    }

    /// [`Views::draw_landscape`], except that with workers computing the grids and none yet
    /// for this state, nothing is drawn (false): the picture on the surface stays, of one state
    /// (surface, path and dot alike), until the grid comes. A grid is drawn at once only when
    /// there is none of these two parameters at all. Errors: those of [`Views::draw_landscape`].
    pub fn draw_landscape_if_ready<DB: DrawingBackend>(
        &mut self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        fast: bool,
        heat: &mut dyn FnMut(&Image, PixelRect) -> Result<(), String>,
    ) -> Result<bool, DrawError> {
        self.draw_landscape_when(run, area, style, fast, true, heat)
    }

    fn draw_landscape_when<DB: DrawingBackend>(
        &mut self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        fast: bool,
        may_wait: bool,
        heat: &mut dyn FnMut(&Image, PixelRect) -> Result<(), String>,
    ) -> Result<bool, DrawError> {
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
            // Workers compute it off the page's thread: the fast grid need not fit a frame.
            (true, _) if self.mode == GridMode::Workers => GRID_FAST_WORKERS,
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
            Some(g) => !g.is_for(x, y, &current),
            None => true,
        };
        if !fresh {
            // The grid shown is this state's: whatever the workers still compute is not wanted.
            self.forget_requests();
        }
        if fresh && current.iter().all(|p| p.is_finite()) {
            let data = run.trainer().data();
            let budget = match self.mode {
                GridMode::Bands(ms) if !fast => Some(ms),
                _ => None,
            };
            match budget {
                _ if self.mode == GridMode::Workers => self.want_grid(run, x, y, &current)?,
                None => {
                    self.pending = None;
                    let mut loss = Vec::new();
                    let t0 = now_ms();
                    surface::grid(net, data, x, y, &mut loss)?;
                    if let (Some(t0), Some(t1)) = (t0, now_ms()) {
                        // The clock may be coarsened (0.1 ms or more): learn only from grids
                        // that took long enough to time.
                        if t1 - t0 >= 1.0 {
                            self.ms_per_point = Some((t1 - t0) / (points * points) as f64);
                        }
                    }
                    self.grid = Some(GridCache {
                        key: 0,
                        params: current.clone(),
                        x,
                        y,
                        loss,
                    });
                }
                Some(budget) => self.advance_fine(run, x, y, &current, budget)?,
            }
        }
        let shown_is_current = self.grid.as_ref().is_some_and(|g| {
            (g.x.index, g.y.index) == (ix, iy) && same_except(&g.params, &current, ix, iy)
        });
        if may_wait && self.mode == GridMode::Workers && !shown_is_current {
            return Ok(false);
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
            // After a replay, only the fine grid of this state over this frame sets the hold.
            let fine = |a: Axis| Axis {
                points: GRID_FINE,
                ..a
            };
            let wait = self.hold_from_fine;
            let extent = self
                .grid
                .as_ref()
                .filter(|g| !wait || g.is_for(fine(x), fine(y), &current))
                .map(|g| heat::log_extent(&g.loss));
            if let Some(extent) = extent {
                self.hold_from_fine = false;
                self.held = Some(Held {
                    x: xr,
                    y: yr,
                    extent,
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
        landscape::draw(area, &data, style, heat)?;
        Ok(true)
    }
}

impl Views {
    /// Computes bands of rows of the fine grid (x, y) for θ = `current` until `budget_ms` have
    /// passed; the finished grid replaces the one drawn. Until then the last grid drawn stays,
    /// if it belongs to this θ (else a coarse one is computed now, so the picture is never of
    /// another state).
    fn advance_fine(
        &mut self,
        run: &Run,
        x: Axis,
        y: Axis,
        current: &[f64],
        budget_ms: f64,
    ) -> Result<(), DrawError> {
        let (ix, iy) = self.axes;
        let (net, data) = (run.network(), run.trainer().data());
        let same = |g: &GridCache| g.is_for(x, y, current);
        if !self.pending.as_ref().is_some_and(same) {
            self.pending = Some(GridCache {
                key: 0,
                params: current.to_vec(),
                x,
                y,
                loss: Vec::with_capacity(x.points * y.points),
            });
        }
        let t0 = now_ms();
        if let Some(p) = self.pending.as_mut() {
            while p.loss.len() < x.points * y.points {
                let row = p.loss.len() / x.points;
                surface::grid_rows(net, data, x, y, row..row + FINE_BAND, &mut p.loss)?;
                if let (Some(t0), Some(t1)) = (t0, now_ms()) {
                    if t1 - t0 >= budget_ms {
                        break;
                    }
                }
            }
        }
        if self
            .pending
            .as_ref()
            .is_some_and(|p| p.loss.len() == x.points * y.points)
        {
            self.grid = self.pending.take();
            return Ok(());
        }
        let shown_is_current = self.grid.as_ref().is_some_and(|g| {
            same_except(&g.params, current, ix, iy)
                && (g.x.min, g.x.max, g.y.min, g.y.max) == (x.min, x.max, y.min, y.max)
        });
        if !shown_is_current {
            self.show_coarse(run, x, y, current)?;
        }
        Ok(())
    }

    /// Computes and shows the coarsest grid of frame (x, y) for θ = `current` now: a picture
    /// of this state while a finer one is on its way.
    pub(super) fn show_coarse(
        &mut self,
        run: &Run,
        x: Axis,
        y: Axis,
        current: &[f64],
    ) -> Result<(), DrawError> {
        let coarse = Axis {
            points: GRID_FAST_MIN,
            ..x
        };
        let coarse_y = Axis {
            points: GRID_FAST_MIN,
            ..y
        };
        let mut loss = Vec::new();
        surface::grid(
            run.network(),
            run.trainer().data(),
            coarse,
            coarse_y,
            &mut loss,
        )?;
        self.grid = Some(GridCache {
            key: 0,
            params: current.to_vec(),
            x: coarse,
            y: coarse_y,
            loss,
        });
        Ok(())
    }

    /// True while a fine landscape is being computed a band per frame, or while the workers
    /// compute the grid this state wants (the page draws the landscape again when it comes).
    pub fn landscape_pending(&self) -> bool {
        self.pending.is_some() || self.wanted.is_some() || !self.inflight.is_empty()
    }

    /// Where grids are computed now.
    pub fn grid_mode(&self) -> GridMode {
        self.mode
    }

    /// Computes grids whole in one call ([`GridMode::Whole`]: figures, exports), a band of rows
    /// per resting frame ([`GridMode::Bands`]), or by workers ([`GridMode::Workers`]). The grid
    /// shown stays (a grid is the same numbers wherever it was computed, and a draw computes a
    /// new one only if it is not this state's), and so do the workers' requests, except when
    /// going from workers to bands (the workers have stopped: theirs will not come).
    pub fn set_grid_mode(&mut self, mode: GridMode) {
        if self.mode == GridMode::Workers && matches!(mode, GridMode::Bands(_)) {
            self.forget_requests();
        }
        self.mode = mode;
        if !matches!(mode, GridMode::Bands(_)) {
            self.pending = None;
        }
    }

    /// The grid the landscape shows now, as a request would describe it (key 0: computed on
    /// this thread), and its mean losses (nats, `x.points · y.points`, row-major); `None`
    /// before the first landscape is drawn.
    pub fn shown_grid(&self) -> Option<(GridRequest, &[f64])> {
        let g = self.grid.as_ref()?;
        let request = GridRequest {
            key: g.key,
            params: g.params.clone(),
            x: g.x,
            y: g.y,
        };
        Some((request, &g.loss))
    }
}

/// Rows of the fine grid computed between two looks at the clock.
const FINE_BAND: usize = 4;

/// True when `a` and `b` agree everywhere except possibly at indices `i` and `j`.
pub(super) fn same_except(a: &[f64], b: &[f64], i: usize, j: usize) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .enumerate()
            .all(|(k, (x, y))| k == i || k == j || x.to_bits() == y.to_bits())
}
