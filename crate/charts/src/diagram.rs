//! The network diagram: one column of nodes per layer (the input x, the hidden layers, the output
//! ŷ), one edge per weight. Edge thickness is on a log scale of the shown magnitude — a weight's
//! |w|, or its gradient's |∂L/∂w| — so 0.5, 5 and 500 read differently; colour gives the sign.
//! Hidden units that are off for every sample are drawn hollow and crossed out. Layers wider
//! than [`MAX_SHOWN`] show their first units and a count of the rest.
//!
//! [`layout`] is pure geometry, shared by drawing and by picking a weight under the pointer.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::style::{ACCENT, INK, SERIES};
use crate::{ChartError, Style};

/// Most units drawn per layer.
pub const MAX_SHOWN: usize = 8;

/// Where everything sits, in the area's pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// `nodes[l][j]`: centre of unit j (among those shown) of layer l = 0..=L.
    pub nodes: Vec<Vec<(f64, f64)>>,
    /// Node radius.
    pub radius: f64,
}

/// The layout for layer `widths` in a `width × height` pixel area (margins included).
pub fn layout(widths: &[usize], width: f64, height: f64, scale: f64) -> Layout {
    let columns = widths.len().max(2);
    let margin = 24.0 * scale;
    let dx = (width - 2.0 * margin).max(1.0) / (columns - 1) as f64;
    let rows = widths.iter().map(|&w| w.min(MAX_SHOWN)).max().unwrap_or(1);
    // Room at the top for the legend line and at the bottom for "+N more".
    let dy = (height - 3.0 * margin).max(1.0) / rows.max(1) as f64;
    let radius = (0.3 * dx.min(dy)).clamp(2.0 * scale, 9.0 * scale);
    let nodes = widths
        .iter()
        .enumerate()
        .map(|(l, &w)| {
            let shown = w.min(MAX_SHOWN);
            let top = 0.5 * height - 0.5 * dy * (shown as f64 - 1.0);
            (0..shown)
                .map(|j| (margin + dx * l as f64, top + dy * j as f64))
                .collect()
        })
        .collect();
    Layout { nodes, radius }
}

/// What the diagram shows.
#[derive(Debug, Clone, Copy)]
pub struct Diagram<'a> {
    /// Layer widths `[1, n1, …, 1]`.
    pub widths: &'a [usize],
    /// Per weight layer l = 1..=L, the shown magnitude of `W_l[j][k]` row-major (signed: the
    /// sign sets the colour).
    pub edges: &'a [Vec<f64>],
    /// Per hidden layer l = 1..L−1, whether unit j is off for every sample.
    pub dead: &'a [Vec<bool>],
    /// The selected weight (layer 1-based, row j, column k), drawn highlighted.
    pub selected: Option<(usize, usize, usize)>,
    /// What the thickness shows, for the legend ("|w|" or "|∂L/∂w|").
    pub quantity: &'a str,
}

/// Thickness in CSS pixels for magnitude `m` on a log scale: 1 at 0.01, +1.1 per decade,
/// from 0.4 to 9.
pub fn thickness(m: f64) -> f64 {
    if !(m.is_finite() && m > 0.0) {
        return if m.is_infinite() { 9.0 } else { 0.4 };
    }
    (1.0 + 1.1 * (m.log10() + 2.0)).clamp(0.4, 9.0)
}

