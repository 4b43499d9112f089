// Registration: once the NIP is typed, show what it says (PNS/PPPK, gender, birth date) and offer only
// the grades of the employment type it shows (PNS: pangkat/golongan I/a–IV/e; PPPK: golongan I–XVII). Without JavaScript the select lists
// both groups and the server checks the choice against the number.
(function () {
  "use strict";
  var nip = document.getElementById("nip");
  var grade = document.getElementById("rank");
  if (!nip || !grade) { return; }

  // The same rule as contest/accounts/nip.py: digits 13–14 are a month for PNS, 21–29 for PPPK.
  function kindOf(value) {
    var digits = value.replace(/[\s.\-\u2010-\u2015\u2212]/g, "");
    if (!/^[0-9]{18}$/.test(digits)) { return null; }
    var code = digits.slice(12, 14);
    if (/^(0[1-9]|1[0-2])$/.test(code)) { return "PNS"; }
    if (/^2[1-9]$/.test(code)) { return "PPPK"; }
    return null;
  }

  function update() {
    var kind = kindOf(nip.value);
    Array.prototype.forEach.call(grade.querySelectorAll("optgroup"), function (group) {
      var first = group.querySelector("option");
      var other = !!kind && !!first && first.getAttribute("data-kind") !== kind;
      group.hidden = other;
      group.disabled = other;
    });
    var chosen = grade.options[grade.selectedIndex];
    if (chosen && chosen.parentNode.disabled) { grade.value = ""; }
  }

  // What the number says, shown as it is typed: employment type, gender (digit 15), birth date.
  var derived = document.getElementById("nip-derived");
  var derivedText = derived ? derived.querySelector("[data-role=derived]") : null;
  function describe() {
    if (!derivedText) { return; }
    var d = derived.dataset;
    var digits = nip.value.replace(/[\s.\-\u2010-\u2015\u2212]/g, "");
    var kind = kindOf(nip.value);
    var gender = digits.charAt(14);
    if (digits.length < 18) { derivedText.textContent = d.labelWait; return; }
    if (!kind || (gender !== "1" && gender !== "2")) { derivedText.textContent = d.labelInvalid; return; }
    derivedText.textContent = (kind === "PNS" ? d.labelPns : d.labelPppk) + " · " +
      (gender === "1" ? d.labelMale : d.labelFemale) + " · " + d.labelBorn + " " +
      digits.slice(6, 8) + "-" + digits.slice(4, 6) + "-" + digits.slice(0, 4);
  }

  nip.addEventListener("input", update);
  nip.addEventListener("input", describe);
  update();
}());
