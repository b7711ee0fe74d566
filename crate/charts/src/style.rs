use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::{cartesian::Cartesian2d, Shift};
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::{FontFamily, FontStyle, IntoFont, RGBColor, TextStyle, TRANSPARENT};

use crate::ChartError;

/// Device scale shared by every chart: sizes below are CSS pixels, multiplied by `scale`
/// (the page's `devicePixelRatio`) so that charts stay crisp on high-DPI screens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Device pixels per CSS pixel, clamped to 0.5..=4.
    pub scale: f64,
    /// Whether charts draw their own title (off on the page, whose headings carry them).
    pub captions: bool,
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
        Style {
            scale,
            captions: true,
        }
    }

    /// The same style without chart titles.
    pub fn without_captions(self) -> Self {
        Style {
            captions: false,
            ..self
        }
    }

    /// A chart builder on `area` with the house margins and label areas, titled `caption`
    /// when captions are on.
    pub fn chart<'a, 'b, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        caption: &str,
    ) -> ChartBuilder<'a, 'b, DB> {
        let mut b = ChartBuilder::on(area);
        // The right margin leaves room for the last x tick label ("1.3e300").
        b.margin(self.px(8.0))
            .margin_right(self.px(20.0))
            .margin_top(self.px(if self.captions { 26.0 } else { 12.0 }))
            .x_label_area_size(self.px(34.0))
            .y_label_area_size(self.px(54.0));
        if self.captions {
            b.caption(caption, self.bold(13.0));
        }
        b
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

impl Style {
    /// Draws the house axes of a chart with a linear x axis: light grid at the labelled ticks,
    /// short tick labels, axis titles `x_desc` and `y_desc`; `y_labels` = 0 leaves the y labels to
    /// the caller.
    pub fn mesh<DB: DrawingBackend, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, Y>>,
        x_desc: &str,
        y_desc: &str,
        y_labels: usize,
    ) -> Result<(), ChartError>
    where
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let ends = |r: std::ops::Range<f64>| (r.start, r.end);
        let x_range = ends(chart.as_coord_spec().x_spec().range());
        let y_range = ends(chart.as_coord_spec().y_spec().range());
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_desc(x_desc)
            .y_desc(y_desc)
            .axis_desc_style(self.font(12.0))
            .label_style(self.font(11.0))
            .x_label_formatter(&|v| tick_on(*v, x_range))
            .y_label_formatter(&|v| tick_on(*v, y_range))
            .x_labels(6)
            .y_labels(y_labels)
            .draw()?;
        Ok(())
    }
}

/// A tick label: at most 4 significant digits, no trailing zeros, scientific notation outside
/// 10⁻³ ≤ |v| < 10⁵ ("0", "0.25", "-1.5", "2000", "1e6", "2.5e-4").
pub fn tick(v: &f64) -> String {
    let v = *v;
    if v == 0.0 || !v.is_finite() {
        return if v.is_finite() {
            "0".into()
        } else {
            format!("{v}")
        };
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.3e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        return format!("{}e{exp}", trim_zeros(mantissa));
    }
    let decimals = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
    trim_zeros(&format!("{v:.decimals$}"))
}

/// The label of tick `v` on an axis over `range` (its low and high values): [`tick`], except
/// that on an axis through 0, a tick within 10⁻⁹ of the span from 0 is 0. A linear axis's ticks
/// are multiples of a step, and the one meant to be 0 can come out as rounding noise (−5.551e−17
/// on a span of 2), which would be printed. An axis that does not reach 0 — every log axis —
/// has no such tick, and its small ticks keep their values (1e-10 on an axis up to 1e5).
pub fn tick_on(v: f64, range: (f64, f64)) -> String {
    let (lo, hi) = (range.0.min(range.1), range.0.max(range.1));
    let slack = 1e-9 * (hi - lo);
    if lo <= 0.0 && hi >= 0.0 && v.abs() <= slack {
        return "0".into();
    }
    tick(&v)
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{tick, tick_on};

    #[test]
    fn a_tick_that_is_rounding_noise_around_0_reads_0() {
        // 0.1 + 0.2 − 0.3 = 5.551e−17: what stepping to 0 in tenths gives.
        assert_eq!(tick_on(0.1 + 0.2 - 0.3, (-1.0, 1.0)), "0");
        assert_eq!(tick_on(-1.11e-16, (0.0, 0.5)), "0");
        // A real small value on a small axis keeps its digits.
        assert_eq!(tick_on(2.5e-12, (0.0, 1e-11)), "2.5e-12");
        assert_eq!(tick_on(0.25, (-1.0, 1.0)), "0.25");
    }

    #[test]
    fn small_ticks_of_an_axis_that_does_not_reach_0_keep_their_values() {
        // A log axis from 10⁻¹⁰ to 10⁵ (the depth sweep's, the loss of a diverging run): its
        // lower ticks are 10⁵ to 10¹⁵ times below the span and were printed as 0.
        let log_axis = (1e-10, 1e5);
        assert_eq!(tick_on(1e-10, log_axis), "1e-10");
        assert_eq!(tick_on(1e-5, log_axis), "1e-5");
        assert_eq!(tick_on(1.0, log_axis), "1");
        assert_eq!(tick_on(10.0, (1.0, 1e245)), "10");
    }

    #[test]
    fn ticks_are_short() {
        let cases = [
            (0.0, "0"),
            (0.25, "0.25"),
            (-1.5, "-1.5"),
            (2000.0, "2000"),
            (1e6, "1e6"),
            (2.5e-4, "2.5e-4"),
            (1e7, "1e7"),
            (0.1, "0.1"),
            (-600.0, "-600"),
            (1.2345678, "1.235"),
        ];
        for (v, want) in cases {
            assert_eq!(tick(&v), want, "{v}");
        }
    }
}
