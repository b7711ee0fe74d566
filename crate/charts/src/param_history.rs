//! Every parameter against step, one coloured line each, with a legend.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::style::{GRID, SERIES};
use crate::{range, ChartError, Style};

/// What the parameter chart shows.
#[derive(Debug, Clone, Copy)]
pub struct ParamHistory<'a> {
    /// Step numbers, increasing, length T.
    pub steps: &'a [f64],
    /// Parameter names, length P.
    pub names: &'a [String],
    /// Values, T records of P values each, row-major (`values[t·P + p]`).
    pub values: &'a [f64],
}

/// Draws the chart (linear value axis; non-finite values are skipped).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ParamHistory,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let p = data.names.len().max(1);
    let t = data.steps.len().min(data.values.len() / p);
    let last = data
        .steps
        .get(t.wrapping_sub(1))
        .copied()
        .unwrap_or(0.0)
        .max(1.0);
    let x = range::pad_linear(0.0, last, 0.0);
    let y = range::linear(data.values[..t * p].iter().copied(), 0.08);
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_top(style.px(26.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(52.0))
        .caption("Parameters vs step", style.bold(13.0))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_desc("step")
        .y_desc("value")
        .axis_desc_style(style.font(12.0))
        .label_style(style.font(11.0))
        .x_labels(6)
        .y_labels(5)
        .draw()?;
    for (k, name) in data.names.iter().enumerate() {
        let colour = SERIES[k % SERIES.len()];
        let pts = (0..t)
            .map(|i| (data.steps[i], data.values[i * p + k]))
            .filter(|(_, v)| v.is_finite());
        let w = style.px(1.8);
        chart
            .draw_series(LineSeries::new(
                pts,
                ShapeStyle::from(&colour).stroke_width(w),
            ))?
            .label(name.as_str())
            .legend(move |(lx, ly)| {
                PathElement::new(vec![(lx, ly), (lx + 16, ly)], colour.stroke_width(w))
            });
    }
    chart
        .configure_series_labels()
        .label_font(style.font(11.0))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .position(SeriesLabelPosition::UpperRight)
        .draw()?;
    area.present()?;
    Ok(())
}
