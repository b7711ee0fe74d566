//! The heatmap of a loss grid as an RGBA image, and its contour lines.
//!
//! Colour encodes log₁₀ L (losses on a landscape span decades), through plotters' viridis
//! colour map: dark = low loss, yellow = high. Cells whose loss is not finite are drawn grey.

use plotters::style::colors::colormaps::ColorMap;
use plotters::style::colors::colormaps::ViridisRGB;
use plotters::style::RGBColor;

/// An RGBA image, rows top to bottom, 4 bytes per pixel.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// `width · height · 4` bytes, row-major from the top-left.
    pub rgba: Vec<u8>,
}

/// Colour of a non-finite cell.
pub const NON_FINITE: RGBColor = RGBColor(150, 150, 150);

/// Most decades the colour scale spans: a landscape over a wide range can hold cells from 10⁻³²³
/// (a saturated, right prediction) to 10⁶, and a scale stretched over all of them paints the
/// ln 2 plateau, the valley and most of the ramp one colour. Cells further below share the
/// floor's colour, and the colour bar labels the floor "≤".
pub const MAX_DECADES: f64 = 8.0;

/// The (min, max) of log₁₀ over the positive finite values of `loss`, the min raised to at
/// most [`MAX_DECADES`] below the max; `None` if there are none. When every value is equal,
/// max = min + 1 so that the colour scale is never empty.
pub fn log_extent(loss: &[f64]) -> Option<(f64, f64)> {
    let (lo, hi) = loss
        .iter()
        .filter(|v| v.is_finite() && **v > 0.0)
        .map(|v| v.log10())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if lo > hi {
        return None;
    }
    let lo = lo.max(hi - MAX_DECADES);
    Some(if hi > lo { (lo, hi) } else { (lo, lo + 1.0) })
}

/// The colour of loss `v` on the scale `extent` (log₁₀ bounds): the bottom of the scale for
/// v ≤ 0 and for any v when a bound is NaN; on an extent of one value, values above it get the
/// top and the rest the bottom.
pub fn colour(v: f64, extent: (f64, f64)) -> RGBColor {
    if !v.is_finite() {
        return NON_FINITE;
    }
    let t = (v.log10() - extent.0) / (extent.1 - extent.0);
    // plotters unwraps a NaN position into a panic (`to_usize` of NaN); v ≤ 0, an extent of
    // one value or a NaN bound all give one here.
    let t = if v > 0.0 && !t.is_nan() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    ViridisRGB.get_color_normalized(t, 0.0, 1.0)
}

/// The heatmap of a row-major `nx × ny` grid whose row 0 is the *lowest* y: the image is
/// flipped so that its top row is the highest y, as on screen. A grid that does not hold
/// nx·ny values gives an empty image (0 × 0).
pub fn image(loss: &[f64], nx: usize, ny: usize, extent: (f64, f64)) -> Image {
    if nx.checked_mul(ny) != Some(loss.len()) {
        return Image {
            width: 0,
            height: 0,
            rgba: Vec::new(),
        };
    }
    let mut rgba = Vec::with_capacity(loss.len() * 4);
    for row in (0..ny).rev() {
        for v in &loss[row * nx..(row + 1) * nx] {
            let RGBColor(r, g, b) = colour(*v, extent);
            rgba.extend_from_slice(&[r, g, b, 255]);
        }
    }
    Image {
        width: nx as u32,
        height: ny as u32,
        rgba,
    }
}

