//! The HTTP ceiling: axum reading the body and answering a precomputed
//! methodResponse without parsing anything. Shared with the router bench
//! (`examples/benches/router.rs`), so both measure the same server.

use axum::body::Bytes;

/// A router that answers every `POST /RPC2` with `answer`.
pub(crate) fn router(answer: Bytes) -> axum::Router {
    axum::Router::new()
        .route(
            "/RPC2",
            axum::routing::post(move |body: Bytes| {
                let answer = answer.clone();
                async move {
                    // Read the body (axum already did), parse nothing.
                    drop(body);
                    ([(http::header::CONTENT_TYPE, "text/xml")], answer)
                }
            }),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
}
