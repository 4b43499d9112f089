// The edition form: the zone shown after every date follows the timezone chosen (WIB/WITA/WIT).
(function () {
  "use strict";
  var select = document.getElementById("timezone");
  if (!select) { return; }
  select.addEventListener("change", function () {
    var label = select.options[select.selectedIndex].text.split(" ")[0];  // "WITA (Asia/Makassar)"
    document.querySelectorAll(".datetime-split .input-group-text").forEach(function (el) {
      el.textContent = label;
    });
  });
})();
