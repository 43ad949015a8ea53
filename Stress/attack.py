#!/usr/bin/env python3
"""Attack corpus for Stress/attack.sh: hostile payloads through every route parameter and query
field of a running `broadsheet serve`, each answer checked.

The routes are read from the code (`SiteURL.Route` and the `routes.get/post/delete` calls of
`Application+build.swift`) and the query fields from every `.get("…")` of the web module, so a
route or field added later fails this program until the corpus covers it. Each payload goes
into one slot at a time, the other slots holding real values of the archive (a paper, a date,
an article), so it reaches as deep as a reader's request would.

Payload classes: XSS, SQL injection (and FTS5 syntax), path traversal (encoded, double-encoded,
overlong UTF-8, null bytes), CRLF header injection, oversized (1 MB values, long paths, many
parameters, big headers and bodies). Every answer is checked for:

- a 5xx, no answer, or a hang (the server must answer every request and stay up);
- unescaped reflection in HTML or XML: the payload's markup verbatim, or any element with an
  event handler, a script other than the JSON-LD block, a javascript:/data: URL in an attribute
  (the reader has none of these, which the baseline requests confirm);
- a file outside the static set: /static/ answering 200 for anything but its files, or a body
  holding /etc/passwd, Package.swift, a template, the SQLite file, a git config, the environment;
- SQL error text (SQLite's messages, GRDB's error names, FTS5's syntax errors);
- an injected response header (a header or cookie the payload named, a second response).

Writes are attacked too, with the token given: imports with hostile names, papers, slugs and
times, withdrawals with hostile reasons (and the stored reason read back from the 410 page),
restores. The program prints payloads and requests per class and every finding, and exits 1 on
any finding.
"""
import argparse
import concurrent.futures
import html
import html.parser
import json
import re
import socket
import sys
import time
import unicodedata
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

# ---------------------------------------------------------------- the routes, from the code


def routes_from_code(root):
    site = (root / "Sources/BroadsheetWeb/SiteURL.swift").read_text()
    build = (root / "Sources/BroadsheetWeb/Application+build.swift").read_text()
    route_enum = site[site.index("public enum Route"):]
    constants = dict(re.findall(r'public static let (\w+) = "([^"]+)"', route_enum))
    routes = []
    for method, arg in re.findall(r'routes\.(get|post|delete)\((Route\.\w+|"[^"]+")\)', build):
        pattern = constants[arg[len("Route."):]] if arg.startswith("Route.") else arg.strip('"')
        routes.append((method.upper(), pattern))
    if len(routes) < 30:
        sys.exit(f"attack: found only {len(routes)} routes in Application+build.swift; has the way routes are added changed?")
    return routes


def query_fields_from_code(root):
    fields = set()
    for f in (root / "Sources/BroadsheetWeb").rglob("*.swift"):
        text = f.read_text()
        fields |= set(re.findall(r'(?:queryParameters|parameters)\.get\("(\w+)"\)', text))
        fields |= set(re.findall(r'\b(?:value|typed)\("(\w+)"\)', text))
    return fields


SEARCH_FIELDS = ["q", "paper", "page", "section", "from", "to", "sort", "p"]
# The query fields each route reads (the code is checked against this table at start).
QUERY_FIELDS = {
    ("GET", "/search"): SEARCH_FIELDS,
    ("GET", "/search.csv"): SEARCH_FIELDS,
    ("GET", "/search.jsonl"): SEARCH_FIELDS,
    ("GET", "/search.atom"): SEARCH_FIELDS,
    ("GET", "/api/v1/search"): SEARCH_FIELDS,
    ("GET", "/kwic"): ["q", "width", "sort", "p"],
    ("GET", "/kwic.csv"): ["q", "width", "sort", "p"],
    ("GET", "/trends"): ["q", "interval", "measure"],
    ("GET", "/trends.csv"): ["q", "interval", "measure"],
    ("GET", "/api/v1/trends"): ["q", "interval", "measure"],
    ("GET", "/bylines/:name"): ["p"],
    ("GET", "/papers/:paper/:date/pages/:page"): ["q"],
    ("GET", "/papers/:paper"): ["year"],
    ("GET", "/api/v1/log"): ["limit"],
    ("POST", "/api/v1/imports"): ["name", "paper", "slug", "publish_at"],
    ("DELETE", "/api/v1/articles/:id"): ["reason"],
}

# ---------------------------------------------------------------- the payloads


class Payload:
    """`text` is what the server should see after decoding; `wire` is sent as is, where the
    payload is an encoding trick (`%2e%2e%2f`, `..%c0%af`, `%0d%0a`)."""

    def __init__(self, kind, text=None, wire=None, note=""):
        self.kind, self.note = kind, note
        self.wire = wire
        self.text = text if text is not None else urllib.parse.unquote(wire, errors="replace")
        folded = unicodedata.normalize("NFKC", self.text)
        # Verbatim markup that must never come back unescaped: the payload, and its form with
        # full-width characters folded (search folds them).
        self.fragments = [t for t in {self.text, folded} if any(c in t for c in "<>\"'") and len(t) >= 4 and len(t) < 5000]

    def path_wire(self):
        return self.wire if self.wire is not None else urllib.parse.quote(self.text, safe="")

    def query_wire(self):
        if self.wire is not None:
            return self.wire.replace(" ", "%20").replace("#", "%23").replace("&", "%26").replace("+", "%2B")
        return urllib.parse.quote(self.text, safe="")


