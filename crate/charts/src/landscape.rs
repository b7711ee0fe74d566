//! The loss landscape over two parameters: heatmap, contour lines, the grid minimum, the
//! descent path and the current point.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::heat::{self, Image};
use crate::style::{tick, tick_on, ACCENT, INK};
use crate::{range, ChartError, PixelRect, Style};

/// What the landscape chart shows.
#[derive(Debug, Clone, Copy)]
pub struct Landscape<'a> {
    /// Name of the horizontal parameter, e.g. "w2".
    pub x_label: &'a str,
    /// Name of the vertical parameter.
    pub y_label: &'a str,
    /// Horizontal parameter range of the grid (first and last column).
    pub x_range: (f64, f64),
    /// Vertical parameter range of the grid (first and last row).
    pub y_range: (f64, f64),
    /// Columns.
    pub nx: usize,
    /// Rows.
    pub ny: usize,
    /// Mean loss, nats, `nx · ny` values row-major, row 0 at `y_range.0`.
    pub loss: &'a [f64],
    /// The descent path (x, y), oldest first; its last point is the current one.
    pub path: &'a [(f64, f64)],
    /// Where the run started (drawn as a ring), if known.
    pub start: Option<(f64, f64)>,
    /// The colour scale as log₁₀ loss bounds, held fixed by the caller; `None` fits it to this
    /// grid. Cells outside it take the colour of the nearer end.
    pub extent: Option<(f64, f64)>,
}

/// The trail's segments are stroked in at most this many bands of one opacity each. A canvas
/// strokes a polyline in one go; the 199 segments of a long run stroked one by one cost about
/// 2 ms of rasterizing every frame of play at device pixel ratio 2 (software rendering), and 16
/// steps of opacity look no different from 199.
pub const TRAIL_BANDS: usize = 16;

/// The bands of a trail of `points` points, oldest first: (first segment, last segment), where
/// segment i joins points i and i + 1; together they cover every segment once, in order.
/// Empty for fewer than two points.
fn trail_bands(points: usize) -> impl Iterator<Item = (usize, usize)> {
    let segments = points.saturating_sub(1);
    let bands = segments.min(TRAIL_BANDS);
    (0..bands).map(move |b| (b * segments / bands, (b + 1) * segments / bands - 1))
}

