//! The initialization race: loss against step for the same network trained from several
//! initializations, overlaid on a log scale, each line ending in its outcome.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::style::SERIES;
use crate::{range, ChartError, Corner, Style};

/// One run of the race.
#[derive(Debug, Clone, Copy)]
pub struct RaceRun<'a> {
    /// Legend text, e.g. "He normal: trained".
    pub label: &'a str,
    /// Loss at steps 0, 1, 2, … (non-finite values are gaps).
    pub loss: &'a [f64],
}

/// The top of the loss axis: losses above it (an exploding run reaches 10¹⁷⁵) are drawn at
/// the top edge and their peak is written there, so the runs that train stay readable.
pub const LOSS_CAP: f64 = 1e4;

/// Draws the chart; `steps` is the length of the race (the x axis).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[RaceRun],
    steps: usize,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let x = range::pad_linear(0.0, steps.max(10) as f64, 0.0);
    let y = range::log(runs.iter().flat_map(|r| {
        r.loss
            .iter()
            .map(|&l| if l > LOSS_CAP { LOSS_CAP } else { l })
    }));
    let mut chart = style
        .chart(area, "Initialization race")
        .build_cartesian_2d(
            x.0..x.1,
            (y.0..y.1)
                .log_scale()
                .with_key_points(range::log_ticks(y.0, y.1)),
        )?;
    style.mesh(&mut chart, "step", "loss (log scale)", 8)?;
    let mut legend = Vec::with_capacity(runs.len());
    for (k, run) in runs.iter().enumerate() {
        let colour = SERIES[k % SERIES.len()];
        let mut segment: Vec<(f64, f64)> = Vec::new();
        let mut first = true;
        for (i, &l) in run
            .loss
            .iter()
            .enumerate()
            .chain([(run.loss.len(), &f64::NAN)])
        {
            if l.is_finite() && l > 0.0 {
                segment.push((i as f64, l.clamp(y.0, y.1)));
                continue;
            }
            if segment.is_empty() {
                continue;
            }
            chart.draw_series(LineSeries::new(
                std::mem::take(&mut segment),
                ShapeStyle::from(&colour).stroke_width(style.px(1.8)),
            ))?;
            if first {
                legend.push((run.label, colour));
                first = false;
            }
        }
    }
    let legend_box = style.legend(&chart, Corner::UpperRight, &legend)?;
    // A run that overflowed the scale gets a note at the top, at the step of its peak; one that
    // would lie under the legend goes just below it.
    let plot = chart.plotting_area().strip_coord_spec();
    let left = chart.plotting_area().get_pixel_range().0.start;
    let font = style.font(11.0);
    for (k, run) in runs.iter().enumerate() {
        let peak = run
            .loss
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_finite())
            .max_by(|a, b| a.1.total_cmp(b.1));
        if let Some((i, &l)) = peak.filter(|p| *p.1 > y.1) {
            let colour = SERIES[k % SERIES.len()];
            let text = format!("↑ {} at step {i}", crate::style::tick(&l));
            let (w, h) = plot.estimate_text_size(&text, &font)?;
            let x0 = chart.backend_coord(&(i as f64, y.1)).0 - left + style.px(6.0) as i32;
            let mut y0 = style.px(2.0) as i32;
            if let Some([(bl, bt), (br, bb)]) = legend_box {
                let overlaps = x0 < br && x0 + w as i32 > bl && y0 < bb && y0 + h as i32 > bt;
                if overlaps {
                    y0 = bb + style.px(2.0) as i32;
                }
            }
            plot.draw(&Text::new(text, (x0, y0), font.color(&colour)))?;
        }
    }
    area.present()?;
    Ok(())
}
