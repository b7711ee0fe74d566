//! Loss against step, log scale, with the current loss marked and the divergence step shown.

use plotters::coord::CoordTranslate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::style::{ACCENT, SERIES};
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

/// One unbroken stretch of the loss line.
fn draw_line<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    run: &[(f64, f64)],
    style: &Style,
) -> Result<(), ChartError> {
    if run.is_empty() {
        return Ok(());
    }
    chart.draw_series(LineSeries::new(
        run.iter().copied(),
        ShapeStyle::from(&SERIES[0]).stroke_width(style.px(1.8)),
    ))?;
    Ok(())
}

/// Draws the chart. Exact zeros of the loss are marked under the floor of the log axis.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LossHistory,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let last = data.steps.last().copied().unwrap_or(0.0).max(10.0);
    let x = range::pad_linear(0.0, last.max(data.diverged_at.unwrap_or(0.0)), 0.0);
    let y = range::log(data.loss.iter().copied());
    let mut chart = style.chart(area, "Loss vs step").build_cartesian_2d(
        x.0..x.1,
        (y.0..y.1)
            .log_scale()
            .with_key_points(range::log_ticks(y.0, y.1)),
    )?;
    style.mesh(&mut chart, "step", "loss (log scale)", 10)?;
    let pts: Vec<(f64, f64)> = data
        .steps
        .iter()
        .zip(data.loss)
        .filter(|(s, l)| s.is_finite() && l.is_finite() && **l > 0.0)
        .map(|(&s, &l)| (s, l.clamp(y.0, y.1)))
        .collect();
    // The line breaks where the loss is exactly 0 (a log axis has no place for it), so no
    // segment pretends to reach the floor.
    let mut run = Vec::new();
    for (&s, &l) in data.steps.iter().zip(data.loss) {
        if s.is_finite() && l.is_finite() && l > 0.0 {
            run.push((s, l.clamp(y.0, y.1)));
        } else if !run.is_empty() {
            draw_line(&mut chart, &run, style)?;
            run.clear();
        }
    }
    draw_line(&mut chart, &run, style)?;
    // Exact zeros: a marker under the axis floor, pointing down, and a note.
    let zeros: Vec<f64> = data
        .steps
        .iter()
        .zip(data.loss)
        .filter(|(s, l)| s.is_finite() && **l == 0.0)
        .map(|(&s, _)| s)
        .collect();
    if !zeros.is_empty() {
        let r = style.px(4.0) as i32;
        let below = style.px(3.0) as i32;
        chart.draw_series(zeros.iter().map(|&s| {
            EmptyElement::at((s, y.0))
                + Polygon::new(
                    vec![(-r, below - 2 * r), (r, below - 2 * r), (0, below)],
                    ACCENT.filled(),
                )
        }))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x.0, y.0))
                + Text::new(
                    format!(
                        "▼ loss exactly 0 at {} step{} (below any log axis)",
                        zeros.len(),
                        if zeros.len() == 1 { "" } else { "s" }
                    ),
                    (style.px(6.0) as i32, -(style.px(16.0) as i32)),
                    style
                        .font(11.0)
                        .color(&ACCENT)
                        .pos(Pos::new(HPos::Left, VPos::Bottom)),
                ),
        ))?;
    }
    if let Some(&p) = pts.last() {
        chart.draw_series(std::iter::once(Circle::new(
            p,
            style.px(4.0),
            SERIES[0].filled(),
        )))?;
    }
    if let Some(d) = data.diverged_at {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(d, y.0), (d, y.1)],
            ShapeStyle::from(&ACCENT).stroke_width(style.px(2.0)),
        )))?;
        // The label sits just left of the line, a few pixels clear of it.
        let gap = style.px(4.0) as i32;
        chart.draw_series(std::iter::once(
            EmptyElement::at((d, y.1))
                + Text::new(
                    "diverged",
                    (-gap, gap),
                    style
                        .font(11.0)
                        .color(&ACCENT)
                        .pos(Pos::new(HPos::Right, VPos::Top)),
                ),
        ))?;
    }
    area.present()?;
    Ok(())
}
