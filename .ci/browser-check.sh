#!/usr/bin/env bash
# Browser check of the web reader: serves an archive holding the shipped sample with
# `broadsheet serve` on 127.0.0.1 and loads what a reader would in headless Chromium
# (--dump-dom and --screenshot): the home page, the 2019-11-25 edition of 浙江日报, the seed
# article (and its continuation anchor) and a search for 台州红云. It asserts the headline, that
# the jump links land on the continuation and back, and the highlighted hit; trends and KWIC;
# an article's credits and related articles, and a reporter's page (on two articles it writes);
# an edition published through the API while the server runs, then corrected. With the scan
# fixtures beside the checkout (../shared/fixtures/scans): a real click on an article's region of
# a Deseret News page lands on that article, Tab reaches a region with a visible focus ring, and
# a search hit opens an NDNP page with the matched words marked on its image (desktop and phone).
#
# Environment: SCRATCH (swift build scratch path, default .build), BIN (a built broadsheet: skip
# the build), PORT (default 18080),
# OUT (where DOMs and screenshots go, default /tmp/broadsheet-browser-check).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build}
PORT=${PORT:-18080}
OUT=${OUT:-/tmp/broadsheet-browser-check}
BASE="http://127.0.0.1:$PORT"

export DEBIAN_FRONTEND=noninteractive
missing=()
for p in chromium fonts-noto-cjk curl libvips-tools; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -z "${BIN:-}" ]; then
    echo "-- building broadsheet"
    swift build --scratch-path "$SCRATCH" --product broadsheet 2>&1 | tail -1
    BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)/broadsheet"
fi

rm -rf "$OUT" && mkdir -p "$OUT"
DB="$OUT/archive.sqlite"
"$BIN" import --db "$DB" Samples >/dev/null
# Two crawl-layout articles written here (the shipped sample credits no one): a report with a
# dateline, a reporter and a photographer, and its follow-up three days later.
mkdir -p "$OUT/in/20191005" "$OUT/in/20191008"
printf '\r\n青海玛多发生地震 救援力量迅速集结\r\n\r\n　　本报西宁10月4日电  （记者贾丰丰）青海玛多县发生地震，救援队伍连夜赶赴灾区，帐篷、棉被等物资陆续运抵玛多。\r\n　　张  强摄\r\n' >"$OUT/in/20191005/20191005-04-02.txt"
printf '\r\n玛多地震灾区群众生活有序恢复\r\n\r\n　　本报记者  贾丰丰\r\n　　地震发生三天后，玛多县城的帐篷学校开课，救援物资充足，灾区群众生活逐步恢复。\r\n' >"$OUT/in/20191008/20191008-04-01.txt"
"$BIN" import --db "$DB" --paper 人民日报 "$OUT/in" >/dev/null
SCANS=../shared/fixtures/scans
if [ -d "$SCANS" ]; then
    "$BIN" import --db "$DB" --paper "The Deseret News" "$SCANS/article-segmented/batch_deseret_news" "$SCANS/ndnp/batch_local" >/dev/null 2>&1
else
    echo "-- no $SCANS beside the checkout: page images are not checked"
fi
TOKEN=$("$BIN" tokens create browser-check --db "$DB" 2>/dev/null)

"$BIN" serve --db "$DB" --host 127.0.0.1 --port "$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
PROFILE=$(mktemp -d)
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$PROFILE"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "$BASE/healthz" >/dev/null || { echo "server did not start"; cat "$OUT/server.log"; exit 1; }

dump() { # NAME URL
    timeout 60 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$PROFILE" --hide-scrollbars \
        --dump-dom "$2" >"$OUT/$1.html" 2>>"$OUT/chromium.log"
}
browser() { # NAME URL [WIDTH,HEIGHT]
    local size=${3:-1280,1600}
    dump "$1" "$2"
    timeout 60 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$PROFILE" --hide-scrollbars \
        --window-size="$size" --screenshot="$OUT/$1.png" "$2" >>"$OUT/chromium.log" 2>&1
}