/// Draws the diagram.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Diagram,
    style: &Style,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let lay = layout(data.widths, f64::from(w), f64::from(h), style.scale);
    let at = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    let positive = SERIES[0];
    let negative = SERIES[1];
    for l in 1..data.widths.len() {
        let (n_in, n_out) = (data.widths[l - 1], data.widths[l]);
        let Some(values) = data.edges.get(l - 1) else {
            continue;
        };
        for (j, &to) in lay.nodes[l].iter().enumerate() {
            for (k, &from) in lay.nodes[l - 1].iter().enumerate() {
                let v = values.get(j * n_in + k).copied().unwrap_or(f64::NAN);
                let selected = data.selected == Some((l, j, k));
                let colour = if selected {
                    ACCENT
                } else if v < 0.0 {
                    negative
                } else {
                    positive
                };
                let alpha = if selected { 1.0 } else { 0.75 };
                area.draw(&PathElement::new(
                    vec![at(from), at(to)],
                    ShapeStyle::from(&colour.mix(alpha)).stroke_width(
                        style.px(thickness(v.abs()) + if selected { 1.5 } else { 0.0 }),
                    ),
                ))?;
            }
        }
        if n_out > MAX_SHOWN {
            if let Some(&(x, y)) = lay.nodes[l].last() {
                // "+N more" where the columns leave room for it, else "+N"; where even that is
                // wider than a column (a deep network at a phone's width), every k-th column's.
                let font = style.font(10.0).pos(Pos::new(HPos::Center, VPos::Top));
                let room = 0.9 * (lay.nodes[1][0].0 - lay.nodes[0][0].0).max(1.0);
                let long = format!("+{} more", n_out - MAX_SHOWN);
                let short = format!("+{}", n_out - MAX_SHOWN);
                let width = |t: &str| area.estimate_text_size(t, &font).map(|(w, _)| f64::from(w));
                let (text, every) = if width(&long)? <= room {
                    (long, 1)
                } else {
                    (
                        short.clone(),
                        (width(&short)? / room).ceil().max(1.0) as usize,
                    )
                };
                if (l - 1) % every == 0 {
                    area.draw(&Text::new(
                        text,
                        (x.round() as i32, (y + 2.2 * lay.radius).round() as i32),
                        font,
                    ))?;
                }
            }
        }
    }
    let r = lay.radius.round().max(2.0) as i32;
    let last = data.widths.len() - 1;
    for (l, column) in lay.nodes.iter().enumerate() {
        for (j, &p) in column.iter().enumerate() {
            let dead = l > 0
                && l < last
                && data.dead.get(l - 1).and_then(|d| d.get(j)).copied() == Some(true);
            if dead {
                area.draw(&Circle::new(at(p), r, WHITE.filled()))?;
                area.draw(&Circle::new(
                    at(p),
                    r,
                    INK.mix(0.5).stroke_width(style.px(1.2)),
                ))?;
                let d = (0.7 * f64::from(r)) as i32;
                let (cx, cy) = at(p);
                for (a, b) in [((-d, -d), (d, d)), ((-d, d), (d, -d))] {
                    area.draw(&PathElement::new(
                        vec![(cx + a.0, cy + a.1), (cx + b.0, cy + b.1)],
                        ACCENT.stroke_width(style.px(1.4)),
                    ))?;
                }
            } else {
                area.draw(&Circle::new(at(p), r, INK.filled()))?;
            }
        }
    }
    for (l, text) in [(0, "x"), (last, "ŷ")] {
        if let Some(&(x, y)) = lay.nodes[l].first() {
            area.draw(&Text::new(
                text,
                (x.round() as i32, (y - 1.6 * lay.radius).round() as i32),
                style.font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
        }
    }
    // No-break spaces keep "blue +", "orange −" and "⊗ a" on one line when the legend wraps.
    let legend = format!(
        "thickness: {} on a log scale (1 px at 0.01, +1 px per decade); blue\u{a0}+, orange\u{a0}−; ⊗\u{a0}a unit off for every sample",
        data.quantity
    );
    let font = style.font(10.0).pos(Pos::new(HPos::Left, VPos::Top));
    let (left, top) = (style.px(6.0) as i32, style.px(3.0) as i32);
    let room = (i64::from(w) - 2 * i64::from(left)).max(1) as u32;
    let line_height = style.px(10.0 * 1.25) as i32;
    for (k, line) in wrap(&legend, room, |t| area.estimate_text_size(t, &font))?
        .iter()
        .enumerate()
    {
        area.draw(&Text::new(
            line.as_str(),
            (left, top + line_height * k as i32),
            font.clone(),
        ))?;
    }
    area.present()?;
    Ok(())
}

/// `text` broken at spaces into lines no wider than `width` pixels as `measure` (the backend's
/// text size) gives them; a word wider than `width` gets a line of its own. Errors: `measure`'s.
fn wrap<E>(
    text: &str,
    width: u32,
    measure: impl Fn(&str) -> Result<(u32, u32), E>,
) -> Result<Vec<String>, E> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if measure(&format!("{line} {word}"))?.0 <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    Ok(lines)
}

