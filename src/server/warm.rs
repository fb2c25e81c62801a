//! Computing what pages need when the data changes, not when they are
//! asked: after each write (a harvest published, a SPARQL update), the
//! `/api/projects` index, the dataset's figures (home page, VoID) and the
//! search index are rebuilt in the background, so the first request after
//! a harvest finds them ready.

use std::time::Duration;

use oxigraph::sparql::CancellationToken;

use super::AppState;

/// How often the data revision is looked at.
const EVERY: Duration = Duration::from_millis(500);

/// Keeps the per-revision work of `state` up to date until `stop` turns
/// true (the server stops). A build in flight then ends before this
/// returns: the store must not be left in use by a thread nobody waits
/// for when the process exits (RocksDB's background threads would outlive
/// its statics).
pub(super) async fn keep_warm(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut warmed = None;
    while !*stop.borrow() {
        let revision = state.store.revision();
        if warmed != Some(revision) {
            // Cancelled at shutdown: a build reads the whole store (30 s
            // at 100 000 projects), which a stopping server does not wait for.
            let token = CancellationToken::new();
            let store = state.store.limited(token.clone());
            let (index, search) = (state.index.clone(), state.search.clone());
            let build = tokio::task::spawn_blocking(move || {
                let index = index.current(&store).map_err(|e| e.to_string())?;
                store.statistics().map_err(|e| e.to_string())?;
                let search = search.current(&store).map_err(|e| e.to_string())?;
                // What the first searches and listings would compute.
                search.positions_in(&index);
                index.count_shown(store.base(), &index.projects.iter().collect::<Vec<_>>());
                Ok::<_, String>(())
            });
            tokio::pin!(build);
            let built = tokio::select! {
                built = &mut build => built,
                _ = stop.changed() => {
                    token.cancel();
                    let _ = build.await;
                    return;
                }
            };
            match built {
                Ok(Ok(_)) => warmed = Some(revision),
                Ok(Err(e)) => tracing::warn!("cannot prepare the pages for the new data: {e}"),
                Err(e) => tracing::warn!("preparing the pages for the new data failed: {e}"),
            }
        }
        tokio::select! {
            () = tokio::time::sleep(EVERY) => {}
            _ = stop.changed() => {}
        }
    }
}
