//! The benchmark workloads, run in wasm by `make bench` (the same ones `cargo bench` runs
//! natively in `crate/core/benches/throughput.rs`); JavaScript times the calls.

use gradscope_core::surface::{grid, Axis};
use gradscope_core::{Dataset, Network, Trainer};
use wasm_bindgen::prelude::*;

use crate::presets::HEALTHY_PARAMS;

/// The seed network at the healthy preset on the first 64 breast-cancer samples, α = 0.5.
#[wasm_bindgen]
pub struct Workload {
    trainer: Trainer,
    grid: Vec<f64>,
}

#[wasm_bindgen]
impl Workload {
    /// Builds the workload.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Workload, JsError> {
        let net = Network::seed(HEALTHY_PARAMS).map_err(|e| JsError::new(&e.to_string()))?;
        let trainer = Trainer::new(net, Dataset::breast_cancer().head(64), 0.5)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Workload {
            trainer,
            grid: Vec::new(),
        })
    }

    /// Runs `n` gradient-descent steps; returns the loss after them.
    pub fn steps(&mut self, n: u32) -> f64 {
        self.trainer.step(n);
        self.trainer.loss()
    }

    /// Computes a `points × points` loss grid over parameters `ix`, `iy` on [−3, 3]²; returns
    /// the grid's sum (so the work cannot be optimized away).
    pub fn landscape(&mut self, ix: usize, iy: usize, points: usize) -> Result<f64, JsError> {
        let axis = |index| Axis {
            index,
            min: -3.0,
            max: 3.0,
            points,
        };
        grid(
            self.trainer.network(),
            self.trainer.data(),
            axis(ix),
            axis(iy),
            &mut self.grid,
        )
        .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(self.grid.iter().sum())
    }
}
