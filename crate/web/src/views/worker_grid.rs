//! Landscape grids computed by workers: the views ask for the grid the current state needs
//! ([`Views::take_request`] hands the newest request out), the page has workers compute it
//! with [`crate::landscape_rows`] and gives the numbers back ([`Views::deliver`]). Meanwhile the
//! landscape keeps the last grid it has; only when it has none for these two parameters is a
//! coarse one computed on the spot, so the chart is never empty.
//!
//! While training runs, a delivered grid may belong to a state a step or two old (the dot and
//! the path are always the current ones); at rest the grid shown is the current state's once
//! its request is delivered, and [`Views::landscape_pending`] says so until then.

use gradscope_core::surface::Axis;

use super::{DrawError, GridCache, Views};
use crate::run::Run;

/// Where the landscape's grids are computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GridMode {
    /// Whole, in the call that draws (figures, exports, pages without workers).
    Whole,
    /// At rest a band of rows per call, for at most this many milliseconds per call; while
    /// training runs, whole.
    Bands(f64),
    /// By workers: [`Views::take_request`] and [`Views::deliver`].
    Workers,
}

/// A grid the views want computed: the loss over `x` × `y` (row-major, row 0 at `y.min`)
/// with every other parameter at `params`, answered with [`Views::deliver`] under `key`.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRequest {
    /// Identifies the request (keys only grow).
    pub key: u64,
    /// θ, flat, in the network's order.
    pub params: Vec<f64>,
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
}

/// Requests handed out and not yet delivered that are still remembered; an older one's
/// numbers, if they come, are dropped.
const MAX_INFLIGHT: usize = 4;

impl Views {
    /// Asks the workers for the grid (x, y) at θ = `current` (unless that is already asked
    /// for), and makes sure something of these two parameters is shown meanwhile.
    pub(super) fn want_grid(
        &mut self,
        run: &Run,
        x: Axis,
        y: Axis,
        current: &[f64],
    ) -> Result<(), DrawError> {
        let (ix, iy) = self.axes;
        let same = |g: &GridCache| g.is_for(x, y, current);
        let asked = self.wanted.as_ref().is_some_and(same) || self.inflight.iter().any(same);
        if !asked {
            self.last_key += 1;
            self.wanted = Some(GridCache {
                key: self.last_key,
                params: current.to_vec(),
                x,
                y,
                loss: Vec::new(),
            });
        }
        let of_these = self
            .grid
            .as_ref()
            .is_some_and(|g| (g.x.index, g.y.index) == (ix, iy));
        if !of_these {
            self.show_coarse(run, x, y, current)?;
        }
        Ok(())
    }

    /// Drops every request: the grid shown is the one the state needs.
    pub(super) fn forget_requests(&mut self) {
        self.wanted = None;
        self.inflight.clear();
    }

    /// The newest grid wanted and not yet handed out, now handed out (`None`: nothing new is
    /// wanted). Only in [`GridMode::Workers`].
    pub fn take_request(&mut self) -> Option<GridRequest> {
        let w = self.wanted.take()?;
        let request = GridRequest {
            key: w.key,
            params: w.params.clone(),
            x: w.x,
            y: w.y,
        };
        self.inflight.push(w);
        if self.inflight.len() > MAX_INFLIGHT {
            self.inflight.remove(0);
        }
        Some(request)
    }

    /// The numbers of request `key`: `x.points · y.points` losses, row-major. Shown (true) if
    /// the request is still remembered, the numbers fit it, it is of the landscape's two
    /// parameters and newer than the grid shown; otherwise dropped (false), the request with
    /// them, and the grid shown stays.
    pub fn deliver(&mut self, key: u64, loss: Vec<f64>) -> bool {
        let Some(at) = self.inflight.iter().position(|r| r.key == key) else {
            return false;
        };
        let mut grid = self.inflight.remove(at);
        let newer = self.grid.as_ref().is_none_or(|g| g.key < key);
        let fits = loss.len() == grid.x.points * grid.y.points;
        if !fits || !newer || (grid.x.index, grid.y.index) != self.axes {
            return false;
        }
        grid.loss = loss;
        // Older requests can only be older states.
        self.inflight.retain(|r| r.key > key);
        self.grid = Some(grid);
        true
    }
}
