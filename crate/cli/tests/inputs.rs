//! The inputs of `gradscope trace`: samples from `--data FILE.csv`, bad CSV files, and the
//! flags `--format`, `--table`, `--samples` and `--digits`, with their errors (status 2, a
//! message naming the line, the index or the flag).

mod support;

use serde_json::Value;
use support::{cases_dir, gradscope, stdout_of, TempFile};

fn case(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(cases_dir().join(name)).unwrap()).unwrap()
}

/// The case's configuration without `xs` and `ys`, as a file.
fn config_without_samples(file: &str, case: &Value) -> TempFile {
    let mut config = case["config"].clone();
    let fields = config.as_object_mut().unwrap();
    fields.remove("xs");
    fields.remove("ys");
    TempFile::new(file, config.to_string().as_bytes())
}

/// The case's samples as CSV text (`x,y` header, numbers that read back to the same bits).
fn samples_csv(case: &Value, line_end: &str) -> String {
    let xs = case["config"]["xs"].as_array().unwrap();
    let ys = case["config"]["ys"].as_array().unwrap();
    let mut text = format!("x,y{line_end}");
    for (x, y) in xs.iter().zip(ys) {
        text.push_str(&format!(
            "{},{}{line_end}",
            x.as_f64().unwrap(),
            y.as_f64().unwrap()
        ));
    }
    text
}

#[test]
fn data_from_csv_equals_the_same_samples_in_json() {
    for name in [
        "13_gd_oscillate_w3_500.json",
        "16_gd_clipped_w3_1000.json",
        "35_breast_cancer_seed_good_lr.json",
    ] {
        let c = case(name);
        let config = config_without_samples(&format!("{name}.config.json"), &c);
        let csv = TempFile::new(&format!("{name}.csv"), samples_csv(&c, "\n").as_bytes());
        let case_path = cases_dir().join(name);
        for format in ["json", "csv", "table"] {
            let want = stdout_of(
                &["trace", "--format", format, case_path.to_str().unwrap()],
                None,
            );
            let got = stdout_of(
                &[
                    "trace",
                    "--format",
                    format,
                    "--data",
                    csv.path(),
                    config.path(),
                ],
                None,
            );
            assert_eq!(got, want, "{name} {format}");
        }
    }
    // A spreadsheet's file: byte-order mark, CRLF, trailing blank lines; and --data replaces
    // xs and ys that the configuration does have.
    let c = case("13_gd_oscillate_w3_500.json");
    let csv = TempFile::new(
        "13-excel.csv",
        format!("\u{feff}{}\r\n\r\n", samples_csv(&c, "\r\n")).as_bytes(),
    );
    let mut config = c["config"].clone();
    config["xs"] = serde_json::json!([9.0, 9.0]);
    config["ys"] = serde_json::json!([1, 1]);
    let config = TempFile::new("13-other-xs.json", config.to_string().as_bytes());
    let case_path = cases_dir().join("13_gd_oscillate_w3_500.json");
    assert_eq!(
        stdout_of(&["trace", "--data", csv.path(), config.path()], None),
        stdout_of(&["trace", case_path.to_str().unwrap()], None)
    );
}

#[test]
fn bad_csv_files_exit_2_naming_the_line_and_the_reason() {
    let config =
        config_without_samples("bad-csv.config.json", &case("13_gd_oscillate_w3_500.json"));
    let cases: [(&str, &[u8], &[&str]); 6] = [
        (
            "text.csv",
            b"x,y\n0.5,0\nabc,1\n",
            &["line 3", "x must be a number", "abc"],
        ),
        (
            "column.csv",
            b"x,y\n0.5,0\n1.5\n",
            &["line 3", "expected two columns"],
        ),
        (
            "label.csv",
            b"x,y\n0.5,0\n1.5,2\n",
            &["line 3", "y must be 0 or 1", "2"],
        ),
        (
            "inf.csv",
            b"x,y\n0.5,0\ninf,1\n",
            &["line 3", "x must be a number"],
        ),
        ("empty.csv", b"", &["no data rows"]),
        ("one-class.csv", b"x,y\n0.5,1\n1.5,1\n", &["same label"]),
    ];
    for (file, text, needles) in cases {
        let csv = TempFile::new(file, text);
        let out = gradscope(&["trace", "--data", csv.path(), config.path()], None);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(out.stdout.is_empty(), "{file}: nothing on standard output");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(file), "{file}: {err}");
        for needle in needles {
            assert!(err.contains(needle), "{file}: {needle:?} in {err}");
        }
    }
    let out = gradscope(
        &["trace", "--data", "/nonexistent/data.csv", config.path()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_csv_given_as_the_configuration_says_to_use_data() {
    let csv = TempFile::new("mydata.csv", b"x,y\n0.5,0\n1.5,1\n");
    let out = gradscope(&["trace", csv.path()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not valid JSON") && err.contains("--data"),
        "{err}"
    );
}

#[test]
fn table_is_format_table_and_flags_are_checked() {
    let path = cases_dir().join("13_gd_oscillate_w3_500.json");
    let path = path.to_str().unwrap();
    assert_eq!(
        stdout_of(&["trace", "--table", path], None),
        stdout_of(&["trace", "--format", "table", path], None)
    );
    let refused: [(&[&str], &str); 9] = [
        (&["--table", "--format", "md"], "--table"),
        (&["--format", "yaml"], "yaml"),
        (&["--digits", "0"], "digits"),
        (&["--digits", "18"], "digits"),
        (&["--digits", "ten"], "digits"),
        (&["--digits", "5"], "--digits applies to"),
        (
            &["--format", "csv", "--samples", "1"],
            "--samples applies to",
        ),
        (
            &["--table", "--samples", "1,7"],
            "there is no sample 7: the data has 4 samples",
        ),
        (&["--table", "--samples", "1,x"], "samples"),
    ];
    for (flags, needle) in refused {
        let mut args = vec!["trace"];
        args.extend_from_slice(flags);
        args.push(path);
        let out = gradscope(&args, None);
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{flags:?}: {err}");
    }
}

#[test]
fn samples_and_digits_choose_what_is_written() {
    // Case 35: 569 samples; by default the first four are written and the rest summed.
    let mut config: Value = case("35_breast_cancer_seed_good_lr.json")["config"].clone();
    config["steps"] = 0.into();
    let config = TempFile::new("35-step-0.json", config.to_string().as_bytes());
    let text = stdout_of(&["trace", "--table", config.path()], None);
    assert!(
        text.contains("for samples 0, 1, 2 and 3 (of 569; --samples i,j,… writes others)"),
        "{text}"
    );
    assert!(text.contains("from the other 565 samples) = "), "{text}");
    assert_eq!(text.matches("    i = ").count(), 4 * 6);
    let text = stdout_of(
        &[
            "trace",
            "--table",
            "--digits",
            "4",
            "--samples",
            "568,3",
            config.path(),
        ],
        None,
    );
    assert!(text.contains("for samples 568 and 3 (of 569;"), "{text}");
    let first = text.find("i = 568").unwrap();
    assert!(
        first < text.find("i = 3 ").unwrap(),
        "in the order asked for"
    );
    // Sample 568 of the case file: x = −1.8084012451820448, y = 0; its loss at step 0 is
    // 0.6150481189051951: both to four digits.
    assert!(text.contains("i = 568 (x = -1.808, y = 0)"), "{text}");
    assert!(text.contains("loss 0.615 "), "{text}");
}
