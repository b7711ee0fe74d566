//! Layer by layer: on the left the gradient's magnitude per weight layer, ‖∂L/∂W_l‖ and
//! ‖∂L/∂b_l‖ on a log scale, with the ∏|wᵢ| law beside it where it is exact; on the right the
//! forward half, the spread (standard deviation) of each hidden layer's pre-activations over the
//! data, which Xavier/Glorot, He and LeCun initialization are designed to keep steady.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::style::{ACCENT, SERIES};
use crate::{range, ChartError, Style};

/// What the chart shows. Layers are 1-based on the x axis.
#[derive(Debug, Clone, Copy)]
pub struct Layers<'a> {
    /// ‖∂L/∂W_l‖ for l = 1..=L.
    pub weight_grad: &'a [f64],
    /// ‖∂L/∂b_l‖ for l = 1..=L.
    pub bias_grad: &'a [f64],
    /// The prediction |∂L/∂b_L|·∏_{k>l}|w_k| for l = 1..=L, when it applies (one unit per
    /// layer, every unit on for every sample); empty otherwise.
    pub law: &'a [f64],
    /// Standard deviation of the pre-activations of hidden layers 1..L−1.
    pub spread: &'a [f64],
}

/// Positive finite points (layer, value), 1-based layers.
fn points(values: &[f64], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite() && **v > 0.0)
        .map(|(l, &v)| ((l + 1) as f64, v.clamp(lo, hi)))
        .collect()
}

fn series<DB: DrawingBackend, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    pts: &[(f64, f64)],
    colour: RGBColor,
    style: &Style,
) -> Result<(), ChartError>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart.draw_series(LineSeries::new(
        pts.iter().copied(),
        ShapeStyle::from(&colour).stroke_width(style.px(1.6)),
    ))?;
    chart.draw_series(
        pts.iter()
            .map(|&p| Circle::new(p, style.px(3.0), colour.filled())),
    )?;
    Ok(())
}

/// The house axes with whole layer numbers only on x (at most about eight labels).
fn layer_mesh<DB: DrawingBackend, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    style: &Style,
    x_desc: &str,
    y_desc: &str,
    layers: f64,
) -> Result<(), ChartError>
where
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    // At most 8 labelled layers, and at most one per 18 CSS px of the plot (a narrow panel on
    // a phone ran eight labels together into "12345678").
    let fit = f64::from(chart.plotting_area().dim_in_pixel().0) / f64::from(style.px(18.0).max(1));
    let every = (layers / 8.0).max(layers / fit.max(1.0)).ceil().max(1.0);
    let whole = move |v: &f64| {
        let r = v.round();
        if (v - r).abs() < 1e-9 && r >= 1.0 && (r - 1.0) % every == 0.0 {
            format!("{r}")
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(crate::style::GRID)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(style.font(12.0))
        .label_style(style.font(11.0))
        .x_label_formatter(&whole)
        .y_label_formatter(&crate::style::tick)
        .x_labels((2.0 * layers + 2.0) as usize)
        .y_labels(8)
        .draw()?;
    Ok(())
}

/// Draws the chart: two panels side by side.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Layers,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let (left, right) = area.split_horizontally(area.dim_in_pixel().0 * 3 / 5);
    let depth = data.weight_grad.len().max(1) as f64;
    let x = range::pad_linear(0.5, depth + 0.5, 0.0);
    let y = range::log(
        data.weight_grad
            .iter()
            .chain(data.bias_grad)
            .chain(data.law)
            .copied(),
    );
    let mut chart = style
        .chart(&left, "Gradient per layer")
        .build_cartesian_2d(
            x.0..x.1,
            (y.0..y.1)
                .log_scale()
                .with_key_points(range::log_ticks(y.0, y.1)),
        )?;
    layer_mesh(&mut chart, style, "layer l", "‖∂L/∂θₗ‖ (log scale)", depth)?;
    series(
        &mut chart,
        &points(data.weight_grad, y.0, y.1),
        SERIES[0],
        style,
    )?;
    series(
        &mut chart,
        &points(data.bias_grad, y.0, y.1),
        SERIES[1],
        style,
    )?;
    if !data.law.is_empty() {
        // Rings around the points they predict: where the law holds they sit exactly on the
        // bias gradients, so a line would hide under them.
        let law = points(data.law, y.0, y.1);
        let ring = ShapeStyle::from(&ACCENT).stroke_width(style.px(1.6));
        let r = style.px(6.0);
        chart.draw_series(law.iter().map(|&p| Circle::new(p, r, ring)))?;
    }
    let hidden = data.spread.len().max(1) as f64;
    let x = range::pad_linear(0.5, hidden + 0.5, 0.0);
    let y = range::log(data.spread.iter().copied());
    let mut chart = style
        .chart(&right, "Pre-activation spread")
        .build_cartesian_2d(
            x.0..x.1,
            (y.0..y.1)
                .log_scale()
                .with_key_points(range::log_ticks(y.0, y.1)),
        )?;
    layer_mesh(
        &mut chart,
        style,
        "hidden layer l",
        "std of zₗ (log scale)",
        hidden,
    )?;
    let spread = points(data.spread, y.0, y.1);
    chart.draw_series(LineSeries::new(
        spread.iter().copied(),
        ShapeStyle::from(&SERIES[2]).stroke_width(style.px(1.6)),
    ))?;
    chart.draw_series(
        spread
            .iter()
            .map(|&p| Circle::new(p, style.px(3.0), SERIES[2].filled())),
    )?;
    area.present()?;
    Ok(())
}
