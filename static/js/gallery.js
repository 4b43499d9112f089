// Share buttons: the phone's share sheet (WhatsApp, Instagram, …) when there is one, else copy the link.
(function () {
  "use strict";
  function announce(button, text) {
    var status = button.parentElement.querySelector(".share-status");
    if (status) { status.textContent = text; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-share-url]");
    if (!button) { return; }
    var url = button.dataset.shareUrl, title = button.dataset.shareTitle;
    if (navigator.share) {
      navigator.share({ title: title, url: url }).catch(function () {});
      return;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { announce(button, button.dataset.labelCopied); },
        function () { window.prompt(title, url); });
    } else {
      window.prompt(title, url);
    }
  });
})();
