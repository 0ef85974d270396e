//! The page images of the review: each form page rendered in colour (a
//! scan is its image as placed on the page, seal and all), as PNG, files in
//! parallel.

use super::Review;
use crate::pdf::PdfSettings;
use crate::pdf::raster::{RgbImage, render_pages_rgb};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A page image written into `img/`.
#[derive(Clone, Debug)]
pub struct Shown {
    /// File name inside `img/`.
    pub name: String,
    /// The page's size in points (the image covers it exactly).
    pub page_width: f64,
    pub page_height: f64,
}

/// (file index, page number) → its image or why there is none.
pub type ShownPages = BTreeMap<(usize, u32), Result<Shown, String>>;

/// Renders every page that holds a form, `jobs` files at a time.
pub fn render_all(model: &Review, dir: &Path, jobs: usize, password: &str) -> ShownPages {
    let mut wanted: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
    for f in &model.forms {
        let pages: Vec<u32> = match &f.sources {
            Some(s) => s.pages.iter().map(|p| p.number).collect(),
            None => f.record.pages.clone(),
        };
        wanted.entry(f.file).or_default().extend(pages);
    }
    let work: Vec<(usize, Vec<u32>, Vec<PathBuf>)> = wanted
        .into_iter()
        .map(|(file, pages)| {
            let report = &model.files[file].report;
            // As given (relative to where extract ran), else as opened.
            let mut paths = vec![PathBuf::from(&report.source_file)];
            if let Some(s) = model
                .forms
                .iter()
                .find(|f| f.file == file)
                .and_then(|f| f.sources.as_ref())
            {
                paths.push(PathBuf::from(&s.path));
            }
            (file, pages.into_iter().collect(), paths)
        })
        .collect();
    let next = AtomicUsize::new(0);
    let out = Mutex::new(ShownPages::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1).min(work.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((file, pages, paths)) = work.get(i) else {
                        break;
                    };
                    let done = render_file(*file, pages, paths, dir, password, model.settings.dpi);
                    out.lock().unwrap_or_else(|e| e.into_inner()).extend(done);
                }
            });
        }
    });
    out.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn render_file(
    file: usize,
    pages: &[u32],
    paths: &[PathBuf],
    dir: &Path,
    password: &str,
    dpi: f64,
) -> Vec<((usize, u32), Result<Shown, String>)> {
    let all_failed = |why: String| {
        pages
            .iter()
            .map(|&p| ((file, p), Err(why.clone())))
            .collect()
    };
    // A scan given as image files (or a folder of them) is shown as read.
    if let Some(files) = paths.iter().find_map(|p| {
        if p.is_dir() {
            crate::extract::read_image_dir(p).ok()
        } else {
            let b = std::fs::read(p).ok()?;
            crate::images::format_of(&b).map(|_| vec![b])
        }
    }) {
        return pages
            .iter()
            .zip(scan_pages(&files, pages, dpi))
            .map(|(&page, r)| {
                let shown = r.and_then(|img| {
                    let name = format!("{}-{page}.png", file + 1);
                    std::fs::write(dir.join(&name), encode_png(&img)?)
                        .map_err(|e| e.to_string())?;
                    Ok(Shown {
                        name,
                        page_width: img.page_width,
                        page_height: img.page_height,
                    })
                });
                ((file, page), shown)
            })
            .collect();
    }
    let Some(bytes) = paths.iter().find_map(|p| std::fs::read(p).ok()) else {
        return all_failed(format!(
            "the PDF is not at {} (run review where extract ran, or keep the files in place)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" nor at ")
        ));
    };
    let rendered = match render_pages_rgb(bytes, password, pages, dpi, &PdfSettings::default()) {
        Ok(r) => r,
        Err(e) => return all_failed(e.to_string()),
    };
    pages
        .iter()
        .zip(rendered)
        .map(|(&page, r)| {
            let shown = r.and_then(|img| {
                let name = format!("{}-{page}.png", file + 1);
                let png = encode_png(&img)?;
                std::fs::write(dir.join(&name), png).map_err(|e| e.to_string())?;
                Ok(Shown {
                    name,
                    page_width: img.page_width,
                    page_height: img.page_height,
                })
            });
            ((file, page), shown)
        })
        .collect()
}