echo "-- publishing through the API while the server runs"
PAPER=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("人民日报"))')
publish() { # FILE-NAME TEXT
    printf "$2" | curl -fsS -H "Authorization: Bearer $TOKEN" --data-binary @- "$BASE/api/v1/imports?name=$1&paper=$PAPER" >"$OUT/publish.json"
}
publish 20191012-01-01.txt '\r\n新一期报纸今晚上线\r\n\r\n　　本报北京10月11日电  （记者林丽鹂）这是通过接口发布的稿件。\r\n'
browser published-home "$BASE/"
publish 20191012-01-01.txt '\r\n新一期报纸今晚上线\r\n\r\n　　本报北京10月11日电  （记者林丽鹂）这是通过接口发布、随后更正的稿件。\r\n'
browser corrected "$BASE/articles/rmrb-20191012-01-01"

echo "-- loading pages in headless Chromium"
Q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("台州红云"))')
browser home "$BASE/"
browser edition "$BASE/papers/zjrb/2019-11-25"
# Tall enough to show the jump out of page 1 and the continuation on page 5 in one picture;
# headless screenshots of a URL with a #fragment come out blank, so the landing is checked in the DOM.
browser article "$BASE/articles/zjrb-20102773" 1280,3000
dump continuation "$BASE/articles/zjrb-20102773#page-5"
browser search "$BASE/search?q=$Q"
browser article-phone "$BASE/articles/zjrb-20102773" 390,844
browser search-phone "$BASE/search?q=$Q" 390,844
browser trends "$BASE/trends?q=$Q"
browser kwic "$BASE/kwic?q=$Q"
NAME=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("贾丰丰"))')
browser credited "$BASE/articles/rmrb-20191005-04-02"
browser byline "$BASE/bylines/$NAME"
browser schematic "$BASE/papers/zjrb/2019-11-25/pages/1"
if [ -d "$SCANS" ]; then
    echo "-- page images: clicking a region, Tab to a region, a search hit on an NDNP page"
    DESERET=/papers/the-deseret-news/1850-06-15/pages/1
    browser scan-page "$BASE$DESERET"
    browser scan-page-phone "$BASE$DESERET" 390,844
    python3 .ci/cdp.py click "$BASE" "$DESERET" 'a.region[href="/articles/the-deseret-news-18500615-3"]' "$OUT/scan-click.png" >"$OUT/scan-click.json"
    python3 .ci/cdp.py focus "$BASE" "$DESERET" 'a.region' "$OUT/scan-focus.png" >"$OUT/scan-focus.json"
    dump scan-search "$BASE/search?q=Eccles"
    HIT=$(grep -o 'class="onpage" href="[^"]*"' "$OUT/scan-search.html" | head -1 | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
    browser scan-hit "$BASE$HIT"
    browser scan-hit-phone "$BASE$HIT" 390,844
fi

echo "-- checking what a reader sees"
python3 - "$OUT" <<'PY'
import sys
from html.parser import HTMLParser

out = sys.argv[1]
failures = []

class DOM(HTMLParser):
    """Elements with their id, href, and text (including descendants)."""
    def __init__(self):
        super().__init__()
        self.stack, self.elements = [], []
    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(el)
        if tag not in ("meta", "link", "input", "br", "img"):
            self.stack.append(el)
    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break
    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data

def load(name):
    d = DOM()
    d.feed(open(f"{out}/{name}.html", encoding="utf-8").read())
    return d

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

headline = "奋进在新时代的大路上"
home = load("home")
check(any(e["tag"] == "a" and e["attrs"].get("href") == "/papers/zjrb/2019-11-25" for e in home.elements),
      "home page links the latest 浙江日报 edition")

edition = load("edition")
check(any(e["tag"] == "nav" and "01 要闻" in e["text"] for e in edition.elements), "edition shows the 版面导航 with 01 要闻")
cont_links = [e for e in edition.elements if e["tag"] == "a" and e["attrs"].get("href") == "/articles/zjrb-20102773#page-5"]
check(bool(cont_links), "edition page 5 links the continuation of the seed article")

for name in ("article", "continuation"):
    art = load(name)
    h1 = [e for e in art.elements if e["tag"] == "h1"]
    check(bool(h1) and h1[0]["text"].strip() == headline, f"{name}: the headline is {headline}")
    by_id = {e["attrs"]["id"]: e for e in art.elements if "id" in e["attrs"]}
    out_link = [e for e in art.elements if e["tag"] == "a" and "下转第五版" in e["text"]]
    check(bool(out_link), f"{name}: a 下转第五版 link at the jump point")
    if out_link:
        target = out_link[0]["attrs"].get("href", "")[1:]
        landed = by_id.get(target)
        check(landed is not None and "上接第一版" in landed["text"] and "一本书的力量有多大" in landed["text"],
              f"{name}: 下转第五版 (#{target}) lands on the continuation, which starts 上接第一版")
    in_link = [e for e in art.elements if e["tag"] == "a" and "上接第一版" in e["text"]]
    check(bool(in_link), f"{name}: an 上接第一版 link on the continuation")
    if in_link:
        back = in_link[0]["attrs"].get("href", "")[1:]
        check(back in by_id and "下转第五版" in by_id[back]["text"], f"{name}: 上接第一版 (#{back}) leads back to the jump point on page 1")
    check("page-5" in by_id and "第05版" in by_id["page-5"]["text"], f"{name}: the continuation is labelled as printed on page 5")
    ld = [e for e in art.elements if e["tag"] == "script" and e["attrs"].get("type") == "application/ld+json"]
    check(bool(ld) and '"printSection":"要闻"' in ld[0]["text"], f"{name}: NewsArticle JSON-LD with printSection")

search = load("search")
marks = [e for e in search.elements if e["tag"] == "mark"]
check(any(m["text"] == "台州红云" for m in marks), "search: the hit 台州红云 is highlighted with <mark>")
check(any(e["attrs"].get("id") == "total" and "共 1 篇" in e["text"] for e in search.elements), "search: 共 1 篇")
check(any(e["tag"] == "a" and e["attrs"].get("href") == "/articles/zjrb-20102773#page-5" for e in search.elements),
      "search: the hit links the part of the article where 台州红云 stands (page 5)")

def png_rows(path):
    """The pixel rows of an 8-bit RGB or RGBA PNG, as lists of (r, g, b): enough of PNG to look
    at a screenshot without a library."""
    import struct, zlib
    data = open(path, "rb").read()
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), "screenshot is not 8-bit RGB(A)"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], (prev[i - channels] if i >= channels else 0)
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        prev = line
    return rows

