//! A content-stream tokenizer for the lean reader: operands and operators,
//! nothing else. hayro-syntax's reader is general (every object type, a
//! typed operator table); this one knows only what a content stream holds
//! and is a third of reading a page faster. Whatever it is unsure of
//! (inline images, escaped names, malformed tokens) is `Unsupported`, and
//! hayro reads the file.

use super::lean::Unsupported;
use std::borrow::Cow;

/// One operand of an operator.
#[derive(Debug, PartialEq)]
pub(super) enum Operand<'a> {
    Number(f64),
    /// Without the slash.
    Name(&'a [u8]),
    /// Decoded bytes of a literal or hex string.
    Str(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    /// A dictionary, boolean or null: present, not needed.
    Other,
}

impl Operand<'_> {
    pub(super) fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Operators one after another; each call leaves its operands in
/// `operands`.
pub(super) struct Ops<'a> {
    data: &'a [u8],
    pos: usize,
    pub operands: Vec<Operand<'a>>,
}

/// Byte classes (PDF 7.2.3): white space, delimiter, or regular.
const WHITE: u8 = 1;
const DELIMITER: u8 = 2;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let white = b"\0\t\n\x0c\r ";
    let mut i = 0;
    while i < white.len() {
        t[white[i] as usize] = WHITE;
        i += 1;
    }
    let delimiters = b"()<>[]{}/%";
    let mut i = 0;
    while i < delimiters.len() {
        t[delimiters[i] as usize] = DELIMITER;
        i += 1;
    }
    t
};

fn is_white(b: u8) -> bool {
    CLASS[b as usize] == WHITE
}

fn is_regular(b: u8) -> bool {
    CLASS[b as usize] == 0
}

fn malformed() -> Unsupported {
    Unsupported("a content stream token it does not read")
}

impl<'a> Ops<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Ops {
            data,
            pos: 0,
            operands: Vec::with_capacity(8),
        }
    }

    /// The next operator, its operands in `self.operands`; `None` at the end.
    pub(super) fn next(&mut self) -> Result<Option<&'a [u8]>, Unsupported> {
        self.operands.clear();
        loop {
            self.skip_white();
            let Some(&b) = self.data.get(self.pos) else {
                return if self.operands.is_empty() {
                    Ok(None)
                } else {
                    // Operands with no operator: a truncated stream.
                    Err(malformed())
                };
            };
            if is_regular(b) && !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') {
                let word = self.regular_run();
                match word {
                    b"true" | b"false" | b"null" => self.operands.push(Operand::Other),
                    b"BI" | b"ID" | b"EI" => return Err(Unsupported("an inline image")),
                    _ => return Ok(Some(word)),
                }
            } else {
                let operand = self.operand(0)?;
                self.operands.push(operand);
            }
        }
    }

    fn skip_white(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| is_regular(b)) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn operand(&mut self, depth: u32) -> Result<Operand<'a>, Unsupported> {
        if depth > 32 {
            return Err(Unsupported("operands nested too deep"));
        }
        self.skip_white();
        let b = *self.data.get(self.pos).ok_or_else(malformed)?;
        match b {
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let token = self.regular_run();
                parse_number(token)
                    .map(Operand::Number)
                    .ok_or_else(malformed)
            }
            b'/' => {
                self.pos += 1;
                let name = self.regular_run();
                if name.contains(&b'#') {
                    return Err(Unsupported("an escaped name"));
                }
                Ok(Operand::Name(name))
            }
            b'(' => self.literal_string().map(Operand::Str),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                loop {
                    self.skip_white();
                    if self.data[self.pos..].starts_with(b">>") {
                        self.pos += 2;
                        return Ok(Operand::Other);
                    }
                    if self.pos >= self.data.len() {
                        return Err(malformed());
                    }
                    self.operand(depth + 1)?;
                }
            }
            b'<' => self.hex_string().map(Operand::Str),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.data.get(self.pos) {
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Operand::Array(items));
                        }
                        None => return Err(malformed()),
                        Some(&c)
                            if is_regular(c) && !matches!(c, b'+' | b'-' | b'.' | b'0'..=b'9') =>
                        {
                            match self.regular_run() {
                                b"true" | b"false" | b"null" => items.push(Operand::Other),
                                _ => return Err(malformed()),
                            }
                        }
                        Some(_) => items.push(self.operand(depth + 1)?),
                    }
                }
            }
            _ => Err(malformed()),
        }
    }

    fn literal_string(&mut self) -> Result<Cow<'a, [u8]>, Unsupported> {
        self.pos += 1; // (
        let start = self.pos;
        let mut level = 1;
        let mut plain = true;
        while let Some(&b) = self.data.get(self.pos) {
            match b {
                b'\\' => {
                    plain = false;
                    self.pos += 2;
                    continue;
                }
                b'\r' => plain = false,
                b'(' => level += 1,
                b')' => {
                    level -= 1;
                    if level == 0 {
                        let raw = &self.data[start..self.pos];
                        self.pos += 1;
                        return Ok(if plain {
                            Cow::Borrowed(raw)
                        } else {
                            Cow::Owned(unescape(raw))
                        });
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(malformed())
    }

    fn hex_string(&mut self) -> Result<Cow<'a, [u8]>, Unsupported> {
        self.pos += 1; // <
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            let v = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                b'>' => {
                    // An odd last digit is followed by 0 (PDF 7.3.4.3).
                    out.extend(high.map(|h| h << 4));
                    return Ok(Cow::Owned(out));
                }
                _ if is_white(b) => continue,
                _ => return Err(malformed()),
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        Err(malformed())
    }
}

/// A PDF number: optional sign, digits, at most one point.
fn parse_number(token: &[u8]) -> Option<f64> {
    let (negative, body) = match token.first()? {
        b'-' => (true, &token[1..]),
        b'+' => (false, &token[1..]),
        _ => (false, token),
    };
    // Digits as an integer, then one division by a power of ten: both
    // exact below 2^53 and 10^22, so the quotient is correctly rounded,
    // as the standard parser's would be.
    let mut mantissa: u64 = 0;
    let mut decimals: Option<u32> = None;
    let mut digits = 0;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                digits += 1;
                if let Some(d) = decimals.as_mut() {
                    *d += 1;
                }
            }
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let scale = decimals.unwrap_or(0);
    let value = if mantissa < (1 << 53) && scale <= 22 {
        mantissa as f64 / 10f64.powi(scale as i32)
    } else {
        std::str::from_utf8(body).ok()?.parse().ok()?
    };
    Some(if negative { -value } else { value })
}

