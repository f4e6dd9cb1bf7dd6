// Behaviour shared by every page. No inline scripts anywhere: the
// Content-Security-Policy forbids them.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
})();
