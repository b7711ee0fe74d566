//! Figures: any chart of a run, as its [`Views`] show it, drawn as an SVG document — for the
//! handle's `chartSvg` and for `gradscope figure` alike, through the same view code the page's
//! canvases use. [`Chart`] is the one list of chart names.
//!
//! In SVG the landscape's heatmap is one embedded PNG `<image>`, placed and smoothed as the
//! canvas blit places it. For w3 = 500 after 50 steps at 640 × 400 and the page's 96 × 96 grid
//! that is 8 KB of base64 in a 38 KB document; one `<rect>` per run of equal cells in a row
//! came to 7 239 rectangles and 652 KB, blocky where the page is smooth. Text stays text (`font-family="sans-serif"`): the document
//! embeds no font and needs none to be made.

use core::fmt;

use gradscope_charts::heat::Image;
use gradscope_charts::{ChartError, PixelRect, Style};
use plotters::coord::Shift;
use plotters::prelude::{
    Color, DrawingArea, DrawingBackend, IntoDrawingArea, RGBColor, Rectangle, SVGBackend,
};

use crate::run::Run;
use crate::surface::Surface;
use crate::views::{DrawError, Views};

/// One chart of the explorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// The loss landscape over the views' pair of parameters (heatmap, contours, path).
    Landscape,
    /// The overshoot view (along the next update, or along one parameter).
    Overshoot,
    /// Loss vs step, log scale.
    Loss,
    /// Every parameter vs step.
    Params,
    /// σ′(z) with the chosen sample's output logit and every sample's.
    Sigmoid,
    /// Gradient magnitude per layer with the ∏|wᵢ| law, and the pre-activation spread.
    Layers,
    /// The network diagram (edge thickness from |w| or |∂L/∂w|, dead units marked).
    Diagram,
}

impl Chart {
    /// Every chart, in the order the page shows them.
    pub const ALL: [Chart; 7] = [
        Chart::Landscape,
        Chart::Overshoot,
        Chart::Loss,
        Chart::Params,
        Chart::Sigmoid,
        Chart::Layers,
        Chart::Diagram,
    ];

    /// The chart's name (`chartSvg("loss", …)`, `gradscope figure --chart loss`).
    pub fn id(self) -> &'static str {
        match self {
            Chart::Landscape => "landscape",
            Chart::Overshoot => "overshoot",
            Chart::Loss => "loss",
            Chart::Params => "params",
            Chart::Sigmoid => "sigmoid",
            Chart::Layers => "layers",
            Chart::Diagram => "diagram",
        }
    }

    /// The chart called `id`.
    pub fn from_id(id: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Every name, comma-separated, for messages that list the valid ones.
    pub fn ids() -> String {
        Chart::ALL.map(Chart::id).join(", ")
    }
}

/// Figure sides, CSS pixels: the smallest and largest accepted.
pub const SIDE_RANGE: (f64, f64) = (64.0, 4096.0);
/// Device pixels per CSS pixel: the range [`Style`] accepts.
pub const SCALE_RANGE: (f64, f64) = (0.5, 4.0);
/// The longest side in device pixels (a PNG of 8192² is already 256 MiB of RGBA).
pub const MAX_DEVICE_SIDE: u32 = 8192;

/// A figure's size: CSS pixels times a scale, in whole device pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Width, device pixels.
    pub width: u32,
    /// Height, device pixels.
    pub height: u32,
    /// Device pixels per CSS pixel (fonts, margins and strokes are scaled by it).
    pub scale: f64,
}

/// A figure size that is refused, with the sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeError(pub String);

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SizeError {}

impl Size {
    /// `width × height` CSS pixels at `scale` device pixels per CSS pixel. Errors: a side
    /// outside [`SIDE_RANGE`], a scale outside [`SCALE_RANGE`] (NaN and ∞ included), or a
    /// side above [`MAX_DEVICE_SIDE`] device pixels.
    pub fn new(width: f64, height: f64, scale: f64) -> Result<Size, SizeError> {
        let (lo, hi) = SIDE_RANGE;
        for (what, v) in [("width", width), ("height", height)] {
            if !(lo..=hi).contains(&v) {
                return Err(SizeError(format!(
                    "the figure's {what} must be from {lo} to {hi} CSS pixels (got {v})"
                )));
            }
        }
        if !(SCALE_RANGE.0..=SCALE_RANGE.1).contains(&scale) {
            return Err(SizeError(format!(
                "the figure's scale must be from {} to {} (got {scale})",
                SCALE_RANGE.0, SCALE_RANGE.1
            )));
        }
        let size = Size {
            width: (width * scale).round() as u32,
            height: (height * scale).round() as u32,
            scale,
        };
        if size.width.max(size.height) > MAX_DEVICE_SIDE {
            return Err(SizeError(format!(
                "the figure would be {} × {} device pixels; at most {MAX_DEVICE_SIDE} a side",
                size.width, size.height
            )));
        }
        Ok(size)
    }
}

/// Draws `chart` of `run` as `views` show it onto `area`: at rest (the fine landscape grid,
/// the full overshoot curve), every parameter on the parameter chart, `sample`'s logit on the
/// σ′ chart; the landscape's heatmap goes through `heat`. Errors: as the view's `draw_…`.
pub fn draw<DB: DrawingBackend>(
    chart: Chart,
    views: &mut Views,
    run: &Run,
    sample: usize,
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    heat: &mut dyn FnMut(&Image, PixelRect) -> Result<(), String>,
) -> Result<(), DrawError> {
    match chart {
        Chart::Landscape => views.draw_landscape(run, area, style, false, heat),
        Chart::Overshoot => views.draw_overshoot(run, area, style, false),
        Chart::Loss => views.draw_loss(run, area, style),
        Chart::Params => views.draw_params(run, area, style, None),
        Chart::Sigmoid => views.draw_sigmoid_slope(run, sample, area, style),
        Chart::Layers => views.draw_layers(run, area, style),
        Chart::Diagram => views.draw_diagram(run, area, style),
    }
}

