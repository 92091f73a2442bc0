//! `yoriai pb tally` and `yoriai pb check`: the Pabulib tools on the command line, with
//! a progress bar on large files (drawn only when standard error is a terminal).

use crate::cli::PbCommand;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::process::ExitCode;
use yoriai_domain::pb::{self, Progress, Rule, Severity};

pub const RULES_HELP: &str = "\
Rules (exact arithmetic; ties go to the smallest project id string):
  greedy_votes                  most approvals first, skip what does not fit (Decidim, CONSUL)
  greedy_votes_per_cost         most approvals per unit of cost first
  greedy_score                  most points first (cumulative and ordinal ballots)
  mes_cost                      Method of Equal Shares, cost utilities, no completion
  mes_card                      Method of Equal Shares, one utility per approved project
  mes_points                    Method of Equal Shares on points
  mes_cost_add1                 MES with per-voter budget raised one unit at a time
  mes_cost_add1_greedy          ... then greedy by votes for what still fits
  mes_cost_add1_infstop         MES Add1 without the exhaustiveness stop
  mes_cost_add1_infstop_greedy  ... then greedy by votes (reproduces Wieliczka 2023)
  seq_phragmen                  sequential Phragmen (selection_order sorted by id, as pabutools reports it)";

/// Files above this size get a progress bar.
const BAR_FROM_BYTES: u64 = 512 * 1024;

#[derive(Serialize)]
struct TallyJson<'a> {
    rule: &'a str,
    winners: &'a [String],
    selection_order: &'a [String],
    total_cost: String,
}

fn bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:32}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn run(command: &PbCommand) -> ExitCode {
    let result = match command {
        PbCommand::Tally { rule, file } => tally(*rule, file),
        PbCommand::Check { file } => check(file),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("yoriai pb: {e}");
            ExitCode::FAILURE
        }
    }
}

fn tally(rule: Rule, file: &std::path::Path) -> Result<ExitCode, String> {
    let bytes = read(file)?;
    let size = bytes.len() as u64;
    let parse_bar = (size >= BAR_FROM_BYTES).then(|| {
        let b = bar(size);
        b.set_message("parsing");
        b
    });
    let mut on_parse = |p: Progress| {
        if let (Some(b), Progress::Parse { bytes_done, .. }) = (&parse_bar, p) {
            b.set_position(bytes_done);
        }
    };
    let instance = pb::parse_bytes_with_progress(&bytes, Some(&mut on_parse)).map_err(|errors| {
        let mut text = format!("{} is not a valid Pabulib file:", file.display());
        for p in errors.errors().take(20) {
            text.push_str(&format!("\n  {p}"));
        }
        text
    })?;
    if let Some(b) = parse_bar {
        b.finish_and_clear();
    }
    drop(bytes);

    let tally_bar = (size >= BAR_FROM_BYTES).then(|| {
        let b = bar(0);
        b.set_message(rule.as_str().to_owned());
        b
    });
    let mut on_tally = |p: Progress| {
        if let (Some(b), Progress::Tally { steps_done, steps_total, .. }) = (&tally_bar, p) {
            b.set_length(steps_total.unwrap_or(steps_done.max(1)));
            b.set_position(steps_done);
        }
    };
    let outcome = pb::tally(&instance, rule, Some(&mut on_tally)).map_err(|e| e.to_string())?;
    if let Some(b) = tally_bar {
        b.finish_and_clear();
    }
    let json = TallyJson {
        rule: rule.as_str(),
        winners: &outcome.winners,
        selection_order: &outcome.selection_order,
        total_cost: outcome.total_cost.to_string(),
    };
    println!("{}", serde_json::to_string(&json).map_err(|e| e.to_string())?);
    Ok(ExitCode::SUCCESS)
}

fn check(file: &std::path::Path) -> Result<ExitCode, String> {
    let bytes = read(file)?;
    let problems = pb::check_bytes(&bytes);
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    for p in &problems {
        println!("{}:{p}", file.display());
    }
    if errors == 0 {
        match pb::parse_bytes(&bytes) {
            Ok(instance) => println!(
                "{}: valid ({} projects, {} voters, {} warning(s))",
                file.display(),
                instance.projects.len(),
                instance.voters.len(),
                warnings
            ),
            Err(_) => println!("{}: valid with {warnings} warning(s)", file.display()),
        }
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{}: {errors} error(s), {warnings} warning(s)", file.display());
        Ok(ExitCode::from(1))
    }
}
