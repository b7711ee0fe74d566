//! σ′(z) = σ(z)(1 − σ(z)) against z, with its 1/4 ceiling, the chosen sample's output logit z_L
//! marked, and a rug of every sample's z_L: how much of the output layer's slope the chain rule
//! gets to multiply by w_L.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::style::{ACCENT, INK, SERIES};
use crate::{range, ChartError, Style};

/// The z range always shown; it widens to take in the marked logit.
const HALF_SPAN: f64 = 8.0;
/// Points on the curve.
const CURVE_POINTS: usize = 241;

/// What the chart shows.
#[derive(Debug, Clone, Copy)]
pub struct SigmoidSlope<'a> {
    /// The chosen sample's output logit z_L (non-finite: not marked).
    pub z: f64,
    /// Every sample's z_L (non-finite values are skipped); drawn as ticks along the z axis.
    pub rug: &'a [f64],
}

/// σ′(z) without overflow: e^(−|z|)/(1 + e^(−|z|))².
fn sigmoid_prime(z: f64) -> f64 {
    let e = (-z.abs()).exp();
    e / ((1.0 + e) * (1.0 + e))
}

/// Draws the chart. A logit far outside ±8 widens the axis up to ±60 and is marked at the edge
/// with an arrow beyond that.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &SigmoidSlope,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let reach = if data.z.is_finite() {
        (data.z.abs() * 1.15).clamp(HALF_SPAN, 60.0)
    } else {
        HALF_SPAN
    };
    let x = range::pad_linear(-reach, reach, 0.0);
    let mut chart = style
        .chart(area, "σ′(z)")
        .build_cartesian_2d(x.0..x.1, 0.0..0.3)?;
    style.mesh(&mut chart, "output logit z", "σ′(z)", 6)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x.0, 0.25), (x.1, 0.25)],
        ShapeStyle::from(&ACCENT.mix(0.7)).stroke_width(style.px(1.2)),
    )))?;
    chart.draw_series(std::iter::once(
        EmptyElement::at((x.0, 0.25))
            + Text::new(
                "σ′ ≤ 1/4",
                (style.px(4.0) as i32, -(style.px(3.0) as i32)),
                style
                    .font(11.0)
                    .color(&ACCENT)
                    .pos(Pos::new(HPos::Left, VPos::Bottom)),
            ),
    ))?;
    let step = (x.1 - x.0) / (CURVE_POINTS - 1) as f64;
    chart.draw_series(LineSeries::new(
        (0..CURVE_POINTS).map(|i| {
            let z = x.0 + step * i as f64;
            (z, sigmoid_prime(z))
        }),
        ShapeStyle::from(&SERIES[0]).stroke_width(style.px(1.8)),
    ))?;
    let tick = 0.3 * 0.06;
    chart.draw_series(data.rug.iter().filter(|z| z.is_finite()).map(|&z| {
        let z = z.clamp(x.0, x.1);
        PathElement::new(
            vec![(z, 0.0), (z, tick)],
            ShapeStyle::from(&INK.mix(0.25)).stroke_width(style.px(1.0)),
        )
    }))?;
    if data.z.is_finite() {
        let inside = data.z.clamp(x.0, x.1);
        let s = sigmoid_prime(data.z);
        chart.draw_series(std::iter::once(Circle::new(
            (inside, s),
            style.px(4.5),
            ACCENT.filled(),
        )))?;
        if inside != data.z {
            // Off the axis: say where it really is.
            let (anchor, dx, text) = if data.z > 0.0 {
                let t = format!("z = {} →", crate::style::tick(&data.z));
                (HPos::Right, -(style.px(6.0) as i32), t)
            } else {
                let t = format!("← z = {}", crate::style::tick(&data.z));
                (HPos::Left, style.px(6.0) as i32, t)
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at((inside, 0.05))
                    + Text::new(
                        text,
                        (dx, 0),
                        style
                            .font(11.0)
                            .color(&ACCENT)
                            .pos(Pos::new(anchor, VPos::Center)),
                    ),
            ))?;
        }
    }
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slope_peaks_at_a_quarter_and_never_overflows() {
        assert_eq!(sigmoid_prime(0.0), 0.25);
        assert!((sigmoid_prime(2.0) - 0.104_993_585_403_507_4).abs() < 1e-15);
        assert_eq!(sigmoid_prime(800.0), 0.0);
        assert_eq!(sigmoid_prime(-800.0), 0.0);
    }
}
