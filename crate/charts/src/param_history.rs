//! Every parameter against step, one coloured line each, with a legend. When the values span
//! more than two decades (w3 = 500 next to w1 = 0.5), the value axis is a symmetric log,
//! `t(v) = sign(v)·log₁₀(1 + |v|)`: linear near 0, logarithmic far from it, ticks in real values.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::style::{tick, GRID, SERIES};
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

fn symlog(v: f64) -> f64 {
    v.signum() * (1.0 + v.abs()).log10()
}

fn symlog_inverse(t: f64) -> f64 {
    t.signum() * (10f64.powf(t.abs()) - 1.0)
}

/// Ticks for a symmetric-log axis over `(lo, hi)` (in symlog units), as symlog values: 0 when
/// in range, then every k-th power of ten (±1, ±10, ±100, … for k = 1) with k from 1, 2, 5, 10,
/// 20, 50, 100 so that at most four land on each side.
fn symlog_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let top = symlog_inverse(lo.abs().max(hi.abs()));
    let top_exp = top.log10().floor().clamp(0.0, 308.0) as i32;
    let step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| (top_exp / s) < 4)
        .unwrap_or(100);
    let magnitudes: Vec<f64> = (0..=top_exp)
        .filter(|e| e % step == 0)
        .map(|e| 10f64.powi(e))
        .collect();
    let mut ticks: Vec<f64> = [0.0]
        .into_iter()
        .chain(magnitudes.iter().flat_map(|&m| [m, -m]))
        .map(symlog)
        .filter(|t| *t >= lo && *t <= hi)
        .collect();
    ticks.sort_by(f64::total_cmp);
    // Over more than four decades ±1 crowds the label at 0.
    if hi - lo > 4.0 {
        ticks.retain(|t| (symlog_inverse(*t).abs() - 1.0).abs() > 1e-9);
    }
    ticks
}

/// Draws the chart (non-finite values are skipped).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ParamHistory,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let p = data.names.len().max(1);
    let t = data.steps.len().min(data.values.len() / p);
    let values = &data.values[..t * p];
    let last = data
        .steps
        .get(t.wrapping_sub(1))
        .copied()
        .unwrap_or(0.0)
        .max(10.0);
    let x = range::pad_linear(0.0, last, 0.0);
    let finite = values.iter().filter(|v| v.is_finite());
    let big = finite.clone().fold(0.0f64, |m, v| m.max(v.abs()));
    let log_axis = big > 100.0;
    let map = |v: f64| if log_axis { symlog(v) } else { v };
    let y = range::linear(values.iter().map(|&v| map(v)), 0.08);
    let desc = if log_axis {
        "value (symmetric log scale)"
    } else {
        "value"
    };
    let ticks = if log_axis {
        symlog_ticks(y.0, y.1)
    } else {
        Vec::new()
    };
    // The legend lives in a right margin of its own, where it covers no line; up to
    // LEGEND_MAX names (the deep one-unit presets have 12).
    let legend_width = style.px(if data.names.len() > LEGEND_MAX {
        0.0
    } else {
        64.0
    });
    let mut chart = style
        .chart(area, "Parameters vs step")
        .margin_right(legend_width + style.px(12.0))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    style.mesh(&mut chart, "step", desc, if log_axis { 0 } else { 6 })?;
    // The symmetric-log axis gets its ticks at nice real values, drawn here.
    for &t in &ticks {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x.0, t), (x.1, t)],
            ShapeStyle::from(&GRID),
        )))?;
        let (px, py) = chart.backend_coord(&(x.0, t));
        area.draw(&Text::new(
            tick(&symlog_inverse(t)),
            (px - style.px(6.0) as i32, py),
            style.font(11.0).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    let w = style.px(1.8);
    for k in 0..data.names.len() {
        let colour = SERIES[k % SERIES.len()];
        let pts: Vec<(f64, f64)> = (0..t)
            .map(|i| (data.steps[i], map(values[i * p + k])))
            .filter(|(_, v)| v.is_finite())
            .collect();
        chart.draw_series(LineSeries::new(
            pts.iter().copied(),
            ShapeStyle::from(&colour).stroke_width(w),
        ))?;
        if let Some(&last) = pts.last() {
            chart.draw_series(std::iter::once(Circle::new(
                last,
                style.px(3.0),
                marker(k, colour, style),
            )))?;
        }
    }
    if legend_width > 1 {
        let (px, py) = chart.plotting_area().get_pixel_range();
        let left = px.end + style.px(14.0) as i32;
        let line = style.px(16.0) as i32;
        // 16 px a row, closer when that would run past the plot's bottom.
        let n = data.names.len().max(1) as i32;
        let row = (style.px(16.0) as i32).min((py.end - py.start - style.px(6.0) as i32) / n);
        let row = row.max(style.px(11.0) as i32);
        for (k, name) in data.names.iter().enumerate() {
            let y = py.start + style.px(6.0) as i32 + row * k as i32;
            let colour = SERIES[k % SERIES.len()];
            area.draw(&PathElement::new(
                vec![(left, y), (left + line, y)],
                colour.stroke_width(w),
            ))?;
            area.draw(&Circle::new(
                (left + line / 2, y),
                style.px(3.0),
                marker(k, colour, style),
            ))?;
            area.draw(&Text::new(
                name.as_str(),
                (left + line + style.px(5.0) as i32, y),
                style.font(11.0).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
    }
    area.present()?;
    Ok(())
}

/// Most parameters the chart names in its legend.
const LEGEND_MAX: usize = 12;

/// The end marker of series `k`: filled for the first round of the palette's colours, hollow
/// for the next, so that two series of one colour can still be told apart.
fn marker(k: usize, colour: RGBColor, style: &Style) -> ShapeStyle {
    if k < SERIES.len() {
        colour.filled()
    } else {
        ShapeStyle::from(&colour).stroke_width(style.px(1.5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlog_round_trips_and_ticks_are_real_values() {
        for v in [0.0, 0.5, -3.0, 500.0, -1e6] {
            assert!((symlog_inverse(symlog(v)) - v).abs() <= 1e-9 * v.abs().max(1.0));
        }
        let ticks: Vec<f64> = symlog_ticks(symlog(-700.0), symlog(600.0))
            .into_iter()
            .map(symlog_inverse)
            .map(|v| (v * 1e6).round() / 1e6)
            .collect();
        assert_eq!(ticks, vec![-100.0, -10.0, 0.0, 10.0, 100.0]);
        // Huge values: 0 stays, and the powers of ten are evenly spaced in the exponent.
        let ticks: Vec<i32> = symlog_ticks(symlog(-1e300), symlog(1e300))
            .into_iter()
            .filter(|t| *t > 0.0)
            .map(|t| symlog_inverse(t).log10().round() as i32)
            .collect();
        assert_eq!(ticks, vec![100, 200, 300]);
        assert!(symlog_ticks(symlog(-1e300), symlog(1e300)).contains(&0.0));
    }
}
