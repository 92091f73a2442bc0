// Maps for street reports, as a progressive enhancement. Pages work without them:
// every map sits next to address fields, coordinate fields or a list. This script
// (a) waits until the page is hydrated, so it never fights the app over the DOM,
// (b) loads Leaflet (served by this site, from npm) only when a page has a map, and
// (c) turns each `[data-map]` element into one of three maps:
//   data-map="pick"    — click (or "pin at centre", or "use my location") to set the
//                        inputs named by data-lat-input / data-lon-input
//   data-map="reports" — public reports in view, from data-geojson (+ data-query)
//   data-map="point"   — one report at data-lat / data-lon
// Common attributes: data-tiles (URL template; empty: no tiles), data-attribution,
// data-center ("lat,lon"), data-zoom.
(function () {
  'use strict';
  let leaflet = null;

  function loadLeaflet() {
    if (leaflet) return leaflet;
    leaflet = new Promise(function (resolve, reject) {
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = '/assets/leaflet/leaflet.css';
      document.head.appendChild(css);
      const js = document.createElement('script');
      js.src = '/assets/leaflet/leaflet.js';
      js.onload = function () { resolve(window.L); };
      js.onerror = reject;
      document.head.appendChild(js);
    });
    return leaflet;
  }

  function number(v) {
    const n = parseFloat(v);
    return Number.isFinite(n) ? n : null;
  }

  function baseMap(L, el) {
    const center = (el.dataset.center || '').split(',').map(number);
    const zoom = number(el.dataset.zoom) || 14;
    const map = L.map(el, { scrollWheelZoom: false, keyboard: true });
    if (center.length === 2 && center[0] !== null && center[1] !== null) {
      map.setView(center, zoom);
    } else {
      map.setView([0, 0], 2);
    }
    const tiles = el.dataset.tiles || '';
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || '' }).addTo(map);
    } else if (el.dataset.attribution) {
      map.attributionControl.addAttribution(el.dataset.attribution);
    }
    return map;
  }

  function setInput(selector, value) {
    const input = selector ? document.querySelector(selector) : null;
    if (!input) return;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function pickMap(L, el) {
    const map = baseMap(L, el);
    const latSel = el.dataset.latInput;
    const lonSel = el.dataset.lonInput;
    let marker = null;
    function place(latlng, pan) {
      const lat = Math.round(latlng.lat * 1e5) / 1e5;
      const lon = Math.round(latlng.lng * 1e5) / 1e5;
      if (marker) marker.setLatLng([lat, lon]);
      else {
        marker = L.marker([lat, lon], { draggable: true, keyboard: true, title: el.dataset.pinLabel || '' }).addTo(map);
        marker.on('dragend', function () { place(marker.getLatLng(), false); });
      }
      if (pan) map.panTo([lat, lon]);
      setInput(latSel, lat.toFixed(5));
      setInput(lonSel, lon.toFixed(5));
      const status = el.dataset.status ? document.querySelector(el.dataset.status) : null;
      if (status) status.textContent = (el.dataset.placedText || '') + ' ' + lat.toFixed(5) + ', ' + lon.toFixed(5);
    }
    const startLat = number((document.querySelector(latSel) || {}).value);
    const startLon = number((document.querySelector(lonSel) || {}).value);
    if (startLat !== null && startLon !== null) place({ lat: startLat, lng: startLon }, true);
    map.on('click', function (e) { place(e.latlng, false); });
    const id = el.id;
    document.querySelectorAll('[data-pin-center="' + id + '"]').forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function (e) { e.preventDefault(); place(map.getCenter(), false); });
    });
    document.querySelectorAll('[data-locate="' + id + '"]').forEach(function (b) {
      if (!navigator.geolocation) return;
      b.hidden = false;
      b.addEventListener('click', function (e) {
        e.preventDefault();
        navigator.geolocation.getCurrentPosition(function (pos) {
          map.setView([pos.coords.latitude, pos.coords.longitude], 17);
          place({ lat: pos.coords.latitude, lng: pos.coords.longitude }, true);
        }, function () {
          const status = el.dataset.status ? document.querySelector(el.dataset.status) : null;
          if (status) status.textContent = el.dataset.locateFailedText || '';
        }, { enableHighAccuracy: true, timeout: 10000 });
      });
    });
  }

  function reportsMap(L, el) {
    const map = baseMap(L, el);
    const layer = L.layerGroup().addTo(map);
    let timer = null;
    let request = 0;
    function load() {
      const b = map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(',');
      const query = el.dataset.query ? '&' + el.dataset.query : '';
      const mine = ++request;
      fetch(el.dataset.geojson + '?bbox=' + bbox + query, { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (data) {
          if (mine !== request) return;
          layer.clearLayers();
          (data.features || []).forEach(function (f) {
            const c = f.geometry && f.geometry.coordinates;
            if (!c) return;
            const open = f.properties && f.properties.open;
            const m = L.circleMarker([c[1], c[0]], {
              radius: 8, weight: 2, color: open ? '#7a1f2b' : '#1e6b3a', fillOpacity: 0.6,
            }).addTo(layer);
            const link = document.createElement('a');
            link.href = f.properties.url;
            link.textContent = f.properties.title;
            m.bindPopup(link);
          });
        })
        .catch(function () {});
    }
    map.on('moveend', function () { clearTimeout(timer); timer = setTimeout(load, 250); });
    load();
  }

  function pointMap(L, el) {
    const lat = number(el.dataset.lat);
    const lon = number(el.dataset.lon);
    if (lat === null || lon === null) return;
    el.dataset.center = lat + ',' + lon;
    el.dataset.zoom = el.dataset.zoom || '16';
    const map = baseMap(L, el);
    L.marker([lat, lon], { keyboard: false, title: el.dataset.pinLabel || '' }).addTo(map);
  }

  function init(el) {
    if (el.dataset.mapReady) return;
    el.dataset.mapReady = 'loading';
    loadLeaflet().then(function (L) {
      if (!L || !el.isConnected) return;
      L.Icon.Default.imagePath = '/assets/leaflet/images/';
      el.dataset.mapReady = 'true';
      el.classList.add('map-live');
      const kind = el.dataset.map;
      if (kind === 'pick') pickMap(L, el);
      else if (kind === 'reports') reportsMap(L, el);
      else if (kind === 'point') pointMap(L, el);
    }).catch(function () { el.dataset.mapReady = 'failed'; });
  }

  function scan() {
    document.querySelectorAll('[data-map]').forEach(init);
  }

  function start() {
    scan();
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  }

  // Wait for the app to hydrate (it marks <html data-hydrated="true">); a page served
  // without the WebAssembly bundle is enhanced at once, and one whose bundle never
  // arrives after half a minute.
  const hasApp = !!document.querySelector('link[href*="/pkg/"], script[src*="/pkg/"]');
  let waited = 0;
  (function wait() {
    if (!hasApp || document.documentElement.dataset.hydrated === 'true' || waited > 30000) start();
    else { waited += 100; setTimeout(wait, 100); }
  })();
})();
