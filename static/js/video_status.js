// Live processing status of an entry's video: polls video.json while the video is queued or
// being processed, shows the state, a progress bar for transcoding and the rejection reasons,
// and reloads the page once processing ends (player, poster choice and the submit button are
// rendered by the server). Started by the page (data-poll) or by upload.js ("video:uploaded").
(function () {
  "use strict";
  var panel = document.getElementById("video-panel");
  if (!panel || !window.fetch) { return; }
  var box = panel.querySelector('[data-role="status"]');
  var timer = null;
  var failures = 0;
  var watching = false;

  function part(role) { return box.querySelector('[data-role="' + role + '"]'); }

  function render(doc) {
    box.hidden = doc.state === "none";
    var label = part("state-label");
    label.textContent = doc.label;
    var bad = doc.state === "rejected" || doc.state === "failed";
    label.classList.toggle("text-bg-danger", bad);
    label.classList.toggle("text-bg-secondary", !bad);
    var message = part("message");
    message.textContent = doc.message || "";
    message.hidden = !doc.message;

    var progress = part("process-progress");
    var bar = part("process-bar");
    progress.hidden = doc.state !== "processing";
    bar.style.width = doc.progress + "%";
    bar.textContent = doc.progress + "%";
    progress.setAttribute("aria-valuenow", String(doc.progress));

    var list = part("problems");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    (doc.problems || []).forEach(function (problem) {
      var item = document.createElement("li");
      item.setAttribute("data-code", problem.code);
      item.textContent = problem.message;
      list.appendChild(item);
    });
    list.hidden = !(doc.problems && doc.problems.length);
    var note = part("in-use-note");
    if (note) { note.hidden = !doc.in_use; }
    panel.setAttribute("data-state", doc.state);
  }

  function schedule(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, ms);
  }

  function poll() {
    window.fetch(panel.getAttribute("data-status-url"), {
      credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (doc) {
      failures = 0;
      render(doc);
      if (doc.poll) {
        schedule(doc.state === "processing" ? 1000 : 2000);
      } else if (watching) {
        window.location.reload();
      }
    }).catch(function () {
      failures += 1;
      var message = part("message");
      message.textContent = panel.getAttribute("data-msg-failed-poll");
      message.hidden = false;
      schedule(Math.min(30000, 2000 * Math.pow(2, failures)));
    });
  }

  function watch() {
    watching = true;
    poll();
  }

  panel.addEventListener("video:uploaded", watch);
  if (panel.getAttribute("data-poll") === "true") { watch(); }
})();
