// Resumable video upload (tus) for an entry: checks size and type first, shows percent, speed
// and time left, resumes an interrupted upload (also after a reload: pick the same file again),
// then hands over to video_status.js. Texts come translated in data-* attributes.
(function () {
  "use strict";
  var box = document.getElementById("video-uploader");
  if (!box) { return; }
  var panel = document.getElementById("video-panel");
  var d = box.dataset;
  var lang = document.documentElement.lang || "id";
  var entryId = d.entryId;
  var maxBytes = Number(d.maxBytes);
  var extensions = d.extensions.split(",");
  var CHUNK = 8 * 1024 * 1024;

  function part(role) { return box.querySelector('[data-role="' + role + '"]'); }
  var input = part("file");
  var startButton = part("start");
  var pauseButton = part("pause");
  var errorBox = part("upload-error");
  var progressBox = part("upload-progress");
  var bar = part("upload-bar");
  var stats = part("upload-stats");
  var pendingBox = part("pending");

  var upload = null;
  var running = false;
  var samples = [];

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function number(value, digits) {
    return value.toLocaleString(lang, { maximumFractionDigits: digits });
  }

  function megabytes(bytes, roundUp) {
    var value = bytes / 1048576;
    value = roundUp ? Math.ceil(value * 10) / 10 : Math.floor(value * 10) / 10;
    return number(value, 1);
  }

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  }

  // The same checks the server makes, so a wrong file is refused before a byte is sent.
  function problemWith(file) {
    if (!file) { return d.msgNoFile; }
    if (file.size === 0) { return d.msgEmpty; }
    var dot = file.name.lastIndexOf(".");
    var ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : "";
    if (!ext) { return d.msgNoExt; }
    if (extensions.indexOf(ext) < 0) { return fill(d.msgBadType, { ext: ext }); }
    if (file.size > maxBytes) {
      return fill(d.msgTooLarge, { size: megabytes(file.size, true), max: megabytes(maxBytes, false) });
    }
    return null;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    if (seconds < 60) { return fill(d.msgSeconds, { s: seconds }); }
    return fill(d.msgMinutes, { m: Math.floor(seconds / 60), s: seconds % 60 });
  }

  function showProgress(sent, total) {
    var now = Date.now();
    samples.push([now, sent]);
    while (samples.length > 2 && now - samples[0][0] > 8000) { samples.shift(); }
    var percent = total ? Math.floor(sent * 100 / total) : 0;
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    bar.parentNode.setAttribute("aria-valuenow", String(percent));
    var first = samples[0];
    var elapsed = (now - first[0]) / 1000;
    var speed = elapsed >= 1 ? (sent - first[1]) / elapsed : 0;
    stats.textContent = fill(d.msgStats, {
      percent: percent + "%",
      speed: speed > 0 ? number(speed / 1048576, 1) : "–",
      left: speed > 0 ? duration((total - sent) / speed) : d.msgEstimating
    });
  }

  function setRunning(value) {
    running = value;
    startButton.disabled = value || !!problemWith(input.files[0]);
    input.disabled = value;
    pauseButton.hidden = !upload;
    pauseButton.textContent = value ? d.labelPause : d.labelResume;
  }

  function serverMessage(error) {
    var response = error && error.originalResponse;
    var body = response ? String(response.getBody() || "").trim() : "";
    if (!body || body.charAt(0) === "<" || body.length > 300) { return d.msgErrorGeneric; }
    return body;
  }

  function shouldRetry(error) {
    var response = error && error.originalResponse;
    var status = response ? response.getStatus() : 0;
    var retry = !(status >= 400 && status < 500) || status === 409 || status === 423;
    if (retry) { stats.textContent = d.msgRetrying; }
    return retry;
  }

  function start() {
    var file = input.files[0];
    var problem = problemWith(file);
    showError(problem);
    if (problem) { return; }
    if (!window.tus || !window.tus.isSupported) { showError(d.msgUnsupported); return; }
    upload = new window.tus.Upload(file, {
      endpoint: d.endpoint,
      chunkSize: CHUNK,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      metadata: { entry_id: String(entryId), filename: file.name, filetype: file.type || "" },
      headers: { "X-CSRFToken": d.csrf },
      removeFingerprintOnSuccess: true,
      fingerprint: function (f) {
        return Promise.resolve(["tus-entry", entryId, f.name, f.type, f.size, f.lastModified].join("-"));
      },
      onShouldRetry: shouldRetry,
      onProgress: showProgress,
      onError: function (error) {
        setRunning(false);
        showError(fill(d.msgError, { error: serverMessage(error) }));
      },
      onSuccess: function () {
        upload = null;
        setRunning(false);
        bar.style.width = "100%";
        bar.textContent = "100%";
        stats.textContent = d.msgDone;
        pendingBox.hidden = true;
        input.value = "";
        startButton.disabled = true;
        panel.dispatchEvent(new CustomEvent("video:uploaded"));
      }
    });
    samples = [];
    progressBox.hidden = false;
    pendingBox.hidden = true;
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        stats.textContent = d.msgResuming;
      }
      upload.start();
      setRunning(true);
    });
  }

  var fileName = part("file-name");
  input.addEventListener("change", function () {
    if (fileName) { fileName.textContent = input.files[0] ? input.files[0].name : fileName.dataset.labelNone; }
    var problem = input.files[0] ? problemWith(input.files[0]) : null;
    showError(problem);
    startButton.disabled = !input.files[0] || !!problem;
  });
  startButton.addEventListener("click", start);
  pauseButton.addEventListener("click", function () {
    if (!upload) { return; }
    if (running) {
      upload.abort();
      setRunning(false);
      stats.textContent = d.msgPaused;
    } else {
      samples = [];
      upload.start();
      setRunning(true);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (running) {
      event.preventDefault();
      event.returnValue = d.msgLeave;
      return d.msgLeave;
    }
    return undefined;
  });

  // An upload interrupted earlier (tab closed, phone slept): say how to pick it up again.
  if (window.tus && window.tus.canStoreURLs && window.tus.defaultOptions.urlStorage) {
    window.tus.defaultOptions.urlStorage.findAllUploads().then(function (stored) {
      var mine = stored.filter(function (item) {
        return item.metadata && String(item.metadata.entry_id) === String(entryId);
      });
      if (mine.length && !running) {
        pendingBox.textContent = fill(d.msgPending, { filename: mine[0].metadata.filename || "" });
        pendingBox.hidden = false;
      }
    }).catch(function () { /* storage unavailable: nothing to offer */ });
  }
})();
