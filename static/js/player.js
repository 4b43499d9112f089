// Public players: adaptive streaming (HLS) where it works, the progressive MP4 otherwise.
// Safari/iOS play the master playlist natively; other browsers with Media Source Extensions get
// hls.js, fetched only after the page has loaded (or at the first press of play); anything else,
// or any error (e.g. the ladder is not built yet: 404), keeps the <source> MP4. Captions stay the
// <track> elements, the controls the browser's own. video.dataset.streaming says which one plays.
(function () {
  "use strict";
  var script = document.currentScript;
  var lib = script && script.dataset.hlsLib;
  var videos = Array.prototype.slice.call(document.querySelectorAll("video[data-hls]"));
  if (!videos.length) { return; }
  var HLS_TYPE = "application/vnd.apple.mpegurl";
  var libState = "none", waiting = [];

  function untouched(video) { return video.paused && !video.currentTime; }

  function fallBack(video) {
    if (video.dataset.streaming === "mp4") { return; }
    var at = video.currentTime || 0, playing = !video.paused;
    video.dataset.streaming = "mp4";
    video.removeAttribute("src");
    video.load();  // back to the <source> children: the MP4
    if (at || playing) {
      video.addEventListener("loadedmetadata", function () {
        video.currentTime = at;
        if (playing) { video.play().catch(function () {}); }
      }, { once: true });
    }
  }

  function withLib(callback) {
    if (libState === "ready") { callback(); return; }
    if (libState === "failed") { return; }
    waiting.push(callback);
    if (libState === "loading") { return; }
    libState = "loading";
    var tag = document.createElement("script");
    tag.src = lib;
    tag.onload = function () {
      libState = window.Hls && window.Hls.isSupported() ? "ready" : "failed";
      var run = waiting; waiting = [];
      if (libState === "ready") { run.forEach(function (fn) { fn(); }); }
      else { videos.forEach(function (v) { v.dataset.streaming = "mp4"; }); }
    };
    tag.onerror = function () { libState = "failed"; videos.forEach(function (v) { v.dataset.streaming = "mp4"; }); };
    document.head.appendChild(tag);
  }

  function attach(video, play) {
    if (video.dataset.streaming || !(play || untouched(video))) { return; }
    var Hls = window.Hls;
    // A player that would preload its MP4 (preload="metadata"/"auto") buffers one segment of the
    // ladder instead, so it starts as soon; the rest of the buffer fills only once it plays.
    var prebuffer = !play && video.preload !== "none";
    var hls = new Hls({ autoStartLoad: false, capLevelToPlayerSize: true,
                        maxBufferLength: prebuffer ? 1 : 30 });
    var parsed = false, wanted = play || prebuffer, started = false;
    function start() {
      if (!parsed || !wanted) { return; }
      hls.config.maxBufferLength = video.paused && !play ? 1 : 30;
      if (started) { return; }
      started = true;
      hls.startLoad();
      if (play) { video.play().catch(function () {}); }
    }
    video.dataset.streaming = "hls.js";
    video._hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, function () { parsed = true; start(); });
    hls.on(Hls.Events.ERROR, function (event, data) {
      if (data.fatal) { hls.destroy(); video._hls = null; fallBack(video); }
    });
    video.addEventListener("play", function () { wanted = true; play = true; start(); });
    hls.loadSource(video.dataset.hls);
    hls.attachMedia(video);
  }

  var hasMse = !!(window.MediaSource || window.ManagedMediaSource);
  // Safari and iOS play HLS natively (AirPlay, fullscreen captions); Chrome also says "maybe" now,
  // but hls.js there keeps the rendition to the player's size.
  var nativeFirst = /Apple/.test(navigator.vendor || "") || !hasMse;
  videos.forEach(function (video) {
    if (nativeFirst && video.canPlayType(HLS_TYPE)) {
      video.dataset.streaming = "native";
      video.addEventListener("error", function () { fallBack(video); }, { once: true });
      video.src = video.dataset.hls;
      return;
    }
    if (!hasMse || !lib) { video.dataset.streaming = "mp4"; return; }
    // Pressed play before hls.js arrived: hold the MP4 back, play the ladder instead.
    video.addEventListener("play", function () {
      if (video.dataset.streaming || video.currentTime > 0.5) { return; }
      video.pause();
      withLib(function () { attach(video, true); });
    });
  });
  if (!hasMse || !lib) { return; }

  function later() {
    withLib(function () { videos.forEach(function (video) { attach(video, false); }); });
  }
  function idle() {
    if (window.requestIdleCallback) { window.requestIdleCallback(later, { timeout: 3000 }); }
    else { window.setTimeout(later, 500); }
  }
  if (document.readyState === "complete") { idle(); } else { window.addEventListener("load", idle); }
})();