/// Draws the chart; `blit` must show an RGBA [`Image`] in the given pixel rectangle (scaled to
/// fit): on the same surface (an SVG embeds it as one PNG), or on a layer under it whose part
/// of the surface `blit` leaves transparent (the page), never as one rectangle per cell.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Landscape,
    style: &Style,
    blit: &mut dyn FnMut(&Image, PixelRect) -> Result<(), String>,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let x = range::pad_linear(data.x_range.0, data.x_range.1, 0.0);
    let y = range::pad_linear(data.y_range.0, data.y_range.1, 0.0);
    let extent = data
        .extent
        .filter(|e| e.0.is_finite() && e.1.is_finite() && e.0 < e.1)
        .or_else(|| heat::log_extent(data.loss));
    let (main, bar) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(style.px(64.0)));
    let mut chart = style
        .chart(
            &main,
            &format!("Loss landscape over ({}, {})", data.x_label, data.y_label),
        )
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let rect = PixelRect {
        left: px.start,
        top: py.start,
        width: (px.end - px.start).max(1) as u32,
        height: (py.end - py.start).max(1) as u32,
    };
    // A held colour scale (`extent`) stays finite after the run diverges; the grid must have a
    // finite loss of its own to be drawn, or it would be one flat colour under a colour bar.
    let grid_ok = data.nx >= 2
        && data.ny >= 2
        && data.loss.len() == data.nx * data.ny
        && data.loss.iter().any(|v| v.is_finite());
    if let (true, Some(extent)) = (grid_ok, extent) {
        blit(&heat::image(data.loss, data.nx, data.ny, extent), rect).map_err(ChartError)?;
        let to_param = |(gx, gy): (f64, f64)| {
            (
                x.0 + (x.1 - x.0) * gx / (data.nx - 1) as f64,
                y.0 + (y.1 - y.0) * gy / (data.ny - 1) as f64,
            )
        };
        // One device pixel wide at any pixel density (test: trail.rs): a line of one pixel is a
        // hairline to the canvas, rasterized along its length; a wider one is outlined and
        // filled. In software-rendered Chromium, 18 rings of 900 points in all (the contours'
        // size on the page) took 5.0 ms at width 2 and 1.2 ms at width 1 on a 1024 × 1080 canvas;
        // on the page, play at DPR 2 went from 39.6 to 43.3 frames a second (medians of 8
        // alternating runs). Opacity 0.6 (was 0.45 at 2 px) keeps them as legible.
        let contour_style = ShapeStyle::from(&WHITE.mix(0.6)).stroke_width(1);
        for line in heat::contours(data.loss, data.nx, data.ny, extent, 9) {
            chart.draw_series(std::iter::once(PathElement::new(
                line.into_iter().map(to_param).collect::<Vec<_>>(),
                contour_style,
            )))?;
        }
        // The grid minimum, marked only when it lies inside the grid: on the border it is just
        // where the view ends, not a minimum of the loss.
        if let Some((i, _)) = data
            .loss
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .min_by(|a, b| a.1.total_cmp(b.1))
        {
            let (ix, iy) = (i % data.nx, i / data.nx);
            if ix > 1 && iy > 1 && ix + 2 < data.nx && iy + 2 < data.ny {
                let m = to_param((ix as f64, iy as f64));
                let s = style.px(6.0) as i32;
                let w = style.px(2.5);
                chart.draw_series(std::iter::once(
                    EmptyElement::at(m)
                        + PathElement::new(vec![(-s, -s), (s, s)], WHITE.stroke_width(w))
                        + PathElement::new(vec![(-s, s), (s, -s)], WHITE.stroke_width(w)),
                ))?;
            }
        }
    } else {
        chart.plotting_area().fill(&RGBColor(235, 235, 235))?;
        chart.draw_series(std::iter::once(Text::new(
            "no finite loss on this grid",
            (x.0 + 0.05 * (x.1 - x.0), 0.5 * (y.0 + y.1)),
            style.font(12.0),
        )))?;
    }
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(data.x_label)
        .y_desc(data.y_label)
        .axis_desc_style(style.font(12.0))
        .label_style(style.font(11.0))
        .x_label_formatter(&|v| tick_on(*v, x))
        .y_label_formatter(&|v| tick_on(*v, y))
        .x_labels(6)
        .y_labels(6)
        .draw()?;

    let inside = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    let clamp = |p: (f64, f64)| (p.0.clamp(x.0, x.1), p.1.clamp(y.0, y.1));
    let path: Vec<(f64, f64)> = data
        .path
        .iter()
        .copied()
        .filter(inside)
        .map(clamp)
        .collect();
    if path.len() >= 2 {
        // The path fades with age: the newest step is opaque, the oldest shown nearly gone, so
        // a long run reads as a trail rather than a tangle.
        let orange = RGBColor(255, 140, 66);
        let n = path.len() as f64;
        let age = |i: usize| 0.12 + 0.88 * (i + 1) as f64 / n;
        chart.draw_series(trail_bands(path.len()).map(|(first, last)| {
            PathElement::new(
                path[first..=last + 1].to_vec(),
                ShapeStyle::from(&orange.mix(age(last))).stroke_width(style.px(1.5)),
            )
        }))?;
        let dot = style.px(2.0);
        chart.draw_series(
            path.iter()
                .enumerate()
                .map(|(i, &p)| Circle::new(p, dot, orange.mix(age(i)).filled())),
        )?;
    }
    if let Some(start) = data.start.filter(inside) {
        chart.draw_series(std::iter::once(Circle::new(
            clamp(start),
            style.px(5.0),
            WHITE.stroke_width(style.px(2.0)),
        )))?;
    }
    if let Some(&current) = path.last() {
        chart.draw_series(std::iter::once(Circle::new(
            current,
            style.px(6.0),
            ACCENT.filled(),
        )))?;
        chart.draw_series(std::iter::once(Circle::new(
            current,
            style.px(6.0),
            WHITE.stroke_width(style.px(1.5)),
        )))?;
    }
    // The current point outside the frame (a held frame it has left, or a coordinate too far
    // out to frame): an arrow at the edge where it left, pointing its way, with its value.
    if let Some(raw) = data.path.iter().rev().copied().find(inside) {
        let edge = clamp(raw);
        if edge != raw {
            let dx = (raw.0 - edge.0).signum() as i32 * i32::from(raw.0 != edge.0);
            // Pixel y grows downwards.
            let dy = -((raw.1 - edge.1).signum() as i32) * i32::from(raw.1 != edge.1);
            let len = style.px(16.0) as i32;
            let head = style.px(6.0) as i32;
            // The arrow stops just inside the current point's dot, so its head stays visible.
            let clear = style.px(8.0) as i32;
            let tip = (-dx * clear, -dy * clear);
            let tail = (tip.0 - dx * len, tip.1 - dy * len);
            let (px_, py_) = (tip.0 - dx * head, tip.1 - dy * head);
            // The head's two barbs: back along the shaft, turned ±90°.
            let barb1 = (px_ - dy * head / 2, py_ + dx * head / 2);
            let barb2 = (px_ + dy * head / 2, py_ - dx * head / 2);
            let stroke = ACCENT.stroke_width(style.px(2.5));
            let mut parts = Vec::new();
            if raw.0 != edge.0 {
                parts.push(format!("{} = {}", data.x_label, tick(&raw.0)));
            }
            if raw.1 != edge.1 {
                parts.push(format!("{} = {}", data.y_label, tick(&raw.1)));
            }
            let anchor = Pos::new(
                if dx > 0 { HPos::Right } else { HPos::Left },
                if dy < 0 { VPos::Top } else { VPos::Bottom },
            );
            let text_at = (
                tail.0 - dx * 4 + if dx == 0 { 6 } else { 0 },
                tail.1 - dy * 4,
            );
            let label = format!("now off the frame: {}", parts.join(", "));
            let font = style.font(11.0).color(&ACCENT).pos(anchor);
            // A white card behind the label keeps it legible over any heatmap colour.
            let (w, h) = chart
                .plotting_area()
                .estimate_text_size(&label, &font)
                .unwrap_or((0, 0));
            let (w, h, pad) = (w as i32, h as i32, style.px(2.0) as i32);
            let x0 = if dx > 0 { text_at.0 - w } else { text_at.0 };
            let y0 = if dy < 0 { text_at.1 } else { text_at.1 - h };
            chart.draw_series(std::iter::once(
                EmptyElement::at(edge)
                    + Rectangle::new(
                        [(x0 - pad, y0 - pad), (x0 + w + pad, y0 + h + pad)],
                        WHITE.mix(0.85).filled(),
                    )
                    + PathElement::new(vec![tail, tip], stroke)
                    + PathElement::new(vec![barb1, tip, barb2], stroke)
                    + Text::new(label, text_at, font),
            ))?;
        }
    }
    if let Some(extent) = extent {
        // Cells below the scale's floor (or exactly 0) share its colour: the label says ≤.
        let floored = data
            .loss
            .iter()
            .any(|v| v.is_finite() && (*v <= 0.0 || v.log10() < extent.0));
        colour_bar(&bar, extent, floored, style)?;
    }
    area.present()?;
    Ok(())
}

