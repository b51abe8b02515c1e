//! Where decimals become strings, for every report: points exactly ("0.6667", "1.5", "78.3":
//! the core rounds computed scores to 4 decimal places, so every score ends), percentages and
//! changes of percentage with exactly two decimals ("78.30"), rounded half away from zero.
//! The `ser_*` functions are serde's `serialize_with` for report fields.

use parscore_core::{round_half_away, Decimal, Section};
use serde::Serializer;

/// Points as JSON writes them: exact, without trailing zeros.
///
/// ```
/// use parscore_report::json::points;
/// assert_eq!(points("0.50".parse().unwrap()), "0.5");
/// assert_eq!(points("78.3000".parse().unwrap()), "78.3");
/// ```
pub fn points(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage (or a change of one) as JSON writes it: two decimals, rounded half away from
/// zero.
///
/// ```
/// use parscore_report::json::percent;
/// assert_eq!(percent("78.3".parse().unwrap()), "78.30");
/// assert_eq!(percent("-0.755".parse().unwrap()), "-0.76");
/// ```
pub fn percent(d: Decimal) -> String {
    let mut d = round_half_away(d, 2);
    d.rescale(2);
    d.to_string()
}

/// [`points`] for serde.
pub fn ser_points<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&points(*d))
}

/// [`points`] of an optional value for serde (`null` when absent).
pub fn ser_opt_points<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&points(*d)),
        None => s.serialize_none(),
    }
}

/// [`percent`] for serde.
pub fn ser_percent<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&percent(*d))
}

/// [`percent`] of an optional value for serde (`null` when absent).
pub fn ser_opt_percent<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&percent(*d)),
        None => s.serialize_none(),
    }
}

/// Where a node sits, as JSON names it: "criteria", "bonus" or "penalty".
pub fn section_name(section: Section) -> &'static str {
    match section {
        Section::Criteria => "criteria",
        Section::Bonus => "bonus",
        Section::Penalty => "penalty",
    }
}

/// [`section_name`] for serde.
pub fn ser_section<S: Serializer>(section: &Section, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(section_name(*section))
}
