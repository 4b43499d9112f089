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
})();
