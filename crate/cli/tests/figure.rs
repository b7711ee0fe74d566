//! `gradscope figure`: SVG parsed back as XML with each chart's marks, PNG decoded at the size
//! asked for and drawn (text set in the shipped font, the curve in its colour), bad arguments
//! refused with status 2 and the valid values.

use std::path::PathBuf;
use std::process::{Command, Output};

use roxmltree::{Document, Node};

const CHARTS: [&str; 7] = [
    "landscape",
    "overshoot",
    "loss",
    "params",
    "sigmoid",
    "layers",
    "diagram",
];

fn gradscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradscope"))
        .args(args)
        .output()
        .unwrap()
}

/// A path for this test's output in Cargo's scratch directory.
fn scratch(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("figure-{name}"))
}

/// `gradscope figure …` to standard output; panics unless it succeeds.
fn figure(args: &[&str]) -> Vec<u8> {
    let mut all = vec!["figure", "-o", "-"];
    all.extend_from_slice(args);
    let out = gradscope(&all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn texts<'a>(doc: &'a Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect()
}

/// The points of the longest `polyline`: a history chart's curve.
fn longest_polyline(doc: &Document) -> Vec<(f64, f64)> {
    let points = |n: Node| -> Vec<(f64, f64)> {
        n.attribute("points")
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|p| p.split_once(','))
            .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
            .collect()
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .map(points)
        .max_by_key(Vec::len)
        .unwrap_or_default()
}

/// (rises, falls) of a curve in SVG coordinates, where y points down.
fn rises_and_falls(curve: &[(f64, f64)]) -> (usize, usize) {
    let rises = curve.windows(2).filter(|w| w[1].1 < w[0].1).count();
    let falls = curve.windows(2).filter(|w| w[1].1 > w[0].1).count();
    (rises, falls)
}

struct Png {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

fn decode(bytes: &[u8]) -> Png {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    Png {
        width: info.width,
        height: info.height,
        rgba: buf,
    }
}

impl Png {
    fn pixels(&self) -> impl Iterator<Item = &[u8]> {
        self.rgba.chunks_exact(4)
    }

    fn colours(&self) -> usize {
        let mut seen: Vec<&[u8]> = self.pixels().collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// Pixels of rows `rows` darker than mid-grey: text and axes.
    fn dark_in_rows(&self, rows: std::ops::Range<u32>) -> usize {
        let w = self.width as usize;
        self.pixels()
            .enumerate()
            .filter(|(i, _)| rows.contains(&((i / w) as u32)))
            .filter(|(_, p)| p[0] < 128 && p[1] < 128 && p[2] < 128)
            .count()
    }
}

#[test]
fn every_chart_is_well_formed_svg_with_its_marks_and_text_as_text() {
    for chart in CHARTS {
        let svg = String::from_utf8(figure(&[
            "--preset", "w3-500", "--chart", chart, "--steps", "50", "--format", "svg",
        ]))
        .unwrap();
        let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{chart}: {e}"));
        let root = doc.root_element();
        assert_eq!(
            (root.attribute("width"), root.attribute("height")),
            (Some("640"), Some("400")),
            "{chart}: the default size"
        );
        // No font inside: text stays text in the generic family.
        assert!(
            !svg.contains("@font-face") && !svg.contains("<font"),
            "{chart}"
        );
        let text_nodes: Vec<Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        assert!(!text_nodes.is_empty(), "{chart}: no text");
        for n in &text_nodes {
            assert_eq!(n.attribute("font-family"), Some("sans-serif"), "{chart}");
        }
        let t = texts(&doc);
        let images: Vec<Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("image"))
            .collect();
        match chart {
            "landscape" => {
                assert!(t.contains(&"Loss landscape over (w2, b2)"), "{t:?}");
                assert_eq!(images.len(), 1);
                let href = images[0].attribute("href").unwrap();
                assert!(href.starts_with("data:image/png;base64,"), "{href:.40}");
            }
            "loss" => assert!(t.contains(&"Loss vs step") && t.contains(&"loss (log scale)")),
            "overshoot" => assert!(t.iter().any(|s| s.starts_with("Overshoot view"))),
            "params" => assert!(t.contains(&"Parameters vs step") && t.contains(&"w3")),
            "sigmoid" => assert!(t.contains(&"σ′(z)"), "{t:?}"),
            "layers" => assert!(t.contains(&"Gradient per layer"), "{t:?}"),
            _ => assert!(
                doc.descendants()
                    .filter(|n| n.has_tag_name("circle"))
                    .count()
                    >= 4
            ),
        }
        if chart != "landscape" {
            assert!(images.is_empty(), "{chart}: only the heatmap is an image");
        }
    }
}

#[test]
fn the_loss_of_w3_500_oscillates_where_the_healthy_start_falls_every_step() {
    let curve = |preset: &str| {
        let svg = String::from_utf8(figure(&[
            "--preset", preset, "--chart", "loss", "--steps", "50",
        ]))
        .unwrap();
        longest_polyline(&Document::parse(&svg).unwrap())
    };
    let w3 = curve("w3-500");
    assert_eq!(w3.len(), 51, "steps 0 to 50");
    let (rises, falls) = rises_and_falls(&w3);
    assert!(rises >= 10 && falls >= 10, "{rises} rises, {falls} falls");
    let healthy = curve("healthy");
    assert_eq!(healthy.len(), 51);
    assert_eq!(
        rises_and_falls(&healthy).0,
        0,
        "the healthy start never rises"
    );
}

#[test]
fn png_has_the_requested_size_text_in_the_shipped_font_and_the_curve() {
    let path = scratch("loss.png");
    let path_str = path.to_str().unwrap();
    // No --format: the extension chooses PNG.
    let out = gradscope(&[
        "figure", "--preset", "w3-500", "--chart", "loss", "--steps", "50", "--width", "300",
        "--height", "200", "--scale", "2", "-o", path_str,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = decode(&std::fs::read(&path).unwrap());
    assert_eq!((png.width, png.height), (600, 400));
    assert!(png.colours() > 30, "{} colours", png.colours());
    // Above the plot (which starts about 42 CSS pixels down) there is only the title: its
    // glyphs, where resvg without a font would leave the band white.
    let title = png.dark_in_rows(0..80);
    assert!(title > 300, "{title} dark pixels in the title band");
    // The loss curve in the first series colour, Okabe–Ito blue (0, 114, 178).
    let blue = png.pixels().filter(|p| p[..3] == [0, 114, 178]).count();
    assert!(blue > 200, "{blue} curve pixels");
}

#[test]
fn the_landscape_png_is_a_heatmap_under_the_marks() {
    let png = decode(&figure(&[
        "--preset",
        "w3-500",
        "--chart",
        "landscape",
        "--steps",
        "50",
        "--format",
        "png",
    ]));
    assert_eq!((png.width, png.height), (640, 400));
    // A smooth viridis heatmap: thousands of colours, most pixels neither white nor grey.
    assert!(png.colours() > 2000, "{} colours", png.colours());
    let coloured = png
        .pixels()
        .filter(|p| p[0].abs_diff(p[1]) > 30 || p[1].abs_diff(p[2]) > 30)
        .count();
    assert!(coloured > 640 * 400 / 2, "{coloured} coloured pixels");
}

#[test]
fn bad_arguments_exit_with_status_2_and_the_valid_values() {
    let cases: [(&[&str], &[&str]); 9] = [
        (
            &["--preset", "w3-5000", "--chart", "loss"],
            &["w3-5000", "healthy", "w3-500", "deep-diverge"],
        ),
        (
            &["--preset", "w3-500", "--chart", "heatmap"],
            &[
                "heatmap",
                "landscape, overshoot, loss, params, sigmoid, layers, diagram",
            ],
        ),
        (
            &["--preset", "w3-500", "--chart", "loss", "--steps", "-1"],
            &["0 to 100000"],
        ),
        (
            &["--preset", "w3-500", "--chart", "loss", "--steps", "2.5"],
            &["0 to 100000"],
        ),
        (
            &["--preset", "w3-500", "--chart", "loss", "--steps", "100001"],
            &["0 to 100000"],
        ),
        (
            &["--preset", "w3-500", "--chart", "loss", "--width", "10"],
            &["64 to 4096"],
        ),
        (
            &["--preset", "w3-500", "--chart", "loss", "--height", "inf"],
            &["64 to 4096"],
        ),
        (
            &["--preset", "w3-500", "--chart", "loss", "--scale", "NaN"],
            &["0.5 to 4"],
        ),
        (
            &[
                "--preset", "w3-500", "--chart", "loss", "--width", "4000", "--scale", "4",
            ],
            &["at most 8192"],
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["figure", "-o", "-"];
        all.extend_from_slice(args);
        let out = gradscope(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: wrote a figure");
        for e in expected {
            assert!(err.contains(e), "{args:?}: {err}");
        }
    }
}

#[test]
fn a_run_that_diverges_is_drawn_where_it_stopped_and_says_so() {
    let out = gradscope(&[
        "figure",
        "--preset",
        "deep-diverge",
        "--chart",
        "loss",
        "--steps",
        "50",
        "-o",
        "-",
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stopped after 7 of 50 steps"), "{err}");
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(texts(&Document::parse(&svg).unwrap()).contains(&"diverged"));
}

#[test]
fn an_output_name_that_is_neither_svg_nor_png_is_refused_unless_the_format_is_given() {
    let dir = std::env::temp_dir().join(format!("gradscope-figure-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("loss.pdf");
    let path = pdf.to_str().unwrap();
    let out = gradscope(&[
        "figure", "--preset", "w3-500", "--chart", "loss", "-o", path,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("extension .pdf"));
    assert!(
        !pdf.exists(),
        "nothing written under a name of another format"
    );
    let out = gradscope(&[
        "figure", "--preset", "w3-500", "--chart", "loss", "--format", "svg", "-o", path,
    ]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&pdf).unwrap().starts_with("<svg"));
    std::fs::remove_dir_all(&dir).unwrap();
}
