//! The landscape's grids computed by the page's workers: the Explorer hands out what the
//! landscape wants ([`LandscapeRequest`]) and takes the numbers back (see
//! [`crate::views::GridMode::Workers`] and the worker's [`crate::landscape_rows`]).

use wasm_bindgen::prelude::*;

use super::Explorer;
use crate::views::{GridMode, GridRequest};

/// A landscape grid to compute: everything [`crate::landscape_rows`] takes, as plain numbers a
/// worker can be posted.
#[wasm_bindgen]
pub struct LandscapeRequest {
    request: GridRequest,
    widths: Vec<u32>,
    activation: &'static str,
    xs: Vec<f64>,
    ys: Vec<f64>,
}

#[wasm_bindgen]
impl LandscapeRequest {
    /// What [`Explorer::deliver_landscape`] is given back with the numbers.
    #[wasm_bindgen(getter)]
    pub fn key(&self) -> f64 {
        self.request.key as f64
    }

    /// The layer widths `[1, n1, …, 1]`.
    #[wasm_bindgen(getter)]
    pub fn widths(&self) -> Vec<u32> {
        self.widths.clone()
    }

    /// The hidden units' activation id.
    #[wasm_bindgen(getter)]
    pub fn activation(&self) -> String {
        self.activation.to_string()
    }

    /// θ, flat (the two axes' parameters are overwritten along the grid).
    #[wasm_bindgen(getter)]
    pub fn params(&self) -> Vec<f64> {
        self.request.params.clone()
    }

    /// The samples' inputs.
    #[wasm_bindgen(getter)]
    pub fn xs(&self) -> Vec<f64> {
        self.xs.clone()
    }

    /// The samples' labels (0 or 1).
    #[wasm_bindgen(getter)]
    pub fn ys(&self) -> Vec<f64> {
        self.ys.clone()
    }

    /// `[x index, x min, x max, x points, y index, y min, y max, y points]`.
    #[wasm_bindgen(getter)]
    pub fn axes(&self) -> Vec<f64> {
        let (x, y) = (self.request.x, self.request.y);
        vec![
            x.index as f64,
            x.min,
            x.max,
            x.points as f64,
            y.index as f64,
            y.min,
            y.max,
            y.points as f64,
        ]
    }

    /// Rows of the grid (`y points`).
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> u32 {
        self.request.y.points as u32
    }
}

#[wasm_bindgen]
impl Explorer {
    /// From now on the landscape's grids are computed by the page's workers: each draw asks
    /// for the grid the state needs ([`Explorer::take_landscape_request`]) and keeps showing
    /// the last one it has until [`Explorer::deliver_landscape`] brings it. Calling
    /// `setLandscapeBudget` goes back to computing them here.
    #[wasm_bindgen(js_name = useLandscapeWorkers)]
    pub fn use_landscape_workers(&mut self) {
        self.views.set_grid_mode(GridMode::Workers);
    }

    /// The newest landscape grid wanted and not yet handed out, now handed out; `undefined`
    /// when nothing new is wanted (or workers are not in use).
    #[wasm_bindgen(js_name = takeLandscapeRequest)]
    pub fn take_landscape_request(&mut self) -> Option<LandscapeRequest> {
        let request = self.views.take_request()?;
        Some(self.describe(request))
    }

    /// The numbers of request `key`: its `x points · y points` mean losses, row-major: true if
    /// the landscape now shows them (draw it again), false if they came too late or do not
    /// fit (nothing changes).
    #[wasm_bindgen(js_name = deliverLandscape)]
    pub fn deliver_landscape(&mut self, key: f64, loss: Vec<f64>) -> bool {
        key.is_finite() && key >= 0.0 && self.views.deliver(key as u64, loss)
    }

    /// The grid the landscape shows now, described as a request is (`key` 0: computed on this
    /// thread), for tests and host pages that quote its numbers; `undefined` before the first
    /// landscape is drawn. Its losses: [`Explorer::landscape_grid_loss`].
    #[wasm_bindgen(js_name = landscapeGrid)]
    pub fn landscape_grid(&self) -> Option<LandscapeRequest> {
        let (request, _) = self.views.shown_grid()?;
        Some(self.describe(request))
    }

    /// The mean losses (nats) of the grid the landscape shows now, `x points · y points`,
    /// row-major (row 0 at the vertical axis's first value); empty before the first landscape.
    #[wasm_bindgen(js_name = landscapeGridLoss)]
    pub fn landscape_grid_loss(&self) -> Vec<f64> {
        self.views
            .shown_grid()
            .map(|(_, loss)| loss.to_vec())
            .unwrap_or_default()
    }
}

impl Explorer {
    /// `request` with this run's network shape and samples.
    fn describe(&self, request: GridRequest) -> LandscapeRequest {
        let net = self.run.network();
        let data = self.run.trainer().data();
        LandscapeRequest {
            request,
            widths: net.widths().iter().map(|&w| w as u32).collect(),
            activation: net.hidden_activation().id(),
            xs: data.xs().to_vec(),
            ys: data.ys().to_vec(),
        }
    }
}
