//! Reading a multipart upload: each file streamed chunk by chunk — kept in memory up to 1 MiB
//! (a self-assessment is some 40 kB), past that spilled to an anonymous temporary file in the
//! data folder — within the request's limits, and the small text fields beside them.
//!
//! Memory stays bounded whatever a client sends: at most 1 MiB of a file is held before it
//! goes to disk, a chunk is written as it arrives, a file over
//! the workbook size limit, a request over its size limit (axum's body limit, which the
//! multipart reader honours) or over its file count is refused with 413, and a client that
//! stops sending for a minute is dropped. The uploaded file name is kept only as a label
//! ([`crate::engine::label`]); no path is ever built from it (the temporary files have none).

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::time::Duration;

use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::http::StatusCode;
use parscore_core::Text;
use parscore_read::human_size;
use tokio::io::AsyncWriteExt;

use crate::engine::label;
use crate::error::AppError;
use crate::state::RequestLimits;

/// How long a client may send nothing before the upload is dropped.
const IDLE: Duration = Duration::from_secs(60);
/// The largest text field (a set id, a target, a unit name).
const MAX_FIELD: usize = 64 * 1024;
/// How much of a file is kept in memory before it is spilled to disk. Writing every upload
/// through tokio's file API (a blocking-pool round trip per chunk) cost more than scoring it.
const SPOOL: usize = 1024 * 1024;

/// Where an uploaded file's bytes are.
#[derive(Debug)]
enum Body {
    Memory(Vec<u8>),
    File(std::fs::File),
}

/// One uploaded file, on disk.
#[derive(Debug)]
pub struct Uploaded {
    /// The field's name.
    pub field: String,
    /// The file's label (its name, cleaned).
    pub label: String,
    /// Its size in bytes.
    pub size: u64,
    body: Body,
}

impl Uploaded {
    /// Its bytes (at most the workbook size limit, checked while it arrived). Blocking.
    pub fn bytes(self) -> std::io::Result<Vec<u8>> {
        match self.body {
            Body::Memory(v) => Ok(v),
            Body::File(mut file) => {
                file.seek(SeekFrom::Start(0))?;
                let mut out = Vec::with_capacity(usize::try_from(self.size).unwrap_or(0));
                file.read_to_end(&mut out)?;
                Ok(out)
            }
        }
    }
}

/// A multipart request read: its files, in order, and its text fields (the first value of
/// each name).
#[derive(Debug, Default)]
pub struct Upload {
    /// The files.
    pub files: Vec<Uploaded>,
    /// The text fields.
    pub fields: BTreeMap<String, String>,
}

impl Upload {
    /// The text field `name`, trimmed, when not blank.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

fn multipart_error(e: &MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large_request();
    }
    AppError::BadRequest(Text::new(
        format!("không đọc được dữ liệu gửi lên ({})", e.body_text()),
        format!("cannot read the upload ({})", e.body_text()),
    ))
}

fn too_large_request() -> AppError {
    AppError::TooLarge(Text::new(
        "yêu cầu vượt quá giới hạn dung lượng của máy chủ (--max-request-size)",
        "the request is over the server's size limit (--max-request-size)",
    ))
}

fn idle() -> AppError {
    AppError::BadRequest(Text::new(
        "quá một phút không nhận được dữ liệu; đã dừng tải lên",
        "nothing arrived for a minute; the upload was dropped",
    ))
}

fn io_error(e: &std::io::Error) -> AppError {
    AppError::Internal(Text::new(
        format!("không ghi được tệp tạm trên máy chủ ({e})"),
        format!("cannot write a temporary file on the server ({e})"),
    ))
}

/// Reads every part of `multipart` within `limits`, files into anonymous temporary files in
/// `tmp_dir`.
pub async fn read(
    mut multipart: Multipart,
    limits: &RequestLimits,
    tmp_dir: &std::path::Path,
) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    loop {
        let next = tokio::time::timeout(IDLE, multipart.next_field()).await.map_err(|_| idle())?;
        let Some(field) = next.map_err(|e| multipart_error(&e))? else { break };
        let name = field.name().unwrap_or_default().to_string();
        if field.file_name().is_some() {
            if upload.files.len() >= limits.max_files {
                let n = limits.max_files;
                return Err(AppError::TooLarge(Text::new(
                    format!("mỗi lần gửi tối đa {n} tệp (--max-files); hãy chia thành nhiều lần"),
                    format!("at most {n} files per request (--max-files); send them in parts"),
                )));
            }
            let file = save(field, limits, tmp_dir).await?;
            // A file input left empty sends a part with no name and no bytes.
            if file.size > 0 || file.label != label(None) {
                upload.files.push(file);
            }
        } else {
            let text = text(field).await?;
            upload.fields.entry(name).or_insert(text);
        }
    }
    Ok(upload)
}

async fn text(mut field: Field<'_>) -> Result<String, AppError> {
    let mut buf = Vec::new();
    while let Some(chunk) = tokio::time::timeout(IDLE, field.chunk())
        .await
        .map_err(|_| idle())?
        .map_err(|e| multipart_error(&e))?
    {
        if buf.len() + chunk.len() > MAX_FIELD {
            return Err(AppError::TooLarge(Text::new(
                "một trường của biểu mẫu dài quá 64 kB",
                "a form field is longer than 64 kB",
            )));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

async fn save(
    mut field: Field<'_>,
    limits: &RequestLimits,
    tmp_dir: &std::path::Path,
) -> Result<Uploaded, AppError> {
    let name = field.name().unwrap_or_default().to_string();
    let label = label(field.file_name());
    let max = limits.workbook.max_file_size;
    let mut size: u64 = 0;
    let mut memory = Vec::new();
    // Once spilled: the file to write, and a handle to read it back.
    let mut disk: Option<(tokio::fs::File, std::fs::File)> = None;
    while let Some(chunk) = tokio::time::timeout(IDLE, field.chunk())
        .await
        .map_err(|_| idle())?
        .map_err(|e| multipart_error(&e))?
    {
        size = size.saturating_add(chunk.len() as u64);
        if size > max {
            let max = human_size(max);
            return Err(AppError::TooLarge(Text::new(
                format!("{label}: tệp lớn hơn giới hạn {max} (--max-file-size)"),
                format!("{label}: the file is larger than the {max} limit (--max-file-size)"),
            )));
        }
        if disk.is_none() && memory.len() + chunk.len() <= SPOOL {
            memory.extend_from_slice(&chunk);
            continue;
        }
        if disk.is_none() {
            let std_file = tempfile::tempfile_in(tmp_dir).map_err(|e| io_error(&e))?;
            let keep = std_file.try_clone().map_err(|e| io_error(&e))?;
            let mut file = tokio::fs::File::from_std(std_file);
            file.write_all(&memory).await.map_err(|e| io_error(&e))?;
            memory = Vec::new();
            disk = Some((file, keep));
        }
        if let Some((file, _)) = disk.as_mut() {
            file.write_all(&chunk).await.map_err(|e| io_error(&e))?;
        }
    }
    let body = match disk {
        Some((mut file, keep)) => {
            file.flush().await.map_err(|e| io_error(&e))?;
            Body::File(keep)
        }
        None => Body::Memory(memory),
    };
    Ok(Uploaded { field: name, label, size, body })
}
