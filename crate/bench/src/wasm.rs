//! The wasm side: JavaScript calls [`run_workload`] once per workload and reads the JSON.

use wasm_bindgen::prelude::*;

use crate::interleave::{interleave, Clock, Plan};
use crate::workloads::Workload;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`, milliseconds, of the window or the worker running the module.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The page's clock.
struct Performance;

impl Clock for Performance {
    fn now(&self) -> f64 {
        performance_now() * 1e-3
    }
}

/// The workload ids, in report order.
#[wasm_bindgen(js_name = workloadIds)]
pub fn workload_ids() -> Vec<String> {
    Workload::ALL.iter().map(|w| w.id().to_string()).collect()
}

/// Measures workload `id` (`w1`, `w2`, `w2b`, `w3`, `w4`) for about `budget_s` seconds;
/// returns the [`crate::interleave::Measurement`] as JSON. Errors: an unknown id, or a side
/// failed.
#[wasm_bindgen(js_name = runWorkload)]
pub fn run_workload(id: &str, budget_s: f64) -> Result<String, JsError> {
    let workload =
        Workload::from_id(id).ok_or_else(|| JsError::new(&format!("no workload {id:?}")))?;
    let plan = Plan {
        budget_s,
        ..Plan::DEFAULT
    };
    let m = interleave(workload, &Performance, plan).map_err(|e| JsError::new(&e))?;
    serde_json::to_string(&m).map_err(|e| JsError::new(&e.to_string()))
}
