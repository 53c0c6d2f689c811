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

/// A checked image: its MIME type and size in pixels.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    pub mime: &'static str,
    pub size: (u32, u32),
}

/// PNG or JPEG, at most 512 KB, from 32 to 4 000 pixels a side; the reason in French
/// otherwise.
pub fn check(bytes: &[u8]) -> Result<Checked, String> {
    if bytes.is_empty() {
        return Err("aucun fichier reçu".to_owned());
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "image trop lourde : {} Ko, 512 Ko au plus",
            bytes.len().div_ceil(1024)
        ));
    }
    let mime = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => "image/png",
        Ok(imagesize::ImageType::Jpeg) => "image/jpeg",
        _ => return Err("ce fichier n'est pas une image PNG ou JPEG".to_owned()),
    };
    let size = imagesize::blob_size(bytes)
        .map_err(|_| "image illisible : ni PNG ni JPEG valide".to_owned())?;
    let (w, h) = (size.width, size.height);
    if !(32..=4000).contains(&w) || !(32..=4000).contains(&h) {
        return Err(format!(
            "image de {w} × {h} pixels : de 32 à 4 000 pixels de côté attendus"
        ));
    }
    Ok(Checked {
        mime,
        size: (u32::try_from(w).unwrap_or(0), u32::try_from(h).unwrap_or(0)),
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
    let checked = match check(&bytes) {
        Ok(checked) => checked,
        Err(message) => return refused_because(&state, &parts, message),
    };
    let saved = save_image(
        &state.db,
        organisation,
        NewImage {
            kind,
            mime: checked.mime,
            bytes: &bytes,
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

    /// A PNG of `w` × `h` pixels, as far as its header says (all a size check reads).
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        bytes.extend_from_slice(b"IHDR");
        bytes.extend_from_slice(&w.to_be_bytes());
        bytes.extend_from_slice(&h.to_be_bytes());
        bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn only_reasonable_png_and_jpeg_images_are_kept() {
        assert_eq!(
            check(&png(400, 120)),
            Ok(Checked {
                mime: "image/png",
                size: (400, 120)
            })
        );
        assert!(
            check(&png(10, 10))
                .expect_err("tiny")
                .contains("de 32 à 4 000")
        );
        assert!(check(&png(5000, 100)).is_err());
        assert!(
            check(b"GIF89a....")
                .expect_err("gif")
                .contains("PNG ou JPEG")
        );
        assert!(check(b"<svg></svg>").is_err());
        assert!(check(&[]).is_err());
        let mut heavy = png(400, 120);
        heavy.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(check(&heavy).expect_err("heavy").contains("512 Ko"));
    }
}
