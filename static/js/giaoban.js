// Behaviour shared by every page. No inline scripts anywhere: the
// Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Language selector: submit on change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.dataset.sending = "1";
      select.form.submit();
    });
  });

  // Folded filters (details[data-open-wide]): open on a screen wider than a phone.
  if (window.matchMedia && window.matchMedia("(min-width: 576px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  // Buttons marked data-once: a second press while the form is being sent does nothing.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending === "1") { event.preventDefault(); return; }
      form.dataset.sending = "1";
      // Keep the name of the pressed button (submit vs save), then disable the others.
      window.setTimeout(function () {
        form.querySelectorAll("button[data-once]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // A small formatting editor over each textarea[data-richtext]: paragraphs, bold,
  // italic, lists. The server sanitises whatever arrives; this only makes typing and
  // pasting from Word pleasant. Without JavaScript the plain textarea still works.
  // Button titles come translated from <html data-rt-*> (see base.html).
  var TOOLS = [
    ["bold", "B", "rtBold"],
    ["italic", "I", "rtItalic"],
    ["insertUnorderedList", "•", "rtBullets"],
    ["insertOrderedList", "1.", "rtNumbers"]
  ];
  function richText(area) {
    var toolbar = document.createElement("div");
    toolbar.className = "rt-toolbar";
    toolbar.setAttribute("role", "toolbar");
    var editor = document.createElement("div");
    editor.className = "rt-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (area.id) {
      var label = document.querySelector("label[for='" + area.id + "']");
      if (label) {
        editor.setAttribute("aria-label", label.textContent.trim());
        label.addEventListener("click", function () { editor.focus(); });
      }
      editor.dataset.for = area.id;
    }
    editor.innerHTML = area.value;
    // The browser's own spelling of the same HTML, so that focusing and leaving an
    // untouched editor does not count as a change (static/js/typed-text.js).
    if (area.value) { area.value = editor.innerHTML; }
    area.richEditor = editor;
    TOOLS.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = tool[1];
      button.title = document.documentElement.dataset[tool[2]] || tool[0];
      button.setAttribute("aria-label", button.title);
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () {
        editor.focus();
        document.execCommand(tool[0], false, null);
        sync();
      });
      toolbar.appendChild(button);
    });
    function sync() { area.value = editor.innerHTML; }
    editor.addEventListener("input", sync);
    editor.addEventListener("blur", sync);
    area.form && area.form.addEventListener("submit", sync);
    document.execCommand("defaultParagraphSeparator", false, "p");
    area.hidden = true;
    area.parentNode.insertBefore(toolbar, area);
    area.parentNode.insertBefore(editor, area);
  }
  document.querySelectorAll("textarea[data-richtext]").forEach(richText);

  // Rows that can be added and removed without reloading (Django formsets).
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var rows = box.querySelector("[data-formset-rows]");
    var template = box.querySelector("template[data-formset-template]");
    function bindRemove(row) {
      var remove = row.querySelector("[data-formset-remove]");
      if (!remove) { return; }
      remove.addEventListener("click", function () {
        var del = row.querySelector("input[name$='-DELETE']");
        if (del) { del.checked = true; }
        row.classList.add("is-removed");
      });
    }
    rows.querySelectorAll("[data-formset-row]").forEach(function (row) {
      var del = row.querySelector("input[name$='-DELETE']");
      if (del && del.checked) { row.classList.add("is-removed"); }
      bindRemove(row);
    });
    box.addRow = function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      bindRemove(row);
      row.querySelectorAll("textarea[data-richtext]").forEach(richText);
      return row;
    };
    box.querySelector("[data-formset-add]").addEventListener("click", function () {
      var first = box.addRow().querySelector("textarea, input[type=text]");
      if (first) { first.focus(); }
    });
  });
  // For static/js/typed-text.js, which fills forms back in from drafts.
  window.giaoban = {
    addRow: function (box) { return box.addRow(); },
    setRichText: function (area) {
      if (area.richEditor) { area.richEditor.innerHTML = area.value; }
    }
  };
  // Buttons that remove something ask first: <button data-confirm="Remove this file?">.
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // Printing unfolds the folded sections (for browsers without ::details-content), and
  // folds back afterwards those that were folded.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      unfolded.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (details) { details.open = false; });
    unfolded = [];
  });
})();
