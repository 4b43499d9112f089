// The scoring page: live weighted total, level bands, autosave, and how much of the video was watched.
// Every save names the card version this page holds; a 409 means another tab changed the card:
// the page says so and reloads. A submitted card is never autosaved ("Ubah nilai" posts the form).
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  var readonly = form.dataset.readonly === "1";
  var autosaves = !readonly && form.dataset.submitted !== "1";
  var versionInput = form.querySelector("input[name=version]");
  var submitAfterSave = null;
  var reloading = false;
  var criteria = Array.prototype.slice.call(form.querySelectorAll("[data-criterion]"));
  var totalOut = document.getElementById("weighted-total");
  var termsOut = document.getElementById("total-terms");
  var statusEl = document.getElementById("autosave-status");
  var watchedInput = form.querySelector("input[name=watched]");
  var confirmInput = form.querySelector("input[name=confirm_unwatched]");
  var video = document.querySelector("[data-watch-video]");
  var watchedLabel = document.querySelector("[data-watched-pct]");
  var timer = null;
  var inFlight = false;
  var pending = false;
  var dirty = false;

  function numberOf(input) {
    var text = (input.value || "").replace(",", ".").trim();
    if (text === "") { return null; }
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }

  function update() {
    var terms = [];
    var total = 0;
    var complete = true;
    criteria.forEach(function (box) {
      var input = box.querySelector("input");
      var min = Number(box.dataset.min);
      var max = Number(box.dataset.max);
      var value = numberOf(input);
      var valid = value !== null && !isNaN(value) && value >= min && value <= max;
      input.classList.toggle("is-invalid", value !== null && !valid);
      box.querySelectorAll("[data-level-min]").forEach(function (li) {
        li.classList.remove("active");
      });
      if (valid) {
        var active = null;
        box.querySelectorAll("[data-level-min]").forEach(function (li) {
          if (value >= Number(li.dataset.levelMin)) { active = li; }
        });
        if (active) { active.classList.add("active"); }
      }
      if (box.dataset.counted === "1") {
        if (valid) { total += (value - min) * Number(box.dataset.weight) / (max - min); }
        else { complete = false; }
        terms.push(Number(box.dataset.weight) + "% × (" + (valid ? value : "…") + " − " + min + ") ÷ " + (max - min));
      }
    });
    totalOut.textContent = complete ? total.toFixed(2) : "—";
    if (termsOut) { termsOut.textContent = terms.join(" + ") + " = " + totalOut.textContent; }
  }

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.classList.toggle("text-danger", !!isError);
    statusEl.classList.toggle("text-muted", !isError);
  }

  function conflict(message) {
    reloading = true;
    clearTimeout(timer);
    setStatus(message || form.dataset.labelConflict, true);
    window.setTimeout(function () { window.location.reload(); }, 2500);
  }

  function save() {
    if (!autosaves || reloading) { return; }
    if (inFlight) { pending = true; return; }
    inFlight = true;
    dirty = false;
    setStatus(form.dataset.labelSaving, false);
    var data = new FormData(form);
    data.delete("action");
    fetch(form.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin",
                                     headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
      })
      .then(function (result) {
        if (result.status === 409) {
          conflict(result.body.error);
        } else if (result.ok && result.body.ok) {
          if (versionInput) { versionInput.value = result.body.version; }
          var at = new Date(result.body.saved_at);
          // The contest's clock (24-hour, WITA), not the laptop's locale and zone.
          var clock = at.toLocaleTimeString("id-ID", { timeZone: form.dataset.timezone, hour: "2-digit",
                                                       minute: "2-digit", hour12: false }).replace(":", ".");
          setStatus(form.dataset.labelSaved + " · " + clock + " " + form.dataset.zone, false);
        } else {
          setStatus(result.body.error || form.dataset.labelError, true);
        }
      })
      .catch(function () { setStatus(form.dataset.labelError, true); dirty = true; })
      .then(function () {
        inFlight = false;
        if (submitAfterSave && !reloading) {
          var button = submitAfterSave;
          submitAfterSave = null;
          pending = false;
          form.requestSubmit(button);  // with the version the autosave just got
        } else if (pending) { pending = false; save(); }
      });
  }

  function schedule() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  function watchedShare() {
    if (!video || !video.duration || !isFinite(video.duration)) { return null; }
    var seen = 0;
    for (var i = 0; i < video.played.length; i++) { seen += video.played.end(i) - video.played.start(i); }
    return Math.min(1, seen / video.duration);
  }

  function trackWatching() {
    var share = watchedShare();
    if (share === null) { return; }
    var best = Math.max(share, Number(watchedInput.value) || 0);
    watchedInput.value = best.toFixed(3);
    if (watchedLabel) { watchedLabel.textContent = Math.round(best * 100); }
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("input, textarea")) { update(); schedule(); }
  });

  if (video) {
    video.addEventListener("timeupdate", trackWatching);
    video.addEventListener("pause", function () { trackWatching(); schedule(); });
    video.addEventListener("ended", function () { trackWatching(); schedule(); });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-submit]");
    if (!button || form.dataset.hasVideo !== "1" || form.dataset.submitted === "1") { return; }
    trackWatching();
    var share = Number(watchedInput.value) || 0;
    if (share < Number(form.dataset.watchThreshold)) {
      var message = form.dataset.confirmMessage.replace("__PCT__", Math.round(share * 100));
      if (window.confirm(message)) { confirmInput.value = "1"; }
      else { event.preventDefault(); }
    }
  });

  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inFlight || reloading) {  // wait for the autosave in flight: it changes the card's version
      event.preventDefault();
      if (!reloading) { submitAfterSave = event.submitter || null; }
      return;
    }
    dirty = false;
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && autosaves && !reloading && navigator.sendBeacon) {
      var data = new FormData(form);
      data.delete("action");
      navigator.sendBeacon(form.dataset.autosaveUrl, data);
      dirty = false;
    }
  });

  // Order effects: tell the server once that this entry was opened (its place in the judge's sequence).
  if (!readonly && form.dataset.openedUrl) {
    var opening = new FormData();
    var token = form.querySelector("input[name=csrf_token]");
    if (token) { opening.append("csrf_token", token.value); }
    fetch(form.dataset.openedUrl, { method: "POST", body: opening, credentials: "same-origin",
                                   headers: { "Accept": "application/json" } }).catch(function () {});
  }

  update();
})();
