//! A boxed legend in a corner of a chart's plotting area: a line of each series' colour and its
//! label.
//!
//! plotters' own series legend (`configure_series_labels`) lays its labels out as a
//! `MultiLineText`, which measures them with plotters' font code rather than the backend; on the
//! web that code appends a `<span>` with an inline `style` attribute to the page per label, which
//! a strict Content-Security-Policy blocks. This one measures through the drawing area, so the
//! page's backend (`measureText`) answers.

use plotters::chart::ChartContext;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{ChartError, Style};

/// The corner of the plotting area a legend sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    /// Top left.
    UpperLeft,
    /// Top right.
    UpperRight,
}

/// Line height of the legend's rows as a multiple of the font size (plotters' own).
const ROW_HEIGHT: f64 = 1.25;

impl Style {
    /// Draws the legend of `entries` (label, colour), boxed, in `corner` of `chart`'s plotting
    /// area; nothing when there are none. Returns the box (top-left and bottom-right corners in
    /// pixels of the plotting area), so that notes can keep clear of it. Errors: the backend's.
    pub fn legend<DB: DrawingBackend, X: Ranged, Y: Ranged>(
        &self,
        chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
        corner: Corner,
        entries: &[(&str, RGBColor)],
    ) -> Result<Option<[(i32, i32); 2]>, ChartError> {
        if entries.is_empty() {
            return Ok(None);
        }
        let area = chart.plotting_area().strip_coord_spec();
        let font = self.font(11.0).pos(Pos::new(HPos::Left, VPos::Center));
        let mut text_width = 0;
        for (label, _) in entries {
            text_width = text_width.max(area.estimate_text_size(label, &font)?.0);
        }
        let px = |css: f64| self.px(css) as i32;
        let (inset, pad, swatch, gap) = (px(5.0), px(8.0), px(16.0), px(6.0));
        let row = px(11.0 * ROW_HEIGHT);
        let width = pad + swatch + gap + text_width as i32 + pad;
        let height = 2 * pad + row * entries.len() as i32;
        let left = match corner {
            Corner::UpperLeft => inset,
            Corner::UpperRight => area.dim_in_pixel().0 as i32 - width - inset,
        };
        let corners = [(left, inset), (left + width, inset + height)];
        area.draw(&Rectangle::new(corners, WHITE.mix(0.85).filled()))?;
        area.draw(&Rectangle::new(corners, BLACK.mix(0.15)))?;
        for (k, (label, colour)) in entries.iter().enumerate() {
            let y = inset + pad + row * k as i32 + row / 2;
            let x = left + pad;
            area.draw(&PathElement::new(
                vec![(x, y), (x + swatch, y)],
                colour.stroke_width(self.px(2.0)),
            ))?;
            area.draw(&Text::new(*label, (x + swatch + gap, y), font.clone()))?;
        }
        Ok(Some(corners))
    }
}
