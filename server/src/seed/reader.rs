//! Reading one CSV seed file into typed rows that remember their line, so every later check
//! can name the file, the line and the field.

use serde::de::DeserializeOwned;
use sqlx::SqliteConnection;

use super::SeedSet;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed file {file}, line {line}, field `{field}`: {message}")]
    Field { file: String, line: u64, field: String, message: String },
    #[error("seed file {file}: {message}")]
    File { file: String, message: String },
    #[error("database error while loading the seed: {0}")]
    Db(#[from] sqlx::Error),
}

pub struct Row<T> {
    pub file: &'static str,
    pub line: u64,
    /// The row's place in its file, from 0 (some tables keep the file's order).
    pub index: usize,
    pub value: T,
}

impl<T> Row<T> {
    pub fn fail(&self, field: &str, message: impl Into<String>) -> SeedError {
        SeedError::Field { file: self.file.to_string(), line: self.line, field: field.to_string(), message: message.into() }
    }
}

pub fn read<T: DeserializeOwned>(file: &'static str, contents: &str) -> Result<Vec<Row<T>>, SeedError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(contents.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| SeedError::File { file: file.to_string(), message: format!("cannot read the header row: {e}") })?
        .clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            SeedError::Field { file: file.to_string(), line, field: "(row)".into(), message: e.to_string() }
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let value = record.deserialize(Some(&headers)).map_err(|e| {
            let (field, message) = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    let field = err.field().and_then(|i| headers.get(i as usize)).unwrap_or("(row)");
                    (field.to_string(), err.kind().to_string())
                }
                _ => ("(row)".to_string(), e.to_string()),
            };
            SeedError::Field { file: file.to_string(), line, field, message }
        })?;
        rows.push(Row { file, line, index: rows.len(), value });
    }
    Ok(rows)
}

/// Every seed loader: read a file, then check and write each row in order (`write` names the
/// file, line and field of a problem). Returns the file's name and how many rows it had.
pub async fn each<T: DeserializeOwned>(
    conn: &mut SqliteConnection,
    set: &SeedSet,
    file: &'static str,
    mut write: impl AsyncFnMut(&mut SqliteConnection, &Row<T>) -> Result<(), SeedError>,
) -> Result<(&'static str, usize), SeedError> {
    let rows = read::<T>(file, set.get(file))?;
    for r in &rows {
        write(&mut *conn, r).await?;
    }
    Ok((file, rows.len()))
}

/// `yes` or `no`, as the seed files write booleans.
pub fn yes_no<T>(row: &Row<T>, field: &str, raw: &str) -> Result<bool, SeedError> {
    match raw {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(row.fail(field, format!("'{other}' must be yes or no"))),
    }
}

/// A `;`-separated list of organisation kinds.
pub fn kinds<T>(row: &Row<T>, field: &str, raw: &str) -> Result<Vec<ldr_app::domain::OrgKind>, SeedError> {
    raw.split(';').filter(|k| !k.trim().is_empty()).map(|k| k.trim().parse().map_err(|e: String| row.fail(field, e))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Score {
        theme: String,
        score: Option<f64>,
    }

    #[test]
    fn a_bad_number_is_reported_with_its_line_and_field() {
        let err = read::<Score>("dma_scores.csv", "theme,score\nrecords,12\nleadership,twelve\n").err().unwrap();
        let text = err.to_string();
        assert!(text.contains("dma_scores.csv, line 3, field `score`"), "{text}");
    }

    #[test]
    fn a_blank_number_reads_as_none() {
        let rows = read::<Score>("x.csv", "theme,score\nassets,\n").unwrap();
        assert_eq!(rows[0].value.score, None);
        assert_eq!(rows[0].line, 2);
    }
}
