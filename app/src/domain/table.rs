//! Reading a table a French office exports from Excel: `;` (or `,` when the header has
//! more of them), UTF-8 with or without BOM, cells trimmed, empty lines skipped. The
//! imports (candidates, jury members) read their files through here and check each
//! line themselves; every problem carries its line number.

use serde::{Deserialize, Serialize};

/// A problem on one line of the file, in French.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ligne {} : {}", self.line, self.message)
    }
}

/// A file read: its header cells and its lines (line number, cells).
#[derive(Debug)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// The index of the first header that `recognise` maps to a column.
    pub fn columns<C: std::hash::Hash + Eq>(
        &self,
        recognise: impl Fn(&str) -> Option<C>,
    ) -> std::collections::HashMap<C, usize> {
        let mut columns = std::collections::HashMap::new();
        for (i, header) in self.headers.iter().enumerate() {
            if let Some(column) = recognise(&normalise(header)) {
                columns.entry(column).or_insert(i);
            }
        }
        columns
    }
}

/// Lower case, no accents, single spaces: how headers and values are compared.
pub fn normalise(text: &str) -> String {
    let folded: String = text
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            '_' | '-' => ' ',
            other => other,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The separator of the file: `;` (French Excel) unless the header has more commas.
fn separator(header: &str) -> u8 {
    if header.matches(',').count() > header.matches(';').count() {
        b','
    } else {
        b';'
    }
}

/// Most data lines an imported file may hold.
pub const MAX_ROWS: usize = 100_000;
/// Most columns.
pub const MAX_COLUMNS: usize = 64;
/// Most characters in one cell.
pub const MAX_CELL: usize = 10_000;

/// Reads the whole file: its table, plus the lines that could not be read at all.
/// Bounded: past `MAX_ROWS` lines, `MAX_COLUMNS` columns or `MAX_CELL` characters in a
/// cell, the file is refused before more of it is read.
pub fn read(bytes: &[u8]) -> Result<(Table, Vec<RowProblem>), Vec<RowProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![RowProblem {
            line: 1,
            message:
                "le fichier n'est pas en UTF-8 (dans Excel : « Enregistrer sous » → « CSV UTF-8 »)"
                    .to_owned(),
        }]);
    };
    let header_line = text.lines().next().unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(header_line))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let whole = |line: usize, message: String| Err(vec![RowProblem { line, message }]);
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) if headers.len() > MAX_COLUMNS => {
            return whole(
                1,
                format!(
                    "{} colonnes : {MAX_COLUMNS} au plus sont lues",
                    headers.len()
                ),
            );
        }
        Ok(headers) => headers.iter().map(str::to_owned).collect(),
        Err(error) => {
            return Err(vec![RowProblem {
                line: 1,
                message: format!("en-tête illisible : {error}"),
            }]);
        }
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        if index >= MAX_ROWS {
            return whole(
                line,
                format!("plus de {MAX_ROWS} lignes : importez le fichier en plusieurs parties"),
            );
        }
        if let Ok(record) = &record {
            if record.len() > MAX_COLUMNS {
                return whole(
                    line,
                    format!(
                        "{} colonnes : {MAX_COLUMNS} au plus sont lues",
                        record.len()
                    ),
                );
            }
            if let Some(cell) = record.iter().find(|c| c.chars().count() > MAX_CELL) {
                return whole(
                    line,
                    format!(
                        "une cellule de {} caractères : {MAX_CELL} au plus",
                        cell.chars().count()
                    ),
                );
            }
        }
        match record {
            Ok(record) if record.iter().all(str::is_empty) => {}
            Ok(record) => rows.push((line, record.iter().map(str::to_owned).collect())),
            Err(error) => problems.push(RowProblem {
                line,
                message: format!("ligne illisible : {error}"),
            }),
        }
    }
    Ok((Table { headers, rows }, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_past_its_limits_is_refused_with_the_line() {
        let wide = format!("{}\n", vec!["a"; MAX_COLUMNS + 1].join(";"));
        assert!(
            read(wide.as_bytes()).expect_err("wide")[0]
                .message
                .contains("65 colonnes")
        );
        let long_cell = format!("nom;prénom\n{};x\n", "é".repeat(MAX_CELL + 1));
        let refused = read(long_cell.as_bytes()).expect_err("long cell");
        assert_eq!(refused[0].line, 2);
        assert!(refused[0].message.contains("10001 caractères"));
        let mut many = String::from("nom;prénom\n");
        for _ in 0..=MAX_ROWS {
            many.push_str("a;b\n");
        }
        let refused = read(many.as_bytes()).expect_err("many");
        assert_eq!(refused[0].line, MAX_ROWS + 2);
    }
}
