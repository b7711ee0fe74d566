//! The overshoot view, in either of two forms:
//!
//! * along the update: the loss on the line L(θ − s·∇L) for step sizes s from 0 to 2α, with the
//!   start (s = 0), where the step lands (s = α) and the line's lowest point s*;
//! * along one parameter: the loss profile (all others at their current values; the core's
//!   `surface::profile`) with the last iterates of gradient descent projected onto it, joined in
//!   step order, so a learning rate too large shows as a zig-zag across the valley.

use plotters::coord::Shift;
use plotters::prelude::*;

use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::style::{ACCENT, INK, SERIES};
use crate::{range, ChartError, Style};

/// What the overshoot view shows.
#[derive(Debug, Clone, Copy)]
pub struct Overshoot<'a> {
    /// Name of the parameter, e.g. "w3".
    pub label: &'a str,
    /// Parameter range of the curve (first and last value).
    pub range: (f64, f64),
    /// Mean loss, nats, at evenly spaced parameter values over `range`.
    pub loss: &'a [f64],
    /// Iterates (parameter value, loss on this curve), oldest first; the last is current (along
    /// the update: the start and where the step lands).
    pub iterates: &'a [(f64, f64)],
    /// The curve's lowest point (x, loss), marked with a cross, if known.
    pub minimum: Option<(f64, f64)>,
}

/// Draws the chart (log-scale loss axis).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Overshoot,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let x = range::pad_linear(data.range.0, data.range.1, 0.0);
    let y = range::log(
        data.loss
            .iter()
            .copied()
            .chain(data.iterates.iter().map(|p| p.1))
            .chain(data.minimum.map(|m| m.1)),
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
    // Non-finite losses are gaps, not points at the top of the axis: the curve is drawn as its
    // finite runs, and iterates whose loss is not finite are left out.
    if n >= 2 {
        let at = |i: usize| x.0 + (x.1 - x.0) * i as f64 / (n - 1) as f64;
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, &v) in data.loss.iter().enumerate().chain([(n, &f64::NAN)]) {
            if v.is_finite() {
                run.push((at(i), v.clamp(y.0, y.1)));
            } else if !run.is_empty() {
                chart.draw_series(LineSeries::new(
                    std::mem::take(&mut run),
                    ShapeStyle::from(&SERIES[0]).stroke_width(style.px(2.0)),
                ))?;
            }
        }
    }
    let pts: Vec<(f64, f64)> = data
        .iterates
        .iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .map(|&(p, l)| (p.clamp(x.0, x.1), l.clamp(y.0, y.1)))
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
    if !data.loss.iter().any(|v| v.is_finite()) {
        chart.draw_series(std::iter::once(Text::new(
            "no finite loss on this curve",
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
    if let Some((mx, my)) = data.minimum {
        if mx.is_finite() && my.is_finite() {
            let p = (mx.clamp(x.0, x.1), my.clamp(y.0, y.1));
            chart.draw_series(std::iter::once(Cross::new(
                p,
                style.px(6.0),
                ShapeStyle::from(&INK).stroke_width(style.px(2.0)),
            )))?;
            // The label sits on the side with room: right of a minimum in the left half of
            // the curve, left of one in the right half (s* = 2α sits on the right edge).
            let right_half = p.0 > 0.5 * (x.0 + x.1);
            let dx = style.px(7.0) as i32;
            chart.draw_series(std::iter::once(
                EmptyElement::at(p)
                    + Text::new(
                        "lowest",
                        (if right_half { -dx } else { dx }, style.px(4.0) as i32),
                        style.font(11.0).pos(Pos::new(
                            if right_half { HPos::Right } else { HPos::Left },
                            VPos::Top,
                        )),
                    ),
            ))?;
        }
    }
    area.present()?;
    Ok(())
}
