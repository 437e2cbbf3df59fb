// My classes: record a check without reloading the page. Without this script the same forms
// post and redirect back; with it, the server returns just the class that changed.
(function () {
  "use strict";

  function totalUnchecked() {
    var total = 0;
    document.querySelectorAll("[data-section]").forEach(function (section) {
      total += parseInt(section.getAttribute("data-unchecked") || "0", 10);
    });
    var summary = document.getElementById("day-summary");
    if (summary) {
      summary.textContent = total ? total + (total === 1 ? " support left to check" : " supports left to check")
        : "✓ All checked for this day";
    }
  }

  // The class switcher's count for the class just checked (the other classes did not change).
  function switchCount(fresh) {
    var pk = fresh.getAttribute("data-section-pk");
    var count = pk ? document.querySelector('[data-switch-count="' + pk + '"]') : null;
    if (!count) { return; }
    var left = parseInt(fresh.getAttribute("data-unchecked") || "0", 10);
    count.textContent = left ? left + " to check" : "✓ done";
  }

  function refocus(fresh, articleId) {
    var article = articleId ? fresh.querySelector("#" + CSS.escape(articleId)) : null;
    var target = (article && (article.querySelector("button[name=provided]") || article.querySelector("h3")))
      || fresh.querySelector("[role=status]") || fresh.querySelector("h2");
    if (target) {
      if (!target.hasAttribute("tabindex") && target.tagName !== "BUTTON") { target.setAttribute("tabindex", "-1"); }
      target.focus({ preventScroll: false });
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.check-form") || form.dataset.plain === "1") { return; }
    var submitter = event.submitter;
    var section = form.closest("[data-section]");
    if (!section || !window.fetch) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var article = submitter ? submitter.closest("article") : null;
    var articleId = article ? article.id : null;
    if (submitter) { submitter.disabled = true; submitter.setAttribute("aria-busy", "true"); }
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.redirected) { window.location.assign(response.url); return null; }
      return response.text();
    }).then(function (html) {
      if (html === null) { return; }
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var fresh = holder.querySelector("[data-section]");
      if (!fresh) { throw new Error("unexpected answer"); }
      section.replaceWith(fresh);
      totalUnchecked();
      switchCount(fresh);
      refocus(fresh, articleId);
    }).catch(function () {
      // Fall back to the plain form post (the server redirects back to this page).
      form.dataset.plain = "1";
      if (submitter) { submitter.disabled = false; }
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    });
  });
})();