def xss_payloads():
    templates = [
        "<script>alert('{m}')</script>", "\"><script>alert('{m}')</script>", "'><script>alert('{m}')</script>",
        "</script><script>alert('{m}')</script>", "<img src=x onerror=alert('{m}')>", "\"><img src=x onerror=alert('{m}')>",
        "<svg/onload=alert('{m}')>", "<svg><script>alert('{m}')</script></svg>", "\" onmouseover=\"alert('{m}')",
        "' onmouseover='alert('{m}')", "\" autofocus onfocus=\"alert('{m}')", "javascript:alert('{m}')",
        "JaVaScRiPt:alert('{m}')", "<iframe src=\"javascript:alert('{m}')\">", "<body onload=alert('{m}')>",
        "<a href=\"javascript:alert('{m}')\">x</a>", "<details open ontoggle=alert('{m}')>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')>", "<ScRiPt>alert('{m}')</sCrIpT>",
        "<scr<script>ipt>alert('{m}')</scr</script>ipt>", "<<script>alert('{m}');//<</script>",
        "<img src=\"x` `<script>alert('{m}')</script>\"` `>", "＜script＞alert('{m}')＜/script＞",
        "＂＞＜img src=x onerror=alert('{m}')＞", "\\u003cscript\\u003ealert('{m}')\\u003c/script\\u003e",
        "&lt;script&gt;alert('{m}')&lt;/script&gt;", "&#60;script&#62;alert('{m}')&#60;/script&#62;",
        "<style>@import'//evil.example/{m}';</style>", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('{m}')\">",
        "<input autofocus onfocus=alert('{m}')>", "<video><source onerror=\"alert('{m}')\">", "<object data=\"javascript:alert('{m}')\">",
        "{{7*7}}{m}", "{{{m}}}", "${7*7}{m}", "<!--{m}--><script>alert('{m}')</script>",
        "<![CDATA[<script>alert('{m}')</script>]]>", "]]><script>alert('{m}')</script>", "</title><script>alert('{m}')</script>",
        "</textarea><script>alert('{m}')</script>", "台州红云<script>alert('{m}')</script>", "人民\"><img src=x onerror=alert('{m}')>",
        "人民<b>{m}</b>", "<x onclick=alert('{m}')>click", "\"'><svg onload=alert('{m}')>", "\"-alert('{m}')-\"", "'-alert('{m}')-'",
        "</script><img src=x onerror=alert('{m}')>", "\\\"></script><script>alert('{m}')</script>", "<a href=//evil.example/{m}>x</a>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(\"{m}\")",
        "<scr\u200bipt>alert('{m}')</script>", "<script\u0000>alert('{m}')</script>", "<img src=x onerror=\"&#97;lert('{m}')\">",
        "title:<script>alert('{m}')</script>", "byline:\"><img src=x onerror=alert('{m}')>", "section:<svg onload=alert('{m}')>",
        "\"<script>alert('{m}')</script>\"", "-<script>alert('{m}')</script>", "(<script>alert('{m}')</script>)",
    ]
    out = [Payload("xss", t.replace("{m}", f"bsx{i:03d}")) for i, t in enumerate(templates)]
    # Encoded on the wire once more: a server that decodes twice would see markup.
    for i, t in enumerate(["<script>alert('{m}')</script>", "\"><img src=x onerror=alert('{m}')>", "<svg onload=alert('{m}')>"]):
        once = urllib.parse.quote(t.replace("{m}", f"bsx2{i:02d}"), safe="")
        out.append(Payload("xss", wire=urllib.parse.quote(once, safe=""), note="double-encoded"))
    return out


def sqli_payloads():
    texts = [
        "'", "\"", "`", "' OR '1'='1", "' OR 1=1--", "\" OR \"1\"=\"1", "') OR ('1'='1", "1' AND 1=1--", "1 OR 1=1", "admin'--",
        "'; DROP TABLE article;--", "1; DROP TABLE paper", "' UNION SELECT sql FROM sqlite_master--", "' UNION SELECT 1,2,3--",
        "1' ORDER BY 99--", "' AND (SELECT count(*) FROM sqlite_master)>0--", "' || (SELECT sqlite_version()) || '",
        "' AND randomblob(1000000000)--", "' AND 1=CAST((SELECT sql FROM sqlite_master) AS int)--", "%' --", "_%_", "%",
        "*", "NEAR(a b)", "台州 NEAR/1 红云", "\"a\" \"b", "col:term", "{headline body}: x", "-", "^人民", "人民*", "((", "))",
        "\"\"", "''", "'--", "1e999", "-1", "0", "99999999999999999999", "9223372036854775808", "0x7fffffff", "1.5", "NaN",
        "null", "true", "[]", "{}", "\\", "char(39)", "1 AND sleep(5)", ";SELECT load_extension('x')--",
        "' ATTACH DATABASE '/tmp/pwn.sqlite' AS pwn--", "'; PRAGMA writable_schema=1;--", "rmrb' OR '1'='1",
        "rmrb-20190201-01-01' OR '1'='1", "2019-02-01' OR '1'='1", "1 UNION SELECT 1", "AND", "OR", "NOT", "人民 AND", "OR 人民",
        "title:", "rank:1", "bm25(article_fts)", "\"人民", "人民\"", "(人民", "人民)", "+人民", "人民 NOT", "人民 -", "--人民",
        "\x00", "人民\x00' OR 1=1",
    ]
    return [Payload("sqli", t) for t in texts]


