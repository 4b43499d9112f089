// Public players: adaptive streaming (HLS) where it works, the progressive MP4 otherwise.
// Safari/iOS play the master playlist natively; other browsers with Media Source Extensions get
// hls.js, prefetched after the page has loaded and run at the visitor's first touch, scroll or key
// (or first press of play); anything else,
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
    // A player marked data-prebuffer (a winner's own page) buffers one segment of the ladder, so it
    // starts at once; the rest of the buffer fills only once it plays.
    var prebuffer = !play && "prebuffer" in video.dataset;
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
    // Pressed play while hls.js is still on its way (the tap itself started it): hold the MP4 back,
    // play the ladder instead. A play() from a script before any visitor action keeps the MP4.
    video.addEventListener("play", function () {
      if (video.dataset.streaming || video.currentTime > 0.5 || libState === "none") { return; }
      video.pause();
      withLib(function () { attach(video, true); });
    });
  });
  if (!hasMse || !lib) { return; }

  // After the page has loaded, fetch hls.js into the cache without running it (running 390 KB of
  // script would hold a phone's main thread while the page is being read); at the visitor's first
  // touch, scroll or key it runs and the players attach, so a press of play starts at once.
  var INTENT = ["pointerdown", "touchstart", "keydown", "wheel", "scroll"];
  function ready() {
    INTENT.forEach(function (name) { window.removeEventListener(name, ready, true); });
    withLib(function () { videos.forEach(function (video) { attach(video, false); }); });
  }
  function prefetch() {
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.as = "script";
    link.href = lib;
    document.head.appendChild(link);
  }
  INTENT.forEach(function (name) { window.addEventListener(name, ready, { capture: true, passive: true }); });
  if (document.readyState === "complete") { prefetch(); } else { window.addEventListener("load", prefetch); }
})();
