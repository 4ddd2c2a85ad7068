// A <select data-auto-submit> sends its form as soon as a choice is made (a script file, not an
// inline handler, so that the Content-Security-Policy can forbid inline code).
"use strict";
document.querySelectorAll("select[data-auto-submit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