def traversal_payloads():
    wires = [
        "../Package.swift", "../../Package.swift", "../../../../../../../../etc/passwd", "..%2fPackage.swift", "%2e%2e%2fPackage.swift",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..%252f..%252fPackage.swift", "%252e%252e%252fPackage.swift",
        "..%c0%af..%c0%af..%c0%afetc%c0%afpasswd", "..%c1%9c..%c1%9cetc%c1%9cpasswd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "..%e0%80%afPackage.swift", "..\\Package.swift", "..%5cPackage.swift", "..%255cPackage.swift", "....//....//etc/passwd",
        "..;/Package.swift", "/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd", "file:///etc/passwd", "style.css%00.txt",
        "style.css%00", "%00", "%00../../Package.swift", "../templates/head.mustache", "..%2ftemplates%2fhead.mustache",
        "../openapi.json", "..%2fopenapi.json", ".git/config", "../.git/HEAD", "..%00/Package.swift", "%2e%2e%5cPackage.swift",
        "..%u2216Package.swift", "..%ef%bc%8fPackage.swift", "%ef%bc%8e%ef%bc%8e%ef%bc%8fPackage.swift", "/proc/self/environ",
        "../../../../proc/self/environ", "..%2f..%2f..%2f..%2fproc%2fself%2fcmdline", "archive.sqlite", "../archive.sqlite",
        "..%2farchive.sqlite", "style.css/../../Package.swift", "style.css%2f..%2f..%2fPackage.swift", "STYLE.CSS", "style.css.",
        "style.css%20", "./style.css", ".%2fstyle.css", "%2e", "%2e%2e", "..", ".", "~root", "%7eroot", "C:%5cWindows%5cwin.ini",
        "..%2F..%2F..%2F..%2FSources%2FBroadsheetWeb%2FResources%2Fopenapi.json",
    ]
    return [Payload("traversal", wire=w) for w in wires]


def crlf_payloads():
    wires = [
        "%0d%0aX-Injected:%20bsx", "%0d%0aSet-Cookie:%20bsx=1", "%0aX-Injected:%20bsx", "%0dX-Injected:%20bsx",
        "%0d%0a%0d%0a%3Cscript%3Ealert('bsx')%3C/script%3E", "%E5%98%8A%E5%98%8DX-Injected:%20bsx", "%c4%8d%c4%8aX-Injected:%20bsx",
        "%250d%250aX-Injected:%20bsx", "%0d%0aLocation:%20http://evil.example/bsx", "%0d%0aContent-Length:%200%0d%0a%0d%0aHTTP/1.1%20200%20OK%0d%0aX-Injected:%20bsx",
        "%00X-Injected:%20bsx", "%0bX-Injected:%20bsx", "%0cX-Injected:%20bsx", "%e2%80%a8X-Injected:%20bsx", "%e2%80%a9X-Injected:%20bsx",
        "%c2%85X-Injected:%20bsx", "rmrb%0d%0aX-Injected:%20bsx", "2019-02-01%0d%0aX-Injected:%20bsx", "1%0d%0aX-Injected:%20bsx",
        "%0d%0a%20X-Injected:%20bsx", "%0D%0AX-Injected:%20bsx", "%%0d0aX-Injected:%20bsx", "%u000d%u000aX-Injected:%20bsx",
        "%0d%0aRefresh:%200;url=http://evil.example/", "%0d%0aContent-Type:%20text/html%0d%0a%0d%0a%3Csvg%20onload=alert('bsx')%3E",
    ]
    return [Payload("crlf", wire=w) for w in wires]


