//! The public landing page (logged-in users are sent to their own home).

use leptos::prelude::*;
use leptos_meta::Title;

/// What Jury is, and the way in.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Accueil"/>
        <section class="hero">
            <h1>"Jury"</h1>
            <p class="lead">
                "Organisation des sessions d'examen, composition des jurys, correction en ligne, "
                "délibération et délivrance des certificats pour les certifications professionnelles "
                "(titres RNCP, CQP, baccalauréats professionnels)."
            </p>
            <a class="button" href="/connexion">"Se connecter"</a>
        </section>
        <section class="columns" aria-label="Espaces">
            <article>
                <h2>"Certificateurs"</h2>
                <p>"Référentiels, grilles d'évaluation, sessions, candidats, aménagements, convocations et publication des résultats."</p>
            </article>
            <article>
                <h2>"Membres du jury"</h2>
                <p>"Vos candidats et épreuves, la correction avec la grille, la délibération et la signature du procès-verbal."</p>
            </article>
            <article>
                <h2>"Candidats"</h2>
                <p>"Vos convocations, vos aménagements d'épreuve et, après la publication officielle, vos résultats et certificats."</p>
            </article>
        </section>
    }
}