# On a 390×844 phone screen the first hit is on the first screen: its highlighted match
# (the --mark colour, #fff0a8) is in the screenshot of that viewport.
rows = png_rows(f"{out}/search-phone.png")
mark_rows = [y for y, row in enumerate(rows) if any(abs(r - 255) < 6 and abs(g - 240) < 6 and abs(b - 168) < 6 for r, g, b in row)]
check(bool(mark_rows) and mark_rows[0] < 844, f"search on a phone: the first hit is on the first screen (highlight at y={mark_rows[0] if mark_rows else 'none'})")
phone = load("search-phone")
order = [e["attrs"].get("class", "") for e in phone.elements if e["tag"] in ("section", "details")]
check(order.index("hit-list") < order.index("facets") if "hit-list" in order and "facets" in order else False,
      "search on a phone: the results come before the facets")

trends = load("trends")
check(any(e["tag"] == "svg" for e in trends.elements) and any(e["tag"] == "polyline" for e in trends.elements),
      "trends: the chart is drawn (SVG with a line)")
check(any(e["tag"] == "a" and "from=2019-11-01" in e["attrs"].get("href", "") for e in trends.elements),
      "trends: a point opens the search for its month")
kwic = load("kwic")
keywords = [e for e in kwic.elements if e["tag"] == "td" and e["attrs"].get("class") == "keyword"]
check(len(keywords) == 1 and keywords[0]["text"] == "台州红云", "kwic: the occurrence with 台州红云 as its keyword")

