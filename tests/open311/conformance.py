#!/usr/bin/env python3
"""Black-box conformance suite for an Open311 GeoReport v2 server (Yoriai's /open311/v2).

    python3 tests/open311/conformance.py --base http://127.0.0.1:PORT/open311/v2 --api-key KEY

Needs only the server (no internet) and the packages of requirements.txt. Runs a list of named
checks in order, prints `ok` or `FAIL` (with every problem found) for each, then a summary; the
exit status is 0 when every check passed, 1 otherwise (2 for bad arguments).

What it assumes of the server's data: at least one service, and at least one service with
`metadata: true` whose definition has a required attribute. It creates one service request (plus
any that a faulty server accepts from the error checks).

GET calls go through the `georeport` client (json and xml); POSTs, tokens and error cases use
`requests`. Every request has a 10 s timeout (the georeport client is given one too, see
`_TimeoutRequests`) and is recorded, so the last checks can assert that no answer was a 5xx and
that the personal data posted (email, first and last name) never appears in any answer. Every
JSON body is validated against its schema in schemas/; every XML body is parsed, its element
structure checked against the same schema (leaf text converted to the schema's types) and
compared with the JSON form of the same resource.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import random
import re
import string
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlparse

import georeport.georeport as georeport_module
import jsonschema
import requests
import xmltodict
from georeport import GeoReport

TIMEOUT = 10  # seconds, for every request
TOKEN_WAIT = 30  # seconds to wait for a token to turn into a service_request_id
SCHEMA_DIR = pathlib.Path(__file__).resolve().parent / "schemas"
SPEC = "http://wiki.open311.org/GeoReport_v2"
LAT, LONG = 37.4948, 139.9298
COORD_TOLERANCE = 0.0005  # degrees (about 50 m)
CLOCK_TOLERANCE = dt.timedelta(hours=1)
EMAIL = "conformance@example.org"
# Container elements of XML lists whose JSON form is a plain array.
XML_WRAPPERS = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}
XML_LIST_ITEMS = ("endpoint", "format", "service", "attribute", "value", "request", "error")
MISSING = object()


class CheckFailed(Exception):
    """Stops the current check; the message (if any) is its last problem."""


@dataclass
class Exchange:
    method: str
    url: str
    status: int | None
    content_type: str
    body: str


class Http:
    """A requests session that applies the timeout and records every exchange."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.log: list[Exchange] = []

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs["timeout"] = TIMEOUT
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.RequestException as e:
            self.log.append(Exchange(method, url, None, "", ""))
            raise CheckFailed(f"{method} {url}: no answer ({type(e).__name__}: {snippet(str(e), 160)})") from None
        body = response.content.decode("utf-8", "replace")
        self.log.append(
            Exchange(method, response.url, response.status_code, response.headers.get("Content-Type", ""), body)
        )
        return response

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)


class _TimeoutRequests:
    """Stands in for the `requests` module inside georeport 0.3.1, whose calls have no timeout:
    its `get` goes through `Http` (timeout + recording) and remembers the last response, so a
    check can validate the raw body behind what the client returned."""

    def __init__(self, http: Http) -> None:
        self.http = http
        self.last: requests.Response | None = None

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        self.last = None
        self.last = self.http.get(url, params=params)
        return self.last


class Check:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []

    def expect(self, condition: Any, problem: str) -> bool:
        if not condition:
            self.problems.append(problem)
        return bool(condition)

    def require(self, condition: Any, problem: str) -> None:
        if not condition:
            raise CheckFailed(problem)


def snippet(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def where(response: requests.Response) -> str:
    return f"{response.request.method} {response.url}"


def media_type(response: requests.Response) -> tuple[str, str]:
    value = response.headers.get("Content-Type", "")
    parts = [p.strip().lower() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip('"') for p in parts[1:] if p.startswith("charset=")), "")
    return parts[0], charset


