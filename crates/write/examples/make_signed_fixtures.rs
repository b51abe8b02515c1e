//! Writes the fillings of `fixtures/signed/` before LibreOffice computes them:
//! `cargo run -p parscore-write --example make_signed_fixtures`, after `make_fixtures`.
//! `fixtures/make.sh` then has LibreOffice open each and save it, so the files hold the values
//! LibreOffice's formulas give, as every workbook a unit saves does.
//!
//! Each starts from `fixtures/so-xay-dung-2025.xlsx` (77.55 points) with one cell changed the
//! way a person changes it in Excel; `tests/signed.rs` pins what parscore answers:
//! - `typed-over-formula.xlsx`: 1 typed over the formula of 1.1.1 (which scores 0.5): the
//!   sheet shows 78.05, parscore 77.55, and says so at the cell;
//! - `manual-score-as-text.xlsx`: 2.1.3's manual score "0,75" typed as text;
//! - `space-thousands.xlsx`: "1 000" and "1 200" in 2.1.1's `Tử số` and `Mẫu số` (83.3%: 1
//!   point, as 3/4 gave);
//! - `nfd-yes.xlsx`: 1.1.2's "Có" in decomposed Unicode.
//!
//! The last three agree: the template's formulas read them as parscore does.

#[path = "../tests/support/fill.rs"]
mod fill;

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use fill::{t, V};
use parscore_sheet::layout::{Col, SHEET};
use unicode_normalization::UnicodeNormalization;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let good = std::fs::read(root.join("fixtures/so-xay-dung-2025.xlsx"))?;
    let mut book = Xlsx::new(std::io::Cursor::new(good.clone()))?;
    let range = book.worksheet_range(SHEET)?;
    let at = |code: &str, col: Col| -> Res<String> {
        let row = (0..range.height() as u32)
            .find(|r| matches!(range.get_value((*r, 0)), Some(Data::String(c)) if c == code))
            .ok_or_else(|| format!("no row {code}"))?;
        Ok(rust_xlsxwriter::utility::row_col_to_cell(row, col.index()))
    };
    let cases: Vec<(&str, Vec<(String, V)>)> = vec![
        ("typed-over-formula", vec![(at("1.1.1", Col::SelfScore)?, V::Number(1.0))]),
        ("manual-score-as-text", vec![(at("2.1.3", Col::SelfScore)?, t("0,75"))]),
        (
            "space-thousands",
            vec![
                (at("2.1.1", Col::Numerator)?, t("1 000")),
                (at("2.1.1", Col::Denominator)?, t("1 200")),
            ],
        ),
        ("nfd-yes", vec![(at("1.1.2", Col::Value)?, V::Text("Có".nfd().collect()))]),
    ];
    let dir = root.join("target/signed");
    std::fs::create_dir_all(&dir)?;
    for (name, cells) in cases {
        std::fs::write(dir.join(format!("{name}.xlsx")), fill::filled(&good, &cells))?;
    }
    eprintln!("the fillings of fixtures/signed/ written to {}", dir.display());
    Ok(())
}
