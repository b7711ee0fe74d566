//! Loss against step, log scale, with the divergence step marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::style::{ACCENT, GRID, SERIES};
use crate::{range, ChartError, Style};

/// What the loss chart shows.
#[derive(Debug, Clone, Copy)]
pub struct LossHistory<'a> {
    /// Step numbers, increasing.
    pub steps: &'a [f64],
    /// Mean loss at each step, nats (non-finite values are skipped).
    pub loss: &'a [f64],
    /// The step at which training diverged, if it did.
    pub diverged_at: Option<f64>,
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LossHistory,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let last = data.steps.last().copied().unwrap_or(0.0).max(1.0);
    let x = range::pad_linear(0.0, last.max(data.diverged_at.unwrap_or(0.0)), 0.0);
    let y = range::log(data.loss.iter().copied());
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_top(style.px(26.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(52.0))
        .caption("Loss vs step", style.bold(13.0))
        .build_cartesian_2d(x.0..x.1, (y.0..y.1).log_scale())?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_desc("step")
        .y_desc("loss (log)")
        .axis_desc_style(style.font(12.0))
        .label_style(style.font(11.0))
        .x_labels(6)
        .y_labels(5)
        .draw()?;
    let pts = data
        .steps
        .iter()
        .zip(data.loss)
        .filter(|(_, l)| l.is_finite())
        .map(|(&s, &l)| (s, l.clamp(y.0, y.1)));
    chart.draw_series(LineSeries::new(
        pts,
        ShapeStyle::from(&SERIES[0]).stroke_width(style.px(1.8)),
    ))?;
    if let Some(d) = data.diverged_at {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(d, y.0), (d, y.1)],
            ShapeStyle::from(&ACCENT).stroke_width(style.px(2.0)),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            "diverged",
            (d, y.1),
            style
                .font(11.0)
                .color(&ACCENT)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Top,
                )),
        )))?;
    }
    area.present()?;
    Ok(())
}