def oversized_payloads(smoke):
    big = 1 << 20
    texts = [
        ("a" * big, "1 MB of a"), ("红" * (big // 3), "1 MB of 红"), ("(" * big, "1 MB of ("), ("%" * big, "1 MB of %"),
        ("人民 " * 60 + "人民", "256 characters of terms"), ("(" * 120 + "人民" + ")" * 120, "nesting 120 deep"),
        ("人民 OR " * 36 + "人民", "37 ORs"), ("\"" + "人民" * 127 + "\"", "a 254-character phrase"),
        ("-人民 " * 50, "50 exclusions"), ("a" * 100_000, "100 KB of a"), ("e\u0301" * 200, "200 letters with combining marks (400 code points)"),
        ("x" * 2049, "one byte over the URI limit"), ("9" * 400, "a 400-digit number"),
    ]
    if smoke:
        texts = texts[:1] + texts[4:8]
    return [Payload("oversized", t, note=n) for t, n in texts]


# ---------------------------------------------------------------- HTTP, byte for byte


class Answer:
    def __init__(self, status, headers, body, raw_head):
        self.status, self.headers, self.body, self.raw_head = status, headers, body, raw_head

    def header(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def content_type(self):
        return (self.header("content-type") or [""])[0].lower()

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


def send(port, method, target, headers=(), body=b"", raw=None, timeout=60):
    """One request on its own connection; None when the server closes it without answering."""
    if raw is None:
        lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers]
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", errors="surrogateescape") + body
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = bytearray()
        while True:
            try:
                chunk = s.recv(1 << 16)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    if not data:
        return None
    head, _, rest = bytes(data).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ")[1])
    except (IndexError, ValueError):
        return Answer(0, [], bytes(data), head)
    headers = [tuple(x.strip() for x in l.split(":", 1)) for l in lines[1:] if ":" in l]
    if any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers):
        out, buf = bytearray(), rest
        while buf:
            size_line, _, buf = buf.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            out += buf[:size]
            buf = buf[size + 2:]
        rest = bytes(out)
    return Answer(status, headers, rest, head)


# ---------------------------------------------------------------- the checks

SQL_ERRORS = re.compile(r"SQLITE_|sqlite3|SQLite error|syntax error|no such (column|table|function)|unrecognized token|"
                        r"DatabaseError|GRDB|fts5:|fts5 syntax|malformed MATCH|unterminated string|near \"[^\"]*\": syntax")
FILE_LEAKS = re.compile(r"root:x?:0:0:|swift-tools-version|\{\{#|\{\{/|SQLite format 3|\[core\]\s|repositoryformatversion|"
                        r"PATH=/|HOME=/|^import (Foundation|Hummingbird)", re.M)
class ActiveContent(html.parser.HTMLParser):
    """What a browser would run in a page: event-handler attributes, scripts, javascript: URLs,
    frames and objects, a meta refresh. The reader's own inline scripts (learnt from the baseline
    requests) and JSON-LD that is valid JSON are its own, not a payload's."""

    known_scripts = set()

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.script, self.script_type, self.script_src = [], None, "", ""

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag}> with the event handler {name}")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc") and \
                    value.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"<{tag} {name}=\"{value[:40]}\">")
        if tag in ("iframe", "frame", "object", "embed", "applet", "base"):
            self.found.append(f"a <{tag}> element")
        if tag == "meta" and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
            self.found.append("a meta refresh")
        if tag == "script":
            self.script, self.script_type, self.script_src = [], dict(attrs).get("type") or "", dict(attrs).get("src") or ""

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            text = "".join(self.script)
            if self.script_type == "application/ld+json":
                try:
                    json.loads(text)
                except ValueError:
                    self.found.append("a JSON-LD block that is not JSON")
            elif (self.script_src, text) not in self.known_scripts:
                self.found.append(f"a script of its own: src={self.script_src[:60]!r} {text[:60]!r}")
            self.script = None

    @classmethod
    def scan(cls, text):
        parser = cls()
        parser.feed(text)
        parser.close()
        if parser.script is not None:
            parser.found.append("a script element left open")
        return parser.found

    @classmethod
    def learn(cls, text):
        """The inline scripts of a page answered to real values."""
        for m in re.finditer(r"<script(?![^>]*application/ld\+json)([^>]*)>(.*?)</script>", text, re.S):
            src = re.search(r'src="([^"]*)"', m.group(1))
            cls.known_scripts.add((html.unescape(src.group(1)) if src else "", m.group(2)))


MARKUP_TYPES = ("text/html", "application/xml", "application/atom+xml", "application/opensearchdescription+xml", "image/svg")


