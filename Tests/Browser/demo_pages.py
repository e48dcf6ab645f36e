"""The demo's main pages in a real browser (Debian's headless chromium through
selenium), against the `vigie demo` that Tests/VigieCLITests/DemoCommandTests.swift
started. Each user of the plan signs in, sees the portal list the apps, and
opens each page of the plan; every page must show its objects and no object
error. A screenshot of each page goes to the artefacts folder.

Plan (JSON): {"base": URL, "chromium": PATH, "chromedriver": PATH, "artefacts": DIR,
              "password": TEXT, "apps": N, "users": [NAME, ...], "pages": [PATH, ...]}
"""

import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    os.makedirs(plan["artefacts"], exist_ok=True)
    for name in os.listdir(plan["artefacts"]):
        if name.endswith(".png"):
            os.remove(os.path.join(plan["artefacts"], name))
    options = Options()
    options.binary_location = plan["chromium"]
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,2000"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    driver = webdriver.Chrome(service=Service(plan["chromedriver"]), options=options)
    failures = []
    try:
        for user in plan["users"]:
            driver.delete_all_cookies()
            driver.get(plan["base"] + "/login")
            driver.find_element(By.NAME, "user").send_keys(user)
            driver.find_element(By.NAME, "password").send_keys(plan["password"])
            driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
            WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "header.top .user")))
            apps = driver.find_elements(By.CSS_SELECTOR, "ul.apps > li")
            if len(apps) != plan["apps"]:
                failures.append(f"{user}: the portal lists {len(apps)} apps, expected {plan['apps']}")
            driver.save_screenshot(os.path.join(plan["artefacts"], f"demo-{user}-portal.png"))
            for page in plan["pages"]:
                driver.get(plan["base"] + page)
                WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "main.grid")))
                objects = driver.find_elements(By.CSS_SELECTOR, "section.object")
                errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "section.object .error")]
                if not objects or errors:
                    failures.append(f"{user}: {page}: {len(objects)} objects, errors {errors}")
                name = page.strip("/").replace("/sheets/", "-").replace("apps/", "").replace("/", "-")
                path = os.path.join(plan["artefacts"], f"demo-{user}-{name}.png")
                driver.save_screenshot(path)
                print(f"demo pages: {user}: {page}: {len(objects)} objects, screenshot {path}", flush=True)
    finally:
        driver.quit()
    for failure in failures:
        print(f"demo pages: FAILED: {failure}", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