def w3c_now(delta: dt.timedelta = dt.timedelta()) -> str:
    return (dt.datetime.now(dt.timezone.utc) + delta).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_w3c(text: str) -> dt.datetime | None:
    if not isinstance(text, str) or not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", text
    ):
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def types_of(schema: dict) -> list[str]:
    types = schema.get("type", [])
    return [types] if isinstance(types, str) else list(types)


def coerce(node: Any, schema: dict) -> Any:
    """The JSON form of an xmltodict tree, guided by the JSON schema: wrapper elements become
    arrays, leaf text becomes the schema's type when it parses as one (else stays text, and the
    schema validation reports it), empty elements become null (or "" where null is not allowed)."""
    types = types_of(schema)
    if "object" in types or "properties" in schema:
        if node is None:
            return {}
        if not isinstance(node, dict):
            return node
        properties = schema.get("properties", {})
        out = {}
        for key, value in node.items():
            sub = properties.get(key, {})
            if key in XML_WRAPPERS and "array" in types_of(sub):
                out[key] = coerce_list(value, XML_WRAPPERS[key], sub.get("items", {}))
            else:
                out[key] = coerce(value, sub)
        return out
    if isinstance(node, (dict, list)):
        return node
    if node is None:
        return None if "null" in types or not types else ""
    text = node
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "integer" in types and re.fullmatch(r"-?\d+", text):
        return int(text)
    if "number" in types and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text) if "." in text else int(text)
    return text


def coerce_list(node: Any, item: str, item_schema: dict) -> Any:
    if node is None:
        return []
    if isinstance(node, dict) and set(node) == {item} and isinstance(node[item], list):
        return [coerce(x, item_schema) for x in node[item]]
    return {"<not a list of <%s>>" % item: node}


def agree(json_value: Any, xml_value: Any, path: str, problems: list[str]) -> None:
    """Whether the XML form says the same as the JSON form ("" / null / absent are equal)."""
    empty = (None, "", MISSING)
    if json_value in empty and xml_value in empty:
        return
    if isinstance(json_value, dict) and isinstance(xml_value, dict):
        for key in sorted(set(json_value) | set(xml_value)):
            agree(json_value.get(key, MISSING), xml_value.get(key, MISSING), f"{path}.{key}", problems)
        return
    if isinstance(json_value, list) and isinstance(xml_value, list):
        if len(json_value) != len(xml_value):
            problems.append(f"{path}: {len(json_value)} items in JSON, {len(xml_value)} in XML")
            return
        for i, (j, x) in enumerate(zip(json_value, xml_value)):
            agree(j, x, f"{path}[{i}]", problems)
        return
    numbers = (int, float)
    if isinstance(json_value, numbers) and isinstance(xml_value, numbers) and not isinstance(json_value, bool):
        if abs(json_value - xml_value) <= 1e-6:
            return
    elif isinstance(json_value, str) and isinstance(xml_value, str):
        if json_value.strip() == xml_value.strip():
            return
    elif json_value == xml_value:
        return
    shown = lambda v: "(absent)" if v is MISSING else json.dumps(v, ensure_ascii=False)[:120]  # noqa: E731
    problems.append(f"{path}: JSON has {shown(json_value)}, XML has {shown(xml_value)}")


