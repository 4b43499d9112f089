// Timestamped notes on the scoring page: "Catatan di mm:ss", the N shortcut, seeking from a note.
(function () {
  "use strict";
  var panel = document.querySelector("[data-notes]");
  if (!panel) { return; }
  var video = document.querySelector("[data-watch-video]");
  var form = panel.querySelector("[data-note-add-form]");
  var list = panel.querySelector("[data-note-list]");
  var empty = panel.querySelector("[data-note-empty]");
  var template = panel.querySelector("[data-note-template]");
  var pinned = null; // the moment the judge paused at, kept while they type
  var manual = false; // the judge typed the time by hand: the server reads mm:ss

  function timecode(seconds) {
    var total = Math.max(0, Math.floor(seconds));
    var h = Math.floor(total / 3600), m = Math.floor(total % 3600 / 60), s = total % 60;
    var ss = (s < 10 ? "0" : "") + s;
    return h ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss;
  }

  function current() { return pinned !== null ? pinned : (video ? video.currentTime || 0 : 0); }

  function showTime() {
    if (!form || manual) { return; }
    var t = current();
    form.querySelector("[data-note-time]").textContent = timecode(t);
    form.querySelector("input[name=at]").value = timecode(t);
    form.querySelector("input[name=seconds]").value = t.toFixed(2);
  }

  function startNote() {
    if (video) { video.pause(); pinned = video.currentTime || 0; }
    manual = false;
    showTime();
    form.querySelector("textarea[name=body]").focus();
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function render(notes) {
    list.textContent = "";
    notes.forEach(function (n) {
      var item = template.content.firstElementChild.cloneNode(true);
      item.dataset.noteId = n.id;
      var seek = item.querySelector("[data-seek]");
      seek.dataset.seek = n.seconds;
      seek.textContent = n.at;
      seek.setAttribute("href", "#notes");
      var body = seek.nextElementSibling;
      body.textContent = n.body;
      item.querySelectorAll("form").forEach(function (f) {
        f.setAttribute("action", f.getAttribute("action").replace("/notes/0", "/notes/" + n.id));
      });
      item.querySelector("input[name=at]").value = n.at;
      item.querySelector("textarea[name=body]").value = n.body;
      var box = item.querySelector("input[name=for_entrant]");
      box.checked = n.for_entrant;
      box.id = "fe-" + n.id;
      item.querySelector("label[for]").setAttribute("for", box.id);
      list.appendChild(item);
    });
    empty.classList.toggle("d-none", notes.length > 0);
  }

  if (video && form) {
    ["timeupdate", "seeked", "loadedmetadata"].forEach(function (name) {
      video.addEventListener(name, function () { if (pinned === null || !video.paused) { pinned = null; showTime(); } });
    });
    video.addEventListener("pause", function () { pinned = video.currentTime || 0; showTime(); });
    video.addEventListener("play", function () { pinned = null; });
  }

  if (form) {
    form.querySelector("input[name=at]").addEventListener("input", function () {
      form.querySelector("input[name=seconds]").value = "";
      form.querySelector("[data-note-time]").textContent = this.value;
      manual = true;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = form.querySelector("textarea[name=body]");
      var error = form.querySelector("[data-note-error]");
      if (!body.value.trim()) { startNote(); return; }
      error.textContent = "";
      fetch(panel.dataset.addUrl, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                    headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (result) {
          if (!result.ok) { error.textContent = result.error || panel.dataset.labelError; return; }
          body.value = "";
          form.querySelector("input[name=for_entrant]").checked = false;
          manual = false;
          pinned = video && video.paused ? video.currentTime || 0 : null;
          showTime();
          render(result.notes);
        })
        .catch(function () { error.textContent = panel.dataset.labelError; });
    });
    form.querySelector("textarea[name=body]").addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "n" || event.key === "N") && !event.ctrlKey && !event.metaKey && !event.altKey &&
          !typing(document.activeElement)) {
        event.preventDefault();
        startNote();
      }
    });
    showTime();
  }

  panel.addEventListener("click", function (event) {
    var link = event.target.closest("[data-seek]");
    if (!link || !video) { return; }
    event.preventDefault();
    var wasPlaying = !video.paused;
    video.currentTime = Number(link.dataset.seek);
    pinned = null;
    if (wasPlaying) { video.play(); } else { video.pause(); }
  });
})();
