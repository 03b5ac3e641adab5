// Before the Visit: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // The question a field belongs to: its fieldset's legend for a choice, else its label.
  function questionText(field) {
    if (field.type === "radio" || field.type === "checkbox") {
      var fieldset = field.closest("fieldset");
      var legend = fieldset && fieldset.querySelector("legend");
      if (legend) { return legend; }
    }
    return document.querySelector('label[for="' + field.id + '"]');
  }

  // An error summary link scrolls the question into view, not just the field, so the
  // patient sees what is asked; then it moves the focus to the field.
  function followErrorLink(event) {
    var link = event.target.closest("a");
    var id = link && link.getAttribute("href").slice(1);
    var field = id && document.getElementById(id);
    if (!field) { return; }
    event.preventDefault();
    var question = questionText(field);
    if (question) { question.scrollIntoView(); }
    if (field.getBoundingClientRect().bottom > window.innerHeight) { field.scrollIntoView(false); }
    field.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", followErrorLink);
    }
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
