// The quality report under the entrant's player: a warning's time seeks the player there, and
// while the report is still being made the list is fetched again from video.json until it is in.
(function () {
  "use strict";
  var panel = document.getElementById("video-panel");
  var box = panel && panel.querySelector('[data-role="quality"]');
  if (!box) { return; }
  var player = panel.querySelector('[data-role="player"] video');

  function part(role) { return box.querySelector('[data-role="' + role + '"]'); }

  box.addEventListener("click", function (event) {
    var button = event.target.closest("[data-seek]");
    if (!button || !player) { return; }
    player.currentTime = parseFloat(button.getAttribute("data-seek"));
    player.focus();
    var playing = player.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  });

  function render(doc) {
    var list = part("quality-warnings");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    (doc.warnings || []).forEach(function (w) {
      var item = document.createElement("li");
      item.setAttribute("data-code", w.code);
      if (w.start === null) {
        item.textContent = w.message;
      } else {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link btn-sm p-0 align-baseline";
        button.setAttribute("data-seek", String(w.start));
        button.textContent = w.message;
        item.appendChild(button);
      }
      list.appendChild(item);
    });
    var found = doc.warnings && doc.warnings.length;
    part("quality-pending").hidden = doc.quality !== "pending";
    part("quality-none").hidden = doc.quality !== "done" || found;
    part("quality-found").hidden = !found;
    box.setAttribute("data-quality", doc.quality || "");
  }

  function poll() {
    if (box.getAttribute("data-quality") !== "pending" || !window.fetch) { return; }
    window.fetch(panel.getAttribute("data-status-url"), {
      credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (doc) {
      if (doc && doc.quality) { render(doc); }
      window.setTimeout(poll, 5000);
    }).catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 3000);
}());
