/* Maps of service positions, with Leaflet from the project's own static files.
 *
 * Positions are WGS-84. With a tile server configured (GONGHUI_TILE_URL) Leaflet draws
 * its tiles; when those tiles are GCJ-02 (GONGHUI_TILE_GCJ02) our points are shifted
 * into GCJ-02 to be drawn, and a clicked point is shifted back before it is used.
 * With no tile server the map draws the offline region outlines the project ships.
 *
 * One element with data-map="nearest|staff|pick|show" and a JSON config
 * (<script id="station-map-config">) drive everything.
 */
(function () {
  "use strict";

  // ---- WGS-84 <-> GCJ-02: the same public formulas as gonghui/stations/geo.py ----------
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI;
  function outOfChina(lat, lng) {
    return !(lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
  }
  function tLat(x, y) {
    var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    r += (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3;
    r += (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
    return r;
  }
  function tLng(x, y) {
    var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    r += (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3;
    r += (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
    return r;
  }
  function wgsToGcj(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
    var dLat = tLat(lng - 105, lat - 35), dLng = tLng(lng - 105, lat - 35);
    var rad = lat / 180 * PI, magic = 1 - EE * Math.sin(rad) * Math.sin(rad);
    var sq = Math.sqrt(magic);
    dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * PI);
    dLng = (dLng * 180) / (A / sq * Math.cos(rad) * PI);
    return [lat + dLat, lng + dLng];
  }
  function gcjToWgs(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
    var w = [lat, lng];
    for (var i = 0; i < 30; i++) {
      var g = wgsToGcj(w[0], w[1]), dl = g[0] - lat, dn = g[1] - lng;
      w = [w[0] - dl, w[1] - dn];
      if (Math.abs(dl) < 1e-10 && Math.abs(dn) < 1e-10) break;
    }
    return w;
  }

  function createMap(el, cfg) {
    var gcj = !!(cfg.tileUrl && cfg.tileGcj02);
    var map = L.map(el, { zoomControl: true });
    // The credit is plain text (Leaflet's default prefix carries a flag).
    map.attributionControl.setPrefix(cfg.credit || "Leaflet");
    // Marker images by the URLs the server gives (hashed static names): Leaflet's own
    // guess from its stylesheet's URL answers 404 once the names are hashed.
    if (cfg.icons) {
      L.Marker.prototype.options.icon = L.icon({
        iconUrl: cfg.icons.iconUrl, iconRetinaUrl: cfg.icons.iconRetinaUrl,
        shadowUrl: cfg.icons.shadowUrl, iconSize: [25, 41], iconAnchor: [12, 41],
        popupAnchor: [1, -34], tooltipAnchor: [16, -28], shadowSize: [41, 41]
      });
    }
    var toMap = function (lat, lng) { return L.latLng(gcj ? wgsToGcj(lat, lng) : [lat, lng]); };
    var fromMap = function (ll) { return gcj ? gcjToWgs(ll.lat, ll.lng) : [ll.lat, ll.lng]; };
    if (cfg.tileUrl) {
      L.tileLayer(cfg.tileUrl, { attribution: cfg.attribution || "", maxZoom: 18 }).addTo(map);
    } else {
      el.classList.add("offline");
      // The offline outlines go down to counties (the demo province's, from countyZoom):
      // zooming closer than they support shows a blank sheet, so the zoom stops there
      // (OFFLINE_MAX_ZOOM). Each city's name stands at its centre from labelZoom; past the
      // city level the county outlines of the cities in view are fetched (once each, from
      // the project's static files) and from countyLabelZoom the county names replace the
      // cities'.
      map.setMinZoom(4);
      map.setMaxZoom(cfg.offlineMaxZoom || 12);
      var labels = L.layerGroup(), counties = L.layerGroup(), countyLabels = L.layerGroup();
      var cityBounds = {}, fetched = {}, countyUrls = cfg.counties || {};
      var countyZoom = cfg.countyZoom || 10, countyLabelZoom = cfg.countyLabelZoom || 11;
      var label = function (p, cls, group) {
        if (!p.centre || !p.name) return;
        L.marker(toMap(p.centre[1], p.centre[0]), {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: cls, html: "", iconSize: null })
        }).on("add", function (e) {
          e.target.getElement().textContent = p.name;
        }).addTo(group);
      };
      var loadCounties = function () {
        if (map.getZoom() < countyZoom) return;
        var view = map.getBounds();
        Object.keys(cityBounds).forEach(function (code) {
          if (fetched[code] || !countyUrls[code] || !cityBounds[code].intersects(view)) return;
          fetched[code] = true;
          fetch(countyUrls[code]).then(function (r) { return r.json(); }).then(function (data) {
            L.geoJSON(data, {
              interactive: false,
              style: { color: "#8c959f", weight: 1, dashArray: "4 3", fill: false }
            }).addTo(counties);
            (data.features || []).forEach(function (f) {
              label(f.properties || {}, "region-label county-label", countyLabels);
            });
          }).catch(function () { fetched[code] = false; });
        });
      };
      var showLabels = function () {
        var z = map.getZoom();
        if (z >= countyZoom) counties.addTo(map); else counties.remove();
        if (z >= countyLabelZoom) { countyLabels.addTo(map); labels.remove(); }
        else {
          countyLabels.remove();
          if (z >= (cfg.labelZoom || 8)) labels.addTo(map); else labels.remove();
        }
        loadCounties();
      };
      (cfg.basemap || []).forEach(function (url, i) {
        fetch(url).then(function (r) { return r.json(); }).then(function (data) {
          L.geoJSON(data, {
            interactive: false,
            style: { color: i ? "#8c959f" : "#57606a", weight: i ? 1 : 1.5, fill: true,
                     fillColor: "#f6f8fa", fillOpacity: i ? 0 : 1 }
          }).addTo(map).bringToBack();
          if (!i) return;  // the first file is the country's provinces: no labels
          (data.features || []).forEach(function (f) {
            var p = f.properties || {};
            if (p.code && countyUrls[p.code]) cityBounds[p.code] = L.geoJSON(f).getBounds();
            label(p, "region-label", labels);
          });
          loadCounties();
        }).catch(function () { /* the outlines are a help, not a need */ });
      });
      map.on("moveend", showLabels);
      map.whenReady(showLabels);
    }
    var c = cfg.centre || [41.8057, 123.4315];
    map.setView(toMap(c[0], c[1]), 11);
    return { map: map, toMap: toMap, fromMap: fromMap };
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function distanceText(m, t) {
    return m < 1000 ? m + " " + t.m : (m / 1000).toFixed(1) + " " + t.km;
  }

  // ---- the member page: nearest positions -----------------------------------------------------
  function nearestPage(box, cfg) {
    var m = createMap(box, cfg), t = cfg.text || {};
    var markers = L.layerGroup().addTo(m.map), here = null, last = null;
    var list = document.getElementById("nearest-results");
    var status = document.getElementById("nearest-status");
    var form = document.getElementById("nearest-form");

    function say(text, bad) {
      status.textContent = text || "";
      status.className = bad ? "error" : "muted";
      status.hidden = !text;
    }

    function draw(point, items) {
      markers.clearLayers();
      if (here) here.remove();
      here = L.circleMarker(m.toMap(point[0], point[1]), {
        radius: 8, color: "#0969da", fillColor: "#0969da", fillOpacity: 0.6
      }).bindTooltip(t.here || "").addTo(m.map);
      here.getElement().setAttribute("data-here", "1");
      var bounds = [m.toMap(point[0], point[1])];
      items.forEach(function (s) {
        var p = m.toMap(s.lat, s.lng);
        L.marker(p, { title: s.name, alt: s.name }).bindPopup(
          "<b></b><br><span></span>").on("popupopen", function (e) {
          var node = e.popup.getElement();
          node.querySelector("b").textContent = s.name;
          node.querySelector("span").textContent = distanceText(s.distance_m, t);
        }).addTo(markers);
        bounds.push(p);
      });
      if (items.length) m.map.fitBounds(L.latLngBounds(bounds).pad(0.2), { maxZoom: 16 });
      else m.map.setView(bounds[0], 13);
    }

    function render(items) {
      list.innerHTML = "";
      items.forEach(function (s, i) {
        var li = el("li", "station");
        li.setAttribute("data-id", s.id);
        var head = el("div", "station-head");
        head.appendChild(el("b", "station-name", s.name));
        head.appendChild(el("span", "distance", distanceText(s.distance_m, t)));
        li.appendChild(head);
        var meta = el("div", "station-meta");
        meta.appendChild(el("span", "kind", s.kind_label));
        meta.appendChild(el("span", s.open_now ? "open" : "shut", s.open_now ? t.open : t.closed));
        meta.appendChild(el("span", "muted", s.hours));
        li.appendChild(meta);
        li.appendChild(el("div", "address", s.address));
        var ul = el("ul", "amenities");
        s.amenity_labels.forEach(function (a) { ul.appendChild(el("li", null, a)); });
        li.appendChild(ul);
        if (s.phone) {
          var a = el("a", "phone", s.phone);
          a.href = "tel:" + s.phone;
          li.appendChild(a);
        }
        li.addEventListener("click", function () {
          markers.getLayers()[i].openPopup();
        });
        list.appendChild(li);
      });
    }

    function search(lat, lng) {
      last = [lat, lng];
      var q = new URLSearchParams();
      q.set("lat", lat.toFixed(6));
      q.set("lng", lng.toFixed(6));
      q.set("n", "10");
      form.querySelectorAll("input[name=amenity]:checked").forEach(function (c) {
        q.append("amenity", c.value);
      });
      if (form.querySelector("input[name=open_now]:checked")) q.set("open_now", "true");
      say(t.searching);
      fetch(cfg.api + "?" + q.toString(), { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); })
        .then(function (res) {
          var ok = res[0], data = res[1];
          if (!ok) { say(data.message, true); return; }
          render(data.items);
          draw(last, data.items);
          say(data.message, false);
          box.setAttribute("data-count", String(data.count));
        })
        .catch(function () { say(t.failed, true); });
    }

    function locate() {
      if (!navigator.geolocation) { say(t.noLocation, true); return; }
      say(t.locating);
      navigator.geolocation.getCurrentPosition(function (pos) {
        search(pos.coords.latitude, pos.coords.longitude);
      }, function () { say(t.noLocation, true); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    }

    m.map.on("click", function (e) {
      var p = m.fromMap(e.latlng);
      search(p[0], p[1]);
    });
    document.getElementById("locate").addEventListener("click", function (e) {
      e.preventDefault();
      locate();
    });
    form.querySelectorAll("input[type=checkbox]").forEach(function (c) {
      c.addEventListener("change", function () { if (last) search(last[0], last[1]); });
    });
    if (cfg.point) {
      last = cfg.point;
      draw(cfg.point, cfg.results || []);
      box.setAttribute("data-count", String((cfg.results || []).length));
    } else {
      locate();
    }
  }

  // ---- staff: every position of the subtree in view -------------------------------------------
  function staffPage(box, cfg) {
    var m = createMap(box, cfg), layer = L.layerGroup().addTo(m.map);
    var status = document.getElementById("map-status"), t = cfg.text || {};
    var colours = { open: "#1a7f37", suspended: "#bf8700", closed: "#8c959f" };
    function load() {
      var b = m.map.getBounds(), sw = m.fromMap(b.getSouthWest()), ne = m.fromMap(b.getNorthEast());
      var q = new URLSearchParams(window.location.search);
      q.set("bbox", [sw[1], sw[0], ne[1], ne[0]].map(function (v) { return v.toFixed(5); }).join(","));
      fetch(cfg.points + "?" + q.toString()).then(function (r) { return r.json(); }).then(function (d) {
        layer.clearLayers();
        d.points.forEach(function (p) {
          // A point of another layer (stations/layers.py) brings its own colour and page.
          var link = p.url || cfg.detail.replace("/0/", "/" + p.id + "/");
          L.circleMarker(m.toMap(p.lat, p.lng), {
            radius: p.layer ? 8 : 6, color: p.colour || colours[p.status] || "#c8102e", fillOpacity: 0.7
          }).bindPopup("<a></a>").on("popupopen", function (e) {
            var a = e.popup.getElement().querySelector("a");
            a.textContent = p.name;
            a.href = link;
          }).addTo(layer);
        });
        status.textContent = (t.shown || "%s / %s").replace("%s", d.shown).replace("%s", d.total);
        box.setAttribute("data-count", String(d.shown));
      });
    }
    m.map.on("moveend", load);
    m.map.setView(m.toMap(cfg.centre[0], cfg.centre[1]), 8);
  }

  // ---- staff: pick the coordinates of a position ----------------------------------------------
  function pickPage(box, cfg) {
    var m = createMap(box, cfg), marker = null;
    var lat = document.querySelector("input[name=lat]"), lng = document.querySelector("input[name=lng]");
    function put(la, ln, pan) {
      if (marker) marker.remove();
      marker = L.marker(m.toMap(la, ln)).addTo(m.map);
      if (pan) m.map.setView(m.toMap(la, ln), 15);
    }
    m.map.on("click", function (e) {
      var p = m.fromMap(e.latlng);
      lat.value = p[0].toFixed(6);
      lng.value = p[1].toFixed(6);
      put(p[0], p[1], false);
    });
    function fromInputs() {
      var la = parseFloat(lat.value), ln = parseFloat(lng.value);
      if (isFinite(la) && isFinite(ln)) put(la, ln, true);
    }
    lat.addEventListener("change", fromInputs);
    lng.addEventListener("change", fromInputs);
    if (cfg.point) put(cfg.point[0], cfg.point[1], true);
    else fromInputs();
  }

  function showPage(box, cfg) {
    var m = createMap(box, cfg);
    (cfg.results || []).forEach(function (s) {
      L.marker(m.toMap(s.lat, s.lng), { title: s.name, alt: s.name }).addTo(m.map);
    });
    if (cfg.point) m.map.setView(m.toMap(cfg.point[0], cfg.point[1]), 15);
  }

  window.GonghuiMap = { create: createMap, wgsToGcj: wgsToGcj, gcjToWgs: gcjToWgs };
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-map]");
    var node = document.getElementById("station-map-config");
    if (!box || !node || !window.L) return;
    var cfg = JSON.parse(node.textContent);
    ({ nearest: nearestPage, staff: staffPage, pick: pickPage, show: showPage })[box.dataset.map](box, cfg);
  });
})();