credited = load("credited")
credit_links = {e["text"]: e["attrs"].get("href") for e in credited.elements if e["tag"] == "a" and e["attrs"].get("href", "").startswith(("/bylines/", "/search?q=place"))}
check(credit_links.get("贾丰丰") == "/bylines/%E8%B4%BE%E4%B8%B0%E4%B8%B0", "article: the reporter 贾丰丰 (from the dateline) links to their page")
check(credit_links.get("张强") == "/bylines/%E5%BC%A0%E5%BC%BA", "article: the photographer 张  强摄 reads as 张强, linked")
check("西宁" in credit_links, "article: the dateline place 西宁 links to its search")
related = [e for e in credited.elements if e["tag"] == "section" and e["attrs"].get("class") == "related"]
check(bool(related) and "玛多地震灾区群众生活有序恢复" in related[0]["text"], "article: the follow-up is listed under 相关文章")
byline = load("byline")
listed = [e["attrs"].get("href") for e in byline.elements if e["tag"] == "a" and e["attrs"].get("class") == "hl"]
check(listed == ["/articles/rmrb-20191008-04-01", "/articles/rmrb-20191005-04-02"], f"byline page: both of 贾丰丰's articles, newest first ({listed})")

home = load("published-home")
check(any(e["tag"] == "a" and e["attrs"].get("href") == "/papers/rmrb/2019-10-12" for e in home.elements),
      "publishing: the edition posted through the API is on the home page at the next request")
corrected = load("corrected")
note = [e for e in corrected.elements if e["tag"] == "p" and e["attrs"].get("class") == "correction"]
check(bool(note) and "更正" in note[0]["text"] and "对比" in note[0]["text"], "publishing: the corrected article shows the 更正 note with a compare link")
check(any(e["tag"] == "p" and "随后更正" in e["text"] for e in corrected.elements), "publishing: the article shows the corrected text")

import json, os
if os.path.exists(f"{out}/scan-click.json"):
    page = load("scan-page")
    regions = [e for e in page.elements if e["tag"] == "a" and e["attrs"].get("class") == "region"]
    check(len(regions) == 4 and any(r["attrs"].get("aria-label") == "Terrible Fire in San Francisco" for r in regions),
          f"page image: the 4 articles of Deseret News page 1 are regions named by their headlines ({len(regions)})")
    click = json.load(open(f"{out}/scan-click.json"))
    check(click["pointed"] == "/articles/the-deseret-news-18500615-3" and click["path"] == "/articles/the-deseret-news-18500615-3"
          and click["h1"] == "Terrible Fire in San Francisco", f"page image: a click on the region lands on its article ({click})")
    focus = json.load(open(f"{out}/scan-focus.json"))
    check(focus["stroke"] == "rgb(26, 79, 214)" and focus["marked"] == [focus["href"].split("/")[-1]],
          f"page image: Tab reaches a region, drawn with the focus colour, its list item lit ({focus})")
    hit = load("scan-hit")
    marks = [e for e in hit.elements if e["tag"] == "rect" and e["attrs"].get("class") == "hit"]
    check(len(marks) == 4, f"page image: the search hit's page marks the 4 words Eccles on the image ({len(marks)})")
    check(any(e["tag"] == "image" and "/derived/medium.webp" in e["attrs"].get("href", "") for e in hit.elements), "page image: the NDNP page shows its scan")
schematic = load("schematic")
check(any(e["tag"] == "a" and e["attrs"].get("class") == "block" and e["attrs"].get("href") == "/articles/zjrb-20102773" for e in schematic.elements),
      "schematic page: the seed article is a block on the drawing of page 1")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
PY
shots="home edition article search article-phone search-phone trends kwic credited byline published-home corrected schematic"
[ -d "$SCANS" ] && shots="$shots scan-page scan-page-phone scan-click scan-focus scan-hit scan-hit-phone"
for f in $shots; do
    [ -s "$OUT/$f.png" ] || { echo "FAIL no screenshot $f.png"; exit 1; }
done
echo "-- browser check passed; screenshots in $OUT"
