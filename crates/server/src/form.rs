//! *Nhập trực tuyến*: a self-assessment filled in or corrected in the browser.
//!
//! The form is generated from the set: one widget per leaf, chosen by its rule (an exhaustive
//! `match`, so a new rule kind fails to compile here) — a drop-down for a choice, Có/Không, a
//! percentage, a numerator and denominator, a count, a score — with evidence and explanation.
//! Each field's text is read by the workbook reader's own cell parsers (`parscore_read::cells`:
//! decimal commas, percentages, yes/no words); the inputs are then written into the set's
//! template (`write_template`) and that workbook is read back and scored like any upload, so
//! the form is checked by the same rules as a workbook, and the workbook it downloads or saves
//! is exactly what `parscore score` reads back.

use std::collections::BTreeMap;

use parscore_core::{
    fmt_decimal, CriteriaSet, Decimal, Entry, Input, Inputs, Lang, Node, Rule, Text,
};
use parscore_read::{cells, Data, Workbook};
use parscore_report::Scored;
use parscore_sheet::layout::{na_label, SHEET};
use parscore_sheet::CellProblem;
use parscore_write::TemplateMeta;

use crate::engine;
use crate::error::AppError;
use crate::state::AppState;
use crate::words::words;

/// The name the form's workbooks go by in messages and the store.
pub fn file_label(unit: &str) -> String {
    let unit: String = unit.chars().filter(|c| !c.is_control()).take(120).collect();
    format!("nhap-truc-tuyen {}.xlsx", unit.trim())
}

/// What the form sent: every field by name (the first value of each).
#[derive(Debug, Default)]
pub struct Fields(pub BTreeMap<String, String>);

