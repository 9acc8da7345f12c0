"""Pages: the nearest station (public, phone first), the QR check-in, and the staff pages."""

from collections.abc import Callable
from pathlib import Path

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.security import allows_geolocation

from . import geo, importer, layers, selectors, services
from . import hours as hours_mod
from .api import nearby_dict, nearest_message
from .forms import ProblemForm, StationForm
from .lists import PROBLEMS, STATIONS, VISITS
from .models import Amenity, Kind, ProblemKind, ProblemStatus, Station, Status

VISITOR_KEY = "station_visitor"
# The county outlines of the demo province, one file per city (named by its code).
COUNTY_FILES = Path(__file__).resolve().parent / "static" / "stations" / "basemap" / "counties"
COUNTY_CITIES = sorted(p.stem for p in COUNTY_FILES.glob("*.json"))
MAP_LIMIT = 2000  # points of one layer drawn at once


def _chinese(request) -> bool:
    return getattr(request, "LANGUAGE_CODE", "zh-hans").startswith("zh")


def map_config(request) -> dict:
    """What the map script needs: tiles or the offline outlines, and the datum to draw in."""
    return {
        "tileUrl": settings.GONGHUI_TILE_URL,
        "tileGcj02": settings.GONGHUI_TILE_GCJ02,
        "attribution": settings.GONGHUI_TILE_ATTRIBUTION,
        "basemap": [
            static("stations/basemap/china.json"),
            static("stations/basemap/liaoning.json"),
            static("stations/basemap/jilin.json"),
        ],
        # The marker images from the project's static files, by their (hashed) names: Leaflet
        # guessing them from its stylesheet's URL gets a 404 once the names are hashed.
        "icons": {
            "iconUrl": static("stations/vendor/leaflet/images/marker-icon.png"),
            "iconRetinaUrl": static("stations/vendor/leaflet/images/marker-icon-2x.png"),
            "shadowUrl": static("stations/vendor/leaflet/images/marker-shadow.png"),
        },
        "credit": "Leaflet",  # plain text, no flag
        # Past the city level (countyZoom) the map fetches the county outlines of the cities
        # in view, one static file each, never before; county names from countyLabelZoom.
        "counties": {
            code: static(f"stations/basemap/counties/{code}.json") for code in COUNTY_CITIES
        },
        # Offline outlines reach down to counties: no closer zoom than that; names from 8.
        "offlineMaxZoom": 12,
        "labelZoom": 8,
        "countyZoom": 10,
        "countyLabelZoom": 11,
        "centre": [41.8057, 123.4315],  # Shenyang, when nothing else is known
        "text": {
            "m": _("m"),
            "km": _("km"),
            "open": _("open now"),
            "closed": _("closed now"),
            "here": _("You are here"),
            "searching": _("Searching…"),
            "locating": _("Finding your location…"),
            "noLocation": _(
                "Your location is not available. Type an address or coordinates, or tap the map."
            ),
            "failed": _("The search failed. Check the connection and try again."),
            "shown": _("Showing %s of %s positions in this view."),
        },
    }


def distance_text(metres: float) -> str:
    if metres < 1000:
        return _("%(n)s m") % {"n": round(metres)}
    return _("%(n)s km") % {"n": f"{metres / 1000:.1f}"}


# ---- public: nearest -------------------------------------------------------------------------
def _parse_where(text: str) -> tuple[float, float] | None:
    """'41.80, 123.43' (or with a Chinese comma or a space) -> a point; else None."""
    import re

    m = re.match(r"^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$", text or "")
    return (float(m.group(1)), float(m.group(2))) if m else None