/// The fill of the rectangle that holds the heatmap's place while plotters writes the SVG
/// (a colour no chart uses); [`svg`] then puts the `<image>` there, above the background and
/// below the contours, as on the canvas.
const PLACEHOLDER: RGBColor = RGBColor(1, 2, 3);
const PLACEHOLDER_FILL: &str = r##"fill="#010203""##;

/// `chart` as an SVG document of `size` (see [`draw`]), titled (captions on, as a figure
/// stands alone). The landscape's heatmap is `encode`d as a PNG data URL
/// (`data:image/png;base64,…`): by the browser on the page, by [`png_data_url`] natively.
/// Errors: as [`draw`], `encode`'s, or a data URL that is not one.
pub fn svg(
    chart: Chart,
    views: &mut Views,
    run: &Run,
    sample: usize,
    size: Size,
    encode: &dyn Fn(&Image) -> Result<String, String>,
) -> Result<String, DrawError> {
    let mut out = String::new();
    let mut heatmap = None;
    {
        let backend = SVGBackend::with_string(&mut out, (size.width, size.height));
        let area = Surface::Svg(backend).into_drawing_area();
        let placeholder = &area;
        let mut heat = |image: &Image, rect: PixelRect| {
            if heatmap.is_some() {
                return Err("the heatmap was drawn twice".to_string());
            }
            heatmap = Some(image_markup(&encode(image)?, image, rect)?);
            let corner = (rect.left + rect.width as i32, rect.top + rect.height as i32);
            placeholder
                .draw(&Rectangle::new(
                    [(rect.left, rect.top), corner],
                    PLACEHOLDER.filled(),
                ))
                .map_err(|e| e.to_string())
        };
        draw(
            chart,
            views,
            run,
            sample,
            &area,
            &Style::new(size.scale),
            &mut heat,
        )?;
        area.present().map_err(ChartError::from)?;
    }
    match heatmap {
        Some(markup) => place(&out, &markup),
        None => Ok(out),
    }
}

/// The heatmap as SVG: a viewport over `rect` (it clips) holding the image widened by half a
/// cell on each side, since grid sample i sits at i/(n−1) of the span (as in the canvas blit).
/// Errors: a `url` with characters a data URL in base64 does not have.
fn image_markup(url: &str, image: &Image, rect: PixelRect) -> Result<String, String> {
    let safe = |b: u8| b.is_ascii_alphanumeric() || b"+/=:;,.-".contains(&b);
    if !url.starts_with("data:image/png;base64,") || !url.bytes().all(safe) {
        return Err("the heatmap's encoder gave no PNG data URL".into());
    }
    let (w, h) = (f64::from(rect.width), f64::from(rect.height));
    let cell_x = w / f64::from(image.width.max(2) - 1);
    let cell_y = h / f64::from(image.height.max(2) - 1);
    Ok(format!(
        concat!(
            r#"<svg x="{x}" y="{y}" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
            r#"preserveAspectRatio="none"><image x="{ix:.3}" y="{iy:.3}" width="{iw:.3}" "#,
            r#"height="{ih:.3}" preserveAspectRatio="none" href="{url}"/></svg>"#,
        ),
        x = rect.left,
        y = rect.top,
        w = w,
        h = h,
        ix = -0.5 * cell_x,
        iy = -0.5 * cell_y,
        iw = w + cell_x,
        ih = h + cell_y,
        url = url,
    ))
}

/// `svg` with the placeholder rectangle replaced by `markup`. Errors: no placeholder (plotters
/// wrote it differently), never a figure without its heatmap.
fn place(svg: &str, markup: &str) -> Result<String, DrawError> {
    let missing = || DrawError::Chart(ChartError("the heatmap's place in the SVG is lost".into()));
    let fill = svg.find(PLACEHOLDER_FILL).ok_or_else(missing)?;
    let start = svg[..fill].rfind("<rect").ok_or_else(missing)?;
    let end = fill + svg[fill..].find("/>").ok_or_else(missing)? + 2;
    Ok(format!("{}{markup}{}", &svg[..start], &svg[end..]))
}

/// `image` as a PNG data URL (`data:image/png;base64,…`), RGB at 8 bits (the heatmap is
/// opaque): the native encoder for [`svg`]. Errors: the encoder's.
#[cfg(not(target_arch = "wasm32"))]
pub fn png_data_url(image: &Image) -> Result<String, String> {
    use base64::Engine;
    let rgb: Vec<u8> = image
        .rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    let base64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(format!("data:image/png;base64,{base64}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_sizes_are_checked() {
        for c in Chart::ALL {
            assert_eq!(Chart::from_id(c.id()), Some(c));
        }
        assert_eq!(Chart::from_id("Loss"), None);
        assert_eq!(
            Chart::ids(),
            "landscape, overshoot, loss, params, sigmoid, layers, diagram"
        );
        let s = Size::new(480.0, 320.0, 2.0).unwrap();
        assert_eq!((s.width, s.height), (960, 640));
        for (w, h, k) in [
            (f64::NAN, 100.0, 1.0),
            (100.0, 1e9, 1.0),
            (10.0, 100.0, 1.0),
            (100.0, 100.0, 0.0),
            (100.0, 100.0, f64::INFINITY),
            (4096.0, 100.0, 2.5),
        ] {
            assert!(Size::new(w, h, k).is_err(), "{w} × {h} at {k}");
        }
    }
}
