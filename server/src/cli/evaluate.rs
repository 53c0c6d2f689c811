//! `server evaluate --grid E --candidates marks.json [--format text] [--date 2027-03-19]`:
//! the scoring engine without the application, for certifiers checking a grid and for
//! anyone checking the engine. Formats: docs/evaluate.md.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use app::domain::format::{date_fr, decimal_fr};
use app::domain::scoring::batch::evaluate_all;
use app::domain::scoring::explain::Report;
use app::domain::scoring::grid::Grid;
use app::domain::scoring::input::CandidateInput;
use app::domain::templates;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

/// Output format.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

/// Arguments of `evaluate`.
#[derive(Args, Debug)]
pub struct EvaluateArgs {
    /// Built-in template (A to E, or its code such as RNCP36390) or a grid JSON file.
    #[arg(long)]
    grid: String,
    /// JSON file: an array of candidates (see docs/evaluate.md).
    #[arg(long)]
    candidates: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Date of the deliberation (capitalised blocs must be valid on it): AAAA-MM-JJ or
    /// JJ/MM/AAAA; today by default.
    #[arg(long)]
    date: Option<String>,
}

fn parse_date(text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .with_context(|| format!("Date invalide « {text} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"))
}

fn load_grid(spec: &str) -> anyhow::Result<Grid> {
    if let Some(template) = templates::find(spec) {
        return Ok(template.grid);
    }
    let path = PathBuf::from(spec);
    if !path.exists() {
        bail!("« {spec} » n'est ni un modèle intégré (A à E, ou son code) ni un fichier de grille");
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("Lecture impossible de {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("Grille JSON invalide dans {}", path.display()))
}

/// Runs the command, printing to standard output.
pub fn run(args: &EvaluateArgs) -> anyhow::Result<()> {
    let grid = load_grid(&args.grid)?;
    let text = std::fs::read_to_string(&args.candidates)
        .with_context(|| format!("Lecture impossible de {}", args.candidates.display()))?;
    let candidates: Vec<CandidateInput> = serde_json::from_str(&text).with_context(|| {
        format!(
            "Fichier de candidats JSON invalide : {}",
            args.candidates.display()
        )
    })?;
    let on = match &args.date {
        Some(date) => parse_date(date)?,
        None => chrono::Local::now().date_naive(),
    };
    let reports =
        evaluate_all(grid, &candidates, on).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&reports)?)?,
        Format::Text => write!(out, "{}", text_report(&reports, on))?,
    }
    Ok(())
}

/// A readable table, then each candidate's explanation.
pub fn text_report(reports: &[Report], on: NaiveDate) -> String {
    let mut text = format!(
        "Délibération du {} — {} candidat(s)\n\n",
        date_fr(on),
        reports.len()
    );
    let width = reports
        .iter()
        .map(|r| r.candidate.chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    text.push_str(&format!(
        "{:<width$}  {:<45}  {:>10}  Blocs validés\n",
        "Candidat", "Décision", "Résultat"
    ));
    for report in reports {
        let result = report
            .total_points
            .map(|t| format!("{} pts", decimal_fr(t)))
            .or_else(|| report.average.map(|a| format!("{}/20", decimal_fr(a))))
            .or_else(|| {
                report
                    .criteria_ratio
                    .map(|r| format!("{} %", decimal_fr(r)))
            })
            .unwrap_or_default();
        let blocs: Vec<String> = report
            .units
            .iter()
            .filter(|u| u.validated && u.kind == app::domain::scoring::grid::UnitKind::Bloc)
            .map(|u| {
                if u.exempt {
                    format!("{} (acquis)", u.code)
                } else {
                    u.code.clone()
                }
            })
            .collect();
        text.push_str(&format!(
            "{:<width$}  {:<45}  {:>10}  {}\n",
            report.candidate,
            report.decision_label,
            result,
            if blocs.is_empty() {
                "—".to_owned()
            } else {
                blocs.join(", ")
            }
        ));
    }
    for report in reports {
        text.push_str(&format!(
            "\n{} — {}\n",
            report.candidate, report.decision_label
        ));
        for line in &report.explanation {
            text.push_str(&format!("  • {line}\n"));
        }
    }
    text
}

/// Arguments of `grid`.
#[derive(Args, Debug)]
pub struct GridArgs {
    /// Built-in template: A to E, or its code such as RNCP36390.
    template: String,
}

/// Prints a built-in template's grid as JSON: the starting point of a grid file.
pub fn print_grid(args: &GridArgs) -> anyhow::Result<()> {
    let Some(template) = templates::find(&args.template) else {
        bail!(
            "Modèle inconnu « {} » : A, B, C, D ou E (ou leur code)",
            args.template
        );
    };
    writeln!(
        std::io::stdout().lock(),
        "{}",
        serde_json::to_string_pretty(&template.grid)?
    )?;
    Ok(())
}