/// The listed pages of image files (numbered through the files, as
/// `extract` numbers them), in gray, scaled down to `dpi` by averaging.
fn scan_pages(files: &[Vec<u8>], pages: &[u32], dpi: f64) -> Vec<Result<RgbImage, String>> {
    let mut all = Vec::new();
    for bytes in files {
        let first = all.len() as u32 + 1;
        all.extend(crate::images::read_image_file(
            bytes,
            first,
            u64::MAX,
            &mut Vec::new(),
        ));
    }
    pages
        .iter()
        .map(|&n| {
            let img = all
                .get(n as usize - 1)
                .ok_or_else(|| format!("no page {n} in the image files"))?
                .as_ref()
                .map_err(Clone::clone)?;
            let g = &img.gray;
            let step = ((g.width as f64 / img.page_width * 72.0 / dpi).floor() as u32).max(1);
            let (w, h) = (g.width / step, g.height / step);
            let mut data = Vec::with_capacity(3 * w as usize * h as usize);
            for y in 0..h {
                for x in 0..w {
                    let mut sum = 0u32;
                    for dy in 0..step {
                        for dx in 0..step {
                            sum += g.get(x * step + dx, y * step + dy) as u32;
                        }
                    }
                    let v = (sum / (step * step)) as u8;
                    data.extend([v, v, v]);
                }
            }
            Ok(RgbImage {
                width: w,
                height: h,
                data,
                page_width: img.page_width,
                page_height: img.page_height,
            })
        })
        .collect()
}

/// Colours a page image keeps: enough for anti-aliased text, a seal's reds
/// and a scan's paper, and a fifth of the bytes of the full-colour PNG.
const PALETTE_SIZE: usize = 32;

/// Palette colours closer than this (sum of channel differences) are one:
/// a scan's paper noise must not take every slot from the ink.
const PALETTE_SPREAD: i32 = 30;

/// PNG with a palette of the page's most frequent colours (popularity on a
/// 4-bit-per-channel histogram, near duplicates skipped).
pub fn encode_png(img: &RgbImage) -> Result<Vec<u8>, String> {
    let key =
        |p: &[u8]| ((p[0] as usize >> 4) << 8) | ((p[1] as usize >> 4) << 4) | (p[2] as usize >> 4);
    let mut count = vec![0u64; 4096];
    let mut sum = vec![[0u64; 3]; 4096];
    for p in img.data.chunks_exact(3) {
        let k = key(p);
        count[k] += 1;
        for c in 0..3 {
            sum[k][c] += p[c] as u64;
        }
    }
    let mean = |k: usize| sum[k].map(|v| (v / count[k].max(1)) as i32);
    let mut buckets: Vec<usize> = (0..4096).filter(|&k| count[k] > 0).collect();
    buckets.sort_by_key(|&k| std::cmp::Reverse(count[k]));
    let dist = |a: [i32; 3], b: [i32; 3]| (0..3).map(|c| (a[c] - b[c]).abs()).sum::<i32>();
    let mut palette: Vec<[i32; 3]> = Vec::new();
    for &k in &buckets {
        if palette.len() == PALETTE_SIZE {
            break;
        }
        let m = mean(k);
        if palette.iter().all(|&p| dist(p, m) >= PALETTE_SPREAD) {
            palette.push(m);
        }
    }
    if palette.is_empty() {
        palette.push([255, 255, 255]);
    }
    let mut lut = vec![0u8; 4096];
    for &k in &buckets {
        let m = mean(k);
        lut[k] = (0..palette.len())
            .min_by_key(|&i| {
                let d: i32 = (0..3).map(|c| (palette[i][c] - m[c]).pow(2)).sum();
                d
            })
            .unwrap_or(0) as u8;
    }
    let indices: Vec<u8> = img.data.chunks_exact(3).map(|p| lut[key(p)]).collect();
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, img.width, img.height);
    enc.set_color(png::ColorType::Indexed);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_palette(
        palette
            .iter()
            .flat_map(|p| p.map(|v| v as u8))
            .collect::<Vec<u8>>(),
    );
    enc.set_compression(png::Compression::Balanced);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(&indices).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}
