// Small progressive enhancements: confirmations before destructive actions, deadline countdowns.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.dataset.countdown) - Date.now()) / 1000);
      if (left <= 0) { el.textContent = el.dataset.labelEnded; return; }
      var days = Math.floor(left / 86400);
      var rest = left % 86400;
      el.textContent = (days ? days + " " + el.dataset.labelDays + " " : "") +
        pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor(rest % 3600 / 60)) + ":" + pad(rest % 60);
    });
  }
  tick();
  setInterval(tick, 1000);

  // A table wider than the screen scrolls sideways: keyboard users must reach it (WCAG 2.1.1),
  // so an overflowing box becomes a focusable, named region; one that fits stays out of the tab order.
  function headingBefore(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) { return prev.textContent.trim(); }
      }
    }
    return document.title;
  }

  function scrollRegions() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : headingBefore(box));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  scrollRegions();
  window.addEventListener("resize", scrollRegions);
})();
