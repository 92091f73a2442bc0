//! The public dashboard of participation KPIs, city-wide or per process, and the KPIs
//! staff define against it (the guidebook's template: baseline, target, fiscal year,
//! calculation, data source, update cycle).

use crate::accountability::opt_line;
use crate::audit::{self, Visibility};
use crate::{ServiceResult, Services};
use chrono::Datelike;
use serde_json::json;
use yoriai_domain::accountability::{check_target_year, fiscal_year, kpi_progress, Metric, UPDATE_CYCLES};
use yoriai_domain::text::single_line;
use yoriai_domain::{authorize, Action, Actor, ErrorCode, FieldError, FieldErrors, KpiId, ProcessId};
use yoriai_store::dashboard::{self as store, KpiFields};
use yoriai_store::DbConn;
pub use yoriai_views::accountability::KpiInput;
use yoriai_views::accountability::{Dashboard, Figure, KpiView, ReportStat, TurnoutRow};
use yoriai_views::Bilingual;

/// The key of the population figure.
pub const POPULATION: &str = "population";

/// The fiscal year today is in (city time).
pub fn current_fiscal_year() -> i32 {
    let today = (chrono::Utc::now() + chrono::Duration::hours(crate::CITY_UTC_OFFSET_HOURS)).date_naive();
    fiscal_year(today.year(), today.month())
}

/// The figures a feature (or the platform) counts for the dashboard, declared in its
/// manifest: the dashboard, the KPIs and the figures' CSV iterate these parts.
pub struct Figures {
    /// What it counts, in the order the dashboard shows them.
    pub metrics: &'static [Metric],
    /// Counts them for the city or for one process (`inputs.process`). A figure that
    /// does not apply there (a city-wide one on a process's dashboard) is left out.
    pub count: CountFigures,
}

/// Counts a part's figures: each metric with its value.
pub type CountFigures = fn(&mut Inputs<'_>) -> ServiceResult<Vec<(Metric, f64)>>;

/// What the parts count from: the scope, and the reads that more than one part or a
/// chart needs, made once per page.
pub struct Inputs<'a> {
    pub conn: &'a mut DbConn,
    /// `None`: the whole city.
    pub process: Option<ProcessId>,
    /// The population figure staff entered, if any.
    pub population: Option<i64>,
    turnout: Option<Vec<store::TurnoutRow>>,
    report_stats: Option<Vec<store::GroupStat>>,
    registered: Option<i64>,
}

impl Inputs<'_> {
    /// Ballots and eligible residents per heading of the city's own budgets.
    pub fn turnout(&mut self) -> ServiceResult<&[store::TurnoutRow]> {
        let rows = match self.turnout.take() {
            Some(rows) => rows,
            None => store::turnout(self.conn, self.process)?,
        };
        Ok(self.turnout.insert(rows))
    }

    /// Street reports received and fixed per category (city-wide; reports belong to no process).
    pub fn report_stats(&mut self) -> ServiceResult<&[store::GroupStat]> {
        let stats = match self.report_stats.take() {
            Some(stats) => stats,
            None => store::report_stats(self.conn, false)?,
        };
        Ok(self.report_stats.insert(stats))
    }

    /// Confirmed accounts.
    pub fn registered(&mut self) -> ServiceResult<i64> {
        if let Some(n) = self.registered {
            return Ok(n);
        }
        let n = store::registered(self.conn)?;
        self.registered = Some(n);
        Ok(n)
    }
}

