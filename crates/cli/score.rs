//! `parscore score`: read a filled workbook, score it, report it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use parscore_core::{
    fmt_decimal, fmt_percent, score_with, CriteriaSet, Decimal, Lang, Method, ScoreOptions,
    Scorecard,
};
use parscore_excel::{CellProblem, Limits, Workbook};

use crate::msg::bail_t;
use crate::out::{escape, print, Align, Table};
use crate::{report, sets};

/// A workbook read and scored, with every problem found on the way.
pub struct Scored {
    pub path: PathBuf,
    pub set: CriteriaSet,
    pub unit: Option<String>,
    pub card: Scorecard,
    pub problems: Vec<CellProblem>,
    /// Made for another set, version or year: `--lenient` does not score it either.
    pub for_another_set: bool,
}

/// Reads `path` and scores it with `set_arg` (or the set the workbook records).
pub fn score_file(path: &Path, set_arg: Option<&str>) -> anyhow::Result<Scored> {
    score_file_with(path, set_arg, &Limits::default(), &ScoreOptions::default())
}

/// [`score_file`] with other limits on the workbook (a broken limit names the flag raising it)
/// and other scoring options (`rank`, which shows no reasons, builds none).
pub fn score_file_with(
    path: &Path,
    set_arg: Option<&str>,
    limits: &Limits,
    options: &ScoreOptions,
) -> anyhow::Result<Scored> {
    let wb = Workbook::open_with(path, limits).map_err(crate::limits::explain)?;
    let set = match (set_arg, &wb.meta.set_id) {
        (Some(arg), _) => sets::resolve(arg)?.set,
        (None, Some(id)) => match sets::resolve(id) {
            Ok(l) => l.set,
            Err(_) => {
                let path = path.display();
                bail_t!(
                    format!(
                        "{path}: bảng tính được lập theo bộ tiêu chí {id}, bộ này không có sẵn trong \
                         parscore; dùng --set với tệp JSON của bộ tiêu chí"
                    ),
                    format!(
                        "{path}: the workbook was made for criteria set {id}, which this parscore \
                         does not ship; pass --set with its JSON file"
                    ),
                )
            }
        },
        (None, None) => {
            let path = path.display();
            bail_t!(
                format!(
                    "{path}: bảng tính không ghi bộ tiêu chí; dùng --set MÃ hoặc --set TỆP.json"
                ),
                format!(
                    "{path}: the workbook does not record its criteria set; pass --set ID or --set \
                     FILE.json"
                ),
            )
        }
    };
    let reading = wb.inputs(&set);
    let card = score_with(&set, &reading.inputs, options);
    let problems = reading.all_problems(&set, &card.problems);
    let for_another_set = reading.is_for_another_set();
    Ok(Scored {
        path: path.to_path_buf(),
        unit: wb.meta.unit.clone(),
        set,
        card,
        problems,
        for_another_set,
    })
}

/// Prints the problems in `lang`; in strict mode they stop the command (exit 2).
pub fn report_problems(scored: &Scored, lenient: bool, lang: Lang) -> anyhow::Result<()> {
    if scored.problems.is_empty() {
        return Ok(());
    }
    // Scoring another set's cells as 0 would print a plausible, wrong score.
    let lenient = lenient && !scored.for_another_set;
    let n = crate::msg::problems(scored.problems.len(), lang);
    let path = scored.path.display();
    let hint = !scored.for_another_set;
    eprintln!(
        "parscore: {}",
        match (lenient, lang) {
            (false, Lang::Vi) if !hint => format!("{n} trong {path}; chưa chấm điểm:"),
            (false, Lang::En) if !hint => format!("{n} in {path}; no score printed:"),
            (true, Lang::Vi) => {
                format!("cảnh báo: {n}; các ô sai hoặc thiếu dữ liệu được tính 0 điểm:")
            }
            (true, Lang::En) => format!("warning: {n}; bad or missing cells were scored 0:"),
            (false, Lang::Vi) => format!(
                "{n} trong {path}; chưa chấm điểm (thêm --lenient để vẫn chấm, ô lỗi tính 0 điểm):"
            ),
            (false, Lang::En) => {
                format!("{n} in {path}; no score printed (use --lenient to score anyway):")
            }
        }
    );
    for p in &scored.problems {
        eprintln!("  {}", escape(&p.display(lang)));
    }
    if lenient {
        Ok(())
    } else {
        if scored.for_another_set {
            eprintln!(
                "parscore: {}",
                match lang {
                    Lang::Vi =>
                        "bảng tính được lập cho bộ tiêu chí hoặc năm khác: không chấm \
                                 điểm, kể cả với --lenient; dùng --set với đúng bộ tiêu chí của \
                                 bảng tính, hoặc tạo biểu mẫu mới bằng `parscore template`",
                    Lang::En =>
                        "the workbook was made for another criteria set or year: it is \
                                 not scored, not even with --lenient; pass --set with its own \
                                 set, or make a new template with `parscore template`",
                }
            );
        }
        Err(anyhow::anyhow!(Reported))
    }
}

