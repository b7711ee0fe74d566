//! `gradscope`: worked numbers from the command line, for teachers writing examples.
//!
//! `gradscope trace CONFIG.json` runs full-batch gradient descent as the configuration says and
//! prints one JSON object `{"param_names": [...], "records": [...]}`; `--table` prints the same
//! run as an aligned table a person reads. See the README for the configuration's fields.
//! `gradscope figure` draws one chart of a preset's run as SVG or PNG.

mod config;
mod figure;
mod table;
mod trace;

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Trace {
        /// Print an aligned text table instead of JSON.
        #[arg(long)]
        table: bool,
        /// The configuration (JSON with layers, hidden_activation, weights, biases, xs, ys,
        /// learning_rate, steps, clip_grad_norm, loss_reduction), or a reference case holding
        /// one under "config"; `-` reads standard input.
        config: String,
    },
    /// Draw one chart of a preset's run as SVG or PNG, as the page draws it.
    Figure(figure::FigureArgs),
}

fn main() -> ExitCode {
    let (table, config) = match Cli::parse().command {
        Command::Trace { table, config } => (table, config),
        Command::Figure(args) => return figure::run(args),
    };
    let text = if config == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map(|_| s)
    } else {
        std::fs::read_to_string(&config)
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("gradscope: cannot read {config}: {e}");
            return ExitCode::from(2);
        }
    };
    let run = match config::parse(&text) {
        Ok(run) => run,
        Err(config::ConfigError(msg)) => {
            eprintln!("gradscope: bad configuration: {msg}");
            return ExitCode::from(2);
        }
    };
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if table {
        trace::run(run, &mut table::TableSink::new(out))
    } else {
        trace::run(run, &mut trace::JsonSink::new(out))
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gradscope: cannot write the trace: {e}");
            ExitCode::FAILURE
        }
    }
}