/// The bytes of a literal string with escapes (PDF 7.3.4.2).
fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        match b {
            b'\\' => {
                let Some(&e) = raw.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match raw.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    // A backslash at a line's end continues the string.
                    b'\r' => {
                        if raw.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            // An end of line in a string is a newline, however written.
            b'\r' => {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push(b'\n');
            }
            _ => out.push(b),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8]) -> Result<Vec<(String, Vec<Operand<'_>>)>, Unsupported> {
        let mut ops = Ops::new(data);
        let mut out = Vec::new();
        while let Some(op) = ops.next()? {
            let operands = std::mem::take(&mut ops.operands);
            out.push((String::from_utf8_lossy(op).into_owned(), operands));
        }
        Ok(out)
    }

    #[test]
    fn reads_operators_and_their_operands() {
        let got =
            all(b"q 1 0 0 -1.5 .5 +3 cm BT/F1 9 Tf<0012 3>Tj [(a\\)b) -250 <00>]TJ ET Q").unwrap();
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["q", "cm", "BT", "Tf", "Tj", "TJ", "ET", "Q"]);
        assert_eq!(
            got[1].1,
            [1.0, 0.0, 0.0, -1.5, 0.5, 3.0].map(Operand::Number)
        );
        assert_eq!(got[3].1, [Operand::Name(b"F1"), Operand::Number(9.0)]);
        // An odd hex digit count ends in 0.
        assert_eq!(got[4].1, [Operand::Str(Cow::Owned(vec![0x00, 0x12, 0x30]))]);
        assert_eq!(
            got[5].1,
            [Operand::Array(vec![
                Operand::Str(Cow::Owned(b"a)b".to_vec())),
                Operand::Number(-250.0),
                Operand::Str(Cow::Owned(vec![0])),
            ])]
        );
    }

    #[test]
    fn strings_unescape_and_nest() {
        let got = all(b"(a(b)c\\101\\n\\\nd) Tj").unwrap();
        assert_eq!(got[0].1, [Operand::Str(Cow::Owned(b"a(b)cA\nd".to_vec()))]);
        let got = all(b"(plain) Tj").unwrap();
        assert!(matches!(
            &got[0].1[0],
            Operand::Str(Cow::Borrowed(b"plain"))
        ));
    }

    #[test]
    fn comments_dicts_and_booleans_are_skipped_over() {
        let got = all(b"% a comment\n/P <</MCID 0 /A [1 2]>> BDC true null EMC").unwrap();
        assert_eq!(got[0].0, "BDC");
        assert_eq!(got[0].1, [Operand::Name(b"P"), Operand::Other]);
        assert_eq!(got[1].1, [Operand::Other, Operand::Other]);
    }

    #[test]
    fn what_it_does_not_read_it_says() {
        for bad in [
            &b"BI /W 1 /H 1 ID \x00 EI"[..],
            b"/A#20B gs",
            b"1.2.3 w",
            b"(unterminated Tj",
            b"1 2",
            b"<zz> Tj",
        ] {
            assert!(all(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
