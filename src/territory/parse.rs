//! Parsing the gazetteer's TSV files into records, loudly: any malformed
//! row is an error naming its file and line.

use super::Precision;
use super::gazetteer::{Commune, Departement, FormerCommune, Region};

#[derive(PartialEq)]
pub(super) enum Order {
    /// Sorted by the first column, byte order.
    Sorted,
    Any,
}

/// Parses the rows of one TSV file, checking its header width and each row's.
pub(super) fn rows<T>(
    file: &str,
    text: &'static str,
    width: usize,
    order: Order,
    parse: impl Fn(&[&'static str]) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, l)| l.split('\t').count());
    if header != Some(width) {
        return Err(format!(
            "gazetteer/{file}: the header should have {width} columns"
        ));
    }
    let mut out = Vec::new();
    let mut previous = "";
    for (n, line) in lines {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let row = if fields.len() != width {
            Err(format!("{} columns instead of {width}", fields.len()))
        } else if order == Order::Sorted && fields[0] <= previous {
            Err(format!(
                "not sorted by its first column, or a duplicate ({} after {previous})",
                fields[0]
            ))
        } else {
            parse(&fields)
        };
        out.push(row.map_err(|e| format!("gazetteer/{file} line {}: {e}", n + 1))?);
        previous = fields[0];
    }
    Ok(out)
}

pub(super) fn parse_commune(f: &[&'static str]) -> Result<Commune, String> {
    Ok(Commune {
        insee: code(f[0])?,
        name: non_empty(f[1], "name")?,
        postcodes: f[2]
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(postcode)
            .collect::<Result<_, _>>()?,
        departement: code(f[3])?,
        region: code(f[4])?,
        population: f[5]
            .parse()
            .map_err(|_| format!("population {:?} is not a number", f[5]))?,
        latitude: coordinate(f[6], 90.0)?,
        longitude: coordinate(f[7], 180.0)?,
        precision: match f[8] {
            "point" => Precision::Commune,
            "departement" => Precision::Departement,
            other => {
                return Err(format!(
                    "precision {other:?} is neither point nor departement"
                ));
            }
        },
        parent: optional(f[9]).map(code).transpose()?,
    })
}

pub(super) fn parse_departement(f: &[&'static str]) -> Result<Departement, String> {
    Ok(Departement {
        code: code(f[0])?,
        name: non_empty(f[1], "name")?,
        region: code(f[2])?,
        latitude: coordinate(f[3], 90.0)?,
        longitude: coordinate(f[4], 180.0)?,
        chef_lieu: code(f[5])?,
        wikidata: optional(f[7]),
    })
}

pub(super) fn parse_region(f: &[&'static str]) -> Result<Region, String> {
    Ok(Region {
        code: code(f[0])?,
        name: non_empty(f[1], "name")?,
        latitude: coordinate(f[2], 90.0)?,
        longitude: coordinate(f[3], 180.0)?,
        chef_lieu: code(f[4])?,
    })
}

pub(super) fn parse_former(f: &[&'static str]) -> Result<FormerCommune, String> {
    let name = optional(f[1]);
    match (f[2], name) {
        ("deleguee" | "associee", Some(_)) | ("ancien-code", None) => {}
        (kind, _) => return Err(format!("kind {kind:?} does not fit name {:?}", f[1])),
    }
    Ok(FormerCommune {
        insee: code(f[0])?,
        name,
        current: code(f[3])?,
    })
}

fn optional(field: &'static str) -> Option<&'static str> {
    Some(field).filter(|f| !f.is_empty())
}

fn non_empty(field: &'static str, what: &str) -> Result<&'static str, String> {
    optional(field).ok_or_else(|| format!("empty {what}"))
}

/// A territory code: 2 to 5 ASCII digits or capitals (`01`, `2A`, `974`, `2B033`).
fn code(field: &'static str) -> Result<&'static str, String> {
    let ok = (2..=5).contains(&field.len())
        && field
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if ok {
        Ok(field)
    } else {
        Err(format!("{field:?} is not a territory code"))
    }
}

fn postcode(field: &'static str) -> Result<&'static str, String> {
    if field.len() == 5 && field.bytes().all(|b| b.is_ascii_digit()) {
        Ok(field)
    } else {
        Err(format!("{field:?} is not a postcode"))
    }
}

fn coordinate(field: &str, bound: f64) -> Result<f64, String> {
    match field.parse::<f64>() {
        Ok(v) if v.abs() <= bound => Ok(v),
        _ => Err(format!("{field:?} is not a coordinate")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_rows_are_reported_with_file_and_line() {
        let bad =
            "insee\tname\tkind\tcurrent\n01001\tA\tdeleguee\t01001\n01002\tB\tunknown\t01001\n";
        let err = rows("f.tsv", bad, 4, Order::Any, parse_former).err();
        assert_eq!(
            err.as_deref(),
            Some("gazetteer/f.tsv line 3: kind \"unknown\" does not fit name \"B\"")
        );
        let short = "a\tb\n1\n";
        assert!(
            rows("f.tsv", short, 2, Order::Any, |f| Ok(f[0]))
                .is_err_and(|e| e.contains("line 2: 1 columns"))
        );
        let unsorted = "a\tb\n2\tx\n1\tx\n";
        assert!(
            rows("f.tsv", unsorted, 2, Order::Sorted, |f| Ok(f[0]))
                .is_err_and(|e| e.contains("not sorted"))
        );
        assert!(
            parse_commune(&[
                "69123", "Lyon", "6900", "69", "84", "1", "0", "0", "point", ""
            ])
            .is_err()
        );
        assert!(
            parse_commune(&[
                "69123", "Lyon", "69001", "69", "84", "1", "95", "0", "point", ""
            ])
            .is_err()
        );
    }
}