/// Contour lines of log₁₀ L at `levels` evenly spaced values strictly inside `extent`, as
/// polylines in grid coordinates (x = column index 0..nx−1, y = row index 0..ny−1).
pub fn contours(
    loss: &[f64],
    nx: usize,
    ny: usize,
    extent: (f64, f64),
    levels: usize,
) -> Vec<Vec<(f64, f64)>> {
    if nx < 2 || ny < 2 || loss.len() != nx * ny {
        return Vec::new();
    }
    // Non-finite cells count as the top of the scale so that lines close around them.
    let field: Vec<f64> = loss
        .iter()
        .map(|&v| {
            if v.is_finite() && v > 0.0 {
                v.log10()
            } else if v.is_finite() {
                extent.0
            } else {
                extent.1
            }
        })
        .collect();
    let thresholds: Vec<f64> = (1..=levels)
        .map(|k| extent.0 + (extent.1 - extent.0) * k as f64 / (levels + 1) as f64)
        .collect();
    let builder = contour::ContourBuilder::new(nx, ny, true);
    let Ok(lines) = builder.lines(&field, &thresholds) else {
        return Vec::new();
    };
    // The builder closes every ring along the outer border of the grid (as if the outside were
    // below every level); those border runs are not isolines, so lines are cut there.
    let on_border = |x: f64, y: f64| x <= 0.0 || y <= 0.0 || x >= nx as f64 || y >= ny as f64;
    let mut out = Vec::new();
    for line in &lines {
        for ls in line.geometry() {
            let mut piece: Vec<(f64, f64)> = Vec::new();
            for p in ls.points() {
                if on_border(p.x(), p.y()) {
                    if piece.len() >= 2 {
                        out.push(core::mem::take(&mut piece));
                    }
                    piece.clear();
                } else {
                    // Sample (i, j) sits at the centre of cell [i, i+1] × [j, j+1].
                    piece.push((p.x() - 0.5, p.y() - 0.5));
                }
            }
            if piece.len() >= 2 {
                out.push(piece);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_range_keeps_plateau_valley_and_ramp_apart() {
        // (w2, w3) ∈ [−1000, 1000]², one sample x = 1, y = 0 (issue 9): cells from a saturated
        // right prediction (9.9e−324) through the ln 2 plateau and 1.31 up to 10⁶.
        let loss = [9.9e-324, std::f64::consts::LN_2, 1.31, 10.0, 1e3, 1e6];
        let extent = log_extent(&loss).unwrap();
        assert_eq!(extent, (6.0 - MAX_DECADES, 6.0));
        let c: Vec<RGBColor> = loss.iter().map(|&v| colour(v, extent)).collect();
        let far = |a: RGBColor, b: RGBColor| {
            let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).abs();
            d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2) > 12
        };
        for i in 1..loss.len() {
            for j in i + 1..loss.len() {
                assert!(far(c[i], c[j]), "{} and {} look alike", loss[i], loss[j]);
            }
        }
        // The tiny cell takes the floor's colour.
        assert_eq!(c[0], colour(10f64.powf(extent.0), extent));
    }

    #[test]
    fn extent_ignores_non_finite_and_non_positive() {
        assert_eq!(
            log_extent(&[f64::NAN, 0.0, 1.0, 100.0, f64::INFINITY]),
            Some((0.0, 2.0))
        );
        assert_eq!(log_extent(&[10.0, 10.0]), Some((1.0, 2.0)));
        assert_eq!(log_extent(&[f64::NAN]), None);
    }

    /// Found by `tests/range_properties.rs`: an extent of one value or with a NaN bound made
    /// the colour position NaN, and plotters' colour map unwrapped it into a panic.
    #[test]
    fn colours_on_a_one_value_or_nan_extent_never_panic() {
        let bottom = colour(1.0, (0.0, 2.0));
        let top = colour(100.0, (0.0, 2.0));
        for extent in [(f64::NAN, f64::NAN), (f64::NAN, 2.0), (0.0, f64::NAN)] {
            for v in [1e306, 1.0, 1000.0, 0.0, -1.0] {
                assert_eq!(colour(v, extent), bottom, "{v} on {extent:?}");
            }
        }
        assert_eq!(colour(10.0, (1.0, 1.0)), bottom);
        assert_eq!(colour(1.0, (1.0, 1.0)), bottom);
        assert_eq!(colour(1e306, (1.0, 1.0)), top);
        assert_eq!(colour(f64::NAN, (f64::NAN, f64::NAN)), NON_FINITE);
    }

    /// Found by `tests/range_properties.rs`: a grid shorter than nx·ny sliced past its end.
    #[test]
    fn an_image_of_a_grid_of_the_wrong_size_is_empty() {
        for (loss, nx, ny) in [
            (&[][..], 1, 1),
            (&[1.0, 2.0][..], 2, 2),
            (&[1.0][..], usize::MAX, 2),
        ] {
            let img = image(loss, nx, ny, (0.0, 1.0));
            assert_eq!((img.width, img.height, img.rgba.len()), (0, 0, 0));
        }
    }

    #[test]
    fn image_is_flipped_and_grey_where_non_finite() {
        // Row 0 (lowest y) = [1, NaN]; row 1 = [10, 100].
        let img = image(&[1.0, f64::NAN, 10.0, 100.0], 2, 2, (0.0, 2.0));
        assert_eq!((img.width, img.height, img.rgba.len()), (2, 2, 16));
        let px = |i: usize| (img.rgba[4 * i], img.rgba[4 * i + 1], img.rgba[4 * i + 2]);
        let lo = colour(1.0, (0.0, 2.0));
        assert_eq!(
            px(2),
            (lo.0, lo.1, lo.2),
            "bottom-left pixel is the lowest loss"
        );
        assert_eq!(px(3), (150, 150, 150));
        assert_ne!(px(0), px(1));
    }

    #[test]
    fn contour_of_a_ramp_sits_where_the_ramp_crosses_the_level() {
        // log10 L = column index / 2 on a 5 × 3 grid: 0, 0.5, 1, 1.5, 2. One level at 1 → x = 2.
        let nx = 5;
        let loss: Vec<f64> = (0..15).map(|i| 10f64.powf((i % nx) as f64 / 2.0)).collect();
        let lines = contours(&loss, nx, 3, (0.0, 2.0), 1);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].len(), 3, "one vertical isoline across the 3 rows");
        for line in &lines {
            for &(x, _) in line {
                assert!((x - 2.0).abs() < 1e-9, "x = {x}");
            }
        }
    }
}
