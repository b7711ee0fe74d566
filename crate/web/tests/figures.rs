//! Figures drawn natively: every chart of every preset as SVG through the page's view code
//! (nothing in the views may call JavaScript natively), parsed back as XML.
#![cfg(not(target_arch = "wasm32"))]

use gradscope_web::figure::{self, Chart, Size};
use gradscope_web::presets::Preset;
use gradscope_web::run::Run;
use gradscope_web::views::{GridMode, GridRequest, Views};
use roxmltree::{Document, Node};

fn figure(preset: Preset, steps: u32, chart: Chart, size: Size) -> String {
    let s = preset.setting();
    let mut run = Run::new(preset).unwrap();
    let mut views = healthy_views();
    run.step(steps);
    figure::svg(
        chart,
        &mut views,
        &run,
        s.sample,
        size,
        &figure::png_data_url,
    )
    .unwrap()
}

fn texts<'a>(doc: &'a Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect()
}

fn elements<'a, 'i>(doc: &'a Document<'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants().filter(|n| n.has_tag_name(tag)).collect()
}

#[test]
fn every_chart_of_every_preset_is_well_formed_svg_with_its_marks() {
    let size = Size::new(480.0, 320.0, 1.0).unwrap();
    for preset in Preset::ALL {
        for chart in Chart::ALL {
            let svg = figure(preset, 10, chart, size);
            let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{preset:?} {chart:?}: {e}"));
            let root = doc.root_element();
            assert_eq!(root.attribute("width"), Some("480"));
            assert!(
                !svg.contains(r##"fill="#010203""##),
                "a placeholder is left"
            );
            let what = format!("{preset:?} {chart:?}");
            match chart {
                Chart::Landscape => {
                    let t = texts(&doc);
                    assert!(t.iter().any(|t| t.starts_with("Loss landscape over")));
                    // A diverged run (deep-diverge overflows at step 7) has no finite grid.
                    let heatmaps = usize::from(!t.contains(&"no finite loss on this grid"));
                    assert_eq!(elements(&doc, "image").len(), heatmaps, "{what}");
                }
                Chart::Loss => {
                    assert!(texts(&doc).contains(&"Loss vs step"), "{what}");
                    assert!(!elements(&doc, "polyline").is_empty(), "{what}");
                }
                Chart::Diagram => assert!(elements(&doc, "circle").len() >= 3, "{what}"),
                _ => assert!(texts(&doc).len() > 4, "{what}: {:?}", texts(&doc)),
            }
        }
    }
}

#[test]
fn the_landscape_heatmap_is_one_png_placed_like_the_canvas_blit() {
    use base64::Engine;
    let svg = figure(
        Preset::W3Is500,
        50,
        Chart::Landscape,
        Size::new(640.0, 400.0, 1.0).unwrap(),
    );
    let doc = Document::parse(&svg).unwrap();
    let image = elements(&doc, "image")[0];
    let href = image.attribute("href").unwrap();
    let png = base64::engine::general_purpose::STANDARD
        .decode(href.strip_prefix("data:image/png;base64,").unwrap())
        .unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let info = decoder.read_info().unwrap().info().clone();
    assert_eq!((info.width, info.height), (96, 96), "the page's fine grid");
    // The viewport clips to the plot; the image reaches half a cell past it on each side.
    let viewport = image.parent_element().unwrap();
    let w: f64 = viewport.attribute("width").unwrap().parse().unwrap();
    let x: f64 = image.attribute("x").unwrap().parse().unwrap();
    let iw: f64 = image.attribute("width").unwrap().parse().unwrap();
    assert!((x + 0.5 * w / 95.0).abs() < 1e-3 && (iw - w * 96.0 / 95.0).abs() < 1e-3);
    // The heatmap lies under the contours and the path: they come after it.
    let order: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    let at = |tag: &str| order.iter().position(|t| *t == tag).unwrap();
    assert!(at("image") < at("polyline") && at("image") < at("circle"));
    assert!(svg.len() < 60_000, "{} bytes", svg.len());
}

/// The healthy preset's landscape as an SVG figure of 480 × 320 CSS pixels, drawn by `views`.
fn landscape_svg(views: &mut Views, run: &Run) -> String {
    let s = Preset::Healthy.setting();
    let size = Size::new(480.0, 320.0, 1.0).unwrap();
    figure::svg(
        Chart::Landscape,
        views,
        run,
        s.sample,
        size,
        &figure::png_data_url,
    )
    .unwrap()
}

/// Views of the healthy preset, as a page opens them.
fn healthy_views() -> Views {
    let s = Preset::Healthy.setting();
    Views::new(s.axes, s.overshoot, s.widths)
}

#[test]
fn a_fine_landscape_computed_band_by_band_ends_as_the_whole_grid() {
    // A budget too small for more than one band per call: the fine 96² grid takes 24 calls
    // (4 rows each); meanwhile a coarse grid of the same state is drawn, never another state's.
    let preset = Preset::Healthy;
    let mut run = Run::new(preset).unwrap();
    run.step(3);
    let draw = |views: &mut Views| landscape_svg(views, &run);
    let whole = draw(&mut healthy_views());
    let mut views = healthy_views();
    views.set_grid_mode(GridMode::Bands(1e-9));
    let mut calls = 0;
    let mut first = None;
    loop {
        let svg = draw(&mut views);
        calls += 1;
        first.get_or_insert(svg.clone());
        if !views.landscape_pending() {
            assert_eq!(
                svg, whole,
                "the finished grid is the whole grid's, bit for bit"
            );
            break;
        }
        assert!(calls < 30, "never finished");
    }
    assert_eq!(calls, 24);
    assert_ne!(
        first.unwrap(),
        whole,
        "the first frame shows the coarse grid"
    );
}

#[test]
fn a_landscape_the_workers_compute_ends_as_the_whole_grid() {
    // Workers mode: the first draw shows a coarse grid of this state and asks for the fine one;
    // computing the request with the core (what a worker runs) and delivering it gives the
    // whole grid's figure, bit for bit. A second state's request supersedes the first's, whose
    // numbers, arriving late, are then not shown over the newer grid.
    let preset = Preset::Healthy;
    let mut run = Run::new(preset).unwrap();
    run.step(3);
    let draw = landscape_svg;
    let whole = draw(&mut healthy_views(), &run);
    let mut views = healthy_views();
    views.set_grid_mode(GridMode::Workers);
    let first = draw(&mut views, &run);
    assert_ne!(first, whole, "meanwhile a coarse grid is shown");
    assert!(views.landscape_pending());
    // What a worker runs: landscape_rows, with the request packed as the page packs it
    // (landscape-workers.js); the whole grid's figure is the reference.
    let compute = |run: &Run, r: &GridRequest| {
        let net = run.network();
        let data = run.trainer().data();
        let widths: Vec<u32> = net.widths().iter().map(|&w| w as u32).collect();
        let axes = [
            r.x.index as f64,
            r.x.min,
            r.x.max,
            r.x.points as f64,
            r.y.index as f64,
            r.y.min,
            r.y.max,
            r.y.points as f64,
        ];
        let half = (r.y.points / 2) as f64;
        let mut loss = gradscope_web::landscape_rows(
            widths.clone(),
            net.hidden_activation().id(),
            &r.params,
            data.xs(),
            data.ys(),
            &axes,
            0.0,
            half,
        )
        .unwrap();
        loss.extend(
            gradscope_web::landscape_rows(
                widths,
                net.hidden_activation().id(),
                &r.params,
                data.xs(),
                data.ys(),
                &axes,
                half,
                r.y.points as f64,
            )
            .unwrap(),
        );
        loss
    };
    let request = views.take_request().expect("the fine grid is asked for");
    assert_eq!((request.x.points, request.y.points), (96, 96));
    assert_eq!(request.params, run.network().params());
    assert!(views.take_request().is_none(), "asked for once");
    assert!(
        !views.deliver(request.key + 7, compute(&run, &request)),
        "an unknown key is dropped"
    );
    assert!(
        !views.deliver(request.key, vec![0.5; 10]),
        "numbers that do not fit are dropped"
    );
    // With them the request: the next draw asks again, and that request's numbers are shown.
    draw(&mut views, &run);
    let again = views.take_request().expect("asked for again");
    assert!(again.key > request.key);
    assert!(
        !views.deliver(request.key, compute(&run, &request)),
        "the dropped request is gone"
    );
    assert!(views.deliver(again.key, compute(&run, &again)));
    assert_eq!(
        draw(&mut views, &run),
        whole,
        "the delivered grid is the whole grid's, bit for bit"
    );
    assert!(
        !views.landscape_pending(),
        "the grid shown is this state's: nothing is wanted"
    );

    // Two states later: the older state's numbers, delivered after the newer's, are dropped.
    run.step(1);
    draw(&mut views, &run);
    let older = views.take_request().unwrap();
    run.step(1);
    draw(&mut views, &run);
    let newer = views.take_request().unwrap();
    assert!(newer.key > older.key);
    assert!(views.deliver(newer.key, compute(&run, &newer)));
    let shown = draw(&mut views, &run);
    assert!(
        !views.landscape_pending(),
        "the newer state's grid is the one shown"
    );
    assert!(
        !views.deliver(older.key, vec![0.1; 96 * 96]),
        "late numbers of an older state"
    );
    assert_eq!(draw(&mut views, &run), shown, "and they changed nothing");
}

#[test]
fn grids_asked_for_before_a_restart_or_an_axis_change_are_not_shown_after() {
    let preset = Preset::Healthy;
    let run = Run::new(preset).unwrap();
    let mut views = healthy_views();
    views.set_grid_mode(GridMode::Workers);
    let draw = |views: &mut Views| landscape_svg(views, &run);
    draw(&mut views);
    let before_restart = views.take_request().unwrap();
    let n = before_restart.x.points * before_restart.y.points;
    views.reframe(); // what a restart of the run does
    assert!(
        !views.landscape_pending(),
        "nothing is wanted until the next draw"
    );
    assert!(!views.deliver(before_restart.key, vec![0.7; n]));
    draw(&mut views);
    let before_axes = views.take_request().unwrap();
    let count = run.network().param_count();
    views.set_axes(0, 1, count).unwrap();
    assert!(
        !views.deliver(before_axes.key, vec![0.7; n]),
        "of the old pair of parameters"
    );
}

#[test]
fn a_log_axis_never_labels_a_tick_0() {
    // Deep, diverges: by step 4 the loss has grown from 8.6 to ≈ 1.8e23, so the loss chart's log
    // axis spans 20-odd decades. Its low ticks (10, 1e5, …) were labelled "0" by the guard
    // against rounding noise around 0, which belongs to axes that reach 0.
    let size = Size::new(640.0, 360.0, 1.0).unwrap();
    for steps in [4, 6] {
        let svg = figure(Preset::DeepDiverge, steps, Chart::Loss, size);
        let doc = Document::parse(&svg).unwrap();
        // The y axis's labels: the numbers anchored at their end (the step axis's are centred).
        let ticks: Vec<f64> = elements(&doc, "text")
            .iter()
            .filter(|n| n.attribute("text-anchor") == Some("end"))
            .filter_map(|n| n.text()?.trim().parse::<f64>().ok())
            .collect();
        assert!(ticks.len() >= 3, "step {steps}: ticks {ticks:?}");
        assert!(
            ticks.iter().all(|&t| t > 0.0),
            "step {steps}: a log axis labelled {ticks:?}"
        );
    }
}
