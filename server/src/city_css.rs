//! `/city.css?brand=rrggbb`: a city's brand colour as the stylesheet's custom
//! properties. The page links it only for a colour its administrators saved (checked
//! for contrast then); the answer depends on the address alone, so it is the same for
//! every city, needs no database and may be cached for good.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use yoriai_domain::city::BrandColour;

#[derive(serde::Deserialize)]
pub struct Query {
    brand: Option<String>,
}

pub async fn city_css(query: web::Query<Query>) -> HttpResponse {
    let Some(colour) = query.brand.as_deref().and_then(BrandColour::from_hex) else {
        return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("no such colour\n");
    };
    let css = format!(":root {{ --brand: {}; --brand-dark: {}; }}\n", colour.hex(), colour.darker().hex());
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(css)
}
