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
  // The buttons are not tab stops (Tab goes from the label straight to the text): the
  // keys do the same (Ctrl+B, Ctrl+I, Ctrl+Shift+8, Ctrl+Shift+7), and Alt+F10 moves to
  // the toolbar, arrows along it, Escape back to the text.
  var TOOLS = [
    ["bold", "B", "rtBold", "Control+B", null],
    ["italic", "I", "rtItalic", "Control+I", null],
    ["insertUnorderedList", "•", "rtBullets", "Control+Shift+8", "Digit8"],
    ["insertOrderedList", "1.", "rtNumbers", "Control+Shift+7", "Digit7"]
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
    editor.setAttribute("aria-keyshortcuts", TOOLS.map(function (t) { return t[3]; })
      .concat(["Alt+F10"]).join(" "));
    TOOLS.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.tabIndex = -1;
      button.dataset.glyph = tool[1]; // drawn by the CSS: the name is the word alone
      var name = document.documentElement.dataset[tool[2]] || tool[0];
      button.setAttribute("aria-label", name);
      button.setAttribute("aria-keyshortcuts", tool[3]);
      button.title = name + " (" + tool[3].replace("Control", "Ctrl") + ")";
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () {
        editor.focus();
        document.execCommand(tool[0], false, null);
        sync();
      });
      toolbar.appendChild(button);
    });
    editor.addEventListener("keydown", function (e) {
      if (e.altKey && e.key === "F10") {
        e.preventDefault();
        toolbar.querySelector("button").focus();
        return;
      }
      if (!(e.ctrlKey || e.metaKey) || !e.shiftKey) { return; }
      TOOLS.forEach(function (tool) {
        if (tool[4] && e.code === tool[4]) {
          e.preventDefault();
          document.execCommand(tool[0], false, null);
          sync();
        }
      });
    });
    toolbar.addEventListener("keydown", function (e) {
      var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        e.preventDefault();
        var step = e.key === "ArrowRight" ? 1 : buttons.length - 1;
        buttons[(at + step) % buttons.length].focus();
      } else if (e.key === "Escape" || e.key === "Tab") {
        e.preventDefault();
        editor.focus();
      }
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
      choiceFilters(row);
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
  // Lists of checkboxes (giaoban/fieldhtml.py choice_list): a box above each filters
  // them by what is typed, ignoring case and Vietnamese diacritics ("hoi nong" finds
  // "Hội Nông dân"). Without JavaScript the box stays hidden and the list is plain.
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function choiceFilters(root) {
    root.querySelectorAll("[data-choice-filter]").forEach(function (box) { box.hidden = false; });
  }
  choiceFilters(document);
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-choice-filter]")) { return; }
    var words = folded(box.value).split(/\s+/).filter(Boolean);
    box.closest("[data-choice-list]").querySelectorAll(".form-check").forEach(function (item) {
      var text = folded(item.textContent);
      var input = item.querySelector("input");
      // A checked box stays in view: what is chosen is never hidden.
      item.hidden = !(input && input.checked) && !words.every(function (w) { return text.indexOf(w) !== -1; });
    });
  });

  // The conclusion form's fold of earlier directives: its count of those marked to carry
  // over or close follows the choices made in it (tracking/form_pages.py).
  document.querySelectorAll("details.earlier-directives").forEach(function (fold) {
    var count = fold.querySelector("[data-earlier-marked]");
    if (!count) { return; }
    fold.addEventListener("change", function () {
      var marked = Array.prototype.filter.call(
        fold.querySelectorAll("select[name$='-action']"),
        function (select) { return select.value !== ""; }
      ).length;
      count.textContent = "— " + count.dataset.earlierMarked.replace("%(count)s", marked);
    });
  });

  // Dates typed day first (giaoban.forms.DayFirstDateInput), with a calendar to pick
  // from: the vendored vanillajs-datepicker, loaded only on pages with a date field and
  // attached to a field when it is first clicked (rows added later included). Typed
  // text is left as typed: the server reads 19/4/2024, 19.4.2024, 19-4-2024 and
  // 2024-04-19.
  var here = document.currentScript;
  var picker = null;
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  function datePicker() {
    if (!picker) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = here.dataset.datepickerCss;
      document.head.appendChild(css);
      picker = loadScript(here.dataset.datepickerJs).then(function () {
        return loadScript(here.dataset.datepickerLocale);
      });
    }
    return picker;
  }
  function attachPicker(input, show) {
    if (input.datepicker || input.dataset.pickerLoading) { return; }
    input.dataset.pickerLoading = "1";
    datePicker().then(function () {
      var vi = (document.documentElement.lang || "vi").indexOf("vi") === 0;
      new window.Datepicker(input, {
        language: vi ? "vi" : "en",
        format: "d/m/yyyy",
        weekStart: 1,
        autohide: true,
        showOnFocus: false,
        updateOnBlur: false,
        todayHighlight: true,
        todayButton: true,
        todayButtonMode: 1,
        buttonClass: "btn"
      });
      // The calendar kept inside the screen: on a phone it is as wide as the screen
      // allows, and the library, seeing it overflow on the right, would align it with
      // the field's right edge, beyond the screen's left.
      input.addEventListener("show", function () { fitPicker(input); });
      if (show) { input.datepicker.show(); }
    }).catch(function () {
      // The calendar did not load (offline, blocked): the date is still typed; a later
      // click tries again.
      delete input.dataset.pickerLoading;
      picker = null;
    });
  }
  function fitPicker(input) {
    window.requestAnimationFrame(function () {
      var element = input.datepicker && input.datepicker.picker.element;
      if (!element || !input.datepicker.active) { return; }
      var box = element.getBoundingClientRect();
      var margin = 8;
      var right = document.documentElement.clientWidth - margin;
      var shift = 0;
      if (box.right > right) { shift = right - box.right; }
      if (box.left + shift < margin) { shift = margin - box.left; }
      if (shift) { element.style.left = (parseFloat(element.style.left) || 0) + shift + "px"; }
    });
  }
  window.addEventListener("resize", function () {
    document.querySelectorAll("input[data-datepicker]").forEach(function (input) {
      if (input.datepicker && input.datepicker.active) { fitPicker(input); }
    });
  });
  if (here && document.querySelector("input[data-datepicker]")) {
    datePicker();
    document.addEventListener("click", function (event) {
      var input = event.target.closest && event.target.closest("input[data-datepicker]");
      if (input) { attachPicker(input, true); }
    });
    document.addEventListener("keydown", function (event) {
      // Alt+Down opens the calendar from the keyboard, as a select box opens.
      if (event.altKey && event.key === "ArrowDown" && event.target.matches("input[data-datepicker]")) {
        attachPicker(event.target, true);
      }
    });
  }

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

// guard: a refused form opens on the summary of its errors (giaoban/error_summary.py),
// focused so that it is seen and read; each of its links puts the cursor in its field
// (the rich-text editor over a textarea, when there is one).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var shown = field.richEditor || field;
    shown.scrollIntoView({block: "center"});
    shown.focus({preventScroll: true});
  });
})();
