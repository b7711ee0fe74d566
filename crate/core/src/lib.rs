//! # gradscope-core
//!
//! The numerical core of Gradscope, an explorer of the exploding (and vanishing) gradient problem.
//!
//! * [`Network`]: a dense network of widths `[n0, …, nL]` (`n0 = nL = 1`), hidden [`Activation`]
//!   ReLU | sigmoid | tanh, sigmoid output, parameters in one flat vector in the order
//!   `W1 (row-major), b1, W2, b2, …, WL, bL`; forward and backward passes through a [`Tape`].
//! * [`loss`]: binary cross-entropy computed from the logit (never `ln σ(z)` literally).
//! * [`chain_rule`]: the chain-rule factors of ∂L/∂w₁ for networks with one unit per layer.
//! * [`Trainer`]: full-batch gradient descent `θ ← θ − α·c·∂L/∂θ` with optional clipping by global
//!   norm, divergence detection ([`Status`], [`Divergence`]) and bounded [`History`].
//! * [`Scheme`] / [`SchemeKind`] and [`init`]: Uniform(−a, a), constant, Xavier/Glorot, He and
//!   LeCun initializers from a seeded RNG.
//! * [`surface`]: the mean loss over a grid of two parameters, and the profile (the 1-D cut)
//!   along one.
//! * [`Dataset`] and [`Builtin`]: `x, y` pairs, the built-in sets and a strict CSV parser.
//! * [`float`]: the transcendental functions, the sigmoid and the overflow-safe norm.
//!
//! Each type has one path: the types are re-exported here at the root, and the public modules
//! ([`chain_rule`], [`float`], [`init`], [`loss`], [`surface`]) hold free functions and the
//! types that only they use.
//!
//! `#![no_std]` + `alloc`; every scalar `exp`/`ln`/`log1p`/`tanh`/`sqrt` goes through [`float`]
//! (libm on every target), and the batch paths (the loss over all samples, the landscape) through
//! four-lane SIMD code that runs the same operations in the same order on every target (no fused
//! multiply-add), so a given seed and input give bit-identical numbers natively and in wasm.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod activation;
pub mod chain_rule;
mod data;
mod divergence;
mod error;
pub mod float;
mod history;
pub mod init;
pub mod line;
pub mod loss;
mod network;
mod scheme;
pub mod surface;
mod train;

pub use activation::Activation;
pub use data::{Builtin, Dataset, DEFAULT_MAX_ROWS};
pub use divergence::{Divergence, DivergenceCause, Status};
pub use error::Error;
pub use history::{History, Record};
pub use network::{LayerStats, Network, Tape, MAX_DEPTH, MAX_WIDTH};
pub use scheme::{Scheme, SchemeKind};
pub use train::{Trainer, LEARNING_RATE_RANGE};

/// Result type of every fallible function in this crate.
pub type Result<T> = core::result::Result<T, Error>;
