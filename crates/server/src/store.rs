//! The embedded store: one SQLite database in the data folder, and all the SQL of the server.
//!
//! Handlers never see SQL; they call these functions (from a blocking thread) with the report
//! types' values already computed. The schema is in `migrations/` (numbered files embedded in
//! the binary, applied in order on open, `PRAGMA user_version` counting them) and in
//! ARCHITECTURE.md. Each function that writes is one transaction: in WAL mode, a server killed
//! at any instant keeps every change it acknowledged and none it did not.
//!
//! A lock on `parscore.lock` in the folder, held as long as the store is open, keeps a second
//! server off the same data.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use parscore_core::{Decimal, DomainResult, Text, UnitResult};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// The migrations, in order: the store's version is how many have been applied.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// The database file in the data folder.
pub const DB_FILE: &str = "parscore.sqlite";
/// The lock file in the data folder.
pub const LOCK_FILE: &str = "parscore.lock";

/// Why the store cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder or a file in it cannot be created or opened.
    #[error("{path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Another server holds the folder.
    #[error("{0}: another parscore serve is using this data folder")]
    Locked(PathBuf),
    /// SQLite refused.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A stored value does not read back (a database edited by hand).
    #[error("database: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// The message in Vietnamese and English.
    pub fn text(&self) -> Text {
        let vi = match self {
            StoreError::Io { path, source } => {
                format!("{}: không mở được ({source})", path.display())
            }
            StoreError::Locked(path) => format!(
                "{}: thư mục dữ liệu này đang được một parscore serve khác dùng; dừng nó, hoặc \
                 dùng --data với thư mục khác",
                path.display()
            ),
            StoreError::Sql(e) => format!("lỗi cơ sở dữ liệu: {e}"),
            StoreError::Corrupt(e) => format!("cơ sở dữ liệu hỏng: {e}"),
        };
        Text::new(vi, self.to_string())
    }
}

/// A scored workbook to store.
#[derive(Debug)]
pub struct NewWorkbook<'a> {
    /// SHA-256 of `bytes`, hex.
    pub hash: &'a str,
    /// The workbook's bytes.
    pub bytes: &'a [u8],
    /// The unit's name.
    pub unit: &'a str,
    /// `fold_label(unit)`.
    pub unit_key: &'a str,
    /// The set it was scored on.
    pub set_id: &'a str,
    /// The set's year.
    pub year: u16,
    /// A label for people (the uploaded file's name, or the form's).
    pub file_name: &'a str,
    /// `"upload"` or `"form"`.
    pub source: &'a str,
    /// The ranking's view of the scorecard.
    pub result: &'a UnitResult,
}

/// What storing a workbook did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// The workbook's id.
    pub id: i64,
    /// The unit's id.
    pub unit_id: i64,
    /// False when the same bytes were already stored (nothing was written).
    pub created: bool,
}

/// A stored workbook's record (without its bytes).
#[derive(Debug, Clone)]
pub struct Stored {
    /// Its id.
    pub id: i64,
    /// SHA-256 of its bytes.
    pub hash: String,
    /// The unit's id.
    pub unit_id: i64,
    /// The unit's name.
    pub unit: String,
    /// The set it was scored on.
    pub set_id: String,
    /// The set's year.
    pub year: u16,
    /// Its label.
    pub file_name: String,
    /// `"upload"` or `"form"`.
    pub source: String,
    /// When it was stored (UTC).
    pub created_at: String,
    /// Its percentage.
    pub percent: Decimal,
    /// Its grade.
    pub grade: Option<Text>,
}

/// A refused workbook to record.
#[derive(Debug)]
pub struct NewAttempt<'a> {
    /// Its label.
    pub file_name: &'a str,
    /// Its size in bytes.
    pub size: u64,
    /// SHA-256 of its bytes.
    pub hash: &'a str,
    /// Why it was refused as a whole, if so.
    pub error: Option<&'a Text>,
    /// The located problems' JSON.
    pub problems: &'a str,
}

