//! Prometheus metrics, served as text at `/metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The city's id (`-` for the installation's own paths; `unknown` and `suspended`
    /// for hosts that are not served): ids, never hosts, so the label stays bounded.
    pub tenant: String,
    pub method: String,
    /// The matched route pattern (`/api/v1/me`), never the raw path, to keep cardinality low.
    pub route: String,
    pub status: u16,
}

#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    pub requests: Family<RequestLabels, Counter>,
    pub request_seconds: Histogram,
    pub mail_sent: Counter,
    pub mail_pending: Gauge,
    pub db_connections: Gauge,
    pub db_idle_connections: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("yoriai");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        let request_seconds = Histogram::new(exponential_buckets(0.001, 2.0, 14));
        registry.register("http_request_duration_seconds", "Time to answer an HTTP request", request_seconds.clone());
        let mail_sent = Counter::default();
        registry.register("mail_sent", "Emails handed to the transport", mail_sent.clone());
        let mail_pending = Gauge::default();
        registry.register("mail_pending", "Emails waiting in the outbox", mail_pending.clone());
        let db_connections = Gauge::default();
        registry.register("db_connections", "Open database connections in this process", db_connections.clone());
        let db_idle_connections = Gauge::default();
        registry.register(
            "db_idle_connections",
            "Idle database connections in this process",
            db_idle_connections.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            requests,
            request_seconds,
            mail_sent,
            mail_pending,
            db_connections,
            db_idle_connections,
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}
