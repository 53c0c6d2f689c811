//! The organisation's logo and scanned signature: `POST
//! /certificateur/parametres?image=logo|signature` uploads one (a plain multipart form,
//! like the file imports: back to the page, or refused with the reason and nothing
//! kept), `GET /certificateur/parametres/{logo|signature}` shows it.

use app::domain::role::CurrentUser;
use app::error::AppError;
use app::ssr::repo::organisation::{ImageKind, NewImage, image, save_image};
use app::ssr::state::AppState;
use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};

use crate::routes::import::{read_file, refused_because};
use crate::security::error_response;

/// Largest image accepted (the form says so too).
pub const MAX_IMAGE_BYTES: usize = 512 * 1024;

/// Largest side of an image, in pixels.
pub const MAX_SIDE: u32 = 4_000;
/// Most pixels an image may have (a logo or a signature needs far fewer; a
/// decompression bomb declares many more).
pub const MAX_PIXELS: u64 = 4_000_000;
/// Most memory the decoder may take.
const MAX_DECODED_BYTES: u64 = 64 * 1024 * 1024;

/// A checked image: re-encoded as PNG (only its pixels are kept), and its size.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    pub mime: &'static str,
    pub size: (u32, u32),
    pub png: Vec<u8>,
}

/// PNG or JPEG, at most 512 KB, from 32 to 4 000 pixels a side and 4 million pixels,
/// decoded whole (a file whose first bytes only look like an image is refused) and
/// re-encoded as PNG; the reason in French otherwise.
pub fn check(bytes: &[u8]) -> Result<Checked, String> {
    use image::ImageDecoder;
    if bytes.is_empty() {
        return Err("aucun fichier reçu".to_owned());
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "image trop lourde : {} Ko, 512 Ko au plus",
            bytes.len().div_ceil(1024)
        ));
    }
    let format = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => image::ImageFormat::Png,
        Ok(image::ImageFormat::Jpeg) => image::ImageFormat::Jpeg,
        _ => return Err("ce fichier n'est pas une image PNG ou JPEG".to_owned()),
    };
    let unreadable = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => format!(
            "image trop grande une fois décodée : {MAX_SIDE} pixels de côté et {} millions de pixels au plus",
            MAX_PIXELS / 1_000_000
        ),
        _ => "image illisible : le fichier n'est pas une image PNG ou JPEG complète".to_owned(),
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (w, h) = decoder.dimensions();
    if !(32..=MAX_SIDE).contains(&w) || !(32..=MAX_SIDE).contains(&h) {
        return Err(format!(
            "image de {w} × {h} pixels : de 32 à 4 000 pixels de côté attendus"
        ));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "image de {w} × {h} pixels : {} millions de pixels au plus",
            MAX_PIXELS / 1_000_000
        ));
    }
    let _ = decoder.icc_profile();
    let decoded = image::DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    let mut png = Vec::new();
    decoded
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|_| "image illisible : elle n'a pas pu être réenregistrée en PNG".to_owned())?;
    Ok(Checked {
        mime: "image/png",
        size: (w, h),
        png,
    })
}

#[derive(serde::Deserialize)]
pub struct Which {
    pub image: Option<String>,
}

/// Uploads the logo or the signature.
pub async fn upload(
    State(state): State<AppState>,
    axum::extract::Query(which): axum::extract::Query<Which>,
    request: Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return error_response(&path, AppError::Unauthenticated);
    };
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    let (parts, body) = request.into_parts();
    let Some(kind) = which.image.as_deref().and_then(ImageKind::parse) else {
        return refused_because(
            &state,
            &parts,
            "choisissez le logo ou la signature".to_owned(),
        );
    };
    let bytes = match read_file(Request::from_parts(parts.clone(), body), &state).await {
        Ok(bytes) => bytes,
        Err(message) => {
            return refused_because(&state, &parts, format!("fichier illisible : {message}"));
        }
    };
    let checked = match app::ssr::bounded::off_thread(move || check(&bytes)).await {
        Ok(checked) => checked,
        Err(message) => return refused_because(&state, &parts, message),
    };
    let saved = save_image(
        &state.db,
        organisation,
        NewImage {
            kind,
            mime: checked.mime,
            bytes: &checked.png,
            size: checked.size,
        },
        (Some(user.id.0), state.clock.now()),
    )
    .await;
    match saved {
        Ok(()) => Redirect::to(&format!("{path}?image={}", kind.code())).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "image upload failed");
            error_response(&path, AppError::Internal)
        }
    }
}

/// Shows the logo or the signature.
pub async fn show(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(kind): Path<String>,
) -> Response {
    let path = format!("/certificateur/parametres/{kind}");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    let Some(kind) = ImageKind::parse(&kind) else {
        return error_response(&path, AppError::NotFound);
    };
    match image(&state.db, organisation, kind).await {
        Ok(Some((mime, bytes))) => (
            [
                (CONTENT_TYPE, mime),
                (CACHE_CONTROL, "private, no-cache".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "image failed");
            error_response(&path, AppError::Internal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real PNG of `w` × `h` pixels.
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::DynamicImage::new_rgb8(w, h)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .expect("png");
        bytes
    }

    /// Only a PNG header (what a size check used to read), declaring `w` × `h`.
    fn header_only(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        bytes.extend_from_slice(b"IHDR");
        bytes.extend_from_slice(&w.to_be_bytes());
        bytes.extend_from_slice(&h.to_be_bytes());
        bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn only_whole_reasonable_png_and_jpeg_images_are_kept_as_png() {
        let checked = check(&png(400, 120)).expect("a logo");
        assert_eq!((checked.mime, checked.size), ("image/png", (400, 120)));
        assert_eq!(
            image::guess_format(&checked.png).expect("format"),
            image::ImageFormat::Png
        );
        let mut jpeg = Vec::new();
        image::DynamicImage::new_rgb8(300, 100)
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .expect("jpeg");
        let checked = check(&jpeg).expect("a JPEG");
        assert_eq!(checked.mime, "image/png");
        assert!(
            check(&png(10, 10))
                .expect_err("tiny")
                .contains("de 32 à 4 000")
        );
        assert!(
            check(b"GIF89a....")
                .expect_err("gif")
                .contains("PNG ou JPEG")
        );
        assert!(check(b"<svg></svg>").is_err());
        assert!(check(&[]).is_err());
    }

    #[test]
    fn images_that_only_look_like_images_are_refused() {
        // An empty PNG: its header and nothing else.
        assert!(
            check(&header_only(400, 120))
                .expect_err("empty")
                .contains("illisible")
        );
        // A PNG followed by HTML: the pixels are kept, not the HTML.
        let mut polyglot = png(64, 64);
        polyglot.extend_from_slice(b"<html><script>alert(1)</script></html>");
        let kept = check(&polyglot).expect("the pixels");
        assert!(!kept.png.windows(7).any(|w| w == b"<script"));
        // A bomb: 4 000 × 4 000 grey pixels in a file of a few kilobytes.
        let mut bomb = Vec::new();
        image::DynamicImage::new_luma8(4_000, 4_000)
            .write_to(
                &mut std::io::Cursor::new(&mut bomb),
                image::ImageFormat::Png,
            )
            .expect("bomb");
        assert!(bomb.len() < MAX_IMAGE_BYTES, "{}", bomb.len());
        assert!(
            check(&bomb)
                .expect_err("bomb")
                .contains("4 millions de pixels au plus")
        );
        assert!(check(&header_only(5_000, 100)).is_err());
        let mut heavy = png(400, 120);
        heavy.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(check(&heavy).expect_err("heavy").contains("512 Ko"));
    }
}
