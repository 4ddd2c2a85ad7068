// "Prepare the file": queue an export or a PDF report as a job (POST), follow its progress, then
// offer the download. An export's form picks the format; a report's URL is the file's already.
"use strict";
(function () {
  const POLL_MS = 1000;

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  async function follow(form, jobUrl) {
    const bar = form.querySelector("progress");
    const status = form.querySelector(".export-status");
    for (;;) {
      const response = await fetch(jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      const job = await response.json();
      if (!response.ok) throw new Error(job.detail || response.statusText);
      if (job.progress !== null) bar.value = job.progress;
      if (job.state === "done") {
        status.textContent = "";
        const link = document.createElement("a");
        link.href = job.download;
        link.textContent = `${form.dataset.done} (${job.filename})`;
        status.append(link);
        return;
      }
      if (job.state === "failed") throw new Error(job.error);
      status.textContent = job.state === "queued" ? form.dataset.queued : form.dataset.running;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function submit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const button = form.querySelector("button");
    const bar = form.querySelector("progress");
    const status = form.querySelector(".export-status");
    const format = form.elements.format;
    const url = format ? form.dataset.exportUrl.replace(/\.csv$/, "." + format.value) : form.dataset.exportUrl;
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = form.dataset.queued;
    try {
      const response = await fetch(`${url}?${form.dataset.query}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
      const body = await response.json();
      if (response.status !== 202) throw new Error(body.detail || response.statusText);
      await follow(form, body.job);
    } catch (error) {
      status.textContent = `${form.dataset.failed} ${error.message}`;
      bar.hidden = true;
    } finally {
      button.disabled = false;
    }
  }

  for (const form of document.querySelectorAll("form.export-job")) form.addEventListener("submit", submit);
})();
