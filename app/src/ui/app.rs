//! The HTML shell, the router and the navigation of each role.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::domain::role::{CurrentUser, Role};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::current_user::current_user;
#[cfg(feature = "ssr")]
use crate::ui::components::current_user::{USER_META, current_user_json};
use crate::ui::pages::candidate::home::CandidateHome;
use crate::ui::pages::candidate::my_data::CandidateMyData;
use crate::ui::pages::certifier::accommodations::CertifierAccommodations;
use crate::ui::pages::certifier::accounts::CertifierAccounts;
use crate::ui::pages::certifier::candidate::CertifierCandidate;
use crate::ui::pages::certifier::certification::CertifierCertification;
use crate::ui::pages::certifier::declarations::CertifierDeclarations;
use crate::ui::pages::certifier::history::CertifierHistory;
use crate::ui::pages::certifier::home::CertifierHome;
use crate::ui::pages::certifier::jury::CertifierJury;
use crate::ui::pages::certifier::new_session::NewSession;
use crate::ui::pages::certifier::pool::{CertifierPool, CertifierPoolMember};
use crate::ui::pages::certifier::privacy::CertifierPrivacy;
use crate::ui::pages::certifier::rates::CertifierRates;
use crate::ui::pages::certifier::results::CertifierResults;
use crate::ui::pages::certifier::session::CertifierSession;
use crate::ui::pages::certifier::settings::CertifierSettings;
use crate::ui::pages::certifier::sitting::CertifierSitting;
use crate::ui::pages::certifier::statistics::{
    CertifierCertificationStatistics, CertifierSessionStatistics,
};
use crate::ui::pages::deliberation::{CertifierDeliberation, JuryDeliberation};
use crate::ui::pages::home::HomePage;
use crate::ui::pages::invitation::InvitationView;
use crate::ui::pages::jury::grading::JuryGrading;
use crate::ui::pages::jury::home::JuryHome;
use crate::ui::pages::jury::session::{JuryCandidate, JurySession};
use crate::ui::pages::login::LoginPage;
use crate::ui::pages::not_found::NotFound;
use crate::ui::pages::password::{ForgotPasswordPage, PasswordLinkView};
use crate::ui::pages::privacy::PrivacyNoticePage;
use crate::ui::pages::verification::VerificationPage;

/// `<meta>` carrying the error of a form posted without JavaScript, which the browser
/// bundle puts back in the address before hydrating (see `server::security`).
pub const FORM_ERROR_META: &str = "jury-form-error";

/// Name of the browser bundle and stylesheet under `/pkg`.
pub const OUTPUT_NAME: &str = "jury";

