//! The part of the [`Explorer`] handle that brings data in and takes numbers out: the
//! learner's own CSV samples, and the run's history with every parameter and gradient for
//! export.

use gradscope_core::{Dataset, Tape};
use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;

use super::{js_err, Explorer};
use crate::catalog::{object, MAX_OWN_ROWS};

/// Most products (parameters × samples × kept steps) an export may spend recomputing the
/// gradients of the kept steps. A backward pass costs about three products per parameter and
/// sample, and the dense step the README's benchmark measures in wasm (10 × 16 ReLU units,
/// 569 samples, 153 steps/s) runs about 7·10⁸ products a second: this is well under a second.
const EXPORT_BUDGET: f64 = 2e8;

#[wasm_bindgen]
impl Explorer {
    /// Parses `text` as CSV with columns `x,y` (optional header; y is 0 or 1; at most the
    /// catalog's `ownData.maxRows` rows) through the core's parser and restarts the run on
    /// those samples from its start, keeping α and clipping. Returns the number of samples.
    /// Throws with the core's message, which names the line, for a file it refuses; nothing
    /// changes then.
    #[wasm_bindgen(js_name = loadCsv)]
    pub fn load_csv(&mut self, text: &str) -> Result<u32, JsError> {
        let data = Dataset::from_csv(text.as_bytes(), MAX_OWN_ROWS).map_err(js_err)?;
        let rows = data.len() as u32;
        self.run.set_own_data(data).map_err(js_err)?;
        self.restarted();
        Ok(rows)
    }

    /// The number of the learner's own samples loaded, if any (also while built-in data is
    /// in use).
    #[wasm_bindgen(js_name = ownDataSize)]
    pub fn own_data_size(&self) -> Option<u32> {
        self.run.own_data().map(|d| d.len() as u32)
    }

    /// The step at which α or clipping first changed after this run had moved (`undefined`
    /// if they did not): a link replaying the run's steps retraces it only without one.
    #[wasm_bindgen(js_name = changedMidRun)]
    pub fn changed_mid_run(&self) -> Option<f64> {
        self.run.changed_mid_run().map(|s| s as f64)
    }

    /// The kept history for export, step order:
    ///
    /// ```text
    /// { names: [P names], steps, loss, gradNorm: Float64Array(K),
    ///   params, grads: Float64Array(K·P) row-major (row k: step steps[k]),
    ///   stride, recentCapacity }
    /// ```
    /// Each row is θ_t before step t's update, the mean loss L(θ_t) (nats), ∂L/∂θ at θ_t
    /// (recomputed from θ_t by the same backward pass the trainer ran, so bit-identical to
    /// it) and ‖∂L/∂θ‖₂. The history keeps every step of the last `recentCapacity` and every
    /// `stride`-th before them. Throws when recomputing the gradients would take more than
    /// about a second (a large network over a long run).
    pub fn history(&self) -> Result<js_sys::Object, JsError> {
        let trainer = self.run.trainer();
        let h = trainer.history();
        let net = self.run.network();
        let data = trainer.data();
        let rows = h.all().count();
        let p = net.param_count();
        let cost = (rows as f64) * (p as f64) * (data.len() as f64);
        if cost > EXPORT_BUDGET {
            return Err(JsError::new(&format!(
                "exporting {rows} steps of {p} parameters over {} samples would recompute \
                 {cost:.1e} products; reset or use a smaller network",
                data.len()
            )));
        }
        let mut steps = Vec::with_capacity(rows);
        let mut loss = Vec::with_capacity(rows);
        let mut norms = Vec::with_capacity(rows);
        let mut params = Vec::with_capacity(rows * p);
        let mut grads = Vec::with_capacity(rows * p);
        let mut probe = net.clone();
        let mut tape = Tape::default();
        let mut grad = Vec::new();
        for r in h.all() {
            steps.push(r.step as f64);
            loss.push(r.loss);
            norms.push(r.grad_norm);
            params.extend_from_slice(&r.params);
            if probe.set_params(&r.params).is_ok() {
                probe.loss_and_gradient(data, &mut tape, &mut grad);
                grads.extend_from_slice(&grad);
            } else {
                // A non-finite state (the step a run diverged at): no gradient to recompute.
                grads.extend(std::iter::repeat_n(f64::NAN, p));
            }
        }
        let names: Array = (0..p)
            .map(|i| JsValue::from_str(&net.param_name(i)))
            .collect();
        let f = |v: &[f64]| JsValue::from(Float64Array::from(v));
        Ok(object(&[
            ("names", names.into()),
            ("steps", f(&steps)),
            ("loss", f(&loss)),
            ("gradNorm", f(&norms)),
            ("params", f(&params)),
            ("grads", f(&grads)),
            ("stride", JsValue::from_f64(h.stride() as f64)),
            ("recentCapacity", JsValue::from_f64(h.capacities().1 as f64)),
        ]))
    }
}
