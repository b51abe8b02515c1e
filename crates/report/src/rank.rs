//! The report of a ranking (`parscore rank`, the ranking page, `GET /api/rank`).

use parscore_core::{CriteriaSet, Decimal, Ranking, Text};
use parscore_sheet::CellProblem;
use serde::Serialize;

use crate::json::{ser_opt_percent, ser_percent, ser_points};
use crate::problem::ProblemReport;

/// A workbook left out of a ranking, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankFailure {
    /// The file.
    pub file: String,
    /// Why the workbook as a whole could not be used (cannot open, made for another set, a
    /// unit named twice).
    pub error: Option<Text>,
    /// The problems found in its cells (strict scoring refuses a workbook that has any).
    pub problems: Vec<CellProblem>,
}

impl RankFailure {
    /// Every reason, one line each, each starting with the file: the error, then the problems.
    pub fn lines(&self) -> Vec<Text> {
        self.error.iter().cloned().chain(self.problems.iter().map(CellProblem::text)).collect()
    }
}

/// A ranking with its set, its units, and the workbooks left out.
#[derive(Debug, Clone, Serialize)]
pub struct RankReport {
    /// The set the units were scored on; `null` when none could be scored.
    pub set: Option<String>,
    /// Its title.
    pub set_title: Option<String>,
    /// Its year.
    pub year: Option<u16>,
    /// The domains, as columns of the ranking.
    pub domains: Vec<DomainName>,
    /// How many units are ranked.
    pub ranked: usize,
    /// How many workbooks were left out.
    pub failed: usize,
    /// The units, best first.
    pub units: Vec<UnitReport>,
    /// The workbooks left out.
    pub failures: Vec<FailureReport>,
    /// Last year's batch, when compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousBatch>,
    /// Notes that did not stop the ranking.
    pub warnings: Vec<Text>,
    /// Whether last year's columns are shown (even when no unit was found there).
    #[serde(skip)]
    pub compared: bool,
}

/// A domain's code and name.
#[derive(Debug, Clone, Serialize)]
pub struct DomainName {
    /// Its code.
    pub code: String,
    /// Its name (empty when no set could be named).
    pub name: String,
}

/// One ranked unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    /// Its rank; tied units share one.
    pub rank: usize,
    /// The unit.
    pub unit: String,
    /// Its workbook.
    pub file: String,
    /// Its percentage.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// Its grade.
    pub grade: Option<Text>,
    /// Its total.
    #[serde(serialize_with = "ser_points")]
    pub total: Decimal,
    /// The applicable maximum.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// Each domain.
    pub domains: Vec<DomainReport>,
    /// Last year's result; `null` when the unit was not found there. Absent when not compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Option<PreviousReport>>,
}

/// One domain of a unit.
#[derive(Debug, Clone, Serialize)]
pub struct DomainReport {
    /// The domain's code.
    pub code: String,
    /// Its score.
    #[serde(serialize_with = "ser_points")]
    pub score: Decimal,
    /// Its applicable maximum.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// `score / max`; `null` when nothing in it applies.
    #[serde(serialize_with = "ser_opt_percent")]
    pub percent: Option<Decimal>,
}

/// A unit's result last year.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PreviousReport {
    /// Last year's percentage.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// Last year's rank.
    pub rank: usize,
    /// This year's percentage less last year's.
    #[serde(serialize_with = "ser_percent")]
    pub delta: Decimal,
    /// Places gained (positive: moved up).
    pub rank_change: i64,
}

/// A workbook left out.
#[derive(Debug, Clone, Serialize)]
pub struct FailureReport {
    /// The file.
    pub file: String,
    /// Why the workbook as a whole could not be used.
    pub error: Option<Text>,
    /// The problems in its cells.
    pub problems: Vec<ProblemReport>,
}

/// Last year's batch.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousBatch {
    /// Its set.
    pub set: Option<String>,
    /// How many units were ranked.
    pub ranked: usize,
    /// The workbooks left out.
    pub failures: Vec<FailureReport>,
}

impl FailureReport {
    fn all(failures: &[RankFailure]) -> Vec<FailureReport> {
        failures
            .iter()
            .map(|f| FailureReport {
                file: f.file.clone(),
                error: f.error.clone(),
                problems: ProblemReport::all(&f.problems),
            })
            .collect()
    }

    /// Every reason, one line each: the error, then the problems, with their places.
    pub fn lines(&self) -> Vec<Text> {
        self.error.iter().cloned().chain(self.problems.iter().map(ProblemReport::text)).collect()
    }
}

/// The domains' codes and names: the set's, else the first unit's codes.
fn domains(set: Option<&CriteriaSet>, ranking: &Ranking) -> Vec<DomainName> {
    match set {
        Some(set) => set
            .criteria
            .iter()
            .map(|d| DomainName { code: d.code.clone(), name: d.name.clone() })
            .collect(),
        None => ranking
            .units
            .first()
            .map(|r| {
                let names = r.result.domains.iter();
                names.map(|d| DomainName { code: d.code.clone(), name: String::new() }).collect()
            })
            .unwrap_or_default(),
    }
}

impl RankReport {
    /// The report of `ranking` (units scored on `set`) and the workbooks left out; `previous`
    /// is last year's batch when compared, `warnings` what did not stop the ranking.
    pub fn new(
        set: Option<&CriteriaSet>,
        ranking: &Ranking,
        failures: &[RankFailure],
        previous: Option<(Option<&CriteriaSet>, &Ranking, &[RankFailure])>,
        warnings: Vec<Text>,
    ) -> RankReport {
        let compared = ranking.compared;
        RankReport {
            set: set.map(|s| s.id.clone()),
            set_title: set.map(|s| s.title.clone()),
            year: set.map(|s| s.year),
            domains: domains(set, ranking),
            ranked: ranking.units.len(),
            failed: failures.len(),
            units: ranking
                .units
                .iter()
                .map(|r| {
                    let u = &r.result;
                    UnitReport {
                        rank: r.rank,
                        unit: u.unit.clone(),
                        file: u.file.clone(),
                        percent: u.percent,
                        grade: u.grade.clone(),
                        total: u.total,
                        max: u.max,
                        domains: u
                            .domains
                            .iter()
                            .map(|d| DomainReport {
                                code: d.code.clone(),
                                score: d.score,
                                max: d.max,
                                percent: d.percent,
                            })
                            .collect(),
                        previous: compared.then(|| {
                            r.previous.map(|p| PreviousReport {
                                percent: p.percent,
                                rank: p.rank,
                                delta: p.delta,
                                rank_change: p.rank_change,
                            })
                        }),
                    }
                })
                .collect(),
            failures: FailureReport::all(failures),
            previous: previous.map(|(set, ranking, failures)| PreviousBatch {
                set: set.map(|s| s.id.clone()),
                ranked: ranking.units.len(),
                failures: FailureReport::all(failures),
            }),
            warnings,
            compared,
        }
    }

    /// The percentage of domain `code` of `unit`.
    pub fn domain_percent(unit: &UnitReport, code: &str) -> Option<Decimal> {
        unit.domains.iter().find(|d| d.code == code).and_then(|d| d.percent)
    }
}
