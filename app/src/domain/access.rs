//! Who may open which path: the one table every page route and every server function
//! goes through (the server's access middleware applies it before anything renders or
//! runs; server functions check their role again).

use super::role::Role;

/// What a path requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Only users of this role.
    Only(Role),
}

/// The verdict for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Not logged in: HTTP 401.
    Unauthenticated,
    /// Logged in with another role: HTTP 403.
    Forbidden,
}

/// Path prefixes reserved to one role. Server functions of a role live under
/// `/api/<prefix>` so that the same table protects them.
const ROLE_AREAS: [(&str, Role); 3] = [
    ("certificateur", Role::CertifierAdmin),
    ("jury", Role::JuryMember),
    ("candidat", Role::Candidate),
];

/// The access rule for a request path.
pub fn access_for_path(path: &str) -> Access {
    let mut segments = path.trim_start_matches('/').split('/');
    let mut first = segments.next().unwrap_or("");
    if first == "api" {
        first = segments.next().unwrap_or("");
    }
    ROLE_AREAS
        .iter()
        .find(|(prefix, _)| *prefix == first)
        .map_or(Access::Public, |(_, role)| Access::Only(*role))
}

/// Applies an access rule to the role of the requester (`None` when anonymous).
pub fn verdict(access: Access, role: Option<Role>) -> Verdict {
    match (access, role) {
        (Access::Public, _) => Verdict::Allow,
        (Access::Only(_), None) => Verdict::Unauthenticated,
        (Access::Only(required), Some(actual)) if required == actual => Verdict::Allow,
        (Access::Only(_), Some(_)) => Verdict::Forbidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_areas_and_their_server_functions_are_reserved_to_their_role() {
        let cases = [
            ("/", Access::Public),
            ("/connexion", Access::Public),
            ("/pkg/jury.wasm", Access::Public),
            ("/certificateur", Access::Only(Role::CertifierAdmin)),
            (
                "/certificateur/sessions/3",
                Access::Only(Role::CertifierAdmin),
            ),
            (
                "/api/certificateur/tableau_de_bord",
                Access::Only(Role::CertifierAdmin),
            ),
            ("/jury", Access::Only(Role::JuryMember)),
            ("/api/jury/mes_jurys", Access::Only(Role::JuryMember)),
            ("/candidat", Access::Only(Role::Candidate)),
            ("/api/candidat/mon_espace", Access::Only(Role::Candidate)),
            ("/api/autre/fonction", Access::Public),
            ("/juryx", Access::Public),
        ];
        for (path, expected) in cases {
            assert_eq!(access_for_path(path), expected, "{path}");
        }
    }

    #[test]
    fn anonymous_is_unauthenticated_and_other_roles_are_forbidden() {
        let area = Access::Only(Role::JuryMember);
        assert_eq!(verdict(area, None), Verdict::Unauthenticated);
        assert_eq!(verdict(area, Some(Role::Candidate)), Verdict::Forbidden);
        assert_eq!(
            verdict(area, Some(Role::CertifierAdmin)),
            Verdict::Forbidden
        );
        assert_eq!(verdict(area, Some(Role::JuryMember)), Verdict::Allow);
        assert_eq!(verdict(Access::Public, None), Verdict::Allow);
    }
}