/// The weight whose edge passes nearest to pixel `(px, py)` within `tolerance` pixels, as
/// (layer 1-based, row j, column k); `None` if none is that close.
pub fn hit(layout: &Layout, px: f64, py: f64, tolerance: f64) -> Option<(usize, usize, usize)> {
    let mut best: Option<((usize, usize, usize), f64)> = None;
    for l in 1..layout.nodes.len() {
        for (j, &b) in layout.nodes[l].iter().enumerate() {
            for (k, &a) in layout.nodes[l - 1].iter().enumerate() {
                let d = distance_to_segment((px, py), a, b);
                if d <= tolerance && best.is_none_or(|(_, e)| d < e) {
                    best = Some(((l, j, k), d));
                }
            }
        }
    }
    best.map(|(id, _)| id)
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let len2 = vx * vx + vy * vy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * vx + (p.1 - a.1) * vy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a.0 + t * vx, a.1 + t * vy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thickness_reads_decades() {
        assert!((thickness(0.01) - 1.0).abs() < 1e-12);
        assert!((thickness(0.5) - (1.0 + 1.1 * (0.5f64.log10() + 2.0))).abs() < 1e-12);
        assert!(thickness(5.0) - thickness(0.5) > 1.0);
        assert!(thickness(500.0) - thickness(5.0) > 2.0);
        assert_eq!(thickness(0.0), 0.4);
        assert_eq!(thickness(f64::NAN), 0.4);
        assert_eq!(thickness(f64::INFINITY), 9.0);
    }

    #[test]
    fn the_pointer_picks_the_nearest_edge() {
        // Seed network in a 400 × 200 area: nodes on one horizontal line, 3 edges.
        let lay = layout(&[1, 1, 1, 1], 400.0, 200.0, 1.0);
        let (a, b) = (lay.nodes[1][0], lay.nodes[2][0]);
        let mid = (0.5 * (a.0 + b.0), 0.5 * (a.1 + b.1) + 2.0);
        assert_eq!(hit(&lay, mid.0, mid.1, 6.0), Some((2, 0, 0)));
        assert_eq!(hit(&lay, mid.0, mid.1 + 50.0, 6.0), None);
        // Wide layers show at most MAX_SHOWN units.
        let wide = layout(&[1, 32, 1], 400.0, 300.0, 1.0);
        assert_eq!(wide.nodes[1].len(), MAX_SHOWN);
    }

    #[test]
    fn the_legend_wraps_at_spaces_to_the_width() {
        // 10 px a character: "aa bbb" is 60 px wide.
        let measure = |t: &str| Ok::<_, ()>((10 * t.chars().count() as u32, 10));
        assert_eq!(
            wrap("aa bbb cc d", 60, measure),
            Ok(vec!["aa bbb".into(), "cc d".into()])
        );
        assert_eq!(
            wrap("aa bbb cc d", 1000, measure),
            Ok(vec!["aa bbb cc d".into()])
        );
        // A word wider than the room keeps a line of its own rather than being cut.
        assert_eq!(
            wrap("a verylongword b", 50, measure),
            Ok(vec!["a".into(), "verylongword".into(), "b".into()])
        );
    }
}