/// A share in percent with one decimal (0 when there is no whole).
pub(crate) fn share(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// The platform's own figures, which belong to no one feature: who took part at all
/// (first), and the accounts against the population (last).
const PARTICIPATION: Figures = Figures {
    metrics: &[Metric::Participants],
    count: |i| Ok(vec![(Metric::Participants, store::participants(i.conn, i.process)? as f64)]),
};
const ACCOUNTS: Figures = Figures {
    metrics: &[Metric::RegisteredShare, Metric::VerifiedShare],
    count: |i| {
        let Some(pop) = i.population.filter(|_| i.process.is_none()) else { return Ok(Vec::new()) };
        let registered = i.registered()?;
        let verified = crate::privacy::verified_count(i.conn)?;
        Ok(vec![(Metric::RegisteredShare, share(registered, pop)), (Metric::VerifiedShare, share(verified, pop))])
    },
};

/// Every part, in the order the dashboard shows its figures: the platform's
/// participation, each feature's figures in manifest order, the accounts.
pub fn figure_parts() -> impl Iterator<Item = &'static Figures> {
    std::iter::once(&PARTICIPATION)
        .chain(crate::features::FEATURES.iter().filter_map(|f| f.figures.as_ref()))
        .chain(std::iter::once(&ACCOUNTS))
}

/// Every built-in figure, computed once for the page.
struct Computed {
    values: Vec<(Metric, f64)>,
    turnout: Vec<TurnoutRow>,
    by_category: Vec<ReportStat>,
    by_department: Vec<ReportStat>,
}

pub(crate) fn median_of(stats: &[store::GroupStat]) -> Option<f64> {
    // The overall median is not the median of medians; the city-wide figure weighs each
    // group's median by its fixed reports, which the page labels as such.
    let fixed: i64 = stats.iter().filter(|s| s.median_days.is_some()).map(|s| s.fixed).sum();
    if fixed == 0 {
        return None;
    }
    let weighted: f64 = stats.iter().filter_map(|s| s.median_days.map(|m| m * s.fixed as f64)).sum();
    Some((weighted / fixed as f64 * 10.0).round() / 10.0)
}

fn compute(conn: &mut DbConn, process: Option<ProcessId>, population: Option<i64>) -> ServiceResult<Computed> {
    let mut inputs =
        Inputs { conn: &mut *conn, process, population, turnout: None, report_stats: None, registered: None };
    let mut values = Vec::new();
    for part in figure_parts() {
        let counted = (part.count)(&mut inputs)?;
        debug_assert!(
            counted.iter().all(|(m, _)| part.metrics.contains(m)),
            "a part counted a figure it does not declare"
        );
        values.extend(counted);
    }
    // The charts show what the figures were counted from.
    let turnout_rows = inputs.turnout()?.to_vec();
    let cat_stats = if process.is_none() { inputs.report_stats()?.to_vec() } else { Vec::new() };
    let dep_stats = if process.is_none() { store::report_stats(conn, true)? } else { Vec::new() };
    Ok(Computed {
        values,
        turnout: turnout_view(turnout_rows),
        by_category: stats_view(conn, &cat_stats, false)?,
        by_department: stats_view(conn, &dep_stats, true)?,
    })
}

fn turnout_view(rows: Vec<store::TurnoutRow>) -> Vec<TurnoutRow> {
    rows.into_iter()
        .map(|(bja, ben, hja, hen, n, eligible)| TurnoutRow {
            budget: Bilingual::new(bja, ben),
            heading: Bilingual::new(hja, hen),
            ballots: i64::from(n),
            eligible: eligible.map(i64::from),
        })
        .collect()
}

/// Report statistics with the names of their categories or departments.
fn stats_view(conn: &mut DbConn, stats: &[store::GroupStat], by_department: bool) -> ServiceResult<Vec<ReportStat>> {
    if stats.is_empty() {
        return Ok(Vec::new());
    }
    let names = if by_department { store::department_names(conn)? } else { store::category_names(conn)? };
    Ok(stats
        .iter()
        .map(|s| ReportStat {
            label: names.iter().find(|n| n.0 == s.group_id).map(|n| Bilingual::new(&n.1, &n.2)).unwrap_or_default(),
            received: s.received,
            fixed: s.fixed,
            median_days_to_fix: s.median_days.map(|d| (d * 10.0).round() / 10.0),
        })
        .collect())
}

