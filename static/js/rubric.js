// The rubric editor: live weight total, add a row without a round trip, move rows up and down.
// Without JavaScript the same form works: "Tambah kriteria" posts and comes back with a new row,
// "Urutan" numbers set the order, "Hapus kriteria ini" removes a row.
(function () {
  "use strict";
  var form = document.getElementById("rubric-form");
  if (!form) { return; }
  var list = document.getElementById("criteria");
  var totalOut = document.getElementById("weight-total");
  var stateOut = document.getElementById("weight-total-state");
  var addButton = document.getElementById("add-criterion");
  var MAX_ROWS = 15;

  function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-criterion-row]")); }
  function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }

  function renumber() {
    rows().forEach(function (row, i) {
      row.querySelector("[data-row-number]").textContent = String(i + 1);
      field(row, "position").value = String(i + 1);
    });
  }

  function update() {
    var total = 0;
    rows().forEach(function (row) {
      var kept = field(row, "name").value.trim() !== "" && field(row, "counted").checked && !field(row, "remove").checked;
      var weight = Number((field(row, "weight").value || "0").replace(",", "."));
      row.classList.toggle("opacity-50", field(row, "remove").checked);
      if (kept && isFinite(weight)) { total += weight; }
    });
    total = Math.round(total * 100) / 100;
    totalOut.textContent = total + "%";
    var ok = total === 100;
    stateOut.textContent = ok ? form.dataset.labelOk : form.dataset.labelOff;
    stateOut.className = "badge " + (ok ? "bg-success" : "bg-warning text-dark");
  }

  function nextIndex() {
    var max = -1;
    list.querySelectorAll("[name^='criteria-']").forEach(function (input) {
      var n = Number(input.name.split("-")[1]);
      if (n > max) { max = n; }
    });
    return max + 1;
  }

  function addRow() {
    var all = rows();
    if (all.length >= MAX_ROWS) { return; }
    var copy = all[all.length - 1].cloneNode(true);
    var index = nextIndex();
    copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/criteria-\d+-/g, "criteria-" + index + "-")); }
      });
    });
    copy.querySelectorAll("input[type=text], input[type=number], input:not([type]), textarea").forEach(function (el) {
      el.value = "";
    });
    field(copy, "scale_min").value = "1";
    field(copy, "scale_max").value = "100";
    field(copy, "counted").checked = true;
    field(copy, "remove").checked = false;
    copy.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    copy.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
    list.appendChild(copy);
    renumber();
    update();
    field(copy, "name").focus();
    addButton.disabled = rows().length >= MAX_ROWS;
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) { return; }
    var row = button.closest("[data-criterion-row]");
    if (button.dataset.move === "-1" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "1" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    button.focus();
  });
  list.addEventListener("input", update);
  list.addEventListener("change", update);
  if (addButton) {
    addButton.addEventListener("click", function (event) { event.preventDefault(); addRow(); });
  }
  rows().forEach(function (row) {
    var tools = row.querySelector("[data-row-tools]");
    tools.classList.remove("d-none");
    tools.classList.add("d-flex");
  });
  update();
})();
