#!/usr/bin/env python3
"""A real click and a real Tab key in headless Chromium, through the DevTools protocol, with
nothing but the standard library (a minimal WebSocket client).

    cdp.py click BASE PATH SELECTOR OUT      click the centre of SELECTOR on BASE+PATH; print where it lands
    cdp.py focus BASE PATH SELECTOR OUT      press Tab until SELECTOR has focus; print the focused element's name
                                             and its drawn outline colour; screenshot to OUT

Each prints one JSON line; the browser check asserts on it.
"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class Socket:
    def __init__(self, url):
        assert url.startswith("ws://")
        host, _, path = url[5:].partition("/")
        h, _, p = host.partition(":")
        self.s = socket.create_connection((h, int(p)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += self.s.recv(1)
        assert b" 101 " in reply.split(b"\r\n")[0], reply
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        data = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        head = bytes([0x81])
        n = len(data)
        head += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
        return self.next_id

    def _exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def message(self):
        data = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            data += self._exact(n)
            if b0 & 0x80:
                return json.loads(data)

    def call(self, method, **params):
        want = self.send(method, **params)
        while True:
            m = self.message()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})

    def wait(self, event, seconds=30):
        end = time.time() + seconds
        while time.time() < end:
            m = self.message()
            if m.get("method") == event:
                return m
        raise TimeoutError(event)

    def value(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return r.get("result", {}).get("value")


def browser(width, height):
    port = 9300 + os.getpid() % 500
    profile = tempfile.mkdtemp()
    proc = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             f"--remote-debugging-port={port}", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
            page = next(p for p in pages if p.get("type") == "page")
            return proc, profile, Socket(page["webSocketDebuggerUrl"])
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("chromium did not start")


def open_page(ws, url):
    ws.call("Page.enable")
    ws.send("Page.navigate", url=url)
    ws.wait("Page.loadEventFired")
    # Images decoded and laid out before anything is measured.
    ws.value("Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(() => true)")


def main():
    action, base, path, selector, out = sys.argv[1:6]
    proc, profile, ws = browser(1280, 1400)
    try:
        open_page(ws, base + path)
        if action == "click":
            sel = json.dumps(selector)
            where = ws.value(f"""(() => {{ const e = document.querySelector({sel}); e.scrollIntoView({{block: 'center'}});
                const box = (e.querySelector('polygon, rect') || e).getBoundingClientRect();
                const x = box.left + box.width / 2, y = box.top + box.height / 2;
                const hit = document.elementFromPoint(x, y);
                return {{x, y, target: hit && hit.closest('a') ? hit.closest('a').getAttribute('href') : null}}; }})()""")
            ws.call("Input.dispatchMouseEvent", type="mouseMoved", x=where["x"], y=where["y"])
            ws.call("Input.dispatchMouseEvent", type="mousePressed", x=where["x"], y=where["y"], button="left", clickCount=1)
            ws.send("Input.dispatchMouseEvent", type="mouseReleased", x=where["x"], y=where["y"], button="left", clickCount=1)
            ws.wait("Page.loadEventFired")
            landed = ws.value("({path: location.pathname, h1: (document.querySelector('h1') || {}).textContent || ''})")
            shot = ws.call("Page.captureScreenshot", format="png")
            open(out, "wb").write(base64.b64decode(shot["data"]))
            print(json.dumps({"pointed": where["target"], "path": landed["path"], "h1": landed["h1"].strip()}, ensure_ascii=False))
        elif action == "focus":
            sel = json.dumps(selector)
            for presses in range(1, 200):
                for kind in ("keyDown", "keyUp"):
                    ws.call("Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab", windowsVirtualKeyCode=9)
                if ws.value(f"document.activeElement && document.activeElement.matches({sel})"):
                    break
            state = ws.value("""(() => { const a = document.activeElement; const shape = a.querySelector('polygon, rect');
                return {name: a.getAttribute('aria-label'), href: a.getAttribute('href'),
                        stroke: shape ? getComputedStyle(shape).stroke : null,
                        marked: [...document.querySelectorAll('li.hot')].map(li => li.getAttribute('data-article'))}; })()""")
            shot = ws.call("Page.captureScreenshot", format="png")
            open(out, "wb").write(base64.b64decode(shot["data"]))
            state["presses"] = presses
            print(json.dumps(state, ensure_ascii=False))
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


main()
