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

/// Nice values 0, ±1, ±2, ±5, ±10, … whose symlog lies in `(lo, hi)`, thinned to at most nine.
fn symlog_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut vals = vec![0.0];
    // Only used when some |value| > 100, where ticks below 1 would crowd the one at 0.
    for e in 0..=300 {
        for m in [1.0, 2.0, 5.0] {
            let v = m * 10f64.powi(e);
            vals.push(v);
            vals.push(-v);
        }
    }
    let mut ticks: Vec<f64> = vals
        .into_iter()
        .map(symlog)
        .filter(|t| *t >= lo && *t <= hi)
        .collect();
    ticks.sort_by(f64::total_cmp);
    if ticks.len() > 9 {
        // Keep 0 and the powers of ten (and their negatives) first.
        ticks.retain(|t| {
            let v = symlog_inverse(*t).abs();
            v == 0.0 || (v.log10() - v.log10().round()).abs() < 1e-9
        });
    }
    // Over more than four decades ±1 crowds the label at 0.
    if hi - lo > 4.0 {
        ticks.retain(|t| (symlog_inverse(*t).abs() - 1.0).abs() > 1e-9);
    }
    let step = ticks.len().div_ceil(9).max(1);
    ticks.into_iter().step_by(step).collect()
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
    let mut chart = style
        .chart(area, "Parameters vs step")
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
    for (k, name) in data.names.iter().enumerate() {
        let colour = SERIES[k % SERIES.len()];
        let pts: Vec<(f64, f64)> = (0..t)
            .map(|i| (data.steps[i], map(values[i * p + k])))
            .filter(|(_, v)| v.is_finite())
            .collect();
        chart
            .draw_series(LineSeries::new(
                pts.iter().copied(),
                ShapeStyle::from(&colour).stroke_width(w),
            ))?
            .label(name.as_str())
            .legend(move |(lx, ly)| {
                PathElement::new(vec![(lx, ly), (lx + 16, ly)], colour.stroke_width(w))
            });
        if let Some(&last) = pts.last() {
            chart.draw_series(std::iter::once(Circle::new(
                last,
                style.px(3.0),
                colour.filled(),
            )))?;
        }
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
    }
}
