// Log a session: show the reason and makeup fields only for the statuses that need them,
// and stop a second click from sending the form twice (the server ignores repeats anyway).
(function () {
  "use strict";
  var form = document.getElementById("session-log");
  if (!form) { return; }
  var status = form.querySelector("select[name=status]");
  var blocks = form.querySelectorAll("[data-show-for]");
  function sync() {
    blocks.forEach(function (block) {
      var wanted = block.getAttribute("data-show-for").split(" ");
      var hasError = block.querySelector(".field-error");
      block.hidden = !(status && wanted.indexOf(status.value) !== -1) && !hasError;
    });
  }
  if (status) { status.addEventListener("change", sync); sync(); }
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) {
      setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
    }
  });
})();
