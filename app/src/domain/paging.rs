//! Lists that grow with a session shown a page at a time, the page asked for kept
//! within bounds, and the search a person types (name or number, any case, with or
//! without accents, words in any order).

use serde::{Deserialize, Serialize};

use super::table::normalise;

/// Rows on a page.
pub const PAGE_SIZE: usize = 50;

/// Where a page stands in its list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// From 1.
    pub page: u64,
    pub pages: u64,
    /// Rows in the whole list (after search and filter).
    pub total: u64,
}

impl Paging {
    /// The page asked for (from 1; 0 or beyond the last gives the nearest).
    pub fn new(total: usize, asked: u64) -> Paging {
        let pages = total.div_ceil(PAGE_SIZE).max(1) as u64;
        Paging {
            page: asked.clamp(1, pages),
            pages,
            total: total as u64,
        }
    }

    /// The rows of this page, by index in the whole list.
    pub fn range(&self) -> std::ops::Range<usize> {
        let total = usize::try_from(self.total).unwrap_or(usize::MAX);
        let start = usize::try_from(self.page - 1)
            .unwrap_or(usize::MAX)
            .saturating_mul(PAGE_SIZE)
            .min(total);
        start..(start + PAGE_SIZE).min(total)
    }
}

/// The page `asked` of `rows`, with where it stands.
pub fn page_of<T>(mut rows: Vec<T>, asked: u64) -> (Vec<T>, Paging) {
    let paging = Paging::new(rows.len(), asked);
    let range = paging.range();
    rows.truncate(range.end);
    (rows.split_off(range.start), paging)
}

/// Whether every word typed appears in one of the fields (`dupont s1-0004`).
pub fn matches(search: &str, fields: &[&str]) -> bool {
    if search.trim().is_empty() {
        return true;
    }
    let fields: Vec<String> = fields.iter().map(|f| normalise(f)).collect();
    normalise(search)
        .split_whitespace()
        .all(|word| fields.iter().any(|f| f.contains(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_holds_fifty_rows_and_the_page_asked_stays_within_bounds() {
        let rows: Vec<u32> = (1..=120).collect();
        let (first, paging) = page_of(rows.clone(), 1);
        assert_eq!((first.len(), first[0], paging.pages), (50, 1, 3));
        let (last, paging) = page_of(rows.clone(), 3);
        assert_eq!((last.len(), last[0], paging.page), (20, 101, 3));
        assert_eq!(page_of(rows.clone(), 99).1.page, 3);
        assert_eq!(page_of(rows, 0).1.page, 1);
        let (none, paging) = page_of(Vec::<u32>::new(), 4);
        assert!(none.is_empty());
        assert_eq!((paging.page, paging.pages, paging.total), (1, 1, 0));
    }

    #[test]
    fn a_search_finds_names_and_numbers_as_typed() {
        let fields = ["DURAND Élise", "E27-0042"];
        assert!(matches("elise", &fields));
        assert!(matches("durand E27-0042", &fields));
        assert!(matches("  ", &fields));
        assert!(!matches("durand martin", &fields));
    }
}
