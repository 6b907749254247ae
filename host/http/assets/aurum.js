// Aurum's own few lines of script: copy and download buttons for command output. Everything
// else is htmx attributes in the pages, and every page reads fine without script.
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
