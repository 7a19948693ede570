//! `ocop`: score OCOP criteria sheets from the command line. JSON in, JSON out.
//!
//! Exit status: 0 success, 1 the input was invalid (a failure JSON is on stdout), 2 usage.

use clap::{Parser, Subcommand};
use ocop_core::contract::{self, to_json, Outcome};
use ocop_core::Errors;
use serde::Serialize;
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

mod office;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "ocop",
    version,
    about = "Score OCOP (Mỗi xã một sản phẩm) criteria sheets. JSON in, JSON out."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score one request (FILE or - for stdin), or one request per line with --jsonl.
    Score {
        /// Input file; `-` or absent reads standard input.
        file: Option<String>,
        /// One request per line in, one result per line out (streaming).
        #[arg(long)]
        jsonl: bool,
        /// Pretty-print the result (single request only).
        #[arg(long)]
        pretty: bool,
    },
    /// Advise how to reach a target star level (FILE or - for stdin): a scoring request plus
    /// optional "target", "frozen", "max_changes" (see docs/advise.md).
    Advise {
        /// Input file; `-` or absent reads standard input.
        file: Option<String>,
        /// Print the plan as Vietnamese text for producers instead of JSON.
        #[arg(long)]
        text: bool,
    },
    /// List the rule editions with their dates, sources and confidence.
    Editions,
    /// List the product sets of an edition.
    Sets {
        /// Edition id, e.g. 26/2026.
        #[arg(long)]
        edition: String,
    },
    /// Write a council member's form (phiếu đánh giá) of an edition and product set: a fillable
    /// workbook with drop-downs and live formulas, or a printable page (docs/councils-on-paper.md).
    Form(office::FormArgs),
    /// Read filled forms back (xlsx, ods, csv): one member gives a score request, several a
    /// council request; printed as JSON, or scored with --score (docs/councils-on-paper.md).
    Import(office::ImportArgs),
    /// Print a criteria sheet as data.
    Sheet {
        /// Edition id, e.g. 26/2026.
        #[arg(long)]
        edition: String,
        /// Product set number, 1-26.
        #[arg(long)]
        set: String,
    },
    /// Which edition applies to a dossier filed on a date (docs/rules.md).
    EditionFor {
        /// Filing date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Kind of dossier: first, upgrade or reevaluation.
        #[arg(long)]
        dossier: String,
        /// Day the evaluation is completed, YYYY-MM-DD (checks the 26/2026 transition).
        #[arg(long)]
        evaluated_on: Option<String>,
    },
    /// The council's minutes for a session (Biên bản tổng hợp kết quả đánh giá): FILE... are
    /// JSON lists of council requests (each may add "product", "product_code", "owner"), or
    /// folders of filled forms, one folder per product (xlsx, ods or csv files, one per member).
    Minutes {
        /// Input files or folders (`-` reads standard input).
        #[arg(required = true)]
        files: Vec<String>,
        /// Council level for folders of forms whose sheets do not name it (district, province,
        /// central).
        #[arg(long)]
        level: Option<String>,
        /// Output format: xlsx or pdf.
        #[arg(long)]
        format: String,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: String,
        /// Language of the minutes: vi (default) or en.
        #[arg(long, default_value = "vi")]
        lang: String,
    },
    /// A certificate's expiry, re-evaluation window and validity on a date (docs/rules.md).
    Certificate {
        /// Issue date, YYYY-MM-DD.
        #[arg(long)]
        issued: String,
        /// Edition under which it was issued (default: the one in force on the issue date).
        #[arg(long)]
        edition: Option<String>,
        /// Date to check validity on, YYYY-MM-DD.
        #[arg(long)]
        on: Option<String>,
        /// Filing date of the re-evaluation dossier, YYYY-MM-DD.
        #[arg(long)]
        filed: Option<String>,
        /// Date of the re-evaluation result, YYYY-MM-DD.
        #[arg(long)]
        result: Option<String>,
    },
    /// A province's register of certified products analysed on a date: standings, expiries,
    /// re-evaluation windows, 3-star products under 60 points, the next star, counts, upcoming
    /// events, targets (docs/portfolio.md).
    Portfolio {
        /// The register: CSV, XLSX, ODS or JSON lines (`-` reads CSV or JSON lines from stdin).
        register: String,
        /// Date of the analysis, YYYY-MM-DD.
        #[arg(long)]
        on: String,
        /// Targets file (JSON or CSV: name, by, stars_at_least, count[, sector]).
        #[arg(long)]
        targets: Option<String>,
        /// Output format.
        #[arg(long, default_value = "json", value_parser = ["json", "xlsx", "html"])]
        format: String,
        /// Output file (default: standard output; required for xlsx).
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
}

