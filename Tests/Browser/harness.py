"""The browser tests' set-up: a database of their own on the test cluster, a real `galley serve` on loopback, the
newsroom's people with passwords, and a real Chromium per person (selenium). Nothing is mocked."""

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GALLEY = os.environ.get("GALLEY_BIN", os.path.join(ROOT, ".build", "debug", "galley"))
SCREENSHOTS = os.environ.get("GALLEY_SCREENSHOTS", os.path.join(ROOT, ".build", "screenshots"))

# The newsroom the tests sign in as: name, role, display name, password.
PEOPLE = {
    "ana": ("reporter", "Ana Reis"),
    "bo": ("editor", "Bo Lindqvist"),
    "di": ("editor", "Di Okafor"),
    "cy": ("fact_checker", "Cy Mensah"),
    "aud": ("auditor", "Aud Halvorsen"),
}


def password(name):
    return f"galley-{name}-password"


class Newsroom:
    """A database and a server for one test run."""

    def __init__(self):
        cluster = os.environ["GALLEY_TEST_DATABASE_URL"]
        self.database_name = "galley_browser_" + uuid.uuid4().hex[:8]
        subprocess.run(["psql", cluster, "-q", "-c", f"CREATE DATABASE {self.database_name}"], check=True)
        base, _, query = cluster.partition("?")
        self.database = base.rsplit("/", 1)[0] + "/" + self.database_name + ("?" + query if query else "")
        self.environment = dict(os.environ, GALLEY_DATABASE_URL=self.database)
        self.galley("migrate")
        for name, (role, display) in PEOPLE.items():
            self.galley("users", "add", name, "--role", role, "--display-name", display)
            self.galley("users", "passwd", name, stdin=password(name) + "\n")
        self.log = open(os.path.join(SCREENSHOTS, "server.log"), "w")
        self.server = subprocess.Popen(
            [GALLEY, "serve", "--port", "0", "--time-zone", "Europe/Lisbon"], env=self.environment,
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.server.stdout.readline()
        match = re.search(r"http://[^\s]+", line)
        if not match:
            raise RuntimeError(f"galley serve did not start: {line!r}")
        self.url = match.group(0)
        self.browsers = []

    def galley(self, *arguments, stdin=None):
        result = subprocess.run(
            [GALLEY, *arguments], env=self.environment, input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"galley {' '.join(arguments)} failed: {result.stderr}")
        return result.stdout

    def browser(self, name=None, javascript=True):
        """A new browser of its own (cookies and all), signed in as `name` when given."""
        options = webdriver.ChromeOptions()
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        options.add_argument("--headless=new")
        options.add_argument("--no-sandbox")
        options.add_argument("--disable-dev-shm-usage")
        options.add_argument("--window-size=1366,900")
        chromium = shutil.which("chromium")
        if chromium:
            options.binary_location = chromium
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        driver.implicitly_wait(0)
        person = Person(driver, self, name)
        self.browsers.append(person)
        if name:
            person.sign_in(name)
        return person

    def close(self):
        for person in self.browsers:
            try:
                person.driver.quit()
            except Exception:
                pass
        self.server.terminate()
        try:
            self.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.server.kill()
        self.server.stdout.close()
        self.log.close()
        cluster = os.environ["GALLEY_TEST_DATABASE_URL"]
        subprocess.run(["psql", cluster, "-q", "-c", f"DROP DATABASE IF EXISTS {self.database_name}"])


class Person:
    """One person at one browser."""

    def __init__(self, driver, newsroom, name):
        self.driver = driver
        self.newsroom = newsroom
        self.name = name

    def open(self, path):
        self.driver.get(self.newsroom.url + path)

    def sign_in(self, name, secret=None):
        self.open("/login")
        self.type("#name", name)
        self.type("#password", secret or password(name))
        self.click("form[action='/login'] button")
        # The post must be answered before the next page is asked for, or the browser drops it.
        self.wait_for(lambda d: "/login" not in d.current_url or self.has(".error"), message="sign-in hung")
        self.name = name

    def find(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def on_fresh(self, selector, action):
        """`action` on the element `selector` finds, found again if the live board redrew it in between."""
        for _ in range(20):
            try:
                return action(self.find(selector))
            except StaleElementReferenceException:
                continue
        return action(self.find(selector))

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def has(self, selector):
        return len(self.all(selector)) > 0

    def type(self, selector, text, clear=True):
        field = self.find(selector)
        if clear:
            field.clear()
        field.send_keys(text)

    def click(self, selector):
        self.on_fresh(selector, lambda element: element.click())

    def open_details(self, selector):
        details = self.find(selector)
        if not details.get_attribute("open"):
            details.find_element(By.CSS_SELECTOR, "summary").click()

    def text(self, selector="body"):
        return self.on_fresh(selector, lambda element: element.text)

    def wait_for(self, condition, timeout=10, message=""):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition, message)

    def shown(self, selector):
        """The text of the first element `selector` finds now, or "" (pages change under a waiting test)."""
        try:
            return self.find(selector).text
        except Exception:
            return ""

    def wait_text(self, selector, words, timeout=10):
        try:
            self.wait_for(lambda _: words in self.shown(selector), timeout)
        except Exception:
            raise AssertionError(
                f"{selector!r} never showed {words!r} at {self.driver.current_url}; "
                f"the page shows {self.shown('main')[:400]!r}") from None

    def story_id(self):
        return self.driver.current_url.split("/stories/")[1].split("?")[0].split("#")[0].split("/")[0]

    def cookie(self, name):
        found = self.driver.get_cookie(name)
        return found["value"] if found else None

    def post(self, path, fields):
        """Posts a form from this page as a script would (to force what the page does not offer)."""
        return self.driver.execute_async_script(
            """
            const [path, fields, done] = arguments;
            fetch(path, {method: "POST", body: new URLSearchParams(fields), redirect: "manual",
                         credentials: "same-origin"})
              .then(async r => done({status: r.status, text: await r.text()}))
              .catch(e => done({status: 0, text: String(e)}));
            """, path, fields)

    def screenshot(self, page):
        """The page at a laptop's width and at a phone's, for a person to look at."""
        for width, height, device in ((1366, 900, "laptop"), (390, 844, "phone")):
            self.driver.set_window_size(width, height)
            full = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(width, min(max(height, full), 6000))
            self.driver.execute_script("window.scrollTo(0, 0)")
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{page}-{device}.png"))
        self.driver.set_window_size(1366, 900)

    def accessibility_problems(self):
        """axe-core's serious and critical findings on the page as it is."""
        from axe_selenium_python import Axe

        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]
            if v.get("impact") in ("serious", "critical")
        ]


def fetch(url, method="GET", data=None, cookies=None):
    """A plain HTTP request, outside any browser: status, headers and body; redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *arguments, **keywords):
            return None

    request = urllib.request.Request(url, method=method, data=data)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
