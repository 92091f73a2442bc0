//! A guard around page rendering. Leptos 0.8.23 (the newest 0.8 release) can, rarely
//! and under load, leave a server-side render waiting forever on a `<Suspense>` whose
//! resources have all finished: a lost notification fixed upstream in leptos
//! 0.9 (leptos-rs/leptos#4851, #4853) but not released for 0.8. The process stays
//! healthy and a second render of the same request succeeds at once, so a GET page
//! that has produced nothing after [`PATIENCE`] is answered with a temporary redirect
//! to itself (browsers follow it at once, and a GET changes nothing, so this is safe)
//! and the event is logged, instead of leaving the resident with a page that never
//! loads. Remove when moving to a leptos with the fix.

use actix_web::dev::{forward_ready, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::{header, Method};
use actix_web::HttpResponse;
use futures::future::{ready, LocalBoxFuture, Ready};
use std::time::Duration;

/// How long a page may take before it is rendered again. Pages answer in milliseconds;
/// the slowest (the dashboard on a city with millions of rows) in well under a second.
pub const PATIENCE: Duration = Duration::from_secs(8);

/// Marks the redirect, for clients that do not follow redirects on their own (tests).
pub const RERENDER: &str = "x-yoriai-rerender";

/// Whether a request is a page render (not an API call, a file or a download).
fn is_page(req: &ServiceRequest) -> bool {
    let path = req.path();
    req.method() == Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !path.starts_with("/assets/")
        && !path.starts_with("/uploads/")
        && !path.starts_with("/open311/")
        && !path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

pub struct RenderGuard;

impl<S, B> Transform<S, ServiceRequest> for RenderGuard
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Transform = RenderGuardService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RenderGuardService { service }))
    }
}

pub struct RenderGuardService<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for RenderGuardService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        if !is_page(&req) {
            return Box::pin(self.service.call(req));
        }
        let target = req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
        let path = req.path().to_owned();
        let render = self.service.call(req);
        Box::pin(async move {
            match tokio::time::timeout(PATIENCE, render).await {
                Ok(done) => done,
                Err(_) => {
                    tracing::warn!(
                        path = %path,
                        after_ms = PATIENCE.as_millis() as u64,
                        "page render stalled; sending the browser back to it"
                    );
                    let again = HttpResponse::TemporaryRedirect()
                        .insert_header((header::LOCATION, target))
                        .insert_header((header::CACHE_CONTROL, "no-store"))
                        .insert_header((RERENDER, "1"))
                        .finish();
                    Err(actix_web::error::InternalError::from_response("page render stalled", again).into())
                }
            }
        })
    }
}
