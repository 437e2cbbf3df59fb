// Log a session: show the reason and makeup fields only for the statuses that need them,
// list only the chosen students' missed sessions, and stop a second click from sending the
// form twice (the server ignores repeats anyway).
(function () {
  "use strict";
  var form = document.getElementById("session-log");
  if (!form) { return; }
  var status = form.querySelector("select[name=status]");
  var blocks = form.querySelectorAll("[data-show-for]");
  var students = form.querySelectorAll("input[name=requirements]");
  var misses = form.querySelectorAll(".makeup-choices label[data-requirement]");
  var hint = form.querySelector(".makeup-hint");

  function syncStatus() {
    blocks.forEach(function (block) {
      var wanted = block.getAttribute("data-show-for").split(" ");
      var hasError = block.querySelector(".field-error");
      block.hidden = !(status && wanted.indexOf(status.value) !== -1) && !hasError;
    });
  }
  function syncMisses() {
    var chosen = {};
    var any = false;
    students.forEach(function (box) { if (box.checked) { chosen[box.value] = true; any = true; } });
    misses.forEach(function (label) {
      var box = label.querySelector("input");
      label.hidden = !chosen[label.getAttribute("data-requirement")] && !box.checked;
    });
    if (hint) { hint.hidden = any; }
  }
  // "Why late?" only for a date old enough to be late: more than N school days ago is more
  // than N calendar days ago, so this never hides it from a late entry (the server decides).
  var lateBlock = form.querySelector("[data-late-reason]");
  var lateInput = lateBlock && lateBlock.querySelector("input");
  var date = form.querySelector("input[name=date]");
  function syncLate() {
    if (!lateBlock || !date) { return; }
    var after = parseInt(lateInput.getAttribute("data-late-after-days"), 10) || 0;
    var today = new Date((lateInput.getAttribute("data-today") || "") + "T12:00:00");
    var chosen = date.value ? new Date(date.value + "T12:00:00") : null;
    var days = chosen && !isNaN(today) ? Math.round((today.getTime() - chosen.getTime()) / 86400000) : 0;
    lateBlock.hidden = !(days > after) && !lateBlock.querySelector(".field-error") && !lateInput.value;
  }
  if (date) { date.addEventListener("change", syncLate); date.addEventListener("input", syncLate); }
  syncLate();
  if (status) { status.addEventListener("change", syncStatus); syncStatus(); }
  students.forEach(function (box) { box.addEventListener("change", syncMisses); });
  syncMisses();
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) {
      setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
    }
  });
})();
