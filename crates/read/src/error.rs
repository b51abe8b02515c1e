//! Why a workbook could not be read: [`ReadError`], one type for every refusal of the reader,
//! each in Vietnamese and English, and the messages the scanners share.

use parscore_core::{Lang, Text};

use crate::limits::{human_size, Limit, Limits};

/// Why a workbook could not be read at all.
///
/// `Display` is English; [`ReadError::text`] and [`ReadError::display`] give the Vietnamese
/// too. Fields that describe the file (`reason`, `message`) are [`Text`]; what another program
/// said (the system, calamine) stays as it said it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read (missing, a folder, no permission).
    #[error("{file}: cannot read the file: {}", reason.en)]
    Io {
        /// The file.
        file: String,
        /// What the system said (in English), and its Vietnamese where the cause is a common
        /// one (see [`ReadError::io`]).
        reason: Text,
    },
    /// The path names a folder, a device or a pipe, not a file.
    #[error("{file}: is {}, not a file", if *dir { "a folder" } else { "not a regular file (a device or a pipe?)" })]
    NotAFile {
        /// The path.
        file: String,
        /// Whether it is a folder.
        dir: bool,
    },
    /// The file has no bytes at all.
    #[error("{file}: is empty (0 bytes); expected an xlsx, xls or ods workbook")]
    Empty {
        /// The file.
        file: String,
    },
    /// The bytes are not those of a spreadsheet, whatever the file's name says.
    #[error("{file}: is not an xlsx, xls or ods workbook: {}", reason.en)]
    NotWorkbook {
        /// The file.
        file: String,
        /// What the bytes are instead.
        reason: Text,
    },
    /// The file is a zip archive that cannot be read: cut short or corrupted.
    #[error("{file}: is damaged or cut short (ask for the file again): {}", reason.en)]
    Damaged {
        /// The file.
        file: String,
        /// What is wrong with it.
        reason: Text,
    },
    /// The workbook is encrypted with a password.
    #[error(
        "{file}: is password-protected, and parscore cannot read encrypted workbooks: open it, \
         remove the password (Excel: File > Info > Protect Workbook > Encrypt with Password) and \
         save it again"
    )]
    Encrypted {
        /// The file.
        file: String,
    },
    /// The workbook breaks one of the [`Limits`].
    #[error("{file}: {}", message.en)]
    TooLarge {
        /// The file.
        file: String,
        /// The bound it broke.
        limit: Limit,
        /// The size found and the bound, e.g. "the file is 62 MB, over the 50 MB limit on file
        /// size".
        message: Text,
    },
    /// calamine could not parse the workbook (corrupt, or a format it does not know).
    #[error(
        "{file}: is damaged or not a workbook parscore can read (xlsx, xls or ods); ask for the \
         file again, or open it in Excel and save it as .xlsx (the reader said: {reason})"
    )]
    Open {
        /// The file.
        file: String,
        /// What calamine said.
        reason: String,
    },
    /// A ranking file (`plan --ranking`) that cannot be read as one: not a `rank` JSON report,
    /// no table with unit and percentage columns, no line, or unreadable percentages.
    #[error("{file}: {}", reason.en)]
    Ranking {
        /// The file.
        file: String,
        /// What is wrong, every problem of its lines together.
        reason: Text,
    },
    /// No sheet has the self-assessment header.
    #[error(
        "{file}: no sheet '{sheet}' and no sheet with a header row holding the columns 'Mã' and \
         'Số liệu' or 'Điểm tự chấm' (sheets: {sheets})",
        sheet = parscore_sheet::layout::SHEET
    )]
    NoSheet {
        /// The file.
        file: String,
        /// The sheets it has.
        sheets: String,
    },
}

impl ReadError {
    /// The bound of [`Limits`] that was broken, if that is why the workbook was refused.
    pub fn limit(&self) -> Option<Limit> {
        match self {
            ReadError::TooLarge { limit, .. } => Some(*limit),
            _ => None,
        }
    }

    /// The error for `file` that the system could not read: the system's words in English, and
    /// in Vietnamese for a missing file, a folder or a file without permission.
    ///
    /// ```
    /// use parscore_read::ReadError;
    /// let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
    /// let err = ReadError::io("t.xlsx", &missing);
    /// assert_eq!(err.text().vi, "t.xlsx: không đọc được tệp: không tìm thấy tệp");
    /// ```
    pub fn io(file: &str, err: &std::io::Error) -> ReadError {
        use std::io::ErrorKind;
        let en = err.to_string();
        let vi = match err.kind() {
            ErrorKind::NotFound => "không tìm thấy tệp".to_string(),
            ErrorKind::PermissionDenied => "không có quyền đọc tệp".to_string(),
            ErrorKind::IsADirectory => "đây là thư mục, không phải tệp".to_string(),
            _ => en.clone(),
        };
        ReadError::Io { file: file.into(), reason: Text::new(vi, en) }
    }