/// The process a dashboard is for (`None`: city-wide); unknown slugs are not found.
fn process_of(conn: &mut DbConn, slug: Option<&str>) -> ServiceResult<Option<yoriai_store::processes::ProcessRow>> {
    match slug {
        Some(s) => {
            let all = yoriai_store::processes::list(conn, true)?;
            Ok(Some(all.into_iter().find(|p| p.slug == s).ok_or(ErrorCode::NotFound)?))
        }
        None => Ok(None),
    }
}

/// What one chart needs, without computing the rest of the dashboard (the figures and
/// the KPIs, which compare with every figure, take the whole computation).
fn chart_data(svc: &Services, actor: &Actor, slug: Option<&str>, chart: &str) -> ServiceResult<Dashboard> {
    let mut conn = svc.conn()?;
    let process = process_of(&mut conn, slug)?.map(|p| p.id);
    let mut d = Dashboard::default();
    match chart {
        "figures" | "kpis" => return dashboard(svc, actor, slug),
        "turnout" => d.turnout = turnout_view(store::turnout(&mut conn, process)?),
        // Report statistics are city-wide only (reports belong to no process).
        "reports_by_category" | "reports_by_department" if process.is_none() => {
            let by_department = chart == "reports_by_department";
            let stats = store::report_stats(&mut conn, by_department)?;
            let view = stats_view(&mut conn, &stats, by_department)?;
            if by_department {
                d.reports_by_department = view;
            } else {
                d.reports_by_category = view;
            }
        }
        "reports_by_category" | "reports_by_department" => {}
        "results" => d.results_by_status = store::results_by_status(&mut conn, process)?,
        // Anonymous statistics are city-wide only.
        "age_bands" if process.is_none() => d.age_bands = crate::privacy::statistics_by_age_band(&mut conn)?,
        "age_bands" => {}
        _ => return Err(ErrorCode::NotFound.into()),
    }
    Ok(d)
}

/// The dashboard, city-wide (`slug` = `None`) or for one process.
pub fn dashboard(svc: &Services, actor: &Actor, slug: Option<&str>) -> ServiceResult<Dashboard> {
    let mut conn = svc.conn()?;
    let all = yoriai_store::processes::list(&mut conn, true)?;
    let process = match slug {
        Some(s) => Some(all.iter().find(|p| p.slug == s).ok_or(ErrorCode::NotFound)?),
        None => None,
    };
    let population = store::figure(&mut conn, POPULATION)?;
    let computed = compute(&mut conn, process.map(|p| p.id), population)?;
    let kpis = store::kpis_of(&mut conn, process.map(|p| p.id))?
        .into_iter()
        .filter_map(|k| {
            let metric = Metric::parse(&k.metric)?;
            let current = computed.values.iter().find(|(m, _)| *m == metric).map(|(_, v)| *v).unwrap_or(0.0);
            Some(KpiView {
                id: k.id,
                name: Bilingual::new(k.name_ja, k.name_en),
                metric: k.metric,
                process: process.map(|p| Bilingual::new(&p.title_ja, &p.title_en)),
                baseline: k.baseline,
                target: k.target,
                target_year: k.target_year,
                data_source: k.data_source,
                update_cycle: k.update_cycle,
                current,
                progress: kpi_progress(k.baseline, k.target, current),
            })
        })
        .collect();
    Ok(Dashboard {
        process: process.map(|p| (p.slug.clone(), Bilingual::new(&p.title_ja, &p.title_en))),
        processes: all.iter().map(|p| (p.slug.clone(), Bilingual::new(&p.title_ja, &p.title_en))).collect(),
        figures: computed
            .values
            .iter()
            .map(|(m, v)| Figure { key: m.as_str().to_owned(), value: *v, share: m.is_share() })
            .collect(),
        turnout: computed.turnout,
        reports_by_category: computed.by_category,
        reports_by_department: computed.by_department,
        results_by_status: store::results_by_status(&mut conn, process.map(|p| p.id))?,
        age_bands: if process.is_none() { crate::privacy::statistics_by_age_band(&mut conn)? } else { Vec::new() },
        kpis,
        population,
        can_manage: authorize(actor, &Action::ManageKpis).is_ok(),
        fiscal_year: current_fiscal_year(),
    })
}