/// A vertical colour bar for the log₁₀ loss scale, labelled in loss units; `floored` marks
/// the bottom label ≤ when some cells lie below it.
fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    extent: (f64, f64),
    floored: bool,
    style: &Style,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let top = style.px(34.0) as i32;
    let bottom = h as i32 - style.px(42.0) as i32;
    if bottom <= top + 4 || w < 8 {
        return Ok(());
    }
    let left = style.px(6.0) as i32;
    let right = left + style.px(12.0) as i32;
    let steps = 48;
    for k in 0..steps {
        let t0 = k as f64 / steps as f64;
        let y0 = bottom - ((bottom - top) as f64 * t0) as i32;
        let y1 = bottom - ((bottom - top) as f64 * (k + 1) as f64 / steps as f64) as i32;
        let v = 10f64.powf(extent.0 + (extent.1 - extent.0) * (t0 + 0.5 / steps as f64));
        area.draw(&Rectangle::new(
            [(left, y1), (right, y0)],
            heat::colour(v, extent).filled(),
        ))?;
    }
    area.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        INK.stroke_width(1),
    ))?;
    let label = |v: f64| format_loss(10f64.powf(v));
    let font = style.font(10.0);
    area.draw(&Text::new(
        label(extent.1),
        (right + 3, top - 4),
        font.clone(),
    ))?;
    let floor = if floored {
        format!("≤{}", label(extent.0))
    } else {
        label(extent.0)
    };
    area.draw(&Text::new(floor, (right + 3, bottom - 8), font.clone()))?;
    area.draw(&Text::new(
        "loss",
        (left, top - style.px(18.0) as i32),
        font,
    ))?;
    Ok(())
}

/// A loss value in at most 3 significant digits, scientific outside 0.01..10⁴.
pub fn format_loss(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let a = v.abs();
    if a != 0.0 && !(0.01..1e4).contains(&a) {
        format!("{v:.1e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::{trail_bands, TRAIL_BANDS};

    #[test]
    fn the_trail_bands_cover_every_segment_once_in_order() {
        for points in [0, 1, 2, 3, 16, 17, 18, 200, 1000] {
            let bands: Vec<_> = trail_bands(points).collect();
            let segments = points.saturating_sub(1);
            assert_eq!(bands.len(), segments.min(TRAIL_BANDS), "{points} points");
            let mut next = 0;
            for &(first, last) in &bands {
                assert_eq!(first, next, "{points} points: bands {bands:?}");
                assert!(last >= first, "{points} points: bands {bands:?}");
                next = last + 1;
            }
            assert_eq!(next, segments, "{points} points: bands {bands:?}");
        }
        // 199 segments in 16 bands of 12 or 13 (199 = 16 · 12 + 7).
        let sizes: Vec<usize> = trail_bands(200).map(|(a, b)| b - a + 1).collect();
        assert!(sizes.iter().all(|&s| s == 12 || s == 13), "{sizes:?}");
    }
}
