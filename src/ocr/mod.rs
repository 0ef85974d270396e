//! Scanned pages: raster → ruling lines for the same grid builder as the
//! text path. (Recognising the text in the cells is the next step: the
//! tesseract and PP-OCR engines plug in after `scan_rules`.)
//!
//! Steps, each a plain function: `binarize` (Otsu on the brightest channel,
//! so coloured seals fade first) → `estimate_skew` (projection profiles,
//! ±5°) → `rotate` → `find_rules` (long dark runs, gaps bridged) → segments
//! in page points.
//!
//! Architecture invariant: knows pixels and segments, not PDF objects or
//! forms.

mod image;
mod rules;

pub use image::{GrayImage, binarize, estimate_skew, otsu_threshold, rotate};
pub use rules::{RuleSettings, find_rules};

use crate::ir::Segment;
use crate::pdf::raster::PageImage;

/// Tolerances of scanned-page rule finding, in points (converted to pixels
/// at each image's resolution).
#[derive(Clone, Debug)]
pub struct ScanSettings {
    /// Dark runs shorter than this are text, not rules (a 16 pt title's
    /// strokes are shorter).
    pub min_rule_pt: f64,
    /// Gaps a rule may have (noise, JPEG, a seal's edge).
    pub max_gap_pt: f64,
    /// The thickest a rule may be.
    pub max_thickness_pt: f64,
    /// The largest skew looked for, either way.
    pub max_skew_degrees: f64,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            min_rule_pt: 25.0,
            max_gap_pt: 1.0,
            max_thickness_pt: 2.0,
            max_skew_degrees: 5.0,
        }
    }
}

impl ScanSettings {
    /// The pixel tolerances at `dpi`.
    pub fn at_dpi(&self, dpi: f64) -> RuleSettings {
        let px = |pt: f64| (pt * dpi / 72.0).round().max(1.0) as u32;
        RuleSettings {
            min_length: px(self.min_rule_pt),
            max_gap: px(self.max_gap_pt),
            max_thickness: px(self.max_thickness_pt),
        }
    }
}

/// What a scanned page gives the grid builder.
#[derive(Clone, Debug)]
pub struct ScannedRules {
    pub segments: Vec<Segment>,
    /// The skew that was undone, in degrees (counter-clockwise positive).
    pub skew_degrees: f64,
}

/// Ruling lines of a scanned page, deskewed, in page points.
pub fn scan_rules(img: &PageImage, settings: &ScanSettings) -> ScannedRules {
    let dpi = img.gray.width as f64 / img.placement.width().max(1.0) * 72.0;
    let bin = binarize(&img.gray, otsu_threshold(&img.gray));
    let skew = estimate_skew(&bin, settings.max_skew_degrees);
    let straight = if skew.abs() >= 0.05 {
        rotate(&bin, -skew)
    } else {
        bin
    };
    let px = find_rules(&straight, &settings.at_dpi(dpi));
    // Pixels → page points through the image's placement.
    let sx = img.placement.width() / straight.width as f64;
    let sy = img.placement.height() / straight.height as f64;
    let segments = px
        .into_iter()
        .map(|s| match s.orientation {
            crate::ir::Orientation::Horizontal => Segment::horizontal(
                img.placement.top + s.pos * sy,
                img.placement.x0 + s.start * sx,
                img.placement.x0 + s.end * sx,
            ),
            crate::ir::Orientation::Vertical => Segment::vertical(
                img.placement.x0 + s.pos * sx,
                img.placement.top + s.start * sy,
                img.placement.top + s.end * sy,
            ),
        })
        .collect();
    ScannedRules {
        segments,
        skew_degrees: skew,
    }
}
