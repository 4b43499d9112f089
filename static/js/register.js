// Registration: once the NIP is typed, offer only the grades of the employment type it shows
// (PNS: pangkat/golongan I/a–IV/e; PPPK: golongan I–XVII). Without JavaScript the select lists
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

  nip.addEventListener("input", update);
  update();
}());
