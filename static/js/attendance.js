/* The attendance table of a new meeting follows the committee chosen: changing the
   committee asks the server for that committee's rows. What was ticked or typed is kept
   for each organization, so that going back to a committee shows it again. Without
   this script, the server refuses rows of another committee and shows the right ones. */
(function () {
  "use strict";
  var box = document.querySelector("[data-attendance-rows][data-url]");
  var select = document.getElementById("id_committee");
  if (!box || !select) { return; }
  var kept = {};  // organization id: {invited, present, representatives}

  function remember() {
    box.querySelectorAll("tr[data-organization]").forEach(function (row) {
      kept[row.dataset.organization] = {
        invited: row.querySelector("input[name$='-invited']").checked,
        present: row.querySelector("input[name$='-present']").checked,
        representatives: row.querySelector("input[name$='-representatives']").value
      };
    });
  }

  function restore() {
    box.querySelectorAll("tr[data-organization]").forEach(function (row) {
      var state = kept[row.dataset.organization];
      if (!state) { return; }
      row.querySelector("input[name$='-invited']").checked = state.invited;
      row.querySelector("input[name$='-present']").checked = state.present;
      row.querySelector("input[name$='-representatives']").value = state.representatives;
    });
  }

  var latest = 0;
  select.addEventListener("change", function () {
    remember();
    var asked = ++latest;
    if (!select.value) { return; }
    box.setAttribute("aria-busy", "true");
    fetch(box.dataset.url + "?committee=" + encodeURIComponent(select.value), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (html) {
      if (asked !== latest) { return; }  // the committee was changed again meanwhile
      box.innerHTML = html;
      restore();
      box.dispatchEvent(new Event("attendance:changed", { bubbles: true }));
    }).catch(function () {
      // The rows stay those of the previous committee: the server refuses them with a
      // message on saving, and shows the right ones.
    }).finally(function () {
      if (asked === latest) { box.removeAttribute("aria-busy"); }
    });
  });
})();
