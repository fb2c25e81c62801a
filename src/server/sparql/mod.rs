//! The SPARQL 1.1 Protocol at `/sparql`. (Being written: see issue 4.)

use axum::Router;

use super::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