/// How many rows each table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Stored workbooks.
    pub workbooks: u64,
    /// Stored contents.
    pub blobs: u64,
    /// Units.
    pub units: u64,
    /// Refused attempts.
    pub attempts: u64,
    /// Imported sets.
    pub sets: u64,
}

/// A domain as stored in `workbooks.domains`.
#[derive(Debug, Serialize, Deserialize)]
struct DomainRow {
    code: String,
    score: String,
    max: String,
    percent: Option<String>,
}

/// The store: the connection, behind a mutex (SQLite writes one at a time anyway), and the
/// folder's lock.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    dir: PathBuf,
    _lock: File,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

fn dec(s: &str) -> Result<Decimal, StoreError> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("{s:?} is not a decimal")))
}

fn grade(vi: Option<String>, en: Option<String>) -> Option<Text> {
    vi.map(|vi| {
        let en = en.unwrap_or_else(|| vi.clone());
        Text::new(vi, en)
    })
}

impl Store {
    /// Opens (creating and migrating) the store in `dir`, and locks the folder; fails with
    /// [`StoreError::Locked`] when another server holds it.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        // Uploads stream into anonymous files here, on the same disk as the database.
        let tmp = dir.join("tmp");
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(StoreError::Locked(dir.to_path_buf())),
            Err(TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        let db = dir.join(DB_FILE);
        let mut conn = Connection::open(&db)?;
        // Workbooks are stored whole, some 40 kB each: 16 kB pages take a quarter of the page
        // writes of the default 4 kB (only a new database takes it; WAL keeps it after).
        conn.pragma_update(None, "page_size", 16384)?;
        // WAL: readers do not wait for the writer, and a commit is one append. NORMAL
        // synchronisation keeps every committed transaction through a killed process (the
        // WAL is in the OS's hands at commit); only a power cut may lose the last ones, and
        // never leaves the database inconsistent.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Store { conn: Mutex::new(conn), dir: dir.to_path_buf(), _lock: lock })
    }

