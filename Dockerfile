# syntax=docker/dockerfile:1.7
# Yoriai: the same artefacts `./dev build --release` makes, in a small non-root image.
#   docker build -t yoriai .
#   docker run -p 8080:8080 -v yoriai-data:/data \
#     -e YORIAI_ENVIRONMENT=production -e YORIAI_SECRET_KEY=... -e YORIAI_PUBLIC_URL=https://... yoriai

FROM rust:1.95-bookworm AS build
RUN rustup target add wasm32-unknown-unknown \
 && cargo install wasm-bindgen-cli --version 0.2.130
WORKDIR /src
COPY . .
# Cache the registry and the build between image builds; copy the results out of the cache.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    ./dev build --release \
 && mkdir -p /out \
 && cp target/release/yoriai /out/yoriai \
 && cp -r target/site /out/site

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin yoriai \
 && mkdir -p /data && chown yoriai /data
COPY --from=build /out/yoriai /app/bin/yoriai
COPY --from=build /out/site /app/site
ENV YORIAI_DATA_DIR=/data \
    YORIAI_BIND=0.0.0.0:8080 \
    YORIAI_SITE_ROOT=/app/site \
    YORIAI_LOG_FORMAT=json
# The SQLite database, the generated secret key (development only), mail folder, uploads.
VOLUME ["/data"]
USER yoriai
EXPOSE 8080
ENTRYPOINT ["/app/bin/yoriai"]
CMD ["serve"]