/// `ocop portfolio`: exit 0 when every row was analysed, 1 when a row has an error (the
/// output is written all the same) or the register could not be read (a failure JSON).
fn portfolio(
    register: &str,
    on: &str,
    targets: Option<&str>,
    format: &str,
    output: Option<&str>,
) -> ExitCode {
    let fail = |e: ocop_core::Error| {
        println!("{}", to_json(&Outcome::<()>::from(Err(Errors(vec![e])))));
        ExitCode::from(1)
    };
    let on = match ocop_core::date::Date::parse(on, "/on") {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let targets = match targets {
        None => Vec::new(),
        Some(path) => match std::fs::read(path) {
            Ok(b) => match ocop_office::portfolio::read_targets(path, &b) {
                Ok(t) => t,
                Err(e) => {
                    return fail(ocop_core::Error::new(
                        e.code,
                        format!("/targets{}", e.path),
                        e.message,
                    ))
                }
            },
            Err(e) => {
                eprintln!("ocop: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let bytes = match read_input(Some(register)) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("ocop: {msg}");
            return ExitCode::from(2);
        }
    };
    let p = match ocop_office::portfolio::analyse_bytes(register, &bytes, on, &targets) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let to = match output {
        Some(path) if path != "-" => Some(path),
        _ => None,
    };
    if format == "xlsx" && to.is_none() && io::stdout().is_terminal() {
        eprintln!("ocop: an xlsx workbook is not for a terminal: give -o FILE");
        return ExitCode::from(2);
    }
    let sink: Box<dyn Write> = match to {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("ocop: cannot write {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 16, sink);
    let written = match format {
        "html" => w
            .write_all(ocop_office::portfolio::html::render(&p).as_bytes())
            .map_err(|e| e.to_string()),
        "xlsx" => match ocop_office::portfolio::xlsx::render(&p) {
            Ok(b) => w.write_all(&b).map_err(|e| e.to_string()),
            Err(e) => return fail(e),
        },
        // Streamed: 100,000 products make some 70 MB of JSON, never held whole.
        _ => serde_json::to_writer(&mut w, &p)
            .map_err(|e| e.to_string())
            .and_then(|()| w.write_all(b"\n").map_err(|e| e.to_string())),
    }
    .and_then(|()| w.flush().map_err(|e| e.to_string()));
    if let Err(msg) = written {
        eprintln!("ocop: {msg}");
        return ExitCode::from(2);
    }
    if p.summary.totals.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints an operation's outcome document (pretty); exit 1 on failure.
fn emit_outcome<T: Serialize>(outcome: &Outcome<T>) -> ExitCode {
    let text = serde_json::to_string_pretty(outcome).unwrap_or_else(|_| to_json(outcome));
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
    if matches!(outcome, Outcome::Failure { .. }) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A JSON request object from command-line options (absent options are left out).
fn request(fields: &[(&str, Option<&str>)]) -> ocop_core::json::Json {
    use ocop_core::json::Json;
    Json::Object(
        fields
            .iter()
            .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), Json::String(v.to_owned()))))
            .collect(),
    )
}

/// Prints a catalogue answer: the value itself on success (pretty), the failure document
/// (exit 1) otherwise.
fn emit_result<T: Serialize>(r: Result<T, Errors>) -> ExitCode {
    let (text, code) = match r {
        Ok(v) => (
            serde_json::to_string_pretty(&v).unwrap_or_else(|_| to_json(&v)),
            ExitCode::SUCCESS,
        ),
        Err(e) => (to_json(&Outcome::<()>::from(Err(e))), ExitCode::from(1)),
    };
    let mut stdout = io::stdout().lock();
    // A closed stdout (e.g. `| head`) is not worth a panic.
    let _ = writeln!(stdout, "{text}");
    let _ = stdout.flush();
    code
}

fn read_input(file: Option<&str>) -> Result<Vec<u8>, String> {
    match file {
        None | Some("-") => {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(buf)
        }
        Some(path) => std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}")),
    }
}

fn score_jsonl(file: Option<&str>) -> ExitCode {
    let reader: Box<dyn BufRead> = match file {
        None | Some("-") => Box::new(io::stdin().lock()),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                eprintln!("ocop: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let progress = io::stderr().is_terminal();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut reader = reader;
    let mut line = Vec::with_capacity(4096);
    let (mut n, mut failed) = (0u64, 0u64);
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("ocop: read error after {n} lines: {e}");
                return ExitCode::from(2);
            }
        }
        let body = line.strip_suffix(b"\n").unwrap_or(&line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        let result = contract::score_json_bytes(body);
        if result.starts_with("{\"status\":\"failure\"") {
            failed += 1;
        }
        n += 1;
        if writeln!(out, "{result}").is_err() {
            return ExitCode::from(1);
        }
        if progress && n % 4096 == 0 {
            eprint!("\rocop: {n} sheets scored, {failed} failed");
        }
    }
    let _ = out.flush();
    if progress {
        eprintln!("\rocop: {n} sheets scored, {failed} failed");
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `ocop advise`: JSON (default) or the producer's text plan; a failure is the failure JSON.
fn advise(file: Option<&str>, text: bool) -> ExitCode {
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("ocop: {msg}");
            return ExitCode::from(2);
        }
    };
    let (out, ok) = if text {
        match ocop_core::advise::advise_text(&bytes) {
            Ok(t) => (t, true),
            Err(failure) => (failure, false),
        }
    } else {
        let t = ocop_core::advise::advise_json_bytes(&bytes);
        let ok = !t.starts_with("{\"status\":\"failure\"");
        (t, ok)
    };
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "{}", out.trim_end());
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints a failure document for these errors; exit 1.
fn emit_errors(e: Errors) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "{}", to_json(&Outcome::<()>::from(Err(e))));
    ExitCode::from(1)
}

