//! The overshoot view: the loss along one parameter (all others at their current values), with
//! the last iterates of gradient descent projected onto that curve, joined in step order, so a
//! learning rate too large shows as a zig-zag across the valley.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::style::{ACCENT, SERIES};
use crate::{range, ChartError, Style};

/// What the slice chart shows.
#[derive(Debug, Clone, Copy)]
pub struct Slice<'a> {
    /// Name of the parameter, e.g. "w3".
    pub label: &'a str,
    /// Parameter range of the curve (first and last value).
    pub range: (f64, f64),
    /// Mean loss, nats, at evenly spaced parameter values over `range`.
    pub loss: &'a [f64],
    /// Iterates (parameter value, loss on this curve), oldest first; the last is current.
    pub iterates: &'a [(f64, f64)],
}

/// Draws the chart (log-scale loss axis).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Slice,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let x = range::pad_linear(data.range.0, data.range.1, 0.0);
    let y = range::log(
        data.loss
            .iter()
            .copied()
            .chain(data.iterates.iter().map(|p| p.1)),
    );
    let mut chart = style
        .chart(area, &format!("Overshoot view: loss along {}", data.label))
        .build_cartesian_2d(
            x.0..x.1,
            (y.0..y.1)
                .log_scale()
                .with_key_points(range::log_ticks(y.0, y.1)),
        )?;
    style.mesh(&mut chart, data.label, "loss (log scale)", 10)?;
    let n = data.loss.len();
    let clamp_y = |v: f64| {
        if v.is_finite() {
            v.clamp(y.0, y.1)
        } else {
            y.1
        }
    };
    if n >= 2 {
        let curve = data
            .loss
            .iter()
            .enumerate()
            .map(|(i, &v)| (x.0 + (x.1 - x.0) * i as f64 / (n - 1) as f64, clamp_y(v)));
        chart.draw_series(LineSeries::new(
            curve,
            ShapeStyle::from(&SERIES[0]).stroke_width(style.px(2.0)),
        ))?;
    }
    let pts: Vec<(f64, f64)> = data
        .iterates
        .iter()
        .filter(|p| p.0.is_finite())
        .map(|&(p, l)| (p.clamp(x.0, x.1), clamp_y(l)))
        .collect();
    if pts.len() >= 2 {
        chart.draw_series(std::iter::once(PathElement::new(
            pts.clone(),
            ShapeStyle::from(&SERIES[1].mix(0.8)).stroke_width(style.px(1.2)),
        )))?;
    }
    chart.draw_series(
        pts.iter()
            .map(|&p| Circle::new(p, style.px(2.5), SERIES[1].filled())),
    )?;
    if pts.is_empty() && !data.loss.iter().any(|v| v.is_finite()) {
        chart.draw_series(std::iter::once(Text::new(
            "no finite loss along this parameter",
            (x.0 + 0.05 * (x.1 - x.0), (y.0 * y.1).sqrt()),
            style.font(12.0),
        )))?;
    }
    if let Some(&last) = pts.last() {
        chart.draw_series(std::iter::once(Circle::new(
            last,
            style.px(6.0),
            ACCENT.filled(),
        )))?;
    }
    area.present()?;
    Ok(())
}
