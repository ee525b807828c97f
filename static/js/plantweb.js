// Live character counters for textareas marked data-char-counter; the limit is their maxlength.
(function () {
  "use strict";

  function update(counter) {
    var field = document.getElementById(counter.dataset.counterFor);
    if (!field) return;
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    var used = field.value.length;
    counter.textContent = used.toLocaleString() + " / " + limit.toLocaleString();
    counter.classList.toggle("near-limit", used > limit * 0.9);
  }

  function bind(root) {
    root.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.dataset.counterFor);
      if (!field || field.dataset.counterBound) return;
      field.dataset.counterBound = "1";
      field.addEventListener("input", function () { update(counter); });
      update(counter);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  // Forms swapped in by htmx get their counters too.
  document.addEventListener("htmx:load", function (event) { bind(event.target); });
})();
