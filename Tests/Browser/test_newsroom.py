"""The newsroom in a real browser: a story's whole life played by four people in four browsers, a conflict
between two editors, the security of sessions and forms, and accessibility, with screenshots of every page."""

import datetime
import os
import unittest
import urllib.parse


import harness
from harness import fetch


class NewsroomInTheBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(harness.SCREENSHOTS, exist_ok=True)
        cls.newsroom = harness.Newsroom()
        print(f"\nscreenshots go to {harness.SCREENSHOTS}", flush=True)

    @classmethod
    def tearDownClass(cls):
        cls.newsroom.close()

    def check_page(self, person, name):
        """Every page: no serious or critical accessibility finding, and screenshots at two widths."""
        problems = person.accessibility_problems()
        self.assertEqual(problems, [], f"axe-core on {name}")
        person.screenshot(name)

    def draft(self, person, headline, body, desk="city"):
        person.open("/stories/new")
        person.type("#headline", headline)
        person.type("#desk", desk)
        person.type("#body", body)
        person.click("form[action='/stories'] button[type=submit]")
        person.wait_text(".notice", "Done: drafted")
        return person.story_id()

    def test_1_a_story_whole_life_with_four_people(self):
        newsroom = self.newsroom
        editor = newsroom.browser("bo")
        editor.open("/")
        self.check_page(editor, "board")
        editor.driver.execute_script("window.stillTheSamePage = true")

        reporter = newsroom.browser("ana")
        reporter.open("/stories/new")
        self.check_page(reporter, "new-story")
        story = self.draft(
            reporter, "Harbour ferry to run all night",
            "The council voted on Tuesday to run the harbour ferry all night.\n\n"
            "The service will cost 2.4 million euros a year. Ridership rose by 18 percent last year.")
        # The reporter may submit; there is no publish control for a reporter.
        self.assertFalse(reporter.has(f"form[action='/stories/{story}/publish']"))
        self.assertFalse(reporter.has("#publish"))
        reporter.click(f"form[action='/stories/{story}/submit'] button")
        reporter.wait_text(".notice", "Done: submitted")

        # The editor's board shows it arrive in Editing, without a reload.
        editor.wait_text("section[data-column='editing']", "Harbour ferry to run all night", timeout=15)
        self.assertTrue(editor.driver.execute_script("return window.stillTheSamePage === true"))
        self.assertIn("Assignee\nnone", editor.text(f"#card-{story} .facts"))
        self.check_page(editor, "board-live")

        # Forcing the publish form anyway is refused by the server, in the rule's words.
        reporter.open(f"/stories/{story}")
        token = reporter.find("input[name=csrf]").get_attribute("value")
        forced = reporter.post(f"/stories/{story}/publish", {"csrf": token})
        self.assertEqual(forced["status"], 403)
        self.assertIn("ana (reporter) may not publish a story", forced["text"])

        # The editor edits and sends it to fact-check.
        editor.click(f"#card-{story} a")
        self.check_page(editor, "story-editing")
        body = editor.find("#e-body")
        body.send_keys("\n\nThe first night crossing leaves at 23:30.")
        editor.click("#edit-form button[type=submit]")
        editor.wait_text(".notice", "Done: revision 2")
        self.assertIn("The first night crossing leaves at 23:30.", editor.text("#story-body"))
        editor.click(f"form[action='/stories/{story}/send-to-fact-check'] button")
        editor.wait_text(".notice", "Done: sent to fact-check")

        # The fact-checker adds a claim by selecting its sentence, is refused approval, rules, and approves.
        checker = newsroom.browser("cy")
        checker.open(f"/stories/{story}")
        self.check_page(checker, "story-fact-check")
        sentence = "The service will cost 2.4 million euros a year."
        checker.driver.execute_script(
            """
            const sentence = arguments[0];
            const paragraph = [...document.querySelectorAll('#story-body p')].find(p => p.textContent.includes(sentence));
            const node = paragraph.firstChild, start = node.textContent.indexOf(sentence);
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, start + sentence.length);
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
            """, sentence)
        checker.wait_for(lambda d: checker.find("#add-claim-text").get_attribute("value") == sentence,
                         message="selecting the sentence did not fill the claim")
        checker.type("#add-claim-speaker", "the council")
        checker.click("#add-claim button[type=submit]")
        checker.wait_text(".notice", "Done: claim c1")
        self.assertIn("every claim needs a verdict first", checker.text("#approve-refused"))
        # A control the rules refuse now is shown disabled, with its reason once.
        self.assertFalse(checker.find(f"form[action='/stories/{story}/approve'] button").is_enabled())
        self.assertEqual(checker.text(".story-page").count("every claim needs a verdict first"), 1)
        checker.open_details("#record-verdict-c1")
        checker.find("#record-verdict-c1-rating option[value=accurate]").click()
        checker.type("#record-verdict-c1-note", "Matches the council's budget paper.")
        checker.type("#record-verdict-c1-evidence", "https://council.example.org/budget-2027.pdf")
        checker.click("#claim-c1 form[action$='/record-verdict'] button")
        checker.wait_text("#claim-c1 .verdict", "Matches the council")
        self.assertEqual(checker.find("#claim-c1 .rating").get_attribute("textContent"), "accurate")
        self.assertIn("by cy", checker.text("#claim-c1 .verdict"))
        self.assertIn("revision 2", checker.text("#claim-c1 .verdict"))
        checker.click(f"form[action='/stories/{story}/approve'] button")
        checker.wait_text(".notice", "Done: fact-check signed off")

        # The editor publishes under embargo, shown with the time zone, then lifts it and corrects the story.
        editor.open(f"/stories/{story}")
        editor.open_details("#publish")
        tomorrow = (datetime.datetime.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT06:00")
        editor.driver.execute_script("document.getElementById('publish-at').value = arguments[0]", tomorrow)
        self.assertIn("Europe/Lisbon", editor.text("label[for=publish-at]"))
        editor.click("#publish form button[type=submit]")
        editor.wait_text(".notice", "Done: published")
        self.assertIn("Embargoed until", editor.text(".story-text"))
        self.assertEqual(editor.text(".stage"), "Embargoed")
        self.assertNotIn("Harbour ferry", fetch(newsroom.url + "/news")[2])
        editor.open_details("#publish")
        editor.driver.execute_script("document.getElementById('publish-at').value = ''")
        editor.click("#publish form button[type=submit]")
        editor.wait_text(".story-text", "Public since")
        editor.open_details(f"details:has(form[action='/stories/{story}/correct'])")
        editor.type("#correct-text", "An earlier version gave the wrong departure time.")
        body = editor.find("#correct-body")
        body.clear()
        body.send_keys(
            "The council voted on Tuesday to run the harbour ferry all night.\n\n"
            "The service will cost 2.4 million euros a year. Ridership rose by 18 percent last year.\n\n"
            "The first night crossing leaves at 23:45.")
        editor.click(f"form[action='/stories/{story}/correct'] button[type=submit]")
        editor.wait_text(".notice", "Done: correction")
        self.check_page(editor, "story-published")

        # The public view, signed out: an old /public link lands on the public site's index, and the story's
        # page has its correction as a public note.
        visitor = newsroom.browser()
        visitor.open("/public")
        visitor.wait_text("main", "Harbour ferry to run all night")
        self.assertTrue(visitor.driver.current_url.endswith("/news"), visitor.driver.current_url)
        visitor.click(".news-index h2 a")
        visitor.wait_text("main", "Harbour ferry to run all night")
        self.assertIn("/news/", visitor.driver.current_url)
        self.assertIn("An earlier version gave the wrong departure time.", visitor.text("main"))
        self.assertIn("23:45", visitor.text("main"))
        self.check_page(visitor, "public")

        # The auditor scrubs the timeline and opens a diff.
        auditor = newsroom.browser("aud")
        auditor.open(f"/stories/{story}/history")
        rows = auditor.all(".timeline tbody tr")
        self.assertGreaterEqual(len(rows), 9)
        self.assertIn("The hash chain holds", auditor.text(".verification"))
        self.assertIn("ArticleDrafted", auditor.text(".timeline"))
        self.check_page(auditor, "history")
        auditor.driver.execute_script(
            "const s = document.getElementById('version'); s.value = 1; s.dispatchEvent(new Event('input'))")
        auditor.wait_for(lambda d: d.current_url.endswith("?version=1"), message="the slider did not move")
        self.assertEqual(auditor.text("#asof-title"), "As it stood at version 1")
        self.assertIn("Harbour ferry to run all night", auditor.text("#snapshot"))
        self.assertNotIn("The first night crossing", auditor.text("#snapshot"))
        auditor.open(f"/stories/{story}/history?version=4")
        self.assertIn("The first night crossing leaves at 23:30.", auditor.text("#snapshot"))
        auditor.open(f"/stories/{story}/diff?from=2&to=3")
        self.assertIn("23:45", " ".join(i.text for i in auditor.all(".words ins")))
        self.assertIn("23:30", " ".join(d.text for d in auditor.all(".words del")))
        self.assertIn("body", auditor.text(".side-by-side"))
        self.check_page(auditor, "diff")
        export = fetch(newsroom.url + f"/stories/{story}/export", cookies={"galley_session": auditor.cookie("galley_session")})
        self.assertEqual(export[0], 200)
        path = os.path.join(harness.SCREENSHOTS, f"story-{story}.jsonl")
        with open(path, "w") as file:
            file.write(export[2])
        self.assertIn("verified", newsroom.galley("verify", "--file", path))
        # An auditor is offered nothing to do with the story.
        auditor.open(f"/stories/{story}")
        self.assertFalse(auditor.has("form[action*='/stories/'][method=post]"))

        # Search, with the match highlighted.
        auditor.open("/search?q=ferry")
        auditor.wait_text(".hits", "Harbour ferry to run all night")
        self.assertIn("ferry", auditor.text(".snippet mark").lower())
        self.check_page(auditor, "search")

    def test_2_two_editors_edit_at_once(self):
        newsroom = self.newsroom
        reporter = newsroom.browser("ana")
        story = self.draft(reporter, "Tram line closes for repairs", "The tram line closes for a week in March.")
        first, second = newsroom.browser("bo"), newsroom.browser("di")
        # The editor drags the draft's card from Draft to Editing: the submit move, as its button would make it.
        first.open("/")
        first.wait_text("section[data-column='draft']", "Tram line closes for repairs")
        first.driver.execute_script(
            """
            const card = document.getElementById('card-' + arguments[0]);
            const column = document.querySelector("section[data-column='editing']");
            const data = new DataTransfer();
            card.dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
            column.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
            column.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
            """, story)
        first.wait_text(".notice", "Done: submitted")
        first.open(f"/stories/{story}")
        second.open(f"/stories/{story}")
        first.type("#e-headline", "Tram line closes for two weeks of repairs")
        first.click("#edit-form button[type=submit]")
        first.wait_text(".notice", "Done: revision 2")
        # The second editor's page hears of the change.
        second.wait_text("#story-changed", "Someone has changed this story")
        second.type("#e-body", "The tram line closes for a week in March; buses replace it.")
        second.click("#edit-form button[type=submit]")
        second.wait_text(".conflict", "Changed by bo")
        self.assertIn("Tram line closes for two weeks of repairs", second.text(".conflict"))
        self.assertEqual(
            second.find("#e-body").get_attribute("value"), "The tram line closes for a week in March; buses replace it.")
        # The headline, which the second editor left alone, now holds the first editor's.
        self.assertEqual(
            second.find("#e-headline").get_attribute("value"), "Tram line closes for two weeks of repairs")
        self.check_page(second, "story-conflict")
        # Saving again, knowingly, puts the second editor's text over the first's.
        second.click("#edit-form button[type=submit]")
        second.wait_text(".notice", "Done: revision 3: changed body")
        self.assertIn("buses replace it", second.text("#story-body"))
        self.assertEqual(second.text("h1"), "Tram line closes for two weeks of repairs")

    def test_3_sessions_and_forms_are_safe(self):
        newsroom = self.newsroom
        reporter = newsroom.browser("ana")
        story = self.draft(reporter, "<script>window.pwned = 1</script>Harbour <b>wall</b>", "A wall. <img src=x onerror=alert(1)>")
        # A script tag in a headline is shown as text and never run.
        self.assertEqual(reporter.text("h1"), "<script>window.pwned = 1</script>Harbour <b>wall</b>")
        self.assertIsNone(reporter.driver.execute_script("return window.pwned"))
        self.assertFalse(reporter.has("h1 script, h1 b, #story-body img"))
        version = reporter.find(".story-page").get_attribute("data-version")

        # A form posted without its token is refused and writes nothing.
        refused = reporter.post(f"/stories/{story}/comment", {"text": "no token"})
        self.assertEqual(refused["status"], 403)
        self.assertIn("did not come from your current session", refused["text"])
        reporter.open(f"/stories/{story}")
        self.assertEqual(reporter.find(".story-page").get_attribute("data-version"), version)

        # Another user's session cookie does not carry this user's forms: the token is the session's own.
        editor = newsroom.browser("bo")
        editor.open(f"/stories/{story}")
        editor_token = editor.find("input[name=csrf]").get_attribute("value")
        status, _, text = fetch(
            newsroom.url + f"/stories/{story}/comment", "POST",
            urllib.parse.urlencode({"csrf": editor_token, "text": "mixed"}).encode(),
            cookies={"galley_session": reporter.cookie("galley_session")})
        self.assertEqual(status, 403)

        # A session ends with sign-out: its cookie opens nothing afterwards.
        cookie = reporter.cookie("galley_session")
        reporter.click("form[action='/logout'] button")
        reporter.wait_text(".notice", "You are signed out.")
        status, headers, _ = fetch(newsroom.url + "/", cookies={"galley_session": cookie})
        self.assertEqual(status, 303)
        self.assertTrue(headers["Location"].startswith("/login"))
        token = editor_token
        status, headers, body = fetch(
            newsroom.url + f"/stories/{story}/comment", "POST",
            urllib.parse.urlencode({"csrf": token, "text": "after sign-out"}).encode(), cookies={"galley_session": cookie})
        # The sign-in page, saying the session ended; nothing is written.
        self.assertEqual(status, 401)
        self.assertIn("Your session had ended", body)

        # The cookie is HttpOnly and SameSite=Lax; every page carries a strict policy.
        session = editor.driver.get_cookie("galley_session")
        self.assertTrue(session["httpOnly"])
        self.assertEqual(session["sameSite"], "Lax")
        status, headers, _ = fetch(newsroom.url + "/login")
        self.assertIn("script-src 'self'", headers["Content-Security-Policy"])
        self.assertIn("frame-ancestors 'none'", headers["Content-Security-Policy"])
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")

        # The sign-in page never says whether a name exists, and slows down repeated failures for one name.
        visitor = newsroom.browser()
        visitor.sign_in("bo", "not-the-password")
        known = visitor.text(".error")
        visitor.sign_in("nobody-here", "not-the-password")
        self.assertEqual(visitor.text(".error"), known)
        self.assertIn("do not match", known)
        self.check_page(visitor, "login")
        for _ in range(5):
            visitor.sign_in("nobody-here", "still-wrong")
        self.assertIn("Too many failed sign-ins", visitor.text(".error"))
        # A signed-out visitor is sent to sign in, and comes back to where they were going.
        visitor.open(f"/stories/{story}/history")
        self.assertIn("/login?next=", visitor.driver.current_url)
        visitor.type("#name", "aud")
        visitor.type("#password", harness.password("aud"))
        visitor.click("form[action='/login'] button")
        visitor.wait_text("h1", "The life of")
        self.assertTrue(visitor.driver.current_url.endswith(f"/stories/{story}/history"))

    def test_4_every_page_works_without_javascript(self):
        newsroom = self.newsroom
        reporter = newsroom.browser("ana", javascript=False)
        story = self.draft(reporter, "Night market returns", "The night market returns to the square on Friday.")
        reporter.click(f"form[action='/stories/{story}/submit'] button")
        reporter.wait_text(".notice", "Done: submitted")
        editor = newsroom.browser("bo", javascript=False)
        editor.open("/")
        self.assertIn("Night market returns", editor.text("section[data-column='editing']"))
        # Without the script a card is not draggable; its buttons and forms do the moves.
        self.assertIsNone(editor.find(f"#card-{story}").get_dom_attribute("draggable"))
        editor.open_details(f"#card-{story} details[data-action='send-back']")
        editor.type(f"#send-back-{story}", "Add the opening hours.")
        editor.click(f"#card-{story} details[data-action='send-back'] button")
        editor.wait_text(".notice", "Done: sent back: Add the opening hours.")
        editor.open(f"/stories/{story}/history?version=1")
        self.assertEqual(editor.text("#asof-title"), "As it stood at version 1")
        editor.open(f"/search?q=market")
        self.assertIn("Night market returns", editor.text(".hits"))
        reporter.open(f"/stories/{story}")
        self.assertIn("Add the opening hours.", reporter.text(".open-note"))

    def test_5_ways_back(self):
        newsroom = self.newsroom
        reporter = newsroom.browser("ana")
        story = self.draft(reporter, "Bridge repairs start early", "Repairs on the old bridge start a week early.")
        reporter.click(f"form[action='/stories/{story}/submit'] button")
        reporter.wait_text(".notice", "Done: submitted")
        # Before the desk acts on it, the reporter takes it back, and submits it again.
        reporter.click(f"form[action='/stories/{story}/recall'] button")
        reporter.wait_text(".notice", "Done: recalled to draft")
        self.assertEqual(reporter.text(".stage"), "Draft")
        reporter.click(f"form[action='/stories/{story}/submit'] button")
        reporter.wait_text(".notice", "Done: submitted")
        editor = newsroom.browser("bo")
        editor.open(f"/stories/{story}")
        editor.click(f"form[action='/stories/{story}/send-to-fact-check'] button")
        editor.wait_text(".notice", "Done: sent to fact-check")
        # Once the desk has acted, recall is not offered.
        reporter.open(f"/stories/{story}")
        self.assertFalse(reporter.has(f"form[action='/stories/{story}/recall']"))
        # The board's fact-check card offers pulling it back to editing.
        editor.open("/")
        editor.wait_text("section[data-column='fact_check']", "Bridge repairs start early")
        editor.click(f"#card-{story} form[data-action='pull-back'] button")
        editor.wait_text(".notice", "Done: pulled back from fact-check")
        # Spiked, then restored to the stage it was spiked from.
        editor.open(f"/stories/{story}")
        editor.open_details("#spike")
        editor.type("#spike-reason", "Waiting for the council.")
        editor.click(f"form[action='/stories/{story}/spike'] button[type=submit]")
        editor.wait_text(".notice", "Done: spiked")
        self.check_page(editor, "story-spiked")
        # Its slug, freed, is taken by a new story: unspiking is refused, saying which story holds it.
        again = self.draft(reporter, "Bridge repairs start early", "The old bridge closes for repairs.")
        editor.open(f"/stories/{story}")
        editor.click(f"form[action='/stories/{story}/unspike'] button")
        editor.wait_text("#unspike .refusal", f"the slug bridge-repairs-start-early now belongs to story {again}")
        self.check_page(editor, "story-unspike-refused")
        newsroom.galley("spike", again, "--as", "bo", "--reason", "Duplicate.")
        editor.open(f"/stories/{story}")
        editor.click(f"form[action='/stories/{story}/unspike'] button")
        editor.wait_text(".notice", "Done: taken off the spike, back in editing")
        self.assertEqual(editor.text(".stage"), "Editing")

    def test_6_the_inbox_follows_two_people_on_one_story(self):
        newsroom = self.newsroom
        reporter = newsroom.browser("ana")
        # What earlier tests left in the reporter's inbox is marked read first, so that her count starts at none.
        reporter.open("/inbox")
        if reporter.has("form[action='/inbox/read'] button"):
            reporter.click("form[action='/inbox/read'] button")
        reporter.wait_text("#inbox-summary", "Nothing unread.")
        story = self.draft(
            reporter, "Tram stop moves to the square", "The tram stop moves 200 metres to the square in March.")
        reporter.click(f"form[action='/stories/{story}/submit'] button")
        reporter.wait_text(".notice", "Done: submitted")
        self.assertFalse(reporter.find("#inbox-count").is_displayed())
        reporter.driver.execute_script("window.stillTheSamePage = true")

        # In another browser an editor sends it back with a note and names the reporter in a comment.
        editor = newsroom.browser("di")
        editor.open(f"/stories/{story}")
        editor.open_details("#send-back")
        editor.type("#send-back-note", "Say which square, and from when.")
        editor.click("#send-back form button[type=submit]")
        editor.wait_text(".notice", "Done: sent back")
        editor.type("#comment-text", "@ana the council's map shows the new stop.")
        editor.click("form#comment button[type=submit]")
        editor.wait_text(".notice", "Done")

        # The reporter's count goes up on the page she has open, without a reload; her own work never counted.
        reporter.wait_text("#inbox-count", "2", timeout=15)
        self.assertTrue(reporter.driver.execute_script("return window.stillTheSamePage === true"))
        self.assertEqual(reporter.find("#inbox-link").get_attribute("aria-label"), "Inbox, 2 unread")
        self.check_page(reporter, "inbox-count-live")
        reporter.click("#inbox-link")
        reporter.wait_text("#inbox-summary", "2 unread")
        items = reporter.all(".inbox-item.unread")
        self.assertEqual(len(items), 2)
        self.assertIn("di mentioned you", items[0].text)
        self.assertIn("@ana the council's map shows the new stop.", items[0].text)
        self.assertIn("di sent it back to you", items[1].text)
        self.assertIn("Say which square, and from when.", items[1].text)
        self.check_page(reporter, "inbox")
        # Each item leads to its story.
        reporter.click(".inbox-item.unread .what a")
        reporter.wait_text("h1", "Tram stop moves to the square")
        self.assertEqual(reporter.story_id(), story)

        # Marking all read clears the list's marks and the count.
        reporter.open("/inbox")
        reporter.click("form[action='/inbox/read'] button")
        reporter.wait_text("#inbox-summary", "Nothing unread.")
        self.assertEqual(reporter.all(".inbox-item.unread"), [])
        self.assertFalse(reporter.has("form[action='/inbox/read']"))
        reporter.wait_for(lambda _: not reporter.find("#inbox-count").is_displayed(), message="the count stayed")
        self.check_page(reporter, "inbox-read")


if __name__ == "__main__":
    unittest.main(verbosity=2)
