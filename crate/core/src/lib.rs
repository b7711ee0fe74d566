//! # gradscope-core
//!
//! The numerical core of Gradscope, an explorer of the exploding (and vanishing) gradient problem.
//!
//! * [`Network`]: a dense network of widths `[n0, …, nL]` (`n0 = nL = 1`), hidden activation
//!   ReLU | sigmoid | tanh, sigmoid output, parameters in one flat vector in the order
//!   `W1 (row-major), b1, W2, b2, …, WL, bL`.
//! * [`loss`]: binary cross-entropy computed from the logit (never `ln σ(z)` literally).
//! * [`Trainer`]: full-batch gradient descent `θ ← θ − α·c·∂L/∂θ` with optional clipping by global
//!   norm, divergence detection and bounded [`History`].
//! * [`init`]: Uniform(−a, a), constant, Xavier/Glorot, He and LeCun initializers from a seeded RNG.
//! * [`landscape`]: the mean loss over a grid of two parameters, and the 1-D slice along one.
//! * [`Dataset`]: `x, y` pairs, the bundled breast-cancer set and a strict CSV parser.
//!
//! `#![no_std]` + `alloc`; every `exp`/`ln`/`log1p`/`tanh`/`sqrt` goes through [`float`] (libm on
//! every target), so a given seed and input give bit-identical numbers natively and in wasm.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod activation;
pub mod chain;
pub mod data;
mod divergence;
mod error;
pub mod float;
pub mod history;
pub mod init;
pub mod landscape;
pub mod loss;
pub mod network;
mod propagation;
pub mod train;

pub use activation::Activation;
pub use data::Dataset;
pub use divergence::{Divergence, DivergenceCause, Status};
pub use error::Error;
pub use history::History;
pub use init::Scheme;
pub use network::Network;
pub use propagation::Tape;
pub use train::Trainer;

/// Result type of every fallible function in this crate.
pub type Result<T> = core::result::Result<T, Error>;