@allows_geolocation  # the "use my location" button asks the browser for the position
def nearest_page(request):
    """Find the nearest open positions: browser location, typed coordinates or address,
    or a click on the map. Works without script for typed input."""
    amenities = [a for a in request.GET.getlist("amenity") if a in Amenity.values]
    open_now = request.GET.get("open_now") == "1"
    where = request.GET.get("where", "").strip()
    cities = selectors.station_cities()
    city = request.GET.get("city", "")
    if city not in {code for code, _name in cities}:
        city = ""
    point = None
    error = ""
    matched_address = None
    if request.GET.get("lat") and request.GET.get("lng"):
        point = (request.GET["lat"], request.GET["lng"])
    elif where:
        point = _parse_where(where)
        if point is None:  # an address: centre on a position whose address says it
            match = selectors.address_point(where, city)
            if match is None:
                error = _(
                    "No position's address mentions “%(where)s”. Try a street or "
                    "district name, or use your location."
                ) % {"where": where}
            else:
                point, matched_address = match[:2], match[2]
    results, message = [], ""
    if point is not None:
        try:
            found = selectors.nearest(
                point[0], point[1], 10, amenities=amenities, open_now=open_now
            )
            results = [
                {
                    **nearby_dict(f, chinese=_chinese(request)),
                    "distance_text": distance_text(f.distance_m),
                }
                for f in found
            ]
            message = nearest_message(len(results), selectors.MAX_REACH_M)
            point = (float(point[0]), float(point[1]))
        except ServiceError as exc:
            error, point = str(exc.message), None
    return render(
        request,
        "stations/nearest.html",
        {
            "amenities": Amenity.choices,
            "chosen": amenities,
            "open_now": open_now,
            "where": where,
            "cities": cities,
            "city": city,
            "point": point,
            "results": results,
            "message": message,
            "error": error,
            "matched_address": matched_address,
            "config": {
                **map_config(request),
                "api": reverse("api:stations-nearest"),
                "point": point,
                "results": results,
            },
        },
        status=400 if error else 200,
    )


# ---- public: QR check-in ---------------------------------------------------------------------
def _visitor(request) -> str:
    """A random id for this browser, kept in its session (the rate limit counts by it)."""
    visitor = request.session.get(VISITOR_KEY)
    if not visitor:
        visitor = request.session[VISITOR_KEY] = services.new_visitor_id()
    return visitor


def _scan_page(request, token: str, visit, new: bool, problem_form=None, status: int = 200):
    station = visit.station
    return render(
        request,
        "stations/scan.html",
        {
            "token": token,
            "station": station,
            "visit": visit,
            "new": new,
            "problem_form": problem_form or ProblemForm(),
            "open_now": station.is_open_at(),
            "hours": station.hours_text(_chinese(request)),
            "stars": range(1, 6),
            "photos": selectors.photo_list(station),
        },
        status=status,
    )


def _scan_refused(request, exc: ServiceError):
    return render(request, "stations/scan.html", {"error": exc.message}, status=exc.status)


@require_safe
def scan(request, token: str):
    """What a scanned poster opens: the visit is recorded, then rating and problem forms."""
    try:
        visit, new = services.visit_record(
            token=token, visitor=_visitor(request), user=request.user
        )
    except ServiceError as exc:
        return _scan_refused(request, exc)
    return _scan_page(request, token, visit, new)


