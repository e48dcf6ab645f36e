"""A user's walk through Vigie's pages in a real browser: Debian's headless
chromium driven through its WebDriver (chromedriver) by selenium, against a
running `vigie serve`. Tests/VigieCLITests/BrowserTests.swift builds the
workspace, starts the server, computes every expected number from the
fixture's rows by itself, and runs this script with a plan (JSON):

  {"base": "http://127.0.0.1:PORT", "chromium": PATH, "chromedriver": PATH,
   "artefacts": DIR, "downloads": DIR, "password": ..., "app": ..., "sheet": ...,
   "kpi": OBJECT, "bars": OBJECT, "export": OBJECT, "measure": LABEL,
   "walker": {"name": ..., "foreign": [TEXTS], "expected": VIEW,
              "steps": [{"via": "listbox"|"toggle"|"bar", "field": F, "value": V, "expected": VIEW}, ...],
              "export_rows": [[TEXT, ...], ...]},
   "second": {"name": ..., "foreign": [...], "expected": VIEW}}

  VIEW: {"total": N, "bars": {VALUE: N}, "states": {FIELD: {VALUE: STATE}}}

The walker signs in from the portal's redirect, opens the sheet, clicks a
list box value, ctrl-clicks another and clicks a chart bar (checking the URL,
the selection bar, every value's state and the numbers after each click),
goes back (exporting the table there as CSV and XLSX) and forward, clears
one field and then all, and signs out; then the second
user signs in and must see only their own data. Screenshots of the login
page, the portal and the sheets go to the artefacts folder. Any failed check
prints what was expected and what the page showed, and exits with status 1.
"""

import base64
import csv
import json
import os
import sys
import time
import traceback

import openpyxl
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 15  # seconds for any one page or file to come


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def log(message):
    print(f"browser: {message}", flush=True)


def number(text):
    """A number as the French pages write it: `1 234,50 €` (any space as the thousands separator)."""
    kept = "".join(c for c in text if c.isdigit() or c in ",-")
    check(kept != "", f"no number in {text!r}")
    return float(kept.replace(",", "."))


def list_state(classes):
    """A list box value's state from its class (`value state-selected-excluded` is selected-excluded)."""
    state = next((c[len("state-"):] for c in (classes or "").split() if c.startswith("state-")), None)
    check(state is not None, f"a list box value without a state class ({classes!r})")
    return state


def same(a, b):
    return abs(a - b) < 0.005


