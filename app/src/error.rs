//! The one error type at the boundary between the UI and the server: every server
//! function returns `Result<T, AppError>`. Messages are French, shown as they are.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A problem with one input field, shown next to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Why a request did not succeed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Élément introuvable.")]
    NotFound,
    #[error("Vous devez vous connecter pour accéder à cette page.")]
    Unauthenticated,
    #[error("Vous n'avez pas accès à cette page.")]
    Forbidden,
    #[error("{}", validation_message(.0))]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// The cause is logged on the server, never sent to the client.
    #[error(
        "Une erreur interne est survenue. Réessayez ; si elle persiste, contactez l'administrateur."
    )]
    Internal,
    /// The request did not reach the server function or its answer was unreadable.
    #[error("La communication avec le serveur a échoué : {0}")]
    Transport(String),
}

fn validation_message(errors: &[FieldError]) -> String {
    let details: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    format!("Données invalides : {}", details.join(" ; "))
}

impl AppError {
    /// A validation error on a single field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The HTTP status this error maps to.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// In French, and without the framework's (English) details: arguments that do not
    /// read are the sender's fault (400), anything else the connection's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let reason = match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                "les données envoyées sont incomplètes ou mal formées"
            }
            ServerFnErrorErr::Request(_) => {
                "le serveur ne répond pas ; vérifiez votre connexion puis réessayez"
            }
            _ => "la réponse du serveur est illisible ; rechargez la page puis réessayez",
        };
        AppError::Transport(reason.to_owned())
    }
}
