//! The order of `/api/projects` (`order=`): by relevance when there are
//! words to find, else the day's fair order between partners
//! (`index::fair`), or by name on request. The fair order's day is part of
//! the page's links (`day=2026-12-06`), so a client paging through it
//! across midnight keeps one order and sees every project once.

use chrono::NaiveDate;

use super::params::{Filters, ParamError};

/// How the matching projects are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Best match first (needs `q`).
    Relevance,
    /// By name without case or accents, then name, then IRI.
    Name,
    /// Partners interleaved in proportion, shuffled by the day.
    Fair,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Relevance => "relevance",
            Order::Name => "name",
            Order::Fair => "fair",
        }
    }
}

/// `order=relevance|name|fair`.
pub fn parse_order(value: &str) -> Result<Order, ParamError> {
    match value {
        "relevance" => Ok(Order::Relevance),
        "name" => Ok(Order::Name),
        "fair" => Ok(Order::Fair),
        _ => Err(ParamError::new(
            "order",
            format!(
                "{value:?} is not an order: relevance (with q, the default then), fair (the \
                 default without q) or name"
            ),
        )),
    }
}

/// `day=2026-12-06`: the day whose fair order to follow.
pub fn parse_day(value: &str) -> Result<NaiveDate, ParamError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        ParamError::new(
            "day",
            format!("{value:?} is not a day: year-month-day (2026-12-06)"),
        )
    })
}

impl Filters {
    /// The order these filters are served in.
    pub fn order_in_effect(&self) -> Order {
        match (self.order, &self.q) {
            (Some(order), _) => order,
            (None, Some(_)) => Order::Relevance,
            (None, None) => Order::Fair,
        }
    }

    /// Fixes what the request left to the server: the fair order's day
    /// (`today`, in UTC), so the page and its links name it. Refuses an
    /// order by relevance without words to find.
    pub fn settle(&mut self, today: NaiveDate) -> Result<(), ParamError> {
        match self.order_in_effect() {
            Order::Relevance if self.q.is_none() => Err(ParamError::new(
                "order",
                "relevance needs words to find (q=…); use fair or name",
            )),
            Order::Fair => {
                self.day.get_or_insert(today);
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_order_depends_on_the_words_and_the_fair_one_on_the_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let mut plain = Filters::default();
        plain.settle(today).unwrap();
        assert_eq!(plain.order_in_effect(), Order::Fair);
        assert_eq!(plain.day, Some(today));
        let mut searched = Filters {
            q: Some("jardin".into()),
            ..Filters::default()
        };
        searched.settle(today).unwrap();
        assert_eq!(searched.order_in_effect(), Order::Relevance);
        assert_eq!(searched.day, None, "no day in the links of a search");
        let mut wrong = Filters {
            order: Some(Order::Relevance),
            ..Filters::default()
        };
        assert_eq!(wrong.settle(today).unwrap_err().parameter, "order");
        assert_eq!(parse_order("random").unwrap_err().parameter, "order");
        assert_eq!(parse_day("2026-13-01").unwrap_err().parameter, "day");
        assert_eq!(parse_day("2026-12-06").unwrap(), today);
    }
}