class Walk:
    def __init__(self, plan):
        self.plan = plan
        self.base = plan["base"]
        self.sheet_path = f"/apps/{plan['app']}/sheets/{plan['sheet']}"
        self.shots = []
        options = Options()
        options.binary_location = plan["chromium"]
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800", "--lang=fr-FR"]:
            options.add_argument(argument)
        options.add_experimental_option("prefs", {
            "download.default_directory": plan["downloads"],
            "download.prompt_for_download": False,
            "intl.accept_languages": "fr-FR,fr",
        })
        self.driver = webdriver.Chrome(service=Service(plan["chromedriver"]), options=options)
        self.wait = WebDriverWait(self.driver, WAIT)
        self.pages = 0

    # Pages

    def css(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector):
        found = self.css(selector)
        check(len(found) == 1, f"{len(found)} elements match {selector!r} on {self.driver.current_url}, not one")
        return found[0]

    def loaded(self):
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def navigating(self, action):
        """Runs `action` (a click that leaves the page) and waits for the next page to be loaded.

        The page being left is marked with a property of its `window`; the next
        document starts without it. (Waiting for the old `<html>` element to go
        stale raced with chromedriver: asked about a node while its document was
        being replaced, it answers "Node with given id does not belong to the
        document", an error selenium does not read as staleness.)"""
        self.pages += 1
        marker = f"leaving-{self.pages}"
        self.driver.execute_script("window.__vigieLeaving = arguments[0];", marker)
        action()

        def arrived(driver):
            try:
                return driver.execute_script(
                    "return window.__vigieLeaving !== arguments[0] && document.readyState === 'complete';", marker)
            except WebDriverException:
                return False  # between two documents

        self.wait.until(arrived)

    def path(self):
        url = self.driver.current_url
        check(url.startswith(self.base), f"left the server: {url}")
        return url[len(self.base):]

    def screenshot(self, name):
        path = os.path.join(self.plan["artefacts"], name + ".png")
        check(self.driver.save_screenshot(path), f"cannot save the screenshot {path}")
        self.shots.append(path)

    # Signing in and out

    def sign_in(self, user, expected_path):
        self.one("form[action='/login'] input[name=user]").send_keys(user)
        self.one("form[action='/login'] input[name=password]").send_keys(self.plan["password"])
        self.navigating(lambda: self.one("form[action='/login'] button[type=submit]").click())
        check(self.path() == expected_path, f"after signing in as {user}: at {self.path()}, expected {expected_path}")
        check(self.one("header.top .user").get_attribute("data-user") == user, f"the top bar does not name {user}")

    def sign_out(self):
        self.navigating(lambda: self.one("form.logout button[type=submit]").click())
        check(self.path().startswith("/login"), f"signing out leads to {self.path()}, not the login page")

    # What a sheet shows

    def selection(self):
        """The URL's selection as the engine's compact JSON (decoded from base64url); empty without one."""
        url = self.driver.current_url
        if "?s=" not in url and "&s=" not in url:
            return ""
        encoded = url.split("s=", 1)[1].split("&", 1)[0]
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()

    def kpi(self):
        element = self.one(f"section[data-object='{self.plan['kpi']}'] .vd-kpi-value")
        # The text's own text nodes, without its <title> tooltip.
        return number(self.driver.execute_script(
            "return [...arguments[0].childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('')", element))

    def bars(self):
        """Each bar's value from its tooltip ("value · measure : text"), by its data-value."""
        out = {}
        for rect in self.css(f"section[data-object='{self.plan['bars']}'] rect[data-field][data-value]"):
            tooltip = self.driver.execute_script("const t = arguments[0].querySelector('title'); return t ? t.textContent : ''", rect)
            check(" : " in tooltip, f"bar {rect.get_attribute('data-value')} has no tooltip with its value ({tooltip!r})")
            out[rect.get_attribute("data-value")] = number(tooltip.rsplit(" : ", 1)[1])
        return out

    def states(self, field):
        return {a.get_attribute("data-value"): list_state(a.get_attribute("class"))
                for a in self.css(f".listbox[data-field='{field}'] a.value")}

    def expect_view(self, who, where, view):
        total = self.kpi()
        check(same(total, view["total"]), f"{who}, {where}: the KPI shows {total}, expected {view['total']}")
        bars = self.bars()
        check(bars.keys() == view["bars"].keys() and all(same(bars[k], v) for k, v in view["bars"].items()),
              f"{who}, {where}: the bars show {bars}, expected {view['bars']}")
        for field, expected in view["states"].items():
            shown = self.states(field)
            check(shown == expected, f"{who}, {where}: the list box {field} shows states {shown}, expected {expected}")

    def expect_nothing_foreign(self, who, foreign):
        """No text, tooltip or data-value of the page holds another structure's value."""
        texts = self.driver.execute_script("""
            const out = [document.body.textContent];
            for (const e of document.querySelectorAll('[data-value], [title], [aria-label]'))
                out.push(e.getAttribute('data-value') || '', e.getAttribute('title') || '', e.getAttribute('aria-label') || '');
            return out.join('\\n');""")
        for word in foreign:
            check(word not in texts, f"{who} sees {word!r}, a value of another structure, on {self.path()}")

    # Exports

    def download(self, fmt):
        name = f"{self.plan['app']}-{self.plan['export']}.{fmt}"
        path = os.path.join(self.plan["downloads"], name)
        if os.path.exists(path):
            os.remove(path)
        self.one(f"section[data-object='{self.plan['export']}'] button[data-export='{fmt}']").click()
        WebDriverWait(self.driver, WAIT).until(
            lambda d: os.path.exists(path) and not os.path.exists(path + ".crdownload"),
            f"the {fmt} export did not arrive as {path} (downloads hold {os.listdir(self.plan['downloads'])})")
        # The export is a download: the page stays where it was.
        check(self.path().startswith(self.sheet_path), f"the {fmt} export left the sheet for {self.path()}")
        return path

    def expect_exports(self, who, rows):
        header = ["structure", "establishment", self.plan["measure"]]
        expected = [[r[0], r[1], float(r[2])] for r in rows]

        def compare(kind, table):
            check(table and table[0] == header, f"{who}: the {kind} export's header is {table[:1]}, expected {header}")
            body = [[a, b, float(c)] for a, b, c in table[1:]]
            check(len(body) == len(expected) and all(x[:2] == y[:2] and same(x[2], y[2]) for x, y in zip(body, expected)),
                  f"{who}: the {kind} export holds {body}, expected {expected}")

        with open(self.download("csv"), newline="", encoding="utf-8") as f:
            compare("CSV", [row for row in csv.reader(f)])
        workbook = openpyxl.load_workbook(self.download("xlsx"), read_only=True)
        sheet = workbook.worksheets[0]
        compare("XLSX", [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)])
        workbook.close()
        log(f"{who}: CSV and XLSX exports hold {len(expected)} rows as expected")

    # The walk

    def run(self):
        plan, walker, second = self.plan, self.plan["walker"], self.plan["second"]
        self.driver.get(self.base + "/")
        self.loaded()
        check(self.path().startswith("/login"), f"the portal without a session is {self.path()}, not the login page")
        self.screenshot("login")
        self.sign_in(walker["name"], "/")
        app = self.one(f"li.app[data-app='{plan['app']}']")
        log(f"{walker['name']}: signed in, the portal lists {app.find_element(By.TAG_NAME, 'h2').text!r}")
        self.screenshot("portal")
        self.navigating(lambda: app.find_element(By.CSS_SELECTOR, f"ul.sheets a[href='{self.sheet_path}']").click())
        check(self.path() == self.sheet_path, f"the portal's sheet link leads to {self.path()}")
        self.one(".selection-bar .none")
        self.expect_view(walker["name"], "no selection", walker["expected"])
        self.expect_nothing_foreign(walker["name"], walker["foreign"])
        self.screenshot("sheet")
        log(f"{walker['name']}: the sheet shows the KPI, bars and states of her own rows only")

        # Clicks: list box values (ctrl-click toggles one), bars of the chart.
        for index, step in enumerate(walker["steps"]):
            field, value = step["field"], step["value"]
            if step["via"] in ("listbox", "toggle"):
                target = self.one(f".listbox[data-field='{field}'] a.value[data-value='{value}']")
            else:
                target = self.one(f"section[data-object='{plan['bars']}'] rect[data-field='{field}'][data-value='{value}']")
            if step["via"] == "toggle":
                self.navigating(lambda: ActionChains(self.driver).key_down(Keys.CONTROL).click(target).key_up(Keys.CONTROL).perform())
            else:
                self.navigating(target.click)
            where = {"listbox": "after clicking", "toggle": "after ctrl-clicking", "bar": "after clicking the bar"}[step["via"]]
            where += f" {field}={value}"
            selection = self.selection()
            check(field in selection and json.dumps(value) in selection, f"{where}: the URL's selection is {selection!r}")
            chip = self.one(f".selection-bar .chip[data-field='{field}']")
            check(value in chip.text, f"{where}: the selection bar shows {chip.text!r}")
            self.expect_view(walker["name"], where, step["expected"])
            self.expect_nothing_foreign(walker["name"], walker["foreign"])
            self.screenshot(f"sheet-selected-{index + 1}")
            log(f"{walker['name']}: {where}: URL, selection bar, states, KPI and bars as expected")

        # Back and forward walk through the selections; the exports follow the selection of the page.
        previous, last = walker["steps"][-2], walker["steps"][-1]
        self.navigating(lambda: self.one(".selection-bar button[data-action='back']").click())
        self.expect_view(walker["name"], "after back", previous["expected"])
        check(not self.css(f".selection-bar .chip[data-field='{last['field']}']"), "back left the last selection in the bar")
        self.expect_exports(walker["name"], walker["export_rows"])
        self.navigating(lambda: self.one(".selection-bar button[data-action='forward']").click())
        self.expect_view(walker["name"], "after forward", last["expected"])
        # The bar's × clears one field; Clear all the rest.
        self.navigating(lambda: self.one(f".selection-bar .chip[data-field='{last['field']}'] a.clear").click())
        self.expect_view(walker["name"], f"after clearing {last['field']}", previous["expected"])
        self.navigating(lambda: self.one(".selection-bar a.clear-all").click())
        check(self.path() == self.sheet_path, f"after clear all the URL is {self.path()}")
        self.one(".selection-bar .none")
        self.expect_view(walker["name"], "after clear all", walker["expected"])
        log(f"{walker['name']}: back, forward, clear and clear all as expected")

        # Signed out, the sheet sends the browser to the login page, which leads back to it.
        self.sign_out()
        self.driver.get(self.base + self.sheet_path)
        self.loaded()
        check(self.path().startswith("/login?next="), f"the sheet after signing out is {self.path()}, not the login page")
        log(f"{walker['name']}: signed out; the sheet now redirects to {self.path()}")

        self.sign_in(second["name"], self.sheet_path)
        self.expect_view(second["name"], "no selection", second["expected"])
        self.expect_nothing_foreign(second["name"], second["foreign"])
        self.screenshot(f"sheet-{second['name']}")
        log(f"{second['name']}: signed in, the sheet shows her own rows only")
        self.sign_out()

    def failure_screenshot(self):
        try:
            self.screenshot("failure")
        except Exception:
            pass


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    os.makedirs(plan["artefacts"], exist_ok=True)
    # The folder holds this run's screenshots only (no failure.png left from an earlier run).
    for name in os.listdir(plan["artefacts"]):
        if name.endswith(".png"):
            os.remove(os.path.join(plan["artefacts"], name))
    os.makedirs(plan["downloads"], exist_ok=True)
    start = time.monotonic()
    walk = Walk(plan)
    try:
        walk.run()
    except (CheckFailed, WebDriverException) as error:
        url = walk.driver.current_url
        walk.failure_screenshot()
        kind = "check failed" if isinstance(error, CheckFailed) else "WebDriver error"
        print(f"browser: {kind} at {url}: {error}", file=sys.stderr)
        if not isinstance(error, CheckFailed):
            traceback.print_exc()
        print("browser: screenshots: " + ", ".join(walk.shots), file=sys.stderr)
        return 1
    finally:
        walk.driver.quit()
    for path in walk.shots:
        log(f"screenshot {path}")
    log(f"all checks passed in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
