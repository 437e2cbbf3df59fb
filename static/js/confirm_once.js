// A confirmation form is sent once: a second click while the first is on its way does nothing.
(function () {
  "use strict";
  document.querySelectorAll("form[data-send-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      var button = form.querySelector("button[type=submit]");
      if (button) { button.setAttribute("aria-busy", "true"); }
    });
  });
  // Back to this page from the next one shows it ready to send again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-send-once]").forEach(function (form) {
      delete form.dataset.sent;
      var button = form.querySelector("button[type=submit]");
      if (button) { button.removeAttribute("aria-busy"); }
    });
  });
})();
