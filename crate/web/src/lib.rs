//! # gradscope-web
//!
//! The wasm-bindgen façade of Gradscope: one opaque [`Explorer`] handle owns the network, the
//! data, the history and the views; JavaScript calls a few methods per frame and hands in the
//! canvases to draw on. Errors cross as thrown JS `Error`s with a message a learner can read.
//! Nothing here panics on input: every value from JS is validated by the core first.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod canvas;
mod draw;
mod explorer;
pub mod presets;
mod scheme;
pub mod view;
mod workload;

pub use explorer::Explorer;
pub use presets::Preset;
pub use scheme::InitScheme;
pub use workload::Workload;
