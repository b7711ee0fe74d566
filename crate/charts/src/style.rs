use plotters::style::{FontFamily, FontStyle, IntoFont, RGBColor, TextStyle};

/// Device scale shared by every chart: sizes below are CSS pixels, multiplied by `scale`
/// (the page's `devicePixelRatio`) so that charts stay crisp on high-DPI screens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Device pixels per CSS pixel, clamped to 0.5..=4.
    pub scale: f64,
}

/// Ink for text and axes.
pub const INK: RGBColor = RGBColor(40, 44, 52);
/// Faint grid lines.
pub const GRID: RGBColor = RGBColor(228, 231, 236);
/// The current point and warnings.
pub const ACCENT: RGBColor = RGBColor(230, 57, 70);
/// Line colours for series, chosen to stay distinct for common colour-vision deficiencies
/// (Okabe & Ito 2008 palette).
pub const SERIES: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

impl Style {
    /// A style for `scale` device pixels per CSS pixel (non-finite or out-of-range values
    /// fall back to 1 or the nearest bound).
    pub fn new(scale: f64) -> Self {
        let scale = if scale.is_finite() {
            scale.clamp(0.5, 4.0)
        } else {
            1.0
        };
        Style { scale }
    }

    /// `css` CSS pixels in device pixels, rounded, at least 1.
    pub fn px(&self, css: f64) -> u32 {
        ((css * self.scale).round() as u32).max(1)
    }

    /// The sans-serif font at `css` pixels.
    pub fn font(&self, css: f64) -> TextStyle<'static> {
        (FontFamily::SansSerif, css * self.scale)
            .into_font()
            .color(&INK)
    }

    /// The bold font at `css` pixels.
    pub fn bold(&self, css: f64) -> TextStyle<'static> {
        (FontFamily::SansSerif, css * self.scale, FontStyle::Bold)
            .into_font()
            .color(&INK)
    }
}