/// `ocop minutes`: reads every file's products, scores their councils, writes the minutes.
fn minutes(
    files: &[String],
    level: Option<&str>,
    format: &str,
    output: &str,
    lang: &str,
) -> ExitCode {
    use ocop_office::minutes::{read_products, score_products, write_minutes, MinutesFormat};
    let Some(format) = MinutesFormat::parse(format) else {
        eprintln!("ocop: --format must be xlsx or pdf, not {format:?}");
        return ExitCode::from(2);
    };
    let Some(lang) = ocop_office::Lang::parse(lang) else {
        eprintln!("ocop: --lang must be vi or en, not {lang:?}");
        return ExitCode::from(2);
    };
    let mut products = Vec::new();
    for f in files {
        if std::path::Path::new(f).is_dir() {
            let forms = match forms_in(f) {
                Ok(forms) => forms,
                Err(msg) => {
                    eprintln!("ocop: {msg}");
                    return ExitCode::from(2);
                }
            };
            let opts = ocop_office::import::ImportOptions {
                level: level.map(str::to_owned),
                lang,
                ..Default::default()
            };
            match ocop_office::minutes::product_from_forms(f, &forms, &opts) {
                Ok(p) => products.push(p),
                Err(e) => return emit_errors(e),
            }
            continue;
        }
        let bytes = match read_input(Some(f)) {
            Ok(b) => b,
            Err(msg) => {
                eprintln!("ocop: {msg}");
                return ExitCode::from(2);
            }
        };
        match read_products(&bytes) {
            Ok(p) => products.extend(p),
            Err(e) => {
                if files.len() > 1 {
                    eprintln!("ocop: in {f}:");
                }
                return emit_errors(e);
            }
        }
    }
    let bytes = match score_products(products).and_then(|s| write_minutes(&s, format, lang)) {
        Ok(b) => b,
        Err(e) => return emit_errors(e),
    };
    if let Err(e) = std::fs::write(output, bytes) {
        eprintln!("ocop: cannot write {output}: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// The filled forms of a folder (xlsx, ods, csv), in name order.
fn forms_in(dir: &str) -> Result<Vec<ocop_office::import::InputFile>, String> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the folder {dir}: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| {
                    let x = x.to_string_lossy().to_ascii_lowercase();
                    matches!(x.as_str(), "xlsx" | "ods" | "csv")
                })
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("the folder {dir} holds no xlsx, ods or csv form"));
    }
    paths
        .into_iter()
        .map(|p| {
            let name = p.display().to_string();
            std::fs::read(&p)
                .map(|bytes| ocop_office::import::InputFile {
                    name: name.clone(),
                    bytes,
                })
                .map_err(|e| format!("cannot read {name}: {e}"))
        })
        .collect()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Score {
            file, jsonl: true, ..
        } => score_jsonl(file.as_deref()),
        Command::Score { file, pretty, .. } => match read_input(file.as_deref()) {
            Ok(bytes) => {
                let text = contract::score_json_bytes(&bytes);
                let failed = text.starts_with("{\"status\":\"failure\"");
                let text = if pretty {
                    ocop_core::json::Json::parse_str(&text)
                        .ok()
                        .and_then(|v| serde_json::to_string_pretty(&v).ok())
                        .unwrap_or(text)
                } else {
                    text
                };
                let mut stdout = io::stdout().lock();
                let _ = writeln!(stdout, "{text}");
                if failed {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(msg) => {
                eprintln!("ocop: {msg}");
                ExitCode::from(2)
            }
        },
        Command::Advise { file, text } => advise(file.as_deref(), text),
        Command::Form(args) => office::form(&args),
        Command::Import(args) => office::import(&args),
        Command::Editions => emit_result(contract::editions()),
        Command::Sets { edition } => emit_result(contract::product_sets(&edition)),
        Command::Sheet { edition, set } => emit_result(contract::sheet(&edition, &set)),
        Command::EditionFor {
            date,
            dossier,
            evaluated_on,
        } => emit_outcome(&contract::edition_for_json(&request(&[
            ("date", Some(&date)),
            ("dossier", Some(&dossier)),
            ("evaluated_on", evaluated_on.as_deref()),
        ]))),
        Command::Minutes {
            files,
            level,
            format,
            output,
            lang,
        } => minutes(&files, level.as_deref(), &format, &output, &lang),
        Command::Certificate {
            issued,
            edition,
            on,
            filed,
            result,
        } => emit_outcome(&contract::certificate_json(&request(&[
            ("issued", Some(&issued)),
            ("edition", edition.as_deref()),
            ("on", on.as_deref()),
            ("reevaluation_filed", filed.as_deref()),
            ("result_on", result.as_deref()),
        ]))),
        Command::Portfolio {
            register,
            on,
            targets,
            format,
            output,
        } => portfolio(
            &register,
            &on,
            targets.as_deref(),
            &format,
            output.as_deref(),
        ),
    }
}
