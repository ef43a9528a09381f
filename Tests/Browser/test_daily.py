"""The newsroom as a daily tool, in real browsers: people see each other at work, moves are made from the board by
keyboard without leaving it, nothing typed is lost when a session ends, and embargoes have their own controls and
schedule. Screenshots of every new page at a laptop's and a phone's width."""

import os
import unittest

from selenium.webdriver.common.keys import Keys

import harness


class TheDailyTool(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(harness.SCREENSHOTS, exist_ok=True)
        cls.newsroom = harness.Newsroom()

    @classmethod
    def tearDownClass(cls):
        cls.newsroom.close()

    def check_page(self, person, name):
        problems = person.accessibility_problems()
        self.assertEqual(problems, [], f"axe-core on {name}")
        person.screenshot(name)

    def file(self, headline, body="The council voted on Tuesday.", author="ana"):
        """A story filed and submitted from the command line: the browsers meet it in editing."""
        story = self.newsroom.galley(
            "draft", "--as", author, "--headline", headline, "--desk", "city", stdin=body + "\n").split()[0]
        self.newsroom.galley("submit", story, "--as", author)
        return story

    def test_1_two_editors_see_each_other_on_a_story_and_on_the_board(self):
        story = self.file("Night trams return to the river line")
        bo = self.newsroom.browser("bo")
        di = self.newsroom.browser("di")
        bo.open(f"/stories/{story}")
        di.open(f"/stories/{story}")
        di.wait_text("#presence", "Also here now: bo", timeout=15)
        bo.wait_text("#presence", "Also here now: di", timeout=15)
        # Bo starts typing in the edit form: Di is told before saving anything.
        bo.type("#e-headline", " tonight", clear=False)
        di.wait_text("#presence-editing", "bo is editing this story now", timeout=15)
        self.check_page(di, "story-presence")
        # On the board, Di sees who has the story open.
        di.open("/")
        di.wait_text(f"#card-{story} .presence", "Open now: bo (editing)", timeout=15)
        # Bo leaves the story: he is gone from it within seconds, not at a timeout.
        bo.open("/search")
        di.wait_for(lambda _: "bo" not in di.shown(f"#card-{story} .presence"), timeout=15,
                    message="bo still shown on the card after leaving")

    def test_2_a_move_made_by_keyboard_stays_on_the_board(self):
        story = self.file("Harbour lights switched to LED")
        bo = self.newsroom.browser("bo")
        bo.open("/")
        bo.driver.execute_script("window.stillTheSamePage = true")
        button = f"#card-{story} form[data-action='send-to-fact-check'] button"
        bo.wait_for(lambda _: bo.has(button), message="no move on the card")
        # Tabbing reaches the move; Enter makes it.
        body = bo.find("body")
        body.send_keys(Keys.TAB)
        for _ in range(400):
            active = bo.driver.switch_to.active_element
            if active == bo.find(button):
                break
            active.send_keys(Keys.TAB)
        else:
            self.fail("tabbing never reached the card's move")
        bo.driver.switch_to.active_element.send_keys(Keys.ENTER)
        bo.wait_text(".notice", "Done: sent to fact-check")
        bo.wait_text("section[data-column='fact_check']", "Harbour lights switched to LED")
        self.assertTrue(bo.driver.execute_script("return window.stillTheSamePage === true"), "the page was left")
        self.assertTrue(bo.driver.current_url.endswith("/"), bo.driver.current_url)
        # The focus stays on the card, for the next key.
        self.assertEqual(
            bo.driver.execute_script("return document.activeElement.closest('.card') && "
                                     "document.activeElement.closest('.card').id"), f"card-{story}")
        # Assigning from the card picks from the people with work to do.
        bo.click(f"#card-{story} details[data-action='assign'] summary")
        options = bo.driver.execute_script(
            "return Array.from(document.querySelectorAll('#people-fact_check option')).map(o => o.value)")
        self.assertIn("cy", options)
        self.assertNotIn("ana", options)
        bo.type(f"#assign-{story}", "cy")
        bo.click(f"#card-{story} details[data-action='assign'] button[type=submit]")
        bo.wait_text(f"#card-{story}", "cy")
        self.check_page(bo, "board-after-move")

    def test_3_a_form_whose_session_ended_comes_back_after_sign_in(self):
        story = self.file("Library opens on Sundays")
        di = self.newsroom.browser("di")
        di.open(f"/stories/{story}")
        di.type("#comment-text", "Check the opening hours with the library itself.")
        # Her session ends elsewhere (a new password ends every session of hers).
        self.newsroom.galley("users", "passwd", "di", stdin=harness.password("di") + "\n")
        di.click(f"form[action='/stories/{story}/comment'] button[type=submit]")
        di.wait_text("#page-error", "Your session had ended")
        self.check_page(di, "session-ended")
        di.type("#name", "di")
        di.type("#password", harness.password("di"))
        di.click("form[action='/login'] button")
        di.wait_text("#page-error", "This was not saved yet")
        self.assertEqual(
            di.find("#comment-text").get_attribute("value"), "Check the opening hours with the library itself.")
        self.assertNotIn("Check the opening hours", di.text(".comments") if di.has(".comments") else "")
        history = self.newsroom.galley("history", story, "--as", "aud")
        self.assertNotIn("comment", history, "nothing was sent on her behalf")

    def test_4_embargo_moved_and_lifted_with_their_own_controls(self):
        story = self.file("Budget figures under embargo")
        for arguments in (["fact-check", "request", story, "--as", "bo"],
                          ["fact-check", "approve", story, "--as", "cy", "--no-claims"]):
            self.newsroom.galley(*arguments)
        bo = self.newsroom.browser("bo")
        bo.open(f"/stories/{story}")
        bo.open_details("#publish")
        bo.driver.execute_script("document.getElementById('publish-at').value = '2030-12-31T06:00'")
        bo.click(f"form[action='/stories/{story}/publish'] button[type=submit]")
        bo.wait_text(".notice", "under embargo until 31 Dec 2030, 06:00 Europe/Lisbon")
        # Moving and lifting are controls of their own.
        self.assertTrue(bo.has("#publish-lift"))
        bo.open_details("#publish")
        bo.driver.execute_script("document.getElementById('publish-at').value = '2031-01-01T07:00'")
        bo.click(f"form[action='/stories/{story}/publish']:not(:has(input[name=variant])) button[type=submit]")
        bo.wait_text(".notice", "embargo moved from 31 Dec 2030, 06:00 Europe/Lisbon to 1 Jan 2031, 07:00")
        self.check_page(bo, "story-embargoed")
        # The board says when it goes public; the schedule lists it.
        bo.open("/")
        bo.wait_text(f"#card-{story}", "Goes public")
        bo.open("/schedule")
        bo.wait_text("main", "Budget figures under embargo")
        self.assertIn("Wed 1 Jan 2031", bo.text("main"))
        self.check_page(bo, "schedule")
        bo.open(f"/stories/{story}")
        bo.open_details("#publish-lift")
        bo.click("#publish-lift button[type=submit]")
        bo.wait_text(".notice", "embargo lifted: public from")
        bo.open(f"/stories/{story}/history")
        self.assertIn("embargo moved from", bo.text(".timeline"))
        self.check_page(bo, "history-embargo")
        # Public now: a reader, signed out, finds it on the public site at its permanent address.
        reader = self.newsroom.browser()
        reader.open("/news")
        reader.click("a[href='/news/budget-figures-under-embargo']")
        reader.wait_text("h1", "Budget figures under embargo")
        self.check_page(reader, "news-story")
        reader.open("/news")
        self.check_page(reader, "news-index")
        # The feeds, read by a feed parser someone else wrote: no error, the story in each.
        import feedparser
        for path in ("/news/feed.atom", "/news/feed.json"):
            status, headers, body = harness.fetch(self.newsroom.url + path)
            self.assertEqual(status, 200, path)
            if path.endswith(".atom"):
                parsed = feedparser.parse(body)
                self.assertFalse(parsed.bozo, f"{path}: {parsed.get('bozo_exception')}")
                self.assertIn("Budget figures under embargo", [entry.title for entry in parsed.entries])
            else:
                import json
                import jsonfeed
                feed = json.loads(body)
                # Held to JSON Feed 1.1 by the jsonschema package (feedparser 6.0 reads no JSON feeds).
                self.assertEqual(jsonfeed.problems(feed), [], path)
                self.assertIn("Budget figures under embargo", [item["title"] for item in feed["items"]])

    def test_5_refused_forms_keep_what_was_typed(self):
        story = self.file("Swimming pool closes for repairs")
        bo = self.newsroom.browser("bo")
        bo.open(f"/stories/{story}")
        bo.find("#assign-user")  # the picker is there
        # A stale tab: the story left "ready" while the embargo was being typed. Publishing is refused, and the
        # time typed is shown to copy, since the form is no longer offered; nothing is published.
        self.newsroom.galley("fact-check", "request", story, "--as", "bo")
        self.newsroom.galley("fact-check", "approve", story, "--as", "cy", "--no-claims")
        bo.open(f"/stories/{story}")
        bo.open_details("#publish")
        bo.driver.execute_script("document.getElementById('publish-at').value = '2030-12-31T06:00'")
        self.newsroom.galley("spike", story, "--as", "di", "--reason", "Held for the council.")
        bo.click(f"form[action='/stories/{story}/publish'] button[type=submit]")
        bo.wait_text("#page-error", "Publish:")
        self.assertIn("2030-12-31T06:00", bo.find(".unsent textarea").get_attribute("value"))
        self.assertEqual(bo.text(".stage"), "Spiked")
        self.check_page(bo, "story-unsent")
        # The story page says how long the story is.
        self.assertIn("words", bo.text(".facts"))

    def test_6_a_story_taken_down_is_gone_for_readers_and_kept_for_the_newsroom(self):
        story = self.file("Council names a witness")
        for arguments in (["fact-check", "request", story, "--as", "bo"],
                          ["fact-check", "approve", story, "--as", "cy", "--no-claims"],
                          ["publish", story, "--as", "bo"]):
            self.newsroom.galley(*arguments)
        bo = self.newsroom.browser("bo")
        bo.open(f"/stories/{story}")
        bo.open_details("#takedown")
        bo.type("#takedown-reason", "Court order 2026/114.")
        bo.click(f"form[action='/stories/{story}/takedown'] button[type=submit]")
        bo.wait_text(".notice", "Done: taken down")
        # The newsroom keeps it, and why: the stage, the reason, the history.
        self.assertEqual(bo.text(".stage"), "Taken down")
        self.assertIn("Court order 2026/114.", bo.text("main"))
        self.check_page(bo, "story-taken-down")
        bo.open(f"/stories/{story}/history")
        self.assertIn("taken down: Court order 2026/114.", bo.text(".timeline"))
        # A reader gets 410 and a page saying only that it was removed: neither the headline nor the reason.
        address = "/news/council-names-a-witness"
        status, headers, body = harness.fetch(self.newsroom.url + address)
        self.assertEqual(status, 410)
        self.assertNotIn("Court order", body)
        self.assertNotIn("Council names a witness", body)
        reader = self.newsroom.browser()
        reader.open(address)
        reader.wait_text("h1", "This story was removed")
        self.check_page(reader, "news-taken-down")
        # The feed carries a tombstone that a feed parser someone else wrote reads without error.
        import feedparser
        status, headers, body = harness.fetch(self.newsroom.url + "/news/feed.atom")
        parsed = feedparser.parse(body)
        self.assertFalse(parsed.bozo, f"feed.atom: {parsed.get('bozo_exception')}")
        self.assertNotIn("Council names a witness", [entry.title for entry in parsed.entries])
        self.assertIn(f'<at:deleted-entry ref="urn:galley:article:{story}"', body)


if __name__ == "__main__":
    unittest.main(verbosity=2)
