//! `Dataset::from_csv` on arbitrary bytes: never a panic; an accepted file is a valid data set
//! within `max_rows`; a refused one is a CSV error naming a line the file has; LF → CRLF and
//! trailing blank lines change nothing.
#![no_main]

use gradscope_core::{Dataset, Error, DEFAULT_MAX_ROWS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some((&first, text)) = bytes.split_first() else {
        return;
    };
    let max_rows = match first {
        255 => DEFAULT_MAX_ROWS,
        254 => usize::MAX,
        b => usize::from(b % 16),
    };
    let result = Dataset::from_csv(text, max_rows);
    match &result {
        Ok(d) => {
            assert!((1..=max_rows).contains(&d.len()), "{} rows", d.len());
            let ones = d.ys().iter().filter(|&&y| y == 1.0).count();
            assert!(ones > 0 && ones < d.len(), "one class only");
            assert!(d.xs().iter().all(|x| x.is_finite()));
            assert!(d.ys().iter().all(|&y| y == 0.0 || y == 1.0));
        }
        Err(Error::Csv { line, reason }) => {
            let breaks = text.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
            assert!(
                *line <= breaks + 1,
                "line {line} of a file with {breaks} breaks"
            );
            assert!(!reason.is_empty());
            let _ = result.as_ref().map_err(|e| e.to_string());
        }
        Err(e) => panic!("not a CSV error: {e:?}"),
    }
    // Without quotes or CRs, the same rows with CRLF line ends and blank lines after them
    // read the same (a spreadsheet's export of the same data).
    if !text.contains(&b'"') && !text.contains(&b'\r') {
        let mut crlf: Vec<u8> = text
            .iter()
            .flat_map(|&b| {
                if b == b'\n' {
                    vec![b'\r', b'\n']
                } else {
                    vec![b]
                }
            })
            .collect();
        crlf.extend_from_slice(b"\r\n\r\n");
        let again = Dataset::from_csv(&crlf, max_rows);
        match (&result, &again) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(Error::Csv { line: a, .. }), Err(Error::Csv { line: b, .. })) => {
                assert_eq!(a, b, "{result:?} / {again:?}")
            }
            _ => panic!("CRLF changed the outcome: {result:?} / {again:?}"),
        }
    }
});
