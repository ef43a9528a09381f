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
          var known = {};
          board.querySelectorAll(".card").forEach(function (card) { known[card.id + "@" + card.closest(".column").dataset.column] = true; });
          var focused = document.activeElement && document.activeElement.closest(".card");
          var focusID = focused ? focused.id : null;
          var scrollX = board.scrollLeft;
          board.innerHTML = next.innerHTML;
          board.scrollLeft = scrollX;
          board.querySelectorAll(".card").forEach(function (card) {
            if (!known[card.id + "@" + card.closest(".column").dataset.column]) { card.classList.add("arrived"); }
          });
          if (focusID && document.getElementById(focusID)) {
            var link = document.getElementById(focusID).querySelector("a");
            if (link) { link.focus({ preventScroll: true }); }
          }
          dragging(board);
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
        if (move.tagName === "FORM") { move.submit(); return; }
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
    if (board) { dragging(board); liveBoard(board); }
    var page = document.querySelector(".story-page");
    if (page) { liveStory(page); }
    var scrub = document.getElementById("scrub");
    if (scrub) { scrubbing(scrub); }
    var body = document.getElementById("story-body");
    var claim = document.getElementById("add-claim-text");
    if (body && claim) { pickingClaims(body, claim); }
    var count = document.getElementById("inbox-count");
    if (count) { inboxCount(count); }
  });
})();
