// The words of the pages in French and English.

import VigieModel

struct Labels {
    let language: Language

    init(_ language: Language) { self.language = language }

    subscript(key: String) -> String {
        guard let pair = Self.words[key] else { return key }
        return language == .french ? pair.0 : pair.1
    }

    private static let words: [String: (String, String)] = [
        "sign-in": ("Connexion", "Sign in"),
        "user": ("Utilisateur", "User"),
        "password": ("Mot de passe", "Password"),
        "sign-out": ("Déconnexion", "Sign out"),
        "portal": ("Portail", "Portal"),
        "audit": ("Journal d'audit", "Audit trail"),
        "audit-at": ("Date", "When"),
        "audit-event": ("Événement", "Event"),
        "audit-user": ("Utilisateur", "User"),
        "audit-address": ("Adresse", "Address"),
        "audit-detail": ("Détail", "Detail"),
        "apps": ("Applications", "Apps"),
        "no-apps": ("Aucune application ne vous est ouverte.", "No app is open to you."),
        "app-errors": ("Applications en erreur", "Apps with errors"),
        "serving-previous": ("la version précédente reste servie", "the previous version keeps serving"),
        "never-loaded": ("jamais chargée", "never loaded"),
        "error": ("Erreur", "Error"),
        "selections": ("Sélections", "Selections"),
        "no-selection": ("Aucune sélection", "No selection"),
        "back": ("Précédent", "Back"),
        "forward": ("Suivant", "Forward"),
        "clear-all": ("Tout effacer", "Clear all"),
        "clear": ("Effacer", "Clear"),
        "lock": ("Verrouiller", "Lock"),
        "unlock": ("Déverrouiller", "Unlock"),
        "search": ("Rechercher", "Search"),
        "total": ("Total", "Total"),
        "others": ("Autres", "Others"),
        "subtotal": ("Sous-total", "Subtotal"),
        "no-data": ("Aucune donnée", "No data"),
        "export": ("Exporter", "Export"),
        "language": ("English", "Français"),
        "sheets": ("Feuilles", "Sheets"),
        "bad-login": ("Utilisateur ou mot de passe incorrect.", "Wrong user or password."),
        "throttled": ("Trop d'essais : réessayez dans", "Too many attempts: try again in"),
        "seconds": ("secondes", "seconds"),
        "all": ("Tout", "All"),
        "more-values": ("Autres valeurs :", "More values:"),
    ]
}
