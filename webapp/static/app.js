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

  // GOV.UK's character count: below a field with a limit, "You have 12 characters
  // remaining" as the patient types, and the same words for screen readers once typing
  // pauses (a polite live region, not a word a key). The static "Up to 600 characters."
  // stays as the field's description; without this script it is all there is, and the
  // server judges the length either way.
  var COUNT_PAUSE = 1000;
  // The words this script writes, in the page's language: base.html puts them on the
  // script's own tag.
  var WORDS = document.querySelector("script[data-print]").dataset;

  function countMessage(field) {
    // Counted as the server counts: characters, not UTF-16 units, without outer spaces.
    var left = Number(field.getAttribute("data-maxlength")) - Array.from(field.value.trim()).length;
    var n = Math.abs(left);
    var key = (left < 0 ? "over" : "left") + (n === 1 ? "One" : "Many");
    return { over: left < 0, text: WORDS[key].replace("{n}", n) };
  }

  function addCharacterCount(field) {
    var limit = document.getElementById(field.id + "-limit");
    var shown = document.createElement("div");
    shown.id = field.id + "-count";
    shown.className = "hint character-count";
    shown.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("div");
    spoken.className = "visually-hidden character-count-status";
    spoken.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", spoken);
    field.insertAdjacentElement("afterend", shown);
    if (limit) { limit.classList.add("visually-hidden"); }
    var timer = null;
    function update() {
      var message = countMessage(field);
      shown.textContent = message.text;
      shown.classList.toggle("character-count-over", message.over);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { spoken.textContent = countMessage(field).text; },
                                COUNT_PAUSE);
    }
    shown.textContent = countMessage(field).text;
    field.addEventListener("input", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-maxlength]"), addCharacterCount);
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
      button.textContent = WORDS.print;
      button.addEventListener("click", function () { window.print(); });
      help.parentNode.insertBefore(button, help);
    }
  });
})();
