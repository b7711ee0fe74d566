//! Canvas glue: a plotters backend for a canvas element, the heatmap blit (onto the chart's
//! canvas or onto a layer of its own), and the heatmap as a PNG from the browser's encoder.

mod measured;

use gradscope_charts::heat::Image;
use gradscope_charts::PixelRect;
pub use measured::MeasuredCanvas;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast, JsError, JsValue};
use web_sys::{CanvasRenderingContext2d, Document, HtmlCanvasElement, ImageData};

use crate::surface::Surface;

/// A plotters backend drawing on `canvas` at its backing size (`canvas.width × canvas.height`,
/// which the page sets to the CSS size times `devicePixelRatio`), measuring its labels with the
/// canvas (no styled `<span>` in the page: see [`measured`]).
pub fn backend(canvas: &HtmlCanvasElement) -> Result<Surface<'static>, JsError> {
    if canvas.width() == 0 || canvas.height() == 0 {
        return Err(JsError::new(
            "the chart's canvas has no size (is it hidden?)",
        ));
    }
    let no_context = || JsError::new("this browser gave no 2D drawing context for the chart");
    let inner = CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(no_context)?;
    Ok(Surface::Canvas(MeasuredCanvas::new(
        inner,
        context(canvas).map_err(|_| no_context())?,
    )))
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// A canvas context kept for measuring the labels of SVG figures drawn in the page.
    static MEASURE: std::cell::RefCell<Option<CanvasRenderingContext2d>> = const { std::cell::RefCell::new(None) };
}

/// The size of `text` in `style` measured on a scratch canvas (`None` without a document):
/// how SVG figures drawn in the page place their labels, without the styled `<span>` that
/// plotters' own web measurement appends to the page (see [`measured`]).
#[cfg(target_arch = "wasm32")]
pub fn measure_text<S: plotters_backend::BackendTextStyle>(
    text: &str,
    style: &S,
) -> Option<(u32, u32)> {
    MEASURE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let document = web_sys::window()?.document()?;
            let canvas: HtmlCanvasElement =
                document.create_element("canvas").ok()?.dyn_into().ok()?;
            *slot = context(&canvas).ok();
        }
        measured::measure(slot.as_ref()?, text, style).ok()
    })
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2D context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("not a 2D context"))
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The scratch canvas the heatmap goes through, kept from one frame to the next: a new
    /// canvas element and context every frame of play was garbage for the page to collect.
    static SCRATCH: std::cell::RefCell<Option<(HtmlCanvasElement, CanvasRenderingContext2d)>> =
        const { std::cell::RefCell::new(None) };
}

/// A canvas the size of `image` holding its pixels (`putImageData`), valid until the next call:
/// one canvas of `document` is made once and reused (outside wasm, a new one each call).
fn scratch(document: &Document, image: &Image) -> Result<HtmlCanvasElement, JsValue> {
    let make = || -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), JsValue> {
        let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        let ctx = context(&canvas)?;
        Ok((canvas, ctx))
    };
    #[cfg(target_arch = "wasm32")]
    let (canvas, ctx) = SCRATCH.with(|cell| -> Result<_, JsValue> {
        let mut slot = cell.borrow_mut();
        if let Some(pair) = slot.as_ref() {
            return Ok(pair.clone());
        }
        let pair = make()?;
        *slot = Some(pair.clone());
        Ok(pair)
    })?;
    #[cfg(not(target_arch = "wasm32"))]
    let (canvas, ctx) = make()?;
    put_pixels(&canvas, &ctx, image)?;
    Ok(canvas)
}

/// Makes `canvas` (drawn through `ctx`) the size of `image` and writes its pixels, one canvas
/// pixel per image pixel (`putImageData`).
fn put_pixels(
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    image: &Image,
) -> Result<(), JsValue> {
    // Setting a size, even the same one, clears the canvas and its state; putImageData below
    // writes every pixel anyway.
    if canvas.width() != image.width || canvas.height() != image.height {
        canvas.set_width(image.width);
        canvas.set_height(image.height);
    }
    let data = ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(&image.rgba),
        image.width,
        image.height,
    )?;
    ctx.put_image_data(&data, 0.0, 0.0)
}

