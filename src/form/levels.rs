//! 一级/二级 labels: one per merged cell, given to every row it covers.
//!
//! A group of rows is bounded by ruling lines (one merged cell), never by
//! where its text sits. A page break cuts a merged cell into two parts, the
//! one on the earlier page and the one on the next; exporters centre the
//! text in the whole cell, so it may stand in either part, in both, or be
//! split between them (`产出指` | `标`). Two parts are one group when the
//! grid says so (the first is open at its bottom, the second at its top) or
//! when they meet at a page break and one of them is empty or holds an
//! unfinished name: an exporter may close both parts with a rule. An empty
//! part takes its own group's label, never the label of the group above.

use super::Sourced;
use super::labels::key;

pub(super) type CellId = (u32, usize, usize); // page, table, cell

/// A 一级/二级 cell as seen from one row.
#[derive(Clone, Debug)]
pub(super) struct LevelCell {
    pub id: CellId,
    pub text: Sourced,
    pub open_top: bool,
    pub open_bottom: bool,
}

/// Gives each row its 一级 (or 二级) label, and the group it belongs to (rows
/// of one merged cell, its parts across page breaks joined). `pages` is each
/// row's page. An empty cell that is not part of a split group (OCR read
/// nothing) takes the label above it.
pub(super) fn resolve_levels(
    cells: Vec<Option<&LevelCell>>,
    pages: &[u32],
    names: &[&str],
    notes: &mut Vec<String>,
) -> (Vec<Sourced>, Vec<usize>) {
    struct Group {
        id: Option<CellId>,
        text: Sourced,
        open_top: bool,
        open_bottom: bool,
        rows: Vec<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for (row, c) in cells.iter().enumerate() {
        match (c, groups.last_mut()) {
            (Some(c), Some(g)) if g.id == Some(c.id) => g.rows.push(row),
            (Some(c), _) => groups.push(Group {
                id: Some(c.id),
                text: c.text.clone(),
                open_top: c.open_top,
                open_bottom: c.open_bottom,
                rows: vec![row],
            }),
            (None, _) => groups.push(Group {
                id: None,
                text: Sourced::default(),
                open_top: false,
                open_bottom: false,
                rows: vec![row],
            }),
        }
    }
    let known = |t: &str| names.contains(&key(t).as_str());
    let empty = |s: &Sourced| s.text.trim().is_empty();
    // A name that a break may have cut: every name ends in 指标.
    let unfinished = |s: &Sourced| !known(&s.text) && !key(&s.text).ends_with("指标");
    let mut gid: Vec<usize> = (0..groups.len()).collect();
    // Join the parts of cells cut by a page break, last to first so a label
    // printed on a later part reaches back over several pages.
    for g in (1..groups.len()).rev() {
        let (a, b) = (&groups[g - 1], &groups[g]);
        if a.id.is_none() || b.id.is_none() {
            continue;
        }
        let open = a.open_bottom && b.open_top;
        let at_break = pages[*a.rows.last().expect("a group has rows")] != pages[b.rows[0]];
        if !open && !at_break {
            continue;
        }
        let (ta, tb) = (a.text.clone(), b.text.clone());
        let one_group = match (empty(&ta), empty(&tb)) {
            (true, true) => open,
            (true, false) | (false, true) => true,
            (false, false) => {
                let joined = format!("{}{}", key(&ta.text), key(&tb.text));
                if !known(&ta.text) && !known(&tb.text) && (known(&joined) || unfinished(&ta)) {
                    groups[g - 1].text.text = joined.clone();
                    groups[g].text.text = joined;
                    true
                } else {
                    open
                }
            }
        };
        if !one_group {
            continue;
        }
        gid[g - 1] = gid[g];
        if empty(&ta) {
            groups[g - 1].text = groups[g].text.clone();
        } else if empty(&tb) {
            groups[g].text = groups[g - 1].text.clone();
        }
    }
    let mut out = vec![Sourced::default(); cells.len()];
    let mut group_of = vec![0; cells.len()];
    let mut carried: Option<Sourced> = None;
    for (gi, g) in groups.into_iter().enumerate() {
        let value = if empty(&g.text) {
            carried.clone().unwrap_or_default()
        } else {
            let mut text = g.text;
            if !known(&text.text) {
                // OCR misreads a character or two; the names are a closed set.
                match crate::normalize::ocr::snap_to_vocabulary(&key(&text.text), names)
                    .filter(|_| text.confidence < 1.0)
                {
                    Some(name) => {
                        notes.push(format!(
                            "repaired: indicator label {:?} read as {name:?} (OCR, the one clearly nearest known name, page {})",
                            key(&text.text),
                            text.page
                        ));
                        text.text = name.to_string();
                    }
                    None => notes.push(format!(
                        "indicator label {:?} is not a known 一级/二级 name",
                        key(&text.text)
                    )),
                }
            }
            text
        };
        carried = Some(value.clone());
        for r in g.rows {
            out[r] = value.clone();
            group_of[r] = gid[gi];
        }
    }
    (out, group_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::labels::LEVEL1_NAMES;

    fn lc(page: u32, id: usize, text: &str, open_top: bool, open_bottom: bool) -> LevelCell {
        LevelCell {
            id: (page, 0, id),
            text: Sourced {
                text: text.into(),
                page,
                ..Default::default()
            },
            open_top,
            open_bottom,
        }
    }

    fn resolve(cells: &[Option<LevelCell>]) -> (Vec<String>, Vec<usize>) {
        let refs: Vec<Option<&LevelCell>> = cells.iter().map(Option::as_ref).collect();
        let pages: Vec<u32> = cells
            .iter()
            .map(|c| c.as_ref().map_or(1, |c| c.id.0))
            .collect();
        let (labels, groups) = resolve_levels(refs, &pages, LEVEL1_NAMES, &mut vec![]);
        (labels.into_iter().map(|s| s.text).collect(), groups)
    }

    #[test]
    fn a_label_printed_only_after_the_break_reaches_back() {
        let a = lc(1, 1, "", false, true);
        let b = lc(2, 2, "产出指标", true, false);
        let (got, groups) = resolve(&[Some(a.clone()), Some(a), Some(b.clone()), Some(b)]);
        assert_eq!(got, vec!["产出指标"; 4]);
        assert!(groups.iter().all(|&g| g == groups[0]), "one group");
    }

    #[test]
    fn a_label_split_by_the_break_is_joined() {
        let (got, _) = resolve(&[
            Some(lc(1, 1, "产出指", false, true)),
            Some(lc(2, 2, "标", true, false)),
        ]);
        assert_eq!(got, vec!["产出指标", "产出指标"]);
    }

    #[test]
    fn closed_cells_are_not_joined_and_blanks_inherit() {
        let (got, _) = resolve(&[
            Some(lc(1, 1, "产出指标", false, false)),
            Some(lc(1, 2, "", false, false)),
            Some(lc(1, 3, "效益指标", false, true)),
            Some(lc(2, 4, "效益指标", true, false)),
            Some(lc(2, 5, "满意度指标", false, false)),
        ]);
        assert_eq!(
            got,
            vec!["产出指标", "产出指标", "效益指标", "效益指标", "满意度指标"]
        );
    }

    #[test]
    fn a_fresh_label_after_a_break_is_not_swallowed() {
        // Two closed cells with names of their own are two groups, even
        // across a break.
        let (got, groups) = resolve(&[
            Some(lc(1, 1, "产出指标", false, false)),
            Some(lc(2, 2, "效益指标", false, false)),
        ]);
        assert_eq!(got, vec!["产出指标", "效益指标"]);
        assert_ne!(groups[0], groups[1]);
    }

    /// Issue 14: an exporter that closes both parts of a cut cell with a
    /// rule, the text printed on the next page. The empty part on the first
    /// page is the same group, not the group above it.
    #[test]
    fn an_empty_part_closed_by_a_rule_takes_its_own_groups_label() {
        let (got, groups) = resolve(&[
            Some(lc(1, 1, "产出指标", false, false)),
            Some(lc(1, 2, "", false, false)),
            Some(lc(1, 2, "", false, false)),
            Some(lc(2, 3, "效益指标", false, false)),
            Some(lc(2, 3, "效益指标", false, false)),
        ]);
        assert_eq!(
            got,
            vec!["产出指标", "效益指标", "效益指标", "效益指标", "效益指标"]
        );
        assert_eq!(groups[1], groups[4]);
        assert_ne!(groups[0], groups[1]);
        // And the other way round: text on the first page, the next page's
        // part empty.
        let (got, _) = resolve(&[
            Some(lc(1, 1, "产出指标", false, false)),
            Some(lc(1, 2, "效益指标", false, false)),
            Some(lc(2, 3, "", false, false)),
            Some(lc(2, 4, "满意度指标", false, false)),
        ]);
        assert_eq!(got, vec!["产出指标", "效益指标", "效益指标", "满意度指标"]);
    }

    #[test]
    fn a_name_split_over_closed_parts_is_joined() {
        let (got, _) = resolve(&[
            Some(lc(1, 1, "产出", false, false)),
            Some(lc(2, 2, "指标", false, false)),
        ]);
        assert_eq!(got, vec!["产出指标", "产出指标"]);
    }

    #[test]
    fn a_label_reaches_back_over_a_page_with_no_text() {
        let (got, _) = resolve(&[
            Some(lc(1, 1, "数量指标", false, false)),
            Some(lc(1, 2, "", false, true)),
            Some(lc(2, 3, "", true, true)),
            Some(lc(3, 4, "满意度指标", true, false)),
        ]);
        assert_eq!(
            got,
            vec!["数量指标", "满意度指标", "满意度指标", "满意度指标"]
        );
    }
}
