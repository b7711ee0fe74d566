//! `gradscope`: worked numbers from the command line, for teachers writing examples.
//!
//! `gradscope trace CONFIG.json` runs full-batch gradient descent as the configuration says and
//! prints every step as JSON; `--format table|md|latex` writes it for people with the chain
//! rule spelled out, `--format csv` one row per step. See the README for the fields and flags.
//! `gradscope figure` draws one chart of a preset's run as SVG or PNG, as the page draws it.

mod figure;

use std::io::Read;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use gradscope_cli::chain;
use gradscope_cli::config::{self, ConfigError};
use gradscope_cli::decimal::Digits;
use gradscope_cli::format::{self, Format};
use gradscope_cli::trace::{self, ChainRequest};
use gradscope_core::{Dataset, DEFAULT_MAX_ROWS};

/// Worked numbers of the exploding-gradient explorer.
#[derive(Parser)]
#[command(name = "gradscope", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run gradient descent from a configuration and print every step.
    Trace(TraceArgs),
    /// Draw one chart of a preset's run as SVG or PNG, as the page draws it.
    Figure(figure::FigureArgs),
}

#[derive(Args)]
struct TraceArgs {
    /// Output format [default: json].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The same as --format table.
    #[arg(long)]
    table: bool,
    /// Samples from a CSV file with two columns x,y (an optional header line; y is 0 or 1),
    /// replacing the configuration's xs and ys, which may then be left out. At most 10000 rows.
    #[arg(long, value_name = "FILE.csv")]
    data: Option<String>,
    /// The samples whose chain rule is written (0-based, comma-separated) [default: the
    /// first 4]. Table, md and latex only.
    #[arg(long, value_name = "i,j,…", value_delimiter = ',')]
    samples: Option<Vec<usize>>,
    /// Significant digits of every printed number, 1 to 17 [default: 10]. Table, md and latex
    /// only (json and csv print every number so that it reads back to the same bits).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=17))]
    digits: Option<u8>,
    /// The configuration (JSON with layers, hidden_activation, weights, biases, xs, ys,
    /// learning_rate, steps, clip_grad_norm, loss_reduction), or a reference case holding
    /// one under "config"; `-` reads standard input.
    config: String,
}

/// A message for standard error and the exit status that goes with it.
struct Failure(u8, String);

fn usage(msg: impl Into<String>) -> Failure {
    Failure(2, msg.into())
}

/// Reads a file, or standard input for `-`.
fn read(path: &str) -> Result<Vec<u8>, Failure> {
    let bytes = if path == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).map(|_| b)
    } else {
        std::fs::read(path)
    };
    bytes.map_err(|e| usage(format!("cannot read {path}: {e}")))
}

/// Whether a file that is not JSON is probably the CSV the user meant for --data.
fn looks_like_csv(path: &str, text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    path.to_ascii_lowercase().ends_with(".csv")
        || (first.contains(',') && !first.trim_start().starts_with(['{', '[']))
}

fn trace(args: TraceArgs) -> Result<(), Failure> {
    let format = match (args.table, args.format) {
        (true, Some(f)) if f != Format::Table => {
            return Err(usage("--table is --format table: give one of them"))
        }
        (true, _) => Format::Table,
        (false, f) => f.unwrap_or(Format::Json),
    };
    if !format.is_human() {
        for (flag, given) in [
            ("--digits", args.digits.is_some()),
            ("--samples", args.samples.is_some()),
        ] {
            if given {
                return Err(usage(format!(
                    "{flag} applies to --format table, md and latex (json and csv print every \
                     number so that it reads back to the same bits)"
                )));
            }
        }
    }
    if args.config == "-" && args.data.as_deref() == Some("-") {
        return Err(usage(
            "the configuration and --data cannot both come from standard input",
        ));
    }
    let data = match &args.data {
        Some(path) => Some(
            Dataset::from_csv(&read(path)?, DEFAULT_MAX_ROWS)
                .map_err(|e| usage(format!("bad data file {path}: {e}")))?,
        ),
        None => None,
    };
    let text = String::from_utf8_lossy(&read(&args.config)?).into_owned();
    let run = config::parse(&text, data).map_err(|ConfigError(msg)| {
        let hint = if msg.starts_with("not valid JSON") && looks_like_csv(&args.config, &text) {
            " (this looks like CSV data: pass it as --data FILE.csv next to a JSON configuration)"
        } else {
            ""
        };
        usage(format!("bad configuration: {msg}{hint}"))
    })?;
    let digits = match args.digits {
        Some(n) => Digits::new(n).ok_or_else(|| usage("--digits: expected 1 to 17"))?,
        None => Digits::default(),
    };
    let request = if format.is_human() {
        let n = run.trainer.data().len();
        let samples = args.samples.unwrap_or_else(|| chain::default_samples(n));
        chain::check_samples(&samples, n).map_err(usage)?;
        Some(ChainRequest { samples, digits })
    } else {
        None
    };
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut sink = format::sink(format, out, digits);
    match trace::run(run, request.as_ref(), sink.as_mut()) {
        Ok(()) => Ok(()),
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure(1, format!("cannot write the trace: {e}"))),
    }
}

fn main() -> ExitCode {
    let args = match Cli::parse().command {
        Command::Trace(args) => args,
        Command::Figure(args) => return figure::run(args),
    };
    match trace(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(code, msg)) => {
            eprintln!("gradscope: {msg}");
            ExitCode::from(code)
        }
    }
}
