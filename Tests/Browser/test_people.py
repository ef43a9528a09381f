"""People in a real browser: an admin adds a person, gives them a role and a password typed twice, and that person
signs in; they see no People link and are refused the page; disabled, they are signed out. Screenshots of the
People pages at a laptop's and a phone's width."""

import os
import unittest

import harness


ADMIN_PASSWORD = "galley-ada-password"


class PeopleInTheBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(harness.SCREENSHOTS, exist_ok=True)
        cls.newsroom = harness.Newsroom()
        cls.newsroom.galley("users", "add", "ada", "--role", "admin", "--display-name", "Ada Brandt")
        cls.newsroom.galley("users", "passwd", "ada", stdin=ADMIN_PASSWORD + "\n")

    @classmethod
    def tearDownClass(cls):
        cls.newsroom.close()

    def check_page(self, person, name):
        """No serious or critical accessibility finding, and screenshots at two widths."""
        self.assertEqual(person.accessibility_problems(), [], f"axe-core on {name}")
        person.screenshot(name)

    def test_an_admin_adds_a_person_who_then_signs_in(self):
        ada = self.newsroom.browser()
        ada.sign_in("ada", ADMIN_PASSWORD)
        ada.click("nav a[href='/people']")
        ada.wait_text("h1", "People")
        self.assertIn("ana", ada.text("table.people"))

        # A taken name comes back with the message and the form as typed.
        ada.type("#name", "ana")
        ada.type("#display_name", "Another Ana")
        ada.click("#role-editor")
        ada.click("form[action='/people'] button[type=submit]")
        ada.wait_text(".error", "a user named ana already exists")
        self.assertEqual(ada.find("#display_name").get_attribute("value"), "Another Ana")
        self.assertTrue(ada.find("#role-editor").is_selected())

        ada.type("#name", "eli")
        ada.type("#display_name", "Eli Park")
        ada.click("#role-editor")  # ticked from the refused form: untick it
        ada.click("#role-reporter")
        ada.click("form[action='/people'] button[type=submit]")
        ada.wait_text(".notice", "Added. Set a password below")
        self.assertIn("reporter", ada.text(".person-facts"))

        # Two passwords that differ are refused, and neither comes back.
        ada.type("#password", "eli first password")
        ada.type("#password_again", "eli other password")
        ada.click("form[action='/people/eli/password'] button")
        ada.wait_text(".error", "the two passwords differ; type the same password twice")
        self.assertEqual(ada.find("#password").get_attribute("value"), "")
        ada.type("#password", "eli's own password")
        ada.type("#password_again", "eli's own password")
        ada.click("form[action='/people/eli/password'] button")
        ada.wait_text(".notice", "Password set")

        eli = self.newsroom.browser()
        eli.sign_in("eli", "eli's own password")
        eli.wait_text(".who", "Eli Park")
        self.assertFalse(eli.has("nav a[href='/people']"))
        eli.open("/people")
        eli.wait_text("h1", "Forbidden")
        self.assertIn("only admins manage people", eli.text("main"))

        # An admin's view of the list, and of the person with a token to revoke.
        self.newsroom.galley("tokens", "issue", "eli", "--label", "laptop")
        ada.open("/people")
        ada.wait_text("table.people", "Eli Park")
        self.check_page(ada, "people")
        ada.open("/people/eli")
        ada.wait_text("table.tokens", "laptop")
        self.check_page(ada, "person")
        ada.click("table.tokens button")
        ada.wait_text(".notice", "Token revoked.")

        # Disabled, eli's session ends.
        ada.click("form[action='/people/eli/disable'] button")
        ada.wait_text(".notice", "Disabled")
        eli.open("/")
        eli.wait_for(lambda d: "/login" in d.current_url, message="a disabled person kept their session")


if __name__ == "__main__":
    unittest.main()
