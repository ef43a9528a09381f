// Galley's one script. Every page works without it; it adds live updates, dragging on the board, the version
// slider, and picking a claim by selecting its sentence. No libraries, no build step.
"use strict";

(function () {
  // Live updates: the log's feed (Server-Sent Events, opened with the session's cookie). The board redraws its
  // columns in place; a story page says when someone else has changed the story, never overwriting one's text.
  // One feed a page, whatever follows it (the board, a story, the inbox count): the server counts each person's
  // feeds, and a browser keeps few connections to a server. A later follower hears from where the feed is.
  var feed = null;
  function follow(after, onEvent) {
    if (feed) { feed.listeners.push(onEvent); return; }
    feed = { listeners: [onEvent] };
    connect(after);
  }

  function connect(after) {
    var source = new EventSource("/live?after=" + encodeURIComponent(after));
    source.addEventListener("message", function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      feed.listeners.forEach(function (onEvent) { onEvent(event); });
    });
    source.addEventListener("fell-behind", function (message) {
      source.close();
      var resume = after;
      try { resume = JSON.parse(message.data).last_event_id; } catch (e) { /* keep the old position */ }
      setTimeout(function () { connect(resume); }, 1000);
    });
  }

  function say(text) {
    var status = document.getElementById("live-status");
    if (status) { status.textContent = text; }
  }

  function busyIn(element) {
    var active = document.activeElement;
    if (active && element.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) { return true; }
    return element.querySelector("details[open]") !== null;
  }

  // Puts a fresh copy of the board in place, marking the cards that arrived in a column and keeping the
  // scroll and the focus on `focusID`'s card (the one a move was made on, or the one focused).
  function replaceBoard(board, next, focusID) {
    var known = {};
    board.querySelectorAll(".card").forEach(function (card) { known[card.id + "@" + card.closest(".column").dataset.column] = true; });
    var focused = document.activeElement && document.activeElement.closest(".card");
    var moved = !!focusID;
    focusID = focusID || (focused ? focused.id : null);
    var scrollX = board.scrollLeft;
    board.innerHTML = next.innerHTML;
    board.scrollLeft = scrollX;
    board.querySelectorAll(".card").forEach(function (card) {
      if (!known[card.id + "@" + card.closest(".column").dataset.column]) { card.classList.add("arrived"); }
    });
    if (focusID && document.getElementById(focusID)) {
      // After one's own move, the card's next move has the focus (a keyboard goes on from there); after others'
      // changes, the focus stays where it was without scrolling.
      var target = document.getElementById(focusID).querySelector(moved ? ".moves button, .moves summary, a" : "a");
      if (target) { target.focus({ preventScroll: !moved }); }
    }
    dragging(board);
    localTimes(board);
    markPresence(board);
  }

  // A move made on the board is posted from the page, and the board is redrawn in place with its notice; a
  // refusal is said in the card. Without the script the form posts and comes back to the board at the card.
  function movesInPlace(board) {
    board.addEventListener("submit", function (event) {
      var form = event.target;
      var card = form.closest(".card");
      if (!card || event.defaultPrevented) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: "POST", credentials: "same-origin", headers: { "Accept": "text/html" },
        body: new URLSearchParams(new FormData(form))
      })
        .then(function (response) {
          return response.text().then(function (html) { return { ok: response.ok, html: html }; });
        })
        .then(function (answer) {
          var page = new DOMParser().parseFromString(answer.html, "text/html");
          var next = page.getElementById("board");
          if (answer.ok && next) {
            // The notice goes where a reloaded page would have it, and nowhere else.
            var notice = page.querySelector("main > .notice");
            var old = document.querySelector("main > .notice");
            if (old) { old.remove(); }
            if (notice) {
              var main = document.getElementById("main");
              main.insertBefore(document.importNode(notice, true), main.firstChild);
            }
            replaceBoard(board, next, card.id);
            return;
          }
          if (button) { button.disabled = false; }
          var reason = page.querySelector(".refusal[role=alert], #page-error, main p");
          var shown = card.querySelector(".move-refusal") || document.createElement("p");
          shown.className = "refusal move-refusal";
          shown.setAttribute("role", "alert");
          shown.textContent = reason ? reason.textContent : "That did not go through; open the story to see why.";
          card.appendChild(shown);
        })
        .catch(function () {
          if (button) { button.disabled = false; }
          say("The server did not answer; nothing was changed. Try the move again.");
        });
    });
  }

  // A form over the server's size limit is stopped before it is sent, with the text still in it.
  function sizeGuard() {
    var limit = Number(document.body.dataset.maxBody || 0);
    if (!limit) { return; }
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if ((form.method || "").toLowerCase() !== "post") { return; }
      var size = new URLSearchParams(new FormData(form)).toString().length;
      if (size <= limit) { return; }
      event.preventDefault();
      var shown = form.querySelector(".too-long") || document.createElement("p");
      shown.className = "refusal too-long";
      shown.setAttribute("role", "alert");
      shown.textContent = document.body.dataset.tooLong + " (This one is " + (size / 1048576).toFixed(1) + " MB.)";
      form.insertBefore(shown, form.querySelector("button[type=submit]"));
    }, true);
  }

  // Presence: who else has a story open, and who is editing it. Not part of the log; a page beats every few
  // seconds while open and says when it leaves, and a browser that vanishes drops out on its own.
  var presenceBeat = 5000;
  var boardPresence = null;

  function hereWords(people) {
    return people.map(function (person) { return person.name + (person.editing ? " (editing)" : ""); }).join(", ");
  }

  function presenceOnStory(page) {
    var csrf = document.querySelector("input[name=csrf]");
    if (!csrf || !window.fetch) { return; }
    var story = page.dataset.story;
    var tab = null;
    try { tab = sessionStorage.getItem("galley-tab"); } catch (e) { /* private mode: a new name per page */ }
    if (!tab) {
      tab = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(12)), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
      try { sessionStorage.setItem("galley-tab", tab); } catch (e) { /* kept for this page only */ }
    }
    var edit = document.querySelector("form[action$='/edit']");
    var typedAt = 0;
    function editing() { return Date.now() - typedAt < 30000; }
    function fields() {
      return new URLSearchParams({ csrf: csrf.value, tab: tab, editing: editing() ? "1" : "" });
    }
    var line = document.getElementById("presence");
    var warning = document.getElementById("presence-editing");
    function show(answer) {
      if (!answer || !line) { return; }
      var here = answer.here || [];
      line.hidden = here.length === 0;
      line.textContent = here.length ? "Also here now: " + hereWords(here) + "." : "";
      var editors = here.filter(function (person) { return person.editing; });
      if (warning) {
        warning.hidden = editors.length === 0;
        warning.textContent = editors.length
          ? hereWords(editors).replace(/ \(editing\)/g, "") + (editors.length === 1 ? " is" : " are")
            + " editing this story now. What you save is checked against their changes; your text is kept."
          : "";
      }
    }
    function beat() {
      fetch("/presence/" + story, { method: "POST", credentials: "same-origin", body: fields() })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(show)
        .catch(function () { /* the next beat tries again */ });
    }
    if (edit) {
      edit.addEventListener("input", function () {
        var was = editing();
        typedAt = Date.now();
        if (!was) { beat(); }
      });
    }
    beat();
    setInterval(beat, presenceBeat);
    window.addEventListener("pagehide", function () {
      if (navigator.sendBeacon) { navigator.sendBeacon("/presence/" + story + "/leave", fields()); }
    });
  }

  function markPresence(board) {
    if (!boardPresence) { return; }
    board.querySelectorAll(".card").forEach(function (card) {
      var people = boardPresence[card.dataset.story] || [];
      var mark = card.querySelector(".presence");
      if (!people.length) { if (mark) { mark.remove(); } return; }
      if (!mark) {
        mark = document.createElement("p");
        mark.className = "presence small";
        card.insertBefore(mark, card.querySelector(".moves"));
      }
      mark.textContent = "Open now: " + hereWords(people);
    });
  }

  function presenceOnBoard(board) {
    if (!window.fetch) { return; }
    function look() {
      fetch("/presence", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) { return; }
          boardPresence = answer.stories || {};
          markPresence(board);
        })
        .catch(function () { /* the next look tries again */ });
    }
    look();
    setInterval(look, presenceBeat);
  }

  // Times a page marks with data-local are in the newsroom's zone; a reader elsewhere also sees their own.
  function localTimes(root) {
    var zone = document.body.dataset.zone;
    var mine = null;
    try { mine = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!mine || mine === zone || (zone === "UTC" && /^(Etc\/)?(UTC|GMT)$/.test(mine))) { return; }
    root.querySelectorAll("time[data-local]").forEach(function (element) {
      var moment = new Date(element.getAttribute("datetime"));
      if (isNaN(moment.getTime()) || element.nextElementSibling && element.nextElementSibling.classList.contains("yours")) { return; }
      var yours = document.createElement("span");
      yours.className = "muted small yours";
      yours.textContent = " (" + moment.toLocaleString(undefined, {
        weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"
      }) + " where you are, " + mine + ")";
      element.parentNode.insertBefore(yours, element.nextSibling);
    });
  }

  function liveBoard(board) {
    var timer = null;
    var pending = false;
    function refresh() {
      if (busyIn(board)) { pending = true; return; }
      pending = false;
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var next = new DOMParser().parseFromString(html, "text/html").getElementById("board");
          if (!next || busyIn(board)) { pending = true; return; }
          replaceBoard(board, next, null);
          say("Board updated just now, as others worked.");
        })
        .catch(function () { say("Live updates paused: the server did not answer. They resume on their own."); });
    }
    board.addEventListener("focusout", function () { if (pending) { setTimeout(refresh, 200); } });
    board.addEventListener("toggle", function () { if (pending) { setTimeout(refresh, 200); } }, true);
    follow(board.dataset.liveAfter, function (event) {
      if (!/^article-/.test(event.stream || "")) { return; }
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
  }

  function liveStory(page) {
    var stream = "article-" + page.dataset.story;
    var version = Number(page.dataset.version);
    follow(page.dataset.liveAfter, function (event) {
      if (event.stream !== stream || event.version <= version) { return; }
      version = event.version;
      var note = document.getElementById("story-changed");
      if (!note) {
        note = document.createElement("p");
        note.id = "story-changed";
        note.className = "notice";
        note.setAttribute("role", "status");
        page.insertBefore(note, page.firstChild);
      }
      note.textContent = "";
      note.appendChild(document.createTextNode("Someone has changed this story (now version " + version + "). "));
      var link = document.createElement("a");
      link.href = window.location.pathname;
      link.textContent = "Load the new version";
      note.appendChild(link);
      note.appendChild(document.createTextNode(" (an edit you save now is checked against it first: your text is kept)."));
    });
  }

  // The inbox's unread count in the navigation: asked for when the page loads, and again when someone else's
  // work on a story may have put something in it.
  function inboxCount(count) {
    var link = document.getElementById("inbox-link");
    var me = null;
    var timer = null;
    function refresh(then) {
      fetch("/inbox/count", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) { return; }
          me = answer.user;
          count.textContent = answer.unread >= 1000 ? "1000+" : String(answer.unread);
          count.hidden = answer.unread === 0;
          link.setAttribute("aria-label", answer.unread === 0 ? "Inbox" : "Inbox, " + count.textContent + " unread");
          if (then) { then(answer.position); }
        })
        .catch(function () { /* the next event asks again */ });
    }
    refresh(function (position) {
      follow(position, function (event) {
        if (!/^article-/.test(event.stream || "") || (event.metadata && event.metadata.actor === me)) { return; }
        clearTimeout(timer);
        timer = setTimeout(refresh, 300);
      });
    });
  }

  // Dragging a card onto a column makes the move that leads there, as its button would; a move that needs a
  // note or a time opens its form instead.
  function dragging(board) {
    board.querySelectorAll(".card").forEach(function (card) {
      if (!card.querySelector("[data-to]")) { return; }
      card.setAttribute("draggable", "true");
      card.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", card.id);
        event.dataTransfer.effectAllowed = "move";
        card.classList.add("dragging");
      });
      card.addEventListener("dragend", function () { card.classList.remove("dragging"); });
    });
    board.querySelectorAll(".column").forEach(function (column) {
      var stage = column.dataset.column === "embargoed" ? "published" : column.dataset.column;
      function moveFor(card) { return card ? card.querySelector('[data-to="' + stage + '"]') : null; }
      column.addEventListener("dragover", function (event) {
        var card = document.querySelector(".card.dragging");
        if (moveFor(card)) { event.preventDefault(); column.classList.add("drop-target"); }
      });
      column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        column.classList.remove("drop-target");
        var card = document.getElementById(event.dataTransfer.getData("text/plain"));
        var move = moveFor(card);
        if (!move) { return; }
        if (move.tagName === "FORM") { move.requestSubmit(); return; }
        move.open = true;
        var field = move.querySelector("textarea, input:not([type=hidden])");
        if (field) { field.focus(); }
      });
    });
  }

  // The version slider shows the story as it stood without leaving the page; the link stays bookmarkable.
  function scrubbing(form) {
    var slider = form.querySelector("input[type=range]");
    var output = form.querySelector("output");
    var timer = null;
    slider.addEventListener("input", function () {
      output.textContent = slider.value + " of " + slider.max;
      slider.setAttribute("aria-valuetext", "version " + slider.value + " of " + slider.max);
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = form.action + "?version=" + encodeURIComponent(slider.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null) { return; }
            var next = new DOMParser().parseFromString(html, "text/html");
            ["snapshot", "asof-title"].forEach(function (id) {
              var fresh = next.getElementById(id);
              if (fresh) { document.getElementById(id).innerHTML = fresh.innerHTML; }
            });
            var rows = next.querySelector(".timeline tbody");
            if (rows) { document.querySelector(".timeline tbody").innerHTML = rows.innerHTML; }
            var pager = next.querySelector(".pager");
            if (pager) { document.querySelector(".pager").innerHTML = pager.innerHTML; }
            history.replaceState(null, "", url);
          });
      }, 120);
    });
  }

  // Selecting a sentence of the story puts it in the claim field.
  function pickingClaims(body, field) {
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
      if (!body.contains(selection.getRangeAt(0).commonAncestorContainer)) { return; }
      var text = selection.toString().replace(/\s+/g, " ").trim();
      if (text.length < 3) { return; }
      field.value = text;
      field.classList.add("picked");
    });
    body.classList.add("selecting");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("board");
    sizeGuard();
    localTimes(document);
    if (board) { dragging(board); movesInPlace(board); liveBoard(board); presenceOnBoard(board); }
    var page = document.querySelector(".story-page");
    if (page) { liveStory(page); presenceOnStory(page); }
    var scrub = document.getElementById("scrub");
    if (scrub) { scrubbing(scrub); }
    var body = document.getElementById("story-body");
    var claim = document.getElementById("add-claim-text");
    if (body && claim) { pickingClaims(body, claim); }
    var count = document.getElementById("inbox-count");
    if (count) { inboxCount(count); }
  });
})();
