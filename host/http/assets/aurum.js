// Aurum's own few lines of script: copy and download buttons for command output, and a list's
// select-all box. Everything else is htmx attributes in the pages, and every page reads fine
// without script.
document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const source = document.getElementById(copy.dataset.copy);
    if (source) navigator.clipboard.writeText(source.textContent);
  }
  const download = event.target.closest("[data-download]");
  if (download) {
    const source = document.getElementById(download.dataset.download);
    if (!source) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([source.textContent], { type: "text/plain" }));
    link.download = download.dataset.filename || "output.txt";
    link.click();
    URL.revokeObjectURL(link.href);
  }
});
// Live job progress: a page with data-job-events listens to the job's server-sent events and
// reloads its results table as devices finish.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-job-events]");
  if (!box || !window.EventSource) return;
  const source = new EventSource(box.dataset.jobEvents);
  source.addEventListener("device", (event) => {
    const data = JSON.parse(event.data);
    const counter = document.getElementById("job-done");
    if (counter) counter.textContent = data.done;
  });
  source.addEventListener("finished", () => {
    source.close();
    window.location.reload();
  });
});
// A select-all box (data-select-all="NAME") checks or clears every NAME checkbox of its form;
// a box ticked by hand clears it when not all are.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  const form = event.target.form;
  if (!form) return;
  if (all) {
    for (const box of form.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`)) {
      box.checked = all.checked;
    }
    return;
  }
  const head = form.querySelector(`[data-select-all="${event.target.name}"]`);
  if (head) {
    const boxes = [...form.querySelectorAll(`input[type=checkbox][name="${event.target.name}"]`)];
    head.checked = boxes.length > 0 && boxes.every((box) => box.checked);
  }
});