class Suite:
    def __init__(self, base: str, api_key: str, discovery_url: str) -> None:
        self.base = base.rstrip("/")
        self.api_key = api_key
        self.discovery_url = discovery_url.rstrip("/")
        self.http = Http()
        self.client_requests = _TimeoutRequests(self.http)
        georeport_module.requests = self.client_requests
        self.client = {fmt: GeoReport(self.base, api_key=api_key, output_format=fmt) for fmt in ("json", "xml")}
        self.schemas = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(SCHEMA_DIR.glob("*.json"))}
        self.validators = {name: jsonschema.Draft202012Validator(s) for name, s in self.schemas.items()}
        tag = "".join(random.choice(string.ascii_lowercase) for _ in range(8))
        self.tag = tag
        self.first_name = f"Privfirst{tag}"
        self.last_name = f"Privlast{tag}"
        self.description = f"Conformance check {tag}: pothole & \"cracked\" kerb, 'test' 道路の損傷"
        self.results: list[Check] = []
        # Filled in by the checks as they go (None: not known, the check failed).
        self.discovery: dict | None = None
        self.services: list | None = None
        self.definitions: dict[str, dict] = {}
        self.target: dict | None = None  # the service posted to
        self.request_id: str | None = None
        self.request_json: dict | None = None
        self.list_results: dict[str, list] = {}

    # ---- running -------------------------------------------------------------------------

    def run(self, name: str, fn: Callable[[Check], None], needs: tuple[str, ...] = ()) -> None:
        check = Check(name)
        missing = [n for n in needs if getattr(self, n) is None]
        if missing:
            check.problems.append(f"not run: needs {', '.join(missing)}, which an earlier check failed to get")
        else:
            try:
                fn(check)
            except CheckFailed as e:
                if str(e):
                    check.problems.append(str(e))
            except Exception as e:  # a bug in the answer we did not foresee: report, go on
                check.problems.append(f"unexpected {type(e).__name__}: {e}")
        self.results.append(check)
        print(f"{'ok  ' if not check.problems else 'FAIL'} {name}", flush=True)
        for problem in check.problems:
            print(f"       - {problem}", flush=True)

    # ---- answers ---------------------------------------------------------------------------

    def validate(self, c: Check, data: Any, schema: str, label: str) -> bool:
        errors = sorted(self.validators[schema].iter_errors(data), key=lambda e: list(e.absolute_path))
        for e in errors[:15]:
            c.problems.append(f"{label}: schema {schema}: at {e.json_path}: {e.message[:200]}")
        if len(errors) > 15:
            c.problems.append(f"{label}: … and {len(errors) - 15} more schema errors")
        return not errors

    def status(self, c: Check, response: requests.Response, expected: tuple[int, ...]) -> None:
        c.require(
            response.status_code in expected,
            f"{where(response)}: HTTP {response.status_code}, expected {' or '.join(map(str, expected))}; "
            f"body: {snippet(response.content.decode('utf-8', 'replace'))}",
        )

    def json_answer(self, c: Check, response: requests.Response, schema: str, expected=(200,)) -> Any:
        self.status(c, response, expected)
        mtype, charset = media_type(response)
        c.expect(
            mtype == "application/json",
            f"{where(response)}: Content-Type {response.headers.get('Content-Type')!r}, expected application/json",
        )
        c.expect(charset in ("", "utf-8"), f"{where(response)}: charset {charset!r}, expected utf-8")
        try:
            data = json.loads(response.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise CheckFailed(f"{where(response)}: body is not UTF-8 JSON ({e}): {snippet(response.text)}") from None
        if not self.validate(c, data, schema, where(response)):
            raise CheckFailed()
        return data

    def xml_answer(self, c: Check, response: requests.Response, root: str, schema: str, expected=(200,)) -> Any:
        """The JSON form of an XML answer (validated against the schema)."""
        self.status(c, response, expected)
        mtype, charset = media_type(response)
        c.expect(
            mtype == "text/xml",
            f"{where(response)}: Content-Type {response.headers.get('Content-Type')!r}, expected text/xml",
        )
        c.expect(charset in ("", "utf-8"), f"{where(response)}: charset {charset!r}, expected utf-8")
        head = response.content[:100].decode("utf-8", "replace")
        c.expect(
            re.match(r"<\?xml version=[\"']1\.0[\"'] encoding=[\"']utf-8[\"']", head, re.I),
            f"{where(response)}: does not start with the XML declaration with encoding utf-8: {snippet(head, 80)}",
        )
        try:
            doc = xmltodict.parse(response.content, force_list=XML_LIST_ITEMS)
        except Exception as e:  # expat errors, entity declarations
            raise CheckFailed(f"{where(response)}: not well-formed XML ({e}): {snippet(response.text)}") from None
        c.require(list(doc) == [root], f"{where(response)}: root element <{list(doc)[0]}>, expected <{root}>")
        node = doc[root]
        schema_doc = self.schemas[schema]
        if schema_doc.get("type") == "array":
            item = {"service_requests": "request", "services": "service", "errors": "error"}[root]
            data = coerce_list(node, item, schema_doc["items"])
        else:
            data = coerce(node, schema_doc)
        if not self.validate(c, data, schema, f"{where(response)} (XML)"):
            raise CheckFailed()
        return data

    def client_call(self, c: Check, fmt: str, method: str, *args: Any, **kwargs: Any) -> tuple[Any, requests.Response]:
        """Calls the georeport client; returns what it returned and the raw response."""
        try:
            result = getattr(self.client[fmt], method)(*args, **kwargs)
        except requests.HTTPError:
            result = MISSING
        except (TypeError, KeyError, IndexError, ValueError) as e:
            # georeport 0.3.1 cannot read an empty XML list; the raw answer is checked instead.
            result = e
        response = self.client_requests.last
        c.require(response is not None, f"georeport {method}: no response")
        return result, response

    # ---- checks: discovery and services ----------------------------------------------------------

    def check_discovery_json(self, c: Check) -> None:
        r = self.http.get(f"{self.discovery_url}.json")
        data = self.json_answer(c, r, "discovery")
        self.discovery = data
        ours = [e for e in data["endpoints"] if e["specification"] == SPEC]
        c.require(ours, f"no endpoint with specification {SPEC}")
        base_path = urlparse(self.base).path.rstrip("/")
        c.expect(
            any(urlparse(e["url"]).path.rstrip("/") == base_path for e in ours),
            f"no GeoReport v2 endpoint url has the path {base_path!r}: {[e['url'] for e in ours]}",
        )
        c.expect(
            any({"text/xml", "application/json"} <= set(e["formats"]) for e in ours),
            "no GeoReport v2 endpoint lists both text/xml and application/json",
        )

    def check_discovery_xml(self, c: Check) -> None:
        r = self.http.get(f"{self.discovery_url}.xml")
        data = self.xml_answer(c, r, "discovery", "discovery")
        agree(self.discovery, data, "discovery", c.problems)

    def check_services_json(self, c: Check) -> None:
        result, r = self.client_call(c, "json", "get_service_list")
        data = self.json_answer(c, r, "services")
        c.expect(result == data, "georeport get_service_list() did not return the body")
        c.require(data, "no services")
        codes = [s["service_code"] for s in data]
        c.expect(len(codes) == len(set(codes)), f"service codes repeat: {codes}")
        c.require(any(s["metadata"] for s in data), "no service has metadata true")
        self.services = data

    def check_services_xml(self, c: Check) -> None:
        result, r = self.client_call(c, "xml", "get_service_list")
        data = self.xml_answer(c, r, "services", "services")
        items = result if isinstance(result, list) else [result]
        c.expect(
            len(items) == len(data),
            f"georeport get_service_list() (xml) read {len(items)} services, the body has {len(data)}",
        )
        agree(self.services, data, "services", c.problems)

    def check_definition(self, code: str, fmt: str) -> Callable[[Check], None]:
        def check(c: Check) -> None:
            result, r = self.client_call(c, fmt, "get_service_definition", code)
            if fmt == "json":
                data = self.json_answer(c, r, "service_definition")
                c.expect(result == data, "georeport get_service_definition() did not return the body")
                self.definitions[code] = data
            else:
                data = self.xml_answer(c, r, "service_definition", "service_definition")
                c.expect(isinstance(result, dict), "georeport get_service_definition() (xml) did not return a mapping")
                if code in self.definitions:
                    agree(self.definitions[code], data, f"services/{code}", c.problems)
            c.expect(data["service_code"] == code, f"service_code {data['service_code']!r}, expected {code!r}")
            attribute_codes = [a["code"] for a in data["attributes"]]
            c.expect(len(attribute_codes) == len(set(attribute_codes)), f"attribute codes repeat: {attribute_codes}")
            orders = [a["order"] for a in data["attributes"]]
            c.expect(len(orders) == len(set(orders)), f"attribute orders repeat: {orders}")

        return check

    def check_target(self, c: Check) -> None:
        for service in self.services or []:
            definition = self.definitions.get(service["service_code"])
            if service["metadata"] and definition and self.required_attributes(definition):
                self.target = service
                return
        raise CheckFailed("no service with metadata true has a definition with a required (variable) attribute")

    # ---- posting -------------------------------------------------------------------------------------

    @staticmethod
    def required_attributes(definition: dict) -> list[dict]:
        return [a for a in definition["attributes"] if a["required"] and a["variable"]]

    @staticmethod
    def attribute_fields(attribute: dict) -> list[tuple[str, str]]:
        code, datatype = attribute["code"], attribute["datatype"]
        if datatype == "singlevaluelist":
            return [(f"attribute[{code}]", attribute["values"][0]["key"])]
        if datatype == "multivaluelist":
            return [(f"attribute[{code}][]", attribute["values"][0]["key"])]
        if datatype == "number":
            return [(f"attribute[{code}]", "3")]
        if datatype == "datetime":
            return [(f"attribute[{code}]", w3c_now())]
        return [(f"attribute[{code}]", "test")]

    def form(
        self,
        *,
        api_key: Any = MISSING,
        service_code: Any = MISSING,
        lat: Any = LAT,
        description: Any = MISSING,
        skip_attribute: str | None = None,
    ) -> list[tuple[str, str]]:
        assert self.target is not None
        fields: list[tuple[str, str]] = []
        key = self.api_key if api_key is MISSING else api_key
        if key is not None:
            fields.append(("api_key", key))
        fields += [
            ("service_code", self.target["service_code"] if service_code is MISSING else service_code),
            ("lat", str(lat)),
            ("long", str(LONG)),
            ("description", self.description if description is MISSING else description),
        ]
        for attribute in self.required_attributes(self.definitions[self.target["service_code"]]):
            if attribute["code"] != skip_attribute:
                fields += self.attribute_fields(attribute)
        fields += [("email", EMAIL), ("first_name", self.first_name), ("last_name", self.last_name)]
        return fields

    def check_post(self, c: Check) -> None:
        r = self.http.post(f"{self.base}/requests.json", data=self.form())
        data = self.json_answer(c, r, "request_created", expected=(200, 201))
        c.require(len(data) == 1, f"{len(data)} items in the answer, expected 1")
        created = data[0]
        if created.get("service_request_id"):
            self.request_id = created["service_request_id"]
            return
        token = created["token"]
        deadline = time.monotonic() + TOKEN_WAIT
        while True:
            r = self.http.get(f"{self.base}/tokens/{token}.json")
            tokens = self.json_answer(c, r, "tokens")
            c.require(tokens[0]["token"] == token, f"tokens/{token}.json answers token {tokens[0]['token']!r}")
            if tokens[0]["service_request_id"]:
                self.request_id = tokens[0]["service_request_id"]
                break
            c.require(time.monotonic() < deadline, f"token {token} has no service_request_id after {TOKEN_WAIT} s")
            time.sleep(1)
        r = self.http.get(f"{self.base}/tokens/{token}.xml")
        agree(tokens, self.xml_answer(c, r, "service_requests", "tokens"), f"tokens/{token}", c.problems)

    # ---- reading the request back ----------------------------------------------------------------

    def check_request(self, fmt: str) -> Callable[[Check], None]:
        def check(c: Check) -> None:
            assert self.request_id is not None and self.target is not None
            result, r = self.client_call(c, fmt, "get_service_request", self.request_id)
            if fmt == "json":
                data = self.json_answer(c, r, "service_requests")
            else:
                data = self.xml_answer(c, r, "service_requests", "service_requests")
            c.require(len(data) == 1, f"{len(data)} requests in the answer, expected 1")
            item = data[0]
            if fmt == "json":
                c.expect(result == item, "georeport get_service_request() did not return the request")
                self.request_json = item
            else:
                c.expect(
                    isinstance(result, dict) and result.get("service_request_id") == self.request_id,
                    "georeport get_service_request() (xml) did not read the request",
                )
                if self.request_json is not None:
                    agree(self.request_json, item, f"requests/{self.request_id}", c.problems)
            c.expect(
                item["service_request_id"] == self.request_id, f"service_request_id {item['service_request_id']!r}"
            )
            c.expect(item["service_code"] == self.target["service_code"], f"service_code {item['service_code']!r}")
            c.expect(item["status"] == "open", f"status {item['status']!r}, expected open")
            for key, posted in (("lat", LAT), ("long", LONG)):
                value = item[key]
                c.expect(
                    isinstance(value, (int, float)) and abs(value - posted) <= COORD_TOLERANCE,
                    f"{key} {value!r}, posted {posted}",
                )
            c.expect(
                item["description"] == self.description,
                f"description {item['description']!r}, posted {self.description!r}",
            )
            requested = parse_w3c(item["requested_datetime"])
            now = dt.datetime.now(dt.timezone.utc)
            c.expect(
                requested is not None and abs(requested - now) <= CLOCK_TOLERANCE,
                f"requested_datetime {item['requested_datetime']!r} is not within an hour of now ({w3c_now()})",
            )

        return check

    # ---- GET requests with filters --------------------------------------------------------------

    def check_list(
        self, name: str, fmt: str, params: dict, verify: Callable[[Check, list], None]
    ) -> Callable[[Check], None]:
        def check(c: Check) -> None:
            result, r = self.client_call(c, fmt, "get_service_requests", **params)
            if fmt == "json":
                data = self.json_answer(c, r, "service_requests")
                c.expect(result == data, "georeport get_service_requests() did not return the body")
                self.list_results[name] = data
            else:
                data = self.xml_answer(c, r, "service_requests", "service_requests")
                if data:
                    read = result if isinstance(result, list) else [result]
                    c.expect(
                        len(read) == len(data) and all(isinstance(x, dict) for x in read),
                        "georeport get_service_requests() (xml) did not read the requests",
                    )
                if name in self.list_results:
                    agree(self.list_results[name], data, f"requests.xml?{name}", c.problems)
            c.expect(len(data) <= 1000, f"{len(data)} requests returned, at most 1000 allowed")
            ids = [x["service_request_id"] for x in data]
            c.expect(len(ids) == len(set(ids)), "a service_request_id appears twice")
            verify(c, data)

        return check

    def list_checks(self) -> list[tuple[str, dict, Callable[[Check, list], None]]]:
        rid = self.request_id
        code = self.target["service_code"] if self.target else None

        def ids(data: list) -> list[str]:
            return [x["service_request_id"] for x in data]

        def by_id(c: Check, data: list) -> None:
            c.expect(ids(data) == [rid], f"expected exactly [{rid!r}], got {ids(data)[:10]}")

        def by_code(c: Check, data: list) -> None:
            c.expect(rid in ids(data), f"{rid!r} is not in the answer")
            others = {x["service_code"] for x in data} - {code}
            c.expect(not others, f"other service codes in the answer: {sorted(others)}")

        def status_is(status: str, contains: bool) -> Callable[[Check, list], None]:
            def verify(c: Check, data: list) -> None:
                c.expect((rid in ids(data)) == contains, f"{rid!r} {'is not' if contains else 'is'} in the answer")
                wrong = {x["status"] for x in data} - {status}
                c.expect(not wrong, f"statuses other than {status} in the answer: {sorted(wrong)}")

            return verify

        start, end = w3c_now(-CLOCK_TOLERANCE), w3c_now(CLOCK_TOLERANCE)

        def in_window(c: Check, data: list) -> None:
            c.expect(rid in ids(data), f"{rid!r} is not in the answer")
            low, high = parse_w3c(start), parse_w3c(end)
            outside = [x["requested_datetime"] for x in data if not (low <= parse_w3c(x["requested_datetime"]) <= high)]
            c.expect(not outside, f"requested_datetime outside {start}..{end}: {outside[:5]}")

        def empty(c: Check, data: list) -> None:
            c.expect(data == [], f"expected no requests, got {ids(data)[:10]}")

        def anything(c: Check, data: list) -> None:
            pass

        return [
            (f"service_request_id={rid}", {"service_request_id": rid}, by_id),
            (f"service_code={code}", {"service_code": code}, by_code),
            ("status=open", {"status": "open"}, status_is("open", True)),
            ("status=closed", {"status": "closed"}, status_is("closed", False)),
            (f"start_date={start}&end_date={end}", {"start_date": start, "end_date": end}, in_window),
            (
                "start_date=2000-01-01T00:00:00Z&end_date=2000-03-01T00:00:00Z",
                {"start_date": "2000-01-01T00:00:00Z", "end_date": "2000-03-01T00:00:00Z"},
                empty,
            ),
            ("(no parameters)", {}, anything),
        ]

    # ---- errors ------------------------------------------------------------------------------------

    def check_error(
        self, method: str, path: str, expected: tuple[int, ...], form: Callable[[], list] | None = None, **kwargs: Any
    ) -> Callable[[Check], None]:
        def check(c: Check) -> None:
            if form is not None:
                kwargs["data"] = form()
            r = self.http.request(method, f"{self.base}/{path}", **kwargs)
            if path.split("?")[0].endswith(".xml"):
                data = self.xml_answer(c, r, "errors", "errors", expected=expected)
            else:
                data = self.json_answer(c, r, "errors", expected=expected)
            codes = [e["code"] for e in data]
            c.expect(
                all(code == r.status_code for code in codes), f"error codes {codes} differ from HTTP {r.status_code}"
            )
            c.expect(b"boom" not in r.content, "the answer contains the expanded XML entity")

        return check

    # ---- whole run ---------------------------------------------------------------------------------

    def check_no_5xx(self, c: Check) -> None:
        for e in self.http.log:
            c.expect(e.status is None or e.status < 500, f"{e.method} {e.url}: HTTP {e.status}: {snippet(e.body, 200)}")

    def check_privacy(self, c: Check) -> None:
        secrets = [EMAIL, EMAIL.replace("@", "%40"), self.first_name, self.last_name]
        for e in self.http.log:
            lowered = e.body.lower()
            for secret in secrets:
                c.expect(secret.lower() not in lowered, f"{e.method} {e.url} (HTTP {e.status}) shows {secret!r}")

    def run_all(self) -> bool:
        self.run("GET discovery.json", self.check_discovery_json)
        self.run("GET discovery.xml (agrees with JSON)", self.check_discovery_xml)
        self.run("GET services.json (georeport)", self.check_services_json)
        self.run("GET services.xml (georeport, agrees with JSON)", self.check_services_xml, needs=("services",))
        for service in self.services or []:
            if service["metadata"]:
                code = service["service_code"]
                self.run(f"GET services/{code}.json (georeport)", self.check_definition(code, "json"))
                self.run(f"GET services/{code}.xml (georeport, agrees with JSON)", self.check_definition(code, "xml"))
        self.run("a metadata service has a required attribute", self.check_target, needs=("services",))
        self.run("POST requests.json creates a request", self.check_post, needs=("target",))
        for fmt in ("json", "xml"):
            self.run(
                f"GET requests/ID.{fmt} (georeport) shows what was posted",
                self.check_request(fmt),
                needs=("request_id",),
            )
        if self.request_id is not None and self.target is not None:
            for name, params, verify in self.list_checks():
                for fmt in ("json", "xml"):
                    label = f"requests.{fmt}?{name}" if params else f"requests.{fmt} {name}"
                    self.run(f"GET {label}", self.check_list(name, fmt, params, verify))
        else:
            self.run("GET requests with filters", lambda c: None, needs=("request_id", "target"))

        tag = self.tag
        has_target = self.target is not None
        post_cases: list[tuple[str, str, tuple[int, ...], Callable[[], list]]] = []
        if has_target:
            required = self.required_attributes(self.definitions[self.target["service_code"]])
            post_cases = [
                ("without api_key", "requests.json", (403,), lambda: self.form(api_key=None)),
                ("without api_key", "requests.xml", (403,), lambda: self.form(api_key=None)),
                ("with a wrong api_key", "requests.json", (403,), lambda: self.form(api_key=f"wrong-{tag}")),
                (
                    "with an unknown service_code",
                    "requests.json",
                    (400, 404),
                    lambda: self.form(service_code=f"NOPE-{tag}"),
                ),
                (
                    "with an unknown service_code",
                    "requests.xml",
                    (400, 404),
                    lambda: self.form(service_code=f"NOPE-{tag}"),
                ),
                (
                    f"without required attribute {required[0]['code']}",
                    "requests.json",
                    (400,),
                    lambda: self.form(skip_attribute=required[0]["code"]),
                ),
                (
                    "with a 4001-character description",
                    "requests.json",
                    (400,),
                    lambda: self.form(description="x" * 4001),
                ),
                ("with lat=200", "requests.json", (400,), lambda: self.form(lat=200)),
            ]
        else:
            self.run("POST error cases", lambda c: None, needs=("target",))
        for what, path, expected, form in post_cases:
            self.run(
                f"POST {path} {what} → {'/'.join(map(str, expected))}",
                self.check_error("POST", path, expected, form=form),
            )
        for fmt in ("json", "xml"):
            self.run(
                f"GET requests/999999999.{fmt} → 404", self.check_error("GET", f"requests/999999999.{fmt}", (404,))
            )
            self.run(f"GET services/NOPE.{fmt} → 404", self.check_error("GET", f"services/NOPE.{fmt}", (404,)))
            self.run(
                f"GET requests.{fmt}?start_date=garbage → 400",
                self.check_error("GET", f"requests.{fmt}", (400,), params={"start_date": "garbage"}),
            )
        self.run(
            "GET requests.json spanning more than 90 days → 400",
            self.check_error(
                "GET",
                "requests.json",
                (400,),
                params={"start_date": "2020-01-01T00:00:00Z", "end_date": "2021-01-01T00:00:00Z"},
            ),
        )
        entity_body = '<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
        for fmt in ("json", "xml"):
            self.run(
                f"POST requests.{fmt} with an XML body (DOCTYPE, entity) → 400",
                self.check_error(
                    "POST",
                    f"requests.{fmt}",
                    (400,),
                    data=entity_body.encode(),
                    headers={"Content-Type": "application/xml"},
                ),
            )
        self.run("no answer was a 5xx", self.check_no_5xx)
        self.run("no answer shows the posted email, first_name or last_name", self.check_privacy)

        failed = [c for c in self.results if c.problems]
        print()
        print(
            f"{len(self.results)} checks, {len(self.results) - len(failed)} passed, {len(failed)} failed "
            f"({len(self.http.log)} HTTP exchanges)"
        )
        for c in failed:
            print(f"  FAIL {c.name}")
        return not failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="GeoReport v2 root, e.g. http://127.0.0.1:8080/open311/v2")
    parser.add_argument("--api-key", required=True, help="a valid api_key for POST requests")
    parser.add_argument("--discovery", help="discovery URL without the .json/.xml suffix (default: BASE/discovery)")
    args = parser.parse_args(argv)
    if not urlparse(args.base).scheme.startswith("http"):
        parser.error("--base must be an http(s) URL")
    suite = Suite(args.base, args.api_key, args.discovery or f"{args.base.rstrip('/')}/discovery")
    print(f"Open311 GeoReport v2 conformance: {suite.base} (run {suite.tag})")
    return 0 if suite.run_all() else 1


if __name__ == "__main__":
    sys.exit(main())