impl Fields {
    /// The fields of a url-encoded body.
    pub fn new(pairs: Vec<(String, String)>) -> Fields {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            map.entry(k).or_insert(v);
        }
        Fields(map)
    }

    /// The field `prefix:code`, trimmed, when not blank.
    fn get(&self, prefix: &str, code: &str) -> Option<&str> {
        self.0.get(&format!("{prefix}:{code}")).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    /// The plain field `name`, trimmed, when not blank.
    pub fn plain(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// A cell-like value of a field: the text the user typed, as the reader sees a text cell.
fn cell(s: &str) -> Data {
    Data::String(s.to_string())
}

fn problem(code: &str, field: &str, message: Text) -> CellProblem {
    CellProblem {
        file: words(Lang::Vi).nav_form.to_string(),
        sheet: SHEET.to_string(),
        cell: None,
        code: Some(code.to_string()),
        message: Text::new(format!("{field}: {}", message.vi), format!("{field}: {}", message.en)),
    }
}

/// The inputs the fields give for `set`, and the problems of fields that cannot be read.
pub fn inputs(set: &CriteriaSet, f: &Fields) -> (Inputs, Vec<CellProblem>) {
    let mut inputs = Inputs::default();
    let mut problems = Vec::new();
    for node in set.all_nodes().into_iter().filter(|n| n.is_leaf()) {
        let code = node.code.as_str();
        let mut entry = Entry {
            evidence: f.get("e", code).map(str::to_string),
            explanation: f.get("x", code).map(str::to_string),
            owner: f.get("o", code).map(str::to_string),
            ..Entry::default()
        };
        if let Some(a) = f.get("a", code) {
            match cells::decimal(&cell(a)) {
                Ok(v) => entry.appraised = Some(v),
                Err(e) => problems.push(problem(code, "Điểm thẩm định", e)),
            }
        }
        if node.na.is_some() && f.get("na", code).is_some() {
            entry.value = Some(Input::NotApplicable);
        } else if let Some(rule) = &node.rule {
            match value(rule, code, f) {
                Ok(v) => entry.value = v,
                Err((field, e)) => problems.push(problem(code, field, e)),
            }
        }
        let empty = entry == Entry::default();
        if !empty {
            inputs.entries.insert(code.to_string(), entry);
        }
    }
    (inputs, problems)
}

/// The input of one leaf from its fields; `Err` names the field and what was expected.
fn value(rule: &Rule, code: &str, f: &Fields) -> Result<Option<Input>, (&'static str, Text)> {
    const VALUE: &str = "Số liệu";
    let v = f.get("v", code);
    let on = |field: &'static str| move |e: Text| (field, e);
    match rule {
        Rule::Manual { .. } => f
            .get("s", code)
            .map(|s| cells::decimal(&cell(s)).map(Input::Score).map_err(on("Điểm tự chấm")))
            .transpose(),
        Rule::Boolean { yes, no } => v
            .map(|s| {
                cells::yes_no(&cell(s), yes.as_deref(), no.as_deref())
                    .map(Input::Yes)
                    .map_err(on(VALUE))
            })
            .transpose(),
        Rule::Choice { .. } => Ok(v.map(|s| Input::Choice(s.to_string()))),
        Rule::Bands { input: parscore_core::RatioInput::Fraction, .. }
        | Rule::Proportional { input: parscore_core::RatioInput::Fraction } => {
            match (f.get("n", code), f.get("d", code)) {
                (None, None) => Ok(None),
                (Some(n), Some(d)) => {
                    let numerator = cells::decimal(&cell(n)).map_err(on("Tử số"))?;
                    let denominator = cells::decimal(&cell(d)).map_err(on("Mẫu số"))?;
                    Ok(Some(Input::Fraction { numerator, denominator }))
                }
                (Some(_), None) => {
                    Err(("Mẫu số", Text::new("thiếu mẫu số", "the denominator is missing")))
                }
                (None, Some(_)) => {
                    Err(("Tử số", Text::new("thiếu tử số", "the numerator is missing")))
                }
            }
        }
        Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => {
            v.map(|s| cells::percent(&cell(s)).map(Input::Percent).map_err(on(VALUE))).transpose()
        }
        Rule::Deduction { .. } | Rule::Count { .. } => {
            v.map(|s| cells::count(&cell(s)).map(Input::Count).map_err(on(VALUE))).transpose()
        }
    }
}

/// The form's workbook: the set's template filled with `inputs`, for `unit`.
pub fn workbook(set: &CriteriaSet, unit: &str, inputs: &Inputs) -> Result<Vec<u8>, AppError> {
    let meta = TemplateMeta { unit: unit.to_string(), year: set.year };
    parscore_write::write_template(set, &meta, Some(inputs))
        .map_err(|e| crate::pages::sets::write_error(&e))
}

/// The form scored: its workbook written and read back like an upload, with every problem
/// (the fields' and the workbook's); scored even with problems, so a half-filled form shows
/// its score so far.
pub fn score(
    state: &AppState,
    set: &CriteriaSet,
    f: &Fields,
) -> Result<(Scored, Vec<u8>), AppError> {
    let unit = f.plain("unit").unwrap_or_default();
    let (inputs, field_problems) = inputs(set, f);
    let bytes = workbook(set, unit, &inputs)?;
    let label = file_label(unit);
    let wb = Workbook::from_bytes(&label, &bytes, &state.limits.workbook)
        .map_err(|e| AppError::Internal(e.text()))?;
    let mut scored = Scored::new(&wb, set, &parscore_core::ScoreOptions::default());
    // A field that could not be read is blank in the workbook, which reports it missing:
    // the field's own problem says more, and replaces it.
    let bad: Vec<&str> = field_problems.iter().filter_map(|p| p.code.as_deref()).collect();
    scored.problems.retain(|p| !p.code.as_deref().is_some_and(|c| bad.contains(&c)));
    scored.problems.splice(0..0, field_problems);
    Ok((scored, bytes))
}

/// Saves the form as a version of its unit: strictly, as an upload is stored.
pub fn save(
    state: &AppState,
    set: &CriteriaSet,
    f: &Fields,
) -> Result<engine::Submitted, AppError> {
    let (scored, bytes) = score(state, set, f)?;
    if !scored.problems.is_empty() {
        return Err(AppError::Problems { file: scored.file.clone(), problems: scored.problems });
    }
    if f.plain("unit").is_none() {
        return Err(AppError::BadRequest(Text::new(
            "cần ghi tên đơn vị",
            "the unit's name is needed",
        )));
    }
    engine::submit(state, &scored.file, &bytes, Some(&set.id), engine::Source::Form)
}

/// The fields that show a stored version's inputs again (`lang` writes the numbers).
pub fn fields_of(inputs: &Inputs, unit: &str, lang: Lang) -> Fields {
    let mut map = BTreeMap::new();
    map.insert("unit".to_string(), unit.to_string());
    let n = |d: Decimal| fmt_decimal(d, lang);
    for (code, e) in &inputs.entries {
        let mut put = |prefix: &str, v: String| {
            map.insert(format!("{prefix}:{code}"), v);
        };
        if let Some(v) = &e.evidence {
            put("e", v.clone());
        }
        if let Some(v) = &e.explanation {
            put("x", v.clone());
        }
        if let Some(v) = &e.owner {
            put("o", v.clone());
        }
        if let Some(v) = e.appraised {
            put("a", n(v));
        }
        match &e.value {
            None => {}
            Some(Input::Score(d)) => put("s", n(*d)),
            Some(Input::Yes(b)) => put("v", if *b { "yes".into() } else { "no".into() }),
            Some(Input::Choice(c)) => put("v", c.clone()),
            Some(Input::Percent(p)) => put("v", n(*p)),
            Some(Input::Fraction { numerator, denominator }) => {
                put("n", n(*numerator));
                put("d", n(*denominator));
            }
            Some(Input::Count(c)) => put("v", c.to_string()),
            Some(Input::NotApplicable) => put("na", "1".into()),
        }
    }
    Fields(map)
}

/// One option of a drop-down.
#[derive(Debug)]
pub struct Opt {
    /// Its value.
    pub value: String,
    /// Its label.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// A leaf's widget: what its rule asks for.
#[derive(Debug)]
pub struct Widget {
    /// `select`, `text` or `fraction`.
    pub kind: &'static str,
    /// The field's name (`v:` or `s:` and the code).
    pub name: String,
    /// The drop-down's options.
    pub options: Vec<Opt>,
    /// The text field's value.
    pub value: String,
    /// The numerator's and denominator's values.
    pub num: String,
    /// The denominator's value.
    pub den: String,
    /// What to type.
    pub hint: &'static str,
    /// `decimal` or `numeric`, for a phone's keyboard.
    pub inputmode: &'static str,
}

/// The widget of `node` (a leaf), filled from `f`.
pub fn widget(node: &Node, rule: &Rule, f: &Fields, lang: Lang) -> Widget {
    let w = words(lang);
    let code = node.code.as_str();
    let value = |p: &str| f.get(p, code).unwrap_or_default().to_string();
    let text = |name: &str, hint: &'static str, inputmode: &'static str| Widget {
        kind: "text",
        name: format!("{name}:{code}"),
        options: Vec::new(),
        value: value(name),
        num: String::new(),
        den: String::new(),
        hint,
        inputmode,
    };
    let select = |options: Vec<(String, String)>| {
        let chosen = value("v");
        let mut opts = vec![Opt {
            value: String::new(),
            label: w.blank_choice.into(),
            selected: chosen.is_empty(),
        }];
        opts.extend(options.into_iter().map(|(v, l)| Opt {
            selected: v == chosen,
            value: v,
            label: l,
        }));
        Widget {
            kind: "select",
            name: format!("v:{code}"),
            options: opts,
            value: String::new(),
            num: String::new(),
            den: String::new(),
            hint: "",
            inputmode: "",
        }
    };
    match rule {
        Rule::Manual { .. } => text("s", w.score_hint, "decimal"),
        Rule::Boolean { yes, no } => select(vec![
            ("yes".into(), yes.clone().unwrap_or_else(|| w.yes.into())),
            ("no".into(), no.clone().unwrap_or_else(|| w.no.into())),
        ]),
        Rule::Choice { options } => {
            select(options.iter().map(|o| (o.label.clone(), o.label.clone())).collect())
        }
        Rule::Bands { input: parscore_core::RatioInput::Fraction, .. }
        | Rule::Proportional { input: parscore_core::RatioInput::Fraction } => Widget {
            kind: "fraction",
            name: code.to_string(),
            options: Vec::new(),
            value: String::new(),
            num: value("n"),
            den: value("d"),
            hint: "",
            inputmode: "decimal",
        },
        Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => {
            text("v", w.percent_hint, "decimal")
        }
        Rule::Deduction { .. } | Rule::Count { .. } => text("v", w.count_hint, "numeric"),
    }
}

/// The label of the not-applicable box of `node`, when it may be declared so.
pub fn na_text(node: &Node) -> Option<&'static str> {
    node.na.map(na_label)
}
