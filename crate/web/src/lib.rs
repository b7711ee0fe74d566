//! # gradscope-web
//!
//! The wasm-bindgen façade of Gradscope: one opaque [`Explorer`] handle owns a [`run::Run`]
//! (network, data, trainer, settings) and its [`views::Views`] (what each chart shows, and the
//! drawing); JavaScript calls a few methods per frame and hands in the canvases to draw on.
//! The handle describes itself ([`Explorer::catalog`], [`Explorer::shape`]) so the page
//! repeats no Rust list. Errors cross as thrown JS `Error`s with a message a learner can
//! read. Nothing here panics on input: every value from JS is validated first.
//!
//! The run and its views are plain Rust and run natively too: [`figure::svg`] draws any chart
//! as an SVG document, for the handle's `chartSvg` and for `gradscope figure`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod canvas;
pub mod catalog;
pub mod chain_panel;
mod explorer;
pub mod figure;
pub mod jobs;
pub mod presets;
pub mod race;
pub mod run;
mod surface;
pub mod sweep;
pub mod views;

pub use explorer::Explorer;
pub use jobs::{landscape_rows, RaceJob, SweepJob};
pub use race::Race;
pub use sweep::Sweep;
