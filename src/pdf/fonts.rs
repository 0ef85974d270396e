//! Fonts as the lean reader needs them: how to cut a string into codes, how
//! wide each code is, and what text it stands for. No font programs: the
//! PDF's own /Widths, /W and ToUnicode say all of that for the fonts
//! exporters write. Anything else is `Unsupported` and hayro reads the file.

use super::lean::Unsupported;
use hayro_interpret::hayro_cmap::{self, BfString, CMap};
use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, Number, Object, Stream};
use rustc_hash::FxHashMap;
use std::sync::Arc;

pub(super) struct Font {
    /// Texts already looked up, by code: a page shows the same few hundred
    /// codes thousands of times.
    texts: std::cell::RefCell<FxHashMap<u32, Option<Arc<str>>>>,
    codes: Codes,
    widths: Widths,
    to_unicode: Option<CMap>,
    /// Text of each one-byte code from a standard encoding, for simple fonts
    /// without a ToUnicode map.
    encoding: Option<&'static [Option<char>; 256]>,
}

enum Codes {
    /// Simple fonts: one byte a code.
    OneByte,
    /// Type0 with Identity-H: two bytes a code, code = CID.
    TwoByte,
}

enum Widths {
    Simple {
        first: u32,
        widths: Vec<f32>,
        missing: f32,
    },
    Cid {
        widths: FxHashMap<u32, f32>,
        default: f32,
    },
}

/// One code of a shown string.
pub(super) struct Code {
    pub code: u32,
    /// Bytes it took: word spacing applies to the one-byte code 32 only.
    pub len: usize,
}

fn number(o: &Object<'_>) -> Option<f32> {
    match o {
        Object::Number(n) => Some(n.as_f32()),
        _ => None,
    }
}

impl Font {
    pub(super) fn load(dict: &Dict<'_>) -> Result<Font, Unsupported> {
        let subtype = dict
            .get::<Name<'_>>(b"Subtype")
            .ok_or(Unsupported("a font without /Subtype"))?;
        match subtype.as_ref() {
            b"Type0" => Font::load_type0(dict),
            b"TrueType" | b"Type1" | b"MMType1" => Font::load_simple(dict),
            _ => Err(Unsupported("a Type3 or unknown font")),
        }
    }

    fn load_simple(dict: &Dict<'_>) -> Result<Font, Unsupported> {
        let widths_array = dict
            .get::<Array<'_>>(b"Widths")
            .ok_or(Unsupported("a simple font without /Widths"))?;
        let widths: Vec<f32> = widths_array
            .iter::<Object<'_>>()
            .map(|o| number(&o).unwrap_or(0.0))
            .collect();
        let first = dict.get::<Number>(b"FirstChar").map_or(0, |n| n.as_i64()) as u32;
        let missing = dict
            .get::<Dict<'_>>(b"FontDescriptor")
            .and_then(|d| d.get::<Number>(b"MissingWidth"))
            .map_or(0.0, |n| n.as_f32());
        let to_unicode = read_to_unicode(dict)?;
        let encoding = match dict.get::<Object<'_>>(b"Encoding") {
            Some(Object::Name(n)) if n.as_ref() == b"WinAnsiEncoding" => Some(&*WIN_ANSI),
            _ => None,
        };
        if to_unicode.is_none() && encoding.is_none() {
            return Err(Unsupported(
                "a simple font with neither ToUnicode nor WinAnsiEncoding",
            ));
        }
        Ok(Font {
            texts: Default::default(),
            codes: Codes::OneByte,
            widths: Widths::Simple {
                first,
                widths,
                missing,
            },
            to_unicode,
            encoding,
        })
    }

    fn load_type0(dict: &Dict<'_>) -> Result<Font, Unsupported> {
        match dict.get::<Name<'_>>(b"Encoding") {
            Some(n) if n.as_ref() == b"Identity-H" => {}
            _ => return Err(Unsupported("a Type0 font not in Identity-H")),
        }
        let to_unicode = read_to_unicode(dict)?;
        if to_unicode.is_none() {
            return Err(Unsupported("a Type0 font without ToUnicode"));
        }
        let descendant = dict
            .get::<Array<'_>>(b"DescendantFonts")
            .and_then(|a| a.iter::<Dict<'_>>().next())
            .ok_or(Unsupported("a Type0 font without a descendant"))?;
        let default = descendant
            .get::<Number>(b"DW")
            .map_or(1000.0, |n| n.as_f32());
        let mut widths = FxHashMap::default();
        if let Some(w) = descendant.get::<Array<'_>>(b"W") {
            read_cid_widths(&w, &mut widths)?;
        }
        Ok(Font {
            texts: Default::default(),
            codes: Codes::TwoByte,
            widths: Widths::Cid { widths, default },
            to_unicode,
            encoding: None,
        })
    }

    /// Cuts a shown string into codes.
    pub(super) fn codes<'s>(
        &self,
        bytes: &'s [u8],
    ) -> Result<impl Iterator<Item = Code> + 's, Unsupported> {
        let len = match self.codes {
            Codes::OneByte => 1,
            Codes::TwoByte => {
                if !bytes.len().is_multiple_of(2) {
                    return Err(Unsupported("an odd-length string in a two-byte font"));
                }
                2
            }
        };
        Ok(bytes.chunks_exact(len).map(move |c| Code {
            code: c.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)),
            len,
        }))
    }

    /// Width of a code in glyph space (1000 units per em).
    pub(super) fn width(&self, code: u32) -> f32 {
        match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
            } => code
                .checked_sub(*first)
                .and_then(|i| widths.get(i as usize))
                .copied()
                .unwrap_or(*missing),
            Widths::Cid { widths, default } => widths.get(&code).copied().unwrap_or(*default),
        }
    }

    /// The text a code stands for. `Ok(None)` is a code the file gives no
    /// text for.
    pub(super) fn text(&self, code: u32) -> Result<Option<Arc<str>>, Unsupported> {
        if let Some(t) = self.texts.borrow().get(&code) {
            return Ok(t.clone());
        }
        let text: Option<Arc<str>> = self.look_up(code)?.map(|b| match b {
            BfString::Char(c) => c.to_string().into(),
            BfString::String(s) => s.into(),
        });
        self.texts.borrow_mut().insert(code, text.clone());
        Ok(text)
    }

    /// Where hayro would look further for a code's text (glyph names in the
    /// font program), the lean reader steps aside instead of guessing.
    fn look_up(&self, code: u32) -> Result<Option<BfString>, Unsupported> {
        if let Some(s) = self
            .to_unicode
            .as_ref()
            .and_then(|m| m.lookup_bf_string(code))
        {
            return Ok(Some(s));
        }
        match self.codes {
            Codes::TwoByte => Ok(None),
            Codes::OneByte => match self.encoding {
                Some(table) => match table.get(code as usize).copied().flatten() {
                    Some(c) => Ok(Some(BfString::Char(c))),
                    None => Err(Unsupported("a code outside WinAnsiEncoding")),
                },
                None => Err(Unsupported("a code missing from ToUnicode")),
            },
        }
    }
}

