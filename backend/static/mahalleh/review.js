// The review queue's keyboard: A approve, I has issues (the note comes first), R reject,
// J / K the next / previous visit in the list; and "select all" for the bulk form.
"use strict";
(() => {
  const click = (id) => document.getElementById(id)?.click();
  const rows = [...document.querySelectorAll("#queue tbody tr[data-id]")];
  const open = rows.findIndex((row) => row.classList.contains("open"));
  const go = (step) => rows[open + step]?.querySelector("a.open-link")?.click();
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select")) return;
    const key = event.key.toLowerCase();
    // Persian keyboard layout: the same keys give ش (A), ه (I), ق (R), ت (J), ن (K).
    const action = { a: "a", "ش": "a", i: "i", "ه": "i", r: "r", "ق": "r", j: "j", "ت": "j", k: "k", "ن": "k" }[key];
    if (!action) return;
    event.preventDefault();
    if (action === "a") click("approve");
    if (action === "r") click("reject");
    if (action === "i") {
      const note = document.getElementById("decide-note");
      if (note && note.value.trim()) click("has-issues");
      else note?.focus();
    }
    if (action === "j") go(1);
    if (action === "k") go(-1);
  });
  document.getElementById("select-all")?.addEventListener("change", (event) => {
    for (const box of document.querySelectorAll("#queue input[name=ids]")) box.checked = event.target.checked;
  });
})();