fn parse_number(raw: &str) -> Result<f64, ErrorCode> {
    let t = raw.trim().trim_end_matches(['%', '％']).replace([',', '，'], "");
    if t.is_empty() {
        return Err(ErrorCode::Required);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() < 1e15 => Ok(v),
        _ => Err(ErrorCode::NotANumber),
    }
}

pub fn add_kpi(svc: &Services, actor: &Actor, input: KpiInput) -> ServiceResult<KpiId> {
    authorize(actor, &Action::ManageKpis)?;
    let mut conn = svc.conn()?;
    let mut e = FieldErrors::new();
    let process_id = if input.process_slug.trim().is_empty() {
        None
    } else {
        match yoriai_store::processes::find_by_slug(&mut conn, input.process_slug.trim())? {
            Some(p) => Some(p.id),
            None => {
                e.push(FieldError::new("process_slug", ErrorCode::NotFound));
                None
            }
        }
    };
    let name_ja = e.check("name_ja", single_line(&input.name_ja, 1, 120));
    let name_en = e.check("name_en", opt_line(&input.name_en, 120));
    let metric = e.check("metric", Metric::parse(&input.metric).ok_or(ErrorCode::InvalidInput));
    let baseline = e.check("baseline", parse_number(&input.baseline));
    let target = e.check("target", parse_number(&input.target));
    let year = e.check(
        "target_year",
        input
            .target_year
            .trim()
            .parse::<i32>()
            .map_err(|_| ErrorCode::NotANumber)
            .and_then(|y| check_target_year(y, current_fiscal_year())),
    );
    let source = e.check("data_source", opt_line(&input.data_source, 200));
    let cycle = e.check(
        "update_cycle",
        UPDATE_CYCLES.iter().find(|c| **c == input.update_cycle.trim()).copied().ok_or(ErrorCode::InvalidInput),
    );
    let (
        Some(name_ja),
        Some(name_en),
        Some(metric),
        Some(baseline),
        Some(target),
        Some(year),
        Some(source),
        Some(cycle),
    ) = (name_ja, name_en, metric, baseline, target, year, source, cycle)
    else {
        return Err(e.into_rejection().into());
    };
    if !e.is_empty() {
        return Err(e.into_rejection().into());
    }
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        let id = store::insert_kpi(
            c,
            &KpiFields {
                process_id,
                name_ja: &name_ja,
                name_en: &name_en,
                metric: metric.as_str(),
                baseline,
                target,
                target_year: year,
                data_source: &source,
                update_cycle: cycle,
            },
            now,
        )?;
        audit::log(
            c,
            actor,
            "add_kpi",
            ("kpi", Some(id)),
            Visibility::Public,
            None,
            json!({ "metric": metric.as_str() }),
        )?;
        Ok(id)
    })
}

pub fn remove_kpi(svc: &Services, actor: &Actor, id: KpiId) -> ServiceResult<()> {
    authorize(actor, &Action::ManageKpis)?;
    let mut conn = svc.conn()?;
    yoriai_store::write_tx(&mut conn, |c| {
        if !store::delete_kpi(c, id)? {
            return Err(ErrorCode::NotFound.into());
        }
        audit::log(c, actor, "remove_kpi", ("kpi", Some(id)), Visibility::Public, None, json!({}))
    })
}