/// An error already printed in full; `main` only sets the exit code.
#[derive(Debug)]
pub struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("problems reported above")
    }
}

impl std::error::Error for Reported {}

pub struct ScoreArgs<'a> {
    pub workbook: &'a Path,
    pub previous: Option<&'a Path>,
    pub set: Option<&'a str>,
    pub format: crate::args::ReportFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub lenient: bool,
    pub lang: Lang,
    pub limits: Limits,
}

pub fn run(a: ScoreArgs<'_>) -> anyhow::Result<ExitCode> {
    use crate::args::ReportFormat;
    let options = ScoreOptions::default();
    let scored = score_file_with(a.workbook, a.set, &a.limits, &options)?;
    let previous = a.previous.map(|p| score_file_with(p, None, &a.limits, &options)).transpose()?;
    let cur_ok = report_problems(&scored, a.lenient, a.lang);
    if let Some(prev) = &previous {
        report_problems(prev, a.lenient, a.lang)?;
    }
    cur_ok?;
    let (alone, pair) = match previous {
        Some(previous) => {
            let comparison = crate::compare::compare_scored(
                &previous,
                &scored,
                None,
                parscore_core::DEFAULT_LOW_THRESHOLD,
            )?;
            (None, Some(crate::compare::Pair { previous, current: scored, comparison }))
        }
        None => (Some(scored), None),
    };
    let Some(scored) = alone.as_ref().or(pair.as_ref().map(|p| &p.current)) else {
        bail!("internal: nothing scored");
    };
    // A criteria file given with --set is an input too: -o must not overwrite it.
    let set_file = a.set.map(Path::new).filter(|p| p.is_file());
    let inputs: Vec<&Path> =
        std::iter::once(a.workbook).chain(a.previous).chain(set_file).collect();
    let text = match a.format {
        ReportFormat::Table => {
            let mut text = table(scored, a.lang, colour());
            if let Some(p) = &pair {
                text.push('\n');
                text.push_str(&crate::compare::table(
                    &p.comparison,
                    scored.unit.as_deref().unwrap_or(""),
                    a.lang,
                ));
            }
            text
        }
        ReportFormat::Json => {
            let mut report = report::ScoreReport::new(scored);
            report.comparison = pair.as_ref().map(crate::compare::CompareReport::new);
            serde_json::to_string_pretty(&report)? + "\n"
        }
        ReportFormat::Xlsx => {
            let Some(out) = a.output else { return Err(crate::msg::xlsx_needs_output()) };
            let unit = scored.unit.clone().unwrap_or_default();
            let bytes =
                parscore_excel::write_score_report(&scored.set, &scored.card, &unit, a.lang)?;
            crate::files::write_atomic(out, &bytes, a.force, &inputs)?;
            crate::msg::wrote(out, a.lang);
            if pair.is_some() {
                eprintln!(
                    "parscore: {}",
                    match a.lang {
                        Lang::Vi =>
                            "bảng tính điểm không kèm phần so sánh; dùng \
                                     `parscore compare --format xlsx`",
                        Lang::En =>
                            "the comparison is not part of the score workbook; use \
                                     `parscore compare --format xlsx`",
                    }
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    match a.output {
        Some(out) => crate::files::write_atomic(out, text.as_bytes(), a.force, &inputs)?,
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The terminal table: domains and criteria with score / max / %, then the total.
pub fn table(s: &Scored, lang: Lang, colour: bool) -> String {
    let card = &s.card;
    let n = |d| fmt_decimal(d, lang);
    let vi = lang == Lang::Vi;
    let mut out = String::new();
    let unit = s.unit.as_deref().unwrap_or(if vi {
        "(chưa ghi đơn vị)"
    } else {
        "(unit not recorded)"
    });
    out.push_str(&format!(
        "{} — {} ({})\n\n",
        escape(&crate::out::clip(unit, 120)),
        s.set.title,
        s.set.id
    ));
    let heads: [&str; 5] = if vi {
        ["Mã", "Nội dung", "Điểm", "Tối đa", "%"]
    } else {
        ["Code", "Criterion", "Score", "Max", "%"]
    };
    let mut t =
        Table::new(&heads, &[Align::Left, Align::Left, Align::Right, Align::Right, Align::Right]);
    for node in card.nodes.iter().filter(|n| n.depth <= 2) {
        let indent = "  ".repeat(node.depth - 1);
        t.row(vec![
            node.code.clone(),
            format!("{indent}{}", node.name),
            n(node.score),
            n(node.applicable_max),
            node.percent.map(|p| fmt_percent(p, lang)).unwrap_or_else(|| "—".into()),
        ]);
    }
    let mut body = t.render();
    if colour {
        // Bold domain rows: the lines whose code has no dot.
        body = body
            .lines()
            .map(|l| {
                let code = l.split_whitespace().next().unwrap_or("");
                if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
                    format!("\x1b[1m{l}\x1b[0m")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
    }
    out.push_str(&body);
    for (label_vi, label_en, pool, sign) in
        [("Điểm thưởng", "Bonus", &card.bonus, "+"), ("Điểm trừ", "Penalty", &card.penalty, "−")]
    {
        if let Some(p) = pool {
            let label = if vi { label_vi } else { label_en };
            out.push_str(&format!(
                "{label}: {sign}{} ({} {})\n",
                n(p.applied),
                if vi { "tối đa" } else { "cap" },
                n(p.cap)
            ));
        }
    }
    let grade = card.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default();
    let pct = fmt_percent(card.percent, lang);
    out.push_str(&if vi {
        format!("\nTổng điểm: {} / {} = {pct}% — xếp loại: {grade}\n", n(card.total), n(card.max))
    } else {
        format!("\nTotal: {} / {} = {pct}% — grade: {grade}\n", n(card.total), n(card.max))
    });
    if card.survey_pending {
        let sa = &card.self_assessed;
        out.push_str(&if vi {
            format!(
                "Chưa có kết quả điều tra xã hội học: tỷ lệ trên tính theo phần tự đánh giá ({} / {}).\n",
                n(sa.score),
                n(sa.max)
            )
        } else {
            format!("No survey results yet: the percentage is over the self-assessed part ({} / {}).\n", n(sa.score), n(sa.max))
        });
    }
    // What an appraisal council cuts first: points claimed with nothing cited to prove them
    // (the compare and plan reports flag the same leaves as no_evidence).
    let unproven: Vec<String> = card
        .nodes
        .iter()
        .filter(|x| x.leaf && x.method == Method::SelfAssessed && x.score > Decimal::ZERO)
        .filter(|x| x.evidence.as_deref().is_none_or(|e| e.trim().is_empty()))
        .map(|x| format!("{} ({} {})", x.code, n(x.score), if vi { "điểm" } else { "pt" }))
        .collect();
    if !unproven.is_empty() {
        out.push_str(&if vi {
            format!(
                "Chưa nêu tài liệu kiểm chứng (hội đồng thẩm định có thể trừ điểm): {}\n",
                unproven.join(", ")
            )
        } else {
            format!(
                "No evidence cited (an appraisal council may cut these points): {}\n",
                unproven.join(", ")
            )
        });
    }
    if let Some(appraised) = card.appraised_total {
        out.push_str(&if vi {
            format!("Điểm thẩm định (theo bảng): {}\n", n(appraised))
        } else {
            format!("Appraised score (from the workbook): {}\n", n(appraised))
        });
    }
    out
}