def check(answer, payload, where, expect_static=False, may_close=False):
    """The findings one answer gives; `where` names the request. A request the HTTP layer cannot
    parse (`may_close`) and an oversized one may be answered by closing the connection."""
    found = []
    if answer is None:
        if not may_close and (payload is None or payload.kind != "oversized"):
            found.append(("no answer", where))
        return found
    if answer.status >= 500 or answer.status == 0:
        found.append((f"{answer.status or 'malformed'} answer", where))
    text = answer.text
    if SQL_ERRORS.search(text):
        found.append(("SQL error text", f"{where}: …{SQL_ERRORS.search(text).group(0)}…"))
    if FILE_LEAKS.search(text) and "text/css" not in answer.content_type:
        found.append(("a file outside the static set", f"{where}: …{FILE_LEAKS.search(text).group(0)}…"))
    if expect_static and answer.status in (200, 206):
        found.append(("a file outside the static set", f"{where}: answered {answer.status}"))
    if any(ct in answer.content_type for ct in MARKUP_TYPES):
        for what in ActiveContent.scan(text):
            found.append(("unescaped reflection", f"{where}: {what}"))
        if payload is not None:
            for fragment in payload.fragments:
                if fragment in text:
                    found.append(("unescaped reflection", f"{where}: the payload verbatim"))
                    break
            if "{{7*7}}" in payload.text or "${7*7}" in payload.text:
                marker = re.search(r"bsx\d+", payload.text).group(0)
                if "49" + marker in text:
                    found.append(("template evaluated", where))
    # The HTTP layer's own refusals (a head too large to parse) are an empty 400 or 431.
    if where.startswith(("GET /api/", "POST /api/", "DELETE /api/")) and answer.body and "application/json" not in answer.content_type:
        found.append(("API answer not JSON", f"{where}: {answer.content_type}"))
    for name, value in answer.headers:
        if name.lower() in ("x-injected", "set-cookie", "refresh") or "evil.example" in value or "bsx" in value:
            found.append(("injected header", f"{where}: {name}: {value}"))
    if b"\r\nHTTP/1." in answer.raw_head:
        found.append(("injected header", f"{where}: a second response in the head"))
    return found


# ---------------------------------------------------------------- the run


