// Follow a background job (an import, an annual summary) until it ends, then reload the
// page to show its result. The <progress data-status-url> names the job's status address;
// [data-job-count] and [data-job-status] show "done / total" and the status.
(function () {
  var bar = document.querySelector("progress[data-status-url]");
  if (!bar) { return; }
  var count = document.querySelector("[data-job-count]");
  var status = document.querySelector("[data-job-status]");
  function poll() {
    fetch(bar.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) {
      return r.json();
    }).then(function (s) {
      if (s.finished) { window.location.reload(); return; }
      bar.max = s.total || 1; bar.value = s.done;
      if (count) { count.textContent = s.done + " / " + s.total; }
      if (status) { status.textContent = s.status_label; }
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
