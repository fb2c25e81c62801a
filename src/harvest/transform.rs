//! The cleaning chain of a field rule, applied value by value.

use crate::mapping::Transform;

use super::text::{clean, truncate_words};

/// Applies `transforms` in order; values left empty are dropped. Values are
/// always trimmed and whitespace-collapsed at the end.
///
/// ```
/// use carrefour::harvest::apply_transforms;
/// use carrefour::mapping::Transform;
///
/// let split: Transform = toml::Value::try_into(toml::toml! { split = "," }.into()).unwrap();
/// let values = apply_transforms(&[split, Transform::Lowercase], vec!["Santé, Jeunesse ".into()]);
/// assert_eq!(values, ["santé", "jeunesse"]);
/// ```
pub fn apply(transforms: &[Transform], mut values: Vec<String>) -> Vec<String> {
    for transform in transforms {
        values = step(transform, values);
    }
    values
        .into_iter()
        .map(|v| clean(&v, false))
        .filter(|v| !v.is_empty())
        .collect()
}

fn step(transform: &Transform, values: Vec<String>) -> Vec<String> {
    match transform {
        Transform::Collapse => values.iter().map(|v| clean(v, false)).collect(),
        Transform::Trim => values.iter().map(|v| v.trim().to_owned()).collect(),
        Transform::Lowercase => values.iter().map(|v| v.to_lowercase()).collect(),
        Transform::Regex(pattern) => values
            .iter()
            .filter_map(|v| {
                let captures = pattern.0.captures(v)?;
                Some(captures.get(1).or(captures.get(0))?.as_str().to_owned())
            })
            .collect(),
        Transform::Replace { pattern, with } => values
            .iter()
            .map(|v| pattern.0.replace_all(v, with.as_str()).into_owned())
            .collect(),
        Transform::Split(separator) => values
            .iter()
            .flat_map(|v| {
                v.split(separator.as_str())
                    .map(|part| part.trim().to_owned())
            })
            .collect(),
        Transform::Join(separator) => vec![values.join(separator)],
        Transform::Truncate(max) => values.iter().map(|v| truncate_words(v, *max)).collect(),
        Transform::FrenchDate => values.iter().filter_map(|v| french_date(v)).collect(),
        Transform::Map(table) => {
            let folded: Vec<(String, &String)> = table
                .iter()
                .map(|(k, v)| (super::text::fold(k), v))
                .collect();
            values
                .iter()
                .filter_map(|v| {
                    let key = super::text::fold(v);
                    folded
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, v)| (*v).clone())
                })
                .collect()
        }
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// "14 mai 2019", "1er août 2020", "14/05/2019", "2019-05-14" → ISO date.
///
/// ```
/// use carrefour::harvest::french_date;
///
/// assert_eq!(french_date("Le 1er août 2020").as_deref(), Some("2020-08-01"));
/// assert_eq!(french_date("14/05/2019").as_deref(), Some("2019-05-14"));
/// assert_eq!(french_date("bientôt"), None);
/// ```
pub fn french_date(text: &str) -> Option<String> {
    let folded = super::text::fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    let numeric: Vec<u32> = folded.split(' ').filter_map(|w| w.parse().ok()).collect();
    let date = if let Some(month) = words.iter().position(|w| MONTHS.contains(w)) {
        let month_number = MONTHS.iter().position(|m| *m == words[month])? as u32 + 1;
        let day = words[..month].last()?.trim_end_matches("er").parse().ok()?;
        let year = words.get(month + 1)?.parse().ok()?;
        chrono::NaiveDate::from_ymd_opt(year, month_number, day)
    } else if let [a, b, c] = numeric[..] {
        if a > 31 {
            chrono::NaiveDate::from_ymd_opt(a as i32, b, c)
        } else {
            chrono::NaiveDate::from_ymd_opt(c as i32, b, a)
        }
    } else {
        None
    }?;
    Some(date.format("%Y-%m-%d").to_string())
}