fn read_to_unicode(dict: &Dict<'_>) -> Result<Option<CMap>, Unsupported> {
    if !dict.contains_key(b"ToUnicode") {
        return Ok(None);
    }
    let stream = dict
        .get::<Stream<'_>>(b"ToUnicode")
        .ok_or(Unsupported("a ToUnicode that is not a stream"))?;
    let data = stream
        .decoded()
        .map_err(|_| Unsupported("a ToUnicode stream that does not decode"))?;
    CMap::parse(&data, hayro_cmap::load_embedded)
        .map(Some)
        .ok_or(Unsupported("a ToUnicode map that does not parse"))
}

/// `/W [c [w1 w2 ...] c_first c_last w ...]`.
fn read_cid_widths(w: &Array<'_>, out: &mut FxHashMap<u32, f32>) -> Result<(), Unsupported> {
    let bad = || Unsupported("a /W array that does not parse");
    let items: Vec<Object<'_>> = w.iter::<Object<'_>>().collect();
    let mut i = 0;
    while i < items.len() {
        let first = number(&items[i]).ok_or_else(bad)? as u32;
        match items.get(i + 1) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter::<Object<'_>>().enumerate() {
                    out.insert(first + k as u32, number(&o).ok_or_else(bad)?);
                }
                i += 2;
            }
            Some(o) => {
                let last = number(o).ok_or_else(bad)? as u32;
                let width = items.get(i + 2).and_then(number).ok_or_else(bad)?;
                if last < first || last - first > 65_535 {
                    return Err(bad());
                }
                for c in first..=last {
                    out.insert(c, width);
                }
                i += 3;
            }
            None => return Err(bad()),
        }
    }
    Ok(())
}

/// WinAnsiEncoding as the PDF specification defines it (Annex D): Latin-1
/// with Windows-1252's additions at 0x80–0x9F, 0xA0 a space and 0xAD a
/// hyphen. Codes it leaves undefined have no text here.
static WIN_ANSI: std::sync::LazyLock<[Option<char>; 256]> = std::sync::LazyLock::new(|| {
    let mut t = [None; 256];
    for c in 0x20u32..=0x7E {
        t[c as usize] = char::from_u32(c);
    }
    for c in 0xA1u32..=0xFF {
        t[c as usize] = char::from_u32(c);
    }
    t[0xA0] = Some(' ');
    t[0xAD] = Some('-');
    const HIGH: [(u8, char); 27] = [
        (0x80, '€'),
        (0x82, '‚'),
        (0x83, 'ƒ'),
        (0x84, '„'),
        (0x85, '…'),
        (0x86, '†'),
        (0x87, '‡'),
        (0x88, 'ˆ'),
        (0x89, '‰'),
        (0x8A, 'Š'),
        (0x8B, '‹'),
        (0x8C, 'Œ'),
        (0x8E, 'Ž'),
        (0x91, '‘'),
        (0x92, '’'),
        (0x93, '“'),
        (0x94, '”'),
        (0x95, '•'),
        (0x96, '–'),
        (0x97, '—'),
        (0x98, '˜'),
        (0x99, '™'),
        (0x9A, 'š'),
        (0x9B, '›'),
        (0x9C, 'œ'),
        (0x9E, 'ž'),
        (0x9F, 'Ÿ'),
    ];
    for (code, c) in HIGH {
        t[code as usize] = Some(c);
    }
    t
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_has_the_windows_additions_and_no_holes_filled() {
        assert_eq!(WIN_ANSI[b'A' as usize], Some('A'));
        assert_eq!(WIN_ANSI[0x80], Some('€'));
        assert_eq!(WIN_ANSI[0x93], Some('“'));
        assert_eq!(WIN_ANSI[0xA0], Some(' '));
        assert_eq!(WIN_ANSI[0xE9], Some('é'));
        // Undefined in WinAnsi: no text rather than a guess.
        assert_eq!(WIN_ANSI[0x81], None);
        assert_eq!(WIN_ANSI[0x1F], None);
    }
}
