//! A look at a file's skeleton before parsing it: is it a PDF at all, was it
//! cut off, and does its cross-reference table point at its objects? hayro
//! recovers damaged tables silently by scanning the file (as qpdf does); this
//! is how the user hears about it.

use super::PdfError;

/// How far from the end `%%EOF` / `startxref` must be.
const TAIL: usize = 2048;

/// Warnings for a readable but damaged file; an error for one that is not a
/// PDF or was cut off.
pub fn check(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Invalid("the file is empty".into()));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_none() {
        return Err(PdfError::Invalid(
            "no %PDF- header: this is not a PDF file".into(),
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(TAIL)..];
    if find(tail, b"%%EOF").is_none() && find(tail, b"startxref").is_none() {
        return Err(PdfError::Truncated);
    }
    let mut warnings = Vec::new();
    let Some(offset) = startxref(tail) else {
        warnings.push(damaged("it has no startxref"));
        return Ok(warnings);
    };
    let Some(at) = bytes.get(offset..) else {
        warnings.push(damaged("startxref points past the end of the file"));
        return Ok(warnings);
    };
    if at.starts_with(b"xref") {
        let (bad, total) = misplaced_objects(bytes, at);
        if bad > 0 {
            warnings.push(damaged(&format!(
                "{bad} of {total} objects are not where its table says"
            )));
        }
    } else if object_header(at).is_none() {
        warnings.push(damaged(
            "startxref does not point at a cross-reference table",
        ));
    }
    Ok(warnings)
}

fn damaged(why: &str) -> String {
    format!(
        "the file is damaged ({why}); its objects were recovered by scanning it, so check this file's records by hand"
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn startxref(tail: &[u8]) -> Option<usize> {
    let p = rfind(tail, b"startxref")? + b"startxref".len();
    let digits: Vec<u8> = tail[p..]
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace)
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// `N G obj` at the start of `at`: (N, G).
fn object_header(at: &[u8]) -> Option<(u32, u32)> {
    let s = std::str::from_utf8(&at[..at.len().min(40)])
        .unwrap_or_else(|e| std::str::from_utf8(&at[..e.valid_up_to()]).unwrap_or(""));
    let mut parts = s.split_ascii_whitespace();
    let n = parts.next()?.parse().ok()?;
    let g = parts.next()?.parse().ok()?;
    parts
        .next()
        .filter(|w| w.starts_with("obj"))
        .map(|_| (n, g))
}

/// Counts the in-use entries of a classic xref table that do not point at
/// their object: (misplaced, in use).
fn misplaced_objects(bytes: &[u8], table: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(&table[..table.len().min(1 << 22)]);
    let mut lines = text.lines().skip(1);
    let (mut bad, mut total) = (0, 0);
    while let Some(header) = lines.next() {
        let mut h = header.split_ascii_whitespace();
        let (Some(Ok(first)), Some(Ok(count))) = (
            h.next().map(str::parse::<u32>),
            h.next().map(str::parse::<u32>),
        ) else {
            break; // "trailer"
        };
        for k in 0..count {
            let Some(entry) = lines.next() else {
                return (bad, total);
            };
            let mut e = entry.split_ascii_whitespace();
            let (Some(off), Some(_gen), Some("n")) = (e.next(), e.next(), e.next()) else {
                continue;
            };
            total += 1;
            let ok = off
                .parse::<usize>()
                .ok()
                .and_then(|o| bytes.get(o..))
                .and_then(object_header)
                .is_some_and(|(n, _)| n == first + k);
            if !ok {
                bad += 1;
            }
        }
    }
    (bad, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Vec<u8> {
        let body = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        let xref = body.len();
        let mut v = body.to_vec();
        v.extend_from_slice(format!("xref\n0 2\n0000000000 65535 f \n{:010} 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", 9).as_bytes());
        v
    }

    #[test]
    fn sound_file() {
        assert_eq!(check(&tiny()).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn shifted_objects_are_reported() {
        let mut v = tiny();
        v.splice(9..9, b"garbage!".iter().copied());
        let w = check(&v).unwrap();
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("damaged"), "{w:?}");
    }

    #[test]
    fn cut_off_and_not_pdf() {
        let v = tiny();
        assert!(matches!(check(&v[..30]), Err(PdfError::Truncated)));
        assert!(matches!(check(b""), Err(PdfError::Invalid(_))));
        assert!(matches!(check(b"hello"), Err(PdfError::Invalid(_))));
    }
}
