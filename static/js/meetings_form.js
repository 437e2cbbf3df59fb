// Meeting form: propose the annual review date, and warn (as text) when the chosen date is past
// the annual review deadline or leaves the family less notice than the district requires.
(function () {
  "use strict";
  var rulesEl = document.getElementById("meeting-rules");
  var kind = document.getElementById("id_kind");
  var date = document.getElementById("id_date");
  var out = document.getElementById("date-warning");
  if (!rulesEl || !kind || !date || !out) return;
  var rules = JSON.parse(rulesEl.textContent);
  var DAY = 86400000;
  function parse(s) { var p = s.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
  function check() {
    var msgs = [];
    if (date.value) {
      var chosen = parse(date.value);
      if (kind.value === "annual_review" && chosen > parse(rules.annual_review_due)) {
        msgs.push("This date is after the annual review deadline (" + rules.annual_review_due + ").");
      }
      var lead = Math.round((chosen - parse(rules.today)) / DAY);
      if (lead < rules.notice_lead_days) {
        msgs.push("Only " + lead + " days away: the family notice needs " + rules.notice_lead_days + " days.");
      }
    }
    out.textContent = msgs.length ? "⚠ " + msgs.join(" ") : "";
    out.hidden = msgs.length === 0;
  }
  kind.addEventListener("change", function () {
    if (kind.value === "annual_review" && !date.value) date.value = rules.proposed;
    check();
  });
  date.addEventListener("change", check);
  check();
})();
