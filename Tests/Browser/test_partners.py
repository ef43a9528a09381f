"""Partners in a real browser: an admin adds a partner (a refused form comes back as typed), issues a token shown
once, and disables and enables the partner; someone who is not an admin sees no Partners link. Screenshots of the
Partners page, with a token just issued, at a laptop's and a phone's width."""

import os
import unittest

import harness


ADMIN_PASSWORD = "galley-ada-password"


class PartnersInTheBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(harness.SCREENSHOTS, exist_ok=True)
        cls.newsroom = harness.Newsroom()
        cls.newsroom.galley("users", "add", "ada", "--role", "admin", "--display-name", "Ada Brandt")
        cls.newsroom.galley("users", "passwd", "ada", stdin=ADMIN_PASSWORD + "\n")

    @classmethod
    def tearDownClass(cls):
        cls.newsroom.close()

    def test_an_admin_adds_a_partner_and_issues_a_token(self):
        ada = self.newsroom.browser()
        ada.sign_in("ada", ADMIN_PASSWORD)
        ada.click("nav a[href='/subscribers']")
        ada.wait_text("h1", "Partners")
        self.assertIn("No partner receives stories yet.", ada.text("main"))

        # A name that is not one comes back with the message and the form as typed.
        ada.type("#name", "Wire")
        ada.type("#desks", "city, world")
        ada.type("#languages", "en")
        ada.click("#embargo_partner")
        ada.click("form[action='/subscribers'] button[type=submit]")
        ada.wait_text(".error", "a subscriber name starts with a-z")
        self.assertEqual(ada.find("#desks").get_attribute("value"), "city, world")
        self.assertTrue(ada.find("#embargo_partner").is_selected())

        ada.type("#name", "wire")
        ada.click("form[action='/subscribers'] button[type=submit]")
        ada.wait_text(".notice", "Added. Issue a token below")
        self.assertIn("city, world", ada.text("table.people"))

        ada.click("form[action='/subscribers/wire/token'] button")
        ada.wait_text("#token-title", "Token for wire")
        self.assertTrue(ada.text("#issued-token").startswith("gsub_"))
        self.assertEqual(ada.accessibility_problems(), [], "axe-core on the Partners page")
        ada.screenshot("partners")

        ada.click("form[action='/subscribers/wire/disable'] button")
        ada.wait_text(".notice", "Disabled: it receives nothing")
        self.assertFalse(ada.has("#issued-token"), "a token is shown once")
        ada.click("form[action='/subscribers/wire/enable'] button")
        ada.wait_text(".notice", "Enabled: it receives its product again.")


if __name__ == "__main__":
    unittest.main()
