//! # gradscope-charts
//!
//! Every Gradscope chart, written once with plotters and generic over the drawing backend: the
//! page hands in a canvas backend, and any plotters backend works (the tests and the
//! command-line tool's figures draw to SVG). One module per chart, each a
//! `draw(area, data, style) -> Result<(), ChartError>`. Charts take plain slices, not network
//! types, and know nothing of wasm or the DOM.
//!
//! Every axis range is built in [`range`] from finite, non-empty (and for log axes positive)
//! data: plotters 0.3.7 panics on a NaN range and never returns on an infinite one.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diagram;
pub mod heat;
pub mod landscape;
pub mod layers;
mod legend;
pub mod loss_history;
pub mod overshoot;
pub mod param_history;
pub mod race;
pub mod range;
pub mod sigmoid_slope;
mod style;
pub mod sweep;

pub use legend::Corner;
pub use style::Style;

use core::fmt;

/// A chart that could not be drawn: the backend's error as text.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// Pixel rectangle on the drawing area: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    /// Left edge, pixels.
    pub left: i32,
    /// Top edge, pixels.
    pub top: i32,
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
}
