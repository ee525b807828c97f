// PlantWeb's small behaviours on top of htmx: character counters that say when a text is over
// its limit, the code editor's line numbers and error line, and copy buttons.
(function () {
  "use strict";

  // --- What a screen reader is told ----------------------------------------------------------

  function announce(message) {
    var announcer = document.getElementById("status-announcer");
    if (announcer) announcer.textContent = message;
  }

  // The status card is replaced at every poll; a status that changed is said once.
  var lastStatus = null;
  function announceStatus(root) {
    var card = root.id === "diagram-status" ? root : root.querySelector && root.querySelector("#diagram-status");
    if (!card || !card.dataset.statusLabel) return;
    var status = card.dataset.statusLabel;
    if (lastStatus !== null && status !== lastStatus) {
      var error = card.querySelector(".error-box");
      announce("Diagram status: " + status + "." + (error ? " " + error.textContent.trim() : ""));
    }
    lastStatus = status;
  }

  // --- Character counters ----------------------------------------------------------------------
  // The limit is the field's data-max-chars, not maxlength: maxlength would cut a long paste
  // without a word, where the server refuses it with its message and the text stays in the box.

  function updateCounter(counter) {
    var field = document.getElementById(counter.dataset.counterFor);
    if (!field) return;
    var limit = parseInt(field.dataset.maxChars, 10);
    if (!limit) return;
    var used = field.value.length;
    var text = used.toLocaleString() + " / " + limit.toLocaleString();
    var over = used > limit;
    if (over) {
      text += ": " + (used - limit).toLocaleString() + " characters over the limit. " +
        "Shorten it, or it will be refused.";
    }
    counter.textContent = text;
    // Said once when the text goes over, not at every keystroke.
    if (over && !counter.classList.contains("over-limit")) announce(text);
    counter.classList.toggle("near-limit", used > limit * 0.9 && !over);
    counter.classList.toggle("over-limit", over);
    if (over) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }

  function bindCounters(root) {
    root.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.dataset.counterFor);
      if (!field || field.dataset.counterBound) return;
      field.dataset.counterBound = "1";
      // Read out with the field's help text, which says the limit.
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.push(counter.id || (counter.id = field.id + "-counter"));
      field.setAttribute("aria-describedby", described.join(" "));
      field.addEventListener("input", function () { updateCounter(counter); });
      updateCounter(counter);
    });
  }

  // --- Code editor: line numbers and the error line ----------------------------------------------

  function lineHeight(textarea) {
    var value = parseFloat(window.getComputedStyle(textarea).lineHeight);
    return isNaN(value) ? 20 : value;
  }

  function renderGutter(editor) {
    var textarea = editor.querySelector("textarea");
    var gutter = editor.querySelector(".gutter");
    var lines = textarea.value.split("\n").length;
    var errorLine = parseInt(editor.dataset.errorLine, 10) || 0;
    if (gutter.childElementCount !== lines || gutter.dataset.errorLine !== String(errorLine)) {
      var html = [];
      for (var i = 1; i <= lines; i++) {
        html.push(i === errorLine ? '<span class="error-line">' + i + "</span>" : "<span>" + i + "</span>");
      }
      gutter.innerHTML = html.join("");
      gutter.dataset.errorLine = String(errorLine);
    }
    gutter.scrollTop = textarea.scrollTop;
  }

  // Marks the line PlantUML named: a band behind that line of the text and its number in red.
  function markErrorLine(editor, line, message) {
    var textarea = editor.querySelector("textarea");
    var note = editor.parentElement.querySelector(".editor-error");
    if (line) {
      editor.dataset.errorLine = String(line);
      var top = parseFloat(window.getComputedStyle(textarea).paddingTop) + (line - 1) * lineHeight(textarea);
      textarea.style.backgroundImage = "linear-gradient(var(--error-line), var(--error-line))";
      textarea.style.backgroundSize = "100% " + lineHeight(textarea) + "px";
      textarea.style.backgroundPosition = "0 " + top + "px";
      note.textContent = "Line " + line + ": " + message;
      note.hidden = false;
    } else {
      delete editor.dataset.errorLine;
      textarea.style.backgroundImage = "";
      note.textContent = "";
      note.hidden = true;
    }
    renderGutter(editor);
  }

  function bindEditors(root) {
    root.querySelectorAll("[data-code-editor]").forEach(function (editor) {
      if (editor.dataset.editorBound) return;
      editor.dataset.editorBound = "1";
      var textarea = editor.querySelector("textarea");
      var gutter = document.createElement("div");
      gutter.className = "gutter";
      gutter.setAttribute("aria-hidden", "true");
      editor.insertBefore(gutter, textarea);
      var note = document.createElement("p");
      note.className = "editor-error";
      note.dataset.testid = "editor-error";
      note.hidden = true;
      editor.insertAdjacentElement("afterend", note);
      textarea.addEventListener("input", function () { renderGutter(editor); });
      textarea.addEventListener("scroll", function () { gutter.scrollTop = textarea.scrollTop; });
      markErrorLine(editor, parseInt(editor.dataset.errorLine, 10) || 0, editor.dataset.errorMessage || "");
    });
  }

  // A preview answer names the error line (or none): the editor beside it follows.
  document.addEventListener("htmx:afterSwap", function (event) {
    var result = event.target.querySelector && event.target.querySelector(".preview-result");
    if (!result || event.target.id !== "code-preview") return;
    var editor = document.querySelector("[data-code-editor]");
    if (!editor) return;
    markErrorLine(editor, parseInt(result.dataset.errorLine, 10) || 0, result.dataset.errorMessage || "");
  });

  // --- Copy buttons ----------------------------------------------------------------------------

  function bindCopyButtons(root) {
    root.querySelectorAll("[data-copy-from]").forEach(function (button) {
      if (button.dataset.copyBound) return;
      button.dataset.copyBound = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copyFrom);
        var status = document.getElementById(button.dataset.copyStatus);
        source.select();
        var done = function () { if (status) status.textContent = "Link copied."; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, function () {
            document.execCommand("copy");
            done();
          });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }

  function bind(root) {
    announceStatus(root);
    bindCounters(root);
    bindEditors(root);
    bindCopyButtons(root);
  }

  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  // Parts swapped in by htmx get the same behaviours.
  document.addEventListener("htmx:load", function (event) { bind(event.target); });
})();
