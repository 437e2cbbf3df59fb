// Log a session: find a student by typing part of a name, tick a scheduled group at once,
// offer only the chosen students' goals and missed sessions, show the reason and makeup
// fields only for the statuses that need them, and stop a second click from sending the
// form twice (the server ignores repeats anyway). Without this script every student and
// goal is listed and the server refuses a goal of a student not chosen.
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
  // Goals: only those of the students ticked (a ticked goal stays in view, so nothing chosen
  // disappears; the server refuses it if its student is no longer chosen).
  var goals = form.querySelectorAll(".goal-choices label[data-iep]");
  var goalHint = form.querySelector("[data-goal-hint]");
  function syncGoals() {
    var ieps = {};
    var any = false;
    students.forEach(function (box) {
      var label = box.closest("label[data-iep]");
      if (box.checked && label) { ieps[label.getAttribute("data-iep")] = true; any = true; }
    });
    goals.forEach(function (label) {
      label.hidden = !ieps[label.getAttribute("data-iep")] && !label.querySelector("input").checked;
    });
    if (goalHint) { goalHint.hidden = any; }
  }

  // Find a student: filters the list as one types, says how many match and how many are
  // chosen (read out politely), and says so plainly when nobody matches.
  var filter = form.querySelector("[data-student-filter]");
  var search = filter && filter.querySelector("input[type=search]");
  var count = filter && filter.querySelector("[data-filter-count]");
  var noMatch = form.querySelector("[data-no-match]");
  var rows = form.querySelectorAll("label[data-student]");
  var groups = form.querySelectorAll("[data-student-group]");
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function syncFilter() {
    if (!search) { return; }
    var query = fold(search.value);
    var shown = 0;
    var chosen = 0;
    rows.forEach(function (row) {
      var match = !query || fold(row.getAttribute("data-name") || "").indexOf(query) !== -1;
      row.hidden = !match;
      if (match) { shown += 1; }
      if (row.querySelector("input").checked) { chosen += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !!query && !group.querySelector("label[data-student]:not([hidden])");
    });
    var total = rows.length;
    var text = query ? shown + " of " + total + " shown" : total + " service" + (total === 1 ? "" : "s") + " listed";
    count.textContent = text + (chosen ? " · " + chosen + " chosen" : "");
    noMatch.hidden = !query || shown > 0;
    noMatch.querySelector("[data-no-match-text]").textContent = search.value.trim();
  }
  if (search) {
    filter.hidden = false;
    search.addEventListener("input", syncFilter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // Enter here never saves the form
      if (event.key === "Escape" && search.value) { event.preventDefault(); search.value = ""; syncFilter(); }
    });
  }

  // "Select the group": ticks every student of a scheduled session (again: unticks them) and
  // fills its minutes and start time when those are still empty, without leaving the page.
  function tick(box, on) {
    if (box.checked !== on) { box.checked = on; box.dispatchEvent(new Event("change", { bubbles: true })); }
  }
  form.querySelectorAll("[data-select-group]").forEach(function (link) {
    link.setAttribute("role", "button");
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); link.click(); }
    });
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var wanted = (link.getAttribute("data-members") || "").split(" ");
      var boxes = [];
      students.forEach(function (box) { if (wanted.indexOf(box.value) !== -1) { boxes.push(box); } });
      var all = boxes.every(function (box) { return box.checked; });
      boxes.forEach(function (box) { tick(box, !all); });
      link.textContent = all ? "Select the group" : "Clear the group";
      var minutes = form.querySelector("input[name=minutes]");
      var start = form.querySelector("input[name=start_time]");
      if (!all && minutes && !minutes.value) { minutes.value = link.getAttribute("data-minutes") || ""; }
      if (!all && start && !start.value) { start.value = link.getAttribute("data-start") || ""; }
    });
  });

  if (date) { date.addEventListener("change", syncLate); date.addEventListener("input", syncLate); }
  syncLate();
  if (status) { status.addEventListener("change", syncStatus); syncStatus(); }
  students.forEach(function (box) {
    box.addEventListener("change", syncMisses);
    box.addEventListener("change", syncGoals);
    box.addEventListener("change", syncFilter);
  });
  syncMisses();
  syncGoals();
  syncFilter();
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) {
      setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
    }
  });
})();
