//! The reader's language, chosen per request: `?lang=en|vi` on the address, else the
//! `parscore_lang` cookie the language switch sets, else Vietnamese.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use parscore_core::Lang;

/// The cookie that keeps the reader's choice.
pub const COOKIE: &str = "parscore_lang";

/// What a page needs to know about the request: the language, and the address it was asked
/// for (the language switch comes back to it).
#[derive(Debug, Clone)]
pub struct Ui {
    /// The reader's language.
    pub lang: Lang,
    /// The path and query of the request.
    pub here: String,
}

fn parse(code: &str) -> Option<Lang> {
    match code {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The code of `lang` in URLs, cookies and `<html lang>`.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

/// The language a request asks for.
pub fn lang_of(parts: &Parts) -> Lang {
    let from_query = parts
        .uri
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")).and_then(parse));
    let from_cookie = || {
        parts
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix(COOKIE).and_then(|r| r.strip_prefix('=')))
            .and_then(parse)
    };
    from_query.or_else(from_cookie).unwrap_or_default()
}

impl<S: Send + Sync> FromRequestParts<S> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Ui, Self::Rejection> {
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
        Ok(Ui { lang: lang_of(parts), here })
    }
}

/// Whether `back` is a path of this server (so the language switch cannot send the reader
/// elsewhere): it starts with one `/`, and holds no backslash or control character.
pub fn is_local(back: &str) -> bool {
    back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local("/units/3?set=lai-chau/so/2025"));
        assert!(!is_local("//evil.example/"));
        assert!(!is_local("https://evil.example/"));
        assert!(!is_local("/\\evil.example"));
    }
}
