//! # gradscope-bench
//!
//! The benchmark behind `make bench`: each of issue 10's workloads ([`workloads`]) run by the
//! product (gradscope-core's public API) and by a plain scalar reference loop written here
//! ([`reference`]), alternating in short rounds in one run ([`interleave`]), natively (the
//! `gradscope-bench` binary) and in wasm (the exports of [`wasm`], loaded by
//! `tests/bench/` in headless Chromium). The same source is compiled for both targets; none of
//! it ships with the page.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod interleave;
pub mod reference;
pub mod sides;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod workloads;

/// Every workload measured with `plan` on `clock`, as one JSON object
/// `{"w1": Measurement, …}` (see [`interleave::Measurement`]).
/// Errors: a side failed.
pub fn run_all(clock: &dyn interleave::Clock, plan: interleave::Plan) -> Result<String, String> {
    let mut all = serde_json::Map::new();
    for w in workloads::Workload::ALL {
        let m = interleave::interleave(w, clock, plan)?;
        all.insert(
            w.id().to_string(),
            serde_json::to_value(m).map_err(|e| e.to_string())?,
        );
    }
    Ok(serde_json::Value::Object(all).to_string())
}
