//! Problems found in workbooks, for stderr: those that stopped a command, and the warnings of
//! `--lenient`.

use parscore_core::Lang;
use parscore_report::Scored;

use super::escape_line;
use crate::load::Unscored;
use crate::msg;

/// Every workbook that could not be scored: a headline (with the hint `--lenient` where it
/// would help), every problem, and why another set's workbook is never scored.
pub fn unscored(u: &Unscored, lang: Lang) -> String {
    let mut lines = Vec::new();
    for w in &u.workbooks {
        let n = msg::problems(w.problems.len(), lang);
        let path = &w.file;
        lines.push(format!(
            "parscore: {}",
            match (w.for_another_set, lang) {
                (true, Lang::Vi) => format!("{n} trong {path}; chưa chấm điểm:"),
                (true, Lang::En) => format!("{n} in {path}; no score printed:"),
                (false, Lang::Vi) => format!(
                    "{n} trong {path}; chưa chấm điểm (thêm --lenient để vẫn chấm, ô lỗi tính 0 \
                     điểm):"
                ),
                (false, Lang::En) => {
                    format!("{n} in {path}; no score printed (use --lenient to score anyway):")
                }
            }
        ));
        for p in &w.problems {
            lines.push(format!("  {}", escape_line(&p.display(lang))));
        }
        if w.for_another_set {
            lines.push(format!(
                "parscore: {}",
                match lang {
                    Lang::Vi =>
                        "bảng tính được lập cho bộ tiêu chí hoặc năm khác: không chấm điểm, kể cả \
                         với --lenient; dùng --set với đúng bộ tiêu chí của bảng tính, hoặc tạo \
                         biểu mẫu mới bằng `parscore template`",
                    Lang::En =>
                        "the workbook was made for another criteria set or year: it is not \
                         scored, not even with --lenient; pass --set with its own set, or make a \
                         new template with `parscore template`",
                }
            ));
        }
    }
    lines.join("\n")
}

/// The notes of a workbook scored (see [`Scored::notes`]), then its warnings when it was scored
/// with `--lenient` despite its problems; empty when it has neither.
pub fn warnings(scored: &Scored, lang: Lang) -> String {
    let mut out = String::new();
    for note in &scored.notes {
        let note = escape_line(&note.display(lang));
        match lang {
            Lang::Vi => out.push_str(&format!("parscore: lưu ý: {note}\n")),
            Lang::En => out.push_str(&format!("parscore: note: {note}\n")),
        }
    }
    if scored.problems.is_empty() {
        return out;
    }
    let n = msg::problems(scored.problems.len(), lang);
    out.push_str(&format!(
        "parscore: {}\n",
        match lang {
            Lang::Vi => format!("cảnh báo: {n}; các ô sai hoặc thiếu dữ liệu được tính 0 điểm:"),
            Lang::En => format!("warning: {n}; bad or missing cells were scored 0:"),
        }
    ));
    for p in &scored.problems {
        out.push_str(&format!("  {}\n", escape_line(&p.display(lang))));
    }
    out
}
