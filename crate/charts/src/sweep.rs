//! The depth sweep: ‖∂L/∂W₁‖ at initialization against depth, one line per initialization
//! scheme (the median over seeds) with its interquartile band, on a log scale: the explosion and
//! the cure in one picture.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::style::SERIES;
use crate::{range, ChartError, Corner, Style};

/// One scheme's results. Each vector has one value per depth; non-finite values are gaps.
#[derive(Debug, Clone)]
pub struct SweepSeries<'a> {
    /// The scheme's name in the legend.
    pub label: &'a str,
    /// Median over seeds.
    pub median: Vec<f64>,
    /// First quartile over seeds.
    pub q25: Vec<f64>,
    /// Third quartile over seeds.
    pub q75: Vec<f64>,
}

/// What the chart shows.
#[derive(Debug, Clone)]
pub struct DepthSweep<'a> {
    /// Depths (hidden layers) on the x axis, increasing.
    pub depths: &'a [f64],
    /// The schemes; only their first `done` depths are drawn.
    pub series: &'a [SweepSeries<'a>],
    /// How many depths have results so far.
    pub done: usize,
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &DepthSweep,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let last = data.depths.last().copied().unwrap_or(1.0);
    let x = range::pad_linear(0.0, last, 0.0);
    let done = data.done.min(data.depths.len());
    let y = range::log(data.series.iter().flat_map(|s| {
        s.q25[..done.min(s.q25.len())]
            .iter()
            .chain(&s.q75[..done.min(s.q75.len())])
            .copied()
    }));
    let mut chart = style.chart(area, "Depth sweep").build_cartesian_2d(
        x.0..x.1,
        (y.0..y.1)
            .log_scale()
            .with_key_points(range::log_ticks(y.0, y.1)),
    )?;
    style.mesh(
        &mut chart,
        "hidden layers",
        "‖∂L/∂W1‖ at initialization (log scale)",
        8,
    )?;
    let ok = |v: f64| v.is_finite() && v > 0.0;
    let mut legend = Vec::with_capacity(data.series.len());
    for (k, s) in data.series.iter().enumerate() {
        let colour = SERIES[k % SERIES.len()];
        let n = done.min(s.median.len()).min(s.q25.len()).min(s.q75.len());
        let band: Vec<(f64, f64)> = (0..n)
            .filter(|&i| ok(s.q25[i]) && ok(s.q75[i]))
            .map(|i| (data.depths[i], s.q75[i].clamp(y.0, y.1)))
            .chain(
                (0..n)
                    .rev()
                    .filter(|&i| ok(s.q25[i]) && ok(s.q75[i]))
                    .map(|i| (data.depths[i], s.q25[i].clamp(y.0, y.1))),
            )
            .collect();
        if band.len() >= 4 {
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                colour.mix(0.18).filled(),
            )))?;
        }
        let line: Vec<(f64, f64)> = (0..n)
            .filter(|&i| ok(s.median[i]))
            .map(|i| (data.depths[i], s.median[i].clamp(y.0, y.1)))
            .collect();
        chart.draw_series(LineSeries::new(
            line.iter().copied(),
            ShapeStyle::from(&colour).stroke_width(style.px(2.0)),
        ))?;
        legend.push((s.label, colour));
        chart.draw_series(
            line.iter()
                .map(|&p| Circle::new(p, style.px(2.5), colour.filled())),
        )?;
    }
    style.legend(&chart, Corner::UpperLeft, &legend)?;
    area.present()?;
    Ok(())
}