    /// The data folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        // A panic while holding the lock cannot leave a transaction half-done (it rolls back
        // on drop), so the connection is still good.
        Ok(self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Stores a scored workbook, once per content: the same bytes again change nothing and
    /// give the stored record's ids.
    pub fn save_workbook(&self, w: &NewWorkbook<'_>) -> Result<Saved, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let existing: Option<(i64, i64)> = tx
            .query_row("SELECT id, unit_id FROM workbooks WHERE hash = ?1", [w.hash], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((id, unit_id)) = existing {
            return Ok(Saved { id, unit_id, created: false });
        }
        let unit_id = unit_id(&tx, w.unit, w.unit_key)?;
        tx.execute(
            "INSERT OR IGNORE INTO blobs (hash, size, bytes) VALUES (?1, ?2, ?3)",
            params![w.hash, w.bytes.len() as i64, w.bytes],
        )?;
        let domains: Vec<DomainRow> = w
            .result
            .domains
            .iter()
            .map(|d| DomainRow {
                code: d.code.clone(),
                score: d.score.to_string(),
                max: d.max.to_string(),
                percent: d.percent.map(|p| p.to_string()),
            })
            .collect();
        let domains =
            serde_json::to_string(&domains).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let r = w.result;
        tx.execute(
            "INSERT INTO workbooks (hash, unit_id, set_id, year, file_name, source, total, max, \
             percent, grade_vi, grade_en, domains) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                w.hash,
                unit_id,
                w.set_id,
                w.year,
                w.file_name,
                w.source,
                r.total.to_string(),
                r.max.to_string(),
                r.percent.to_string(),
                r.grade.as_ref().map(|g| g.vi.as_str()),
                r.grade.as_ref().map(|g| g.en.as_str()),
                domains,
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Saved { id, unit_id, created: true })
    }

    /// Records a refused workbook (never its bytes).
    pub fn record_attempt(&self, a: &NewAttempt<'_>) -> Result<i64, StoreError> {
        let conn = self.conn()?;
        let error = a.error.map(|t| serde_json::json!({"vi": t.vi, "en": t.en}).to_string());
        conn.execute(
            "INSERT INTO attempts (file_name, size, hash, error, problems) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.file_name, a.size as i64, a.hash, error, a.problems],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// The stored workbook `id`'s record.
    pub fn workbook(&self, id: i64) -> Result<Option<Stored>, StoreError> {
        let conn = self.conn()?;
        let sql = format!(
            "{SELECT_STORED} FROM workbooks w JOIN units u ON u.id = w.unit_id WHERE w.id = ?1"
        );
        conn.query_row(&sql, [id], |r| Ok(stored(r))).optional()?.transpose()
    }

    /// The bytes stored under `hash`.
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let conn = self.conn()?;
        Ok(conn
            .query_row("SELECT bytes FROM blobs WHERE hash = ?1", [hash], |r| r.get(0))
            .optional()?)
    }

    /// The versions of unit `unit_id`, newest first, on every set.
    pub fn versions(&self, unit_id: i64) -> Result<Vec<Stored>, StoreError> {
        let conn = self.conn()?;
        let sql = format!(
            "{SELECT_STORED} FROM workbooks w JOIN units u ON u.id = w.unit_id \
             WHERE w.unit_id = ?1 ORDER BY w.id DESC"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([unit_id], |r| Ok(stored(r)))?;
        rows.map(|r| r?).collect()
    }

    /// The newest version of unit `key` (folded name) on `set_id`.
    pub fn latest_by_key(&self, key: &str, set_id: &str) -> Result<Option<Stored>, StoreError> {
        let conn = self.conn()?;
        let sql = format!(
            "{SELECT_STORED} FROM workbooks w JOIN units u ON u.id = w.unit_id \
             WHERE u.key = ?1 AND w.set_id = ?2 ORDER BY w.id DESC LIMIT 1"
        );
        conn.query_row(&sql, [key, set_id], |r| Ok(stored(r))).optional()?.transpose()
    }

    /// The newest version of every unit on `set_id`, newest first.
    pub fn latest_all(&self) -> Result<Vec<Stored>, StoreError> {
        let conn = self.conn()?;
        let sql = format!(
            "{SELECT_STORED} FROM workbooks w JOIN units u ON u.id = w.unit_id \
             WHERE w.id IN (SELECT MAX(id) FROM workbooks GROUP BY set_id, unit_id) \
             ORDER BY w.year DESC, w.set_id, u.name"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| Ok(stored(r)))?;
        rows.map(|r| r?).collect()
    }

    /// The unit `id`'s name and folded key.
    pub fn unit(&self, id: i64) -> Result<Option<(String, String)>, StoreError> {
        let conn = self.conn()?;
        Ok(conn
            .query_row("SELECT name, key FROM units WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// What a ranking of `set_id` needs of each unit's newest version: its result, with the
    /// unit's id. The file of each result is its label.
    pub fn results(&self, set_id: &str) -> Result<Vec<(i64, UnitResult)>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT u.id, u.name, w.file_name, w.total, w.max, w.percent, w.grade_vi, \
             w.grade_en, w.domains FROM workbooks w JOIN units u ON u.id = w.unit_id \
             WHERE w.id IN (SELECT MAX(id) FROM workbooks WHERE set_id = ?1 GROUP BY unit_id)",
        )?;
        let rows = stmt.query_map([set_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                [r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?],
                (r.get::<_, Option<String>>(6)?, r.get::<_, Option<String>>(7)?),
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (unit_id, unit, file, [total, max, percent], (vi, en), domains) = row?;
            let domains: Vec<DomainRow> = serde_json::from_str(&domains)
                .map_err(|e| StoreError::Corrupt(format!("domains: {e}")))?;
            let domains = domains
                .into_iter()
                .map(|d| {
                    Ok(DomainResult {
                        code: d.code,
                        score: dec(&d.score)?,
                        max: dec(&d.max)?,
                        percent: d.percent.as_deref().map(dec).transpose()?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let result = UnitResult {
                unit,
                file,
                total: dec(&total)?,
                max: dec(&max)?,
                percent: dec(&percent)?,
                grade: grade(vi, en),
                domains,
            };
            out.push((unit_id, result));
        }
        Ok(out)
    }

    /// How many units have a version on each set: `(set_id, year, units)`.
    pub fn set_counts(&self) -> Result<Vec<(String, u16, u64)>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT set_id, year, COUNT(DISTINCT unit_id) FROM workbooks GROUP BY set_id, year \
             ORDER BY year DESC, set_id",
        )?;
        let rows =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.unsigned_abs())))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest refused attempts, at most `limit`: (when, label, error, problems JSON).
    pub fn attempts(&self, limit: u32) -> Result<Vec<Attempt>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT id, created_at, file_name, error, problems FROM attempts \
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(Attempt {
                id: r.get(0)?,
                created_at: r.get(1)?,
                file_name: r.get(2)?,
                error: r.get(3)?,
                problems: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many rows each table holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let conn = self.conn()?;
        let n = |table: &str| -> Result<u64, StoreError> {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))?.unsigned_abs())
        };
        Ok(Counts {
            workbooks: n("workbooks")?,
            blobs: n("blobs")?,
            units: n("units")?,
            attempts: n("attempts")?,
            sets: n("criteria_sets")?,
        })
    }

    /// Stores an imported set's canonical JSON (replacing one with the same id).
    pub fn save_set(&self, id: &str, year: u16, title: &str, json: &str) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO criteria_sets (id, year, title, json) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (id) DO UPDATE SET year = ?2, title = ?3, json = ?4",
            params![id, year, title, json],
        )?;
        Ok(())
    }

    /// Every imported set's JSON, by id.
    pub fn sets(&self) -> Result<Vec<(String, String)>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare("SELECT id, json FROM criteria_sets ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A refused attempt as listed.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// Its id.
    pub id: i64,
    /// When (UTC).
    pub created_at: String,
    /// Its label.
    pub file_name: String,
    /// JSON `{vi, en}`, when refused as a whole.
    pub error: Option<String>,
    /// The located problems' JSON.
    pub problems: String,
}

const SELECT_STORED: &str = "SELECT w.id, w.hash, w.unit_id, u.name, w.set_id, w.year, \
    w.file_name, w.source, w.created_at, w.percent, w.grade_vi, w.grade_en";

fn stored(r: &rusqlite::Row<'_>) -> Result<Stored, StoreError> {
    Ok(Stored {
        id: r.get(0)?,
        hash: r.get(1)?,
        unit_id: r.get(2)?,
        unit: r.get(3)?,
        set_id: r.get(4)?,
        year: r.get(5)?,
        file_name: r.get(6)?,
        source: r.get(7)?,
        created_at: r.get(8)?,
        percent: dec(&r.get::<_, String>(9)?)?,
        grade: grade(r.get(10)?, r.get(11)?),
    })
}

/// The id of the unit with `key`, added with `name` when new.
fn unit_id(tx: &Transaction<'_>, name: &str, key: &str) -> Result<i64, StoreError> {
    tx.execute("INSERT OR IGNORE INTO units (name, key) VALUES (?1, ?2)", [name, key])?;
    Ok(tx.query_row("SELECT id FROM units WHERE key = ?1", [key], |r| r.get(0))?)
}

/// Applies the migrations the database has not seen, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::Corrupt(format!(
            "the database is of version {version}, newer than this parscore ({known}): use a \
             newer parscore"
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.unsigned_abs() as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_store_on_the_same_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(dir.path()).unwrap();
        let second = Store::open(dir.path()).unwrap_err();
        assert!(matches!(second, StoreError::Locked(_)), "{second}");
        assert!(second.text().vi.contains("đang được một parscore serve khác dùng"));
        drop(first);
        Store::open(dir.path()).unwrap();
    }

    #[test]
    fn migrations_run_once() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let store = Store::open(dir.path()).unwrap();
        let conn = store.conn().unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
}
