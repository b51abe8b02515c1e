//! How wide a line of Times New Roman is, so that the rules under the issuing body, the motto
//! and the title are as long as Nghị định 30/2020, Phụ lục I asks: as long as the motto, and
//! a third to a half of the issuing body's and the title's line.
//!
//! Word draws those rules as shapes; a paragraph border of a computed width does the same job
//! and stays in place when the unit edits the text around it. The widths are the Adobe Times
//! core-font metrics (thousandths of an em), which Times New Roman and Liberation Serif share;
//! a Vietnamese letter is as wide as its base letter (diacritics sit above or below it).

use unicode_normalization::UnicodeNormalization;

/// Times-Roman, ASCII 32–126.
const ROMAN: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250,
    278, // ' '–'/'
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564,
    444, // '0'–'?'
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722,
    722, // '@'–'O'
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469,
    500, // 'P'–'_'
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500,
    500, // '`'–'o'
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, // 'p'–'~'
];

/// Times-Bold, ASCII 32–126.
const BOLD: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250,
    278, // ' '–'/'
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570,
    500, // '0'–'?'
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722,
    778, // '@'–'O'
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581,
    500, // 'P'–'_'
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556,
    500, // '`'–'o'
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520, // 'p'–'~'
];

/// The width of `text` set in Times New Roman of `size_pt` points, in twips (1/20 pt).
pub(crate) fn width_twips(text: &str, size_pt: u32, bold: bool) -> u32 {
    let table = if bold { &BOLD } else { &ROMAN };
    let milli_em: u32 = text.chars().map(|c| u32::from(advance(c, table))).sum();
    // milli-em × points × 20 twips a point / 1000.
    milli_em * size_pt / 50
}

fn advance(c: char, table: &[u16; 95]) -> u16 {
    let base = match c {
        'đ' => 'd',
        'Đ' => 'D',
        '…' | '—' => return 1000,
        '–' => return 500,
        c => c.nfd().next().unwrap_or(c),
    };
    let at = u32::from(base).checked_sub(32).and_then(|i| usize::try_from(i).ok());
    at.and_then(|i| table.get(i)).copied().unwrap_or(500)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_times_metrics() {
        // "Độc lập - Tự do - Hạnh phúc" in bold: Độc 722 + 500 + 444 = 1 666, lập 278 + 500
        // + 556 = 1 334, two dashes 2 × 333, Tự 667 + 556 = 1 223, do 556 + 500 = 1 056,
        // Hạnh 778 + 500 + 556 + 556 = 2 390, phúc 556 + 556 + 556 + 444 = 2 112, and seven
        // spaces 7 × 250 = 1 750: 12 197 thousandths of an em. At 13 pt:
        // 12 197 × 13 / 50 = 3 171 twips (55.9 mm).
        assert_eq!(width_twips("Độc lập - Tự do - Hạnh phúc", 13, true), 3171);
        // Diacritics change nothing: "Ơ" is "O", "đ" is "d".
        assert_eq!(width_twips("ƠỚđ", 12, false), width_twips("OOd", 12, false));
        assert_eq!(width_twips("", 14, true), 0);
    }
}