    /// The message in Vietnamese and English (the English is the `Display` text).
    ///
    /// ```
    /// use parscore_read::{Limits, Workbook};
    /// let err = Workbook::from_bytes("t.xlsx", b"", &Limits::default()).unwrap_err();
    /// assert_eq!(
    ///     err.text().vi,
    ///     "t.xlsx: tệp rỗng (0 byte); cần một bảng tính xlsx, xls hoặc ods"
    /// );
    /// ```
    pub fn text(&self) -> Text {
        let vi = match self {
            ReadError::Io { file, reason } => format!("{file}: không đọc được tệp: {}", reason.vi),
            ReadError::NotAFile { file, dir: true } => {
                format!("{file}: là thư mục, không phải tệp")
            }
            ReadError::NotAFile { file, dir: false } => format!(
                "{file}: không phải tệp thông thường (thiết bị hoặc đường ống?), parscore không đọc"
            ),
            ReadError::Empty { file } => {
                format!("{file}: tệp rỗng (0 byte); cần một bảng tính xlsx, xls hoặc ods")
            }
            ReadError::NotWorkbook { file, reason } => {
                format!("{file}: không phải bảng tính xlsx, xls hoặc ods: {}", reason.vi)
            }
            ReadError::Damaged { file, reason } => format!(
                "{file}: tệp bị hỏng hoặc không trọn vẹn (đề nghị gửi lại tệp): {}",
                reason.vi
            ),
            ReadError::Encrypted { file } => format!(
                "{file}: tệp có đặt mật khẩu, parscore không đọc được bảng tính đã mã hoá: mở \
                 tệp, gỡ mật khẩu (Excel: File > Info > Protect Workbook > Encrypt with \
                 Password) rồi lưu lại"
            ),
            ReadError::TooLarge { file, message, .. } => format!("{file}: {}", message.vi),
            ReadError::Open { file, reason } => format!(
                "{file}: tệp bị hỏng hoặc không phải bảng tính parscore đọc được (xlsx, xls hoặc \
                 ods); đề nghị gửi lại tệp, hoặc mở bằng Excel rồi lưu thành .xlsx (trình đọc báo: \
                 {reason})"
            ),
            ReadError::Ranking { file, reason } => format!("{file}: {}", reason.vi),
            ReadError::NoSheet { file, sheets } => format!(
                "{file}: không có trang tính '{}' và không trang tính nào có dòng tiêu đề gồm \
                 các cột 'Mã' và 'Số liệu' hoặc 'Điểm tự chấm' (các trang tính: {sheets})",
                parscore_sheet::layout::SHEET
            ),
        };
        Text::new(vi, self.to_string())
    }

    /// The message in `lang`.
    pub fn display(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Vi => self.text().vi,
        }
    }
}

/// The error for a file calamine panicked on: it is malformed, whatever calamine's bug.
pub(crate) fn crashed(file: &str, panic: String) -> ReadError {
    ReadError::Damaged {
        file: file.into(),
        reason: Text::new(
            format!("trình đọc bảng tính gặp lỗi với nội dung tệp ({panic})"),
            format!("the spreadsheet parser failed on its content ({panic})"),
        ),
    }
}

pub(crate) fn file_size_message(size: u64, limits: &Limits) -> Text {
    let (size, max) = (human_size(size), human_size(limits.max_file_size));
    Text::new(
        format!("tệp có dung lượng {size}, vượt giới hạn dung lượng tệp {max}"),
        format!("the file is {size}, over the {max} limit on file size"),
    )
}

/// "sheet 'X' has N rows, over the limit of M rows", for every reader that counts rows.
pub(crate) fn rows_message(sheet: &str, rows: u64, max: u32) -> Text {
    Text::new(
        format!("trang tính '{sheet}' có {rows} dòng, vượt giới hạn {max} dòng"),
        format!("sheet '{sheet}' has {rows} rows, over the limit of {max} rows"),
    )
}

/// "sheet 'X' would take N once read (why), over the M limit on unpacked size", for the
/// scanners that size a sheet before calamine expands it; `why` in Vietnamese and English.
pub(crate) fn spread_message(sheet: &str, total: u64, limits: &Limits, why: (&str, &str)) -> Text {
    let (size, max) = (human_size(total), human_size(limits.max_unpacked_size));
    Text::new(
        format!(
            "trang tính '{sheet}' sẽ chiếm {size} khi đọc ({}), vượt giới hạn dung lượng giải nén {max}",
            why.0
        ),
        format!(
            "sheet '{sheet}' would take {size} once read ({}), over the {max} limit on unpacked size",
            why.1
        ),
    )
}
