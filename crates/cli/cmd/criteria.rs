//! `parscore criteria list|show|check`.

use parscore_core::{catalog, describe, fmt_decimal, CriteriaSet, Lang, ProvenanceStatus};
use serde::Serialize;

use crate::args::Format;
use crate::exit::Exit;
use crate::render::{escape, print, Align, Table};
use crate::{msg, sets};

/// One line of `criteria list --format json`.
#[derive(Serialize)]
struct ListRow {
    id: String,
    title: String,
    year: u16,
    level: String,
    total: String,
    domains: usize,
    criteria: usize,
    sub_criteria: usize,
    provenance: &'static str,
}

fn list_row(set: &CriteriaSet) -> ListRow {
    let count = |depth: usize| set.nodes().iter().filter(|n| n.depth() == depth).count();
    ListRow {
        id: set.id.clone(),
        title: set.title.clone(),
        year: set.year,
        level: set.level.to_string(),
        total: set.total.normalize().to_string(),
        domains: count(1),
        criteria: count(2),
        sub_criteria: count(3),
        provenance: match set.provenance.status {
            ProvenanceStatus::Official => "official",
            ProvenanceStatus::Reconstruction => "reconstruction",
        },
    }
}

pub fn list(format: Format) -> anyhow::Result<Exit> {
    let mut rows = Vec::new();
    for (shipped, loaded) in catalog::load_all() {
        let set = loaded.map_err(|e| sets::invalid(shipped.path, &e))?;
        rows.push(list_row(&set));
    }
    match format {
        Format::Json => print(&(serde_json::to_string_pretty(&rows)? + "\n"))?,
        Format::Table => {
            use Align::{Left, Right};
            let mut t = Table::new(
                &[
                    "id",
                    "title",
                    "year",
                    "level",
                    "max",
                    "domains",
                    "criteria",
                    "sub-criteria",
                    "provenance",
                ],
                &[Left, Left, Right, Left, Right, Right, Right, Right, Left],
            );
            for r in rows {
                t.row(vec![
                    r.id,
                    r.title,
                    r.year.to_string(),
                    r.level,
                    r.total,
                    r.domains.to_string(),
                    r.criteria.to_string(),
                    r.sub_criteria.to_string(),
                    r.provenance.into(),
                ]);
            }
            print(&t.render())?;
        }
    }
    Ok(Exit::Ok)
}

pub fn show(arg: &str, format: Format, lang: Lang) -> anyhow::Result<Exit> {
    let located = sets::resolve(arg)?;
    let set = &located.set;
    match format {
        Format::Json => print(&(set.to_json() + "\n"))?,
        Format::Table => {
            let mut text = format!("{} ({}, {})\n\n", set.title, set.id, set.year);
            let heads = match lang {
                Lang::Vi => ["Mã", "Nội dung", "Điểm tối đa", "Cách chấm"],
                Lang::En => ["Code", "Criterion", "Max", "Scoring"],
            };
            let mut t = Table::new(&heads, &[Align::Left, Align::Left, Align::Right, Align::Left]);
            for node in set.all_nodes() {
                let indent = "  ".repeat(node.depth().saturating_sub(1));
                let rule = if node.is_leaf() { describe(node, lang) } else { String::new() };
                t.row(vec![
                    node.code.clone(),
                    format!("{indent}{}", node.name),
                    fmt_decimal(node.max, lang),
                    rule,
                ]);
            }
            text.push_str(&t.render());
            print(&text)?;
        }
    }
    Ok(Exit::Ok)
}

pub fn check(args: &[String], lang: Lang) -> anyhow::Result<Exit> {
    // Shipped sets are always loaded, so a user's set can name a shipped one as `previous`.
    let mut checked: Vec<(String, Result<CriteriaSet, anyhow::Error>)> = Vec::new();
    if args.is_empty() {
        for (shipped, loaded) in catalog::load_all() {
            checked
                .push((shipped.path.into(), loaded.map_err(|e| sets::invalid(shipped.path, &e))));
        }
    } else {
        for arg in args {
            checked.push((arg.clone(), sets::resolve(arg).map(|l| l.set)));
        }
    }
    let mut known: Vec<CriteriaSet> =
        catalog::load_all().into_iter().filter_map(|(_, r)| r.ok()).collect();
    known.extend(checked.iter().filter_map(|(_, r)| r.as_ref().ok().cloned()));
    let known_refs: Vec<&CriteriaSet> = known.iter().collect();

    let mut failed = 0;
    let mut report = String::new();
    for (origin, result) in &checked {
        match result {
            Ok(set) => {
                let links = catalog::check_links(set, &known_refs);
                if links.is_empty() {
                    report.push_str(&format!("ok  {} ({origin})\n", set.id));
                } else {
                    failed += 1;
                    let n = msg::problems(links.len(), lang);
                    match lang {
                        Lang::Vi => {
                            eprintln!("parscore: {origin}: {n} trong bộ tiêu chí {}:", set.id)
                        }
                        Lang::En => {
                            eprintln!("parscore: {origin}: {n} in criteria set {}:", set.id)
                        }
                    }
                    for p in links {
                        eprintln!("  {origin}: {}", escape(p.text().get(lang)));
                    }
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("parscore: {}", escape(&msg::render(e, lang)));
            }
        }
    }
    print(&report)?;
    if failed == 0 {
        return Ok(Exit::Ok);
    }
    let n = checked.len();
    msg::bail_t!(
        format!("{failed} trong {n} bộ tiêu chí không hợp lệ"),
        format!("{failed} of {n} criteria set(s) do not validate"),
    )
}