/// `image` as a PNG data URL (`data:image/png;base64,…`), encoded by the browser
/// (`toDataURL` of a scratch canvas), so the module carries no PNG encoder. Errors: no
/// document (a worker), or the browser's.
pub fn png_data_url(image: &Image) -> Result<String, String> {
    let run = || -> Result<String, JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document to encode the heatmap with"))?;
        scratch(&document, image)?.to_data_url()
    };
    run().map_err(|e| format!("{e:?}"))
}

/// Where `image` goes to fill `rect` as a smooth surface, `[left, top, width, height]` in the
/// target's pixels: grid sample i sits on the plot at i/(n−1) of the width, but image pixel i is
/// centred at (i + ½)/n of the drawn width, so the image is widened by half a cell on each side
/// (and clipped to `rect` by whoever draws it).
fn widened(image: &Image, rect: PixelRect) -> [f64; 4] {
    let (w, h) = (f64::from(rect.width), f64::from(rect.height));
    let cell_x = w / f64::from(image.width.max(2) - 1);
    let cell_y = h / f64::from(image.height.max(2) - 1);
    [
        f64::from(rect.left) - 0.5 * cell_x,
        f64::from(rect.top) - 0.5 * cell_y,
        w + cell_x,
        h + cell_y,
    ]
}

/// Draws `image` scaled into `rect` of `canvas`: `putImageData` onto an image-sized scratch
/// canvas, then one `drawImage` with smoothing, so a 100 × 100 grid costs two calls, not
/// 10 000 rectangles.
pub fn blit(canvas: &HtmlCanvasElement, image: &Image, rect: PixelRect) -> Result<(), String> {
    let run = || -> Result<(), JsValue> {
        let document = canvas
            .owner_document()
            .ok_or_else(|| JsValue::from_str("canvas has no document"))?;
        let scratch = scratch(&document, image)?;
        let [x, y, w, h] = widened(image, rect);
        let ctx = context(canvas)?;
        ctx.save();
        ctx.begin_path();
        ctx.rect(
            f64::from(rect.left),
            f64::from(rect.top),
            f64::from(rect.width),
            f64::from(rect.height),
        );
        ctx.clip();
        ctx.set_image_smoothing_enabled(true);
        let drawn = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&scratch, x, y, w, h);
        ctx.restore();
        drawn
    };
    run().map_err(|e| format!("{e:?}"))
}

/// Where a heatmap put on a layer of its own ([`blit_to_layer`]) goes over its chart's canvas,
/// in the canvas's pixels: `[clip left, clip top, clip width, clip height, image left, image
/// top, image width, image height]`. The clip is the plotting area; the image is widened by
/// half a cell on each side (see [`widened`]). The page places the layer in percentages of the
/// canvas's backing size (`placeHeat` in `www/charts.js`).
pub type Placement = [f64; 8];

/// Puts `image` on `layer`, a canvas the page stacks under `canvas` (its backing becomes one
/// pixel per grid sample), and clears `rect` on `canvas` so the layer shows through; the page
/// then places the layer where the returned [`Placement`] says and the compositor scales it.
/// The same picture as [`blit`], without a scaled `drawImage` on the page's thread each frame
/// (≈ 7 ms of a frame of play at 1280 × 800, DPR 2, in software-rendered Chromium).
pub fn blit_to_layer(
    canvas: &HtmlCanvasElement,
    layer: &HtmlCanvasElement,
    image: &Image,
    rect: PixelRect,
) -> Result<Placement, String> {
    let run = || -> Result<Placement, JsValue> {
        put_pixels(layer, &context(layer)?, image)?;
        let (left, top) = (f64::from(rect.left), f64::from(rect.top));
        let (w, h) = (f64::from(rect.width), f64::from(rect.height));
        context(canvas)?.clear_rect(left, top, w, h);
        let [x, y, iw, ih] = widened(image, rect);
        Ok([left, top, w, h, x, y, iw, ih])
    };
    run().map_err(|e| format!("{e:?}"))
}
