// Before the Visit: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // Offer a Print button on the summary page.
    var help = document.querySelector(".print-help");
    if (help && window.print) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = "Print this summary";
      button.addEventListener("click", function () { window.print(); });
      help.parentNode.insertBefore(button, help);
    }
  });
})();
