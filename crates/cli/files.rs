//! Writing output files without losing anything: never over an input, never half-written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::Context;

use crate::msg::bail_t;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees half a file. Refuses to write over any of `inputs`, and over an existing
/// file unless `force`.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[&Path],
) -> anyhow::Result<()> {
    for input in inputs {
        if same_file(path, input) {
            let (path, input) = (path.display(), input.display());
            bail_t!(
                format!("không ghi {path} đè lên tệp đầu vào {input}"),
                format!("refusing to write {path} over the input {input}"),
            );
        }
    }
    check_extension(path, bytes)?;
    // symlink_metadata: a link is judged as a link, never followed to what it names.
    if let Ok(existing) = fs::symlink_metadata(path) {
        if !existing.is_file() {
            let path = path.display();
            bail_t!(
                format!(
                    "{path} không phải tệp thông thường (thư mục, thiết bị, đường ống hay liên kết): \
                     không ghi đè, kể cả với --force"
                ),
                format!(
                    "{path} is not a regular file (a folder, device, pipe or link): it is not \
                     replaced, not even with --force"
                ),
            );
        }
        if !force {
            let path = path.display();
            bail_t!(
                format!("{path} đã có; thêm --force để ghi đè"),
                format!("{path} already exists; pass --force to replace it"),
            );
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        let dir = dir.display();
        bail_t!(
            format!("thư mục {dir} không tồn tại: hãy tạo thư mục trước, hoặc ghi vào nơi khác"),
            format!("the folder {dir} does not exist: create it first, or write elsewhere"),
        );
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_stale(&dir, &name);
    let tmp = dir.join(format!(".{name}.parscore-{}.tmp", std::process::id()));
    in_flight().lock().map(|mut f| f.push(tmp.clone())).ok();
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(|e| {
            let (tmp, t) = (tmp.display(), crate::msg::io_text(&e));
            crate::msg::error(
                format!("không tạo được tệp {tmp}: {}", t.vi),
                format!("cannot create {tmp}: {}", t.en),
            )
        })?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
            .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
    })();
    in_flight().lock().map(|mut f| f.retain(|t| t != &tmp)).ok();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The temporary files being written, removed by [`clean_up_on_signal`]'s handler.
fn in_flight() -> &'static Mutex<Vec<PathBuf>> {
    static IN_FLIGHT: OnceLock<Mutex<Vec<PathBuf>>> = OnceLock::new();
    IN_FLIGHT.get_or_init(Mutex::default)
}

/// On Ctrl-C or SIGTERM, removes the temporary file being written and ends the run (exit 130, as
/// a shell reports an interrupted command). SIGKILL cannot be caught: its leftovers are
/// removed by the next write to the same folder ([`remove_stale`]).
pub fn clean_up_on_signal() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(files) = in_flight().lock() {
            for f in files.iter() {
                let _ = fs::remove_file(f);
            }
        }
        std::process::exit(130);
    });
}

/// Removes `.NAME.parscore-PID.tmp` files in `dir` left by a parscore process that no longer
/// runs (killed while it wrote NAME). Only where a process can be looked up (Linux's /proc);
/// elsewhere they stay, hidden, and are harmless.
fn remove_stale(dir: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    let prefix = format!(".{name}.parscore-");
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let pid = file.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".tmp"));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// An xlsx workbook goes to a `.xlsx` file, a Word document to a `.docx` file, and text
/// (JSON, Markdown) to neither: Excel and Word warn that a file's format and extension do not
/// match, or cannot open it.
fn check_extension(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    // A zip's entry names are stored as they are: a Word document holds word/document.xml.
    let is_docx = zip && bytes.windows(17).any(|w| w == b"word/document.xml");
    let is_workbook = zip && !is_docx;
    let shown = path.display();
    if is_docx != (ext == "docx") {
        if is_docx {
            bail_t!(
                format!("{shown}: tệp kết quả là văn bản Word, tên tệp phải có đuôi .docx"),
                format!("{shown}: the output is a Word document; its name must end in .docx"),
            );
        }
        bail_t!(
            format!("{shown}: tệp kết quả không phải văn bản Word; để ghi văn bản Word hãy dùng plan --format docx"),
            format!("{shown}: the output is not a Word document; plan --format docx writes one"),
        );
    }
    if is_workbook && !matches!(ext.as_str(), "xlsx" | "xlsm") {
        bail_t!(
            format!("{shown}: tệp kết quả là bảng tính xlsx, tên tệp phải có đuôi .xlsx"),
            format!("{shown}: the output is an xlsx workbook; its name must end in .xlsx"),
        );
    }
    if !is_workbook && matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        bail_t!(
            format!("{shown}: tệp kết quả là văn bản, không phải bảng tính; để ghi bảng tính hãy thêm --format xlsx"),
            format!("{shown}: the output is text, not a workbook; pass --format xlsx for a workbook"),
        );
    }
    Ok(())
}

/// Whether `a` and `b` are one file: the same device and inode (so through hard and symbolic
/// links too), or, where those are not known, the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
