//! A plotters backend for a canvas that measures its text with the canvas itself.
//!
//! `plotters-canvas` leaves text measurement to plotters' web font code, which appends a
//! `<span>` with an inline `style` attribute to `document.body` for every label and reads its
//! size back. A Content-Security-Policy without `'unsafe-inline'` styles (the one the page and
//! the standalone file ship) blocks that attribute, so each label is a reported violation and is
//! measured wrong; and every label forces a layout of the page. `measureText` on the chart's own
//! 2D context needs neither. Everything else is `CanvasBackend`'s.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use web_sys::CanvasRenderingContext2d;

/// `plotters-canvas` does not export its error type by name.
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

/// Line height as a multiple of the font size, for a browser whose `TextMetrics` lacks the
/// font's bounding box (the usual `normal` line height of sans-serif fonts).
const FALLBACK_LINE_HEIGHT: f64 = 1.2;

/// `CanvasBackend` with [`DrawingBackend::estimate_text_size`] answered by `measureText`.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl MeasuredCanvas {
    /// Wraps `inner`, which draws on the canvas whose 2D context is `context`.
    pub fn new(inner: CanvasBackend, context: CanvasRenderingContext2d) -> Self {
        Self { inner, context }
    }
}

/// `measureText` threw (it does not for a well-formed font string; reported, not unwrapped).
#[derive(Debug)]
pub(crate) struct MeasureError(String);

impl std::fmt::Display for MeasureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not measure a chart label: {}", self.0)
    }
}

impl std::error::Error for MeasureError {}

/// The CSS font `CanvasBackend::draw_text` sets for `style`, so a label is measured in the
/// font it is drawn in.
fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}

/// The pixel size of `text` in `style`, from `context.measureText` (width, and the font's
/// ascent plus descent as the height).
pub(crate) fn measure<S: BackendTextStyle>(
    context: &CanvasRenderingContext2d,
    text: &str,
    style: &S,
) -> Result<(u32, u32), MeasureError> {
    context.set_font(&css_font(style));
    let metrics = context
        .measure_text(text)
        .map_err(|e| MeasureError(format!("{e:?}")))?;
    let line = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
    let height = if line.is_finite() && line > 0.0 {
        line
    } else {
        FALLBACK_LINE_HEIGHT * style.size()
    };
    let width = if metrics.width().is_finite() {
        metrics.width().max(0.0)
    } else {
        0.0
    };
    // `as` saturates: a label wider than u32::MAX pixels cannot occur, nor wrap.
    Ok((width.ceil() as u32, height.ceil() as u32))
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_text(text, style, pos)
    }

    /// The label's advance width and the font's line height (ascent + descent of its bounding
    /// box), in canvas pixels, unrotated — what plotters' span measurement returned.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        measure(&self.context, text, style).map_err(|e| DrawingErrorKind::FontError(Box::new(e)))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.blit_bitmap(pos, size, src)
    }
}
