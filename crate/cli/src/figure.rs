//! `gradscope figure`: one chart of a preset's run after some steps, as SVG or PNG, for printed
//! notes. The chart is drawn by the page's own view code (`gradscope_web::figure::svg` on the
//! same `Run` and `Views` the page builds); a PNG is that SVG rendered by resvg with the fonts
//! shipped in `crate/cli/assets/`, so the two formats show the same figure and neither depends
//! on the fonts of the machine it is made on.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use gradscope_web::catalog::MAX_STEPS_PER_CALL;
use gradscope_web::figure::{self, Chart, Size};
use gradscope_web::presets::Preset;
use gradscope_web::run::Run;
use gradscope_web::views::Views;
use resvg::{tiny_skia, usvg};

/// The fonts text is set in, in PNG figures (see `assets/README.md`): the charts use one
/// family, sans-serif, regular and bold.
const SANS: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");
const SANS_FAMILY: &str = "DejaVu Sans";

/// What `gradscope figure` is asked for.
#[derive(Args)]
pub struct FigureArgs {
    /// The preset the run starts from, by its link name (w3-500, healthy, …).
    #[arg(long, value_parser = parse_preset)]
    preset: Preset,
    /// The chart: landscape, overshoot, loss, params, sigmoid, layers or diagram.
    #[arg(long, value_parser = parse_chart)]
    chart: Chart,
    /// Gradient-descent steps run before drawing (fewer if the run diverges first).
    #[arg(long, default_value_t = 0, value_parser = parse_steps, allow_hyphen_values = true)]
    steps: u32,
    /// svg or png; without it, png when the output ends in .png, else svg.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The file to write; - writes to standard output.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Width, CSS pixels (64 to 4096).
    #[arg(long, default_value_t = 640.0, allow_negative_numbers = true)]
    width: f64,
    /// Height, CSS pixels (64 to 4096).
    #[arg(long, default_value_t = 400.0, allow_negative_numbers = true)]
    height: f64,
    /// Device pixels per CSS pixel (0.5 to 4; at most 8192 device pixels a side): the PNG is
    /// width·scale × height·scale pixels.
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    scale: f64,
}

/// A figure's file format.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// SVG, text as text (no font inside, none needed to make it).
    Svg,
    /// PNG, the SVG rendered.
    Png,
}

fn parse_preset(id: &str) -> Result<Preset, String> {
    Preset::from_id(id).ok_or_else(|| {
        let ids: Vec<&str> = Preset::ALL.iter().map(|p| p.id()).collect();
        format!(
            "there is no preset called “{id}” (the presets: {})",
            ids.join(", ")
        )
    })
}

fn parse_chart(id: &str) -> Result<Chart, String> {
    Chart::from_id(id).ok_or_else(|| {
        format!(
            "there is no chart called “{id}” (the charts: {})",
            Chart::ids()
        )
    })
}

fn parse_steps(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|&n| n <= MAX_STEPS_PER_CALL)
        .ok_or_else(|| {
            format!("the number of steps must be a whole number from 0 to {MAX_STEPS_PER_CALL}")
        })
}

/// Runs `gradscope figure`: status 2 for a size it refuses (the other arguments are checked
/// while parsing, with the same status), 1 when the figure cannot be drawn or written.
pub fn run(args: FigureArgs) -> ExitCode {
    let size = match Size::new(args.width, args.height, args.scale) {
        Ok(size) => size,
        Err(e) => {
            eprintln!("gradscope: {e}");
            return ExitCode::from(2);
        }
    };
    let format = match args.format.map_or_else(|| format_of(&args.output), Ok) {
        Ok(format) => format,
        Err(e) => {
            eprintln!("gradscope: {e}");
            return ExitCode::from(2);
        }
    };
    let bytes = match draw(&args, size, format) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("gradscope: cannot draw the figure: {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = if args.output.as_os_str() == "-" {
        std::io::stdout().lock().write_all(&bytes)
    } else {
        std::fs::write(&args.output, &bytes)
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gradscope: cannot write {}: {e}", args.output.display());
            ExitCode::FAILURE
        }
    }
}

/// The format a path's extension names: `.png` or `.svg` (any case); standard output (`-`) is
/// SVG. Errors: any other extension, which would get bytes of another format under its name.
fn format_of(path: &Path) -> Result<Format, String> {
    match path.extension().and_then(|e| e.to_str()) {
        _ if path.as_os_str() == "-" => Ok(Format::Svg),
        Some(e) if e.eq_ignore_ascii_case("png") => Ok(Format::Png),
        Some(e) if e.eq_ignore_ascii_case("svg") => Ok(Format::Svg),
        other => Err(format!(
            "cannot tell the format from {} (extension {}): name the file .svg or .png, or \
             pass --format svg|png",
            path.display(),
            other.map_or_else(|| "none".to_string(), |e| format!(".{e}"))
        )),
    }
}

/// The figure's bytes: the preset's run as the page starts it, `steps` steps on, the chart
/// drawn through the page's views.
fn draw(args: &FigureArgs, size: Size, format: Format) -> Result<Vec<u8>, String> {
    let setting = args.preset.setting();
    let mut run = Run::new(args.preset).map_err(|e| e.to_string())?;
    let mut views = Views::new(setting.axes, setting.overshoot, setting.widths);
    let ran = run.step(args.steps);
    if ran < args.steps {
        eprintln!(
            "gradscope: the run stopped after {ran} of {} steps",
            args.steps
        );
    }
    let svg = figure::svg(
        args.chart,
        &mut views,
        &run,
        setting.sample,
        size,
        &figure::png_data_url,
    )
    .map_err(|e| e.to_string())?;
    match format {
        Format::Svg => Ok(svg.into_bytes()),
        Format::Png => render_png(&svg),
    }
}

/// `svg` rendered at its own size, text in the shipped fonts. Errors: resvg's.
fn render_png(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options {
        font_family: SANS_FAMILY.into(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(SANS.to_vec());
    fonts.load_font_data(SANS_BOLD.to_vec());
    fonts.set_sans_serif_family(SANS_FAMILY);
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "no pixels to render into".to_string())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}
