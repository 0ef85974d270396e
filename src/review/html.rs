//! The review's pages: plain HTML and inline SVG, one stylesheet and a
//! little script that only adds sorting and highlighting (links and
//! `:target` do the basics without it).

use super::images::ShownPages;
use super::marks::{FieldKey, FieldMarks};
use super::{FormView, Review};
use crate::diff::{DiffKind, Summary as DiffSummary};
use crate::extract::Status;
use crate::ir::Method;
use crate::sources::FieldSource;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub const STYLE: &str = r#"
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:10px 18px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:19px;margin:4px 0} h2{font-size:16px;margin:18px 0 6px}
main{padding:8px 18px}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0} table.sortable th{cursor:pointer}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#b00020;font-weight:600} .warn{color:#a15c00} .ok{color:#1b7a2e} .muted{color:#777}
.legend span{display:inline-block;margin-right:12px} .sw{display:inline-block;width:12px;height:12px;border:2px solid;vertical-align:-2px;margin-right:4px}
body.form{display:flex;flex-direction:column;height:100vh}
.split{display:grid;grid-template-columns:minmax(0,1.15fr) minmax(0,1fr);gap:16px;flex:1;min-height:0}
.split>section{overflow:auto;min-height:0}
details summary{cursor:pointer}
figure{margin:0 0 14px;background:#fff;border:1px solid #ccc} figcaption{padding:3px 8px;font-size:12px;background:#f4f4f4}
svg.page{display:block;width:100%;height:auto}
.grid rect{fill:none;stroke:#00a0a0;stroke-width:.5;stroke-dasharray:2 1.5;opacity:.8}
rect.field{fill:rgba(40,100,220,.06);stroke:#2864dc;stroke-width:1}
rect.field.ocr{stroke:#7b3fc4;fill:rgba(123,63,196,.06)}
rect.field.repaired{stroke:#d4a000;fill:rgba(240,200,0,.16)}
rect.field.low{stroke:#ef6c00;fill:rgba(239,108,0,.18);stroke-width:1.5}
rect.field.sum{stroke:#c2185b;stroke-dasharray:4 2;stroke-width:1.5}
rect.field.diff{stroke:#d50000;fill:rgba(213,0,0,.2);stroke-width:2}
rect.field.dup{fill:none}
rect.field:target,rect.field.hl{stroke:#000;stroke-width:3;fill:rgba(255,235,59,.45)}
text.label{font:6px sans-serif;fill:#0b3d91;paint-order:stroke;stroke:#fff;stroke-width:1.6px}
tr:target,td:target,tr.hl,td.hl{background:#fff59d}
.sw.text{border-color:#2864dc}.sw.ocr{border-color:#7b3fc4}.sw.repaired{border-color:#d4a000;background:rgba(240,200,0,.3)}
.sw.low{border-color:#ef6c00;background:rgba(239,108,0,.3)}.sw.sum{border-color:#c2185b;border-style:dashed}
.sw.diff{border-color:#d50000;background:rgba(213,0,0,.3)}.sw.grid{border-color:#00a0a0;border-style:dashed}
td.v{white-space:pre-wrap;max-width:30em} ul.w{margin:4px 0;padding-left:20px;font-size:13px}
a{color:#0b57d0}
"#;

pub const SCRIPT: &str = r#"
document.querySelectorAll('table.sortable th').forEach(th => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0], col = th.cellIndex, num = th.dataset.type === 'num';
  const dir = th.dataset.dir === 'desc' ? 'asc' : 'desc'; th.dataset.dir = dir;
  const key = r => { const c = r.cells[col]; const v = c.dataset.v ?? c.textContent; return num ? parseFloat(v) || 0 : v; };
  [...body.rows].sort((a, b) => { const x = key(a), y = key(b);
    const o = num ? x - y : String(x).localeCompare(String(y)); return dir === 'asc' ? o : -o; })
    .forEach(r => body.appendChild(r));
}));
function hl() {
  document.querySelectorAll('.hl').forEach(e => e.classList.remove('hl'));
  const id = decodeURIComponent(location.hash.slice(1)); if (!id) return;
  const k = id.replace(/^[fr]-/, '');
  for (const x of ['f-' + k, 'r-' + k]) { const e = document.getElementById(x); if (e) e.classList.add('hl'); }
}
addEventListener('hashchange', hl); hl();
"#;

fn head(title: &str, up: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"{up}style.css\"></head><body>\n",
        esc(title)
    )
}

fn foot(up: &str) -> String {
    format!("<script src=\"{up}sort.js\"></script>\n</body></html>\n")
}

fn pct(x: f64) -> String {
    format!("{:.2}", x * 100.0)
}

fn status_cell(s: Status) -> String {
    match s {
        Status::Ok => "<td class=\"ok\" data-v=\"2\">ok</td>".into(),
        Status::NoForm => "<td class=\"muted\" data-v=\"1\">no_form</td>".into(),
        Status::Error => "<td class=\"bad\" data-v=\"0\">error</td>".into(),
    }
}

fn num_cell(n: usize, class_if_nonzero: &str) -> String {
    if n == 0 {
        "<td class=\"n muted\">0</td>".into()
    } else {
        format!("<td class=\"n {class_if_nonzero}\">{n}</td>")
    }
}

/// A file's sort key when worst comes first: unreadable, pages not read
/// (they may hide a whole form), then its forms' badness summed.
fn file_badness(model: &Review, i: usize) -> [usize; 6] {
    let f = &model.files[i];
    let unread = f.report.unread_pages.len();
    let mut key = [
        (f.report.status == Status::Error) as usize,
        unread,
        0,
        0,
        0,
        0,
    ];
    for &k in &f.forms {
        for (slot, v) in key[2..].iter_mut().zip(model.forms[k].marks.badness()) {
            *slot += v;
        }
    }
    key[5] += f.report.warnings.len();
    key
}

/// The site's front page.
pub fn index(model: &Review) -> String {
    let mut h = head("shenbao review", "");
    let forms = model.forms.len();
    let pages: usize = model.files.iter().map(|f| f.report.pages).sum();
    let errors = model
        .files
        .iter()
        .filter(|f| f.report.status == Status::Error)
        .count();
    let _ = write!(
        h,
        "<header><h1>shenbao review — {}</h1><div>{} files, {} forms, {} pages; \
         <span class=\"{}\">{} could not be read</span>. Worst first; click a column to sort.</div>",
        esc(&model.out_dir.display().to_string()),
        model.files.len(),
        forms,
        pages,
        if errors > 0 { "bad" } else { "muted" },
        errors
    );
    if let Some((paths, s)) = &model.against {
        let _ = write!(
            h,
            "<div>Against <code>{}</code>: field accuracy <b>{}%</b>, indicator F1 <b>{}%</b> \
             (P {}%, R {}%), goal CER <b>{}%</b>; {} records paired, {} missing, {} extra.</div>",
            paths
                .iter()
                .map(|p| esc(&p.display().to_string()))
                .collect::<Vec<_>>()
                .join("</code> + <code>"),
            pct(s.field_accuracy),
            pct(s.indicator_f1),
            pct(s.indicator_precision),
            pct(s.indicator_recall),
            pct(s.goal_cer),
            s.records_paired,
            s.records_missing,
            s.records_extra
        );
    }
    h.push_str("</header><main>\n<h2>Files</h2>\n<table class=\"sortable\" id=\"files\"><thead><tr>\
        <th>File</th><th>Status</th><th data-type=\"num\">Forms</th><th data-type=\"num\">Pages</th>\
        <th>Method</th><th data-type=\"num\">Warnings</th><th data-type=\"num\">Repairs</th>\
        <th data-type=\"num\">Unsure fields</th>");
    if model.against.is_some() {
        h.push_str("<th data-type=\"num\">Differences</th>");
    }
    h.push_str(
        "<th data-type=\"num\">Seconds</th><th>Error / file warnings</th></tr></thead><tbody>\n",
    );
    let mut order: Vec<usize> = (0..model.files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(file_badness(model, i)));
    for i in order {
        let f = &model.files[i];
        let r = &f.report;
        let sum = |g: &dyn Fn(&FormView) -> usize| -> usize {
            f.forms.iter().map(|&k| g(&model.forms[k])).sum()
        };
        let links: Vec<String> = f
            .forms
            .iter()
            .map(|&k| {
                let form = &model.forms[k];
                format!(
                    "<a href=\"forms/{}\" title=\"{}\">{}</a>",
                    esc(&form.slug),
                    esc(&form.record.project_name),
                    form.record.form_index
                )
            })
            .collect();
        let _ = write!(
            h,
            "<tr id=\"file-{}\"><td>{}</td>{}<td class=\"n\" data-v=\"{}\">{} {}</td><td class=\"n\">{}</td>\
             <td>{}{}</td>{}{}{}",
            i + 1,
            esc(&r.source_file),
            status_cell(r.status),
            r.forms,
            r.forms,
            if links.is_empty() {
                String::new()
            } else {
                format!("<span class=\"forms\">({})</span>", links.join(" "))
            },
            r.pages,
            esc(&r.method),
            r.ocr_engine
                .as_ref()
                .map(|e| format!(" <span class=\"muted\">{}</span>", esc(e)))
                .unwrap_or_default(),
            num_cell(r.warnings.len(), "warn"),
            num_cell(sum(&|x| x.marks.repairs), "warn"),
            num_cell(sum(&|x| x.marks.low_fields), "warn"),
        );
        if model.against.is_some() {
            h.push_str(&num_cell(sum(&|x| x.marks.differences), "bad"));
        }
        // The file's own warnings (the forms' are on their pages), folded.
        let own: Vec<String> = r
            .warnings
            .iter()
            .filter(|w| !w.starts_with("form "))
            .map(|w| esc(w))
            .collect();
        let mut notes = r
            .error
            .iter()
            .map(|e| format!("<span class=\"bad\">{}</span>", esc(e)))
            .collect::<Vec<_>>()
            .join("<br>");
        match own.len() {
            0 => {}
            1 => notes.push_str(&own[0]),
            n => {
                let _ = write!(
                    notes,
                    "<details><summary>{n} file warnings: {}</summary>{}</details>",
                    own[0],
                    own[1..].join("<br>")
                );
            }
        }
        let _ = writeln!(
            h,
            "<td class=\"n\">{:.2}</td><td>{notes}</td></tr>",
            r.seconds,
        );
    }
    h.push_str("</tbody></table>\n");

    h.push_str(
        "<h2>Forms</h2>\n<table class=\"sortable\" id=\"forms\"><thead><tr>\
        <th>File</th><th data-type=\"num\">Form</th><th>Project</th><th>Pages</th><th>Method</th>\
        <th data-type=\"num\">Warnings</th><th data-type=\"num\">Repairs</th>\
        <th data-type=\"num\">Sum warnings</th><th data-type=\"num\">Unsure fields</th>\
        <th data-type=\"num\">OCR'd fields</th><th data-type=\"num\">Indicators</th>",
    );
    if model.against.is_some() {
        h.push_str(
            "<th data-type=\"num\">Differences</th><th data-type=\"num\">Field accuracy %</th>\
             <th data-type=\"num\">Indicator F1 %</th><th data-type=\"num\">Goal CER %</th>",
        );
    }
    h.push_str("</tr></thead><tbody>\n");
    let mut order: Vec<usize> = (0..model.forms.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(model.forms[i].marks.badness()));
    for i in order {
        let f = &model.forms[i];
        let m = &f.marks;
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td><a href=\"forms/{}\">{}</a></td><td>{}</td><td>{}</td>{}{}{}{}{}<td class=\"n\">{}</td>",
            esc(&f.record.source_file),
            f.record.form_index,
            esc(&f.slug),
            esc(if f.record.project_name.is_empty() {
                "(no name read)"
            } else {
                &f.record.project_name
            }),
            esc(&crate::record::pages_to_csv(&f.record.pages)),
            esc(&f.record.method),
            num_cell(m.warnings, "warn"),
            num_cell(m.repairs, "warn"),
            num_cell(m.sum_warnings, "bad"),
            num_cell(m.low_fields, "warn"),
            num_cell(m.ocr_fields, ""),
            f.record.indicators.len()
        );
        match &f.diff {
            None => {}
            Some(None) => h.push_str(
                "<td class=\"bad\" data-v=\"9999\" colspan=\"4\">not in the checked version</td>",
            ),
            Some(Some(s)) => h.push_str(&diff_cells(s, m.differences)),
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
    if !model.missing.is_empty() {
        h.push_str("<h2>Checked records not extracted</h2><ul class=\"w\">");
        for r in &model.missing {
            let _ = write!(
                h,
                "<li class=\"bad\">{} form {}: {}</li>",
                esc(&r.source_file),
                r.form_index,
                esc(&r.project_name)
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str(LEGEND);
    h.push_str("</main>\n");
    h.push_str(&foot(""));
    h
}

fn diff_cells(s: &DiffSummary, differences: usize) -> String {
    let cls = |ok: bool| if ok { "ok" } else { "bad" };
    format!(
        "{}<td class=\"n {}\">{}</td><td class=\"n {}\">{}</td><td class=\"n {}\">{}</td>",
        num_cell(differences, "bad"),
        cls(s.field_accuracy >= 1.0),
        pct(s.field_accuracy),
        cls(s.indicator_f1 >= 1.0),
        pct(s.indicator_f1),
        cls(s.goal_cer == 0.0),
        pct(s.goal_cer)
    )
}

const LEGEND: &str = "<p class=\"legend\">\
    <span><i class=\"sw text\"></i>text layer</span><span><i class=\"sw ocr\"></i>OCR</span>\
    <span><i class=\"sw low\"></i>OCR confidence below the threshold</span>\
    <span><i class=\"sw repaired\"></i>repaired</span><span><i class=\"sw sum\"></i>in a broken sum or period</span>\
    <span><i class=\"sw diff\"></i>differs from the checked version</span>\
    <span><i class=\"sw grid\"></i>detected grid</span></p>\n";

/// The classes of a field's box and row.
fn classes(m: Option<&FieldMarks>) -> String {
    let mut c = vec!["field"];
    if let Some(m) = m {
        c.push(if m.ocr { "ocr" } else { "text" });
        if !m.repairs.is_empty() {
            c.push("repaired");
        }
        if m.low {
            c.push("low");
        }
        if !m.sums.is_empty() {
            c.push("sum");
        }
        if !m.diffs.is_empty() {
            c.push("diff");
        }
    }
    c.join(" ")
}

/// A form's page: its pages with grid and fields drawn over them, beside
/// the record.
pub fn form_page(model: &Review, i: usize, shown: &ShownPages) -> String {
    let f = &model.forms[i];
    let r = &f.record;
    let title = if r.project_name.is_empty() {
        format!("{} form {}", r.source_file, r.form_index)
    } else {
        r.project_name.clone()
    };
    let mut h = head(&format!("{title} — shenbao review"), "../")
        .replace("<body>", "<body class=\"form\">");
    let _ = write!(
        h,
        "<header><a href=\"../index.html\">← all files</a><h1>{}</h1><div>{} · form {} · pages {} · method {}",
        esc(&title),
        esc(&r.source_file),
        r.form_index,
        r.pages
            .iter()
            .map(|p| format!("<a href=\"#p{p}\">{p}</a>"))
            .collect::<Vec<_>>()
            .join(", "),
        esc(&r.method),
    );
    let m = &f.marks;
    let _ = write!(
        h,
        " · {} warnings, {} repairs, {} broken sums or periods, {} unsure fields",
        m.warnings, m.repairs, m.sum_warnings, m.low_fields
    );
    match &f.diff {
        Some(Some(s)) => {
            let _ = write!(
                h,
                " · against the checked version: field accuracy {}%, indicator F1 {}%, goal CER {}%, {} differences",
                pct(s.field_accuracy),
                pct(s.indicator_f1),
                pct(s.goal_cer),
                m.differences
            );
        }
        Some(None) => h.push_str(" · <span class=\"bad\">not in the checked version</span>"),
        None => {}
    }
    h.push_str("</div>");
    h.push_str(LEGEND);
    h.push_str("</header><main class=\"split\"><section class=\"pages\">\n");

    let sources: BTreeMap<FieldKey, &FieldSource> = f
        .sources
        .iter()
        .flat_map(|s| &s.fields)
        .map(|s| {
            (
                FieldKey {
                    indicator: s.indicator,
                    field: s.field.clone(),
                },
                s,
            )
        })
        .collect();
    match &f.sources {
        None => h.push_str(
            "<p class=\"bad\">No sources.jsonl entry for this form: nothing to draw.</p>",
        ),
        Some(src) => {
            for p in &src.pages {
                h.push_str(&page_figure(
                    f,
                    p,
                    &sources,
                    shown,
                    model.settings.low_confidence,
                ));
            }
        }
    }
    h.push_str("</section><section class=\"record\">\n<h2>Record</h2>\n<table id=\"scalars\"><thead><tr>\
        <th>Field</th><th>Value</th><th>Source</th><th>Confidence</th><th>Repairs, sums, differences</th>\
        </tr></thead><tbody>\n");
    // extra_fields is a list: its own table below, not one JSON cell.
    for name in crate::record::FORM_FIELDS
        .iter()
        .filter(|&&f| f != "extra_fields")
    {
        let key = FieldKey::scalar(name);
        let value = r.scalar(name);
        h.push_str(&field_row(
            &key,
            &value,
            sources.get(&key).copied(),
            m.fields.get(&key),
        ));
    }
    h.push_str("</tbody></table>\n");
    let _ = write!(
        h,
        "<h2>Extra fields ({})</h2>\n<table id=\"extra-fields\"><thead><tr><th>Label</th>\
         <th>Value</th></tr></thead><tbody>\n",
        r.extra_fields.len()
    );
    for (i, e) in r.extra_fields.iter().enumerate() {
        // A row the page's box links to, when its cell was found.
        let key = FieldKey::scalar(&format!("extra_fields[{i}]"));
        let (id, value) = match sources.contains_key(&key) {
            true => (
                format!(" id=\"r-{}\"", key.id()),
                format!("<a href=\"#f-{}\">{}</a>", key.id(), esc(&e.value)),
            ),
            false => (String::new(), esc(&e.value)),
        };
        let _ = writeln!(
            h,
            "<tr{id}><td>{}</td><td class=\"v\">{value}</td></tr>",
            esc(&e.label),
        );
    }
    h.push_str("</tbody></table>\n");

    let _ = write!(
        h,
        "<h2>Indicators ({})</h2>\n<table id=\"indicators\"><thead><tr><th>#</th><th>scope</th>\
         <th>一级</th><th>二级</th><th>三级</th><th>target_raw</th><th>comparator</th><th>value</th>\
         <th>unit</th><th>备注 (note)</th><th>other columns</th><th>Confidence</th>\
         <th>Repairs, differences</th></tr></thead><tbody>\n",
        r.indicators.len()
    );
    for ind in &r.indicators {
        let cell = |name: &str, text: &str| -> String {
            let key = FieldKey::cell(ind.seq, name);
            let cls = classes(m.fields.get(&key));
            if sources.contains_key(&key) {
                format!(
                    "<td id=\"r-{id}\" class=\"v {cls}\"><a href=\"#f-{id}\">{}</a></td>",
                    esc(text),
                    id = key.id()
                )
            } else {
                format!("<td class=\"v\">{}</td>", esc(text))
            }
        };
        let keys = ["level1", "level2", "level3", "target"].map(|c| FieldKey::cell(ind.seq, c));
        let conf = keys
            .iter()
            .filter_map(|k| sources.get(k).map(|s| s.confidence))
            .fold(1.0f32, f32::min);
        let notes: Vec<String> = keys
            .iter()
            .filter_map(|k| m.fields.get(k))
            .flat_map(notes_of)
            .collect();
        let extra: Vec<String> = ind
            .extra
            .0
            .iter()
            .map(|(k, v)| {
                let key = FieldKey::cell(ind.seq, &format!("extra.{k}"));
                let text = format!("{}: {}", esc(k), esc(v));
                match sources.contains_key(&key) {
                    true => format!(
                        "<span id=\"r-{id}\"><a href=\"#f-{id}\">{text}</a></span>",
                        id = key.id()
                    ),
                    false => text,
                }
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}{}</td><td>{}</td>{}{}{}{}<td>{}</td><td>{}</td>{}{}<td>{}</td><td class=\"n\">{:.3}</td><td>{}</td></tr>",
            ind.seq,
            if ind.core { " ★" } else { "" },
            esc(&ind.scope),
            cell("level1", &ind.level1),
            cell("level2", &ind.level2),
            cell("level3", &ind.level3),
            cell("target", &ind.target_raw),
            esc(&ind.comparator),
            esc(&ind.target_value),
            cell("target_unit", &ind.target_unit),
            cell("note", &ind.note),
            extra.join("<br>"),
            conf,
            notes.join("<br>")
        );
    }
    h.push_str("</tbody></table>\n");
    if !m.row_diffs.is_empty() {
        h.push_str("<h2>Rows that differ</h2><ul class=\"w\">");
        for d in &m.row_diffs {
            let what = match d.kind {
                DiffKind::IndicatorMissing => "checked indicator not extracted",
                DiffKind::IndicatorExtra => "extracted indicator not in the checked version",
                DiffKind::RecordMissing => "checked record not extracted",
                DiffKind::RecordExtra => "record not in the checked version",
                DiffKind::Field => "field",
            };
            let _ = write!(
                h,
                "<li class=\"bad\">{what} #{}: {}</li>",
                d.indicator.map(|n| n.to_string()).unwrap_or_default(),
                esc(if d.expected.is_empty() {
                    &d.actual
                } else {
                    &d.expected
                })
            );
        }
        h.push_str("</ul>\n");
    }
    let _ = write!(
        h,
        "<h2>Warnings ({})</h2><ul class=\"w\">",
        r.warnings.len()
    );
    for w in &r.warnings {
        let _ = write!(h, "<li>{}</li>", esc(w));
    }
    h.push_str("</ul>\n</section></main>\n");
    h.push_str(&foot("../"));
    h
}

fn notes_of(m: &FieldMarks) -> Vec<String> {
    m.repairs
        .iter()
        .map(|w| format!("<span class=\"warn\">{}</span>", esc(w)))
        .chain(
            m.sums
                .iter()
                .map(|w| format!("<span class=\"bad\">{}</span>", esc(w))),
        )
        .chain(m.diffs.iter().map(|(field, exp, act)| {
            format!(
                "<span class=\"bad\">{}</span>",
                esc(&format!("{field}: checked {exp:?}, extracted {act:?}"))
            )
        }))
        .collect()
}

fn field_row(
    key: &FieldKey,
    value: &str,
    source: Option<&FieldSource>,
    marks: Option<&FieldMarks>,
) -> String {
    let id = key.id();
    let (name, src, conf) = match source.and_then(|s| s.bbox.map(|b| (s, b.bbox()))) {
        Some((s, b)) => (
            format!("<a href=\"#f-{id}\">{}</a>", esc(&key.label())),
            format!(
                "<a href=\"#p{}\">p.{}</a> ({:.0}, {:.0})–({:.0}, {:.0})",
                s.page, s.page, b.x0, b.top, b.x1, b.bottom
            ),
            format!("{:.3}", s.confidence),
        ),
        None => (
            esc(&key.label()),
            "<span class=\"muted\">not found</span>".into(),
            String::new(),
        ),
    };
    format!(
        "<tr id=\"r-{id}\" class=\"{}\"><td>{name}</td><td class=\"v\">{}</td><td>{src}</td><td class=\"n\">{conf}</td><td>{}</td></tr>\n",
        classes(marks),
        esc(value),
        marks.map(notes_of).unwrap_or_default().join("<br>")
    )
}

/// One page: the image placed as the reader saw it, the grid, and every
/// field's box (a link to its row).
fn page_figure(
    f: &FormView,
    p: &crate::sources::PageSource,
    sources: &BTreeMap<FieldKey, &FieldSource>,
    shown: &ShownPages,
    low_confidence: f32,
) -> String {
    let mut s = String::new();
    let method = match p.method {
        Method::Text => "text layer",
        Method::Ocr => "OCR",
        Method::Sheet => "spreadsheet cells",
        Method::Mixed => "text layer and OCR of its image",
    };
    let image = shown.get(&(f.file, p.number));
    let _ = write!(
        s,
        "<figure id=\"p{n}\"><figcaption>page {n} · {method}{}</figcaption>\
         <svg class=\"page\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.2} {:.2}\">",
        match image {
            Some(Err(e)) => format!(" · <span class=\"bad\">no image: {}</span>", esc(e)),
            None => " · <span class=\"bad\">no image</span>".into(),
            Some(Ok(_)) => String::new(),
        },
        p.width,
        p.height,
        n = p.number,
    );
    let _ = write!(
        s,
        "<rect width=\"{:.2}\" height=\"{:.2}\" fill=\"#fff\"/>",
        p.width, p.height
    );
    if let Some(Ok(img)) = image {
        let [a, b, c, d, e, ff] = p.from_source.0;
        let _ = write!(
            s,
            "<image href=\"../img/{}\" width=\"{:.2}\" height=\"{:.2}\" preserveAspectRatio=\"none\" \
             transform=\"matrix({a:.6} {b:.6} {c:.6} {d:.6} {e:.3} {ff:.3})\"/>",
            esc(&img.name),
            img.page_width,
            img.page_height
        );
    }
    s.push_str("<g class=\"grid\">");
    for table in &p.tables {
        for b in table.iter().map(|r| r.bbox()) {
            let _ = write!(
                s,
                "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\"/>",
                b.x0,
                b.top,
                b.width(),
                b.height()
            );
        }
    }
    s.push_str("</g><g class=\"fields\">");
    // Cells several fields share (a merged 一级 cell) get one label.
    let mut labels: BTreeMap<(i64, i64), Vec<String>> = BTreeMap::new();
    let mut drawn: std::collections::HashSet<[i64; 4]> = Default::default();
    for (key, src) in sources {
        let Some(b) = src.bbox.map(|r| r.bbox()) else {
            continue;
        };
        if src.page != p.number {
            continue;
        }
        let marks = f.marks.fields.get(key);
        // A cell several fields share is tinted once.
        let cell = [b.x0, b.top, b.x1, b.bottom].map(|v| (v * 10.0) as i64);
        let dup = if drawn.insert(cell) { "" } else { " dup" };
        let mut title = format!("{}: {}", key.label(), src.text);
        if src.confidence < 1.0 {
            let _ = write!(title, " (confidence {:.3}", src.confidence);
            if src.confidence < low_confidence {
                title.push_str(", unsure");
            }
            title.push(')');
        }
        let _ = write!(
            s,
            "<a href=\"#r-{id}\"><rect id=\"f-{id}\" class=\"{}{dup}\" x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\"><title>{}</title></rect></a>",
            classes(marks),
            b.x0,
            b.top,
            b.width(),
            b.height(),
            esc(&title),
            id = key.id()
        );
        labels
            .entry(((b.x0 * 10.0) as i64, (b.top * 10.0) as i64))
            .or_default()
            .push(key.label());
    }
    s.push_str("</g><g class=\"labels\">");
    for ((x, y), names) in labels {
        let text = match names.len() {
            1 => names[0].clone(),
            n => format!("{} (+{} rows)", names[0], n - 1),
        };
        let _ = write!(
            s,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x as f64 / 10.0 + 1.0,
            y as f64 / 10.0 + 6.0,
            esc(&text)
        );
    }
    s.push_str("</g></svg></figure>\n");
    s
}
