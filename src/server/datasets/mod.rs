//! The dataset as a whole: `/api/projects` (a Hydra collection), `/void`
//! (VoID and DCAT) and `/dumps/…`. (Being written: see issue 4.)

use axum::Router;

use super::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
