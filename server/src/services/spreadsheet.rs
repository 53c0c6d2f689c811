//! Spreadsheet exports (XLSX) with rust_xlsxwriter: the PV's decisions, one row per
//! candidate, the same columns as the CSV export.

use app::domain::deliberation::{Pv, decision_text};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The PV's decisions as an XLSX workbook.
pub fn pv_xlsx(pv: &Pv) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Décisions")?;
    let bold = Format::new().set_bold();
    let headers = [
        "Numéro",
        "Nom",
        "Décision",
        "Blocs validés",
        "Décision du jury différente",
        "Motif",
    ];
    for (col, header) in (0u16..).zip(headers) {
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    for (row, r) in (1u32..).zip(&pv.rows) {
        sheet.write_string(row, 0, &r.number)?;
        sheet.write_string(row, 1, &r.name)?;
        sheet.write_string(row, 2, decision_text(r.decision, &[]))?;
        sheet.write_string(row, 3, r.blocs.join(", "))?;
        sheet.write_string(row, 4, if r.reason.is_some() { "oui" } else { "non" })?;
        sheet.write_string(row, 5, r.reason.as_deref().unwrap_or(""))?;
    }
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 36)?;
    sheet.set_column_width(3, 40)?;
    sheet.set_column_width(5, 60)?;
    workbook.save_to_buffer()
}

/// Figures tables (statistics) in one worksheet, one table after another: numbers as
/// numbers, so that the spreadsheet can compute with them.
pub fn tables_xlsx(tables: &[app::domain::statistics::Table]) -> Result<Vec<u8>, XlsxError> {
    use app::domain::statistics::Cell;
    use rust_decimal::prelude::ToPrimitive;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Statistiques")?;
    let bold = Format::new().set_bold();
    let mut row = 0u32;
    for table in tables {
        sheet.write_string_with_format(row, 0, &table.title, &bold)?;
        row += 1;
        for (col, header) in (0u16..).zip(&table.headers) {
            sheet.write_string_with_format(row, col, header, &bold)?;
        }
        row += 1;
        for cells in &table.rows {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(row, col, text)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(row, col, n.to_f64().unwrap_or(0.0))?;
                    }
                    Cell::Empty => {}
                }
            }
            row += 1;
        }
        row += 1;
    }
    sheet.set_column_width(0, 48)?;
    workbook.save_to_buffer()
}