class Run:
    def __init__(self, args, root):
        self.args, self.root, self.port = args, root, args.port
        self.findings = []
        self.requests = Counter()
        self.statuses = defaultdict(Counter)
        self.auth = [("Authorization", f"Bearer {args.token}")] if args.token else []

    def request(self, kind, method, target, payload=None, headers=(), body=b"", raw=None, expect_static=False, label=None, may_close=False):
        where = label or f"{method} {target[:160]}{'…' if len(target) > 160 else ''}"
        start = time.monotonic()
        try:
            answer = send(self.port, method, target, headers=list(headers), body=body, raw=raw)
        except socket.timeout:
            return self.note(kind, None, [("hang (no answer in 60 s)", where)])
        except ConnectionRefusedError:
            return self.note(kind, None, [("server down", where)])
        took = time.monotonic() - start
        found = check(answer, payload, where, expect_static, may_close)
        if took > 30:
            found.append((f"slow answer ({took:.0f} s)", where))
        return self.note(kind, answer, found)

    def note(self, kind, answer, found):
        self.requests[kind] += 1
        self.statuses[kind][answer.status if answer else "closed"] += 1
        self.findings += [(kind, f, w) for f, w in found]
        return answer

    def get_json(self, path):
        answer = send(self.port, "GET", path, headers=self.auth)
        if answer is None or answer.status != 200:
            sys.exit(f"attack: {path} answered {answer.status if answer else 'nothing'}; is the archive empty?")
        return json.loads(answer.body)

    def alive(self):
        try:
            answer = send(self.port, "GET", "/healthz", timeout=10)
            return answer is not None and answer.status == 200
        except OSError:
            return False

    # Real values for every slot, from the archive itself.
    def discover(self):
        papers = self.get_json("/api/v1/papers")["papers"]
        # The crawl's paper or the sample's, whose files can be imported again as corrections.
        paper = next((p for slug in ("rmrb", "zjrb") for p in papers if p["slug"] == slug), papers[0])
        date = paper["lastDate"]
        edition = self.get_json(f"/api/v1/papers/{paper['slug']}/editions/{date}")
        page = edition["pages"][0]
        article = page["articles"][0]["id"]
        results = self.get_json("/api/v1/search?q=%E8%AE%B0%E8%80%85")
        byline = results["facets"]["authors"][0]["value"] if results["facets"]["authors"] else "本报记者"
        self.valid = {"paper": paper["slug"], "date": date, "page": str(page["number"]), "id": article, "seq": "0",
                      "name": byline, "section": page.get("name") or "要闻", "file": "style.css",
                      # A month's sitemap file: /sitemaps/{paper}/{YYYY-MM}.xml.
                      "month": date[:7] + ".xml"}
        self.paper_name = paper["name"]
        # A page image, when the archive holds scans: its digest and a file of its folder.
        self.valid["sha"], self.rest = "0" * 64, {"/media/:sha/**": "derived/medium.webp", "/iiif/image/:sha/**": "0,0,512,512/512,512/0/default.jpg"}
        self.media, self.manifest = False, {}
        for p in papers:
            if self.media:
                break
            last = self.get_json(f"/api/v1/papers/{p['slug']}/editions/{p['lastDate']}")
            for pg in last["pages"]:
                image = pg.get("image") or ""
                m = re.search(r"/media/([0-9a-f]{64})/(.+)$", image)
                if m:
                    self.valid["sha"], self.rest["/media/:sha/**"] = m.group(1), m.group(2)
                    self.media = True
                    # The edition's IIIF manifest exists only where its pages have images.
                    self.manifest = {"paper": p["slug"], "date": p["lastDate"]}
                    break
        # Query values that make a slot's request a real one: a search that finds something, an
        # import of a real file into the paper it belongs to.
        self.defaults = {"q": "人民", "limit": "5", "paper": paper["name"]}
        # A correction, so that /articles/{id}/versions/0 exists and its slots reach the version.
        document = self.get_json(f"/api/v1/articles/{article}")
        original = document["originals"][0]
        self.original = original
        self.versioned = False
        if self.args.token:
            # A changed sentence end in the body; the trailer and headline stay as they were.
            corrected = original["text"].replace("。", "！", 1)
            answer = send(self.port, "POST", "/api/v1/imports?name=" + urllib.parse.quote(original["name"]) + "&paper="
                          + urllib.parse.quote(paper["name"]), headers=self.auth, body=corrected.encode())
            self.versioned = answer is not None and answer.status == 200 and bool(self.get_json(f"/api/v1/articles/{article}/versions"))

    def path(self, pattern, slot=None, value=None):
        """`pattern` with real values in its slots but `slot`, which holds `value` as is. A
        final `**` is the slot `rest`: the path inside a media folder or an image service."""
        parts = []
        for segment in pattern.split("/"):
            name = "rest" if segment == "**" else segment[1:] if segment.startswith(":") else None
            if name is None:
                parts.append(segment)
            elif name == slot:
                parts.append(value)
            elif name == "rest":
                parts.append(self.rest[pattern])
            elif pattern.startswith("/iiif/:paper") and name in self.manifest:
                parts.append(urllib.parse.quote(self.manifest[name], safe=""))
            else:
                parts.append(urllib.parse.quote(self.valid[name], safe=""))
        return "/".join(parts)

    def query(self, fields, slot=None, value=None):
        items = []
        for f in fields:
            if f == slot:
                items.append(f"{f}={value}")
            elif f in self.defaults:
                items.append(f"{f}={urllib.parse.quote(self.defaults[f], safe='')}")
        return ("?" + "&".join(items)) if items else ""

    def baseline(self, routes):
        """Every route with real values: it must answer, and its page must pass the checks."""
        for method, pattern in routes:
            fields = QUERY_FIELDS.get((method, pattern), [])
            target = self.path(pattern) + self.query(fields)
            if (method, pattern) == ("POST", "/api/v1/imports"):
                target += "&name=" + urllib.parse.quote(self.original["name"])
            headers, body = self.write_request(method, pattern)
            page = send(self.port, method, target, headers=headers, body=body)
            if page is not None and "text/html" in page.content_type:
                ActiveContent.learn(page.text)
            answer = self.request("baseline", method, target, headers=headers, body=body)
            if answer is not None and answer.status >= 400:
                print(f"  note: baseline {method} {target} answered {answer.status}", file=sys.stderr)

    def write_request(self, method, pattern):
        """The token and body a route needs to get past its 401 and reach the slot."""
        if method == "POST" and pattern == "/api/v1/imports":
            return self.auth, self.original["text"].encode()
        if method in ("POST", "DELETE") or pattern == "/api/v1/log":
            return self.auth, b""
        return [], b""

    def slot_jobs(self, routes, payloads):
        """(method, target, payload, expect_static) for every payload in every slot of every route."""
        jobs = []
        for method, pattern in routes:
            fields = QUERY_FIELDS.get((method, pattern), [])
            slots = [s[1:] for s in pattern.split("/") if s.startswith(":")] + (["rest"] if pattern.endswith("/**") else [])
            for p in payloads:
                for slot in slots:
                    # The rest of a path may hold slashes: a traversal payload goes in as it is.
                    wire = p.wire if slot == "rest" and p.wire is not None else p.path_wire()
                    target = self.path(pattern, slot, wire) + self.query(fields)
                    jobs.append((method, pattern, target, p, slot in ("file", "rest")))
                for field in fields:
                    if method == "DELETE" and field == "reason":
                        continue  # withdrawals are attacked one by one, with their read-back
                    target = self.path(pattern) + self.query(fields, field, p.query_wire())
                    if method == "POST" and field != "name":
                        target += "&name=" + urllib.parse.quote(self.original["name"])
                    jobs.append((method, pattern, target, p, False))
        return jobs

    def run_slots(self, routes, payloads):
        jobs = self.slot_jobs(routes, payloads)
        reads = [j for j in jobs if j[0] == "GET"]
        writes = [j for j in jobs if j[0] != "GET"]
        with concurrent.futures.ThreadPoolExecutor(self.args.workers) as pool:
            list(pool.map(lambda j: self.request(j[3].kind, j[0], j[2], j[3], headers=self.write_request(j[0], j[1])[0],
                                                 expect_static=j[4]), reads))
        for method, pattern, target, p, _ in writes:
            headers, body = self.write_request(method, pattern)
            self.request(p.kind, method, target, p, headers=headers, body=body)

    def run_withdrawals(self, payloads):
        """A hostile reason is stored, then shown on the article's 410 page and in its API answer."""
        article = self.valid["id"]
        for p in payloads:
            answer = self.request(p.kind, "DELETE", f"/api/v1/articles/{article}?reason={p.query_wire()}", p, headers=self.auth)
            if answer is not None and answer.status == 200:
                self.request(p.kind, "GET", f"/articles/{article}", p, label=f"GET /articles/{article} after a withdrawal for {p.text[:40]!r}")
                self.request(p.kind, "GET", f"/api/v1/articles/{article}", p)
                self.request(p.kind, "POST", f"/api/v1/articles/{article}/restore", p, headers=self.auth)

    def run_stored(self, payloads):
        """Papers named by payloads (imports above) appear on the home page, in feeds and the sitemap."""
        targets = ["/", "/sitemap.xml", "/api/v1/papers", "/opensearch.xml"]
        papers = self.get_json("/api/v1/papers")["papers"]
        for paper in papers[:400]:
            targets += [f"/papers/{urllib.parse.quote(paper['slug'], safe='')}", f"/papers/{urllib.parse.quote(paper['slug'], safe='')}/feed.atom"]
        for paper in papers:
            name = paper["name"]
            if not name.strip() or any(ord(c) < 32 or ord(c) == 127 for c in name):
                self.findings.append(("stored", "a paper named with control characters or nothing", f"{name[:60]!r} ({paper['slug']})"))
        marked = [p for p in payloads if p.kind == "xss"]
        for target in targets:
            answer = self.request("stored", "GET", target)
            if answer is not None and any(ct in answer.content_type for ct in MARKUP_TYPES):
                for p in marked:
                    if any(f in answer.text for f in p.fragments):
                        self.findings.append(("stored", "unescaped reflection", f"GET {target}: a stored payload verbatim: {p.text[:60]!r}"))
        return len(papers)

    def run_headers(self, routes, payloads):
        """Hostile values in the request headers the server reads, and raw CR/LF in the request itself."""
        names = ["Authorization", "If-None-Match", "If-Modified-Since", "Content-Disposition", "Referer", "User-Agent", "Accept",
                 "Accept-Language", "Cookie", "X-Forwarded-For", "X-Forwarded-Host", "Origin"]
        sample = [p for p in payloads if p.kind != "oversized" and "\x00" not in p.text and "\r" not in p.text and "\n" not in p.text]
        sample = sample[:: max(1, len(sample) // (20 if self.args.smoke else 60))]
        targets = ["/", f"/articles/{self.valid['id']}", "/search?q=%E4%BA%BA%E6%B0%91", "/api/v1/papers", "/static/style.css"]
        jobs = [(t, n, p) for t in targets for n in names for p in sample]
        with concurrent.futures.ThreadPoolExecutor(self.args.workers) as pool:
            list(pool.map(lambda j: self.request("header", "GET", j[0], j[2], headers=[(j[1], j[2].text)],
                                                 label=f"GET {j[0]} with {j[1]}: {j[2].text[:40]!r}"), jobs))
        # The import's file name from Content-Disposition, through the import itself.
        for p in sample:
            self.request("header", "POST", "/api/v1/imports?paper=" + urllib.parse.quote(self.paper_name), p,
                         headers=self.auth + [("Content-Disposition", f"attachment; filename=\"{p.text}\"")], body=self.original["text"].encode(),
                         label=f"POST /api/v1/imports with filename {p.text[:40]!r}")
        raw = [
            b"GET /search?q=a\r\nX-Injected: bsx HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET /search?q=a\rX-Injected: bsx HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET /search?q=a\nX-Injected:%20bsx HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET /articles/a\r\nSet-Cookie: bsx=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n",
            b"GET /\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET /static/../../Package.swift HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET http://127.0.0.1/static/..%2f..%2fPackage.swift HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"TRACE / HTTP/1.1\r\nHost: x\r\nX-Injected: bsx\r\nConnection: close\r\n\r\n",
            b"GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"\r\n\r\n\r\n",
            b"GET /" + b"\xff\xfe" + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ]
        for r in raw:
            self.request("header", "RAW", "", raw=r, label=f"raw {r[:50]!r}", may_close=True)

    def run_idle(self, count=50):
        """Connections that send nothing, or half a request head, must be closed by the server
        after its idle timeout (`serve --idle-timeout`), not held open."""
        sockets = []
        for i in range(count):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            if i % 2:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            sockets.append(s)
        deadline = time.monotonic() + self.args.idle_timeout + 10
        open_ = list(sockets)
        while open_ and time.monotonic() < deadline:
            still = []
            for s in open_:
                s.settimeout(0.05)
                try:
                    if s.recv(1) == b"":
                        continue
                except socket.timeout:
                    still.append(s)
                    continue
                except ConnectionResetError:
                    continue
            open_ = still
            time.sleep(0.5)
        for s in sockets:
            s.close()
        self.requests["idle"] += count
        if open_:
            self.findings.append(("idle", "idle connections left open",
                                  f"{len(open_)} of {count} still open {self.args.idle_timeout + 10} s after connecting"))
        return count - len(open_)

    def run_oversized_shapes(self, routes):
        """Long paths, many parameters, big headers and bodies, on every route."""
        count = 0
        many = "&".join(f"x{i}=1" for i in range(10_000))
        for method, pattern in routes:
            headers, body = self.write_request(method, pattern)
            base = self.path(pattern)
            shapes = [
                (base + "?" + many, [], b"", "10,000 parameters"),
                (base + "?q=1" + "&q=1" * 5000, [], b"", "q 5,001 times"),
                (base + "/a" * 10_000, [], b"", "10,000 more segments"),
                (base, [("X-Big", "a" * (1 << 20))], b"", "a 1 MB header"),
                (base, [(f"X-H{i}", "a") for i in range(2000)], b"", "2,000 headers"),
                (base, [], b"a" * (1 << 20), "a 1 MB body"),
            ]
            if self.args.smoke:
                shapes = shapes[:1] + shapes[3:4]
            for target, extra, big, note in shapes:
                p = Payload("oversized", "a", note=note)
                self.request("oversized", method, target, p, headers=headers + extra, body=big or body, label=f"{method} {pattern} with {note}")
                count += 1
        # A body announced far over the import limit is refused before it is read.
        self.request("oversized", "RAW", "", Payload("oversized", "a"), label="POST /api/v1/imports announcing 300 GB",
                     raw=(f"POST /api/v1/imports?name=x.txt HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {self.args.token}\r\n"
                          "Content-Length: 300000000000\r\nConnection: close\r\n\r\nabc").encode())
        return count + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--smoke", action="store_true", help="a few payloads of each class (CI)")
    parser.add_argument("--idle-timeout", type=int, default=30, help="the server's --idle-timeout")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    root = Path(args.root)

    routes = routes_from_code(root)
    covered = {f for fs in QUERY_FIELDS.values() for f in fs}
    missing = query_fields_from_code(root) - covered
    if missing:
        sys.exit(f"attack: query fields read by the code but not in QUERY_FIELDS: {', '.join(sorted(missing))}")
    stale = [k for k in QUERY_FIELDS if k not in routes]
    if stale:
        sys.exit(f"attack: QUERY_FIELDS names routes the code no longer has: {stale}")

    payloads = xss_payloads() + sqli_payloads() + traversal_payloads() + crlf_payloads() + oversized_payloads(args.smoke)
    if args.smoke:
        per_class = defaultdict(list)
        for p in payloads:
            per_class[p.kind].append(p)
        payloads = [p for ps in per_class.values() for p in ps[:: max(1, len(ps) // 8)]]
    run = Run(args, root)
    started = time.monotonic()
    run.discover()
    run.baseline(routes)
    baseline_findings = len(run.findings)
    run.run_slots(routes, payloads)
    run.run_withdrawals(payloads)
    papers = run.run_stored(payloads)
    run.run_headers(routes, payloads)
    shapes = run.run_oversized_shapes(routes)
    closed = run.run_idle()
    alive = run.alive()
    if not alive:
        run.findings.append(("end", "server down", "/healthz after the run"))

    slots = sum(len([s for s in p.split("/") if s.startswith(":")]) + len(QUERY_FIELDS.get((m, p), [])) for m, p in routes)
    kinds = Counter(p.kind for p in payloads)
    print(f"attack: {len(payloads)} payloads through {len(routes)} routes ({slots} route parameters and query fields), "
          f"{sum(run.requests.values())} requests in {time.monotonic() - started:.0f} s{' (smoke)' if args.smoke else ''}")
    for kind in ["xss", "sqli", "traversal", "crlf", "oversized", "header", "stored", "baseline"]:
        if run.requests[kind]:
            statuses = ", ".join(f"{s}: {n}" for s, n in sorted(run.statuses[kind].items(), key=lambda x: str(x[0])))
            label = {"header": "request headers and raw requests", "stored": "pages listing stored payloads", "baseline": "baseline (real values)"}.get(kind, kind)
            count = f"{kinds[kind]} payloads, " if kind in kinds else ""
            print(f"  {label}: {count}{run.requests[kind]} requests ({statuses})")
    print(f"  page images reachable: {'yes' if run.media else 'no (no scans in the archive)'}; "
          f"versions reachable: {'yes' if run.versioned else 'no (no token or the correction was refused)'}; "
          f"papers listed after the hostile imports: {papers}; oversized shapes per route: {shapes}; "
          f"idle connections closed by the server: {closed} of 50; server up at the end: {'yes' if alive else 'NO'}")
    by_kind = Counter(f for _, f, _ in run.findings)
    print(f"  findings: {len(run.findings)}" + (f" ({', '.join(f'{k}: {n}' for k, n in by_kind.most_common())})" if run.findings else "")
          + (f"; {baseline_findings} of them on the baseline requests" if baseline_findings else ""))
    for kind, finding, where in run.findings[:60]:
        print(f"    [{kind}] {finding}: {where}")
    if len(run.findings) > 60:
        print(f"    … and {len(run.findings) - 60} more")
    sys.exit(1 if run.findings else 0)


if __name__ == "__main__":
    main()
