// Typed text survives (issue 16): people type into these forms for hours.
//  - Leaving a page whose form was changed asks first (the browser's own prompt); the
//    form's own submit does not, nor does a form nobody changed. A form may opt out with
//    data-leave-warning="off" (sign-in, language).
//  - A form holding [data-draft="URL"] (report, conclusion) saves its fields there every
//    data-draft-seconds when they changed, shows "Draft saved at 10:42", and on opening
//    fills itself back in from a draft newer than what is stored.
//  - A form refused because the session had ended comes back from the server as JSON
//    (#kept-form, see accounts/kept_forms.py) and is filled back in here.
//  - Input on a form keeps the session alive (<html data-keep-alive>); the server never
//    lets it pass its 8-hour cap.
(function () {
  "use strict";

  var root = document.documentElement;
  var TOKENS = { csrfmiddlewaretoken: true, submission_token: true };
  var forms = Array.prototype.filter.call(document.forms, function (form) {
    return (form.getAttribute("method") || "").toLowerCase() === "post" &&
      form.dataset.leaveWarning !== "off";
  });
  var active = false; // input since the last request to the server
  var leaving = false; // the page itself is going away (draft discarded)

  // The form's typed content, [name, value] pairs in order, without tokens and files.
  function fields(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && !TOKENS[name]) { out.push([name, value]); }
    });
    return out;
  }
  function snapshot(form) {
    var files = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      if (input.files && input.files.length) { files.push(input.name); }
    });
    return JSON.stringify([fields(form), files]);
  }
  function sending(form) { return form.dataset.sending === "1"; }
  function csrfToken(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // A form shown again with errors holds what was typed but not saved: changed already.
  forms.forEach(function (form) {
    var errors = form.querySelector(".is-invalid, .invalid-feedback, .alert-danger");
    form.typedBaseline = errors ? null : snapshot(form);
    form.addEventListener("input", function () { active = true; });
    form.addEventListener("change", function () { active = true; });
  });
  function changed(form) { return form.typedBaseline !== snapshot(form); }

  window.addEventListener("beforeunload", function (event) {
    if (leaving) { return; }
    var unsaved = forms.some(function (form) { return !sending(form) && changed(form); });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Fill a form back in from [name, value] pairs: rows added as needed, rich text too.
  function fill(form, pairs) {
    var values = {};
    pairs.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    form.querySelectorAll("[data-formset]").forEach(function (box) {
      var total = box.querySelector("input[name='" + box.dataset.formset + "-TOTAL_FORMS']");
      var wanted = parseInt((values[total && total.name] || ["0"])[0], 10) || 0;
      while (total && parseInt(total.value, 10) < wanted) { window.giaoban.addRow(box); }
    });
    var used = {};
    var touched = []; // the fields whose value the draft changed
    Array.prototype.forEach.call(form.elements, function (el) {
      var name = el.name;
      if (!name || TOKENS[name] || /^(file|submit|button|reset)$/.test(el.type) ||
          /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) { return; }
      var list = values[name] || [];
      var was = el.type === "select-multiple" ?
        Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; }).join("\n") :
        (el.type === "checkbox" || el.type === "radio") ? el.checked : el.value;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
        if (el.checked !== was) { touched.push(el); }
      } else if (el.type === "select-multiple") {
        Array.prototype.forEach.call(el.options, function (option) {
          option.selected = list.indexOf(option.value) !== -1;
        });
        if (Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; })
          .join("\n") !== was) { touched.push(el); }
      } else if (values[name]) {
        var i = used[name] || 0;
        used[name] = i + 1;
        if (i >= list.length) { return; }
        var known = el.tagName !== "SELECT" || Array.prototype.some.call(el.options, function (o) {
          return o.value === list[i];
        });
        if (known) { el.value = list[i]; }
        if (el.matches("textarea[data-richtext]")) { window.giaoban.setRichText(el); }
        if (el.value !== was) { touched.push(el); }
      }
    });
    // What the draft changed is in sight: the folds holding it open (the conclusion's
    // earlier directives), and what follows a field's changes told (counts, lists).
    touched.forEach(function (el) {
      for (var fold = el.closest("details"); fold; fold = fold.parentElement.closest("details")) {
        fold.open = true;
      }
      if (el.type !== "hidden") { el.dispatchEvent(new Event("change", { bubbles: true })); }
    });
    form.querySelectorAll("[data-formset-row]").forEach(function (row) {
      var del = row.querySelector("input[name$='-DELETE']");
      row.classList.toggle("is-removed", Boolean(del && del.checked));
    });
  }

  function post(url, form, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "fetch" }
    });
  }

  // A form sent to an ended session, given back after signing in (accounts/kept_forms.py).
  var keptData = document.getElementById("kept-form");
  if (keptData) {
    var kept = JSON.parse(keptData.textContent);
    var names = {};
    kept.forEach(function (pair) { names[pair[0]] = true; });
    var target = forms.filter(function (form) {
      return Array.prototype.some.call(form.elements, function (el) { return names[el.name]; });
    })[0];
    if (target) {
      fill(target, kept);
      target.keptFilled = true;
    }
  }

  // Drafts on the server while typing.
  forms.forEach(function (form) {
    var box = form.querySelector("[data-draft]");
    if (!box) { return; }
    var url = box.dataset.draft;
    var status = form.querySelector("[data-draft-status]");
    var notice = box.querySelector("[data-draft-notice]");
    var seconds = Math.max(1, parseInt(box.dataset.draftSeconds, 10) || 30);
    // What the server holds: nothing to send until the form differs from it.
    var saved = form.typedBaseline && !form.keptFilled ? form.typedBaseline : null;
    var busy = false;
    var ready = false;

    function say(text, state) {
      if (!status) { return; }
      status.textContent = text;
      status.dataset.saved = state;
    }
    function save() {
      if (!ready || busy || sending(form) || leaving) { return; }
      var now = snapshot(form);
      if (now === saved) { return; }
      var body = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string") { body.append(name, value); }
      });
      busy = true;
      post(url, form, body).then(function (response) {
        if (response.ok) {
          return response.json().then(function (data) {
            saved = now;
            active = false;
            say(data.saved, snapshot(form) === now ? "current" : "stale");
            form.dispatchEvent(new CustomEvent("giaoban:draft-saved", { bubbles: true }));
          });
        }
        if (response.type === "opaqueredirect" || response.status === 401) {
          say(status.dataset.signedOut, "failed");
        } else {
          return response.json().then(function (data) {
            say(data.error || status.dataset.failed, "failed");
          }, function () { say(status.dataset.failed, "failed"); });
        }
      }, function () {
        say(status && status.dataset.failed, "failed");
      }).then(function () { busy = false; }, function () { busy = false; });
    }
    form.addEventListener("input", function () {
      if (status && status.dataset.saved === "current") { status.dataset.saved = "stale"; }
    });
    form.addEventListener("change", function () {
      if (status && status.dataset.saved === "current") { status.dataset.saved = "stale"; }
    });

    var discard = box.querySelector("[data-draft-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        fetch(url, {
          method: "DELETE",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "fetch" }
        }).then(function (response) {
          if (response.ok) {
            leaving = true;
            window.location.reload();
          }
        });
      });
    }

    function start() {
      ready = true;
      window.setInterval(save, seconds * 1000);
    }
    if (form.keptFilled) { start(); return; }
    fetch(url, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : { draft: null };
    }).then(function (data) {
      if (data.draft) {
        fill(form, data.draft);
        saved = snapshot(form);
        box.querySelector("[data-draft-when]").textContent = data.when;
        notice.hidden = false;
        say(data.saved, "current");
      }
    }, function () { /* offline: the form works as before */ }).then(start);
  });

  // Input keeps the session alive, even on forms without drafts.
  var keepAlive = root.dataset.keepAlive;
  if (keepAlive && forms.length) {
    var every = Math.max(1, parseInt(root.dataset.keepAliveSeconds, 10) || 120);
    window.setInterval(function () {
      if (!active || leaving) { return; }
      active = false;
      var body = new URLSearchParams();
      body.append("csrfmiddlewaretoken", csrfToken(forms[0]));
      post(keepAlive, forms[0], body).then(function (response) {
        if (response.ok) {
          document.dispatchEvent(new CustomEvent("giaoban:kept-alive"));
        }
      }, function () { active = true; });
    }, every * 1000);
  }
})();