/// Sets the population the registered share is measured against.
pub fn set_population(svc: &Services, actor: &Actor, raw: &str) -> ServiceResult<()> {
    authorize(actor, &Action::ManageKpis)?;
    let cleaned: String = raw.trim().chars().filter(|c| !matches!(c, ',' | '，' | ' ' | '人')).collect();
    let value = match cleaned.parse::<i64>() {
        Ok(v) if v > 0 && v < 100_000_000_000 => v,
        _ => return Err(yoriai_domain::Rejection::field("population", ErrorCode::NotANumber).into()),
    };
    let mut conn = svc.conn()?;
    let now = yoriai_store::now();
    yoriai_store::write_tx(&mut conn, |c| {
        store::set_figure(c, POPULATION, value, now)?;
        audit::log(
            c,
            actor,
            "set_population",
            ("figure", None::<i64>),
            Visibility::Public,
            None,
            json!({ "population": value }),
        )
    })
}

/// One chart's data as CSV (`figures`, `turnout`, `reports_by_category`,
/// `reports_by_department`, `results`, `kpis`), with a header row.
pub fn chart_csv(svc: &Services, actor: &Actor, slug: Option<&str>, chart: &str) -> ServiceResult<String> {
    use crate::csv::{header, Row};
    let d = chart_data(svc, actor, slug, chart)?;
    let mut out = String::new();
    let num = |v: f64| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") };
    match chart {
        "figures" => {
            out.push_str(&header(&["figure", "value", "unit"]));
            for f in &d.figures {
                let unit = if f.share { "percent" } else { "count" };
                out.push_str(&Row::new().text(&f.key).num(num(f.value)).text(unit).line());
            }
        }
        "turnout" => {
            out.push_str(&header(&["budget_ja", "budget_en", "heading_ja", "heading_en", "ballots", "eligible"]));
            for t in &d.turnout {
                out.push_str(
                    &Row::new()
                        .text(&t.budget.ja)
                        .text(&t.budget.en)
                        .text(&t.heading.ja)
                        .text(&t.heading.en)
                        .num(t.ballots)
                        .opt_num(t.eligible)
                        .line(),
                );
            }
        }
        "reports_by_category" | "reports_by_department" => {
            out.push_str(&header(&["name_ja", "name_en", "received", "fixed", "median_days_to_fix"]));
            let stats = if chart == "reports_by_category" { &d.reports_by_category } else { &d.reports_by_department };
            for s in stats {
                out.push_str(
                    &Row::new()
                        .text(&s.label.ja)
                        .text(&s.label.en)
                        .num(s.received)
                        .num(s.fixed)
                        .opt_num(s.median_days_to_fix.map(num))
                        .line(),
                );
            }
        }
        "age_bands" => {
            out.push_str(&header(&["age_band", "residents", "note"]));
            for (band, n) in &d.age_bands {
                let row = Row::new().text(band);
                out.push_str(&match n {
                    Some(n) => row.num(n).empty().line(),
                    None => row.empty().text("fewer than 5").line(),
                });
            }
        }
        "results" => {
            out.push_str(&header(&["status", "results"]));
            for (s, n) in &d.results_by_status {
                out.push_str(&Row::new().text(s).num(n).line());
            }
        }
        "kpis" => {
            out.push_str(&header(&[
                "name_ja",
                "name_en",
                "metric",
                "baseline",
                "current",
                "target",
                "target_fiscal_year",
                "progress_percent",
                "data_source",
                "update_cycle",
            ]));
            for k in &d.kpis {
                out.push_str(
                    &Row::new()
                        .text(&k.name.ja)
                        .text(&k.name.en)
                        .text(&k.metric)
                        .num(num(k.baseline))
                        .num(num(k.current))
                        .num(num(k.target))
                        .num(k.target_year)
                        .opt_num(k.progress.map(|p| format!("{p:.1}")))
                        .text(&k.data_source)
                        .text(&k.update_cycle)
                        .line(),
                );
            }
        }
        _ => return Err(ErrorCode::NotFound.into()),
    }
    Ok(out)
}
