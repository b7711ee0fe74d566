//! `gradscope trace`: worked numbers of the exploding-gradient explorer from the command line,
//! for teachers writing examples.
//!
//! A configuration ([`config`]) fixes a network, its samples and the descent; [`trace::run`]
//! runs it step by step and hands each state to a [`trace::Sink`], one per output format
//! ([`format`]): JSON and CSV for programs, a text table, Markdown and LaTeX for people. The
//! human formats write the chain rule of every parameter of a one-unit-per-layer network for
//! chosen samples ([`chain`]), with numbers rounded exactly ([`decimal`], [`wide`]) so that the
//! printed factors multiply to the printed result (the check is defined in [`chain`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod chain;
pub mod config;
pub mod decimal;
pub mod format;
pub mod trace;
pub mod wide;