/// The full HTML document rendered by the server.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let csrf = crate::ssr::auth::current_csrf_token();
    let user = current_user_json();
    // The inline hydration and data scripts carry the response's CSP nonce.
    if let Some(nonce) = crate::ssr::auth::current_nonce() {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
    // Hashed with the bundle when the site was built so (`server::statics`).
    let stylesheet = format!("/pkg/{}.css", options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="csrf-token" content=csrf/>
                <meta name=USER_META content=user/>
                {crate::ssr::auth::current_form_flash()
                    .map(|flash| view! { <meta name=FORM_ERROR_META content=flash/> })}
                {crate::ui::components::import_notice::brought_back()
                    .and_then(|refused| serde_json::to_string(&refused).ok())
                    .map(|json| view! { <meta name=crate::ui::components::import_notice::IMPORT_META content=json/> })}
                <link rel="stylesheet" href=stylesheet/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: header with the role's navigation, the page, the footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|text: String| crate::domain::html::page_title(&text, cfg!(feature = "ssr"))/>
        <Router>
            <a class="skip-link" href="#contenu">"Aller au contenu principal"</a>
            <header class="site-header">
                <div class="brand">
                    <a href="/">"Jury"</a>
                    <span class="brand-tagline">"Examens et jurys de certification"</span>
                </div>
                <Navigation user=current_user()/>
            </header>
            <main id="contenu" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/connexion") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe-oublie") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe/:token") view=PasswordLinkView ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur") view=CertifierHome ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/comptes") view=CertifierAccounts ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/nouvelle") view=NewSession ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/jures") view=CertifierPool ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/jures/:id") view=CertifierPoolMember ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/certifications/:id") view=CertifierCertification ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/certifications/:id/declarations") view=CertifierDeclarations ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/parametres") view=CertifierSettings ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/donnees-personnelles") view=CertifierPrivacy ssr=SsrMode::Async/>
                    <Route path=path!("/confidentialite") view=PrivacyNoticePage ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/certifications/:id/statistiques") view=CertifierCertificationStatistics ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/statistiques") view=CertifierSessionStatistics ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id") view=CertifierSession ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/candidats/:enrolment") view=CertifierCandidate ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/jury") view=CertifierJury ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/amenagements") view=CertifierAccommodations ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/resultats") view=CertifierResults ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/assiduite") view=CertifierRates ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/deliberation") view=CertifierDeliberation ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/candidats/:enrolment/historique") view=CertifierHistory ssr=SsrMode::Async/>
                    <Route path=path!("/certificateur/sessions/:id/epreuves/:slot") view=CertifierSitting ssr=SsrMode::Async/>
                    <Route path=path!("/invitation/:token") view=InvitationView ssr=SsrMode::Async/>
                    <Route path=path!("/espaces") view=crate::ui::pages::spaces::SpacesPage ssr=SsrMode::Async/>
                    <Route path=path!("/verification") view=VerificationPage ssr=SsrMode::Async/>
                    <Route path=path!("/verification/:code") view=VerificationPage ssr=SsrMode::Async/>
                    <Route path=path!("/jury") view=JuryHome ssr=SsrMode::Async/>
                    <Route path=path!("/jury/sessions/:id") view=JurySession ssr=SsrMode::Async/>
                    <Route path=path!("/jury/sessions/:id/deliberation") view=JuryDeliberation ssr=SsrMode::Async/>
                    <Route path=path!("/jury/sessions/:id/candidats/:enrolment") view=JuryCandidate ssr=SsrMode::Async/>
                    <Route path=path!("/jury/sessions/:id/candidats/:enrolment/epreuves/:epreuve") view=JuryGrading ssr=SsrMode::Async/>
                    <Route path=path!("/candidat") view=CandidateHome ssr=SsrMode::Async/>
                    <Route path=path!("/candidat/mes-donnees") view=CandidateMyData ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Jury — gestion des examens, des jurys et des délibérations de certification professionnelle."</p>
                <p><a href="/confidentialite">"Données personnelles"</a></p>
            </footer>
        </Router>
    }
}

/// Links of a role's area.
fn links(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::CertifierAdmin => &[("/certificateur", "Tableau de bord")],
        Role::JuryMember => &[("/jury", "Mes jurys")],
        Role::Candidate => &[("/candidat", "Mon espace")],
    }
}

/// The navigation: the role's links and the account menu, or the login link.
#[component]
fn Navigation(user: Option<CurrentUser>) -> impl IntoView {
    match user {
        None => view! {
            <nav aria-label="Navigation principale" class="main-nav">
                <a href="/connexion" class="button">"Se connecter"</a>
            </nav>
        }
        .into_any(),
        Some(user) => view! {
            <nav aria-label="Navigation principale" class="main-nav">
                <ul>
                    {links(user.role)
                        .iter()
                        .map(|(href, label)| view! { <li><a href=*href>{*label}</a></li> })
                        .collect_view()}
                </ul>
                <div class="account">
                    <span class="account-name">{user.display_name.clone()}</span>
                    <span class="account-role">{user.role.label()}</span>
                    {(user.other_spaces > 0).then(|| view! {
                        <a href="/espaces" class="account-spaces">{format!("Changer d'espace ({})", user.other_spaces + 1)}</a>
                    })}
                    <form method="post" action="/deconnexion" class="inline-form">
                        <CsrfField/>
                        <button type="submit" class="button-secondary">"Se déconnecter"</button>
                    </form>
                </div>
            </nav>
        }
        .into_any(),
    }
}