@require_POST
def scan_rate(request, token: str):
    visitor = _visitor(request)
    try:
        visit, new = services.visit_record(token=token, visitor=visitor, user=request.user)
    except ServiceError as exc:
        return _scan_refused(request, exc)
    try:
        services.visit_rate(
            visit_id=visit.pk, visitor=visitor, user=request.user, rating=request.POST.get("rating")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _scan_page(request, token, visit, new)
    messages.success(request, _("Thank you for your rating."))
    return redirect("station-scan", token=token)


@require_POST
def scan_problem(request, token: str):
    visitor = _visitor(request)
    try:
        visit, new = services.visit_record(token=token, visitor=visitor, user=request.user)
    except ServiceError as exc:
        return _scan_refused(request, exc)
    form = ProblemForm(request.POST)
    if form.is_valid():
        try:
            services.problem_report(
                visit_id=visit.pk, visitor=visitor, user=request.user, **form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Thank you. The union has been told and will follow it up.")
            )
            return redirect("station-scan", token=token)
    return _scan_page(request, token, visit, new, form, status=400)


def photo(request, photo_id: int):
    item = selectors.photo_public(photo_id)
    return FileResponse(item.image.open("rb"), content_type=item.content_type)


# ---- staff -------------------------------------------------------------------------------------
def _filter_choices() -> dict:
    return {"kinds": Kind.choices, "statuses": Status.choices, "amenities": Amenity.choices}


@staff_required
def station_list(request):
    return STATIONS.respond(
        request,
        "stations/list.html",
        {**_filter_choices(), "empty": _("No position matches. Clear the search or the filters.")},
    )


def _map_filters(request) -> dict:
    """The list's filters, read the same way; the map draws in no order."""
    params = STATIONS.read(request.GET)
    params.pop("sort")
    return params


def _map_layers(request) -> tuple[list[str], list[dict]]:
    """The layers shown (`show=`) and the choices of the map's “show” filter."""
    chosen = layers.shown(request.GET.getlist("show"))
    choices = [{"key": layers.STATIONS, "label": _("service positions"), "colour": ""}] + [
        {"key": layer.key, "label": layer.label, "colour": layer.colour}
        for layer in layers.layers()
    ]
    return chosen, choices


@staff_required
def station_map(request):
    shown, layer_choices = _map_layers(request)
    return render(
        request,
        "stations/map.html",
        {
            "params": _map_filters(request),
            "layers": layer_choices,
            "shown": shown,
            **_filter_choices(),
            "config": {
                **map_config(request),
                "points": reverse("station-map-points"),
                "detail": reverse("station-detail", args=[0]),
            },
        },
    )


@staff_required
def station_map_points(request):
    """JSON for the staff map: positions inside the visible box, at most 2000."""
    try:
        bbox = tuple(float(v) for v in request.GET.get("bbox", "").split(","))
        if len(bbox) != 4:
            raise ValueError
    except ValueError:
        bbox = None
    shown, _choices = _map_layers(request)
    points: list[dict] = []
    total = 0
    if layers.STATIONS in shown:
        points, total = selectors.map_points(actor=request.user, bbox=bbox, **_map_filters(request))
    for layer in layers.layers():
        if layer.key not in shown:
            continue
        more, count = layer.points(actor=request.user, bbox=bbox, limit=MAP_LIMIT)
        total += count
        points += [
            {**p, "layer": layer.key, "colour": layer.colour,
             "url": reverse(layer.detail_url_name, args=[p["id"]])}
            for p in more
        ]  # fmt: skip
    return JsonResponse({"points": points, "total": total, "shown": len(points)})


def _form_initial(station: Station, chinese: bool) -> dict:
    return {
        "name": station.name,
        "kind": station.kind,
        "union": station.union.credit_code or station.union.name,
        "address": station.address,
        "lat": station.lat,
        "lng": station.lng,
        "region": station.region_id or "",
        "hours": station.hours_text(chinese),
        "special_days": hours_mod.format_special_days(station.special_days),
        "amenities": station.amenities,
        "status": station.status,
        "phone": station.phone,
        "note": station.note,
    }


def _save_station(request, form, station: Station | None):
    data = dict(form.cleaned_data)
    ref = data.pop("union")
    try:
        union = importer.union_for(ref, actor=request.user)
    except ServiceError as exc:
        raise ServiceError(exc.message, field="union") from exc
    data["union_id"] = union.pk
    data["region"] = data["region"] or None
    if station is None:
        return services.station_create(actor=request.user, **data)
    if data["region"] is None:
        data.pop("region")
    return services.station_update(actor=request.user, station_id=station.pk, **data)


@login_required
def station_form(request, station_id: int | None = None):
    if not request.user.writable_paths():
        raise Http404
    station = (
        selectors.station_get(actor=request.user, station_id=station_id, write=True)
        if station_id
        else None
    )
    initial = _form_initial(station, _chinese(request)) if station else {}
    if station is None:
        own = selectors.own_union(actor=request.user)
        if own is not None:  # a cadre keeps the positions of their own union
            initial["union"] = own.credit_code or own.name
    form = StationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_station(request, form, station)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("station-detail", station_id=saved.pk)
    return render(
        request,
        "stations/form.html",
        {
            "form": form,
            "station": station,
            "config": {
                **map_config(request),
                "point": [station.lat, station.lng] if station else None,
            },
        },
        status=400 if form.errors else 200,
    )


@login_required
def station_detail(request, station_id: int):
    station = selectors.station_get(actor=request.user, station_id=station_id)
    return render(
        request,
        "stations/detail.html",
        {
            "station": station,
            "can_write": selectors.station_writable(actor=request.user, station=station),
            "summary": selectors.station_summary(station),
            "hours": station.hours_text(_chinese(request)),
            "special_days": station.special_days,
            "visits": selectors.visit_list(actor=request.user, station_id=station.pk)[:20],
            "problems": selectors.problem_list(
                actor=request.user, station_id=station.pk, status=ProblemStatus.OPEN
            ),
            "photos": selectors.photo_list(station),
            "navigation": geo.navigation_links(station.lat, station.lng, station.name),
            "config": {
                **map_config(request),
                "point": [station.lat, station.lng],
                "results": [
                    {"id": station.pk, "name": station.name, "lat": station.lat, "lng": station.lng}
                ],
            },
        },
    )


def _from_detail(request, station_id: int, write: Callable[[Station], object], done: str):
    """A write posted from the detail page: back to it, with its message or the refusal.
    Only those who may change the position get that far (404 for the rest, as the page
    shows them no form)."""
    station = selectors.station_get(actor=request.user, station_id=station_id, write=True)
    try:
        write(station)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("station-detail", station_id=station.pk)


@require_POST
@login_required
def photo_add(request, station_id: int):
    return _from_detail(
        request,
        station_id,
        lambda station: services.photo_add(
            actor=request.user,
            station_id=station.pk,
            upload=request.FILES.get("image"),
            caption=request.POST.get("caption", ""),
        ),
        _("Photo added."),
    )


@require_POST
@login_required
def photo_remove(request, station_id: int, photo_id: int):
    return _from_detail(
        request,
        station_id,
        lambda station: services.photo_delete(
            actor=request.user, station_id=station.pk, photo_id=photo_id
        ),
        _("Photo removed."),
    )


@require_POST
@login_required
def poster_renew(request, station_id: int):
    return _from_detail(
        request,
        station_id,
        lambda station: services.station_poster_renew(actor=request.user, station_id=station.pk),
        _("The old posters no longer work. Print the new one."),
    )


@login_required
def station_poster(request, station_id: int):
    """A printable A4 poster: the position's name, what it offers, and the check-in QR."""
    station = selectors.station_get(actor=request.user, station_id=station_id)
    url = request.build_absolute_uri(
        reverse("station-scan", args=[selectors.poster_token(station)])
    )
    return render(
        request,
        "stations/poster.html",
        {
            "station": station,
            "scan_url": url,
            "hours": station.hours_text(_chinese(request)),
            "qr_svg": segno.make(url, error="m").svg_inline(scale=8),
        },
    )


@login_required
def station_import(request):
    if not request.user.writable_paths():
        raise Http404
    errors, rows, created = {}, [], None
    if request.method == "POST":
        try:
            created = services.station_import(
                actor=request.user,
                upload=request.FILES.get("file"),
                dry_run=bool(request.POST.get("dry_run")),
            )
        except services.ImportRefused as exc:
            rows = exc.rows
        except ServiceError as exc:
            errors = exc.fields or {"file": [str(exc.message)]}
        else:
            if not request.POST.get("dry_run"):
                messages.success(request, _("%(n)s positions imported.") % {"n": len(created)})
                return redirect("station-list")
    return render(
        request,
        "stations/import.html",
        {
            "errors": errors,
            "rows": rows,
            "created": created,
            "columns": importer.HEADERS,
            "optional": importer.OPTIONAL,
            "dry_run": bool(request.POST.get("dry_run")),
        },
        status=400 if errors or rows else 200,
    )


@staff_required
def problem_list(request):
    return PROBLEMS.respond(
        request,
        "stations/problems.html",
        {"kinds": ProblemKind.choices, "statuses": ProblemStatus.choices},
    )


@require_POST
@staff_required
def problem_close(request, problem_id: int):
    """Close a problem from the list; back to the list as it was filtered."""
    try:
        services.problem_close(
            actor=request.user, problem_id=problem_id, note=request.POST.get("note", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Problem closed."))
    query = request.GET.urlencode()
    return redirect(reverse("station-problems") + (f"?{query}" if query else ""))


@staff_required
def visit_list(request):
    return VISITS.respond(request, "stations/visits.html", {"empty": _("No visits match.")})
