//! `ocop form` and `ocop import`: the council's paper and spreadsheet forms (ocop-office).

use ocop_core::contract::{to_json, Outcome};
use ocop_core::Errors;
use ocop_office::{FormMember, FormSpec, Lang};
use std::io::{self, Write};
use std::process::ExitCode;

/// Output format of `ocop form`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormFormat {
    /// A fillable workbook (drop-downs, live formulas, defined names).
    Xlsx,
    /// A printable PDF.
    Pdf,
    /// A self-contained printable HTML page.
    Html,
}

/// The options of `ocop form`.
#[derive(Debug, clap::Args)]
pub struct FormArgs {
    /// Edition id, e.g. 26/2026.
    #[arg(long)]
    pub edition: String,
    /// Product set number, 1-26.
    #[arg(long)]
    pub set: String,
    /// Product name (Tên sản phẩm) printed in the heading.
    #[arg(long)]
    pub product: Option<String>,
    /// Product code (Mã số sản phẩm) printed in the heading.
    #[arg(long)]
    pub product_code: Option<String>,
    /// Owner (Tên chủ thể) printed in the heading.
    #[arg(long)]
    pub owner: Option<String>,
    /// A council member; repeat for one sheet per member.
    #[arg(long = "member")]
    pub members: Vec<String>,
    /// Council level: district, province or central.
    #[arg(long)]
    pub level: Option<String>,
    /// Pre-fill from a JSON request (a score request's answers, or a council request's members).
    #[arg(long)]
    pub answers: Option<String>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: FormFormat,
    /// Language of the labels: vi (default) or en.
    #[arg(long, default_value = "vi")]
    pub lang: String,
    /// Output file (with --per-member: a folder).
    #[arg(short = 'o', long = "output")]
    pub output: String,
    /// PDF only: one file per member, `NN-<member>.pdf` in the folder given by -o.
    #[arg(long)]
    pub per_member: bool,
}

/// A file name for a member's sheet: letters and digits kept (any script), the rest `_`.
fn file_stem(k: usize, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    if clean.is_empty() {
        format!("{:02}", k + 1)
    } else {
        format!("{:02}-{clean}", k + 1)
    }
}

/// `ocop form --format pdf --per-member -o DIR`: one PDF per member.
fn pdf_per_member(spec: &FormSpec, dir: &str) -> ExitCode {
    let files = match ocop_office::form_pdfs(spec) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("ocop: cannot make the folder {dir}: {e}");
        return ExitCode::from(2);
    }
    for (k, (m, bytes)) in files.iter().enumerate() {
        let path = std::path::Path::new(dir).join(format!("{}.pdf", file_stem(k, &m.name)));
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!("ocop: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Prints a failure document; exit 1.
pub fn fail(errors: Errors) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "{}", to_json(&Outcome::<()>::from(Err(errors))));
    ExitCode::from(1)
}

/// The language option, or a usage error.
pub fn lang_of(s: &str) -> Result<Lang, ExitCode> {
    Lang::parse(s).ok_or_else(|| {
        eprintln!("ocop: --lang must be vi or en, not {s:?}");
        ExitCode::from(2)
    })
}

/// The form's inputs from the command line.
pub fn spec_of(a: &FormArgs) -> Result<FormSpec, ExitCode> {
    let lang = lang_of(&a.lang)?;
    let mut spec = FormSpec {
        edition: a.edition.clone(),
        product_set: a.set.clone(),
        product: a.product.clone(),
        product_code: a.product_code.clone(),
        owner: a.owner.clone(),
        level: a.level.clone(),
        members: a
            .members
            .iter()
            .map(|m| FormMember {
                name: m.clone(),
                ..FormMember::default()
            })
            .collect(),
        lang,
    };
    if let Some(path) = &a.answers {
        let bytes = std::fs::read(path).map_err(|e| {
            eprintln!("ocop: cannot read {path}: {e}");
            ExitCode::from(2)
        })?;
        spec.fill_from_json(&bytes).map_err(fail)?;
    }
    Ok(spec)
}

/// `ocop form`.
pub fn form(a: &FormArgs) -> ExitCode {
    let spec = match spec_of(a) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let written = match a.format {
        FormFormat::Xlsx => ocop_office::write_xlsx(&spec),
        FormFormat::Pdf if a.per_member => return pdf_per_member(&spec, &a.output),
        FormFormat::Pdf => ocop_office::form_pdf(&spec),
        FormFormat::Html => ocop_office::form_html(&spec).map(String::into_bytes),
    };
    match written {
        Ok(bytes) => match std::fs::write(&a.output, bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ocop: cannot write {}: {e}", a.output);
                ExitCode::from(2)
            }
        },
        Err(errors) => fail(errors),
    }
}

/// The options of `ocop import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Filled forms: xlsx or ods made by `ocop form`, or CSV with one row per member.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Council level (district, province, central), for several members.
    #[arg(long)]
    pub level: Option<String>,
    /// Filing date, YYYY-MM-DD: the request chooses its edition by date (with --dossier).
    #[arg(long)]
    pub date: Option<String>,
    /// Kind of dossier (first, upgrade, reevaluation), with --date.
    #[arg(long)]
    pub dossier: Option<String>,
    /// Score the request at once instead of printing it.
    #[arg(long)]
    pub score: bool,
    /// Language of the messages: vi (default) or en.
    #[arg(long, default_value = "vi")]
    pub lang: String,
}

/// `ocop import`.
pub fn import(a: &ImportArgs) -> ExitCode {
    use ocop_office::import::{self, ImportOptions, InputFile};
    let lang = match lang_of(&a.lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut files = Vec::with_capacity(a.files.len());
    for path in &a.files {
        // Refuse an oversized file before reading it.
        if let Ok(m) = std::fs::metadata(path) {
            let len = usize::try_from(m.len()).unwrap_or(usize::MAX);
            if let Err(e) = import::limits::check_size(path, len, lang) {
                return fail(e);
            }
        }
        match std::fs::read(path) {
            Ok(bytes) => files.push(InputFile {
                name: path.clone(),
                bytes,
            }),
            Err(e) => {
                eprintln!("ocop: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let opts = ImportOptions {
        level: a.level.clone(),
        date: a.date.clone(),
        dossier: a.dossier.clone(),
        lang,
    };
    let imported = match import::read(&files, &opts) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let mut stdout = io::stdout().lock();
    if a.score {
        let (text, ok) = imported.score_json();
        let _ = writeln!(stdout, "{text}");
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    } else {
        let _ = writeln!(stdout, "{}", imported.request_pretty());
        ExitCode::SUCCESS
    }
}
